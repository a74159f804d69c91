"""biblatex export, written to biber's data model: `date`, `journaltitle`, `entrysubtype`, `location`, Unicode kept.

Every field written is one the data model allows for the entry type (biber ignores others with a warning);
a type's required fields are met where the record has them. Where no biblatex field carries a CSL field it
is left out on purpose, and the README says which (`FIELDLESS`)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from refsvc import latex
from refsvc.folding import one_line
from refsvc.formats import bibfields

NAME = "biblatex"
LABEL = "biblatex"
MEDIA_TYPE = "application/x-bibtex"
EXTENSION = "bib"

# CSL type -> (biblatex entry type, entrysubtype). @techreport is biblatex's alias for a @report of type
# techreport: biber resolves it, and pandoc reads it as a report without inventing a genre.
ENTRY_TYPES = {
    "article-journal": ("article", ""), "article-newspaper": ("article", "newspaper"),
    "article-magazine": ("article", "magazine"), "review": ("article", ""), "review-book": ("article", ""),
    "book": ("book", ""), "classic": ("book", ""), "collection": ("collection", ""),
    "chapter": ("incollection", ""), "entry-encyclopedia": ("inreference", ""), "entry-dictionary": ("inreference", ""),
    "entry": ("inreference", ""), "paper-conference": ("inproceedings", ""), "report": ("report", ""),
    "thesis": ("thesis", ""), "webpage": ("online", ""), "post-weblog": ("online", "blog"), "post": ("online", ""),
    "manuscript": ("unpublished", ""), "speech": ("unpublished", ""), "pamphlet": ("booklet", ""),
    "patent": ("patent", ""), "dataset": ("dataset", ""), "software": ("software", ""),
}
# The types biblatex names but its data model gives no fields (letter, standard, legislation, movie, ...) are
# written as @misc, as biblatex's own styles print them; a personal communication says so in howpublished.
# CSL fields with no biblatex field: kept in CSL-JSON and RIS, left out here (the README lists them).
FIELDLESS = ("section", "archive", "archive_location")
# Fields the data model allows for each entry type we write, beyond those every type allows (biber's
# default data model, which is biblatex's blx-dm.def).
_TYPE_FIELDS = {
    "article": {"author", "editor", "translator", "title", "journaltitle", "shortjournal", "volume", "number",
                "issue", "pages", "eid", "issn", "note", "language", "series", "version"},
    "book": {"author", "editor", "translator", "title", "edition", "volume", "volumes", "series", "number",
             "publisher", "location", "isbn", "pages", "pagetotal", "chapter", "note", "language", "maintitle"},
    "inbook": {"author", "editor", "translator", "title", "booktitle", "bookauthor", "edition", "volume", "volumes",
               "series", "number", "publisher", "location", "isbn", "pages", "chapter", "note", "language"},
    "inproceedings": {"author", "editor", "title", "booktitle", "eventtitle", "venue", "volume", "volumes",
                      "series", "number", "publisher", "location", "organization", "isbn", "pages", "chapter",
                      "note", "language"},
    "report": {"author", "title", "type", "institution", "number", "location", "isrn", "pages", "pagetotal",
               "chapter", "note", "language", "version"},
    "thesis": {"author", "title", "type", "institution", "location", "pages", "pagetotal", "chapter", "note",
               "language"},
    "online": {"author", "editor", "title", "organization", "note", "language", "version"},
    "unpublished": {"author", "title", "type", "howpublished", "eventtitle", "venue", "location", "note", "language"},
    "misc": {"author", "editor", "title", "type", "howpublished", "organization", "location", "version", "note",
             "language"},
    "booklet": {"author", "editor", "title", "type", "howpublished", "location", "pages", "pagetotal", "chapter",
                "note", "language"},
    "patent": {"author", "title", "number", "type", "location", "holder", "note", "version"},
}
# Types whose fields are another's but for one or two (the data model's own differences).
for _kind, _like, _not in (("incollection", "inbook", {"bookauthor"}), ("inreference", "inbook", {"bookauthor"}),
                           ("collection", "book", {"author"}), ("dataset", "misc", {"howpublished"}),
                           ("software", "misc", set())):
    _TYPE_FIELDS[_kind] = _TYPE_FIELDS[_like] - _not
_EVERY_TYPE = {"options", "date", "urldate", "doi", "url", "eprint", "eprinttype", "entrysubtype", "abstract",
               "keywords", "langid", "shorttitle", "origdate"}


def render(items: Sequence[Mapping[str, Any]]) -> str:
    """The items as a biblatex .bib file, keys the work ids, in the order given."""
    return bibfields.write([(kind, item["id"], fields) for item in items for kind, fields in [entry_fields(item)]])


def entry_fields(item: Mapping[str, Any], strict: bool = True) -> tuple[str, list[tuple[str, str]]]:
    """(entry type, [(field, value as written)]) for one CSL item; strict=False keeps the fields the data
    model does not allow for the entry's type (a report's series), for a reader that takes them."""
    csl_type = item.get("type", "")
    kind, subtype = ENTRY_TYPES.get(csl_type, ("misc", ""))
    if kind == "incollection" and not item.get("editor"):
        kind = "inbook"  # a chapter in a book with no editor: biblatex's @incollection requires one
    elif kind == "book" and item.get("editor") and not item.get("author"):
        kind = "collection"  # an edited book: biblatex's type for it wants the editor, not an author
    elif kind == "online" and not (item.get("URL") or item.get("DOI")):
        kind = "misc"  # a web page known by no link: @online requires one
    genre = one_line(item.get("genre") or "")
    if kind == "report" and not genre:
        kind = "techreport"
    allowed = _TYPE_FIELDS.get("report" if kind == "techreport" else kind, _TYPE_FIELDS["misc"]) | _EVERY_TYPE
    fields: list[tuple[str, str]] = []
    written: set[str] = set()

    def add(name: str, value: str) -> None:
        if value and (name in allowed or not strict) and name not in written:
            fields.append((name, value))
            written.add(name)

    def text(name: str, value: Any) -> None:
        add(name, latex.encode(one_line(str(value))) if value not in (None, "") else "")

    def literal(name: str, value: Any) -> None:
        add(name, bibfields.literal(str(value), latex.encode) if value else "")

    for role in ("author", "editor", "translator"):
        if item.get(role):
            add(role, bibfields.names(item[role], latex.encode))
    if item.get("container-author"):
        add("bookauthor", bibfields.names(item["container-author"], latex.encode))
    if one_line(item.get("title") or ""):
        add("title", bibfields.title(item["title"], latex.encode))
    if item.get("title-short") and one_line(item["title-short"]) != one_line(item.get("title") or ""):
        add("shorttitle", bibfields.title(item["title-short"], latex.encode))
    container = item.get("container-title")
    if container:
        name = {"article": "journaltitle", "review": "journaltitle", "periodical": "journaltitle",
                "online": "organization", "misc": "howpublished", "booklet": "howpublished",
                "unpublished": "howpublished"}.get(kind, "booktitle")
        add(name, bibfields.literal(str(container), latex.encode) if name == "organization"
            else bibfields.title(container, latex.encode))
    if item.get("container-title-short"):
        add("shortjournal", bibfields.title(item["container-title-short"], latex.encode))
    if item.get("collection-title"):
        text("series", item["collection-title"])
    text("edition", item.get("edition"))
    text("volume", item.get("volume"))
    text("volumes", item.get("number-of-volumes"))
    # biblatex's number is an article's issue, a report's or patent's number, a book's number in its series.
    text("number", item.get("issue") or item.get("number") or item.get("collection-number"))
    # a range's dash as LaTeX's --, which biber reads as the range and a literal "--" would not be
    add("pages", latex.encode(one_line(str(item.get("page") or ""))).replace("–", "--"))
    text("pagetotal", item.get("number-of-pages"))
    text("chapter", item.get("chapter-number"))
    publisher = item.get("publisher")
    literal({"report": "institution", "techreport": "institution", "thesis": "institution",
             "online": "organization", "misc": "organization"}.get(kind, "publisher"), publisher)
    literal("location", item.get("publisher-place"))
    if kind in ("report", "thesis", "misc", "unpublished", "booklet", "patent"):
        text("type", genre)
    if csl_type == "personal_communication":
        text("howpublished", "Personal communication")
    text("eventtitle", item.get("event-title") or (item.get("event") if isinstance(item.get("event"), str) else ""))
    literal("venue", item.get("event-place"))
    issued = item.get("issued") or {}
    # ISO 8601-2's unspecified year: the entry says it has no date, as the data model wants every entry to say.
    add("date", bibfields.edtf(issued) or "XXXX")
    if item.get("original-date"):
        add("origdate", bibfields.edtf(item["original-date"]))
    for name, value in bibfields.identifiers(item, latex.encode):
        add(name, value)
    language = one_line(item.get("language") or "")
    if language in latex.LANGIDS:
        add("langid", latex.LANGIDS[language])  # biblatex's hyphenation and localisation language
    else:
        text("language", language)
    text("note", item.get("note"))
    text("abstract", item.get("abstract"))
    if any(p.get("non-dropping-particle") for role in ("author", "editor") for p in item.get(role) or ()):
        # biblatex's (and pandoc's) reading of "van den Berg, Anna": the prefix is part of the name it sorts
        # and cites by, as CSL's non-dropping particle is.
        add("options", "useprefix=true")
    add("entrysubtype", subtype or (bibfields.article_subtype(item) if kind == "article" else ""))
    return kind, fields
