"""The trained reference tagger and `refsvc parse`: printed references in styles no rule was written for."""
from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import pycrfsuite
import pytest

from refsvc import labelled, names, pipeline, publishers, tagger
from refsvc.cli import main

from conftest import ROOT, assert_data_rebuilt

ANYSTYLE = ROOT.parent / "shared" / "training" / "anystyle"

# Shapes seen in unseen reference lists; the names are invented.
LINES = [
    'Marlow, D. A., and K. Ostrand (2005): "Hidden Costs of Trade," Journal of Industrial Economics, 36(4), 771–788.',
    "Holm, R. and Vester, M. (2010). Networks of exchange. Oxford: Clarendon Press.",
    "Quint, L. (2018). Harbour towns and their hinterlands. Maritime History Review, 12, 33–58.",
    "Varga, Ilona. The Salt Roads: Trade and Power in the Carpathians. Budapest: Corvina, 1999.",
    "[4] T. Okafor and P. Lind, “Sparse sensing of river flows,” IEEE Trans. Signal Process., vol. 61, no. 3, pp. 554–567, 2013.",
]


@pytest.mark.parametrize("text, expected", [
    pytest.param("Keohane, R. O., & Nye, J.", ["Keohane, R. O.", "Nye, J."], id="apa"),
    pytest.param("Lee, L. L., W. E. Howard, and R. E. Marsh.", ["Lee, L. L.", "Howard, W. E.", "Marsh, R. E."],
                 id="chicago_first_inverted"),
    pytest.param("Pérez-Oliva JJ, Arias A, de la Mora JC.", ["Pérez-Oliva, J. J.", "Arias, A.", "de la Mora, J. C."],
                 id="vancouver"),
    pytest.param("Gray AW Jr, von Hale M III, Orr TA.", ["Gray, Jr, A. W.", "von Hale, III, M.", "Orr, T. A."],
                 id="vancouver_with_suffixes"),
    pytest.param("S. E. Han, G. Chen,", ["Han, S. E.", "Chen, G."], id="initials_first"),
    pytest.param("Ada Byron and Alan Turing", ["Byron, Ada", "Turing, Alan"], id="given_first"),
    pytest.param("Holm, R. and Vester, M.", ["Holm, R.", "Vester, M."], id="two_inverted_with_and"),
    pytest.param("Marlow, D. A., and K. Ostrand", ["Marlow, D. A.", "Ostrand, K."], id="inverted_then_direct"),
    pytest.param("World Health Organization.", ["{World Health Organization}"], id="organisation"),
    pytest.param("Smith, J., et al.", ["Smith, J.", "others"], id="et_al"),
])
def test_printed_author_lists(text, expected):
    assert names.printed(text) == expected


def test_the_tagger_reads_fields_of_references_in_several_styles():
    first = labelled.read(LINES[0])
    assert first.kind == "article"
    assert first.fields["author"] == "Marlow, D. A. and Ostrand, K."
    assert "Hidden Costs of Trade" in first.fields["title"]
    assert first.fields["journal"] == "Journal of Industrial Economics"
    assert (first.fields["volume"], first.fields["number"], first.fields["date"]) == ("36", "4", "2005")
    book = labelled.read(LINES[1])
    assert book.kind == "book" and book.fields["publisher"] == "Clarendon Press" and book.fields["address"] == "Oxford"
    numbered = labelled.read(LINES[4])
    assert numbered.fields["author"] == "Okafor, T. and Lind, P." and numbered.fields["date"] == "2013"
    assert all(0 <= c <= 1 for c in first.confidence.values())


def test_parse_lines_gives_one_item_per_line_in_order(tmp_path, capsys):
    source = tmp_path / "list.txt"
    source.write_text("\n".join([*LINES, "", "%%% ~~~"]) + "\n", encoding="utf-8")
    assert main(["parse", "--lines", str(source)]) == 0
    out, err = capsys.readouterr()
    items = json.loads(out)
    assert [i["id"] for i in items] == ["line-1", "line-2", "line-3", "line-4", "line-5", "line-7"]
    assert [i["custom"]["raw"] for i in items[:5]] == LINES
    assert items[-1]["custom"].get("unreadable") is True and f"{source}:7: nothing read" in err
    assert all(i["custom"]["confidence"] for i in items[:5])
    assert items[3]["author"] == [{"family": "Varga", "given": "Ilona"}]


@pytest.mark.parametrize("fmt, marker", [("bibtex", "@article{line-1,"), ("ris", "TY  - JOUR")])
def test_parse_writes_exchange_formats(tmp_path, capsys, fmt, marker):
    source = tmp_path / "list.txt"
    source.write_text(LINES[0] + "\n", encoding="utf-8")
    assert main(["parse", "--lines", "--format", fmt, str(source)]) == 0
    assert marker in capsys.readouterr().out


def test_a_printed_list_is_split_into_entries():
    text = "\n".join([LINES[1], "", LINES[2][:40], LINES[2][40:], "", "[2] " + LINES[3]])
    assert [line for line, _ in labelled.split_list(text)] == [1, 3, 6]
    assert labelled.split_list(text)[1][1] == LINES[2][:40] + " " + LINES[2][40:]


@pytest.mark.parametrize("content, expected", [
    pytest.param(b"", "no references", id="empty"),
    pytest.param(b"\x7fELF\x00\x01", "a binary file, not text", id="binary"),
    pytest.param(b"\xff\xfe\x00", "a binary file", id="utf16"),
])
def test_parse_refuses_bad_input_in_one_line(tmp_path, capsys, content, expected):
    source = tmp_path / "list.txt"
    source.write_bytes(content)
    assert main(["parse", str(source)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0]


def test_the_tagger_is_safe_from_eight_threads():
    expected = [tagger.label(line) for line in LINES * 4]
    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(tagger.label, LINES * 4)) == expected


def test_the_model_ships_with_its_training_data_licence():
    folder = ROOT / "src" / "refsvc" / "data" / "tagger"
    assert (folder / "references.crfsuite").stat().st_size > 100_000
    assert "BSD" in (folder / "LICENSE").read_text(encoding="utf-8") or "Redistribution" in (
        folder / "LICENSE").read_text(encoding="utf-8")


def test_held_out_references_stay_as_right_as_measured():
    """A guard against regressions, on the references training never saw (bench/tagger_bench.py measures)."""
    if not (ANYSTYLE / "core.xml").is_file():
        pytest.skip(f"no AnyStyle training data at {ANYSTYLE} (a user's clone has none)")
    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT / "bench"))
    import tagger_bench
    import train_tagger

    _, held = train_tagger.split(ANYSTYLE)
    fields, whole, _ = tagger_bench.evaluate(held)
    share = {label: right / total for label, (right, total) in fields.items()}
    assert share["author"] >= 0.90 and share["date"] >= 0.90 and share["pages"] >= 0.92
    assert share["title"] >= 0.76 and share["container-title"] >= 0.72
    # every field right: the models retrained since 2026-12-01 read 0.583-0.592 of them (retraining on the
    # same data after a change to how the synthetic lines' names are read moves it by a few references)
    assert whole / len(held) >= 0.58


def test_reading_references_reports_confidence_by_csl_variable():
    (item,) = pipeline.read_references(LINES[0], "x.txt", one_per_line=True)
    assert {"author", "title", "container-title", "issued", "page"} <= set(item["custom"]["confidence"])


# ---------------------------------------------------------------- the same in the browser and the API

def test_api_parse_answers_one_item_per_line_in_each_format(client):
    body = "\n".join(LINES).encode()
    items = client.post("/api/parse?lines=1", data=body, content_type="text/plain").get_json()
    assert [i["custom"]["raw"] for i in items] == LINES
    assert all(i["custom"]["labels"] for i in items)
    ris = client.post("/api/parse?lines=1&format=ris", data=body, content_type="text/plain")
    assert ris.status_code == 200 and ris.get_data(as_text=True).count("TY  - ") == len(LINES)


@pytest.mark.parametrize("body, media, status", [
    pytest.param(b"", "text/plain", 400, id="empty"),
    pytest.param(b"  \n ", "text/plain", 400, id="blank"),
    pytest.param(b"\xff\xfe", "text/plain", 400, id="not_utf8"),
    pytest.param(b"\x00\x01", "text/plain", 400, id="binary"),
    pytest.param(b'{"text": "x"}', "application/json", 415, id="json"),
    pytest.param(b"x" * (70 * 1024), "text/plain", 413, id="too_large"),
])
def test_api_parse_refuses_bad_bodies(client, body, media, status):
    answer = client.post("/api/parse", data=body, content_type=media)
    assert answer.status_code == status and answer.get_json()["ok"] is False


def test_the_parse_page_labels_and_downloads(client):
    page = client.post("/parse", data={"text": "\n".join(LINES), "lines": "1"}).get_data(as_text=True)
    assert page.count("<li>") >= len(LINES) and 'class="tag tag-title"' in page and 'class="tag tag-author"' in page
    hostile = client.post("/parse", data={"text": "<script>alert(1)</script> (2001). <b>x</b>"}).get_data(as_text=True)
    assert "<script>alert" not in hostile and "&lt;script&gt;" in hostile
    download = client.post("/parse/download", data={"text": LINES[0], "lines": "1", "format": "bibtex"})
    assert download.status_code == 200 and download.get_data(as_text=True).startswith("@article{line-1,")
    assert 'filename="references.bib"' in download.headers["Content-Disposition"]


def test_markdown_marks_and_link_brackets_are_dropped_before_reading():
    assert labelled.plain("Doe, J. (2001). *A Book*. _Journal of Things_, 3. <https://x.org/a_b/_c>.") == \
        "Doe, J. (2001). A Book. Journal of Things, 3. https://x.org/a_b/_c."
    entry = labelled.read("Quint, L. (2018). Harbour towns. _Maritime History Review_, 12, 33–58.")
    assert entry.fields["journal"] == "Maritime History Review"


def test_a_repeated_author_dash_takes_the_names_above(tmp_path, capsys):
    source = tmp_path / "list.txt"
    source.write_text("Quint, L. (2018). Harbour towns. Oxford: Clarendon Press.\n"
                      "———. (2019). Harbour cities. Oxford: Clarendon Press.\n", encoding="utf-8")
    assert main(["parse", "--lines", str(source)]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["author"] for i in items] == [[{"family": "Quint", "given": "L."}]] * 2



def test_numbers_printed_without_spaces_are_read_apart():
    entry = labelled.read("Vale R, Orr T. Rivers in winter and their banks. Water Res. 2013;47(3):1012-1019.")
    assert (entry.fields["date"], entry.fields["volume"], entry.fields["number"], entry.fields["pages"]) == (
        "2013", "47", "3", "1012-1019")


# Invented references in shapes printed styles use; each reading rule checked where the model's spans need it.
@pytest.mark.parametrize("text, expected", [
    pytest.param("Orr, T. Winter Notes. Lake Research Quarterly 29, 101599 (2020).",
                 {"author": "Orr, T.", "title": "Winter Notes", "volume": "29", "pages": "101599", "date": "2020"},
                 id="short_title_after_initials_and_article_number"),
    pytest.param("Vale RT, Orr T. Rivers in winter and their banks. Water Res 2013; 47: 1012-1019.",
                 {"date": "2013", "volume": "47", "pages": "1012-1019"}, id="vancouver_year_volume"),
    pytest.param("Vale, Rhea, and Tom Orr. 2019. “Rivers and Banks.” Lake Research Quarterly 43(1):iii–ix.",
                 {"journal": "Lake Research Quarterly", "volume": "43", "number": "1", "pages": "iii–ix"},
                 id="roman_pages_after_issue"),
    pytest.param("Vale, R. (2020) “Rivers and banks in the long winter,” Lake Research Quarterly, 24.",
                 {"volume": "24", "date": "2020"}, id="volume_ending_the_reference"),
    pytest.param("Vale, R. & Orr, T. Rivers and Banks. in Advances in Lake Research (eds. Moss, J. & Hale, K.) "
                 "vol. 10 (Tarn Press, 1997).", {"volume": "10", "date": "1997"}, id="vol_label"),
    pytest.param("Orr, T.J. (1984–1986) Lakes & Rivers. Reading, Mass: Tarn Press.",
                 {"date": "1984", "title": "Lakes & Rivers"}, id="year_range_opening_the_title"),
    pytest.param("Vale R, Orr T. Rivers in winter and the banks they keep. Lake Res 2021; 16: e0249051.",
                 {"date": "2021", "journal": "Lake Res", "volume": "16"}, id="year_closing_the_journal"),
    pytest.param("Orr, T. (2000) “Notes from the Lake Research Editor - Editor’s Comments,” Lake Research, 24(2).",
                 {"title": "“Notes from the Lake Research Editor - Editor’s Comments,”"}, id="quoted_title_whole"),
])
def test_reading_rules_take_apart_what_the_model_runs_together(text, expected):
    fields = labelled.read(text).fields
    assert {k: fields.get(k) for k in expected} == expected


def test_a_firm_at_the_end_of_a_proceedings_title_is_its_publisher():
    entry = labelled.read("Vale, R. and Orr, T. (2007) “Rivers and banks,” in J. Moss et al. (eds.) Advances in "
                          "Lake Research Systems. Curran Associates, Inc. Available at: https://example.org/a.html.")
    assert entry.fields.get("publisher") == "Curran Associates, Inc."
    assert entry.fields.get("booktitle") == "Advances in Lake Research Systems"


def test_names_with_given_names_first_are_never_cut():
    for text in ("J. Smith, A. Jones, B. Lee. Rivers in winter. Water 12, 3 (2001).",
                 "Smith, John A., and Mary B. Jones. Rivers in Winter. Water 12 (2001): 3."):
        assert "Jones" in labelled.read(text).fields["author"]


@pytest.mark.parametrize("text", [
    "Moss, Jonah K., 2006, Lake Processes for Machine Learning (Tarn Press, Cambridge, MA).",
    "Moss, Jonah K., 1999, Statistical Methods for Lake Survey (Tarn Press, Cambridge, MA).",
])
def test_a_book_with_its_publisher_in_brackets_keeps_its_title_and_loses_the_brackets(text):
    entry = labelled.read(text)
    assert entry.kind == "book"
    assert entry.fields["title"].startswith(("Lake Processes", "Statistical Methods"))
    assert (entry.fields["publisher"], entry.fields["address"]) == ("Tarn Press", "Cambridge, MA")


def _spans(*pairs: tuple[str, str]) -> list[tagger.Field]:
    return [tagger.Field(label, text, 0.9) for label, text in pairs]


@pytest.mark.parametrize("spans, title, journal", [
    pytest.param([("title", "Winter feeding of juvenile lake trout"), ("container-title", "(JLT) in basins. Lake Res."),
                  ("volume", "2011; 118(3):")], "Winter feeding of juvenile lake trout (JLT) in basins.", "Lake Res.",
                 id="cut_before_a_full_stop"),
    pytest.param([("title", "Efficacy of feeding"), ("container-title", "in the treatment of trout, Lake Research,"),
                  ("volume", "49(5):")], "Efficacy of feeding in the treatment of trout,", "Lake Research,",
                 id="cut_before_a_comma"),
    pytest.param([("title", "Winter feeding."), ("container-title", "Lake Research, Series B")], "Winter feeding.",
                 "Lake Research, Series B", id="a_title_that_ends_is_left_alone"),
    pytest.param([("title", "The “winter”"), ("container-title", "project (feeding trout). Lake Research,")],
                 "The “winter” project (feeding trout).", "Lake Research,", id="a_word_quoted_inside_the_title"),
    pytest.param([("title", "“Winter feeding”"), ("container-title", "Lake Research, Series B")], "“Winter feeding”",
                 "Lake Research, Series B", id="a_quoted_title_ends_at_its_quote"),
])
def test_a_title_runs_to_the_stop_before_its_journal(spans, title, journal):
    out = labelled.titles._title_ends_at_a_stop(_spans(*spans))
    assert (out[0].text, out[1].label, out[1].text) == (title, "container-title", journal)


@pytest.mark.parametrize("spans, expected", [
    pytest.param([("title", "Winter survival of lake trout. Lake Research Notes 16: S170.")],
                 [("title", "Winter survival of lake trout."), ("container-title", "Lake Research Notes"),
                  ("volume", "16: S170")],
                 id="journal_volume_and_supplement_page"),
    pytest.param([("title", "Winter feeding of trout"), ("note", "[Abstract]. Lake Res 138: 811a.")],
                 [("title", "Winter feeding of trout"), ("note", "[Abstract]."), ("container-title", "Lake Res"),
                  ("volume", "138: 811a")],
                 id="after_a_bracketed_note"),
    pytest.param([("title", "Winter feeding of juvenile trout, Lake Research 118.")],
                 [("title", "Winter feeding of juvenile trout,"), ("container-title", "Lake Research"), ("volume", "118")],
                 id="after_the_last_comma"),
    pytest.param([("title", "Winter feeding of trout. Lake Res. 2008; 112: 1179.")],
                 [("title", "Winter feeding of trout."), ("container-title", "Lake Res."), ("volume", "2008; 112: 1179")],
                 id="vancouver_year_volume_and_page"),
    pytest.param([("title", "Lessons from Apollo 13.")], [("title", "Lessons from Apollo 13.")],
                 id="a_number_inside_one_sentence_stays"),
    pytest.param([("title", "Trout in winter. Lake Research 1998.")], [("title", "Trout in winter. Lake Research 1998.")],
                 id="a_year_is_no_volume"),
    pytest.param([("title", "Trout in winter. Lake Research Letters 127,"), ("date", "(2019).")],
                 [("title", "Trout in winter."), ("container-title", "Lake Research Letters"), ("volume", "127"),
                  ("date", "(2019).")],
                 id="the_year_printed_last"),
])
def test_a_journal_and_volume_ending_a_title_or_note_are_taken_out(spans, expected):
    assert [(f.label, f.text) for f in labelled.containers._journal_after_title(_spans(*spans))] == expected


@pytest.mark.parametrize("spans, expected", [
    pytest.param([("container-title", "Lake Research,"), ("volume", "4"), ("note", "(14): CD008173.")],
                 [("container-title", "Lake Research,"), ("volume", "4"), ("pages", "(14): CD008173.")],
                 id="issue_and_article_number_read_as_a_note"),
    pytest.param([("container-title", "Lake Research,"), ("publisher", "149: 106038. Tarn Press.")],
                 [("container-title", "Lake Research,"), ("volume", "149: 106038."), ("publisher", "Tarn Press.")],
                 id="volume_and_pages_opening_the_publisher"),
    pytest.param([("title", "Lakes."), ("publisher", "12: Tarn Press.")], [("title", "Lakes."), ("publisher", "12: Tarn Press.")],
                 id="not_after_a_journal"),
])
def test_numbers_opening_a_note_or_publisher_after_a_journal_are_its_numbers(spans, expected):
    assert [(f.label, f.text) for f in labelled.numbers._numbers_opening_a_span(_spans(*spans))] == expected


def test_a_title_printed_in_one_run_with_its_journal_ends_at_the_last_comma():
    spans = _spans(("date", "2011,"), ("container-title", "Winter Lakes: A Survey, of Sorts, Lake Research Letters"),
                   ("volume", "15,"))
    assert [(f.label, f.text) for f in labelled.titles._title_in_the_journal(spans)][1:3] == [
        ("title", "Winter Lakes: A Survey, of Sorts,"), ("container-title", "Lake Research Letters")]


@pytest.mark.parametrize("container, title, journal", [
    ("The Future of Winter Lakes. Lake Research Letters", "The Future of Winter Lakes.", "Lake Research Letters"),
    ("Trout in the CIO Basin. J. Lake Res.", "Trout in the CIO Basin.", "J. Lake Res."),
])
def test_with_no_comma_the_title_run_with_its_journal_ends_at_the_first_full_stop(container, title, journal):
    spans = _spans(("author", "Orr, T."), ("container-title", container), ("volume", "12,"), ("date", "(2013)."))
    assert [(f.label, f.text) for f in labelled.titles._title_in_the_journal(spans)][1:3] == [
        ("title", title), ("container-title", journal)]


@pytest.mark.parametrize("spans, title, journal", [
    pytest.param([("title", "Winter trout in shallow basins, North Tarn. Lake Res."), ("note", "2013; 8(14).")],
                 "Winter trout in shallow basins, North Tarn.", "Lake Res.", id="before_a_vancouver_year_and_volume"),
    pytest.param([("title", "Winter trout in shallow basins. Lake Research Reviews."), ("date", "2012;"),
                  ("volume", "4(14):CD0081.")], "Winter trout in shallow basins.", "Lake Research Reviews.",
                 id="before_a_year_then_a_volume"),
])
def test_a_journal_closing_the_title_before_its_volume_is_taken_out(spans, title, journal):
    out = labelled.containers._journal_closing_the_title(_spans(*spans))
    assert (out[0].text, out[1].label, out[1].text) == (title, "container-title", journal)


def test_a_title_before_a_bare_year_keeps_its_last_sentence():
    spans = _spans(("title", "Lake Notes. Toward a Theory of Winter."), ("date", "1995."))
    assert labelled.containers._journal_closing_the_title(spans) == spans


@pytest.mark.parametrize("text, expected", [("PLoS ONE.", "PLoS ONE"), ("BMJ.", "BMJ"), ("Lake Res.", "Lake Res."),
                                            ("J. AM. CHEM. SOC.", "J. AM. CHEM. SOC."), ("Proc. IEEE.", "Proc. IEEE.")])
def test_a_full_stop_after_an_acronym_is_no_abbreviation(text, expected):
    assert labelled.spans._end(text) == expected


@pytest.mark.parametrize("line, fields", [
    pytest.param("Orr, T., and R. Vale, “Winter feeding of lake trout,” Lake Research, 8 (2008), 23.",
                 {"journal": "Lake Research", "volume": "8", "date": "2008", "pages": "23"}, id="pages_after_the_year"),
    pytest.param("Orr, T., & Vale, R. 2009. Winter feeding of lake trout in shallow basins. Lake Research, 107: S112.",
                 {"journal": "Lake Research", "volume": "107", "pages": "S112"}, id="volume_before_a_colon"),
    pytest.param("1. Orr T, Vale R. Winter feeding of lake trout in shallow basins. Lake Research. 2010;90:101A.",
                 {"title": "Winter feeding of lake trout in shallow basins", "journal": "Lake Research", "volume": "90",
                  "pages": "101A"}, id="vancouver_journal_run_into_the_title"),
    pytest.param("1. Orr T, Vale R. Winter feeding of lake trout in shallow basins. Lake Research. 2011;6.",
                 {"title": "Winter feeding of lake trout in shallow basins", "journal": "Lake Research", "volume": "6"},
                 id="vancouver_unpaged"),
    pytest.param("Orr, T., & Vale, R. 2011. The “winter” project (feeding lake trout in shallow basins). Lake Research, 22: 33.",
                 {"title": "The “winter” project (feeding lake trout in shallow basins)", "journal": "Lake Research",
                  "volume": "22"}, id="a_word_quoted_inside_the_title"),
    pytest.param("Orr, T. 2010. Winter feeding of lake trout in shallow basins. Lake Research, 90: 106A.",
                 {"volume": "90", "pages": "106A", "date": "2010"}, id="an_abstract_page_after_the_volume"),
    pytest.param("Orr P. 2000. Winter feeding of lake trout in shallow basins (WFLT). Lake Research 203: 447.",
                 {"journal": "Lake Research", "volume": "203", "pages": "447"}, id="volume_in_the_journal_span"),
    pytest.param("Orr, T., and R. Vale (2011), “Winter feeding of lake trout in shallow basins,” Lake Research, 342.",
                 {"journal": "Lake Research", "volume": "342", "pages": None}, id="a_lone_number_after_the_journal"),
    pytest.param("Orr, T., and R. Vale (2011), “Winter feeding of lake trout in shallow basins,” Lake Research, 12, 342–350.",
                 {"journal": "Lake Research", "volume": "12", "pages": "342–350"}, id="volume_and_pages"),
])
def test_journal_numbers_printed_after_the_name(line, fields):
    entry = labelled.read(line)
    assert {k: entry.fields.get(k) for k in fields} == fields


@pytest.mark.parametrize("line, authors, title", [
    pytest.param("1. Orr T. Trout versus salmon. BMJ. 2012;344:e3162.", "Orr, T.", "Trout versus salmon",
                 id="one_vancouver_name_then_a_short_title"),
    pytest.param("1. Orr TA, Vale R. HPV in lake trout. Lake Research. 2012;92:99A.", "Orr, T. A. and Vale, R.",
                 "HPV in lake trout", id="a_title_opening_with_an_acronym"),
    pytest.param("1. Orr TA, Vale RB, Hale R. Winter feeding of lake trout. Lake Research. 2004;19:945.",
                 "Orr, T. A. and Vale, R. B. and Hale, R.", "Winter feeding of lake trout", id="the_last_name_in_the_title_span"),
    pytest.param("Orr, Tom J., Rita L. Vale, and Sam Hale, “Winter feeding of lake trout,” Lake Research, 46 (2009), 3.",
                 "Orr, Tom J. and Vale, Rita L. and Hale, Sam", "“Winter feeding of lake trout,”", id="given_names_first_stay"),
])
def test_a_vancouver_name_list_ends_at_its_full_stop(line, authors, title):
    entry = labelled.read(line)
    assert (entry.fields.get("author"), entry.fields.get("title")) == (authors, title)


@pytest.mark.parametrize("spans, expected", [
    pytest.param([("author", "Orr TA, Vale RB,"), ("title", "Hale R. Winter feeding of lake trout.")],
                 [("author", "Orr TA, Vale RB, Hale R."), ("title", "Winter feeding of lake trout.")], id="vancouver"),
    pytest.param([("author", "Orr, T., Vale, R.,"), ("title", "Hale R. Winter feeding of lake trout.")],
                 [("author", "Orr, T., Vale, R.,"), ("title", "Hale R. Winter feeding of lake trout.")],
                 id="another_list_form_is_left_alone"),
])
def test_a_name_list_cut_at_a_comma_goes_on_into_the_title(spans, expected):
    assert [(f.label, f.text) for f in labelled.authors._names_run_into_the_title(_spans(*spans))] == expected


def test_a_vancouver_list_closed_by_its_full_stop_ends_there():
    out = labelled.authors._names_end_at_names(_spans(("author", "Ji H, Schneider C. HPV"), ("title", "in lake trout.")))
    assert [(f.label, f.text) for f in out] == [("author", "Ji H, Schneider C."), ("title", "HPV in lake trout.")]


@pytest.mark.parametrize("line", [
    "Vale, R., T. Orr, and K. Xu. 2019. Winter feeding of lake trout. arXiv preprint arXiv:1903.01768.",
    "Vale, R. and Orr, T. (2014) ‘Winter feeding of lake trout’, Arxiv preprint arXiv:1410.7172.",
])
def test_a_preprint_servers_number_stands_as_the_container_not_a_lost_note(line):
    entry = labelled.read(line)
    assert entry.fields["title"].strip("‘’") == "Winter feeding of lake trout"
    assert entry.fields["journal"].lower().startswith("arxiv preprint arxiv:1")
    assert "note" not in entry.fields


@pytest.mark.parametrize("spans, expected", [
    pytest.param([("title", "Winter feeding."), ("container-title", "in Advances in Lake Research. Vol. 26,"),
                  ("editor", "edited by T. Orr."), ("publisher", "Tarn Press.")],
                 [("title", "Winter feeding."), ("container-title", "in Advances in Lake Research"),
                  ("volume", "Vol. 26"), ("editor", "edited by T. Orr."), ("publisher", "Tarn Press.")],
                 id="a_volume_ending_the_book_title"),
    pytest.param([("title", "Winter feeding."), ("container-title", "in Advances in Lake Research (eds. Orr, T. et al.)"),
                  ("volume", "vol. 30"), ("publisher", "(Tarn Press, 2017).")],
                 [("title", "Winter feeding."), ("container-title", "in Advances in Lake Research"),
                  ("editor", "eds. Orr, T. et al."), ("volume", "vol. 30"), ("publisher", "(Tarn Press, 2017).")],
                 id="editors_in_brackets_after_the_book_title"),
    pytest.param([("title", "Winter feeding."), ("container-title", "Lake Research 12"), ("pages", "3–9.")],
                 [("title", "Winter feeding."), ("container-title", "Lake Research 12"), ("pages", "3–9.")],
                 id="a_journal_is_left_alone"),
])
def test_editors_and_a_volume_ending_a_container_are_taken_out(spans, expected):
    assert [(f.label, f.text) for f in labelled.containers._container_tail(_spans(*spans))] == expected


@pytest.mark.parametrize("spans, journal, volume", [
    pytest.param([("title", "Winter feeding of trout."), ("container-title", "Lake Research Letters;29(4):.")],
                 "Lake Research Letters", "29", id="in_the_journal_span"),
    pytest.param([("title", "Winter feeding of trout. Lake Research;140(3):.")], "Lake Research", "140(3)",
                 id="closing_the_title"),
])
def test_a_journal_printed_close_up_to_its_numbers_is_taken_apart(spans, journal, volume):
    found = labelled.containers._journal_after_title(_spans(*spans))
    container = next(f for f in found if f.label == "container-title")
    name, numbers = labelled.numbers._container_numbers(container.text, found)
    volumes = [f.text for f in found if f.label == "volume"]
    assert name.rstrip(";") == journal and (numbers.get("volume") == volume or volumes[:1] == [volume])


def test_a_link_left_at_the_end_of_another_span_is_the_references_link():
    spans = _spans(("title", "Winter feeding."), ("publisher", "Tarn Press, Inc. Available at: https://example.org/a.html."))
    assert [(f.label, f.text) for f in labelled.links._link_out_of_a_span(spans)] == [
        ("title", "Winter feeding."), ("publisher", "Tarn Press, Inc."),
        ("url", "Available at: https://example.org/a.html")]


@pytest.mark.parametrize("spans, expected", [
    pytest.param([("title", "Winter feeding of trout: Journal of Fish"), ("container-title", "Biology,"), ("volume", "v. 30,")],
                 [("title", "Winter feeding of trout:"), ("container-title", "Journal of Fish Biology,"),
                  ("volume", "v. 30,")], id="begun_after_a_colon"),
    pytest.param([("title", "Winter feeding of trout. Freshwater Biology"), ("volume", "12,")],
                 [("title", "Winter feeding of trout."), ("container-title", "Freshwater Biology"), ("volume", "12,")],
                 id="whole_journal_closing_the_title"),
    pytest.param([("title", "Trout: Winter feeding"), ("container-title", "Lake Research,"), ("volume", "12,")],
                 [("title", "Trout: Winter feeding"), ("container-title", "Lake Research,"), ("volume", "12,")],
                 id="a_subtitle_that_names_no_journal_stays"),
])
def test_a_journal_begun_inside_the_title_is_taken_out_where_the_journal_list_knows_it(spans, expected):
    assert [(f.label, f.text) for f in labelled.containers._journal_begun_in_the_title(_spans(*spans))] == expected


@pytest.mark.parametrize("spans, expected", [
    pytest.param([("title", "Winter feeding."), ("location", "Lake Research (Basel)"), ("date", "2013;"), ("volume", "126:")],
                 [("title", "Winter feeding."), ("container-title", "Lake Research (Basel)"), ("date", "2013;"),
                  ("volume", "126:")], id="a_place_before_the_volume_is_the_journal"),
    pytest.param([("title", "Winter feeding."), ("container-title", "Lake Research"), ("location", "(Tarn, Wales)"),
                  ("pages", "128, S131.")],
                 [("title", "Winter feeding."), ("container-title", "Lake Research (Tarn, Wales)"), ("pages", "128, S131.")],
                 id="a_bracketed_place_after_the_journal_is_part_of_its_name"),
    pytest.param([("title", "Winter feeding."), ("publisher", "Tarn Press:"), ("location", "Leeds.")],
                 [("title", "Winter feeding."), ("publisher", "Tarn Press:"), ("location", "Leeds.")],
                 id="a_publishers_place_stays"),
])
def test_a_place_printed_where_the_journal_stands_is_the_journal(spans, expected):
    assert [(f.label, f.text) for f in labelled.containers._location_in_the_journal(_spans(*spans))] == expected


def test_a_year_between_the_journal_and_its_pages_is_the_volume_when_the_year_came_first():
    spans = _spans(("date", "2015."), ("title", "Winter feeding."), ("container-title", "Lake Research"),
                   ("date", "2015:"), ("pages", "406394."))
    assert [f.label for f in labelled.numbers._year_as_volume(spans)] == ["date", "title", "container-title", "volume", "pages"]
    vancouver = _spans(("title", "Winter feeding."), ("container-title", "Lake Res"), ("date", "2015;"), ("pages", "4."))
    assert labelled.numbers._year_as_volume(vancouver) == vancouver


@pytest.mark.parametrize("title, kept, edition", [
    ("‘Winter Feeding of Trout.’ 8th edn.", "‘Winter Feeding of Trout.’", "8th edn."),
    ("Winter Feeding of Trout (2nd ed.)", "Winter Feeding of Trout", "(2nd ed.)"),
    ("Winter Feeding, Second Edition.", "Winter Feeding", "Second Edition."),
])
def test_an_edition_ending_the_title_is_the_edition(title, kept, edition):
    out = labelled.titles._edition_out_of_the_title(_spans(("author", "Orr T"), ("title", title)))
    assert [(f.label, f.text) for f in out] == [("author", "Orr T"), ("title", kept), ("edition", edition)]


def test_in_after_the_titles_full_stop_opens_its_container():
    out = labelled.containers._container_in_the_title(_spans(("title", "Winter feeding of trout. In ‘Lake Research Conference,’"),
                                                  ("location", "Leeds,")))
    assert [(f.label, f.text) for f in out] == [("title", "Winter feeding of trout."),
                                                ("container-title", "Lake Research Conference"), ("location", "Leeds,")]
    inside = _spans(("title", "Trout in Lakes and in Rivers"), ("container-title", "Lake Research"))
    assert labelled.containers._container_in_the_title(inside) == inside


@pytest.mark.parametrize("title", ["“Winter Feeding of Trout,” in Lake Research, edited by T. Orr",
                                   "Winter Feeding of Trout, in Lake Research, edited by T. Orr",
                                   "“Winter Feeding of Trout.” in Lake Research, edited by T. Orr"])
def test_in_after_a_comma_or_closing_quote_opens_the_container(title):
    out = labelled.containers._container_in_the_title(_spans(("title", title)))
    assert [f.label for f in out] == ["title", "container-title"]
    assert out[1].text == "Lake Research, edited by T. Orr"
    assert "in lake" not in out[0].text.lower()
    # lower-case words after "in" are the title's own ("Trout, in short")
    kept = _spans(("title", "Trout, in short, a review"))
    assert labelled.containers._container_in_the_title(kept) == kept


def test_a_vancouver_name_left_before_the_year_ends_the_name_list():
    out = labelled.authors._names_run_into_the_title(_spans(("author", "Orr TA,"), ("title", "Vale R"), ("date", "(2009)"),
                                                    ("title", "Winter feeding of trout.")))
    assert [(f.label, f.text) for f in out] == [("author", "Orr TA, Vale R"), ("date", "(2009)"),
                                                ("title", "Winter feeding of trout.")]


def test_a_title_left_in_a_note_before_its_journal_is_the_title():
    out = labelled.containers._journal_after_title(_spans(("author", "Orr, T."), ("date", "2015."),
                                               ("note", "Winter feeding of trout. Lake Research 1: S34.")))
    assert [(f.label, f.text) for f in out] == [("author", "Orr, T."), ("date", "2015."),
                                                ("title", "Winter feeding of trout."),
                                                ("container-title", "Lake Research"), ("volume", "1: S34")]


def test_an_available_at_with_its_link_lost_is_dropped():
    entry = labelled.read("Orr, T. 2014. Winter feeding of trout. Arxiv preprint arXiv:1412.6980. Available at .")
    assert not any("Available" in value for value in entry.fields.values())


def test_a_year_after_a_volume_label_is_the_volume():
    spans = _spans(("container-title", "Lake Research,"), ("volume", "v."), ("date", "2016,"), ("pages", "p. 13."))
    assert [(f.label, f.text) for f in labelled.numbers._year_as_volume(spans)] == [
        ("container-title", "Lake Research,"), ("volume", "v. 2016,"), ("pages", "p. 13.")]


@pytest.mark.parametrize("line", [
    "Orr, T., 2016, Winter feeding of lake trout: Lake Research, v. 12, p. 13, at.",
    "Orr, T., 2016, Winter feeding of lake trout: Lake Research, v. 12, p. 13, at, https://example.org/a.",
])
def test_an_at_left_by_a_lost_or_following_link_is_no_field(line):
    fields = labelled.read(line).fields
    assert fields.get("pages") == "13" and not any(v.endswith((" at", ", at")) for v in fields.values())


@pytest.mark.parametrize("container, expected", [
    ("In: Symposium on Lake Systems. ASCE.", ("In: Symposium on Lake Systems", "ASCE.")),
    ("In: Lake Symp. American Lake Works Association,", ("In: Lake Symp", "American Lake Works Association")),
    ("Journal of Lakes. Series B", ("Journal of Lakes. Series B", "")),
    ("Transactions. American Lake Society", ("Transactions. American Lake Society", "")),
])
def test_a_society_or_its_acronym_ending_a_book_title_is_its_publisher(container, expected):
    assert labelled.venues._container_publisher(container, _spans(("title", "Winter feeding."))) == expected


def test_a_name_list_goes_on_to_its_et_al():
    out = labelled.authors._names_run_into_the_title(_spans(("author", "Vale, JC, GC Orr, F"),
                                                    ("title", "Moss, et al., “Winter feeding.”")))
    assert [(f.label, f.text) for f in out] == [("author", "Vale, JC, GC Orr, F Moss, et al.,"),
                                                ("title", "“Winter feeding.”")]
    kept = _spans(("author", "Vale, JC, GC Orr, F Moss, et al.,"), ("title", "“Winter feeding.”"))
    assert labelled.authors._names_end_at_names(kept) == kept


def test_a_full_stop_run_into_the_next_sentence_gets_its_space():
    assert labelled.plain("Lake methods.New York, Tarn Press. See https://a.org/X.Y and U.S.Lakes.") == \
        "Lake methods. New York, Tarn Press. See https://a.org/X.Y and U.S.Lakes."


def test_a_number_after_no_is_the_issue_however_like_a_year():
    spans = _spans(("container-title", "Lake Research"), ("volume", "521, no."), ("date", "1954 (2015):"), ("pages", "436."))
    assert [(f.label, f.text) for f in labelled.numbers._issue_before_the_year(spans)] == [
        ("container-title", "Lake Research"), ("volume", "521, no. 1954"), ("date", "(2015):"), ("pages", "436.")]


def test_a_given_first_list_cut_after_initials_goes_on_into_the_title():
    out = labelled.authors._names_run_into_the_title(_spans(("author", "C.A. Vale, K. Orr, G.D."),
                                                    ("title", "Moss and B.C. Hale, Winter feeding of trout,")))
    assert [(f.label, f.text) for f in out] == [("author", "C.A. Vale, K. Orr, G.D. Moss and B.C. Hale"),
                                                ("title", "Winter feeding of trout,")]


@pytest.mark.parametrize("line, volume, year", [
    ("[1] C.A. Vale and K. Orr, Winter feeding of lake trout, Lake Research. 116 (2010).", "116", "2010"),
    ("[1] C.A. Vale and K. Orr, Winter feeding of lake trout, Lake Research. 2011 (2011), 305086.", "2011", "2011"),
])
def test_a_journals_number_before_the_bracketed_year_is_its_volume(line, volume, year):
    fields = labelled.read(line).fields
    assert (fields.get("volume"), fields.get("date")) == (volume, year)


@pytest.mark.parametrize("text, label, volume_read, expected", [
    ("138 S52.", "pages", False, {"volume": "138", "pages": "S52"}),
    ("13. 204.", "volume", False, {"volume": "13", "pages": "204"}),
    ("1096 1101.", "pages", True, {"pages": "1096 1101"}),
    ("6399. Tarn.", "pages", True, {"pages": "6399. Tarn"}),
    # MHRA's volume.issue, and an issue range in brackets after the volume
    ("16.9, p. 822", "pages", False, {"volume": "16", "number": "9", "pages": "822"}),
    ("26.4–5, pp. 365–70", "pages", False, {"volume": "26", "number": "4–5", "pages": "365–70"}),
    ("(4–5): 759.", "pages", True, {"number": "4–5", "pages": "759"}),
    # Vancouver's year before a volume whose supplement is printed without brackets: the year is the date's
    ("2009; 94 Suppl. 2:", "volume", False, {"date": "2009", "volume": "94"}),
    # a page mark after the space: "22 p. S443", "26(4–5) p. 365"
    ("22 p. S443.", "pages", False, {"volume": "22", "pages": "S443"}),
    ("26(4–5) p. 365.", "pages", False, {"volume": "26", "number": "4–5", "pages": "365"}),
])
def test_a_volume_and_its_pages_printed_a_space_or_a_stop_apart(text, label, volume_read, expected):
    assert labelled.numbers._numbers(text, label, volume_read) == expected


@pytest.mark.parametrize("line", ["Vale, A. (2011). Winter feeding of trout. Lake Research, 92(10), 1725.",
                                  "Vale, A. (2011): “Winter feeding of trout,” Lake Research, 92, 1725."])
def test_a_page_that_looks_like_a_year_after_the_volume_is_the_page_once_the_year_is_read(line):
    fields = labelled.read(line).fields
    assert (fields.get("date"), fields.get("volume"), fields.get("pages")) == ("2011", "92", "1725")


@pytest.mark.parametrize("spans, title, publisher", [
    ((("author", "Vale, T."), ("date", "2011."), ("publisher", "Trout. Hale Books.")), "Trout", "Hale Books"),
    ((("author", "Vale, T."), ("date", "2011."), ("publisher", "Winter Trout, Moss & Orr")), "Winter Trout", "Moss & Orr"),
    ((("author", "Vale, T."), ("date", "2011."), ("publisher", "Trout (Orbitall)")), "Trout", "Orbitall"),
    ((("author", "Vale, T."), ("date", "(2011)."), ("title", "Trout: A Life. Hale Books.")), "Trout: A Life", "Hale Books"),
    ((("author", "Vale, T."), ("date", "(2011)."), ("container-title", "Trout. Hale Books.")), "Trout", "Hale Books"),
])
def test_a_books_title_and_publisher_read_as_one_span_are_taken_apart(spans, title, publisher):
    out = labelled.titles._title_and_publisher_in_one_span(_spans(*spans))
    assert [(f.label, f.text) for f in out[2:]] == [("title", title), ("publisher", publisher)]


@pytest.mark.parametrize("spans", [
    (("author", "Vale, T."), ("date", "(2011)."), ("title", "Trout. An Introduction.")),  # a subtitle
    (("author", "Vale T."), ("title", "Trout. Winter Feeding."), ("date", "(2011)")),  # date last: may be one
    (("author", "Vale, T."), ("date", "2011."), ("title", "Trout. Hale Books."), ("container-title", "Lakes")),
    (("author", "Vale, T."), ("date", "2011."), ("container-title", "Trout."), ("publisher", "Lake Series (Hale)")),
])
def test_a_title_span_is_cut_for_a_publisher_only_where_nothing_else_can_follow_it(spans):
    assert labelled.titles._title_and_publisher_in_one_span(_spans(*spans)) == _spans(*spans)


def test_a_titles_end_begun_in_a_known_journals_span_goes_back_to_the_title():
    spans = _spans(("title", "Winter feeding of trout: stocks,"), ("container-title", "lakes and rivers. Nature Medicine,"),
                   ("volume", "7(4),"))
    out = labelled.titles._title_run_into_the_journal(spans)
    assert [(f.label, f.text) for f in out] == [("title", "Winter feeding of trout: stocks, lakes and rivers."),
                                                ("container-title", "Nature Medicine,"), ("volume", "7(4),")]
    # a known journal's whole name is left whole, and so is a span whose last sentence is no known journal
    for journal in ("Journal of Physics: Conference Series,", "Lakes and rivers. Trout Notes,"):
        kept = _spans(("title", "Winter feeding of trout."), ("container-title", journal))
        assert labelled.titles._title_run_into_the_journal(kept) == kept


def test_a_source_span_with_its_numbers_is_the_journal_and_its_numbers():
    source = "Lake Abstracts: Section B: Sciences, 71(1-B), 118."
    out = labelled.venues._source_as_container(_spans(("title", "Trout."), ("source", source)))
    assert [f.label for f in out] == ["title", "container-title"]
    assert labelled.numbers._container_numbers(source, out) == (
        "Lake Abstracts: Section B: Sciences", {"volume": "71", "number": "1-B", "pages": "118"})
    beside = _spans(("container-title", "Lake Abstracts,"), ("source", "71(1-B)"))
    assert labelled.venues._source_as_container(beside) == beside



def test_a_vancouver_books_publisher_before_the_semicolon_and_year_is_taken_out_of_the_title():
    spans = _spans(("author", "Vale T."), ("title", "Trout: A Life. Hale Books;"), ("date", "2011."))
    out = labelled.titles._title_and_publisher_in_one_span(spans)
    assert [(f.label, f.text) for f in out] == [("author", "Vale T."), ("title", "Trout: A Life"),
                                                ("publisher", "Hale Books"), ("date", "2011.")]


def test_a_quoted_titles_container_after_the_closing_quote_is_taken_out():
    out = labelled.titles._container_after_the_closing_quote(_spans(("title", "“Winter Feeding of Trout,” Lake Notes"),
                                                             ("date", "2010.")))
    assert [(f.label, f.text) for f in out] == [("title", "“Winter Feeding of Trout,”"),
                                                ("container-title", "Lake Notes"), ("date", "2010.")]
    for kept in (_spans(("title", "“Winter Feeding of Trout,” Ed. by T. Orr")),
                 _spans(("title", "“Trout,” Lake Notes"), ("container-title", "Lakes"))):
        assert labelled.titles._container_after_the_closing_quote(kept) == kept


def test_an_editors_span_ends_at_its_mark_and_the_rest_begins_the_books_title():
    spans = _spans(("title", "Trout."), ("editor", "In: Orr BG, Hale EH, editors. Lake"), ("title", "Research Notes."))
    out = labelled.authors._editors_end_at_their_mark(spans)
    assert [(f.label, f.text) for f in out] == [("title", "Trout."), ("editor", "In: Orr BG, Hale EH, editors."),
                                                ("title", "Lake Research Notes.")]
    assert names.printed(out[1].text) == ["Orr, B. G.", "Hale, E. H."]


def test_an_online_medium_mark_is_no_word_of_a_field():
    fields = labelled.read("1. Vale T. Winter feeding of trout. Lake Notes [Internet]. 2010;5:407.").fields
    assert fields.get("journal") == "Lake Notes"


@pytest.mark.parametrize("spans, names, title", [
    ((("author", "T. Orr, Winter Trout (Hale,"), ("date", "2011).")), "T. Orr,", "Winter Trout (Hale,"),
    ((("author", "T. Orr and B. de Vale, Trout,"), ("title", "Lakes and Rivers")), "T. Orr and B. de Vale,",
     "Trout, Lakes and Rivers"),
])
def test_a_given_first_name_list_ends_at_its_first_part_that_is_no_name(spans, names, title):
    out = labelled.authors._given_first_names_end_at_names(_spans(*spans))
    assert (out[0].text, out[1].label, out[1].text) == (names, "title", title)
    whole = _spans(("author", "T. Orr, B. A. Vale Moss, and C. Hale, Jr."), ("title", "Trout."))
    assert labelled.authors._given_first_names_end_at_names(whole) == whole


def test_a_publisher_in_brackets_with_the_year_is_taken_out_of_the_title():
    out = labelled.titles._title_and_publisher_in_one_span(_spans(("author", "T. Orr,"), ("title", "Winter Trout (Hale,"),
                                                           ("date", "2011).")))
    assert [(f.label, f.text) for f in out[1:3]] == [("title", "Winter Trout"), ("publisher", "Hale")]


def test_a_year_and_semicolon_read_as_a_volume_is_the_date():
    spans = _spans(("title", "Trout."), ("container-title", "Lake Research."), ("volume", "2013;"), ("pages", "94:e27."))
    assert [f.label for f in labelled.numbers._year_before_the_volume(spans)] == ["title", "container-title", "date", "pages"]
    dated = _spans(("date", "2013."), ("container-title", "Lake Research."), ("volume", "2013;"))
    assert labelled.numbers._year_before_the_volume(dated) == dated


def test_a_journals_issue_in_brackets_may_hold_spaces():
    found = _spans(("title", "Trout."), ("container-title", "Lake Research, 45(16 Suppl 1), p. 4124."))
    assert labelled.numbers._container_numbers(found[1].text, found) == (
        "Lake Research", {"volume": "45", "number": "16 Suppl 1", "pages": "4124"})


def test_a_journal_cut_inside_its_brackets_takes_back_their_words():
    spans = _spans(("container-title", "Lake Notes (Clinical research"), ("volume", "ed.), 340,"), ("pages", "c18."))
    out = labelled.numbers._brackets_close_in_their_span(spans)
    assert [(f.label, f.text) for f in out] == [("container-title", "Lake Notes (Clinical research ed.)"),
                                                ("volume", "340,"), ("pages", "c18.")]
    for kept in (_spans(("title", "Trout (Hale,"), ("date", "2011).")),  # the publisher's year
                 _spans(("container-title", "Lake Notes 49 (3,"), ("volume", "Article 56): 35."))):  # an issue
        assert labelled.numbers._brackets_close_in_their_span(kept) == kept


def test_features_that_cannot_score_are_left_out_and_the_labels_stay_the_same():
    words = tagger.tokens("Vale, T. (2011). Winter feeding of trout. Lake Research, 92(10), 1725–1730.")
    rows = tagger.features(words)
    assert all(value or isinstance(value, str) for row in rows for value in row.values())
    # put back every feature a token could have as 0/False: crfsuite reads the same labels and the same marginals
    names = {name for row in rows for name in row} | {name.encode() for name in (
        "first", "last", "quoted", "paren", "after_year", "cap", "caps", "initial", "year", "range", "url", "doi")}
    full = [{**{name: 0.0 for name in names if name not in row and b":" not in name}, **row} for row in rows]
    crf = pycrfsuite.Tagger()
    crf.open(str(resources.files("refsvc").joinpath(tagger.MODEL)))
    labels = crf.tag(rows)
    sure = [crf.marginal(y, k) for k, y in enumerate(labels)]
    assert crf.tag(full) == labels
    assert [crf.marginal(y, k) for k, y in enumerate(labels)] == sure


def test_a_number_between_a_journals_name_and_its_pages_is_the_volume():
    spans = _spans(("title", "Winter feeding."), ("container-title", "Lake Research 202,"), ("pages", "49"))
    assert labelled.numbers._container_numbers("Lake Research 202,", spans) == ("Lake Research", {"volume": "202"})
    # a year there is no volume, and a number with no pages after it may be the name's own
    dated = _spans(("title", "Winter feeding."), ("container-title", "Lake Research 2011,"), ("pages", "49"))
    assert labelled.numbers._container_numbers("Lake Research 2011,", dated) == ("Lake Research 2011,", {})
    named = _spans(("title", "Winter feeding."), ("container-title", "Lake Research 2,"), ("publisher", "Tarn Press."))
    assert labelled.numbers._container_numbers("Lake Research 2,", named) == ("Lake Research 2,", {})
    assert labelled.read("Vale, T. (2011) Winter feeding. Lake Research. 1 A163.").fields["pages"] == "A163"


def test_a_year_again_after_the_journal_then_an_article_number_are_the_volume_and_its_page():
    spans = _spans(("date", "(2016)"), ("title", "Winter feeding."), ("container-title", "J Lake Res"),
                   ("date", "2016,"), ("volume", "1379274"))
    assert [f.label for f in labelled.numbers._year_as_volume(spans)] == ["date", "title", "container-title", "volume", "pages"]
    # printed once, the year is the date's, and a volume with its pages beside it stays a volume
    once = _spans(("title", "Winter feeding."), ("container-title", "J Lake Res"), ("date", "2016,"), ("volume", "13"))
    assert labelled.numbers._year_as_volume(once) == once
    paged = [*spans, *_spans(("pages", "4–9."))]
    assert labelled.numbers._year_as_volume(paged) == paged


def test_a_known_journal_ending_the_title_span_is_the_journal_where_none_was_read():
    spans = _spans(("date", "(2016)"), ("title", "Winter feeding of trout. Nature Medicine."), ("date", "2016"),
                   ("pages", "6305735."))
    out = labelled.containers._journal_ending_the_title(spans)
    assert [(f.label, f.text) for f in out][1:3] == [("title", "Winter feeding of trout."),
                                                     ("container-title", "Nature Medicine.")]
    numbered = _spans(("date", "(2016)"), ("title", "Winter feeding of trout. Nature Medicine. 1 S334."))
    assert [f.text for f in labelled.containers._journal_ending_the_title(numbered)][2] == "Nature Medicine. 1 S334."
    # a last sentence that is no known journal, a title followed by a publisher, or a journal read already: kept
    for kept in (_spans(("title", "Winter feeding of trout. Lakes and Rivers."), ("date", "2016")),
                 _spans(("title", "Winter feeding of trout. Nature Medicine."), ("publisher", "Tarn Press.")),
                 _spans(("title", "Trout. Nature Medicine."), ("container-title", "Lake Research"), ("pages", "4."))):
        assert labelled.containers._journal_ending_the_title(kept) == kept


def test_a_journal_span_ending_with_its_volume_and_colon_gives_the_next_span_its_pages():
    spans = _spans(("title", "Winter feeding."), ("container-title", "Journal of Lakes;5:"), ("volume", "6."))
    assert [(f.label, f.text) for f in labelled.numbers._volume_in_the_journal_span(spans)] == [
        ("title", "Winter feeding."), ("container-title", "Journal of Lakes"), ("volume", "5:"), ("pages", "6.")]
    # no colon (the number may be the name's), or a next span that is no page: kept
    for kept in (_spans(("container-title", "Journal of Lakes 5"), ("volume", "6.")),
                 _spans(("container-title", "Journal of Lakes;5:"), ("volume", "Tarn Press."))):
        assert labelled.numbers._volume_in_the_journal_span(kept) == kept


def test_a_titles_end_begun_in_a_known_journals_span_with_its_numbers_goes_back_to_the_title():
    spans = _spans(("title", "Winter feeding of trout: stocks,"), ("container-title", "lakes and rivers. Nature Medicine;7:A34."))
    out = labelled.titles._title_run_into_the_journal(spans)
    assert [(f.label, f.text) for f in out] == [("title", "Winter feeding of trout: stocks, lakes and rivers."),
                                                ("container-title", "Nature Medicine;7:A34.")]


@pytest.mark.parametrize("line, author, title, publisher", [
    # a given name written out ends the inverted name at its full stop; initials after the first are the same name's
    ("Vale, Tom. Snuff. Doubleday, 2011.", "Vale, Tom", "Snuff", "Doubleday"),
    ("Orr, J. J. L. Mughal Warfare. Routledge, 2010.", "Orr, J. J. L.", "Mughal Warfare", "Routledge"),
    ("Moss, Ann. Only in Death. The Black Library, 2007.", "Moss, Ann", "Only in Death", "The Black Library"),
])
def test_a_books_names_title_and_publisher_before_a_closing_year(line, author, title, publisher):
    fields = labelled.read(line).fields
    assert (fields["author"], fields["title"], fields["publisher"], fields["date"]) == (author, title, publisher, line[-5:-1])


def test_a_name_list_running_on_with_commas_is_not_cut_at_a_given_names_stop():
    spans = _spans(("author", "Vale, Tom, Ann Orr, and Ben Moss."), ("title", "Winter feeding."))
    assert labelled.authors._names_end_at_names(spans) == spans
    suffixed = _spans(("author", "Vale, Tom, Jr."), ("title", "Winter feeding."))
    assert labelled.authors._names_end_at_names(suffixed) == suffixed


def test_a_title_before_a_closing_year_keeps_a_subtitle_when_more_follows_the_year():
    spans = _spans(("author", "Vale, T."), ("title", "Winter Feeding. Trout Notes,"), ("date", "2011."), ("note", "Reprinted 2015."))
    assert labelled.titles._title_and_publisher_in_one_span(spans) == spans


def test_an_issue_printed_with_its_mark_is_the_issue_not_pages():
    assert labelled.numbers._numbers("nos. 4–5", "pages") == {"number": "4–5"}
    assert labelled.numbers._numbers("nos. 4–5, 587", "pages") == {"number": "4–5", "pages": "587"}
    fields = labelled.read("Vale, T. “Winter Feeding.” Lake Research 26, nos. 4–5 (2012): 365.").fields
    assert (fields["volume"], fields["number"], fields["pages"]) == ("26", "4–5", "365")


def test_a_known_journal_read_as_a_publisher_with_its_volume_or_as_names_after_the_title_is_the_journal():
    numbered = _spans(("date", "(2013)"), ("title", "Winter feeding."), ("publisher", "PLoS ONE 8"))
    assert [f.label for f in labelled.containers._known_journal_after_the_title(numbered)][-1] == "container-title"
    named = _spans(("author", "Vale T."), ("title", "Winter feeding."), ("author", "Brain Injury."), ("date", "2012;"))
    assert [f.label for f in labelled.containers._known_journal_after_the_title(named)][2] == "container-title"
    # a publisher that shares a journal's name ("Sage") is kept, and so is an unknown name with a number
    for kept in (_spans(("title", "Winter feeding."), ("publisher", "Sage,"), ("date", "2011.")),
                 _spans(("title", "Winter feeding."), ("publisher", "Tarn Lake Notes 8"))):
        assert labelled.containers._known_journal_after_the_title(kept) == kept


def test_pages_joined_by_a_plus_keep_their_first_page():
    assert labelled.numbers._numbers("2012; 55:e119+e122.", "volume") == {"date": "2012", "volume": "55", "pages": "e119+e122"}


@pytest.mark.parametrize("line, volume, year, pages", [
    # the volume and the year in one span after the journal, and a journal's number before the year and pages
    ("Vale, T, “Winter feeding.” in Lake Research, 71, 2011.", "71", "2011", None),
    ("Vale, T, “Winter feeding.” in Lake Research, 19, 1992, 59–62.", "19", "1992", "59–62"),
])
def test_a_volume_printed_before_the_year_is_the_volume(line, volume, year, pages):
    fields = labelled.read(line).fields
    assert (fields.get("volume"), fields.get("date"), fields.get("pages")) == (volume, year, pages)


def test_a_vancouver_list_with_spaced_initials_and_an_and_ends_at_its_last_initials():
    spans = _spans(("author", "Orr J, Vale D J, Hale T I, and Moss T. KIT"), ("title", "inhibitors in lakes."))
    out = labelled.authors._names_end_at_names(spans)
    assert [(f.label, f.text) for f in out] == [("author", "Orr J, Vale D J, Hale T I, and Moss T."),
                                                ("title", "KIT inhibitors in lakes.")]
    # given names first with a middle initial after the 'and' ("and Anna Q. Moss"): no Vancouver list to end
    chicago = _spans(("author", "Orr, Tom, and Anna Q. Moss,"), ("title", "“Winter feeding.”"))
    assert labelled.authors._names_end_at_names(chicago) == chicago


def test_a_volume_and_pages_ending_a_title_with_no_journal_printed_are_taken_out():
    spans = _spans(("date", "2015."), ("title", "Winter feeding of lake trout 11,"), ("pages", "791."))
    assert [(f.label, f.text) for f in labelled.numbers._numbers_ending_the_title(spans)] == [
        ("date", "2015."), ("title", "Winter feeding of lake trout"), ("volume", "11,"), ("pages", "791.")]
    whole = _spans(("date", "2013."), ("title", "Winter feeding of lake trout 1, E2048."))
    assert [f.label for f in labelled.numbers._numbers_ending_the_title(whole)] == ["date", "title", "volume", "pages"]
    # a year ending a title ("… Conference 2019,"), a journal span, or a publisher after it: kept
    for kept in (_spans(("title", "Proceedings of the Lake Conference 2019,"), ("pages", "79.")),
                 _spans(("title", "Winter feeding of lake trout 11,"), ("container-title", "Lake Research"), ("pages", "7.")),
                 _spans(("title", "Winter feeding of lake trout 11,"), ("publisher", "Tarn Press."))):
        assert labelled.numbers._numbers_ending_the_title(kept) == kept


def test_numbers_read_as_a_publisher_after_vancouvers_year_are_the_volume_and_pages():
    spans = _spans(("container-title", "Lake Research."), ("date", "2005;"), ("publisher", "99: S61."))
    assert [(f.label, f.text) for f in labelled.numbers._numbers_opening_a_span(spans)] == [
        ("container-title", "Lake Research."), ("date", "2005;"), ("volume", "99: S61.")]
    # after a year printed with a full stop (author-date), a publisher's numbers are left alone
    dated = _spans(("title", "Winter feeding."), ("date", "2005."), ("publisher", "99: S61."))
    assert labelled.numbers._numbers_opening_a_span(dated) == dated


def test_a_quoted_title_whose_quote_closes_inside_the_next_span_takes_its_words_back():
    spans = _spans(("title", "‘Winter feeding of trout."), ("container-title", "Lake Trial 861’, Lake Research,"),
                   ("volume", "106(7),"))
    assert [(f.label, f.text) for f in labelled.titles._quoted_whole(spans)] == [
        ("title", "‘Winter feeding of trout. Lake Trial 861’,"), ("container-title", "Lake Research,"), ("volume", "106(7),")]
    # an apostrophe inside a word ("Editor’s") closes nothing
    kept = _spans(("title", "‘Winter feeding of trout."), ("container-title", "Editor’s Notes,"), ("volume", "1."))
    assert labelled.titles._quoted_whole(kept) == kept


def test_a_lone_five_digit_number_read_as_the_volume_is_the_article_number():
    fields = labelled.read("Vale, A. and Orr, M. (2020) ‘Penalty and partitioning techniques to improve performance "
                           "of lake solvers’, Discrete Optimization, 100594.").fields
    assert fields.get("pages") == "100594" and "volume" not in fields


def test_a_titles_end_before_a_comma_in_a_known_journals_span_goes_back_when_numbers_follow():
    spans = _spans(("title", "Winter feeding of trout."), ("container-title", "Lake Trial 861, Nature Medicine"),
                   ("volume", "106,"))
    assert [(f.label, f.text) for f in labelled.titles._title_run_into_the_journal(spans)] == [
        ("title", "Winter feeding of trout. Lake Trial 861,"), ("container-title", "Nature Medicine"), ("volume", "106,")]
    # a proceedings' name with commas in it, after "In", is left whole
    proceedings = _spans(("title", "Winter feeding of trout."), ("container-title", "In Lake Trial, Nature Medicine"),
                         ("volume", "106,"))
    assert labelled.titles._title_run_into_the_journal(proceedings) == proceedings


def test_a_page_before_the_bracketed_year_after_the_volume_is_the_page():
    fields = labelled.read("[1] T. Vale and R. Orr, Winter feeding after a thaw, Archives of Lake Medicine and "
                           "Rehabilitation 92, 1717 (2011).").fields
    assert (fields.get("volume"), fields.get("pages"), fields.get("date")) == ("92", "1717", "2011")


def test_a_known_journal_with_its_numbers_after_a_comma_in_the_title_is_the_journal():
    spans = _spans(("author", "T. Vale,"), ("title", "Winter feeding of trout, Nature Medicine 7, CD003586"), ("date", "(2013)."))
    out = labelled.containers._journal_ending_the_title(spans)
    assert [(f.label, f.text) for f in out][1:3] == [("title", "Winter feeding of trout,"),
                                                     ("container-title", "Nature Medicine 7, CD003586")]
    assert labelled.numbers._container_numbers("Nature Medicine 7, CD003586", out) == (
        "Nature Medicine", {"volume": "7", "pages": "CD003586"})
    # after a comma with no numbers, a journal's name in a title is the title's ("…, Nature Medicine and Lakes")
    kept = _spans(("author", "T. Vale,"), ("title", "Winter feeding of trout, Nature Medicine"), ("date", "(2013)."))
    assert labelled.containers._journal_ending_the_title(kept) == kept


def test_a_titles_end_begun_in_a_known_journals_span_before_a_colon_goes_back_to_the_title():
    spans = _spans(("title", "Winter feeding of trout"), ("container-title", "in the deep basins: Nature Medicine,"),
                   ("volume", "v. 58,"))
    assert [(f.label, f.text) for f in labelled.titles._title_run_into_the_journal(spans)][:2] == [
        ("title", "Winter feeding of trout in the deep basins:"), ("container-title", "Nature Medicine,")]


def test_a_known_journal_read_as_the_last_publisher_or_a_lone_place_is_the_journal():
    spans = _spans(("author", "Vale, T."), ("date", "(2019)."), ("title", "Winter feeding of trout."),
                   ("publisher", "American Anthropologist."))
    assert [f.label for f in labelled.containers._known_journal_after_the_title(spans)][-1] == "container-title"
    alone = _spans(("author", "Vale T"), ("date", "(2011)"), ("title", "Winter feeding of trout."), ("location", "Blood"))
    assert [f.label for f in labelled.containers._known_journal_after_the_title(alone)][-1] == "container-title"
    # a book: a place with its publisher, a one-word publisher, a publisher's word, a place before the publisher
    for book in (_spans(("title", "Winter feeding."), ("location", "Blood:"), ("publisher", "Orr Books.")),
                 _spans(("title", "Winter feeding."), ("publisher", "Sage.")),
                 _spans(("title", "Winter feeding."), ("publisher", "Nature Press.")),
                 _spans(("title", "Winter feeding."), ("location", "London:"), ("publisher", "American Anthropologist."))):
        assert labelled.containers._known_journal_after_the_title(book) == book


def test_a_note_of_a_name_and_numbers_right_after_the_title_is_the_journal():
    spans = _spans(("author", "Vale, T., and Orr, R."), ("date", "[2020]."), ("title", "Winter feeding of trout."),
                   ("note", "Lake Studies Quarterly, 114, 103145."))
    assert [f.label for f in labelled.containers._known_journal_after_the_title(spans)][-1] == "container-title"
    # not a note after the journal's numbers ("… Lake Review A" + "44." + "APS: 6399.")
    later = _spans(("title", "Winter feeding of trout. Lake Review A"), ("pages", "44."), ("note", "APS: 6399."))
    assert labelled.containers._known_journal_after_the_title(later) == later


def test_words_for_no_place_or_publisher_are_no_field():
    for line in ("VALE, T. (1965): Winter Feeding.  o. O.", "Vale, T. 1965. Winter Feeding. [S.l.]: [s.n.].",
                 "Vale, T. 1965. Winter Feeding. N.p.: n.p."):
        fields = labelled.read(line).fields
        assert fields.get("title") == "Winter Feeding" and not {"address", "publisher"} & fields.keys(), line
    assert labelled.read("Vale, T. 1965. Winter Feeding. s.l.: Orr Books.").fields.get("publisher") == "Orr Books"
    # "s.l." after a word is a species group's, and "N. P." a person's initials
    fields = labelled.read("Vale, N. P., and S. L. Orr. 2001. Anopheles gambiae s.l. in Kenya. Malaria Journal 3: 4–5.").fields
    assert fields["author"] == "Vale, N. P. and Orr, S. L." and fields["title"] == "Anopheles gambiae s.l. in Kenya"


def test_link_words_in_other_languages_are_no_part_of_the_journal():
    for lead in ("Online verfügbar unter", "Disponible en", "Recuperado de", "Disponível em"):
        fields = labelled.read(f"Vale, Tom (2019): Winter feeding of trout. American Anthropologist. {lead} "
                               "DOI: https://doi.org/10.1111/aman.13352").fields
        assert fields.get("journal") == "American Anthropologist", lead
    assert "note" not in labelled.read("Vale, T. (2020). Winter feeding. Retrieved from https://example.org/a").fields


def test_an_abstracts_bracketed_number_after_the_pages_is_not_the_pages():
    line = ("Vale R, Orr T, Moss KP, Hale JP (2011) A randomised controlled study of winter feeding of trout in deep "
            "basins [Abstract]. European Respiratory Journal 38(1491):88s [P586]")
    assert labelled.read(line).fields.get("pages") == "88s"
    assert labelled.numbers._numbers("28(160): 51s [E401]", "volume") == {"volume": "28", "number": "160", "pages": "51s"}


def test_a_lists_key_before_the_entry_is_not_part_of_it():
    fields = labelled.read("Vale et al. 2011 L. Vale et al., “Winter feeding of trout,” Lake Research 30/494, 2011, "
                           "p. S35.").fields
    assert fields["author"] == "Vale, L. and others" and fields.get("date") == "2011" and fields.get("pages") == "S35"
    assert labelled.read("[Val89] T. Vale. Winter feeding. Lake Research, 3:4–5, 1989.").fields["author"] == "Vale, T."
    # an author-date entry whose title begins with the author's name keeps its authors
    assert labelled.text._without_label("Vale T 2001 Vale and snow in winter") == "Vale T 2001 Vale and snow in winter"


def test_a_books_subtitle_after_a_colon_is_not_the_publishers():
    fields = labelled.read("Vale, R.S. and Orr, P. 1984. Winter feeding. In: W.J. Moss and E.H. Hale (Editors) Readings "
                           "in Lake Research: The First Decade. Orr-Wesley,.").fields
    assert fields.get("booktitle") == "Readings in Lake Research: The First Decade"
    assert fields.get("publisher") == "Orr-Wesley" and fields.get("editor") == "Moss, W.J. and Hale, E.H."


def test_editors_marked_in_brackets_end_at_the_bracket():
    fields = labelled.read("Vale, B. and Orr, K. 2017. Winter feeding of trout. In: S. Moss (Editor) Lake Research 3. "
                           "Hale Press,.").fields
    assert fields.get("editor") == "Moss, S." and fields.get("booktitle", "").startswith("Lake Research 3")


def test_volume_and_issue_with_a_slash_are_read():
    assert labelled.numbers._numbers("30/494,", "volume") == {"volume": "30", "number": "494"}
    assert labelled.numbers._numbers("77/82.", "pages") == {"pages": "77/82"}  # pages printed so stay pages
    assert labelled.numbers._container_numbers("Lake Research 73, nos. 9-B(E)", _spans(("date", "(2013).")))[1] == {
        "volume": "73", "number": "9-B(E)"}
    spans = _spans(("title", "“Winter feeding of trout,”"), ("container-title", "Lake Research 71/1192,"), ("date", "2011."))
    assert labelled.numbers._container_numbers("Lake Research 71/1192,", spans) == ("Lake Research", {"volume": "71", "number": "1192"})


def test_words_for_no_pages_are_no_field_and_the_journals_numbers_around_them_are_read():
    fields = labelled.read("Vale, C. (2014). Winter feeding of trout in deep basins. Dissertation Abstracts International: "
                           "Section B: The Sciences and Engineering, 74(8-B(E)), No Pagination Specified.").fields
    assert (fields.get("journal"), fields.get("volume"), fields.get("number")) == (
        "Dissertation Abstracts International: Section B: The Sciences and Engineering", "74", "8-B(E)")
    assert "pages" not in fields
    vancouver = labelled.read("1.  Vale HP. Winter feeding of trout in deep basins. Dissertation Abstracts International: "
                              "Section B: The Sciences and Engineering. 2013;74(1-B(E)):No Pagination Specified.").fields
    assert (vancouver.get("journal"), vancouver.get("date"), vancouver.get("volume")) == (
        "Dissertation Abstracts International: Section B: The Sciences and Engineering", "2013", "74")


def test_a_work_read_with_no_title_takes_the_note_read_in_its_place():
    fields = labelled.read("Orr, P. 2007. Getting started with pyparsing, O’Reilly").fields
    assert fields.get("title", "").startswith("Getting started with pyparsing") and "note" not in fields
    # a note beside a book's title read as its container stays a note
    assert labelled.read("1. Vale AE, Orr JE. Introduction to Lake Computing. 2nd ed. Springer; 2007. "
                         "(Natural Computing Series).").fields.get("title") != "Natural Computing Series"


def test_a_quoted_book_title_then_its_publisher_in_brackets():
    spans = _spans(("author", "Vale H, Orr U"), ("date", "(2004)"), ("title", "‘Lake problems’ (Orr Books)."))
    assert [(f.label, f.text) for f in labelled.titles._container_after_the_closing_quote(spans)][2:] == [
        ("title", "‘Lake problems’"), ("publisher", "(Orr Books).")]


def test_a_databases_note_on_the_issue_leaves_the_issue():
    fields = labelled.read("Vale, I., Orr, H., Moss, D., Hale, P. 2008. Exploring the mechanism of winter feeding "
                           "using FRET. Molecular Immunology 45(16, Sp. Iss. SI): 4124").fields
    assert (fields.get("journal"), fields.get("volume"), fields.get("number"), fields.get("pages")) == (
        "Molecular Immunology", "45", "16", "4124")
    noted = labelled.read("Vale, J.; Orr, L.; & Hale, B. (1998). Occurrence of winter feeding in three lakes. Journal "
                          "of the American Society of Nephrology 9(PROGRAM AND ABSTR. ISSUE):394A.").fields
    assert (noted.get("volume"), noted.get("pages"), "number" in noted) == ("9", "394A", False)


def test_a_title_ending_mid_sentence_goes_on_in_a_lower_case_note():
    spans = _spans(("date", "2018."), ("title", "Modelling lake trustworthiness"),
                   ("note", "under publish or perish pressure. Lake Open Science 5: 171511."))
    assert [(f.label, f.text) for f in labelled.titles._title_goes_on_in_a_note(spans)][1:] == [
        ("title", "Modelling lake trustworthiness under publish or perish pressure."),
        ("note", "Lake Open Science 5: 171511.")]
    # a title closed by its stop, or a note opening in capitals, is left alone
    for kept in (_spans(("title", "Modelling lake trust."), ("note", "under review.")),
                 _spans(("title", "Modelling lake trust"), ("note", "Under review."))):
        assert labelled.titles._title_goes_on_in_a_note(kept) == kept


def test_a_known_journal_begun_in_the_title_after_a_comma_is_taken_out():
    spans = _spans(("author", "J. Vale and D. Orr,"), ("title", "Winter feeding of trout, Cochrane Database of"),
                   ("container-title", "Systematic Reviews"), ("volume", "4,"))
    assert [(f.label, f.text) for f in labelled.containers._journal_begun_in_the_title(spans)][1:3] == [
        ("title", "Winter feeding of trout,"), ("container-title", "Cochrane Database of Systematic Reviews")]


def test_what_opens_a_book_name_is_none_of_it_and_pages_keep_their_first_letter():
    fields = labelled.read("Vale, T. 2001. Winter feeding. Pages 12–19 in R. Orr, editor. Lake Research. Orr Books, "
                           "London.").fields
    assert fields.get("pages") == "12–19"
    assert labelled.entry._CONTAINER_LEAD_RE.sub("", "Page Proceedings of the 26th Lake Conference") == \
        "Proceedings of the 26th Lake Conference"
    assert labelled.entry._CONTAINER_LEAD_RE.sub("", "Pages 12–19 in Lake Research") == "Lake Research"
    assert labelled.entry._CONTAINER_LEAD_RE.sub("", "Pageant Studies") == "Pageant Studies"


def test_a_bare_available_before_a_link_is_no_part_of_the_journal():
    fields = labelled.read("Vale, J.-A.M., Orr, Z., and de Moss, N. (2014) “Heteroscedastic Treed Lake Optimisation,” "
                           "Arxiv preprint arXiv:1410.7172, available: https://doi.org/10.48550/arxiv.1410.7172.").fields
    assert fields.get("journal") == "Arxiv preprint arXiv:1410.7172"


def test_an_article_number_glued_to_the_journal_by_a_colon_is_its_pages():
    spans = _spans(("title", "Winter feeding of trout."), ("container-title", "Lake Optimization:100594."))
    assert labelled.numbers._container_numbers("Lake Optimization:100594.", spans) == ("Lake Optimization", {"pages": "100594"})


def test_an_in_leading_a_known_journal_stays_out_of_the_title():
    spans = _spans(("title", "'Winter feeding of trout'."), ("container-title", "In: Robotics and autonomous systems,"),
                   ("date", "1990."))
    assert labelled.titles._title_run_into_the_journal(spans) == spans


def test_accessed_before_a_link_is_its_lead_in():
    spans = _spans(("title", "Winter feeding."), ("container-title", "In: Lake Studies. Accessed:"),
                   ("url", "https://example.org/a"))
    assert [f.text for f in labelled.links._link_out_of_a_span(spans)][1] == "In: Lake Studies."


def test_a_periodical_read_as_the_publisher_of_a_title_is_the_journal():
    spans = _spans(("author", "Vale T."), ("container-title", "Winter Feeding of Trout. Lake Electronic Journal."),
                   ("date", "2018."))
    assert [(f.label, f.text) for f in labelled.titles._title_and_publisher_in_one_span(spans)][1:3] == [
        ("title", "Winter Feeding of Trout"), ("container-title", "Lake Electronic Journal")]
    books = _spans(("author", "Vale T."), ("container-title", "Winter Feeding of Trout. Lake Review Press."),
                   ("date", "2018."))
    assert labelled.titles._title_and_publisher_in_one_span(books)[2].label == "publisher"


def test_a_preprint_server_is_where_the_journal_stands():
    assert labelled.read("Vale T, Orr D. Winter feeding of trout. bioRxiv. Cold Lake Laboratory; 2019; 807693."
                         ).fields.get("journal") == "bioRxiv"
    noted = _spans(("title", "Winter feeding of trout."), ("note", "arXiv."), ("url", "https://arxiv.org/abs/1"))
    assert labelled.links._preprint_server(noted)[1].label == "container-title"
    ended = _spans(("title", "Winter feeding of trout. medRxiv."), ("date", "2020."))
    assert [(f.label, f.text) for f in labelled.links._preprint_server(ended)][:2] == [
        ("title", "Winter feeding of trout."), ("container-title", "medRxiv.")]
    journal = _spans(("title", "Winter feeding."), ("container-title", "Lake Studies,"), ("note", "SSRN."))
    assert labelled.links._preprint_server(journal) == journal


def test_a_volume_with_no_number_after_a_proceedings_comma_is_its_acronym():
    spans = _spans(("container-title", "In: Conference on Lake Games,"), ("volume", "LKG."), ("date", "; 2020."))
    assert [(f.label, f.text) for f in labelled.numbers._acronym_read_as_a_volume(spans)][:1] == [
        ("container-title", "In: Conference on Lake Games, LKG.")]
    roman = _spans(("container-title", "In: Lake Studies,"), ("volume", "XIV."), ("date", "2020."))
    assert labelled.numbers._acronym_read_as_a_volume(roman) == roman


def test_vancouvers_publisher_before_the_year_leaves_the_container():
    spans = _spans(("container-title", "Proceedings of the Lake Conference. Orr Society;"), ("date", "2019."))
    assert [(f.label, f.text) for f in labelled.venues._publisher_before_the_year(spans)] == [
        ("container-title", "Proceedings of the Lake Conference."), ("publisher", "Orr Society;"), ("date", "2019.")]
    volume_next = _spans(("container-title", "Lake Quarterly. Wiley;"), ("volume", "1981; 6:"), ("pages", "305."))
    assert labelled.venues._publisher_before_the_year(volume_next)[1].label == "publisher"
    abbreviated = _spans(("container-title", "Proc. Natl. Acad. Sci. USA;"), ("date", "2019."))
    assert labelled.venues._publisher_before_the_year(abbreviated) == abbreviated


def test_numbers_read_as_a_note_are_the_journals_numbers():
    fields = labelled.read("Vale, S. E. & Orr, B. 2009. Winter feeding of trout in ASC-H lakes. Lake Investigation, "
                           "89, 81A.").fields
    spans = _spans(("title", "Winter feeding. Lake Investigation,"), ("note", "89, 81A."))
    assert labelled.numbers._numbers_read_as_a_note(spans)[1].label == "volume"
    words = _spans(("title", "Winter feeding."), ("note", "In press, 2021."))
    assert labelled.numbers._numbers_read_as_a_note(words) == words
    assert (fields.get("volume"), fields.get("pages")) == ("89", "81A")


def test_a_vancouver_name_list_ends_before_a_title_whose_comma_leads_to_the_publisher():
    spans = _spans(("author", "von Vale L. Bureaucracy,"), ("publisher", "Orr University Press,"), ("date", "1945."))
    assert [(f.label, f.text) for f in labelled.authors._names_end_at_names(spans)][:2] == [
        ("author", "von Vale L."), ("title", "Bureaucracy,")]


def test_a_firms_name_after_the_titles_comma_is_the_publisher():
    spans = _spans(("author", "Vale M."), ("title", "All Lakes Red, Orr Books,"), ("date", "2017."))
    assert [(f.label, f.text) for f in labelled.titles._title_and_publisher_in_one_span(spans)][1:3] == [
        ("title", "All Lakes Red"), ("publisher", "Orr Books")]
    titled = _spans(("author", "Vale M."), ("title", "Winter, Summer and Trout,"), ("date", "2017."))
    assert labelled.titles._title_and_publisher_in_one_span(titled) == titled


def test_a_name_list_closed_by_a_colon_ends_there():
    ran_on = _spans(("author", "Vale F: Gateway."), ("publisher", "Orr Press"), ("date", "1977."))
    assert [(f.label, f.text) for f in labelled.authors._names_end_at_a_colon(ran_on)][:2] == [
        ("author", "Vale F"), ("title", "Gateway.")]
    begun = _spans(("author", "Vale MH, Orr FAR,"), ("title", "Moss SP: Winter feeding of trout."), ("date", "2010;"))
    assert [(f.label, f.text) for f in labelled.authors._names_end_at_a_colon(begun)][:2] == [
        ("author", "Vale MH, Orr FAR, Moss SP"), ("title", "Winter feeding of trout.")]
    titled = _spans(("author", "Vale, T."), ("title", "Trout: Winter feeding."))
    assert labelled.authors._names_end_at_a_colon(titled) == titled


def test_a_publisher_printed_straight_before_the_year_leaves_the_title():
    spans = _spans(("author", "Vale G:"), ("title", "Winter Gods: The Trout Takes Root. The Orr Library"), ("date", "2006."))
    assert [(f.label, f.text) for f in labelled.titles._title_and_publisher_in_one_span(spans)][1:3] == [
        ("title", "Winter Gods: The Trout Takes Root"), ("publisher", "The Orr Library")]


def test_a_publisher_opening_with_in_is_the_book_the_work_is_in():
    spans = _spans(("title", "Winter feeding."), ("publisher", "In: LKGC.,"), ("date", "2007."))
    assert labelled.venues._publisher_opening_with_in(spans)[1].label == "container-title"
    press = _spans(("title", "Winter feeding."), ("publisher", "Inland Press,"), ("date", "2007."))
    assert labelled.venues._publisher_opening_with_in(press) == press


def test_bracketed_database_notes_after_the_title_end_it():
    spans = _spans(("title", "Winter feeding of trout."), ("note", "[Review] [87 refs]. Lake Studies, 45, 29."))
    assert [(f.label, f.text) for f in labelled.titles._bracketed_notes_end_the_title(spans)] == [
        ("title", "Winter feeding of trout. [Review] [87 refs]."), ("note", "Lake Studies, 45, 29.")]
    alone = _spans(("title", "Winter feeding of trout."), ("note", "[Editorial]."), ("container-title", "Lakes,"))
    assert [f.label for f in labelled.titles._bracketed_notes_end_the_title(alone)] == ["title", "container-title"]
    words = _spans(("title", "Winter feeding of trout."), ("note", "In press [online]."))
    assert labelled.titles._bracketed_notes_end_the_title(words) == words


def test_a_container_span_holding_the_title_and_in_is_taken_apart():
    spans = _spans(("author", "Vale T."), ("container-title", "Modelling Trout, in: Proceedings of the Lake Conference, LKC,"),
                   ("date", "2010."))
    assert [(f.label, f.text) for f in labelled.containers._container_in_the_title(spans)][1:3] == [
        ("title", "Modelling Trout,"), ("container-title", "Proceedings of the Lake Conference, LKC,")]


def test_a_span_after_a_lone_in_is_the_container():
    spans = _spans(("title", "Winter feeding,"), ("location", "in:"), ("publisher", "LKGC,"), ("date", "2007."))
    assert [(f.label, f.text) for f in labelled.venues._publisher_opening_with_in(spans)] == [
        ("title", "Winter feeding,"), ("container-title", "in: LKGC,"), ("date", "2007.")]


def test_words_before_a_link_in_its_span_are_read_apart():
    spans = _spans(("title", "Winter feeding."), ("url", "arXiv. 2020; https://arxiv.org/abs/2003.03377."))
    assert [(f.label, f.text) for f in labelled.links._words_before_a_link(spans)][1:] == [
        ("note", "arXiv"), ("date", "2020"), ("url", "https://arxiv.org/abs/2003.03377.")]
    led = _spans(("title", "Winter feeding."), ("url", "Available from https://example.org/a"))
    assert labelled.links._words_before_a_link(led) == led


def test_the_publisher_list_is_rebuilt_byte_for_byte(tmp_path):
    assert_data_rebuilt(tmp_path, "build_publisher_names.py", "--data", ROOT.parent / "shared" / "training" / "anystyle",
                        ("publisher-names.txt", "publisher-names.LICENSE"))


def test_known_publishers_are_firms_and_places_or_months_are_not():
    assert publishers.known("Penguin") and publishers.known("Cambridge University Press.") and publishers.known("ACM")
    assert not any(publishers.known(n) for n in ("London", "August", "Author", "Winter feeding of trout", ""))


def test_a_known_publisher_after_a_comma_is_the_publisher_of_a_book_or_proceedings():
    spans = _spans(("author", "Vale H."), ("title", "On Trout, Penguin,"), ("date", "2006."))
    assert [(f.label, f.text) for f in labelled.titles._title_and_publisher_in_one_span(spans)][1:3] == [
        ("title", "On Trout"), ("publisher", "Penguin")]
    proceedings = _spans(("title", "Winter feeding."), ("container-title", "In: Proceedings of the Lake Conference, 2019, ACM,"))
    assert labelled.venues._container_publisher("In: Proceedings of the Lake Conference, 2019, ACM,", proceedings) == (
        "In: Proceedings of the Lake Conference", "ACM")
    acronym = "In: Proceedings of the Lake Conference, LKC,"
    assert labelled.venues._container_publisher(acronym, _spans(("container-title", acronym))) == (acronym, "")


def test_an_edition_or_a_volume_ending_a_books_title_is_read_apart():
    spans = _spans(("author", "Vale R."), ("title", "Winter Trout Magic. 4th ed"), ("publisher", "Orr Workshop"))
    assert [(f.label, f.text) for f in labelled.titles._edition_out_of_the_title(spans)][1:3] == [
        ("title", "Winter Trout Magic"), ("edition", "4th ed")]
    volume = _spans(("author", "Vale IM."), ("title", "Inversions. Vol 6."), ("publisher", "Orr Books;"))
    assert [(f.label, f.text) for f in labelled.titles._edition_out_of_the_title(volume)][1:3] == [
        ("title", "Inversions."), ("volume", "Vol 6")]
    assert labelled.read("Vale, B. 1995. Outpost Guide. Orr On-Line, Inc. Accessed: https://example.org/a"
                         ).fields.get("publisher") == "Orr On-Line, Inc."


def test_apa_pages_in_brackets_read_as_a_note_are_the_pages():
    spans = _spans(("container-title", "In: Proceedings of the Lake Conference"), ("note", "(p. 510). ACM."))
    assert [(f.label, f.text) for f in labelled.numbers._bracketed_pages_in_a_note(spans)] == [
        ("container-title", "In: Proceedings of the Lake Conference"), ("pages", "p. 510"), ("publisher", "ACM.")]
    other = _spans(("container-title", "Lake Studies"), ("note", "(in press)."))
    assert labelled.numbers._bracketed_pages_in_a_note(other) == other


def test_a_bracketed_note_opening_the_journal_span_ends_the_title():
    spans = _spans(("title", "[Winter feeding of trout]."), ("container-title", "[Chinese]. Lake Studies"), ("volume", "42:"))
    assert [(f.label, f.text) for f in labelled.titles._bracketed_notes_end_the_title(spans)][:2] == [
        ("title", "[Winter feeding of trout]. [Chinese]."), ("container-title", "Lake Studies")]
    bracketed = _spans(("title", "Winter feeding."), ("container-title", "[Lake Studies]"), ("volume", "42:"))
    assert labelled.titles._bracketed_notes_end_the_title(bracketed) == bracketed


def test_dotted_initials_after_the_family_end_the_name_where_the_title_follows():
    spans = _spans(("author", "Vale H. S.,"), ("title", "Telling About Trout."), ("publisher", "Orr Press,"))
    assert labelled.authors._names_end_at_names(spans) == spans
    ran_on = _spans(("author", "Vale N., Deathtrout."), ("title", "The Orr Library,"), ("date", "2015."))
    assert [(f.label, f.text) for f in labelled.authors._names_end_at_names(ran_on)][:2] == [
        ("author", "Vale N.,"), ("title", "Deathtrout. The Orr Library,")]
    vancouver = _spans(("author", "Vale AD, Orr M:"), ("title", "Winter feeding."))
    assert labelled.authors._names_end_at_names(vancouver) == vancouver


def test_a_volume_mark_alone_takes_the_number_read_as_the_date():
    spans = _spans(("container-title", "Lake Studies,"), ("volume", "vol."), ("date", "2016, (2016),"), ("pages", "p. 6."))
    assert [(f.label, f.text) for f in labelled.numbers._volume_mark_alone(spans)][1:3] == [
        ("volume", "vol. 2016"), ("date", "(2016),")]


def test_a_first_inverted_name_then_given_first_names_is_left_as_read():
    spans = _spans(("author", "Vale, F. K., A. C. Orr,"), ("title", "“Winter feeding of trout,”"))
    assert labelled.authors._names_end_at_names(spans) == spans


def test_a_vancouver_name_run_into_a_book_before_the_year_ends_at_its_initials():
    spans = _spans(("author", "Vale Y. Mogtrout. Orr Horse Books;"), ("date", "2010."))
    assert [(f.label, f.text) for f in labelled.authors._names_end_at_names(spans)][:2] == [
        ("author", "Vale Y."), ("title", "Mogtrout. Orr Horse Books;")]


def test_a_preprint_server_ending_an_untitled_journal_span_parts_the_title_from_it():
    spans = _spans(("author", "Vale K, Orr A."), ("container-title", "Winter Trout Robots. arXiv."), ("date", "2020."))
    assert [(f.label, f.text) for f in labelled.links._preprint_server(spans)][1:3] == [
        ("title", "Winter Trout Robots."), ("container-title", "arXiv.")]


def test_a_preprint_server_after_the_titles_comma_is_the_journal():
    spans = _spans(("author", "K. Vale, and J. Orr,"), ("title", "Winter Trout Robots, arXiv"), ("date", "(2020)."))
    assert [(f.label, f.text) for f in labelled.links._preprint_server(spans)][1:3] == [
        ("title", "Winter Trout Robots,"), ("container-title", "arXiv")]


def test_a_family_name_read_as_a_month_ends_the_name_list():
    spans = _spans(("author", "Vale, Y. S., and H. S."), ("date", "Jun."), ("title", "“Winter feeding.”"), ("date", "2016,"))
    assert [(f.label, f.text) for f in labelled.authors._family_read_as_a_month(spans)][:2] == [
        ("author", "Vale, Y. S., and H. S. Jun."), ("title", "“Winter feeding.”")]
    dated = _spans(("author", "Vale, Y. S."), ("date", "June."), ("title", "Winter feeding."))
    assert labelled.authors._family_read_as_a_month(dated) == dated


def test_a_volume_in_brackets_after_the_journal_is_the_volume():
    spans = _spans(("title", "“Winter feeding,”"), ("container-title", "Lake Studies, LKS (23:2),"), ("pages", "p. 1."))
    assert [(f.label, f.text) for f in labelled.numbers._bracketed_volume_after_the_journal(spans)][1:3] == [
        ("container-title", "Lake Studies, LKS"), ("volume", "23(2)")]
    placed = _spans(("container-title", "Lake Studies (Basel),"), ("pages", "p. 1."))
    assert labelled.numbers._bracketed_volume_after_the_journal(placed) == placed


def test_a_link_in_brackets_loses_the_closing_bracket_and_keeps_its_own():
    fields = labelled.read("Vale, M., and Orr, J. 2020. “Winter Trout,” Journal of Lakes (23:2), p. 1. "
                           "(https://doi.org/10.18564/lakes.4225).").fields
    assert (fields.get("doi"), fields.get("volume"), fields.get("number")) == ("10.18564/lakes.4225", "23", "2")
    assert labelled.links._closed_link("https://doi.org/10.1016/S0140-6736(20)30183-5).") == \
        "https://doi.org/10.1016/S0140-6736(20)30183-5"


def test_a_year_closing_a_proceedings_bracket_is_its_names_where_the_date_came_before():
    spans = _spans(("date", "2015."), ("title", "Winter feeding."), ("container-title", "In: Lake Arts (LKA"),
                   ("date", "2015)."))
    assert [(f.label, f.text) for f in labelled.numbers._brackets_close_in_their_span(spans)][2:] == [
        ("container-title", "In: Lake Arts (LKA 2015)")]
    physics = _spans(("author", "T. Vale,"), ("title", "Snuff (Doubleday,"), ("date", "2011)."))
    assert labelled.numbers._brackets_close_in_their_span(physics) == physics


def test_a_preprint_note_loses_its_in_and_year_and_an_arxiv_number_is_no_year():
    spans = _spans(("author", "Vale, H,"), ("title", "“Winter Trout.”"), ("note", "in Arxiv preprint arXiv:1903.01768, , 2019, ."))
    assert [(f.label, f.text) for f in labelled.numbers._dated(spans)][-1] == ("date", "2019")
    fields = labelled.read("Vale, H, & K Orr, “Winter Trout.” in Arxiv preprint arXiv:1903.01768, , 2019, .").fields
    assert fields.get("journal") == "Arxiv preprint arXiv:1903.01768"
    numbered = labelled.read("Vale, F. (2013) Winter Trout. Arxiv preprint arXiv:1310.1947.").fields
    assert numbered.get("journal") == "Arxiv preprint arXiv:1310.1947"


def test_epub_ahead_of_print_is_no_part_of_the_journal():
    fields = labelled.read("1.  Vale B, Orr K. Winter trout: a survey. Lake Computing Surveys. Epub ahead of print "
                           "2021. DOI: 10.1145/3448301.").fields
    assert "ahead" not in fields.get("journal", "").lower() and fields.get("date") == "2021"


def test_a_journals_publisher_after_its_name_and_volume_is_the_publisher():
    fields = labelled.read("Vale, Tom. 2018. Winter trout. Frontiers in Psychology 9. Frontiers Media SA.").fields
    assert (fields.get("journal"), fields.get("volume"), fields.get("publisher")) == (
        "Frontiers in Psychology", "9", "Frontiers Media SA")
    society = labelled.read("[1] Vale, T. (2017) Winter trout. Journal of Bridge Engineering, American Society of "
                            "Civil Engineers. 22, 04017094.").fields
    assert (society.get("journal"), society.get("publisher")) == (
        "Journal of Bridge Engineering", "American Society of Civil Engineers")
    # the part after the comma names no firm: the journal's own name goes on ("…, Section B")
    assert labelled.venues._container_publisher("Lake Studies, Section B", []) == ("Lake Studies, Section B", "")


def test_a_bare_number_after_a_known_journal_is_its_volume_and_a_publishers_colon_opens_the_pages():
    fields = labelled.read("Vale, Tom, and Ann Orr. 2022. What if trout winter? Computers & Operations Research 145. "
                           "Elsevier: 105857.").fields
    assert (fields.get("journal"), fields.get("volume"), fields.get("publisher"), fields.get("pages")) == (
        "Computers & Operations Research", "145", "Elsevier", "105857")
    # an unknown name keeps a number a publisher follows: it may be the name's own ("Lake Notes 12")
    spans = _spans(("container-title", "Lake Notes 12."), ("publisher", "Orr Press."))
    assert labelled.numbers._container_numbers("Lake Notes 12.", spans) == ("Lake Notes 12.", {})


def test_a_known_journal_after_the_titles_comma_is_the_journal_where_numbers_follow():
    fields = labelled.read("[1] T. Vale and A. Orr, Penalty techniques for winter trout, Discrete Optimization. "
                           "(2020), 100594.").fields
    assert (fields.get("title"), fields.get("journal")) == ("Penalty techniques for winter trout", "Discrete Optimization")
    noted = labelled.read("Vale, E., and Orr, T. 2012. Change in trout fat mass, Stroke, vol. 43, no. 11, e158").fields
    assert (noted.get("title"), noted.get("journal"), noted.get("volume")) == ("Change in trout fat mass", "Stroke", "43")


def test_a_journal_read_as_a_publisher_before_vancouver_numbers_is_the_journal():
    fields = labelled.read("Vale LS, Orr J. Winter differences among trout. Lake Open 2017; 7.").fields
    assert (fields.get("journal"), fields.get("volume"), fields.get("date")) == ("Lake Open", "7", "2017")
    # a book's publisher before its year and pages stays the publisher
    book = labelled.read("Vale LS. Winter trout. London: Orr Press; 2017. p. 7.").fields
    assert book.get("publisher") == "Orr Press" and "journal" not in book


def test_an_acronym_opening_the_volume_span_ends_the_journals_name():
    spans = _spans(("title", "Winter trout."), ("container-title", "Journal of Lake Studies,"),
                   ("volume", "JLS. 2018; 21:"), ("pages", "6."))
    assert [(f.label, f.text) for f in labelled.numbers._acronym_read_as_a_volume(spans)][1:3] == [
        ("container-title", "Journal of Lake Studies, JLS."), ("volume", "2018; 21:")]
    roman = _spans(("container-title", "Lake Studies,"), ("volume", "IV. 2018; 21:"))
    assert labelled.numbers._acronym_read_as_a_volume(roman) == roman


@pytest.mark.parametrize("line, title, venue, kind", [
    # an acronym alone does not tell a proceedings from a journal
    ("Vale, K. C. and D. Orr (2012). Designing winter games for elders. Foundations of Lake Games, FLG.",
     "Designing winter games for elders", "Foundations of Lake Games, FLG", "article"),
    ("Vale E. Notation as a winter instrument. International conference on lake notation and representation, 2017.",
     "Notation as a winter instrument", "International conference on lake notation and representation", "inproceedings"),
])
def test_a_conference_ending_the_title_is_the_proceedings(line, title, venue, kind):
    entry = labelled.read(line)
    container = entry.fields.get("booktitle") or entry.fields.get("journal")
    assert (entry.fields.get("title"), container, entry.kind) == (title, venue, kind)


def test_a_titles_second_sentence_without_a_conference_stays_the_titles():
    fields = labelled.read("Vale, K. (2012). Winter trout. A workshop report on lakes. Orr Press.").fields
    assert fields.get("title") == "Winter trout. A workshop report on lakes" and "booktitle" not in fields


@pytest.mark.parametrize("container, expected", [
    ("Winter Logic in Lake Science, Lecture Notes in Lake Science.", ("Winter Logic in Lake Science", "Lecture Notes in Lake Science")),
    ("Lake Archaeology. The Orr Series in Underwater Lakes.", ("Lake Archaeology", "The Orr Series in Underwater Lakes")),
    # a journal's lettered section is its name's
    ("Journal of the Royal Statistical Society. Series B (Statistical Methodology)",
     ("Journal of the Royal Statistical Society. Series B (Statistical Methodology)", "")),
    ("Lake Series", ("Lake Series", "")),
])
def test_a_series_after_a_books_title_is_the_series(container, expected):
    assert labelled.containers._container_series(container) == expected


@pytest.mark.parametrize("line, title, journal", [
    ("Vale J, Orr PL. 2007. Review of select NMEs. U.S.Pharmacist 32: 3-13.", "Review of select NMEs", "U.S.Pharmacist"),
    ("Vale, J., and Orr, K.J., 2010, Observing the observer (I): models of winter trout: PLoS One, v. 5, no. 12, p. e15554.",
     "Observing the observer (I): models of winter trout", "PLoS One"),
])
def test_a_title_run_into_the_journal_ends_at_a_stop_or_a_known_journals_colon(line, title, journal):
    fields = labelled.read(line).fields
    assert (fields.get("title"), fields.get("journal")) == (title, journal)


@pytest.mark.parametrize("line, booktitle", [
    ("Vale, H., and D. Orr. 2016. “Winter trout.” Proceedings of the Thirtieth Lake Conference, LKC 2016, February "
     "12-17, 2016, Phoenix, Arizona, USA, edited by D. Moss and M. P. Hale. Orr Press.",
     "Proceedings of the Thirtieth Lake Conference, LKC 2016, February 12-17, 2016, Phoenix, Arizona, USA"),
    ("Vale, R. (2010) Winter trout. In: Moss, M. (eds.) Lake Conference, LKC 2010, Proceedings, Raleigh, North "
     "Carolina, USA, April 26-30, 2010. ACM.",
     "Lake Conference, LKC 2010, Proceedings, Raleigh, North Carolina, USA, April 26-30, 2010"),
])
def test_an_events_days_and_place_after_a_proceedings_name_are_the_names(line, booktitle):
    fields = labelled.read(line).fields
    assert fields.get("booktitle") == booktitle and fields.get("date") in ("2016", "2010")


def test_numbers_after_an_events_days_stay_the_journals():
    fields = labelled.read("Vale, R. [2011]. Winter trout [Abstract]. Lake Society Annual Congress, Amsterdam, The "
                           "Netherlands, September 24-28, 38(1491), 88s.").fields
    assert (fields.get("volume"), fields.get("pages")) == ("38", "88s")
    assert fields.get("journal", "").endswith("September 24-28")


@pytest.mark.parametrize("line, booktitle", [
    ("Vale, T. (2009). Winter trout. Proceedings of the Lake Logics and Organisations Federated Workshops, LLOW.",
     "Proceedings of the Lake Logics and Organisations Federated Workshops, LLOW"),
    ("Vale, T. (2013). Winter trout as devices for learning. Foundations of Lake Games Conference 2013. "
     "Retrieved from http://example.org/a.pdf", "Foundations of Lake Games Conference 2013"),
])
def test_an_acronym_or_a_conferences_year_after_the_proceedings_name_is_the_names(line, booktitle):
    assert labelled.read(line).fields.get("booktitle") == booktitle


def test_a_proceedings_lone_number_is_its_page_and_a_journals_year_stays_its_volume():
    spans = _spans(("date", "(2009)."), ("title", "Winter trout."),
                   ("container-title", "Proceeding of the Seventh Lake Conference - L&L"), ("volume", "’09,"), ("pages", "49."))
    assert [(f.label, f.text) for f in labelled.venues._name_cut_before_its_end(spans)][2:] == [
        ("container-title", "Proceeding of the Seventh Lake Conference - L&L ’09"), ("pages", "49.")]
    journal = labelled.read("Vale W (2016). Winter trout in mice. Mediators of Inflammation 2016, 6305735.").fields
    assert (journal.get("journal"), journal.get("volume")) == ("Mediators of Inflammation", "2016")


def test_in_after_a_one_word_titles_stop_opens_the_container():
    fields = labelled.read("Vale, I. P. (1863). Snowflakes. In Book of Lakes. American Trout Society.").fields
    assert (fields.get("title"), fields.get("booktitle")) == ("Snowflakes", "Book of Lakes")


def test_a_known_journal_closing_the_title_before_its_numbers_is_the_journal():
    fields = labelled.read("Vale, Y. 2014. On the grammar of a lake drum language. Language, 90(2).").fields
    assert (fields.get("title"), fields.get("journal"), fields.get("volume")) == (
        "On the grammar of a lake drum language", "Language", "90")
    # an unknown name's bare number may be a page or a volume: the span stays as the model read it
    spans = _spans(("title", "Winter trout. Lake Informatics,"), ("pages", "145."))
    assert labelled.containers._container_before_numbers_in_the_title(spans) == spans


def test_an_apostrophe_year_opening_the_next_span_and_a_conferences_spaced_year_are_the_names():
    spans = _spans(("date", "(2009)."), ("title", "Winter trout."),
                   ("container-title", "Proceeding of the Seventh Lake Conference - L&L"), ("volume", "’09 : 49."))
    assert [(f.label, f.text) for f in labelled.venues._name_cut_before_its_end(spans)][2:] == [
        ("container-title", "Proceeding of the Seventh Lake Conference - L&L ’09"), ("volume", ": 49.")]
    fields = labelled.read("Vale, T. (2013). Winter trout as devices for learning. Foundations of Lake Games "
                           "Conference 2013 . http://example.org/a.pdf").fields
    assert fields.get("booktitle") == "Foundations of Lake Games Conference 2013"


def test_a_volume_mark_closed_by_its_separator_is_an_empty_volume_not_the_years():
    fields = labelled.read("Vale DF. Winter trout. In: Proceeding of the Seventh Lake Conference. Vol ; 2009:49.").fields
    assert (fields.get("date"), fields.get("volume"), fields.get("pages")) == ("2009", None, "49")
    # a mark alone before a year is a journal's volume numbered by year, as before
    spans = _spans(("container-title", "Lake Studies,"), ("volume", "v."), ("date", "2016,"), ("pages", "1–9."))
    assert [f.label for f in labelled.numbers._year_as_volume(spans)] == ["container-title", "volume", "pages"]


@pytest.mark.parametrize("line, journal, volume", [
    ("Vale, H. (2010). Trout in winter. Lake Studies.Conference: 23rd International Lake Workshop, ILW New York "
     "City, NY United States 47 (13 SUPPL).",
     "Lake Studies. Conference: 23rd International Lake Workshop, ILW New York City, NY United States", "47"),
    ("Vale, H. (2010). Trout in winter. Lake Studies.Conference: 23rd International Lake Workshop, ILW New York "
     "City, NY United States.Conference Start: 20100801 Conference End: 20100805.Conference Publication, 47(13 SUPPL).",
     "Lake Studies. Conference: 23rd International Lake Workshop, ILW New York City, NY United States. Conference "
     "Start: 20100801 Conference End: 20100805.Conference Publication", "47"),
])
def test_embases_journal_and_meeting_run_up_to_the_volume(line, journal, volume):
    fields = labelled.read(line).fields
    assert (fields.get("journal"), fields.get("volume")) == (journal, volume)


def test_the_sentence_before_the_medium_mark_is_the_container_the_title_ran_into():
    fields = labelled.read("1. Vale M, Orr T. Against the procedures of winter trout fishing. Lake Studies [Internet]. "
                           "2011. Available from: http://example.org/a").fields
    assert (fields.get("title"), fields.get("journal")) == ("Against the procedures of winter trout fishing", "Lake Studies")
    spans = _spans(("author", "Vale M."), ("title", "Against trout. Lake Studies."), ("date", "2011."))
    assert [(f.label, f.text) for f in labelled.containers._container_before_the_medium(spans, "Lake Studies")] == [
        ("author", "Vale M."), ("title", "Against trout."), ("container-title", "Lake Studies."), ("date", "2011.")]
    # a title's own medium, after its only sentence, leaves it whole
    spans = _spans(("author", "Vale M."), ("title", "Against trout."), ("date", "2011."))
    assert labelled.containers._container_before_the_medium(spans, "Against trout") == spans


def test_a_publishers_name_ending_the_container_span_is_the_publisher():
    spans = _spans(("title", "Winter trout."), ("container-title", "Proceedings of the Lake Conference ACM"),
                   ("date", "2019;"), ("pages", "510."))
    assert [(f.label, f.text) for f in labelled.venues._publisher_ending_the_container(spans)][1:3] == [
        ("container-title", "Proceedings of the Lake Conference"), ("publisher", "ACM")]
    # a firm's name closing a journal's own name stays the journal's
    for name in ("Communications of the ACM", "Lake Studies, Springer"):
        spans = _spans(("title", "Winter trout."), ("container-title", name), ("volume", "12:"), ("pages", "5–9."))
        assert labelled.venues._publisher_ending_the_container(spans) == spans


@pytest.mark.parametrize("line", [
    "Vale, E.E., and Orr, N.J. 2020. Peer review at the ministry of silly walks. Gait & Posture,. Elsevier.",
    "1.  Vale EE, Orr NJ: Peer review at the ministry of silly walks. Gait & Posture Elsevier; , 2020.",
])
def test_a_known_journal_then_a_known_publisher_after_the_title_are_the_journal_and_its_publisher(line):
    entry = labelled.read(line)
    assert (entry.kind, entry.fields.get("journal"), entry.fields.get("publisher")) == ("article", "Gait & Posture", "Elsevier")


def test_a_supplements_pages_after_a_journals_volume_are_its_numbers():
    fields = labelled.read("Vale, M. et al. (2006) Lake testing: a summary of meta-analyses. [Review] [31 refs]. "
                           "Vaccine, 24, p. Suppl-89.").fields
    assert (fields.get("journal"), fields.get("volume"), fields.get("pages")) == ("Vaccine", "24", "Suppl-89")


def test_dblps_proceedings_words_after_the_event_days_end_the_name():
    spans = _spans(("title", "Winter trout."), ("container-title", "In 5th Lake Conference, LC 2017, Toulon, France, April 24-26, 2017,"),
                   ("note", "Conference Track Proceedings, 2017."))
    assert [(f.label, f.text) for f in labelled.venues._proceedings_after_the_days(spans)][1:] == [
        ("container-title", "In 5th Lake Conference, LC 2017, Toulon, France, April 24-26, 2017, Conference Track Proceedings"),
        ("note", "2017.")]
    # with no days in the name, a note of proceedings stays a note
    spans = _spans(("container-title", "Lake Conference,"), ("note", "Proceedings, 2017."))
    assert labelled.venues._proceedings_after_the_days(spans) == spans


@pytest.mark.parametrize("container, after, name", [
    ("In: Foundations of Lake Design", "(FOLD).", "In: Foundations of Lake Design (FOLD)"),
    ("Computation, Lakes and X", "(xLaX). ; 2015.", "Computation, Lakes and X (xLaX)"),
    ("In: Electronic Lake Arts (ELA", "2015). ; 2015.", "In: Electronic Lake Arts (ELA 2015)"),
])
def test_a_names_bracketed_acronym_read_as_a_date_or_volume_is_the_names(container, after, name):
    spans = _spans(("title", "Winter trout."), ("container-title", container), ("date", after))
    assert [f.text for f in labelled.venues._bracketed_acronym_after_the_name(spans) if f.label == "container-title"] == [name]
    # a journal's volume in brackets stays the volume
    spans = _spans(("container-title", "Lake Studies"), ("volume", "(12)."))
    assert labelled.venues._bracketed_acronym_after_the_name(spans) == spans


def test_an_acronym_before_a_volume_mark_and_one_before_an_empty_fields_stop_are_the_names():
    spans = _spans(("title", "Winter trout."), ("container-title", "Journal of Lake Societies,"), ("volume", "JLS. vol. 19. No. 1."))
    assert [(f.label, f.text) for f in labelled.numbers._acronym_read_as_a_volume(spans)][1:] == [
        ("container-title", "Journal of Lake Societies, JLS."), ("volume", "vol. 19. No. 1.")]
    spans = _spans(("date", "(2017)."), ("title", "Winter trout."), ("container-title", "Foundations of Lake"),
                   ("location", "Games, FLG, ."))
    assert [f.text for f in labelled.venues._name_cut_before_its_end(spans)][2] == "Foundations of Lake Games, FLG"


@pytest.mark.parametrize("line, journal", [
    ("Vale, T., “Winter trout in lakes”, Arxiv preprint arXiv:1806.07555, 2018, https://arxiv.org/abs/1806.07555.",
     "Arxiv preprint arXiv:1806.07555"),
    ("Vale, T. & Orr, M. (2019) Autopilot: automating winter trout experiments with lots of small boats. bioRxiv, 807693.",
     "bioRxiv"),
])
def test_a_preprints_name_ends_at_its_identifier_or_server(line, journal):
    entry = labelled.read(line)
    assert entry.fields.get("journal") == journal
    # the article's number is kept, as its pages or reported unread, never dropped
    assert "807693" not in line or "807693" in (*entry.fields.values(), *entry.unread)


def test_harvards_held_year_and_place_are_none_of_the_proceedings_name():
    fields = labelled.read("Vale, R.A. (1999) “The trout toolkit for the analysis of lake systems”. in Proceedings of "
                           "the Annual Lake Planning and Management Conference. held 1999 at Reston, USA. ASCE").fields
    assert (fields.get("booktitle"), fields.get("address")) == (
        "Proceedings of the Annual Lake Planning and Management Conference", "Reston, USA")


def test_a_dissertation_abstracts_volume_and_lettered_issue_leave_the_name():
    for printed in ("Lake Abstracts International: Section B: The Sciences and Engineering 74 (1-B(E)).",
                    "Lake Abstracts International: Section B: The Sciences and Engineering, 74.1-B(E)"):
        name, numbers = labelled.numbers._container_numbers(printed, _spans(("container-title", printed)))
        assert (name.rstrip(","), numbers.get("volume")) == (
            "Lake Abstracts International: Section B: The Sciences and Engineering", "74")


@pytest.mark.parametrize("line, journal", [
    ("1.  Vale R, Orr S. Group activity selection with few lake types. arXiv. 2018.", "arXiv"),
    ("Vale M, Orr DA (2019) A comprehensive minimal lake metagenome extends the host’s potential. bioRxiv:818138.",
     "bioRxiv"),
])
def test_a_preprint_servers_name_read_as_pages_or_with_a_number_after_the_title_is_the_journal(line, journal):
    entry = labelled.read(line)
    assert (entry.fields.get("title", "").endswith(("types", "potential")), entry.fields.get("journal")) == (True, journal)


def test_a_title_run_into_the_journal_before_vancouvers_year_and_volume_ends_at_its_stop():
    spans = _spans(("author", "Vale M, Orr R."), ("container-title", "Anaesthetic management of TIPSS. Lake Transplantation"),
                   ("date", "2010;"), ("volume", "16(44):S170."))
    assert [(f.label, f.text) for f in labelled.titles._title_in_the_journal(spans)][1:3] == [
        ("title", "Anaesthetic management of TIPSS."), ("container-title", "Lake Transplantation")]


def test_a_name_cut_after_a_joining_word_goes_on_to_the_next_stop():
    spans = _spans(("title", "Winter trout."), ("container-title", "In: IEEE Conference On Lake Intelligence &"),
                   ("publisher", "Games, LIG."), ("date", "2005."))
    assert [(f.label, f.text) for f in labelled.venues._name_ending_in_a_joining_word(spans)][1:] == [
        ("container-title", "In: IEEE Conference On Lake Intelligence & Games, LIG"), ("date", "2005.")]


@pytest.mark.parametrize("container, name, edition, series", [
    ("Lake Science and Cooperative Work: Beyond the Great Divide, Reprint.", "Lake Science and Cooperative Work: Beyond the Great Divide", "Reprint", None),
    ("Lake Science: Beyond the Great Divide. Reprint. Computers, Lakes and Work Series.", "Lake Science: Beyond the Great Divide", "Reprint",
     "Computers, Lakes and Work Series"),
])
def test_a_reprint_mark_after_a_books_name_is_its_edition_and_what_follows_the_series(container, name, edition, series):
    spans = _spans(("title", "Winter trout."), ("container-title", container), ("publisher", "Orr Press."))
    found = {f.label: f.text for f in labelled.venues._reprint_after_the_name(spans)}
    assert (found["container-title"], found["edition"], found.get("collection-title")) == (name, edition, series)


def test_a_firms_name_as_the_containers_last_sentence_is_its_publisher():
    for tail in ("Routledge,", "Orr & Vale,"):
        assert labelled.venues._container_publisher(f"In Annals of Lake Studies: Lake Yearbook. {tail}", []) == (
            "In Annals of Lake Studies: Lake Yearbook", tail.rstrip(","))
    # a known journal's name after the stop is no firm's
    assert labelled.venues._container_publisher("Lake Yearbook. Gait & Posture,", [])[1] == ""


def test_a_bracketed_acronym_read_as_a_medium_or_opening_the_link_span_is_the_names():
    spans = _spans(("container-title", "In: 2019 34th Lake Conference on Automated Trout Engineering"),
                   ("url", "(LATE). URL: http://example.org/a"))
    assert [(f.label, f.text) for f in labelled.venues._bracketed_acronym_after_the_name(spans)] == [
        ("container-title", "In: 2019 34th Lake Conference on Automated Trout Engineering (LATE)"),
        ("url", "URL: http://example.org/a")]


def test_a_title_case_sentence_after_a_sentence_case_title_is_the_container():
    spans = _spans(("author", "Vale, T. (2012)."), ("title", "Resistant trout dose dependently reduces adiposity in lake rats. Lake Facts."),
                   ("date", "2012."))
    assert [(f.label, f.text) for f in labelled.containers._container_by_case_after_the_title(spans)][1:3] == [
        ("title", "Resistant trout dose dependently reduces adiposity in lake rats."), ("container-title", "Lake Facts.")]
    # a title in title case keeps its second sentence, as does one whose second sentence is in its own case
    for title in ("Evolutionary Lakes. Toward a New Philosophy of Trout Intelligence.",
                  "Resistant trout dose dependently reduces adiposity. Current status and future directions."):
        spans = _spans(("author", "Vale, T."), ("title", title), ("date", "2012."))
        assert labelled.containers._container_by_case_after_the_title(spans) == spans


@pytest.mark.parametrize("line, title, publisher", [
    ("1. Homer. The Lake Odyssey. W. W. Norton & Company; 2017.", "The Lake Odyssey", "W. W. Norton & Company"),
    ("Vale Y, Orr Y, Moss T (2013) Lake-Based Approaches in Economic and Social Complex Systems VIII. Springer.",
     "Lake-Based Approaches in Economic and Social Complex Systems VIII", "Springer"),
])
def test_a_books_title_then_a_publisher_with_initials_or_after_a_roman_numeral(line, title, publisher):
    fields = labelled.read(line).fields
    assert (fields.get("title"), fields.get("publisher")) == (title, publisher)


def test_a_lone_container_between_the_names_and_the_publisher_is_the_books_title():
    spans = _spans(("author", "Vale G, Orr V, et al."), ("container-title", "Lake Learning and Its Applications."),
                   ("publisher", "Springer;"), ("date", "2001:"), ("pages", "334."))
    assert [f.label for f in labelled.venues._book_read_as_a_container(spans)] == ["author", "title", "publisher", "date", "pages"]
    # "In:" opens a book the work is part of
    spans = _spans(("author", "Vale G."), ("container-title", "In: Lake Learning."), ("publisher", "Springer;"))
    assert labelled.venues._book_read_as_a_container(spans) == spans


def test_a_numbered_series_after_a_books_title_is_its_series_but_a_volume_is_no_series():
    spans = _spans(("author", "Vale, N."), ("title", "The Ascent To Lakes. The Trout Trilogy 4."), ("publisher", "Orr Books."))
    assert [(f.label, f.text) for f in labelled.titles._numbered_series_after_the_title(spans)][1:3] == [
        ("title", "The Ascent To Lakes."), ("collection-title", "The Trout Trilogy 4.")]
    spans = _spans(("author", "Vale, N."), ("title", "Lake Inversions. Vol 6."), ("publisher", "Orr Books;"))
    assert labelled.titles._numbered_series_after_the_title(spans) == spans


def test_a_vancouver_list_with_stopped_initials_goes_on_into_the_title_span():
    spans = _spans(("author", "Vale N., Orr H., Moss J.,"), ("title", "Hale Z. Intrapleural trout therapy for lake cancer."),
                   ("container-title", "Journal of Lake Oncology"))
    assert [(f.label, f.text) for f in labelled.authors._names_run_into_the_title(spans)][:2] == [
        ("author", "Vale N., Orr H., Moss J., Hale Z."), ("title", "Intrapleural trout therapy for lake cancer.")]


@pytest.mark.parametrize("line, author, title", [
    ("1. Vale A. Lake AI and Trout Games: A case study of winter feeding. In: IEEE Conference On Lakes, LC 2005.",
     "Vale, A.", "Lake AI and Trout Games: A case study of winter feeding"),
    ("1. Vale D. Trout III Manual. 1998.", "Vale, D.", "Trout III Manual"),
])
def test_a_vancouver_list_closes_at_the_stop_after_its_initials(line, author, title):
    fields = labelled.read(line).fields
    assert (fields.get("author"), fields.get("title")) == (author, title)


def test_a_titles_head_before_its_colon_goes_on_in_the_span_after_the_names():
    spans = _spans(("author", "Vale D. Cybertrout:"), ("container-title", "Critical Concepts in Lake Studies."),
                   ("volume", "Vol 4."), ("publisher", "Orr Books;"), ("date", "2006."))
    assert [(f.label, f.text) for f in labelled.authors._names_end_at_names(spans)][:2] == [
        ("author", "Vale D."), ("title", "Cybertrout: Critical Concepts in Lake Studies.")]


def test_pages_after_the_volumes_colon_then_the_year_and_a_posters_lettered_page():
    fields = labelled.read("1.  Vale B, Orr P: Anti-factor H auto-antibodies in lake trout. Molecular Lakes 48:1724, 2011.").fields
    assert (fields.get("volume"), fields.get("pages"), fields.get("date")) == ("48", "1724", "2011")
    assert labelled.numbers._numbers("P63", "pages").get("pages") == "P63"  # a poster's page, no page mark
    assert labelled.numbers._numbers("p. 63", "pages").get("pages") == labelled.numbers._numbers("pp.63", "pages").get("pages") == "63"


def test_a_note_in_the_titles_place_is_the_title_and_its_publisher_after_the_stop():
    fields = labelled.read("Vale, K. and Orr, T. 2020. 97 Things Every Lake Programmer Should Know. O’Reilly.").fields
    assert (fields.get("title"), fields.get("publisher")) == ("97 Things Every Lake Programmer Should Know", "O’Reilly")
    spans = _spans(("author", "Vale, K."), ("date", "2020."), ("title", "Winter trout."), ("note", "Orr Books."))
    assert labelled.titles._note_in_the_titles_place(spans) == spans


def test_a_list_inverted_only_at_its_first_name_does_not_end_at_a_later_names_initials():
    spans = _spans(("author", "Vale, S., M. Orr, R. Moss,"), ("title", "From the Lake to the Sea: Essays on Trout,"), ("date", "2023"))
    assert labelled.authors._names_end_at_names(spans) == spans
    fields = labelled.read("Vale, H. M., J. Orr, C. Moss, “Winter trout stimulate lake neurogenesis after ischemia,” "
                           "Lake Journal, 279 (2012), 57.").fields
    assert fields.get("author") == "Vale, H. M. and Orr, J. and Moss, C."
