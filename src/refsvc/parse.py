""".bib text -> [Reference] (bibtexparser v2). A block that cannot be read becomes a located ParseError."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, ImplicitComment, ParsingFailedBlock

from refsvc import latex, limits, textfile
from refsvc.errors import ParseError
from refsvc.model import Occurrence, Reference, Source

# A value that swallowed the next field: `title = {x}` followed by a line with no comma before it.
SWALLOWED_RE = re.compile(r"\}\s*\n\s*[A-Za-z][\w-]*\s*=\s*[{\"\d]")
# A field assignment outside any entry: the entry above was closed early by a stray '}' in a value.
STRAY_FIELD_RE = re.compile(r"^\s*,?\s*([A-Za-z][\w:.+-]*)\s*=\s*[{\"\w]", re.M)
PROVENANCE = ("x-paper", "x-locator", "x-raw", "x-repeats")


def parse(text: str, file: str) -> tuple[list[Reference], list[ParseError]]:
    """The entries of one .bib file as References, and a ParseError for each block that failed."""
    # bibtexparser logs each failed block too; the located ParseError below is what users see.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    problems = [_failed(block, file) for block in library.failed_blocks]
    problems += [_stray(block, file) for block in library.blocks
                 if isinstance(block, ImplicitComment) and STRAY_FIELD_RE.search(block.raw)]
    if not library.entries and not problems:
        problems.append(ParseError("no BibTeX entries in the file", source=Source(file, 1)))
    if len(library.entries) > limits.MAX_ENTRIES:
        problems.append(ParseError(f"{len(library.entries)} entries: more than the limit of {limits.MAX_ENTRIES}",
                                   source=Source(file, 1)))
        return [], problems
    refs = []
    for entry in library.entries:
        source = Source(file, entry.start_line + 1)
        raw_fields = {f.key.lower(): f.value for f in entry.fields}
        bad = next((k for k, v in raw_fields.items() if SWALLOWED_RE.search(v)), None)
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
        fields = {k: v if k in latex.VERBATIM else latex.decode(v) for k, v in raw_fields.items()}
        refs.append(Reference(
            key=entry.key, kind=entry.entry_type.lower(), fields=fields, source=source,
            occurrences=_occurrences(fields),
        ))
    return refs, problems


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
    depth = 0
    for i, char in enumerate(value):
        if char in "{}" and i and value[i - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
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
