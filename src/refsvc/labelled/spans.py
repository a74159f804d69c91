"""What the reading rules share: a span's text less the punctuation around it, whether a name is a known
journal's, and the patterns more than one kind of field is read by (years, pages, links, publishers' words).
"""
from __future__ import annotations

import re

from refsvc import journals

_DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+?)[.,;]?$")
_URL_RE = re.compile(r"((?:https?://|www\.)\S+?)[.,;]?$", re.I)

# The words that lead into a link, in English and the main European languages: "Available at", "Retrieved from",
# "Online verfügbar unter", "Disponible en", "Recuperado de", "Disponível em", "Disponible sur"
_LINK_WORDS = (r"(?:Available\s+(?:at|from|online)|Retrieved\s+from|Accessed\s+(?:at|from|online)|Accessed(?=\s*:)"
               r"|(?:Online\s+)?(?:verfügbar|abrufbar)\s+unter|Abgerufen\s+von|Disponible\s+(?:en|sur)(?:\s+línea)?"
               r"|Recuperado\s+de|Disponível\s+em)")

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


_PAGE_RE = re.compile(r"[A-Za-z]?\d{1,4}[A-Za-z]?(?:\s*[-–—]+\s*[A-Za-z]?\d+[A-Za-z]?)?")  # "106A", "S25", "45–67"

_ANY_YEAR_RE = re.compile(r"(?<![\d/.-])(1[5-9]\d\d|20\d\d)(?![\d/]|\.\d)")  # not "arXiv:1903.01768"

# A preprint server's name and the paper's number there: "arXiv preprint arXiv:1412.7054", "bioRxiv 2020.03.01.1"
_PREPRINT_SERVERS = r"arxiv|biorxiv|medrxiv|psyarxiv|socarxiv|ssrn"
# A preprint server's name alone where a journal stands ("… Dimensions. arXiv.", "bioRxiv,")
_PREPRINT_SERVER_RE = re.compile(rf"(?:{_PREPRINT_SERVERS}|research\s+square|preprints\.org)[.,;]?", re.I)

_EDITOR_MARK_RE = re.compile(r"\b(?:eds?|editors?|edited|hrsg|hg|dir|coord)\b", re.I)
_YEAR_RE = re.compile(r"1[5-9]\d\d|20\d\d")
# "2019; 23:": Vancouver's year, then the volume (the year captured)
_VOLUME_AFTER_YEAR_RE = re.compile(rf"^({_YEAR_RE.pattern})[a-z]?\s*;\s*(?=\d)")
# a page or a range of pages as printed: "106A", "S25", "45–67", "e119"
_PAGE_RANGE = r"[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]+\s*[A-Za-z]?\d+[A-Za-z]?)?"

# Words that make a name a firm's ("Curran Associates, Inc.", "Oxford University Press")
_PUBLISHER_WORDS = frozenset("press inc inc. ltd ltd. llc gmbh verlag publishers publishing publications associates "
                             "books edition editions éditions".split())

# What an issue's brackets hold: words, and brackets of their own one deep ("74(8-B(E))")
_IN_ISSUE_BRACKETS = r"(?:[^()]|\([^()]*\))"
_TRAILING_NUMBERS_RE = re.compile(r"^(?P<name>.*?\D)(?:[\s,]+|(?<=[^\W\d])[;:])"
                                  rf"(?P<numbers>(?:(?:1[5-9]|20)\d\d[a-z]?\s*;\s*)?\d+[A-Za-z]?(?:\({_IN_ISSUE_BRACKETS}*\)|\s\((?=\d){_IN_ISSUE_BRACKETS}*\)|/\d+[\w()–-]*|\.\d+-[A-Z][\w()–-]*|,?\s*nos?\.\s*\d[\w()–-]*)?(?:\s*:\s*\S+|(?:,\s*(?:pp?\.\s*)?|\s+)(?:[A-Za-z]{{0,2}}|[Ss]uppl\.?[\s-]?)\d[\w–-]*)?)[.,]?$")


def _known_journal(text: str) -> tuple[bool, bool]:
    """(whether text, less the numbers printed after it, is a journal's name in the packaged list; whether it
    had such numbers): "Sleep and Biological Rhythms;7:A34." is (True, True), "Nature Medicine," (True, False)."""
    numbered = _TRAILING_NUMBERS_RE.match(_trim(text))
    name = numbered.group("name") if numbered else text
    return journals.name_key(name.rstrip(" ,.;:")) in journals.load_journal_names().canonical, numbered is not None


_VENUE_WORDS_RE = re.compile(r"\b(?:proceedings|conference|symposium|workshop|congress|colloquium)\b", re.I)

_LAST_SENTENCE_RE = re.compile(r"[.?!]\s+(?=[A-Z0-9])")

_CASE_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def _cased(text: str) -> float:
    """The share of a text's words of four letters or more, after its first, that begin with a capital."""
    words = [w for w in _CASE_WORD_RE.findall(text)[1:] if len(w) >= 4]
    return sum(w[0].isupper() for w in words) / len(words) if words else -1.0


# "pages" before "p", or "Pages" leaves "ages"; a capital P with no stop or space after it is a poster's or
# abstract's page ("P63"), kept whole
_PAGES_PREFIX_RE = re.compile(r"^(?:(?i:pages?)|(?i:pp?)\.|p{1,2}(?=\d)|(?i:pp?)(?=\s)|S\.)\s*")

# "An Introduction", "A Trial" after a stop are a subtitle's words
_SHORT_PUBLISHER_RE = re.compile(r"^(?!An?\s)(?:[A-Z]\.\s+){0,3}[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|&|and|of|the)){0,4}(?:,\s*(?:Inc|Ltd|LLC|Co)\.?)?$")

# Words that make a name a periodical's ("… Electronic Journal", "… Law Review")
_PERIODICAL_WORDS = frozenset("journal review quarterly bulletin annals transactions letters magazine gazette "
                              "zeitschrift revue revista".split())


def _unquote(text: str) -> str:
    """'‘Proceedings of X,’' -> 'Proceedings of X': quotes around a whole container, as Australian styles print
    it."""
    m = re.fullmatch(r"\s*[‘“\"](.*?)[.,]?[’”\"]([.,]?)\s*", text)
    return f"{m.group(1)}{m.group(2)}" if m else text
