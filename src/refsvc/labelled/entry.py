"""A printed reference, labelled by the tagger, as a BibTeX entry: names split, numbers and dates read.

The model finds where each field is; the rules here only read a field once found (a volume's issue in
parentheses, 'pp.' before pages, the date inside '(2011).'), which is what rules are good at.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from refsvc import names, reftext, tagger
from refsvc.labelled.authors import (
    _editors_end_at_their_mark, _family_read_as_a_month, _given_first_names_end_at_names, _names_end_at_a_colon,
    _names_end_at_names, _names_run_into_the_title,
)
from refsvc.labelled.containers import (
    _container_before_numbers_in_the_title, _container_before_the_medium, _container_by_case_after_the_title,
    _container_in_the_title, _container_series, _container_tail, _journal_after_title,
    _journal_begun_in_the_title, _journal_closing_the_title, _journal_ending_the_title,
    _known_journal_after_the_title, _location_in_the_journal, _meeting_in_the_journal,
)
from refsvc.labelled.links import (
    _closed_link, _identifier, _link_out_of_a_span, _preprint_name, _preprint_server, _words_before_a_link,
)
from refsvc.labelled.numbers import (
    _acronym_read_as_a_volume, _bracketed_pages_in_a_note, _bracketed_volume_after_the_journal,
    _brackets_close_in_their_span, _container_numbers, _dated, _issue_before_the_year, _numbers,
    _numbers_ending_the_title, _numbers_opening_a_span, _numbers_read_as_a_note, _pages_after_the_publisher,
    _volume_in_the_journal_span, _volume_mark_alone, _year_as_volume, _year_before_the_volume,
)
from refsvc.labelled.spans import (
    _ANY_YEAR_RE, _DOI_RE, _EDITOR_MARK_RE, _LINK_WORDS, _PAGES_PREFIX_RE, _PAGE_RANGE, _PAGE_RE,
    _PERIODICAL_WORDS, _PREPRINT_SERVERS, _URL_RE, _VENUE_WORDS_RE, _VOLUME_AFTER_YEAR_RE, _YEAR_RE, _end,
    _known_journal, _trim,
)
from refsvc.labelled.text import REPEATED_AUTHOR_RE, _without_label, plain
from refsvc.labelled.titles import (
    _bracketed_notes_end_the_title, _container_after_the_closing_quote, _edition_out_of_the_title,
    _note_in_the_titles_place, _numbered_series_after_the_title, _quoted_whole, _subtitle_after_the_colon,
    _title_and_publisher_in_one_span, _title_ends_at_a_stop, _title_goes_on_in_a_note, _title_in_the_journal,
    _title_run_into_the_journal,
)
from refsvc.labelled.venues import (
    _book_read_as_a_container, _bracketed_acronym_after_the_name, _container_publisher,
    _event_in_the_proceedings, _held_after_the_name, _name_cut_before_its_end, _name_ending_in_a_joining_word,
    _no_place, _proceedings_after_the_days, _publisher_before_the_year, _publisher_ending_the_container,
    _publisher_opening_with_in, _reprint_after_the_name, _source_as_container, _venue_ending_the_title,
)

LOW_CONFIDENCE = 0.80  # fields the model is less sure of than this are listed for review


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


_EMPTY_LINK_RE = re.compile(rf"(?:[\s.,;]*\b{_LINK_WORDS}|\s*,\s*at)\s*:?\s*[.,;]?\s*$", re.I)
_MEDIUM_RE = re.compile(r"\s*\[(?:internet|online)\]", re.I)
# The sentence the medium is printed after, where a sentence came before it: NLM prints it after the journal's or
# book's name ("Title. Lake Studies [Internet]. 2011."), so a title ending in that sentence ran into its container
_SENTENCE_BEFORE_MEDIUM_RE = re.compile(r"\w\w[.?!]\s+(?P<sentence>[^.?!\[\]]*\w[)]?)\s*\[(?:internet|online)\]", re.I)
# What a database or style prints for missing pages (PsycINFO's "No Pagination Specified", MLA's "n. pag."): no
# pages, and the punctuation before it goes with it
_AHEAD_OF_PRINT_RE = re.compile(r"[.,;]?\s*\[?(?:Epub\s+)?ahead\s+of\s+print\]?", re.I)
_NO_PAGES_RE = re.compile(r"[,:;.]?\s*(?:pp?\.\s*)?\b(?:No Pagination Specified|n\.\s?pag\.|unpaginated)(?=[.,;]?(?:\s|$))", re.I)
# An issue with a database's note on it after a comma ("45(16, Sp. Iss. SI)": Web of Science's special issue): the
# issue; a note alone where the issue stands ("9(PROGRAM AND ABSTR. ISSUE):394A"): none
_NOTED_ISSUE_RE = re.compile(r"(?<=\d)\((?:(\d+[A-Za-z]?),\s*[^()\d][^()]{0,40}|[A-Z][^()\d]{2,40})\)(?=[:,.\s]|$)")

_AT_LINK_RE = re.compile(r",\s*at,?\s+(?=https?://|www\.)", re.I)


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


def read(text: str) -> Entry:
    """The printed reference as an entry; an empty reference or one with nothing labelled is kind 'misc'."""
    return read_all([text])[0]


def read_all(texts: Sequence[str]) -> list[Entry]:
    """read() of each printed reference, in order: the tagger labels them together, several times faster for
    a list than one by one."""
    prepared = [_prepared(text) for text in texts]
    found = tagger.label_all([plain(REPEATED_AUTHOR_RE.sub("", text)) for text, _, _ in prepared])
    return [_read(text, medium, same_author, spans) for (text, medium, same_author), spans in zip(prepared, found)]


def _prepared(text: str) -> tuple[str, re.Match[str] | None, bool]:
    """The reference as the tagger reads it, the online medium it printed ("[Internet]") and whether it opens
    with a repeated-author dash."""
    # A list's own numbering ("[4]", "12.", "3 ") is not part of the reference: a rule reads it surely.
    text = _without_label(_NUMBERED_RE.sub("", " ".join(text.split()), count=1))
    # "Available at ." or ", at.": a link lost in copying leaves its words behind; ", at, https://…" its lead-in
    # (looked for near the end only: the words run at most ~40 characters, and the pattern is slow to try at every
    # position of a long reference)
    empty = _EMPTY_LINK_RE.search(text, max(0, len(text) - 80))
    text = text[:empty.start()] if empty else text
    text = _AT_LINK_RE.sub(", ", text) if "at" in text else text
    # "[Internet]", "[online]": the medium NLM's and Harvard's styles print after an online title, no word of it
    medium = _SENTENCE_BEFORE_MEDIUM_RE.search(text) if "[" in text else None
    text = _MEDIUM_RE.sub("", text)
    text = _NO_PAGES_RE.sub("", text) if "pag" in text.lower() else text
    # "Epub ahead of print", "[Epub ahead of print]": MEDLINE's mark of an article online before its issue
    text = _AHEAD_OF_PRINT_RE.sub("", text) if "ahead of print" in text.lower() else text
    text = _NOTED_ISSUE_RE.sub(lambda m: f"({m.group(1)})" if m.group(1) else "", text) if "(" in text else text
    same_author = bool(REPEATED_AUTHOR_RE.match(text))
    return text, medium, same_author


def _read(text: str, medium: re.Match[str] | None, same_author: bool, found: list[tagger.Field]) -> Entry:
    if medium:
        found = _container_before_the_medium(found, medium.group("sentence"))
    for rule in _SPAN_RULES:
        found = rule(found)
    fields: dict[str, str] = {}
    confidence: dict[str, float] = {}
    unread: list[str] = []
    spare_pages = spare_date = ""

    def put(name: str, value: str, sure: float) -> None:
        if not any(c.isalnum() for c in value):
            return  # punctuation alone is no field
        if name in ("doi", "url"):
            value = _closed_link(value)
        if name not in fields:
            fields[name] = value
            confidence[name] = sure
        elif value:
            unread.append(value)

    previous = tagger.Field("", "", 1.0)
    for previous, f in zip([previous, *found], found):
        if f.label == "editor" and previous.label in ("", "citation-number") and not _EDITOR_MARK_RE.search(f.text):
            f = replace(f, label="author")  # names opening a reference are its authors unless marked (Ed.)
        if f.label == "title" and "title" in fields and not any(g.label == "container-title" for g in found):
            f = replace(f, label="container-title")  # a second title ("in J. Moss (eds.) Advances…") holds the first
        if f.label in ("author", "editor", "translator"):
            people = names.printed(f.text)
            put(f.label, " and ".join(people), f.confidence)
        elif (f.label == "container-title" or f.label == "note" and not any(g.label == "container-title" for g in found)) \
                and _PREPRINT_RE.match(_trim(f.text)):
            # "arXiv preprint arXiv:1412.7054", as a note or the journal: where a journal would stand, as Google
            # Scholar's BibTeX and Zotero's import of it keep it (journal), not a note the record would lose; an
            # "in" before it and the year after it ("in Arxiv preprint arXiv:1903.01768, , 2019") are none of it
            name, rest = _preprint_name(_trim(f.text))
            put("container", _end(_CONTAINER_LEAD_RE.sub("", name)), f.confidence)
            if rest:
                unread.append(rest)
        elif f.label in ("title", "publisher", "location", "edition", "genre", "note", "collection-title"):
            target = {"location": "address", "genre": "type", "collection-title": "series"}.get(f.label, f.label)
            put(target, _end(f.text) if f.label != "title" else _trim(f.text).rstrip("."), f.confidence)
        elif f.label == "container-title":
            container, numbers = _container_numbers(f.text, found)
            container, publisher = _container_publisher(container, found)
            if publisher and not numbers:
                container, numbers = _container_numbers(container, found)  # "Frontiers in Lakes 9. Frontiers Media SA."
            container, series = _container_series(container)
            if series:
                put("series", series, f.confidence)
            put("container", _end(_CONTAINER_LEAD_RE.sub("", _trim(container))), f.confidence)
            if publisher:
                put("publisher", _end(publisher), f.confidence)
            for name, value in numbers.items():
                put(name, value, f.confidence)
        elif f.label == "date" and re.fullmatch(r"\d{1,3}", _trim(f.text).rstrip(".")) and "volume" not in fields:
            put("volume", _trim(f.text).rstrip("."), f.confidence)  # "…Systems, 24.": no year has 1–3 digits
        elif f.label == "date" and _VOLUME_AFTER_YEAR_RE.match(_trim(f.text)):
            for name, value in _numbers(f.text, "volume").items():  # "2019; 23:": Vancouver's year;volume
                put(name, value, f.confidence)
        elif f.label == "date" and previous.label == "volume" and "pages" not in fields \
                and _PAGE_RE.fullmatch(_trim(f.text).rstrip(".")) and ("date" in fields or not _ANY_YEAR_RE.search(f.text)):
            # "90: 106A.", "92(10), 1725.": no year, or a second one, is a page after the volume
            put("pages", _trim(f.text).rstrip("."), f.confidence)
        elif f.label == "date" and "volume" not in fields and (both := _VOLUME_THEN_YEAR_RE.match(_trim(f.text))):
            put("volume", both.group(1), f.confidence)  # "Oncology," + "19, 1992,": the volume, then the year
            put("date", both.group(2), f.confidence)
        elif f.label == "date" and "volume" in fields and "pages" not in fields \
                and ((paged := _PAGES_THEN_YEAR_RE.match(_trim(f.text))) or previous.label == "volume"
                     and previous.text.rstrip().endswith(":") and (paged := _PAGES_COMMA_YEAR_RE.match(_trim(f.text)))):
            put("pages", paged.group(1), f.confidence)  # "…Rehabilitation 92," + "1717 (2011).": physics styles
            put("date", paged.group(2), f.confidence)
        elif f.label == "date" and (late := _DATE_THEN_PAGES_RE.match(_trim(f.text))):
            put("date", late.group(1), f.confidence)  # "8 (2008), 23.": the pages printed after the year
            spare_pages = spare_pages or _PAGES_PREFIX_RE.sub("", late.group(2))
        elif f.label == "date":
            # "1986a": the letter a list adds to tell one author's works of a year apart (its citations print it)
            letter = re.search(r"\b(?:1[5-9]|20)\d\d([a-z])\b", f.text)
            date = reftext.date_value(re.sub(r"\b((?:1[5-9]|20)\d\d)[a-z]\b", r"\1", f.text))
            put("date", date or "", f.confidence) if date else unread.append(f.text)
            if date and letter:
                put("extradate", letter.group(1), f.confidence)
        elif f.label == "pages" and previous.label == "date" and previous.text.endswith(";") \
                and re.fullmatch(r"\d+[A-Za-z]?", _trim(f.text).rstrip(".")):
            put("volume", _trim(f.text).rstrip("."), f.confidence)  # "2011; 35.": a volume, its pages unprinted
        elif f.label == "pages" and previous.label == "container-title" and "volume" not in fields \
                and not any(g.label == "volume" for g in found) and re.fullmatch(r"\d{1,4}", _trim(f.text).rstrip(".")) \
                and not (_VENUE_WORDS_RE.search(previous.text) and not _PERIODICAL_WORDS & set(previous.text.lower().split())) \
                and (all(g.label in ("date", "url", "doi") for g in found[found.index(f) + 1:])
                     or any(g.label == "pages" for g in found[found.index(f) + 1:])):
            # "BMJ, 342.", "Blood. 116 (2010).": a journal's lone number is its volume ("…, 100594.": an article's),
            # as is one followed by the pages ("Surgery," + "44," + "1991," + "715–9."); a proceedings' is its page
            put("volume", _trim(f.text).rstrip("."), f.confidence)
        elif f.label == "volume" and re.fullmatch(r"[Ee]?\d{5,}", _trim(f.text).rstrip(".")) \
                and not any(g.label == "pages" for g in found):
            put("pages", _trim(f.text).rstrip("."), f.confidence)  # "…, 100594.": no volume has five digits; an article number
        elif f.label == "pages" and spare_pages and "pages" not in fields and previous.label == "volume" \
                and re.fullmatch(r"\[[^\[\]]+\][.,;]?", _trim(f.text)):
            unread.append(f.text)  # "38(1491): 88s" + "[P586]": the pages were printed; this is the abstract's number
        elif f.label in ("volume", "pages"):
            for name, value in _numbers(f.text, f.label, "volume" in fields).items():
                if name == "pages" and f.label == "volume":
                    spare_pages = spare_pages or value  # used only where no span was labelled pages
                elif name == "date":
                    spare_date = spare_date or value
                else:
                    put(name, value, f.confidence)
        elif f.label in ("doi", "url", "isbn"):
            _identifier(f.label, f.text, f.confidence, put)
        elif f.label != "citation-number":
            unread.append(f.text)
    if spare_pages and "pages" not in fields:
        put("pages", spare_pages, confidence.get("volume", 1.0))
    if spare_date and "date" not in fields:
        put("date", spare_date, confidence.get("volume", confidence.get("pages", 1.0)))
    lower = text.lower()
    for name, pattern, mark in (("doi", _DOI_RE, "10."), ("url", _URL_RE, "")):
        if name not in fields and (mark in text if mark else "http" in lower or "www." in lower):
            m = next((m for m in (pattern.search(w) for w in text.split()) if m), None)
            if m:
                put(name, m.group(1), 1.0)
    if "title" not in fields and "note" in fields and "container" not in fields and "publisher" not in fields:
        # Every work has a title: where none was read, the note the model read in its place is it ("Vale, T.
        # 2017." + "Attention Is All You Need")
        fields["title"] = fields.pop("note")
        confidence["title"] = confidence.pop("note")
    if "title" not in fields and "container" in fields and not {"volume", "pages", "editor"} & fields.keys():
        # Every work has a title: a lone "container" with no numbers or editors to hold is the title itself
        # ("Pattern Recognition (Springer).", a book read as a journal).
        fields["title"] = fields.pop("container")
        confidence["title"] = confidence.pop("container")
    kind = _kind(fields)
    if "container" in fields:
        fields["journal" if kind == "article" else "booktitle"] = fields.pop("container")
        confidence["journal" if kind == "article" else "booktitle"] = confidence.pop("container")
    return Entry(kind, fields, confidence, tuple(unread), tuple(found), same_author)


_DATE_THEN_PAGES_RE = re.compile(
    r"^\(?((?:1[5-9]|20)\d\d)\)?[,:;]\s*((?:pp?\.\s*)?[A-Za-z]*\d+[A-Za-z]?(?:\s*[-–—]+\s*[A-Za-z]*\d+[A-Za-z]?)?)\.?$")

_PREPRINT_RE = re.compile(rf"^(?:\w+\s+)?(?:preprint,?\s+)?(?:{_PREPRINT_SERVERS})\b.*\d", re.I)

_PAGES_THEN_YEAR_RE = re.compile(rf"^({_PAGE_RANGE})\s+\(({_YEAR_RE.pattern})[a-z]?\)[.,;]?$")
# "48:" + "1724, 2011.": the pages after the volume's colon, then the year (the Journal of Pain's order)
_PAGES_COMMA_YEAR_RE = re.compile(rf"^({_PAGE_RANGE}),\s+({_YEAR_RE.pattern})[a-z]?[.,;]?$")
_VOLUME_THEN_YEAR_RE = re.compile(rf"^(\d{{1,4}}[A-Za-z]?),\s+({_YEAR_RE.pattern})[a-z]?[.,;]?$")

# (a name printed close up to its numbers, "Journal of Lakes;29(4):", is taken apart too)
# What opens a book's or journal's name and is none of it: "In", "In:", and the Ecological Society's "Page" or
# "Pages 12–19 in" before a proceedings' name
_CONTAINER_LEAD_RE = re.compile(r"^(?:pages?\s+(?:[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]?\d+[A-Za-z]?)?\s+)?(?:in\s+)?|in:?\s+)", re.I)


def _kind(fields: dict[str, str]) -> str:
    genre = fields.get("type", "").lower()
    if re.search(r"thesis|dissertation", genre):
        return "thesis"
    if re.search(r"report|working paper", genre):
        return "report"
    if "container" in fields:
        if not {"volume", "number"} & fields.keys() and _VENUE_WORDS_RE.search(fields["container"]):
            return "inproceedings"  # "Proceedings of the Lake Conference": a journal of that name has a volume
        # (a known journal's name with its publisher and no volume is still the journal: "Gait & Lakes Elsevier;")
        if "editor" in fields or ("publisher" in fields and "volume" not in fields
                                  and not _known_journal(fields["container"])[0]):
            return "incollection"
        return "article"
    if "publisher" in fields or "address" in fields or "isbn" in fields:
        return "book"
    if "url" in fields:
        return "online"
    return "misc"


# A numbered entry: "[4] ", "(4) ", "4. ", or a bare "4 " before a name (Vancouver lists as printed)
# (three digits at most outside brackets, so that a year opening an entry stays)
_NUMBERED_RE = re.compile(r"^(?:\[\d+\]|\(\d+\)|\d{1,3}[.)]|\d{1,3}(?=\s+[^\W\d]))\s+")

# The reading rules over the model's spans, in the order they apply: each takes apart (or puts together)
# what the model ran together or cut, and passes the spans on.
_SPAN_RULES = (_words_before_a_link, _no_place, _source_as_container, _bracketed_notes_end_the_title, _numbers_read_as_a_note, _bracketed_pages_in_a_note, _volume_in_the_journal_span, _brackets_close_in_their_span, _year_before_the_volume, _editors_end_at_their_mark, _names_run_into_the_title, _names_end_at_a_colon, _names_end_at_names,
               _given_first_names_end_at_names, _quoted_whole, _dated, _title_in_the_journal,
               _meeting_in_the_journal, _title_ends_at_a_stop, _venue_ending_the_title, _event_in_the_proceedings, _proceedings_after_the_days, _container_before_numbers_in_the_title, _title_goes_on_in_a_note, _journal_closing_the_title, _journal_after_title, _numbers_opening_a_span,
               _container_tail, _link_out_of_a_span, _preprint_server, _publisher_opening_with_in, _volume_mark_alone, _family_read_as_a_month, _bracketed_volume_after_the_journal,
               _acronym_read_as_a_volume, _name_ending_in_a_joining_word, _name_cut_before_its_end,
               _publisher_before_the_year, _publisher_ending_the_container, _bracketed_acronym_after_the_name,
               _held_after_the_name, _reprint_after_the_name, _numbered_series_after_the_title, _location_in_the_journal, _issue_before_the_year, _pages_after_the_publisher,
               _journal_ending_the_title, _known_journal_after_the_title, _numbers_ending_the_title, _year_as_volume, _journal_begun_in_the_title, _edition_out_of_the_title, _container_in_the_title,
               _container_after_the_closing_quote, _note_in_the_titles_place, _title_and_publisher_in_one_span, _title_run_into_the_journal,
               _container_by_case_after_the_title,
               # again: a journal read as a publisher shows only once a title and its publisher are apart
               _subtitle_after_the_colon, _known_journal_after_the_title,
               # and an edition ending the title, once the publisher is out of it ("Magic. 4th ed. Orr Books;")
               _edition_out_of_the_title,
               # last, what no rule read as a title is the book's own
               _book_read_as_a_container)
