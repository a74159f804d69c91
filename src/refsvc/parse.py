""".bib text -> [Reference] (bibtexparser v2 splits the blocks). Values are read as biber and BibTeX read them:
@string macros and the month macros expanded, `#` concatenation joined, `crossref`/`xdata` parents' fields
inherited, LaTeX decoded. A block that cannot be read becomes a located ParseError; an entry whose key was
used before is kept under a key of its own (`key~2`) and reported."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ImplicitComment, ParsingFailedBlock

from refsvc import latex, limits, textfile
from refsvc.errors import ParseError
from refsvc.model import Occurrence, Reference, Source

# A value that swallowed the next field: `title = {x}` followed by a line with no comma before it.
SWALLOWED_RE = re.compile(r"\}\s*\n\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]")
# A field assignment outside any entry: the entry above was closed early by a stray '}' in a value.
STRAY_FIELD_RE = re.compile(r"^\s*,?\s*([A-Za-z][\w:.+-]*)\s*=\s*[{\"\w]", re.M)
# The braces that count (an escaped \{ or \} does not), and with them the marks that split a value.
_BRACES_RE = re.compile(r"(?<!\\)[{}]")
_MARKS_RE = re.compile(r'(?<!\\)[{}]|["#]')
PROVENANCE = ("x-paper", "x-locator", "x-raw", "x-repeats")


MONTHS = {m: str(n) for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
# Fields a child never takes from its crossref/xdata parent (biber's defaults)
NOT_INHERITED = frozenset("ids crossref xref xdata entryset entrysubtype execute label options presort related "
                          "relatedoptions relatedstring relatedtype shorthand shorthandintro sortkey title subtitle "
                          "titleaddon shorttitle".split())
# A parent that is a whole book or proceedings lends its title to a part as booktitle (biber's type mapping)
WHOLE = frozenset("book mvbook collection mvcollection proceedings mvproceedings reference mvreference".split())


def parse(text: str, file: str) -> tuple[list[Reference], list[ParseError]]:
    """The entries of one .bib file as References, and a ParseError for each block that failed."""
    # bibtexparser logs each failed block too; the located ParseError below is what users see.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text, parse_stack=[])  # raw values: macros and '#' are resolved below
    problems = [_failed(block, file) for block in library.failed_blocks
                if not isinstance(block, DuplicateBlockKeyBlock)]
    problems += [_stray(block, file) for block in library.blocks
                 if isinstance(block, ImplicitComment) and STRAY_FIELD_RE.search(block.raw)]
    entries: list[tuple[str, Entry]] = []
    seen: dict[str, int] = {}
    for block in library.blocks:
        entry = block.ignore_error_block if isinstance(block, DuplicateBlockKeyBlock) else block
        if not isinstance(entry, Entry):
            continue
        count = seen[entry.key] = seen.get(entry.key, 0) + 1
        key = entry.key if count == 1 else f"{entry.key}~{count}"
        if count > 1:
            problems.append(ParseError(f"duplicate entry key {entry.key!r}: kept apart as {key!r}",
                                       source=Source(file, entry.start_line + 1)))
        entries.append((key, entry))
    if not entries and not problems:
        problems.append(ParseError("no BibTeX entries in the file", source=Source(file, 1)))
    if len(entries) > limits.MAX_ENTRIES:
        problems.append(ParseError(f"{len(entries)} entries: more than the limit of {limits.MAX_ENTRIES}",
                                   source=Source(file, 1)))
        return [], problems
    macros = dict(MONTHS)
    for string in library.strings:
        macros[string.key.lower()] = _value(string.value, macros)
    read: dict[str, tuple[str, Entry, dict[str, str]]] = {}
    # A value is part of the text: where the text has no swallowed field, no value has one (one search, not
    # one per value).
    swallowing = SWALLOWED_RE.search(text) is not None
    for key, entry in entries:
        source = Source(file, entry.start_line + 1)
        raw_fields = {f.key.lower(): f.value for f in entry.fields}
        bad = next((k for k, v in raw_fields.items() if SWALLOWED_RE.search(v)), None) if swallowing else None
        if bad:
            problems.append(ParseError("the value runs into the next field: is a comma missing?",
                                       source=Source(file, entry.fields_dict[bad].start_line + 1), field=bad))
            continue
        unbalanced = next((k for k, v in raw_fields.items() if not _balanced(v)), None)
        if unbalanced:
            problems.append(ParseError("unbalanced braces", source=source, field=unbalanced))
            continue
        long = next((f for f in entry.fields if len(f.value) > limits.MAX_FIELD_CHARS), None)
        if long:
            problems.append(ParseError(f"{len(long.value):,} characters: more than the limit of "
                                       f"{limits.MAX_FIELD_CHARS:,}", source=Source(file, long.start_line + 1),
                                       field=long.key.lower()))
            continue
        read[key] = (key, entry, {k: _value(v, macros) for k, v in raw_fields.items()})
    refs = []
    for key, entry, values in read.values():
        values = _inherited(entry.entry_type.lower(), values, read)
        fields = {k: latex.decode(v) if k not in latex.VERBATIM and latex.has_markup(v) else v
                  for k, v in values.items()}
        refs.append(Reference(key=key, kind=entry.entry_type.lower(), fields=fields,
                              source=Source(file, entry.start_line + 1), occurrences=_occurrences(fields)))
    return refs, problems


def _value(raw: str, macros: dict[str, str]) -> str:
    """A raw BibTeX value as its text: {…} and "…" parts unwrapped, macros expanded, '#' parts joined.
    An unknown macro stays as its name (as BibTeX warns and goes on)."""
    if "#" not in raw and len(raw) >= 2 and raw[0] == "{" and raw[-1] == "}":
        return raw[1:-1]  # the common case, one braced part (bibtexparser gives values stripped)
    parts, depth, quoted, start = [], 0, False, 0
    # Only the marks that matter are visited (most values have no '#' and are one part): speed, not meaning.
    for m in _MARKS_RE.finditer(raw) if "#" in raw else ():
        char = m.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:m.start()])
            start = m.end()
    parts.append(raw[start:])
    out = []
    for part in (p.strip() for p in parts):
        if len(part) >= 2 and ((part[0] == "{" and part[-1] == "}") or (part[0] == '"' and part[-1] == '"')):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        else:
            out.append(macros.get(part.lower(), part))
    return "".join(out)


def _inherited(kind: str, values: dict[str, str], read: dict[str, tuple[str, Entry, dict[str, str]]],
               depth: int = 0) -> dict[str, str]:
    """values with what their crossref/xdata parents hold and they lack (a parent's parents too)."""
    parents = [values.get("crossref", "").strip()] + [k.strip() for k in values.get("xdata", "").split(",")]
    out = dict(values)
    for parent_key in (k for k in parents if k and k in read and depth < 8):
        _, parent, parent_values = read[parent_key]
        parent_kind = parent.entry_type.lower()
        inherited = _inherited(parent_kind, parent_values, read, depth + 1)
        if parent_kind in WHOLE and kind not in WHOLE:
            for mine, theirs in (("booktitle", "title"), ("booksubtitle", "subtitle"), ("booktitleaddon", "titleaddon")):
                if theirs in inherited and mine not in out:
                    out[mine] = inherited[theirs]
        for name, value in inherited.items():
            if name not in NOT_INHERITED and name not in out:
                out[name] = value
    return out


def parse_files(paths: Iterable[Path], root: Path) -> tuple[list[Reference], list[ParseError]]:
    """Every entry of every file, with problems; paths are reported relative to root."""
    refs: list[Reference] = []
    problems: list[ParseError] = []
    for path in paths:
        label = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        try:
            text = textfile.read(path, label, ParseError, limits.MAX_BIB_BYTES)
        except ParseError as e:
            problems.append(e)
            continue
        found, bad = parse(text, label)
        refs += found
        problems += bad
    return refs, problems


def _failed(block: object, file: str) -> ParseError:
    line = getattr(block, "start_line", 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return ParseError(f"duplicate entry key {block.key!r}", source=Source(file, line))
    if isinstance(block, ParsingFailedBlock):
        reason = str(getattr(block, "error", "") or "").strip().splitlines()
        detail = reason[-1].strip() if reason else "not a BibTeX entry"
        first = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else ""
        return ParseError(f"cannot parse {first!r}: {detail}", source=Source(file, line))
    return ParseError(f"cannot parse block ({type(block).__name__})", source=Source(file, line))


def _stray(block: ImplicitComment, file: str) -> ParseError:
    m = STRAY_FIELD_RE.search(block.raw)
    assert m is not None
    line = block.start_line + 1 + block.raw[: m.start(1)].count("\n")
    return ParseError(f"field {m.group(1)!r} is outside any entry: a '}}' in the entry above ends it early "
                      "(a stray brace in a value?)", source=Source(file, line))


def _balanced(value: str) -> bool:
    if "\\" not in value and (value.count("{") + value.count("}") == 0 or (
            value.count("{") == 1 and value.count("}") == 1 and value[0] == "{" and value[-1] == "}")):
        return True  # most values: no brace, or only the pair around them (counted in C, not walked)
    depth = 0
    for brace in _BRACES_RE.findall(value):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _occurrences(fields: dict[str, str]) -> tuple[Occurrence, ...]:
    paper, locator = fields.get("x-paper"), fields.get("x-locator")
    if not paper or not locator:
        return ()
    found = [Occurrence(paper, locator, fields.get("x-raw", ""))]
    for line in fields.get("x-repeats", "").splitlines():
        loc, sep, raw = line.partition(": ")
        if sep:
            found.append(Occurrence(paper, loc.strip(), raw.strip()))
    return tuple(found)
