"""JSON API under /api: CSL-JSON for reference managers, content negotiation as doi.org does it.

Read-only: every route is GET, so a write is answered 405 (writes will come with authentication)."""
from __future__ import annotations

import json


from flask import Blueprint, Response, abort, jsonify, request, url_for

from refsvc import limits, report, selection, store
from refsvc.formats import EXCHANGE_FORMATS, FORMATS, cite as citing, csljson, styles
from refsvc.web import get_library, kept, pages
from refsvc.web.openapi import check_query, document

bp = Blueprint("api", __name__)

# Media types a work can be had in, and what renders each.
NEGOTIABLE = {
    "application/vnd.citationstyles.csl+json": "csl-json", "application/json": "csl-json",
    "application/x-bibtex": "bibtex", "application/x-research-info-systems": "ris",
    "text/x-bibliography": "bibliography",
}
BIBLIOGRAPHY_STYLES = ("apa", "chicago-nb", "chicago-ad")
# /api/works.<ext>: the whole library (or a paper's works, or a search's) as one file, the URL a LaTeX editor or
# a Makefile pulls (Better BibTeX's pull export).
DOWNLOADS = {"json": "csl-json", "bib": "bibtex", "biblatex": "biblatex", "ris": "ris"}


@bp.before_request
def _keep_to_the_document() -> None:
    # Every parameter the OpenAPI document bounds is checked against it, so the API answers as it says.
    problem = check_query(request.url_rule.rule, request.args, request.method) \
        if request.url_rule and request.args else None
    if problem:
        abort(400, problem)


@bp.after_request
def _cacheable(response: Response) -> Response:
    # Read-only JSON: open to any origin, and a conditional GET answers 304 when nothing changed.
    response.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "GET" and response.status_code == 200 and not response.direct_passthrough:
        response.add_etag()
        if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
            response.make_conditional(request)  # only a conditional request can be answered 304
    return response


@bp.get("/works")
def works():  # type: ignore[no-untyped-def]
    """A page of works as a CSL-JSON array (the file Zotero imports); total and links in headers."""
    view = pages.search_view(get_library(), request.args, kept())
    p = view.page
    response = Response(csljson.render([dict(h.csl, id=h.work_id) for h in p.hits]),
                        mimetype="application/vnd.citationstyles.csl+json")
    response.headers["X-Total-Count"] = str(p.total)
    links = []
    args = {k: v for k, v in request.args.items() if k != "page"}
    if p.page < p.pages:
        links.append(f'<{url_for("api.works", page=p.page + 1, **args)}>; rel="next"')
    if p.page > 1:
        links.append(f'<{url_for("api.works", page=p.page - 1, **args)}>; rel="prev"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return response


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """What the API offers: each path with what it does, and where its description is."""
    paths = {path: next(iter(operations.values()))["summary"] for path, operations in document()["paths"].items()}
    return jsonify({"openapi": url_for("api.openapi"), "paths": paths})


@bp.get("/works.<ext>")
def download(ext: str):  # type: ignore[no-untyped-def]
    """Every work (or a paper's, or a search's) as one file to save: CSL-JSON, BibTeX, biblatex or RIS."""
    if ext not in DOWNLOADS:
        abort(404, f"no download .{ext[:20]}: one of {', '.join('.' + e for e in DOWNLOADS)}")
    fmt = FORMATS[DOWNLOADS[ext]]
    items = selection.items(get_library(), paper=request.args.get("paper"), query=request.args.get("q"))
    response = Response(fmt.render(items), mimetype=fmt.MEDIA_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="refsvc-{fmt.NAME}.{fmt.EXTENSION}"'
    response.headers["X-Total-Count"] = str(len(items))
    return response


@bp.get("/cite")
def cite():  # type: ignore[no-untyped-def]
    """Works cited for an editor to paste: formatted in a style (text or HTML), or as pandoc or LaTeX keys."""
    ids = [i for i in request.args.get("ids", "").split(",") if i]
    if not ids or len(ids) > limits.MAX_CITE_WORKS:
        abort(400, f"ids: give 1 to {limits.MAX_CITE_WORKS} work ids, separated by commas")
    texts = {i: store.item_text(get_library(), i) for i in dict.fromkeys(ids)}
    missing = [i for i, text in texts.items() if text is None]
    if missing:
        abort(404, f"no work {', '.join(repr(i[:40]) for i in missing[:5])}")
    style, fmt = request.args.get("style", "apa"), request.args.get("format", "text")
    try:
        styles.check_style(style)
        body, left_out = citing.render([json.loads(texts[i]) for i in texts], style, fmt,
                                       request.args.get("mode", "bibliography"))
    except ValueError as e:
        abort(400, str(e))
    response = Response(body, mimetype=citing.FORMATS[fmt])
    if left_out:
        response.headers.update(pages.left_out_headers(style, left_out))
    return response


@bp.get("/works/<work_id>")
def work(work_id: str):  # type: ignore[no-untyped-def]
    """One work in the format the Accept header (or ?format=) asks for."""
    text = store.item_text(get_library(), work_id)
    if text is None:
        abort(404, f"no work {work_id!r}")
    kind, style = _negotiate()
    if kind == "csl-json":
        return Response(text, mimetype="application/vnd.citationstyles.csl+json")  # as stored, not re-rendered
    item = json.loads(text)
    # by ?format= any exchange format; both .bib dialects are application/x-bibtex, and that header asks for BibTeX
    if kind in EXCHANGE_FORMATS:
        return Response(FORMATS[kind].render([item]), mimetype=FORMATS[kind].MEDIA_TYPE)
    text = pages.entry(item, style, kept())
    response = Response(text + "\n")
    response.headers["Content-Type"] = f"text/x-bibliography; style={style}; charset=utf-8"
    if not text:  # as citeproc-js: the style prints no entry for a work of its kind
        response.headers.update(pages.left_out_headers(style, [work_id]))
    return response


def _negotiate() -> tuple[str, str]:
    """(format, style) from ?format= or the Accept header; 406 when nothing offered is acceptable."""
    wanted = request.args.get("format")
    if wanted is not None:
        if wanted in EXCHANGE_FORMATS:
            return wanted, ""
        if wanted in BIBLIOGRAPHY_STYLES:
            return "bibliography", wanted
        abort(400, f"format must be {', '.join(EXCHANGE_FORMATS)} or one of {', '.join(BIBLIOGRAPHY_STYLES)}")
    accept = request.headers.get("Accept", "*/*")
    if accept in ("*/*", "application/json", "application/vnd.citationstyles.csl+json"):
        return "csl-json", ""  # what a browser, curl or Zotero asks for: no list to weigh
    offers = []
    for n, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        options = dict(p.split("=", 1) for p in params if "=" in p)
        try:
            quality = float(options.get("q", "1"))
        except ValueError:
            quality = 0.0
        offers.append((-quality, n, media.lower(), options.get("style", "apa")))
    for _, _, media, style in sorted(offers):
        if media in NEGOTIABLE:
            kind = NEGOTIABLE[media]
            if kind == "bibliography" and style not in BIBLIOGRAPHY_STYLES:
                abort(406, f"style must be one of {', '.join(BIBLIOGRAPHY_STYLES)}")
            return kind, style
        if media in ("*/*", "application/*"):
            return "csl-json", ""
    abort(406, "acceptable: " + ", ".join(NEGOTIABLE) + " (text/x-bibliography; style=apa|chicago-nb|chicago-ad)")


@bp.get("/works/<work_id>/claims")
def claims(work_id: str):  # type: ignore[no-untyped-def]
    """Every claim a work supports, with the citation that makes it."""
    conn = get_library()
    if store.item_text(conn, work_id) is None:
        abort(404, f"no work {work_id!r}")
    return jsonify([dict(pages.claim_json(c.claim), marker=c.marker, kind=c.kind, status=c.status,
                         works=list(c.works)) for c in store.citations_of(conn, work_id)])


@bp.get("/search")
def search():  # type: ignore[no-untyped-def]
    """Works matching a query, each with the claims that match; 400 with a message for a bad query."""
    return jsonify(pages.search_view(get_library(), request.args, kept()).to_json())


@bp.get("/papers")
def papers():  # type: ignore[no-untyped-def]
    """The papers of the library."""
    return jsonify([{"id": p.paper_id, "title": p.title, "authors": list(p.authors), "year": p.year,
                     "style": p.style, "source": p.path, "work": p.work_id} for p in store.load_papers(get_library())])


@bp.get("/report")
def full_report():  # type: ignore[no-untyped-def]
    """The analysis of the library: papers, works with occurrences, citations."""
    return jsonify(report.report(store.load(get_library())))


@bp.post("/parse")
def parse():  # type: ignore[no-untyped-def]
    """Printed references (the request body, plain text) read into CSL-JSON, BibTeX or RIS; nothing is stored.

    ?lines=1: exactly one reference per non-empty line; otherwise a list as printed, split into entries."""
    text = pages.request_text(request.get_data(cache=False), request.mimetype)
    items = pages.parse_items(text, one_per_line=request.args.get("lines") in ("1", "true"))
    fmt = request.args.get("format", "csl-json")
    return Response(FORMATS[fmt].render(items), mimetype=FORMATS[fmt].MEDIA_TYPE)


@bp.get("/openapi.json")
def openapi():  # type: ignore[no-untyped-def]
    """The OpenAPI 3 description of this API."""
    conn = get_library()
    rows = store.work_rows(conn)
    return jsonify(document([p.paper_id for p in store.load_papers(conn)], rows[0].work_id if rows else ""))


@bp.get("/formats")
def formats():  # type: ignore[no-untyped-def]
    """The export formats and their media types."""
    return jsonify({name: getattr(fmt, "MEDIA_TYPE", "") for name, fmt in FORMATS.items()})
