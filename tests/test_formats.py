"""Exports: golden files for every format, the CSL-JSON schema, BibTeX and RIS round trips, RTF/HTML."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from refsvc import journals, latex, libraries, normalise, parse
from refsvc.cli import main
from refsvc.formats import FORMATS, STYLE_FORMATS, biblatex, bibtex, csljson, engine, ris, styles

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
# The CSL-JSON schema is read where it is kept (../shared/csl), never copied into the project.
SCHEMA_FILE = ROOT.parent / "shared" / "csl" / "csl-data.json"
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) if SCHEMA_FILE.is_file() else None


@pytest.mark.parametrize("name, output", [
    *[pytest.param(n, "text", id=n) for n in FORMATS],
    pytest.param("apa", "html", id="apa-html"), pytest.param("chicago-nb", "rtf", id="chicago-nb-rtf"),
])
def test_golden(name, output, library_items, request):
    fmt = FORMATS[name]
    text = fmt.render(library_items, output) if name in STYLE_FORMATS else fmt.render(library_items)
    path = GOLDEN / f"library.{name}{'' if output == 'text' else '.' + output}.{fmt.EXTENSION}"
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.is_file(), f"no golden file {path.name}: run pytest --update-golden"
    # Bytes, not text: RIS lines end in CRLF and must stay so.
    assert text.encode("utf-8") == path.read_bytes(), f"{path.name} differs: review, then pytest --update-golden"


def test_every_exported_item_is_valid_csl_json(library_items, test_items):
    if SCHEMA is None:
        pytest.skip(f"{SCHEMA_FILE} is absent: the CSL-JSON schema is needed")
    exported = json.loads(csljson.render(library_items + test_items))
    jsonschema.validate(exported, SCHEMA)
    assert [i["id"] for i in exported] == [i["id"] for i in library_items + test_items]


def _read_back(text: str) -> list[dict]:
    refs, problems = parse.parse(text, "export.bib")
    assert problems == []
    back, problems = normalise.normalise(refs, journals.load_journal_names())
    assert problems == []
    return [dict(r.csl, id=r.key) for r in back]


def test_the_import_carrier_gives_the_same_records(library_items, test_items):
    # CSL-JSON is imported through this .bib form: every field must come back exactly.
    items = library_items + test_items
    assert _read_back(libraries.carrier(items)) == items


# What the issue asks a .bib round trip to keep (type, names, title, container, date, pages, identifiers).
KEPT = ("type", "author", "editor", "title", "container-title", "issued", "page", "DOI", "URL", "ISBN", "ISSN")


@pytest.mark.parametrize("dialect", [biblatex, bibtex], ids=["biblatex", "bibtex"])
def test_a_bib_export_reads_back_as_the_same_records(dialect, library_items, test_items):
    items = library_items + test_items
    back = _read_back(dialect.render(items))
    assert [i["id"] for i in back] == [i["id"] for i in items]
    # Classic BibTeX has no web-page type: such items come back as what @misc with a URL reads as.
    for item, read in zip(items, back):
        expected = {k: item[k] for k in KEPT if k in item}
        got = {k: read[k] for k in KEPT if k in read}
        if dialect is bibtex and item["type"] in ("post-weblog",):
            expected["type"] = "webpage"
        assert got == expected, item["id"]


def test_bibtex_escapes_specials_and_accents():
    text = bibtex.render([{"id": "k", "type": "book", "title": "Costs & 50% of $x_1 #", "publisher": "Öztürk Łódź",
                           "author": [{"family": "Sørensen", "given": "Ida"}]}])
    assert r"{Costs} \& 50\% of \$x\_1 \#" in text and r"{\"O}zt{\"u}rk" in text and r"S{\o}rensen" in text
    assert text.isascii()


def test_ris_round_trip(library_items, test_items):
    items = library_items + test_items
    back = ris.read(ris.render(items))
    assert [i["id"] for i in back] == [i["id"] for i in items]
    for item, read in zip(items, back):
        if any("," in p.get("literal", "") for p in item.get("author", [])):
            # RIS cannot mark a name as an organisation's: "Ministry, Government" reads back as family, given.
            assert read["author"] != item["author"]
            read = dict(read, author=item["author"])
        assert read == dict(item), item["id"]


@pytest.mark.parametrize("text, line", [
    pytest.param("TY  - JOUR\nnot a tag line\nER  - \n", 2, id="bad_line"),
    pytest.param("AU  - Doe, J.\n", 1, id="no_type"),
])
def test_ris_read_errors_name_the_line(text, line):
    with pytest.raises(ValueError, match=f"line {line}:"):
        ris.read(text)


@given(st.text(alphabet="abcXYZ áéíóúàèäöüñçšžčćłøßæåÅÖÜ{}&%$#_~^\\ ", max_size=40))
def test_latex_accents_round_trip(text):
    encoded = latex.encode_ascii(text)
    assert encoded.isascii()
    assert latex.decode(encoded) == text


def test_rtf_groups_italics_and_escapes_unicode():
    assert styles.to_rtf("<i>Ünïcode</i> {x} &#38; \\") == "{\\i \\u220?n\\u239?code} \\{x\\} & \\\\"


def test_rtf_sets_parts_apart_as_citeproc_js_rtf_does():
    # citeproc-js's RTF format: a margin then a tab, a block between line breaks, an indent after a tab.
    item = {"id": "x", "type": "book", "title": "Fen notes", "publisher": "Marsh Press",
            "author": [{"family": "Vale", "given": "Ira"}], "issued": {"date-parts": [[2001]]}}
    numbered = styles.StyleFormat("ieee", "ieee", "IEEE").render([item], "rtf")
    assert "{\\pard\\fi-720\\li720 [1]\\tab I. Vale, {\\i Fen notes}. Marsh Press, 2001.\\par}" in numbered
    blocked = styles.StyleFormat("x", "escuela-nacional-de-antropologia-e-historia-author-date", "X").render([item], "rtf")
    assert "\\line{}{\\scaps Vale, Ira}\\line 2001 \\tab {\\i Fen Notes}. Marsh Press.\\par}" in blocked
    assert "\n " not in blocked and "<div" not in blocked


def test_a_normal_font_prints_citeproc_js_span_only_inside_what_it_undoes():
    # citeproc-js's HTML: font-style="normal" inside italics is an upright span, outside them nothing; the same for
    # font-weight inside bold; a normal inside a normal prints one span; in text the marks go.
    from refsvc.formats import richtext
    upright, bold = richtext.normal_marks("font-style"), richtext.normal_marks("font-weight")
    assert richtext.render("<i>Notes on {}Phragmites{}</i>".format(*upright), True) == \
        '<i>Notes on <span style="font-style:normal;">Phragmites</span></i>'
    assert richtext.render("Notes on {}Phragmites{}".format(*upright), True) == "Notes on Phragmites"
    assert richtext.render("<b>Vale {}1999{}</b>".format(*bold), True) == \
        '<b>Vale <span style="font-weight:normal;">1999</span></b>'
    assert richtext.render("<i>{0}a {0}b{1}{1}</i>".format(*upright), True) == \
        '<i><span style="font-style:normal;">a b</span></i>'
    assert richtext.render("Notes on {}Phragmites{}".format(*upright), False) == "Notes on Phragmites"


def test_html_output_escapes_record_text():
    item = {"id": "x", "type": "book", "title": "<script>alert(1)</script> & co", "publisher": "P",
            "author": [{"family": "<b>Bold</b>", "given": "A."}]}
    html = styles.entries([item], "apa", "html")["x"]
    assert "<script>" not in html and "<b>" not in html and "&lt;script&gt;" in html


def test_a_names_element_without_a_name_leaves_its_style_as_parsed():
    # The AMA style's editor macro is <names variable="editor"><label .../></names>: no cs:name. Rendering
    # must neither add to the style's tree (one element more a render, for as long as the thread lives) nor
    # print the names otherwise than the first time.
    item = {"id": "x", "type": "book", "title": "Fen notes", "editor": [{"family": "Moss", "given": "Ada Lee"}],
            "author": [{"family": "Vale", "given": "Ira"}], "issued": {"date-parts": [[2001]]}}
    first = styles.entries([item], "american-medical-association")["x"]
    size = sum(1 for _ in engine.style("american-medical-association").root.iter())
    again = [styles.entries([item], "american-medical-association")["x"] for _ in range(5)]
    assert sum(1 for _ in engine.style("american-medical-association").root.iter()) == size
    assert again == [first] * 5 and "(Moss AL, ed.)" in first


def test_unknown_style_is_refused():
    with pytest.raises(ValueError, match="unknown style"):
        styles.entries([], "mla")


def test_disambiguation_and_subsequent_notes(test_items):
    same = [i for i in test_items if i["id"].startswith("t-same")]
    entries = dict(styles.bibliography(same, "apa"))
    assert "(2020a)" in entries["t-same-a"] and "(2020b)" in entries["t-same-b"] and "(2020)" in entries["t-same-surname"]
    book = next(i for i in test_items if i["id"] == "t-book-edition")
    first, later = styles.citation(book, "chicago-nb"), styles.citation(book, "chicago-nb", position="subsequent")
    assert len(later) < len(first) and "Nakamura" in later


# ---------------------------------------------------------------- the command line


def test_cli_export_formats_scopes_and_files(built: Path, tmp_path: Path, capsys):
    assert main(["--db", str(built), "export", "--format", "csl-json", "--paper", "nisar2025"]) == 0
    cited = json.loads(capsys.readouterr().out)
    assert cited and all(i["id"] for i in cited)
    assert main(["--db", str(built), "export", "--format", "apa", "--query", "Pakistan Russia", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and all(isinstance(v, str) for v in found.values())
    out = tmp_path / "lib.ris"
    assert main(["--db", str(built), "export", "--format", "ris", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("TY  - ")
    capsys.readouterr()
    # what a style prints no entry for (Chicago: works cited in notes only) is left out and named on stderr
    for paper in ("ali2024", "nisar2025"):
        assert main(["--db", str(built), "export", "--format", "csl-json", "--paper", paper]) == 0
        items = json.loads(capsys.readouterr().out)
        unprinted = [i["id"] for i in items if not styles.entries([i], "chicago-nb")[i["id"]]]
        assert main(["--db", str(built), "export", "--format", "chicago-nb", "--paper", paper]) == 0
        out, err = capsys.readouterr()
        assert out.count("\n") == len(items) - len(unprinted)
        assert (f"chicago-nb prints no bibliography entry for {len(unprinted)} item" in err) == bool(unprinted)
        assert all(key in err for key in unprinted)


def test_cli_cite_and_its_errors(built: Path, library_items, capsys):
    work = library_items[0]["id"]
    assert main(["--db", str(built), "cite", work, "--style", "apa"]) == 0
    assert capsys.readouterr().out.startswith("(")
    notes = []
    for flags in ([], ["--subsequent"], ["--ibid"]):
        assert main(["--db", str(built), "cite", work, "--style", "chicago-nb-17", *flags]) == 0
        notes.append(capsys.readouterr().out)
    assert len(notes[0]) > len(notes[1]) > len(notes[2]) > 1  # first note, short note, the author alone
    with pytest.raises(SystemExit):
        main(["--db", str(built), "cite", work, "--subsequent", "--ibid"])
    capsys.readouterr()
    assert main(["--db", str(built), "cite", "nosuchwork2099", "--style", "apa"]) == 1
    assert "no work nosuchwork2099" in capsys.readouterr().err
    assert main(["--db", str(built), "export", "--format", "bibtex", "--html"]) == 1
    assert main(["--db", str(built), "export", "--format", "apa", "--paper", "nope"]) == 1


def test_a_range_of_years_is_not_its_first_year_for_year_suffixes():
    """citeproc-js tells works apart by the date as printed: "2004" beside "2004–2006" by the same author takes no
    suffix, and two works of 2004–2006 take 2004–2006a and 2004–2006b."""
    vale = [{"family": "Vale", "given": "Tamsin"}]
    items = [{"id": "atlas", "type": "book", "title": "The lake atlas", "author": vale, "issued": {"date-parts": [[2004], [2006]]}},
             {"id": "guide", "type": "book", "title": "A field guide", "author": vale, "issued": {"date-parts": [[2004]]}},
             {"id": "maps", "type": "book", "title": "The lake maps", "author": vale, "issued": {"date-parts": [[2004], [2006]]}}]
    printed = dict(styles.bibliography(items, "apa"))
    assert "(2004)." in printed["guide"]
    assert "(2004–2006a)." in printed["atlas"] and "(2004–2006b)." in printed["maps"]


_RANGES = [
    {"id": "lake-survey", "type": "book", "title": "The lake survey", "author": [{"family": "Orr", "given": "Hale"}],
     "publisher": "Trout Press", "issued": {"date-parts": [[1984], [1986]]}},
    {"id": "lake-winter", "type": "article-journal", "title": "Ice on the lake", "container-title": "Lake Notes",
     "author": [{"family": "Moss", "given": "Ida"}], "issued": {"date-parts": [[2019, 11], [2019, 12]]}},
    {"id": "lake-week", "type": "article-newspaper", "title": "Lake week", "container-title": "The Trout Daily",
     "author": [{"family": "Moss", "given": "Ida"}], "issued": {"date-parts": [[2021, 6, 3], [2021, 6, 9]]}},
]


@pytest.mark.parametrize("dialect", [biblatex, bibtex], ids=["biblatex", "bibtex"])
def test_a_range_of_dates_is_exported_whole(dialect):
    """A work dated 1984–1986 (or November–December 2019) keeps both ends in every export, not its first year:
    classic BibTeX prints the year field as written ("1984--1986") and carries the exact range in `date`, which
    pandoc, biber and refsvc read."""
    text = dialect.render(_RANGES)
    assert [r["issued"] for r in _read_back(text)] == [i["issued"] for i in _RANGES]
    if dialect is bibtex:
        assert "year = {1984--1986}" in text and "date = {1984/1986}" in text


def test_a_range_of_dates_survives_ris():
    text = ris.render(_RANGES)
    assert "PY  - 1984\r\n" in text and "DA  - 1984–1986\r\n" in text  # RIS has no range: Zotero keeps DA's text
    assert [r["issued"] for r in ris.read(text)] == [i["issued"] for i in _RANGES]
