"""`refsvc dedupe FILE... --json`: duplicates across BibTeX, RIS and CSL-JSON files, nothing stored; every
readable record's id in exactly one cluster, the rest listed as unreadable with its line."""
from __future__ import annotations

import json
from pathlib import Path

from refsvc.cli import main

BIB = """@article{orr2003, author = {Orr, Tom and Vale, Rhea}, title = {Ice on the Estuary: A Winter Survey},
  journal = {Lake Research}, year = 2003, volume = 7, pages = {11--19}}
@book{moss1998, author = {Moss, Jan}, title = {Rivers Collected}, publisher = {Tarn Press}, year = 1998}
@article{broken, title = {Unclosed,
  year = 2000}
@article{hale2010, author = {Hale, Kim}, title = {Salt and Silt}, journal = {Coastal Review}, year = 2010}
"""
RIS = """TY  - JOUR
ID  - endnote-17
AU  - Orr, T.
AU  - Vale, R.
TI  - Ice on the estuary: a winter survey
JO  - Lake Research
PY  - 2003
VL  - 7
SP  - 11
EP  - 19
ER  - 
"""
CSL = [{"id": "http://zotero.org/users/1/items/MOSS", "type": "book", "title": "Rivers collected",
        "author": [{"family": "Moss", "given": "J."}], "publisher": "Tarn Press", "issued": {"date-parts": [[1998]]}},
       {"id": "http://zotero.org/users/1/items/OTHER", "type": "book", "title": "Lakes in Winter",
        "author": [{"family": "Moss", "given": "J."}], "issued": {"date-parts": [[2005]]}}]


def test_duplicates_across_three_formats(tmp_path: Path, capsys):
    (tmp_path / "a.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "b.ris").write_text(RIS, encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps(CSL), encoding="utf-8")
    files = [str(tmp_path / n) for n in ("a.bib", "b.ris", "c.json")]
    assert main(["dedupe", "--json", *files]) == 0
    found = json.loads(capsys.readouterr().out)
    ids = [i for cluster in found["clusters"] for i in cluster]
    assert sorted(ids) == sorted(["orr2003", "moss1998", "hale2010", "endnote-17", "http://zotero.org/users/1/items/MOSS",
                                  "http://zotero.org/users/1/items/OTHER"])
    clusters = {frozenset(c) for c in found["clusters"]}
    assert frozenset({"orr2003", "endnote-17"}) in clusters
    assert frozenset({"moss1998", "http://zotero.org/users/1/items/MOSS"}) in clusters
    assert found["unreadable"] == [{"file": files[0], "line": 4, "error": found["unreadable"][0]["error"]}]
    assert "cannot parse" in found["unreadable"][0]["error"]
    assert not (tmp_path / "refs").exists() and not list(tmp_path.glob("*.sqlite"))


def test_the_table_and_a_missing_file(tmp_path: Path, capsys):
    (tmp_path / "a.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "b.ris").write_text(RIS, encoding="utf-8")
    assert main(["dedupe", str(tmp_path / "a.bib"), str(tmp_path / "b.ris")]) == 0
    out = capsys.readouterr().out
    assert "orr2003, endnote-17" in out and "4 records -> 3 works: 1 with duplicates" in out
    assert main(["dedupe", str(tmp_path / "nope.bib")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nope.bib" in err[0] and "no such file" in err[0]
