"""Our styles against citeproc-js (Zotero's engine) run from tests/oracle/: identical output required
for at least 98% of entries per style and mode (entry, HTML entry, sorted bibliography, citation or first
note, and a note style's short note), and every difference listed with its reason."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from refsvc.formats import engine, styles

from conftest import ROOT

ORACLE = ROOT / "tests" / "oracle"
KNOWN = json.loads((ROOT / "tests/data/csl-differences.json").read_text(encoding="utf-8"))["differences"]
STYLES = ["apa", "chicago-nb", "chicago-ad", "chicago-nb-17", "chicago-ad-17"]
THRESHOLD = 0.98


def same(a: str, b: str) -> bool:
    """Equal after whitespace normalisation and HTML entity decoding (citeproc-js writes &#38;)."""
    def norm(s: str) -> str:
        s = re.sub(r'^<div class="csl-entry">|</div>$', "", s.strip())
        return re.sub(r"\s+", " ", html.unescape(s)).strip()
    return norm(a) == norm(b)


@pytest.fixture(scope="session")
def items(library_items, test_items, tmp_path_factory) -> tuple[list[dict], Path]:
    path = tmp_path_factory.mktemp("oracle") / "items.json"
    everything = library_items + test_items
    path.write_text(json.dumps(everything, ensure_ascii=False), encoding="utf-8")
    return everything, path


@pytest.fixture(scope="session")
def oracle(items):
    node = shutil.which("node")
    if node is None or not (ORACLE / "node_modules" / "citeproc").is_dir():
        pytest.fail("the CSL oracle needs Node and tests/oracle/node_modules: run `bash scripts/test`, which installs them")
    _, path = items

    def run(style: str) -> dict:
        done = subprocess.run([node, str(ORACLE / "oracle.js"), engine.style_path(style), engine.locale_path(),
                               str(path)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)
    return run


@pytest.mark.parametrize("style", STYLES)
def test_fidelity(style, items, oracle):
    everything, _ = items
    expected = oracle(style)
    ours = {
        "bibliography": styles.entries(everything, style),
        "html": styles.entries(everything, style, "html"),
        "citation": {str(i["id"]): styles.citation(i, style) for i in everything},
    }
    if engine.style(style).root.get("class") == "note":  # the short note, another work cited between
        ours["subsequent"] = {str(i["id"]): styles.citation(i, style, position="subsequent") for i in everything}
    # citeproc-js prints nothing (a bibliography error) for an item its style has no form for; refsvc prints a
    # fallback entry instead (never an empty one), and the ledger lists each such item with its reason.
    unprinted = {key for key, text in expected["alone"].items() if not text}
    assert all(ours["bibliography"][key] for key in unprinted if key not in _unlisted(everything))
    differences = set()
    for mode, theirs in (("bibliography", expected["alone"]), ("html", expected["html"]), ("citation", expected["citation"]),
                         ("subsequent", expected["subsequent"])):
        if mode not in ours:
            continue
        for key, text in ours[mode].items():
            if not same(text, theirs[key]):
                differences.add((mode, key))
        compared = [key for key in ours[mode] if mode in ("citation", "subsequent") or key not in unprinted]
        identical = sum(1 for key in compared if (mode, key) not in differences)
        assert identical / len(compared) >= THRESHOLD, f"{style} {mode}: {identical}/{len(compared)} identical"
    batch = [(key, text) for key, text in styles.bibliography(everything, style) if key not in unprinted]
    assert [k for k, _ in batch] == [k for k, _ in expected["batch"]], f"{style}: bibliography order differs"
    for (key, text), (_, theirs) in zip(batch, expected["batch"]):
        if not same(text, theirs):
            differences.add(("batch", key))
    known = {(d["mode"], d["id"]) for d in KNOWN if d["style"] == style}
    assert differences == known, "update tests/data/csl-differences.json (with the reason) or fix the regression"


def _unlisted(items: list[dict]) -> set[str]:
    """Items a style leaves out of its reference list on purpose (APA: personal communications)."""
    return {str(i["id"]) for i in items if i.get("type") in engine.UNLISTED_TYPES}
