"""Signing in, and the writes a signed-in editor makes: decisions about works and imported libraries.

Reads stay open. A write needs a session (the browser: a signed, HttpOnly, SameSite cookie, and the form's
CSRF token) or an API token (`Authorization: Bearer`); without one it answers 401, as a viewer 403.
"""
from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for

from refsvc import accounts, limits
from refsvc.accounts import User
from refsvc.decisions import DecisionError
from refsvc.errors import ExtractError, ManifestError, ParseError
from refsvc.web import json_error, writes

bp = Blueprint("auth", __name__)
COMMANDS = ("merge", "reject", "split", "confirm")


def paths() -> tuple[Path, Path, Path]:
    """(refs, library, accounts) of this app."""
    database = Path(current_app.config["DATABASE"])
    return Path(current_app.config["REFS"]), database, accounts.path_for(database)


def csrf_token() -> str:
    """This session's CSRF token, made on first use; every form that writes carries it."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Before every form post that signs in or out or writes: the session's token must come back with it."""
    if request.method != "POST" or request.path.startswith("/api/") or request.blueprint != bp.name:
        return  # a read (the parse form writes nothing), the API (a token, no cookie), or no such route
    sent = request.form.get("csrf", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(403, "The form's CSRF token is missing or does not match this session: reload the page and try again.")


def signed_in() -> User | None:
    """The user of this request: the session's, or the API token's."""
    if "user" not in g:
        g.user = None
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            g.user = accounts.user_for_token(paths()[2], header[7:].strip())
        elif "user" in session:
            g.user = User(*session["user"])
    return g.user


def _writer() -> User:
    user = signed_in()
    if user is None:
        abort(401, "Sign in to change the library.")
    if not user.writes:
        abort(403, f"{user.name} may read but not change the library (role {user.role}).")
    return user


@bp.route("/login", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return render_template("login.html", error="", next=request.args.get("next", ""))
    user = accounts.login(paths()[2], request.form.get("name", ""), request.form.get("password", ""))
    if user is None:
        return render_template("login.html", error="Wrong name or password.", next=request.form.get("next", "")), 401
    session.clear()
    session["user"] = (user.name, user.role)
    csrf_token()
    target = request.form.get("next", "")
    # Only a path of this site: "//host" and "/\\host" are read by browsers as another site.
    local = target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target
    return redirect(target if local else url_for("html.search"))


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    session.clear()
    return redirect(url_for("html.search"))


@bp.get("/activity")
def activity():  # type: ignore[no-untyped-def]
    if signed_in() is None:
        abort(401, "Sign in to see who changed the library.")
    return render_template("activity.html", rows=accounts.activity(paths()[2]))


@bp.route("/import", methods=["GET", "POST"])
def import_library():  # type: ignore[no-untyped-def]
    user = _writer()
    if request.method == "GET":
        return render_template("import.html", done=None, error="")
    request.max_content_length = limits.MAX_UPLOAD_BYTES
    upload = request.files.get("library")
    if upload is None or not upload.filename:
        return render_template("import.html", done=None, error="Choose a .bib file to import."), 400
    refs, database, _ = paths()
    try:
        done = writes.import_library(refs, database, user, upload.filename, upload.read())
    except ParseError as e:
        return render_template("import.html", done=None, error=str(e)), 400
    return render_template("import.html", done=done, error="")


@bp.route("/add", methods=["GET", "POST"])
def add_paper():  # type: ignore[no-untyped-def]
    user = _writer()
    if request.method == "GET":
        return render_template("add.html", added=None, error="", form={})
    request.max_content_length = limits.MAX_UPLOAD_BYTES
    upload = request.files.get("paper")
    if upload is None or not upload.filename:
        return render_template("add.html", added=None, error="Choose the paper's file (text or PDF).",
                               form=request.form), 400
    refs, database, _ = paths()
    try:
        added = writes.add_paper(refs, database, user, upload.filename, upload.read(), dict(request.form))
    except (ManifestError, ExtractError) as e:
        return render_template("add.html", added=None, error=str(e), form=request.form), 400
    return render_template("add.html", added=added, error="", form={})


@bp.post("/works/<work_id>/decide")
def decide(work_id: str):  # type: ignore[no-untyped-def]
    user = _writer()
    command = request.form.get("command", "")
    if command not in COMMANDS:
        abort(400, f"No decision {command!r}: one of {', '.join(COMMANDS)}.")
    names = [n for n in (request.form.get("left", ""), request.form.get("right", "")) if n]
    refs, database, _ = paths()
    try:
        writes.decide(refs, database, user, command, *names)
    except DecisionError as e:
        abort(400, str(e))
    return redirect(url_for("html.work", work_id=work_id) + "#decisions", code=303)


@bp.post("/api/decisions")
def api_decide():  # type: ignore[no-untyped-def]
    user = signed_in()
    if user is None or "Authorization" not in request.headers:
        return json_error("An API token is needed: Authorization: Bearer <token> (refsvc token create NAME).", 401)
    if not user.writes:
        return json_error(f"{user.name} may read but not change the library.", 403)
    body = request.get_json(silent=True) or {}
    command, names = body.get("command"), body.get("names")
    if command not in COMMANDS or not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return json_error(f"Send {{\"command\": one of {', '.join(COMMANDS)}, \"names\": [work ids or record keys]}}.", 400)
    refs, database, _ = paths()
    try:
        count = writes.decide(refs, database, user, command, *names)
    except DecisionError as e:
        return json_error(str(e), 400)
    return {"ok": True, "decisions": count}
