"""The integrity check on small libraries written for the tests, and on the built one via the CLI."""
from __future__ import annotations

import json
from pathlib import Path

from refsvc.check import check
from refsvc.cli import main
from refsvc.model import Citation, Claim, Conflict, Library, Occurrence, Paper, Reference, Source, Work

NOTES = Paper("n", "N", ("X",), 2024, "notes", "refs/papers/n.txt")
DATES = Paper("d", "D", ("Y",), 2024, "author-date", "refs/papers/d.txt")
SAME = "Pakistan and Russia signed a defence agreement in 2014 that allowed joint military exercises every year"


def work(work_id, *occ, csl=None, conflicts=()):
    ref = Reference(work_id, "article", {}, Source("x.bib", 1), tuple(Occurrence(p, loc, raw) for p, loc, raw in occ),
                    csl or {"type": "article-journal", "title": work_id})
    return Work(work_id, ref.csl, (ref,), (), conflicts)


def citation(paper, marker, works, status="resolved", kind="note", claim=SAME, start=0):
    return Citation(paper, marker, kind, status, tuple(works), Claim(paper, 0, 0, claim, start, start + len(claim)),
                    start, start + 1, "why" if status != "resolved" else "")


def library():
    works = (
        work("a", ("n", "note-1", "A."), ("n", "note-2", "Ibid."), ("d", "ref-1", "A.")),
        work("b", ("n", "note-3", "B.")),
        work("c", ("d", "ref-2", "C.")),
        work("pc", ("d", "ref-3", "Ahmed, S. (2024, July 4). Personal communication.")),
        work("m", ("d", "ref-4", "M."), conflicts=(Conflict("subtitle", (("M: x", ("k1",)), ("M: y", ("k2",))), "M: x", "rule"),)),
    )
    citations = (
        citation("n", "¹", ["a"], claim="A short claim.", start=10), citation("n", "³", ["b"], start=20),
        citation("n", "³", ["b"], claim="Another short claim.", start=30),
        citation("n", "⁷", [], status="unresolved", start=40),
        citation("d", "(A, 2020)", ["a"], kind="author-date", claim="Something else entirely about trade routes and ports here"),
        citation("d", "(Z, 2020)", [], status="unresolved", kind="author-date", start=50),
        citation("d", "(Q, 2020)", ["c", "m"], status="ambiguous", kind="author-date", start=60),
        citation("d", "(M, 2020)", ["m"], kind="author-date", claim=SAME + ".", start=70),
    )
    return Library((NOTES, DATES), works, citations)


def found(kind):
    return [f for f in check(library()) if f.check == kind]


def test_unresolved_and_ambiguous():
    assert {f.where.split(" at ")[0] for f in found("unresolved")} == {"⁷", "(Z, 2020)"}
    (ambiguous,) = found("ambiguous")
    assert "c, m" in ambiguous.message


def test_entries_never_cited_and_notes_never_referenced():
    assert [(f.paper, f.where) for f in found("uncited-entry")] == [("d", "ref-2"), ("d", "ref-3")]
    assert [(f.paper, f.where) for f in found("unreferenced-note")] == [("n", "note-2")]


def test_repeated_and_out_of_order_markers():
    messages = [f.message for f in found("marker-order")]
    assert "printed 2 times" in messages[0]
    assert any("marker 7 follows marker 3" in m for m in messages)


def test_conflicts_and_listed_personal_communications():
    (conflict,) = found("conflict")
    assert conflict.where == "m" and "subtitle" in conflict.message
    (personal,) = found("listed-personal-communication")
    assert (personal.paper, personal.where) == ("d", "ref-3")


def test_same_claim_credited_to_different_works_across_papers():
    (finding,) = found("claim-attribution")
    assert finding.paper == "n, d" and "b" in finding.message and "m" in finding.message


def test_cli_check_json_and_strict(built: Path, capsys):
    assert main(["--db", str(built), "check", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {f["check"] for f in data["findings"]} <= set(data["checks"])
    assert all(f["where"] and f["message"] for f in data["findings"])
    status = main(["--db", str(built), "check", "--strict"])
    assert status == (3 if data["findings"] else 0)
