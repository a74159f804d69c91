"""What the BibTeX and biblatex dialects share: keys, name lists, literal lists, protected titles, dates.

Each function takes the dialect's escape (latex.encode keeps Unicode for biber; latex.encode_ascii writes
accent commands for 7-bit BibTeX), so the two writers differ only in their field and type choices.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field

from refsvc.folding import one_line

Escape = Callable[[str], str]

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The unparse stack's copies of every block cost time and memory on a large library; nothing reads the
# library after it is written.
_UNPARSE = bibtexparser.middlewares.default_unparse_stack(allow_inplace_modification=True)
_KEY_UNSAFE_RE = re.compile(r"[\s,{}()\"#%'=\\~]")
# " and " (any case, any spacing) is the separator of BibTeX's name lists and biblatex's literal lists.
_AND_RE = re.compile(r"\sand\s", re.I)
# CSL-JSON's rich-text tags (citeproc-js, CSL 1.0.2 Appendix VI) and what LaTeX writes for each.
_TAG_RE = re.compile(r'<(/?)(i|b|sup|sub|sc|span)(?:\s+(?:class="nocase"|style="font-variant:\s*small-caps;?"))?\s*>')
_LATEX_TAGS = {"i": r"\textit{", "b": r"\textbf{", "sup": r"\textsuperscript{", "sub": r"\textsubscript{",
               "sc": r"\textsc{", "smallcaps": r"\textsc{", "nocase": "{"}
# A straight quote opens where it starts a word and closes where it ends one (citeproc-js reads straight quotes
# in a title the same way); a lone ' inside a word is an apostrophe.
_DOUBLE_RE = re.compile(r'(?<![\w.,!?])"(?=\S)([^"]*?\S)"(?!\w)')
_SINGLE_RE = re.compile(r"(?<![\w.,!?'])'(?=\w)([^']*?[\w.,!?])'(?!\w)")
_CURLY = frozenset("‘’“”")


@dataclass(frozen=True)
class _Marks:
    """Private-use characters that stand for the quotes found and the tags taken out while a title is written:
    five the title itself does not hold, so that none of its own characters is read as one."""

    open2: str
    close2: str
    open1: str
    close1: str
    tag: str
    quote_latex: Mapping[str, str]
    # Quote marks split from the words they open or close, curly ones too (a record's own ‘…’): in braces
    # pandoc would not read them as a quotation.
    pieces_re: re.Pattern[str]


def _make_marks(open2: str, close2: str, open1: str, close1: str, tag: str) -> _Marks:
    quotes = re.escape(open2 + close2 + open1 + close1)
    return _Marks(open2, close2, open1, close1, tag,
                  MappingProxyType({open2: "``", close2: "''", open1: "`", close1: "'"}),
                  re.compile(f"(\\s+|[{quotes}]|(?:(?<=\\s)|^)[‘“]+|[’”]+(?=\\s|$|[.,;:!?]))"))


_USUAL = "\ue010\ue011\ue012\ue013\ue014"
_MARKS = _make_marks(*_USUAL)


def _marks_for(text: str) -> _Marks:
    """The usual marks, or (for a title holding one of them) five private-use characters it does not hold."""
    if not any(c in text for c in _USUAL):
        return _MARKS
    return _make_marks(*[c for c in map(chr, range(0xE000, 0xF900)) if c not in text][:5])


def write(entries: Sequence[tuple[str, Any, list[tuple[str, str]]]]) -> str:
    """(entry type, id, [(field, value as written)]) as a .bib file, keys from the ids; a month that is one of
    BibTeX's month macros is written bare, so that BibTeX and biber expand it."""
    library = bibtexparser.Library()
    for kind, item_id, fields in entries:
        library.add(Entry(kind, key(item_id), [
            Field(k, v, enclosing="no-enclosing" if k == "month" and v in MONTHS else None) for k, v in fields]))
    return bibtexparser.write_string(library, unparse_stack=_UNPARSE)


def key(item_id: Any) -> str:
    """An id as a citation key: characters that would end or split a key in a .bib file become _, and so does
    a combining mark left after composing (pandoc stops at one: "garcı́a", a dotless i and an accent)."""
    text = _KEY_UNSAFE_RE.sub("_", one_line(str(item_id)))
    if not text.isascii():
        text = "".join("_" if unicodedata.category(c)[0] in "MCZ" else c for c in unicodedata.normalize("NFC", text))
    return text or "_"


def verbatim(text: str) -> str:
    """A URL or DOI for a field BibTeX reads verbatim: the characters that would close the field
    percent-encoded, as a URL may write them (RFC 3986 §2.1)."""
    return text.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def names(people: Sequence[Mapping[str, str]], escape: Escape) -> str:
    """A name list: "von Last, Jr, First" for persons, an organisation braced whole so that neither its
    "and" nor its commas split it (BibTeX's and biber's name parsers both honour a braced name)."""
    return " and ".join(name for person in people if (name := _name(person, escape)))


def _name(person: Mapping[str, str], escape: Escape) -> str:
    if "literal" in person or not (person.get("family") or person.get("given")):
        literal = one_line(person.get("literal") or "")
        return "{" + escape(literal) + "}" if literal else ""
    particles = " ".join(escape(p) for k in ("dropping-particle", "non-dropping-particle")
                         if (p := one_line(person.get(k) or "")))
    family = one_line(person.get("family") or "")
    # Braced where BibTeX would split it: a comma or "and" in it, or a lower-case word in it ("Vázques de
    # Parga", "da Costa", "dInverno": BibTeX and pandoc would read "de", "da", "d" as a particle).
    whole = "," in family or _AND_RE.search(f" {family} ") or family[:1].islower() or (" " in family and any(
        w[:1].islower() for w in family.split()))
    last = " ".join(x for x in (particles, "{" + escape(family) + "}" if whole else escape(family)) if x)
    suffix, given = one_line(person.get("suffix") or ""), one_line(person.get("given") or "")
    # "von Last, Jr, First" with a suffix, "von Last, First" without: BibTeX's and biber's three forms.
    if suffix:
        return ", ".join((last, _part(suffix, escape), _part(given, escape)))
    return ", ".join(x for x in (last, _part(given, escape)) if x)


def _part(text: str, escape: Escape) -> str:
    """One part of a person's name; braced where a comma or "and" in it would split the name, and a lower-case
    word in it braced alone ("Hudson Geovane {de}"), which readers would otherwise move into a particle."""
    if "," in text or _AND_RE.search(f" {text} "):
        return "{" + escape(text) + "}"
    return " ".join("{" + escape(w) + "}" if w[:1].islower() else escape(w) for w in text.split(" "))


def literal(text: str, escape: Escape) -> str:
    """One organisation or place for a list field (biblatex's publisher, location, institution): braced
    whole where "and" in it would make two."""
    text = one_line(text)
    return "{" + escape(text) + "}" if _AND_RE.search(text) else escape(text)


def title(text: str, escape: Escape) -> str:
    """A title as the record cases it, whatever a style does to case: every word holding a capital braced
    (a run of them one brace group; the first word too, as pandoc lower-cases it in some titles; of
    "Twenty-first" only "Twenty"). Straight quotes become LaTeX's quotes, CSL-JSON's <i>, <b>, <sup>, <sub>
    and small caps their commands, <span class="nocase"> a brace group."""
    text = one_line(text)
    marks = _marks_for(text)
    tags = list(_TAG_RE.finditer(text)) if _nested(text) else []
    # Quotes are paired across the tags (a quoted title may be italic inside) but never inside one.
    plain = marks.tag.join(text[a.end() if a else 0:b.start() if b else len(text)]
                           for a, b in zip([None, *tags], [*tags, None]))
    plain = _SINGLE_RE.sub(marks.open1 + r"\1" + marks.close1,
                           _DOUBLE_RE.sub(marks.open2 + r"\1" + marks.close2, plain))
    out: list[str] = []
    first = True
    latex_tags = _latex_tags(tags)
    for n, segment in enumerate(plain.split(marks.tag)):
        if n:
            out.append(latex_tags[n - 1])
        first = _words(segment, escape, out, first, marks)
    latex = "".join(out)
    for mark, command in marks.quote_latex.items():
        latex = latex.replace(mark, command)
    return latex


def _nested(text: str) -> bool:
    """Whether the title's tags pair up (each closes the last one opened): only then are they markup, since
    an unclosed one would leave a brace open and swallow the fields after it."""
    if "<" not in text:
        return False
    stack: list[str] = []
    for m in _TAG_RE.finditer(text):
        if not m.group(1):
            stack.append(m.group(2))
        elif not stack or stack.pop() != m.group(2):
            return False
    return not stack


def _latex_tags(tags: Sequence[re.Match[str]]) -> list[str]:
    """Each tag as LaTeX: a formatting command inside braces that keep its words' case (pandoc changes case
    inside \\textit{} whatever braces its words carry), a closing tag the braces its opening one opened."""
    out, opened = [], []
    for m in tags:
        if m.group(1):
            out.append(opened.pop())
            continue
        name = m.group(2)
        if name == "span":
            name = "nocase" if "nocase" in m.group(0) else "smallcaps"
        command = _LATEX_TAGS[name]
        out.append(command if name == "nocase" else "{" + command)
        opened.append("}" if name == "nocase" else "}}")
    return out


def _words(text: str, escape: Escape, out: list[str], first: bool, marks: _Marks) -> bool:
    """Appends the text's words, protected ones braced; returns whether the title's first word is still to come."""
    run: list[str] = []
    after_stop = False
    # A quote mark ends a brace group: pandoc reads quotes inside braces as text and would not move the
    # punctuation after them inside, as it does for quotes in CSL-JSON (en-US).
    for piece in marks.pieces_re.split(text):
        if not piece:
            continue
        if piece.isspace():
            (run if run else out).append(piece)
            continue
        if piece in marks.quote_latex or set(piece) <= _CURLY:
            _close(run, out)
            out.append(piece if piece in marks.quote_latex else escape(piece))
            continue
        capitals = sum(c.isupper() for c in piece)
        letter = next((n for n, c in enumerate(piece) if c.isalpha()), -1)
        # pandoc's sentence case capitalises the first word and a word after ':', '?', '!' or '.'; one the
        # record writes in lower case stays so.
        lower_start = (first or after_stop) and letter >= 0 and piece[letter].islower()
        first, after_stop = False, piece.rstrip("\\\"')]}’”")[-1:] in (":", "?", "!", ".")
        hyphen = piece.find("-")
        if capitals == 1 and 0 <= letter < hyphen and piece[letter].isupper() \
                and piece[hyphen + 1:hyphen + 2].islower():
            # Twenty-first: only the part before the hyphen braced, so that title case may still capitalise
            # after it (Twenty-First), as citeproc does to the same title in CSL-JSON.
            _close(run, out)
            out.append("{" + escape(piece[:hyphen]) + "}" + escape(piece[hyphen:]))
            continue
        if capitals or lower_start:
            run.append(escape(piece))
            continue
        _close(run, out)
        out.append(escape(piece))
    _close(run, out)
    return first


def _close(run: list[str], out: list[str]) -> None:
    if run:
        trailing = run.pop() if run[-1].isspace() else ""
        out.append("{" + "".join(run) + "}" + trailing)
        run.clear()


def article_subtype(item: Mapping[str, Any]) -> str:
    """The entrysubtype of a CSL item written as @article: a newspaper's or magazine's, as biblatex names them;
    "journal" for a journal's article dated to the month or day with no volume, issue, pages or identifier,
    which a reader of an @article alone takes for a newspaper's (refsvc does, as Zotero's classic BibTeX export
    writes newspaper articles so); "" for every other."""
    kind = item.get("type")
    if kind in ("article-newspaper", "article-magazine"):
        return kind.removeprefix("article-")
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    if kind == "article-journal" and len(parts) > 1 and not any(
            item.get(name) for name in ("volume", "issue", "page", "DOI", "ISSN")):
        return "journal"
    return ""


def identifiers(item: Mapping[str, Any], escape: Escape) -> list[tuple[str, str]]:
    """The access date, DOI, URL, ISBN and ISSN as both dialects write them (DOI and URL verbatim)."""
    out = [("urldate", edtf(item["accessed"]))] if item.get("accessed") else []
    out += [(name, verbatim(value)) for name, field in (("doi", "DOI"), ("url", "URL"))
            if (value := one_line(item.get(field) or ""))]
    out += [(name, escape(value)) for name, field in (("isbn", "ISBN"), ("issn", "ISSN"))
            if (value := one_line(str(item.get(field) or "")))]
    return out


def date_ends(issued: Mapping[str, Any]) -> tuple[list[Any], list[Any] | None]:
    """(the date's parts, the parts of the range's end or None when it is no range) of a CSL date."""
    dates = issued.get("date-parts") or [[]]
    end = dates[1] if len(dates) > 1 and dates[1] and dates[1] != dates[0] else None
    return dates[0], end


def edtf(issued: Mapping[str, Any]) -> str:
    """A CSL date as ISO 8601-2 / EDTF, as biblatex's date fields read it: 2021-06-03, a season as 21-24,
    a range as start/end, an uncertain date with '?' ("circa")."""
    ranges = issued.get("date-parts") or []
    text = "/".join(_iso(p, issued.get("season") if n == 0 else None) for n, p in enumerate(ranges[:2]) if p)
    return text + ("~" if text and issued.get("circa") else "")


def _iso(parts: Sequence[Any], season: Any = None) -> str:
    year, rest = int(parts[0]), [int(p) for p in parts[1:3]]
    if season and not rest and str(season).isdigit() and 1 <= int(season) <= 4:
        rest = [20 + int(season)]
    return "-".join([f"{year:04d}" if year >= 0 else str(year)] + [f"{p:02d}" for p in rest])
