"""Bad input to a build: one line `file:line: field: what is wrong`, exit 1, and the library as it was."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from refsvc import limits, store
from refsvc.cli import main

from conftest import ROOT

MANIFEST = "papers/papers.json"


def _build(refs: Path, database: Path, capsys) -> tuple[int, list[str]]:
    status = main(["--refs", str(refs), "--db", str(database), "build"])
    return status, capsys.readouterr().err.strip().splitlines()


@pytest.fixture
def library(refs_copy: Path, tmp_path: Path, capsys) -> tuple[Path, Path, bytes]:
    """(refs, database, the database's bytes) after one good build."""
    database = tmp_path / "instance" / "refsvc.sqlite"
    assert _build(refs_copy, database, capsys)[0] == 0
    return refs_copy, database, database.read_bytes()


def _edit_manifest(refs: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = refs / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(data), ensure_ascii=False, indent=2), encoding="utf-8")


def _set(field: str, value: object):  # type: ignore[no-untyped-def]
    def change(data: list) -> list:
        data[1][field] = value
        return data
    return change


@pytest.mark.parametrize("change, where, expected", [
    pytest.param(lambda d: [], ":1: ", "lists no papers", id="empty_manifest"),
    pytest.param(_set("authors", "Ada Lovelace"), ": authors: ", "must be a list of names", id="authors_as_string"),
    pytest.param(_set("authors", None), ": authors: ", "must be a list of names", id="authors_null"),
    pytest.param(_set("authors", []), ": authors: ", "must be a list of names", id="authors_empty"),
    pytest.param(_set("title", None), ": title: ", "non-empty string", id="title_null"),
    pytest.param(_set("id", "paper\n"), ": id: ", "is not a paper id", id="id_with_trailing_newline"),
    pytest.param(_set("year", True), ": year: ", "is not a year", id="year_true"),
    pytest.param(_set("year", "2024"), ": year: ", "is not a year", id="year_as_string"),
    pytest.param(_set("style", ["notes"]), ": style: ", "non-empty string", id="style_as_list"),
    pytest.param(_set("type", "journal article"), ": type: ", "is not a CSL item type", id="type_not_csl"),
    pytest.param(_set("file", "../../../../etc/os-release"), ": file: ", "outside refs/papers/", id="path_traversal"),
    pytest.param(_set("file", "/etc/os-release"), ": file: ", "outside refs/papers/", id="absolute_path"),
    pytest.param(_set("file", "."), ": file: ", "outside refs/papers/", id="the_folder_itself"),
])
def test_a_bad_manifest_is_refused_with_its_line_and_field(library, capsys, change, where, expected):
    refs, database, before = library
    _edit_manifest(refs, change)
    status, err = _build(refs, database, capsys)
    assert status == 1
    assert len(err) == 1, err
    assert err[0].startswith("refsvc: refs/papers/papers.json:") and where in err[0] and expected in err[0], err
    assert database.read_bytes() == before


def test_a_symlink_out_of_the_papers_folder_is_refused(library, capsys):
    refs, database, before = library
    (refs / "papers" / "link.txt").symlink_to("/etc/os-release")
    _edit_manifest(refs, _set("file", "link.txt"))
    status, err = _build(refs, database, capsys)
    assert status == 1 and "outside refs/papers/" in err[0]
    assert database.read_bytes() == before


def test_a_manifest_that_is_not_utf8_names_its_line(library, capsys):
    refs, database, before = library
    path = refs / MANIFEST
    text = path.read_text(encoding="utf-8").replace('"Pakistan-Russia Emerging', '"Caf\u00e9 Pakistan-Russia Emerging')
    path.write_bytes(text.encode("latin-1", errors="replace"))
    status, err = _build(refs, database, capsys)
    line = text.splitlines().index(next(l for l in text.splitlines() if "Caf\u00e9" in l)) + 1
    assert status == 1 and err == [err[0]] and err[0].startswith(f"refsvc: refs/papers/papers.json:{line}: not UTF-8")
    assert database.read_bytes() == before


def test_an_empty_bib_file_is_refused_not_built_without_its_references(library, capsys):
    refs, database, before = library
    bib = refs / "ali2024.bib"
    bib.write_text("", encoding="utf-8")
    status, err = _build(refs, database, capsys)
    assert status == 1
    assert "refs/ali2024.bib:1: no BibTeX entries in the file" in err
    assert database.read_bytes() == before


def test_a_stray_brace_that_ends_an_entry_early_is_refused(library, capsys):
    refs, database, before = library
    bib = refs / "nisar2025.bib"
    lines = bib.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.lstrip().startswith("title = {"))
    lines[at] = lines[at].replace("title = {", "title = {Stray } brace ", 1)
    bib.write_text("".join(lines), encoding="utf-8")
    status, err = _build(refs, database, capsys)
    assert status == 1
    assert any(e.startswith(f"refs/nisar2025.bib:{at + 2}: field ") and "outside any entry" in e for e in err), err
    assert database.read_bytes() == before


def test_a_field_over_the_limit_is_refused_with_its_line(library, capsys):
    refs, database, before = library
    bib = refs / "nisar2025.bib"
    text = bib.read_text(encoding="utf-8")
    at = text.index("title = {") + len("title = {")
    bib.write_text(text[:at] + "x" * (limits.MAX_FIELD_CHARS + 1) + text[at:], encoding="utf-8")
    status, err = _build(refs, database, capsys)
    line = text[:at].count("\n") + 1
    assert status == 1 and f"refs/nisar2025.bib:{line}: title: " in "\n".join(err) and "limit" in "\n".join(err)
    assert database.read_bytes() == before


def test_a_killed_build_leaves_nothing_behind_after_the_next(library, tmp_path):
    refs, database, _ = library
    # A build killed while writing: the child writes its temporary file and journal, then dies unannounced.
    code = ("import os, sys; sys.path.insert(0, sys.argv[1]); from refsvc import pipeline, store; "
            "from pathlib import Path; import sqlite3\n"
            "real = store._insert_citations\n"
            "def die(conn, citations):\n    real(conn, citations); os._exit(9)\n"
            "store._insert_citations = die\n"
            "pipeline.build(Path(sys.argv[2]), Path(sys.argv[3]))")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "src"), str(refs), str(database)], timeout=120)
    assert done.returncode == 9
    left = sorted(p.name for p in database.parent.iterdir() if p.name != database.name)
    assert left and all(name.startswith(f".{database.name}.") for name in left), left
    with store.open_library(database):
        pass  # the previous library is still whole
    assert main(["--refs", str(refs), "--db", str(database), "build"]) == 0
    assert sorted(p.name for p in database.parent.iterdir()) == [database.name]


def test_a_running_build_keeps_its_temporary_file(tmp_path):
    database = tmp_path / "refsvc.sqlite"
    mine = tmp_path / f".{database.name}.{os.getpid()}.abc.tmp"
    dead = tmp_path / f".{database.name}.999999999.abc.tmp"
    for p in (mine, dead, dead.with_name(dead.name + "-journal")):
        p.write_text("x")
    assert sorted(p.name for p in store.remove_stale_temporaries(database)) == sorted(
        [dead.name, dead.name + "-journal"])
    assert mine.exists()


@pytest.mark.parametrize("content, expected", [
    pytest.param(b"Introduction\n\xff\xfe not text\n", ":2: not UTF-8 text", id="not_utf8_at_line_2"),
    pytest.param(b"\x7fELF\x02\x01\x01\x00\x00\x00", ":1: a binary file, not text", id="binary"),
])
def test_an_unreadable_paper_is_refused_with_its_line(library, capsys, content, expected):
    refs, database, before = library
    (refs / "papers" / "ali2024.txt").write_bytes(content)
    for command in ("extract", "build"):
        status = main(["--refs", str(refs), "--db", str(database), command])
        err = capsys.readouterr().err
        assert status == 1 and f"refs/papers/ali2024.txt{expected}" in err, err
    assert database.read_bytes() == before
