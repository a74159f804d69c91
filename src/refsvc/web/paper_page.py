"""The paper page as a reader expects it: headings, paragraphs with every citation linked and its note or
reference shown in place, the notes or reference list as printed (marks rendered), and the bibliography."""
from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from refsvc import segment, store
from refsvc.folding import fold, plain_digits
from refsvc.formats import STYLE_FORMATS
from refsvc.model import NOTE_KINDS, Bibliography, Citation, Paper

# The marks PDF-to-markdown conversion leaves in a paper: **strong**, *emphasis*, <https://…> and bare
# addresses (a trailing full stop or bracket is the sentence's, not the address's).
INLINE_RE = re.compile(
    r"\*\*(?P<strong>[^*\n]+?)\*\*|\*(?P<em>[^*\s](?:[^*\n]*?[^*\s])?)\*|<(?P<angle>https?://[^\s<>]+)>"
    r"|(?P<bare>https?://[^\s<>]*[^\s<>.,;:)\]'\"’”])")


def inline(text: str) -> Markup:
    """text as HTML: its markdown marks and web addresses rendered, everything else escaped."""
    out, last = [], 0
    for m in INLINE_RE.finditer(text):
        out.append(escape(text[last:m.start()]))
        if m["strong"]:
            out.append(Markup("<strong>%s</strong>") % m["strong"])
        elif m["em"]:
            out.append(Markup("<em>%s</em>") % m["em"])
        else:
            url = m["angle"] or m["bare"]
            out.append(Markup('<a href="%s" rel="noopener">%s</a>') % (url, url))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def readable(text: str) -> str:
    """Running text without the marks PDF conversion left (offsets into it are the paper's: never shifted
    here, so marks are dropped only inside one piece)."""
    return text.replace("**", "").replace("\\$", "$")


@dataclass(frozen=True)
class Piece:
    """Text of the paper, or a citation marker: where it leads and what it shows in place."""

    text: str
    citation: Citation | None = None
    work: str = ""  # the one work the marker opens; else it leads to anchor on the page
    anchor: str = ""
    shown: Markup = Markup("")  # the note or reference, shown on hover, focus and tap
    works: tuple[tuple[str, str], ...] = ()  # (work id, title) of the works it resolves to


@dataclass(frozen=True)
class Span:
    """A run of pieces: a claim (with its anchor id) or plain text between claims."""

    pieces: list[Piece]
    claim_id: int = 0
    first: bool = True  # the claim's first span (a claim a page break cut in two is one anchor)


@dataclass(frozen=True)
class Block:
    """A block of the body: a heading, a paragraph of prose, a table, or a footnote left in the body."""

    kind: str
    spans: list[Span] = field(default_factory=list)
    text: str = ""  # a heading's words


@dataclass(frozen=True)
class Printed:
    """One note or entry of the paper's own list, as printed, with the works it names."""

    anchor: str
    number: int | None
    html: Markup
    works: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class PaperView:
    paper: Paper
    blocks: list[Block]
    list_heading: str  # "Notes", "References" … as the paper heads its list; "" when it has none
    printed: list[Printed]
    numbered: bool
    bibliography: list[tuple[str, Markup]]
    style_label: str
    counts: dict[str, int] = field(default_factory=dict)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (work id, title): cited, but no entry in the style


def paper_view(conn: sqlite3.Connection, paper_id: str) -> PaperView | None:
    """The paper's text with every citation linked and shown in place, its list as printed, its bibliography."""
    found = store.load_paper(conn, paper_id)
    if found is None:
        return None
    paper, text = found
    lines = text.splitlines(keepends=True)
    head = segment.list_heading([line.rstrip("\r\n") for line in lines])
    body_end = sum(map(len, lines[:head])) if head is not None else len(text)
    citations = store.citations_in(conn, paper_id)
    occurrences = store.printed_in(conn, paper_id)
    cited = {w for c in citations for w in c.works} | {w for _, _, w in occurrences}
    titles = store.titles_of(conn, sorted(cited))
    printed, numbered = _printed(lines[head + 1:] if head is not None else [], paper, occurrences, titles)
    formatted = store.bibliography_of(conn, paper_id) or Bibliography("apa", (), {})
    counts: dict[str, int] = defaultdict(int)
    for c in citations:
        counts[c.status] += 1
    notes = {p.anchor: p.html for p in printed}
    listed = {key for key, _ in formatted.entries}
    left_out = [(w, titles.get(w, w)) for w in dict.fromkeys(w for c in citations for w in c.works) if w not in listed]
    return PaperView(paper, _blocks(text[:body_end], paper, citations, formatted.tooltips, notes, titles),
                     segment.heading_text(lines[head]) if head is not None else "", printed, numbered,
                     [(key, Markup(entry)) for key, entry in formatted.entries],
                     STYLE_FORMATS[formatted.style].label, dict(counts), left_out)


def _blocks(body: str, paper: Paper, citations: Sequence[Citation], tooltips: Mapping[str, str],
            notes: Mapping[str, Markup], titles: Mapping[str, str]) -> list[Block]:
    claims = sorted({(c.claim.start, c.claim.end, c.claim.claim_id) for c in citations})
    markers = {(c.marker_start, c.marker_end): c for c in citations}
    title = fold(paper.title)
    out: list[Block] = []
    seen: set[int] = {0}  # claims whose anchor is placed
    unfinished: Block | None = None  # a paragraph a page break cut before its sentence ended
    for m in segment.BLOCK_RE.finditer(body):
        raw = m.group(0)
        kind = segment.block_kind(raw)
        if kind == "heading":
            words = segment.heading_text(raw)
            # the title and byline printed at the top are the page's own heading and meta line
            if fold(words) != title and not _byline(words, paper):
                out.append(Block("heading", text=readable(words)))
            unfinished = None
            continue
        if segment.FOOTNOTE_RE.match(raw.strip()):
            kind = "aside"  # an author's note or footnote that conversion left between paragraphs
        spans = _spans(body, m.start(), m.end(), claims, markers, tooltips, notes, titles, seen)
        if kind == "prose" and unfinished is not None:
            unfinished.spans.extend([Span([Piece(" ")]), *spans])  # joined as segment joins it for claims
        elif kind != "aside":
            out.append(Block(kind, spans))
            unfinished = out[-1] if kind == "prose" else None
        else:
            out.append(Block(kind, spans))
        if kind == "prose" and segment.TERMINAL_RE.search(raw):
            unfinished = None
    return out


def _byline(text: str, paper: Paper) -> bool:
    """True when text names the paper's authors and nothing else ("Ada Lee¹ & Bo Park", "Ada Lee and Bo Park")."""
    names = {w for author in paper.authors for w in fold(author).split()}
    words = [w.rstrip("0123456789") for w in fold(text).split() if not w.isdigit()]
    return bool(names) and all(w in names or w == "and" for w in words if w) and any(w in names for w in words)


def _spans(text: str, start: int, end: int, claims: Sequence[tuple[int, int, int]],
           markers: Mapping[tuple[int, int], Citation], tooltips: Mapping[str, str], notes: Mapping[str, Markup],
           titles: Mapping[str, str], seen: set[int]) -> list[Span]:
    cuts = sorted({start, end, *(x for s, e, _ in claims for x in (s, e) if start < x < end),
                   *(x for s, e in markers for x in (s, e) if start < x < end)})
    spans: list[Span] = []
    for a, b in zip(cuts, cuts[1:]):
        claim_id = next((cid for s, e, cid in claims if s <= a and b <= e), 0)
        marker = markers.get((a, b))
        piece = _marker(text[a:b], marker, tooltips, notes, titles) if marker else Piece(readable(text[a:b]))
        if spans and spans[-1].claim_id == claim_id:
            spans[-1].pieces.append(piece)
        else:
            spans.append(Span([piece], claim_id, claim_id not in seen))
            seen.add(claim_id)
    return spans


def _marker(text: str, citation: Citation, tooltips: Mapping[str, str], notes: Mapping[str, Markup],
            titles: Mapping[str, str]) -> Piece:
    """A citation marker: a note number shows its note and leads to it in the notes; an author-date or
    numbered citation shows its reference and leads to the work."""
    resolved = citation.status == "resolved"
    works = tuple((w, titles.get(w, w)) for w in citation.works) if resolved else ()
    if citation.kind in NOTE_KINDS:
        anchor = f"note-{plain_digits(citation.marker)}"
        shown = notes.get(anchor) or escape("; ".join(tooltips.get(w, w) for w in citation.works))
        return Piece(text, citation, "", anchor, shown, works)
    if resolved:
        shown = escape("; ".join(tooltips.get(w, w) for w in citation.works))
        return Piece(text, citation, citation.works[0] if len(citation.works) == 1 else "", "bibliography", shown, works)
    return Piece(text, citation, "", "bibliography", escape(f"{citation.status}: {citation.detail}"), ())


def _printed(lines: Sequence[str], paper: Paper, occurrences: Sequence[tuple[str, str, str]],
             titles: Mapping[str, str]) -> tuple[list[Printed], bool]:
    """The paper's notes or reference list as printed: one item a note, number or bullet (lines that go on
    an item join it), each with the works it names; and whether the list is numbered."""
    stripped = [line.strip() for line in lines]
    numbers = [_number(s) for s in stripped]
    numbered = sum(n is not None for n in numbers) * 2 >= max(1, sum(bool(s) for s in stripped))
    items: list[list] = []  # [number, text]
    blank = True
    for line, number in zip(stripped, numbers):
        if not line:
            blank = True
            continue
        if numbered and number is not None:
            items.append([number[0], number[1]])
        elif not numbered and items and segment.URL_ONLY_RE.match(line.lstrip("-*• ")):
            items[-1][1] += " " + line.lstrip("-*• ")  # a link alone on its line belongs to the entry above
        elif not numbered and (line[:1] in "-*•" or blank or not items):
            items.append([None, line.lstrip("-*• ")])
        elif items:
            items[-1][1] += " " + line
        else:
            items.append([None, line])
        blank = False
    by_locator: dict[str, list[str]] = defaultdict(list)
    for locator, raw, work in occurrences:
        by_locator[locator].append(work)
    out = []
    for ordinal, (number, text) in enumerate(items, 1):
        anchor = f"{'note' if numbered and paper.style == 'notes' else 'ref'}-{number if number is not None else ordinal}"
        found = by_locator.get(anchor, []) if numbered else \
            [w for _, raw, w in occurrences if raw.strip() and " ".join(raw.split()) in " ".join(text.split())]
        works = tuple((w, titles.get(w, w)) for w in dict.fromkeys(found))
        out.append(Printed(anchor, number, inline(text), works))
    return out, numbered


def _number(line: str) -> tuple[int, str] | None:
    """(number, text) of a numbered note or entry: "12. Text", "- 12 Text", "¹² Text", "[12] Text"."""
    m = segment.NOTE_RE.match(line)
    if m:
        return int(plain_digits(m["num"])), m["text"]
    m = segment.NUMBERED_RE.match(line)
    return (int(m[1] or m[2] or m[3]), m[4]) if m else None
