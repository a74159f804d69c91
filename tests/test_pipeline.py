"""Building the library: real SQLite files, atomic and idempotent, bad input refused whole."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from refsvc import pipeline, query, report, search, store
from refsvc.formats import coins, highwire, styles
from refsvc.model import WorkFormatting
from refsvc.cli import main
from refsvc.errors import QuerySyntaxError, StoreError

from conftest import REFS


def build_report(refs: Path, database: Path) -> dict:
    pipeline.build(refs, database)
    with store.open_library(database) as conn:
        return report.report(store.load(conn))


def test_build_is_idempotent_and_ids_are_stable(refs_copy: Path, tmp_path: Path):
    database = tmp_path / "lib.sqlite"
    first = build_report(refs_copy, database)
    second = build_report(refs_copy, database)
    assert first == second
    fresh = build_report(refs_copy, tmp_path / "other.sqlite")
    assert [w["id"] for w in fresh["works"]] == [w["id"] for w in first["works"]]


def test_a_failed_build_leaves_the_previous_library_untouched(refs_copy: Path, tmp_path: Path):
    database = tmp_path / "lib.sqlite"
    pipeline.build(refs_copy, database)
    before = database.read_bytes()
    bib = next(refs_copy.glob("*.bib"))
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@article{broken,\n  title = {never closed,\n", encoding="utf-8")
    with pytest.raises(pipeline.BuildError) as e:
        pipeline.build(refs_copy, database)
    assert any(p.source and p.source.file == f"refs/{bib.name}" for p in e.value.problems)
    assert database.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")], "no half-written file is left behind"


def test_every_work_page_is_formatted_at_build_as_its_styles_print_it(built: Path, library_items):
    with store.open_library(built) as conn:
        for item in library_items:
            live = tuple((styles.entries([item], style, "html")[item["id"]], styles.citation(item, style))
                         for style in pipeline.WORK_STYLES)
            assert store.work_page(conn, item["id"])[1] == WorkFormatting(live, coins.encode(item),
                                                                        tuple(highwire.tags(item))), item["id"]
        assert store.work_page(conn, "no-such-work") is None
        ids = [item["id"] for item in library_items[:20]]
        assert store.coins_of(conn, ids) == {item["id"]: coins.encode(item) for item in library_items[:20]}


def test_a_work_read_alone_is_the_work_read_with_the_library(built: Path, library):
    # load_work reads one work in one query; load reads them all table by table: the same works either way,
    # merges, conflicts, near matches and decisions included.
    assert any(w.merges for w in library.works) and any(w.conflicts for w in library.works)
    with store.open_library(built) as conn:
        assert [store.load_work(conn, w.work_id) for w in library.works] == list(library.works)
        assert store.load_work(conn, "no-such-work") is None


def test_works_formatted_in_several_processes_are_formatted_as_in_one(library):
    works = library.works[:40]
    alone = pipeline.work_formatting(works, {}, alone_up_to=len(works))
    shared = pipeline.work_formatting(works, {}, alone_up_to=10)  # four processes' worth, on as many CPUs as there are
    assert shared == alone and len(alone) == 40


def test_a_rebuild_formats_again_only_the_works_that_changed(refs_copy: Path, tmp_path: Path):
    database = tmp_path / "lib.sqlite"
    pipeline.build(refs_copy, database)
    # Mark what this build formatted: a rebuild that keeps a row keeps the mark.
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE formatted SET entries = '[[\"kept\", \"kept\"]]'")
        before = dict(conn.execute("SELECT work_id, csl FROM works"))
    conn.close()
    bib = refs_copy / "ali2024.bib"
    text = bib.read_text(encoding="utf-8")
    changed = "Rejuvenating Pakistan-Russia Relations: Discernable Trends and Future"
    assert changed in text
    bib.write_text(text.replace(changed, "Notes on a Fen Keeper's Year"), encoding="utf-8")
    pipeline.build(refs_copy, database)
    with store.open_library(database) as conn:
        rows = conn.execute("SELECT w.work_id, w.title, w.csl, f.entries FROM works w JOIN formatted f USING (work_id)")
        kept = {title: entries == '[["kept", "kept"]]' for work_id, title, csl, entries in rows
                if before.get(work_id) == csl or title == "Notes on a Fen Keeper's Year"}
    assert kept.pop("Notes on a Fen Keeper's Year") is False
    assert len(kept) > 70 and all(kept.values())  # every work whose item is as it was


def test_every_reference_and_occurrence_is_stored(built: Path):
    conn = sqlite3.connect(built)
    try:
        records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        occurrences = conn.execute("SELECT count(*) FROM occurrences").fetchone()[0]
        orphans = conn.execute("SELECT count(*) FROM records r LEFT JOIN works w USING (work_id) WHERE w.work_id IS NULL").fetchone()[0]
        papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    finally:
        conn.close()
    bib_entries = sum(p.read_text(encoding="utf-8").count("\n@") for p in REFS.glob("*.bib"))
    assert orphans == 0
    assert occurrences > records > 0
    assert records == bib_entries + papers  # every .bib entry, and each paper's own record


def found(conn, text: str, per_page: int = 20) -> list[str]:
    return [hit.work_id for hit in search.search(conn, query.parse(text), per_page=per_page).hits]


@pytest.mark.parametrize("text", ["\"unbalanced", "title:*", "NEAR(a b", "a OR", ")", "-", "'; DROP TABLE works; --"])
def test_search_never_passes_user_syntax_to_fts(built: Path, text: str):
    # A search either runs or is refused with a message for the user; FTS5 never sees user syntax.
    with store.open_library(built) as conn:
        try:
            assert isinstance(found(conn, text), list)
        except QuerySyntaxError as e:
            assert str(e)


def test_search_finds_by_title_words_and_author(built: Path, library):
    work = next(w for w in library.works if w.csl.get("author") and len(w.csl["title"].split()) > 3)
    words = " ".join(work.csl["title"].split()[:3])
    with store.open_library(built) as conn:
        assert work.work_id in found(conn, words, 50)
        assert work.work_id in found(conn, f"{work.csl['author'][0].get('family', '')} {words}", 50)


def test_search_limits_are_explicit(built: Path):
    with store.open_library(built) as conn:
        with pytest.raises(QuerySyntaxError):
            found(conn, "x" * (query.MAX_QUERY_LENGTH + 1))
        with pytest.raises(StoreError):
            found(conn, "x", per_page=search.MAX_PER_PAGE + 1)


def test_opening_something_that_is_not_a_library(tmp_path: Path):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    with pytest.raises(StoreError):
        with store.open_library(junk):
            pass
    with pytest.raises(StoreError, match="run `refsvc build` first"):
        with store.open_library(tmp_path / "missing.sqlite"):
            pass


# ---------------------------------------------------------------- the command line


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_build_works_and_report(refs_copy: Path, tmp_path: Path, capsys):
    database = tmp_path / "cli.sqlite"
    status, out, _ = run(capsys, "--refs", str(refs_copy), "--db", str(database), "build")
    assert status == 0 and "works" in out
    status, out, _ = run(capsys, "--db", str(database), "works")
    assert status == 0 and out.splitlines()[0].startswith("work id")
    status, out, _ = run(capsys, "--db", str(database), "report", "--json")
    data = json.loads(out)
    assert status == 0 and set(data) == {"papers", "works", "citations"}


def test_cli_malformed_bib_exits_nonzero_names_file_and_line(refs_copy: Path, tmp_path: Path, capsys):
    bib = next(refs_copy.glob("*.bib"))
    lines = bib.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "@article{oops title = {x}}")
    bib.write_text("\n".join(lines) + "\n", encoding="utf-8")
    database = tmp_path / "cli.sqlite"
    status, _, err = run(capsys, "--refs", str(refs_copy), "--db", str(database), "build")
    assert status == 1
    assert f"refs/{bib.name}:4: cannot parse" in err
    assert not database.exists()


def test_cli_extract_paper_without_reference_section(refs_copy: Path, capsys):
    manifest = json.loads((refs_copy / "papers/papers.json").read_text(encoding="utf-8"))
    paper = manifest[0]
    (refs_copy / "papers" / paper["file"]).write_text("A body and nothing else.\n", encoding="utf-8")
    before = (refs_copy / f"{paper['id']}.bib").read_bytes()
    status, _, err = run(capsys, "--refs", str(refs_copy), "extract", paper["id"])
    assert status == 1
    assert f"refs/papers/{paper['file']}:1: no reference section" in err
    assert (refs_copy / f"{paper['id']}.bib").read_bytes() == before


def test_cli_unreadable_paper_and_bad_manifest(refs_copy: Path, capsys):
    manifest_path = refs_copy / "papers/papers.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    (refs_copy / "papers" / manifest[0]["file"]).write_bytes(b"\xff\xfe bad bytes")
    status, _, err = run(capsys, "--refs", str(refs_copy), "extract", manifest[0]["id"])
    assert status == 1 and f"refs/papers/{manifest[0]['file']}:1: not UTF-8 text" in err
    manifest_path.write_text('[{"id": "x"', encoding="utf-8")
    status, _, err = run(capsys, "--refs", str(refs_copy), "build")
    assert status == 1 and "refs/papers/papers.json:1: not valid JSON" in err


def test_cli_unknown_paper_id(refs_copy: Path, capsys):
    status, _, err = run(capsys, "--refs", str(refs_copy), "extract", "no-such-paper")
    assert status == 1 and "unknown paper(s): no-such-paper" in err


def test_cli_extract_by_paper_file(refs_copy: Path, capsys, monkeypatch):
    monkeypatch.chdir(refs_copy.parent)
    manifest = json.loads((refs_copy / "papers/papers.json").read_text(encoding="utf-8"))
    status, out, _ = run(capsys, "extract", f"refs/papers/{manifest[1]['file']}")
    assert status == 0 and out.startswith(f"refs/{manifest[1]['id']}.bib: ")
