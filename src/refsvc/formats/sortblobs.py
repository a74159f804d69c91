"""Numbers in a bibliography's sort keys as citeproc-js renders them, "undefined" included.

citeproc-js (Zotero's engine, 2.4.63) renders a number variable (a volume, an issue, a page range, ...) as
"numeric blobs" that wait, through the levels of the style's elements, to be joined to what precedes them; it
joins one with the layout's delimiter, which a sort key's area never sets, so a number that follows other text
in a key is keyed after the word "undefined": "Elm|Press,|undefined4508–15". The word moves whole entries:
"The Horus Heresy 12" files after "The Horus Heresy, The Black Library" ("Heresyundefined12" against
"HeresyThe"). This module reproduces where it lands (CSL.Output.Queue.prototype.string and renderBlobs, and
CSL.NumericBlob's checkNext and checkLast): cslfix marks the numbers it prints in a sort key, and each element
with a suffix or a decoration (fonts, quotes, display) settles the marks in its text, as citeproc-js renders its
blobs there; an element with a prefix alone moves it into a leading number; the rest pass numbers after their
last text on. Pure functions of text: nothing here is shared state.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_OPEN, _SEP, _CLOSE = "\ufde4", "\ufde5", "\ufde6"
# A marked number: its value (for "the next number of a run"), its printed length, then its text.
_MARK_RE = re.compile(f"{_OPEN}([^{_SEP}]*){_SEP}([0-9]+){_CLOSE}")
_UNDEFINED = "undefined"  # String(undefined) in JavaScript: the layout delimiter a sort key does not have
_START, _SEEN, _SUCCESSOR = "start", "seen", "successor"


@dataclass
class Number:
    """One numeric blob: its value and its text (prefix, number and suffix, a joiner included)."""
    value: str
    text: str
    status: str = _START


def marked(value: str, text: str) -> str:
    """text, the printing of the number value, marked as one numeric blob."""
    return f"{_OPEN}{value}{_SEP}{len(text)}{_CLOSE}{text}"


def has_marks(text: Any) -> bool:
    return text is not None and _OPEN in str(text)


def parts(text: str) -> list[str | Number]:
    """Marked text as citeproc-js's blobs: strings and numbers, in order."""
    out: list[str | Number] = []
    at = 0
    for found in _MARK_RE.finditer(text):
        if found.start() < at:
            continue  # a mark's characters inside another number's text (never written so)
        if found.start() > at:
            out.append(text[at:found.start()])
        end = found.end() + int(found.group(2))
        out.append(Number(found.group(1), text[found.end():end]))
        at = end
    if at < len(text):
        out.append(text[at:])
    return out


def joined(blobs: list[str | Number]) -> str:
    """Blobs as marked text again."""
    return "".join(b if isinstance(b, str) else marked(b.value, b.text) for b in blobs)


def adjoined(blobs: list[str | Number], delimiter: str) -> list[str | Number]:
    """A group's blobs with the delimiter between two numbers made the first one's suffix, as citeproc-js makes
    it: two numbers with only the delimiter between are next to each other."""
    out: list[str | Number] = []
    for n, blob in enumerate(blobs):
        if (isinstance(blob, str) and blob == delimiter and out and isinstance(out[-1], Number)
                and n + 1 < len(blobs) and isinstance(blobs[n + 1], Number)):
            out[-1] = Number(out[-1].value, out[-1].text + blob)
            continue
        out.append(blob)
    return out


def _follows(number: Number, following: Any) -> bool:
    """Whether following is the next integer after number (a run such as 1–2)."""
    return (isinstance(following, Number) and number.value.isdigit() and following.value.isdigit()
            and int(following.value) == int(number.value) + 1)


def rendered(blobs: list[str | Number]) -> str:
    """CSL.Output.Queue.prototype.renderBlobs over a list of blobs: a number that starts a run after other text,
    or follows a number it does not continue, is joined with "undefined"."""
    start = True
    for n, blob in enumerate(blobs):
        following = blobs[n + 1] if n + 1 < len(blobs) else None
        if isinstance(blob, Number):
            # checkNext (a run's start, a number continuing it, or a number after one it does not continue)
            if start:
                blob.status = _START
            if isinstance(following, Number):
                following.status = _SUCCESSOR if _follows(blob, following) else _SEEN
            start = False
        else:
            start = True  # (a number's splice_prefix, undefined in a sort key, is false)
    # checkLast: the last number of a run after no number it continues is a successor
    settle = True
    for n in range(len(blobs) - 1, 0, -1):
        blob, last = blobs[n], blobs[n - 1]
        if not isinstance(blob, Number):
            settle = True
        elif settle and (blob.status == _SEEN or (blob.status == _SUCCESSOR
                                                  and not (isinstance(last, Number) and _follows(last, blob)))):
            blob.status = _SUCCESSOR
            settle = False
    out = []
    for n, blob in enumerate(blobs):
        if isinstance(blob, str):
            out.append(blob)
            continue
        if (blob.status == _START and n > 0) or blob.status == _SEEN:
            out.append(_UNDEFINED)
        out.append(blob.text)
    return "".join(out)


def settled(text: str, delimiter: str, prefix: str, closes: bool) -> tuple[str, str]:
    """An element's marked text as citeproc-js leaves it (CSL.Output.Queue.prototype.string): (its head,
    rendered, for the element's own markup; its tail, numbers still marked and the text after them).
    closes: the element has a suffix or a decoration, which renders every number in it; an element with a
    prefix alone gives it to a leading number; any other renders up to its last text."""
    blobs = adjoined(parts(text), delimiter)
    if closes:
        return rendered(blobs), ""
    numbers = [n for n, blob in enumerate(blobs) if isinstance(blob, Number)]
    if prefix and numbers:
        if numbers[0] == 0:
            first = blobs[0]
            assert isinstance(first, Number)
            blobs[0] = Number(first.value, prefix + first.text)
            return "", joined(blobs)
        return rendered(blobs[:numbers[0]]), joined(blobs[numbers[0]:])
    last_text = max((n + 1 for n, blob in enumerate(blobs) if isinstance(blob, str)), default=0)
    return rendered(blobs[:last_text]), joined(blobs[last_text:])


def key(text: str) -> str:
    """A whole sort key's marked text as citeproc-js keys it: the numbers before its last text rendered, then
    the rest after that, so a trailing number after text is joined with "undefined" too."""
    head, tail = settled(text, "", "", False)
    return rendered(([head] if head else []) + parts(tail))
