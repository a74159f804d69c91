"""CSL rendering: citeproc-py 0.11.1 with the official styles, and the classes of its errors fixed.

citeproc-py departs from citeproc-js (Zotero's engine, the reference) in whole classes of output; each
fix below names the class and the CSL 1.0.2 rule it restores. They patch citeproc-py's element classes
once, at first use, and are checked against the pinned version.
"""
from __future__ import annotations

import html
import re
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import citeproc
import citeproc.model as csl_model
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.frontend import CitationStylesXML
from citeproc.source.json import CiteProcJSON

PINNED = "0.11.1"
STYLE_FILES = {
    "apa": "apa.csl",
    "chicago-nb": "chicago-notes-bibliography.csl",
    "chicago-ad": "chicago-author-date.csl",
    "chicago-nb-17": "chicago-notes-bibliography-17th-edition.csl",
    "chicago-ad-17": "chicago-author-date-17th-edition.csl",
}
# citeproc-js's title-case skip words (CSL 1.0.2 "text-case title": prepositions, articles, conjunctions)
SKIP_WORDS = frozenset(
    "about above across afore after against al along alongside amid amidst among amongst anenst apropos apud around "
    "as aside astride at athwart atop barring before behind below beneath beside besides between beyond but by circa "
    "despite down during et except for forenenst from given in inside into lest like modulo near next "
    "notwithstanding of off on onto out over per plus pro qua sans since than through thru throughout thruout till "
    "to toward towards under underneath until unto up upon versus vs. v. vs v via vis-à-vis with within without or "
    "yet so and nor a an the de d' von van c ca".split())

_lock = threading.Lock()
_fixed = False


def _fix_citeproc() -> None:
    """Patch citeproc-py's element classes once; each fix restores one CSL rule citeproc-js follows."""
    global _fixed
    with _lock:
        if _fixed:
            return
        if citeproc.__version__ != PINNED:
            raise RuntimeError(f"refsvc's CSL fixes are for citeproc-py {PINNED}, found {citeproc.__version__}")
        _fix_labels()
        _fix_initialize()
        _fix_title_case()
        _fix_substitute()
        _fix_page_ranges()
        _fix_names_substitute()
        _fix_group_suppression()
        _fixed = True


def _fix_labels() -> None:
    # CSL 1.0.2 cs:label: "renders nothing" when its variable is empty; citeproc-py printed the term
    # ("Edition") for every newspaper article.
    original = csl_model.Label.process

    def process(self, item, variable=None, plural=None, context=None, **kwargs):  # type: ignore[no-untyped-def]
        name = variable or self.get("variable")
        if variable is None and name and name != "locator" and name.replace("-", "_") not in item.reference:
            return None
        return original(self, item, variable=variable, plural=plural, context=context, **kwargs)

    csl_model.Label.process = process


def _fix_initialize() -> None:
    # CSL 1.0.2 cs:name initialize="false": keep given names whole, only format existing initials.
    # citeproc-py ignored the attribute and turned "Muhammad" into "M." in both Chicago styles.
    original = csl_model.Name.initialize

    def initialize(self, given, mark, context):  # type: ignore[no-untyped-def]
        if self.get("initialize", "true").lower() == "false":
            words = given.split()
            if all(re.fullmatch(r"[A-Z]\.?(?:-[A-Z]\.?)?", w) for w in words):
                return original(self, given, mark, context)
            return given
        # "Ji-woo" is one name: a lower-case part after a hyphen is not a second initial (citeproc-js).
        return original(self, re.sub(r"-(?=[a-z])", "", given), mark, context)

    csl_model.Name.initialize = initialize


def _fix_title_case() -> None:
    # citeproc-js's skip words, the last word and each part of a hyphenated word capitalised
    # ("Two-Day", "and Beyond"), and a missing language read as the style's English (labels: "Eds.").
    original = csl_model.TextCased.case

    def case(self, text, language=None):  # type: ignore[no-untyped-def]
        if self.get("text-case") != "title":
            return original(self, text, language or "en")
        if (language or "en") != "en":
            return text
        words = list(text.words())
        output = []
        previous = ":"
        for n, word in enumerate(words):
            if isinstance(word, str):
                last = n == len(words) - 1
                parts = word.split("-")
                for i, part in enumerate(parts):
                    bare = part.lstrip("‘“'\"(")
                    if bare.islower() and (bare not in SKIP_WORDS or previous in ":.?!" or last or i > 0):
                        lead = len(part) - len(bare)
                        parts[i] = part[:lead] + bare[:1].upper() + bare[1:]
                word = type(word)("-".join(parts))
            elif word.islower() and str(word) not in SKIP_WORDS:
                word = word.capitalize_first()
            previous = str(word)[-1:] or previous
            output.append(word)
        return " ".join(output)

    csl_model.TextCased.case = case


def _fix_substitute() -> None:
    # CSL 1.0.2 cs:substitute: a variable rendered as a substitute is suppressed in the rest of the
    # entry. citeproc-py suppressed only a bare <text variable>, not one reached through a macro, so
    # APA printed a no-author title twice. Record what the substitute actually rendered, and suppress that.
    original_render = csl_model.Substitute.render
    original_variable = csl_model.Text._variable

    def render(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        layout = (context if context is not None else self).get_layout()
        outer = getattr(layout, "captured", None)
        layout.captured = []
        try:
            return original_render(self, item, context=context, **kwargs)
        finally:
            layout.captured = outer

    def add_to_repressed_list(self, child, context):  # type: ignore[no-untyped-def]
        layout = context.get_layout()
        for tag, variable in layout.captured or [(child.tag, child.get("variable"))]:
            layout.repressed.setdefault(tag, []).append(variable)

    def _variable(self, item, context):  # type: ignore[no-untyped-def]
        text = original_variable(self, item, context)
        captured = getattr(context.get_layout(), "captured", None)
        if text and captured is not None:
            captured.append((self.tag, self.get("variable")))
        return text

    csl_model.Substitute.render = render
    csl_model.Substitute.add_to_repressed_list = add_to_repressed_list
    csl_model.Text._variable = _variable


def _fix_page_ranges() -> None:
    # CSL 1.0.2 page-range-format "chicago-16" (CMOS 16–18 §9.64): past 100, keep the last two digits,
    # or more where more change: 1369–1401 -> 1369–401. citeproc-py wrote every four-digit range in full.
    original = csl_model.FormatNumber._format_last_page

    def _format_last_page(self, first, last):  # type: ignore[no-untyped-def]
        if self.get_root().get_option("page-range-format") != "chicago-16" or not (first.isdigit() and last.isdigit()):
            return original(self, first, last)
        begin, end = int(first), int(last)
        if begin > 100 and begin % 100:
            for i in range(2, len(last)):
                if begin // 10**i == end // 10**i:
                    return str(end % 10**i)
        return last

    csl_model.FormatNumber._format_last_page = _format_last_page


def _fix_names_substitute() -> None:
    # CSL 1.0.2 cs:substitute: names used as the substitute (an edited book's editors) are not printed
    # again; citeproc-py repeated them after the title.
    original = csl_model.Names.process

    def process(self, item, names_context=None, context=None, **kwargs):  # type: ignore[no-untyped-def]
        repressed = (context if context is not None else self).get_layout().repressed.get(self.tag, [])
        repressed = [r for r in repressed if r]
        roles = self.get("variable", "").split()
        present = [role for role in roles if role.replace("-", "_") in item.reference]
        if present and all(role in repressed for role in present):
            raise csl_model.VariableError
        if names_context is None and self.name is None:
            # A bare cs:names anywhere inside a cs:substitute takes its cs:name and cs:label from the
            # enclosing cs:names (CSL 1.0.2 §Substitute); citeproc-py did so only for direct children.
            enclosing = self.xpath_search("./ancestor::cs:names[1]")
            if enclosing:
                names_context = enclosing[0]
        text = original(self, item, names_context=names_context, context=context, **kwargs)
        layout = (context if context is not None else self).get_layout()
        if text and getattr(layout, "first_names", "") is None:
            layout.first_names = str(text)  # for subsequent-author-substitute (styles.py)
        if text and getattr(layout, "captured", None) is not None:
            layout.captured += [(self.tag, role) for role in roles if role.replace("-", "_") in item.reference]
        return text

    csl_model.Names.process = process


def _fix_group_suppression() -> None:
    # CSL 1.0.2 cs:group: suppressed when it calls variables and all of them are empty. citeproc-py
    # counted every branch of a cs:choose as calling variables, not the branch taken, so APA kept
    # "(Publication)" for a thesis with no number.
    def process(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        output = []
        variable_called = variable_rendered = False
        delimiter = self.get("delimiter", "")
        for child in self.iterchildren():
            try:
                if isinstance(child, csl_model.Choose):
                    child_text, branch = _render_choose(child, item, context, delimiter, kwargs)
                    calls = branch is not None and branch.calls_variable()
                else:
                    child_text = child.render(item, context=context, **kwargs)
                    calls = child.calls_variable()
            except csl_model.VariableError:
                child_text, calls = None, child.calls_variable()
            variable_called = variable_called or calls
            if child_text is not None:
                output.append(child_text)
                variable_rendered = variable_rendered or calls
        if output and (not variable_called or variable_rendered):
            return self.join(output)
        raise csl_model.VariableError

    csl_model.Group.process = process


def _render_choose(choose: Any, item: Any, context: Any, delimiter: str, kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """(text, branch taken) of a cs:choose, or (None, None) when no branch applies."""
    for branch in choose.getchildren():
        try:
            return branch.render(item, context=context, delimiter=delimiter, **kwargs), branch
        except csl_model.ConditionFailed:
            continue
    return None, None


# ---------------------------------------------------------------- text fixes around the engine

def smart_quotes(text: str) -> str:
    """Straight quotes as typographic ones, as citeproc-js prints field text: "x" -> “x”, it's -> it’s."""
    text = re.sub(r'"([^"]*)"', "“\\1”", text)
    text = re.sub(r"(?<![\w])'([^']*?)'(?![\w])", "‘\\1’", text)
    return text.replace("'", "’")


_CLOSE_DOUBLE, _CLOSE_SINGLE = "\ue000", "\ue001"  # closing quotes the engine placed, told from apostrophes


def flip_nested(text: str) -> str:
    """Quotes inside quotes alternate double and single (CSL 1.0.2 §Quotes: flip-flop).

    Closing quotes are returned as private-use marks so that punctuation_in_quote() can tell them
    from apostrophes; punctuation_in_quote() turns them back.
    """
    out, stack = [], []
    for char in text:
        if char in "“‘" and not (char == "‘" and out and out[-1].isalnum()):
            kind = "“" if not stack or stack[-1] == "‘" else "‘"
            stack.append(kind)
            out.append(kind)
        elif char in "”’" and stack and (char == "”" or not (out and out[-1].isalnum() and _text_continues(text, len(out)))):
            kind = stack.pop()
            out.append(_CLOSE_DOUBLE if kind == "“" else _CLOSE_SINGLE)
        else:
            out.append(char)
    return "".join(out)


def _text_continues(text: str, index: int) -> bool:
    """True when the character after text[index] is a letter: an apostrophe inside a word."""
    return index + 1 < len(text) and text[index + 1].isalpha()


def punctuation_in_quote(text: str) -> str:
    """Periods and commas after closing quotes move inside them (en-US: punctuation-in-quote)."""
    quotes = f"[{_CLOSE_DOUBLE}{_CLOSE_SINGLE}]+"
    text = re.sub(f"({quotes})([.,])", lambda m: m.group(2) + m.group(1), text)
    # A question or exclamation mark ends the title: the period after it goes (CSL 1.0.2 §Affixes).
    text = re.sub(f"([?!])((?:{quotes}|</[a-z]+>)*)\\.", lambda m: m.group(1) + m.group(2), text)
    return text.replace(_CLOSE_DOUBLE, "”").replace(_CLOSE_SINGLE, "’")


_KEYS = frozenset({"id", "type", "language", "year-suffix"})
_VERBATIM = frozenset({"URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID"})


@lru_cache(maxsize=None)
def style(name: str) -> CitationStylesStyle:
    """The named official style, parsed once, with citeproc-py fixed and our en-US locale."""
    _fix_citeproc()
    folder = resources.files("refsvc").joinpath("data/csl")
    parsed = CitationStylesStyle(str(folder.joinpath(STYLE_FILES[name])), locale="en-US", validate=False)
    # The style's own <locale> overrides come first; after them, our copy of the official en-US locale
    # (not the one bundled with citeproc-py, whose version we do not control).
    ours = CitationStylesXML(str(folder.joinpath("locales-en-US.xml")), validate=False).root
    ours.style = parsed.root
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    own = parsed.root.xpath_search("./cs:locale")
    in_style = [loc for wanted in ("en-US", "en", None) for loc in own if loc.get(lang) == wanted]
    for loc in in_style:
        loc.style = parsed.root
    parsed.root.locales = [*in_style, ours]
    return parsed


def prepared(item: Mapping[str, Any], html_output: bool = False) -> dict[str, Any]:
    """An item's text fields with typographic quotes and apostrophes, as citeproc-js prints them.

    For HTML, record text is escaped here: citeproc-py's HTML formatter writes field text as it is.
    """
    def text(value: str, verbatim: bool) -> str:
        value = value if verbatim else smart_quotes(value)
        return html.escape(value, quote=False) if html_output else value

    out: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, str):
            # Keys are passed as they are; links are escaped for HTML but never get typographic quotes.
            out[key] = value if key in _KEYS else text(value, key in _VERBATIM)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out[key] = [{k: text(v, False) if isinstance(v, str) else v for k, v in person.items()} for person in value]
        else:
            out[key] = value
    return out


def bibliography(items: Sequence[Mapping[str, Any]], name: str, *, html_output: bool = False) -> dict[str, str]:
    """Each item's reference-list entry formatted alone, keyed by id ('' when the style lists nothing)."""
    return {key: text for key, (text, _names) in entries_with_names(items, name, html_output=html_output).items()}


def entries_with_names(items: Sequence[Mapping[str, Any]], name: str, *,
                       html_output: bool = False) -> dict[str, tuple[str, str]]:
    """id -> (entry, the text of the first names the entry prints, '' when none)."""
    layout = style(name).root.bibliography.layout
    out = {}
    for item in items:
        layout.first_names = None
        source = CiteProcJSON([prepared(item, html_output)])
        bib = CitationStylesBibliography(style(name), source, formatter.html if html_output else formatter.plain)
        bib.register(Citation([CitationItem(item["id"])]))
        entries = bib.bibliography()
        text = str(entries[0]) if entries else ""
        out[str(item["id"])] = (finish(text, html_output), finish(layout.first_names or "", html_output))
    return out


def finish(text: str, html_output: bool) -> str:
    """Engine output with nested quotes flipped and punctuation moved inside quotes."""
    if not html_output:
        text = html.unescape(text)
    return punctuation_in_quote(flip_nested(text)).strip()
