"""[Reference] -> [Work]: the pairs judged (shared among the cores for large libraries), clusters that only
grow by records matching them, and the decisions users made.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from refsvc.citekeys import assign_ids
from refsvc.dedupe.blocking import _candidates
from refsvc.dedupe.compare import _compare, _contradict, author_similarity, untitled_in_place
from refsvc.dedupe.features import _Features, _features
from refsvc.dedupe.merge import merge_record
from refsvc.model import Agreement, Decision, Merge, Possible, Reference, Work

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
        elif title >= POSSIBLE_TITLE or untitled_in_place(features[i], features[j]):
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
