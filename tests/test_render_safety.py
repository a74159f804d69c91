"""Formatting is safe to share: the same answer from 8 threads as from one, and no item takes its neighbours
down; what a bibliography leaves out it names."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from refsvc.formats import STYLE_FORMATS, styles

THREADS = 8


def _render(job: tuple[str, dict]) -> tuple[str, str, str]:
    style, item = job
    html = styles.entries([item], style, "html")[str(item["id"])]
    text = styles.entries([item], style)[str(item["id"])]
    return text, html, styles.citation(item, style, position="subsequent")


def test_every_work_in_every_style_renders_the_same_from_eight_threads(library_items):
    jobs = [(style, item) for style in styles.STYLES for item in library_items]
    expected = [_render(job) for job in jobs]
    start = threading.Barrier(THREADS)

    def worker(offset: int) -> list[tuple[int, tuple[str, str, str]]]:
        start.wait()  # all threads render at once, each its own share of every style
        return [(n, _render(jobs[n])) for n in range(offset, len(jobs), THREADS)]

    with ThreadPoolExecutor(THREADS) as pool:
        results = [r for rs in pool.map(worker, range(THREADS)) for r in rs]
    wrong = [(jobs[n][0], jobs[n][1]["id"], got) for n, got in results if got != expected[n]]
    assert len(results) == len(jobs)
    assert wrong == [], f"{len(wrong)} of {len(results)} renders differ from the single-threaded ones: {wrong[:3]}"


def test_whole_bibliographies_render_the_same_from_eight_threads(library_items):
    items = library_items[:40]  # sorting, year suffixes and ——— need a list, not the whole library
    expected = {style: STYLE_FORMATS[style].render(items, "html") for style in STYLE_FORMATS}
    jobs = [*STYLE_FORMATS, *list(STYLE_FORMATS)[: THREADS - len(STYLE_FORMATS)]]
    with ThreadPoolExecutor(THREADS) as pool:
        got = list(pool.map(lambda style: (style, STYLE_FORMATS[style].render(items, "html")), jobs))
    assert len(got) == THREADS and [style for style, text in got if text != expected[style]] == []


@pytest.mark.parametrize("style", styles.STYLES)
def test_a_bibliography_leaves_out_exactly_the_works_the_style_prints_nothing_for(style, library_items, test_items):
    """Which works a style prints nothing for is the fidelity test's to say (against citeproc-js); here: a
    bibliography lists every other work in the style's order, names each one it leaves out, and cites all."""
    items = library_items + test_items
    for output in ("text", "html"):
        rendered = styles.entries(items, style, output)
        unprinted = [str(i["id"]) for i in items if not rendered[str(i["id"])]]
        listed = styles.bibliography(items, style, output)
        assert sorted(listed.left_out) == sorted(unprinted)
        assert [key for key, _ in listed] == [str(i["id"]) for i in styles.sort(items, style)
                                              if str(i["id"]) not in unprinted]
        assert all(text for _, text in listed)
    assert all(styles.citation(i, style) for i in items)


def test_what_a_bibliography_leaves_out_is_said_in_one_line():
    interview = {"id": "talk", "type": "interview", "title": "On weirs", "author": [{"family": "Rusk", "given": "Pia"}],
                 "issued": {"date-parts": [[2019]]}}
    book = {"id": "book", "type": "book", "title": "Weirs", "author": [{"family": "Rusk", "given": "Pia"}],
            "publisher": "Fen Press", "issued": {"date-parts": [[2018]]}}
    listed = styles.bibliography([interview, book], "apa")
    assert [key for key, _ in listed] == ["book"] and listed.left_out == ("talk",)
    message = styles.left_out_message("apa", listed.left_out, "cites.json")
    assert message.startswith("cites.json: apa prints no bibliography entry for 1 item ") and message.endswith(": talk")
    assert "\n" not in message
    assert styles.citation(interview, "apa") == "(P. Rusk, personal communication, 2019)"  # cited in the text only


HARD = [
    pytest.param({"id": "Smith2020", "type": "book", "title": "Capital Letters in the Key",
                  "author": [{"family": "Smith", "given": "Jo"}], "issued": {"date-parts": [[2020]]}}, id="capital_id"),
    pytest.param({"id": "season", "type": "article-magazine", "title": "Seasonal issue", "container-title": "Quarterly",
                  "author": [{"family": "Vale", "given": "Ida"}], "issued": {"date-parts": [[2020]], "season": 2}},
                 id="magazine_by_season"),
    pytest.param({"id": "month13", "type": "article-journal", "title": "A thirteenth month",
                  "author": [{"family": "Roe", "given": "B."}], "issued": {"date-parts": [[2020, 13]]}}, id="month_13"),
    pytest.param({"id": "empty person", "type": "book", "title": "A person with no name", "author": [{}]},
                 id="empty_name_and_space_in_id"),
    pytest.param({"id": "bare", "type": "document", "title": "Only a title"}, id="title_only_document"),
]


@pytest.mark.parametrize("item", HARD)
@pytest.mark.parametrize("style", styles.STYLES)
def test_a_hard_item_neither_crashes_nor_takes_its_neighbours_down(style, item, library_items):
    neighbours = library_items[:5]
    listed = styles.bibliography([*neighbours, item], style)
    assert {key for key, _ in listed} | set(listed.left_out) == {str(i["id"]) for i in [*neighbours, item]}
    assert set(listed.left_out) <= {item["id"]} and all(text for _, text in listed)
    assert styles.citation(item, style) and styles.citation(item, style, position="subsequent")
    assert bool(styles.entries([item], style, "html")[item["id"]]) == (item["id"] not in listed.left_out)


def test_a_season_is_printed_where_the_style_prints_a_month():
    item = HARD[1].values[0]
    assert styles.entries([item], "apa")["season"] == "Vale, I. (2020, Summer). Seasonal issue. Quarterly."
    assert styles.citation(item, "apa") == "(Vale, 2020)"  # citeproc-js 2.4.63 gives the same


def test_a_live_server_answers_parallel_requests_as_sequential_ones(built, library_items):
    """The reported failure, end to end: formatted entries fetched over HTTP by 8 clients at once."""
    import requests

    from live import serving

    urls = [f"/api/works/{item['id']}?format={style}" for style in ("apa", "chicago-nb", "chicago-ad")
            for item in library_items]
    with serving(built) as base, requests.Session() as session:
        expected = {url: session.get(base + url, timeout=30).text for url in urls}

        def fetch(url: str) -> tuple[str, str]:
            with requests.get(base + url, timeout=30) as answer:
                return url, answer.text

        with ThreadPoolExecutor(THREADS) as pool:
            got = list(pool.map(fetch, urls))
    assert len(got) == len(urls) and [url for url, text in got if text != expected[url]] == []
