"""A real HTTP server on 127.0.0.1 for end-to-end tests: the app in a thread, on a free port."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from refsvc.web import create_app


@contextmanager
def serving(database: Path, refs: Path | None = None) -> Iterator[str]:
    """The base URL of a server for the library at database (built from refs, where writes go), shut down
    on exit."""
    config = {"DATABASE": str(database)} | ({"REFS": str(refs)} if refs is not None else {})
    server = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
