"""Writes tests/golden/csl/<style>.json: what citeproc-js (oracle.js) prints for every item of
tests/data/csl_corpus.json in each style refsvc offers by a short name, so the fidelity test compares refsvc with
Zotero's engine without Node. tests/test_style_fidelity.py renders them again and compares.

    python tests/oracle/golden.py          # needs node and tests/oracle/node_modules (bash scripts/test installs them)
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from refsvc.formats import engine

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "data" / "csl_corpus.json"
GOLDEN = HERE.parent / "golden" / "csl"
STYLES = ("apa", "chicago-nb", "chicago-ad", "chicago-nb-17", "chicago-ad-17")
# The oracle's other keys: batch_ms and update_ms are timings, batch_citation is not compared.
KEPT = ("alone", "html", "citation", "subsequent", "ibid", "batch")


def render(style: str, items: Path = CORPUS) -> dict:
    """The oracle's output for the items in one style, the compared keys only."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("the CSL oracle needs Node: run `bash scripts/test`, which installs it")
    done = subprocess.run([node, str(HERE / "oracle.js"), engine.style_path(style), engine.locale_path(), str(items)],
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise RuntimeError(f"oracle.js failed for {style}: {done.stderr.strip()}")
    out = json.loads(done.stdout)
    return {key: out[key] for key in KEPT}


def text(rendered: dict) -> str:
    return json.dumps(rendered, ensure_ascii=False, indent=0) + "\n"


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for style in STYLES:
        (GOLDEN / f"{style}.json").write_text(text(render(style)), encoding="utf-8")
        print(f"{GOLDEN / style}.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
