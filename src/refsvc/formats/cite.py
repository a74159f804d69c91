"""Citations for an editor to paste, as Better BibTeX's cite-as-you-write gives them: the works formatted in a
CSL style (a reference list in the style's order, or each work's citation), as text or HTML, or as the keys a
pandoc or LaTeX document cites them by (the ids of our BibTeX and CSL-JSON files)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from refsvc.formats import styles

FORMATS = {"text": "text/plain", "html": "text/html", "pandoc": "text/plain", "latex": "text/plain"}
MODES = ("bibliography", "citation")


def render(items: Sequence[Mapping[str, Any]], style: str, fmt: str, mode: str = "bibliography"
           ) -> tuple[str, tuple[str, ...]]:
    """(the items cited in fmt: pandoc's [@a; @b], LaTeX's \\cite{a,b}, or formatted in style, one line a work,
    HTML as citeproc-js wraps a bibliography; the ids a bibliography leaves out, the style printing no entry
    for them)."""
    keys = [str(item["id"]) for item in items]
    if fmt == "pandoc":
        return "[" + "; ".join(f"@{key}" for key in keys) + "]", ()
    if fmt == "latex":
        return "\\cite{" + ",".join(keys) + "}", ()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: one of {', '.join(MODES)}")
    output = "html" if fmt == "html" else "text"
    left_out: tuple[str, ...] = ()
    if mode == "bibliography":
        listed = styles.bibliography(items, style, output)
        texts, left_out = [text for _, text in listed], listed.left_out
    else:
        texts = [styles.citation(item, style, output) for item in items]
    if fmt == "html":
        kind = "csl-bib-body" if mode == "bibliography" else "csl-citations"
        return (f'<div class="{kind}">\n' + "".join(f'  <div class="csl-entry">{t}</div>\n' for t in texts)
                + "</div>\n"), left_out
    return "".join(f"{t}\n" for t in texts), left_out

