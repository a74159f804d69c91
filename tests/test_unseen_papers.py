"""Papers no rule was written for (tests/data/papers/, invented for the tests). A numeric paper:
its citation family detected, its numbered list read by the tagger, [n] markers linked to works."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from refsvc import extract, link, pipeline, store
from refsvc.cli import main
from refsvc.folding import fold

from conftest import ROOT

PAPER = ROOT / "tests" / "data" / "papers" / "numeric_paper.txt"


@pytest.fixture
def numeric_refs(tmp_path: Path) -> Path:
    refs = tmp_path / "refs"
    (refs / "papers").mkdir(parents=True)
    shutil.copy(PAPER, refs / "papers" / PAPER.name)
    (refs / "papers" / "papers.json").write_text(json.dumps([{
        "id": "tidal", "file": PAPER.name, "title": "Tidal Mills and the Coastal Economy of the North Sea",
        "authors": ["Odile Marchetti"], "year": 2020}]), encoding="utf-8")  # no style: detected
    return refs


@pytest.mark.parametrize("marker, numbers", [
    pytest.param("[1]", [1], id="one"), pytest.param("[2, 3]", [2, 3], id="list"),
    pytest.param("[4–6]", [4, 5, 6], id="range"), pytest.param("[1–3, 7]", [1, 2, 3, 7], id="range_and_one"),
    pytest.param("¹⁻³", [1, 2, 3], id="superscript_range"), pytest.param("¹²", [12], id="superscript"),
])
def test_cited_numbers(marker, numbers):
    assert link.cited_numbers(marker) == numbers


def test_the_family_is_detected():
    assert extract.detect_style(PAPER.read_text(encoding="utf-8")) == "numeric"
    assert extract.detect_style("Body (Doe, 2001).\n\nReferences\n\nDoe, J. (2001). A title. Pub.\n") == "author-date"
    assert extract.detect_style("Body.¹\n\nNotes\n\n1. J. Doe, A Title (Pub, 2001), 3.\n") == "notes"


def test_a_numeric_paper_is_extracted_built_and_linked(numeric_refs: Path, tmp_path: Path, capsys):
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(numeric_refs), "extract"]) == 0
    assert "8 entries" in capsys.readouterr().out
    pipeline.build(numeric_refs, database)
    with store.open_library(database) as conn:
        library = store.load(conn)
    assert [p.style for p in library.papers] == ["numeric"]
    by_locator = {o.locator: w for w in library.works for r in w.references for o in r.occurrences}
    first = by_locator["ref-1"].csl
    assert fold(first["title"]) == "tidal energy before steam"
    assert first["container-title"] == "Journal of Maritime History" and first["volume"] == "14"
    assert first["issue"] == "2" and first["page"] == "101–129" and first["issued"] == {"date-parts": [[1998]]}
    families = {loc: fold(w.csl["author"][0].get("family", "")) for loc, w in by_locator.items() if w.csl.get("author")}
    # ref-2 is left out: the model reads "Mills", the title's first word, as a third author (a miss that
    # bench/parse_bench.py counts among book references printed without italics).
    assert [families[f"ref-{n}"] for n in (1, 3, 4, 5, 6, 7, 8)] == [
        "vanderlinde", "castellanos", "wit", "haraldsen", "lindqvist", "ashworth", "novak"]
    cited = [(c.marker, c.status, [by_locator_key(by_locator, w) for w in c.works]) for c in library.citations]
    assert cited == [
        ("[1]", "resolved", ["ref-1"]), ("[2, 3]", "resolved", ["ref-2", "ref-3"]),
        ("[4–6]", "resolved", ["ref-4", "ref-5", "ref-6"]), ("[7]", "resolved", ["ref-7"]),
        ("[3]", "resolved", ["ref-3"]), ("[8]", "resolved", ["ref-8"]), ("[12]", "unresolved", []),
    ]
    assert all(c.claim.text and c.marker in c.claim.text for c in library.citations)


def by_locator_key(by_locator: dict, work_id: str) -> str:
    return next(loc for loc, w in by_locator.items() if w.work_id == work_id)


def test_numeric_entries_carry_their_confidence(numeric_refs: Path, capsys):
    assert main(["--refs", str(numeric_refs), "extract"]) == 0
    text = (numeric_refs / "tidal.bib").read_text(encoding="utf-8")
    assert text.count("x-confidence = {") == 8 and "title=" in text


def test_check_lists_fields_read_with_low_confidence(numeric_refs: Path, tmp_path: Path, capsys):
    bib = numeric_refs / "tidal.bib"
    assert main(["--refs", str(numeric_refs), "extract"]) == 0
    # One field made doubtful by hand, as the model reports an unsure field.
    bib.write_text(bib.read_text(encoding="utf-8").replace("title=1.00", "title=0.42", 1), encoding="utf-8")
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(numeric_refs), "--db", str(database), "build"]) == 0
    capsys.readouterr()
    assert main(["--db", str(database), "check", "--json"]) == 0
    findings = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["check"] == "low-confidence"]
    assert {"check": "low-confidence", "paper": "tidal", "where": "ref-1",
            "message": """title read with 42% confidence: '"Tidal energy before steam,"'"""} in findings
    assert all(f["paper"] == "tidal" and f["where"].startswith("ref-") for f in findings)


def test_an_author_date_dash_repeats_the_names_above(tmp_path: Path, capsys):
    refs = tmp_path / "refs"
    (refs / "papers").mkdir(parents=True)
    (refs / "papers" / "dash.txt").write_text(
        "Salt was traded far inland (Quint, 2018, 2019).\n\nReferences\n\n"
        "Quint, L. (2018). *Harbour towns*. Clarendon Press.\n"
        "———. (2019). *Harbour cities*. Clarendon Press.\n", encoding="utf-8")
    (refs / "papers" / "papers.json").write_text(json.dumps([{
        "id": "dash", "file": "dash.txt", "title": "Salt", "authors": ["Ida Vale"], "year": 2021}]), encoding="utf-8")
    assert main(["--refs", str(refs), "extract"]) == 0
    text = (refs / "dash.bib").read_text(encoding="utf-8")
    assert text.count("author = {Quint, L.}") == 2


AUTHOR_DATE = ROOT / "tests" / "data" / "papers" / "author_date_paper.txt"


def test_author_date_citations_of_every_shape_find_their_work(tmp_path: Path):
    """An invented author-date paper: institutional authors, three names with a serial comma, a nested
    parenthesis, see/cf. prefixes, page locators, an abbreviation in brackets, two years of one author."""
    refs = tmp_path / "refs"
    (refs / "papers").mkdir(parents=True)
    shutil.copy(AUTHOR_DATE, refs / "papers" / AUTHOR_DATE.name)
    (refs / "papers" / "papers.json").write_text(json.dumps([{
        "id": "salt", "file": AUTHOR_DATE.name, "title": "Salt, Ports and Policy on the Baltic Rim",
        "authors": ["Ida Vale"], "year": 2021}]), encoding="utf-8")
    assert main(["--refs", str(refs), "extract"]) == 0
    database = tmp_path / "lib.sqlite"
    pipeline.build(refs, database)
    with store.open_library(database) as conn:
        library = store.load(conn)
    title = {w.work_id: w.csl["title"] for w in library.works}
    cited = [(c.marker, c.status, [title[w] for w in c.works]) for c in library.citations]
    assert cited == [
        ("(Marlow & Ostrand, 2005)", "resolved", ["Hidden costs of trade"]),
        ("European Commission (2004)", "resolved", ["Maritime policy report"]),
        ("Dale, Ferris, and Quint (1995)", "resolved", ["Coastal trade"]),
        ("Lowe (1968)", "resolved", ["Salt and the state"]),
        ("(cf. Holm and Vester 2010, p. 12)", "resolved", ["Networks of exchange"]),
        ("(World Health Organization [WHO], 2019)", "resolved", ["Coastal health"]),
        ("Varga, 1999, pp. 3–9", "resolved", ["The salt roads"]),
        ("Quint, 2018a", "resolved", ["Harbour towns"]),
        ("2018b", "resolved", ["Harbour cities"]),
        ("Holm et al. (2010)", "resolved", ["Networks of exchange"]),
    ]


@pytest.mark.parametrize("note, author", [
    pytest.param('For example, see: Brandt, D.B. "Salt in the Alps." Alpine History 3 (2001): 4–9.', "Brandt, D.B",
                 id="for_example_see"),
    pytest.param("See also Mary Jones, *The Salt Trade* (London: Faber, 1999), 12.", "Jones, Mary", id="see_also"),
    pytest.param("Cf. Jones, *Salt Trade*, 14.", "Jones", id="cf_short_form"),
    pytest.param("Quoted in Ida Vale, *Harbours* (Oslo: Nord, 2003), 9.", "Vale, Ida", id="quoted_in"),
])
def test_a_note_lead_in_is_not_part_of_the_names(note, author):
    from refsvc import reftext

    assert reftext.parse_note(note).fields["author"] == author


CHICAGO_AD = ROOT / "tests" / "data" / "papers" / "chicago_ad_paper.txt"


def test_an_unmarked_author_date_list_is_read_by_the_tagger(tmp_path: Path, capsys):
    """Chicago author-date and economics-style entries, no markup: once dropped as 'not a reference entry'."""
    library = _one_paper_library(tmp_path, capsys, CHICAGO_AD, {
        "id": "grain", "title": "Grain Prices in Hanseatic Towns", "authors": ["Jonas Pihl"], "year": 2022,
        "style": "author-date"}, entries=3)
    works = {w.csl["author"][0]["family"]: w.csl for w in library.works if w.csl.get("author")}
    assert works["Holm"]["title"] == "Networks of Exchange in the Baltic" and works["Holm"]["publisher"] == "Clarendon Press"
    assert [a["family"] for a in works["Marlow"]["author"]] == ["Marlow", "Ostrand"]
    assert works["Marlow"]["container-title"] == "Journal of Industrial Economics" and works["Marlow"]["page"] == "771–788"
    assert works["Varga"]["page"] == "301–322" and works["Varga"]["issue"] == "3"
    assert [c.status for c in library.citations] == ["resolved"] * 3


@pytest.mark.parametrize("printed, names", [
    pytest.param("van Gennep, 1909", ("van Gennep",), id="van"),
    pytest.param("de la Cruz & Ortiz, 2001", ("de la Cruz", "Ortiz"), id="de_la"),
    pytest.param("al-Farabi, 1990", ("al-Farabi",), id="al_hyphen"),
])
def test_a_surname_with_a_lower_case_particle_is_cited(printed, names):
    cited = link.parse_cited(printed)
    assert cited is not None and cited.names == names


HARVARD = ROOT / "tests" / "data" / "papers" / "harvard_paper.txt"


def test_a_harvard_list_keeps_one_entry_per_line_and_its_letters(tmp_path: Path, capsys):
    """One-word authors, lower-case particles and 1986a/1986b open entries of their own; APA's initials
    before a shared surname ("H. Lind") choose between two authors' works of one year."""
    library = _one_paper_library(tmp_path, capsys, HARVARD, {
        "id": "mills", "title": "Mills on the Tide", "authors": ["Ines Radl"], "year": 2023}, entries=6)
    titles = {c.marker: [fold(w.csl.get("title", "")) for w in library.works if w.work_id in c.works]
              for c in library.citations}
    assert titles == {"(Aristotle, 1929)": ["physics"], "Brandt, 1986a": ["mills of the scheldt"],
                      "Brandt, 1986b": ["mills of the maas"], "(van Acker, 2004)": ["dating oak timbers of tide mills"],
                      "H. Lind, 2011": ["a millers accounts 1620 1650"], "P. Lind, 2011": ["tides and trade"]}


def _one_paper_library(tmp_path: Path, capsys, paper: Path, entry: dict, entries: int):  # type: ignore[no-untyped-def]
    """A library of one paper, extracted with no warning and built."""
    refs = tmp_path / "refs"
    (refs / "papers").mkdir(parents=True)
    shutil.copy(paper, refs / "papers" / paper.name)
    (refs / "papers" / "papers.json").write_text(json.dumps([{"file": paper.name, **entry}]), encoding="utf-8")
    assert main(["--refs", str(refs), "extract"]) == 0
    assert f"{entries} entries, 0 warning(s)" in capsys.readouterr().out
    database = tmp_path / "lib.sqlite"
    pipeline.build(refs, database)
    with store.open_library(database) as conn:
        return store.load(conn)


def test_a_range_of_years_is_one_citation_of_its_first_year():
    cited = link.parse_cited("Knuth, 1984–1986b")
    assert cited is not None and (cited.names, cited.year, cited.suffix) == (("Knuth",), "1984", "b")
    assert len(link._years_cited("Knuth, 1984–1986b")) == 1
