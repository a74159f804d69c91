"""Reading .bib files: located errors for bad blocks, nothing silently dropped."""
from __future__ import annotations

from pathlib import Path

import pytest

from refsvc.parse import parse, parse_files


def test_entries_fields_and_latex_escapes():
    refs, problems = parse("@article{k1,\n  title = {Fish \\& Chips at 50\\%},\n  url = {https://a.org/x_y%20z}\n}\n", "a.bib")
    assert problems == []
    assert refs[0].fields["title"] == "Fish & Chips at 50%"
    assert refs[0].fields["url"] == "https://a.org/x_y%20z"
    assert refs[0].source.line == 1 and refs[0].kind == "article"


@pytest.mark.parametrize("written, read", [
    ("On ``weirs'' and `reeds'", "On \"weirs\" and 'reeds'"),
    # LaTeX's closing quote typed for the opening one too, or beside a straight one: quotation marks all
    ("Elaborating the ''fen institutionalism''", "Elaborating the \"fen institutionalism\""),
    ("\"Boosting'' a weir", "\"Boosting\" a weir"),
    ("Tarn's ``old'' sluice", "Tarn's \"old\" sluice"),
    # two apostrophes written as text stay two apostrophes
    ("Fen'{}'s weir", "Fen''s weir"),
])
def test_latex_quotes_are_read_as_quotation_marks(written, read):
    (ref,), problems = parse(f"@book{{k, title = {{{written}}}}}\n", "q.bib")
    assert problems == [] and ref.fields["title"] == read


def test_two_apostrophes_written_out_are_read_back_as_two_apostrophes():
    from refsvc import latex
    for text in ("Fen''s", "'''", "''x''", "a '{}' b"):
        assert latex.decode(latex.encode(text)) == text


@pytest.mark.parametrize("text, line, field, words", [
    pytest.param("@article{a,\n title={x},\n}\n\n@article{b,\n title = {unclosed,\n}\n@book{c, title={ok}}\n",
                 5, None, "cannot parse", id="unclosed_brace"),
    pytest.param("@article{a, title={x}}\n@article{a, title={y}}\n", 2, None, "duplicate entry key", id="duplicate_key"),
    pytest.param("@article{a title={x}}\n", 1, None, "cannot parse", id="no_comma_after_key"),
    pytest.param("@article{d,\n title={x}\n author = {y}}\n", 2, "title", "comma missing", id="missing_comma_between_fields"),
])
def test_malformed_blocks_are_located(text, line, field, words):
    refs, problems = parse(text, "refs/bad.bib")
    assert problems, "a malformed block must be reported"
    first = problems[0]
    assert first.source.file == "refs/bad.bib" and first.source.line == line
    assert first.field == field
    assert words in str(first)


def test_good_entries_survive_a_bad_neighbour():
    refs, problems = parse("@article{a,\n title={x},\n}\n\n@article{b,\n title = {unclosed,\n}\n@book{c, title={ok}}\n", "x.bib")
    assert [r.key for r in refs] == ["a", "c"]
    assert len(problems) == 1


def test_file_that_is_not_utf8_names_file_and_line(tmp_path: Path):
    path = tmp_path / "gbk.bib"
    path.write_bytes("@book{k,\n title = {ok},\n author = {".encode() + "王".encode("gbk") + b"}\n}\n")
    refs, problems = parse_files([path], tmp_path)
    assert refs == []
    assert str(problems[0]).startswith("gbk.bib:3: not UTF-8")


def test_repeats_become_occurrences():
    text = ("@article{p-note-1,\n title = {T},\n x-paper = {p},\n x-locator = {note-1},\n x-raw = {Ann, 'T'},\n"
            " x-repeats = {note-2: Ibid.\nnote-7: Ann, 'T'.}\n}\n")
    refs, _ = parse(text, "p.bib")
    assert [(o.locator, o.raw) for o in refs[0].occurrences] == [("note-1", "Ann, 'T'"), ("note-2", "Ibid."), ("note-7", "Ann, 'T'.")]


def test_macros_concatenation_and_months_are_read_as_bibtex_reads_them():
    text = ('@string{acm = "ACM Press"}\n@string{ny = acm # {, New York}}\n'
            '@book{b, author = "A. D." # " and N. C. Orr", publisher = ny, month = jan, year = 2001, title = {T}}\n')
    (ref,), problems = parse(text, "lib.bib")
    assert problems == []
    assert ref.fields["author"] == "A. D. and N. C. Orr" and ref.fields["publisher"] == "ACM Press, New York"
    assert ref.fields["month"] == "1"


def test_crossref_and_xdata_parents_lend_what_the_child_lacks():
    text = ("@inproceedings{p1, title = {Part}, author = {Orr, T.}, crossref = {conf}, pages = {1--9}}\n"
            "@proceedings{conf, title = {Proceedings of Things}, year = 2001, publisher = {Tarn}, xdata = {pub}}\n"
            "@xdata{pub, address = {Paris}}\n")
    refs, problems = parse(text, "lib.bib")
    part = next(r for r in refs if r.key == "p1")
    assert problems == []
    assert part.fields["title"] == "Part" and part.fields["booktitle"] == "Proceedings of Things"
    assert (part.fields["year"], part.fields["publisher"], part.fields["address"]) == ("2001", "Tarn", "Paris")


def test_a_reused_key_is_kept_apart_and_reported():
    refs, problems = parse("@article{a, title={x}}\n@article{a, title={y}}\n", "lib.bib")
    assert [(r.key, r.fields["title"]) for r in refs] == [("a", "x"), ("a~2", "y")]
    assert len(problems) == 1 and "kept apart as 'a~2'" in str(problems[0]) and problems[0].source.line == 2
