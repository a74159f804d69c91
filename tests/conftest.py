"""Shared fixtures: a copy of refs/ per test that writes, a library built once per session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refsvc import pipeline, store
from refsvc.web import create_app

ROOT = Path(__file__).resolve().parents[1]
REFS = ROOT / "refs"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from today's output")


@pytest.fixture(scope="session")
def library_items(library) -> list[dict]:
    """The built library's works as CSL items (id = work id), in library order."""
    return [dict(w.csl, id=w.work_id) for w in library.works]


@pytest.fixture(scope="session")
def test_items() -> list[dict]:
    """CSL items written for the tests: every type refsvc produces and the edge cases of styles."""
    import json

    return json.loads((ROOT / "tests" / "data" / "csl_items.json").read_text(encoding="utf-8"))


@pytest.fixture
def refs_copy(tmp_path: Path) -> Path:
    """A private copy of the project's refs/ folder, inside tmp_path/project/."""
    target = tmp_path / "project" / "refs"
    shutil.copytree(REFS, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library built from the project's refs/ into a temporary SQLite file."""
    database = tmp_path_factory.mktemp("library") / "refsvc.sqlite"
    pipeline.build(REFS, database)
    return database


@pytest.fixture(scope="session")
def library(built: Path):
    """The built library read back as model objects."""
    with store.open_library(built) as conn:
        return store.load(conn)


@pytest.fixture
def app(built: Path):
    return create_app({"DATABASE": str(built), "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def claims_by_work(library) -> dict[str, set[int]]:
    """work id -> the ids of the claims that cite it."""
    cited: dict[str, set[int]] = {}
    for c in library.citations:
        for w in c.works:
            cited.setdefault(w, set()).add(c.claim.claim_id)
    return cited


@pytest.fixture(scope="session")
def most_cited(library, claims_by_work):  # type: ignore[no-untyped-def]
    """(the work most claims cite, its first author's name as a search finds it)."""
    work_id = max(claims_by_work, key=lambda w: len(claims_by_work[w]))
    work = next(w for w in library.works if w.work_id == work_id)
    return work, work.csl["author"][0].get("family") or work.csl["author"][0]["literal"]


def assert_data_rebuilt(tmp_path: Path, script: str, option: str, source: Path, names: tuple[str, ...]) -> None:
    """Run a script of scripts/ that derives a file of src/refsvc/data from third-party data in ../shared, and
    check it writes the shipped files byte for byte; skip where the data are absent (a user's clone)."""
    import subprocess
    import sys
    from importlib import resources
    if not source.exists():
        pytest.skip(f"{source} is absent: the third-party data are needed to rebuild {names[0]}")
    subprocess.run([sys.executable, str(ROOT / "scripts" / script), option, str(source), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    shipped = resources.files("refsvc").joinpath("data")
    for name in names:
        assert (tmp_path / name).read_bytes() == shipped.joinpath(name).read_bytes(), name
