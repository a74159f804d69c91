"""Which works an export or a page shows, as CSL items: all, one paper's, a search's, or named ones."""
from __future__ import annotations

import json
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
    where, args = ["1"], []
    if paper is not None:
        known = [p.paper_id for p in store.load_papers(conn)]
        if paper not in known:
            raise StoreError(f"unknown paper {paper!r} (the library has {', '.join(sorted(known))})")
        # The works the paper prints in its reference list or notes (not every work a claim of it cites).
        where.append("work_id IN (SELECT r.work_id FROM records r JOIN occurrences o USING (record_key) "
                     "WHERE o.paper_id = ?)")
        args.append(paper)
    if query is not None:
        # The same search as the web's: the query language, works and claims, its first page of results.
        page = search.search(conn, query_language.parse(query), per_page=search.MAX_PER_PAGE)
        found = [hit.work_id for hit in page.hits]
        where.append(f"work_id IN ({', '.join('?' * len(found))})")
        args += found
    # One query, only the items' own column: an export of a whole library reads nothing else.
    works = {work_id: csl for work_id, csl in conn.execute(
        f"SELECT work_id, csl FROM works WHERE {' AND '.join(where)} ORDER BY ordinal", args)}
    if work_ids is not None:
        missing = [w for w in work_ids if w not in works]
        if missing:
            raise StoreError(f"no work {', '.join(missing)} in the library")
        return [json.loads(works[w]) for w in work_ids]
    return [json.loads(csl) for csl in works.values()]
