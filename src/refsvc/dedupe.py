"""[Reference] -> [Work]: cluster normalised references that name the same work, and explain each merge.

Candidates come from blocking (DOI, first author + year, opening title words, URL) and a sorted
neighbourhood over titles, so the number of comparisons grows with n log n, not n². Each candidate
pair is compared field by field; a merge is kept with the scores that justified it.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import string
import sys
import threading
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz.distance import Indel

from refsvc.citekeys import assign_ids, first_word
from refsvc.folding import fold, venue
from refsvc.model import Agreement, Conflict, Decision, Merge, Possible, Reference, Work

WINDOW = 6  # sorted-neighbourhood window over titles
MAX_BLOCK = 64  # a larger block is compared by its own sorted neighbourhood, never all pairs
TITLE_MATCH = 0.90
FAMILY_MATCH = 0.85



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


@dataclass(frozen=True, slots=True)
class Grouping:
    """Records grouped into works, each known by its place in the input: what deduplication decided, without
    the records themselves, so that a caller may stream them (a million records are not held at once)."""

    keys: list[str]
    groups: dict[int, list[int]]  # a cluster's root -> its records' places, ascending
    root: list[int]  # each record's cluster root
    merges: list[Merge]  # the joins that made the clusters, each explained
    near: list[tuple[int, int, float]]  # records of different clusters that came near a match: (i, j, score)
    compared: int  # candidate pairs compared

    def possible(self) -> list[tuple[int, int, float]]:
        """Each near pair once, (i < j, score), strongest first."""
        best: dict[tuple[int, int], float] = {}
        for i, j, score in self.near:
            pair = (min(i, j), max(i, j))
            best[pair] = max(score, best.get(pair, 0.0))
        return sorted(((i, j, s) for (i, j), s in best.items()), key=lambda p: (-p[2], p[0], p[1]))


def group(refs: Iterable[Reference], decisions: Sequence[Decision] = ()) -> Grouping:
    """References grouped into works. Each reference is read once, for its key and what comparisons need of it,
    and not kept.

    decisions (about keys that exist, the latest per pair) outrank the comparison: 'same' joins two records'
    works, 'different' keeps them apart even where a chain of other matches would join them.
    """
    keys: list[str] = []
    features: list[_Features] = []
    for i, ref in enumerate(refs):
        keys.append(ref.key)
        features.append(_features(i, ref))
    by_key = {key: n for n, key in enumerate(keys)}
    apart: dict[int, set[int]] = defaultdict(set)
    for d in decisions:
        if d.action == "different":
            i, j = by_key[d.left], by_key[d.right]
            apart[i].add(j)
            apart[j].add(i)
    clusters = _Clusters(len(keys), apart)
    merges: list[Merge] = []
    same: set[tuple[int, int]] = set()
    for d in decisions:
        if d.action == "same" and clusters.join(by_key[d.left], by_key[d.right], None):
            merges.append(Merge(d.left, d.right, 1.0, (Agreement("decision", 1.0, f"{d.who}, {d.when}"),)))
            same.add((min(by_key[d.left], by_key[d.right]), max(by_key[d.left], by_key[d.right])))
    found, nearby, compared = _judge_all(features)
    verdicts: dict[tuple[int, int], bool | None] = {}

    def matches(x: int, y: int) -> bool | None:
        """True: the same work; None: too little alike to say so, nothing against it; False: different."""
        pair = (min(x, y), max(x, y))
        if pair in same or pair in found:
            return True
        if pair not in verdicts:
            verdicts[pair] = True if _compare(features[pair[0]], features[pair[1]])[0] \
                else None if not _contradict(features[x], features[y]) else False
        return verdicts[pair]

    # Strongest first, so that a weak link cannot pull a record into a cluster before its true copies meet.
    for (i, j), _score in sorted(found.items(), key=lambda pair_score: (-pair_score[1], pair_score[0])):
        if clusters.join(i, j, matches):
            agreements, score, _ = _compare(features[i], features[j])  # its explanation, made again
            assert agreements
            merges.append(Merge(keys[i], keys[j], score, agreements))
    near = [(i, j, score) for i, j, score in (*((i, j, score) for (i, j), score in found.items()), *nearby)
            if clusters.root[i] != clusters.root[j] and j not in apart.get(i, ())]
    return Grouping(keys, clusters.groups(), clusters.root, merges, near, compared)


def dedupe(refs: Sequence[Reference], pinned: Mapping[str, str] | None = None,
           decisions: Sequence[Decision] = ()) -> list[Work]:
    """References grouped into works, each with a merged CSL record, its merges and its conflicts.

    pinned maps reference keys to work ids from an earlier build, so ids stay stable across rebuilds;
    decisions are as for group().
    """
    grouping = group(refs, decisions)
    by_key = {key: n for n, key in enumerate(grouping.keys)}
    merges_of: dict[int, list[Merge]] = defaultdict(list)
    for merge in grouping.merges:
        merges_of[grouping.root[by_key[merge.left]]].append(merge)
    near: dict[int, list[Possible]] = defaultdict(list)
    for i, j, score in grouping.near:
        near[grouping.root[i]].append(Possible(refs[i].key, refs[j].key, round(score, 3)))
        near[grouping.root[j]].append(Possible(refs[j].key, refs[i].key, round(score, 3)))
    works = []
    for root, indices in grouping.groups.items():
        members = tuple(refs[i] for i in indices)
        keys = {r.key for r in members}
        csl, conflicts = merge_record(members)
        works.append(Work(work_id="", csl=csl, references=members, merges=tuple(merges_of[root]), conflicts=conflicts,
                          decisions=tuple(d for d in decisions if d.left in keys or d.right in keys),
                          possible=tuple(sorted(near[root], key=lambda p: (-p.score, p.left, p.right)))))
    works.sort(key=lambda w: min(by_key[r.key] for r in w.references))
    works = assign_ids(works, pinned or {})
    work_of = {r.key: w.work_id for w in works for r in w.references}
    return [replace(w, possible=tuple(replace(p, other=work_of[p.right]) for p in w.possible)) if w.possible else w
            for w in works]


POSSIBLE_TITLE = 0.8  # titles this alike, with first authors in agreement, are worth a person's look
PARALLEL_FROM = 50_000  # records from which the comparisons are shared among the machine's cores


def _judge_all(features: Sequence[_Features]
               ) -> tuple[dict[tuple[int, int], float], list[tuple[int, int, float]], int]:
    """Every candidate pair compared: the matches' scores by pair, the near misses as (i, j, score), and how
    many pairs were compared. Scores, not Merges, so that what workers send back stays small; a kept merge is
    explained again."""
    cores = min(os.cpu_count() or 1, 8)
    if len(features) < PARALLEL_FROM or cores < 2 or threading.active_count() > 1 \
            or "fork" not in multiprocessing.get_all_start_methods():
        return _judge(features, _candidates(features))
    # A forked worker reads the features its parent holds without copying them over a pipe; only from a
    # process with no other thread (a command, not the web server), since fork copies no thread.
    n = len(features)
    pairs = array("q", (i * n + j for i, j in _candidates(features)))
    step = len(pairs) // cores + 1
    with multiprocessing.get_context("fork").Pool(cores, _worker_start, (features,)) as pool:
        parts = pool.map(_worker, [pairs[k:k + step] for k in range(0, len(pairs), step)])
    found: dict[tuple[int, int], float] = {}
    nearby: list[tuple[int, int, float]] = []
    for part_found, part_near, _ in parts:
        found.update(part_found)
        nearby += part_near
    return found, nearby, len(pairs)


def _judge(features: Sequence[_Features], pairs: Iterable[tuple[int, int]]
           ) -> tuple[dict[tuple[int, int], float], list[tuple[int, int, float]], int]:
    found: dict[tuple[int, int], float] = {}
    nearby: list[tuple[int, int, float]] = []
    compared = 0
    for compared, (i, j) in enumerate(pairs, 1):
        agreements, score, title = _compare(features[i], features[j])
        if agreements:
            found[(i, j)] = score
        elif title >= POSSIBLE_TITLE:
            author, _ = author_similarity(features[i], features[j])
            if author >= 0.5:
                nearby.append((i, j, 0.6 * title + 0.4 * author))
    return found, nearby, compared


_shared: Sequence[_Features] = ()  # set in a forked worker only


def _worker_start(features: Sequence[_Features]) -> None:
    global _shared
    _shared = features


def _worker(codes: array) -> tuple[dict[tuple[int, int], float], list[tuple[int, int, float]], int]:
    n = len(_shared)
    return _judge(_shared, (divmod(code, n) for code in codes))


# ---------------------------------------------------------------- candidates


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


# ---------------------------------------------------------------- comparison


# A shared DOI lets titles differ this much (a subtitle dropped, a translation's wording) and no more
DOI_TITLE_MATCH = 0.6


def _compare(fa: _Features, fb: _Features) -> tuple[tuple[Agreement, ...], float, float]:
    """(the agreements that make two records one work, empty where they are not; the match's score; how alike
    their titles are, 0 where the titles were not compared) — the title's score also says whether a pair that
    is no match comes near one."""
    no: tuple[Agreement, ...] = ()
    agreements: list[Agreement] = []
    if fa.doi and fb.doi:
        if fa.doi != fb.doi:
            return no, 0.0, 0.0
        agreements.append(Agreement("DOI", 1.0, fa.doi))
    same_doi = bool(fa.doi and fa.doi == fb.doi)
    title, note = title_similarity(fa, fb)
    if title < TITLE_MATCH and fa.title and fb.title and fa.container and fb.container and \
            _swapped(fa.title, fb.container) and _swapped(fa.container, fb.title):
        title, note = 1.0, "title and journal swapped in one record"  # a database's columns shifted
    # One journal, volume and first page is one article's place: there one title may hold the other whole
    # with words around it (a section heading before it, a subtitle glued on), be missing from one record, or
    # be its translation (one database prints the original title, the other the English one) where the issue
    # and last page agree too; the same authors and year are asked of all three below.
    placed = _same_place(fa, fb)
    untitled = not (fa.title and fb.title)
    if title < TITLE_MATCH and not same_doi and not (placed and (
            untitled or _holds(fa.title, fb.title) or _whole_place(fa, fb))):
        return no, 0.0, title  # most candidate pairs end here, before the dearer comparisons
    if same_doi and fa.main and fb.main and title < DOI_TITLE_MATCH:
        return no, 0.0, title  # one DOI on two different titles: a supplement's abstracts, or a DOI copied in error
    if note == "one lacks the subtitle" and fa.container and fb.container \
            and not same_doi and not _same_venue(fa.container, fb.container) \
            and Indel.normalized_similarity(fa.title, fb.title) < 0.8 \
            and not (fa.volume and fa.first_page and (fa.volume, fa.first_page) == (fb.volume, fb.first_page)):
        # a review's short title in one journal, its full title in another: two publications (where volume and
        # first page agree, one article whose journal a database named another way)
        return no, 0.0, title
    agreements.append(Agreement("title", title, note))
    author, note = author_similarity(fa, fb)
    agreements.append(Agreement("author", author, note))
    year = _year_similarity(fa.year, fb.year)
    agreements.append(Agreement("issued", year, f"{fa.year} / {fb.year}"))
    extra, vetoed, note = _detail_similarity(fa, fb)
    agreements.append(Agreement("details", extra, note))
    if vetoed and not same_doi:
        return no, 0.0, title
    if same_doi and (vetoed or not (fa.main and fb.main)) and author < FAMILY_MATCH:
        return no, 0.0, title  # a DOI alone, against the pages or with no second title, by other authors: a supplement
    strong_title = title >= 0.97 and extra >= 0.5
    # Initials that disagree mark another person of the same surname, unless the titles are the same words;
    # and the same title in the same place (or one holding the other whole: "… [Spanish]") is one article whose
    # first author one database lost or filed another way ("Rubio, M. L." / "Lopez, Rubio M."), where the other
    # names agree, or, on one page range of more than one page, whoever is named (a study group's report filed
    # under its chair in one database and the group in another).
    author_ok = author >= FAMILY_MATCH or (author >= 0.8 and title >= 0.97) or (
        placed and (title >= 0.97 or _holds(fa.title, fb.title))
        and (_shared_names(fa, fb) >= 0.5 or _same_range(fa, fb)))
    if placed and title < TITLE_MATCH and (author < FAMILY_MATCH or year < 1.0):
        return no, 0.0, title
    if not same_doi:
        if not author_ok:
            return no, 0.0, title
        if year < 1.0 and not (year >= 0.5 and strong_title):
            return no, 0.0, title
    score = 1.0 if same_doi else 0.45 * title + 0.3 * author + 0.15 * year + 0.1 * extra
    return tuple(agreements), score, title


def _contradict(fa: _Features, fb: _Features) -> bool:
    """Two records that cannot be one work: different DOIs, titles far apart, or a clash of volume or page."""
    if fa.doi and fb.doi and fa.doi != fb.doi:
        return True
    if fa.title and fb.title and title_similarity(fa, fb)[0] < DOI_TITLE_MATCH:
        return True
    return _detail_similarity(fa, fb)[1]


def title_similarity(fa: _Features, fb: _Features) -> tuple[float, str]:
    """How alike two titles are (0..1), reading a missing subtitle or a short title as agreement."""
    if not fa.title or not fb.title:
        return 0.0, "a title is missing"
    only_a, only_b = fa.numbers - fb.numbers, fb.numbers - fa.numbers
    if only_a and only_b:
        return 0.0, "the numbers in the titles differ"  # Annual Report 2020 is not Annual Report 2021
    full = Indel.normalized_similarity(fa.title, fb.title)
    if full >= TITLE_MATCH:
        return full, "titles agree"
    shorter, longer = sorted((fa.title, fb.title), key=len)
    if len(shorter.split()) >= 6 and longer.startswith(shorter):
        # A database cut the title short, or glued a note ("[Erratum appears in ...") to its end.
        return 0.95, "one title runs on past the other"
    long_enough = min(len(fa.main.split()), len(fb.main.split())) >= 3
    if long_enough and fa.main and fb.main:
        main = Indel.normalized_similarity(fa.main, fb.main)
        if main >= TITLE_MATCH:
            one_lacks = fa.title == fa.main or fb.title == fb.main
            what = "one lacks the subtitle" if one_lacks else "main titles agree, subtitles differ"
            return main, what
    return full, "titles differ"


def author_similarity(fa: _Features, fb: _Features) -> tuple[float, str]:
    """How alike the author lists are (0..1): family names fuzzily, initials as a check."""
    if not fa.families and not fb.families:
        return 1.0, "no author on either"
    if not fa.families or not fb.families:
        return 0.85, "an author on one side only"
    first = _family_similarity(fa.families[0], fb.families[0])
    if first < FAMILY_MATCH and any(x.first_given and y.first_given and x.first_given == y.families[0]
                                    and (y.first_given == x.families[0] or y.first_given == x.families[0][:1])
                                    for x, y in ((fa, fb), (fb, fa))):
        # "Vale, Tom" / "Tom, Vale" or "Tom, V.": a database filed the given name as the family
        return FAMILY_MATCH, "the first author's family and given names swapped in one record"
    shared = _shared_names(fa, fb)
    if first < FAMILY_MATCH and shared == 1.0 and min(len(fa.families), len(fb.families)) >= 2:
        return FAMILY_MATCH, "the same authors in another order"
    score = 0.7 * first + 0.3 * shared
    if fa.initials and fb.initials and fa.initials[0] != fb.initials[0] and not _given_displaced(fa, fb):
        score = min(score, 0.84)
    compatible = _initials_compatible(fa.initials, fb.initials)
    note = "family names agree" if first == 1.0 else f"family names {fa.families[0]!r} ~ {fb.families[0]!r}"
    if not compatible:
        note += ", initials differ"
    return score, note


def _family_similarity(x: str, y: str) -> float:
    """How alike two folded family names are; one that is part of the other ("andres" in "andres gamboa",
    "quintrec" in "le quintrec", "wright" in "wright jr") is one person's name, cut by a database."""
    alike = Indel.normalized_similarity(x, y)
    if alike < FAMILY_MATCH and " " in x + y:
        shorter, longer = sorted((x.split(), y.split()), key=len)
        if set(shorter) <= set(longer):
            return 0.9
    return alike


def _given_displaced(fa: _Features, fb: _Features) -> bool:
    """A database put part of the first author's name where the given names go ("Andres, Gamboa O" for
    "Andres-Gamboa, O", "Wright, Jr" for "Wright Jr., T. C."): those initials say nothing of the person."""
    for x, y in ((fa, fb), (fb, fa)):
        first = x.first_given.split()[:1]
        if first and (first[0] in _NAME_SUFFIXES or first[0] in y.families[0].split()):
            return True
    return False


_NAME_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))


def _swapped(x: str, y: str) -> bool:
    return Indel.normalized_similarity(x, y, score_cutoff=TITLE_MATCH) >= TITLE_MATCH


def _same_place(fa: _Features, fb: _Features) -> bool:
    """Both records name a journal, volume and first page, and all three agree (the journal's name more or less
    fully printed: "International Journal of Cancer. Journal International du Cancer")."""
    return bool(fa.first_page and fa.volume and fa.container and fb.container) \
        and (fa.volume, fa.first_page) == (fb.volume, fb.first_page) \
        and (fa.container == fb.container or _same_venue(fa.container, fb.container))


def _same_venue(x: str, y: str) -> bool:
    """Two names of one journal or proceedings, more or less fully printed: one holds the other whole ("ICIS -
    Thirty First International Conference on Information Systems"), or is its acronym ("ICIS : Transforming
    Society with Digital Innovation", cut at its colon, beside "International Conference on Information
    Systems")."""
    if _holds(x, y):
        return True
    short, long = sorted((x, y), key=len)
    return " " not in short and 3 <= len(short) <= 8 and short == "".join(
        w[0] for w in long.split() if w not in _MINOR_WORDS)


_MINOR_WORDS = frozenset("a an and at de der des du for in of on the to und".split())


def _whole_place(fa: _Features, fb: _Features) -> bool:
    """Journal, volume, issue, first and last page all printed and all agreeing: one article's pages, which no
    other article shares (a single page may hold several abstracts; some journals start every article on
    page 1)."""
    return _same_place(fa, fb) and fa.first_page != "1" and fa.last_page not in ("", fa.first_page) \
        and fa.last_page == fb.last_page and fa.issue != "" and fa.issue == fb.issue


def _same_range(fa: _Features, fb: _Features) -> bool:
    """Both records print one page range, first and last page, of more than one page."""
    return fa.last_page not in ("", fa.first_page) and (fa.first_page, fa.last_page) == (fb.first_page, fb.last_page)


def _holds(x: str, y: str) -> bool:
    """One title's (or venue's) words, three or more, stand in the other in the same order."""
    shorter, longer = sorted((x, y), key=len)
    return len(shorter.split()) >= 3 and f" {shorter} " in f" {longer} "


def _shared_names(fa: _Features, fb: _Features) -> float:
    """The share of the longer author list whose family names the other list holds."""
    if not fa.families or not fb.families:
        return 0.0
    shared = sum(1 for x in fa.families if any(_family_similarity(x, y) >= FAMILY_MATCH for y in fb.families))
    return shared / max(len(fa.families), len(fb.families))


def _initials_compatible(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    n = min(len(x), len(y))
    return x[:n] == y[:n]


def _year_similarity(x: int | None, y: int | None) -> float:
    if x is None or y is None:
        return 1.0
    return 1.0 if x == y else 0.5 if abs(x - y) == 1 else 0.0


def _detail_similarity(fa: _Features, fb: _Features) -> tuple[float, bool, str]:
    """(score, veto, note) over container, volume, issue and first page; a clash on volume or page vetoes,
    and on issue where neither has pages."""
    checks, agree, clashes = 0, 0, []
    container = fb.container if fa.container and fb.container and _same_venue(fa.container, fb.container) \
        else fa.container
    for name, x, y in (("container", container, fb.container), ("volume", fa.volume, fb.volume),
                       ("issue", fa.issue.lstrip("0"), fb.issue.lstrip("0")), ("URL", fa.url, fb.url)):
        if x and y:
            checks += 1
            if x == y:
                agree += 1
            else:
                clashes.append(name)
    page = _pages_clash(fa, fb)
    if page is not None:
        checks += 1
        agree += not page
        if page:
            clashes.append("page")
    # A supplement's number filed as the volume ("61", issue "10 Suppl. 1" / volume "1") is no clash.
    if "volume" in clashes and (fa.volume in fb.issue_numbers or fb.volume in fa.issue_numbers):
        clashes.remove("volume")
    # Two issues of one volume are two works (a column printed in every issue under one title) where no pages
    # tell them apart; beside pages, an issue field is too often something else (a database's record number).
    paged = bool(fa.first_page or fb.first_page)
    veto = "volume" in clashes or "page" in clashes or ("issue" in clashes and not paged)
    note = "no details to compare" if not checks else f"{agree}/{checks} agree" + (
        f"; differ: {', '.join(clashes)}" if clashes else "")
    return (agree / checks if checks else 0.5), veto, note


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
        first_given=sys.intern(fold(given)) if given else "",
    )


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


def _numbers_in(text: str) -> frozenset[str]:
    # Most titles hold no number: one shared empty set, not a million (216 bytes each). A thousands
    # separator is no break between numbers: "10 000" and "10,000" are 10000.
    found = re.findall(r"\d+", _THOUSANDS_RE.sub("", text))
    return frozenset(found) if found else _NONE


def _pages_clash(fa: _Features, fb: _Features) -> bool | None:
    """True: two different first pages; False: one first page; None: nothing to compare. A range and a single
    page that end on the same page are one article's pages printed two ways ("487–488", "488"; a typo in a
    first page: "2297–2108", "2097–2108"), since two articles cannot end on one page. An article number beside
    a printed page ("e12724" / "1–6") is nothing to compare only under one title, word for word: a supplement's
    abstracts are numbered the same way."""
    x, y = fa.first_page, fb.first_page
    if not (x and y):
        return None
    if x == y:
        return False
    if (fa.last_page or x) == (fb.last_page or y):
        return None
    if fa.title == fb.title and ((_ELOCATOR_RE.fullmatch(x) is None) != (_ELOCATOR_RE.fullmatch(y) is None)
                                 or x.lstrip(string.ascii_lowercase) == y.lstrip(string.ascii_lowercase)):
        # one title, one printed page and one article number ("c1804" / "1014"): BMJ, PLoS print both; or one
        # page with and without its section's letter ("c37" / "37")
        return None
    return True


_ELOCATOR_RE = re.compile(r"[a-z]\d{3,}")


def _volume(volume: str) -> str:
    """A volume as databases agree on it: "38 (Supplement 1)" and "38" are one volume, its number leading."""
    number = re.search(r"\d+", volume)
    return number.group(0) if number else fold(volume)


class _Clusters:
    """Records grouped into clusters that stay consistent: two clusters join only when no record of one
    contradicts a record of the other and more than half of their pairs match (no chain through one weak
    link: a record joins a cluster when it matches it, not one member of it), and never across a person's
    'different' decision."""

    def __init__(self, n: int, apart: Mapping[int, set[int]]) -> None:
        self.root = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.apart = apart

    def join(self, i: int, j: int, matches: Callable[[int, int], bool | None] | None) -> bool:
        """Join i's and j's clusters; matches None forces it (a person's 'same'). True when they are one."""
        ri, rj = self.root[i], self.root[j]
        if ri == rj:
            return True
        left, right = self.members[ri], self.members[rj]
        if self.apart and any(self.apart.get(k, set()).intersection(right) for k in left):
            return False
        if matches is not None and (len(left) > 1 or len(right) > 1):
            verdicts = [matches(x, y) for x in left for y in right]
            if False in verdicts or 2 * verdicts.count(True) <= len(verdicts):
                return False
        if len(left) < len(right):
            ri, rj, left, right = rj, ri, right, left
        for k in right:
            self.root[k] = ri
        left.extend(right)
        del self.members[rj]
        return True

    def groups(self) -> dict[int, list[int]]:
        return {root: sorted(members) for root, members in self.members.items()}


# ---------------------------------------------------------------- the merged record

RULES = {
    "title": "the title most often printed; a tie goes to the longer (a subtitle beats none)",
    "author": "the variant with the fullest names (most given-name letters)",
    "issued": "the most specific date among the variants of the most common year",
    "type": "the type of the most complete variant (most fields)",
    "default": "the value most often printed; a tie goes to the most complete variant",
}
CONFLICT_FIELDS = ("title", "author", "issued", "container-title", "volume", "issue", "page", "type", "DOI", "publisher")


def merge_record(refs: Sequence[Reference]) -> tuple[Mapping[str, Any], tuple[Conflict, ...]]:
    """One CSL record for a group of references, each field chosen by a rule in RULES, and the conflicts."""
    if len(refs) == 1:
        return refs[0].csl, ()  # read-only everywhere: no copy of each of a million lone records
    weight = {r.key: max(1, len(r.occurrences)) for r in refs}
    by_completeness = sorted(refs, key=lambda r: -len(r.csl))
    fields = sorted({k for r in refs for k in r.csl})
    merged: dict[str, Any] = {}
    for name in fields:
        have = [r for r in by_completeness if name in r.csl]
        if name == "title":
            merged[name] = max(have, key=lambda r: (_title_votes(r, refs, weight), len(r.csl[name])))
            merged[name] = merged[name].csl[name]
        elif name in ("author", "editor"):
            merged[name] = max(have, key=lambda r: (len(r.csl[name]), _given_letters(r.csl[name]))).csl[name]
        elif name == "issued":
            merged[name] = _issued(have, weight)
        elif name == "type":
            merged[name] = by_completeness[0].csl["type"]
        else:
            votes = Counter()
            for r in have:
                votes[_canonical(r.csl[name])] += weight[r.key]
            best = max(have, key=lambda r: votes[_canonical(r.csl[name])])
            merged[name] = best.csl[name]
    conflicts = tuple(c for name in CONFLICT_FIELDS if (c := _conflict(name, refs, merged)) is not None)
    return merged, conflicts


def _title_votes(ref: Reference, refs: Sequence[Reference], weight: Mapping[str, int]) -> int:
    mine = fold(ref.csl.get("title", ""))
    return sum(weight[r.key] for r in refs if fold(r.csl.get("title", "")) == mine)


def _given_letters(people: Sequence[Mapping[str, str]]) -> int:
    return sum(len(re.sub(r"[^A-Za-z]", "", p.get("given", ""))) for p in people)


def _issued(have: Sequence[Reference], weight: Mapping[str, int]) -> dict[str, Any]:
    years = Counter()
    for r in have:
        years[r.csl["issued"]["date-parts"][0][0]] += weight[r.key]
    top = max(years.values())
    year = min(y for y, n in years.items() if n == top)
    same = [r.csl["issued"] for r in have if r.csl["issued"]["date-parts"][0][0] == year]
    return max(same, key=lambda d: (len(d["date-parts"][0]), "season" in d))


def _canonical(value: Any) -> str:
    if isinstance(value, str):
        return fold(value) or value
    return repr(value)


def _comparable(name: str, value: Any) -> str:
    if name == "author":
        return "; ".join(
            fold(p.get("family") or p.get("literal", "")) + (" " + "".join(w[0] for w in p.get("given", "").split()) if p.get("given") else "")
            for p in value)
    if name == "issued":
        return str(value["date-parts"][0][0])
    if name == "title":
        parts = re.split(r"[:?!]", value, maxsplit=1)
        return fold(parts[1]) if len(parts) > 1 else ""
    return _canonical(value)


def _conflict(name: str, refs: Sequence[Reference], merged: Mapping[str, Any]) -> Conflict | None:
    values: dict[str, tuple[str, list[str]]] = {}
    for r in refs:
        if name not in r.csl:
            continue
        key = _comparable(name, r.csl[name])
        if name == "title" and not key:
            continue  # a missing subtitle is not a conflict
        shown = _display(name, r.csl[name])
        values.setdefault(key, (shown, []))[1].append(r.key)
    if len(values) < 2:
        return None
    label = "subtitle" if name == "title" else name
    rule = RULES.get(name, RULES["default"])
    return Conflict(field=label, values=tuple((v, tuple(keys)) for v, keys in values.values()),
                    chosen=_display(name, merged.get(name, "")), rule=rule)


def _display(name: str, value: Any) -> str:
    if name in ("author", "editor"):
        return "; ".join(
            p.get("literal") or ", ".join(x for x in (p.get("family", ""), p.get("given", "")) if x) for p in value)
    if name == "issued" and isinstance(value, dict):
        return "-".join(str(p) for p in value["date-parts"][0])
    return str(value)
