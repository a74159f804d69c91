"""COinS (OpenURL ContextObjects in Spans): the title of a <span class="Z3988"> Zotero saves from a page."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

# OpenURL 1.0 KEV formats: journal for articles, book for books and chapters, dc for the rest (as Zotero)
_JOURNAL = {"article-journal", "article-magazine", "article-newspaper", "paper-conference"}
_BOOK = {"book", "chapter", "report", "thesis"}


def encode(item: Mapping[str, Any]) -> str:
    """The item as an OpenURL ContextObject query string (the span's title attribute, before escaping)."""
    kind = item.get("type", "")
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    if item.get("DOI"):
        pairs.append(("rft_id", f"info:doi/{item['DOI']}"))
    if item.get("URL"):
        pairs.append(("rft_id", item["URL"]))
    year = str((item.get("issued") or {}).get("date-parts", [[""]])[0][0] or "")
    if kind in _JOURNAL:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"),
                  ("rft.atitle", item.get("title", "")), ("rft.jtitle", item.get("container-title", "")),
                  ("rft.volume", item.get("volume", "")), ("rft.issue", item.get("issue", ""))]
        first, _, last = (item.get("page") or "").partition("–")
        pairs += [("rft.spage", first), ("rft.epage", last)]
    elif kind in _BOOK:
        genre = {"chapter": "bookitem", "report": "report"}.get(kind, "book")
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        if kind == "chapter":
            pairs += [("rft.atitle", item.get("title", "")), ("rft.btitle", item.get("container-title", ""))]
        else:
            pairs.append(("rft.btitle", item.get("title", "")))
        pairs.append(("rft.pub", item.get("publisher", "")))
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", kind), ("rft.title", item.get("title", ""))]
    pairs.append(("rft.date", year))
    for person in item.get("author", []):
        if "literal" in person:
            pairs.append(("rft.aucorp", person["literal"]))
        else:
            pairs += [("rft.aulast", person.get("family", "")), ("rft.aufirst", person.get("given", ""))]
    return urlencode([(k, v) for k, v in pairs if v])
