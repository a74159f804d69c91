"""Integrity check of a built library: what a careful editor or a citation checker would flag."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from refsvc import labelled
from refsvc.folding import fold, plain_digits
from refsvc.model import NOTE_KINDS, Citation, Library

SAME_CLAIM = 85  # token-set similarity (0-100) above which two papers' sentences make the same claim
MIN_CLAIM_WORDS = 8


@dataclass(frozen=True)
class Finding:
    """One thing to look at: which check found it, where (paper, locator or offsets) and why."""

    check: str
    paper: str
    where: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "paper": self.paper, "where": self.where, "message": self.message}


CHECKS = {
    "unresolved": "citations with no matching entry in the reference list",
    "ambiguous": "citations that match several different works",
    "uncited-entry": "reference-list entries never cited in the text",
    "unreferenced-note": "notes no marker in the text refers to",
    "marker-order": "note markers out of order or repeated",
    "conflict": "merged works whose variants disagree",
    "claim-attribution": "the same claim attributed to different works in two papers",
    "listed-personal-communication": "personal communications printed in a reference list",
    "low-confidence": "fields the trained reference parser read with less than 80 % confidence",
    "set-aside": "library entries that could not be read, or were kept apart under another key",
    "possible-duplicate": "records in two works that come near a match: decide with `refsvc merge` or `refsvc reject`",
}


def check(library: Library, set_aside: Iterable[tuple[str, str]] = ()) -> list[Finding]:
    """Every finding, per paper and across papers, in a stable order; set_aside: what reading the imported
    libraries reported."""
    findings: list[Finding] = [Finding("set-aside", "", where, why) for where, why in set_aside]
    findings += _citation_status(library.citations)
    findings += _uncited(library)
    findings += _note_markers(library)
    findings += _conflicts(library)
    findings += _attributions(library.citations)
    findings += _listed_personal(library)
    findings += _low_confidence(library)
    findings += _possible_duplicates(library)
    return findings


def _possible_duplicates(library: Library) -> list[Finding]:
    """Each pair of records in two works that came near a match, once, strongest first."""
    seen: set[tuple[str, str]] = set()
    out = []
    pairs = sorted(((p, w.work_id) for w in library.works for p in w.possible), key=lambda pw: (-pw[0].score, pw[1]))
    for p, work_id in pairs:
        pair = (min(p.left, p.right), max(p.left, p.right))
        if pair in seen:
            continue
        seen.add(pair)
        out.append(Finding("possible-duplicate", "", f"{work_id} ~ {p.other}",
                           f"{p.left} and {p.right} (score {p.score:.2f}): refsvc merge {p.left} {p.right}, "
                           f"or refsvc reject {p.left} {p.right}"))
    return out


def _low_confidence(library: Library) -> list[Finding]:
    """Each field the tagger was unsure of (x-confidence 'title=0.62; journal=0.71'), at its paper and locator."""
    out = []
    for work in library.works:
        for ref in work.references:
            doubtful = [(name, value) for name, value in labelled.confidence_of(ref.fields.get("x-confidence", "")).items()
                        if value < labelled.LOW_CONFIDENCE]
            for occ in ref.occurrences[:1]:
                for name, value in doubtful:
                    out.append(Finding("low-confidence", occ.paper, occ.locator,
                                       f"{name} read with {value:.0%} confidence: {ref.fields.get(name, '')[:60]!r}"))
    return out


def _where(c: Citation) -> str:
    return f"{c.marker} at {c.marker_start}-{c.marker_end}"


def _citation_status(citations: Iterable[Citation]) -> list[Finding]:
    out = []
    for c in citations:
        if c.status == "unresolved":
            out.append(Finding("unresolved", c.paper, _where(c), c.detail or "no work found"))
        elif c.status == "ambiguous":
            out.append(Finding("ambiguous", c.paper, _where(c), f"{c.detail}: {', '.join(c.works)}"))
    return out


def _uncited(library: Library) -> list[Finding]:
    cited: dict[str, set[str]] = defaultdict(set)
    for c in library.citations:
        if c.status == "resolved":
            cited[c.paper].update(c.works)
    out = []
    for work in library.works:
        for occ in work.occurrences:
            if occ.locator.startswith("ref-") and work.work_id not in cited[occ.paper]:
                out.append(Finding("uncited-entry", occ.paper, occ.locator, f"{work.work_id} is listed but never cited"))
    return out


def _note_markers(library: Library) -> list[Finding]:
    out = []
    for paper in library.papers:
        if paper.style != "notes":
            continue
        markers = [c for c in library.citations if c.paper == paper.paper_id and c.kind in NOTE_KINDS]
        numbers = [int(plain_digits(c.marker)) for c in markers]
        notes = {int(o.locator[5:]) for w in library.works for o in w.occurrences
                 if o.paper == paper.paper_id and re.fullmatch(r"note-\d+", o.locator)}
        for number in sorted(notes - set(numbers)):
            out.append(Finding("unreferenced-note", paper.paper_id, f"note-{number}", "no marker in the text refers to this note"))
        for number, count in sorted(Counter(numbers).items()):
            if count > 1:
                out.append(Finding("marker-order", paper.paper_id, f"marker {number}", f"printed {count} times"))
        for c, previous, number in zip(markers[1:], numbers, numbers[1:]):
            if number not in (previous, previous + 1):
                out.append(Finding("marker-order", paper.paper_id, _where(c), f"marker {number} follows marker {previous}"))
    return out


def _conflicts(library: Library) -> list[Finding]:
    out = []
    for work in library.works:
        for conflict in work.conflicts:
            values = "; ".join(f"{v!r} ({', '.join(keys)})" for v, keys in conflict.values)
            out.append(Finding("conflict", "", work.work_id, f"{conflict.field}: {values}; chosen {conflict.chosen!r}"))
    return out


def _attributions(citations: Iterable[Citation]) -> list[Finding]:
    """Sentences two papers share (nearly word for word) but credit to different works."""
    by_claim: dict[tuple[str, int], tuple[str, set[str], Citation]] = {}
    for c in citations:
        if c.status != "resolved":
            continue
        key = (c.paper, c.claim.start)
        text = fold(re.sub(r"\([^()]*\)|[⁰¹²³⁴⁵⁶⁷⁸⁹]+", " ", c.claim.text))
        if key in by_claim:
            by_claim[key][1].update(c.works)
        elif len(text.split()) >= MIN_CLAIM_WORDS:
            by_claim[key] = (text, set(c.works), c)
    claims = list(by_claim.values())
    out = []
    for i, (text_a, works_a, a) in enumerate(claims):
        for text_b, works_b, b in claims[i + 1:]:
            if a.paper == b.paper or works_a & works_b:
                continue
            score = fuzz.token_set_ratio(text_a, text_b)
            if score >= SAME_CLAIM:
                out.append(Finding(
                    "claim-attribution", f"{a.paper}, {b.paper}", f"{a.claim.start}-{a.claim.end}; {b.claim.start}-{b.claim.end}",
                    f"the same claim ({score:.0f}% alike) is credited to {', '.join(sorted(works_a))} in {a.paper} "
                    f"and to {', '.join(sorted(works_b))} in {b.paper}"))
    return out


def _listed_personal(library: Library) -> list[Finding]:
    out = []
    for work in library.works:
        for ref in work.references:
            listed = [o for o in ref.occurrences if o.locator.startswith("ref-")]
            personal = ref.csl.get("type") == "personal_communication" or any(
                re.search(r"personal communication", o.raw, re.I) for o in listed)
            for occ in listed if personal else ():
                out.append(Finding("listed-personal-communication", occ.paper, occ.locator,
                                   "APA 7 §8.9: personal communications are cited in the text only, not listed"))
    return out
