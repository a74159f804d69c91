"""A hostile value stays inside its own field in every export: newlines, braces, backslashes, NUL and
bidi overrides cannot start a record, close a field or reorder what a reader sees."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refsvc import parse
from refsvc.folding import one_line
from refsvc.formats import bibfields, biblatex, bibtex, csljson, ris, styles

HOSTILE_PIECES = ["\n", "\r\n", "\r", "\t", "\x00", "\x0b", "\x1b", "\u2028", "\u0085", "\u202e", "\u2066", "{", "}",
                  "\\", "\\}", "@", "%", "#", "&", "<", ">", '"', "'", ",", "=", "ER  - ", "\nTY  - JOUR\n",
                  "}\n@misc{evil,\n title = {x}", "\nER  -\n\nTY  - BOOK\nTI  - injected", "<script>", "{\\rtf1 ",
                  "and", " and ", "\ufdd3", "\U0003fffe"]
hostile = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES),
                             st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)),
                   max_size=12).map("".join)


def test_a_record_smuggled_into_a_ris_field_stays_in_it():
    item = {"id": "k", "type": "book", "title": "Real title\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - Injected"}
    text = ris.render([item])
    assert text.count("TY  - ") == 1 and text.count("ER  -") == 1
    (back,) = ris.read(text)
    assert back["title"] == "Real title ER - TY - JOUR TI - Injected"


@settings(max_examples=150, deadline=None)
@given(title=hostile, publisher=hostile, family=hostile, given_name=hostile)
def test_ris_keeps_every_value_in_its_field(title, publisher, family, given_name):
    item = {"id": "k", "type": "book", "title": title, "publisher": publisher,
            "author": [{"family": family, "given": given_name}]}
    text = ris.render([item])
    assert all(re.match(r"[A-Z][A-Z0-9]  -( |$)", line) for line in text.splitlines() if line)
    assert text.count("TY  - ") == 1
    (back,) = ris.read(text)
    assert back.get("title", "") == one_line(title)
    assert back.get("publisher", "") == one_line(publisher)
    assert len(back.get("author", [])) <= 1


def _unbraced(text: str) -> str:
    # Braces are the dialects' case protection and grouping, not part of a value.
    return text.replace("{", "").replace("}", "")


@pytest.mark.parametrize("dialect", [bibtex, biblatex], ids=["bibtex", "biblatex"])
@settings(max_examples=150, deadline=None)
@given(title=hostile, publisher=hostile, volume=hostile, literal=hostile, url=hostile)
def test_bib_keeps_every_value_in_its_field(dialect, title, publisher, volume, literal, url):
    item = {"id": "k", "type": "book", "title": title, "publisher": publisher, "volume": volume,
            "author": [{"literal": literal}], "URL": url}
    refs, problems = parse.parse(dialect.render([item]), "export.bib")
    assert problems == []
    (ref,) = refs
    assert ref.key == "k"
    expected = {"title": _unbraced(one_line(title)), "publisher": _unbraced(one_line(publisher)),
                "volume": one_line(volume), "url": bibfields.verbatim(one_line(url))}
    read = {k: _unbraced(v) if k in ("title", "publisher") else v for k, v in ref.fields.items()}
    assert {k: read.get(k, "") for k in expected} == expected
    assert set(ref.fields) <= {*expected, "author", "date"}


@pytest.mark.parametrize("dialect", [bibtex, biblatex], ids=["bibtex", "biblatex"])
@given(item_id=hostile)
def test_a_hostile_id_is_one_bibtex_key(dialect, item_id):
    refs, problems = parse.parse(dialect.render([{"id": item_id, "type": "book", "title": "T"}]), "export.bib")
    assert problems == [] and [r.key for r in refs] == [bibfields.key(item_id)]


@settings(max_examples=100, deadline=None)
@given(title=hostile, family=hostile)
def test_csl_json_round_trips_any_value_exactly(title, family):
    item = {"id": "k", "type": "book", "title": title, "author": [{"family": family}]}
    assert json.loads(csljson.render([item])) == [item]


@settings(max_examples=40, deadline=None)
@given(title=hostile, family=hostile)
def test_html_and_rtf_entries_keep_record_text_inert(title, family):
    item = {"id": "k", "type": "book", "title": title + " T", "author": [{"family": family + " F", "given": "A."}]}
    html = styles.entries([item], "apa", "html")["k"]
    assert "<script" not in html and not any(c in html for c in "\x00\u202e\u2066\n\r")
    # The only tags: the style's italics, and <sup> for a superscript character ("ª" -> <sup>a</sup>, as
    # citeproc-js writes it), whose content is that character's base, never the record's text.
    assert re.sub(r"</?i>|<sup>[^<]{1,2}</sup>", "", html).count("<") == 0
    rtf = styles.entries([item], "apa", "rtf")["k"]
    depth, n = 0, 0
    while n < len(rtf):  # RTF: a backslash escapes the next character; braces open and close groups
        if rtf[n] == "\\":
            n += 2
            continue
        depth += {"{": 1, "}": -1}.get(rtf[n], 0)
        assert depth >= 0
        n += 1
    assert depth == 0 and rtf.isascii() and "\n" not in rtf


@pytest.mark.parametrize("dialect", [bibtex, biblatex], ids=["bibtex", "biblatex"])
def test_a_title_holding_the_writers_own_quote_marks_is_written_as_it_is(dialect):
    # the writer stands private-use characters for the quotes it finds; a title holding one keeps it
    title = "Lakes \ue010 and \"rivers\" \ue014"
    (ref,), _ = parse.parse(dialect.render([{"id": "k", "type": "book", "title": title}]), "export.bib")
    assert _unbraced(ref.fields["title"]) == title
