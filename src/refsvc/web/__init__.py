"""The web application: create_app(config) wires the library file, the blueprints and error pages."""
from __future__ import annotations

import base64
import hashlib
import os
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response, current_app, g, jsonify, render_template, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from werkzeug.exceptions import HTTPException, RequestURITooLarge

from refsvc import home, limits, store
from refsvc.errors import InputError, LibraryUnavailable, MediaTypeError, QuerySyntaxError, StoreError

# An installed package carries its templates (setup.py copies them in); a source checkout has them at the top.
_PACKAGED = Path(__file__).resolve().parents[1] / "templates"
TEMPLATES = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[3] / "templates"


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


class _Sessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, not opened for an API read: it never signs in, writes or shows a form,
    and unsigning the cookie was a tenth of such a request's time."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:  # type: ignore[override]
        if request.method in ("GET", "HEAD") and request.path.startswith("/api/"):
            return self.null_session_class()
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()  # a reader with no cookie: nothing to unsign (Flask built a signer for it)
        return super().open_session(app, request)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """A Flask app serving the library at config['DATABASE'] ($REFSVC_DB, else instance/refsvc.sqlite in the
    library's folder: $REFSVC_HOME or the current folder)."""
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder="static")
    app.session_interface = _Sessions()
    where = home.folder()
    app.config["DATABASE"] = str(home.database(where))
    app.config["MAX_CONTENT_LENGTH"] = limits.MAX_REQUEST_BYTES
    app.config["REFS"] = str(home.refs(where))
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("REFSVC_SECRET_KEY") or _secret_key(Path(app.config["DATABASE"]))
    # Each thread (a gunicorn worker, a dev-server thread) opens the library once and keeps it: _held().
    app.extensions["refsvc.threads"] = threading.local()
    app.before_request(_limit_query_string)
    app.after_request(_secure)

    from refsvc.web import api, auth, html

    app.before_request(auth.check_csrf)
    app.jinja_env.globals.update(csrf_token=auth.csrf_token, signed_in=auth.signed_in)
    app.register_blueprint(auth.bp)

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

    @app.get("/healthz")
    def healthz():  # type: ignore[no-untyped-def]
        """200 with the library's counts when it opens; 503 with the reason when it does not (a load balancer's
        or systemd's check)."""
        return jsonify(ok=True, **store.health(get_library()))

    return app


def _secret_key(database: Path) -> str:
    """The key that signs session cookies: made once, kept beside the library, readable by its owner only."""
    path = database.parent / "secret_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker made it first
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    return path.read_text().strip()


def _limit_query_string() -> None:
    if len(request.query_string) > limits.MAX_QUERY_STRING:
        raise RequestURITooLarge(f"The query string is longer than the limit of {limits.MAX_QUERY_STRING} bytes.")


def _secure(response: Response) -> Response:
    # No view sets these, so they are added in one step rather than looked for one by one (on every response).
    response.headers.extend(SECURITY_HEADERS)
    return response


class Kept(OrderedDict):  # type: ignore[type-arg]
    """What a thread computed from its library (formatted entries, rendered pages), the least
    recently used dropped past a size. One thread's own: never shared, so never locked."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get_or_make(self, key: Any, make: Callable[[], Any]) -> Any:
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = make()
        if len(self) > self.size:
            self.popitem(last=False)
        return value


class _Held:
    """A thread's open library: its connection, opened and its schema checked once, and what was computed
    from it; both dropped together when a build replaces the file (a new file: another inode)."""

    def __init__(self, path: Path, identity: tuple[int, int, int]):
        self.identity = identity
        self.conn = store.connect(path)
        self.kept = Kept(limits.KEPT_PER_THREAD)


def _held() -> _Held:
    if "held" in g:
        return g.held  # type: ignore[no-any-return]
    path = current_app.config["DATABASE"]
    try:
        st = os.stat(path)
    except OSError:
        raise LibraryUnavailable(f"no library at {path}: run `refsvc build` first") from None
    identity = (st.st_ino, st.st_mtime_ns, st.st_size)
    local = current_app.extensions["refsvc.threads"]
    held = getattr(local, "held", None)
    if held is None or held.identity != identity:
        if held is not None:
            held.conn.close()
            local.held = None
        local.held = held = _Held(Path(path), identity)
    g.held = held
    return held


def get_library() -> sqlite3.Connection:
    """This thread's read-only connection to the library (kept open between requests)."""
    return _held().conn


def kept() -> Kept:
    """What this thread has computed from the library it has open, to compute it once."""
    return _held().kept


def json_error(message: str, status: int):  # type: ignore[no-untyped-def]
    """The one shape of every JSON error."""
    return jsonify({"ok": False, "error": message, "status": status}), status


def error(message: str, status: int):  # type: ignore[no-untyped-def]
    """A JSON error under /api, an HTML page elsewhere."""
    if request.path.startswith("/api/") or request.path in ("/api", "/healthz"):
        return json_error(message, status)
    return render_template("error.html", message=message, status=status), status
