"""`refsvc format`: any CSL-JSON file formatted in any official style, in every mode users meet."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from refsvc.cli import main

ITEMS = [
    {"id": "orr2019", "type": "book", "title": "Winter trout", "author": [{"family": "Orr", "given": "Tom"}],
     "issued": {"date-parts": [[2019]]}, "publisher": "Lake Press", "publisher-place": "Duluth"},
    {"id": "abe2018", "type": "article-journal", "title": "Basins in winter",
     "author": [{"family": "Abe", "given": "Rita"}, {"family": "Vale", "given": "Sam"}],
     "issued": {"date-parts": [[2018]]}, "container-title": "Lake Research", "volume": "12", "page": "3-9"},
]


def run(capsys, tmp_path: Path, *args: str, items: object = ITEMS) -> tuple[int, dict, str]:
    path = tmp_path / "items.json"
    path.write_text(items if isinstance(items, str) else json.dumps(items), encoding="utf-8")
    code = main(["format", str(path), *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else {}), err


def test_entries_come_in_input_order_and_the_bibliography_in_the_style_s(capsys, tmp_path):
    code, entries, _ = run(capsys, tmp_path, "--style", "apa")
    assert code == 0 and list(entries) == ["orr2019", "abe2018"]
    assert entries["abe2018"].startswith("Abe, R., & Vale, S. (2018).") and "Lake Press" in entries["orr2019"]
    _, bibliography, _ = run(capsys, tmp_path, "--style", "apa", "--mode", "bibliography")
    assert list(bibliography) == ["abe2018", "orr2019"] and bibliography == entries


def test_citations_and_notes(capsys, tmp_path):
    _, cites, _ = run(capsys, tmp_path, "--style", "apa", "--mode", "citation")
    assert cites == {"orr2019": "(Orr, 2019)", "abe2018": "(Abe & Vale, 2018)"}
    _, first, _ = run(capsys, tmp_path, "--style", "chicago-nb", "--mode", "first-note")
    _, short, _ = run(capsys, tmp_path, "--style", "chicago-nb", "--mode", "subsequent-note")
    assert first["orr2019"].startswith("Tom Orr, Winter Trout") and "2019" in first["orr2019"]
    assert short["orr2019"] == "Orr, Winter Trout." and len(short["abe2018"]) < len(first["abe2018"])
    # The note right after its own: Chicago 18 prints the short note again (it drops Ibid.), the 17th edition
    # the author alone.
    _, ibid, _ = run(capsys, tmp_path, "--style", "chicago-nb", "--mode", "ibid")
    _, ibid17, _ = run(capsys, tmp_path, "--style", "chicago-nb-17", "--mode", "ibid")
    assert ibid == short and ibid17["orr2019"] == "Orr."


def test_html_marks_titles_in_italics(capsys, tmp_path):
    _, entries, _ = run(capsys, tmp_path, "--style", "apa", "--html")
    assert "<i>Winter trout</i>" in entries["orr2019"]


def test_any_official_style_by_its_name_numbered_as_a_list_where_it_numbers(capsys, tmp_path):
    _, harvard, _ = run(capsys, tmp_path, "--style", "harvard-cite-them-right")
    _, apa, _ = run(capsys, tmp_path, "--style", "apa")
    assert harvard["orr2019"] != apa["orr2019"] and harvard["orr2019"].startswith("Orr, T. (2019)")
    _, alone, _ = run(capsys, tmp_path, "--style", "ieee")
    _, listed, _ = run(capsys, tmp_path, "--style", "ieee", "--mode", "bibliography")
    assert all(text.startswith("[1]") for text in alone.values())
    assert [text[:3] for text in listed.values()] == ["[1]", "[2]"]


@pytest.mark.parametrize("args, items, message", [
    pytest.param(("--style", "no-such-style"), ITEMS, "unknown style 'no-such-style'", id="unknown_style"),
    pytest.param(("--style", "../../etc/passwd"), ITEMS, "unknown style", id="a_path_is_no_style"),
    pytest.param((), [{"id": "a", "title": "T"}], "item 1: type: missing", id="no_type"),
    pytest.param((), [ITEMS[0], ITEMS[0]], "item 2: id: 'orr2019' is the id of an earlier item", id="repeated_id"),
    pytest.param((), '[{"id": "a",\n', ":2: not JSON", id="not_json"),
    pytest.param((), {"title": "T"}, "not CSL-JSON", id="not_a_list"),
    pytest.param(("--style", "aib-studi", "--mode", "bibliography"), ITEMS, "style 'aib-studi' has no bibliography",
                 id="a_bibliography_of_a_style_with_none"),
    pytest.param(("--style", "aib-studi"), ITEMS, "modes citation, first-note", id="entries_of_a_style_with_none"),
])
def test_bad_input_is_one_line_naming_the_place_and_exit_1(capsys, tmp_path, args, items, message):
    code, _, err = run(capsys, tmp_path, *args, items=items)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_what_the_style_prints_no_entry_for_is_left_out_of_a_bibliography_and_reported(capsys, tmp_path):
    """As citeproc-js: APA cites an interview in the text only (a personal communication), so its entry alone
    is empty and the bibliography leaves it out; stderr names it."""
    interview = {"id": "rusk2019", "type": "interview", "title": "On weirs", "issued": {"date-parts": [[2019]]},
                 "author": [{"family": "Rusk", "given": "Pia"}]}
    code, listed, err = run(capsys, tmp_path, "--style", "apa", "--mode", "bibliography", items=[*ITEMS, interview])
    assert code == 0 and list(listed) == ["abe2018", "orr2019"]
    assert err.count("\n") == 1 and "items.json: apa prints no bibliography entry for 1 item" in err
    assert err.rstrip().endswith(": rusk2019")
    code, alone, err = run(capsys, tmp_path, "--style", "apa", items=[*ITEMS, interview])
    assert alone["rusk2019"] == "" and alone["orr2019"] and "rusk2019" in err
    _, cited, err = run(capsys, tmp_path, "--style", "apa", "--mode", "citation", items=[*ITEMS, interview])
    assert cited["rusk2019"] == "(P. Rusk, personal communication, 2019)" and err == ""
