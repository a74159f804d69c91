"""Both papers through the whole pipeline: what a user relies on."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest

from refsvc.report import report

from conftest import REFS

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def paper_text(library, paper_id):
    paper = next(p for p in library.papers if p.paper_id == paper_id)
    return (REFS.parent / paper.path).read_text(encoding="utf-8")


def notes_papers(library):
    return [p for p in library.papers if p.style == "notes"]


def test_every_note_is_accounted_for(library):
    for paper in notes_papers(library):
        text = paper_text(library, paper.paper_id)
        section = text[text.rindex("\nReferences"):]
        numbers = {int(m.group(1).translate(SUPERSCRIPT))
                   for m in re.finditer(r"^\s*-?\s*(\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s+\S", section, re.M)}
        cited = {int(o.locator.split("-")[1]) for w in library.works for o in w.occurrences
                 if o.paper == paper.paper_id and o.locator.startswith("note-")}
        assert numbers and numbers == cited


def test_no_record_is_created_by_an_ibid(library):
    for work in library.works:
        for ref in work.references:
            if ref.occurrences:
                assert not ref.occurrences[0].raw.lower().startswith("ibid")
    ibids = [o for w in library.works for o in w.occurrences if o.raw.lower().startswith("ibid")]
    assert ibids, "the notes paper's Ibid. notes appear as occurrences"


def test_every_record_keeps_its_provenance(library):
    # An entry printed over several bullets is kept as one text: compare without bullet marks.
    texts = {p.paper_id: re.sub(r"\s+", " ", re.sub(r"(?m)^\s*[-*•]\s*", "", paper_text(library, p.paper_id)))
             for p in library.papers}
    for work in library.works:
        for ref in work.references:
            if ref.key in texts:
                continue  # the paper's own record comes from the manifest
            assert ref.occurrences, ref.key
            for occ in ref.occurrences:
                assert occ.paper in texts and re.fullmatch(r"(note|ref)-\d+", occ.locator)
                assert re.sub(r"\s+", " ", occ.raw) in texts[occ.paper], (ref.key, occ.locator)


def test_author_date_list_entries_are_numbered_in_order(library):
    for paper in (p for p in library.papers if p.style == "author-date"):
        refs = sorted(int(o.locator[4:]) for w in library.works for o in w.occurrences
                      if o.paper == paper.paper_id and o.locator.startswith("ref-"))
        assert refs == list(range(1, len(refs) + 1))


def test_works_cited_by_both_papers_agree_on_author_and_year(library):
    shared = [w for w in library.works if len({o.paper for o in w.occurrences}) > 1]
    assert shared, "the two reference lists overlap"
    for work in shared:
        families = [{(n.get("family") or n.get("literal", "")).lower() for n in r.csl.get("author", [])} for r in work.references]
        assert set.intersection(*families), work.work_id
        years = {r.csl["issued"]["date-parts"][0][0] for r in work.references if "issued" in r.csl}
        assert len(years) == 1, work.work_id
        assert work.merges and all(m.agreements for m in work.merges)


def test_same_surname_and_year_are_not_merged_blindly(library):
    by_family_year = defaultdict(set)
    for work in library.works:
        for ref in work.references:
            people = ref.csl.get("author", [])
            year = ref.csl.get("issued", {}).get("date-parts", [[None]])[0][0]
            if people and people[0].get("family"):
                by_family_year[(people[0]["family"], year)].add(work.work_id)
    crowded = {k: v for k, v in by_family_year.items() if len(v) > 1}
    assert crowded, "the corpus has several works sharing a first author's surname and year"
    for works in crowded.values():
        titles = {next(w for w in library.works if w.work_id == wid).csl["title"] for wid in works}
        assert len(titles) == len(works)


def test_papers_are_works_and_ids_are_unique_citekeys(library):
    ids = [w.work_id for w in library.works]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+", i) for i in ids)
    assert all(p.work_id in ids for p in library.papers)


def test_report_shape(library):
    data = report(library)
    assert set(data) == {"papers", "works", "citations"}
    assert {"id", "title", "source"} == set(data["papers"][0])
    work = data["works"][0]
    assert set(work) == {"id", "csl", "occurrences"} and work["csl"]["id"] == work["id"]
    assert set(work["occurrences"][0]) == {"paper", "locator", "raw"}


@pytest.mark.parametrize("field", ["title", "type"])
def test_every_work_has(library, field):
    assert all(w.csl.get(field) for w in library.works)


def test_every_note_marker_in_the_body_is_a_citation(library):
    for paper in notes_papers(library):
        text = paper_text(library, paper.paper_id)
        body = text[: text.rindex("\nReferences")]
        printed = re.findall(r"(?<=\S)[⁰¹²³⁴⁵⁶⁷⁸⁹]+", body)
        markers = [c.marker for c in library.citations if c.paper == paper.paper_id]
        assert len(markers) == len(printed) and sorted(markers) == sorted(printed)


def test_every_citation_is_accounted_for(library):
    from refsvc.model import STATUSES

    assert library.citations
    for c in library.citations:
        assert c.status in STATUSES
        assert (c.status == "resolved") == (len(c.works) >= 1 and c.status != "ambiguous") or c.status == "ambiguous"
        if c.status == "ambiguous":
            assert len(c.works) >= 2
        paper = paper_text(library, c.paper)
        assert paper[c.marker_start:c.marker_end] == c.marker
        assert re.sub(r"\s+", " ", paper[c.claim.start:c.claim.end]).replace("- ", "-").split()[0] == c.claim.text.split()[0]
        assert c.claim.start <= c.marker_start < c.claim.end


def test_author_date_parentheticals_are_all_seen(library):
    for paper in (p for p in library.papers if p.style == "author-date"):
        text = paper_text(library, paper.paper_id)
        body = text[: text.rindex("\nReferences")]
        printed = re.findall(r"\([^()]*?(?:\b(?:19|20)\d{2}[a-z]?|personal communication)[^()]*\)", body)
        printed = [p for p in printed if re.match(r"\(\W?[A-Z]", p)]
        found = [c for c in library.citations if c.paper == paper.paper_id]
        assert len(found) >= len(printed)


def test_claims_are_searchable(built):
    from refsvc import query, search, store

    with store.open_library(built) as conn:
        hits = search.search(conn, query.parse("Shanghai Cooperation Organization")).hits
    claims = [c for hit in hits for c in hit.claims]
    assert claims and all("shanghai" in c.text.lower() for c in claims)
