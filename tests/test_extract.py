"""Extraction rules on small papers written for the tests."""
from __future__ import annotations

import pytest

from refsvc.errors import ExtractError
from refsvc.extract import extract, split_note, to_bibtex
from refsvc.model import Paper
from refsvc.parse import parse


def paper(style: str = "notes") -> Paper:
    return Paper("demo", "Demo", ("A. Writer",), 2024, style, "refs/papers/demo.txt")


def author_date(*lines: str) -> str:
    return "Body text (Doe, 2020).\n\nReferences:\n\n" + "\n".join(lines) + "\n"


def notes(*lines: str) -> str:
    return "Body text.¹\n\nNotes\n\n" + "\n".join(lines) + "\n"


def fields_of(text: str, style: str = "author-date"):
    entries, problems = extract(paper(style), text)
    return entries, problems


# ---------------------------------------------------------------- author-date lists


def test_journal_article_with_volume_issue_pages_and_angle_url():
    entries, problems = fields_of(author_date(
        "- Doe, J. A., & Roe, B. (2013). A study of things: Part one. *Journal of Things*, 13(2), 63-86. <https://x.org/a.pdf>"))
    assert problems == []
    (e,) = entries
    assert e.kind == "article"
    assert e.fields["author"] == "Doe, J. A. and Roe, B."
    assert e.fields["title"] == "A study of things: Part one"
    assert e.fields["journaltitle"] == "Journal of Things"
    assert (e.fields["volume"], e.fields["number"], e.fields["pages"]) == ("13", "2", "63-86")
    assert e.fields["url"] == "https://x.org/a.pdf"
    assert e.locator == "ref-1"


def test_url_alone_on_a_bullet_belongs_to_the_entry_above():
    entries, problems = fields_of(author_date(
        "- Office of Things. (2024, Oct. 16). Curtain raiser: a meeting.",
        "",
        "- <https://example.org/curtain>",
        "- Doe, J. (2020). Next entry. *Journal*."))
    assert problems == []
    assert [e.locator for e in entries] == ["ref-1", "ref-2"]
    assert entries[0].fields["url"] == "https://example.org/curtain"
    assert entries[0].fields["date"] == "2024-10-16"
    assert entries[0].fields["author"] == "{Office of Things}"


@pytest.mark.parametrize("printed, date", [
    pytest.param("(2024, Sep. 18)", "2024-09-18", id="abbreviated_month_day"),
    pytest.param("(2019, Autumn)", "2019-23", id="season_as_edtf"),
    pytest.param("(2018, Summer)", "2018-22", id="summer"),
    pytest.param("(2021, June 5)", "2021-06-05", id="full_month"),
    pytest.param("(2015)", "2015", id="year_only"),
])
def test_dates_in_parentheses(printed, date):
    entries, _ = fields_of(author_date(f"- Doe, J. {printed}. A title. *Paper*."))
    assert entries[0].fields["date"] == date


def test_chapter_with_editors_in_an_edited_book():
    entries, _ = fields_of(author_date(
        "- Doe, T. (2016). A chapter title. In T. Doe, & H. Öberg-Smith (Ed.), *The big book: A subtitle* (191-206). Some Press."))
    e = entries[0]
    assert e.kind == "incollection"
    assert e.fields["editor"] == "Doe, T. and Öberg-Smith, H."
    assert e.fields["booktitle"] == "The big book: A subtitle"
    assert e.fields["pages"] == "191-206"
    assert e.fields["publisher"] == "Some Press"


def test_title_first_entry_without_author():
    entries, _ = fields_of(author_date("- Storm hits the coast: ships lost. (2014, Oct. 21). *The Daily Paper*."))
    e = entries[0]
    assert "author" not in e.fields
    assert e.fields["title"] == "Storm hits the coast: ships lost"
    assert e.fields["journaltitle"] == "The Daily Paper"


def test_institutional_author_kept_whole_and_title_with_honorific():
    entries, _ = fields_of(author_date(
        "- Ministry of Examples, Government of Nowhere. (2014). Talks between Mr. Smith and Dr. Jones in Paris. <https://gov.example/talks>"))
    e = entries[0]
    assert e.fields["author"] == "{Ministry of Examples, Government of Nowhere}"
    assert e.fields["title"] == "Talks between Mr. Smith and Dr. Jones in Paris"


def test_book_with_edition_and_unbulleted_entries_after_a_blank_line():
    entries, problems = fields_of(author_date(
        "- Doe, J. (2011). *Power & Things* (4 ed.). Pearson.", "", "Roe, K. (2022, Feb. 25). Talks end. *The Times*."))
    assert problems == []
    assert entries[0].kind == "book" and entries[0].fields["edition"] == "4"
    assert entries[0].fields["title"] == "Power & Things"
    assert entries[1].fields["journaltitle"] == "The Times"


@pytest.mark.parametrize("first, second", [
    ("Vale T., B. Orr, and C. Moss. 2013. Winter feeding of trout. Lake Research 12:45.",
     "Hale R. 2011. Trout in rivers. Lake Research 10:3."),
    ("Vale TA, Orr B. Winter feeding of trout. Lake Research. 2013;12:45.", "Hale R. Trout in rivers. Lake Research. 2011;10:3."),
])
def test_entries_of_an_unmarked_list_with_initials_after_the_surname_are_apart(first, second):
    entries, problems = fields_of(author_date(first, second))
    assert [e.raw for e in entries] == [first, second]


def test_unrecognised_line_is_reported_with_its_line_not_dropped():
    text = author_date("- Doe, J. (2020). A title. *Paper*.", "", "Date of Publication\tMarch 25, 2025")
    entries, problems = fields_of(text)
    assert len(entries) == 1
    (problem,) = problems
    assert problem.source.file == "refs/papers/demo.txt"
    assert text.splitlines()[problem.source.line - 1].startswith("Date of Publication")


def test_no_reference_section_is_an_error_naming_the_file():
    with pytest.raises(ExtractError) as e:
        extract(paper(), "Just a body with no list at all.\n")
    assert e.value.source.file == "refs/papers/demo.txt"
    assert "no reference section" in str(e.value)


# ---------------------------------------------------------------- notes


def test_superscript_and_plain_note_numbers_and_ibid_variants():
    entries, problems = fields_of(notes(
        "- 1 Jane Doe, 'A Long Title: With Subtitle', *Journal of Things* 13, no. 2 (2013): 63-86, <https://x.org/a>.",
        "- 2 Ibid.",
        "- ³ Ibid., 70.",
        "- ⁴ Ibid;'",
    ), "notes")
    assert problems == []
    (e,) = entries
    assert e.locator == "note-1"
    assert [loc for loc, _ in e.repeats] == ["note-2", "note-3", "note-4"]
    assert e.fields["journaltitle"] == "Journal of Things"
    assert (e.fields["volume"], e.fields["number"], e.fields["pages"], e.fields["date"]) == ("13", "2", "63-86", "2013")


def test_ibid_after_a_two_work_note_cites_both():
    entries, _ = fields_of(notes(
        "1 Ann Lee, 'First Work', Embassy of Somewhere, accessed 30 May 2024, https://e.org/1; and Bo Chen and Cy Park, "
        "'Second Work', *Review of Stuff* 6, no. 3 (2022), <https://r.org/2>.",
        "2 Ibid.",
    ), "notes")
    assert [e.fields["title"] for e in entries] == ["First Work", "Second Work"]
    assert all([loc for loc, _ in e.repeats] == ["note-2"] for e in entries)
    assert entries[0].fields["urldate"] == "2024-05-30"
    assert entries[1].fields["author"] == "Chen, Bo and Park, Cy"


def test_short_form_and_repeated_long_form_resolve_to_the_earlier_entry():
    entries, problems = fields_of(notes(
        "1 Mary Major, 'Relations Redux: From Estrangement to Pragmatism', *Policy Journal* 19, no. 1 (2019): 56-85.",
        "2 Sam Minor, *A Book of Things* (Big Press, 2016), https://b.org/x.",
        "3 Major, 'Relations Redux'.",
        "4 Major, Mary. \"Relations Redux: From Estrangement to Pragmatism.\" *Policy Journal* 19, no. 1 (2019): 56-85.",
    ), "notes")
    assert problems == []
    assert len(entries) == 2
    major = entries[0]
    assert [loc for loc, _ in major.repeats] == ["note-3", "note-4"]
    assert entries[1].kind == "book" and entries[1].fields["publisher"] == "Big Press"


def test_short_form_with_no_earlier_note_is_kept_and_reported():
    entries, problems = fields_of(notes("1 'Annual Report on Things (FY 2023)'."), "notes")
    assert len(entries) == 1
    assert "no earlier full note" in str(problems[0])


def test_ibid_never_creates_an_entry_and_ibid_first_is_reported():
    entries, problems = fields_of(notes("1 Ibid.", "2 Jane Doe, 'A Title', *J* 1 (2000): 1-2."), "notes")
    assert len(entries) == 1 and entries[0].locator == "note-2"
    assert "Ibid. with no earlier note" in str(problems[0])


def test_section_and_newspaper_date_in_a_note():
    entries, _ = fields_of(notes(
        "1 Zed Writer, 'Trade Dispute Settled', *The Tribune*, 6 November 2019, sec. News, <https://t.com/s>."), "notes")
    f = entries[0].fields
    assert (f["section"], f["date"], f["journaltitle"]) == ("News", "2019-11-06", "The Tribune")


def test_doi_url_becomes_a_doi():
    entries, _ = fields_of(notes(
        "1 Ann Lee, 'On Things', *J. Stuff* 56, no. 3 (May 2021): 676-92, <https://doi.org/10.1177/00219096>."), "notes")
    f = entries[0].fields
    assert f["doi"] == "10.1177/00219096" and "url" not in f and f["date"] == "2021-05"


def test_note_numbers_out_of_order_are_reported():
    _, problems = fields_of(notes("1 Ann Lee, 'A', *J* 1 (2000): 1.", "3 Bo Chen, 'B', *J* 2 (2001): 2."), "notes")
    assert any("note 3 where note 2 was expected" in str(p) for p in problems)


@pytest.mark.parametrize("text, count", [
    pytest.param("Ann Lee, 'A Title', *J* 1 (2020): 1-2, <https://a.org/x>. Lee, 'A Title'.", 2, id="long_then_short"),
    pytest.param("Lee, Ann, et al. *A Book*. Press, 2022. Ann Lee et al., *A Book* (Press, 2022).", 2, id="two_forms_of_a_book"),
    pytest.param("Ann Lee, 'A Title', *J* 1 (2020): 1-2.", 1, id="one_reference"),
    pytest.param("'Report A'; and Bo Chen, 'B', *The Nation*, 13 October 2023.", 2, id="semicolon_and"),
])
def test_split_note(text, count):
    assert len(split_note(text)) == count


def test_generated_bibtex_reads_back_with_provenance():
    entries, _ = fields_of(notes("1 Ann Lee & Co, 'Costs: 50% & More', *J_x* 1 (2020): 1-2.", "2 Ibid."), "notes")
    text = to_bibtex(paper(), entries)
    refs, problems = parse(text, "demo.bib")
    assert problems == []
    (ref,) = refs
    assert ref.fields["title"] == "Costs: 50% & More"
    assert ref.fields["journaltitle"] == "J_x"
    assert [(o.paper, o.locator) for o in ref.occurrences] == [("demo", "note-1"), ("demo", "note-2")]
    assert ref.occurrences[1].raw == "Ibid."
