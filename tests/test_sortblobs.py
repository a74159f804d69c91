"""Numbers in sort keys keyed as citeproc-js keys them (formats/sortblobs.py), rule by rule.

The expected keys are citeproc-js 2.4.63's own, read from its registry with minimal styles (one group a case);
the corpus (tests/data/csl_corpus.json, t-sort-undefined-*) checks the same against the official styles."""
from __future__ import annotations

from refsvc.formats import sortblobs

n = sortblobs.marked


def test_a_number_after_text_is_keyed_after_undefined_and_a_first_number_is_not():
    assert sortblobs.key("Elm Press, " + n("12", "12")) == "Elm Press, undefined12"
    assert sortblobs.key(n("12", "12") + " Elm Press") == "12 Elm Press"


def test_a_number_continuing_a_run_takes_nothing_and_one_between_two_others_takes_undefined():
    # page "1-2": the 2 continues the 1; page "12, 15" then its first page 12: the 15 is between two numbers
    assert sortblobs.key("Elm Press, " + n("1", "1–") + n("2", "2")) == "Elm Press, undefined1–2"
    assert sortblobs.key("Elm Press, " + n("12", "12, ") + n("15", "15, ") + n("12", "12")) \
        == "Elm Press, undefined12, undefined15, 12"
    assert sortblobs.key("Elm Press, " + n("12", "12, ") + n("15", "15")) == "Elm Press, undefined12, 15"


def test_an_element_with_a_suffix_or_decoration_settles_its_numbers_where_it_stands():
    # <group suffix="."><text variable="volume"/></group> first in the key: the volume is first in its group
    head, tail = sortblobs.settled(n("12", "12"), "", "", closes=True)
    assert (head, tail) == ("12", "")
    # without the suffix the number waits, and text before it at the next level puts it second
    head, tail = sortblobs.settled(n("12", "12"), "", "", closes=False)
    assert head == "" and sortblobs.key("Fen notes " + tail) == "Fen notes undefined12"


def test_a_prefix_alone_goes_into_a_leading_number_and_a_group_delimiter_joins_two_numbers():
    head, tail = sortblobs.settled(n("12", "12") + " Elm Press", "", " in ", closes=False)
    assert head == "" and sortblobs.key("Fen notes" + tail) == "Fen notesundefined in 12 Elm Press"
    # volume and issue in a group with delimiter ", ": the issue follows the volume as one run
    head, tail = sortblobs.settled(n("12", "12") + ", " + n("3", "3"), ", ", "", closes=False)
    assert sortblobs.key("Marsh Papers " + head + tail) == "Marsh Papers undefined12, 3"


def test_text_without_marks_is_left_as_it_is():
    assert sortblobs.key("Fen notes 12") == "Fen notes 12"
    assert not sortblobs.has_marks("Fen notes 12") and sortblobs.has_marks(n("1", "1"))
