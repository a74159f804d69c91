"""HTML pages. Placeholder until the web issue: the works of the library as a table."""
from __future__ import annotations

from flask import Blueprint, render_template

from refsvc import store
from refsvc.web import get_library

bp = Blueprint("html", __name__)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    """The works of the library."""
    rows = store.work_rows(get_library())
    return render_template("index.html", rows=rows)
