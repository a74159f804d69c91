"""Export formats, one module each, and the registry that names them."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from refsvc.formats import biblatex, bibtex, csljson, ris
from refsvc.formats.styles import StyleFormat

STYLE_FORMATS = {
    "apa": StyleFormat("apa", "apa", "APA 7th edition"),
    "chicago-nb": StyleFormat("chicago-nb", "chicago-nb", "Chicago 18th edition, notes and bibliography"),
    "chicago-ad": StyleFormat("chicago-ad", "chicago-ad", "Chicago 18th edition, author-date"),
    "chicago-nb-17": StyleFormat("chicago-nb-17", "chicago-nb-17", "Chicago 17th edition, notes and bibliography"),
    "chicago-ad-17": StyleFormat("chicago-ad-17", "chicago-ad-17", "Chicago 17th edition, author-date"),
}
# The exchange formats, in the order pages offer them; each module has NAME, LABEL, MEDIA_TYPE, EXTENSION, render.
EXCHANGE_FORMATS: Mapping[str, Any] = {m.NAME: m for m in (bibtex, biblatex, ris, csljson)}
FORMATS: Mapping[str, Any] = {**STYLE_FORMATS, **EXCHANGE_FORMATS}
