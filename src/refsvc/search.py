"""Search over works and claims with filters, sorting and pages: the SQL behind the search page and API.

Part of the store (store.py owns the schema and the writes); this module only reads.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from refsvc.errors import QuerySyntaxError, StoreError
from refsvc.model import Claim
from refsvc.query import Query

SORTS = ("relevance", "year-desc", "year", "title", "author")
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
YEARS = (0, 9999)  # the year filters' range
CLAIMS_PER_HIT = 5


@dataclass(frozen=True)
class Filters:
    """What narrows a search besides its words."""

    paper: str | None = None
    type: str | None = None
    year_from: int | None = None
    year_to: int | None = None


@dataclass(frozen=True)
class Hit:
    """One work in the results, with the claims that matched the query."""

    work_id: str
    csl: Mapping[str, Any]
    claims: tuple[Claim, ...] = ()
    claim_count: int = 0


@dataclass(frozen=True)
class Page:
    """One page of results."""

    query: Query
    filters: Filters
    sort: str
    page: int
    per_page: int
    total: int
    hits: tuple[Hit, ...] = field(default_factory=tuple)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search(conn: sqlite3.Connection, query: Query, filters: Filters = Filters(), sort: str = "relevance",
           page: int = 1, per_page: int = 20) -> Page:
    """A page of works matching query (every work when it is empty) and filters, grouped with their claims.

    Raises:
        StoreError: sort, page or per_page out of range, or an unknown paper.
        QuerySyntaxError: FTS5 refused the expression (should not happen: query.py quotes every word).
    """
    if sort not in SORTS:
        raise StoreError(f"sort must be one of {', '.join(SORTS)}")
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise StoreError(f"page must be between 1 and {MAX_PAGE} and per_page between 1 and {MAX_PER_PAGE}")
    for name, year in (("year_from", filters.year_from), ("year_to", filters.year_to)):
        if year is not None and not YEARS[0] <= year <= YEARS[1]:
            raise StoreError(f"{name} must be a year between {YEARS[0]} and {YEARS[1]}, not {year}")
    if filters.paper and not conn.execute("SELECT 1 FROM papers WHERE paper_id = ?", (filters.paper,)).fetchone():
        raise StoreError(f"unknown paper {filters.paper!r}")
    scores, claims = _matches(conn, query)
    allowed = _filtered(conn, filters)
    ids = [w for w in allowed if query.empty or w in scores or w in claims]
    ids = _sorted(conn, ids, scores, claims, sort if not (query.empty and sort == "relevance") else "author")
    start = (page - 1) * per_page
    window = ids[start: start + per_page]
    csl = {w: json.loads(c) for w, c in conn.execute(
        f"SELECT work_id, csl FROM works WHERE work_id IN ({','.join('?' * len(window))})", window)} if window else {}
    hits = tuple(Hit(w, csl[w], tuple(_claims(conn, claims.get(w, [])[:CLAIMS_PER_HIT])), len(claims.get(w, [])))
                 for w in window)
    return Page(query, filters, sort, page, per_page, len(ids), hits)


def _matches(conn: sqlite3.Connection, query: Query) -> tuple[dict[str, float], dict[str, list[int]]]:
    """Work ids with their best FTS rank, and work ids with their matching claim ids (best first)."""
    if query.empty:
        return {}, {}
    try:
        scores = {w: rank for w, rank in conn.execute(
            "SELECT work_id, rank FROM works_fts WHERE works_fts MATCH ?", (query.works_match,))}
        claims: dict[str, list[int]] = defaultdict(list)
        if query.claims_match:
            for work_id, claim_id, rank in conn.execute(
                    "SELECT DISTINCT cw.work_id, f.claim_id, f.rank FROM claims_fts f "
                    "JOIN citations c ON c.claim_id = f.claim_id JOIN citation_works cw USING (citation_id) "
                    "WHERE claims_fts MATCH ? ORDER BY f.rank", (query.claims_match,)):
                if claim_id not in claims[work_id]:
                    claims[work_id].append(claim_id)
                scores.setdefault(work_id, rank + 1000)  # a title match ranks above a claim match
    except sqlite3.OperationalError as e:
        raise QuerySyntaxError(f"This search could not be run: {e}") from e
    return scores, dict(claims)


def _filtered(conn: sqlite3.Connection, filters: Filters) -> list[str]:
    sql, args = "SELECT work_id FROM works w WHERE 1", []
    if filters.type:
        sql += " AND type = ?"
        args.append(filters.type)
    if filters.year_from is not None:
        sql += " AND year >= ?"
        args.append(filters.year_from)
    if filters.year_to is not None:
        sql += " AND year <= ?"
        args.append(filters.year_to)
    if filters.paper:
        sql += (" AND (EXISTS (SELECT 1 FROM records r JOIN occurrences o USING (record_key) "
                "WHERE r.work_id = w.work_id AND o.paper_id = ?) OR EXISTS (SELECT 1 FROM citation_works cw "
                "JOIN citations c USING (citation_id) WHERE cw.work_id = w.work_id AND c.paper_id = ?))")
        args += [filters.paper, filters.paper]
    return [row[0] for row in conn.execute(sql + " ORDER BY ordinal", args)]


def _sorted(conn: sqlite3.Connection, ids: list[str], scores: Mapping[str, float],
            claims: Mapping[str, list[int]], sort: str) -> list[str]:
    if sort == "relevance":
        return sorted(ids, key=lambda w: (scores.get(w, 1e9), -len(claims.get(w, []))))
    rows = {w: (year, title.lower(), authors.lower()) for w, year, title, authors in
            conn.execute("SELECT work_id, year, title, authors FROM works")}
    if sort == "title":
        return sorted(ids, key=lambda w: rows[w][1])
    if sort == "author":
        return sorted(ids, key=lambda w: (rows[w][2] or "~", rows[w][0] or 0, rows[w][1]))
    missing = 0 if sort == "year" else 10**6
    ordered = sorted(ids, key=lambda w: (rows[w][0] if rows[w][0] is not None else missing, rows[w][1]))
    return list(reversed(ordered)) if sort == "year-desc" else ordered


def _claims(conn: sqlite3.Connection, claim_ids: list[int]) -> list[Claim]:
    if not claim_ids:
        return []
    rows = {row[-1]: row for row in conn.execute(
        f"SELECT paper_id, paragraph, sentence, text, start, end, section, claim_id FROM claims "
        f"WHERE claim_id IN ({','.join('?' * len(claim_ids))})", claim_ids)}
    return [Claim(*rows[c]) for c in claim_ids if c in rows]
