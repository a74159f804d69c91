"""build(): the stages in order, from refs/ to a library file. Nothing is written unless every input reads."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from refsvc import (decisions, dedupe, extract, journals, labelled, libraries, limits, link, normalise, papers, parse,
                    store, textfile)
from refsvc.errors import LinkError, ManifestError, ParseError, RefsvcError
from refsvc.formats import coins, highwire, styles
from refsvc.model import Bibliography, Citation, Paper, Reference, Source, Work, WorkFormatting


@dataclass(frozen=True)
class BuildResult:
    """What a build made, and the problems it reported but could go on past."""

    papers: int
    references: int
    works: int
    merged: int
    citations: int = 0
    warnings: tuple[RefsvcError, ...] = field(default_factory=tuple)


class BuildError(RefsvcError):
    """The inputs could not all be read; carries every problem found."""

    def __init__(self, problems: list[RefsvcError]):
        super().__init__(f"{len(problems)} problem(s); the library was not written")
        self.problems = problems


def build(refs: Path, database: Path, *, strict: bool = False) -> BuildResult:
    """Parse every paper's .bib and every imported library, normalise, dedupe and write the library at
    database atomically. A library entry that cannot be read is set aside and reported as a warning
    (strict: the build stops).

    Raises:
        BuildError: a paper's .bib file is missing or malformed, or (strict) a library entry is; database is
            left as it was.
        RefsvcError: the manifest is unreadable.
    """
    # A folder with libraries and no manifest yet (`refsvc init`, then `import`) is a library of records alone.
    no_papers = not (refs / papers.MANIFEST).exists() and bool(libraries.library_files(refs))
    found_papers = [] if no_papers else papers.load_papers(refs)
    bib_files = [extract.bib_path(refs, p) for p in found_papers]
    missing: list[RefsvcError] = [
        ParseError(f"missing: run `refsvc extract {p.paper_id}`", source=None, field=str(path))
        for p, path in zip(found_papers, bib_files) if not path.is_file()]
    if missing:
        raise BuildError(missing)
    references, problems = parse.parse_files(bib_files, refs.parent)
    if problems:
        raise BuildError(list(problems))
    references += [papers.paper_reference(p) for p in found_papers]
    imported, set_aside = libraries.read_libraries(refs, {r.key for r in references})
    if strict and set_aside:
        raise BuildError(list(set_aside))
    references += imported
    normalised, warnings = normalise.normalise(references, journals.load_journal_names())
    applied, stale = decisions.in_force(decisions.load(refs), (r.key for r in normalised))
    works = dedupe.dedupe(normalised, store.pinned_ids(database), applied)
    citations: list[Citation] = []
    link_warnings: list[LinkError] = []
    texts: dict[str, str] = {}
    stored = []
    for paper in found_papers:
        try:
            text = textfile.read(refs.parent / paper.path, paper.path, LinkError, limits.MAX_PAPER_BYTES)
        except LinkError as e:
            raise BuildError([e]) from e
        texts[paper.paper_id] = text
        # A paper whose manifest names no citation family is stored with the one detected.
        stored.append(replace(paper, style=paper.style or extract.detect_style(text)))
        found, problems = link.link(stored[-1], text, works)
        citations += found
        link_warnings += problems
    store.write(database, stored, works, citations, texts,
                [(str(p.source or ""), p.detail) for p in set_aside], bibliographies(stored, works, citations),
                work_formatting(works, store.formatted_before(database)))
    return BuildResult(
        papers=len(found_papers), references=len(references), works=len(works),
        merged=sum(1 for w in works if len(w.references) > 1), citations=len(citations),
        warnings=(*set_aside, *stale, *warnings, *link_warnings))


def upgrade(refs: Path, database: Path) -> tuple[int, str] | None:
    """A library file written by an older refsvc, rebuilt from refs/ (atomically, as every build): a library is
    made whole from its source, so a rebuild is the migration. (schema, writer) of the file it replaced, or None
    when there was nothing to do (no file, or the current schema).

    Raises:
        BuildError, RefsvcError: as build(); the old file is left as it was.
    """
    found = store.schema_of(database)
    if found is None or found[0] >= int(store.SCHEMA_VERSION):
        return None
    build(refs, database)
    return found


# The style a paper's page shows its bibliography in: a notes paper's is Chicago notes, any other APA.
PAPER_STYLES = {"notes": "chicago-nb", "author-date": "apa", "numeric": "apa"}


def bibliographies(found: Sequence[Paper], works: Sequence[Work], citations: Sequence[Citation]) -> dict[str, Bibliography]:
    """Each paper's bibliography (the works its citations resolve to) and each entry alone for its citations'
    tooltips: formatted here, once a build, since a page that formatted them took the better part of a second.
    A work the style prints no entry for (Chicago: an entry in a reference work, an interview) is left out of
    the bibliography, as Zotero leaves it out; its tooltip is its citation (for Chicago notes, its note)."""
    items = {w.work_id: dict(w.csl, id=w.work_id) for w in works}
    out = {}
    for paper in found:
        cited = [items[w] for w in dict.fromkeys(w for c in citations if c.paper == paper.paper_id for w in c.works)]
        style = PAPER_STYLES.get(paper.style, "apa")
        alone = styles.entries(cited, style) if cited else {}
        tooltips = {key: entry or styles.citation(items[key], style) for key, entry in alone.items()}
        out[paper.paper_id] = Bibliography(style, tuple(styles.bibliography(cited, style, "html")), tooltips)
    return out


# The styles a work's page shows it in, each as an entry and a citation.
WORK_STYLES = ("apa", "chicago-nb", "chicago-ad")


def work_formatting(works: Sequence[Work], before: Mapping[str, str],
                    alone_up_to: int = limits.FORMAT_ALONE_UP_TO) -> dict[str, tuple[str, str]]:
    """Work id -> (key, its WorkFormatting as JSON): what the work's page shows made by the formatters (entries
    and citations in WORK_STYLES, COinS, Highwire tags), made here once a build: formatting them made a page's
    first view take 61 ms (p50 over HTTP, 22,600 works; 4 ms now).
    before: key -> that JSON, from the library this build replaces; a work whose item and formatter are what
    they were then (the key: both hashed) keeps it, so a rebuild formats only new and changed works. More than
    alone_up_to to format are shared among processes, one a CPU."""
    # (the schema's version too: it changes when what a row holds does)
    fingerprint = store.SCHEMA_VERSION + styles.fingerprint(WORK_STYLES)
    out, changed = {}, []
    for work in works:
        item = dict(work.csl, id=work.work_id)
        key = hashlib.sha256((fingerprint + json.dumps(item, sort_keys=True)).encode()).hexdigest()
        if key in before:
            out[work.work_id] = (key, before[key])
        else:
            changed.append((key, item))
    items = [item for _, item in changed]
    workers = min(os.cpu_count() or 1, -(-len(items) // max(1, alone_up_to)))
    if workers > 1:
        # Formatting is CPU-bound Python (~4.5 ms a work): a 22,600-work library is 100 s on one core. Spawned,
        # not forked: a build may run in a threaded server process (a write's rebuild).
        size = -(-len(items) // (workers * 4))
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            texts = [text for part in pool.map(_formatted, [items[i:i + size] for i in range(0, len(items), size)])
                     for text in part]
    else:
        texts = _formatted(items)
    for (key, item), text in zip(changed, texts):
        out[item["id"]] = (key, text)
    return out


def _formatted(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """Each item's WorkFormatting, as JSON."""
    per_style = [(styles.entries(items, style, "html"), style) for style in WORK_STYLES]
    return [json.dumps(WorkFormatting(
        tuple((entries[item["id"]], styles.citation(item, style)) for entries, style in per_style),
        coins.encode(item), tuple(highwire.tags(item))).to_json(), ensure_ascii=False) for item in items]


# BibTeX field -> the CSL variable it becomes, for confidences reported with CSL items
_CSL_NAMES = {"journal": "container-title", "booktitle": "container-title", "address": "publisher-place",
              "number": "issue", "pages": "page", "date": "issued", "type": "genre", "doi": "DOI", "url": "URL",
              "isbn": "ISBN", "series": "collection-title"}


def read_references(text: str, file: str, *, one_per_line: bool = False) -> list[dict[str, Any]]:
    """Printed references as CSL-JSON items, in input order: a reference list as printed (entries split as
    a list prints them) or, one_per_line, exactly one item per non-empty line.

    Each item's id is `line-N` (the line it starts on) and its `custom` holds the reference as printed
    (`raw`), its labelled spans in printed order (`labels`: [label, text]), the model's confidence per field
    read (`confidence`) and, where nothing was read, `unreadable`.
    """
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()] if one_per_line \
        else labelled.split_list(text)
    journal_names = journals.load_journal_names()
    items = []
    entries = labelled.with_repeated_authors(labelled.read_all([raw for _, raw in lines]))
    for (lineno, raw), entry in zip(lines, entries):
        ref = Reference(key=f"line-{lineno}", kind=entry.kind, fields=entry.fields, source=Source(file, lineno))
        csl, _problems = normalise.to_csl(ref, journal_names)
        custom: dict[str, Any] = {"raw": raw, "confidence": {_CSL_NAMES.get(k, k): v for k, v in entry.confidence.items()},
                                  "labels": [[f.label, f.text] for f in entry.labels]}
        if not any(k in entry.fields for k in ("title", "author", "date")):
            custom["unreadable"] = True
        if entry.unread:
            custom["unread"] = list(entry.unread)
        items.append({"id": ref.key, **csl, "custom": custom})
    return items


def decide(refs: Path, database: Path, who: str, command: str, *names: str) -> tuple[int, BuildResult]:
    """Record who's decision (merge, reject, confirm or split) about the library's works and rebuild; the
    number of decisions recorded and the build. The caller holds the write lock, so that the works decided
    about are the ones the decision is recorded against.

    Raises:
        DecisionError: a name is no work or record, or the command cannot apply; nothing is written.
    """
    with store.open_library(database) as conn:
        works = store.load(conn).works
    made = decisions.decide(command, works, who, decisions.now(), *names)
    decisions.record(refs, made)
    return len(made), build(refs, database)


def paper_text(raw: bytes, label: str) -> str:
    """A paper's text from the bytes a user gives: a PDF's text layer, or text in any encoding.

    Raises:
        ManifestError: a PDF without a text layer, a binary file, or text over the size limit.
    """
    if raw.startswith(b"%PDF"):
        return textfile.pdf_text(raw, label, ManifestError)
    return textfile.decode_any(raw, label, ManifestError, limits.MAX_PAPER_BYTES)[0]


@dataclass(frozen=True)
class Added:
    paper_id: str
    text_file: Path
    bib_file: Path
    entries: int
    warnings: tuple[RefsvcError, ...]
    build: BuildResult


def add_paper(refs: Path, database: Path, text: str, label: str, paper_id: str, entry: dict[str, Any]) -> Added:
    """Add a paper (its text and manifest entry: title, authors, year, optional style), extract its
    references and rebuild; the caller holds the write lock.

    Raises:
        ExtractError: the paper has no reference section; ManifestError: the entry is not valid or the id is
            taken; BuildError: the library cannot be rebuilt with it. Nothing is left written in any case: a
            failed rebuild takes the paper, its .bib and its manifest entry out again.
    """
    probe = Paper(paper_id, str(entry.get("title", "")), tuple(entry.get("authors", ())), int(entry.get("year", 0)),
                  str(entry.get("style", "")), label)
    extract.extract(probe, text)  # no reference section: refused before anything is written
    manifest = refs / papers.MANIFEST
    before = manifest.read_text(encoding="utf-8") if manifest.is_file() else None
    target = papers.add(refs, paper_id, text, entry)
    added = next(p for p in papers.load_papers(refs) if p.paper_id == paper_id)
    bib = extract.bib_path(refs, added)
    try:
        bib, count, problems = extract.extract_paper(refs, added)
        return Added(paper_id, target, bib, count, tuple(problems), build(refs, database))
    except BaseException:
        if before is None:
            manifest.unlink(missing_ok=True)
        else:
            textfile.write_atomic(manifest, before)
        target.unlink(missing_ok=True)
        bib.unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Duplicates:
    """What `refsvc dedupe` finds in files: every readable record's id in exactly one cluster, the pairs
    near a match, and what could not be read."""

    clusters: list[list[str]]
    possible: list[tuple[str, str, float]]
    unreadable: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"clusters": self.clusters, "possible": [list(p) for p in self.possible], "unreadable": self.unreadable}


def find_duplicates(paths: list[Path]) -> Duplicates:
    """Duplicates among the records of library files (BibTeX, RIS, CSL-JSON), nothing stored (JabRef's
    duplicate finder). A file that cannot be read at all is one unreadable item; an id used in two files is
    told apart as id~file. Records are normalised one at a time and passed on as they are read: no more than
    one file's records are held at once.

    Raises:
        ParseError: a file is missing.
    """
    for path in paths:
        if not path.is_file():
            raise ParseError("no such file", source=Source(str(path), 0))
    unreadable: list[dict[str, Any]] = []
    shown: dict[str, str] = {}  # a record's key here -> the id it is shown by
    names: set[str] = set()
    journal_names = journals.load_journal_names()

    def records() -> Iterator[Reference]:
        for path in paths:
            try:
                found, problems, given = libraries.read_file(path)
            except ParseError as e:
                unreadable.append({"file": str(path), "line": e.source.line if e.source else 0, "error": e.detail})
                continue
            unreadable.extend({"file": str(path), "line": p.source.line if p.source else 0, "error": p.detail}
                              for p in problems)
            for ref in found:
                name = given.get(ref.key, ref.key)
                key = ref.key if ref.key not in shown else f"{ref.key}~{path.name}"
                shown[key] = name if name not in names else f"{name}~{path.name}"
                names.add(shown[key])
                yield replace(ref, key=key, csl=normalise.to_csl(ref, journal_names)[0])

    grouping = dedupe.group(records())
    name = [shown[key] for key in grouping.keys]
    clusters = [[name[i] for i in members] for members in sorted(grouping.groups.values())]
    possible = [(name[i], name[j], round(score, 3)) for i, j, score in grouping.possible()]
    return Duplicates(clusters, possible, unreadable)
