"""/api/cite: works cited for an editor, formatted or as the keys pandoc and LaTeX resolve in our files."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from refsvc import limits
from refsvc.formats import styles


def _ids(library, n=3):
    return [w.work_id for w in library.works[:n]]


def test_a_reference_list_in_the_styles_order(client, library, library_items):
    ids = _ids(library, 5)[::-1]
    page = client.get(f"/api/cite?ids={','.join(ids)}&style=apa")
    assert page.status_code == 200 and page.mimetype == "text/plain"
    chosen = [i for i in library_items if i["id"] in ids]
    assert page.get_data(as_text=True) == "".join(t + "\n" for _, t in styles.bibliography(chosen, "apa"))


def test_citations_in_the_order_asked_and_html_escaped(client, library, library_items):
    ids = _ids(library, 2)[::-1]
    page = client.get(f"/api/cite?ids={','.join(ids)}&style=chicago-nb&mode=citation&format=html")
    assert page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    items = {i["id"]: i for i in library_items}
    assert re.findall(r'<div class="csl-entry">(.*?)</div>', body) == [
        styles.citation(items[i], "chicago-nb", "html") for i in ids]
    assert "<script" not in body


def test_pandoc_keys_resolve_in_the_library_file(client, library, tmp_path):
    ids = _ids(library, 4)
    cited = client.get(f"/api/cite?ids={','.join(ids)}&format=pandoc").get_data(as_text=True)
    assert cited == "[" + "; ".join(f"@{i}" for i in ids) + "]"
    latex = client.get(f"/api/cite?ids={','.join(ids)}&format=latex").get_data(as_text=True)
    bib = client.get("/api/works.biblatex").get_data(as_text=True)
    assert all(re.search(rf"@\w+\{{{k},", bib) for k in latex[len("\\cite{"):-1].split(","))
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed: the keys were checked against the .bib only")
    (tmp_path / "lib.json").write_bytes(client.get("/api/works.json").get_data())
    (tmp_path / "doc.md").write_text(f"As argued {cited}.\n", encoding="utf-8")
    done = subprocess.run(["pandoc", "--citeproc", "--bibliography", str(tmp_path / "lib.json"), "-t", "plain",
                           str(tmp_path / "doc.md")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "not found" not in done.stderr, done.stderr
    assert "@" not in done.stdout.splitlines()[0]  # every key became a citation


@pytest.mark.parametrize("query, status", [
    ("ids=nope", 404), ("", 400), ("ids=", 400), ("ids=X&style=nosuchstyle", 400), ("ids=X&format=docx", 400),
    ("ids=X&mode=footnote", 400), ("ids=" + ",".join(["a"] * (limits.MAX_CITE_WORKS + 1)), 400)])
def test_bad_requests_say_what_is_wrong(client, library, query, status):
    page = client.get("/api/cite?" + query.replace("X", library.works[0].work_id))
    assert page.status_code == status and page.get_json()["error"]
