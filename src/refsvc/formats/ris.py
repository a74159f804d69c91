"""RIS (Research Information Systems) export and import: the tag set Zotero, EndNote and Mendeley read."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from refsvc.folding import one_line
from refsvc.formats import bibfields

NAME = "ris"
LABEL = "RIS"
MEDIA_TYPE = "application/x-research-info-systems"
EXTENSION = "ris"

TYPES = {
    "article-journal": "JOUR", "article-newspaper": "NEWS", "article-magazine": "MGZN", "post-weblog": "BLOG",
    "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER", "report": "RPRT", "thesis": "THES",
    "webpage": "ELEC", "manuscript": "MANSCPT", "personal_communication": "PCOMM", "document": "GEN",
    "patent": "PAT", "software": "COMP", "entry-dictionary": "DICT", "entry-encyclopedia": "ENCYC",
    "motion_picture": "MPCT", "map": "MAP", "graphic": "ART", "speech": "SLIDE", "legal_case": "CASE",
    "legislation": "STAT", "bill": "BILL", "song": "SOUND",
}
CSL_TYPES = {**{tag: csl for csl, tag in TYPES.items()}, "UNPB": "manuscript", "CONF": "paper-conference"}
SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}
# One-to-one text fields: CSL variable <-> RIS tag
TEXT_TAGS = (("title", "TI"), ("container-title", "T2"), ("collection-title", "T3"), ("volume", "VL"),
             ("edition", "ET"), ("publisher", "PB"), ("publisher-place", "CY"), ("section", "SE"),
             ("genre", "M3"), ("DOI", "DO"), ("URL", "UR"), ("language", "LA"))


# Where a type's variable has a tag of its own in Zotero's RIS map (zotero/translators RIS.js, fieldMap): a
# proceedings title is C3 (T2 is the conference), its place C1, a book's or report's series T2, a book's editors
# A3 (A2 is its series editor), a report's number SN, a book's or report's container (which Zotero has no field
# for, T2 being their series) JF, which Zotero keeps as a note, a book's or chapter's ISBN and a journal's ISSN SN.
TYPE_TAGS = {
    "paper-conference": {"container-title": "C3", "event-title": "T2", "publisher-place": "C1", "ISBN": "SN"},
    "book": {"collection-title": "T2", "container-title": "JF", "editor": "A3", "ISBN": "SN"},
    "report": {"collection-title": "T2", "container-title": "JF", "number": "SN"},
    "chapter": {"ISBN": "SN"},
    "article-journal": {"ISSN": "SN"}, "article-magazine": {"ISSN": "SN"}, "article-newspaper": {"ISSN": "SN"},
}
# A book's, thesis's or manuscript's SP is its number of pages (RIS.js; EndNote's "Pages" of a book)
WHOLE_WORKS = ("book", "thesis", "manuscript")
ROLE_TAGS = (("author", "AU"), ("editor", "A2"), ("translator", "A4"))

# Tags other tools write for variables render() writes under another tag, read but never written
OTHER_TAGS = (("container-title", "JO"), ("container-title", "JF"), ("container-title", "JA"), ("ISSN", "SN"),
              ("abstract", "AB"), ("note", "N1"))


def tag_of(kind: str, variable: str, default: str) -> str:
    """The RIS tag of a CSL variable (or name role) in an item of this CSL type."""
    return TYPE_TAGS.get(kind, {}).get(variable, default)


def variable_of(kind: str, tag: str) -> str | None:
    """The CSL variable a type-specific tag holds in an item of this CSL type, if it has one."""
    return next((v for v, t in TYPE_TAGS.get(kind, {}).items() if t == tag), None)


def render(items: Sequence[Mapping[str, Any]]) -> str:
    """The items as RIS records, in the order given."""
    return "".join(_record(item) for item in items)


def _record(item: Mapping[str, Any]) -> str:
    kind = item.get("type", "")
    lines = [("TY", TYPES.get(kind, "GEN")), ("ID", str(item["id"]))]
    for role, tag in ROLE_TAGS:
        lines += [(tag_of(kind, role, tag), _name(p)) for p in item.get(role, [])]
    for variable, tag in TEXT_TAGS:
        if item.get(variable):
            lines.append((tag_of(kind, variable, tag), str(item[variable])))
    for variable in ("event-title", "ISBN", "ISSN"):
        if item.get(variable) and variable in TYPE_TAGS.get(kind, {}):
            lines.append((TYPE_TAGS[kind][variable], str(item[variable])))
    if item.get("issue"):
        lines.append(("IS", str(item["issue"])))
    if item.get("number"):
        lines.append((tag_of(kind, "number", "M1"), str(item["number"])))
    if kind in WHOLE_WORKS:
        if item.get("number-of-pages") or item.get("page"):  # Zotero keeps either as the number of pages
            lines.append(("SP", str(item.get("number-of-pages") or item["page"])))
    elif item.get("page"):
        start, _, end = item["page"].partition("–")
        lines.append(("SP", start))
        if end:
            lines.append(("EP", end))
    issued = item.get("issued") or {}
    parts, end = bibfields.date_ends(issued)
    if parts and end:
        lines.append(("PY", str(parts[0])))
        # RIS has no range. DA as text without slashes, which Zotero's RIS import keeps as the date written
        # ("1984–1986", "2019-11–2019-12") and read() reads back.
        lines.append(("DA", "–".join(bibfields.edtf({"date-parts": [p]}) for p in (parts, end))))
    elif parts:
        lines.append(("PY", str(parts[0])))
        extra = SEASONS.get(issued.get("season", 0), "")
        # RIS dates are YYYY/MM/DD/other, empty parts kept: "2019///Autumn"
        lines.append(("DA", "/".join([str(parts[0])] + [f"{p:02d}" for p in parts[1:]] + [""] * (3 - len(parts)) + [extra])))
    accessed = (item.get("accessed") or {}).get("date-parts", [[]])[0]
    if accessed:
        lines.append(("Y2", "/".join([str(accessed[0])] + [f"{p:02d}" for p in accessed[1:]])))
    lines = [(tag, one_line(value)) for tag, value in lines]  # a value with a line break cannot start a tag
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\r\n" if tag == "ER" else f"{tag}  - {value}\r\n"
                   for tag, value in lines if value or tag == "ER") + "\r\n"


def _name(person: Mapping[str, str]) -> str:
    if "literal" in person:
        return person["literal"]
    family = " ".join(x for x in (person.get("non-dropping-particle"), person.get("family")) if x)
    return ", ".join(x for x in (family, person.get("given", ""), person.get("suffix", "")) if x)


def read(text: str, *, lenient: bool = False) -> list[dict[str, Any]]:
    """RIS records as CSL items: the inverse of render() for every tag it writes, and the tags other tools
    write for the same things (PY/Y1 year, JO/JF/JA journal, SN, AB). lenient: a line that is no tag
    continues the value above (EndNote's wrapped abstracts) instead of being an error.

    Raises:
        ValueError: a line is not 'XX  - value' or a record has no TY; the message names the line.
    """
    return [item for _, item in read_lines(text, lenient=lenient)]


def read_lines(text: str, *, lenient: bool = False) -> list[tuple[int, dict[str, Any]]]:
    """As read(), each item with the line its TY stands on."""
    items: list[tuple[int, dict[str, Any]]] = []
    item: dict[str, Any] | None = None
    start = 0
    last = ""
    for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        if not line.strip():
            continue
        m = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        if not m and lenient and item is not None:
            if last in item and isinstance(item[last], str):
                item[last] += " " + line.strip()
            continue
        if not m:
            raise ValueError(f"line {lineno}: not a RIS line: {line[:40]!r}")
        tag, value = m.group(1), m.group(2).strip()
        last = next((v for v, t in (*TEXT_TAGS, *OTHER_TAGS) if t == tag), "")
        if tag == "TY":
            item, start = {"type": CSL_TYPES.get(value, "document")}, lineno
            continue
        own = variable_of(item["type"], tag) if item is not None else None
        if own in ("editor", "author"):
            item.setdefault(own, []).append(_person(value))
            continue
        if own:
            item.setdefault(own, value)
            continue
        if item is None:
            raise ValueError(f"line {lineno}: {tag} before any TY")
        if tag == "ER":
            items.append((start, item))
            item = None
        elif tag == "ID":
            item["id"] = value
        elif tag in ("AU", "A2", "A4"):
            role = {"AU": "author", "A2": "editor", "A4": "translator"}[tag]
            item.setdefault(role, []).append(_person(value))
        elif tag == "IS":
            item["issue"] = value
        elif tag == "M1":
            item["number"] = value
        elif tag == "SP" and item["type"] in WHOLE_WORKS:
            item["number-of-pages"] = value
        elif tag == "SP":
            item["page"] = value
        elif tag == "EP":
            item["page"] = f"{item.get('page', '')}–{value}"
        elif tag == "DA":
            item["issued"] = _date(value)
        elif tag == "Y2":
            item["accessed"] = {"date-parts": [[int(p) for p in value.split("/") if p]]}
        elif tag in ("PY", "Y1"):
            year = re.match(r"\d{4}", value)
            if year and "issued" not in item:
                item["issued"] = {"date-parts": [[int(year.group(0))]]}
        else:
            variable = next((v for v, t in (*TEXT_TAGS, *OTHER_TAGS) if t == tag), None)
            if variable and not item.get(variable):
                item[variable] = value
    return items


def _person(value: str) -> dict[str, str]:
    # RIS writes "Family, Given[, Suffix]"; a name with no comma is an organisation's.
    parts = [p.strip() for p in value.split(",")]
    if len(parts) == 1:
        return {"literal": value}
    out = {"family": parts[0], "given": parts[1]}
    words = parts[0].split()
    particles = [w for w in words[:-1] if w[:1].islower()]
    if particles and words[: len(particles)] == particles:
        out["family"], out["non-dropping-particle"] = " ".join(words[len(particles):]), " ".join(particles)
    if len(parts) > 2:
        out["suffix"] = parts[2]
    return out


def _date(value: str) -> dict[str, Any]:
    if "/" not in value and "–" in value:  # a range, as render() writes one: 1984–1986, 2019-11–2019-12
        ends = [[int(p) for p in re.findall(r"\d+", end)[:3]] for end in value.split("–", 1)]
        return {"date-parts": [end for end in ends if end]}
    fields = value.split("/")
    numbers = [int(p) for p in fields[:3] if p.isdigit()]
    date: dict[str, Any] = {"date-parts": [numbers]}
    season = next((n for n, name in SEASONS.items() if len(fields) > 3 and fields[3] == name), None)
    if season:
        date["season"] = season
    return date
