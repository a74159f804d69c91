"""Which works an export or a page shows, as CSL items: all, one paper's, a search's, or named ones."""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from refsvc import query as query_language
from refsvc import search, store
from refsvc.errors import StoreError


def items(conn: sqlite3.Connection, *, paper: str | None = None, query: str | None = None,
          work_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """CSL items (id = work id) in library order, narrowed by paper, query and ids.

    Raises:
        StoreError: an unknown paper or work id.
        QuerySyntaxError: a query that cannot be read.
    """
    library = store.load(conn)
    works = list(library.works)
    if paper is not None:
        known = {p.paper_id for p in library.papers}
        if paper not in known:
            raise StoreError(f"unknown paper {paper!r} (the library has {', '.join(sorted(known))})")
        works = [w for w in works if any(o.paper == paper for o in w.occurrences)]
    if query is not None:
        # The same search as the web's: the query language, works and claims, its first page of results.
        page = search.search(conn, query_language.parse(query), per_page=search.MAX_PER_PAGE)
        found = {hit.work_id for hit in page.hits}
        works = [w for w in works if w.work_id in found]
    if work_ids is not None:
        by_id = {w.work_id: w for w in works}
        missing = [w for w in work_ids if w not in by_id]
        if missing:
            raise StoreError(f"no work {', '.join(missing)} in the library")
        works = [by_id[w] for w in work_ids]
    return [dict(w.csl, id=w.work_id) for w in works]
