"""Writes need an account: sessions with CSRF tokens in the browser, Bearer tokens in the API; 401 without,
403 for a viewer; passwords and tokens stored hashed; every write in /activity."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from refsvc import accounts
from refsvc.cli import main
from refsvc.web import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def site(refs_copy: Path, tmp_path: Path):
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "build"]) == 0
    accounts.add_user(accounts.path_for(database), "ed", PASSWORD, "editor")
    accounts.add_user(accounts.path_for(database), "vi", PASSWORD, "viewer")
    app = create_app({"DATABASE": str(database), "REFS": str(refs_copy), "TESTING": True})
    return app, refs_copy, database


def _csrf(client, path: str = "/login") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _login(client, name: str) -> str:
    response = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": _csrf(client)})
    assert response.status_code == 302
    return _csrf(client, "/")  # signing in starts a new session with a new token


def _merged(database: Path) -> tuple[str, str, str]:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT work_id, left_key, right_key FROM merges ORDER BY work_id LIMIT 1").fetchone()


def test_a_write_without_an_account_is_401_and_without_csrf_403(site):
    app, refs, database = site
    client = app.test_client()
    work, left, right = _merged(database)
    form = {"command": "reject", "left": left, "right": right}
    assert client.post(f"/works/{work}/decide", data=form).status_code == 403  # no CSRF token
    assert client.post(f"/works/{work}/decide", data=form | {"csrf": _csrf(client)}).status_code == 401
    assert not (refs / "decisions.json").exists()


def test_a_viewer_may_read_but_not_write(site):
    app, refs, database = site
    client = app.test_client()
    token = _login(client, "vi")
    work, left, right = _merged(database)
    assert client.get(f"/works/{work}").status_code == 200
    response = client.post(f"/works/{work}/decide", data={"command": "reject", "left": left, "right": right, "csrf": token})
    assert response.status_code == 403 and not (refs / "decisions.json").exists()


def test_an_editor_rejects_a_merge_and_it_is_logged(site):
    app, refs, database = site
    client = app.test_client()
    response = client.post("/login", data={"name": "ed", "password": "wrong password!", "csrf": _csrf(client)})
    assert response.status_code == 401
    token = _login(client, "ed")
    work, left, right = _merged(database)
    response = client.post(f"/works/{work}/decide", data={"command": "reject", "left": left, "right": right, "csrf": token})
    assert response.status_code == 303
    with sqlite3.connect(database) as conn:
        works = dict(conn.execute("SELECT record_key, work_id FROM records WHERE record_key IN (?, ?)", (left, right)))
    assert works[left] != works[right]
    assert f"reject {left} {right}" in client.get("/activity").get_data(as_text=True)
    page = client.get(f"/works/{works[left]}").get_data(as_text=True)
    assert "ed" in page and "different works" in page


def test_login_sets_a_safe_cookie_and_stores_no_password(site):
    app, _, database = site
    client = app.test_client()
    response = client.post("/login", data={"name": "ed", "password": PASSWORD, "csrf": _csrf(client)})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    stored = accounts.path_for(database).read_bytes()
    assert PASSWORD.encode() not in stored and b"scrypt" in stored


def test_the_api_takes_bearer_tokens(site):
    app, refs, database = site
    client = app.test_client()
    work, left, right = _merged(database)
    body = {"command": "reject", "names": [left, right]}
    assert client.post("/api/decisions", json=body).status_code == 401
    viewer = accounts.create_token(accounts.path_for(database), "vi")
    assert client.post("/api/decisions", json=body, headers={"Authorization": f"Bearer {viewer}"}).status_code == 403
    assert client.post("/api/decisions", json=body, headers={"Authorization": "Bearer nonsense"}).status_code == 401
    editor = accounts.create_token(accounts.path_for(database), "ed")
    response = client.post("/api/decisions", json=body, headers={"Authorization": f"Bearer {editor}"})
    assert response.status_code == 200 and response.get_json() == {"ok": True, "decisions": 1}
    assert editor.encode() not in accounts.path_for(database).read_bytes()


def test_user_and_token_commands(tmp_path: Path, monkeypatch, capsys):
    database = tmp_path / "lib.sqlite"
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    assert main(["--db", str(database), "user", "add", "zoe", "--password-stdin"]) == 1
    assert "at least 10 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    assert main(["--db", str(database), "user", "add", "zoe", "--password-stdin"]) == 0
    assert main(["--db", str(database), "token", "create", "zoe"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert accounts.user_for_token(accounts.path_for(database), token) == accounts.User("zoe", "editor")


def test_an_editor_adds_a_paper_in_the_browser(site):
    app, refs, database = site
    client = app.test_client()
    token = _login(client, "ed")
    text = ("# Salt Marshes of the Wadden Sea\n\nIlse Tarnwood\n\n2021\n\nMills stood there (Brandt, 1986).\n\n"
            "## References\n\nBrandt, D. B. (1986). Mills of the Scheldt. Delta Press.\n")
    from io import BytesIO
    response = client.post("/add", data={"csrf": token, "paper": (BytesIO(text.encode()), "marsh.txt"), "year": "2021"},
                           content_type="multipart/form-data")
    assert response.status_code == 200 and "tarnwood2021" in response.get_data(as_text=True)
    assert client.get("/papers/tarnwood2021").status_code == 200
    assert "add paper tarnwood2021" in client.get("/activity").get_data(as_text=True)
    bad = client.post("/add", data={"csrf": token, "paper": (BytesIO(b"# Essay\n\nNo sources.\n"), "e.txt")},
                      content_type="multipart/form-data")
    assert bad.status_code == 400 and "reference" in bad.get_data(as_text=True)


def test_an_editor_splits_and_merges_on_the_work_page(site):
    app, refs, database = site
    client = app.test_client()
    token = _login(client, "ed")
    work, left, right = _merged(database)
    page = client.get(f"/works/{work}").get_data(as_text=True)
    assert "Take out of this work" in page and "The same work as" in page
    assert client.post(f"/works/{work}/decide", data={"command": "split", "left": work, "right": right,
                                                     "csrf": token}).status_code == 303
    with sqlite3.connect(database) as conn:
        moved = conn.execute("SELECT work_id FROM records WHERE record_key = ?", (right,)).fetchone()[0]
    assert moved != work
    assert client.post(f"/works/{work}/decide", data={"command": "merge", "left": work, "right": moved,
                                                     "csrf": token}).status_code == 303
    with sqlite3.connect(database) as conn:
        again = dict(conn.execute("SELECT record_key, work_id FROM records WHERE record_key IN (?, ?)", (left, right)))
    assert again[left] == again[right]
    missing = client.post(f"/works/{work}/decide", data={"command": "merge", "left": work, "right": "nowork",
                                                        "csrf": token})
    assert missing.status_code == 400 and "neither a work id nor a record key" in missing.get_data(as_text=True)


def test_signing_in_goes_back_only_to_a_page_of_this_site(site):
    app, _, _ = site
    for target, expected in (("/works", "/works"), ("//evil.example/x", "/"), ("/\\evil.example", "/"),
                             ("https://evil.example", "/")):
        client = app.test_client()
        response = client.post("/login", data={"name": "ed", "password": PASSWORD, "csrf": _csrf(client),
                                                "next": target})
        assert response.status_code == 302 and response.headers["Location"] == expected, target


def test_a_work_page_kept_for_readers_never_shows_an_editors_forms_and_an_editor_never_gets_the_readers(site):
    # Readers get one rendered page per work, kept by the server thread; an editor's page is their own.
    app, _, database = site
    work, _, _ = _merged(database)
    reader, editor = app.test_client(), app.test_client()
    first = reader.get(f"/works/{work}").get_data(as_text=True)
    assert 'name="csrf"' not in first and "Sign in" in first
    _login(editor, "ed")
    page = editor.get(f"/works/{work}").get_data(as_text=True)
    assert 'name="command" value="reject"' in page and "Sign out ed" in page
    assert reader.get(f"/works/{work}").get_data(as_text=True) == first
