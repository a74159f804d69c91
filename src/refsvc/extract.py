"""Paper text -> reference entries -> refs/<paper-id>.bib (bibtexparser v2 writer).

An author-date list yields one entry per list item (locator ref-K). Numbered notes yield one entry per
work the notes name (locator note-N of its first note); Ibid., short forms and repeated long forms are
citations of an earlier entry and are kept on it as further occurrences (field x-repeats). A numbered
reference list ([1] ..., cited as [1] or [1–3, 7]) yields one entry per number (locator ref-N), its fields
read by the trained tagger (the labelled package) with their confidence (field x-confidence).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry as BibEntry
from bibtexparser.model import Field

from refsvc import labelled, latex, limits, names, reftext, segment, textfile
from refsvc.folding import fold, plain_digits
from refsvc.errors import ExtractError
from refsvc.model import Paper, Source
from refsvc.segment import NOTE_RE, NUMBERED_RE, URL_ONLY_RE

BULLET_RE = re.compile(r"^[-*•]\s*")
IBID_RE = re.compile(r"^\W*ibid\b", re.I)
# "[3]", "[1, 4]", "[2–5, 9]": the bracketed numbers a numeric paper cites by
BRACKET_CITE_RE = re.compile(r"\[\s*\d{1,4}(?:\s*[-–—,]\s*\d{1,4})*\s*\]")
# A second reference inside one note: after a closing <url>, or after "2022. " when names and a title follow.
SECOND_REF_RE = re.compile(
    r"(?<=>)[.,;]?\s*(?=\S)"
    r"|(?<=\d{4}\))\.\s+(?=[A-Z])"
    r"|(?<=\d{4})\.\s+(?=(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’-]+(?:\s+et al\.)?,\s*[*'‘\"“])"
)
FIELD_ORDER = (
    "author", "editor", "title", "booktitle", "journaltitle", "edition", "volume", "number", "pages",
    "date", "extradate", "publisher", "institution", "organization", "section", "url", "doi", "urldate",
)


@dataclass
class Entry:
    """One .bib entry being built: what a paper prints for one work, and where it prints it again."""

    key: str
    kind: str
    fields: dict[str, str]
    locator: str
    raw: str
    line: int
    repeats: list[tuple[str, str]] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)


@dataclass
class _Item:
    number: int
    text: str
    line: int
    reading: labelled.Entry | None = None  # what the trained tagger read; None: the rules for APA entries read it


def extract(paper: Paper, text: str) -> tuple[list[Entry], list[ExtractError]]:
    """The entries of a paper's reference section and every problem met on the way.

    Raises:
        ExtractError: the paper has no recognisable reference section.
    """
    lines = text.splitlines()
    start = section_start(lines, paper.path)
    items_text = lines[start + 1:]
    first_line = start + 2
    numbered = sum(1 for s in items_text if NOTE_RE.match(s.strip()))
    listed = sum(1 for s in items_text if s.strip())
    if listed == 0:
        raise ExtractError("the reference section is empty", source=Source(paper.path, start + 1))
    if (paper.style or detect_style(text)) == "numeric":
        return _numeric(paper, items_text, first_line)
    if numbered * 2 >= listed:
        return _notes(paper, items_text, first_line)
    return _author_date(paper, items_text, first_line)


def detect_style(text: str) -> str:
    """The citation family of a paper whose manifest names none: 'numeric' when its list is numbered in
    brackets or its body cites [n], 'notes' when its list is numbered otherwise, else 'author-date'."""
    lines = text.splitlines()
    try:
        start = section_start(lines, "")
    except ExtractError:
        return "author-date"
    listed = [s.strip() for s in lines[start + 1:] if s.strip()]
    body = "\n".join(lines[:start])
    if sum(1 for s in listed if s.startswith("[") and NUMBERED_RE.match(s)) * 2 >= max(1, len(listed)) \
            or len(BRACKET_CITE_RE.findall(body)) >= 2:
        return "numeric"
    if sum(1 for s in listed if NOTE_RE.match(s)) * 2 >= max(1, len(listed)):
        return "notes"
    return "author-date"


def section_start(lines: list[str], path: str) -> int:
    """Index of the reference section's heading: the last line that names one.

    Raises:
        ExtractError: no line does.
    """
    index = segment.list_heading(lines)
    if index is not None:
        return index
    raise ExtractError(
        "no reference section: expected a heading such as 'References' or 'Notes' on a line of its own",
        source=Source(path, 1),
    )


# ---------------------------------------------------------------- numbered reference lists


def _numeric(paper: Paper, lines: list[str], first_line: int) -> tuple[list[Entry], list[ExtractError]]:
    items: list[_Item] = []
    problems: list[ExtractError] = []
    for lineno, line in enumerate(lines, first_line):
        stripped = line.strip()
        m = NUMBERED_RE.match(stripped)
        if m:
            items.append(_Item(int(m.group(1) or m.group(2) or m.group(3)), m.group(4), lineno))
        elif stripped and items:
            items[-1].text = _joined(items[-1].text, stripped)
        elif stripped:
            problems.append(ExtractError(f"not a numbered reference: {stripped[:60]!r}", source=Source(paper.path, lineno)))
    entries = []
    readings = labelled.with_repeated_authors(labelled.read_all([item.text for item in items]))
    for item, read in zip(items, readings):
        entries.append(_tagged_entry(paper, item, read, f"ref-{item.number}"))
        if not any(k in read.fields for k in ("title", "author", "date")):
            problems.append(ExtractError(f"nothing read from reference [{item.number}]", source=Source(paper.path, item.line)))
    return entries, problems


# ---------------------------------------------------------------- author-date lists


def _author_date(paper: Paper, lines: list[str], first_line: int) -> tuple[list[Entry], list[ExtractError]]:
    items: list[_Item] = []
    problems: list[ExtractError] = []
    blank_before = True
    bodies = [_body(line.strip()) for line in lines]
    # The tagger reads every line that might open an entry, all at once (a list is several times faster to
    # label together than line by line), and again, together, each entry that turns out to run over lines.
    tagged = [body for body in dict.fromkeys(bodies) if body and not _apa_head(body)]
    read_lines = dict(zip(tagged, labelled.read_all(tagged)))
    joined: dict[int, str] = {}  # entry -> its text when its last line was joined to it
    for lineno, (line, body) in enumerate(zip(lines, bodies), first_line):
        stripped = line.strip()
        if not stripped:
            blank_before = True
            continue
        bullet = body != stripped  # _body took a bullet off
        if not body:
            problems.append(ExtractError("empty list item", source=Source(paper.path, lineno)))
        elif URL_ONLY_RE.match(body) and items:
            items[-1].text += " " + body  # a link alone on a bullet belongs to the entry above
        elif _apa_head(body):
            items.append(_Item(len(items) + 1, body, lineno))
        elif items and not blank_before and not bullet and not _starts_entry(body, items[-1].text):
            items[-1].text = _joined(items[-1].text, body)  # an entry broken across lines
            if items[-1].reading is not None:
                joined[len(items) - 1] = items[-1].text
        elif (reading := _as_reference(read_lines[body])) is not None:
            # Not APA's "Name (2013)." head, yet a reference (Chicago author-date, economics, Harvard ...):
            # the trained tagger reads it.
            items.append(_Item(len(items) + 1, body, lineno, reading))
        else:
            problems.append(ExtractError(f"not a reference entry: {body[:60]!r}", source=Source(paper.path, lineno)))
        blank_before = False
    for k, reading in zip(joined, labelled.read_all(list(joined.values()))):
        items[k].reading = reading
    entries: list[Entry] = []
    readings = labelled.with_repeated_authors([i.reading or labelled.Entry("misc", {}) for i in items])
    for item, read in zip(items, readings):
        if item.reading is not None:
            entries.append(_tagged_entry(paper, item, read, f"ref-{item.number}"))
            if "title" not in read.fields:
                problems.append(ExtractError("no title found", source=Source(paper.path, item.line), field="title"))
            continue
        printed = reftext.parse_author_date(item.text)
        if labelled.REPEATED_AUTHOR_RE.match(item.text) and entries and "author" in entries[-1].fields:
            printed.fields["author"] = entries[-1].fields["author"]  # "———." repeats the names above
        locator = f"ref-{item.number}"
        entries.append(_entry(paper, locator, locator, printed, item))
        if "title" not in printed.fields:
            problems.append(ExtractError("no title found", source=Source(paper.path, item.line), field="title"))
    return entries, problems


# APA's date element, "(2013)." or "(2024, Feb. 17).", closed by a full stop: the shape the rules read
APA_DATE_RE = re.compile(r"\((?:(?:1[5-9]|20)\d{2}(?:[–-](?:1[5-9]|20)\d{2})?[a-z]?|n\.\s?d\.)(?:,[^)]*)?\)\.")
_PARTICLE = rf"(?:(?:{'|'.join(sorted(names.PARTICLES))})\s+)*"
# A line that opens a new entry of an unmarked list: "Surname, Given" or "van Surname, I." and a year in it,
# or names run straight into the year: "Aristotle (1929)", "World Health Organization. 2019."
# or "Surname I.," / "Surname IJ" (initials after the surname with no comma between, as science journals print them)
_ENTRY_START_RE = re.compile(rf"^{_PARTICLE}[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}}"
                             rf"(?:,\s+[A-Z]|\s+(?:[A-Z]\.\s?-?){{1,3}}[,.]?\s|\s+[A-Z]{{1,3}}[,.]\s).*\b(?:1[5-9]|20)\d{{2}}[a-z]?\b")
_NAMES_THEN_YEAR_RE = re.compile(
    rf"^{_PARTICLE}[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|of|for|and|the|&)){{0,6}}[.,]?\s+\(?(?:1[5-9]|20)\d{{2}}[a-z]?\)?[.,:]?(?:\s|$)")


def _starts_entry(line: str, previous: str) -> bool:
    return previous.rstrip().endswith((".", ")")) and bool(_ENTRY_START_RE.match(line) or _NAMES_THEN_YEAR_RE.match(line))


def _body(line: str) -> str:
    bullet = BULLET_RE.match(line)
    return line[bullet.end():] if bullet else line


def _apa_head(body: str) -> bool:
    """Whether a line opens an entry as APA prints one ("Name, I. (2013)."), which the rules read."""
    return reftext.looks_like_author_date(body) and bool(APA_DATE_RE.search(body))


def _as_reference(read: labelled.Entry) -> labelled.Entry | None:
    """What the tagger read in a line, when that is a reference (names, a date and a title); else None."""
    return read if all(k in read.fields for k in ("author", "date", "title")) else None


def _joined(previous: str, line: str) -> str:
    """Two lines of one entry: a word broken at the line end ("Pub-" / "lishing") is one word again."""
    if re.search(r"[a-z]-$", previous) and line[:1].islower():
        return previous[:-1] + line
    if re.search(r"\d\s*[-–]$", previous) and line[:1].isdigit():
        return previous + line  # a page range broken after its dash: "301–" / "322"
    return previous + " " + line


def _tagged_entry(paper: Paper, item: _Item, read: labelled.Entry, locator: str) -> Entry:
    fields = dict(read.fields)
    if read.confidence:
        fields["x-confidence"] = labelled.confidence_text(read.confidence)
    return Entry(key=f"{paper.paper_id}-{locator}", kind=read.kind, fields=fields, locator=locator, raw=item.text,
                 line=item.line, unparsed=list(read.unread))


# ---------------------------------------------------------------- numbered notes


def _notes(paper: Paper, lines: list[str], first_line: int) -> tuple[list[Entry], list[ExtractError]]:
    notes: list[_Item] = []
    problems: list[ExtractError] = []
    for lineno, line in enumerate(lines, first_line):
        stripped = line.strip()
        if not stripped:
            continue
        m = NOTE_RE.match(stripped)
        if m:
            number = int(plain_digits(m.group("num")))
            expected = notes[-1].number + 1 if notes else 1
            if number != expected:
                problems.append(ExtractError(
                    f"note {number} where note {expected} was expected", source=Source(paper.path, lineno)))
            notes.append(_Item(number, m.group("text").strip(), lineno))
            continue
        body = stripped[BULLET_RE.match(stripped).end():] if BULLET_RE.match(stripped) else stripped
        if not body:
            problems.append(ExtractError("empty list item", source=Source(paper.path, lineno)))
        elif notes:
            notes[-1].text += " " + body
        else:
            problems.append(ExtractError(f"text before the first note: {body[:60]!r}", source=Source(paper.path, lineno)))
    resolver = _Resolver(paper, problems)
    for note in notes:
        resolver.note(note)
    return resolver.entries, problems


class _Resolver:
    """Turns notes into entries, resolving Ibid., short forms and repeats to earlier entries."""

    def __init__(self, paper: Paper, problems: list[ExtractError]):
        self.paper, self.problems = paper, problems
        self.entries: list[Entry] = []
        self.previous: list[Entry] = []  # the works the previous note cited, for Ibid.
        self.last_cited: dict[str, int] = {}

    def note(self, note: _Item) -> None:
        locator = f"note-{note.number}"
        where = Source(self.paper.path, note.line)
        if IBID_RE.match(note.text):
            if not self.previous:
                self.problems.append(ExtractError("Ibid. with no earlier note to refer to", source=where))
            for entry in self.previous:
                self._cite(entry, locator, note.text)
            return
        cited: list[Entry] = []
        for index, piece in enumerate(split_note(note.text)):
            printed = reftext.parse_note(piece)
            if "title" not in printed.fields:
                self.problems.append(ExtractError(
                    f"no title found in {piece[:60]!r}", source=where, field="title"))
            entry = self._earlier(printed, where)
            if entry is None:
                key = locator if index == 0 else f"{locator}-{index + 1}"
                entry = _entry(self.paper, key, locator, printed, note, raw=piece)
                self.entries.append(entry)
            elif entry not in cited:
                self._cite(entry, locator, piece)
            if entry not in cited:
                cited.append(entry)
        for entry in cited:
            self.last_cited[entry.key] = note.number
        self.previous = cited

    def _cite(self, entry: Entry, locator: str, raw: str) -> None:
        if entry.locator != locator and all(loc != locator for loc, _ in entry.repeats):
            entry.repeats.append((locator, raw))

    def _earlier(self, printed: reftext.Printed, where: Source) -> Entry | None:
        title = fold(printed.fields.get("title", ""))
        families = _families(printed.fields.get("author", ""))
        if not title:
            return None
        if printed.short_form:
            words = title.split()
            found = [e for e in self.entries
                     if fold(e.fields.get("title", "")).split()[: len(words)] == words
                     and families <= _families(e.fields.get("author", ""))]
            if not found:
                self.problems.append(ExtractError(
                    f"short form {printed.fields['title']!r} has no earlier full note; kept as its own entry",
                    source=where))
                return None
            return max(found, key=lambda e: self.last_cited.get(e.key, 0))
        for entry in self.entries:
            if fold(entry.fields.get("title", "")) == title and (
                    not families or families == _families(entry.fields.get("author", ""))):
                return entry
        return None


def split_note(text: str) -> list[str]:
    """The references one note names: split at '; and' and where a second reference starts."""
    pieces = re.split(r";\s*(?:and\s+|also\s+|see\s+(?:also\s+)?)?(?=[A-Z'‘\"“*])", text)
    out: list[str] = []
    for piece in pieces:
        for part in SECOND_REF_RE.split(piece):
            part = part.strip()
            if not re.search(r"\w", part):
                continue
            if out and reftext.find_title(part) is None:
                out[-1] += " " + part  # no title of its own: it belongs to the reference before
            else:
                out.append(part)
    return out


def _families(author: str) -> set[str]:
    out = set()
    for name in re.split(r"\s+and\s+", author):
        name = name.strip()
        if name and name != "others":
            out.add(fold(name.split(",")[0]))
    return out


# ---------------------------------------------------------------- entries and the .bib file


def _entry(paper: Paper, key: str, locator: str, printed: reftext.Printed, item: _Item, raw: str | None = None) -> Entry:
    fields = {k: v for k, v in printed.fields.items() if v}
    return Entry(
        key=f"{paper.paper_id}-{key}", kind=printed.kind, fields=fields, locator=locator,
        raw=raw if raw is not None else item.text, line=item.line, unparsed=list(printed.unparsed),
    )


def to_bibtex(paper: Paper, entries: list[Entry]) -> str:
    """The entries as a .bib file: known fields first in a fixed order, then provenance (x-*)."""
    library = bibtexparser.Library()
    for entry in entries:
        fields = [Field(name, entry.fields[name]) for name in FIELD_ORDER if name in entry.fields]
        fields += [Field(name, value) for name, value in sorted(entry.fields.items()) if name not in FIELD_ORDER]
        fields += [Field("x-paper", paper.paper_id), Field("x-locator", entry.locator), Field("x-raw", entry.raw)]
        if entry.repeats:
            fields.append(Field("x-repeats", "\n".join(f"{loc}: {raw}" for loc, raw in entry.repeats)))
        if entry.unparsed:
            fields.append(Field("x-unparsed", "; ".join(entry.unparsed)))
        for f in fields:
            f.value = _bib_value(f.key, f.value)
        library.add(BibEntry(entry.kind, entry.key, fields))
    header = (f"% Generated by `refsvc extract {paper.paper_id}` from {paper.path}. Do not edit by hand:\n"
              "% change the extractor or the paper, then regenerate.\n\n")
    return header + bibtexparser.write_string(library)


def _bib_value(name: str, value: str) -> str:
    """A value escaped for BibTeX; a literal name keeps the braces that protect it from name splitting."""
    if name in latex.VERBATIM:
        return value
    if name in ("author", "editor"):
        return " and ".join(
            "{" + latex.encode(n[1:-1]) + "}" if n.startswith("{") and n.endswith("}") else latex.encode(n)
            for n in names.split_names(value, keep_others=True)
        )
    return latex.encode(value)


def bib_path(refs: Path, paper: Paper) -> Path:
    """Where a paper's generated .bib lives: refs/<paper-id>.bib."""
    return refs / f"{paper.paper_id}.bib"


def extract_paper(refs: Path, paper: Paper) -> tuple[Path, int, list[ExtractError]]:
    """Extract one paper and write its .bib atomically; returns (path, entry count, problems).

    Raises:
        ExtractError: the paper cannot be read or has no reference section; nothing is written.
    """
    text = textfile.read(refs.parent / paper.path, paper.path, ExtractError, limits.MAX_PAPER_BYTES)
    entries, problems = extract(paper, text)
    target = bib_path(refs, paper)
    textfile.write_atomic(target, to_bibtex(paper, entries))
    return target, len(entries), problems
