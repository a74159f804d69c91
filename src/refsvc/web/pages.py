"""The data behind each page and its JSON twin: built here, displayed by templates, chosen by views."""
from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from refsvc import labelled, limits, pipeline, search, selection, store, textfile
from refsvc import query as query_language
from refsvc.errors import InputError, MediaTypeError, QuerySyntaxError, StoreError
from refsvc.formats import EXCHANGE_FORMATS, highwire, styles
from refsvc.model import Citation, Claim, Paper, Possible, Work
from refsvc.web import Kept

_STYLE_LABELS = {"apa": "APA 7", "chicago-nb": "Chicago 18 notes-bibliography", "chicago-ad": "Chicago 18 author-date"}
DISPLAY_STYLES = tuple((style, _STYLE_LABELS[style]) for style in pipeline.WORK_STYLES)  # as the build formats them
DOWNLOADS = tuple((name, fmt.LABEL) for name, fmt in EXCHANGE_FORMATS.items())
TYPES = ("article-journal", "article-newspaper", "article-magazine", "post-weblog", "book", "chapter", "webpage",
         "report", "thesis", "paper-conference", "document", "manuscript", "personal_communication")


@dataclass(frozen=True)
class Segment:
    """A piece of text, marked when it matched the search."""

    text: str
    match: bool = False


def highlight(text: str, words: Sequence[str]) -> list[Segment]:
    """text cut into segments, the words of the query (as prefixes) marked."""
    if not words:
        return [Segment(text)]
    pattern = re.compile("|".join(r"\b" + r"\W+".join(map(re.escape, w.split())) + r"\w*" for w in words), re.I)
    out, last = [], 0
    for m in pattern.finditer(text):
        if m.start() > last:
            out.append(Segment(text[last:m.start()]))
        out.append(Segment(m.group(0), True))
        last = m.end()
    if last < len(text):
        out.append(Segment(text[last:]))
    return out


# ---------------------------------------------------------------- search


@dataclass(frozen=True)
class HitView:
    work_id: str
    title: list[Segment]
    authors: list[Segment]
    meta: str
    claims: list[tuple[Claim, list[Segment]]]  # the matching claims shown under the hit
    more: list[tuple[Claim, list[Segment]]]  # the rest of them, one click away
    cited_by: int  # claims citing the work in all
    csl: Mapping[str, Any]
    coins: str = ""  # the hit's COinS span, where a page shows it (the API's search, sharing this view, has none)

    @property
    def matching(self) -> int:
        return len(self.claims) + len(self.more)


@dataclass(frozen=True)
class SearchView:
    page: search.Page
    hits: list[HitView]
    papers: list[Paper]
    types: tuple[str, ...] = TYPES
    sorts: tuple[str, ...] = search.SORTS
    error: str = ""
    notice: str = ""  # how the search was read, where it was not read as typed
    suggestion: str = ""  # did you mean: the query respelled in the library's own words, when nothing was found

    def to_json(self) -> dict[str, Any]:
        p = self.page
        return {
            "query": p.query.text, "total": p.total, "page": p.page, "per_page": p.per_page, "pages": p.pages,
            "sort": p.sort, "filters": {k: v for k, v in vars(p.filters).items() if v is not None},
            **({"notice": self.notice} if self.notice else {}),
            **({"did_you_mean": self.suggestion} if self.suggestion else {}),
            "results": [{"work": dict(h.csl, id=h.work_id), "claim_count": len(h.claims), "cited_by": h.cited_by,
                         "claims": [claim_json(c) for c in h.claims]} for h in p.hits],
        }

    @property
    def suggestion_args(self) -> dict[str, str]:
        """The same search, filters kept, with the suggested words."""
        return self._args(self.suggestion)

    @property
    def export_args(self) -> dict[str, str]:
        """The export of exactly these results: the query and every filter, as the export page reads them."""
        return {"works": "search", **self._args(self.page.query.text)}

    def _args(self, query: str) -> dict[str, str]:
        return _search_args(query, self.page.filters)


def _search_args(query: str, filters: search.Filters) -> dict[str, str]:
    """A search's query and filters as the search and export pages read them from a URL."""
    given = {"q": query, "paper": filters.paper, "type": filters.type, "year_from": filters.year_from,
             "year_to": filters.year_to}
    return {k: str(v) for k, v in given.items() if v not in (None, "")}


def search_view(conn: sqlite3.Connection, args: Mapping[str, str], kept: Kept, *, forgiving: bool = False,
                with_coins: bool = False) -> SearchView:
    """The search page: works grouped with the claims that match. Years given the wrong way round are read
    the right way round, and said so; forgiving (the browser's page): a quotation mark left open is closed.
    with_coins: each hit carries its COinS span, as the build made it.

    Raises:
        QuerySyntaxError: the query cannot be read (the message tells the user how to fix it).
        StoreError: a filter or page parameter is out of range.
    """
    notices = []
    text = args.get("q", "")
    try:
        parsed = query_language.parse(text)
    except QuerySyntaxError:
        if not forgiving or text.count('"') % 2 == 0:
            raise
        parsed = query_language.parse(text + '"')
        notices.append(f"A quotation mark was never closed: searched for {text}\".")
    filters = _filters(args, notices)
    number, size = _int(args, "page"), _int(args, "per_page")
    page = search.search(conn, parsed, filters, args.get("sort") or "relevance", 1 if number is None else number,
                         20 if size is None else size)
    spans = store.coins_of(conn, [hit.work_id for hit in page.hits]) if with_coins else {}
    hits = []
    for hit in page.hits:
        people = hit.csl.get("author") or hit.csl.get("editor") or []
        meta = " · ".join(str(x) for x in (_year(hit.csl), hit.csl.get("container-title"), hit.csl.get("type", "").replace("-", " ")) if x)
        claims = [(c, highlight(c.text, parsed.words)) for c in hit.claims]
        hits.append(HitView(hit.work_id, highlight(hit.csl.get("title", ""), parsed.words),
                            highlight(store.display_names(people), parsed.words), meta,
                            claims[:search.CLAIMS_PER_HIT], claims[search.CLAIMS_PER_HIT:], hit.cited_by, hit.csl,
                            spans.get(hit.work_id, "")))
    suggestion = ""
    if not page.total and not parsed.empty:
        words = kept.get_or_make(("vocabulary",), lambda: search.vocabulary(conn))
        suggestion = search.did_you_mean(parsed.text, words) or ""
    return SearchView(page, hits, list(store.load_papers(conn)), notice=" ".join(notices), suggestion=suggestion)


def _filters(args: Mapping[str, str], notices: list[str]) -> search.Filters:
    """The search's filters; years given the wrong way round are swapped, and a notice says so."""
    year_from, year_to = _int(args, "year_from"), _int(args, "year_to")
    if year_from is not None and year_to is not None and year_from > year_to:
        year_from, year_to = year_to, year_from
        notices.append(f"Years {year_to}–{year_from} read as {year_from}–{year_to}.")
    return search.Filters(paper=args.get("paper") or None, type=args.get("type") or None,
                          year_from=year_from, year_to=year_to)


def _int(args: Mapping[str, str], name: str) -> int | None:
    value = args.get(name)
    if value in (None, ""):
        return None
    if not re.fullmatch(r"-?\d{1,9}", value):
        raise StoreError(f"{name} must be a whole number, not {value[:20]!r}")
    return int(value)


def claim_json(claim: Claim) -> dict[str, Any]:
    """A claim as the API shows it."""
    return {"paper": claim.paper, "text": claim.text, "start": claim.start, "end": claim.end,
            "section": claim.section, "claim_id": claim.claim_id}


# ---------------------------------------------------------------- work


@dataclass(frozen=True)
class WorkView:
    work: Work
    item: dict[str, Any]
    formatted: list[tuple[str, str, Markup, str]]  # (style, label, entry as HTML, citation)
    variants: dict[str, list[tuple[str, str, str]]]  # paper -> [(locator, raw, record key)]
    claims: dict[str, list[tuple[Citation, str]]]  # paper -> [(citation, kind label)]
    papers: dict[str, Paper]
    highwire: Markup  # the citation_* <meta> tags, escaped (formats.highwire.markup)
    coins: str
    possible: list[tuple[Possible, str]] = field(default_factory=list)  # (near match, the other work's title)
    downloads: tuple[tuple[str, str], ...] = DOWNLOADS
    byline: str = ""  # the authors (or editors), as a reader names them
    year: str = ""
    container: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (label, http(s) address): the DOI resolver, the record's URL


def work_view(conn: sqlite3.Connection, work_id: str, kept: Kept) -> WorkView | None:
    """The work page: the record in each style, every printed variant, conflicts, merges and claims."""
    page = store.work_page(conn, work_id)
    if page is None:
        return None
    work, stored, cited = page
    item = dict(work.csl, id=work.work_id)
    if stored is None:
        raise StoreError(f"the library holds no formatted entries for {work_id}: rebuild it (`refsvc build`)")
    formatted = [(style, label, Markup(entry), citation) for (style, label), (entry, citation) in
                 zip(DISPLAY_STYLES, stored.entries)]
    # the library's few papers, read once a library (a query on every first view of a page)
    papers = kept.get_or_make(("papers",), lambda: {p.paper_id: p for p in store.load_papers(conn)})
    variants: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for ref in work.references:
        for occ in ref.occurrences:
            variants[occ.paper].append((occ.locator, occ.raw, ref.key))
    claims: dict[str, list[tuple[Citation, str]]] = defaultdict(list)
    for citation in store.citations_of(conn, work_id) if cited else ():
        claims[citation.paper].append((citation, citation.kind.replace("-", " ")))
    titles = store.titles_of(conn, sorted({p.other for p in work.possible}))
    possible = [(p, titles.get(p.other, p.other)) for p in work.possible]
    return WorkView(work, item, formatted, dict(variants), dict(claims), papers,
                    Markup(highwire.markup(stored.highwire)), stored.coins, possible, byline=byline(item),
                    year=_year(item), container=str(item.get("container-title", "")), links=links(item))


def byline(item: Mapping[str, Any]) -> str:
    """The authors as a reader names them ("Usman Ali, Tauseef Javed"), or the editors ("… (eds.)")."""
    people, suffix = (item.get("author"), "") if item.get("author") else (item.get("editor"), " (eds.)")
    names = [p.get("literal") or " ".join(x for x in (p.get("given"), p.get("dropping-particle"),
                                                       p.get("non-dropping-particle"), p.get("family"), p.get("suffix")) if x)
             for p in people or []]
    return ", ".join(n for n in names if n) + suffix if names else ""


def _year(item: Mapping[str, Any]) -> str:
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    return str(parts[0]) if parts and parts[0] else ""


def links(item: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """Where the work can be read: its DOI at the resolver, and its URL when that is an http(s) address (a
    record's javascript: or data: URL is never made a link)."""
    found = []
    if item.get("DOI"):
        found.append((f"doi:{item['DOI']}", "https://doi.org/" + quote(str(item["DOI"]), safe="/:;()._-")))
    url = str(item.get("URL", ""))
    if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc:
        found.append((urlsplit(url).netloc, url))
    return tuple(found)


def entry(item: Mapping[str, Any], style: str, kept: Kept) -> str:
    """The item's plain-text bibliography entry in style, computed once per work and style."""
    return kept.get_or_make(("entry", item["id"], style), lambda: styles.entries([item], style)[item["id"]])


# ---------------------------------------------------------------- export


def left_out_headers(style: str, left_out: Sequence[str]) -> dict[str, str]:
    """What a formatted bibliography left out (works its style prints no entry for), said in the response:
    X-Left-Out-Count, and X-Left-Out naming the first of them (percent-encoded, comma-separated)."""
    shown = left_out[:limits.LEFT_OUT_NAMED]
    return {"X-Left-Out-Count": str(len(left_out)),
            "X-Left-Out": ",".join(quote(key, safe="") for key in shown),
            "X-Left-Out-Reason": f"{style} prints no bibliography entry for them: {styles.LEFT_OUT_REASON}"}


OUTPUTS = (("text", "Plain text (.txt)"), ("html", "Web page (.html): opens in Word with italics and hanging indents"),
           ("rtf", "Rich text (.rtf) for a word processor"))


@dataclass(frozen=True)
class ExportView:
    """The export form: which works (each choice saying how many), formats and outputs; and the works chosen."""

    choices: list[tuple[str, str]]  # (value of `works`, what it holds, counted)
    chosen: str
    ids: list[str]  # the chosen works, in library order
    hidden: list[tuple[str, str]]  # a search's query and filters, sent again with the form
    outputs: tuple[tuple[str, str], ...] = OUTPUTS


def export_ids(conn: sqlite3.Connection, args: Mapping[str, str]) -> list[str]:
    """The works an export holds, in library order: works=all, paper:<id>, or search (the query and filters of a
    search page, every match). The older scope=all|paper|search with paper= and q= is read too.

    Raises:
        StoreError: an unknown choice or paper, a filter out of range; QuerySyntaxError: a bad search.
    """
    chosen = _chosen(args)
    if chosen == "all":
        return selection.ids(conn)
    if chosen.startswith("paper:"):
        return selection.ids(conn, paper=chosen.removeprefix("paper:"))
    return selection.ids(conn, query=args.get("q", ""), filters=_filters(args, []))


def export_view(conn: sqlite3.Connection, args: Mapping[str, str]) -> ExportView:
    """The export form: each choice of works said with its count before the download (see export_ids)."""
    chosen, ids = _chosen(args), export_ids(conn, args)
    papers = store.load_papers(conn)
    counts = {"all": len(ids) if chosen == "all" else len(selection.ids(conn))}
    for p in papers:
        value = f"paper:{p.paper_id}"
        counts[value] = len(ids) if chosen == value else len(selection.ids(conn, paper=p.paper_id))
    choices = [("all", f"All {_works(counts['all'])} of the library")]
    choices += [(f"paper:{p.paper_id}", f"The {_works(counts[f'paper:{p.paper_id}'])} cited by {p.title}") for p in papers]
    hidden: list[tuple[str, str]] = []
    if chosen == "search":
        filters, query = _filters(args, []), args.get("q", "")
        hidden = list(_search_args(query, filters).items())
        titles = {p.paper_id: p.title for p in papers}
        described = "; ".join(x for x in (f"“{query}”" if query else "", filters.type or "", _years(filters),
                                          f"in {titles.get(filters.paper, filters.paper)}" if filters.paper else "") if x)
        choices.append(("search", f"The {_works(len(ids))} of the search {described or '(everything)'}"))
    return ExportView(choices, chosen, ids, hidden)


def _chosen(args: Mapping[str, str]) -> str:
    chosen = args.get("works") or _legacy_scope(args)
    if chosen not in ("all", "search") and not chosen.startswith("paper:"):
        raise StoreError(f"works must be all, paper:<id> or search, not {chosen[:40]!r}")
    return chosen


def _legacy_scope(args: Mapping[str, str]) -> str:
    scope = args.get("scope", "all")
    if scope == "paper":
        return f"paper:{args.get('paper', '')}"
    if scope in ("all", "search"):
        return scope
    raise StoreError(f"scope must be all, paper or search, not {scope[:20]!r}")


def _works(n: int) -> str:
    return "1 work" if n == 1 else f"{n} works"


def _years(filters: search.Filters) -> str:
    if filters.year_from is None and filters.year_to is None:
        return ""
    return f"{'' if filters.year_from is None else filters.year_from}–{'' if filters.year_to is None else filters.year_to}"


# ---------------------------------------------------------------- parse


LABEL_NAMES = {"author": "author", "editor": "editor", "translator": "translator", "title": "title",
               "container-title": "container", "date": "date", "volume": "volume", "pages": "pages",
               "publisher": "publisher", "location": "place", "edition": "edition", "doi": "DOI", "url": "URL",
               "isbn": "ISBN", "note": "note", "genre": "genre", "citation-number": "number"}


@dataclass(frozen=True)
class ParsedView:
    """One reference as the parse page shows it: its labelled spans and what was read from them."""

    item: dict[str, Any]
    spans: list[tuple[str, str, str]]  # (css label, shown label, text)
    doubtful: list[str]
    summary: str


def request_text(body: bytes, mimetype: str) -> str:
    """A request body of printed references as text.

    Raises:
        InputError: not text/plain, not UTF-8 text, or empty.
    """
    if mimetype not in ("text/plain", ""):
        raise MediaTypeError(f"send the references as text/plain, not {mimetype[:40]}")
    text = textfile.decode(body, "request body", InputError, limits.MAX_REQUEST_BYTES)
    if not text.strip():
        raise InputError("the request body is empty: send one or more printed references")
    return text


def parse_items(text: str, one_per_line: bool) -> list[dict[str, Any]]:
    """The references in text as CSL-JSON items, in order (see pipeline.read_references).

    Raises:
        InputError: there is no reference in text.
    """
    items = pipeline.read_references(text, "input", one_per_line=one_per_line)
    if not items:
        raise InputError("no references: paste one or more printed references")
    return items


def parse_view(text: str, one_per_line: bool) -> list[ParsedView]:
    """The parse page: each reference's spans colour-labelled, with the fields read and those in doubt."""
    views = []
    for item in parse_items(text, one_per_line):
        spans = [(label if label in LABEL_NAMES else "other", LABEL_NAMES.get(label, label), span)
                 for label, span in item["custom"]["labels"]]
        doubtful = sorted(k for k, v in item["custom"]["confidence"].items() if v < labelled.LOW_CONFIDENCE)
        year = (item.get("issued") or {}).get("date-parts", [[""]])[0][0]
        summary = " · ".join(str(x) for x in (item.get("type", "").replace("-", " "),
                                               store.display_names(item.get("author", [])), year) if x)
        views.append(ParsedView(item, spans, doubtful, summary))
    return views
