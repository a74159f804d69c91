"""CSL-JSON rich text: the few HTML tags citeproc-js reads inside a field (CSL 1.0.2 §Rich Text Markup Within
Fields: <i>, <b>, <sup>, <sub>, <span style="font-variant:small-caps;"> and <span class="nocase">), printed as
citeproc-js prints them: dropped in text, kept in HTML (italics inside an italic title set upright), and the
words in a nocase span kept from case changes.

citeproc-py reads only the nocase span and prints every other tag as text ("Feeding rates of <i>Salmo</i>"), so
the formatting tags travel through it as marks inside the words, where no case change touches them, and become
tags (or nothing) when the entry is finished. The engine's marks (these, and cslfix's, engine's and sortblobs')
are Unicode noncharacters, which are for a program's own use and which no record's text holds (folding.one_line
drops any that came in): a record's private-use characters (a PDF's unmapped glyphs) print as they are.
"""
from __future__ import annotations

import re

# tag -> (opening mark, closing mark)
_MARKS = {"i": ("\ufdd6", "\ufdd7"), "b": ("\ufdd8", "\ufdd9"), "sup": ("\ufdda", "\ufddb"),
          "sub": ("\ufddc", "\ufddd"), "small-caps": ("\ufdde", "\ufddf"), "nocase": ("\ufde0", "\ufde1"),
          # a style's font-style="normal", font-weight="normal" and font-variant="normal" (normal())
          "normal-style": ("\ufffe", "\uffff"), "normal-weight": ("\ufded", "\ufdee"),
          "normal-variant": ("\U0001fffe", "\U0001ffff"),
          # a style's quotes="false" (engine.flip_nested reads these, and drops them)
          "unquoted": ("\U0002fffe", "\U0002ffff")}
MARKS = "".join(mark for pair in _MARKS.values() for mark in pair if pair is not _MARKS["nocase"])
UNQUOTED = _MARKS["unquoted"]
# what each "normal" undoes, and the span citeproc-js prints for it inside that
_NORMAL = {"normal-style": ("i", '<span style="font-style:normal;">'),
           "normal-weight": ("b", '<span style="font-weight:normal;">'),
           "normal-variant": ("small-caps", '<span style="font-variant:normal;">')}
NORMAL_ATTRIBUTES = {"font-style": "normal-style", "font-weight": "normal-weight", "font-variant": "normal-variant"}
_NOCASE_OPEN, _NOCASE_CLOSE = _MARKS["nocase"]
_HTML = {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
         "small-caps": ('<span style="font-variant:small-caps;">', "</span>")}
_BY_MARK = {mark: (kind, n == 0) for kind, pair in _MARKS.items() for n, mark in enumerate(pair)}
CLOSING = {close: opening for opening, close in _MARKS.values()}  # a closing mark -> its opening one (nocase too)
_TAG_RE = re.compile(r"<(/?)(i|b|sup|sub|span)(\s[^<>]*)?>", re.IGNORECASE)
_MARK_RE = re.compile(f"<i>|</i>|[{MARKS}]")
_STYLED_RE = re.compile(f"</?(?:i|b)>|<span[^>]*>|</span>|[{MARKS}]")  # (where a "normal" mark is in the text)
_SEAM = frozenset(".,;: ")
_STYLE_TAGS = {"<i>": "i", "<b>": "b", '<span style="font-variant:small-caps;">': "small-caps"}
_UPRIGHT = ('<span style="font-style:normal;">', "</span>")


def _kind(match: re.Match[str]) -> str | None:
    name, attributes = match.group(2).lower(), (match.group(3) or "").replace(" ", "").lower()
    if name != "span":
        return name if not attributes else None
    if attributes in ('class="nocase"', "class='nocase'"):
        return "nocase"
    return "small-caps" if "font-variant:small-caps" in attributes else None


def mark(text: str) -> str:
    """The field's tags that open and close in order as marks; any other "<...>" stays text."""
    if "<" not in text:
        return text
    tags = list(_TAG_RE.finditer(text))
    paired: dict[int, str] = {}  # index of a tag in tags -> its mark
    open_tags: list[tuple[int, str]] = []
    for n, match in enumerate(tags):
        if not match.group(1):
            kind = _kind(match)
            if kind:
                open_tags.append((n, kind))
        elif open_tags and (open_tags[-1][1] == match.group(2).lower()
                            or match.group(2).lower() == "span" and open_tags[-1][1] in ("nocase", "small-caps")):
            start, kind = open_tags.pop()
            paired[start], paired[n] = _MARKS[kind]
    if not paired:
        return text
    out, position = [], 0
    for n, match in enumerate(tags):
        if n in paired:
            out += [text[position:match.start()], paired[n]]
            position = match.end()
    return "".join(out) + text[position:]


def nocase_tags(text: str) -> str:
    """Nocase marks as the span citeproc-py reads (after the text around them was quoted and escaped)."""
    return text.replace(_NOCASE_OPEN, '<span class="nocase">').replace(_NOCASE_CLOSE, "</span>")


def strip(text: str) -> str:
    """The text without formatting marks (plain-text output)."""
    return text.translate(_NO_MARKS)


_NO_MARKS = str.maketrans("", "", MARKS.translate(str.maketrans("", "", "".join(UNQUOTED))))


def normal_marks(attribute: str) -> tuple[str, str]:
    """The marks around text a style sets in a normal font-style, -weight or -variant, for render() to print the
    span citeproc-js prints where the text is inside italics, bold or small capitals (and nothing elsewhere)."""
    return _MARKS[NORMAL_ATTRIBUTES[attribute]]


def render(text: str, html_output: bool) -> str:
    """Formatting marks as citeproc-js prints the tags: none in text; in HTML the tags, and italics inside an
    italic span (an italic title) set upright."""
    if not html_output or not any(mark in text for mark in MARKS):
        return strip(text)
    if any(_MARKS[kind][0] in text for kind in _NORMAL):
        text = _normals(text)
    italic: list[bool] = []  # for each open italic: whether it was set upright

    def tag(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("<i>", "</i>"):
            if token == "<i>":
                italic.append(False)
            elif italic:
                italic.pop()
            return token
        kind, opening = _BY_MARK[token]
        if kind == "unquoted":
            return token
        if kind != "i":
            return _HTML[kind][0 if opening else 1]
        if opening:
            upright = bool(italic) and not italic[-1]
            italic.append(upright)
            return _UPRIGHT[0] if upright else "<i>"
        return (_UPRIGHT[1] if italic.pop() else "</i>") if italic else ""

    return _MARK_RE.sub(tag, text)


def _holds_style(text: str, start: int, kind: str, style: str) -> bool:
    """Whether the text from start to the close of the "normal" mark of this kind that opened there holds a tag the
    style set for style ("<i>" for "i"; a field's own italics are marks, not tags)."""
    opening, closing = _MARKS[kind]
    depth, end = 0, len(text)
    for at in range(start, len(text)):
        char = text[at]
        if char == opening:
            depth += 1
        elif char == closing:
            if not depth:
                end = at
                break
            depth -= 1
    tags = [tag for tag, setting in _STYLE_TAGS.items() if setting == style]
    return any(tag in text[start:end] for tag in tags)


def _normals(text: str) -> str:
    """HTML with a style's "normal" marks (normal_marks()) as citeproc-js prints them: a span where the text is inside
    what it undoes (font-style="normal" in an italic title: <span style="font-style:normal;">), else nothing."""
    open_styles: list[str | None] = []  # the style each open tag or mark sets (None: another span)
    printed: list[bool] = []  # for each open "normal" mark, whether it printed its span
    out = []
    last = 0
    for match in _STYLED_RE.finditer(text):
        token = match.group()
        if token in _BY_MARK and _BY_MARK[token][0] in _NORMAL:
            kind, opening = _BY_MARK[token]
            undone, span = _NORMAL[kind]
            if opening:
                # (the nearest of what it undoes and of itself decides: a normal inside a normal prints nothing; and
                # one holding what it undoes, set by the style, prints it: "<span style="font-style:normal;">Vale,
                # I., <i>et al.</i></span>", not for a field's own italics)
                nearest = next((s for s in reversed(open_styles) if s in (undone, kind)), None)
                printed.append(nearest == undone or (nearest is None and kind != "normal-variant"
                                                     and _holds_style(text, match.end(), kind, undone)))
                open_styles.append(kind if printed[-1] else None)
                replacement = span if printed[-1] else ""
            else:
                open_styles.pop()
                replacement = "</span>" if printed.pop() else ""
            out += [text[last:match.start()], replacement]
            last = match.end()
            if not replacement:
                # (a seam the engine could not see through the mark: "Vale, K." then the names' suffix "." is
                # one stop, as in text output, where no mark is made)
                before = text[match.start() - 1:match.start()]
                if before and before in _SEAM and text[last:last + 1] == before:
                    last += 1
        elif token.startswith("</") or (token in _BY_MARK and not _BY_MARK[token][1]):
            if open_styles:
                open_styles.pop()
        else:
            open_styles.append(_STYLE_TAGS.get(token) or (_BY_MARK[token][0] if token in _BY_MARK else None))
    if not out:
        return text
    return "".join(out) + text[last:]
