"""A library folder of the user's choice (init, --home, $REFSVC_HOME), library files of other versions, /healthz."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from refsvc import store
from refsvc.cli import main
from refsvc.web import create_app

from conftest import ROOT, REFS

# The last commit whose library files have schema 5 (main when issue 15 was filed): its files must keep working.
OLD_MAIN = "db69fa3"


def test_init_makes_a_library_folder_that_import_and_serve_use_from_anywhere(tmp_path: Path, monkeypatch, capsys):
    home = tmp_path / "my library"
    assert main(["init", str(home)]) == 0
    assert (home / "refs" / "papers").is_dir() and (home / "refs" / "libraries").is_dir()
    assert "refsvc add" in (home / "README.md").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # not the library's folder: --home says where it is
    library = ROOT.parent / "shared" / "bench-data" / "bib" / "iridia" / "iridia-all.bib"
    source = library if library.is_file() else REFS / "ali2024.bib"
    assert main(["--home", str(home), "import", str(source)]) == 0
    assert (home / "instance" / "refsvc.sqlite").is_file() and not (tmp_path / "instance").exists()
    monkeypatch.setenv("REFSVC_DB", str(tmp_path / "elsewhere.sqlite"))  # --home outranks it
    capsys.readouterr()
    assert main(["--home", str(home), "upgrade"]) == 0
    assert str(home / "instance" / "refsvc.sqlite") in capsys.readouterr().out
    monkeypatch.delenv("REFSVC_DB")
    monkeypatch.setenv("REFSVC_HOME", str(home))
    client = create_app({"TESTING": True}).test_client()
    health = client.get("/healthz").get_json()
    assert health["ok"] and health["works"] > 10 and health["papers"] == 0
    assert client.get("/").status_code == 200
    capsys.readouterr()
    assert main(["init", str(home)]) == 1  # a folder holding a library is never made over
    assert "already holds a library" in capsys.readouterr().err


def test_a_library_written_by_a_newer_refsvc_is_refused_clearly(tmp_path: Path, built: Path, capsys):
    newer = tmp_path / "newer.sqlite"
    shutil.copy(built, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE name = 'schema'")
        conn.execute("UPDATE meta SET value = 'refsvc 9.0' WHERE name = 'written_by'")
    assert main(["--refs", str(tmp_path / "no-refs"), "--db", str(newer), "report", "--json"]) == 1
    err = capsys.readouterr().err.strip()
    assert "written by refsvc 9.0" in err and "upgrade refsvc" in err and len(err.splitlines()) == 1
    answer = create_app({"DATABASE": str(newer)}).test_client().get("/healthz")
    assert answer.status_code == 503 and "newer than this refsvc" in answer.get_json()["error"]
    assert store.schema_of(newer) == (99, "refsvc 9.0")  # refused, not touched


def test_a_library_written_by_todays_main_is_rebuilt_from_refs_before_it_is_read(tmp_path: Path, refs_copy: Path,
                                                                                   capsys):
    source = tmp_path / "old"
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", OLD_MAIN, "src"], capture_output=True)
    if archive.returncode != 0:
        pytest.skip(f"no git history with {OLD_MAIN} here (a clone without history): {archive.stderr[-200:]!r}")
    source.mkdir()
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    database = tmp_path / "lib.sqlite"
    subprocess.run([sys.executable, "-c", "import sys; from refsvc.cli import main; sys.exit(main(sys.argv[1:]))",
                    "--refs", str(refs_copy), "--db", str(database), "build"],
                   env={"PYTHONPATH": str(source / "src")}, check=True, capture_output=True)
    assert store.schema_of(database)[0] == 5
    with pytest.raises(store.StoreError, match="run `refsvc build`"):
        store.connect(database)

    assert main(["--refs", str(refs_copy), "--db", str(database), "report", "--json"]) == 0
    assert "rebuilt from" in capsys.readouterr().err
    assert store.schema_of(database)[0] == int(store.SCHEMA_VERSION)
    with store.open_library(database) as conn:
        assert store.health(conn)["works"] > 50
