"""Libraries a user brings (what Zotero, JabRef, Mendeley or EndNote export: BibTeX/BibLaTeX, RIS, CSL-JSON)
-> refs/libraries/.

An import reads the file in whatever encoding it was saved in, reads every record (RIS and CSL-JSON through
their BibTeX form, so that one reader makes every Reference), and keeps a UTF-8 copy under refs/libraries/ so
that every build reads it again: importing is adding a file, and building reproduces the library from refs/
alone. Records that cannot be read are reported with file:line (a RIS or CSL-JSON record: the line it starts on)
and set aside; they never sink the rest unless the import is strict.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from refsvc import latex, limits, parse, textfile
from refsvc.formats import bibfields, biblatex, csljson, ris
from refsvc.errors import ParseError
from refsvc.folding import one_line
from refsvc.model import Reference, Source

FOLDER = "libraries"
SUFFIXES = (".bib", ".ris", ".json")


@dataclass(frozen=True)
class Imported:
    """One file imported: where its copy is, how it was read, and what it holds."""

    source: str
    target: Path
    encoding: str
    entries: int
    problems: tuple[ParseError, ...]
    added: bool  # False: the same library was imported before; nothing changed


def folder(refs: Path) -> Path:
    return refs / FOLDER


def import_file(refs: Path, path: Path, *, strict: bool = False) -> Imported:
    """Copy the library at path into refs/libraries/ (UTF-8), unless the same text is there already.

    Raises:
        ParseError: the file cannot be read as text; or, strict, any entry cannot be read (nothing written).
    """
    text, encoding = _given_text(path)
    suffix = kind_of(text)
    found, problems = read_text(text, suffix, str(path))
    if strict and problems:
        raise ParseError(f"{len(problems)} problem(s), the first: {problems[0]}; nothing imported (--strict)",
                         source=problems[0].source)
    if not found:
        raise ParseError("no entry could be read; nothing imported", source=Source(str(path), 1))
    same = next((p for p in library_files(refs) if p.read_text(encoding="utf-8") == text), None)
    if same is not None:
        return Imported(str(path), same, encoding, len(found), tuple(problems), added=False)
    target = _free_name(refs, path, suffix)
    textfile.write_atomic(target, text)
    return Imported(str(path), target, encoding, len(found), tuple(problems), added=True)


def _given_text(path: Path) -> tuple[str, str]:
    """(text, encoding) of a file a user gives, in whatever encoding it was saved in."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ParseError(f"cannot read: {e.strerror or e}", source=Source(str(path), 0)) from e
    return textfile.decode_any(raw, str(path), ParseError, limits.MAX_BIB_BYTES)


def library_files(refs: Path) -> list[Path]:
    return sorted(p for p in folder(refs).iterdir() if p.suffix in SUFFIXES) if folder(refs).is_dir() else []


def kind_of(text: str) -> str:
    """The suffix a library's text is kept under: .json (CSL-JSON), .ris or .bib."""
    head = text.lstrip("\ufeff \t\r\n")
    if head[:1] in "[{":
        return ".json"
    return ".ris" if re.match(r"TY  -", head) else ".bib"


def read_file(path: Path) -> tuple[list[Reference], list[ParseError], dict[str, str]]:
    """The records of a library file as given (any encoding, any of the three formats), what could not be
    read, and the id each record has in the file (a RIS ID or CSL-JSON id a BibTeX key could not spell)."""
    text, _ = _given_text(path)
    suffix = kind_of(text)
    found, problems = read_text(text, suffix, str(path))
    given: dict[str, str] = {}
    if suffix != ".bib" and found:  # read_text has read it: neither call below can fail now
        items = ris.read(text, lenient=True) if suffix == ".ris" else _items(text)
        keys = iter(r.key for r in found)
        for n, item in enumerate(items, 1):
            if isinstance(item, dict) and isinstance(item.get("type", ""), str):
                key = next(keys, None)
                if key is not None:
                    given[key] = str(item.get("id") or f"{path.stem}-{n}")
    return found, problems, given


def _items(text: str) -> list[tuple[int, object]]:
    """The items of a CSL-JSON text (a list, or a Zotero-like {"items": [...]}), each with the line it starts
    on; [] for anything else.

    Raises:
        json.JSONDecodeError: not JSON.
    """
    data = json.loads(text)
    items = data.get("items", []) if isinstance(data, dict) else data
    if not isinstance(items, list):
        return []
    return list(zip(_item_lines(text, len(items)), items))


def _item_lines(text: str, count: int) -> list[int]:
    """The line each item of the file's (first) JSON array starts on, read by decoding one item at a time;
    line 1 for every item where the layout defeats that."""
    decoder, lines = json.JSONDecoder(), []
    at = text.find("[", text.find('"items"') if text.lstrip().startswith("{") else 0)
    line, counted = 1, 0  # lines counted up to `counted`, so that a large file is read once, not once an item
    try:
        at += 1
        while len(lines) < count:
            while text[at] in " \t\r\n,":
                at += 1
            line, counted = line + text.count("\n", counted, at), at
            lines.append(line)
            _, at = decoder.raw_decode(text, at)
    except (IndexError, ValueError):
        return [1] * count
    return lines


def carrier(items: list[dict[str, Any]]) -> str:
    """CSL items as the .bib text refsvc's reader takes them in: biblatex, plus the CSL fields biblatex has no
    field for (a newspaper's section), those its data model does not allow for the type (a report's
    series) and the CSL type (csljson.TYPE_FIELD), so that an import loses nothing."""
    entries = []
    for item in items:
        kind, fields = biblatex.entry_fields(item, strict=False)
        extra = [(name, latex.encode(one_line(str(item[name])))) for name in biblatex.FIELDLESS if item.get(name)]
        if item.get("type") in csljson.TYPES:
            extra.append((csljson.TYPE_FIELD, item["type"]))
        entries.append((kind, item["id"], fields + extra))
    return bibfields.write(entries)


def read_text(text: str, suffix: str, label: str) -> tuple[list[Reference], list[ParseError]]:
    """The records of one library's text, and what could not be read."""
    if suffix == ".bib":
        return parse.parse(text, label)
    problems: list[ParseError] = []
    if suffix == ".ris":
        try:
            items: list[tuple[int, object]] = list(ris.read_lines(text, lenient=True))
        except ValueError as e:
            line = re.match(r"line (\d+)", str(e))
            return [], [ParseError(str(e), source=Source(label, int(line.group(1)) if line else 1))]
    else:
        try:
            items = _items(text)
        except json.JSONDecodeError as e:
            return [], [ParseError(f"not JSON: {e.msg}", source=Source(label, e.lineno))]
        if not items:
            return [], [ParseError("CSL-JSON is a list of items; there are none", source=Source(label, 1))]
    usable, lines, seen = [], [], set()
    for n, (line, item) in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("type", ""), str):
            problems.append(ParseError(f"record {n} is not a CSL item: set aside", source=Source(label, line)))
            continue
        key = bibfields.key(item.get("id") or f"{Path(label).stem}-{n}")
        while key in seen:
            key += "~"
        seen.add(key)
        usable.append(dict(item, id=key))
        lines.append(line)
    if not usable:
        return [], problems
    form = carrier(usable)
    references, more = parse.parse(form, label)
    # A problem's line in the BibTeX form means nothing to the user: it is told at its record's line.
    starts = [n for n, text_line in enumerate(form.split("\n"), 1) if text_line.startswith("@")]
    record_line = {start: line for start, line in zip(starts, lines)}

    def at(line: int) -> Source:
        return Source(label, record_line.get(_entry_start(starts, line), 1))

    references = [replace(r, source=at(r.source.line)) for r in references]
    return references, problems + [ParseError(str(p.args[0]), source=at(p.source.line if p.source else 1), field=p.field)
                                   for p in more]


def _entry_start(starts: list[int], line: int) -> int:
    """The first line of the BibTeX entry that holds line."""
    return starts[max(0, bisect.bisect_right(starts, line) - 1)] if starts else 1


def read_libraries(refs: Path, taken: set[str] = frozenset()) -> tuple[list[Reference], list[ParseError]]:  # type: ignore[assignment]
    """Every entry of every imported library, and what was set aside. A key another library or paper used
    first is kept apart as key~<library> and reported."""
    references: list[Reference] = []
    problems: list[ParseError] = []
    for path in library_files(refs):
        label = str(path.relative_to(refs.parent))
        try:
            text = textfile.read(path, label, ParseError, limits.MAX_BIB_BYTES)
        except ParseError as e:
            problems.append(e)
            continue
        found, bad = read_text(text, path.suffix, label)
        references += found
        problems += bad
    seen = set(taken)
    out = []
    for ref in references:
        if ref.key in seen:
            key = f"{ref.key}~{Path(ref.source.file).stem}"
            problems.append(ParseError(f"key {ref.key!r} is used in another library or paper: kept apart as "
                                       f"{key!r}", source=ref.source))
            ref = Reference(key, ref.kind, ref.fields, ref.source, ref.occurrences, ref.csl)
        seen.add(ref.key)
        out.append(ref)
    return out, problems


def _free_name(refs: Path, path: Path, suffix: str) -> Path:
    stem = re.sub(r"[^\w.-]+", "-", path.stem).strip("-.") or "library"
    target, n = folder(refs) / f"{stem}{suffix}", 1
    while any(folder(refs).glob(f"{target.stem}.*")):
        n += 1
        target = folder(refs) / f"{stem}-{n}{suffix}"
    return target
