"""The values every stage reads and returns. Stages build new values; none is mutated."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from refsvc.folding import plain_digits


@dataclass(frozen=True, slots=True)
class Source:
    """A place in a file: where a value was read from."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a paper names a work: a list entry (ref-K) or a note (note-N), as printed."""

    paper: str
    locator: str
    raw: str

    def to_json(self) -> dict[str, str]:
        return {"paper": self.paper, "locator": self.locator, "raw": self.raw}


@dataclass(frozen=True, slots=True)
class Bibliography:
    """A paper's bibliography as its page shows it, formatted once when the library is built."""

    style: str  # formats.STYLE_FORMATS name
    entries: tuple[tuple[str, str], ...]  # (work id, entry as HTML) in the style's order
    tooltips: Mapping[str, str]  # work id -> its entry alone, as text: what a citation of it shows


@dataclass(frozen=True, slots=True)
class WorkFormatting:
    """What a work's page shows made from its record by the formatters, made once when the library is built."""

    entries: tuple[tuple[str, str], ...]  # (entry as HTML, citation) in each of pipeline.WORK_STYLES
    coins: str  # the COinS span's title (formats.coins), before escaping
    highwire: tuple[tuple[str, str], ...]  # (name, content) of the citation_* meta tags (formats.highwire)

    def to_json(self) -> dict[str, Any]:
        return {"entries": self.entries, "coins": self.coins, "highwire": self.highwire}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WorkFormatting:
        return cls(tuple((entry, citation) for entry, citation in data["entries"]), data["coins"],
                   tuple((name, content) for name, content in data["highwire"]))


@dataclass(frozen=True, slots=True)
class Paper:
    """A source paper from the manifest in refs/papers/."""

    paper_id: str
    title: str
    authors: tuple[str, ...]
    year: int
    style: str  # "author-date", "notes" or "numeric"; "" in a manifest that leaves it to detection
    path: str  # relative to the project root, e.g. refs/papers/x.txt
    extra: Mapping[str, Any] = field(default_factory=dict)
    work_id: str = ""  # the paper's own work, once the library is built


@dataclass(frozen=True, slots=True)
class Reference:
    """One parsed record: BibTeX fields as written, and its CSL-JSON form once normalised."""

    key: str
    kind: str  # BibTeX entry type
    fields: Mapping[str, str]
    source: Source
    occurrences: tuple[Occurrence, ...] = ()
    csl: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Agreement:
    """How two references compared on one field."""

    field: str
    score: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class Merge:
    """Why two references were judged the same work."""

    left: str
    right: str
    score: float
    agreements: tuple[Agreement, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "left": self.left,
            "right": self.right,
            "score": round(self.score, 3),
            "fields": [{"field": a.field, "score": round(a.score, 3), "note": a.note} for a in self.agreements],
        }


@dataclass(frozen=True, slots=True)
class Possible:
    """A record of this work (left) and a record of another (right) that come near a match without making
    one: for a person to decide. other is the other record's work id, once ids are given."""

    left: str
    right: str
    score: float
    other: str = ""


@dataclass(frozen=True, slots=True)
class Conflict:
    """Variants of one field that disagree inside a work, each with the references that printed it."""

    field: str
    values: tuple[tuple[str, tuple[str, ...]], ...]
    chosen: str
    rule: str

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "values": [{"value": v, "references": list(keys)} for v, keys in self.values],
            "chosen": self.chosen,
            "rule": self.rule,
        }




@dataclass(frozen=True, slots=True)
class Work:
    """A deduplicated group of references: one merged CSL record and how it was made."""

    work_id: str
    csl: Mapping[str, Any]
    references: tuple[Reference, ...]
    merges: tuple[Merge, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    decisions: tuple["Decision", ...] = ()  # the user's decisions about its records
    possible: tuple[Possible, ...] = ()  # its records' near matches in other works, strongest first

    @property
    def occurrences(self) -> tuple[Occurrence, ...]:
        return tuple(o for r in self.references for o in r.occurrences)


@dataclass(frozen=True, slots=True)
class Claim:
    """The sentence a citation supports, with its place in the paper."""

    paper: str
    paragraph: int
    sentence: int
    text: str
    start: int  # character offsets in the paper file
    end: int
    section: str = ""
    claim_id: int = 0  # set once stored


NOTE_KINDS = ("note", "ibid", "short-note")
# How a citation ended: every citation is exactly one of these.
STATUSES = ("resolved", "unresolved", "ambiguous", "personal-communication")


@dataclass(frozen=True, slots=True)
class Citation:
    """One in-text citation: a note marker or an author-date mention, its claim and its work(s)."""

    paper: str
    marker: str  # as printed: "12", "(Doe, 2013)"
    kind: str  # note, ibid, short-note, author-date, numeric, personal-communication
    status: str  # one of STATUSES
    works: tuple[str, ...]  # the resolved work(s); the candidates when ambiguous
    claim: Claim
    marker_start: int
    marker_end: int
    detail: str = ""
    citation_id: int = 0  # set once stored

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"

    def to_json(self) -> dict[str, Any]:
        """The citation in the shape of `refsvc report --json`."""
        marker = plain_digits(self.marker) if self.kind in NOTE_KINDS else self.marker
        return {"paper": self.paper, "marker": marker, "claim": self.claim.text, "works": list(self.works),
                "kind": self.kind, "resolved": self.resolved}


@dataclass(frozen=True, slots=True)
class Library:
    """A built library as read back from the store."""

    papers: tuple[Paper, ...]
    works: tuple[Work, ...]
    citations: tuple[Citation, ...] = ()


DECISION_ACTIONS = ("same", "different")


@dataclass(frozen=True, slots=True)
class Decision:
    """A user's word on two records: the same work, or different works. `merge`, `reject` and `split`
    record them; dedupe obeys them on every build."""

    action: str  # one of DECISION_ACTIONS
    left: str  # record keys
    right: str
    who: str
    when: str  # ISO 8601, UTC
    command: str = ""  # what the user did: merge, reject, split

    def to_json(self) -> dict[str, str]:
        return {"action": self.action, "left": self.left, "right": self.right, "who": self.who,
                "when": self.when, "command": self.command}
