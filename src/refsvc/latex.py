"""The few LaTeX escapes a .bib file needs for plain Unicode text, both ways."""
from __future__ import annotations

import re

_ENCODE = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
           "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_DECODE = re.compile(r"\\textbackslash\{\}|\\textasciitilde\{\}|\\textasciicircum\{\}|\\([{}&%$#_])")
_NAMED = {r"\textbackslash{}": "\\", r"\textasciitilde{}": "~", r"\textasciicircum{}": "^"}

# Fields BibTeX/biblatex read verbatim: no escaping.
VERBATIM = frozenset({"url", "doi", "eprint", "file", "urldate", "date"})


def encode(text: str) -> str:
    """Text with LaTeX's special characters escaped, safe inside a braced .bib value."""
    # One pass, so the braces of an escape just written are not escaped again.
    return _SPECIAL.sub(lambda m: _ENCODE[m.group(0)], text)


def decode(text: str) -> str:
    """The inverse of encode(); a value with no escapes comes back unchanged."""
    return _DECODE.sub(lambda m: _NAMED.get(m.group(0)) or m.group(1), text)
