"""Decisions about works: merge, reject and split from the command line, kept in refs/decisions.json,
obeyed by every build, shown on the work page; a decision about records that no longer exist is reported."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from refsvc import decisions, dedupe, journals, normalise
from refsvc.cli import main
from refsvc.model import Decision, Reference, Source
from refsvc.web import create_app


def _groups(database: Path) -> dict[str, set[str]]:
    with sqlite3.connect(database) as conn:
        out: dict[str, set[str]] = {}
        for key, work in conn.execute("SELECT record_key, work_id FROM records"):
            out.setdefault(work, set()).add(key)
    return out


def _work_of(database: Path, key: str) -> set[str]:
    return next(keys for keys in _groups(database).values() if key in keys)


@pytest.fixture
def built(refs_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "build"]) == 0
    return refs_copy, database


def test_reject_split_and_merge_survive_rebuilds(built, capsys):
    refs, database = built
    merged = next(keys for keys in _groups(database).values() if len(keys) >= 3)
    a, b, *_ = sorted(merged)
    assert main(["--refs", str(refs), "--db", str(database), "reject", a, b, "--user", "alice"]) == 0
    assert b not in _work_of(database, a)
    assert main(["--refs", str(refs), "--db", str(database), "build"]) == 0  # survives a rebuild
    assert b not in _work_of(database, a)
    saved = json.loads((refs / "decisions.json").read_text(encoding="utf-8"))
    assert saved[0]["action"] == "different" and saved[0]["who"] == "alice" and saved[0]["command"] == "reject"
    # merge two works that the comparison keeps apart
    groups = sorted(_groups(database).values(), key=sorted)
    left, right = sorted(groups[0])[0], sorted(groups[1])[0]
    assert main(["--refs", str(refs), "--db", str(database), "merge", left, right, "--user", "bo"]) == 0
    assert right in _work_of(database, left)
    assert main(["--refs", str(refs), "--db", str(database), "decisions"]) == 0
    assert "alice" in capsys.readouterr().out


def test_split_takes_records_out_and_the_work_page_says_who(built, capsys):
    refs, database = built
    with sqlite3.connect(database) as conn:
        work, = next(row for row in conn.execute(
            "SELECT work_id FROM records GROUP BY work_id HAVING count(*) >= 2 ORDER BY work_id"))
        keys = [k for (k,) in conn.execute("SELECT record_key FROM records WHERE work_id = ? ORDER BY ordinal", (work,))]
    assert main(["--refs", str(refs), "--db", str(database), "split", work, keys[-1], "--user", "carla"]) == 0
    assert _work_of(database, keys[-1]) == {keys[-1]}
    page = create_app({"DATABASE": str(database), "TESTING": True}).test_client().get(f"/works/{work}").get_data(as_text=True)
    assert "Decisions" in page and "carla" in page and keys[-1] in page


def test_a_decision_on_records_gone_is_reported_not_dropped(built, capsys):
    refs, database = built
    decisions.record(refs, [Decision("same", "no-such-key", "nisar2025-ref-4", "dana", "2026-01-01T00:00:00+00:00",
                                     "merge")])
    assert main(["--refs", str(refs), "--db", str(database), "build"]) == 0
    err = capsys.readouterr().err
    assert "no-such-key" in err and "no longer exist" in err and "dana" in err
    assert len(json.loads((refs / "decisions.json").read_text(encoding="utf-8"))) == 1


def test_a_different_decision_breaks_a_chain_of_matches():
    """Three records that all match: 'different' between two of them keeps those two apart."""
    fields = {"author": "Orr, Tom", "title": "Rivers in winter and their banks", "year": "2001", "journal": "Lake Research"}
    refs = [Reference(k, "article", dict(fields), Source("x.bib", n)) for n, k in enumerate(("a", "b", "c"), 1)]
    normalised, _ = normalise.normalise(refs, journals.load_journal_names())
    assert len(dedupe.dedupe(normalised)) == 1
    apart = [Decision("different", "a", "c", "e", "2026-01-01T00:00:00+00:00", "reject")]
    works = dedupe.dedupe(normalised, None, apart)
    assert len(works) == 2
    assert not any({"a", "c"} <= {r.key for r in w.references} for w in works)


def test_a_name_that_is_no_work_or_record_is_refused(built, capsys):
    refs, database = built
    assert main(["--refs", str(refs), "--db", str(database), "merge", "nope", "nisar2025-ref-4"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'nope' is neither a work id nor a record key" in err[0]
    assert not (refs / "decisions.json").exists()


def test_a_merge_outranks_an_earlier_split(built, capsys):
    refs, database = built
    work, keys = next((w, sorted(k)) for w, k in sorted(_groups(database).items()) if len(k) >= 3)
    assert main(["--refs", str(refs), "--db", str(database), "split", work, keys[0]]) == 0
    assert _work_of(database, keys[0]) == {keys[0]}
    with sqlite3.connect(database) as conn:
        moved, = conn.execute("SELECT work_id FROM records WHERE record_key = ?", (keys[0],)).fetchone()
        stayed, = conn.execute("SELECT work_id FROM records WHERE record_key = ?", (keys[1],)).fetchone()
    assert main(["--refs", str(refs), "--db", str(database), "merge", moved, stayed]) == 0  # the works, whole
    assert _work_of(database, keys[0]) == set(keys)


def test_confirm_keeps_a_merge_and_refuses_records_of_two_works(built, capsys):
    refs, database = built
    work, keys = next((w, sorted(k)) for w, k in sorted(_groups(database).items()) if len(k) >= 2)
    assert main(["--refs", str(refs), "--db", str(database), "confirm", keys[0], keys[1], "--user", "fay"]) == 0
    saved = json.loads((refs / "decisions.json").read_text(encoding="utf-8"))
    assert saved[-1]["command"] == "confirm" and saved[-1]["action"] == "same"
    other = next(k for ks in _groups(database).values() for k in ks if k not in keys)
    assert main(["--refs", str(refs), "--db", str(database), "confirm", keys[0], other]) == 1
    assert "two records of one work" in capsys.readouterr().err
