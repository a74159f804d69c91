"""formats/numbers.py against citeproc-js's own number parser, run live from tests/oracle/numbers.js.

Every reading must match: numeric or not (is-numeric), plural or not (cs:label), the term a written label
stands for, and each number's label, particle, value, joiner and flags. The fields are hand-made shapes (labels
written in, joiners, roman numbers, letters before and after numbers) and seeded random strings of the tokens
such fields are made of; none is taken from a record. How the parts print is tested on the corpus
(tests/test_style_fidelity.py, items t-number-read-*).
"""
from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest

from refsvc.formats import cslfix, engine, numbers, styles

from conftest import ROOT

ORACLE = ROOT / "tests" / "oracle"
VARIABLES = ["volume", "issue", "page", "number", "edition", "number-of-volumes", "number-of-pages",
             "collection-number", "chapter-number"]
SHAPES = [
    "12", "0", "012", "12-14", "12–14", "12 - 14", "14-12", "12 -- 14", "12\\-14", "12 and 14", "12, and 14",
    "3 & 4", "3&4", "a&b", "3, 5", "12; 14", "5 and 7-9", "ii-iv", "I-IV", "iv and v", "xii", "S12-S19", "S1",
    "e1234", "12a-c", "1a-1c", "12a", "A1–B4", "35:1-35:20", "4.2-4.7", "1998/6", "12/13", "0x1A", "no. 5",
    "No. 5", "nos. 5-7", "vol. 3", "pp. 12-15", "p. 12", "pt. 2, no. 3", "ch. 4", "sec. 3", "fig. 2", "n. 4",
    "fa.2020.7", "ab.12", "tr. 2020-07", "x12", "12 x 14", "abc 12", "2nd rev. ed", "3rd ed.", "with 12 maps",
    "revised and updated edition, with maps", "spring", "special issue", "12 and ff", "4 vols", "first", "5th",
    "3 bis", "91 Civ. 5442|91 Civ. 5471", "subsec. 2", "suppl. 2", "2 Suppl", "",
]
TOKENS = ["12", "3", "0", "105", "2a", "S4", "e1234", "ii", "iv", "XI", "I", "no.", "pp.", "p.", "vol.", "pt.",
          "ch.", "sec.", "fa.", "ab", "x", "with", "maps", "suppl", "rev.", "and", "&", ",", ";", "-", "–", "--",
          "/", ".", ":", "ff", "n.", "art.", "subsec.", "\\-", "|", "Nos.", "first"]


def _cases() -> list[list[str]]:
    rng = random.Random(20261204)
    fields = list(SHAPES)
    for _ in range(1500):
        fields.append("".join(rng.choice(TOKENS) + rng.choice(["", " "]) for _ in range(rng.randint(1, 6))).strip())
    return [[variable, field] for variable in VARIABLES for field in fields if field]


def _ours(style: str, variable: str, field: str) -> dict:
    element = engine.style(style).root
    reading_of = cslfix._number_reading(element, field, variable)
    parts = numbers.parse(*reading_of)
    reading = {"numeric": numbers.is_numeric(*reading_of),
               "plural": numbers.is_plural(*reading_of),
               "label": numbers.label_term(*reading_of),
               "values": [[p.label, p.particle, p.value, p.joiner, p.numeric, p.plural, p.collapsible,
                           p.label_visible] for p in parts]}
    return reading


def _oracle(script: str, style: str, data: list, tmp_path) -> object:
    """What tests/oracle's script (citeproc-js) prints for data in the style, read as JSON."""
    if shutil.which("node") is None or not (ORACLE / "node_modules" / "citeproc").is_dir():
        pytest.fail("the CSL oracle needs Node and tests/oracle/node_modules: run `bash scripts/test`, which installs them")
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run(["node", str(ORACLE / script), engine.style_path(style), engine.locale_path(), str(path)],
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("style", ["apa", "chicago-nb"])
def test_number_reading_is_citeproc_js(style, tmp_path):
    cases = _cases()
    theirs = _oracle("numbers.js", style, cases, tmp_path)
    assert len(theirs) == len(cases)
    differ = []
    for (variable, field), expected in zip(cases, theirs):
        ours = _ours(style, variable, field)
        if variable == "page":
            # citeproc-js rewrites a page range's parts in the style's page-range-format; cslfix formats a range
            # itself (_PageRange), from the parts as written
            ours.pop("values"), expected.pop("values")
        if ours != expected:
            differ.append((variable, field, expected, ours))
    assert differ == [], f"{len(differ)} of {len(cases)} readings differ; first: {differ[:3]}"


# CSL 1.0.2's number variables citeproc-js prints as written (no number parser: a hyphen stays a hyphen), and a
# page list's first page (page-first: the text before "&", ", " or a dash). The CSL-JSON schema the corpus is
# checked against predates part-number and supplement-number, so these are rendered live here.
PRINTED_AS_WRITTEN = ["4508-4515", "1-2", "12-15a", "S12-S19", "12, 15", "ii-iv"]
FIRST_PAGES = ["12, 15", "12 & 15", "12,15", "12; 15", "xii, 15", "1/2, 3", "35:1-35:20", "574-", "12-15"]


def _number_items() -> list[dict]:
    base = {"title": "Fen notes", "author": [{"family": "Vale", "given": "Ada"}], "container-title": "Marsh Papers",
            "publisher": "Elm Press", "issued": {"date-parts": [[2001]]}}
    items = [{**base, "id": f"{kind}|{variable}|{value}", "type": kind, variable: value}
             for kind in ("book", "article-journal", "chapter", "report")
             for variable in ("part-number", "supplement-number", "printing-number")
             for value in PRINTED_AS_WRITTEN]
    return items + [{**base, "id": f"legislation|page|{value}", "type": "legislation", "page": value}
                    for value in FIRST_PAGES]


@pytest.mark.parametrize("style", ["apa", "chicago-nb", "chicago-ad", "chicago-nb-17", "chicago-ad-17"])
def test_newer_number_variables_and_first_pages_print_as_citeproc_js_prints_them(style, tmp_path):
    items = _number_items()
    theirs = _oracle("oracle.js", style, items, tmp_path)
    entries = styles.entries(items, style)
    differ = [(key, text, entries[key]) for key, text in theirs["alone"].items() if text.strip() != entries[key]]
    differ += [(key, text, styles.citation(item, style)) for item in items
               for key, text in [(item["id"], theirs["citation"][item["id"]])] if text != styles.citation(item, style)]
    assert differ == []


# Page ranges in each page-range-format, by a style that sets it: written short, backwards, with a prefix of
# letters, of digits and letters (a supplement's "2S37"), with letters after the number; ends of one length or not.
PAGE_RANGES = ["1-12", "98-102", "101-8", "1369-1401", "S1-S12", "S9-S10", "S98-S102", "S42-S37", "2S37-2S42",
               "1A2-1A9", "2S137-2S42", "2S42-2S37", "12AB5-12AB9", "509a-510a", "426-425", "S12-S9", "e101-e8",
               "509a-10"]
RANGE_FORMAT_STYLES = {"expanded": "apa", "chicago-16": "chicago-nb", "chicago": "ageing-and-society",
                       "minimal": "archaeometry", "minimal-two": "geographical-analysis", None: "ieee"}


@pytest.mark.parametrize("range_format", RANGE_FORMAT_STYLES)
def test_page_ranges_print_as_citeproc_js_prints_them_in_every_range_format(range_format, tmp_path):
    style = RANGE_FORMAT_STYLES[range_format]
    root = engine.style(style).root
    assert root.get("page-range-format") == range_format, f"{style} no longer sets page-range-format {range_format}"
    # (None: a style that sets none prints a range written short or backwards as written, others expanded)
    items = [{"id": f"range {page}", "type": "article-journal", "title": "Reed counts", "container-title": "Fen Annals",
              "author": [{"family": "Vale", "given": "Ada"}], "issued": {"date-parts": [[1990 + n]]}, "page": page}
             for n, page in enumerate(PAGE_RANGES)]
    theirs = _oracle("oracle.js", style, items, tmp_path)
    entries = styles.entries(items, style)
    assert [(key, text.strip()) for key, text in theirs["alone"].items() if text.strip() != entries[key]] == []


def test_a_first_page_in_its_short_form_is_the_first_page(tmp_path):
    """APS prints page-first with form="short": the first page, as citeproc-js prints it ("2243" of "2243-5;
    author reply 2243-5"); refsvc printed the field whole."""
    style = "american-physics-society"
    assert any(t.get("variable") == "page-first" and t.get("form") == "short"
               for t in engine.style(style).root.iter(f"{{{cslfix.CSL_NAMESPACE}}}text"))
    pages = ["2243-5; author reply 2243-5", "395-9; discussion 399-400", "101-108", "e12", "S12-S19", "12, 14"]
    items = [{"id": f"first {page}", "type": "article-journal", "title": "Reed counts", "container-title": "Fen Annals",
              "volume": "12", "author": [{"family": "Vale", "given": "Ada"}], "issued": {"date-parts": [[1990 + n]]},
              "page": page} for n, page in enumerate(pages)]
    theirs = _oracle("oracle.js", style, items, tmp_path)
    entries = styles.entries(items, style)
    assert [(key, text.strip()) for key, text in theirs["alone"].items() if text.strip() != entries[key]] == []
