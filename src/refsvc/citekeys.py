"""Work ids as citation keys in the Better BibTeX manner: readable, unique, and stable across rebuilds."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from refsvc.folding import fold
from refsvc.model import Work

# Better BibTeX's default skip words for the title part of a citation key.
SKIP_WORDS = frozenset(
    "a ab aboard about above across after against al along amid among an and anti around as at before behind "
    "below beneath beside besides between beyond but by d da das de del dell dello dei degli della dem den der "
    "des despite die do down du during ein eine einem einen einer eines el en et except for from gli i il in "
    "inside into is l la las le les like lo los near nor of off on onto or over past per plus round save since "
    "so some sur than the through to toward towards un una unas under underneath une unlike uno unos until up "
    "upon versus via von while with within without yet zu zum".split())


def first_word(text: str) -> str:
    """The first word of text that is not a skip word, folded ('The World Bank' -> 'world')."""
    words = [w for w in fold(text).split() if w not in SKIP_WORDS]
    return words[0] if words else ""



def citekey_base(csl: Mapping[str, Any]) -> str:
    """A Better BibTeX-style key: first author's family name, year, first significant title word."""
    people = csl.get("author") or csl.get("editor") or []
    title_words = [re.sub(r"[^a-z0-9]", "", w) for w in re.split(r"\s+", fold(_hyphen_join(csl.get("title", ""))))
                   if w and w not in SKIP_WORDS]
    if people:
        first = people[0]
        auth = fold(first.get("family") or first_word(first.get("literal", ""))).replace(" ", "")
    else:
        auth = title_words.pop(0) if title_words else "anon"
    issued = csl.get("issued", {}).get("date-parts", [[None]])
    year = str(issued[0][0]) if issued and issued[0] and issued[0][0] else ""
    return f"{auth}{year}{title_words[0] if title_words else ''}" or "anon"


def _hyphen_join(title: str) -> str:
    # "Pakistan-Russia relations" -> "PakistanRussia relations": BBT treats a hyphenated word as one,
    # and an acronym with points (U.S.) as one word.
    title = re.sub(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\b)", "", title)
    return re.sub(r"(?<=\w)[-‐–](?=\w)", "", title)


def assign_ids(works: Sequence[Work], pinned: Mapping[str, str]) -> list[Work]:
    """Works with unique ids: pinned ids first, then base keys with a, b, c ... suffixes on collision."""
    taken: set[str] = set()
    ids: dict[int, str] = {}
    for n, work in enumerate(works):
        for ref in work.references:
            old = pinned.get(ref.key)
            if old and old not in taken:
                ids[n] = old
                taken.add(old)
                break
    bases = {n: citekey_base(works[n].csl) for n in range(len(works)) if n not in ids}
    for n in sorted(bases, key=lambda n: (bases[n], fold(works[n].csl.get("title", "")), n)):
        base = bases[n]
        key, suffix = base, 0
        while key in taken:
            key = base + _suffix(suffix)
            suffix += 1
        ids[n] = key
        taken.add(key)
    return [replace(work, work_id=ids[n]) for n, work in enumerate(works)]


def _suffix(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[n] if n < 26 else letters[n // 26 - 1] + letters[n % 26]
