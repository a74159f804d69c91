"""A printed reference, labelled by the tagger, as a BibTeX entry: names split, numbers and dates read.

The model finds where each field is; the rules here only read a field once found (a volume's issue in
parentheses, 'pp.' before pages, the date inside '(2011).'), which is what rules are good at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from refsvc import names, reftext, tagger

LOW_CONFIDENCE = 0.80  # fields the model is less sure of than this are listed for review
_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+?)[.,;]?$")
_URL_RE = re.compile(r"((?:https?://|www\.)\S+?)[.,;]?$", re.I)


@dataclass(frozen=True)
class Entry:
    """One printed reference read: BibTeX type and fields, each field's confidence, and what went unread."""

    kind: str
    fields: dict[str, str]
    confidence: dict[str, float] = field(default_factory=dict)
    unread: tuple[str, ...] = ()
    labels: tuple[tagger.Field, ...] = ()  # the tagger's spans, in printed order
    same_author: bool = False  # printed with a dash (———.) for the names of the entry above

    @property
    def doubtful(self) -> dict[str, float]:
        """The fields read with less confidence than LOW_CONFIDENCE."""
        return {k: v for k, v in self.confidence.items() if v < LOW_CONFIDENCE}


# "———.", "---,", "——": the same names as the entry above (Chicago 18 §13.72, APA 6)
REPEATED_AUTHOR_RE = re.compile(r"^\s*[-—–_]{2,}\s*[.,]?\s*")
_EMPHASIS_RE = re.compile(r"(?<![\w*])\*{1,2}(?=\S)|(?<=\S)\*{1,2}(?![\w*])|(?<![\w/])_(?=\w)|(?<=[\w.,])_(?![\w/])")


def plain(text: str) -> str:
    """A reference as plain words: markdown emphasis (*x*, **x**, _x_) and the <> around links dropped, as
    PDF-to-text conversion leaves them; links themselves are kept whole."""
    out = []
    for word in text.split():
        if re.match(r"<?(?:https?://|www\.|doi:)", word, re.I):
            out.append(re.sub(r"^<|>(?=[.,;]?$)", "", word))
        else:
            out.append(_EMPHASIS_RE.sub("", word))
    return " ".join(out)


def with_repeated_authors(entries: list[Entry]) -> list[Entry]:
    """Entries whose names were printed as a dash take the names of the entry above."""
    out: list[Entry] = []
    for entry in entries:
        if entry.same_author and out and "author" in out[-1].fields and "author" not in entry.fields:
            fields = {"author": out[-1].fields["author"], **entry.fields}
            entry = replace(entry, fields=fields, confidence={"author": out[-1].confidence.get("author", 1.0),
                                                              **entry.confidence})
        out.append(entry)
    return out


def confidence_text(confidence: dict[str, float]) -> str:
    """Field confidences as a .bib field keeps them: 'title=0.62; journal=0.71'."""
    return "; ".join(f"{name}={value:.2f}" for name, value in confidence.items())


def confidence_of(text: str) -> dict[str, float]:
    """The inverse of confidence_text()."""
    return {name.strip(): float(value) for name, _, value in (part.partition("=") for part in text.split(";"))
            if value.strip()}


def _trim(text: str) -> str:
    return re.sub(r"^[\s,;:.]+|[\s,;:]+$", "", text)


def _end(text: str) -> str:
    """A field without the full stop that ends it, kept where it ends an abbreviation (Co., Lett., Proc. Natl.)."""
    text = _trim(text)
    words = text.split()
    if text.endswith(".") and words and len(words[-1]) > 5 and not re.search(r"\b\w{1,5}\.\s", text):
        return text[:-1]
    return text


def _unwrap(text: str) -> str:
    text = _trim(text)
    if text[:1] in "([" and text[-1:] in ")]":
        text = text[1:-1]
    return _trim(text.rstrip(".").rstrip(")]").lstrip("(["))


def read(text: str) -> Entry:
    """The printed reference as an entry; an empty reference or one with nothing labelled is kind 'misc'."""
    # A list's own numbering ("[4]", "12.", "3 ") is not part of the reference: a rule reads it surely.
    text = _NUMBERED_RE.sub("", " ".join(text.split()), count=1)
    same_author = bool(REPEATED_AUTHOR_RE.match(text))
    found = tagger.label(plain(REPEATED_AUTHOR_RE.sub("", text)))
    fields: dict[str, str] = {}
    confidence: dict[str, float] = {}
    unread: list[str] = []

    def put(name: str, value: str, sure: float) -> None:
        if not any(c.isalnum() for c in value):
            return  # punctuation alone is no field
        if name not in fields:
            fields[name] = value
            confidence[name] = sure
        elif value:
            unread.append(value)

    for f in found:
        if f.label in ("author", "editor", "translator"):
            people = names.printed(f.text)
            put(f.label, " and ".join(people), f.confidence)
        elif f.label in ("title", "publisher", "location", "edition", "genre", "note", "collection-title"):
            target = {"location": "address", "genre": "type", "collection-title": "series"}.get(f.label, f.label)
            put(target, _end(f.text) if f.label != "title" else _trim(f.text).rstrip("."), f.confidence)
        elif f.label == "container-title":
            put("container", _end(re.sub(r"^(?:in:?\s+)", "", _trim(f.text), flags=re.I)), f.confidence)
        elif f.label == "date":
            date = reftext.date_value(f.text)
            put("date", date or "", f.confidence) if date else unread.append(f.text)
        elif f.label == "volume":
            _volume(f.text, f.confidence, put)
        elif f.label == "pages":
            pages = re.sub(r"^(?:pp?\.?|pages?|S\.)\s*", "", _unwrap(f.text), flags=re.I)
            put("pages", pages, f.confidence)
        elif f.label in ("doi", "url", "isbn"):
            _identifier(f.label, f.text, f.confidence, put)
        elif f.label != "citation-number":
            unread.append(f.text)
    for name, pattern in (("doi", _DOI_RE), ("url", _URL_RE)):
        if name not in fields:
            m = next((m for m in (pattern.search(w) for w in text.split()) if m), None)
            if m:
                put(name, m.group(1), 1.0)
    kind = _kind(fields)
    if "container" in fields:
        fields["journal" if kind == "article" else "booktitle"] = fields.pop("container")
        confidence["journal" if kind == "article" else "booktitle"] = confidence.pop("container")
    return Entry(kind, fields, confidence, tuple(unread), tuple(found), same_author)


def _volume(text: str, sure: float, put) -> None:  # type: ignore[no-untyped-def]
    m = re.search(r"(?:vol(?:ume)?\.?\s*)?(\d+[A-Za-z]?)\s*(?:\(([^)]+)\)|,?\s*(?:no\.|nr\.|issue)\s*(\w+))?", text, re.I)
    if m:
        put("volume", m.group(1), sure)
        if m.group(2) or m.group(3):
            put("number", m.group(2) or m.group(3), sure)
        # "17(2):994–1010" printed without spaces is one token: the pages after the colon are its own field.
        pages = re.match(r"\s*:\s*([\dA-Za-z]+(?:\s*[-–—]+\s*[\dA-Za-z]+)?)", text[m.end():])
        if pages:
            put("pages", pages.group(1), sure)
    else:
        put("volume", _unwrap(text), sure)


def _identifier(label: str, text: str, sure: float, put) -> None:  # type: ignore[no-untyped-def]
    if label == "doi":
        m = _DOI_RE.search(text) or re.search(r"(10\.\d{4,9}/\S+)", text)
        put("doi", m.group(1).rstrip(".,;") if m else "", sure)
    elif label == "url":
        m = _URL_RE.search(text.replace(" ", ""))
        put("url", m.group(1) if m else "", sure)
    else:
        put("isbn", re.sub(r"^isbn:?\s*", "", _trim(text), flags=re.I), sure)


def _kind(fields: dict[str, str]) -> str:
    genre = fields.get("type", "").lower()
    if re.search(r"thesis|dissertation", genre):
        return "thesis"
    if re.search(r"report|working paper", genre):
        return "report"
    if "container" in fields:
        if "editor" in fields or ("publisher" in fields and "volume" not in fields):
            return "incollection"
        return "article"
    if "publisher" in fields or "address" in fields or "isbn" in fields:
        return "book"
    if "url" in fields:
        return "online"
    return "misc"


_NUMBER_RE = re.compile(r"^(?:\[\d+\]|\(\d+\)|\d{1,4}[.)])\s+")
# A numbered entry: "[4] ", "(4) ", "4. ", or a bare "4 " before a name (Vancouver lists as printed)
# (three digits at most outside brackets, so that a year opening an entry stays)
_NUMBERED_RE = re.compile(r"^(?:\[\d+\]|\(\d+\)|\d{1,3}[.)]|\d{1,3}(?=\s+[^\W\d]))\s+")
_BULLET_RE = re.compile(r"^[-•*–]\s+")


def split_list(text: str) -> list[tuple[int, str]]:
    """A reference list as printed -> (line number, entry text): an entry starts after a blank line, at a
    number or bullet, or where a line opens like a reference (a surname and a comma or initials, a year);
    other lines continue the entry above, a word hyphenated at a line end joined again."""
    entries: list[tuple[int, str]] = []
    blank = True
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            blank = True
            continue
        starts = blank or _NUMBER_RE.match(stripped) or _BULLET_RE.match(stripped) \
            or reftext.looks_like_author_date(stripped)
        if starts or not entries:
            entries.append((lineno, _BULLET_RE.sub("", stripped)))
        else:
            previous_line, previous = entries[-1]
            if re.search(r"[a-z]-$", previous) and stripped[:1].islower():
                entries[-1] = (previous_line, previous[:-1] + stripped)
            else:
                entries[-1] = (previous_line, previous + " " + stripped)
        blank = False
    return entries
