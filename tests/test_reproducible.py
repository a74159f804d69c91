"""The generated .bib files in refs/ are exactly what `refsvc extract` writes today."""
from __future__ import annotations

from pathlib import Path

import pytest

from refsvc.extract import bib_path, extract_paper
from refsvc.papers import load_papers

from conftest import REFS


@pytest.mark.parametrize("paper", load_papers(REFS), ids=lambda p: p.paper_id)
def test_checked_in_bib_matches_a_fresh_extraction(paper, refs_copy: Path):
    path, count, _ = extract_paper(refs_copy, paper)
    fresh = path.read_text(encoding="utf-8")
    checked_in = bib_path(REFS, paper).read_text(encoding="utf-8")
    assert count > 0
    assert fresh == checked_in, f"refs/{paper.paper_id}.bib is stale: run `refsvc extract {paper.paper_id}`"
