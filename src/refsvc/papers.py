"""The paper manifest (refs/papers/papers.json) -> [Paper]. The first stage: everything starts here."""
from __future__ import annotations

import json
import re
from pathlib import Path

from refsvc import limits, textfile
from refsvc.folding import fold
from refsvc.errors import ManifestError
from refsvc.formats import csljson
from refsvc.model import Paper, Reference, Source

MANIFEST = "papers/papers.json"
MANIFEST_LABEL = "refs/papers/papers.json"
STYLES = ("author-date", "notes", "numeric")
REQUIRED = ("id", "file", "title", "authors", "year")  # no style: extract detects the paper's citation family
PAPER_ID_RE = re.compile(r"[a-z][a-z0-9_-]{0,63}")  # used with fullmatch: no trailing newline slips through
OPTIONAL_TEXT = ("date", "type", "publisher", "journaltitle", "url", "doi", "origin")


def load_papers(refs: Path) -> list[Paper]:
    """The papers listed in refs/papers/papers.json, in manifest order.

    Raises:
        ManifestError: the manifest is missing, not JSON, or an entry lacks a field or names a missing file.
    """
    path = refs / MANIFEST
    label = _label(path, refs)
    text = textfile.read(path, label, ManifestError, limits.MAX_PAPER_BYTES)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ManifestError(f"not valid JSON: {e.msg}", source=Source(label, e.lineno)) from e
    if not isinstance(data, list):
        raise ManifestError("the manifest must be a JSON array of papers", source=Source(label, 1))
    if not data:
        # A build from an empty manifest would replace the library with an empty one.
        raise ManifestError("the manifest lists no papers; a library needs at least one", source=Source(label, 1))
    if len(data) > limits.MAX_PAPERS:
        raise ManifestError(f"{len(data)} papers: more than the limit of {limits.MAX_PAPERS}", source=Source(label, 1))
    papers, seen = [], set()
    for index, item in enumerate(data):
        where = Source(label, _line_of(text, index))
        papers.append(_paper(item, where, refs))
        if papers[-1].paper_id in seen:
            raise ManifestError(f"duplicate paper id {papers[-1].paper_id!r}", source=where, field="id")
        seen.add(papers[-1].paper_id)
    return papers


def _paper(item: object, where: Source, refs: Path) -> Paper:
    if not isinstance(item, dict):
        raise ManifestError("each paper must be a JSON object", source=where)
    for name in REQUIRED:
        if name not in item:
            raise ManifestError("missing", source=where, field=name)
    for name in ("id", "file", "title", *(n for n in ("style", *OPTIONAL_TEXT) if n in item)):
        if not isinstance(item[name], str) or not item[name].strip():
            raise ManifestError(f"must be a non-empty string, not {_shown(item[name])}", source=where, field=name)
        if len(item[name]) > limits.MAX_FIELD_CHARS:
            raise ManifestError(f"{len(item[name]):,} characters: more than the limit of {limits.MAX_FIELD_CHARS:,}",
                                source=where, field=name)
    if not PAPER_ID_RE.fullmatch(item["id"]):
        raise ManifestError(f"{item['id']!r} is not a paper id (a-z first, then a-z, 0-9, - and _; at most 64)",
                            source=where, field="id")
    if item.get("style", STYLES[0]) not in STYLES:
        raise ManifestError(f"{item['style']!r} is not one of {', '.join(STYLES)} (or leave it out to have it "
                            "detected)", source=where, field="style")
    if item.get("type", "article-journal") not in csljson.TYPES:
        raise ManifestError(f"{item['type']!r} is not a CSL item type (article-journal, report, book, chapter, "
                            "thesis ...)", source=where, field="type")
    authors = item["authors"]
    if not isinstance(authors, list) or not authors or not all(
            isinstance(a, str) and a.strip() and len(a) <= limits.MAX_FIELD_CHARS for a in authors):
        raise ManifestError(f'must be a list of names, e.g. ["Ada Lovelace", "Alan Turing"], not {_shown(authors)}',
                            source=where, field="authors")
    year = item["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise ManifestError(f"{_shown(year)} is not a year", source=where, field="year")
    file = _paper_file(item["file"], where, refs)
    extra = {k: v for k, v in item.items() if k not in (*REQUIRED, "style")}
    return Paper(
        paper_id=item["id"],
        title=item["title"],
        authors=tuple(authors),
        year=year,
        style=item.get("style", ""),
        path=_label(file, refs),
        extra=extra,
    )


def _paper_file(name: str, where: Source, refs: Path) -> Path:
    """The paper's file, which must be a readable file inside refs/papers/ (no way out through .. or links)."""
    folder = (refs / "papers").resolve()
    file = (folder / name).resolve()
    if not file.is_relative_to(folder) or file == folder:
        raise ManifestError(f"{name!r} is outside refs/papers/: name a file in that folder", source=where, field="file")
    if not file.is_file():
        raise ManifestError(f"no such file: {refs / 'papers' / name}", source=where, field="file")
    if file.stat().st_size > limits.MAX_PAPER_BYTES:
        raise ManifestError(f"{name} is larger than the limit of {limits.MAX_PAPER_BYTES // 2**20} MB",
                            source=where, field="file")
    return refs / "papers" / file.relative_to(folder)


def _shown(value: object) -> str:
    """A JSON value as the user wrote it, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _label(path: Path, refs: Path) -> str:
    """A path as users see it: relative to the folder that holds refs/."""
    try:
        return str(path.relative_to(refs.parent))
    except ValueError:
        return str(path)


def _line_of(text: str, index: int) -> int:
    """The line where the index-th top-level object of the manifest starts (1-based)."""
    depth, count = 0, -1
    for lineno, line in enumerate(text.splitlines(), 1):
        for char in line:
            if char in "{[":
                depth += 1
                if char == "{" and depth == 2:
                    count += 1
                    if count == index:
                        return lineno
            elif char in "}]":
                depth -= 1
    return 1


# CSL type in the manifest -> BibTeX entry type of the paper's own record
_BIBTEX_KIND = {"article-journal": "article", "report": "report", "book": "book", "chapter": "incollection",
                "thesis": "thesis", "paper-conference": "inproceedings", "webpage": "online"}


def paper_reference(paper: Paper) -> Reference:
    """The paper itself as a Reference, so that the library holds the citing papers as works too."""
    fields = {
        "author": " and ".join(_family_first(name) for name in paper.authors),
        "title": paper.title,
        "date": str(paper.extra.get("date") or paper.year),
    }
    for name in ("publisher", "journaltitle", "url", "doi"):
        if paper.extra.get(name):
            fields[name] = str(paper.extra[name])
    kind = _BIBTEX_KIND.get(str(paper.extra.get("type", "")), "article")
    if paper.extra.get("type") in csljson.TYPES:  # (an @article dated to the day would read as a newspaper's)
        fields[csljson.TYPE_FIELD] = str(paper.extra["type"])
    if kind == "report" and "publisher" in fields:
        fields["institution"] = fields.pop("publisher")
    return Reference(key=paper.paper_id, kind=kind, fields=fields, source=Source(MANIFEST_LABEL, 1))


def _family_first(name: str) -> str:
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name


def add(refs: Path, paper_id: str, text: str, entry: dict[str, object]) -> Path:
    """Write a new paper's text to refs/papers/<paper_id>.txt and its entry at the end of the manifest,
    checked as load_papers checks every entry; the paper's text file path.

    Raises:
        ManifestError: the entry is not valid, or the id or the file is taken; nothing is written.
    """
    path = refs / MANIFEST
    label = _label(path, refs)
    data = json.loads(textfile.read(path, label, ManifestError, limits.MAX_PAPER_BYTES)) if path.is_file() else []
    if not isinstance(data, list):
        raise ManifestError("the manifest must be a JSON array of papers", source=Source(label, 1))
    if any(isinstance(item, dict) and item.get("id") == paper_id for item in data):
        raise ManifestError(f"there is a paper {paper_id!r} already: give another --id", source=Source(label, 1),
                            field="id")
    target = refs / "papers" / f"{paper_id}.txt"
    if target.exists():
        raise ManifestError(f"{target} exists already: give another --id", source=Source(label, 1), field="id")
    item = {"id": paper_id, "file": target.name, **entry}
    textfile.write_atomic(target, text)
    try:
        _paper(item, Source(label, len(data) + 1), refs)
    except ManifestError:
        target.unlink()
        raise
    textfile.write_atomic(path, json.dumps([*data, item], ensure_ascii=False, indent=2) + "\n")
    return target


def guess(text: str) -> dict[str, object]:
    """What the opening of a paper's text shows: its title (the first line), its authors (a line of names
    after it) and a year (the first in its first lines); only what is there."""
    lines = [re.sub(r"^#+\s*", "", line).strip() for line in text.splitlines()[:40] if line.strip()]
    out: dict[str, object] = {}
    if lines and len(lines[0]) <= 300:
        out["title"] = lines[0]
    if len(lines) > 1:
        names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+|;|&", lines[1]) if n.strip()]
        if names and all(re.fullmatch(r"[A-ZÀ-Þ][\w'’.-]*(?:\s+[\w'’.-]+){0,4}", n) and not re.search(r"\d", n)
                         for n in names):
            out["authors"] = names
    year = next((m.group(0) for line in lines for m in [re.search(r"\b(?:19|20)\d\d\b", line)] if m), None)
    if year:
        out["year"] = int(year)
    return out


def suggested_id(authors: list[str], year: int) -> str:
    """'orr2023' from the first author's surname and the year, as a paper id must be spelled."""
    surname = fold(authors[0].split()[-1] if authors else "paper").replace(" ", "")
    paper_id = re.sub(r"[^a-z0-9]", "", surname) or "paper"
    return (paper_id if paper_id[0].isalpha() else f"p{paper_id}")[:56] + str(year)
