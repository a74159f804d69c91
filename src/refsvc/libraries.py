"""Libraries a user brings (the .bib files Zotero, JabRef, Mendeley or EndNote export) -> refs/libraries/.

An import reads the file in whatever encoding it was saved in, parses every entry as parse reads a paper's
.bib, and keeps a UTF-8 copy under refs/libraries/ so that every build reads it again: importing is adding a
file, and building reproduces the library from refs/ alone. Entries that cannot be read are reported with
file:line and set aside; they never sink the rest unless the import is strict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from refsvc import limits, parse, textfile
from refsvc.errors import ParseError
from refsvc.model import Reference, Source

FOLDER = "libraries"


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
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ParseError(f"cannot read: {e.strerror or e}", source=Source(str(path), 0)) from e
    text, encoding = textfile.decode_any(raw, str(path), ParseError, limits.MAX_BIB_BYTES)
    found, problems = parse.parse(text, str(path))
    if strict and problems:
        raise ParseError(f"{len(problems)} problem(s), the first: {problems[0]}; nothing imported (--strict)",
                         source=problems[0].source)
    if not found:
        raise ParseError("no entry could be read; nothing imported", source=Source(str(path), 1))
    same = next((p for p in library_files(refs) if p.read_text(encoding="utf-8") == text), None)
    if same is not None:
        return Imported(str(path), same, encoding, len(found), tuple(problems), added=False)
    target = _free_name(refs, path)
    textfile.write_atomic(target, text)
    return Imported(str(path), target, encoding, len(found), tuple(problems), added=True)


def library_files(refs: Path) -> list[Path]:
    return sorted(folder(refs).glob("*.bib"))


def read_libraries(refs: Path, taken: set[str] = frozenset()) -> tuple[list[Reference], list[ParseError]]:  # type: ignore[assignment]
    """Every entry of every imported library, and what was set aside. A key another library or paper used
    first is kept apart as key~<library> and reported."""
    references, problems = parse.parse_files(library_files(refs), refs.parent)
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


def _free_name(refs: Path, path: Path) -> Path:
    stem = re.sub(r"[^\w.-]+", "-", path.stem).strip("-.") or "library"
    target, n = folder(refs) / f"{stem}.bib", 1
    while target.exists():
        n += 1
        target = folder(refs) / f"{stem}-{n}.bib"
    return target
