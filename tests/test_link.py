"""Linking citations to claims and works, on small papers and libraries written for the tests."""
from __future__ import annotations

from typing import Any

import pytest

from refsvc.link import link, parse_cited
from refsvc.model import Occurrence, Paper, Reference, Source, Work


def work(work_id: str, csl: dict[str, Any], *locators: str, paper: str = "p", raws: tuple[str, ...] = ()) -> Work:
    occ = tuple(Occurrence(paper, loc, raws[i] if i < len(raws) else f"entry {loc}") for i, loc in enumerate(locators))
    return Work(work_id, csl, (Reference(work_id + "-r", "article", {}, Source("p.bib", 1), occ, csl),))


def person(family: str, given: str = "A.") -> dict[str, str]:
    return {"family": family, "given": given}


def issued(year: int) -> dict[str, Any]:
    return {"date-parts": [[year]]}


AUTHOR_DATE = Paper("p", "P", ("X",), 2024, "author-date", "refs/papers/p.txt")
NOTES = Paper("p", "P", ("X",), 2024, "notes", "refs/papers/p.txt")

LIBRARY = [
    work("doe2013", {"title": "Relations", "author": [person("Doe")], "issued": issued(2013)}, "ref-1"),
    work("roe2017", {"title": "Trends", "author": [person("Roe"), person("Poe")], "issued": issued(2017)}, "ref-2", "ref-3"),
    work("lee2018alpha", {"title": "Alpha", "author": [person("Lee")], "issued": issued(2018)}, "ref-4"),
    work("lee2018beta", {"title": "Beta", "author": [person("Lee")], "issued": issued(2018)}, "ref-5"),
    work("raza2018", {"title": "Defence", "author": [person("Raza", "S.")], "issued": issued(2018)}, "ref-6"),
    work("raza2018t", {"title": "Trade", "author": [person("Raza", "T.")], "issued": issued(2018)}, "ref-7"),
    work("storm2014", {"title": "Storm ties: ships lost at sea", "issued": issued(2014)}, "ref-8"),
    work("ministry2014", {"title": "Talks", "author": [{"literal": "Government of Nowhere, Ministry of Talks"}],
                          "issued": issued(2014)}, "ref-9"),
    work("kat2023", {"title": "Evolution", "author": [person("Kat"), person("Ng"), person("Oh")], "issued": issued(2023)}, "ref-10"),
    work("other2013", {"title": "Elsewhere", "author": [person("Doe")], "issued": issued(2013)}, "ref-1", paper="q"),
]


def cite(body: str, works=LIBRARY, paper=AUTHOR_DATE):
    citations, problems = link(paper, body + "\n\nReferences\n\n- entries\n", works)
    return citations, problems


@pytest.mark.parametrize("sentence, status, works", [
    pytest.param("Ties grew (Doe, 2013).", "resolved", ("doe2013",), id="parenthetical"),
    pytest.param("Ties grew (Roe & Poe, 2017).", "resolved", ("roe2017",), id="two_authors_one_work_printed_twice"),
    pytest.param("Ties grew (Kat, et. al., 2023).", "resolved", ("kat2023",), id="et_dot_al"),
    pytest.param("Ties grew (Raza S. , 2018).", "resolved", ("raza2018",), id="initial_disambiguates"),
    pytest.param("Ties grew (Raza, 2018).", "ambiguous", ("raza2018", "raza2018t"), id="ambiguous_same_surname_year"),
    pytest.param("Ties grew (Lee, 2018b).", "resolved", ("lee2018beta",), id="year_suffix_b"),
    pytest.param('Ships met ("Storm ties," 2014).', "resolved", ("storm2014",), id="title_led"),
    pytest.param("Talks were held (Government of Nowhere, 2014).", "resolved", ("ministry2014",), id="institution"),
    pytest.param("Ties grew (Nobody, 2001).", "unresolved", (), id="not_in_list"),
    pytest.param("Ties grew (Doe, 2014).", "unresolved", (), id="wrong_year"),
    pytest.param("Doe (2013) argues that ties grew.", "resolved", ("doe2013",), id="narrative"),
])
def test_author_date_resolution(sentence, status, works):
    (c,) = cite(sentence)[0]
    assert (c.status, c.works) == (status, works)
    assert c.claim.text == sentence and c.kind == "author-date"


def test_several_works_in_one_parenthetical():
    citations, _ = cite("Both sides agreed (Doe, 2013; Roe & Poe, 2017; Nobody, 1999).")
    assert [(c.marker, c.status) for c in citations] == [
        ("Doe, 2013", "resolved"), ("Roe & Poe, 2017", "resolved"), ("Nobody, 1999", "unresolved")]
    assert len({c.claim.start for c in citations}) == 1


def test_personal_communication_is_recorded_as_such():
    (c,) = cite("The shift is gradual (Ahmed S, personal communication, July 4, 2024).")[0]
    assert (c.kind, c.status, c.works) == ("personal-communication", "personal-communication", ())


@pytest.mark.parametrize("text", ["(2012-2024)", "(SCO)", "(e.g. in 2015)", "(4 ed.)", "(see Table 1)"])
def test_parentheses_that_are_not_citations(text):
    assert cite(f"A heading-like sentence about relations {text} goes on here.")[0] == []


def test_claim_offsets_point_into_the_paper():
    body = "Intro\n\nFirst sentence. Ties grew after talks (Doe, 2013). Last one."
    (c,) = cite(body)[0]
    text = body + "\n\nReferences\n\n- entries\n"
    assert text[c.claim.start:c.claim.end] == "Ties grew after talks (Doe, 2013)."
    assert text[c.marker_start:c.marker_end] == "(Doe, 2013)"


@pytest.mark.parametrize("item, names, year, suffix", [
    pytest.param("Naqvi & Masood, 2017a", ("Naqvi", "Masood"), "2017", "a", id="suffix"),
    pytest.param("see Doe, 2013", ("Doe",), "2013", "", id="see_prefix"),
    pytest.param("Doe and Roe, 2001", ("Doe", "Roe"), "2001", "", id="and"),
])
def test_parse_cited(item, names, year, suffix):
    c = parse_cited(item)
    assert (c.names, c.year, c.suffix) == (names, year, suffix)


# ---------------------------------------------------------------- notes

NOTE_LIBRARY = [
    work("a2020", {"title": "A"}, "note-1", "note-2", "note-4", raws=("Ann, 'A'", "Ibid.", "Ann, 'A'.")),
    work("b2021", {"title": "B"}, "note-2-x", "note-3", raws=("x", "Bo, 'B'")),
    work("c2022", {"title": "C"}, "note-3", "note-5", raws=("Cy, 'C'", "Ibid.")),
]


def test_note_markers_resolve_through_ibid_and_short_forms():
    body = "Intro\n\nThe first claim.¹ A second claim.² A third claim with two works.³ Again the first.⁴ Then.⁵"
    citations, problems = cite(body, NOTE_LIBRARY, NOTES)
    assert problems == []
    assert [(c.marker, c.kind, c.works) for c in citations] == [
        ("¹", "note", ("a2020",)), ("²", "ibid", ("a2020",)), ("³", "note", ("b2021", "c2022")),
        ("⁴", "short-note", ("a2020",)), ("⁵", "ibid", ("c2022",))]
    assert citations[2].claim.text == "A third claim with two works.³"


def test_plain_marker_counts_only_in_sequence_and_missing_note_is_unresolved():
    body = "Intro\n\nTrade reached US$1.6 billion that year.1 It grew by 31.5 per cent.2 A claim with no note.⁹"
    citations, problems = cite(body, NOTE_LIBRARY, NOTES)
    assert [c.marker for c in citations] == ["1", "2", "⁹"]
    assert citations[2].status == "unresolved" and "no note" in citations[2].detail
    assert "note marker 9 where 3 was expected" in str(problems[0])
    assert problems[0].source.file == "refs/papers/p.txt" and problems[0].source.line == 3


def test_author_date_paper_ignores_superscripts():
    assert cite("Authors: Ann,¹ Bo² & Cy³\n\nPlain prose (Doe, 2013).")[0][0].works == ("doe2013",)
