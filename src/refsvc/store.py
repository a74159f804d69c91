"""The only SQL: the library schema, an atomic build, and the queries that read it back as model objects."""
from __future__ import annotations

import glob
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from refsvc import __version__
from refsvc.errors import LibraryUnavailable, StoreError

__all__ = ["StoreError"]
from refsvc.model import (Agreement, Bibliography, Citation, Claim, Conflict, Decision, Library, Merge, Occurrence,
                          Paper, Possible, Reference, Source, Work, WorkFormatting)

SCHEMA_VERSION = "8"
MMAP_BYTES = 1 << 30  # a limit on the address space a connection maps, not memory used
NO_AUTHOR = "\U0010ffff"  # the sort key of a work with no author: after every name


def write(path: Path, papers: Sequence[Paper], works: Sequence[Work], citations: Sequence[Citation] = (),
          texts: Mapping[str, str] | None = None, set_aside: Sequence[tuple[str, str]] = (),
          bibliographies: Mapping[str, Bibliography] | None = None,
          formatted: Mapping[str, tuple[str, str]] | None = None) -> None:
    """Write a whole library to path atomically: readers see the old file or the new one, never a mix.
    set_aside: (where, why) of each library entry the build could not read, for `refsvc check`;
    bibliographies: paper id -> its bibliography as formatted; formatted: work id -> (key, JSON) as its page
    shows it (pipeline.work_formatting).

    Raises:
        StoreError: the library cannot be written; the file at path is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    # The writer's pid in the name lets a later build tell a killed build's leftovers from a running one's.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.executescript(resources.files("refsvc").joinpath("schema.sql").read_text(encoding="utf-8"))
            with conn:
                _insert(conn, papers, works, texts or {})
                _insert_citations(conn, citations)
                conn.executemany("INSERT INTO bibliographies VALUES (?, ?, ?, ?)", [
                    (paper_id, b.style, _json([list(e) for e in b.entries]), _json(dict(b.tooltips)))
                    for paper_id, b in (bibliographies or {}).items()])
                conn.executemany("INSERT INTO formatted VALUES (?, ?, ?)",
                                 [(work_id, key, text) for work_id, (key, text) in (formatted or {}).items()])
                conn.execute("INSERT INTO meta VALUES ('set_aside', ?)", (json.dumps(
                    [{"where": w, "why": y} for w, y in set_aside], ensure_ascii=False),))
        finally:
            conn.close()
        os.replace(tmp, path)
    except (sqlite3.Error, OSError) as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise StoreError(f"cannot write the library {path}: {e}") from e


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete what killed builds of the library at path left behind (temporary file and SQLite journal);
    a temporary of a build still running is kept. Returns what was deleted."""
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        writer = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if writer.isdigit() and _running(int(writer)):
            continue
        for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
            try:
                leftover.unlink()
                removed.append(leftover)
            except FileNotFoundError:
                pass
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _insert(conn: sqlite3.Connection, papers: Sequence[Paper], works: Sequence[Work], texts: Mapping[str, str]) -> None:
    conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    conn.execute("INSERT INTO meta VALUES ('written_by', ?)", (f"refsvc {__version__}",))
    work_of = {r.key: w.work_id for w in works for r in w.references}
    for n, paper in enumerate(papers):
        conn.execute(
            "INSERT INTO papers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (paper.paper_id, n, paper.title, json.dumps(list(paper.authors), ensure_ascii=False), paper.year,
             paper.style, paper.path, work_of.get(paper.paper_id), texts.get(paper.paper_id, "")),
        )
    record_n = 0
    for n, work in enumerate(works):
        csl = dict(work.csl, id=work.work_id)
        authors = display_names(csl.get("author") or csl.get("editor") or [])
        year = _year(csl)
        conn.execute(
            "INSERT INTO works (rowid, work_id, ordinal, type, year, author_key, title_key, title, authors, container, "
            "csl) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (n + 1, work.work_id, n, csl.get("type", ""), year, authors.casefold() or NO_AUTHOR,
             csl.get("title", "").casefold(), csl.get("title", ""), authors, csl.get("container-title", ""), _json(csl)),
        )
        conn.execute(
            "INSERT INTO works_fts (rowid, title, authors, container, year, abstract, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (n + 1, csl.get("title", ""), authors, csl.get("container-title", ""), str(year or ""),
             csl.get("abstract", ""), csl.get("note", "")),
        )
        for k, decision in enumerate(work.decisions):
            conn.execute("INSERT INTO decisions VALUES (?, ?, ?)", (work.work_id, k, _json(decision.to_json())))
        for ref in work.references:
            conn.execute(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (ref.key, work.work_id, record_n, ref.kind, _json(dict(ref.fields)), _json(dict(ref.csl)),
                 ref.source.file, ref.source.line),
            )
            record_n += 1
            conn.executemany(
                "INSERT INTO occurrences VALUES (?, ?, ?, ?, ?)",
                [(ref.key, i, o.paper, o.locator, o.raw) for i, o in enumerate(ref.occurrences)],
            )
        conn.executemany(
            "INSERT INTO merges VALUES (?, ?, ?, ?, ?, ?)",
            [(work.work_id, i, m.left, m.right, m.score, _json(m.to_json()["fields"])) for i, m in enumerate(work.merges)],
        )
        conn.executemany(
            "INSERT INTO possible VALUES (?, ?, ?, ?, ?, ?)",
            [(work.work_id, i, p.left, p.right, p.other, p.score) for i, p in enumerate(work.possible)],
        )
        conn.executemany(
            "INSERT INTO conflicts VALUES (?, ?, ?, ?)",
            [(work.work_id, i, c.field, _json(c.to_json())) for i, c in enumerate(work.conflicts)],
        )


def _insert_citations(conn: sqlite3.Connection, citations: Sequence[Citation]) -> None:
    claim_ids: dict[tuple[str, int, int], int] = {}
    for n, c in enumerate(citations):
        key = (c.claim.paper, c.claim.paragraph, c.claim.sentence)
        if key not in claim_ids:
            claim_ids[key] = len(claim_ids) + 1
            conn.execute("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (claim_ids[key], *key, c.claim.text, c.claim.start, c.claim.end, c.claim.section))
            conn.execute("INSERT INTO claims_fts (rowid, text) VALUES (?, ?)", (claim_ids[key], c.claim.text))
        conn.execute("INSERT INTO citations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (n + 1, c.paper, claim_ids[key], c.marker, c.marker_start, c.marker_end, c.kind, c.status, c.detail))
        conn.executemany("INSERT INTO citation_works VALUES (?, ?, ?)", [(n + 1, i, w) for i, w in enumerate(c.works)])
    conn.execute("INSERT INTO work_papers SELECT o.paper_id, r.work_id FROM occurrences o JOIN records r USING (record_key) "
                 "UNION SELECT c.paper_id, cw.work_id FROM citations c JOIN citation_works cw USING (citation_id)")


def pinned_ids(path: Path) -> dict[str, str]:
    """Record key -> work id from an existing library, so a rebuild keeps ids; {} when there is none."""
    return _before(path, "SELECT record_key, work_id FROM records")


def formatted_before(path: Path) -> dict[str, str]:
    """Key -> formatted JSON of every work in an existing library (see write()), for a rebuild to keep what
    has not changed; {} when there is none."""
    return _before(path, "SELECT key, entries FROM formatted")


def _before(path: Path, query: str) -> dict[str, str]:
    """The two columns a query reads from the library a build replaces, as a dict; {} when there is none, or
    it cannot be read (an older schema, a broken file): the build then keeps nothing of it, and replaces it."""
    if not path.is_file():
        return {}
    try:
        with _connect(path) as conn:
            return dict(conn.execute(query).fetchall())
    except sqlite3.Error:
        return {}


def coins_of(conn: sqlite3.Connection, work_ids: Sequence[str]) -> dict[str, str]:
    """Work id -> its COinS span's title, as the build made it (model.WorkFormatting), for a page of works."""
    marks = ",".join("?" * len(work_ids))
    return dict(conn.execute(f"SELECT work_id, json_extract(entries, '$.coins') FROM formatted WHERE work_id IN ({marks})",
                             list(work_ids)).fetchall()) if work_ids else {}


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()


def schema_of(path: Path) -> tuple[int, str] | None:
    """(schema version, the refsvc that wrote it) of the library file at path; None when there is none or it is
    not a refsvc library."""
    if not path.is_file():
        return None
    with _connect(path) as conn:
        return _versions(conn)


def _versions(conn: sqlite3.Connection) -> tuple[int, str] | None:
    try:
        rows = dict(conn.execute("SELECT name, value FROM meta WHERE name IN ('schema', 'written_by')"))
    except sqlite3.DatabaseError:
        return None
    if not str(rows.get("schema", "")).isdigit():
        return None
    return int(rows["schema"]), rows.get("written_by", "a refsvc that did not record its version")


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection to a built library; the caller closes it.

    Raises:
        StoreError: there is no library at path, it is not one, or another version of refsvc wrote it (a newer
            one: upgrade refsvc; an older one: `refsvc build` rebuilds it, as any command but build does itself).
    """
    if not path.is_file():
        raise LibraryUnavailable(f"no library at {path}: run `refsvc build` first")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    found = _versions(conn)
    if found is None or found[0] != int(SCHEMA_VERSION):
        conn.close()
    if found is None:
        raise LibraryUnavailable(f"{path} is not a refsvc library: rebuild it with `refsvc build`")
    schema, writer = found
    if schema > int(SCHEMA_VERSION):
        raise LibraryUnavailable(f"{path} was written by {writer} (library schema {schema}), newer than this refsvc "
                                 f"{__version__} (schema {SCHEMA_VERSION}): upgrade refsvc, or rebuild the library "
                                 "from refs/ with this one (`refsvc build`)")
    if schema < int(SCHEMA_VERSION):
        raise LibraryUnavailable(f"{path} was written by {writer} (library schema {schema}); this refsvc reads "
                                 f"schema {SCHEMA_VERSION}: run `refsvc build` to rebuild it from refs/")
    # Reading through the OS's page cache (shared by every worker) instead of SQLite's 2 MB one per connection:
    # a search that filters thousands of matches by year or type reads their rows at memory speed.
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    return conn


@contextmanager
def open_library(path: Path) -> Iterator[sqlite3.Connection]:
    """connect(path) for the length of a with-block.

    Raises:
        StoreError: as connect().
    """
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


def load(conn: sqlite3.Connection) -> Library:
    """The whole library: papers in manifest order, works in build order, each with its references."""
    return Library(papers=tuple(load_papers(conn)), works=tuple(_works(conn)), citations=tuple(_citations(conn)))


def load_papers(conn: sqlite3.Connection) -> list[Paper]:
    """The papers, in manifest order."""
    return [Paper(paper_id=row[0], title=row[1], authors=tuple(json.loads(row[2])), year=row[3], style=row[4],
                  path=row[5], work_id=row[6] or "")
            for row in conn.execute(
                "SELECT paper_id, title, authors, year, style, source, work_id FROM papers ORDER BY ordinal")]


def load_paper(conn: sqlite3.Connection, paper_id: str) -> tuple[Paper, str] | None:
    """A paper and its text, or None when there is no such paper."""
    paper = next((p for p in load_papers(conn) if p.paper_id == paper_id), None)
    if paper is None:
        return None
    (text,) = conn.execute("SELECT text FROM papers WHERE paper_id = ?", (paper_id,)).fetchone()
    return paper, text


def load_work(conn: sqlite3.Connection, work_id: str) -> Work | None:
    """One work with its references, merges and conflicts, or None: in one query (the seven queries it took were
    an eighth of a page's first view)."""
    row = conn.execute(_WORK_QUERY.format(more=""), (work_id,)).fetchone()
    return None if row is None else _work(conn, work_id, row)


def work_page(conn: sqlite3.Connection, work_id: str) -> tuple[Work, WorkFormatting | None, bool] | None:
    """What a work's page reads, in one query: the work (as load_work), what the build formatted for it
    (model.WorkFormatting) and whether any paper cites it; None when there is no such work."""
    row = conn.execute(_WORK_QUERY.format(more=_PAGE_COLUMNS), (work_id,)).fetchone()
    if row is None:
        return None
    formatted = WorkFormatting.from_json(json.loads(row[-2])) if row[-2] is not None else None
    return _work(conn, work_id, row[:-2]), formatted, bool(row[-1])


def _work(conn: sqlite3.Connection, work_id: str, row: Sequence[str]) -> Work:
    csl, records, merges, conflicts, decided, possible = (json.loads(column) for column in row)
    # Scores as stored, to the last bit (SQLite writes a REAL into JSON with 15 digits): for the few works with any.
    merge_scores = _scores(conn, "merges", work_id) if merges else []
    possible_scores = _scores(conn, "possible", work_id) if possible else []
    references = tuple(
        Reference(key=key, kind=kind, fields=fields, source=Source(file, line), csl=record_csl,
                  occurrences=tuple(Occurrence(paper, locator, raw) for paper, locator, raw in occurrences))
        for key, kind, fields, record_csl, file, line, occurrences in records)
    return Work(
        work_id=work_id, csl=csl, references=references,
        merges=tuple(Merge(left, right, score, tuple(Agreement(f["field"], f["score"], f["note"]) for f in fields))
                     for (left, right, fields), score in zip(merges, merge_scores)),
        conflicts=tuple(_conflict(d) for d in conflicts),
        decisions=tuple(Decision(**d) for d in decided),
        possible=tuple(Possible(left, right, score, other) for (left, right, other), score in zip(possible, possible_scores)))


def _scores(conn: sqlite3.Connection, table: str, work_id: str) -> list[float]:
    return [score for (score,) in conn.execute(f"SELECT score FROM {table} WHERE work_id = ? ORDER BY ordinal", (work_id,))]


# One work and what hangs off it, each list in its order, as JSON arrays.
_WORK_QUERY = """
SELECT w.csl,
  (SELECT json_group_array(json_array(r.record_key, r.kind, json(r.fields), json(r.csl), r.source_file, r.source_line,
            (SELECT json_group_array(json_array(o.paper_id, o.locator, o.raw))
             FROM (SELECT paper_id, locator, raw FROM occurrences WHERE record_key = r.record_key ORDER BY ordinal) o)))
   FROM (SELECT * FROM records WHERE work_id = w.work_id ORDER BY ordinal) r),
  (SELECT json_group_array(json_array(left_key, right_key, json(fields)))
   FROM (SELECT * FROM merges WHERE work_id = w.work_id ORDER BY ordinal)),
  (SELECT json_group_array(json(detail)) FROM (SELECT detail FROM conflicts WHERE work_id = w.work_id ORDER BY ordinal)),
  (SELECT json_group_array(json(decision))
   FROM (SELECT decision FROM decisions WHERE work_id = w.work_id ORDER BY ordinal)),
  (SELECT json_group_array(json_array(left_key, right_key, other_work_id))
   FROM (SELECT * FROM possible WHERE work_id = w.work_id ORDER BY ordinal)){more}
FROM works w WHERE w.work_id = ?"""
# And, for its page, what the build formatted and whether a paper cites it (most works: none, and no query more).
_PAGE_COLUMNS = """,
  (SELECT entries FROM formatted WHERE work_id = w.work_id),
  EXISTS (SELECT 1 FROM citation_works WHERE work_id = w.work_id)"""


def _conflict(d: Mapping[str, Any]) -> Conflict:
    return Conflict(d["field"], tuple((v["value"], tuple(v["references"])) for v in d["values"]), d["chosen"], d["rule"])


def items_of(conn: sqlite3.Connection, work_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Work id -> its CSL item (id = work id), in one query, for the ids given that exist."""
    marks = ", ".join("?" * len(work_ids))
    return {work_id: json.loads(csl) for work_id, csl in conn.execute(
        f"SELECT work_id, csl FROM works WHERE work_id IN ({marks})", tuple(work_ids))} if work_ids else {}


def item_text(conn: sqlite3.Connection, work_id: str) -> str | None:
    """A work's CSL item (id = work id) as the JSON text stored, or None: what the API sends as it is."""
    row = conn.execute("SELECT csl FROM works WHERE work_id = ?", (work_id,)).fetchone()
    return row[0] if row else None


def titles_of(conn: sqlite3.Connection, work_ids: Sequence[str]) -> dict[str, str]:
    """Work id -> title for the ids given that exist."""
    marks = ", ".join("?" * len(work_ids))
    return dict(conn.execute(f"SELECT work_id, title FROM works WHERE work_id IN ({marks})", tuple(work_ids))) \
        if work_ids else {}


def bibliography_of(conn: sqlite3.Connection, paper_id: str) -> Bibliography | None:
    """A paper's bibliography as formatted at build, or None (a paper with no citation resolved to a work)."""
    row = conn.execute("SELECT style, entries, tooltips FROM bibliographies WHERE paper_id = ?", (paper_id,)).fetchone()
    if row is None:
        return None
    return Bibliography(row[0], tuple((w, e) for w, e in json.loads(row[1])), json.loads(row[2]))


def printed_in(conn: sqlite3.Connection, paper_id: str) -> list[tuple[str, str, str]]:
    """(locator, as printed, work id) of every place the paper names a work in its list or notes, in order."""
    return [tuple(row) for row in conn.execute(  # type: ignore[misc]
        "SELECT o.locator, o.raw, r.work_id FROM occurrences o JOIN records r USING (record_key) "
        "WHERE o.paper_id = ? ORDER BY r.rowid, o.ordinal", (paper_id,))]


def citations_of(conn: sqlite3.Connection, work_id: str) -> list[Citation]:
    """Every citation of a work, in paper order then reading order."""
    return _citations(conn, "c.citation_id IN (SELECT citation_id FROM citation_works WHERE work_id = ?)", (work_id,))


def citations_in(conn: sqlite3.Connection, paper_id: str) -> list[Citation]:
    """Every citation in a paper, in reading order."""
    return _citations(conn, "c.paper_id = ?", (paper_id,))


def _works(conn: sqlite3.Connection) -> list[Work]:
    """Every work, in build order, each list hanging off it in its order."""
    occurrences: dict[str, list[Occurrence]] = {}
    for key, paper, locator, raw in conn.execute(
            "SELECT o.record_key, o.paper_id, o.locator, o.raw FROM occurrences o JOIN records r USING (record_key) "
            "ORDER BY o.record_key, o.ordinal"):
        occurrences.setdefault(key, []).append(Occurrence(paper, locator, raw))
    references: dict[str, list[Reference]] = {}
    for key, wid, kind, fields, csl, file, line in conn.execute(
            "SELECT record_key, work_id, kind, fields, csl, source_file, source_line FROM records ORDER BY ordinal"):
        references.setdefault(wid, []).append(Reference(
            key=key, kind=kind, fields=json.loads(fields), source=Source(file, line),
            occurrences=tuple(occurrences.get(key, ())), csl=json.loads(csl)))
    merges: dict[str, list[Merge]] = {}
    for wid, left, right, score, fields in conn.execute(
            "SELECT work_id, left_key, right_key, score, fields FROM merges ORDER BY work_id, ordinal"):
        agreements = tuple(Agreement(f["field"], f["score"], f["note"]) for f in json.loads(fields))
        merges.setdefault(wid, []).append(Merge(left, right, score, agreements))
    conflicts: dict[str, list[Conflict]] = {}
    for wid, detail in conn.execute("SELECT work_id, detail FROM conflicts ORDER BY work_id, ordinal"):
        conflicts.setdefault(wid, []).append(_conflict(json.loads(detail)))
    decided: dict[str, list[Decision]] = {}
    for wid, decision in conn.execute("SELECT work_id, decision FROM decisions ORDER BY work_id, ordinal"):
        decided.setdefault(wid, []).append(Decision(**json.loads(decision)))
    possible: dict[str, list[Possible]] = {}
    for wid, left, right, other, score in conn.execute(
            "SELECT work_id, left_key, right_key, other_work_id, score FROM possible ORDER BY work_id, ordinal"):
        possible.setdefault(wid, []).append(Possible(left, right, score, other))
    return [Work(work_id=wid, csl=json.loads(csl), references=tuple(references.get(wid, ())),
                 merges=tuple(merges.get(wid, ())), conflicts=tuple(conflicts.get(wid, ())),
                 decisions=tuple(decided.get(wid, ())), possible=tuple(possible.get(wid, ())))
            for wid, csl in conn.execute("SELECT work_id, csl FROM works ORDER BY ordinal")]


def _citations(conn: sqlite3.Connection, where: str = "1", args: tuple[Any, ...] = ()) -> list[Citation]:
    rows = conn.execute(
        "SELECT c.citation_id, c.paper_id, c.marker, c.kind, c.status, c.marker_start, c.marker_end, c.detail, "
        "l.paragraph, l.sentence, l.text, l.start, l.end, l.section, l.claim_id "
        "FROM citations c JOIN claims l USING (claim_id) "
        f"JOIN papers p ON p.paper_id = c.paper_id WHERE {where} ORDER BY p.ordinal, c.marker_start", args).fetchall()
    if not rows:
        return []
    cited: dict[int, list[str]] = {}
    for citation_id, work_id in conn.execute(
            f"SELECT cw.citation_id, cw.work_id FROM citation_works cw JOIN citations c USING (citation_id) "
            f"WHERE {where} ORDER BY cw.citation_id, cw.ordinal", args):
        cited.setdefault(citation_id, []).append(work_id)
    return [Citation(paper, marker, kind, status, tuple(cited.get(cid, ())),
                     Claim(paper, paragraph, sentence, text, start, end, section, claim_id), m_start, m_end, detail, cid)
            for cid, paper, marker, kind, status, m_start, m_end, detail, paragraph, sentence, text, start, end, section,
            claim_id in rows]


@dataclass(frozen=True)
class WorkRow:
    """One line of the works table."""

    work_id: str
    type: str
    year: int | None
    authors: str
    title: str
    references: int


def work_rows(conn: sqlite3.Connection) -> list[WorkRow]:
    """Every work with how many references it merges, in build order."""
    return [WorkRow(*row) for row in conn.execute(
        "SELECT w.work_id, w.type, w.year, w.authors, w.title, count(r.record_key) FROM works w "
        "LEFT JOIN records r ON r.work_id = w.work_id GROUP BY w.work_id ORDER BY w.ordinal")]


def display_names(people: Sequence[Mapping[str, Any]]) -> str:
    """Names as 'Family, Given; Family, Given' (literal names whole)."""
    return "; ".join(
        p.get("literal") or ", ".join(x for x in (p.get("family", ""), p.get("given", "")) if x) for p in people)


def _year(csl: Mapping[str, Any]) -> int | None:
    parts = csl.get("issued", {}).get("date-parts", [[None]])
    return parts[0][0] if parts and parts[0] else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def health(conn: sqlite3.Connection) -> dict[str, Any]:
    """What a health check reports of an open library: its schema, its writer, how many papers and works."""
    meta = dict(conn.execute("SELECT name, value FROM meta WHERE name IN ('schema', 'written_by')"))
    (papers,) = conn.execute("SELECT count(*) FROM papers").fetchone()
    (works,) = conn.execute("SELECT count(*) FROM works").fetchone()
    return {"schema": meta.get("schema"), "written_by": meta.get("written_by"), "papers": papers, "works": works}


def set_aside(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(where, why) of each library entry the last build set aside."""
    row = conn.execute("SELECT value FROM meta WHERE name = 'set_aside'").fetchone()
    return [(item["where"], item["why"]) for item in json.loads(row[0])] if row else []
