"""The web application: create_app(config) wires the library file, the blueprints and error pages."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from refsvc import store
from refsvc.errors import LibraryUnavailable, QuerySyntaxError, StoreError

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A Flask app serving the library at config['DATABASE'] ($REFSVC_DB or instance/refsvc.sqlite)."""
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.config["DATABASE"] = os.environ.get("REFSVC_DB", "instance/refsvc.sqlite")
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # reads only: nothing larger is ever expected
    app.config.update(config or {})
    app.teardown_appcontext(_close)

    from refsvc.web import api, html

    app.register_blueprint(html.bp)
    app.register_blueprint(api.bp, url_prefix="/api")

    @app.errorhandler(QuerySyntaxError)
    def _query_error(e: QuerySyntaxError):  # type: ignore[no-untyped-def]
        return error(str(e), 400)

    @app.errorhandler(StoreError)
    def _store_error(e: StoreError):  # type: ignore[no-untyped-def]
        # A missing library is the service's fault (503); any other store refusal is the request's (400).
        return error(str(e), 503 if isinstance(e, LibraryUnavailable) else 400)

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException):  # type: ignore[no-untyped-def]
        return error(e.description or e.name, e.code or 500)

    return app


def get_library() -> sqlite3.Connection:
    """This request's read-only connection to the library, closed when the request ends."""
    if "library" not in g:
        g.library = store.connect(Path(current_app.config["DATABASE"]))
    return g.library


def _close(_exc: BaseException | None) -> None:
    conn = g.pop("library", None)
    if conn is not None:
        conn.close()


def json_error(message: str, status: int):  # type: ignore[no-untyped-def]
    """The one shape of every JSON error."""
    return jsonify({"ok": False, "error": message, "status": status}), status


def error(message: str, status: int):  # type: ignore[no-untyped-def]
    """A JSON error under /api, an HTML page elsewhere."""
    if request.path.startswith("/api/") or request.path == "/api":
        return json_error(message, status)
    return render_template("error.html", message=message, status=status), status
