"""A user's decisions about works (refs/decisions.json): these two records are the same work, these are not.

Decisions are data, kept with the papers and libraries and reviewed like them; every build reads them, so
they survive rebuilds and re-imports. A decision about a record that no longer exists is reported, not
dropped. The latest decision about a pair wins.
"""
from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from refsvc import textfile
from refsvc.errors import RefsvcError
from refsvc.model import DECISION_ACTIONS, Decision, Source, Work

FILE = "decisions.json"
MAX_BYTES = 16 * 1024 * 1024


class DecisionError(RefsvcError): ...


def path(refs: Path) -> Path:
    return refs / FILE


def load(refs: Path) -> list[Decision]:
    """Every decision in refs/decisions.json, oldest first; [] when there is none.

    Raises:
        DecisionError: the file is not a list of decisions (the first bad one located).
    """
    file = path(refs)
    if not file.is_file():
        return []
    label = f"{refs.name}/{FILE}"
    try:
        items = json.loads(textfile.read(file, label, DecisionError, MAX_BYTES))
    except json.JSONDecodeError as e:
        raise DecisionError(f"not JSON: {e.msg}", source=Source(label, e.lineno)) from e
    if not isinstance(items, list):
        raise DecisionError("must be a list of decisions", source=Source(label, 1))
    out = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or item.get("action") not in DECISION_ACTIONS \
                or not all(isinstance(item.get(k), str) and item.get(k) for k in ("left", "right", "who", "when")):
            raise DecisionError(f"decision {n} needs action ({' or '.join(DECISION_ACTIONS)}), left, right, who "
                                "and when", source=Source(label, 1))
        out.append(Decision(item["action"], item["left"], item["right"], item["who"], item["when"],
                            str(item.get("command", ""))))
    return out


def record(refs: Path, new: Iterable[Decision]) -> list[Decision]:
    """Append decisions to refs/decisions.json (written whole, atomically); all decisions after."""
    decisions = load(refs) + list(new)
    textfile.write_atomic(path(refs), json.dumps([d.to_json() for d in decisions], ensure_ascii=False, indent=1) + "\n")
    return decisions


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def in_force(decisions: Sequence[Decision], keys: Iterable[str]) -> tuple[list[Decision], list[DecisionError]]:
    """The decisions that apply to these record keys (the latest about each pair), and one error for each
    decision naming a record that no longer exists."""
    known = set(keys)
    latest: dict[frozenset[str], Decision] = {}
    problems = []
    for n, d in enumerate(decisions, 1):
        missing = [k for k in (d.left, d.right) if k not in known]
        if missing:
            problems.append(DecisionError(f"decision {n} ({d.command or d.action}, {d.who}, {d.when}) names "
                                          f"{', '.join(repr(k) for k in missing)}, which no longer exist(s): "
                                          "it is not applied", source=Source(FILE, 1)))
            continue
        latest[frozenset((d.left, d.right))] = d
    return list(latest.values()), problems


def decide(command: str, works: Sequence[Work], who: str, when: str, *names: str) -> list[Decision]:
    """The decisions a user's command makes. merge A B: A's and B's records are one work (every pair). reject A B: every
    record of A is a different work from every record of B (two records of one work: those two). split
    WORK KEY...: the keys leave WORK and stay together. confirm A B: two records the comparison put in one work
    stay in one work.

    Raises:
        DecisionError: a name is neither a work id nor a record key, or the command cannot apply.
    """
    work_of = {r.key: w for w in works for r in w.references}
    by_id = {w.work_id: w for w in works}

    def keys(name: str) -> list[str]:
        if name in by_id:
            return [r.key for r in by_id[name].references]
        if name in work_of:
            return [name]
        raise DecisionError(f"{name!r} is neither a work id nor a record key of the library")

    if command == "split":
        work, moving = names[0], list(names[1:])
        inside = keys(work)
        if work not in by_id or any(k not in inside for k in moving):
            raise DecisionError(f"split needs a work id and keys of its records; {work!r} holds {', '.join(inside)}")
        staying = [k for k in inside if k not in moving]
        if not staying:
            raise DecisionError(f"split would take every record out of {work!r}")
        made = [Decision("different", m, s, who, when, "split") for m in moving for s in staying]
        return made + [Decision("same", a, b, who, when, "split") for a, b in zip(moving, moving[1:])]
    left, right = keys(names[0]), keys(names[1])
    if command == "confirm":  # a merge the comparison made, kept whatever later rules say
        if work_of[left[0]] is not work_of[right[0]] or len(left) != 1 or len(right) != 1:
            raise DecisionError(f"confirm takes two records of one work; {names[0]!r} and {names[1]!r} are not")
        return [Decision("same", left[0], right[0], who, when, "confirm")]
    if command == "merge":
        if work_of[left[0]] is work_of[right[0]]:
            raise DecisionError(f"{names[0]!r} and {names[1]!r} are one work already")
        # Every pair, so that the merge outranks any earlier 'different' between the two works' records.
        return [Decision("same", a, b, who, when, "merge") for a in left for b in right]
    if command == "reject":
        if set(left) & set(right):
            raise DecisionError(f"{names[0]!r} and {names[1]!r} share records: name two records of the work")
        return [Decision("different", a, b, who, when, "reject") for a in left for b in right]
    raise DecisionError(f"unknown decision {command!r}")
