"""Paper text + [Work] -> [Citation]: every in-text citation with the sentence it supports and its work(s).

Author-date papers: parenthetical "(Doe, 2013; Roe & Poe, 2017a)" and narrative "Doe (2019)" citations,
resolved against the paper's own reference list. Notes papers: superscript (or plain) note markers,
resolved through the notes to the works they name (Ibid., short forms and repeats included).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from refsvc import extract, segment
from refsvc.errors import LinkError
from refsvc.folding import fold, plain_digits
from refsvc.model import Citation, Claim, Paper, Reference, Source, Work

# A year, or a range of years cited by its first ("1984–1986a": a multi-volume work), and its letter
YEAR_RE = re.compile(r"\b(?P<year>(?:1[5-9]|20)\d{2})(?:[–-](?:1[5-9]|20)\d{2})?(?P<suffix>[a-z])?\b|\bn\.\s?d\.")
PARENTHESES_RE = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")
# One capitalised word with a lower-case letter; possessive, so that a long run of capitalised words that
# is no citation fails in linear time instead of trying every way to split each word.
_NAME = r"[A-Z](?=[\w'’-]*[a-z])[\w'’-]*+"
# A name of one or more capitalised words (an organisation: "European Commission", "Bank of Ghana")
_WORDS = rf"{_NAME}(?:\s+(?:(?:of|the|for|on|de|van|von|der)\s+)*{_NAME})*"
# "Doe (2019)", "Dale, Ferris, and Quint (1995)", "Doe et al. (2019)", "European Commission (2004)"
NARRATIVE_RE = re.compile(
    rf"(?P<names>{_WORDS}(?:(?:,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+){_WORDS})*(?:\s+et\.?\s*al\.?)?)"
    r"\s+\((?P<year>(?:1[5-9]|20)\d{2}[a-z]?|n\.\s?d\.)(?:,\s*pp?\.\s*[\d–-]+)?\)")
# A surname that starts with a lower-case particle: "van Gennep", "de la Cruz", "al-Farabi"
PARTICLE_RE = re.compile(r"^(?:(?:van|von|de|der|den|del|della|di|da|du|dos|la|le|ten|ter|al|el|bin|ibn)[\s-])+[A-Z]")
PREFIX_RE = re.compile(r"^(?:e\.g\.,?|i\.e\.,?|see(?:\s+also)?|cf\.|also)\s+", re.I)
SUPERSCRIPT_RE = re.compile(r"(?<=\S)[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
PLAIN_MARKER_RE = re.compile(r"(?:(?<=[a-z])|(?<=[a-z][.,;:\"”’)]))(\d{1,3})(?=[\s.,;:]|$)")


@dataclass(frozen=True)
class _Cited:
    """One author-date citation as printed, before resolution."""

    names: tuple[str, ...]
    initial: str
    et_al: bool
    title: str
    year: str
    suffix: str
    personal: bool


def link(paper: Paper, text: str, works: Sequence[Work]) -> tuple[list[Citation], list[LinkError]]:
    """Every citation in the paper's body, in reading order, and the problems met (located)."""
    body_end = _body_end(text, paper)
    paragraphs = segment.paragraphs(text, body_end)
    style = paper.style or extract.detect_style(text)
    if style == "notes":
        return _notes(paper, text, paragraphs, works)
    if style == "numeric":
        return _numeric(paper, paragraphs, works), []
    return _author_date(paper, paragraphs, works), []


def _body_end(text: str, paper: Paper) -> int:
    lines = text.splitlines(keepends=True)
    try:
        heading = extract.section_start([line.rstrip("\n") for line in lines], paper.path)
    except extract.ExtractError:
        return len(text)
    return sum(len(line) for line in lines[:heading])


def _claim(paper: Paper, paragraph: segment.Paragraph, position: int) -> Claim:
    sentences = segment.sentences(paragraph)
    sentence = next((s for s in sentences if s.start <= position < s.end), None)
    if sentence is None:  # a marker after the last sentence's end belongs to it
        sentence = sentences[-1]
    return Claim(paper.paper_id, paragraph.index, sentence.index, sentence.text, sentence.paper_start,
                 sentence.paper_end, paragraph.section)


# ---------------------------------------------------------------- author-date


def _author_date(paper: Paper, paragraphs: Sequence[segment.Paragraph], works: Sequence[Work]) -> list[Citation]:
    entries = [(ref, work.work_id) for work in works for ref in work.references
               if any(o.paper == paper.paper_id and o.locator.startswith("ref-") for o in ref.occurrences)]
    out: list[Citation] = []
    for paragraph in paragraphs:
        if paragraph.kind != "prose":
            continue
        found: list[tuple[int, int, str, _Cited]] = []
        for m in PARENTHESES_RE.finditer(paragraph.text):
            content, offset = m.group(1), m.start(1)
            if NARRATIVE_RE.search(content):
                continue  # "(see Lowe (1968))": the citation is the narrative one inside
            items = [(i.start(), i.group(0)) for i in re.finditer(r"[^;]+", content)]
            cited = [(offset + start, item, years) for start, item in items if (years := _years_cited(item))]
            for start, item, years in cited:
                if len(cited) == 1 and len(years) == 1:
                    found.append((m.start(), m.end(), m.group(0), years[0][2]))
                    continue
                for year_start, year_end, c in years:
                    # Each year is a citation of its own: "Quint, 2018a, 2018b" cites two works.
                    lead = len(item) - len(item.lstrip()) if year_start == 0 else year_start
                    end = year_end if len(years) > 1 else len(item.rstrip())
                    found.append((start + lead, start + end, item[lead:end].strip(), c))
        for m in NARRATIVE_RE.finditer(paragraph.text):
            # A capitalised word before the names ("In European Commission (2004)") is not one of them:
            # the longest run of the words that names an entry is the citation.
            starts = [m.start()] + [m.start() + w.end() for w in re.finditer(r"\s+", m.group("names"))]
            chosen = None
            for start in starts:
                c = parse_cited(f"{paragraph.text[start:m.start('year') - 1].strip(' (')}, {m.group('year')}")
                if c is not None and chosen is None:
                    chosen = (start, c)  # the whole run, should no shorter one match either
                if c is not None and any(_matches(c, ref) for ref, _ in entries):
                    chosen = (start, c)
                    break
            if chosen is not None:
                found.append((chosen[0], m.end(), paragraph.text[chosen[0]:m.end()], chosen[1]))
        for start, end, printed, c in sorted(found, key=lambda f: f[0]):
            out.append(_resolve_cited(paper, paragraph, start, end, printed, c, entries))
    return out


def _years_cited(item: str) -> list[tuple[int, int, _Cited]]:
    """(start, end, citation) for each year one parenthetical item cites: 'Quint, 2018a, 2018b' gives two,
    the first spanning the names; [] when item is no citation."""
    first = parse_cited(item)
    if first is None or first.personal or first.title:
        return [(0, len(item.rstrip()), first)] if first is not None else []
    years = list(re.finditer(r"(?<![\w–-])((?:1[5-9]|20)\d{2})(?:[–-](?:1[5-9]|20)\d{2})?([a-z])?(?![\w–-])", item))
    if len(years) < 2 or re.search(r"[;&]|\band\b", item[years[0].end():]):
        return [(0, len(item.rstrip()), first)]
    out = []
    for n, y in enumerate(years):
        c = replace(first, year=y.group(1), suffix=y.group(2) or "")
        out.append((0 if n == 0 else y.start(), y.end(), c))
    return out


def parse_cited(item: str) -> _Cited | None:
    """'Doe & Roe, 2017a' -> its names, year and suffix; None when item is not a citation."""
    item = PREFIX_RE.sub("", item.strip())
    personal = bool(re.search(r"personal communication", item, re.I))
    if personal:
        who = item[: re.search(r"personal communication", item, re.I).start()].strip(" ,")
        return _Cited(tuple(_names(who)[0]), _names(who)[1], False, "", "", "", True)
    years = list(YEAR_RE.finditer(item))
    if not years:
        return None
    year = years[0]
    who = item[: year.start()].strip(" ,")
    if not who or not (who[0].isupper() or who[0] in "\"“'‘" or PARTICLE_RE.match(who)):
        return None
    if who[0] in "\"“'‘":
        title = who.strip("\"“”'‘’ ,")
        return _Cited((), "", False, title.rstrip(","), year.group("year") or "", year.group("suffix") or "", False)
    who = re.sub(r"\s*\[[^\]]*\]", "", who)  # "World Health Organization [WHO]": the abbreviation aside
    names, initial = _names(who)
    et_al = bool(re.search(r"\bet\.?\s*al\b", who))
    return _Cited(tuple(names), initial, et_al, "", year.group("year") or "", year.group("suffix") or "", False)


def _names(who: str) -> tuple[list[str], str]:
    """Names and the first name's initial from 'Doe S.' or 'Doe & Roe' or 'Doe, et. al.'."""
    who = re.sub(r",?\s*\bet\.?\s*al\.?", "", who)
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+|&\s*)?|\s*&\s*|\s+and\s+", who) if p.strip()]
    initial = ""
    names: list[str] = []
    for part in parts:
        # APA adds the initials where two first authors share a surname: "A. S. Lee", "N. C.-A. Lee"
        first = re.fullmatch(r"((?:[A-Z]\.\s*-?\s*)+)\s*([^\W\d].*)", part)
        if first and not names:
            part, initial = first.group(2), first.group(1)[0]
        m = re.fullmatch(r"(.+?)\s+([A-Z])\.?", part)
        if m and not names:
            part, initial = m.group(1), m.group(2)
        if re.fullmatch(r"[A-Z]\.?", part) and names:
            initial = initial or part[0]
            continue
        names.append(part)
    return names, initial


def _resolve_cited(paper: Paper, paragraph: segment.Paragraph, start: int, end: int, printed: str, c: _Cited,
                   entries: Sequence[tuple[Reference, str]]) -> Citation:
    claim = _claim(paper, paragraph, start)
    paper_start, paper_end = paragraph.span(start, end)
    if c.personal:
        return Citation(paper.paper_id, printed, "personal-communication", "personal-communication", (), claim,
                        paper_start, paper_end, "a personal communication: APA keeps it out of the reference list")
    matching = [(ref, work_id) for ref, work_id in entries if _matches(c, ref)]
    work_ids = sorted({w for _, w in matching}, key=lambda w: next(fold(r.csl.get("title", "")) for r, x in matching if x == w))
    printed_suffix = sorted({w for ref, w in matching if ref.fields.get("extradate") == c.suffix})
    if c.suffix and len(printed_suffix) == 1:
        work_ids = printed_suffix  # the list printed the same letter: "(2018b)"
    elif c.suffix and len(work_ids) > 1:
        index = ord(c.suffix) - ord("a")
        work_ids = [work_ids[index]] if index < len(work_ids) else []
    label = " & ".join(c.names) or f'"{c.title}"'
    if len(work_ids) == 1:
        return Citation(paper.paper_id, printed, "author-date", "resolved", tuple(work_ids), claim, paper_start, paper_end)
    if not work_ids:
        return Citation(paper.paper_id, printed, "author-date", "unresolved", (), claim, paper_start, paper_end,
                        f"no entry of the reference list matches {label} {c.year}{c.suffix}")
    return Citation(paper.paper_id, printed, "author-date", "ambiguous", tuple(work_ids), claim, paper_start, paper_end,
                    f"{len(work_ids)} different works match {label} {c.year}")


def _matches(c: _Cited, ref: Reference) -> bool:
    csl = ref.csl
    issued = csl.get("issued", {}).get("date-parts", [[None]])[0]
    year = str(issued[0]) if issued and issued[0] else ""
    if c.year != year:
        return False
    if c.title:
        return fold(csl.get("title", "")).startswith(fold(c.title))
    people = csl.get("author") or csl.get("editor") or []
    if not people or not c.names:
        return False
    first = people[0]
    if "literal" in first:
        if not fold(first["literal"]).startswith(fold(c.names[0])):
            return False
    elif fold(c.names[0]) not in (fold(first.get("family", "")), fold(
            " ".join(x for x in (first.get("non-dropping-particle"), first.get("family")) if x))):
        return False
    elif c.initial and first.get("given") and first["given"][0].upper() != c.initial:
        return False
    families = {fold(p.get("family") or p.get("literal", "")) for p in people}
    return all(fold(n) in families for n in c.names[1:])


# ---------------------------------------------------------------- numeric

SUPERSCRIPT_GROUP_RE = re.compile(r"(?<=\S)[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,⁻–-][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*")


def cited_numbers(marker: str) -> list[int]:
    """'[1–3, 7]' or '¹⁻³' -> [1, 2, 3, 7]: the list numbers a numeric citation names, ranges expanded."""
    numbers: list[int] = []
    text = plain_digits(marker).replace("⁻", "-")
    for part in re.findall(r"\d+\s*[-–—]\s*\d+|\d+", text):
        ends = [int(n) for n in re.findall(r"\d+", part)]
        if len(ends) == 2 and 0 < ends[1] - ends[0] < 100:
            numbers += range(ends[0], ends[1] + 1)
        else:
            numbers += ends
    return numbers


def _numeric(paper: Paper, paragraphs: Sequence[segment.Paragraph], works: Sequence[Work]) -> list[Citation]:
    by_number = {int(o.locator[4:]): work.work_id for work in works for ref in work.references
                 for o in ref.occurrences if o.paper == paper.paper_id and re.fullmatch(r"ref-\d+", o.locator)}
    out: list[Citation] = []
    for paragraph in paragraphs:
        if paragraph.kind != "prose":
            continue
        markers = [*extract.BRACKET_CITE_RE.finditer(paragraph.text), *SUPERSCRIPT_GROUP_RE.finditer(paragraph.text)]
        for m in sorted(markers, key=lambda m: m.start()):
            numbers = cited_numbers(m.group(0))
            work_ids = tuple(dict.fromkeys(by_number[n] for n in numbers if n in by_number))
            missing = [n for n in numbers if n not in by_number]
            paper_start, paper_end = paragraph.span(m.start(), m.end())
            claim = _claim(paper, paragraph, m.start())
            status, detail = ("resolved", "") if not missing else (
                "unresolved", f"no reference numbered {', '.join(map(str, missing))} in the list")
            out.append(Citation(paper.paper_id, m.group(0), "numeric", status, work_ids, claim, paper_start,
                                paper_end, detail))
    return out


# ---------------------------------------------------------------- notes


def _notes(paper: Paper, text: str, paragraphs: Sequence[segment.Paragraph],
           works: Sequence[Work]) -> tuple[list[Citation], list[LinkError]]:
    notes: dict[int, list[tuple[str, str]]] = defaultdict(list)  # note number -> [(work id, kind)]
    for work in works:
        for ref in work.references:
            first = ref.occurrences[0].locator if ref.occurrences else ""
            for occ in ref.occurrences:
                m = re.fullmatch(r"note-(\d+)", occ.locator)
                if occ.paper != paper.paper_id or not m:
                    continue
                kind = "ibid" if re.match(r"\W*ibid\b", occ.raw, re.I) else "note" if occ.locator == first else "short-note"
                notes[int(m.group(1))].append((work.work_id, kind))
    out: list[Citation] = []
    problems: list[LinkError] = []
    expected = 1
    for paragraph in paragraphs:
        if paragraph.kind != "prose":
            continue
        markers = [(m.start(), m.end(), m.group(0), int(plain_digits(m.group(0))), True)
                   for m in SUPERSCRIPT_RE.finditer(paragraph.text)]
        markers += [(m.start(1), m.end(1), m.group(1), int(m.group(1)), False)
                    for m in PLAIN_MARKER_RE.finditer(paragraph.text)]
        for start, end, printed, number, superscript in sorted(markers):
            if not superscript and number != expected:
                continue  # a plain number counts as a marker only where the next marker is due
            paper_start, paper_end = paragraph.span(start, end)
            claim = _claim(paper, paragraph, start)
            where = Source(paper.path, text.count("\n", 0, paper_start) + 1)
            if number != expected:
                problems.append(LinkError(f"note marker {number} where {expected} was expected", source=where))
            expected = number + 1
            cited = notes.get(number, [])
            if not cited:
                out.append(Citation(paper.paper_id, printed, "note", "unresolved", (), claim, paper_start, paper_end,
                                    f"marker {number} has no note in the reference section"))
                continue
            kinds = {k for _, k in cited}
            kind = "note" if "note" in kinds else "ibid" if kinds == {"ibid"} else "short-note"
            work_ids = tuple(dict.fromkeys(w for w, _ in cited))
            out.append(Citation(paper.paper_id, printed, kind, "resolved", work_ids, claim, paper_start, paper_end))
    return out, problems
