"""search.search against what the query language promises, checked by an independent reading of the library.

The oracle here never asks SQLite: it tokenises each work's fields and the claims citing it in Python (FTS5's
unicode61: runs of letters and digits, case and diacritics folded) and applies the query's meaning — every
word a prefix of some token, an excluded word of none — then filters and sorts by the works' own values.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refsvc import query, search, store

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _tokens(text: str) -> set[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return set(re.findall(r"[^\W_]+", folded))


@pytest.fixture(scope="module")
def conn(built):
    with store.open_library(built) as connection:
        yield connection


@pytest.fixture(scope="module")
def oracle(library):
    """work id -> (tokens of its own fields, tokens of each claim citing it, year, type, title, authors, papers)."""
    claims: dict[str, list[set[str]]] = defaultdict(list)
    papers: dict[str, set[str]] = defaultdict(set)
    for citation in library.citations:
        for work_id in citation.works:
            claims[work_id].append(_tokens(citation.claim.text))
            papers[work_id].add(citation.paper)
    out = {}
    for work in library.works:
        csl = work.csl
        authors = store.display_names(csl.get("author") or csl.get("editor") or [])
        year = (csl.get("issued") or {}).get("date-parts", [[None]])[0][0]
        own = _tokens(" ".join(str(x) for x in (csl.get("title", ""), authors, csl.get("container-title", ""),
                                                  year or "", csl.get("abstract", ""), csl.get("note", ""))))
        papers[work.work_id] |= {o.paper for o in work.occurrences}
        out[work.work_id] = (own, claims[work.work_id], year, csl.get("type", ""), csl.get("title", ""), authors,
                             papers[work.work_id])
    return out


@pytest.fixture(scope="module")
def words(oracle) -> list[str]:
    return sorted({t for own, cited, *_ in oracle.values() for t in own.union(*cited) if t.isalpha() and len(t) > 3})


def _found(oracle, wanted: list[str], unwanted: list[str]) -> set[str]:
    def has(tokens: set[str], word: str) -> bool:
        return any(t.startswith(word) for t in tokens)

    out = set()
    for work_id, (own, cited, *_rest) in oracle.items():
        by_fields = all(has(own, w) for w in wanted) and not any(has(own, w) for w in unwanted)
        by_claims = any(all(has(claim, w) for w in wanted) and not any(has(claim, w) for w in unwanted)
                        for claim in cited)
        if by_fields or by_claims:
            out.add(work_id)
    return out


def _all_pages(conn, parsed, filters, sort, per_page):
    first = search.search(conn, parsed, filters, sort, 1, per_page)
    ids = [h.work_id for h in first.hits]
    for number in range(2, first.pages + 1):
        ids += [h.work_id for h in search.search(conn, parsed, filters, sort, number, per_page).hits]
    return first.total, ids


@SETTINGS
@given(data=st.data(), sort=st.sampled_from(search.SORTS), per_page=st.integers(1, 30))
def test_every_page_together_is_exactly_what_the_query_promises(conn, oracle, words, library, data, sort, per_page):
    wanted = data.draw(st.lists(st.sampled_from(words), min_size=0, max_size=2, unique=True))
    unwanted = data.draw(st.lists(st.sampled_from(words), max_size=1)) if wanted else []
    unwanted = [w for w in unwanted if w not in wanted]
    text = " ".join(wanted + [f"-{w}" for w in unwanted])
    paper = data.draw(st.sampled_from([None, *[p.paper_id for p in library.papers]]))
    kind = data.draw(st.sampled_from([None, "book", "article-journal", "article-newspaper"]))
    year_from = data.draw(st.sampled_from([None, 2010, 2020]))
    filters = search.Filters(paper=paper, type=kind, year_from=year_from)

    total, ids = _all_pages(conn, query.parse(text), filters, sort, per_page)

    expected = _found(oracle, wanted, unwanted) if wanted else set(oracle)
    expected = {w for w in expected if (paper is None or paper in oracle[w][6]) and (kind is None or oracle[w][3] == kind)
                and (year_from is None or (oracle[w][2] is not None and oracle[w][2] >= year_from))}
    assert len(ids) == len(set(ids)) == total  # pages neither overlap nor leave a gap
    assert set(ids) == expected


def _key(oracle, sort):
    def key(work_id):
        _, _, year, _, title, authors, _ = oracle[work_id]
        title = title.casefold()
        if sort == "title":
            return (title,)
        if sort == "author":  # no author: last; no year: first
            return (authors.casefold() or store.NO_AUTHOR, -1 if year is None else year, title)
        if sort == "year":  # undated first, as the oldest
            return (-1 if year is None else year, title)
        return (year is None, 0 if year is None else -year, title)  # year-desc: newest first, undated last
    return key


@pytest.mark.parametrize("sort", ["title", "author", "year", "year-desc"])
@pytest.mark.parametrize("text", ["", "pakistan", "russia -afghanistan"])
def test_sorted_by_the_works_own_values(conn, oracle, text, sort):
    _, ids = _all_pages(conn, query.parse(text), search.Filters(), sort, 7)
    assert ids, "the query should find works in the two papers' library"
    keys = [_key(oracle, sort)(w) for w in ids]
    assert keys == sorted(keys)


def test_relevance_puts_works_found_by_their_own_fields_before_works_found_through_claims(conn, oracle, words):
    for word in words:
        page = search.search(conn, query.parse(word), per_page=search.MAX_PER_PAGE)
        own = [word_found_in_own(oracle, h.work_id, word) for h in page.hits]
        if True in own and False in own:
            assert own == sorted(own, reverse=True), word
            return
    pytest.fail("no word finds works both ways in the library")


def word_found_in_own(oracle, work_id: str, word: str) -> bool:
    return any(t.startswith(word) for t in oracle[work_id][0])


def test_title_words_rank_above_the_same_word_in_the_container(conn, oracle):
    # bm25's column weights: a work whose title has the word comes before one whose journal has it.
    for word in ("journal", "review", "policy", "international", "affairs", "studies"):
        hits = search.search(conn, query.parse(word), per_page=search.MAX_PER_PAGE).hits
        in_title = [word in _tokens(h.csl.get("title", "")) or any(t.startswith(word) for t in _tokens(h.csl.get("title", "")))
                    for h in hits]
        if True in in_title and False in in_title:
            assert in_title.index(False) > 0
            return
    pytest.skip("no word is in some titles and only in other works' containers")


def test_respell_keeps_fields_phrases_and_signs():
    from refsvc.query import respell
    fixes = {"hanef": "hanif", "gam": "game", "ukrain": "ukraine"}
    assert respell('author:Hanef "great gam" -ukrain OR x', fixes.get) == 'author:Hanif "great game" -ukraine OR x'
    assert respell("russia", fixes.get) is None
