"""What of a normalised reference is compared: folded names, title, venue and numbers, read once per record."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from refsvc.citekeys import first_word
from refsvc.folding import fold, venue
from refsvc.model import Reference

@dataclass(frozen=True, slots=True)
class _Features:
    """What comparisons read from one reference, computed once."""

    index: int
    families: tuple[str, ...]
    initials: tuple[str, ...]  # the first author's given-name initials
    year: int | None
    title: str
    main: str
    container: str
    volume: str
    first_page: str
    doi: str
    url: str
    issue: str = ""  # a plain issue number only: "3-4", "Suppl 2" and the like are written too many ways
    issue_numbers: frozenset[str] = frozenset()  # every number in the issue field ("10 Suppl. 1": 10, 1)
    numbers: frozenset[str] = frozenset()  # the numbers in the title
    first_given: str = ""  # the first author's given name, folded (a database may swap it with the family)
    last_page: str = ""
    page_list: frozenset[str] = frozenset()  # the first page of each part, where the pages are a list ("52–54, 64")


def _features(index: int, ref: Reference) -> _Features:
    csl = ref.csl
    people = csl.get("author") or csl.get("editor") or []
    families = tuple(sys.intern(fold(p.get("family") or first_word(p.get("literal", "")))) for p in people)
    given = people[0].get("given", "") if people else ""
    initials = tuple(w[0] for w in re.findall(r"[A-Za-z]+", given)) if given else ()
    printed = csl.get("title", "")
    title = fold(_without_note(printed))
    main = fold(re.split(r"[:?!]|\s[-–—]\s|\.\s", printed, maxsplit=1)[0])
    main = title if main == title else main  # one string where there is no subtitle
    issued = csl.get("issued", {}).get("date-parts", [[None]])
    # "Suppl", "t": a garbled page is no page to compare; "C219" and "c219" are one page
    pages = _PAGES_RE.match(str(csl.get("page", "")).lower())
    return _Features(
        # A one-letter family name is an initial a database filed as the name ("L." for the whole author): no
        # name to compare.
        index=index, families=tuple(f for f in families if len(f) > 1), initials=initials,
        year=issued[0][0] if issued and issued[0] else None, title=title, main=main,
        container=sys.intern(venue(csl.get("container-title", ""))),
        volume=sys.intern(_volume(str(csl.get("volume", "")))),
        first_page=pages.group(1) if pages else "", last_page=pages and pages.group(2) or "", doi=csl.get("DOI", ""),
        url=re.sub(r"^https?://(www\.)?", "", csl.get("URL", "")).rstrip("/").lower(),
        issue=str(csl.get("issue", "")).strip() if str(csl.get("issue", "")).strip().isdigit() else "",
        issue_numbers=_numbers_in(str(csl.get("issue", ""))), numbers=_numbers_in(fold(printed)),
        first_given=sys.intern(fold(given)) if given else "", page_list=_page_list(str(csl.get("page", "")).lower()),
    )


def _page_list(pages: str) -> frozenset[str]:
    """The first page of each part of a list of pages ("230–235, 246–251", "233-238+230-235"), which databases
    print in any order; empty for one range or page."""
    parts = [part for part in _PAGE_LIST_RE.split(pages) if part]  # "35+": page 35 and on, one part
    if len(parts) < 2:
        return _NONE  # one shared empty set: an empty frozenset() is a new 216-byte object, a million records' worth
    return frozenset(m.group(1) for m in map(_PAGES_RE.match, parts) if m)


# A database's note closing a title: a citation of another printing, with its year ("(vol 142, pg 310, 2003)",
# Web of Science's mark of an erratum; "[Erratum appears in N Engl J Med. 2009 Jun 4;360(23):2487]", MEDLINE's),
# or a bracket the database's cut left open ("… syndrome (The Journal of Pediatrics (M"). Its numbers still count.
_CLOSING_NOTE_RE = re.compile(r"\s*[(\[](?:[^()\[\]]|[(\[][^()\[\]]*[)\]])*[)\]][\W_]*$")
_OPEN_NOTE_RE = re.compile(r"\s*[(\[][^)\]]*$")
_NOTE_YEAR_RE = re.compile(r"\b(?:1[5-9]|20)\d\d\b")


def _without_note(title: str) -> str:
    if "(" not in title and "[" not in title:
        return title  # most titles: no pattern to try at every space
    note = _CLOSING_NOTE_RE.search(title) if title[-1:] in ")]." else None
    if note and _NOTE_YEAR_RE.search(note.group()) and note.start():
        return title[:note.start()]
    note = _OPEN_NOTE_RE.search(title)
    return title[:note.start()] if note and note.start() else title


_NONE: frozenset[str] = frozenset()
_THOUSANDS_RE = re.compile(r"(?<=\d)[ ,\u2009\u202f](?=\d{3}(?!\d))")
_PAGES_RE = re.compile(r"\s*(\w*\d\w*)(?:\s*[-–—]+\s*(\w*\d\w*))?")
_PAGE_LIST_RE = re.compile(r"\s*[,;+]\s*")


def _numbers_in(text: str) -> frozenset[str]:
    # Most titles hold no number: one shared empty set, not a million (216 bytes each). A thousands
    # separator is no break between numbers: "10 000" and "10,000" are 10000.
    found = re.findall(r"\d+", _THOUSANDS_RE.sub("", text))
    return frozenset(found) if found else _NONE


def _volume(volume: str) -> str:
    """A volume as databases agree on it: "38 (Supplement 1)" and "38" are one volume, its number leading."""
    number = re.search(r"\d+", volume)
    return number.group(0) if number else fold(volume)
