"""One record for a work: each field chosen from its references by a rule, the disagreements kept as conflicts."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from refsvc.folding import fold
from refsvc.model import Conflict, Reference

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
