"""Text folded for comparison: the one definition every stage uses to compare titles and names."""
from __future__ import annotations

import re
import unicodedata

_WORD_RE = re.compile(r"[a-z0-9]+")
_BRACKETED_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_ADDED_RE = re.compile(r"\s[:=]\s|;\s+(?=[a-z])")
_POSSESSIVE_RE = re.compile(r"['’`]s\b")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"  # note markers as PDF conversion prints them
_PLAIN_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")


def venue(name: str) -> str:
    """A journal's or proceedings' name folded as databases agree on it: "&" read as "and", and what one adds
    in brackets, after " : " or after a semicolon opening lower-case words left out ("BMJ (Clinical research
    ed.)", "PLoS ONE [Electronic Resource]", "Clinical Cancer Research : an official journal of …", MEDLINE's
    "Stroke; a journal of cerebral circulation")."""
    name = name.replace("&", " and ")
    if "(" in name or "[" in name:
        name = _BRACKETED_RE.sub(" ", name)
    return fold(_ADDED_RE.split(name, maxsplit=1)[0])


def plain_digits(text: str) -> str:
    """Superscript digits as ordinary ones: "¹²" -> "12"."""
    return text.translate(_PLAIN_DIGITS)


def fold(text: str) -> str:
    """Lower-case ASCII words of text: accents, punctuation and possessive apostrophes dropped."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    text = _POSSESSIVE_RE.sub("s", text) if "s" in text else text
    return " ".join(_WORD_RE.findall(text))


# Never part of a record's text: C0 and C1 controls (NUL among them) and the bidirectional embeddings,
# overrides and isolates that make text display in another order than it is stored (CVE-2021-42574,
# "Trojan Source"). Right-to-left text itself needs none of them; the marks LRM/RLM are kept. Nor Unicode's
# noncharacters of the basic plane (and the first four planes' last two), which are not for interchange (the formatter uses them as its own marks).
_UNSAFE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0002fffe\U0002ffff"
                        "\U0003fffe\U0003ffff\U0004fffe\U0004ffff]")
_SPACE_RE = re.compile(r"[\s\u2028\u2029]+")


def one_line(text: str) -> str:
    """text as a single line of plain text: controls and bidi overrides removed, every run of white space
    (line breaks, tabs, U+2028) one space, no space at either end. What line-based formats can hold."""
    if text.isprintable() and "  " not in text:
        return text.strip()  # no control, format character, line break or run of spaces: nothing to do
    return _SPACE_RE.sub(" ", _UNSAFE_RE.sub("", text)).strip()
