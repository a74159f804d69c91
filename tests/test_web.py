"""The placeholder web app over a real library file: pages render, JSON answers, records are escaped."""
from __future__ import annotations

from pathlib import Path

from refsvc import store
from refsvc.model import Reference, Source, Work
from refsvc.web import create_app


def test_index_lists_the_works(client, library):
    page = client.get("/")
    assert page.status_code == 200
    assert library.works[0].work_id in page.get_data(as_text=True)


def test_report_endpoint_matches_the_cli_report(client, library):
    from refsvc.report import report

    answer = client.get("/api/report")
    assert answer.status_code == 200
    assert answer.get_json() == report(library)


def test_unknown_path_is_a_json_error(client):
    answer = client.get("/api/nothing-here")
    assert answer.status_code == 404
    assert answer.get_json()["ok"] is False and answer.get_json()["status"] == 404


def test_record_text_is_escaped(tmp_path: Path):
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    csl = {"type": "book", "title": hostile, "author": [{"family": "<img src=x onerror=alert(1)>"}]}
    work = Work("evil2020", csl, (Reference("evil", "book", {"title": hostile}, Source("x.bib", 1), (), csl),))
    database = tmp_path / "evil.sqlite"
    store.write(database, [], [work])
    html = create_app({"DATABASE": str(database)}).test_client().get("/").get_data(as_text=True)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_missing_library_is_a_clear_503(tmp_path: Path):
    answer = create_app({"DATABASE": str(tmp_path / "none.sqlite")}).test_client().get("/api/report")
    assert answer.status_code == 503
    assert "refsvc build" in answer.get_json()["error"]
