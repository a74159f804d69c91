"""Normalisation rules: names, titles, dates, pages, DOIs, URLs, types and journal variants."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refsvc import latex
from refsvc.model import Reference, Source
from refsvc.folding import venue
from refsvc.journals import load_journal_names
from refsvc.names import csl_name, csl_names, normalise_given
from refsvc.normalise import clean_title, csl_date, normalise, normalise_doi, normalise_pages, normalise_url

from conftest import ROOT, assert_data_rebuilt

JOURNALS = load_journal_names()


def ref(kind="article", **fields) -> Reference:
    return Reference("k", kind, fields, Source("t.bib", 1))


def csl(kind="article", **fields):
    (out,), problems = normalise([ref(kind, **fields)], JOURNALS)
    return out.csl, problems


# ---------------------------------------------------------------- names


@pytest.mark.parametrize("name, expected", [
    pytest.param("Naqvi, A.H.", {"family": "Naqvi", "given": "A. H."}, id="initials_spaced"),
    pytest.param("Ahmed, S", {"family": "Ahmed", "given": "S."}, id="initial_without_point"),
    pytest.param("Chen, Li", {"family": "Chen", "given": "Li"}, id="short_given_name_is_not_initials"),
    pytest.param("Alexis de Tocqueville", {"family": "Tocqueville", "given": "Alexis", "non-dropping-particle": "de"}, id="particle_first_last"),
    pytest.param("van der Berg, Jan", {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}, id="particle_last_first"),
    pytest.param("King, Jr, Martin Luther", {"family": "King", "given": "Martin Luther", "suffix": "Jr"}, id="suffix"),
    pytest.param("{Ministry of Foreign Affairs, Pakistan}", {"literal": "Ministry of Foreign Affairs, Pakistan"}, id="institution_literal"),
    pytest.param("Amin, J.-P.", {"family": "Amin", "given": "J.-P."}, id="hyphenated_initials"),
])
def test_names(name, expected):
    assert csl_name(name) == expected


def test_name_list_splits_on_and_outside_braces_and_drops_others():
    assert csl_names("Doe, J. and {Smith and Sons} and others") == [
        {"family": "Doe", "given": "J."}, {"literal": "Smith and Sons"}]


_word = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜÉ", min_size=1, max_size=1).flatmap(
    lambda first: st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüé-", min_size=1, max_size=10).map(lambda rest: first + rest))


@given(family=_word, given_names=st.lists(_word, min_size=1, max_size=3))
def test_family_first_and_first_last_forms_agree(family, given_names):
    given = " ".join(given_names)
    assert csl_name(f"{family}, {given}") == csl_name(f"{given} {family}") == {"family": family, "given": given}


@given(st.lists(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), min_size=1, max_size=4), st.sampled_from(["", ".", ". "]))
def test_initials_normalise_to_one_form(letters, sep):
    written = sep.join(letters) + (sep.strip() if sep else "")
    if len(letters) > 1 and not sep:
        return  # "JS" could be a name; it is left alone (tested above)
    assert normalise_given(written) == " ".join(f"{l}." for l in letters)
    assert normalise_given(normalise_given(written)) == normalise_given(written)


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("printed, expected", [
    pytest.param("63-86", "63–86", id="hyphen"), pytest.param("255-73", "255–273", id="abbreviated_end"),
    pytest.param("125--34", "125–134", id="double_hyphen_abbreviated"), pytest.param("1369—1401", "1369–1401", id="em_dash"),
    pytest.param("18", "18", id="single"), pytest.param("e12-e19", "e12–e19", id="electronic"),
    pytest.param("99-101", "99–101", id="end_longer"), pytest.param("1-5, 7-9", "1–5, 7–9", id="list"),
])
def test_pages(printed, expected):
    assert normalise_pages(printed) == expected


@given(st.integers(1, 99999), st.integers(0, 9999), st.sampled_from(["-", "--", "–", "—"]))
def test_page_ranges_are_idempotent_and_written_out(start, extra, dash):
    end = start + extra
    text = normalise_pages(f"{start}{dash}{end}")
    assert normalise_pages(text) == text
    first, last = text.split("–")
    assert int(first) == start and int(last) == end


@given(st.integers(100, 9999), st.integers(1, 98))
def test_abbreviated_end_pages_expand_to_a_later_page(start, span):
    end = start + span
    digits = len(str(end)) - 1 if str(end)[0] == str(start)[0] else len(str(end))
    short = str(end)[-digits:] if digits else str(end)
    first, last = normalise_pages(f"{start}-{short}").split("–")
    assert int(last) >= int(first)


# ---------------------------------------------------------------- titles, dates, identifiers


@pytest.mark.parametrize("printed, expected", [
    pytest.param("'Where Does It Fit?'", "Where Does It Fit?", id="single_quotes"),
    pytest.param("*Power & Interdependence*.", "Power & Interdependence", id="markdown_and_period"),
    pytest.param('"On the Axis "Zero"."', 'On the Axis "Zero"', id="inner_quotes_kept"),
    pytest.param("{NASA} and the {Moon}", "NASA and the Moon", id="protective_braces"),
    pytest.param("Caught in the maelstrom", "Caught in the maelstrom", id="casing_kept"),
    pytest.param("Written by J. R. R.", "Written by J. R. R.", id="initial_period_kept"),
])
def test_titles(printed, expected):
    assert clean_title(printed) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("2024-02-17", {"date-parts": [[2024, 2, 17]]}, id="day"),
    pytest.param("2019-23", {"date-parts": [[2019]], "season": 3}, id="autumn"),
    pytest.param("2021-05", {"date-parts": [[2021, 5]]}, id="month"),
])
def test_dates(text, expected):
    assert csl_date(text) == expected


def test_a_bad_year_is_reported_with_its_field_and_left_out():
    out, problems = csl(title="T", year="n.d.")
    assert "issued" not in out
    assert problems[0].field == "year" and problems[0].source == Source("t.bib", 1)
    assert "'n.d.' is not a year" in str(problems[0])


@pytest.mark.parametrize("text, expected", [
    pytest.param("https://doi.org/10.1177/ABC.1", "10.1177/abc.1", id="resolver_prefix"),
    pytest.param("doi: 10.2861/249342.", "10.2861/249342", id="doi_colon"),
    pytest.param("10.1016/S0025-7753%2817%2930624-3", "10.1016/s0025-7753(17)30624-3", id="percent_encoded"),
    pytest.param("not a doi", None, id="rejected"),
])
def test_doi(text, expected):
    assert normalise_doi(text) == expected


def test_url_cleaned():
    assert normalise_url("<HTTPS://Mofa.GOV.pk/Foreign-Secretary?>.") == "https://mofa.gov.pk/Foreign-Secretary"


# ---------------------------------------------------------------- types and containers


@pytest.mark.parametrize("kind, fields, expected", [
    pytest.param("article", {"journaltitle": "J", "volume": "3"}, "article-journal", id="journal"),
    pytest.param("article", {"journaltitle": "The Daily", "date": "2021-06-15"}, "article-newspaper", id="newspaper"),
    pytest.param("article", {"journaltitle": "Lake Research", "date": "2021-06-15", "doi": "10.1/x"}, "article-journal",
                 id="online_first_journal_article_with_a_doi"),
    pytest.param("article", {"journaltitle": "Carnegie Endowment for Peace", "date": "2017-01-16"}, "webpage", id="institution_site"),
    pytest.param("article", {"journaltitle": "The Express", "date": "2021-01-01", "x-medium": "blog"}, "post-weblog", id="blog"),
    pytest.param("incollection", {"booktitle": "B"}, "chapter", id="chapter"),
    pytest.param("book", {"publisher": "P"}, "book", id="book"),
    pytest.param("book", {"author": "{Some Organization}"}, "report", id="institution_book_is_report"),
    pytest.param("online", {"author": "{Government of X, Ministry of Y}", "url": "https://g.x"}, "report", id="government_document"),
    pytest.param("online", {"url": "https://a.org", "organization": "Site"}, "webpage", id="webpage"),
    pytest.param("thesis", {"institution": "U"}, "thesis", id="thesis"),
    pytest.param("report", {"institution": "RAND", "number": "3"}, "report", id="report"),
    pytest.param("misc", {}, "document", id="nothing_known"),
    pytest.param("misc", {"author": "Ahmed, S", "howpublished": "Personal communication"}, "personal_communication",
                 id="personal_communication"),
    pytest.param("article", {"journaltitle": "Weekly", "date": "2020-01-02", "entrysubtype": "magazine"}, "article-magazine",
                 id="magazine"),
])
def test_type_inference(kind, fields, expected):
    out, _ = csl(kind, title="T", **fields)
    assert out["type"] == expected


def test_report_number_is_number_and_journal_number_is_issue():
    assert csl("report", title="T", number="3")[0]["number"] == "3"
    assert csl("article", title="T", number="3", journaltitle="J")[0]["issue"] == "3"


def test_web_page_site_name_is_its_container():
    out, _ = csl("online", title="T", url="https://a.org", organization="Site")
    assert out["container-title"] == "Site" and "publisher" not in out


def test_journal_variants_map_to_one_name_through_the_data_file():
    names = load_journal_names("canonical,variant,kind,source\nJ. of Things,Journal of Things,expansion,test\n")
    out, _ = normalise([ref(title="T", journaltitle="The Journal of Things")], names)
    assert out[0].csl["container-title"] == "J. of Things"


def test_a_journal_variant_without_source_is_refused_with_its_line():
    from refsvc.errors import NormaliseError

    with pytest.raises(NormaliseError) as e:
        load_journal_names("canonical,variant,kind,source\nA,B,x,somewhere\nC,D,x,\n")
    assert (e.value.source.file, e.value.source.line, e.value.field) == ("journals.csv", 3, "source")


@pytest.mark.parametrize("printed, read", [
    pytest.param("J. Peace Res.", "Journal of Peace Research", id="iso4_abbreviation"),
    pytest.param("Am J Kidney Dis", "American Journal of Kidney Diseases", id="medline_abbreviation"),
    pytest.param("The Nation", "The Nation", id="a_full_name_stays_as_printed"),
    pytest.param("Ann Phys", "Ann Phys", id="an_abbreviation_two_journals_share_stays"),
    pytest.param("Lake Research Notes", "Lake Research Notes", id="unknown"),
])
def test_abbreviated_journal_names_are_read_from_jabref_s_lists(printed, read):
    out, _ = normalise([ref(title="T", journaltitle=printed)], JOURNALS)
    assert out[0].csl["container-title"] == read


def test_a_databases_addition_after_a_semicolon_leaves_one_journal():
    # JabRef's lists hold MEDLINE's "Stroke; a journal of cerebral circulation" and "Stroke": one journal, so the
    # short name stays known rather than dropped as a name two journals share
    known = load_journal_names().canonical
    assert venue("Stroke; a journal of cerebral circulation") == venue("Stroke") == "stroke"
    assert "stroke" in known and venue("Lake Studies; Series B") != venue("Lake Studies")


def test_the_journal_table_is_rebuilt_byte_for_byte_from_jabref_s_lists(tmp_path):
    assert_data_rebuilt(tmp_path, "build_journal_names.py", "--lists", ROOT.parent / "shared" / "journals",
                        ("journal-names.tsv.gz", "journal-names.LICENSE.md"))


@given(st.text(max_size=60))
def test_latex_escaping_round_trips(text):
    assert latex.decode(latex.encode(text)) == text
    assert not re.search(r"(?<!\\)[&%$#_]", latex.encode(text))
