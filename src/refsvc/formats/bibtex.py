"""Classic BibTeX export: the entry types and fields of BibTeX's standard styles, `year`/`month` with the month as
BibTeX's macro, 7-bit text (accents and typographic punctuation as LaTeX commands).

Fields BibTeX's standard styles do not read but natbib, urlbst, pandoc and Zotero do (doi, url, urldate, isbn,
issn, day, language) are written too: BibTeX ignores a field its style does not name."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from refsvc import latex
from refsvc.folding import one_line
from refsvc.formats import bibfields

NAME = "bibtex"
LABEL = "BibTeX"
MEDIA_TYPE = "application/x-bibtex"
EXTENSION = "bib"

# CSL type -> BibTeX entry type. BibTeX has no web page, blog or newspaper type: such items are @misc or
# @article; `entrysubtype` (ignored by BibTeX) keeps the newspaper/magazine distinction for pandoc and Zotero.
ENTRY_TYPES = {
    "article-journal": "article", "article-newspaper": "article", "article-magazine": "article",
    "review": "article", "review-book": "article", "book": "book", "classic": "book", "collection": "book",
    "chapter": "incollection", "entry-encyclopedia": "incollection", "entry-dictionary": "incollection",
    "paper-conference": "inproceedings", "report": "techreport", "thesis": "phdthesis",
    "manuscript": "unpublished", "pamphlet": "booklet",
}
MONTHS = bibfields.MONTHS
SEASONS = ("Spring", "Summer", "Autumn", "Winter")  # CSL's seasons 1-4


def render(items: Sequence[Mapping[str, Any]]) -> str:
    """The items as a classic BibTeX .bib file, keys the work ids, in the order given."""
    return bibfields.write([(kind, item["id"], fields) for item in items for kind, fields in [entry_fields(item)]])


def entry_fields(item: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """(entry type, [(field, value as written)]) for one CSL item."""
    csl_type = item.get("type", "")
    kind = ENTRY_TYPES.get(csl_type, "misc")
    genre = one_line(item.get("genre") or "")
    if kind == "phdthesis" and "master" in genre.lower():
        kind = "mastersthesis"
    escape = latex.encode_ascii
    fields: list[tuple[str, str]] = []
    written: set[str] = set()

    def add(name: str, value: str) -> None:
        if value and name not in written:  # one value a field: the first written wins
            fields.append((name, value))
            written.add(name)

    def text(name: str, value: Any) -> None:
        add(name, escape(one_line(str(value))) if value not in (None, "") else "")

    for role in ("author", "editor"):
        if item.get(role):
            add(role, bibfields.names(item[role], escape))
    if one_line(item.get("title") or ""):
        add("title", bibfields.title(item["title"], escape))
    container = item.get("container-title")
    if container:
        name = {"article": "journal", "misc": "howpublished", "booklet": "howpublished"}.get(kind, "booktitle")
        add(name, bibfields.title(container, escape))
    text("edition", item.get("edition"))
    text("volume", item.get("volume"))
    text("number", item.get("issue") or item.get("number") or item.get("collection-number"))
    add("pages", escape(one_line(str(item.get("page") or ""))))  # encode_ascii writes the range's en dash as --
    text("chapter", item.get("chapter-number"))
    if item.get("collection-title"):
        text("series", item["collection-title"])
    publisher = {"techreport": "institution", "phdthesis": "school", "mastersthesis": "school"}.get(kind, "publisher")
    if kind == "misc" and container:
        publisher = ""  # howpublished holds the site; a second name would be read as the same thing
    # Braced whole where "and" would make pandoc and biber, which read these as lists, see two.
    if publisher and item.get("publisher"):
        add(publisher, bibfields.literal(str(item["publisher"]), escape))
    if item.get("publisher-place"):
        add("address", bibfields.literal(str(item["publisher-place"]), escape))
    if kind in ("techreport", "phdthesis", "mastersthesis", "misc", "unpublished", "booklet"):
        text("type", genre)
    if csl_type == "personal_communication":
        text("howpublished", "Personal communication")
    issued = item.get("issued") or {}
    parts, end = bibfields.date_ends(issued)
    if parts and end:
        # A range: BibTeX's styles print the year field as written ("1984--1986" -> 1984–1986), and the exact
        # range goes in biblatex's date field, which pandoc reads in a classic .bib too (BibTeX ignores it).
        add("year", f"{parts[0]}--{end[0]}" if end[0] != parts[0] else str(parts[0]))
        add("date", bibfields.edtf(issued))
    elif parts:
        add("year", str(parts[0]))
        if len(parts) == 1 and str(issued.get("season", "")) in ("1", "2", "3", "4"):
            add("month", SEASONS[int(issued["season"]) - 1])  # BibTeX prints a month it has no macro for as written
        if len(parts) > 1 and 1 <= int(parts[1]) <= 12:
            add("month", MONTHS[int(parts[1]) - 1])
            if len(parts) > 2:
                add("day", str(int(parts[2])))
    for name, value in bibfields.identifiers(item, escape):
        add(name, value)
    text("language", item.get("language"))
    text("note", item.get("note"))
    if any(p.get("non-dropping-particle") for role in ("author", "editor") for p in item.get(role) or ()):
        # biblatex's (and pandoc's) reading of "van den Berg, Anna": the prefix is part of the name it sorts
        # and cites by, as CSL's non-dropping particle is (BibTeX ignores the field).
        add("options", "useprefix=true")
    if kind == "article":
        add("entrysubtype", bibfields.article_subtype(item))
    return kind, fields
