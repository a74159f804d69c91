"""A paper's body -> paragraphs -> sentences, every piece mapped back to character offsets in the paper.

PDF conversion leaves paragraphs split at page breaks (often with footnote text between the halves),
footnotes inside the body, running heads and markdown tables. Paragraphs are re-joined, footnotes and
running heads dropped, headings kept as the section of what follows.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from refsvc.folding import SUPERSCRIPTS

# Words whose trailing point does not end a sentence.
ABBREVIATIONS = frozenset(
    "al co corp dr e.g etc fig gen govt i.e inc jr lt ltd mr mrs ms no nos p pp prof rev sec sen sr st u.k u.n u.s "
    "u.s.a viz vol vols vs col capt cf ed eds".split())
TERMINAL_RE = re.compile(r"[.?!:;]['\"”’)\]]*[" + SUPERSCRIPTS + r"]*$")
FOOTNOTE_RE = re.compile(r"^(?:[" + SUPERSCRIPTS + r"]+\s*\S|\*(?!\*)[A-Z])")
BOUNDARY_RE = re.compile(r"[.?!]+['\"”’]*[" + SUPERSCRIPTS + r"]*(?=\s+\S)|[.?!]+['\"”’]*[" + SUPERSCRIPTS + r"]*$")
_LINKING_WORDS = frozenset("a an and as at by for from in into of on or that the to with which who".split())
CITATION_ONLY_RE = re.compile(r"^\([^()]*\d{4}[a-z]?[^()]*\)\.?$")
# The heading of a paper's reference list or notes, on a line of its own.
LIST_HEADING_RE = re.compile(
    r"^\s*(?:#+\s*)?\**\s*(references|bibliography|works cited|notes|endnotes|sources cited)\s*:?\s*\**\s*$", re.I
)
# A list item that is only a link: it belongs to the entry above it.
URL_ONLY_RE = re.compile(r"^<?(?:https?://|doi:)\S+>?[.,]?$", re.I)
# One entry of a numbered reference list: "[12] Text", "(12) Text", "12. Text", "12) Text".
NUMBERED_RE = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.)])\s+(\S.*)$")
# A block of text between blank lines.
BLOCK_RE = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", re.S)
# One note of a numbered list: "- 12 Text", "12. Text", "¹² Text".
NOTE_RE = re.compile(r"^(?:[-*•]\s*)?(?P<num>\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?:\.|\))?\s+(?P<text>\S.*)$")


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body: its text, the paper offset of each character, and its section heading."""

    index: int
    text: str
    offsets: tuple[int, ...]
    section: str
    kind: str  # prose, heading, table

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Paper offsets of text[start:end]."""
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Sentence:
    """One sentence of a prose paragraph, with its place in the paragraph and in the paper."""

    paragraph: int
    index: int
    text: str
    start: int  # offset in the paragraph text
    end: int
    paper_start: int
    paper_end: int


@dataclass
class _Block:
    text: str
    offsets: list[int]


def paragraphs(text: str, body_end: int | None = None) -> list[Paragraph]:
    """The body's paragraphs (text up to body_end), re-joined across page breaks, footnotes dropped."""
    blocks = _blocks(text[: body_end if body_end is not None else len(text)])
    heads = _running_heads(blocks)
    out: list[Paragraph] = []
    section = ""
    pending: _Block | None = None  # a prose block whose sentence has not ended yet
    for block in blocks:
        first = block.text.strip()
        if first in heads or FOOTNOTE_RE.match(first):
            continue  # a running head, or a footnote PDF conversion left in the body
        kind = block_kind(block.text)
        if kind == "prose" and pending is not None:
            _join(pending, block)
            if TERMINAL_RE.search(pending.text.rstrip()):
                out.append(_paragraph(len(out), pending, section, "prose"))
                pending = None
            continue
        if pending is not None:
            out.append(_paragraph(len(out), pending, section, "prose"))
            pending = None
        if kind == "heading":
            section = heading_text(block.text)
            out.append(_paragraph(len(out), block, section, "heading"))
        elif kind == "prose" and not TERMINAL_RE.search(block.text.rstrip()):
            pending = block
        else:
            out.append(_paragraph(len(out), block, section, kind))
    if pending is not None:
        out.append(_paragraph(len(out), pending, section, "prose"))
    return out


def list_heading(lines: list[str]) -> int | None:
    """Index of the line that heads the paper's reference list or notes (the last that names one), or None."""
    for index in range(len(lines) - 1, -1, -1):
        if LIST_HEADING_RE.match(lines[index]):
            return index
    return None


def sentences(paragraph: Paragraph) -> list[Sentence]:
    """The sentences of a prose paragraph; headings and tables have none."""
    if paragraph.kind != "prose":
        return []
    text = paragraph.text
    protected = _protected(text)
    cuts = [0]
    for m in BOUNDARY_RE.finditer(text):
        end = m.end()
        if protected[m.end() - 1] or _abbreviation(text, m.start()):
            continue  # inside parentheses or a quotation that the match does not close
        rest = text[end:].lstrip()
        if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“‘'(["):
            continue
        cuts.append(end)
    cuts.append(len(text))
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            continue
        if pieces and CITATION_ONLY_RE.match(text[start:end].strip()):
            prev_start, _ = pieces.pop()  # "(Doe, 2020)." after the full stop belongs to the sentence before
            start = prev_start
        pieces.append((start, end))
    out = []
    for index, (start, end) in enumerate(pieces):
        stripped_end = end
        while stripped_end > start and text[stripped_end - 1].isspace():
            stripped_end -= 1
        paper_start, paper_end = paragraph.span(start, stripped_end)
        out.append(Sentence(paragraph.index, index, text[start:stripped_end], start, stripped_end, paper_start, paper_end))
    return out


def _blocks(text: str) -> list[_Block]:
    blocks = []
    for m in BLOCK_RE.finditer(text):
        raw = m.group(0)
        # Fold the block's own line breaks to spaces, keeping each character's paper offset.
        chars, offsets = [], []
        for i, char in enumerate(raw):
            if char == "\n":
                if chars and chars[-1] != " ":
                    chars.append(" ")
                    offsets.append(m.start() + i)
                continue
            chars.append(char)
            offsets.append(m.start() + i)
        blocks.append(_Block("".join(chars), offsets))
    return blocks


def _running_heads(blocks: list[_Block]) -> set[str]:
    """Short lines printed three or more times: page headers and footers."""
    counts = Counter(b.text.strip() for b in blocks if len(b.text) <= 80)
    return {line for line, n in counts.items() if n >= 3}


def block_kind(text: str) -> str:
    """What a block of text between blank lines is: a heading, a table or prose."""
    stripped = text.strip()
    if stripped.startswith("|"):
        return "table"
    if stripped.startswith("**") and stripped.endswith("**"):
        return "heading"
    words = stripped.split()
    if len(stripped) > 100 or len(words) > 14 or re.search(r"[.?!;,-]['\"”’)]*$", stripped) \
            or stripped[0].islower() or stripped.startswith(("- ", "* ")) or words[-1].lower() in _LINKING_WORDS:
        return "prose"
    # A heading is in title case or capitals: most of its longer words start with a capital.
    long_words = [w for w in words if len(w.strip("*:(),")) > 3]
    capitalised = sum(1 for w in long_words if w.strip("*:(),\"'")[:1].isupper())
    return "heading" if not long_words or capitalised / len(long_words) >= 0.6 else "prose"


def heading_text(text: str) -> str:
    """A heading without its markdown marks and closing colon."""
    return text.strip().strip("*#").strip().rstrip(":")


def _join(first: _Block, second: _Block) -> None:
    """Append second to first: a word hyphenated across the break is rejoined without a space."""
    if first.text.endswith("-") and second.text[:1].isalpha():
        first.text += second.text
        first.offsets += second.offsets
        return
    first.text += " " + second.text
    first.offsets += [second.offsets[0]] + second.offsets


def _paragraph(index: int, block: _Block, section: str, kind: str) -> Paragraph:
    return Paragraph(index, block.text, tuple(block.offsets), section, kind)


def _protected(text: str) -> list[bool]:
    """For each character: inside parentheses or a quotation, where no sentence ends."""
    straight_balanced = text.count('"') % 2 == 0
    depth, quoted, out = 0, False, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == '"' and straight_balanced:
            quoted = not quoted
        elif char == "“":
            quoted = True
        elif char == "”":
            quoted = False
        out.append(depth > 0 or quoted)
    return out


def _abbreviation(text: str, dot: int) -> bool:
    """True when the point at text[dot] closes an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
    if not m:
        return False
    word = m.group(1)
    if word.lower() in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isupper()  # an initial: "Sergey V. Lavrov"
