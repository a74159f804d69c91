"""JSON API under /api."""
from __future__ import annotations

from flask import Blueprint, jsonify

from refsvc import report, store
from refsvc.web import get_library

bp = Blueprint("api", __name__)


@bp.get("/report")
def full_report():  # type: ignore[no-untyped-def]
    """The analysis of the library: papers, works with occurrences, citations."""
    return jsonify(report.report(store.load(get_library())))
