"""Writers at once are taken in turn; a writer killed mid-write leaves every file whole (the old or the new)."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from refsvc import accounts, store
from refsvc.cli import main
from refsvc.web import writes


def _library(database: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as conn:
        return sorted(conn.execute("SELECT record_key, work_id FROM records"))


def test_two_writers_at_once_lose_nothing(refs_copy: Path, tmp_path: Path):
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "build"]) == 0
    with sqlite3.connect(database) as conn:
        pairs = conn.execute("SELECT left_key, right_key FROM merges ORDER BY work_id LIMIT 3").fetchall()
    users = [accounts.User(f"u{n}", "editor") for n in range(len(pairs))]
    with ThreadPoolExecutor(len(pairs)) as pool:
        list(pool.map(lambda job: writes.decide(refs_copy, database, job[0], "reject", *job[1]), zip(users, pairs)))
    saved = json.loads((refs_copy / "decisions.json").read_text(encoding="utf-8"))
    assert sorted((d["who"], d["left"], d["right"]) for d in saved) == sorted(
        (u.name, left, right) for u, (left, right) in zip(users, pairs))
    works = dict(_library(database))
    assert all(works[left] != works[right] for left, right in pairs)
    assert len(accounts.activity(accounts.path_for(database))) == len(pairs)


def test_an_import_killed_mid_write_leaves_the_old_library_or_the_new(refs_copy: Path, tmp_path: Path):
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "build"]) == 0
    before = _library(database)
    big = tmp_path / "big.bib"
    big.write_text("".join(f"@article{{k{n}, author = {{Orr{n}, T.}}, title = {{Rivers {n} in winter and their "
                           f"banks}}, journal = {{Lake Research}}, year = {1900 + n % 120}}}\n" for n in range(6000)),
                   encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    for delay in (0.6, 1.2, 2.0):
        child = subprocess.Popen([sys.executable, "-m", "refsvc.cli", "--refs", str(refs_copy), "--db", str(database),
                                  "import", str(big)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        copies = list((refs_copy / "libraries").glob("*")) if (refs_copy / "libraries").is_dir() else []
        copies = [c for c in copies if not c.name.startswith(".")]
        assert copies == [] or (len(copies) == 1 and copies[0].read_bytes() == big.read_bytes())
        with store.open_library(database):
            pass  # opens: the old file or the new, never a half-written one
        after = _library(database)
        assert after == before or len(after) == len(before) + 6000
    # whatever was left, the next build finishes what the import began
    assert main(["--refs", str(refs_copy), "--db", str(database), "build"]) == 0
