"""Deduplication rules on records written for the tests."""
from __future__ import annotations

from typing import Any

import pytest

from refsvc.citekeys import citekey_base
from refsvc.dedupe import candidate_pairs, dedupe, group
from refsvc.dedupe.features import _features
from refsvc.model import Occurrence, Reference, Source


def rec(key: str, title: str, families: list[tuple[str, str]] | None = None, year: int | None = 2017,
        kind: str = "article-journal", occurrences: int = 1, **extra: Any) -> Reference:
    csl: dict[str, Any] = {"type": kind, "title": title}
    if families:
        csl["author"] = [{"family": f, "given": g} for f, g in families]
    if year:
        csl["issued"] = {"date-parts": [[year]]}
    csl.update(extra)
    occ = tuple(Occurrence("p", f"ref-{key}-{i}", key) for i in range(occurrences))
    return Reference(key, "article", {}, Source("t.bib", 1), occ, csl)


def groups(refs):
    return sorted(sorted(r.key for r in w.references) for w in dedupe(refs))


NAQVI = [("Naqvi", "A. H."), ("Masood", "Y.")]
REJUVENATING = "Rejuvenating bilateral relations"


@pytest.mark.parametrize("a, b", [
    pytest.param(rec("a", "Pakistan relations: Progress and constraints", [("Hanif", "M.")], 2013, page="63–86", volume="13"),
                 rec("b", "Pakistan Relations: Progress and Constraints", [("Hanif", "Muhammad")], 2013, page="63–86", volume="13"),
                 id="apa_and_chicago_styles"),
    pytest.param(rec("a", "Growing relations with Russia", [("Khan", "M. T. F.")], 2018),
                 rec("b", "Growing Relations with Russia: Factoring in the Role of the US", [("Khan", "Muhammad Taimur Fahad")], 2018),
                 id="missing_subtitle"),
    pytest.param(rec("a", f"{REJUVENATING}: Discernable trends", NAQVI), rec("b", f"{REJUVENATING}: Factoring in the US", NAQVI),
                 id="wrong_subtitle"),
    pytest.param(rec("a", "Power and interdependence in world politics", [("Nye", "S. J.")], 2011),
                 rec("b", "Power and interdependence in world politics", [("Nye", "Joseph S.")], 2011), id="misspelt_initials"),
    pytest.param(rec("a", "The unfolding new great game in South Asia", [("Amin", "T.")], 2016, kind="chapter", **{"container-title": "Puzzle"}),
                 rec("b", "The Unfolding \"New Great Game\" in South Asia", [("Amin", "Tahir")], 2016, kind="book", publisher="SSOAR"),
                 id="different_host"),
    pytest.param(rec("a", "A study of regional security in central asia", [("Rahmanov", "A.")], 2019),
                 rec("b", "A study of regional security in central asia", [("Rahmonov", "A.")], 2019), id="misspelt_surname"),
    pytest.param(rec("a", "Severe deficiency of the protease ADAMTS 13 in children with the syndrome", [("Vey", "A.")], 2003),
                 rec("b", "Severe deficiency of the protease ADAMTS 13 in children with the syndrome [Erratum appears 2003 Jun]",
                     [("Vey", "A.")], 2003), id="title_with_a_note_glued_on"),
    pytest.param(rec("a", "A survey of 10 000 lake trout in Guanacaste", [("Orr", "T.")], 2019),
                 rec("b", "A survey of 10000 lake trout in Guanacaste", [("Orr", "T.")], 2019), id="a_thousands_separator"),
    pytest.param(rec("a", "Totally different words", [("X", "Y.")], 2001, DOI="10.5555/x"),
                 rec("b", "Totally different words: the subtitle", [("Z", "W.")], 2002, DOI="10.5555/x"),
                 id="same_doi_names_and_year_aside"),
])
def test_same_work_comes_together(a, b):
    assert groups([a, b]) == [["a", "b"]]


@pytest.mark.parametrize("a, b", [
    pytest.param(rec("a", "Pakistan's foreign policy towards Russia: New directions", [("Khan", "M. T. F.")], 2019),
                 rec("b", "Pakistan-Russia relations redux: From estrangement to pragmatism", [("Khan", "Muhammad Nawaz")], 2019),
                 id="same_surname_and_year"),
    pytest.param(rec("a", "A survey of 12 000 lake trout", [("Orr", "T.")], 2019),
                 rec("b", "A survey of 13 000 lake trout", [("Orr", "T.")], 2019), id="numbers_with_thousands_separators_differ"),
    pytest.param(rec("a", "Annual report on trade statistics (FY 2020-21)", None, 2021),
                 rec("b", "Annual report on trade statistics (FY 2023)", None, 2023), id="numbers_in_title_differ"),
    pytest.param(rec("a", "Totally different words", [("X", "Y.")], 2001, DOI="10.5555/x"),
                 rec("b", "Other title entirely", [("Z", "W.")], 2002, DOI="10.5555/x"), id="one_doi_two_titles"),
    pytest.param(rec("a", "Regional security and its discontents", [("Amin", "T.")], 2016, page="1–20", volume="3"),
                 rec("b", "Regional security and its discontents", [("Amin", "T.")], 2016, page="45–60", volume="9"),
                 id="same_title_different_volume_and_pages"),
    pytest.param(rec("a", "Same title here for both", [("Lee", "A.")], 2010, DOI="10.5555/a"),
                 rec("b", "Same title here for both", [("Lee", "A.")], 2010, DOI="10.5555/b"), id="different_dois"),
    pytest.param(rec("a", "Trade and security in Eurasia today", [("Smith", "J.")], 2001),
                 rec("b", "Trade and security in Eurasia today", [("Smith", "J.")], 2011), id="years_far_apart"),
    pytest.param(rec("a", "Security relations between the two neighbouring states", [("Amin", "A. B.")], 2023),
                 rec("b", "Security relations between the two neighbouring nations", [("Amin", "T.")], 2023),
                 id="other_person_same_surname_similar_title"),
])
def test_different_works_stay_apart(a, b):
    assert groups([a, b]) == [["a"], ["b"]]


def test_merge_explains_itself_and_keeps_conflicts():
    (work,) = dedupe([
        rec("a", f"{REJUVENATING}: Discernable trends", NAQVI, page="18–38", occurrences=3),
        rec("b", f"{REJUVENATING}: Factoring in the US", NAQVI, page="18–38", volume="37"),
    ])
    (merge,) = work.merges
    fields = {a.field: a for a in merge.agreements}
    assert fields["title"].score == 1.0 and "subtitles differ" in fields["title"].note
    assert fields["author"].score == 1.0 and fields["issued"].score == 1.0
    assert 0.9 <= merge.score <= 1.0
    (conflict,) = [c for c in work.conflicts if c.field == "subtitle"]
    assert {v for v, _ in conflict.values} == {f"{REJUVENATING}: Discernable trends", f"{REJUVENATING}: Factoring in the US"}
    assert work.csl["title"] == f"{REJUVENATING}: Discernable trends"  # printed three times against once
    assert work.csl["volume"] == "37"


def test_merged_record_takes_fullest_names_and_most_specific_date():
    (work,) = dedupe([
        rec("a", "A long enough shared title", [("Hanif", "M.")], 2013),
        rec("b", "A long enough shared title", [("Hanif", "Muhammad")], None, issued={"date-parts": [[2013, 6, 1]]}),
    ])
    assert work.csl["author"] == [{"family": "Hanif", "given": "Muhammad"}]
    assert work.csl["issued"] == {"date-parts": [[2013, 6, 1]]}


def test_page_conflict_recorded_when_titles_and_doi_agree():
    (work,) = dedupe([rec("a", "Some title of a paper", [("Lee", "A.")], DOI="10.5555/z", page="1–9"),
                      rec("b", "Some title of a paper", [("Lee", "A.")], DOI="10.5555/z", page="2–9")])
    assert [c.field for c in work.conflicts] == ["page"]


@pytest.mark.parametrize("csl, key", [
    pytest.param({"title": "Pakistan-Russia relations: Progress", "author": [{"family": "Hanif"}], "issued": {"date-parts": [[2013]]}},
                 "hanif2013pakistanrussia", id="hyphenated_first_word"),
    pytest.param({"title": "The evolution of things", "author": [{"family": "Öztürk"}], "issued": {"date-parts": [[2020]]}},
                 "ozturk2020evolution", id="skip_word_and_accent"),
    pytest.param({"title": "U.S. aids the deal", "author": [{"family": "Grim"}], "issued": {"date-parts": [[2023]]}},
                 "grim2023us", id="acronym"),
    pytest.param({"title": "Annual report", "author": [{"literal": "The World Bank"}], "issued": {"date-parts": [[2017]]}},
                 "world2017annual", id="institution"),
    pytest.param({"title": "Storm hits the coast", "issued": {"date-parts": [[2014]]}}, "storm2014hits", id="no_author"),
])
def test_citekeys(csl, key):
    assert citekey_base(csl) == key


def test_ids_unique_with_suffixes_and_pinned_across_rebuilds():
    refs = [rec("a", "Relations one", [("Khan", "A.")], 2019), rec("b", "Relations two", [("Khan", "B.")], 2019),
            rec("c", "Relations three", [("Khan", "C.")], 2019)]
    first = {w.references[0].key: w.work_id for w in dedupe(refs)}
    assert len(set(first.values())) == 3 and all(v.startswith("khan2019relations") for v in first.values())
    again = {w.references[0].key: w.work_id for w in dedupe(list(reversed(refs)))}
    assert again == first, "ids must not depend on input order"
    pinned = {"a": "mykey", "b": first["b"]}
    third = {w.references[0].key: w.work_id for w in dedupe(refs, pinned)}
    assert third["a"] == "mykey" and third["b"] == first["b"]


def test_candidate_pairs_grow_linearly_not_quadratically():
    def synthetic(n):
        return [_features(i, rec(str(i), f"Title number {i} about topic {i % 97}", [(f"Family{i % 500}", "A.")], 1950 + i % 70))
                for i in range(n)]
    small, large = len(candidate_pairs(synthetic(2000))), len(candidate_pairs(synthetic(8000)))
    assert large < 6 * small  # 4x records: all pairs would be 16x
    assert large < 8000 * 40


def test_a_shared_doi_on_two_different_titles_is_no_merge():
    """Conference-abstract supplements give every abstract the supplement's one DOI."""
    from refsvc import journals, normalise
    from refsvc.model import Reference, Source
    doi = "10.1000/supplement.2019.1"
    refs = [Reference("a", "article", {"author": "Orr, T.", "title": "Statins after stroke in older patients",
                                       "journal": "Stroke", "year": "2019", "doi": doi}, Source("x.bib", 1)),
            Reference("b", "article", {"author": "Vale, R.", "title": "Imaging of small vessel disease",
                                       "journal": "Stroke", "year": "2019", "doi": doi}, Source("x.bib", 2)),
            Reference("c", "article", {"author": "Orr, T.", "title": "Statins after stroke in older patients: a trial",
                                       "journal": "Stroke", "year": "2019", "doi": doi}, Source("x.bib", 3))]
    normalised, _ = normalise.normalise(refs, journals.load_journal_names())
    groups = sorted(sorted(r.key for r in w.references) for w in dedupe(normalised))
    assert groups == [["a", "c"], ["b"]]


def test_one_column_in_two_issues_is_two_works_unless_pages_say_otherwise():
    from refsvc import journals, normalise
    from refsvc.model import Reference, Source
    base = {"author": "Lee, Allen S.", "title": "Editor's Comments", "journal": "Lake Quarterly", "year": "2000",
            "volume": "24"}
    unpaged = [Reference(k, "article", dict(base, number=n), Source("x.bib", i)) for i, (k, n) in
               enumerate((("a", "1"), ("b", "2")), 1)]
    paged = [Reference(k, "article", dict(base, number=n, pages="5--9"), Source("x.bib", i)) for i, (k, n) in
             enumerate((("c", "1112"), ("d", "1113")), 3)]  # a database's record numbers in the issue field
    for refs, expected in ((unpaged, [["a"], ["b"]]), (paged, [["c", "d"]])):
        normalised, _ = normalise.normalise(refs, journals.load_journal_names())
        assert sorted(sorted(r.key for r in w.references) for w in dedupe(normalised)) == expected


def test_no_chain_through_one_weak_link():
    """b matches a (a subtitle dropped) and c (a volume-less copy), but a and c are two different works of one
    author and year: a record joins a cluster only where it matches the cluster, not one member of it."""
    a = rec("a", "Winter feeding of lake trout: a trial in shallow basins", [("Orr", "T.")], volume="12", page="5–9",
            **{"container-title": "Lake Research"})
    b = rec("b", "Winter feeding of lake trout", [("Orr", "T.")])
    c = rec("c", "Winter feeding of lake trout: a survey of deep basins", [("Orr", "T.")], volume="14", page="77–80",
            **{"container-title": "Lake Research"})
    found = groups([a, b, c])
    assert ["a", "c"] not in found and not any(set(g) == {"a", "b", "c"} for g in found)
    assert len(found) == 2


def test_a_supplement_number_filed_as_the_volume_is_no_clash():
    a = rec("a", "Statins after stroke in older patients", [("Orr", "T.")], volume="61", issue="10 Suppl. 1",
            page="E2048", **{"container-title": "Stroke"})
    b = rec("b", "Statins after stroke in older patients", [("Orr", "T.")], volume="1", page="E2048",
            **{"container-title": "Stroke"})
    c = rec("c", "Statins after stroke in older patients", [("Orr", "T.")], volume="38 (Supplement 1)", page="E2048",
            **{"container-title": "Stroke"})
    d = rec("d", "Statins after stroke in older patients", [("Orr", "T.")], volume="38", page="E2048",
            **{"container-title": "Stroke"})
    assert groups([a, b]) == [["a", "b"]]
    assert groups([c, d]) == [["c", "d"]]


@pytest.mark.parametrize("a, b, same", [
    pytest.param(rec("a", "Atypical lake syndrome", [("Orr", "T.")], volume="361", page="1676–1687",
                     **{"container-title": "Lake Journal"}),
                 rec("b", "MEDICAL PROGRESS Atypical Lake Syndrome", [("Orr", "T.")], volume="361", page="1676–1687",
                     **{"container-title": "Lake Journal"}), True, id="a_section_heading_before_the_title"),
    pytest.param(rec("a", "Winter feeding of lake trout", [("Xu", "T."), ("Orr", "R."), ("Vale", "S.")], volume="198",
                     page="324–331", **{"container-title": "Lake Journal"}),
                 rec("b", "Winter feeding of lake trout", [("Long", "T."), ("Orr", "R."), ("Vale", "S.")], volume="198",
                     page="324–331", **{"container-title": "Lake Journal"}), True, id="first_author_lost_by_a_database"),
    pytest.param(rec("a", "Atypical lake syndrome", [("Orr", "T.")], volume="361", page="1676–1687",
                     **{"container-title": "Lake Journal"}),
                 rec("b", "Typical river syndrome", [("Orr", "T.")], volume="361", page="1676–1687",
                     **{"container-title": "Lake Journal"}), False, id="titles_too_far_apart"),
    pytest.param(rec("a", "Atypical lake syndrome", [("Orr", "T.")], volume="361", page="1676–1687",
                     **{"container-title": "Lake Journal"}),
                 rec("b", "MEDICAL PROGRESS Atypical Lake Syndrome", [("Vale", "T.")], volume="361", page="1676–1687",
                     **{"container-title": "Lake Journal"}), False, id="another_author"),
    pytest.param(rec("a", "Winter feeding of lake trout", [("Hale", "T.")], volume="188", page="1383–1392",
                     **{"container-title": "Lake Journal"}),
                 rec("b", "Winter feeding of lake trout", [("Lake Trout Study Group", "")], volume="188",
                     page="1383–1392", **{"container-title": "Lake Journal : the journal of the lake society"}), True,
                 id="a_group_report_under_its_chair_on_one_page_range"),
    pytest.param(rec("a", "Winter feeding of lake trout", [("Hale", "T.")], volume="188", page="1383",
                     **{"container-title": "Lake Journal"}),
                 rec("b", "Winter feeding of lake trout", [("Lake Trout Study Group", "")], volume="188",
                     page="1383", **{"container-title": "Lake Journal"}), False,
                 id="other_authors_on_one_page_may_be_another_abstract"),
    pytest.param(rec("a", "Winter feeding of lake trout: the Welsh experience", [("Moss", "T. R."), ("Orr", "R."),
                                                                                    ("Vale", "S.")], volume="137", page="8–13",
                     **{"container-title": "Lake Journal"}),
                 rec("b", "[Winter feeding of lake trout: the Welsh experience]. [Welsh]",
                     [("Hale", "Moss T."), ("Orr", "R."), ("Vale", "S.")], volume="137", page="8–13",
                     **{"container-title": "Lake Journal"}), True, id="a_language_tag_and_the_first_author_filed_otherwise"),
])
def test_one_journal_volume_and_first_page_is_one_article(a, b, same):
    assert (groups([a, b]) == [["a", "b"]]) is same


@pytest.mark.parametrize("a, b, same", [
    pytest.param(rec("a", "Statins after stroke", [("Orr", "T.")], DOI="10.1/suppl", volume="48", page="114–140"),
                 rec("b", "", [("Vale", "R.")], DOI="10.1/suppl", volume="48", page="464–488"), False,
                 id="a_supplement_doi_on_an_untitled_record_by_others"),
    pytest.param(rec("a", "Statins after stroke", [("Orr", "T.")], DOI="10.1/suppl", volume="48", page="114–140"),
                 rec("b", "", None, DOI="10.1/suppl", volume="19", page="464–488"), False,
                 id="a_supplement_doi_on_an_untitled_record_with_no_names_elsewhere"),
    # no title: its place alone (a letter or an erratum is filed under an article's pages) is for a person to judge
    pytest.param(rec("a", "Winter lakes and their trout", [("Orr", "T.")], volume="7", page="23–35",
                     **{"container-title": "Lake Research"}),
                 rec("b", "", [("Orr", "T.")], volume="7", page="23–35", **{"container-title": "Lake Research"}), False,
                 id="untitled_record_in_the_same_place"),
    pytest.param(rec("a", "Winter feeding of trout", [("Orr", "T.")], volume="", issue="26", page="9",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter feeding of trout", [("Orr", "T.")], volume="26", issue="9", page="1746",
                     **{"container-title": "Lake Research"}), True, id="numbers_filed_one_field_over"),
    pytest.param(rec("a", "Winter feeding of trout", [("Orr", "T.")], volume="", issue="26", page="9",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter feeding of trout", [("Orr", "T.")], volume="26", issue="8", page="1746",
                     **{"container-title": "Lake Research"}), False, id="numbers_one_field_over_that_disagree"),
    pytest.param(rec("a", "Winter feeding of trout", [("Orr", "T.")], volume="2016", issue="May",
                     **{"container-title": "Lake Review"}, year=2016),
                 rec("b", "Winter feeding of trout", [("Orr", "T.")], volume="94", issue="5", page="35+",
                     **{"container-title": "Lake Review"}, year=2016), True, id="the_year_filed_as_the_volume"),
    pytest.param(rec("a", "Winter feeding of trout", [("Orr", "T.")], volume="7", page='"52-4, 64"', issue="1891",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter feeding of trout", [("Orr", "T.")], volume="7", page="52-4, 64", issue="1892",
                     **{"container-title": "Lake Research"}), True, id="a_quoted_page_list_and_record_numbers_as_issues"),
    pytest.param(rec("a", "Winter feeding of trout", [("Orr", "T.")], volume="7", page="233-238+230-235",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter feeding of trout", [("Orr", "T.")], volume="7", page="230-5, 233-8",
                     **{"container-title": "Lake Research"}), True, id="one_page_list_in_another_order"),
    pytest.param(rec("a", "Winter feeding of trout", [("Orr", "T.")], volume="7", page="233-238+230-235",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter feeding of trout", [("Orr", "T.")], volume="7", page="240-5, 250-8",
                     **{"container-title": "Lake Research"}), False, id="page_lists_with_no_part_in_common"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Orr", "T.")], volume="7", page="23–35",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Lake Research", [("Orr", "T.")], volume="7", page="23–35",
                     **{"container-title": "Winter lakes and their trout"}), True, id="title_and_journal_swapped"),
])
def test_hard_cases_of_exported_records(a, b, same):
    assert (groups([a, b]) == [["a", "b"]]) is same


def test_an_untitled_record_in_an_articles_place_is_a_possible_duplicate():
    a = rec("a", "Winter lakes and their trout", [("Orr", "T.")], volume="7", page="23–35",
            **{"container-title": "Lake Research"})
    b = rec("b", "", [("Orr", "T.")], volume="7", page="23–35", **{"container-title": "Lake Research"})
    elsewhere = rec("c", "", [("Orr", "T.")], volume="8", page="23–35", **{"container-title": "Lake Research"})
    pairs = group([a, b, elsewhere]).possible()
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]


def test_the_cores_share_the_comparisons_and_find_what_one_core_finds(monkeypatch):
    import random
    rng = random.Random(3)
    words = "lake river trout winter basin survey trial shallow deep ice summer feeding model".split()
    refs = []
    for n in range(1500):
        title = " ".join(rng.choice(words) for _ in range(6))
        base = dict(title=title, families=[(f"Fam{rng.randrange(300)}", "A.")], year=1990 + rng.randrange(30))
        for copy in range(1 + (n % 5 == 0)):
            refs.append(rec(f"r{len(refs)}", base["title"].upper() if copy else base["title"], base["families"],
                            base["year"], volume=str(n % 40), page=f"{n}–{n + 9}"))
    one_core = groups(refs)
    monkeypatch.setattr("refsvc.dedupe.clusters.PARALLEL_FROM", 100)  # this test's own scale, in this process only
    import multiprocessing
    contexts = []
    real = multiprocessing.get_context
    monkeypatch.setattr("refsvc.dedupe.clusters.multiprocessing.get_context", lambda method: contexts.append(method) or real(method))
    assert groups(refs) == one_core
    assert contexts == ["fork"] and len(one_core) < len(refs)


def test_a_first_author_with_family_and_given_names_swapped_is_the_same_person():
    a = rec("a", "Winter lakes and their trout", [("Orr", "Tom"), ("Vale", "R.")])
    b = rec("b", "Winter lakes and their trout", [("Tom", "Orr"), ("R", "Vale")])
    c = rec("c", "Winter lakes and their trout", [("Tom", "Hale"), ("R", "Vale")])
    assert groups([a, b]) == [["a", "b"]]
    assert groups([a, c]) == [["a"], ["c"]]
    # the family filed as the given name shrunk to its initial: "Orr, Tom" / "Tom, O."
    d = rec("d", "Winter lakes and their trout", [("Tom", "O."), ("R", "V.")])
    e = rec("e", "Winter lakes and their trout", [("Tom", "H."), ("R", "V.")])
    assert groups([a, d]) == [["a", "d"]]
    assert groups([a, e]) == [["a"], ["e"]]


def test_the_same_authors_in_another_order_are_the_same_authors():
    a = rec("a", "Winter lakes and their trout", [("Orr", "Tom"), ("Vale", "Ruth")])
    b = rec("b", "Winter lakes and their trout", [("Vale", "R."), ("Orr", "T.")])
    c = rec("c", "Winter lakes and their trout", [("Vale", "R."), ("Hale", "T.")])
    assert groups([a, b]) == [["a", "b"]]
    assert groups([a, c]) == [["a"], ["c"]]


@pytest.mark.parametrize("a, b, same", [
    pytest.param(rec("a", "Winter lakes and their trout", [("Garcia-Molina", "H."), ("Vale", "R.")]),
                 rec("b", "Winter lakes and their trout", [("Garcia", "H."), ("Vale", "R.")]), True,
                 id="a_double_family_name_cut_to_its_first_part"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Le Quintrec", "M."), ("Vale", "R.")]),
                 rec("b", "Winter lakes and their trout", [("Quintrec", "M."), ("Vale", "R.")]), True,
                 id="a_particle_lost"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Wright Jr.", "T. C.")]),
                 rec("b", "Winter lakes and their trout", [("Wright", "T. C.")]), True, id="a_suffix_in_the_family_name"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Garcia-Molina", "H.")]),
                 rec("b", "Winter lakes and their trout", [("Molinari", "H.")]), False, id="another_name_altogether"),
    pytest.param(rec("a", "Winter feeding of lake trout in shallow basins", [("Garcia-Molina", "H."), ("Vale", "R.")]),
                 rec("b", "Winter feeding of the lake trouts in shallow basins", [("Garcia", "Molina H."), ("Vale", "R.")]),
                 True, id="the_cut_part_filed_as_the_given_name"),
    pytest.param(rec("a", "Winter feeding of lake trout in shallow basins", [("Wright Jr.", "T. C.")]),
                 rec("b", "Winter feeding of the lake trouts in shallow basins", [("Wright", "Jr")]), True,
                 id="a_suffix_filed_as_the_given_name"),
    pytest.param(rec("a", "Winter feeding of lake trout in shallow basins", [("Wright", "T. C.")]),
                 rec("b", "Winter feeding of the lake trouts in shallow basins", [("Wright", "A.")]), False,
                 id="another_person_of_that_name"),
])
def test_a_family_name_cut_by_a_database_is_the_same_person(a, b, same):
    assert (groups([a, b]) == [["a", "b"]]) is same


@pytest.mark.parametrize("a, b, same", [
    pytest.param(rec("a", "Winter lakes and their trout", [("Orr", "T.")], volume="9", page="487–488",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter lakes and their trout", [("Orr", "T.")], volume="9", page="488",
                     **{"container-title": "Lake Research"}), True, id="a_range_and_its_last_page"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Orr", "T.")], volume="9", page="2297–2308",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter lakes and their trout", [("Orr", "T.")], volume="9", page="2097–2308",
                     **{"container-title": "Lake Research"}), True, id="a_typo_in_the_first_page"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Orr", "T.")], volume="9", page="C219–C235",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter lakes and their trout", [("Orr", "T.")], volume="9", page="c219–c235",
                     **{"container-title": "Lake Research"}), True, id="the_page_letter_in_another_case"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Orr", "T.")], volume="9", page="945–948",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter lakes and their trout", [("Orr", "T.")], volume="9", page="948–961",
                     **{"container-title": "Lake Research"}), False, id="two_articles_meeting_on_one_page"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Orr", "T.")], volume="340", page="1014",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter lakes and their trout", [("Orr", "T.")], volume="340", page="c1804",
                     **{"container-title": "Lake Research"}), True, id="a_printed_page_and_the_article_number"),
    pytest.param(rec("a", "Winter lakes and their trout: an abstract", [("Orr", "T.")], volume="340", page="1014",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter lakes and their trout", [("Orr", "T.")], volume="340", page="c1804",
                     **{"container-title": "Lake Research"}), False, id="an_article_number_under_another_title"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Orr", "T.")], 2010, volume="118", page="c37–c42",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter lakes and their trout", [("Orr", "T.")], 2011, volume="118", page="37–42",
                     **{"container-title": "Lake Research Clinical Practice"}), True,
                 id="a_page_with_and_without_its_section_letter"),
    pytest.param(rec("a", "Winter lakes and their trout", [("Orr", "T.")], volume="118", page="c37–c42",
                     **{"container-title": "Lake Research"}),
                 rec("b", "Winter lakes and their trout: an abstract", [("Orr", "T.")], volume="118", page="37–42",
                     **{"container-title": "Lake Research"}), False, id="a_section_letter_under_another_title"),
])
def test_pages_printed_two_ways(a, b, same):
    assert (groups([a, b]) == [["a", "b"]]) is same


def test_a_journal_named_with_what_a_database_adds_is_one_journal():
    # a heading before one title: one work only in one place (journal, volume and first page)
    headed = "PROGRESS IN CLINICAL PRACTICE AND REVIEW Winter lakes of the north"
    a = rec("a", "Winter lakes of the north", [("Orr", "T.")], volume="9", page="4–8",
            **{"container-title": "BMJ (Clinical research ed.)"})
    b = rec("b", headed, [("Orr", "T.")], volume="9", page="4–8", **{"container-title": "BMJ"})
    c = rec("c", headed, [("Orr", "T.")], volume="9", page="4–8",
            **{"container-title": "Lake & River : the journal of the society"})
    d = rec("d", "Winter lakes of the north", [("Orr", "T.")], volume="9", page="4–8", **{"container-title": "Lake and River"})
    e = rec("e", headed, [("Orr", "T.")], volume="9", page="4–8", **{"container-title": "Pike Quarterly"})
    assert groups([a, b]) == [["a", "b"]]
    assert groups([c, d]) == [["c", "d"]]
    assert groups([d, e]) == [["d"], ["e"]]


def test_a_venue_named_more_or_less_fully_is_one_venue():
    a = rec("a", "Calls for bids in online labour markets", [("Guo", "X.")], 2017,
            **{"container-title": "International Conference on Information Systems"})
    b = rec("b", "Calls for Bids in Online Labour Markets", [("Guo", "X.")], 2018,
            **{"container-title": "ICIS - Thirty Eighth International Conference on Information Systems"})
    c = rec("c", "Calls for Bids in Online Labour Markets", [("Guo", "X.")], 2018,
            **{"container-title": "European Conference on Information Systems"})
    assert groups([a, b]) == [["a", "b"]]
    assert groups([a, c]) == [["a"], ["c"]]


@pytest.mark.parametrize("a, b, same", [
    pytest.param(rec("a", "Plattformökonomie und Crowdworking im deutschen Modell", [("Greef", "S."), ("Vale", "R.")], 2020,
                     volume="27", issue="2", page="205–226", **{"container-title": "Industrielle Beziehungen"}),
                 rec("b", "Platform economy and crowdworking in the German model", [("Greef", "S."), ("Vale", "R.")], 2020,
                     volume="27", issue="2", page="205–226", **{"container-title": "Industrielle Beziehungen"}), True,
                 id="a_title_and_its_translation_on_one_article_s_pages"),
    pytest.param(rec("a", "Status of trout by age", [("Baker", "S. E.")], 2009, volume="89", page="81A",
                     **{"container-title": "Lake Investigation"}),
                 rec("b", "Trout follow-up on lakes with low water", [("Baker", "S. E.")], 2009, volume="89", page="81A",
                     **{"container-title": "Lake Investigation"}), False, id="two_abstracts_on_one_page"),
    pytest.param(rec("a", "Plattformökonomie und Crowdworking im deutschen Modell", [("Greef", "S.")], 2020,
                     volume="27", page="205–226", **{"container-title": "Industrielle Beziehungen"}),
                 rec("b", "Platform economy and crowdworking in the German model", [("Orr", "T.")], 2020,
                     volume="27", page="205–226", **{"container-title": "Industrielle Beziehungen"}), False,
                 id="other_authors"),
    # two translations' wording on one page range, no issue to tell two articles apart: most words shared
    pytest.param(rec("a", "Winter feeding for lake trout populations", [("Orr", "T.")], 2010, volume="30",
                     page="30–38", **{"container-title": "Lake Research"}),
                 rec("b", "[Winter feeding of lake trout stocks]", [("Orr", "T.")], 2010, volume="30", issue="2",
                     page="30–38", **{"container-title": "Lake Research"}), True, id="two_translations_no_issue_on_one"),
    pytest.param(rec("a", "Winter feeding for lake trout populations", [("Orr", "T.")], 2010, volume="30", issue="1",
                     page="30–38", **{"container-title": "Lake Research"}),
                 rec("b", "[Winter feeding of lake trout stocks]", [("Orr", "T.")], 2010, volume="30", issue="2",
                     page="30–38", **{"container-title": "Lake Research"}), False, id="two_issues_of_one_volume"),
    pytest.param(rec("a", "Winter feeding for lake trout populations", [("Orr", "T.")], 2010, volume="30",
                     page="30–38", **{"container-title": "Lake Research"}),
                 rec("b", "Summer spawning of river pike", [("Orr", "T.")], 2010, volume="30",
                     page="30–38", **{"container-title": "Lake Research"}), False, id="few_words_shared"),
])
def test_one_article_s_pages_with_titles_apart(a, b, same):
    assert (groups([a, b]) == [["a", "b"]]) is same


def test_a_proceedings_named_by_its_acronym_is_one_venue():
    a = rec("a", "Calls for bids in online labour markets", [("Guo", "X.")], 2017,
            **{"container-title": "International Conference on Information Systems"})
    b = rec("b", "Calls for Bids in Online Labour Markets", [("Guo", "X.")], 2018,
            **{"container-title": "ICIS : Transforming Society with Digital Innovation"})
    c = rec("c", "Calls for Bids in Online Labour Markets", [("Guo", "X.")], 2018, **{"container-title": "ECIS"})
    assert groups([a, b]) == [["a", "b"]]
    assert groups([a, c]) == [["a"], ["c"]]


def test_an_initial_filed_as_the_family_name_is_no_name_to_compare():
    a = rec("a", "CD26 inhibition enhances perfusion recovery in mice", [("V.", "")], 2013, volume="11", page="21–28")
    b = rec("b", "CD26 inhibition enhances perfusion recovery in mice", [("P.", "")], 2013, volume="11", page="21")
    c = rec("c", "CD26 inhibition enhances perfusion recovery in mice", [("Vale", "P.")], 2013, volume="11", page="21")
    d = rec("d", "CD26 inhibition enhances perfusion recovery in mice", [("Orr", "T.")], 2013, volume="11", page="21")
    assert groups([a, b]) == [["a", "b"]]
    assert groups([c, d]) == [["c"], ["d"]]


def test_a_short_title_in_one_journal_and_the_full_title_in_another_are_two_publications():
    review = rec("a", "Interventions for the winter kill of lake trout", [("Orr", "T."), ("Vale", "R.")],
                 **{"container-title": "Lake Reviews Database"})
    article = rec("b", "Interventions for winter-kill of lake trouts: a systematic review of controlled trials",
                  [("Orr", "T."), ("Vale", "R.")], volume="53", page="259–272", **{"container-title": "Lake Journal"})
    assert groups([review, article]) == [["a"], ["b"]]
    # in the same journal, or with a subtitle only a little longer than what both share, a database's copy
    copy = rec("c", "Interventions for winter-kill of lake trouts: a systematic review of controlled trials",
               [("Orr", "T."), ("Vale", "R.")], **{"container-title": "Lake Reviews Database"})
    short = rec("d", "Interventions for winter-kill of lake trouts: a review", [("Orr", "T."), ("Vale", "R.")],
                volume="53", page="259–272", **{"container-title": "Lake Journal"})
    assert groups([review, copy]) == [["a", "c"]]
    assert groups([review, short]) == [["a", "d"]]
    # one volume and first page under two names of the journal (its publisher's, in one paper) is one article
    named = rec("e", "Interventions for the winter kill of lake trout", [("Orr", "T."), ("Vale", "R.")], volume="53",
                page="259–272", **{"container-title": "Institute of Lake Studies Tarn"})
    assert groups([article, named]) == [["b", "e"]]


@pytest.mark.parametrize("a, b, same", [
    pytest.param(rec("a", "Winter feeding of lake trout (vol 142, pg 310, 2003)", [("Orr", "T.")], volume="142",
                     page="616", **{"container-title": "Lake Research"}),
                 rec("b", "Erratum: Winter feeding of lake trout (The Lake Research (M", [("Orr", "T.")], volume="142",
                     page="616", **{"container-title": "Lake Research"}), True,
                 id="two_databases_notes_on_one_erratum"),
    pytest.param(rec("a", "Winter feeding of lake trout (Lake Research (2009) 360 (542-544))", [("Orr", "T.")],
                     volume="360", page="2487", **{"container-title": "Lake Research"}),
                 rec("b", "Winter feeding of lake trout (vol 360, pg 542, 2009)", [("Orr", "T.")], volume="360",
                     page="2487", **{"container-title": "Lake Research"}), True, id="the_printing_cited_two_ways"),
    pytest.param(rec("a", "Winter feeding of lake trout (vol 360, pg 542, 2009)", [("Orr", "T.")], volume="360",
                     page="2487", **{"container-title": "Lake Research"}),
                 rec("b", "Winter feeding of lake trout", [("Orr", "T.")], volume="360", page="542–544",
                     **{"container-title": "Lake Research"}), False, id="the_erratum_and_the_article_it_corrects"),
    pytest.param(rec("a", "Trout in the lakes of Wales (2020)", [("Orr", "T.")], 2021),
                 rec("b", "Trout in the lakes of Wales (2019)", [("Orr", "T.")], 2021), False,
                 id="a_year_in_a_closing_bracket_still_counts"),
])
def test_a_databases_note_closing_a_title_is_none_of_it(a, b, same):
    assert (groups([a, b]) == [["a", "b"]]) is same


def test_records_in_one_place_are_compared_whatever_their_names_and_titles_open_with():
    # the first author filed two ways ("Il Vale" / "Vale"), a heading before one title: no name, year or title
    # block holds both, the journal, volume and first page do
    a = rec("a", "Can winter feeding save lake trout?", [("Il Vale", "H.")], 2009, volume="5", issue="10",
            page="556–557", **{"container-title": "Lake Research"})
    b = rec("b", "Trout in trouble: can winter feeding save lake trout?", [("Vale", "H. I.")], 2009, volume="5",
            issue="10", page="556–557", **{"container-title": "Lake Research"})
    # other records whose titles sort between theirs, more than the sorted-title window spans
    between = [rec(f"x{n}", f"Lake survey number {n} of the northern district", [(f"Moss{n}", "R.")], 1990 + n)
               for n in range(10)]
    features = [_features(i, r) for i, r in enumerate([a, *between, b])]
    assert (0, len(between) + 1) in candidate_pairs(features)
    assert ["a", "b"] in groups([a, *between, b])
