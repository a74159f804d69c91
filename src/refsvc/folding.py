"""Text folded for comparison: the one definition every stage uses to compare titles and names."""
from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"[a-z0-9]+")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"  # note markers as PDF conversion prints them
_PLAIN_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")


def plain_digits(text: str) -> str:
    """Superscript digits as ordinary ones: "¹²" -> "12"."""
    return text.translate(_PLAIN_DIGITS)


def fold(text: str) -> str:
    """Lower-case ASCII words of text: accents, punctuation and possessive apostrophes dropped."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = re.sub(r"['’`]s\b", "s", text)
    return " ".join(_WORD_RE.findall(text))
