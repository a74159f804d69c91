"""A printed reference, labelled by the tagger, as a BibTeX entry: names split, numbers and dates read.

The model finds where each field is; the rules here only read a field once found (a volume's issue in
parentheses, 'pp.' before pages, the date inside '(2011).'), which is what rules are good at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from refsvc import journals, names, publishers, reftext, tagger

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


# The words that lead into a link, in English and the main European languages: "Available at", "Retrieved from",
# "Online verfügbar unter", "Disponible en", "Recuperado de", "Disponível em", "Disponible sur"
_LINK_WORDS = (r"(?:Available\s+(?:at|from|online)|Retrieved\s+from|Accessed\s+(?:at|from|online)|Accessed(?=\s*:)"
               r"|(?:Online\s+)?(?:verfügbar|abrufbar)\s+unter|Abgerufen\s+von|Disponible\s+(?:en|sur)(?:\s+línea)?"
               r"|Recuperado\s+de|Disponível\s+em)")
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
# What a style prints for a missing place or publisher: "n.p.", "s.l.", "s.n.", "[S.l.]: [s.n.]", German "o. O.",
# "sine loco" — words for no field, after a field's stop ("… gambiae s.l." is a species group; "N. P." initials)
_NO_PLACE_RE = re.compile(r"(?:(?<=^)|(?<=[.,;:)\]]\s))(?:\[?(?:[sS]\.\s?[ln]\.|[nN]\.\s?p\.|o\.\s?O\.|[sS]ine\s+(?:loco|nomine))"
                          r"\]?\s*[:,;.]?(?:\s+|$))+")
_AT_LINK_RE = re.compile(r",\s*at,?\s+(?=https?://|www\.)", re.I)
# "———.", "---,", "——": the same names as the entry above (Chicago 18 §13.72, APA 6)
REPEATED_AUTHOR_RE = re.compile(r"^\s*[-—–_]{2,}\s*[.,]?\s*")
_NEEDS_PLAIN_RE = re.compile(r"[*_<>]|[a-z]{2}\.[A-Z]")
_GLUED_STOP_RE = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z](?:[a-z]|[A-Z]{2}))")  # "Optimization.New", "Control.IEEE"
_EMPHASIS_RE = re.compile(r"(?<![\w*])\*{1,2}(?=\S)|(?<=\S)\*{1,2}(?![\w*])|(?<![\w/])_(?=\w)|(?<=[\w.,])_(?![\w/])")


def plain(text: str) -> str:
    """A reference as plain words: markdown emphasis (*x*, **x**, _x_) and the <> around links dropped, as
    PDF-to-text conversion leaves them, and a full stop run into the next sentence ("Optimization.New York")
    given its space; links themselves are kept whole."""
    if not _NEEDS_PLAIN_RE.search(text):
        return " ".join(text.split())  # most references hold no such marks: no word-by-word pass
    out = []
    for word in text.split():
        if re.match(r"<?(?:https?://|www\.|doi:)", word, re.I):
            out.append(re.sub(r"^<|>(?=[.,;]?$)", "", word))
        elif "/" in word or "@" in word:
            out.append(_EMPHASIS_RE.sub("", word))
        else:
            out.append(_GLUED_STOP_RE.sub(". ", _EMPHASIS_RE.sub("", word)))
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


_LEADING = frozenset(",;:.")
_TRAILING = frozenset(",;:")


def _trim(text: str) -> str:
    r"""A span less the spaces and punctuation opening it and closing it, with a full stop after an empty
    field ("Press,."): `^[\s,;:.]+|[\s,;:]+\.?$`, stripped by hand, as that pattern tries its ending at every
    space of the text."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in _LEADING):
        start += 1
    stop = end - 1 if end > start and text[end - 1] == "." else end
    cut = stop
    while cut > start and (text[cut - 1].isspace() or text[cut - 1] in _TRAILING):
        cut -= 1
    if cut == stop and stop != end:
        return text[start:end]  # a full stop with nothing to strip before it stays
    return text[start:cut]


def _end(text: str) -> str:
    """A field without the full stop that ends it, kept where it ends an abbreviation (Co., Lett., Proc. Natl.)."""
    text = _trim(text)
    # "(Tarn Press, Leeds).": styles that bracket the publisher and place, read as one field or two
    if text.count("(") != text.count(")"):
        text = _trim(text.lstrip("(") if text.startswith("(") else re.sub(r"\)\.?$", "", text))
    elif re.fullmatch(r"\([^()]+\)\.?", text):
        text = _trim(text.rstrip(".")[1:-1])
    words = text.split()
    # A long last word, or an acronym ("PLoS ONE."), ends with a full stop that is no abbreviation's.
    last = words[-1][:-1] if words else ""
    if text.endswith(".") and words and (len(words[-1]) > 5 or (len(last) >= 3 and last.isupper())) \
            and not re.search(r"\b\w{1,5}\.\s", text):
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
    found = tagger.label(plain(REPEATED_AUTHOR_RE.sub("", text)))
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


_PAGE_RE = re.compile(r"[A-Za-z]?\d{1,4}[A-Za-z]?(?:\s*[-–—]+\s*[A-Za-z]?\d+[A-Za-z]?)?")  # "106A", "S25", "45–67"
_DATE_THEN_PAGES_RE = re.compile(
    r"^\(?((?:1[5-9]|20)\d\d)\)?[,:;]\s*((?:pp?\.\s*)?[A-Za-z]*\d+[A-Za-z]?(?:\s*[-–—]+\s*[A-Za-z]*\d+[A-Za-z]?)?)\.?$")
_LEADING_DATE_RE = re.compile(r"^(\(?(?:1[5-9]\d\d|20\d\d)[a-z]?(?:\s*[-–]\s*(?:1[5-9]\d\d|20\d\d))?\)?[.,:]?)\s+(\S.*)$")
_TRAILING_YEAR_RE = re.compile(r"^(.*\S)\s+((?:1[5-9]\d\d|20\d\d)[a-z]?[;,.]?)$")
_ANY_YEAR_RE = re.compile(r"(?<![\d/.-])(1[5-9]\d\d|20\d\d)(?![\d/]|\.\d)")  # not "arXiv:1903.01768"


def _dated(found: list[tagger.Field]) -> list[tagger.Field]:
    """Where the model labelled no date, the year it left inside another span: opening the title
    ("(1984–1986) Computers…"), closing the journal title ("PLoS ONE 2021;", Vancouver), or in a closing
    note ("(Curran Associates, 2016).")."""
    if any(f.label == "date" for f in found):
        return found
    for k, f in enumerate(found):
        lead = _LEADING_DATE_RE.match(f.text) if f.label == "title" else None
        if lead:
            return [*found[:k], tagger.Field("date", lead.group(1), f.confidence),
                    tagger.Field("title", lead.group(2), f.confidence), *found[k + 1:]]
        trail = _TRAILING_YEAR_RE.match(f.text) if f.label == "container-title" else None
        if trail:
            return [*found[:k], tagger.Field("container-title", trail.group(1), f.confidence),
                    tagger.Field("date", trail.group(2), f.confidence), *found[k + 1:]]
    for f in reversed(found):
        year = _ANY_YEAR_RE.search(f.text) if f.label in ("note", "publisher", "location", "volume") else None
        if year:
            return [*found, tagger.Field("date", year.group(1), f.confidence * 0.9)]
    return found


_OPENING_QUOTE_RE = re.compile(r"^[(\[]?[“\"‘]")
_CLOSING_QUOTE_RE = re.compile(r"[”\"’][.,;:]?\)?[.,;:]?$")


def _quoted_whole(found: list[tagger.Field]) -> list[tagger.Field]:
    """A title printed in quotes ends at its closing quote: spans the model cut out of it ("“Remarks from
    MIS Quarterly Editor – Editor’s Comments,”" read as title, editor, title) are the title's again."""
    for k, f in enumerate(found):
        if f.label != "title" or not _OPENING_QUOTE_RE.match(f.text) or _CLOSING_QUOTE_RE.search(f.text):
            continue
        end = next((j for j in range(k + 1, min(k + 4, len(found))) if _CLOSING_QUOTE_RE.search(found[j].text)
                    or _QUOTE_CLOSED_INSIDE_RE.search(found[j].text)), None)
        if end is None:
            return found
        # "‘… effusions." + "LCSG Trial 861’, Chest,": the quote closes inside a span; what follows it keeps its label
        inside = None if _CLOSING_QUOTE_RE.search(found[end].text) else _QUOTE_CLOSED_INSIDE_RE.search(found[end].text)
        head = found[end].text[:inside.end()].rstrip() if inside else found[end].text
        whole = tagger.Field("title", " ".join([*(g.text for g in found[k:end]), head]),
                             min(g.confidence for g in found[k:end + 1]))
        rest = [replace(found[end], text=found[end].text[inside.end():].strip())] if inside else []
        return [*found[:k], whole, *rest, *found[end + 1:]]
    return found


_QUOTE_CLOSED_INSIDE_RE = re.compile(r"[”\"’][.,;:]\s")


# A preprint server's name and the paper's number there: "arXiv preprint arXiv:1412.7054", "bioRxiv 2020.03.01.1"
_PREPRINT_SERVERS = r"arxiv|biorxiv|medrxiv|psyarxiv|socarxiv|ssrn"
# A preprint server's name alone where a journal stands ("… Dimensions. arXiv.", "bioRxiv,")
_PREPRINT_SERVER_RE = re.compile(rf"(?:{_PREPRINT_SERVERS}|research\s+square|preprints\.org)[.,;]?", re.I)
_PREPRINT_WORDS_RE = re.compile(r"rxiv|ssrn|research\s+square|preprints", re.I)  # where such a name can be, cheaply
_PREPRINT_RE = re.compile(rf"^(?:\w+\s+)?(?:preprint,?\s+)?(?:{_PREPRINT_SERVERS})\b.*\d", re.I)
# A preprint's name: through the server's own identifier ("arXiv preprint arXiv:1806.07555"), or the server's
# name, where only a year, a number, a link or the date it went online follow ("bioRxiv, 807693", "arXiv. 2020.")
# (an identifier of arXiv's forms, "1806.07555", "math/0211159": "bioRxiv:818138" is the server, then a page)
_PREPRINT_THROUGH_ID_RE = re.compile(rf"^.*?\b(?:{_PREPRINT_SERVERS})\s*:\s*(?:\d{{4}}\.\d{{4,5}}|[a-z.-]+/\d{{7}})(?:v\d+)?",
                                     re.I)
_PREPRINT_THROUGH_SERVER_RE = re.compile(rf"^.*?\b(?:{_PREPRINT_SERVERS})\b(?=[\s,;.:]*(?:\d|\[|https?:|published\s+online|$))",
                                         re.I)


def _preprint_name(text: str) -> tuple[str, str]:
    """(the preprint's name as a journal's, what was printed after it) for a span naming a preprint server:
    an identifier or year after the name is none of it ("in Arxiv preprint arXiv:1903.01768, , 2019")."""
    m = _PREPRINT_THROUGH_ID_RE.match(text) or _PREPRINT_THROUGH_SERVER_RE.match(text)
    if m is None:
        return text, ""
    rest = text[m.end():].strip(" ,;.:")
    # (a year or link there is read elsewhere in the reference; anything else is reported unread)
    left = re.sub(r"\[?\s*(?:https?://|doi:)\S+\s*\]?|\b(?:1[5-9]|20)\d\d\b", "", rest)
    return m.group(), rest if any(c.isalnum() for c in left) else ""


_EDITOR_MARK_RE = re.compile(r"\b(?:eds?|editors?|edited|hrsg|hg|dir|coord)\b", re.I)
_YEAR_RE = re.compile(r"1[5-9]\d\d|20\d\d")
# "2019; 23:": Vancouver's year, then the volume (the year captured)
_VOLUME_AFTER_YEAR_RE = re.compile(rf"^({_YEAR_RE.pattern})[a-z]?\s*;\s*(?=\d)")
# a page or a range of pages as printed: "106A", "S25", "45–67", "e119"
_PAGE_RANGE = r"[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]+\s*[A-Za-z]?\d+[A-Za-z]?)?"
_PAGES_THEN_YEAR_RE = re.compile(rf"^({_PAGE_RANGE})\s+\(({_YEAR_RE.pattern})[a-z]?\)[.,;]?$")
# "48:" + "1724, 2011.": the pages after the volume's colon, then the year (the Journal of Pain's order)
_PAGES_COMMA_YEAR_RE = re.compile(rf"^({_PAGE_RANGE}),\s+({_YEAR_RE.pattern})[a-z]?[.,;]?$")
_VOLUME_THEN_YEAR_RE = re.compile(rf"^(\d{{1,4}}[A-Za-z]?),\s+({_YEAR_RE.pattern})[a-z]?[.,;]?$")
# The last printed initials of an inverted name ("Orr, T." "Orr, T. A.," "Orr TA."), a suffix aside
_LAST_INITIALS_RE = re.compile(r"^(?:[A-Z]\.(?:-?[A-Z]\.)*|[A-Z]{1,3}\.?)[.,]?$")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


# A Vancouver list closed by a colon, as German medical journals print it: "Vale TJ, von Orr L, et al.: Title"
_VANCOUVER_NAME = r"(?:[a-z]+\s)*[A-Z][\w'’-]+(?:[\s-][A-Z][a-z][\w'’-]*)*\s[A-Z]{1,4}"
_NAMES_THEN_COLON_RE = re.compile(rf"^(?P<names>{_VANCOUVER_NAME}(?:,\s+{_VANCOUVER_NAME})*(?:,?\s+et\s+al\.)?)\s*:\s+(?P<rest>\S.*)$")


def _names_end_at_a_colon(found: list[tagger.Field]) -> list[tagger.Field]:
    """A name list closed by a colon ("Pohl F: Gateway.", "… Mitchell AL, Day SP: Performance of …") ends
    there: what the model ran on into the names is the title's, and names it began the title with are the list's."""
    for k, f in enumerate(found):
        if f.label != "author":
            continue
        following = found[k + 1] if k + 1 < len(found) else None
        m = _NAMES_THEN_COLON_RE.match(f.text) if ":" in f.text else None
        if m:
            names = replace(f, text=m.group("names"))
            if following is not None and following.label == "title":
                title = replace(following, text=f"{m.group('rest')} {following.text}")
                return [*found[:k], names, title, *found[k + 2:]]
            if not any(g.label == "title" for g in found):
                return [*found[:k], names, tagger.Field("title", m.group("rest"), f.confidence), *found[k + 1:]]
            return found
        n = _NAMES_THEN_COLON_RE.match(following.text) if following is not None and following.label == "title" \
            and ":" in following.text[:80] else None
        if n and f.text.rstrip().endswith(","):
            return [*found[:k], replace(f, text=f"{f.text} {n.group('names')}"),
                    replace(following, text=n.group("rest")), *found[k + 2:]]
        return found
    return found


_FIRST_INVERTED_THEN_GIVEN_FIRST_RE = re.compile(r"^[^\s,]+(?:\s[^\s,]+)?,\s+(?:[A-Z]\.\s*-?)+,\s+(?:[A-Z]\.\s*-?)+\s*[A-Z][\w'’-]")


def _names_end_at_names(found: list[tagger.Field]) -> list[tagger.Field]:
    """Words the model left in a name list after its last inverted name ("Orr, T. Editorial Notes.") are
    the title's first words: the start of the title span that follows, or the title when none was found."""
    has_title = any(f.label == "title" for f in found)
    for k, f in enumerate(found):
        if f.label not in ("author", "editor"):
            continue
        words = f.text.split()
        if _LAST_INITIALS_RE.match(words[0]):
            return found  # given names first ("J. Orr, T. Vale"): no inverted name to end at
        joined = [w.lower() in ("and", "&") for w in words]
        # "Orr, T." (inverted, a comma before the initials) or Vancouver's "Orr TA" (no 'and' in such lists, but
        # before the last name of one whose every comma follows initials: "Orr T A, and Hale T.")
        ends = [j for j in range(1, len(words) - 1) if _LAST_INITIALS_RE.match(words[j])
                and (words[j - 1].endswith(",") and not _LAST_INITIALS_RE.match(words[j - 1]) or (re.fullmatch(r"[A-Z]{1,3}\.?|(?:[A-Z]\.)+,", words[j]) and (not any(joined[:j]) or (
                    not any(joined[:j - 2]) and all(re.fullmatch(r"[A-Z]{1,3},", w) for w in words[:j] if w.endswith(","))))
                                                     and words[j - 1][:1].isupper() and words[j - 1][-1:].isalpha()))]
        # "Orr, Tom. Snuff.": a given name written out ends the inverted name at its full stop (a list goes on
        # with commas), the first such stop within three capitalised words of the comma
        stops = [j for j in range(1, len(words) - 1) if re.fullmatch(r"[A-Z][a-z]+\.", words[j])
                 and words[j][:-1].lower() not in _SUFFIXES
                 and any(words[i].endswith(",") and not _LAST_INITIALS_RE.match(words[i])  # "Vale Y., Snuff.": no
                         and all(w[:1].isupper() for w in words[i + 1:j]) for i in range(max(0, j - 3), j))]
        # a list whose first name alone is inverted ("Vale, S., M. Orr, R. Moss,", as Chicago and MLA print it):
        # initials there open the next given-first name, which no list ends at
        if _FIRST_INVERTED_THEN_GIVEN_FIRST_RE.match(f.text):
            ends = [j for j in ends if j == 1 or not (j + 1 < len(words) and words[j + 1][:1].isupper())]
        # Vancouver's list closes at the stop after its initials ("Vale A. Lake AI and…", "Vale D. Lake III
        # Manual."): capitals after it are the title's, however like initials they look
        closing = [j for j in ends if re.fullmatch(r"[A-Z]{1,3}\.", words[j])
                   and all(re.fullmatch(r"[A-Z]{1,3},", w) for w in words[:j] if w.endswith(","))]
        ends = [j for j in ends if j <= closing[0]] if closing else ends
        if not ends and not stops:
            return found
        j = min(stops) if stops and (not ends or min(stops) > ends[-1]) else ends[-1]
        while j + 1 < len(words) and re.fullmatch(r"[A-Z]\.,?", words[j + 1]) and words[j].endswith(".") and j in ends:
            ends.append(j + 1)  # "Orr, J. J. L. Mughal…", "Vale H. S.,": the initials after the first are the same name's
            j += 1
        rest = words[j + 1:]
        if not rest:
            return found
        # Vancouver's list ends at the full stop after its last initials ("Godlee F. Avastin…", "Ji H, Schneider
        # C. HPV…"): what follows is no name, whatever its capitals.
        closed = bool(re.fullmatch(r"[A-Z]{1,3}\.", words[j])) and all(
            re.fullmatch(r"[A-Z]{1,3},", w) for w in words[:j] if w.endswith(","))  # every name "Orr TA,"
        if not rest[0][:1].isupper() or rest[0].lower().strip(".,") in _SUFFIXES or "et al" in " ".join(rest) \
                or not closed and any(w in ("&", "and") or _LAST_INITIALS_RE.match(w) for w in rest):
            return found
        names = tagger.Field(f.label, " ".join(words[:j + 1]), f.confidence)
        following = found[k + 1] if k + 1 < len(found) else None
        # (a title's head before its colon goes on in the span after it, whatever its label: "Bell D.
        # Cybercultures:" + "Critical Concepts in Lake Studies.")
        if following is not None and (following.label == "title" or not has_title and rest[-1].endswith(":")
                                      and following.label == "container-title"):
            title = tagger.Field("title", " ".join(rest) + " " + following.text, following.confidence)
            return [*found[:k], names, title, *found[k + 2:]]
        # the rest is a title where it ends as one, or with the comma or semicolon before the date or the
        # publisher ("Snuff. Doubleday," + "2011.", "Vale T. Snuff," + "Orr University Press,", Vancouver's
        # "Vale Y. Snuff. Orr Books;" + "2010.")
        if not has_title and (" ".join(rest)[-1:] in ".?!" or rest[-1][-1:] in ",;" and following is not None
                              and following.label in ("date", "publisher")):
            return [*found[:k], names, tagger.Field("title", " ".join(rest), f.confidence), *found[k + 1:]]
        return found
    return found


# one given-first name as physics and engineering styles print it: "T. Orr", "J.-P. van der Vale", "A. B. Moss Hale"
_INITIALS_FIRST_NAME_RE = re.compile(r"(?:[A-Z]\.\s*-?\s*)+(?:[a-z’']+\s+)*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*")
_NAME_SEPARATOR_RE = re.compile(r",\s+(?:and\s+|&\s*)?|\s+(?:and|&)\s+")


def _given_first_names_end_at_names(found: list[tagger.Field]) -> list[tagger.Field]:
    """In a list of given-first names ("T. Orr, B. Vale, and C. Moss"), the first part that is no such name
    ("T. Orr, Winter Trout (Hale," read as one author span) begins the title: it goes to the title span after the
    list, or stands as the title where none follows."""
    for k, f in enumerate(found):
        if f.label != "author":
            continue
        if not _INITIALS_FIRST_NAME_RE.match(f.text):
            return found
        start = 0
        for m in [*_NAME_SEPARATOR_RE.finditer(f.text), None]:
            part = f.text[start:m.start() if m else len(f.text)].strip().rstrip(".,")
            if not (_INITIALS_FIRST_NAME_RE.fullmatch(part) or part.lower().strip(".") in _SUFFIXES
                    or re.fullmatch(r"et\.?\s+al", part)):
                break
            if m is None:
                return found
            start = m.end()
        if start == 0:
            return found
        names, rest = f.text[:start].rstrip(), f.text[start:].strip()
        following = found[k + 1] if k + 1 < len(found) else None
        if following is not None and following.label == "title":
            title = replace(following, text=f"{rest} {following.text}")
            return [*found[:k], replace(f, text=names), title, *found[k + 2:]]
        if not any(g.label == "title" for g in found):
            return [*found[:k], replace(f, text=names), tagger.Field("title", rest, f.confidence), *found[k + 1:]]
        return found
    return found


_VANCOUVER_NAME = r"(?:[a-z]+\s)?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s[A-Z]{1,3}"  # "Orr TA", "de la Vale R"
_VANCOUVER_NAME_RE = re.compile(rf"^({_VANCOUVER_NAME}\.)\s+(?=\S)")
_WHOLE_VANCOUVER_NAME_RE = re.compile(rf"^{_VANCOUVER_NAME}\.?$")
# A list of given-first names cut after some initials ("C.A. Vale, K. Orr, G.D."), and the rest of it
_GIVEN_FIRST_CUT_RE = re.compile(r"^(?:[A-Z]\.\s*-?)+\s*[A-Z][\w'’-]+,.*\s(?:[A-Z]\.\s*-?)+$")
_GIVEN_FIRST_REST_RE = re.compile(r"^([A-Z][\w'’-]+(?:(?:,\s+|\s+(?:and|&)\s+)(?:[A-Z]\.\s*-?)+\s*[A-Z][\w'’-]+)*)"
                                  r",\s+(?=\S)")
_ET_AL_OPENING_RE = re.compile(r"^([^“\"‘.]{1,60}?\bet\.?\s+al\.?,?)\s+(?=\S)")  # "Moss, et al., “…"


def _names_run_into_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """A name list whose span ends at a comma goes on: a Vancouver name opening the title span after it
    ("Shepherd AB, Palmer AL," + "Baliga R. Atypical…") is the list's last name, and a title span opening with
    names and "et al." holds the end of the list."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        rest = _GIVEN_FIRST_REST_RE.match(after.text) if f.label == "author" and after.label == "title" \
            and _GIVEN_FIRST_CUT_RE.match(f.text) else None
        if rest:
            # "C.A. Vale, K. Orr, G.D." + "Moss and B.C. Hale, Winter…": a list of given-first names
            # never ends at initials; its family name and any names after it open the title span
            return [*found[:k], tagger.Field("author", f"{f.text} {rest.group(1)}", f.confidence),
                    tagger.Field("title", after.text[rest.end():], after.confidence), *found[k + 2:]]
        others = _ET_AL_OPENING_RE.match(after.text) if f.label == "author" and after.label == "title" else None
        if others:
            # "…, J" + "Moss, et al., “Winter feeding…”": the list goes on to its "et al."
            return [*found[:k], tagger.Field("author", f"{f.text} {others.group(1)}", f.confidence),
                    tagger.Field("title", after.text[others.end():], after.confidence), *found[k + 2:]]
        if f.label == "author" and f.text.rstrip().endswith(",") and after.label == "title":
            if _WHOLE_VANCOUVER_NAME_RE.match(after.text) and k + 2 < len(found) and found[k + 2].label == "date":
                # "Orr TA," + "Vale R" + "(2009)": the last name of the list, its year after it
                return [*found[:k], tagger.Field("author", f"{f.text} {after.text}", f.confidence), *found[k + 2:]]
            name = _VANCOUVER_NAME_RE.match(after.text)
            # the list itself is Vancouver's, its initials stopped or not ("Ma J," and "Ma J.,"; not "Vale, R.,")
            if name and re.search(r"[^\s,]\s[A-Z]{1,3}\.?,$", f.text.rstrip()):
                return [*found[:k], tagger.Field("author", f"{f.text} {name.group(1)}", f.confidence),
                        tagger.Field("title", after.text[name.end():], after.confidence), *found[k + 2:]]
    return found


# Words that make a name a firm's ("Curran Associates, Inc.", "Oxford University Press")
_PUBLISHER_WORDS = frozenset("press inc inc. ltd ltd. llc gmbh verlag publishers publishing publications associates "
                             "books edition editions éditions".split())


def _container_publisher(text: str, found: list[tagger.Field]) -> tuple[str, str]:
    """A book or proceedings title the model ran on into its publisher ("Advances in Learning. Curran
    Associates, Inc."): the last sentence of it is the publisher where it names a firm and none was labelled."""
    if any(f.label == "publisher" for f in found):
        return text, ""
    trimmed = _trim(text)
    head, sep, tail = trimmed.rpartition(". ")
    words = {w.lower().strip(",.;:") for w in tail.split()}
    if sep and head and tail[:1].isupper() and words & _PUBLISHER_WORDS and len(tail.split()) <= 6:
        return head, tail
    # the last sentence a publisher's name in the packaged list, or two family names joined by "&" as firms are
    # named ("… Communication Yearbook. Orr & Vale,")
    firm = tail.rstrip(" ,;")
    if sep and len(head.split()) >= 2 and (publishers.known(firm) or re.fullmatch(r"[A-Z][a-z]+ & [A-Z][a-z]+", firm)) \
            and not _known_journal(text)[0] and not _known_journal(firm)[0]:
        return head, firm
    # after a comma, a publisher's name in the packaged list, with the year printed again before it ("In:
    # Proceedings of the Lake Conference, 2019, ACM", "in: Proceedings …, ACM,")
    before, comma, firm = trimmed.rstrip(" ,").rpartition(", ")
    if comma and len(before.split()) >= 2 and publishers.known(firm) and not _known_journal(text)[0]:
        return re.sub(r",\s*(?:1[5-9]|20)\d\d$", "", before), firm
    # A book or proceedings ("In: …", never a journal) ending in its society or its acronym: "In: Symposium on
    # Lake Systems. ASCE.", "In: Lake Symp. American Water Works Association,"
    if sep and head and re.match(r"in\b", trimmed, re.I) and len(tail.split()) <= 6 and (
            re.fullmatch(r"[A-Z]{2,6}\.?", tail) or tail[:1].isupper() and words & names.ORGANISATION_WORDS):
        return head, tail
    # A journal's name (its volume may follow it), then its publisher after a stop or a comma, as records
    # exported with a publisher print it: "Frontiers in Lakes 9. Frontiers Media SA.", "Journal of Lake
    # Engineering, American Society of Lake Engineers." A one-word name ("Transactions. American Lake Society")
    # may be the start of a society's journal's: there only a publisher on the list is one.
    firm = _JOURNAL_THEN_FIRM_RE.match(trimmed.rstrip(" ,.;:"))
    if firm and _known_journal(firm.group("journal"))[0] and not _known_journal(firm.group("firm"))[0] and (
            publishers.known(firm.group("firm")) or len(firm.group("journal").split()) > 1 and {
                w.lower().strip(",.") for w in firm.group("firm").split()} & (_PUBLISHER_WORDS | _FIRM_WORDS | names.ORGANISATION_WORDS)):
        return firm.group("journal"), firm.group("firm")
    return text, ""


# A short capitalised name after a stop or a comma that closes a span ("… Engineering, American Society of Lake
# Engineers", "… 9. Frontiers Media SA")
_JOURNAL_THEN_FIRM_RE = re.compile(r"^(?P<journal>.*?[^\W\d].*?\S)(?:\.|,)\s+(?P<firm>[A-Z][^.,;:()]*(?:,\s*(?:Inc|Ltd|LLC)\.?)?)$")
# Words of firms' names that are no word of a journal's after its name's end ("Frontiers Media SA", "Orr & Co")
_FIRM_WORDS = frozenset("media sa ag co corp company group".split())


# A series named after a book's title: "…, Lecture Notes in Lake Science", ". The Orr Series in Lake Studies",
# ", ACM International Conference Proceeding Series" (never a journal's lettered section, "Series B")
_SERIES_TAIL_RE = re.compile(r"^(?P<name>.*?\w[^,]*?)[.,]\s+(?P<series>(?:The\s+)?(?:[A-Z][\w&'’-]*\s+)*"
                             r"(?:Series(?!\s+[A-Z]\b)|Lecture\s+Notes\s+in)\b[^.,;]*?)[.,;]?$")


def _container_series(text: str) -> tuple[str, str]:
    """A book's or proceedings' title the model ran on into its series: (the title, the series), or (text, "")."""
    if "Series" not in text and "Lecture" not in text:
        return text, ""
    m = _SERIES_TAIL_RE.match(_trim(text))
    if m is None or len(m.group("name").split()) < 2 or _known_journal(text)[0]:
        return text, ""
    return m.group("name"), m.group("series")


# (a name printed close up to its numbers, "Journal of Lakes;29(4):", is taken apart too)
# What opens a book's or journal's name and is none of it: "In", "In:", and the Ecological Society's "Page" or
# "Pages 12–19 in" before a proceedings' name
_CONTAINER_LEAD_RE = re.compile(r"^(?:pages?\s+(?:[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]?\d+[A-Za-z]?)?\s+)?(?:in\s+)?|in:?\s+)", re.I)
# What an issue's brackets hold: words, and brackets of their own one deep ("74(8-B(E))")
_IN_ISSUE_BRACKETS = r"(?:[^()]|\([^()]*\))"
_TRAILING_NUMBERS_RE = re.compile(r"^(?P<name>.*?\D)(?:[\s,]+|(?<=[^\W\d])[;:])"
                                  rf"(?P<numbers>(?:(?:1[5-9]|20)\d\d[a-z]?\s*;\s*)?\d+[A-Za-z]?(?:\({_IN_ISSUE_BRACKETS}*\)|\s\((?=\d){_IN_ISSUE_BRACKETS}*\)|/\d+[\w()–-]*|\.\d+-[A-Z][\w()–-]*|,?\s*nos?\.\s*\d[\w()–-]*)?(?:\s*:\s*\S+|(?:,\s*(?:pp?\.\s*)?|\s+)(?:[A-Za-z]{{0,2}}|[Ss]uppl\.?[\s-]?)\d[\w–-]*)?)[.,]?$")


def _container_numbers(text: str, found: list[tagger.Field]) -> tuple[str, dict[str, str]]:
    """A journal title the model ran on into its volume ("MIS Quarterly 43(1):iii–ix"), taken apart where no
    span was labelled volume and the numbers carry an issue or pages (a bare trailing number may be the name's)."""
    m = _TRAILING_NUMBERS_RE.match(_trim(text))
    if m is None or any(f.label == "volume" for f in found):
        return text, {}
    read = [f for f in found if f.label not in ("url", "doi", "note")]
    last = read[-1].text == text
    after = next((read[k + 1] for k, f in enumerate(read[:-1]) if f.text == text), None)
    # "12(3)", "12: 45", "7, CD003586", "107:" + pages; "Journal of Lakes 202," + "49": a number between the name
    # and its pages
    marked = re.search(r"[(:,/]", m.group("numbers")) or text.rstrip().endswith(":") or (
        after is not None and after.label == "pages" and not _YEAR_RE.fullmatch(m.group("numbers"))) or (
        # "Computers & Lakes 145." + "Elsevier: 105857.": a bare number after a journal's whole name, where the
        # name with it is no journal's, is the volume
        re.fullmatch(r"\d{1,4}", m.group("numbers")) and not _YEAR_RE.fullmatch(m.group("numbers"))
        and _known_journal(m.group("name"))[0] and journals.name_key(f"{m.group('name')} {m.group('numbers')}") not in journals.load_journal_names().canonical)
    if not marked and not (last and not _YEAR_RE.fullmatch(m.group("numbers"))):
        return text, {}  # a bare number may be the name's own, unless it ends the reference and is no year
    numbers = _numbers(m.group("numbers"), "volume")
    if list(numbers) == ["volume"] and re.fullmatch(r"\d{5,}", numbers["volume"]):
        numbers = {"pages": numbers["volume"]}  # "Lake Studies:100594": no volume has five digits; an article's number
    if "pages" in numbers and any(f.label == "pages" for f in found):
        return text, {}
    return m.group("name"), numbers


def _known_journal(text: str) -> tuple[bool, bool]:
    """(whether text, less the numbers printed after it, is a journal's name in the packaged list; whether it
    had such numbers): "Sleep and Biological Rhythms;7:A34." is (True, True), "Nature Medicine," (True, False)."""
    numbered = _TRAILING_NUMBERS_RE.match(_trim(text))
    name = numbered.group("name") if numbered else text
    return journals.name_key(name.rstrip(" ,.;:")) in journals.load_journal_names().canonical, numbered is not None


def _title_in_the_journal(found: list[tagger.Field]) -> list[tagger.Field]:
    """No title, but a journal span holding a comma before its numbers ("Differential Evolution: A Survey,
    IEEE Transactions on Evolutionary Computation" + "15,"): styles that separate every field by commas print
    the title and the journal as one run, and the last comma before a capital is where the title ends; with
    no such comma, the first full stop after a word."""
    if any(f.label == "title" for f in found):
        return found
    for k, f in enumerate(found[:-1]):
        if f.label != "container-title" or found[k + 1].label not in ("volume", "pages") and not _vancouver_numbers_after(found, k):
            continue
        body = f.text.rstrip(" ,.")
        cut = [m for m in re.finditer(r",\s+(?=[A-Z])", body)]
        if not cut:
            # "… decision-making: PLoS One," + "v. 5,": the last stop or colon after which a known journal's name
            # is all that is left (USGS prints "Title: Journal, v. 5")
            cut = [m for m in re.finditer(r"(?<=\w\w)[.:]\s+(?=[A-Z])", body) if _known_journal(body[m.end():])[0]][-1:]
        if not cut:
            # "The Future of Work. MIS Quarterly Executive" + "12,": a style that ends the title with a full
            # stop; the first stop after a word (not an initial, "J." or "al.") is the title's end
            cut = [m for m in re.finditer(r"(?<=\w{3})\.\s+(?=[A-Z])", body)][:1]
        if not cut or len(f.text[:cut[-1].start()].split()) < 2:
            return found
        return [*found[:k], tagger.Field("title", f.text[:cut[-1].end()].strip(), f.confidence),
                tagger.Field("container-title", f.text[cut[-1].end():], f.confidence), *found[k + 1:]]
    return found


def _title_ends_at_a_stop(found: list[tagger.Field]) -> list[tagger.Field]:
    """Styles close a title with punctuation before the journal: a title span ending mid-sentence whose
    journal span holds a full stop (or, failing one, a comma) was cut too early ("… myeloid leukemia" +
    "(CML) in chronic phase (CP). Blood."), and the words up to that stop are the title's."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        # A closing quote ends a title only where it closes the title's own quotes, not a word quoted inside it
        # ("The “masters”" + "project (…). Cytopathology,").
        closed = re.search(r"[.?!,;:]$|[.?!,;:][”\"’]$", f.text) or (
            re.search(r"[”\"’]$", f.text) and _OPENING_QUOTE_RE.match(f.text))
        if f.label != "title" or after.label != "container-title" or closed:
            continue
        stop = re.search(r"[.?!]\s+(?=\S)", after.text) or re.search(r",\s+(?=\S)", after.text)
        if stop is None:
            return found
        return [*found[:k], tagger.Field("title", f"{f.text} {after.text[:stop.end()].strip()}", f.confidence),
                tagger.Field("container-title", after.text[stop.end():], after.confidence), *found[k + 2:]]
    return found


def _container_before_the_medium(found: list[tagger.Field], sentence: str) -> list[tagger.Field]:
    """A container span going on past the sentence the medium ("[Internet]") was printed after: the rest is its
    publisher. No container span, and a title span whose last sentence is that one: that sentence is the journal
    or book the title appeared in ("Against lakes. Lake Studies" + "[Internet]"); a title's own medium follows its
    first sentence, which is no last one."""
    for k, f in enumerate(found[:-1]):
        # the title ran into the sentence's first words, the container span holds its last ones: "… Century.
        # Accounting Lakes" + "Journal Orr Press;"
        after = found[k + 1]
        joined = f"{f.text} {after.text}"
        at = joined.find(sentence)
        if f.label == "title" and after.label == "container-title" and 0 < at < len(f.text) < at + len(sentence) \
                and re.search(r"\w\w[.?!]\s+$", joined[:at]):
            found = [*found[:k], replace(f, text=joined[:at].rstrip()), replace(after, text=joined[at:]), *found[k + 2:]]
            break
    for k, f in enumerate(found):
        # the medium parted the container from its publisher: "Lake Studies [Internet] Orr Press; 1999."
        at = f.text.find(sentence) if f.label == "container-title" else -1
        rest = f.text[at + len(sentence):].strip() if at >= 0 else ""
        if rest[:1].isupper():
            return [*found[:k], replace(f, text=f.text[:at + len(sentence)]),
                    replace(f, label="publisher", text=rest), *found[k + 1:]]
    if any(f.label == "container-title" for f in found):
        return found
    for k, f in enumerate(found):
        cut = f.text.rfind(sentence) if f.label == "title" else -1
        if cut <= 0:
            continue
        if not re.search(r"\w\w[.?!]\s+$", f.text[:cut]) or len(f.text[:cut].split()) < 2:
            return found
        end = cut + len(sentence)
        rest = f.text[end:].strip()
        # after the name, what the medium parted from it: nothing, a publisher ("… Nature" + "Orr Society;") or
        # the volume
        if not any(c.isalnum() for c in rest):
            name, after = f.text[cut:], []
        elif rest[:1].isupper() or rest[:1].isdigit():
            name, after = f.text[cut:end], [replace(f, label="publisher" if rest[:1].isupper() else "volume", text=rest)]
        else:
            return found
        return [*found[:k], replace(f, text=f.text[:cut].rstrip()), replace(f, label="container-title", text=name.strip()),
                *after, *found[k + 1:]]
    return found


_VENUE_WORDS_RE = re.compile(r"\b(?:proceedings|conference|symposium|workshop|congress|colloquium)\b", re.I)
# a name's acronym after its comma, the year may follow: "…, FLG.", "…, LKC 2015"
_ACRONYM_ENDING_RE = re.compile(r",\s+[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?:\s+(?:1[5-9]|20)\d\d)?[.,]?$")
_LAST_SENTENCE_RE = re.compile(r"[.?!]\s+(?=[A-Z0-9])")


def _venue_ending_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No journal or proceedings span, but a title (or, where no title was read, a lone container) whose last
    sentence names a conference, by a conference's word or by an acronym after a comma ("… for Elders.
    Foundations of Lake Games, FLG.", "… Instrument. International conference on lake notation,"): the title ran
    on into the proceedings it was printed in."""
    labels = [f.label for f in found]
    if "title" in labels and "container-title" in labels:
        return found
    k = labels.index("title") if "title" in labels else labels.index("container-title") if labels.count(
        "container-title") == 1 else None
    if k is None:
        return found
    f = found[k]
    stops = list(_LAST_SENTENCE_RE.finditer(f.text))
    if not stops:
        return found
    head, venue = f.text[:stops[-1].start() + 1], f.text[stops[-1].end():]
    # the acronym may be the next span's ("… Lake Games," + "FLG."), where it is no publisher's ("…, ACM,")
    after = found[k + 1] if k + 1 < len(found) else None
    acronym = after is not None and venue.rstrip().endswith(",") and after.label in ("publisher", "volume", "note") \
        and bool(_ACRONYM_RE.fullmatch(after.text)) and not publishers.known(after.text)
    venue = f"{venue} {after.text}" if acronym and after else venue
    words = venue.split()
    if len(head.split()) < 3 or len(words) < 2 or words[0] in ("A", "An") or not (
            _VENUE_WORDS_RE.search(venue) or _ACRONYM_ENDING_RE.search(venue.rstrip())):
        return found
    return [*found[:k], replace(f, label="title", text=head), replace(f, label="container-title", text=venue),
            *found[k + (2 if acronym else 1):]]


_ACRONYM_RE = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*[.,]?")


# An event's days: "February 12-17, 2016", "12–17 February 2016" — no work's own date is a range of days
_DAY_RANGE_RE = re.compile(rf"\b(?:{reftext.MONTH_PATTERN}\s+\d{{1,2}}\s*[-–]\s*\d{{1,2}}|\d{{1,2}}\s*[-–]\s*\d{{1,2}}\s+{reftext.MONTH_PATTERN})"
                           r"(?:,?\s+(?:1[5-9]|20)\d\d)?")
_EVENT_PARTS = frozenset({"date", "location", "title", "volume", "pages"})
_EVENT_RUN = _EVENT_PARTS | {"publisher"}  # what may follow the name up to the days ("…, April" + "26-30, 2010. ACM.")
_BARE_YEAR_RE = re.compile(r"(?:1[5-9]|20)\d\d[.,]?")


def _event_in_the_proceedings(found: list[tagger.Field]) -> list[tagger.Field]:
    """A proceedings' name printed with its event's days and place ("…, AAAI" + "2016, February" + "12-17, 2016," +
    "Phoenix, Arizona, USA," + "edited by …"; "…, Raleigh, USA, April" + "26-30, 2010. ACM."): the text from the
    name's comma through the days, and a place after them, is the name's, where the reference's own date stands
    elsewhere. The days are a range ("February 12-17, 2016"), which no work's own date is."""
    for k, f in enumerate(found):
        if f.label != "container-title" or f.text.rstrip().endswith((".", ":", ";")):
            continue
        end = k + 1
        while end < len(found) and found[end].label in _EVENT_RUN:
            end += 1
        run = found[k + 1:end]
        text = " ".join(g.text for g in run)
        days = _DAY_RANGE_RE.search(text) if "-" in text or "–" in text else None  # the pattern is slow to fail
        if not days or ":" in text[:days.start()] or ". " in text[:days.start()]:
            return found
        # the days end the name, with the places the model read after them ("…, April 26-30, 2010," + "Raleigh,
        # USA,"), never a publisher's place ("New York, NY:")
        name_end, start = days.end(), 0
        for g in run:
            if start >= days.end():
                if g.label != "location" or g.text.rstrip().endswith(":"):
                    break
                name_end = start + len(g.text.rstrip(" ,.;"))
            start += len(g.text) + 1
        cut, taken = 0, 0  # the spans wholly in the name, and how far into the next one it reaches
        while cut < len(run) and taken + len(run[cut].text) <= name_end:
            taken += len(run[cut].text) + 1
            cut += 1
        rest = run[cut].text[max(0, name_end - taken):].lstrip(" .,;") if cut < len(run) else ""
        left = [replace(run[cut], text=rest)] if rest else []
        outside = found[:k] + left + run[cut + 1:] + found[end:]
        if not any(g.label == "date" or g.label == "publisher" and _YEAR_RE.search(g.text) for g in outside):
            return found
        name = re.sub(r"(?<=\d)\.$", "", f"{f.text} {text[:name_end]}".rstrip())  # the stop after the days is the field's end
        return [*found[:k], replace(f, text=name), *left, *run[cut + 1:], *found[end:]]
    return found


# What DBLP's names of proceedings print after the event's days: "…, April 24-26, 2017, Conference Track
# Proceedings", "…, 2019, Proceedings, Part II"
_PROCEEDINGS_AFTER_THE_DAYS_RE = re.compile(r"^(?:(?:Conference|Workshop|Main|Findings)\s+(?:Track\s+)?)?Proceedings"
                                            r"(?:,?\s+(?:Part|Volume)\s+[IVX\d]+)?\b")


def _proceedings_after_the_days(found: list[tagger.Field]) -> list[tagger.Field]:
    """A proceedings' name ending with its event's days (and place), then a span opening with the
    proceedings' own words ("…, April 24-26, 2017," + "Conference Track Proceedings, 2017."): those words end
    the name."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        tail = _PROCEEDINGS_AFTER_THE_DAYS_RE.match(after.text.strip()) if f.label == "container-title" else None
        if tail and ("-" in f.text or "–" in f.text) and _DAY_RANGE_RE.search(f.text):
            rest = after.text.strip()[tail.end():].lstrip(" ,.;")
            return [*found[:k], replace(f, text=f"{f.text.rstrip()} {tail.group()}"),
                    *([replace(after, text=rest)] if rest else []), *found[k + 2:]]
    return found


def _container_before_numbers_in_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No container span, but a title whose last sentence ends with a comma or a colon, followed by nothing but
    numbers, a date and links ("… Drum Language. Language," + "90."; "… agent design. Autonomous Lakes and
    Multilake Systems," + "360."): that sentence is the journal or proceedings the numbers belong to."""
    labels = [f.label for f in found]
    if "container-title" in labels or "title" not in labels:
        return found
    k = labels.index("title")
    f = found[k]
    after = found[k + 1:]
    if not re.search(r"\w\s?[,:]$", f.text) or not after or after[0].label not in ("pages", "volume") \
            or not re.match(r"\(?\d", after[0].text) or not all(g.label in ("pages", "volume", "date", "url", "doi") for g in after):
        return found
    stops = list(_LAST_SENTENCE_RE.finditer(f.text))
    if not stops or len(f.text[:stops[-1].start()].split()) < 2 or re.search(r"[“”\"]", f.text):
        return found  # (a quoted title ends at its closing quote, not at a stop inside it)
    name = f.text[stops[-1].end():]
    # a bare number after a name no list knows may be a volume or a page ("Lake Informatics, 145."): left as read
    if re.fullmatch(r"\d+\.?", after[0].text.strip()) and not _known_journal(name)[0]:
        return found
    return [*found[:k], replace(f, text=f.text[:stops[-1].start() + 1]), replace(f, label="container-title", text=name),
            *after]


def _title_goes_on_in_a_note(found: list[tagger.Field]) -> list[tagger.Field]:
    """A title span ending mid-sentence, no stop or mark after it, followed by a note that opens in lower case
    ("Modelling trust" + "under publish or perish pressure."): the note's first sentence is the title's end."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label != "title" or after.label != "note" or not after.text[:1].islower() \
                or re.search(r"[.?!,;:)”\"’]$", f.text):
            continue
        stop = re.search(r"[.?!](?=\s|$)", after.text)
        if stop is None:
            return found
        rest = after.text[stop.end():].strip()
        title = replace(f, text=f"{f.text} {after.text[:stop.end()]}")
        return [*found[:k], title, *([replace(after, text=rest)] if rest else []), *found[k + 2:]]
    return found


_OPENING_NUMBERS_RE = re.compile(r"^(?:\((?P<issue>\w+)\)|\d+[A-Za-z]?\s*(?:\(\w+\))?)\s*[:,]\s*(?:pp?\.\s*)?"
                                 r"[\dA-Za-z]+(?:\s*[-–—]+\s*[\dA-Za-z]+)?[.,;]?(?=\s|$)")


def _numbers_opening_a_span(found: list[tagger.Field]) -> list[tagger.Field]:
    """Numbers the model read as a note or publisher after the journal, its volume or Vancouver's year ("Research,
    4 (1426): CD008173.", "Research, 149: 106038. Elsevier.", "2005;" + "99: S61."): where no span was labelled pages, the numbers opening
    that span are the issue and pages, or the volume and pages; the rest keeps its label."""
    if any(f.label == "pages" for f in found):
        return found
    for k, f in enumerate(found[1:], 1):
        if f.label == "note" and found[k - 1].label == "container-title" and _NUMBERS_RE.match(_trim(f.text).rstrip(".")):
            return [*found[:k], tagger.Field("volume", f.text, f.confidence), *found[k + 1:]]  # "2013; 8(143)."
        m = _OPENING_NUMBERS_RE.match(f.text) if f.label in ("note", "publisher", "location") else None
        vancouver = found[k - 1].label == "date" and found[k - 1].text.rstrip().endswith(";")  # "2005;" + "99: …"
        if m is None or found[k - 1].label not in ("container-title", "volume") and not vancouver:
            continue
        rest = f.text[m.end():].strip()
        numbers = tagger.Field("pages" if m.group("issue") else "volume", m.group(0), f.confidence)
        return [*found[:k], numbers, *([tagger.Field(f.label, rest, f.confidence)] if rest else []), *found[k + 1:]]
    return found


# Numbers after a journal's name, beyond a bare year: "2013; 8(143).", "4(1426):CD008173.", "8(143)."
_VOLUME_SHAPE_RE = re.compile(r"^\(?(?:(?:1[5-9]|20)\d\d[a-z]?\)?\s*[;.,]\s*)?\d+\s*(?:\([^)]*\)|:\s*\w)"
                              r"|^(?:1[5-9]|20)\d\d[a-z]?\s*;\s*\d+[A-Za-z]?\.?$")  # "2011; 6.": Vancouver, unpaged


def _journal_closing_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No journal span, but the title span is followed by a volume: the title's last sentence (or, where it
    has none, its last comma's part) is the journal the model ran into it ("… Sydney, Australia. PLoS ONE."
    + "2013; 8(143).")."""
    if any(f.label == "container-title" for f in found):
        return found
    for k, f in enumerate(found[:-1]):
        after = " ".join(g.text for g in found[k + 1:k + 4])  # "2012;" + "4(1426):…", "2010;" + "90:" + "101A."
        if f.label != "title" or not _VOLUME_SHAPE_RE.match(_trim(after)):
            continue
        body = f.text.rstrip(" .,;:")
        cut = [m for m in re.finditer(r"[.?!]\s+(?=[A-Z])", body)] or [m for m in re.finditer(r",\s+(?=[A-Z])", body)]
        if not cut:
            return found
        head, tail = f.text[:cut[-1].end()].strip(), f.text[cut[-1].end():]
        if len(head.split()) < 2 or not 1 <= len(tail.split()) <= 8 or re.search(r"\d", tail):
            return found
        return [*found[:k], tagger.Field("title", head, f.confidence), tagger.Field("container-title", tail, f.confidence),
                *found[k + 1:]]
    return found


# (a journal printed close up to its numbers, "Chest;140(3):", is read too)
_JOURNAL_TAIL_RE = re.compile(r"^(?P<name>[A-Z][^\d.;:()\[\]]*(?:\.\s?[A-Za-z][^\d.;:()\[\]]*)*"
                              r"(?:\s\([^\d()]+\))?\.?)(?:\s+|;)"  # NLM's place after a name: "Cardiology (Basel)"
                              r"(?P<numbers>(?:(?:1[5-9]|20)\d\d[a-z]?\s*;\s*)?"  # Vancouver's "2008; 112: 1179."
                              r"\d+[A-Za-z]?(?:\s*\([^)\s]*\))?(?:\s*:\s*[\w–-]+)?):?\.?$")


_PREPRINT_THEN_NUMBER_RE = re.compile(rf"(?:{_PREPRINT_SERVERS})\s*:?\s*\d[\w./-]*[.,]?", re.I)
_PREPRINT_PLACES = frozenset({"note", "title", "container-title", "pages", "volume", "publisher", "location"})


def _preprint_server(found: list[tagger.Field]) -> list[tagger.Field]:
    """A preprint server's name where no journal was read is where the journal stands (as Zotero keeps
    "arXiv" or "bioRxiv" in an imported preprint's publication): a note of the name alone, or a title's last
    sentence ("… Raspberry Pis. bioRxiv.")."""
    containers = [f for f in found if f.label == "container-title"]
    untitled = len(containers) == 1 and not any(f.label == "title" for f in found)
    if containers and not untitled:
        return found
    for k, f in enumerate(found):
        if f.label not in _PREPRINT_PLACES or not _PREPRINT_WORDS_RE.search(f.text):
            continue  # (the patterns below only where a server's name can be)
        # (read as a note, or as the pages or a publisher: "… Agent Types." + "arXiv." + "2018.")
        if f.label in ("note", "pages", "volume", "publisher", "location") and not containers \
                and (f.label == "note" or k and found[k - 1].label == "title") and _PREPRINT_SERVER_RE.fullmatch(_trim(f.text)):
            return [*found[:k], replace(f, label="container-title"), *found[k + 1:]]
        head, sep, tail = _trim(f.text).rpartition(". ")
        if not sep:
            head, sep, tail = _trim(f.text).rpartition(", ")  # "… Robots, arXiv (2020).": commas between fields
        # a title's last sentence or part, or a journal span's where no title was read ("… Robots. arXiv.")
        # (the server's identifier may follow its name: "… Potential. bioRxiv:818138.")
        if f.label in ("title", "container-title") and sep and head and (
                _PREPRINT_SERVER_RE.fullmatch(tail) or _PREPRINT_THEN_NUMBER_RE.fullmatch(tail)):
            return [*found[:k], replace(f, label="title", text=f"{head}{sep.strip()}"), replace(f, label="container-title", text=tail),
                    *found[k + 1:]]
    return found


_ROMAN_RE = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", re.I)


def _publisher_opening_with_in(found: list[tagger.Field]) -> list[tagger.Field]:
    """A "publisher" that opens with "In:" ("In: CILC.,", "In: Autonomous Agents and Multiagent Systems
    (AAMAS).,") is the book or proceedings the work is in: no firm's name begins so; so is a span after an
    "in:" read alone ("in:" + "CILC,")."""
    out: list[tagger.Field] = []
    for f in found:
        if out and re.fullmatch(r"in:", out[-1].text.strip(), re.I) and out[-1].label != "title" \
                and f.label in ("publisher", "location", "note"):
            out[-1] = replace(f, label="container-title", text=f"{out[-1].text.strip()} {f.text}")
        elif f.label == "publisher" and re.match(r"in:\s+\S", f.text, re.I):
            out.append(replace(f, label="container-title"))
        else:
            out.append(f)
    return out


def _volume_mark_alone(found: list[tagger.Field]) -> list[tagger.Field]:
    """A volume span that is only its mark ("vol.") before a number the model read as the date ("vol." +
    "2016, (2016),": a journal numbered by year): the number is the volume, the rest stays the date."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        m = re.match(r"(\d+)[,.;:]?\s+(?=\S)", after.text) if f.label == "volume" and after.label == "date" else None
        if m and re.fullmatch(r"(?:vol|bd|t)\.?,?", f.text.strip(), re.I):
            return [*found[:k], replace(f, text=f"{f.text.strip()} {m.group(1)}"), replace(after, text=after.text[m.end():]),
                    *found[k + 2:]]
    return found


def _family_read_as_a_month(found: list[tagger.Field]) -> list[tagger.Field]:
    """A name list ending with a given name's initials, then a "date" of one word and no number where the
    reference has its year elsewhere ("… and H. S." + "Jun."): the word is the last name's family (Jun, May,
    March are family names too)."""
    for k, f in enumerate(found[1:], 1):
        before = found[k - 1]
        if f.label == "date" and before.label == "author" and re.fullmatch(r"[A-Z][a-z]+\.?", f.text.strip()) \
                and re.search(r"(?:^|\s)[A-Z]\.$", before.text.strip()) \
                and any(g.label == "date" and re.search(r"\d", g.text) for g in found[k + 1:]):
            return [*found[:k - 1], replace(before, text=f"{before.text.strip()} {f.text.strip()}"), *found[k + 1:]]
    return found


_BRACKETED_VOLUME_RE = re.compile(r"^(?P<name>.*?\S)\s+\((?P<volume>\d{1,4}[A-Za-z]?)(?::(?P<issue>[\w-]+))?\)[.,]?$")


def _bracketed_volume_after_the_journal(found: list[tagger.Field]) -> list[tagger.Field]:
    """A journal span ending with its numbers in brackets before the pages, as MIS Quarterly prints them
    ("Archives of Pharmacology (386)," + "p. S32.", "… Simulation (23:2),"): the volume and issue, where no
    volume was read."""
    if any(f.label == "volume" for f in found):
        return found
    for k, f in enumerate(found[:-1]):
        m = _BRACKETED_VOLUME_RE.match(f.text.strip()) if f.label == "container-title" and found[k + 1].label == "pages" else None
        if m:
            numbers = m.group("volume") + (f"({m.group('issue')})" if m.group("issue") else "")
            return [*found[:k], replace(f, text=m.group("name")), replace(f, label="volume", text=numbers), *found[k + 1:]]
    return found


def _acronym_read_as_a_volume(found: list[tagger.Field]) -> list[tagger.Field]:
    """A "volume" with no number in it, neither digits nor a roman numeral, after a book's or proceedings'
    name and its comma ("In: Conference on the Foundations of Digital Games," + "FDG.") is the end of that
    name: the conference's acronym."""
    for k, f in enumerate(found[1:], 1):
        before = found[k - 1]
        if f.label not in ("volume", "location", "publisher", "note") or before.label != "container-title" \
                or not before.text.rstrip().endswith(","):
            continue
        word = _trim(f.text).rstrip(".")
        # (read as a place, a publisher or a note, only a word in capitals that is no publisher's: "…, MALLOW.")
        if re.fullmatch(r"[A-Z][A-Za-z-]{1,11}", word) and not _ROMAN_RE.fullmatch(word) and (
                f.label == "volume" or re.fullmatch(_CAPITALS_WORD, word) and not publishers.known(word)):
            return [*found[:k - 1], replace(before, text=f"{before.text} {f.text}"), *found[k + 1:]]
        # the acronym, then the numbers, in one span ("Journal of Lake Studies," + "JLS. 2018; 21:")
        opened = _ACRONYM_THEN_NUMBERS_RE.match(f.text) if f.label == "volume" else None
        if opened and not _ROMAN_RE.fullmatch(opened.group("acronym")):
            return [*found[:k - 1], replace(before, text=f"{before.text} {opened.group('acronym')}{opened.group('stop')}"),
                    replace(f, text=opened.group("numbers")), *found[k + 1:]]
    return found


# A word with two capitals or more, an acronym's shape ("JASSS", "ArgMAS")
_CAPITALS_WORD = r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*"
_ACRONYM_THEN_NUMBERS_RE = re.compile(rf"^(?P<acronym>{_CAPITALS_WORD})(?P<stop>[.,]?)\s+(?P<numbers>(?:(?i:vol|no)\.\s*)?\d.*)$")


_WORDS_THEN_ACRONYM_RE = re.compile(r"^(?P<words>[A-Z][\w'’&-]*(?:\s+[\w'’&-]+){0,3}),\s+(?P<rest>\S+)$")
_SHORT_YEAR_RE = re.compile(r"[’'‘]\d\d[.,]?")
_SHORT_YEAR_OPENING_RE = re.compile(r"^(?P<year>[’'‘]\d\d)[.,]?\s+(?P<rest>\S.*)$")


# Words that join a name's parts and never end it ("… Intelligence &", "Communications of the ACM")
_NAME_GLUE_WORDS = frozenset("the of and & for in on und et de la der des du für".split())


def _name_ending_in_a_joining_word(found: list[tagger.Field]) -> list[tagger.Field]:
    """A journal's or book's name cut after "&", "and" or "of" ("… Computational Intelligence &" + "Games,
    CIG."): no name ends so; the next span's words up to its first full stop are the name's."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label != "container-title" or after.label in ("date", "url", "doi", "author") \
                or f.text.rstrip().rpartition(" ")[2].lower() not in _NAME_GLUE_WORDS:
            continue
        stop = re.search(r"(?<=\w\w)\.(?:\s+|$)", after.text)
        words, rest = (after.text[:stop.start()], after.text[stop.end():]) if stop else (after.text, "")
        return [*found[:k], replace(f, text=f"{f.text.rstrip()} {words.strip()}"),
                *([replace(after, text=rest)] if rest.strip() else []), *found[k + 2:]]
    return found


def _name_cut_before_its_end(found: list[tagger.Field]) -> list[tagger.Field]:
    """A proceedings' or journal's name the model cut mid-name, no punctuation at the cut: the next span's words and
    the acronym after their comma are the name's ("…Programming Interest" + "Group, PPIG.", where the acronym is no
    publisher's); a conference's year after it is the name's where the reference's date came before ("…Games
    Conference" + "2013."), as is a year printed with an apostrophe ("… - C&C" + "’09,")."""
    for k, f in enumerate(found[1:-1] if len(found) > 2 else [], 1):
        if f.label != "container-title" or not f.text[-1:].isalnum():
            continue
        after = found[k + 1]
        text = after.text.strip()
        dated_before = any(g.label == "date" for g in found[:k])
        # (a journal numbered by year prints it as its volume: "Mediators of Lakes 2016, 6305735.")
        # (a stop printed apart from the year is still the year's: "Conference 2013 .")
        if _SHORT_YEAR_RE.fullmatch(text) or (after.label == "date" and dated_before
                                              and _BARE_YEAR_RE.fullmatch(re.sub(r"\s+(?=[.,]$)", "", text))
                                              and _VENUE_WORDS_RE.search(f.text) and not f.text[-1].isdigit()):
            return [*found[:k], replace(f, text=f"{f.text} {text.rstrip(' .,')}"), *found[k + 2:]]
        # the year opening the numbers' or the publisher's span: "- C&C" + "’09 : 49.", "’09. Vol ;"
        opened = _SHORT_YEAR_OPENING_RE.match(text)
        if opened:
            return [*found[:k], replace(f, text=f"{f.text} {opened.group('year')}"),
                    replace(after, text=opened.group("rest")), *found[k + 2:]]
        # (an empty field's stop may trail it: "Games, FDG, .")
        words = re.sub(r"[\s,.;]+$", "", text)
        m = _WORDS_THEN_ACRONYM_RE.match(words) if after.label in ("publisher", "location", "note") else None
        if m and _ACRONYM_RE.fullmatch(m.group("rest")) and not publishers.known(m.group("rest")):
            return [*found[:k], replace(f, text=f"{f.text} {words}"), *found[k + 2:]]
        return found
    return found


# Embase's conference abstracts: the journal glued to the meeting by ".Conference:", then the meeting's name,
# place and days, all of it the record's container ("Lake Studies.Conference: 23rd Lake Workshop, LW New York
# City, NY United States.Conference Start: 20100801 Conference End: 20100805.Conference Publication 47 (13 SUPPL)")
_GLUED_MEETING_RE = re.compile(r"[a-z]\.\s?Conference:\s")
# (the numbers: "47 (13 SUPPL)", "47, 13 SUPPL", "51: 48A-49A.")
_MEETING_THEN_NUMBERS_RE = re.compile(r"^(?P<name>.*?[A-Za-z)][.,]?)\s+(?P<numbers>\d{1,4}[A-Z]?(?:[\s,:;()–-]+"
                                      r"(?:[A-Z]?\d+[A-Za-z]?|[Ss]uppl\.?|SUPPL|[Ss]upplement))*[.,:;)]*)$")
_MEETING_PARTS = frozenset({"location", "publisher", "note", "container-title", "volume", "pages"})


def _meeting_in_the_journal(found: list[tagger.Field]) -> list[tagger.Field]:
    """The spans after an Embase journal-and-meeting name ("Lake Studies.Conference: …"), up to a date or a
    link, are the meeting's name, place and days (the model reads a place, a publisher, a note), then the
    volume's numbers."""
    for k, f in enumerate(found):
        glued = _GLUED_MEETING_RE.search(f.text) if f.label in ("container-title", "title") else None
        if glued and f.label == "title":
            # the title ran into the journal: it ends at the last stop before the journal's name
            stop = list(_LAST_SENTENCE_RE.finditer(f.text, 0, glued.start()))
            if not stop or any(g.label == "container-title" for g in found):
                return found
            journal = replace(f, label="container-title", text=f.text[stop[-1].end():])
            found = [*found[:k], replace(f, text=f.text[:stop[-1].start() + 1]), journal, *found[k + 1:]]
            k, f = k + 1, journal
        if not glued:
            continue
        end = k + 1
        # (up to the numbers' own span: "18(3 SUPPL)," + "pp. 76A-76A.")
        while end < len(found) and found[end].label in _MEETING_PARTS and not (
                found[end].label in ("volume", "pages") and re.match(r"\s*(?:\d|pp?\.)", found[end].text)):
            end += 1
        joined = " ".join(g.text.strip() for g in found[k:end])
        numbered = _MEETING_THEN_NUMBERS_RE.match(joined)
        if numbered is None:
            return [*found[:k], replace(f, text=joined), *found[end:]]  # (unchanged where nothing followed)
        return [*found[:k], replace(f, text=numbered.group("name")),
                tagger.Field("volume", numbered.group("numbers"), found[end - 1].confidence), *found[end:]]
    return found


def _publisher_ending_the_container(found: list[tagger.Field]) -> list[tagger.Field]:
    """A journal's or proceedings' span ending with a publisher's name in the packaged list, printed with no
    stop between them ("… Computing Systems ACM" + "2019;", "… Automation Letters IEEE;", "Lake Studies
    Routledge,"): the publisher, where the name without it is no known journal's and the firm's name does not
    close the journal's own ("Communications of the ACM"), and no publisher was read elsewhere."""
    if any(f.label == "publisher" for f in found):
        return found
    for k, f in enumerate(found):
        if f.label != "container-title" or (k + 1 < len(found) and found[k + 1].label in ("title", "container-title")):
            continue
        words = f.text.split()
        for n in (3, 2, 1):
            name, firm = " ".join(words[:-n]), " ".join(words[-n:])
            if len(words) - n < 2 or words[-n - 1].lower() in _NAME_GLUE_WORDS or words[-n - 1][-1:] in ",.;:" \
                    or not firm[:1].isupper() or not publishers.known(firm) or _known_journal(f.text)[0]:
                continue
            return [*found[:k], replace(f, text=name), replace(f, label="publisher", text=firm), *found[k + 1:]]
    return found


# A name's acronym in brackets, its year with it: "(FOCAPD)", "(xCoAx)", "(EVA 2015)"
_BRACKETED_ACRONYM_RE = re.compile(r"^\((?:[A-Z][A-Za-z]*[A-Z]|[a-z]+[A-Z])[A-Za-z0-9&-]*(?:\s+(?:1[5-9]|20)\d\d)?\)")


def _bracketed_acronym_after_the_name(found: list[tagger.Field]) -> list[tagger.Field]:
    """A proceedings' or journal's acronym in brackets after its name, read as a date or a volume
    ("Electronic Lake Arts" + "(ELA 2015).", "Foundations of Lake Design" + "(FOLD)."), or the bracket's close
    with its year ("… Arts (ELA" + "2015)."): the name's."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label != "container-title" or after.label not in ("date", "volume", "note", "publisher", "location", "medium", "url"):
            continue
        text = after.text.strip()
        whole = _BRACKETED_ACRONYM_RE.match(text) if f.text.rstrip()[-1:].isalnum() else None
        closing = re.match(r"(?:1[5-9]|20)\d\d\)", text) if f.text.count("(") > f.text.count(")") \
            and re.search(r"\([A-Za-z]+$", f.text.rstrip()) else None
        taken = whole or closing
        if taken:
            rest = text[taken.end():].lstrip(" .,;")
            return [*found[:k], replace(f, text=f"{f.text.rstrip()} {taken.group()}"),
                    *([replace(after, text=rest)] if any(c.isalnum() for c in rest) else []), *found[k + 2:]]
    return found


_HELD_RE = re.compile(r"^(?P<name>.*\w[).]?)[.,]\s+(?P<held>held\s+(?:(?:in|on)\s+)?[^.]{0,30}?(?:1[5-9]|20)\d\d)[.,]?$")


def _held_after_the_name(found: list[tagger.Field]) -> list[tagger.Field]:
    """Harvard's "…Conference. held 1999 at Lakeside, USA.": the event's year is none of the proceedings' name,
    and "at" none of its place."""
    for k, f in enumerate(found):
        m = _HELD_RE.match(f.text.strip()) if f.label == "container-title" and "held" in f.text else None
        if m:
            after = found[k + 1:k + 2]
            place = [replace(after[0], text=after[0].text.strip()[3:])] if after and after[0].label == "location" \
                and after[0].text.strip().startswith("at ") else after
            return [*found[:k], replace(f, text=m.group("name")), replace(f, label="note", text=m.group("held")),
                    *place, *found[k + 2:]]
    return found


_REPRINT_RE = re.compile(r"[.,]\s+(?P<mark>Reprint(?:ed)?|Repr\.|Facsimile)\.?(?:\s+(?P<series>[A-Z].*?))?[.,;]?$")


def _reprint_after_the_name(found: list[tagger.Field]) -> list[tagger.Field]:
    """A book's name run on into its reprint mark ("… the Great Divide, Reprint.", "… Divide. Reprint. Lake
    Studies Series."): the mark is its edition, and what follows it the series."""
    for k, f in enumerate(found):
        m = _REPRINT_RE.search(f.text) if f.label == "container-title" and ("Repr" in f.text or "Facsimile" in f.text) else None
        if m and len(f.text[:m.start()].split()) >= 2:
            series = [tagger.Field("collection-title", m.group("series"), f.confidence)] if m.group("series") else []
            return [*found[:k], replace(f, text=f.text[:m.start()]), tagger.Field("edition", m.group("mark"), f.confidence),
                    *series, *found[k + 1:]]
    return found


_CASE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def _cased(text: str) -> float:
    """The share of a text's words of four letters or more, after its first, that begin with a capital."""
    words = [w for w in _CASE_WORD_RE.findall(text)[1:] if len(w) >= 4]
    return sum(w[0].isupper() for w in words) / len(words) if words else -1.0


def _container_by_case_after_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No container span, and a title in sentence case whose last sentence is in title case ("Against lake
    procedures. Lake Studies."): a title keeps its own case through a second sentence, so the words in
    another case are the journal's or book's, as every style prints a container's name in title case."""
    if any(f.label == "container-title" for f in found):
        return found
    for k, f in enumerate(found):
        stops = list(_LAST_SENTENCE_RE.finditer(f.text)) if f.label == "title" else []
        stop = stops[-1] if stops and re.search(r"\w\w[.?!]$", f.text[:stops[-1].start() + 1]) else None
        if stop is None:
            continue
        head, tail = f.text[:stop.start() + 1], f.text[stop.end():]
        words = tail.rstrip(" .,;").split()
        if len(_CASE_WORD_RE.findall(head)) >= 5 and 0 <= _cased(head) <= 0.1 and len(words) >= 2 \
                and words[0] not in ("A", "An") and not any(c.isdigit() for c in tail) \
                and _cased(f" {tail}") == 1.0 and tail.rstrip(" .,;")[-1:].isalpha():
            return [*found[:k], replace(f, text=head), replace(f, label="container-title", text=tail), *found[k + 1:]]
        return found
    return found


def _book_read_as_a_container(found: list[tagger.Field]) -> list[tagger.Field]:
    """No title, and one journal-or-book span right after the names (or their date), its publisher next
    ("Vale G, Orr V. Lake Learning and Its Applications." + "Springer;" + "2001."): a book's own title, as no
    part is printed without its title and no journal with a publisher and no numbers."""
    labels = [f.label for f in found]
    if "title" in labels or labels.count("container-title") != 1 or {"editor", "volume"} & set(labels):
        return found
    k = labels.index("container-title")
    f = found[k]
    if k == 0 or labels[k - 1] not in ("author", "date") or k + 1 == len(found) or labels[k + 1] != "publisher" \
            or re.match(r"\s*in\b", f.text, re.I) or _known_journal(f.text)[0]:
        return found
    return [*found[:k], replace(f, label="title"), *found[k + 1:]]


# A series' name and the book's number in it: "The Lake Trilogy 2", "Lecture Notes in Lake Science 1234"
_NUMBERED_SERIES_RE = re.compile(r"(?!(?:Vol|Volume|No|Nos|Part|Pt|Bd|Band|Tome|Book|Issue|Suppl|Edition|Ed)\b)(?:The\s+)?[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|of|and|in|the|&|for|on)){0,6}"
                                 r"\s+\d{1,4}\.?")


def _numbered_series_after_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """A book's title span whose last sentence is a name and a number, its publisher next ("The Ascent. The
    Lake Trilogy 4." + "Orr Books."): the series and the book's number in it, which no title ends with after a
    stop."""
    for k, f in enumerate(found[:-1]):
        if f.label != "title" or found[k + 1].label != "publisher":
            continue
        stops = list(_LAST_SENTENCE_RE.finditer(f.text))
        if stops and re.search(r"\w\w[.?!]$", f.text[:stops[-1].start() + 1]) \
                and _NUMBERED_SERIES_RE.fullmatch(f.text[stops[-1].end():].strip()):
            return [*found[:k], replace(f, text=f.text[:stops[-1].start() + 1]),
                    replace(f, label="collection-title", text=f.text[stops[-1].end():].strip()), *found[k + 1:]]
        return found
    return found


def _publisher_before_the_year(found: list[tagger.Field]) -> list[tagger.Field]:
    """Vancouver's "Container. Publisher; 2019." read as one span: after the container's last full stop, a short
    name closed by the semicolon before the year is its publisher ("… Computing Systems. ACM;" + "2019.",
    "Legislative Studies Quarterly. Wiley;"), unless the whole is a journal's name in the packaged list or the
    stop ends an abbreviation ("Proc. Natl. Acad. Sci. USA;")."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        year_next = after.label == "date" or after.label == "volume" and re.match(r"(?:1[5-9]|20)\d\d[a-z]?\s*;", after.text)
        if f.label != "container-title" or not year_next or not f.text.rstrip().endswith(";"):
            continue  # (Vancouver's "2011; 14:" read as the volume: the year comes next all the same)
        body = f.text.rstrip().removesuffix(";")
        head, sep, tail = body.rpartition(". ")
        last = head.split()[-1] if head.split() else ""
        if sep and (len(head.split()) >= 2 or _PREPRINT_SERVER_RE.fullmatch(head)) and len(last) > 4 and last.isalpha() and 0 < len(tail.split()) <= 6 \
                and tail[:1].isupper() and not any(c.isdigit() for c in tail) and not _known_journal(body)[0] \
                and not _known_journal(tail)[0]:
            return [*found[:k], replace(f, text=f"{head}."), tagger.Field("publisher", f"{tail};", f.confidence),
                    *found[k + 1:]]
    return found


_BRACKETED_NOTES_RE = re.compile(r"^(?P<notes>(?:\[[^\[\]]{1,40}\]\s*)+[’'\"”]?[.,]?)\s*(?P<rest>.*)$")


def _bracketed_notes_end_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """A database's notes in brackets printed after the title, as MEDLINE keeps them in it ("… approaches.
    [Review] [87 refs].", "… children]. [Chinese]."), are the title's end, not a note holding what follows them
    nor the start of the journal's name."""
    for k, f in enumerate(found[1:], 1):
        m = _BRACKETED_NOTES_RE.match(f.text) if f.label in ("note", "container-title") and found[k - 1].label == "title" else None
        if m and (f.label == "note" or m.group("rest")):  # ("[Chinese]. Zhonghua Erke Zazhi": the journal stays)
            title = replace(found[k - 1], text=f"{found[k - 1].text} {m.group('notes')}")
            rest = [replace(f, text=m.group("rest"))] if m.group("rest") else []
            return [*found[:k - 1], title, *rest, *found[k + 1:]]
    return found


_BRACKETED_PAGES_RE = re.compile(r"^\((?P<pages>pp?\.\s*[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]?\d+[A-Za-z]?)?)\)[.,]?\s*(?P<rest>.*)$")


def _bracketed_pages_in_a_note(found: list[tagger.Field]) -> list[tagger.Field]:
    """APA's pages in brackets after the book's name, read as a note with the publisher ("(p. 510). ACM."):
    the pages, then the publisher where a short name follows."""
    for k, f in enumerate(found[1:], 1):
        m = _BRACKETED_PAGES_RE.match(f.text.strip()) if f.label == "note" and found[k - 1].label == "container-title" else None
        if m:
            rest = m.group("rest").strip()
            publisher = [tagger.Field("publisher", rest, f.confidence)] if _SHORT_PUBLISHER_RE.match(rest.rstrip(".")) else (
                [replace(f, text=rest)] if rest else [])
            return [*found[:k], tagger.Field("pages", m.group("pages"), f.confidence), *publisher, *found[k + 1:]]
    return found


# A journal's numbers alone: "89, 81A.", "45(2), 11-19", "12:e3"
_NUMBERS_ONLY_RE = re.compile(r"\d+[A-Za-z]?(?:\s*\([\w\s–-]+\))?(?:,\s*|\s*:\s*)(?:pp?\.\s*)?[A-Za-z]{0,5}-?\d+[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]?\d+[A-Za-z]?)?[.,]?")


def _numbers_read_as_a_note(found: list[tagger.Field]) -> list[tagger.Field]:
    """A note that is a journal's volume and pages and nothing else ("… ASC-H. Laboratory Investigation," +
    "89, 81A.") is read as the volume span it is, so the journal before it is seen with its numbers."""
    for k, f in enumerate(found[1:], 1):
        if f.label == "note" and found[k - 1].label in ("title", "container-title") \
                and _NUMBERS_ONLY_RE.fullmatch(_trim(f.text)) and not any(g.label == "volume" for g in found):
            return [*found[:k], replace(f, label="volume"), *found[k + 1:]]
    return found


def _journal_after_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """Where no span was labelled a journal, a title or note ending the reference (or followed by its year
    alone) whose last sentence is a name and a volume ("… routine chest CT. PLoS ONE 6.", "[Abstract]. Chest
    138: 811a.") holds the journal: articles printed with no pages, or paged by article number, that the model
    reads as one sentence."""
    if any(f.label in ("container-title", "volume", "pages") for f in found):
        return found
    spans = [k for k, f in enumerate(found) if f.label not in ("url", "doi", "isbn")]
    if len(spans) > 1 and found[spans[-1]].label == "date":
        spans.pop()  # "… perspective. Decision Support Systems 127," + "(2019).": the year printed last
    if not spans or found[spans[-1]].label not in ("title", "note", "publisher"):
        return found
    k = spans[-1]
    f = found[k]
    f = replace(f, text=f.text.rstrip().removesuffix(","))
    starts = [m.end() for m in re.finditer(r"[.?!\]]\s+(?=[A-Z])", f.text)]
    commas = [m.end() for m in re.finditer(r",\s+(?=[A-Z])", f.text)][-1:]  # "…, Blood 118.": the last comma
    untitled = f.label == "note" and not any(g.label == "title" for g in found)
    # a note standing where the title should is read from its sentences first: its first is the title
    for start in (starts + commas + [0] if untitled else ([0] if f.label != "title" else []) + starts + commas):
        tail = _JOURNAL_TAIL_RE.match(f.text[start:])
        if tail and len(tail.group("name").split()) <= 8 and not _YEAR_RE.fullmatch(tail.group("numbers")) \
                and (f.label != "publisher" or ":" in tail.group("numbers")) \
                and (start not in commas or "," not in tail.group("name")):
            head = f.text[:start].strip()
            # what precedes the journal in a note is the title where the model labelled none ("Winter feeding
            # of trout. Lake Research 1: S34." read as one note)
            label = "title" if untitled else f.label
            kept = [tagger.Field(label, head, f.confidence)] if head else []
            return [*found[:k], *kept, tagger.Field("container-title", tail.group("name"), f.confidence * 0.8),
                    tagger.Field("volume", tail.group("numbers"), f.confidence * 0.8), *found[k + 1:]]
    return found


# The numbers after a journal title as styles print them, whichever of them the tagger's span holds:
# "vol. 12, no. 3, pp. 45–67", "12(3), 45–67", "12(3):45–67", "2001;12(3):45–67" (Vancouver/ICMJE), "12, 101599".
_NUMBERS_RE = re.compile(
    r"^(?:(?P<year>1[5-9]\d\d|20\d\d)[a-z]?\s*;\s*)?"
    r"(?:vol(?:ume)?\.?\s*)?(?P<volume>\d+[A-Za-z]?)"
    # the issue in brackets, after "no.", or after a stop ("16.9", "26.4–5": MHRA's volume.issue)
    rf"\s*(?:\((?P<issue>{_IN_ISSUE_BRACKETS}+)\)|,?\s*(?:nos?\.|nr\.|issue)\s*(?P<issue2>\w[\w()–-]*)|\.(?P<issue3>\d+(?:[-–]\d+)?)(?=,)"
    r"|/(?P<issue4>\d+[\w()–-]*))?"  # "30/494": volume/issue, as French and German styles print them
    # the pages after ":", "," or, in some styles, only a space or a stop ("138 S52", "13. 204", "22 p. S443")
    r"(?:(?:\s*[:,]\s*|(?P<spaced>\.?\s+(?=(?:pp?\.\s*)?[A-Za-z]?\d)))(?:pp?\.\s*)?"
    r"(?P<pages>[\dA-Za-z]+(?:\s*[-–—]+\s*[\dA-Za-z]+)?(?:\+[\dA-Za-z]*)?))?$", re.I)
_ISSUE_ONLY_RE = re.compile(rf"(?:nos?\.|nr\.|issue)\s*(\w+(?:\s*[-–/]\s*\w+)?)(?:[,:]\s*(?:pp?\.\s*)?({_PAGE_RANGE}))?[.,;:]?",
                            re.I)
# "pages" before "p", or "Pages" leaves "ages"; a capital P with no stop or space after it is a poster's or
# abstract's page ("P63"), kept whole
_PAGES_PREFIX_RE = re.compile(r"^(?:(?i:pages?)|(?i:pp?)\.|p{1,2}(?=\d)|(?i:pp?)(?=\s)|S\.)\s*")
# "51s [E401]", "A125 [015-02]": an abstract's or poster's number in square brackets after the pages
_BRACKETED_TAIL_RE = re.compile(r"(?<=\w)\s+\[[^\[\]]*\]$")


def _numbers(text: str, label: str, volume_read: bool = False) -> dict[str, str]:
    """A span labelled volume or pages read into date, volume, number and pages. A pages span is a volume
    only where it has both ("11: i–ii"), or, where no volume was read before it, two numbers apart ("138
    S52"; after a volume, "1096 1101" is one page range printed with a space); a volume span's trailing number
    is pages ("29, 101599")."""
    issue_only = _ISSUE_ONLY_RE.fullmatch(_trim(text))
    if issue_only:  # "nos. 4–5" (Chicago's issue after the volume), its pages after a comma or none
        return {"number": issue_only.group(1), **({"pages": issue_only.group(2)} if issue_only.group(2) else {})}
    issue_first = re.match(r"^\((\w+(?:[-–]\w+)?)\)\s*[:,]?\s*(?:pp?\.\s*)?(\w+(?:\s*[-–—]+\s*\w+)?)[.,;]?$", _trim(text))
    if issue_first:  # "(3), 45–67": the volume went to the span before
        return {"number": issue_first.group(1), "pages": issue_first.group(2)}
    core = _trim(text).rstrip(".")
    bracketed = re.fullmatch(r"\((\d+[A-Za-z]?):\s*([\w-]+)\),?", core) if label == "volume" else None
    if bracketed:  # MIS Quarterly's "(23:2)": the volume and its issue
        return {"volume": bracketed.group(1), "number": bracketed.group(2)}
    if re.fullmatch(r"[(\[][^()\[\]]*[)\]]", core):
        core = _unwrap(core)
    core = _BRACKETED_TAIL_RE.sub("", core)
    m = _NUMBERS_RE.match(core)
    if m is not None and (m.group("spaced") and volume_read or m.group("issue4")) and label == "pages":
        m = None  # "77/82": pages, however printed, not a volume and its issue
    if label == "pages" and m is not None and re.match(r"vol", core, re.I):
        label = "volume"  # "vol. 10" is a volume whatever the model says
    if m is None or (label == "pages" and not (m.group("pages") or m.group("issue") or m.group("issue2")
                                               or m.group("issue3") or m.group("issue4"))):
        if label == "pages":
            return {"pages": _PAGES_PREFIX_RE.sub("", core)}
        # "2009; 94 Suppl. 2:": Vancouver's year before the volume is the date's
        dated = _VOLUME_AFTER_YEAR_RE.match(core)
        rest = core[dated.end():] if dated else core
        m = re.search(r"(?:vol(?:ume)?\.?\s*)?(\d+[A-Za-z]?)", rest, re.I)
        volume = {"volume": m.group(1) if m else re.sub(r"^vol(?:ume)?\.?\s*", "", rest, flags=re.I)}
        return {"date": dated.group(1), **volume} if dated else volume
    out = {"date": m.group("year") or "", "volume": m.group("volume"),
           "number": m.group("issue") or m.group("issue2") or m.group("issue3") or m.group("issue4") or "", "pages": (m.group("pages") or "").rstrip("+")}
    return {k: v for k, v in out.items() if v}


def _closed_link(link: str) -> str:
    """A link or DOI printed in brackets ("(https://doi.org/10.1/x)."): the bracket closing it is none of it,
    one that closes a bracket inside it is ("10.1016/S0140-6736(20)30183-5")."""
    link = link.rstrip(".,;")
    while link.endswith(")") and link.count(")") > link.count("("):
        link = link[:-1].rstrip(".,;")
    return link


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


# A list's key before each entry: BibTeX's alpha label ("[Lev89] "), or the short form the text cites, the names
# printed again after it ("Levine et al. 1989 D.P. Levine, …", "Vale 2001: Vale, T. …")
_ALPHA_LABEL_RE = re.compile(r"^\[[A-Z][A-Za-z+]{0,7}\d{2,4}[a-z]?\]\s+")
_KEY_RE = re.compile(r"^(?P<key>(?P<family>[A-Z][^\W\d_]+(?:[\s'’-][A-Z][^\W\d_]+)?)[^\d“\"‘(\[:;.]{0,60}?(?:et al\.)?)\s+"
                     r"(?:1[5-9]\d\d|20\d\d)[a-z]?:?\s+(?P<rest>\S.*)$")


def _without_label(text: str) -> str:
    """The entry less its key, where the list prints one (the reference's names follow it again)."""
    text = _ALPHA_LABEL_RE.sub("", text, count=1) if text.startswith("[") else text
    m = _KEY_RE.match(text) if _YEAR_RE.search(text, 0, 100) else None
    if m and names.is_family_names_only(m.group("key").replace(" et al.", "")) \
            and re.match(rf"(?:[A-Z][a-z]?\.\s*-?\s*)*{re.escape(m.group('family'))}\b", m.group("rest")):
        return m.group("rest")
    return text


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


# A book's or proceedings' title the model ran on into its editors in brackets or its volume: "Advances in
# Lake Research (eds. Orr, T. et al.)", "Advances in Lake Research. Vol. 26,"
_CONTAINER_TAIL_RE = re.compile(r"^(?P<name>.*?\w[^\s(]*?)[\s,.]*(?P<editors>\((?:eds?|hrsg|hg|dir)\.?\s[^()]+\))?"
                                r"[\s,.]*(?P<volume>(?:vol(?:ume)?\.?|Bd\.)\s*\d+[A-Za-z]?)?[\s.,;:]*$", re.I)
# what the pattern above takes out, looked for first: the pattern backtracks through every span it is tried on
_CONTAINER_TAIL_HINT_RE = re.compile(r"\((?:eds?|hrsg|hg|dir)\b|\bvol(?:ume)?\b|\bbd\.", re.I)


def _container_tail(found: list[tagger.Field]) -> list[tagger.Field]:
    """Editors in brackets and a volume ending a container span are its editors and volume (a volume alone
    is taken out only where no span was labelled one)."""
    out: list[tagger.Field] = []
    has_volume = any(f.label == "volume" for f in found)
    for f in found:
        m = _CONTAINER_TAIL_RE.match(f.text) if f.label == "container-title" and _CONTAINER_TAIL_HINT_RE.search(f.text) \
            else None
        if m is None or not (m.group("editors") or (m.group("volume") and not has_volume)):
            out.append(f)
            continue
        out.append(tagger.Field("container-title", m.group("name"), f.confidence))
        if m.group("editors"):
            out.append(tagger.Field("editor", m.group("editors").strip("()"), f.confidence))
        if m.group("volume"):  # a second volume, where one was labelled, is reported unread, not dropped
            out.append(tagger.Field("volume", m.group("volume"), f.confidence))
            has_volume = True
    return out


# (a span ending "Accessed:" before a link: the link's lead-in; "Accessed 3 May 2020" is a date, never at a span's end)
_LINK_LEAD_RE = re.compile(rf"^(?P<head>.*?)[\s,;]*\b(?:{_LINK_WORDS}|URL|available|accessed)\s*:?$", re.I)
_LINK_TAIL_RE = re.compile(rf"^(?P<head>.*?)[\s,;]*(?P<link>(?:{_LINK_WORDS}\s*:?\s*)?<?https?://\S+?>?)[.,;]?$", re.I)


_WORDS_BEFORE_A_LINK_RE = re.compile(r"^(?P<head>[^\s:/][^:/]*?)(?:[.,;]?\s+(?P<year>(?:1[5-9]|20)\d\d)[;.,]?)?\s+(?P<link>https?://\S+)$")


def _words_before_a_link(found: list[tagger.Field]) -> list[tagger.Field]:
    """A link span that opens with words which are no lead-in ("arXiv. 2020; https://…"): the words and the
    year are the reference's own, read apart from the link."""
    for k, f in enumerate(found):
        m = _WORDS_BEFORE_A_LINK_RE.match(f.text.strip()) if f.label == "url" else None
        if m and not re.search(_LINK_WORDS, m.group("head"), re.I) and not re.search(r"\b(?:url|doi)\b", m.group("head"), re.I):
            year = [tagger.Field("date", m.group("year"), f.confidence)] if m.group("year") else []
            return [*found[:k], tagger.Field("note", m.group("head"), f.confidence), *year,
                    replace(f, text=m.group("link")), *found[k + 1:]]
    return found


def _link_out_of_a_span(found: list[tagger.Field]) -> list[tagger.Field]:
    """A link the model left at the end of another span ("Curran Associates, Inc. Available at:
    https://…") is the reference's link, not part of the publisher or title."""
    out: list[tagger.Field] = []
    for k, f in enumerate(found):
        # the patterns below scan a span char by char: only where a link or its lead-in can be
        linked = f.label not in ("url", "doi") and "http" in f.text.lower()
        m = _LINK_TAIL_RE.match(f.text) if linked else None
        before_link = f.label not in ("url", "doi") and k + 1 < len(found) and found[k + 1].label in ("url", "doi")
        lead = _LINK_LEAD_RE.match(f.text) if before_link else None
        if lead:
            if lead.group("head"):  # "Inc. Available at:" + "https://…": the link's words, not the publisher's
                out.append(replace(f, text=lead.group("head")))
            continue  # "Retrieved from" alone: no note
        if m is None or not m.group("head"):
            out.append(f)
            continue
        out += [tagger.Field(f.label, m.group("head"), f.confidence), tagger.Field("url", m.group("link"), f.confidence)]
    return out


def _location_in_the_journal(found: list[tagger.Field]) -> list[tagger.Field]:
    """A place never stands before a volume: a place span followed by the volume, the pages or Vancouver's
    "2013;" is the journal where no span was labelled one ("Cardiology (Switzerland)" + "2013;" + "126:"), and
    a place in brackets between the journal and its numbers is part of the journal's name ("Journal of
    Pharmacological Sciences" + "(Tokyo, Japan)" + "128, S131.": NLM's titles keep their place)."""
    has_journal = any(f.label == "container-title" for f in found)
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        numbers = after.label in ("volume", "pages") or (
            after.label == "date" and after.text.rstrip().endswith(";") and k + 2 < len(found)
            and found[k + 2].label in ("volume", "pages"))
        if f.label != "location" or not numbers:
            continue
        if not has_journal and any(g.label == "title" for g in found[:k]) and re.match(r"[A-Z][^\W\d_]", f.text) \
                and f.text.count("(") == f.text.count(")"):
            return [*found[:k], replace(f, label="container-title"), *found[k + 1:]]
        if k and found[k - 1].label == "container-title" and re.fullmatch(r"\([^()\d]+\)[.,]?", f.text.strip()):
            journal = found[k - 1]
            return [*found[:k - 1], replace(journal, text=f"{journal.text.rstrip(' ,.')} {f.text}"), *found[k + 1:]]
    return found


def _year_as_volume(found: list[tagger.Field]) -> list[tagger.Field]:
    """A year between the journal and its pages, where the reference's year was printed before, is the volume
    of a journal numbered by year ("International Journal of Endocrinology" + "2015:" + "406394.", or the article
    number read as the volume), as is a year after a volume's label ("v." + "2016,")."""
    for k, f in enumerate(found[:-1]):
        # (a mark closed by a separator, "Vol ;", is a style's empty volume: what follows it is no volume of it)
        if f.label == "volume" and re.fullmatch(r"(?:v|vol|volume|bd)\.?,?", f.text.strip(), re.I) \
                and found[k + 1].label == "date" \
                and re.fullmatch(rf"(?:{_YEAR_RE.pattern})[:,;.]?", found[k + 1].text.strip()):
            return [*found[:k], replace(f, text=f"{f.text} {found[k + 1].text}"), *found[k + 2:]]
    for k, f in enumerate(found[1:-1], 1):
        # "J Lake Res" + "2016," + "1379274": the year again, then the article's number read as the volume
        if f.label == "date" and found[k - 1].label == "container-title" and found[k + 1].label == "volume" \
                and re.fullmatch(rf"(?:{_YEAR_RE.pattern})[:,.]?", f.text.strip()) \
                and re.fullmatch(r"[A-Za-z]?\d+[.,]?", found[k + 1].text.strip()) \
                and any(g.label == "date" for g in found[:k - 1]) and not any(g.label == "pages" for g in found):
            return [*found[:k], replace(f, label="volume"), replace(found[k + 1], label="pages"), *found[k + 2:]]
    if any(f.label == "volume" for f in found):
        return found
    for k, f in enumerate(found[1:-1], 1):
        if f.label == "date" and found[k - 1].label == "container-title" and found[k + 1].label == "pages" \
                and re.fullmatch(rf"(?:{_YEAR_RE.pattern})[:,.]?", f.text.strip()) \
                and any(g.label == "date" for g in found[:k]):
            return [*found[:k], replace(f, label="volume"), *found[k + 1:]]
    return found


def _journal_begun_in_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """A journal whose name the model began inside the title, after the title's last colon, full stop or comma
    ("… in mice: Diabetes/Metabolism" + "Research and Reviews," + "v. 30,"; "… in rats: Diabetology and
    Metabolic Syndrome" + "v. 9,"; "…, Cochrane Database of" + "Systematic Reviews"), is taken out of the title where the whole name is a journal's in the
    packaged journal list (as AnyStyle's and GROBID's journal dictionaries are used)."""
    known = journals.load_journal_names().canonical
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label != "title" or after.label not in ("container-title", "volume", "pages"):
            continue
        if after.label != "container-title" and any(g.label == "container-title" for g in found):
            return found
        rest = after.text.strip(" ,.;:") if after.label == "container-title" else ""
        body = f.text.rstrip(" ,.;:")
        for m in re.finditer(r"[:.?!,]\s+(?=[A-Z])", body):
            head, tail = body[:m.start() + 1], body[m.end():]
            name = f"{tail} {rest}".strip()
            if len(head.split()) >= 2 and len(name.split()) <= 10 and journals.name_key(name) in known:
                closing = after.text[len(after.text.rstrip(" ,.;:")):] if rest else ""  # the span's own ", "
                journal = tagger.Field("container-title", name + closing, f.confidence)
                return [*found[:k], replace(f, text=head), journal, *found[k + (2 if rest else 1):]]
        return found
    return found


def _title_run_into_the_journal(found: list[tagger.Field]) -> list[tagger.Field]:
    """The end of a title that the model began the journal with ("… link: Atrial fibrillation," + "TIA and
    stroke. Sleep and Biological Rhythms,", "… effusions." + "LCSG Trial 861, Chest 106,") goes back to the title
    where the journal span's last sentence or last part after a comma is a journal's name in the packaged journal
    list and neither the whole span nor what comes before is."""
    for k, f in enumerate(found[1:], 1):
        if f.label != "container-title" or found[k - 1].label != "title":
            continue
        body = f.text.rstrip(" ,.;:")
        names = journals.load_journal_names().canonical
        if journals.name_key(body) in names or _known_journal(f.text)[0]:
            return found
        # after a sentence's end, a colon ("… in the vascular wall: Diabetologia,") or a comma ("… trial. LCSG Trial
        # 861, Chest 106,"): the title's last words
        for m in re.finditer(r"[.?!:,]\s+(?=[A-Z])", body):
            head, tail = body[:m.start() + 1], f.text[m.end():]
            if re.fullmatch(r"in:", head, re.I):
                return found  # "In: Robotics and Autonomous Systems,": the lead-in of the journal, no end of a title
            known, numbered = _known_journal(tail)  # "Sleep and Biological Rhythms;7:A34."
            numbers_after = numbered or k + 1 < len(found) and found[k + 1].label in ("volume", "pages")
            if m.group(0)[0] == "," and (not numbers_after or re.match(r"in:?\s", f.text, re.I)):
                continue  # after a comma, only a journal with its numbers, in no "In …" (a proceedings' name has commas)
            if known and journals.name_key(head.rstrip(" ,.;:")) not in names:
                title = replace(found[k - 1], text=f"{found[k - 1].text} {head}")
                return [*found[:k - 1], title, replace(f, text=tail), *found[k + 1:]]
        return found
    return found


def _journal_ending_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No journal span, but a title whose last sentence is a journal's name in the packaged list, followed only by
    numbers, in its span or after it ("… in Mice. Mediators of Inflammation." + "2016" + "6305735.", "… in Mice.
    Diabetologia. 1 S334."): the title ran on into its journal."""
    # (a note where no title was read is the title: "2012." + "Change in lakes, Stroke," + "vol. 43,")
    k = next((k for k, f in enumerate(found) if f.label == "title"), None)
    k = next((k for k, f in enumerate(found) if f.label == "note"), None) if k is None else k
    if k is None or any(f.label == "container-title" for f in found) \
            or not all(f.label in ("date", "volume", "pages", "doi", "url") for f in found[k + 1:]):
        return found
    title = found[k]
    for m in re.finditer(r"[.?!,]\s+(?=[A-Z])", title.text):
        journal = title.text[m.end():]
        known, numbered = _known_journal(journal)
        if m.group(0)[0] == "," and not numbered and not any(g.label in ("volume", "pages") for g in found[k + 1:]):
            continue  # after a comma, only with the journal's numbers ("…, Cochrane Database … 7, CD003586")
        if known and (numbered or k + 1 < len(found)):
            head = replace(title, label="title", text=title.text[:m.start() + 1])
            return [*found[:k], head, replace(title, label="container-title", text=journal), *found[k + 1:]]
    return found


_JOURNAL_THEN_VOLUME_RE = re.compile(r"^(?P<name>.*?[^\W\d].*?)(?:[\s,]+|;)(?P<volume>\d+[A-Za-z]?(?:\s*\([^()]*\))?\s*:)$")


def _volume_in_the_journal_span(found: list[tagger.Field]) -> list[tagger.Field]:
    """A journal span that ends with its volume and the colon before the pages ("Journal of Lakes;5:" + "6."),
    where the model read the pages as the volume: the span's number is the volume, the next span the pages."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label != "container-title" or after.label != "volume" or not _PAGE_RE.fullmatch(_trim(after.text).rstrip(".")):
            continue
        m = _JOURNAL_THEN_VOLUME_RE.match(f.text.strip())
        if m:
            return [*found[:k], replace(f, text=m.group("name")), replace(f, label="volume", text=m.group("volume")),
                    replace(after, label="pages"), *found[k + 2:]]
    return found


def _known_journal_after_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No journal span, but after the title a span read as a publisher with a volume after it ("PLoS ONE 8") or as
    a second name list ("Brain Injury.") whose name is a journal's in the packaged list: the journal. (A publisher's
    name alone may be a journal's too: "Sage", "Polity".) So is a note right after the title that is a name and
    numbers ("Lake Studies, 114, 103145."), known or not."""
    if any(f.label == "container-title" for f in found):
        return found
    title = next((k for k, f in enumerate(found) if f.label == "title"), None)
    if title is None:
        return found
    for k, f in enumerate(found[title + 1:], title + 1):
        if f.label not in ("publisher", "location", "author", "note"):
            continue
        known, numbered = _known_journal(f.text)
        both = _journal_then_firm(f.text) if k == title + 1 and f.label in ("publisher", "note") else None
        if both:  # "Gait & Lakes,. Elsevier.", "Gait & Lakes Elsevier;": the journal, then its publisher
            return [*found[:k], replace(f, label="container-title", text=both[0]), replace(f, text=both[1]),
                    *found[k + 1:]]
        if f.label == "note" and numbered and k == title + 1 and re.match(r"[A-Z]", f.text) or \
                known and (numbered or f.label == "author" or _journal_ending_the_entry(found, k)) or \
                f.label in ("publisher", "note") and k == title + 1 and _vancouver_numbers_after(found, k) \
                and not any(g.label == "location" for g in found):
            return [*found[:k], replace(f, label="container-title"), *found[k + 1:]]
    return found


def _journal_then_firm(text: str) -> tuple[str, str] | None:
    """(a known journal's name, a known publisher's) where text is the one, then the other: "Gait & Lakes,.
    Elsevier.", "Lake Studies Wiley Online Library;"."""
    words = text.strip(" ,.;:").split()
    for n in (1, 2, 3):
        name, firm = " ".join(words[:-n]).rstrip(" ,.;:"), " ".join(words[-n:])
        if len(words) > n and publishers.known(firm) and _known_journal(name)[0]:
            return name, firm
    return None


def _vancouver_numbers_after(found: list[tagger.Field], k: int) -> bool:
    """Vancouver's year, semicolon and volume after span k ("Lake Open" + "2017;" + "7.", "Cardiology (Basel)" +
    "2015;" + "131:" + "171."): a journal's numbers, which no book prints after its publisher."""
    return k + 2 < len(found) and found[k + 1].label == "date" and found[k + 1].text.rstrip().endswith(";") \
        and found[k + 2].label in ("volume", "pages") and bool(re.match(r"\d", found[k + 2].text))


def _journal_ending_the_entry(found: list[tagger.Field], k: int) -> bool:
    """A known journal's name read as the publisher, ending the entry with no place anywhere ("… Systems.
    Knowledge Acquisition"), or read as a place with no publisher anywhere ("… study. Blood"): an article printed
    without its numbers, not a book (books print a publisher, with or without its place). A publisher's name of
    one word ("Sage", "Polity") or with an organisation's or a publisher's word ("… Society", "… Press") may be
    either."""
    words = [w.lower().strip(".,;:") for w in found[k].text.split()]
    if not all(f.label in ("date", "doi", "url", "note") for f in found[k + 1:]) \
            or any(w in names.ORGANISATION_WORDS or w in _PUBLISHER_WORDS for w in words):
        return False
    if found[k].label == "location":
        return not any(f.label == "publisher" for f in found)
    return len(words) > 1 and not any(f.label == "location" for f in found)


_TITLE_THEN_NUMBERS_RE = re.compile(r"^(?P<title>.*\D)\s+(?P<volume>\d{1,4}),(?:\s+(?P<pages>[A-Za-z]?\d+[A-Za-z]?(?:[-–]\d+)?)\.?)?$")


def _numbers_ending_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No journal and no volume span, and a title ending with a number and a comma before the pages ("… of
    dyslipidemia 11," + "791.", "… after injury 1, E2048."): a style that printed no journal name (the record had
    only the abbreviation it asks for, or none), the numbers the volume's and the pages'."""
    labels = [f.label for f in found]
    if "container-title" in labels or "volume" in labels or labels.count("title") != 1:
        return found
    k = labels.index("title")
    title, after = found[k], found[k + 1] if k + 1 < len(found) else None
    m = _TITLE_THEN_NUMBERS_RE.match(title.text.strip())
    if m is None or _YEAR_RE.fullmatch(m.group("volume")) or len(m.group("title").split()) < 3:
        return found
    if m.group("pages") and after is None:
        numbers = [replace(title, label="volume", text=m.group("volume") + ","),
                   replace(title, label="pages", text=m.group("pages"))]
    elif not m.group("pages") and after is not None and after.label == "pages":
        numbers = [replace(title, label="volume", text=m.group("volume") + ",")]
    else:
        return found
    return [*found[:k], replace(title, text=m.group("title")), *numbers, *found[k + 1:]]


_FIRM_THEN_PAGES_RE = re.compile(r"^(?P<firm>[A-Z][^:;\d]*?)\s*:\s*(?P<pages>[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]?\d+[A-Za-z]?)?)[.,]?$")


def _pages_after_the_publisher(found: list[tagger.Field]) -> list[tagger.Field]:
    """A journal's publisher, then its pages after a colon, where no span holds pages ("Lake Research 145." +
    "Elsevier: 105857.", as reference managers print a journal's publisher): the pages are apart."""
    if any(f.label == "pages" for f in found):
        return found
    for k, f in enumerate(found[1:], 1):
        m = _FIRM_THEN_PAGES_RE.match(f.text) if f.label == "publisher" else None
        if m and found[k - 1].label in ("container-title", "volume"):
            return [*found[:k], replace(f, text=m.group("firm")), tagger.Field("pages", m.group("pages"), f.confidence),
                    *found[k + 1:]]
    return found


def _source_as_container(found: list[tagger.Field]) -> list[tagger.Field]:
    """AnyStyle's few "source" spans (a journal with its numbers run together) are the container where no
    other span is."""
    if any(f.label == "container-title" for f in found):
        return found
    return [replace(f, label="container-title") if f.label == "source" else f for f in found]


_ISSUE_THEN_YEAR_RE = re.compile(r"^(\d+)\s+(?=\((?:1[5-9]|20)\d\d)")


def _issue_before_the_year(found: list[tagger.Field]) -> list[tagger.Field]:
    """A number after "no." is the issue, however like a year it looks ("Lake Research 521, no." + "1954 (2015):
    436.": Chicago's issue, then the year in brackets); a number between the journal and the year in brackets is
    its volume."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        number = _ISSUE_THEN_YEAR_RE.match(after.text) if after.label == "date" else None
        if number and f.label in ("volume", "pages") and re.search(r"\bno\.?$", f.text.rstrip(), re.I):
            return [*found[:k], replace(f, label="volume", text=f"{f.text} {number.group(1)}"),
                    replace(after, text=after.text[number.end():]), *found[k + 2:]]
        if number and f.label == "container-title":  # "Lake Research. 2011 (2011), 305086.": the volume, then the year
            return [*found[:k + 1], tagger.Field("volume", number.group(1), after.confidence),
                    replace(after, text=after.text[number.end():]), *found[k + 2:]]
    return found


_EDITION_TAIL_RE = re.compile(r"[\s.,]+(?P<edition>\(?(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|"
                              r"seventh|eighth|ninth|tenth|rev(?:ised)?\.?)\s+(?:edn|ed|edition)\.?\)?)[.,]?$", re.I)


_EDITION_WORDS_RE = re.compile(r"ed\b|edn|edition|vol|bd\.", re.I)
_VOLUME_TAIL_RE = re.compile(r"(?<=[.,])\s+(?P<volume>(?:Vol(?:ume)?\.?|Bd\.)\s*\d+)\.?$")


def _edition_out_of_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """An edition statement ending the title span ("‘Design of Experiments.’ 8th edn.", "… Analysis (2nd
    ed.)") is the work's edition, not words of its title; a volume of a book after the title's stop or comma
    ("Inversions. Vol 6.") is its volume."""
    for k, f in enumerate(found):
        if f.label != "title" or not _EDITION_WORDS_RE.search(f.text):
            continue  # (the patterns below search every position: only where their words are)
        m = _EDITION_TAIL_RE.search(f.text) if not any(g.label == "edition" for g in found) else None
        if m and re.search(r"\w", f.text[:m.start()]):
            edition = tagger.Field("edition", m.group("edition"), f.confidence)
            return [*found[:k], replace(f, text=f.text[:m.start()]), edition, *found[k + 1:]]
        v = _VOLUME_TAIL_RE.search(f.text) if not any(g.label == "volume" for g in found) else None
        if v and len(f.text[:v.start()].split()) >= 1:
            volume = tagger.Field("volume", v.group("volume"), f.confidence)
            return [*found[:k], replace(f, text=f.text[:v.start()]), volume, *found[k + 1:]]
    return found


# "In" after a sentence's end; "in" also after a comma or a closing quote (Chicago: '“Title,” in Book, edited by')
_IN_CONTAINER_RE = re.compile(r"(?<=[.?!])\s+In:?\s+(?=[‘“\"A-Z])|(?<=[,’”\"])\s+[Ii]n:?\s+(?=[‘“\"A-Z])")


def _container_in_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """Where no span was labelled a container, a title span going on past a closing stop into "In …"
    ("Convergence control. In ‘Genetic and Evolutionary Computation Conference’"), or past a comma or closing
    quote into "in …" ("“Convergence Control,” in Genetic …"), holds the book or proceedings it appeared in:
    so every style that prints a container opens it. So does a container span where no title was read
    ("Modelling Discourse, in: Proceedings of the Lake Conference,"): the title and its container as one run."""
    has_title = any(f.label == "title" for f in found)
    has_container = any(f.label == "container-title" for f in found)
    for k, f in enumerate(found):
        run = f.label == "title" and not has_container or f.label == "container-title" and not has_title
        m = _IN_CONTAINER_RE.search(f.text) if run else None
        # (after a stop, "In" opens the container whatever the title's length: "Snowflakes. In Book of Lakes.")
        if m and len(f.text[:m.start()].split()) >= (1 if f.text[m.start() - 1] in ".?!" else 2) \
                and len(f.text[m.end():].split()) >= 1:
            container = _unquote(f.text[m.end():])
            book = tagger.Field("container-title", container, f.confidence)
            return [*found[:k], replace(f, label="title", text=f.text[:m.start()]), book, *found[k + 1:]]
    return found


# "Snuff. Doubleday.", "Mughal Warfare, Routledge.", "Snuff (Doubleday)": a title, then its publisher's short name
_TITLE_THEN_PUBLISHER_RE = re.compile(
    r"^(?P<title>.*?\w.*?)(?:(?<!\b[A-Z])[.,]\s+|\s+\()(?P<publisher>(?:[A-Z]\.\s+){0,3}[A-Z][^.,;:()]*?(?:,\s*(?:Inc|Ltd|LLC|Co)\.?)?)\)?[.,]?$")
# "An Introduction", "A Trial" after a stop are a subtitle's words
_SHORT_PUBLISHER_RE = re.compile(r"^(?!An?\s)(?:[A-Z]\.\s+){0,3}[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|&|and|of|the)){0,4}(?:,\s*(?:Inc|Ltd|LLC|Co)\.?)?$")
_BOOK_PARTS = frozenset({"container-title", "volume", "pages", "editor", "publisher", "location"})
# Words that make a name a periodical's ("… Electronic Journal", "… Law Review")
_PERIODICAL_WORDS = frozenset("journal review quarterly bulletin annals transactions letters magazine gazette "
                              "zeitschrift revue revista".split())


def _note_in_the_titles_place(found: list[tagger.Field]) -> list[tagger.Field]:
    """No title, container or publisher span, and a note right after the names or their date: the title,
    read as the other spans of a title are (its publisher after a stop: "97 Lake Things. O’Reilly.")."""
    labels = [f.label for f in found]
    if {"title", "container-title", "publisher"} & set(labels) or "note" not in labels:
        return found
    k = labels.index("note")
    if k == 0 or labels[k - 1] not in ("author", "date"):
        return found
    return [*found[:k], replace(found[k], label="title"), *found[k + 1:]]


def _title_and_publisher_in_one_span(found: list[tagger.Field]) -> list[tagger.Field]:
    """A book printed with its publisher's name and no place ("Snuff. Doubleday.", as APA 7 and most recent
    styles print books) is read by the model as one span, title or publisher. Every work has a title, and a
    book names its publisher: where a reference holds a publisher span and no title or container, or a title
    span after the date and nothing a book or article would print after it, and the span's last part is a
    short name after a stop, comma or bracket, that part is the publisher."""
    labels = [f.label for f in found]
    for k, f in enumerate(found):
        after = found[k + 1] if k + 1 < len(found) else None
        alone = "title" not in labels and labels.count(f.label) == 1 and not {"volume", "pages", "editor"} & set(labels)
        lone_title = f.label == "title" and not _BOOK_PARTS & set(labels) and labels.count("title") == 1
        if f.label == "publisher" and alone and "container-title" not in labels or f.label == "container-title" and alone:
            before = None  # the model's publisher or journal: after a stop, comma or bracket
        elif lone_title and f.text.count("(") > f.text.count(")") and after is not None and after.label == "date" \
                and _trim(after.text).rstrip(".").endswith(")"):
            before = "("  # "Snuff (Doubleday," + "2011).": the publisher in brackets with the year (physics styles)
        elif lone_title and ("date" in labels[:k] or after is not None and after.label == "date" and (
                f.text.endswith(";") or f.text.endswith(",") and all(g.label in ("url", "doi") for g in found[k + 2:])
                or f.text.rstrip()[-1:].isalpha())):  # "Snuff. Doubleday" + "2011.": no stop before the year
            # in a title span, only after a full stop (a comma or bracket is as often the title's own), and where
            # the date came first or ends the reference after a semicolon, comma or nothing (Vancouver's "Publisher;
            # 2012.", Chicago's "Publisher, 2012.", "Publisher 2012."): a style that prints the date last may print
            # a subtitle after a stop
            before = "."
        else:
            continue
        m = _TITLE_THEN_PUBLISHER_RE.match(_trim(f.text))
        sep = f.text[m.end("title"):m.start("publisher")].strip() if m else ""
        # after a comma too where the name is a firm's ("All Systems Red, Tor Books," + "2017.", as Elsevier's
        # numbered styles print books): a title's own last comma part is seldom "… Books", "… Press" or a
        # publisher's name in the packaged list ("Penguin")
        firm = sep == "," and before == "." and (
            {w.lower() for w in m.group("publisher").split()} & _PUBLISHER_WORDS or publishers.known(m.group("publisher")))
        if m and before and sep != before and not firm:
            m = None
        if m and _SHORT_PUBLISHER_RE.match(m.group("publisher").strip()):
            name = m.group("publisher").strip()
            words = {w.lower() for w in name.split()}
            # "Freedom and Voting Power. SSRN Electronic Journal.": a periodical's name, not a firm's
            label = "container-title" if words & _PERIODICAL_WORDS and not words & _PUBLISHER_WORDS else "publisher"
            return [*found[:k], tagger.Field("title", m.group("title"), f.confidence),
                    tagger.Field(label, name, f.confidence), *found[k + 1:]]
        return found
    return found


_QUOTED_THEN_MORE_RE = re.compile(r"^(?P<title>[(\[]?[“\"‘].*?[”\"’][.,]?)\s+(?P<rest>[A-Z0-9].*)$")
_QUOTED_THEN_BRACKETS_RE = re.compile(r"^(?P<title>[“\"‘][^“\"‘”\"’]+[”\"’][.,]?)\s+(?P<rest>\([^()]+\)[.,]?)$")


def _container_after_the_closing_quote(found: list[tagger.Field]) -> list[tagger.Field]:
    """Where no span was labelled a container, a quoted title span going on past its closing quote
    ("“Adventures in Level Design,” PCGames") holds the container after it: styles quote the titles of parts
    (articles, chapters, papers), and what follows a part's title is the whole it is part of."""
    if any(f.label == "container-title" for f in found):
        return found
    for k, f in enumerate(found):
        bracketed = _QUOTED_THEN_BRACKETS_RE.match(f.text) if f.label == "title" else None
        if bracketed and not any(g.label == "publisher" for g in found):
            # "‘Lake Problems’ (Orr Books).": a book's quoted title, then its publisher in brackets
            publisher = tagger.Field("publisher", bracketed.group("rest"), f.confidence)
            return [*found[:k], replace(f, text=bracketed.group("title")), publisher, *found[k + 1:]]
        m = _QUOTED_THEN_MORE_RE.match(f.text) if f.label == "title" else None
        if m and not _EDITOR_MARK_RE.match(m.group("rest")) and m.group("title").count("“") <= 1:
            container = tagger.Field("container-title", m.group("rest"), f.confidence)
            return [*found[:k], replace(f, text=m.group("title")), container, *found[k + 1:]]
    return found


# "In: Orr BG, Hale EH, editors. Rule-Based" + "Expert Systems …": names, then their mark, then the book's title
_EDITORS_THEN_MORE_RE = re.compile(r"^(?P<editors>\W*\w.*?[,\s]\s*(?:\((?:eds?|editors?|hrsg|hg)\.?\)[.,:]?"
                                   r"|\(?(?:eds?|editors?|hrsg|hg)\.?\)?[.,:]))\s+"
                                   r"(?P<rest>[“\"‘A-Z].*)$", re.I)


def _editors_end_at_their_mark(found: list[tagger.Field]) -> list[tagger.Field]:
    """An editors span ends at its mark ("…, editors.", "(eds.)"): words the model ran on past it begin the book's
    title, and go to the title span after them (or stand as the container where none follows)."""
    for k, f in enumerate(found):
        m = _EDITORS_THEN_MORE_RE.match(f.text) if f.label == "editor" and _EDITOR_MARK_RE.search(f.text) else None
        if not m:
            continue
        after = found[k + 1] if k + 1 < len(found) else None
        editors = replace(f, text=m.group("editors"))
        if after is not None and after.label in ("title", "container-title"):
            return [*found[:k], editors, replace(after, text=f"{m.group('rest')} {after.text}"), *found[k + 2:]]
        return [*found[:k], editors, tagger.Field("container-title", m.group("rest"), f.confidence), *found[k + 1:]]
    return found


def _year_before_the_volume(found: list[tagger.Field]) -> list[tagger.Field]:
    """Vancouver's year before the volume read as a volume span ("2013;" + "44:e200.") is the date, where no other
    span is: the volume is the next span's."""
    if any(f.label == "date" for f in found):
        return found
    return [replace(f, label="date") if f.label == "volume" and _YEAR_THEN_SEMICOLON_RE.fullmatch(f.text.strip())
            else f for f in found]


_YEAR_THEN_SEMICOLON_RE = re.compile(rf"(?:{_YEAR_RE.pattern})[a-z]?;")


_CLOSING_BRACKET_RE = re.compile(r"^([^()]{0,60}?\))(?:[\s,;:]+|\.\s+|\.?$)(.*)$")


def _brackets_close_in_their_span(found: list[tagger.Field]) -> list[tagger.Field]:
    """A title or journal span cut inside its own brackets ("BMJ (Clinical research" + "ed.), 340,": MEDLINE's
    journal names, "In: Lake Arts (LKA" + "2015).") takes back the words up to the closing bracket from the span
    after it."""
    for k, f in enumerate(found[:-1]):
        # a year closing the bracket is the name's where the reference has its date elsewhere and no comma parts
        # them ("In: Lake Arts (LKA" + "2015)." after "2015."), the date's otherwise ("Snuff (Doubleday," + "2011).")
        named_year = found[k + 1].label == "date" and not f.text.rstrip().endswith(",") and any(
            g.label == "date" for g in found[:k])
        if f.label not in ("title", "container-title") or f.text.count("(") <= f.text.count(")") \
                or found[k + 1].label == "date" and not named_year or re.search(r"\(\s*\d[^()]*$", f.text):
            continue  # "49 (3,": an issue, a numbers span's
        m = _CLOSING_BRACKET_RE.match(found[k + 1].text)
        if m and len(m.group(1).split()) <= 6:
            kept = [replace(found[k + 1], text=m.group(2))] if m.group(2).strip() else []
            return [*found[:k], replace(f, text=f"{f.text} {m.group(1)}"), *kept, *found[k + 2:]]
    return found


def _unquote(text: str) -> str:
    """'‘Proceedings of X,’' -> 'Proceedings of X': quotes around a whole container, as Australian styles print
    it."""
    m = re.fullmatch(r"\s*[‘“\"](.*?)[.,]?[’”\"]([.,]?)\s*", text)
    return f"{m.group(1)}{m.group(2)}" if m else text


def _no_place(found: list[tagger.Field]) -> list[tagger.Field]:
    """The words a style prints for a missing place or publisher are no field: a span of them alone goes, and
    one ending in them ("Dr Bloodmoney. o. O.") ends before them; a place's or publisher's span ending in them
    ("… of Local Self-Government in" + "India. o. O.") held the title's end, not a place."""
    out: list[tagger.Field] = []
    for f in found:
        if "." in f.text and f.label not in ("author", "editor", "translator", "url", "doi"):
            text = _NO_PLACE_RE.sub("", f.text).rstrip()
            if not text:
                continue
            if text != f.text and f.label in ("location", "publisher") and out and out[-1].label == "title":
                out[-1] = replace(out[-1], text=f"{out[-1].text} {text}")
                continue
            f = replace(f, text=text) if text != f.text else f
        out.append(f)
    return out


def _subtitle_after_the_colon(found: list[tagger.Field]) -> list[tagger.Field]:
    """A title never ends at a colon: a title or book title ending with one, followed by a publisher's or place's
    span holding a sentence ("Readings in Lakes:" + "The First Decade. Addison-Wesley"), goes on to that
    sentence's stop — the subtitle — and the rest stays the publisher's."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label not in ("title", "container-title") or not f.text.rstrip().endswith(":") \
                or after.label not in ("publisher", "location"):
            continue
        head, stop, rest = after.text.partition(". ")
        if stop and rest.strip() and head[:1].isupper() and len(head.split()) > 1:
            return [*found[:k], replace(f, text=f"{f.text.rstrip()} {head}."), replace(after, text=rest), *found[k + 2:]]
    return found


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
