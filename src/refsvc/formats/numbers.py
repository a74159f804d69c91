"""A number variable's text read as citeproc-js reads it: numbers, the labels written in it, and what joins them.

citeproc-js (Zotero's engine) does not print a volume, issue, edition or page field as written. It parts the
text at "and", "&", commas, semicolons and hyphens; reads a lower-case word of up to four letters before a
number as a label ("no. 5", "pt. 2, no. 3"); and from the parts decides whether the field is numeric (is-numeric,
cs:number's forms), whether its label is plural ("Nos. 12 and 14"), which labels are printed, and where a hyphen
is a range ("ii–iv"). This module is a port of that parser (CSL.Engine.prototype.processNumber: parseString,
setSpaces, setPluralsAndNumerics, fixRanges) for English locales; the element classes in cslfix.py print its
parts. Parts are immutable and parsing is cached: a field's reading depends on its text, its variable and which
label terms the locale has.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# citeproc-js's CSL.STATUTE_SUBDIV_STRINGS: the labels it recognises, and the term each stands for.
LABEL_TERMS = {
    "vrs.": "verse", "sv.": "sub-verbo", "subpara.": "subparagraph", "op.": "opus", "subch.": "subchapter",
    "add.": "addendum", "amend.": "amendment", "annot.": "annotation", "app.": "appendix", "art.": "article",
    "bibliog.": "bibliography", "bk.": "book", "ch.": "chapter", "cl.": "clause", "col.": "column",
    "cmt.": "comment", "dec.": "decision", "dept.": "department", "ex.": "example", "fig.": "figure",
    "fld.": "field", "fol.": "folio", "n.": "note", "hypo.": "hypothetical", "illus.": "illustration",
    "intro.": "introduction", "l.": "line", "no.": "issue", "p.": "page", "pp.": "page", "para.": "paragraph",
    "pt.": "part", "pmbl.": "preamble", "princ.": "principle", "pub.": "publication", "r.": "rule",
    "rn.": "randnummer", "sched.": "schedule", "sec.": "section", "ser.": "series,", "subdiv.": "subdivision",
    "subsec.": "subsection", "supp.": "supplement", "tbl.": "table", "tit.": "title", "vol.": "volume",
}
# CSL.STATUTE_SUBDIV_STRINGS_REVERSE: the label a variable's own numbers carry ("p." for pages, "no." for issues).
_OWN_LABEL = {term: label for label, term in LABEL_TERMS.items() if label != "pp."} | {"sub verbo": "sv."}
# citeproc-js's CSL.NUMERIC_VARIABLES: those is-numeric and cs:label read through the parser.
NUMERIC_VARIABLES = frozenset({
    "call-number", "chapter-number", "collection-number", "division", "edition", "page", "issue", "locator",
    "locator-extra", "number", "number-of-pages", "number-of-volumes", "part-number", "printing-number", "section",
    "supplement-number", "version", "volume", "supplement", "citation-number",
})
# The variables in which any label citeproc-js knows is read as a label ("pt. 2" is a part in a number, text in an
# issue, where only the issue's own "no." is).
_LOCATING = frozenset({"locator", "number", "locator-extra", "page"})
# The variables whose ranges citeproc-js joins with an en dash (fixRanges).
_RANGED = frozenset({"page", "chapter-number", "collection-number", "edition", "issue", "number", "number-of-pages",
                     "number-of-volumes", "volume", "locator", "locator-extra"})
_EN_DASHED = frozenset({"locator", "locator-extra", "issue", "volume", "edition", "number"})

# joinerMatchRex for an English locale: "and" (with or without a comma), "&", "; ", ", " and hyphens or en dashes.
_JOINER_RE = re.compile(r"(\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*\\*[\-\u2013]+\s*)")
_UNHYPHENATED_JOINER_RE = re.compile(r"(\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*\\*[\u2013]+\s*)")
_AMPERSAND_RE = re.compile(r"\s*&\s*")
_LABEL_WORDS = (r"(?:[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z]"
                r"|subpara|subch|amend|bibliog|annot|illus|princ|intro|sched|subdiv|subsec)")
# "Words up to four characters are treated as honorary short-form labels" (citeproc-js), and a few longer ones.
_LABEL_RE = re.compile(rf"(?:^| ){_LABEL_WORDS}(?:\.| ) *")
_LABELLED_NUMBER_RE = re.compile(r"[0-9]+[-;,:a-zA-Z]*")
_SUBSECTION_RE = re.compile(r"(?:(?:[a-z]|[a-z][a-z]|[a-z][a-z][a-z]|[a-z][a-z][a-z][a-z])\.  *)*[0-9]+[,a-zA-Z]+")
_LETTERS_RE = re.compile(r"[,a-zA-Z]+")
_PARTICLE_RE = re.compile(r"([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))")
_PLAIN_NUMBER_RE = re.compile(r"[0-9]+([-,:a-zA-Z]*)")
_FIRST_NUMBER_RE = re.compile(r"(?:[0-9]+|[ixv]+)([-,:a-zA-Z]*|-[-0-9]+)")
_ROMAN_RE = re.compile(r"[ivxlcmIVXLCM]+")
_NUMBER_OR_ROMAN_RE = re.compile(r"[0-9]+|[ivxlcmIVXLCM]+")
_INT_RE = re.compile(r"\s*[-+]?[0-9]+")
_HEX_RE = re.compile(r"\s*([-+]?)0[xX]([0-9a-fA-F]*)")
_PAGE_RE = re.compile(r"[0-9]+[a-z]*")  # a page citeproc-js's page-range mangler reads as one end of a range
_SLASHED_RE = re.compile(r"[0-9]+(?:/[0-9]+)+")
_RANGE_RE = re.compile(r"((?:[0-9]*[a-zA-Z]+0*))?([0-9]+[a-z]*)(\s*[^0-9]+\s*)([-,a-zA-Z]?0*)([0-9]+[a-z]*)")


@dataclass(frozen=True)
class Part:
    """One number of a field, with the label before it and what joins it to the next."""
    label: str  # a label as written ("no.", "with") or "var:<variable>" for the variable's own
    value: str
    joiner: str = ""
    particle: str = ""  # letters before the number ("S" in "S12")
    label_suffix: str = ""  # the space after a label as written
    label_visible: bool = False
    numeric: bool = False
    collapsible: bool = False
    plural: bool = False


def _int(text: str, radix_given: bool = False) -> int | None:
    """JavaScript's parseInt: the leading integer, or None where it reads NaN (without a radix, "0x" opens a
    hexadecimal one)."""
    match = _INT_RE.match(text)
    if match and not radix_given and _HEX_RE.match(text):
        digits = _HEX_RE.match(text)
        return int(digits.group(2), 16) * (-1 if digits.group(1) == "-" else 1) if digits.group(2) else None
    return int(match.group()) if match else None


def _is_label(slug: str, variable: str, terms: frozenset[str]) -> bool:
    term = LABEL_TERMS.get(slug)
    return term is not None and term in terms and (variable in _LOCATING or term == variable)


def _part(label: str, value: str, joiner: str | None, variable: str, page_start: bool) -> dict:
    """composeNumberInfo: a part's label, particle and value; a hyphen joiner closed up."""
    info: dict = {"joiner": re.sub(r"\s*-\s*", "-", joiner or "", count=1)}
    if not label and variable not in _OWN_LABEL:
        label = "var:" + variable
    if label:
        bare = label.strip()
        info["label"] = bare.split()[0] if bare else label
        info["label_suffix"] = label[len(label.rstrip()):] if bare else ""
        # a page's own label other than p./pp. is shown (citeproc-js: "gotosleepability")
        info["label_visible"] = variable == "page" and page_start and info["label"] not in ("p.", "pp.")
    else:
        info["label"] = ""
    match = _PARTICLE_RE.fullmatch(value)
    info["particle"], info["value"] = (match.group(1) or "", match.group(2)) if match else ("", value)
    return info


def _elements(text: str) -> list[str]:
    """The field cut at its joiners: [number, joiner, number, ...], a subsection's letters kept ("12a-c")."""
    if "\\-" in text:
        # An escaped hyphen is no joiner and other hyphens are en dashes; citeproc-js then takes the first joiner
        # only (its pattern has lost its global flag), for the first two places.
        text = "\\-".join(piece.replace("-", "\u2013") for piece in text.split("\\-")).replace("\\", "")
        first = _UNHYPHENATED_JOINER_RE.search(text)
        if first is None:
            return [text]
        pieces = _UNHYPHENATED_JOINER_RE.split(text)[::2]
        joiners = [first.group(), first.group()][:len(pieces) - 1]
        joiners += [""] * (len(pieces) - 1 - len(joiners))
    else:
        joiners = [m.group() for m in _JOINER_RE.finditer(text)]
        if not joiners:
            return [text]
        pieces = _JOINER_RE.split(text)[::2]
    for n, joiner in enumerate(joiners):
        if _AMPERSAND_RE.fullmatch(joiner):
            # (citeproc-js tests the same piece at both ends)
            closed = re.search(r"[a-zA-Z]$", pieces[n]) and re.match(r"[a-zA-Z]", pieces[n])
            joiners[n] = "&" if closed else " & "
    elems = [x for pair in zip(pieces, joiners) for x in pair] + [pieces[-1]]
    for i in range(len(elems) - 2, 0, -2):  # fixupSubsections
        if elems[i] == "-" and _SUBSECTION_RE.fullmatch(elems[i - 1]) and _LETTERS_RE.fullmatch(elems[i + 1]):
            elems[i - 1] = "".join(elems[i - 1:i + 2])
            del elems[i:i + 2]
    return elems


def _own_labelled(text: str, variable: str) -> str:
    """normalizeFieldValue: the field with its variable's own label before it, unless it opens with a label."""
    text = text.strip()
    first = text.split(" ", 1)[0]
    if first and first not in LABEL_TERMS:
        own = _OWN_LABEL.get(variable) if variable != "page" else "p."
        if own:
            text = f"{own} {text}"
    return text


def _parse(text: str, variable: str, terms: frozenset[str]) -> list[dict]:
    """parseString: the field's parts, labels read."""
    text = _own_labelled(text, variable)
    if variable == "page":
        text = text.replace("\u2013", "-")
    elems = _elements(text)
    values: list[dict] = []
    label = _OWN_LABEL.get(variable, "")
    for i in range(0, len(elems), 2):
        joiner = elems[i + 1] if i + 1 < len(elems) else None
        labels = _LABEL_RE.findall(elems[i])
        if not labels:
            values.append(_part(label, elems[i], joiner, variable, False))
            continue
        rest = _LABEL_RE.split(elems[i])
        # a label between pieces that are no numbers is text ("2nd rev. ed")
        for j in range(len(rest) - 1, 0, -1):
            if rest[j - 1] and (not _LABELLED_NUMBER_RE.fullmatch(rest[j])
                                or not _LABELLED_NUMBER_RE.fullmatch(rest[j - 1])):
                rest[j - 1] = rest[j - 1] + labels[j - 1] + rest[j]
                del rest[j]
                del labels[j - 1]
        if labels and i == 0 and not _is_label(labels[0].strip(), variable, terms):
            # an opening word that is no label is text, spaced: "fa.2020.7" -> "fa. 2020.7"
            rest[0:2] = [f"{rest[0]} {labels.pop(0).strip()} {rest[1]}"]
        for j, piece in enumerate(rest):
            last = j == len(rest) - 1
            if piece or last:
                label = labels[j - 1] if j >= 1 and labels[j - 1] else label
                values.append(_part(label, piece.strip() if piece else "", joiner if last else None, variable, i == 0))
    return values


def _spaced(values: list[dict]) -> None:
    """setSpaces: a number followed by a labelled one is parted from it by a space."""
    for this, following in zip(values, values[1:]):
        if not this["joiner"] and following.get("label"):
            this["joiner"] = " "


def _count(values: list[dict], pos: int, count: int) -> None:
    """fixNumericAndCount: a run of parts under one label is numeric, collapsible and plural together."""
    master = values[pos]
    value = master["value"]
    numeric, collapsible = True, master.get("collapsible")
    plain = _PLAIN_NUMBER_RE.fullmatch(value)
    first = _FIRST_NUMBER_RE.fullmatch(value)
    escaped = master["joiner"] == "\\-"
    if not value or not plain or not first or escaped:
        collapsible = False
        if not value or not first:
            numeric = False
        if escaped:
            count -= 1
    if (plain and plain.group(1)) or (first and first.group(1)):
        collapsible = False
    if master.get("collapsible") is None:
        for j in range(pos, pos + count):
            v = values[j]["value"]
            values[j]["collapsible"] = not (_int(v) is None and not _ROMAN_RE.fullmatch(v))
        collapsible = values[pos]["collapsible"]
    for j in range(pos, pos + count):
        if count > 1 and collapsible:
            values[j]["plural"] = True
        values[j]["numeric"] = numeric
        values[j]["collapsible"] = collapsible


def _label_visibility(values: list[dict], pos: int, variable: str, terms: frozenset[str]) -> None:
    """fixLabelVisibility: which written labels are printed."""
    label = values[pos]["label"]
    if label.startswith("var:"):
        return
    if pos:
        values[pos]["label_visible"] = True
        return
    if variable in _LOCATING and LABEL_TERMS.get(label) not in terms:
        values[pos]["label_visible"] = True
    if variable not in _LOCATING and LABEL_TERMS.get(label) != variable:
        values[0]["label_visible"] = True


def _plurals(values: list[dict], text: str, variable: str, terms: frozenset[str]) -> None:
    """setPluralsAndNumerics."""
    start = 0
    for i in range(1, len(values) + 1):
        if i < len(values) and values[i - 1]["label"] == values[i]["label"]:
            continue
        _count(values, start, i - start)
        _label_visibility(values, start, variable, terms)
        start = i
    if values and values[0].get("numeric") and variable.startswith("number-of-"):
        count = _int(text, radix_given=True)
        if count is not None and count > 1:
            values[0]["plural"] = True
    for value in values:
        if not value.get("numeric"):
            value["plural"] = False


# The locale's page-range-delimiter and year-range-delimiter terms (en-US: en dashes), as numbers.parse is given them.
EN_DASHES = ("\u2013", "\u2013")


def _range_joiner(variable: str, part: dict, joiner: str, numeric: bool, terms: frozenset[str],
                  delimiters: tuple[str, str] = EN_DASHES) -> str:
    """fixupRangeDelimiter: a hyphen between numbers printed as the locale's range delimiter (en-US: an en dash;
    a year range's for a collection number). A page's is an en dash here whatever the locale's: cslfix prints a
    page range, and reads its parts by that dash."""
    if variable in ("locator", "locator-extra", "page"):
        if LABEL_TERMS.get(part["label"]) not in terms:
            return joiner
    if joiner == "-" and numeric:
        if variable == "page":
            return "\u2013"
        if variable in _EN_DASHED:
            return delimiters[0]
        if variable == "collection-number":
            return delimiters[1]
    return joiner


def _ranges(values: list[dict], variable: str, terms: frozenset[str], range_format: bool,
            delimiters: tuple[str, str] = EN_DASHES) -> None:
    """fixRanges: hyphens between collapsible numbers of one label read as ranges (a page range is formatted
    by cslfix, not from these parts)."""
    if variable not in _RANGED:
        return
    count, label = 0, None

    def mangle(i: int) -> int:
        before, this = values[i - 1], values[i]
        if i < 1 or before["particle"] != this["particle"]:
            return count
        if before["joiner"] != "-":
            return 1
        first, last = _int(before["value"]), _int(this["value"])
        if not range_format and first is not None and last is not None and first > last:
            before["joiner"] = _range_joiner(variable, this, before["joiner"], True, terms, delimiters)
            return count
        if _NUMBER_OR_ROMAN_RE.fullmatch(before["value"]) and _NUMBER_OR_ROMAN_RE.fullmatch(this["value"]):
            before["joiner"] = "\u2013" if variable == "page" else delimiters[0]
        if variable == "page" and _PAGE_RE.fullmatch(before["value"]) and _PAGE_RE.fullmatch(this["value"]):
            # a page range: cslfix prints it in the style's page-range-format, from these two parts
            before["joiner"] = "\u2013"
            return 0
        joined = before["value"] + before["joiner"].replace("\\-", "-") + this["value"]
        match = _RANGE_RE.fullmatch(joined)
        if match:
            before.update(particle=match.group(1) or "", value=match.group(2),
                          joiner=_range_joiner(variable, this, match.group(3), this["numeric"], terms, delimiters))
            this.update(particle=match.group(4), value=match.group(5))
        return 0

    for i, part in enumerate(values):
        if not part.get("collapsible"):
            count, label = 0, None
            part["joiner"] = _range_joiner(variable, part, part["joiner"], part["numeric"], terms, delimiters)
        elif label == part["label"] and part["joiner"] == "-":
            count = 1
        elif label == part["label"]:
            count += 1
            if count == 2:
                count = mangle(i)
        else:
            label, count = part["label"], 1
    if count == 2:
        mangle(len(values) - 1)


@functools.lru_cache(maxsize=16384)
def parse(text: str, variable: str, terms: frozenset[str], range_format: bool = True,
          delimiters: tuple[str, str] = EN_DASHES) -> tuple[Part, ...]:
    """A number variable's parts, as citeproc-js reads them.

    terms: the label terms the locale has; range_format: whether the style sets a page-range-format (without one
    a range that runs backwards is no range); delimiters: the locale's page-range and year-range delimiters.
    """
    values = _parse(text, variable, terms)
    _spaced(values)
    _plurals(values, text, variable, terms)
    _ranges(values, variable, terms, range_format, delimiters)
    if len(values) == 1:
        only = values[0]
        if variable == "number" and "|" in only["value"]:  # "91 Civ. 5442|91 Civ. 5471": several numbers
            only.update(value=only["value"].replace("|", ", "), numeric=True, plural=True, collapsible=False)
        if _SLASHED_RE.fullmatch(only["value"]):  # "1998/6": one number
            only.update(numeric=True, plural=False, collapsible=False)
    return tuple(Part(**value) for value in values)


def is_numeric(text: str, variable: str, terms: frozenset[str], range_format: bool = True,
               delimiters: tuple[str, str] = EN_DASHES) -> bool:
    parts = parse(text, variable, terms, range_format, delimiters)
    return bool(parts) and parts[0].numeric


def is_plural(text: str, variable: str, terms: frozenset[str], range_format: bool = True,
              delimiters: tuple[str, str] = EN_DASHES) -> bool:
    parts = parse(text, variable, terms, range_format, delimiters)
    return bool(parts) and parts[0].plural


def label_term(text: str, variable: str, terms: frozenset[str], range_format: bool = True,
               delimiters: tuple[str, str] = EN_DASHES) -> str | None:
    """The term a cs:label prints for a number, page or locator written with its own label ("pt. 2" -> part)."""
    parts = parse(text, variable, terms, range_format, delimiters)
    term = LABEL_TERMS.get(parts[0].label) if parts else None
    if term == "issue" and variable == "number" and "number" in terms:
        return "number"
    return term
