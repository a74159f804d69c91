"""Search over works and claims with filters, sorting and pages: the SQL behind the search page and API.

Part of the store (store.py owns the schema and the writes); this module only reads.
"""
from __future__ import annotations

import bisect
import json
import sqlite3
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from refsvc.errors import QuerySyntaxError, StoreError
from refsvc.model import Claim
from refsvc.query import Query, respell

SORTS = ("relevance", "year-desc", "year", "title", "author")
MAX_PER_PAGE = 100
MAX_PAGE = 100_000
YEARS = (0, 9999)  # the year filters' range
CLAIMS_PER_HIT = 5  # shown under a hit; the rest one click away


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
    claims: tuple[Claim, ...] = ()  # every claim citing it that matches, best first
    cited_by: int = 0  # claims citing it, matching or not


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


# bm25 weight of each works_fts column, in order: a word in the title counts most, then the authors, the
# container, the year, the abstract and the note (as in Zotero's and JabRef's ranking, titles first).
WEIGHTS = (10.0, 5.0, 2.0, 1.0, 1.0, 1.0)
# A work found only through a claim that cites it ranks after every work found by its own fields (bm25 < 0).
CLAIM_ONLY = 1000.0
# ORDER BY of each sort; the rowid last, so that equal keys keep library order and pages never overlap.
_ORDER = {
    "relevance": "m.score, w.rowid",
    "year": "w.year, w.title_key, w.rowid",  # undated works first, as the oldest
    "year-desc": "w.year DESC, w.title_key, w.rowid",  # undated works last
    "title": "w.title_key, w.rowid",
    "author": "w.author_key, w.year, w.title_key, w.rowid",  # works with no author last (store.NO_AUTHOR)
}


def search(conn: sqlite3.Connection, query: Query, filters: Filters = Filters(), sort: str = "relevance",
           page: int = 1, per_page: int = 20) -> Page:
    """A page of works matching query (every work when it is empty) and filters, grouped with their claims.

    Matching, filtering, ranking, sorting and paging all run in SQLite; Python sees only the page's rows.

    Raises:
        StoreError: sort, page or per_page out of range, or an unknown paper.
        QuerySyntaxError: FTS5 refused the expression (should not happen: query.py quotes every word).
    """
    if sort not in SORTS:
        raise StoreError(f"sort must be one of {', '.join(SORTS)}")
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise StoreError(f"page must be between 1 and {MAX_PAGE} and per_page between 1 and {MAX_PER_PAGE}")
    _check(conn, filters)
    where, args = _where(filters)
    window = (per_page, (page - 1) * per_page)
    if query.empty and sort == "relevance":
        sort = "author"
    try:
        joined = True
        if query.empty:
            source, source_args, count_source, count_args = "works w", [], "works w", []
        else:
            # Only the page's rows are ranked and read; the count runs without bm25, which is what costs.
            matches, match_args = _matches(query, scored=True)
            counted, counted_args = _matches(query, scored=False)
            joined = where != "1" or sort != "relevance"
            # CROSS JOIN: the matches drive (left to itself, SQLite may walk an index of works and run the
            # full-text match once per row).
            join = " CROSS JOIN works w ON w.rowid = m.rowid" if joined else ""
            # (a page sorted by a field needs no rank: bm25 left out, as from the count)
            source, source_args = (f"({matches}) m{join}", match_args) if sort == "relevance" \
                else (f"({counted}) m{join}", counted_args)
            count_source, count_args = f"({counted}) m{join}", counted_args
        (total,) = conn.execute(f"SELECT count(*) FROM {count_source} WHERE {where}", (*count_args, *args)).fetchone()
        order = _ORDER[sort] if joined else "m.score, m.rowid"
        rowids = [r for (r,) in conn.execute(
            f"SELECT {'w' if query.empty else 'm'}.rowid FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            (*source_args, *args, *window))]
        found = {rowid: (work_id, json.loads(csl)) for rowid, work_id, csl in conn.execute(
            f"SELECT rowid, work_id, csl FROM works WHERE rowid IN ({','.join('?' * len(rowids))})", rowids)}
        claims = _claims_of(conn, query, [found[r][0] for r in rowids])
    except sqlite3.OperationalError as e:
        raise QuerySyntaxError(f"This search could not be run: {e}") from e
    cited = cited_counts(conn, [found[r][0] for r in rowids])
    hits = tuple(Hit(work_id, csl, tuple(claims.get(work_id, ())), cited.get(work_id, 0))
                 for work_id, csl in (found[r] for r in rowids))
    return Page(query, filters, sort, page, per_page, total, hits)


def matching(conn: sqlite3.Connection, query: Query, filters: Filters = Filters()) -> list[str]:
    """The id of every work the query and filters find, in library order: what an export of a search holds
    (every match, not a page of them).

    Raises:
        StoreError: a filter out of range or an unknown paper.
        QuerySyntaxError: FTS5 refused the expression.
    """
    _check(conn, filters)
    where, args = _where(filters)
    source, source_args = "works w", []
    if not query.empty:
        counted, source_args = _matches(query, scored=False)
        source = f"({counted}) m CROSS JOIN works w ON w.rowid = m.rowid"
    try:
        return [w for (w,) in conn.execute(f"SELECT w.work_id FROM {source} WHERE {where} ORDER BY w.ordinal",
                                           (*source_args, *args))]
    except sqlite3.OperationalError as e:
        raise QuerySyntaxError(f"This search could not be run: {e}") from e


def cited_counts(conn: sqlite3.Connection, work_ids: list[str]) -> dict[str, int]:
    """work id -> the number of claims that cite it (works of one page of results)."""
    return dict(conn.execute(
        "SELECT cw.work_id, count(DISTINCT c.claim_id) FROM citation_works cw JOIN citations c USING (citation_id) "
        f"WHERE cw.work_id IN ({','.join('?' * len(work_ids))}) GROUP BY cw.work_id", work_ids))


def _check(conn: sqlite3.Connection, filters: Filters) -> None:
    for name, year in (("year_from", filters.year_from), ("year_to", filters.year_to)):
        if year is not None and not YEARS[0] <= year <= YEARS[1]:
            raise StoreError(f"{name} must be a year between {YEARS[0]} and {YEARS[1]}, not {year}")
    if filters.paper and not conn.execute("SELECT 1 FROM papers WHERE paper_id = ?", (filters.paper,)).fetchone():
        raise StoreError(f"unknown paper {filters.paper!r}")


def _where(filters: Filters) -> tuple[str, list[Any]]:
    """The filters as a WHERE condition on works w (each column indexed) and its arguments."""
    clauses, args = ["1"], []
    if filters.type:
        clauses.append("w.type = ?")
        args.append(filters.type)
    if filters.year_from is not None:
        clauses.append("w.year >= ?")
        args.append(filters.year_from)
    if filters.year_to is not None:
        clauses.append("w.year <= ?")
        args.append(filters.year_to)
    if filters.paper:
        clauses.append("w.work_id IN (SELECT work_id FROM work_papers WHERE paper_id = ?)")
        args.append(filters.paper)
    return " AND ".join(clauses), args


def _matches(query: Query, scored: bool) -> tuple[str, list[Any]]:
    """A SELECT of (rowid[, score]) for every work the query finds: by its own fields, or else through a claim
    that cites it (when the query names no field)."""
    score = f", bm25(works_fts, {', '.join(map(str, WEIGHTS))}) AS score" if scored else ""
    sql = f"SELECT rowid{score} FROM works_fts WHERE works_fts MATCH ?"
    args: list[Any] = [query.works_match]
    if query.claims_match:
        sql += (f" UNION ALL SELECT cited.rowid{', ? + min(f.rank)' if scored else ''} FROM claims_fts f "
                "JOIN citations c ON c.claim_id = f.rowid JOIN citation_works cw ON cw.citation_id = c.citation_id "
                "JOIN works cited ON cited.work_id = cw.work_id WHERE claims_fts MATCH ? "
                "AND cited.rowid NOT IN (SELECT rowid FROM works_fts WHERE works_fts MATCH ?) "
                "GROUP BY cited.rowid")
        args += [CLAIM_ONLY] * scored + [query.claims_match, query.works_match]
    return sql, args


def _claims_of(conn: sqlite3.Connection, query: Query, work_ids: list[str]) -> dict[str, list[Claim]]:
    """work id -> the claims citing it that match the query, best first (works of this page only)."""
    if not query.claims_match or not work_ids:
        return {}
    ids: dict[str, list[int]] = defaultdict(list)
    for work_id, claim_id in conn.execute(
            "SELECT cw.work_id, f.rowid FROM claims_fts f JOIN citations c ON c.claim_id = f.rowid "
            "JOIN citation_works cw ON cw.citation_id = c.citation_id "
            f"WHERE claims_fts MATCH ? AND cw.work_id IN ({','.join('?' * len(work_ids))}) ORDER BY f.rank, f.rowid",
            (query.claims_match, *work_ids)):
        if claim_id not in ids[work_id]:
            ids[work_id].append(claim_id)
    wanted = sorted({c for claim_ids in ids.values() for c in claim_ids})
    rows = {row[-1]: Claim(*row) for row in conn.execute(
        "SELECT paper_id, paragraph, sentence, text, start, end, section, claim_id FROM claims "
        f"WHERE claim_id IN ({','.join('?' * len(wanted))})", wanted)}
    return {work_id: [rows[c] for c in claim_ids] for work_id, claim_ids in ids.items()}


@dataclass(frozen=True)
class Vocabulary:
    """Every word the library's works and claims are indexed by (sorted), and how many rows hold each."""

    terms: tuple[str, ...]
    rows: Mapping[str, int]

    def knows(self, word: str) -> bool:
        """True when some indexed word starts with word (the search matches words as prefixes)."""
        at = bisect.bisect_left(self.terms, word)
        return at < len(self.terms) and self.terms[at].startswith(word)

    def nearest(self, word: str) -> str | None:
        """The indexed word nearest to a word it does not know: at most one edit for a word of up to four
        letters, two for a longer one; among equals, the commonest."""
        if self.knows(word) or len(word) < 3 or word.isdigit():
            return None
        limit = 1 if len(word) <= 4 else 2
        found = process.extract(word, self.terms, scorer=Levenshtein.distance, score_cutoff=limit, limit=20)
        if not found:
            return None
        # a shorter word is a worse guess (the search reads words as prefixes, so "amn" meant more, not "an")
        found = [f for f in found if len(f[0]) >= 3]
        if not found:
            return None
        return min(found, key=lambda f: (f[1], len(f[0]) < len(word), -self.rows[f[0]], f[0]))[0]


def vocabulary(conn: sqlite3.Connection) -> Vocabulary:
    """The library's own vocabulary, read from its full-text indexes (FTS5's vocab tables, made in the
    connection's temporary schema: nothing is written to the library)."""
    rows: dict[str, int] = defaultdict(int)
    for table in ("works_fts", "claims_fts"):
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_vocab USING fts5vocab(main, '{table}', 'row')")
        for term, docs in conn.execute(f"SELECT term, doc FROM temp.{table}_vocab"):
            rows[term] += docs
    return Vocabulary(tuple(sorted(rows)), dict(rows))


def did_you_mean(text: str, words: Vocabulary) -> str | None:
    """The query with each word the library does not hold respelled as its nearest word, or None."""
    return respell(text, words.nearest)
