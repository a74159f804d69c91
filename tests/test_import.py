"""`refsvc import`: real-world BibTeX from other tools (macros, '#', crossref, encodings, reused keys, DBLP
names) kept under refs/libraries/, merged into every build; bad entries set aside and shown, never sinking
the rest. Small files of our own; the 22,600-entry file is bench/import_bench.py's."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from refsvc import store
from refsvc.cli import main

LIBRARY = r"""@string{tarn = "Tarn Press"}
@string{ny = tarn # {, New York}}
@proceedings{conf, title = {Proceedings of the Lake Symposium}, year = 2001, publisher = ny, month = mar}
@inproceedings{orr2001, author = "Tom Orr 0001" # " and Rhea Vale", title = {Winter {Banks}},
  crossref = {conf}, pages = {1--9}}
@article{vale1999, author = {Vale, Rhea}, title = {Rivers in Winter}, journal = {Lake Research}, year = 1999}
@article{vale1999, author = {Vale, Rhea}, title = {Rivers in Summer}, journal = {Lake Research}, year = 1999}
@article{broken, title = {Unclosed,
  year = 2000}
@book{moss2005, author = {Moss, Jan}, title = {Tides}, publisher = tarn, year = 2005}
"""


def _works(database: Path) -> dict[str, dict]:
    with sqlite3.connect(database) as conn:
        return {key: json.loads(csl) for key, csl in conn.execute("SELECT record_key, csl FROM records")}


def test_a_library_is_imported_whole_and_merged_into_the_build(refs_copy: Path, tmp_path: Path, capsys):
    source = tmp_path / "my library.bib"
    source.write_text(LIBRARY, encoding="utf-8")
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "import", str(source)]) == 0
    out, err = capsys.readouterr()
    assert (refs_copy / "libraries" / "my-library.bib").read_text(encoding="utf-8") == LIBRARY
    assert "5 entries read as utf-8, 2 set aside or kept apart" in out
    assert f"{source}:8: cannot parse '@article{{broken," in err
    assert "duplicate entry key 'vale1999': kept apart as 'vale1999~2'" in err
    records = _works(database)
    part = records["orr2001"]
    assert part["container-title"] == "Proceedings of the Lake Symposium"
    assert part["publisher"] == "Tarn Press, New York" and part["issued"]["date-parts"][0][:2] == [2001, 3]
    assert [a["family"] for a in part["author"]] == ["Orr", "Vale"]
    assert records["vale1999"]["title"] != records["vale1999~2"]["title"]
    assert records["moss2005"]["publisher"] == "Tarn Press"
    assert "broken" not in records
    # the entry set aside is listed by check, with its file and line
    assert main(["--refs", str(refs_copy), "--db", str(database), "check", "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    aside = [f for f in findings if f["check"] == "set-aside"]
    assert {f["where"] for f in aside} == {"refs/libraries/my-library.bib:8", "refs/libraries/my-library.bib:7"}


def test_importing_the_same_file_twice_adds_nothing(refs_copy: Path, tmp_path: Path, capsys):
    source = tmp_path / "lib.bib"
    source.write_text("@book{a, title = {A}, author = {Orr, T.}, year = 2001}\n", encoding="utf-8")
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "import", str(source)]) == 0
    first = _works(database)
    assert main(["--refs", str(refs_copy), "--db", str(database), "import", str(source)]) == 0
    assert "nothing added" in capsys.readouterr().out
    assert sorted((refs_copy / "libraries").iterdir()) == [refs_copy / "libraries" / "lib.bib"]
    assert _works(database) == first


@pytest.mark.parametrize("encoding, text", [
    pytest.param("gbk", "@article{kai2013, author = {凯撒}, title = {测试标题}, journal = {测试期刊}, year = 2013}\n", id="gbk"),
    pytest.param("latin-1", "@book{m, author = {Müller, Zoë and Ångström, Åsa}, title = {Über Straße}, year = 1999}\n",
                 id="latin_1"),
])
def test_a_library_in_another_encoding_is_read_and_stored_as_utf8(refs_copy: Path, tmp_path: Path, encoding, text,
                                                                 capsys):
    source = tmp_path / "lib.bib"
    source.write_bytes(text.encode(encoding))
    assert main(["--refs", str(refs_copy), "--db", str(tmp_path / "lib.sqlite"), "import", str(source)]) == 0
    assert " read as " in capsys.readouterr().out
    assert (refs_copy / "libraries" / "lib.bib").read_text(encoding="utf-8") == text


def test_strict_imports_nothing_when_an_entry_is_bad(refs_copy: Path, tmp_path: Path, capsys):
    source = tmp_path / "lib.bib"
    source.write_text(LIBRARY, encoding="utf-8")
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "import", "--strict", str(source)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nothing imported (--strict)" in err[0]
    assert not (refs_copy / "libraries").exists() and not database.exists()


def test_a_binary_file_is_refused_in_one_line(refs_copy: Path, tmp_path: Path, capsys):
    source = tmp_path / "lib.bib"
    source.write_bytes(b"\x00\x01\x02PK")
    assert main(["--refs", str(refs_copy), "--db", str(tmp_path / "lib.sqlite"), "import", str(source)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "binary" in err[0] and "lib.bib" in err[0]
    assert not (refs_copy / "libraries").exists()


RIS = """TY  - JOUR
ID  - orr2003
AU  - Orr, Tom
AU  - Vale, Rhea
TI  - Ice on the estuary
JO  - Lake Research
PY  - 2003
VL  - 7
SP  - 11
EP  - 19
AB  - A first line of the abstract
  that the exporting tool wrapped.
ER  - 

TY  - BOOK
AU  - World Lake Council
TI  - Lakes in Winter
PB  - Tarn Press
PY  - 2010
ER  - 
"""
CSL = [{"id": "http://zotero.org/users/1/items/ABCD", "type": "chapter", "title": "Banks",
        "author": [{"family": "Moss", "given": "Jan"}], "container-title": "Rivers Collected",
        "issued": {"date-parts": [[1998]]}, "page": "3-20"},
       "not an item"]


def test_ris_and_csl_json_libraries_are_imported_as_zotero_exports_them(refs_copy: Path, tmp_path: Path, capsys):
    (tmp_path / "endnote.ris").write_text(RIS, encoding="utf-8")
    (tmp_path / "zotero.json").write_text(json.dumps(CSL), encoding="utf-8")
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "import", str(tmp_path / "endnote.ris"),
                 str(tmp_path / "zotero.json")]) == 0
    err = capsys.readouterr().err
    assert "record 2 is not a CSL item" in err
    assert sorted(p.name for p in (refs_copy / "libraries").iterdir()) == ["endnote.ris", "zotero.json"]
    records = _works(database)
    article = records["orr2003"]
    assert article["container-title"] == "Lake Research" and article["issued"]["date-parts"][0][0] == 2003
    assert article["page"] == "11–19" and [a["family"] for a in article["author"]] == ["Orr", "Vale"]
    chapter = next(c for c in records.values() if c.get("title") == "Banks")
    assert chapter["type"] == "chapter" and chapter["container-title"] == "Rivers Collected"
    book = next(c for c in records.values() if c.get("title") == "Lakes in Winter")
    assert book["author"] == [{"literal": "World Lake Council"}]


def test_biblatex_fields_are_kept(refs_copy: Path, tmp_path: Path, capsys):
    source = tmp_path / "biblatex.bib"
    source.write_text("@book{works2, author = {Orr, Tom}, title = {Rivers}, subtitle = {A History},"
                      " maintitle = {Collected Works}, volume = 2, origdate = 1901, date = {1984/1986},"
                      " publisher = {Tarn Press}}\n", encoding="utf-8")
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "import", str(source)]) == 0
    book = _works(database)["works2"]
    assert book["title"] == "Rivers: A History" and book["collection-title"] == "Collected Works"
    assert book["issued"] == {"date-parts": [[1984], [1986]]} and book["original-date"] == {"date-parts": [[1901]]}
    assert main(["--db", str(database), "export", "--format", "apa"]) == 0
    assert "(1984–1986)" in capsys.readouterr().out


def test_ris_and_csl_json_records_are_told_at_the_line_they_start_on():
    from refsvc import libraries
    items = [{"id": "a", "type": "book", "title": "Lakes", "issued": {"date-parts": [[2001]]}},
             "not an item",
             {"id": "b", "type": "book", "title": "Rivers", "issued": {"date-parts": [[2002]]}}]
    text = json.dumps(items, indent=1)
    refs, problems = libraries.read_text(text, ".json", "z.json")
    lines = text.splitlines()
    assert [r.source.line for r in refs] == [n for n, line in enumerate(lines, 1) if line == " {"]
    assert [p.source.line for p in problems] == [n for n, line in enumerate(lines, 1) if "not an item" in line]
    refs, problems = libraries.read_text(RIS, ".ris", "e.ris")
    assert [r.source.line for r in refs] == [n for n, line in enumerate(RIS.splitlines(), 1) if line.startswith("TY")]


def test_every_csl_type_and_ris_type_is_kept_on_import(refs_copy: Path, tmp_path: Path):
    # BibTeX's entry types cannot tell these apart (a film, a dataset, a journal article dated to the day with no
    # volume yet, which an @article alone would read as a newspaper's): the CSL type is carried through whole.
    from refsvc.formats import csljson, ris
    makers = ({"author": [{"family": "Orr", "given": "Tom"}]}, {"author": [{"literal": "Tarn Water Board"}]}, {})
    items = [{"id": f"{kind}-{n}", "type": kind, "title": f"Ice on the estuary {n}",
              "issued": {"date-parts": [[2003, 3, 25]]}, **maker}
             for kind in sorted(csljson.TYPES) for n, maker in enumerate(makers)]
    (tmp_path / "all.json").write_text(json.dumps(items), encoding="utf-8")
    tags = sorted(ris.CSL_TYPES)
    (tmp_path / "all.ris").write_text("".join(
        f"TY  - {tag}\nID  - ris-{tag}\nAU  - Tarn Water Board\nTI  - Lakes {tag}\nDA  - 2003/03/25/\nER  - \n\n"
        for tag in tags), encoding="utf-8")
    database = tmp_path / "lib.sqlite"
    assert main(["--refs", str(refs_copy), "--db", str(database), "import", str(tmp_path / "all.json"),
                 str(tmp_path / "all.ris")]) == 0
    records = _works(database)
    assert {item["id"]: records[item["id"]]["type"] for item in items} == {item["id"]: item["type"] for item in items}
    assert {tag: records[f"ris-{tag}"]["type"] for tag in tags} == ris.CSL_TYPES
