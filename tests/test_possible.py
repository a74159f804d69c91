"""Possible duplicates: records in two works that come near a match without making one are kept for a person
to decide — listed by `refsvc check`, shown on both work pages, gone once decided."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from refsvc import dedupe
from refsvc.cli import main
from refsvc.web import create_app

from test_dedupe import rec

# b matches a (a subtitle dropped) and c, but a and c are two works of one author and year: b joins one
# cluster, and its match with the other stays possible.
CHAIN = """@article{trout-a, author = {Orr, Tom}, title = {Winter Feeding of Lake Trout: A Trial in Shallow Basins},
  journal = {Lake Research}, year = 2017, volume = 12, pages = {5--9}}
@article{trout-b, author = {Orr, Tom}, title = {Winter Feeding of Lake Trout}, year = 2017}
@article{trout-c, author = {Orr, Tom}, title = {Winter Feeding of Lake Trout: A Survey of Deep Basins},
  journal = {Lake Research}, year = 2017, volume = 14, pages = {77--80}}
"""


def test_a_refused_match_is_a_possible_pair_on_both_works():
    records = [
        rec("a", "Winter feeding of lake trout: a trial in shallow basins", [("Orr", "T.")], volume="12", page="5–9",
            **{"container-title": "Lake Research"}),
        rec("b", "Winter feeding of lake trout", [("Orr", "T.")]),
        rec("c", "Winter feeding of lake trout: a survey of deep basins", [("Orr", "T.")], volume="14", page="77–80",
            **{"container-title": "Lake Research"})]
    works = dedupe.dedupe(records)
    assert len(works) == 2
    work_of = {r.key: w.work_id for w in works for r in w.references}
    pairs = dedupe.group(records).possible()
    assert pairs and all(work_of[records[i].key] != work_of[records[j].key] for i, j, _ in pairs)
    lone = next(w for w in works if len(w.references) == 1)
    assert lone.possible and all(p.left == lone.references[0].key and p.other != lone.work_id for p in lone.possible)


def test_check_lists_them_the_work_page_offers_a_decision_and_deciding_ends_them(refs_copy: Path, tmp_path: Path,
                                                                                   capsys):
    database = tmp_path / "lib.sqlite"
    base = ["--refs", str(refs_copy), "--db", str(database)]
    (tmp_path / "trout.bib").write_text(CHAIN, encoding="utf-8")
    assert main([*base, "import", str(tmp_path / "trout.bib")]) == 0
    capsys.readouterr()
    assert main([*base, "check", "--json"]) in (0, 1)
    findings = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["check"] == "possible-duplicate"]
    assert findings and "refsvc merge" in findings[0]["message"]
    with sqlite3.connect(database) as conn:
        left, right, work, other = conn.execute(
            "SELECT left_key, right_key, work_id, other_work_id FROM possible ORDER BY score DESC").fetchone()
    page = create_app({"DATABASE": str(database), "TESTING": True}).test_client().get(f"/works/{work}")
    html = page.get_data(as_text=True)
    assert "Possibly the same work" in html and f"/works/{other}" in html and right in html
    assert main([*base, "reject", left, right, "--user", "dana"]) == 0
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM possible WHERE left_key = ? AND right_key = ?",
                            (left, right)).fetchone() == (0,)


def test_an_editor_decides_a_possible_pair_from_the_work_page(refs_copy: Path, tmp_path: Path, capsys):
    import re

    from refsvc import accounts
    database = tmp_path / "lib.sqlite"
    (tmp_path / "trout.bib").write_text(CHAIN, encoding="utf-8")
    assert main(["--refs", str(refs_copy), "--db", str(database), "import", str(tmp_path / "trout.bib")]) == 0
    accounts.add_user(accounts.path_for(database), "ed", "correct horse battery", "editor")
    client = create_app({"DATABASE": str(database), "REFS": str(refs_copy), "TESTING": True}).test_client()
    with sqlite3.connect(database) as conn:
        left, right, work = conn.execute("SELECT left_key, right_key, work_id FROM possible").fetchone()
    assert "The same work</button>" not in client.get(f"/works/{work}").get_data(as_text=True)  # readers see no buttons
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"name": "ed", "password": "correct horse battery", "csrf": token})
    page = client.get(f"/works/{work}").get_data(as_text=True)
    assert "The same work</button>" in page and "Different works</button>" in page
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    response = client.post(f"/works/{work}/decide", data={"command": "merge", "left": left, "right": right, "csrf": token})
    assert response.status_code == 303
    with sqlite3.connect(database) as conn:
        works = dict(conn.execute("SELECT record_key, work_id FROM records WHERE record_key IN (?, ?)", (left, right)))
        assert works[left] == works[right]
        assert conn.execute("SELECT count(*) FROM possible WHERE left_key = ? AND right_key = ?", (left, right)).fetchone() == (0,)
