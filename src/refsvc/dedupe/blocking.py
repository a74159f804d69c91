"""Which records are compared: pairs sharing a blocking key (DOI, URL, first author and year, opening title
words, one article's place) and neighbours in title order, so comparisons grow with n log n, not n².
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter

from refsvc.dedupe.features import _Features

WINDOW = 6  # sorted-neighbourhood window over titles
MAX_BLOCK = 64  # a larger block is compared by its own sorted neighbourhood, never all pairs


def candidate_pairs(features: Sequence[_Features]) -> set[tuple[int, int]]:
    """Pairs (i < j) worth comparing: shared blocking keys plus sorted-title neighbours."""
    return set(_candidates(features))


def _candidates(features: Sequence[_Features]) -> Iterator[tuple[int, int]]:
    """Each pair worth comparing, once: blocks found by sorting keys one kind at a time, then the sorted-title
    window. A pair is given by the first source that finds it — a later one passes over two records that
    already share an earlier, fully paired block — so no set of pairs seen is kept: memory stays flat at a
    million records."""
    oversized: list[set[str]] = [set() for _ in _KEY_KINDS]

    def paired_before(a: int, b: int, kinds: int) -> bool:
        fa, fb = features[a], features[b]
        for k in range(kinds):
            key = _blocking_key(_KEY_KINDS[k], fa)
            if key and key == _blocking_key(_KEY_KINDS[k], fb) and key not in oversized[k]:
                return True
        return False

    def window(order: Sequence[int], kinds: int) -> Iterator[tuple[int, int]]:
        for k, a in enumerate(order):
            for b in order[k + 1: k + WINDOW]:
                if not paired_before(a, b, kinds):
                    yield (a, b) if a < b else (b, a)

    for kind_n, kind in enumerate(_KEY_KINDS):
        keyed = sorted((key, f.index) for f in features if (key := _blocking_key(kind, f)))
        for key, group in groupby(keyed, key=itemgetter(0)):
            members = [i for _, i in group]
            if len(members) > MAX_BLOCK:
                oversized[kind_n].add(key)
                yield from window(sorted(members, key=lambda i: features[i].title), kind_n)
                continue
            for k, a in enumerate(members):
                for b in members[k + 1:]:
                    if not paired_before(a, b, kind_n):
                        yield (a, b)
        del keyed
    yield from window(sorted(range(len(features)), key=lambda i: features[i].title), len(_KEY_KINDS))


_KEY_KINDS = ("doi", "url", "author-year", "title", "place")


def _blocking_key(kind: str, f: _Features) -> str:
    if kind == "place":
        # One journal, volume and first page is one article's place: records of it whose first author was
        # filed another way and whose titles open differently meet there and nowhere else.
        return f"{f.container}\t{f.volume}\t{f.first_page}" if f.container and f.volume and f.first_page else ""
    if kind == "author-year":
        return f"{f.families[0]}\t{f.year}" if f.families and f.year else ""
    if kind == "title":
        words = f.main.split()
        return " ".join(words[:4]) if len(words) >= 2 else ""
    return f.doi if kind == "doi" else f.url
