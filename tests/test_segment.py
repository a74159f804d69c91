"""Body clean-up and sentence segmentation on hard cases written for the tests."""
from __future__ import annotations

import pytest

from refsvc.segment import paragraphs, sentences


def split(text: str) -> list[str]:
    return [s.text for p in paragraphs(text) for s in sentences(p)]


@pytest.mark.parametrize("text, expected", [
    pytest.param("Trade was worth US$1.6 billion in 2020. Then it fell.", 2, id="currency_decimal"),
    pytest.param("After 9/11. Relations changed.", 2, id="nine_eleven"),
    pytest.param("The U.S. Army left. Russia stayed.", 2, id="us_abbreviation"),
    pytest.param("Dr. Javed wrote it. He agreed.", 2, id="doctor"),
    pytest.param("See No. 5 of the series. It is long.", 2, id="number_abbreviation"),
    pytest.param("Smith et al. argue this. Others do not.", 2, id="et_al"),
    pytest.param("As shown (Khatoon, et. al., 2023). Next point.", 2, id="et_dot_al_in_parentheses"),
    pytest.param("Russia lifted the embargo (Raza S. , 2018). Later it grew.", 2, id="initial_in_citation"),
    pytest.param("Some states, e.g. Iran, joined. Others waited.", 2, id="eg"),
    pytest.param('He said: "It works. It will last." Then he left.', 2, id="quoted_speech"),
    pytest.param("Ties improved in 2016.¹ The defence deal followed.² It held.", 3, id="superscript_after_stop"),
    pytest.param("Minister Sergey V. Lavrov came. He left.", 2, id="middle_initial"),
    pytest.param("It lasted three hours. (Yousaf, 2022). During the talks they met.", 2, id="citation_after_stop"),
])
def test_sentence_counts(text, expected):
    assert len(split(text)) == expected


def test_superscript_marker_stays_with_its_sentence():
    first, second = split("Ties improved in 2016.¹ The deal followed.")
    assert first.endswith("2016.¹") and second == "The deal followed."


def test_citation_after_full_stop_joins_the_sentence_before():
    assert split("It lasted three hours. (Yousaf, 2022). Next.")[0] == "It lasted three hours. (Yousaf, 2022)."


def test_page_break_rejoins_paragraph_across_footnotes_and_keeps_offsets():
    text = ("Intro\n\nPakistan and Russia, which were positioned as opposites\n\n"
            "¹ Holds a degree in relations. Email: a@b.c\n\n"
            "during the Cold War, have recalibrated their policy. A second sentence.\n")
    paras = [p for p in paragraphs(text) if p.kind == "prose"]
    assert len(paras) == 1
    first = sentences(paras[0])[0]
    assert first.text == "Pakistan and Russia, which were positioned as opposites during the Cold War, have recalibrated their policy."
    assert text[first.paper_start:first.paper_start + 8] == "Pakistan"
    assert text[first.paper_end - 7:first.paper_end] == "policy."
    assert "Holds" not in paras[0].text


def test_hyphen_split_across_page_break_is_rejoined():
    text = "Subsequently, during the Indo-\n\nPakistan war in 1965, the USSR mediated (Amin, 1980).\n"
    assert split(text) == ["Subsequently, during the Indo-Pakistan war in 1965, the USSR mediated (Amin, 1980)."]


def test_headings_name_the_section_and_running_heads_are_dropped():
    text = ("Journal of Things\n\nINTRODUCTION\n\nFirst paragraph here is long enough to be prose, surely it is.\n\n"
            "Journal of Things\n\nMethods and Data\n\nSecond paragraph of prose that ends properly here.\n\nJournal of Things\n")
    paras = paragraphs(text)
    assert [p.kind for p in paras] == ["heading", "prose", "heading", "prose"]
    assert [p.section for p in paras if p.kind == "prose"] == ["INTRODUCTION", "Methods and Data"]


def test_tables_have_no_sentences():
    (table,) = paragraphs("| a | b |\n|---|---|\n| c. D | e |\n")
    assert table.kind == "table" and sentences(table) == []
