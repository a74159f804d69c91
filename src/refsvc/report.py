"""The analysis of a built library as the JSON of `refsvc report --json` and `GET /api/report`."""
from __future__ import annotations

import re
from typing import Any

from refsvc.model import Library, Occurrence


def report(library: Library) -> dict[str, Any]:
    """{papers, works, citations}: each work with its merged CSL item and every place a paper names it."""
    order = {p.paper_id: n for n, p in enumerate(library.papers)}
    return {
        "papers": [{"id": p.paper_id, "title": p.title, "source": p.path} for p in library.papers],
        "works": [
            {
                "id": w.work_id,
                "csl": dict(w.csl, id=w.work_id),
                "occurrences": [o.to_json() for o in sorted(w.occurrences, key=lambda o: _place(o, order))],
            }
            for w in library.works
        ],
        "citations": [c.to_json() for c in library.citations],
    }


def _place(occurrence: Occurrence, order: dict[str, int]) -> tuple[int, str, int]:
    m = re.match(r"([a-z]+)-(\d+)", occurrence.locator)
    kind, number = (m.group(1), int(m.group(2))) if m else (occurrence.locator, 0)
    return order.get(occurrence.paper, len(order)), kind, number
