"""The web application: create_app(config) wires the library file, the blueprints and error pages."""
from __future__ import annotations

import base64
import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, RequestURITooLarge

from refsvc import limits, store
from refsvc.errors import InputError, LibraryUnavailable, MediaTypeError, QuerySyntaxError, StoreError

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def _style_hash(declaration: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(declaration.encode()).digest()).decode() + "'"


# Scripts and styles only from this server, no inline code, never framed. The one inline style allowed is
# the attribute citeproc-py writes for small capitals in formatted entries (CSP 3 'unsafe-hashes').
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; "
    f"style-src 'self' 'unsafe-hashes' {_style_hash('font-variant:small-caps;')}; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A Flask app serving the library at config['DATABASE'] ($REFSVC_DB or instance/refsvc.sqlite)."""
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder="static")
    app.config["DATABASE"] = os.environ.get("REFSVC_DB", "instance/refsvc.sqlite")
    app.config["MAX_CONTENT_LENGTH"] = limits.MAX_REQUEST_BYTES
    app.config.update(config or {})
    app.teardown_appcontext(_close)
    app.before_request(_limit_query_string)
    app.after_request(_secure)

    from refsvc.web import api, html

    app.register_blueprint(html.bp)
    app.register_blueprint(api.bp, url_prefix="/api")

    @app.errorhandler(InputError)
    def _input_error(e: InputError):  # type: ignore[no-untyped-def]
        return error(str(e), 415 if isinstance(e, MediaTypeError) else 400)

    @app.errorhandler(QuerySyntaxError)
    def _query_error(e: QuerySyntaxError):  # type: ignore[no-untyped-def]
        return error(str(e), 400)

    @app.errorhandler(StoreError)
    def _store_error(e: StoreError):  # type: ignore[no-untyped-def]
        # A missing library is the service's fault (503); any other store refusal is the request's (400).
        return error(str(e), 503 if isinstance(e, LibraryUnavailable) else 400)

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException):  # type: ignore[no-untyped-def]
        body, status = error(e.description or e.name, e.code or 500)
        response = current_app.make_response((body, status))
        for name, value in e.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value  # 405: Allow; 416: Content-Range ...
        return response

    return app


def _limit_query_string() -> None:
    if len(request.query_string) > limits.MAX_QUERY_STRING:
        raise RequestURITooLarge(f"The query string is longer than the limit of {limits.MAX_QUERY_STRING} bytes.")


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


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
