"""BibTeX export with the bibtexparser v2 writer: classic entry types and fields, LaTeX-escaped."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field

from refsvc import latex
from refsvc.folding import one_line

NAME = "bibtex"
MEDIA_TYPE = "application/x-bibtex"
EXTENSION = "bib"

# CSL type -> (BibTeX entry type, entrysubtype). biblatex's entrysubtype keeps what classic types blur.
ENTRY_TYPES = {
    "article-journal": ("article", ""), "article-newspaper": ("article", "newspaper"),
    "article-magazine": ("article", "magazine"), "book": ("book", ""), "chapter": ("incollection", ""),
    "paper-conference": ("inproceedings", ""), "report": ("techreport", ""), "thesis": ("thesis", ""),
    "webpage": ("online", ""), "post-weblog": ("online", "blog"), "manuscript": ("unpublished", ""),
    "personal_communication": ("misc", ""), "document": ("misc", ""),
}
_KEY_UNSAFE_RE = re.compile(r"[\s,{}()\"#%'=\\~]")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def render(items: Sequence[Mapping[str, Any]]) -> str:
    """The items as a .bib file, keys the work ids, in the order given."""
    library = bibtexparser.Library()
    for item in items:
        kind, fields = entry_fields(item)
        library.add(Entry(kind, key(item["id"]), [Field(k, v) for k, v in fields]))
    return bibtexparser.write_string(library)


def entry_fields(item: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """(entry type, [(field, escaped value)]) for one CSL item."""
    kind, subtype = ENTRY_TYPES.get(item.get("type", ""), ("misc", ""))
    fields: list[tuple[str, str]] = []

    def add(name: str, value: Any) -> None:
        text = one_line(str(value)) if value is not None else ""
        if text:
            fields.append((name, verbatim(text) if name in latex.VERBATIM else latex.encode_ascii(text)))

    for role in ("author", "editor", "translator"):
        if item.get(role):
            fields.append((role, " and ".join(_name(p) for p in item[role])))
    if one_line(item.get("title") or ""):
        fields.append(("title", "{" + latex.encode_ascii(one_line(item["title"])) + "}"))  # braces keep the printed case
    container = item.get("container-title")
    if container:
        add({"article": "journal", "online": "organization"}.get(kind, "booktitle"), container)
    add("edition", item.get("edition"))
    add("volume", item.get("volume"))
    add("number", item.get("issue") or item.get("number"))
    add("pages", (item.get("page") or "").replace("–", "--"))
    add("series", item.get("collection-title"))
    publisher = item.get("publisher")
    add({"techreport": "institution", "thesis": "school"}.get(kind, "publisher"), publisher)
    add("address", item.get("publisher-place"))
    add("section", item.get("section"))
    add("type", item.get("genre"))
    _dates(item, fields)
    add("doi", item.get("DOI"))
    add("url", item.get("URL"))
    add("language", item.get("language"))
    if item.get("type") == "personal_communication":
        add("howpublished", "Personal communication")
    if subtype:
        add("entrysubtype", subtype)
    return kind, fields


def key(item_id: Any) -> str:
    """An id as a citation key: characters that would end or split a key in a .bib file become _."""
    return _KEY_UNSAFE_RE.sub("_", one_line(str(item_id))) or "_"


def verbatim(text: str) -> str:
    """A URL or DOI for a field BibTeX reads verbatim: the characters that would close the field
    percent-encoded, as a URL may write them (RFC 3986 §2.1)."""
    return text.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _name(person: Mapping[str, str]) -> str:
    if "literal" in person:
        return "{" + latex.encode_ascii(one_line(person["literal"])) + "}"
    family = " ".join(x for x in (person.get("non-dropping-particle"), person.get("family")) if x)
    parts = [family] + ([person["suffix"]] if person.get("suffix") else []) + [person.get("given", "")]
    return latex.encode_ascii(", ".join(one_line(p) for p in parts if one_line(p)))


def _dates(item: Mapping[str, Any], fields: list[tuple[str, str]]) -> None:
    issued = item.get("issued") or {}
    parts = (issued.get("date-parts") or [[]])[0]
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", MONTHS[parts[1] - 1]))
        if len(parts) > 2 or "season" in issued:
            # biblatex reads the full date (EDTF seasons 21-24); classic BibTeX keeps year and month.
            rest = [20 + issued["season"]] if "season" in issued else parts[1:]
            fields.append(("date", "-".join([str(parts[0])] + [f"{p:02d}" for p in rest])))
    accessed = (item.get("accessed") or {}).get("date-parts", [[]])[0]
    if accessed:
        fields.append(("urldate", "-".join([str(accessed[0])] + [f"{p:02d}" for p in accessed[1:]])))
