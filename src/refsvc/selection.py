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
          filters: search.Filters | None = None, work_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """CSL items (id = work id) in library order, narrowed by paper, query and filters (as ids does), or the
    works named by work_ids in that order.

    Raises:
        StoreError: an unknown paper or work id, a filter out of range.
        QuerySyntaxError: a query that cannot be read.
    """
    if work_ids is None:
        work_ids = ids(conn, paper=paper, query=query, filters=filters)
    found: dict[str, str] = {}
    for start in range(0, len(work_ids), _CHUNK):
        chunk = work_ids[start:start + _CHUNK]
        # only the items' own column: an export of a whole library reads nothing else
        found.update(conn.execute(f"SELECT work_id, csl FROM works WHERE work_id IN ({','.join('?' * len(chunk))})", chunk))
    missing = [w for w in work_ids if w not in found]
    if missing:
        raise StoreError(f"no work {', '.join(missing[:10])} in the library")
    return [json.loads(found[w]) for w in work_ids]


_CHUNK = 500  # ids a statement binds at once (SQLite's default limit is far above; a library is not)


def ids(conn: sqlite3.Connection, *, paper: str | None = None, query: str | None = None,
        filters: search.Filters | None = None) -> list[str]:
    """Work ids in library order: all, those paper prints in its reference list or notes (not every work a
    claim of it cites), and every work a search finds (the web's query language and filters, every match).

    Raises:
        StoreError: an unknown paper, a filter out of range.
        QuerySyntaxError: a query that cannot be read.
    """
    where, args = ["1"], []
    if paper is not None:
        known = [p.paper_id for p in store.load_papers(conn)]
        if paper not in known:
            raise StoreError(f"unknown paper {paper!r} (the library has {', '.join(sorted(known))})")
        where.append("work_id IN (SELECT r.work_id FROM records r JOIN occurrences o USING (record_key) "
                     "WHERE o.paper_id = ?)")
        args.append(paper)
    searched = query is not None or filters is not None
    matched = search.matching(conn, query_language.parse(query or ""), filters or search.Filters()) if searched else []
    if searched and paper is None:
        return matched  # already in library order: no need to read every work's id to narrow them
    found = [w for (w,) in conn.execute(f"SELECT work_id FROM works WHERE {' AND '.join(where)} ORDER BY ordinal", args)]
    if not searched:
        return found
    wanted = set(matched)
    return [w for w in found if w in wanted]
