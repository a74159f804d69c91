"""A reference's text before it is labelled: a list split into its references, a list's own numbering, and the
marks markdown and PDF conversion leave.
"""
from __future__ import annotations

import re

from refsvc import names, reftext
from refsvc.labelled.spans import _YEAR_RE

# "———.", "---,", "——": the same names as the entry above (Chicago 18 §13.72, APA 6)
REPEATED_AUTHOR_RE = re.compile(r"^\s*[-—–_]{2,}\s*[.,]?\s*")
_NEEDS_PLAIN_RE = re.compile(r"[*_<>]|[a-z]{2}\.[A-Z]")
_GLUED_STOP_RE = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z](?:[a-z]|[A-Z]{2}))")  # "Optimization.New", "Control.IEEE"
_LINK_RE = re.compile(r"<?(?:https?://|www\.|doi:)", re.I)
_LINK_BRACKETS_RE = re.compile(r"^<|>(?=[.,;]?$)")
_EMPHASIS_RE = re.compile(r"(?<![\w*])\*{1,2}(?=\S)|(?<=\S)\*{1,2}(?![\w*])|(?<![\w/])_(?=\w)|(?<=[\w.,])_(?![\w/])")


def plain(text: str) -> str:
    """A reference as plain words: markdown emphasis (*x*, **x**, _x_) and the <> around links dropped, as
    PDF-to-text conversion leaves them, and a full stop run into the next sentence ("Optimization.New York")
    given its space; links themselves are kept whole."""
    if not _NEEDS_PLAIN_RE.search(text):
        return " ".join(text.split())  # most references hold no such marks: no word-by-word pass
    out = []
    for word in text.split():
        if _LINK_RE.match(word):
            out.append(_LINK_BRACKETS_RE.sub("", word))
        else:
            # (each pattern only where its marks are: most words hold none)
            if "*" in word or "_" in word:
                word = _EMPHASIS_RE.sub("", word)
            if "." in word and "/" not in word and "@" not in word:
                word = _GLUED_STOP_RE.sub(". ", word)
            out.append(word)
    return " ".join(out)


# A list's key before each entry: BibTeX's alpha label ("[Lev89] "), or the short form the text cites, the names
# printed again after it ("Levine et al. 1989 D.P. Levine, …", "Vale 2001: Vale, T. …")
_ALPHA_LABEL_RE = re.compile(r"^\[[A-Z][A-Za-z+]{0,7}\d{2,4}[a-z]?\]\s+")
_KEY_RE = re.compile(r"^(?P<key>(?P<family>[A-Z][^\W\d_]+(?:[\s'’-][A-Z][^\W\d_]+)?)[^\d“\"‘(\[:;.]{0,60}?(?:et al\.)?)\s+"
                     r"(?:1[5-9]\d\d|20\d\d)[a-z]?:?\s+(?P<rest>\S.*)$")


def _without_label(text: str) -> str:
    """The entry less its key, where the list prints one (the reference's names follow it again)."""
    text = _ALPHA_LABEL_RE.sub("", text, count=1) if text.startswith("[") else text
    m = _KEY_RE.match(text) if _YEAR_RE.search(text, 0, 100) else None
    if m and names.is_family_names_only(m.group("key").replace(" et al.", "")) \
            and re.match(rf"(?:[A-Z][a-z]?\.\s*-?\s*)*{re.escape(m.group('family'))}\b", m.group("rest")):
        return m.group("rest")
    return text


_NUMBER_RE = re.compile(r"^(?:\[\d+\]|\(\d+\)|\d{1,4}[.)])\s+")

_BULLET_RE = re.compile(r"^[-•*–]\s+")


def split_list(text: str) -> list[tuple[int, str]]:
    """A reference list as printed -> (line number, entry text): an entry starts after a blank line, at a
    number or bullet, or where a line opens like a reference (a surname and a comma or initials, a year);
    other lines continue the entry above, a word hyphenated at a line end joined again."""
    entries: list[tuple[int, str]] = []
    blank = True
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            blank = True
            continue
        starts = blank or _NUMBER_RE.match(stripped) or _BULLET_RE.match(stripped) \
            or reftext.looks_like_author_date(stripped)
        if starts or not entries:
            entries.append((lineno, _BULLET_RE.sub("", stripped)))
        else:
            previous_line, previous = entries[-1]
            if re.search(r"[a-z]-$", previous) and stripped[:1].islower():
                entries[-1] = (previous_line, previous[:-1] + stripped)
            else:
                entries[-1] = (previous_line, previous + " " + stripped)
        blank = False
    return entries
