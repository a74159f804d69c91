"""citeproc-py's CSL element classes with the classes of its errors fixed, as subclasses.

citeproc-py 0.11.1 departs from citeproc-js (Zotero's engine, the reference) in whole classes of output; each
mixin below names the class and the CSL 1.0.2 rule it restores. The library is never patched: parse() builds
a style tree whose elements are these subclasses, through an lxml class lookup of our own, so nothing another
caller of citeproc-py sees is changed.
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import html
import itertools
import re
import threading
from collections.abc import Iterator, Mapping
from typing import Any

import citeproc
import citeproc.model as csl_model
import citeproc.source as csl_source
from citeproc import formatter as csl_formatter
from citeproc.source import Name as SourceName
from citeproc.string import MixedString, NoCase, String, join, normalize_seam
from lxml import etree

from refsvc.formats import numbers, richtext, sortblobs

PINNED = "0.11.1"
STRAIGHT_OPEN = "\ufdd2"  # engine.smart_quotes: an opening double quote title case leaves the next word after as written
HELD_SINGLE_OPEN = "\ufdd5"  # the same for an opening single quote (engine._held_curly_openings)
HELD_PUNCTUATION = "\ufdd3"  # engine.prepared: a period or comma of the field's own after a quote, kept outside it
PREFIX_STOP = "\ufdec"  # _AffixParens: a prefix's opening "." or ":" follows, which engine.finish may merge away
LITERAL_QUOTE = "\ufdd4"  # engine.prepared: the closing quote after it closes no quote (it opened none in its field)
GIVEN_AS_WRITTEN = "refsvc-given-as-written"  # a name flag: its given name printed as written (styles.py)
NAMES_SHOWN = "refsvc-names-shown"  # a flag on a list's first name: names its citation showed (disambiguate.py)
SHORT_GIVEN = "refsvc-short-given"  # a name flag: its short form shows initials (1) or its given name (2) too
CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"
NAMESPACES = {"cs": CSL_NAMESPACE}
SUBSTITUTE = f"{{{CSL_NAMESPACE}}}substitute"
# citeproc-js's title-case skip words (CSL 1.0.2 "text-case title": prepositions, articles, conjunctions)
SKIP_WORDS = frozenset(
    "about above across afore after against al along alongside amid amidst among amongst anenst apropos apud around "
    "as aside astride at athwart atop barring before behind below beneath beside besides between beyond but by circa "
    "despite down during et except for forenenst from given in inside into lest like modulo near next "
    "notwithstanding of off on onto out over per plus pro qua sans since than through thru throughout thruout till "
    "to toward towards under underneath until unto up upon versus vs. v. vs v via vis-à-vis with within without or "
    "yet so and nor a an the de d' von van c ca".split())


class _Label:
    # A name list's role is no part of its sort key: citeproc-js
    # sorts an edited book ("Orr, T. (Ed.)") among its editor's own works by date and title, where citeproc-py's
    # key "orr, t. (ed.)" put it after them all and gave the wrong work the year's first suffix. A number's
    # label is ("Operations Research, vol. 6" files after "Operations Research 6").
    def process(self, item, variable=None, plural=None, context=None, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("sort_options") is not None and str(self.getparent().tag).endswith("}names"):  # type: ignore[attr-defined]
            return None
        name = variable or self.get("variable")  # type: ignore[attr-defined]
        if variable is None and name == "locator" and not item.has_locator:
            # An empty locator's label is the term "page" (citeproc-js's default locator label): Vienna's technical
            # university style prints ", p. 201–219" by a label of the locator, which a bibliography never has.
            return super().process(item, variable="page", plural=False, context=context, **kwargs)  # type: ignore[misc]
        if variable is None and name and name != "locator" and name.replace("-", "_") not in item.reference:
            # citeproc-js prints a label of an empty variable as a term, singular ("Fen notes, p." where a group
            # holds the label and other variables): a group of the label and its variable alone prints nothing
            # (_Group), as no variable in it printed.
            return super().process(item, variable=variable, plural=False, context=context, **kwargs)  # type: ignore[misc]
        # Nor does it label a variable a substitute already printed (the edition beside APA's no-author title).
        if variable is None and name and _suppressed((context if context is not None else self).get_layout(), name, _VARIABLE_TAGS, within=False):  # type: ignore[attr-defined]
            return None
        if variable is None and name:
            term = self._term_of(item)
            if term is not None:
                return super().process(item, variable=term, plural=self._is_plural(item), context=context, **kwargs)  # type: ignore[misc]
        return super().process(item, variable=variable, plural=plural, context=context, **kwargs)  # type: ignore[misc]

    # A label is no variable a group or macro printed, the locator's neither (citeproc-py counted it): its group
    # prints nothing where the variables beside it are empty (", p." alone of a work with no pages).
    def calls_variable(self):  # type: ignore[no-untyped-def]
        return False

    # And citeproc-js title-cases nothing of an item with a jurisdiction (see _language), its labels neither:
    # "(Ed.)" is "(ed.)" there.
    def render(self, item, *args, **kwargs):  # type: ignore[no-untyped-def]
        text = self.process(item, *args, **kwargs)
        if text and _OPENING.strip:
            text = text.replace(".", "")
        if text and self.get("text-case") == "title" and dict.get(item.reference, "jurisdiction"):  # type: ignore[attr-defined]
            _OPENING.first = False
            return self.wrap(self.format(self.strip_periods(text)))  # type: ignore[attr-defined]
        return self.markup(text)  # type: ignore[attr-defined]

    def _is_plural(self, item):  # type: ignore[no-untyped-def]
        # citeproc-js's number parser decides (numbers.py): "Nos. 12 and 14", "pp. vii–xii", "p. 35:1-35:20",
        # "2 vols."; citeproc-py counted digits around any mark ("Vols. 1998/6") and read number-of-volumes from
        # the citation item, not the record, an error that hid the whole group.
        variable = self.get("variable") or ""  # type: ignore[attr-defined]
        key = variable.replace("-", "_")
        if variable in numbers.NUMERIC_VARIABLES and key in item.reference:
            value = item.reference[key]
            if type(value) is str and value.isdigit() and value.isascii():  # one number: plural only as a count
                return variable.startswith("number-of-") and int(value) > 1
            if type(value) is str and _PLAIN_PAGES_RE.fullmatch(value):  # a range of two numbers
                return True
            return numbers.is_plural(*_number_reading(self, value, variable))
        return super()._is_plural(item)  # type: ignore[misc]

    def _term_of(self, item):  # type: ignore[no-untyped-def]
        """The term a number or page written with its own label is labelled with ("pt. 2" -> "Pt."), or None."""
        variable = self.get("variable")  # type: ignore[attr-defined]
        if variable in ("number", "page") and variable in item.reference \
                and not _PLAIN_PAGES_RE.fullmatch(str(item.reference[variable])):  # (numbers carry no label)
            term = numbers.label_term(*_number_reading(self, item.reference[variable], variable))
            return term if term not in (None, variable) else None
        return None


# The options of a cs:name that Name.process reads, in _Initialize._names_text's order.
_NAME_OPTIONS = ("and", "delimiter", "delimiter-precedes-et-al", "delimiter-precedes-last", "et-al-min",
                 "et-al-use-first", "et-al-use-last", "initialize-with", "name-as-sort-order", "sort-separator",
                 "form", "demote-non-dropping-particle")


_INITIALS_ONLY_RE = re.compile(r"(?:[A-Z]\.?\s*)+")


class _Initialize:
    # CSL 1.0.2 cs:name initialize="false": keep given names whole, only format existing initials (a bare
    # "T" in "James T" takes the initialize-with mark).
    # citeproc-py ignored the attribute and turned "Muhammad" into "M." in both Chicago styles.
    def initialize(self, given, mark, context):  # type: ignore[no-untyped-def]
        whole = self._kept_whole(context)
        if isinstance(given, _Written) and not (whole and _INITIALS_ONLY_RE.fullmatch(given)):
            return str(given)
        if whole:
            # ... but the initials a full given name holds take the mark ("James T" -> "James T.", CSL 1.0.2); a
            # given name a citation needed whole is printed as written ("Flo K"), unless it is initials alone
            # (citeproc-js: "Huggins J.T." of "J. T.")
            return initials(str(given), mark, whole=True)
        if not self.get_option("initialize-with-hyphen", context):  # type: ignore[attr-defined]
            given = given.replace("-", " ")
        return initials(given, mark)

    def _kept_whole(self, context):  # type: ignore[no-untyped-def]
        """Whether given names are kept whole (initialize="false"), an option cs:name inherits from cs:citation or
        cs:bibliography and cs:style (CSL 1.0.2 §Inheritable Name Options), as citeproc-js reads it: Freiburg's
        history style sets it on its bibliography ("Vale, Ira"); citeproc-py read the cs:name's alone ("Vale, I.")."""
        kept = self.__dict__.setdefault("_whole", {})
        whole = kept.get(context)
        if whole is None:
            value = self.get("initialize") or self._inherited("initialize", context)  # type: ignore[attr-defined]
            whole = kept[context] = (value or "true").lower() == "false"
        return whole

    def _inherited(self, option, context):  # type: ignore[no-untyped-def]
        """A name option as cs:citation or cs:bibliography (around the context), else cs:style, sets it; None."""
        around = (context if context is not None else self).xpath_search(  # type: ignore[attr-defined]
            "./ancestor::*[self::cs:citation or self::cs:bibliography][1]")
        value = around[0].get(option) if around else None
        return value if value is not None else self.get_root().get(option)  # type: ignore[attr-defined]

    def get_option(self, name, context=None, sort_options=None):  # type: ignore[no-untyped-def]
        # Speed, not output: a name option depends on this element's attributes, the citation or bibliography
        # around the context and the sort key's options, none of which a render changes; citeproc-py looked it
        # up through the tree fourteen times for every list of names.
        overrides = self.__dict__.get("_overrides")
        if overrides and name in overrides:
            return overrides[name]
        key = (name, context, tuple(sorted(sort_options.items())) if sort_options else None)
        kept = self.__dict__.setdefault("_options", {})
        if key not in kept:
            kept[key] = super().get_option(name, context, sort_options)  # type: ignore[misc]
        return kept[key]

    # In a sort key names are compared one after another, with no "and" or "&" before the last (citeproc-js):
    # "Wexley, J., & Nakashima" had filed before "Wexley, J., Hale".
    # And in their long form names print as citeproc-js prints them where citeproc-py did not (_as_printed).
    def process(self, item, variable, context=None, sort_options=None, **kwargs):  # type: ignore[no-untyped-def]
        if sort_options is not None and "and" not in sort_options:
            sort_options = {**sort_options, "and": None}
        names = item.reference.get(variable)
        self._keying = sort_options is not None  # read by et_al() within this call (a style is one thread's)
        self._overrides = _subsequent_et_al(self, item, context) \
            if names and sort_options is None and self.get_root().__dict__.get("_subsequent_et_al") != {} else None
        if names and sort_options is None:
            shown = _names_shown(self, names, context)
            if shown:
                self._overrides = {**(self._overrides or {}), **shown}
        if names and len(names) == 2 and "literal" in names[1]:
            # citeproc-js joins two names the second of which is an institution's with the "and" alone, whatever
            # delimiter-precedes-last says: "Vale, I. & Lake Trust", "Fen Board and Lake Trust".
            self._overrides = {**(self._overrides or {}), "delimiter-precedes-last": "never"}
        elif names and len(names) > 2 and "literal" in names[-1]:
            # ... and more than two names the last of which is an institution's as the style, its citation or its
            # bibliography says, whatever the cs:name says: "Ida Wren, Tam Rook, and Lake Trust" under a cs:name of
            # "never" (its default, contextual), Wolters Kluwer's "I. Wren, T. Rook & Lake Trust" under a cs:style
            # of "never".
            joined = self._inherited("delimiter-precedes-last", context) or "contextual"
            self._overrides = {**(self._overrides or {}), "delimiter-precedes-last": joined}
        try:
            options = self._name_options(context, sort_options)
            whole = None
            if names:
                whole, options = self._printable(item, names, context, sort_options is not None, options)
            text = self._names_text(whole or names or [], context, options)
            if _OPENING.probe and _OPENING.names_each is not None and text and not isinstance(text, int):
                text = text + String(NAMES_END)  # (before the role's label: names_probed)
            return text
        finally:
            self._overrides = None

    def _names_text(self, names, context, options):  # type: ignore[no-untyped-def]
        """citeproc-py 0.11's Name.process (BSD-2-Clause), the names given. Speed, not output: its options are
        read in one lookup, its name-part elements found once, and "et al." rendered only where it is printed;
        citeproc-py read each option through two calls and searched the tree twice for every list of names."""
        and_, delimiter, precedes_et_al, precedes_last, et_al_min, use_first, use_last, initialize_with, \
            sort_order, sort_separator, form, demote = options
        if demote == "sort-only" and getattr(self, "_keying", False):
            # (a sort key demotes the particle there: "van der Aalst" files under "Aalst", as citeproc-js files it)
            demote = "display-and-sort"
        truncate = len(names) > 1 and et_al_min and len(names) >= et_al_min
        if form == "count":  # the names it would print: all of them where no et-al rule cuts the list
            return min(len(names), use_first) if truncate else len(names)
        # (with et-al-use-last, citeproc-js prints at most et-al-min less two before the ellipsis: a style of
        # et-al-min 4 and use-first 3 prints "Orr – Vale – … Hale")
        et_al_last = use_last and et_al_min - 2 >= 1
        if truncate:
            names = names[:min(use_first, et_al_min - 2)] + [names[-1]] if et_al_last else names[:use_first]
        given_part, family_part = self._name_parts()
        output = []
        for i, name in enumerate(names):
            given, family, dp, ndp, suffix = name.parts()
            if given is not None and initialize_with is not None:
                given = self.initialize(given, initialize_with, context)
            if suffix and initialize_with is not None:
                suffix = _suffix_marked(suffix, initialize_with)
            # CSL 1.0.2 cs:name-part, as citeproc-js prints it: a part's text-case and formatting apply to each of
            # its name parts on its own, the given name's to the dropping particle, the family name's to the
            # non-dropping particle wherever it stands ("JOODE, E. DE" under an upper-case family name and a
            # capitalize-first given name; "<i>Ludwig</i> <i>Van</i>"); its affixes enclose the particles printed
            # beside it, and, uninverted, the family name's the suffix too ("[X de gaulle Jr.]").
            # citeproc-py cased and formatted the particles with the name beside them, as one text.
            if form == "long":
                if sort_order == "all" or (sort_order == "first" and i == 0):
                    if demote in ("never", "sort-only"):
                        family = _part_of(family_part, _styled(family_part, ndp), _styled(family_part, family))
                        given = _part_of(given_part, _styled(given_part, given), _styled(given_part, dp))
                    else:
                        family = _part_of(family_part, _styled(family_part, family))
                        given = _part_of(given_part, _styled(given_part, given), _styled(given_part, dp),
                                         _styled(family_part, ndp))
                    text = _joined([n for n in (family, given, suffix) if n], sort_separator)
                else:
                    given = _part_of(given_part, _styled(given_part, given))
                    enclosed = suffix if suffix and family_part is not None and _affixed(family_part) else None
                    family = _part_of(family_part, _styled(given_part, dp), _styled(family_part, ndp),
                                      _styled(family_part, family), enclosed)
                    text = _joined([n for n in (given, family, None if enclosed else suffix) if n], " ")
            elif form == "short":
                # (a short name in a sort key files by its family name where the particle is demoted: "Aalst van der")
                demoted = demote == "display-and-sort" and getattr(self, "_keying", False)
                family = _part_of(family_part, *(_styled(family_part, n) for n in ((family, ndp) if demoted else (ndp, family))))
                text = family
            if _OPENING.strip:
                text = text.replace(".", "")
            output.append(self._each(text, "literal" in name and not isinstance(name["literal"], _Personal)))
        if _OPENING.names_each is not None:
            _OPENING.names_each += output  # (subsequent-author-substitute-rule: each name as printed)
        if and_ is None and not truncate and len(output) > 1 and str(output[-2])[-1:] in ("”", "’"):
            # The delimiter before the last of the names where no "and" joins it stays outside a quote the name
            # before ends with ('Zahedi F “Mariam”, Bansal G'), as citeproc-js joins them; every other comma after
            # one moves in ('Zahedi F “Mariam,” Abbasi A, Chen Y', 'Zahedi, Fatemeh “Mariam,” and Gaurav Bansal').
            output[-2] = output[-2] + String(HELD_PUNCTUATION)
        et_al = self.et_al() if truncate else None  # type: ignore[attr-defined]
        if et_al and _OPENING.strip:
            et_al = et_al.replace(".", "")
        if truncate and et_al:
            if et_al_last:
                output[-1] = self.unicode_character("horizontal ellipsis") + " " + output[-1]  # type: ignore[attr-defined]
                return self._each(self.join(output, delimiter), False)  # type: ignore[attr-defined]
            if precedes_et_al == "always" or (precedes_et_al == "contextual" and len(output) >= 2) \
                    or (precedes_et_al == "after-inverted-name" and _inverted(form, sort_order, len(output) - 1)):
                output.append(et_al)
                return self._each(self.join(output, delimiter), False)  # type: ignore[attr-defined]
            return self._each(self.join(output, delimiter) + " " + et_al, False)  # type: ignore[attr-defined]
        if and_ is not None and len(output) > 1:
            and_term = self.get_single_term(name="and") if and_ == "text" else self.preformat("&")  # type: ignore[attr-defined]
            text = self.join(output[:-1], ", ")  # type: ignore[attr-defined]
            if precedes_last == "always" or (precedes_last == "contextual" and len(output) > 2) \
                    or (precedes_last == "after-inverted-name" and _inverted(form, sort_order, len(output) - 2)):
                text = self.join([text, ""], ", ")  # type: ignore[attr-defined]
            else:
                text += " "
            return text + "{} ".format(and_term) + output[-1]
        return self.join(output, delimiter)  # type: ignore[attr-defined]

    def _name_parts(self):  # type: ignore[no-untyped-def]
        """The cs:name-part for the given name and the one for the family name (None where there is none), found
        once: the tree never changes."""
        parts = self.__dict__.get("_parts_found")
        if parts is None:
            found = {part.get("name"): part for part in reversed(self.findall("cs:name-part", self.nsmap))}  # type: ignore[attr-defined]
            parts = self.__dict__["_parts_found"] = (found.get("given"), found.get("family"))
        return parts

    # A cs:name's affixes and formatting belong to each name, as citeproc-js prints them ("[Ann Orr]; [Ira Vale]",
    # Vancouver styles' suffix "." on each: "Nakashima L., Vale A."; small capitals name by name in HTML), not to
    # the list, where citeproc-py put them; an institution's name takes the formatting alone ("Fen Board and [Ann
    # Orr]"), and a list cut short with et al. takes them once more around it all ("[[Ann Orr]; et al.]").
    def _each(self, text, institution):  # type: ignore[no-untyped-def]
        marked = self.__dict__.get("_marked_names")
        if marked is None:
            marked = self.__dict__["_marked_names"] = not _MARKUP_ATTRIBUTES.isdisjoint(self.attrib.keys())  # type: ignore[attr-defined]
        if not (marked and text):
            return text
        return self.format(text) if institution else self.wrap(self.format(text))  # type: ignore[attr-defined]

    def markup(self, text):  # type: ignore[no-untyped-def]
        if not text:
            return None
        _OPENING.first = False
        return str(text) if isinstance(text, (int, float)) else text

    def _name_options(self, context, sort_options):  # type: ignore[no-untyped-def]
        """The options _NAME_OPTIONS names, in its order, for this context and sort key (and this list's
        overrides: _names_shown)."""
        key = (context, tuple(sorted(sort_options.items())) if sort_options else None)
        kept = self.__dict__.setdefault("_all_options", {})
        options = kept.get(key)
        if options is None:
            read = super().get_option  # type: ignore[misc]
            options = kept[key] = tuple(read(name, context, sort_options) for name in _NAME_OPTIONS)
        overrides = self.__dict__.get("_overrides")
        if overrides:
            options = _with_options(options, overrides)
        return options

    def _printable(self, item, names, context, keying, options):  # type: ignore[no-untyped-def]
        *_, et_al_min, use_first, use_last, mark, order, separator, form, demote = options
        short = form == "short"
        count = len(names)
        inverted = [not short and (order == "all" or (order == "first" and n == 0)) for n in range(count)]
        whole = names
        if keying:
            initialised = mark is not None and not self._kept_whole(context)
            whole = [_as_keyed(name, demote == "never", initialised) if inverted[n] else name
                     for n, name in enumerate(whole)]
        # Speed, not output: of a list cut for et al. only the names it prints are made ready to print (a paper's
        # forty authors print three); not in a short form, where a name with no surname drops out and the next
        # comes into view (below), nor in a sort key, which keys them all.
        cut = not keying and not short and count > 1 and et_al_min and count >= et_al_min
        shown = set(range(use_first)) | {count - 1} if cut else range(count)
        language = str(dict.get(item.reference, "language") or "")  # as written: "ZH" is no "zh" there
        demoted = demote == "never" or (demote == "sort-only" and not keying)  # (a key demotes: _names_text)
        # (a short name told apart by its given name is inverted as name-as-sort-order says: "Yildirim, E. et al.")
        whole = [_as_printed(self, name, short, inverted[n], demoted, mark, context, keying=keying, language=language,
                             separator=separator if short and (order == "all" or (order == "first" and n == 0)) else None)
                 if n in shown else name for n, name in enumerate(whole)]
        if short and not keying and any(not surnamed(n) for n in whole):
            # A short form prints the family name alone: a name with none is left out of the list, its "&"
            # with it ("(Tarn, 2011)", as citeproc-js cites a given-only name beside another). citeproc-js cuts
            # the list for et al. first and leaves them out of the cut: "(Orr et al., 2001)" of Orr, Ira, Moss
            # and Hale, "(2001)" of Aurelio, Vale, Moss and Hale. A list that prints no name prints nothing,
            # "et al." neither: one nameless name stands for it.
            if cut_for_et_al := count > 1 and et_al_min and count >= et_al_min and use_first < count and not use_last:
                kept = [n for n in whole[:use_first] if surnamed(n)]
                whole = kept + list(whole[use_first:]) if kept else whole[:1]
                if kept:  # (the names behind "et al." are not printed: the cut is as long as the names kept)
                    options = _with_options(options, {"et-al-use-first": len(kept),
                                                      "et-al-min": min(et_al_min, len(whole))})
            if not cut_for_et_al:
                whole = [n for n in whole if surnamed(n)] or whole[:1]
        return whole, options

    # Nor is "et al." part of a sort key: citeproc-js files "Wang, Nie, Huang, et al." with "Wang, Nie, and Huang",
    # then by title, where citeproc-py's key put it after them all.
    def et_al(self):  # type: ignore[no-untyped-def]
        return None if getattr(self, "_keying", False) else super().et_al()  # type: ignore[misc]


def surnamed(name: Mapping[str, Any]) -> bool:
    """A name a short form prints: one with a family name, or an institution's."""
    return bool(name.get("family") or name.get("literal"))


def _with_options(options: tuple[Any, ...], changed: Mapping[str, Any]) -> tuple[Any, ...]:
    """Name options (in _NAME_OPTIONS' order) with some changed."""
    return tuple(changed.get(name, value) for name, value in zip(_NAME_OPTIONS, options))


def _styled(part: Any, text: Any) -> Any:
    """A name part's text in a cs:name-part's text-case and formatting (its affixes: _part_of). A part the name
    lacks stays empty: citeproc-py cased and wrapped the None ("None Aristaeus" under Wolters Kluwer's
    '<name-part name="given"/>' for a mononym)."""
    return part.format(part.case(text)) if part is not None and text else text


def _part_of(part: Any, *texts: Any) -> Any:
    """The texts (styled name parts: _styled) spaced, within a cs:name-part's affixes; None where all are empty."""
    shown = [text for text in texts if text]
    if not shown:
        return None
    joined = _joined(shown, " ")
    return part.wrap(joined) if part is not None else joined


def _affixed(part: Any) -> bool:
    return part.get("prefix") is not None or part.get("suffix") is not None


def _joined(parts: list[Any], separator: str) -> Any:
    """separator.join(parts) for parts some of which are rich text (a name part's formatting: DIN's small-capital
    family names), on which str.join failed ("expected str instance, MixedString found")."""
    if all(isinstance(part, str) for part in parts):
        return separator.join(parts)
    out = None
    for part in parts:
        part = part if isinstance(part, (String, MixedString)) else String(part)
        out = part if out is None else out + String(separator) + part
    return out


def _rich(text: Any) -> Any:
    """Rich text whose every piece cases itself: a piece added as a plain str (the str + rich text of an affix)
    becomes a String, a number's text (Parsed) a NoCase, which no case changes."""
    if isinstance(text, MixedString):
        return MixedString([_rich(piece) for piece in list.__iter__(text)])
    if isinstance(text, Parsed):
        return NoCase(text)
    return text if isinstance(text, String) else String(text)


def _inverted(form: str, sort_order: str | None, place: int) -> bool:
    """Whether the name at place in a list prints inverted (name-as-sort-order): what a delimiter-precedes-et-al or
    delimiter-precedes-last of "after-inverted-name" asks of the name before ("Orr, Aurelio, and others")."""
    return form == "long" and (sort_order == "all" or (sort_order == "first" and place == 0))


def _suffix_marked(suffix: str, mark: str) -> str:
    """A name's suffix as citeproc-js prints it where the style initialises given names: its initials marked and
    spaced, its words kept ("S" -> "S.", "Ph.D." -> "Ph. D.", "Jr" and "III" as written); records from
    databases that write "Choi, M, " give BibTeX's reading a suffix of an initial."""
    return initials(suffix, mark, whole=True)


def _subsequent_et_al(element: Any, item: Any, context: Any) -> dict[str, Any] | None:
    """A cited-again work's et-al options (et-al-subsequent-min and -use-first, as citeproc-js reads them for a
    cite whose position is past the first: "Tarn et al." where the first note named all four)."""
    root = element.get_root()
    wanted = root.__dict__.get("_subsequent_et_al")  # (read once per tree, which belongs to one thread)
    if wanted is None:
        citation = root.find("cs:citation", element.nsmap)
        wanted = root.__dict__["_subsequent_et_al"] = {} if citation is None else {
            option: int(citation.get(f"et-al-subsequent-{option[6:]}")) for option in ("et-al-min", "et-al-use-first")
            if (citation.get(f"et-al-subsequent-{option[6:]}") or "").isdigit()}
    if not wanted:
        return None
    where = context if context is not None else element
    if where.xpath_search("./ancestor::*[self::cs:bibliography]"):
        return None
    cites = where.get_layout().getparent().cites
    return wanted if any(cite.key == item.key for cite in cites) else None


def _names_shown(element: Any, names: Any, context: Any) -> dict[str, Any] | None:
    """The et-al options for a list of names its citation needed more of (NAMES_SHOWN): see names_shown."""
    if not (isinstance(names[0], Mapping) and names[0].get(NAMES_SHOWN)):
        return None
    option = functools.partial(element.get_option, context=context)
    shown = names_shown(names, option("et-al-use-first"), option("et-al-min"), option("et-al-use-last"))
    return {"et-al-min": 0} if shown is None or shown >= len(names) else {"et-al-use-first": shown}


def names_shown(names: Any, use_first: int, et_al_min: int, use_last: bool) -> int | None:
    """How many of a list of names a bibliography prints before "et al." (all of them: their number; None: no
    names), as citeproc-js prints a list its citation needed more of (NAMES_SHOWN): that many where it is more
    than the et-al rule shows ("Tarn, Kit, Kit Moss, Kit Cole, Kit Hale, et al."), all of
    them where it reaches their number; with et-al-use-last never more than et-al-min less two."""
    if not names:
        return None
    count = len(names)
    cut = count >= et_al_min > 0 and count > 1
    shown = min(use_first, count) if cut else count
    flagged = names[0].get(NAMES_SHOWN) if isinstance(names[0], Mapping) else None
    if flagged and flagged > use_first and cut:
        shown = et_al_min - 2 if use_last and flagged > et_al_min - 2 else flagged
    return min(shown, count)


@functools.lru_cache(maxsize=65536)  # speed: a library names its editors and authors again and again
def initials(given: str, mark: str, whole: bool = False) -> str:
    """A given name initialised as citeproc-js initialises it, mark (initialize-with) after each initial.

    whole (initialize="false"): the words are kept and only the initials written in it are marked and spaced
    as citeproc-js does ("Ting-I" -> "Ting-I.", "H.-C." -> "H. C.", "Dr.Saman" -> "Dr. Saman").

    A word written with a period after it is an abbreviation and stays as written, the mark in place of its
    period ("Gy.", "St.", "Md. Mostofa" -> "Md. M.", "MdM" where the mark is ""); a word in capitals after its
    first letter keeps them ("HItomi" -> "Hi.", but "JOHN" -> "J."); a lower-case word is a particle or a
    nickname and stays ("de la Cruz" -> "de la C.", 'Jonah “Jo”' -> "J. “Jo”"); a lower-case part after a
    hyphen is no second initial ("Ji-woo" -> "J."); initials written together are spaced ("J.t." -> "J. t").
    citeproc-py initialised every word and part ("Gy." -> "G.", "jean" -> ". jean")."""
    if whole:
        return _normalized(given, mark)
    if given in ("Lord", "Lady") or not _ROMANESQUE_RE.match(given):
        return given  # as citeproc-js leaves it: "• Hale", "(Hrsg.: W." are no names it initialises
    text = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", given.strip()))
    text = re.sub(r"-(?=[a-z])", "\u2013", text)  # "Ji-woo": one word (put back below)
    text = re.sub(r"\.(?=[^ ])", ". ", text)
    words, joiners = re.split(r"[- ]+", text), re.findall(r"[- ]+", text)
    out = []
    for n, word in enumerate(words):
        joiner = joiners[n] if n < len(joiners) else ""
        first = _INITIAL_RE.match(word)
        # (an initial is a letter that upper case leaves as it is: Thai letters too, as in citeproc-js)
        written = word.endswith(".")
        if first and first.group(1) == first.group(1).upper() and not (written and word[first.end():].strip(".")):
            if written:
                # An initial or an abbreviation written with its period ("M.", "Md.") is kept, the mark in place of
                # the period: "M. K." is "MK" where the mark is "", "Md. Mostofa" "MdM" (citeproc-js's doInitialize).
                initial = first.group()
            else:
                rest = first.group(2)
                capitals = "".join(itertools.takewhile(lambda c: c == c.upper(), rest))
                initial = first.group(1) + (capitals.lower() if len(capitals) < len(rest) else "")
            out.append(initial + mark + (joiner if "-" in joiner else ""))
        else:
            # (citeproc-js puts a space before each word it does not initialise: "J.t." is "J t" where the mark is "")
            out.append((" " if n and _ROMANESQUE_ANY_RE.search(word) else "") + word + joiner)
    result = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", "".join(out))).strip()
    first = _INITIAL_RE.match(words[0])
    if words[0] and not (first and first.group(1) == first.group(1).upper()) and _ROMANESQUE_ANY_RE.search(words[0]) \
            and not (first and words[0][first.end():first.end() + 1] == "."):
        # citeproc-js puts a space before each word it does not initialise and keeps the one before the first:
        # "(trad. Orr, Trans.)" for the given name "trad." is "( trad. Orr, Trans.)" there.
        result = " " + result
    return _DASHED_LOWER_RE.sub("-", result)  # put back; a dash the name has stays ("J.–A.")


def _normalized(given: str, mark: str) -> str:
    """A given name kept whole with the initials in it marked, as citeproc-js's doNormalize marks them
    (initialize="false"): a word of one character that is no lower-case letter ("T", but also "." or "’" in
    damaged records: "Miguel ." -> "Miguel ..") and a word ending in a period ("Dr.") take the mark, and the
    separator before a one-character word becomes the mark ("H.-C." -> "H. C.")."""
    if given in ("Lord", "Lady") or not _ROMANESQUE_RE.match(given):
        return given
    name = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", given))
    name = re.sub(r"-(?=[a-z])", "\u2013", name)
    name = re.sub(r"\.(?=[^ ])", ". ", name)
    words, separators = re.split(r"[-\s]+", name), re.findall(r"[-\s]+", name)
    if not separators:
        last = re.search(r"[^.]+$", words[0])
        if last and len(last.group()) == 1 and last.group() != last.group().lower():
            words[0] += "."
    marked = []
    for n, word in enumerate(words):
        if len(word) > 1 and word.endswith("."):
            words[n] = word[:-1]
            marked.append(True)
        else:
            marked.append(len(word) == 1 and word.upper() == word)
    for n, word in enumerate(words):
        if not marked[n]:
            continue
        if n < len(words) - 1:
            separator = separators[n] + ("" if marked[n + 1] else " ")
            separators[n] = mark + separator if len(words[n + 1]) > 1 else mark
        else:
            words[n] = word + mark
    text = "".join(w + (separators[n] if n < len(separators) else "") for n, w in enumerate(words))
    text = re.sub(r"[ \t\n\r\f\v]+", " ", re.sub(r"\s*-\s*", "-", text.rstrip(" \t\n\r\f\v\ufeff\u00a0")))
    return _DASHED_LOWER_RE.sub("-", text)


_DASHED_LOWER_RE = re.compile("\u2013(?=[a-z])")  # citeproc-js's mark of a hyphen before a lower-case part


# citeproc-js's STARTSWITH_ROMANESQUE_REGEXP: a name it initialises at all.
_ROMANESQUE_RE = re.compile("[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
                            "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b"
                            "\u202a-\u202e]")


# citeproc-js's NAME_INITIAL_REGEXP: a word's first letter (Latin, Thai, Greek, Cyrillic, Hebrew, Arabic) and the letters
# after it.
_INITIAL_RE = re.compile(r"([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff"
                         r"\u0370\u0372\u0376\u0386\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4"
                         r"\u03f7\u03fd-\u03ff])([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff"
                         r"\u0370-\u03ff\u1f00-\u1fff]*)")


# citeproc-js's ROMANESQUE_REGEXP: a character of a script whose names it inverts and initialises.
_ROMANESQUE_ANY_RE = re.compile("[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
                                "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218-\u021b"
                                "\u202a-\u202e]")


def _romanesque(family: str, given: str, language: str) -> int:
    """citeproc-js's _isRomanesque: 0, a family name with no romanesque character (and a given name that does not
    start with one); 1, such a family name with a romanesque given name, or any name of an item in Chinese or
    Japanese; 2, every other name."""
    if not _ROMANESQUE_ANY_RE.search(family.replace('"', "")):
        return 1 if given and _ROMANESQUE_RE.match(given) else 0
    return 1 if language[:2] in ("ja", "zh") else 2



def _as_printed(element: Any, name: Any, short: bool, inverted: bool, joined: bool, mark: Any, context: Any,
                keying: bool = False, language: str = "", separator: str | None = None) -> Any:
    """A name as citeproc-js prints it, where citeproc-py prints it otherwise; else as it is. joined: the style
    keeps a non-dropping particle with the family name when inverted (demote-non-dropping-particle). separator: a
    short name told apart by its given name prints inverted, the family name and this before the given name.

    - A particle ending in an apostrophe, a hyphen or a space, printed before the family name, joins it without
      a further space ("d’Alembert", "al-Ghazali", "d’ Ascoli"), in every form.

    In the long form only:

    - A family name in no script citeproc-js reads as romanesque (Chinese, Japanese, Korean ...): family name then
      given name, unspaced, never initialised or inverted ("王小明"); citeproc-py printed "王, . 小明 .".
    - Such a family name with a given name in Latin script (or any name of an item in Chinese or Japanese, or
      static-ordering in CSL-JSON): family name then given name, spaced, the given name initialised as the style
      asks, never inverted with a comma ("于凌波 Y. L.", "Nakamura A.").
    - A given name alone: printed whole, never initialised ("Mira", not "M.").
    - comma-suffix (CSL-JSON), not inverted: a comma before the suffix ("Jonah Hale, Jr.").
    """
    family, given = name.get("family"), name.get("given")
    if name.get(GIVEN_AS_WRITTEN) and isinstance(given, str) and not short:
        name = _with(name, given=_Written(given))
    particle = name.get("non-dropping-particle")
    # (not a name printed family first, uninverted, in any form: citeproc-js spaces its particle there, "al- Quarry
    # Ian", "(al- Quarry 2002)")
    ordered = isinstance(given, str) and given and isinstance(family, str) and family \
        and (name.get("static-ordering") or _romanesque(family, given, language) == 1)
    if isinstance(particle, str) and particle.endswith(("’", "'", "-", " ")) and isinstance(family, str) \
            and (not inverted or joined) and not ordered:
        name = _with(name, family=particle + family, **{"non-dropping-particle": None})
        family = name["family"]
    level = name.get(SHORT_GIVEN)
    if short and level and not keying and isinstance(given, str) and given and isinstance(family, str):
        # A short form that must tell this name from another of its surname (SHORT_GIVEN, the name registry's
        # level: styles.py): "T. Lark", "Tam Lark"; kept whole where the style keeps given names whole. It is then
        # the long form, suffix and all, as citeproc-js prints it: "T. Lark Jr.".
        # A name printed family name first (see below) is so here too: "Tarrant J. R." in an item in Chinese.
        shown = element.initialize(given, mark, context) if level == 1 and mark is not None else given
        romanesque = _romanesque(family, given, language)
        if romanesque == 0:
            return _personal((name.get("non-dropping-particle") or "") + family + given)
        if romanesque == 1 or name.get("static-ordering"):
            return _personal(" ".join(p for p in (name.get("non-dropping-particle"), family, shown) if p))
        parts = [shown, name.get("dropping-particle"), name.get("non-dropping-particle"), family]
        if separator is not None:
            parts = [name.get("non-dropping-particle"), family]
        printed, suffix = " ".join(p for p in parts if p), name.get("suffix")
        if separator is not None:
            printed += separator + " ".join(p for p in (shown, name.get("dropping-particle")) if p)
        if suffix and mark is not None:
            suffix = _suffix_marked(suffix, mark)
        if suffix:
            printed += (", " if name.get("comma-suffix") or separator is not None else " ") + suffix
        return _with(name, family=printed, **{"non-dropping-particle": None, "suffix": None})
    if short or "literal" in name or not isinstance(given, str):
        return name
    if not family:
        return _personal(given)
    romanesque = _romanesque(str(family), given, language)
    particle = name.get("non-dropping-particle") or ""
    if romanesque == 0:
        return _personal(particle + family + given)
    if romanesque == 1 or name.get("static-ordering"):
        shown = element.initialize(given, mark, context) if mark is not None and given else given
        return _personal(" ".join(part for part in (particle, family, shown) if part))
    if name.get("comma-suffix") and name.get("suffix") and not inverted:
        return _with(name, family=family + ",")
    return name


class _Personal(str):
    """A person's name printed whole as a literal (_as_printed): no institution's (_Initialize._each)."""


def _personal(text: str) -> Any:
    return SourceName(literal=_Personal(text))


def _as_keyed(name: Any, never_demoted: bool, initialised: bool) -> Any:
    """An inverted name as citeproc-js files it in a sort key, where that differs from how it prints.

    - demote-non-dropping-particle="never" (APA): a dropping particle files straight after the family name
      ("Vale van, Z.", before "Vale, Z."; "Kaiser ukasz, Ł." after "Kaiser, M."); otherwise after the given name.
      And a non-dropping particle files spaced from the family name even where it prints joined to it
      ("d’ Ascoli" before "Das", "el- Rook"; "d’  Arby", written spaced, before "d’ Alembert").
    - A given name initialised whose first word is lower case ("ke", "bo Anna") keeps the space citeproc-js's
      initialiser puts before such a word, so it files before every initial ("Vale,  ke" before "Vale, A.").
    """
    if "literal" in name or not isinstance(name.get("family"), str):
        return name
    family = name["family"]
    changed: dict[str, Any] = {}
    particle = name.get("non-dropping-particle")
    if never_demoted and isinstance(particle, str) and particle:
        family = changed["family"] = f"{particle} {family}"
        changed["non-dropping-particle"] = None
    particle = name.get("dropping-particle")
    if never_demoted and particle:
        family = changed["family"] = f"{family} {particle}"
        changed["dropping-particle"] = None
    given = name.get("given")
    if initialised and isinstance(given, str) and given.strip()[:1].islower():
        changed["family"] = family + " "  # the key reads "vale ,  ke": the space stays, the comma is no letter
    return _with(name, **changed) if changed else name


class _Written(str):
    """A given name printed as written, never initialised or given periods (see GIVEN_AS_WRITTEN)."""


def _with(name: Any, **changed: Any) -> Any:
    """A copy of a source name with some parts changed (without its __init__, which warns again of the
    CSL-JSON flags citeproc-py does not know)."""
    copy = SourceName.__new__(SourceName)
    dict.update(copy, name)
    dict.update(copy, changed)
    return copy


# Where title case parts a word: dashes, slashes, parentheses, brackets, a semicolon (not an HTML entity's),
# and a period, colon, question or exclamation mark inside it (citeproc-js's tag splitter reads each as a tag
# of its own, so "vs.\ Proving" is the skip word "vs" before a period, and "space;semi" two words).
_PARTS_RE = re.compile(r"([-–—/(),\[\]]|;(?<!&lt;)(?<!&gt;)(?<!&amp;)|[.:?!](?=\S))")
# citeproc-js's skip words are a regular expression in which "v." and "vs." match "v" or "vs" and any character
# after it: "RepPoints v2" keeps its v.
_ELIDED_RE = re.compile(r"[a-z][’']")  # an elided article's letter: "d’un", "l'eau"
_LIKE_SKIP_WORD_RE = re.compile(r"vs?.")
_QUOTE_MARK_RE = re.compile(f"[‘’“”\"'{STRAIGHT_OPEN}{HELD_SINGLE_OPEN}{LITERAL_QUOTE}{richtext.MARKS}]")
_LONE_GREEK_RE = re.compile(r"[\u0370-\u03ff]")  # never capitalised alone ("α-Rank"), as citeproc-js
# The marks citeproc-js's title case parts a title at (its tag splitter: quotes, apostrophes, dashes, slashes,
# punctuation, brackets; engine.smart_quotes reads them too), and refsvc's rich text: the first one decides.
TITLE_CASE_TAGS = "-–—/.,;?!:()[]‘’“”'\""
_FIRST_MARK_RE = re.compile(f"[{re.escape(TITLE_CASE_TAGS)}{STRAIGHT_OPEN}{HELD_SINGLE_OPEN}{richtext.MARKS}]")
_BEFORE_HELD = LITERAL_QUOTE + "(“‘" + richtext.MARKS  # what may stand before a held quote in a word
_LEADING_RE = re.compile(f"^(?:[‘“'\"({STRAIGHT_OPEN}{HELD_SINGLE_OPEN}{LITERAL_QUOTE}{richtext.MARKS}]|<[^<>]*>|&lt;[^<>&]*&gt;)+")  # escaped for HTML


_UPPER_ENTITY_RE = re.compile("&(AMP|LT|GT);")


def _entities_lowered(text: Any) -> Any:
    """Upper-cased HTML text with the entities record text was escaped with written as entities again."""
    if isinstance(text, MixedString):
        return MixedString([_entities_lowered(piece) for piece in list.__iter__(text)])
    plain = str(text)
    if "&" not in plain:
        return text
    fixed = _UPPER_ENTITY_RE.sub(lambda m: f"&{m.group(1).lower()};", plain)
    return type(text)(fixed) if isinstance(text, String) else fixed


class _TitleCase:
    # citeproc-js's title case: skip words lower-case wherever they stand between spaces, hyphens or slashes
    # ("Theory-of-Mind", "State-of-the-Art") but capitalised last or after a colon ("and Beyond"), every other
    # part of a hyphenated word capitalised ("Two-Day", "Z-Log", but "No-till"); a one-letter word ("e", "à",
    # "r-plane"), an elided article ("d’un", "l’interprétation") or an abbreviation with periods inside it
    # ("e.g.") left as it is unless it opens the title or a subtitle ("D’un Monde: L’art"); and a missing
    # language read as the style's English (labels: "Eds.").
    # And capitalize-first and capitalize-all, as citeproc-js, leave a word that has a capital in it as it is
    # ("arXiv", "iPhone"); citeproc-py printed "ArXiv".
    def case(self, text, language=None):  # type: ignore[no-untyped-def]
        if isinstance(text, Parsed):
            return text
        if not isinstance(text, String):
            # (a number's text with an affix added before it is a plain str, Python's str + Parsed, and str + rich
            # text puts a plain str in it: a macro of a title and its number under text-case crashed, "Studies in
            # Fen History 12"; MixedString.words() asks each piece for its words)
            text = _rich(text)
        text_case = self.get("text-case")  # type: ignore[attr-defined]
        if text_case == "capitalize-first":
            return _capitalised_first(text)
        if text_case == "capitalize-all":
            return " ".join(word.capitalize_first() if str(word) == str(word).lower() else word for word in text.words())
        if text_case != "title":
            cased = super().case(text, language or "en")  # type: ignore[misc]
            if text_case == "uppercase" and "&" in str(text) and self.get_formatter() is csl_formatter.html:  # type: ignore[attr-defined]
                # (record text comes escaped for HTML: "&amp;" is no word to upper-case, "&AMP;" no entity)
                cased = _entities_lowered(cased)
            return cased
        if (language or "en") != "en":
            return text
        words = list(text.words())
        output = []
        after_punctuation = True  # citeproc-js's afterPunct: set by a "?", "!" or ":", kept across other tags
        before_mark = True  # no punctuation mark yet (see _FIRST_MARK_RE)
        worded = False  # a word with a letter or digit in it seen
        single_open = False  # a single quote is open (‘)
        # The last word is the last with letters in it: citeproc-js reads "-" or "..." after it as tags alone
        # ("Fen Notes [Of]. -").
        last_at = next((n for n in range(len(words) - 1, -1, -1) if _LAST_WORD_RE.search(str(words[n]))),
                       len(words) - 1)
        joined = " ".join(str(w) for w in words)
        # Straight single quotes citeproc-js's quote parser paired with nothing ("'weir'-gate": the second reads
        # as an apostrophe) print as text (LITERAL_QUOTE ’), but its title case still reads such a quote opening
        # a word, with another after it, as a quote: the word after it is cased ("’Weir’-Gate"; a lone one, as
        # in "’weir’s", leaves it as written).
        literals_left = joined.count(_LITERAL_APOSTROPHE) if LITERAL_QUOTE in joined else 0
        forgotten = False
        if not _FLOWN_MARKS.isdisjoint(joined):  # (most titles have no quote mark to be out of place)
            found = _LAST_WORD_RE.search(str(words[last_at]))
            offset = len(" ".join(str(w) for w in words[:last_at])) + (1 if last_at else 0)
            forgotten = found is not None and _forgotten(joined, offset + found.start(1), offset + found.end(1))
        for n, word in enumerate(words):
            if isinstance(word, str):
                last = n == last_at
                # Hyphens, dashes, slashes, parentheses and brackets part a word ("No-till", "Multi–Chip", "m/s",
                # "TD(Lambda)", "(Non-)Existence"); each part is cased as a word of its own.
                pieces = _PARTS_RE.split(word)
                parts, joiners = pieces[::2], pieces[1::2]
                # (the last word's last part with letters in it: "al" in "al.]")
                last_part = max((i for i, part in enumerate(parts) if _LAST_WORD_RE.search(part)),
                                default=len(parts) - 1) if last else -1
                # citeproc-js capitalises the word before the title's first punctuation mark when that mark is a
                # hyphen, a stop word or one letter as any other ("K-Means Clustering", "Off-Manifold", but
                # "Fast and k-Means" keeps it).
                forced = -1
                if before_mark:
                    mark = _FIRST_MARK_RE.search(word)
                    if mark is not None:
                        before_mark = False
                        forced = 0 if mark.group() == "-" else -1
                after_mark = False  # a ":", "?" or "!" inside the word opens what follows as a subtitle ("Why?Not")
                for i, part in enumerate(parts):
                    after_mark = after_mark or (i > 0 and joiners[i - 1] in ":?!")
                    # Opening quotes, rich-text marks (formats/richtext.py) and a tag left as text ("<i>") lead it.
                    bare = _LEADING_RE.sub("", part)
                    if literals_left:
                        if literals_left > 1 and bare.startswith("’") and part.endswith(LITERAL_QUOTE + bare):
                            bare = bare[1:]
                        literals_left -= part.count(_LITERAL_APOSTROPHE)
                    stem = bare.rstrip(".,;:?!)”’\"" + richtext.MARKS + HELD_PUNCTUATION + LITERAL_QUOTE)
                    skip = stem in SKIP_WORDS or bool(_LIKE_SKIP_WORD_RE.fullmatch(stem))
                    # a title's or a subtitle's first word (its first part with letters, after any parenthesis)
                    # (words of citeproc-js's tags alone before it do not count: "... And So", "— And So")
                    opening = (not any(parts[:i]) and (not worded or after_punctuation)) or (after_mark and bool(bare))
                    after_mark = after_mark and not bare
                    # one letter ("e.g." is parted at its periods: "e", "g.") or an elided article ("d’un")
                    kept = len(stem) < 2 or _ELIDED_RE.match(bare)
                    # citeproc-js: as it is, even opening the title; and after a straight quote left from a "('"
                    # that never closed, or one opening straight after another quote or a tag (engine.smart_quotes),
                    # which its title case reads as a closing quote
                    held = part.lstrip(_BEFORE_HELD).startswith((STRAIGHT_OPEN, HELD_SINGLE_OPEN, "'"))
                    # citeproc-js parts words at quote marks too: "alpha’iPhone" is cased as "alpha", then "iPhone"
                    lower = _QUOTE_MARK_RE.split(bare, 1)[0].islower()
                    if i == forced and lower and not held:
                        opening = True
                    if lower and (opening or not kept) and not held and not _LONE_GREEK_RE.fullmatch(stem) \
                            and (not skip or opening or (last and i == last_part and not forgotten)):
                        lead = len(part) - len(bare)
                        parts[i] = part[:lead] + bare[:1].upper() + bare[1:]
                word = type(word)("".join(p + j for p, j in zip(parts, [*joiners, ""])))
                if "‘" in word or (single_open and "’" in word):
                    word, single_open = _closing_apostrophe(word, single_open)
            elif word.islower() and str(word) not in SKIP_WORDS:
                word = word.capitalize_first()
            # ("King? - A Rejoinder", "Feel?’ A Review": the word after the dash or quote opens a subtitle)
            deciding = str(word).rstrip(_PASSED_TAGS)[-1:]
            if deciding:
                after_punctuation = deciding in "?!:"
            worded = worded or any(char not in _NOT_WORDS for char in str(word))
            output.append(word)
        if output and isinstance(output[last_at], str):
            tail = len(" ".join(str(w) for w in output[last_at + 1:])) + 1 if last_at < len(output) - 1 else 0
            output[last_at] = _last_word_capitalised(output[last_at], output, tail)
        return " ".join(output)


_LITERAL_APOSTROPHE = LITERAL_QUOTE + "’"


def _closing_apostrophe(word: Any, single_open: bool) -> tuple[Any, bool]:
    """citeproc-js's title case reads the first ’ after an opening ‘ as its closing quote, wherever it stands, so an
    apostrophe between letters inside a quotation starts a word, cased as any other ("Sing ‘We’Re All Here’"; a
    letter alone or a stop word after it is not: "‘Keeper’s"). (word, whether a single quote is still open)."""
    text = str(word)
    for at, char in enumerate(text):
        if char == "‘":
            single_open = True
        elif char == "’" and single_open:
            single_open = False
            tail = _LOWER_RUN_RE.match(text, at + 1)
            if at and text[at - 1].isalpha() and tail and len(tail.group()) > 1 and tail.group() not in SKIP_WORDS \
                    and not _LIKE_SKIP_WORD_RE.fullmatch(tail.group()):  # ("I’ve": "ve" is like "v.")
                text = text[:at + 1] + text[at + 1].upper() + text[at + 2:]
    return type(word)(text), single_open


_LOWER_RUN_RE = re.compile(r"[^\W\d_A-Z]+")  # a run of letters not in upper case (at its start: lower case)


# What citeproc-js's title case reads as tags between words, never a word ("..." but not "…", "§" or "*").
_NOT_WORDS = frozenset(TITLE_CASE_TAGS + STRAIGHT_OPEN + HELD_SINGLE_OPEN + LITERAL_QUOTE + HELD_PUNCTUATION
                       + richtext.MARKS)


# The tags that leave citeproc-js's afterPunct as it is (all but "?", "!" and ":", which set it)
_PASSED_TAGS = "".join(sorted(_NOT_WORDS - set("?!:")))


# What citeproc-js reads as the title's last word: the last run of characters between its tags (quote marks,
# brackets, punctuation; refsvc's own marks), digits too: the "0" of "(v2.0)", so "v2" is no last word that
# its skip-word pattern ("v.") would capitalise.
_BETWEEN_WORDS = f"\\s{re.escape(TITLE_CASE_TAGS)}{STRAIGHT_OPEN}{HELD_SINGLE_OPEN}{LITERAL_QUOTE}{HELD_PUNCTUATION}{richtext.MARKS}"
_LAST_WORD_RE = re.compile(f"([^{_BETWEEN_WORDS}]+)[{_BETWEEN_WORDS}]*$")


def _last_word_capitalised(word: Any, title: list[Any], tail: int = 0) -> Any:
    """word, the title's last, with a stop word capitalised where it stands after a tag: citeproc-js capitalises
    the last word it cased once every quote left open has put its word back as written, so a stop word
    after a quote mark, a bracket or an apostrophe is capitalised ("End‘Of", "Fen (Of)", "Beta ‘Of" where the
    quote never closes), a word that is not a stop word there is not ("Beta ‘semi"). But not after (or before) a
    quote mark that closes nothing: citeproc-js then forgets its last word ("Beta’of"). title: its words; tail:
    the length of the words after word that hold no letters (" -")."""
    text = str(word)
    m = _LAST_WORD_RE.search(text)
    if m is None or m.start(1) == 0:
        return word  # the word as a whole: cased already
    stem = m.group(1)
    if len(stem) < 2 or not stem.islower() or not (stem in SKIP_WORDS or _LIKE_SKIP_WORD_RE.fullmatch(stem)):
        return word
    joined = " ".join(str(w) for w in title)
    if _forgotten(joined, len(joined) - tail - len(text) + m.start(1), len(joined) - tail - len(text) + m.end(1)):
        return word
    return type(word)(text[:m.start(1)] + stem[0].upper() + text[m.start(1) + 1:])


_OPENERS = {"“": "”", STRAIGHT_OPEN: "”", "‘": "’", HELD_SINGLE_OPEN: "’"}  # an opening quote -> its closing one
# the marks by which a quote can be out of place (_flown; a title with none has its last word cased)
_FLOWN_MARKS = frozenset("”’\"").union(_OPENERS)


def _forgotten(title: str, start: int, end: int) -> bool:
    """Whether citeproc-js's title case forgets the title's last word (title[start:end]) and leaves it as cased: a
    quote mark it finds out of place (_flown) stands after it, or before it with no tag between ("Beta’of",
    "Hollerin’ about"; not "Notes’ - of")."""
    flown = _flown(title)
    if not flown:
        return False
    at = len(title) - flown
    return at >= end or not any(char in _NOT_WORDS for char in title[at + 1:start])


def _flown(title: str) -> int:
    """How far from the title's end the last quote mark stands that citeproc-js's title case finds out of place
    (a closing quote that closes nothing open, or an opening one that displaces an open one of the other
    kind); 0 for none."""
    stack: list[tuple[str, bool]] = []  # (the closing quote awaited, whether the opening quote had a place)
    last = -1
    for at, char in enumerate(title):
        if char in _OPENERS:
            if stack and stack[-1][0] != _OPENERS[char]:
                last = at if stack.pop()[1] else last
                stack.append((_OPENERS[char], False))
            else:
                stack.append((_OPENERS[char], True))
        elif char == '"' or (char == "’" and title[at - 1: at] == LITERAL_QUOTE):  # straight, paired with none
            kind, before = (char, title[at - 1: at]) if char == '"' else ("'", title[at - 2: at - 1])
            if not before or before.isspace():
                stack.append((kind, True))  # after a space it opens (citeproc-js's ' "' and " '" tags)
            elif stack and stack[-1][0] == kind:
                stack.pop()
            else:
                last = at
        elif char in "”’":
            if stack and stack[-1][0] == char:
                stack.pop()
            else:
                last = at
    return len(title) - last if last >= 0 else 0


class _Substitute:
    # CSL 1.0.2 cs:substitute: a variable rendered as a substitute is suppressed in the rest of the
    # entry. citeproc-py suppressed only a bare <text variable>, not one reached through a macro, so
    # APA printed a no-author title twice. Record what the substitute actually rendered, and suppress that.
    # And a cs:choose among the substitutes offers its taken branch's children one by one, as citeproc-js
    # reads it: Chicago's "editor-translator, editor, translator" branch gave "Danker et al.Danker", every
    # list of the branch at once.
    def render(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        layout = (context if context is not None else self).get_layout()
        outer = getattr(layout, "captured", None)
        layout.captured = []
        try:
            for child in _candidates(self.getchildren(), item, context):  # type: ignore[attr-defined]
                try:
                    if isinstance(child, csl_model.Names) and child.name is None:
                        names = self.xpath_search("./parent::cs:names[1]")[0]  # type: ignore[attr-defined]
                        text = child.render(item, names_context=names, context=context, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except csl_model.VariableError:
                    continue
                if text:
                    self.add_to_repressed_list(child, context)
                    if not isinstance(child, csl_model.Names):
                        self.getparent().__dict__["_text_stood_in"] = True  # type: ignore[attr-defined]
                    return text
                if isinstance(child, csl_model.Names) and any(
                        v.replace("-", "_") in item.reference for v in child.get("variable", "").split()):
                    # A list that holds names ends the substitution though it prints nothing (a short form of
                    # a name with no family name): citeproc-js goes on to no later substitute.
                    return text
            return None
        finally:
            layout.captured = outer

    def add_to_repressed_list(self, child, context):  # type: ignore[no-untyped-def]
        layout = context.get_layout()
        for tag, variable in layout.captured or [(child.tag, child.get("variable"))]:
            layout.repressed.setdefault(tag, []).append(variable)


def _candidates(children: Any, item: Any, context: Any) -> Any:
    """The substitute's elements in order, a cs:choose replaced by the children of the branch it takes."""
    for child in children:
        if isinstance(child, csl_model.Choose):
            branch = _branch(child, item, context)
            if branch is not None:
                yield from _candidates(branch.getchildren(), item, context)
        else:
            yield child


def _branch(choose: Any, item: Any, context: Any) -> Any:
    """The cs:if / cs:else-if / cs:else a cs:choose takes for the item, or None.

    Speed, not output: where every branch tests only the item's type and which variables it has (most of a
    Chicago style's), the branch is a function of the item's shape (engine.Item.shape), kept per choose for
    up to _SHAPES_KEPT shapes: a library's works have a few dozen (a Chicago entry tests some hundred branches).
    """
    shape = getattr(item, "shape", None) if _shaped(choose) else None
    if shape is None:
        return _first_holding(choose, item, context)
    taken = choose.__dict__.setdefault("_taken", {})
    branch = taken.get(shape, _UNKNOWN)
    if branch is _UNKNOWN:
        if len(taken) >= _SHAPES_KEPT:
            taken.clear()
        branch = taken[shape] = _first_holding(choose, item, context)
    return branch


def branch_taken(choose: Any, item: Any, undecided: Any) -> Any:
    """The branch a cs:choose takes for an item where its shape alone decides it (see _branch), else undecided."""
    return _branch(choose, item, None) if _shaped(choose) else undecided


def _shaped(choose: Any) -> bool:
    """Whether the item's shape decides a cs:choose's branch (read once per tree)."""
    shaped = choose.__dict__.get("_shaped")
    if shaped is None:
        shaped = choose.__dict__["_shaped"] = all(_by_shape(branch) for branch in _kids(choose))
    return shaped  # type: ignore[no-any-return]


_UNKNOWN = object()
_SHAPES_KEPT = 4096  # per choose: a bound on what a style tree keeps, for a library of many shapes


def _by_shape(branch: Any) -> bool:
    """Whether a branch's tests read the item's type and the variables it has, nothing else (no values, no
    position, no locator)."""
    attributes = set(branch.attrib) - {"match"}
    return attributes <= {"type", "variable", "disambiguate"} and "locator" not in branch.get("variable", "").split()


def _first_holding(choose: Any, item: Any, context: Any) -> Any:
    for branch in _kids(choose):
        if _holds(branch, item, context):
            return branch
    return None


def _holds(branch: Any, item: Any, context: Any) -> bool:
    """Whether a cs:if / cs:else-if / cs:else applies to the item (citeproc-py's tests, without rendering)."""
    test = branch.__dict__.get("_holds")
    if test is None:
        test = branch.__dict__["_holds"] = _condition(branch)
    return test(item, context)  # type: ignore[no-any-return]


# What engine.prepared reads as a numeric range in the number variables a cs:text prints as written ("99-02",
# printed "99–02"); the others are read by numbers.py.
NUMERIC_RE = re.compile(r"^(?:[A-Za-z]*\d+[A-Za-z]*(?:\s*(?:[,&]|[\-–]+)\s*[A-Za-z]*\d+[A-Za-z]*)*|\d+(?:/\d+)+)$")


def _condition(branch: Any) -> Any:
    """A cs:if's (or cs:else-if's, cs:else's) test of (item, context), read from its attributes once per tree.

    Each attribute's test gives one result for each value it names; match="any" / "all" (the default) / "none"
    combines all of them, stopping at the first that decides.
    """
    if not isinstance(branch, csl_model.If):
        return lambda item, context: True  # cs:else
    tests: list[Any] = []
    if "type" in branch.attrib:  # citeproc-py's _type and _variable, their attributes split once
        tests.append(_type_test(tuple(t.lower() for t in branch.get("type").split())))
    if "variable" in branch.attrib:
        tests.append(_variable_test(tuple(v.replace("-", "_") for v in branch.get("variable").split())))
    if "is-numeric" in branch.attrib:
        tests.append(_numeric_test(branch, tuple(v.replace("-", "_") for v in branch.get("is-numeric").split())))
    for attribute, test in (("is-uncertain-date", branch._is_uncertain_date), ("locator", branch._locator)):
        if attribute in branch.attrib:
            tests.append(lambda item, context, test=test: [bool(result) for result in test(item)])
    if "position" in branch.attrib:
        tests.append(branch._position)
    if branch.get("disambiguate") == "true":
        tests.append(lambda item, context: [False])
    tests_, match = tuple(tests), branch.get("match")
    if match in ("any", "none"):
        def holds(item: Any, context: Any) -> bool:
            for test in tests_:
                if True in test(item, context):
                    return match == "any"
            return match == "none"
        return holds

    def holds_all(item: Any, context: Any) -> bool:
        for test in tests_:
            if False in test(item, context):
                return False
        return True
    return holds_all


# A branch's tests, each reading the item's reference once: citeproc-py finds it through four properties and
# two lookups on every use, and looking it up again for each name tested cost 4 % of a bibliography's work.
def _type_test(types: tuple[str, ...]) -> Any:
    # One result, whatever the number of types: citeproc-js composes a type attribute as one "any" test, which
    # match="all" combines with the others ("manuscript map graphic" holds for a map, not for no item).
    if len(types) == 1:  # most branches test one type
        wanted = types[0]
        return lambda item, context=None: (item.reference.type == wanted,)
    wanted_ = frozenset(types)
    return lambda item, context=None: (item.reference.type in wanted_,)


def _variable_test(names: tuple[str, ...]) -> Any:
    if len(names) == 1 and names[0] != "locator":
        wanted = names[0]
        return lambda item, context=None: (wanted in item.reference,)

    def test(item: Any, context: Any = None) -> list[bool]:
        reference = item.reference
        return [("locator" in item) if v == "locator" else (v in reference) for v in names]
    return test


def _numeric_test(branch: Any, names: tuple[str, ...]) -> Any:
    # citeproc-js's is-numeric: its number parser's reading (numbers.py) of a number variable ("12 and 14",
    # "ii-iv", "1998/6", "no. 5" are numeric, "2nd rev. ed", "I-IV" are not); a title or version ending in a digit.
    def test(item: Any, context: Any = None) -> list[bool]:
        reference = item.reference
        return [v in reference and _numeric(branch, str(reference[v]), v.replace("_", "-")) for v in names]
    return test


_DIGITS = frozenset("0123456789")


def _numeric(element: Any, value: str, variable: str) -> bool:
    if variable in numbers.NUMERIC_VARIABLES:
        if value.isdigit() and value.isascii():  # most numbers
            return True
        return numbers.is_numeric(*_number_reading(element, value, variable))
    return variable == "title" and value[-1:] in _DIGITS


class _CapturedVariable:
    # The other half of _Substitute: a text variable rendered inside a substitute is recorded.
    # A variable is suppressed as soon as a substitute prints it, in the rest of the substitute too (citeproc-js):
    # Chicago's note for an unsigned encyclopedia entry printed the encyclopedia's title twice.
    def _variable(self, item, context):  # type: ignore[no-untyped-def]
        layout = context.get_layout()
        if _suppressed(layout, self.get("variable"), (self.tag,)):  # type: ignore[attr-defined]
            return None
        text = super()._variable(item, context)  # type: ignore[misc]
        if text and getattr(layout, "captured", None) is not None:
            layout.captured.append((self.tag, self.get("variable")))  # type: ignore[attr-defined]
            if getattr(layout, "first_names", "") is None and getattr(layout, "substituted", "") is None:
                # For subsequent-author-substitute (styles.py): a title standing in for the names is compared by
                # its value as recorded, as citeproc-js compares it (one title printed in quotes for one type and
                # in italics or not title-cased for another is still the same).
                layout.substituted = str(dict.get(item.reference, self.get("variable").replace("-", "_"), ""))  # type: ignore[attr-defined]
        return text


class _CapturedNumber:
    # The same for cs:number, which citeproc-py never suppressed: APA printed a no-author book's edition, already
    # beside the title that stands in for the author, a second time ("Guide (3rd ed.). (2015). (3rd ed.).").
    def process(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        variable = self.get("variable")  # type: ignore[attr-defined]
        layout = (context if context is not None else self).get_layout()  # type: ignore[attr-defined]
        if _suppressed(layout, variable, _VARIABLE_TAGS):
            return None
        text = super().process(item, context=context, **kwargs)  # type: ignore[misc]
        if text and getattr(layout, "captured", None) is not None:
            layout.captured += [(tag, variable) for tag in _VARIABLE_TAGS]
        if text and _OPENING.strip and isinstance(text, str):  # ("Suppl 2": a cs:number's periods go too)
            text = _periods_out(text)
        return text


def _number_reading(element: Any, value: Any, variable: str) -> tuple[str, str, frozenset[str], bool, tuple[str, str]]:
    """numbers.parse's arguments for a variable's value: its text as written (engine.prepared escaped record text
    for HTML), the variable, the label terms the style's locale has, whether it sets a page-range-format and its
    locale's range delimiters (a style may set its own: Sexual Health's "96-98")."""
    root = element.get_root()
    style = root.__dict__.get("_number_style")
    if style is None:
        terms = frozenset(t for t in (*numbers.LABEL_TERMS.values(), "number") if root.get_term(t) is not None)
        delimiters = tuple(str(root.get_single_term(f"{kind}-range-delimiter") or "\u2013") for kind in ("page", "year"))
        style = root.__dict__["_number_style"] = (terms, root.get_option("page-range-format") is not None, delimiters)
    text = str(value)
    if element.get_formatter() is csl_formatter.html:
        text = html.unescape(text)
    return text, variable, *style


class Parsed(str):
    """A number variable printed part by part, each part already cased: markup leaves its case alone."""


def printed_number(element: Any, value: Any, variable: str, numeric_form: bool) -> Parsed:
    """A number variable as citeproc-js prints it (CSL.Util.outputNumericField): each part in the element's
    text case and, under cs:number, its form (ordinal, roman); a label written in it printed where citeproc-js
    shows one ("Pt. 2, no. 3"), the variable's own left to cs:label; ranges and joiners as numbers.parse read
    them. Escaped again for HTML. In a sort key (keying()) each number citeproc-js holds as a numeric blob is
    marked so (sortblobs)."""
    keyed = _KEYING.get()
    if type(value) is str and value.isdigit() and value.isascii():  # most numbers: read alike by any reading
        shown = str(element.format_number(value)) if numeric_form and value[0] != "0" else value
        if element.get("text-case") is not None:
            shown = str(element.case(String(shown)))
        if keyed:
            return Parsed(sortblobs.marked(value, shown) if value[0] != "0" else shown)
        return Parsed(shown + NUMBER_END if value[0] != "0" and variable not in _UNENDED else shown)
    text, variable, terms, ranged, delimiters = _number_reading(element, value, variable)
    escape = element.get_formatter() is csl_formatter.html
    parts = numbers.parse(text, variable, terms, ranged, delimiters)
    master = parts[0].label if parts else ""
    pieces: list[list[str]] = []  # [text, the number's value where citeproc-js prints it as a numeric blob]
    # (and where that blob is a number whatever the key: citeproc-js's NumericBlob of an integer, not text)
    numeric: list[bool] = []
    # citeproc-js's numeric blobs: collapsible parts whose value is a whole number ("S12" too, "0", "12a" not);
    # none where a number of the field has letters after it ("12-15a": printed as text)
    blobs = keyed and all(_NUMBER_OR_ROMAN_RE.fullmatch(p.value) for p in parts if p.collapsible)
    skip = False
    for n, part in enumerate(parts):
        if skip:  # the end of a page range printed with its start
            skip = False
            pieces[-1][0] += part.joiner
            continue
        if part.label_visible:
            name = numbers.LABEL_TERMS.get(part.label)
            # (a page's label other than p./pp. takes the short form: "chap. 4")
            form = None if part.label == master and variable != "page" else "short"
            term = None
            if name is not None and element.get_term(name, form) is not None:
                term = element.get_plural_term(name, form) if part.plural else element.get_single_term(name, form)
            pieces.append([str(term or part.label) + part.label_suffix, ""])
            numeric.append(False)
        shown = part.particle + part.value
        following = parts[n + 1] if n + 1 < len(parts) else None
        number = part.value if blobs and part.collapsible and _WHOLE_NUMBER_RE.fullmatch(part.value) else ""
        if variable == "page" and part.joiner == "\u2013" and following is not None \
                and _WHOLE_NUMBER_RE.fullmatch(part.value) and _WHOLE_NUMBER_RE.fullmatch(following.value):
            # a page range, in the style's page-range-format (_PageRange): two numbers, the dash the first's
            if _range_as_written(part, following, element.get_root().get_option("page-range-format")):
                shown = f"{shown}-{following.particle}{following.value}"
            else:
                shown = str(element._process(f"{shown}-{following.particle}{following.value}", "page"))
            if element.get("text-case") is not None:
                shown = str(element.case(String(shown)))
            dash = shown.find(delimiters[0] or "\u2013", len(part.particle + part.value)) + 1
            if number and dash and following.collapsible:
                pieces += [[shown[:dash], number], [shown[dash:], following.value]]
            else:
                pieces.append([shown, number])
            numeric += [part.collapsible] * (len(pieces) - len(numeric))
            skip = True
            continue
        if variable == "page" and part.joiner == "\u2013" and following is not None and not part.particle \
                and not following.particle and _LETTERED_PAGE_RE.fullmatch(part.value) \
                and _LETTERED_PAGE_RE.fullmatch(following.value):
            # a page range with a letter after a number ("509a-510a"): citeproc-js's own reading of it
            shown = lettered_page_range(part.value, following.value,
                                        element.get_root().get_option("page-range-format"), delimiters[0])
            if element.get("text-case") is not None:
                shown = str(element.case(String(shown)))
            pieces.append([shown, ""])
            numeric.append(False)
            skip = True
            continue
        if numeric_form and part.collapsible and not part.particle and part.label == master \
                and _WHOLE_NUMBER_RE.fullmatch(part.value):
            shown = str(element.format_number(part.value))
        if element.get("text-case") is not None and shown:
            shown = str(element.case(String(shown)))
        # (a page's range dash, an en dash as numbers.parse reads it, prints as the locale's)
        joiner = delimiters[0] if part.joiner == "\u2013" and variable == "page" else part.joiner
        pieces.append([shown + joiner, number])
        numeric.append(part.collapsible and _WHOLE_NUMBER_RE.fullmatch(part.value) is not None)
    if escape:
        pieces = [[html.escape(text, quote=False), number] for text, number in pieces]
    if keyed:
        return Parsed("".join(sortblobs.marked(number, text) if number else text for text, number in pieces))
    end = NUMBER_END if numeric and numeric[-1] and variable not in _UNENDED else ""
    if _splits(element) and any(numeric[n] and not all(numeric[n:]) for n in range(len(numeric))):
        _OPENING.splits = True
        own = SPLIT + NUMBER_PREFIX + element.get("prefix") + PENDING_END
        return Parsed("".join(text if kept else own + text for (text, _), kept in zip(pieces, _unsplit(numeric))) + end)
    return Parsed("".join(text for text, _ in pieces) + end)


# After a number variable whose last part citeproc-js holds as a numeric blob: a suffix's mark after it never merges
# with the mark before it (_merges; citeproc-js's blobEndsInNumber), whatever suffixes and groups end there
# ("80(1):" then a layout's "." is "80(1):."). Not after a citation's number or locator, which are read elsewhere.
NUMBER_END = "\U0004ffff"  # (a noncharacter: see richtext)
_UNENDED = frozenset({"citation-number", "locator", "locator-extra"})


# A number variable's field that citeproc-js parses into numbers and text ("1-9.e3", "1–113, iii-iv") is printed as
# several pieces (CSL.Util.outputNumericField): each number a numeric blob, each other part a text blob. Where the
# element has a prefix and no suffix or formatting, its output queue lets the pieces after the first number go up
# to the group around it (CSL.Output.Queue.string, span_split), which joins them with its delimiter: "p. 1- / 9.e3"
# in a group delimited by " / ". SPLIT marks where a piece's delimiter goes: the piece is text, after a number. Until
# a group settles it, SPLIT is followed by the delimiter it would take from the group that printed it and
# PENDING_END (see _children_splits).
# The number element's own marks carry its prefix (after NUMBER_PREFIX): the group's adjustment of it decides
# whether the element keeps one.
SPLIT, PENDING_END, NUMBER_PREFIX = "\U0003fffe", "\U0003ffff", "\U0004fffe"  # (noncharacters: see richtext)
_PENDING_RE = re.compile(f"{SPLIT}([^{PENDING_END}{SPLIT}{NUMBER_PREFIX}]*){PENDING_END}")
_OWN_RE = re.compile(f"{SPLIT}{NUMBER_PREFIX}([^{PENDING_END}]*){PENDING_END}")
# citeproc-js's output adjustment moves a delimiter's leading mark (PUNCT: its LtoR_MAP's keys) to the suffixes of
# the children before the last, a delimiter of its own no more.
_PUNCT = ".,;:!?"


def _splits(element: Any) -> bool:
    """Whether a number element lets its pieces go up to the group around it: a prefix, no suffix, no formatting."""
    return bool(element.get("prefix")) and not _closes(element)


def _closes(element: Any) -> bool:
    """Whether citeproc-js's output queue renders an element's blobs where they stand (its span_split): the element
    has a suffix or formatting (quotes too), and none of them goes up to the group around it."""
    get = element.get
    return bool(get("suffix")) or get("quotes") == "true" or any(get(d) is not None for d in _DECORATIONS)


def _unsplit(numeric: list[bool]) -> Iterator[bool]:
    """For each piece of a number: whether it prints where it stands (up to the first numeric blob, and the
    numeric blobs after it) or after its group's delimiter."""
    seen = False
    for number in numeric:
        yield not seen or number
        seen = seen or number


def _children_splits(group: Any, texts: list[Any], macro: bool = False) -> tuple[list[Any], bool]:
    """A group's (or macro's) children's texts with the pieces of numbers they hold placed as citeproc-js places
    them (see SPLIT): a child before the last, where the group's delimiter opens with a mark, has that mark moved to
    its suffix, and so settles its own pieces with its own delimiter; any other passes its pieces up, its delimiter
    before each. Then whether the group settles them itself (with its delimiter, its mark moved out: it has a
    suffix, formatting or no prefix, or is a macro, which citeproc-js never lets them pass) or passes them up."""
    delimiter = "" if macro else group.get("delimiter", "")
    prefix = group.get("prefix") or ""
    decorated = any(group.get(d) is not None for d in _DECORATIONS)
    last = len(texts) - 1
    out = []
    for n, text in enumerate(texts):
        if text is not None and SPLIT in str(text):
            settles = n < last and delimiter[:1] != "" and delimiter[:1] in _PUNCT
            own = _OWN_RE.search(str(text))
            if own is not None:
                kept, moved = _adjusted_prefix(own.group(1), n, prefix, delimiter, decorated)
                prefix = prefix or moved
                text = _sub_splits(text, lambda found: SPLIT if kept and not settles else "", own=True)
            else:
                text = _sub_splits(text, lambda found: found.group(1) if settles else SPLIT + found.group(1))
        out.append(text)
    settles = macro or not prefix or bool(group.get("suffix")) or decorated
    return out, settles


def _joined_settled(group: Any, texts: list[Any], joined: Any, macro: bool = False) -> Any:
    """A group's (or macro's) children's texts joined (by joined), the pieces of numbers among them placed as
    citeproc-js places them where any were marked in this render (_children_splits, _group_splits)."""
    if not _OPENING.splits:
        return joined(texts)
    texts, settles = _children_splits(group, texts, macro)
    return _group_splits(group, joined(texts), settles, macro)


def _adjusted_prefix(own: str, n: int, prefix: str, delimiter: str, decorated: bool) -> tuple[str, str]:
    """A number element's prefix as citeproc-js's output adjustment leaves it, the element the n-th its group
    printed, and what of it moved to the group's prefix: a space or mark the group's prefix or delimiter ends with
    is dropped from it, a first child's opening space or mark goes up to a group of no prefix or formatting, and
    with no delimiter a later child's opening mark goes to the child before it (CSL.Output.Queue.adjust)."""
    moved = ""
    if n == 0:
        if prefix.endswith(" ") and own.startswith(" "):
            own = own[1:]
        if own[:1] != "" and own[:1] in _PUNCT + " " and not prefix and not decorated:
            moved, own = own[:1], own[1:]
    elif delimiter and delimiter[-1] in _PUNCT + " " and own[:1] == delimiter[-1]:
        own = own[1:]
    elif not delimiter and own[:1] != "" and own[:1] in _PUNCT:
        own = own[1:]
    return own, moved


def _group_splits(group: Any, text: Any, settles: bool, macro: bool = False) -> Any:
    """A group's joined text, its pieces settled with its delimiter (its leading mark out) or marked to pass up."""
    if text is None or SPLIT not in str(text):
        return text
    delimiter = "" if macro else group.get("delimiter", "")
    if delimiter[:1] != "" and delimiter[:1] in _PUNCT:
        delimiter = delimiter[1:]
    return _sub_splits(text, None, delimiter if settles else SPLIT + delimiter + PENDING_END)


def _sub_splits(text: Any, pending: Any, bare: str | None = None, own: bool = False) -> Any:
    """text (rich text too), piece by piece, with each pending SPLIT (own: each a number element's own) replaced by
    pending(match) or (pending None) each bare SPLIT by bare."""
    if isinstance(text, MixedString):
        return MixedString([_sub_splits(piece, pending, bare, own) for piece in list.__iter__(text)])
    if SPLIT not in text:
        return text
    if pending is None:
        return type(text)(str(text).replace(SPLIT, bare or ""))
    return type(text)((_OWN_RE if own else _PENDING_RE).sub(pending, str(text)))


def settle_all_splits(text: str) -> str:
    """Entry text with the pieces no group settled printed as the entry's layout prints them: each after the
    delimiter its group passed up with it."""
    return _OWN_RE.sub("", _PENDING_RE.sub(r"\1", text)).replace(SPLIT, "")


# In a bibliography's sort key (styles._order): numbers are marked as citeproc-js's numeric blobs. A context
# variable, so each thread (and each key it renders) has its own.
_KEYING: contextvars.ContextVar[bool] = contextvars.ContextVar("refsvc_csl_keying", default=False)


@contextlib.contextmanager
def keying() -> Iterator[None]:
    """Within: the sort keys of a bibliography are rendered, their numbers marked (sortblobs)."""
    token = _KEYING.set(True)
    try:
        yield
    finally:
        _KEYING.reset(token)


def sort_key_text(value: Any) -> Any:
    """A sort key's rendered text as citeproc-js keys it (sortblobs.key): its marked numbers settled."""
    return sortblobs.key(str(value)) if sortblobs.has_marks(value) else value


_WHOLE_NUMBER_RE = re.compile(r"[1-9][0-9]*")
_NUMBER_OR_ROMAN_RE = re.compile(r"[0-9]+|[ivxlcmIVXLCM]+")
_PLAIN_PAGES_RE = re.compile(r"[1-9][0-9]*(?:\s*[-\u2013]\s*[1-9][0-9]*)?")
# The variables a cs:text prints through citeproc-js's number parser, besides the page.
_PARSED_BY_TEXT = frozenset({"chapter-number", "collection-number", "edition", "issue", "number",
                             "number-of-pages", "number-of-volumes", "volume"})


class _TextNumber:
    # citeproc-js prints these variables through its number parser even from a cs:text: "12 and 14",
    # "ii–iv", an opening word that is no label spaced off ("Fa. 2020.7"), a label written in the field shown
    # ("with Maps") or left to cs:label ("no. 5" -> "5"). citeproc-py printed the field as written.
    def _variable(self, item, context):  # type: ignore[no-untyped-def]
        text = super()._variable(item, context)  # type: ignore[misc]
        variable = self.__dict__.get("_number_variable", False)
        if variable is False:  # (kept: what an element prints never changes)
            variable = self.get("variable")  # type: ignore[attr-defined]
            # (a page's short form is the page: APS prints page-first form="short", "2243" of "2243-5; author
            # reply 2243-5", where citeproc-py printed the field whole)
            if variable not in _PAGES and (self.get("form") == "short" or variable not in _PARSED_BY_TEXT):  # type: ignore[attr-defined]
                variable = None
            self.__dict__["_number_variable"] = variable
        if text is None or variable is None:
            return text
        if variable == "page-first":
            return printed_number(self, page_first(item.reference.page), "page", False)
        if variable == "page":
            # citeproc-py's text is _PageRange's, as citeproc-js prints a page or a range of two; anything else is
            # read from the field as written
            page = item.reference.page
            if _PLAIN_PAGES_RE.fullmatch(str(page)) and not _KEYING.get():
                return Parsed(text + NUMBER_END)  # (a number, as any number variable printed: _merges)
            return printed_number(self, page, variable, False)
        return printed_number(self, text, variable, numeric_form=False)


class _NumberParts:
    # The same for cs:number, whose form (ordinal, roman) applies to each number: "12th and 14th eds.".
    def process(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        variable = self.get("variable")  # type: ignore[attr-defined]
        if variable == "locator":
            return super().process(item, context=context, **kwargs)  # type: ignore[misc]
        if variable == "page-first":
            return printed_number(self, page_first(item.reference.page), "page", numeric_form=True)
        return printed_number(self, item.reference[variable], variable, numeric_form=True)


_PAGES = frozenset({"page", "page-first"})
_PAGE_FIRST_RE = re.compile(r"\s*(?:&|, |-|\u2013)\s*")


def page_first(page: Any) -> str:
    """A page field's first page as citeproc-js takes it: the text before its first "&", ", ", hyphen or en dash
    ("12" of "12, 15" and of "12 & 15"; "12,15" whole), the whole field where that ends in a backslash.
    citeproc-py kept every page of a list ("12, 15")."""
    page = str(page)
    first = _PAGE_FIRST_RE.split(page, maxsplit=1)[0]
    return page if first.endswith("\\") else first


# The elements that print a variable's value: one substituted is suppressed in all of them.
_VARIABLE_TAGS = tuple(f"{{{CSL_NAMESPACE}}}{name}" for name in ("text", "number"))


def _suppressed(layout: Any, variable: str | None, tags: tuple[str, ...], within: bool = True) -> bool:
    """Whether a substitute printed the variable: before (the layout's repressed list) or, within, earlier in the
    substitute being rendered."""
    captured = (getattr(layout, "captured", None) or ()) if within else ()
    return any(variable in layout.repressed.get(tag, ()) or (tag, variable) in captured for tag in tags)


# Parentheses an affix opens or closes in a note style, told from those in field text (engine.finish flips them).
AFFIX_OPEN, AFFIX_CLOSE = "\ufde2", "\ufde3"
_AFFIX_PARENS = str.maketrans({"(": AFFIX_OPEN, ")": AFFIX_CLOSE})


def _escaped(affix: str) -> str:
    """An affix (or a quote term) as the text it is: escaped (in HTML "<" is no tag), and its quotation marks marked as no quotes (LITERAL_QUOTE), as
    citeproc-js reads them: International Development Policy's ‘ ’ around a title are neither flipped nor moved
    into by a comma ("‘Fen Weirs’, The Fen Gazette"), only quotes="true" makes quotes (22 styles)."""
    if "<" in affix or ">" in affix or "&" in affix:
        # (an entity a style writes in an affix is the character it names: "&#160;" a no-break space, as
        # citeproc-js reads it: 13 styles)
        affix = html.escape(html.unescape(affix), quote=False)
    if any(mark in affix for mark in _AFFIX_QUOTES):
        affix = "".join(LITERAL_QUOTE + char if char in _AFFIX_QUOTES else char for char in affix)
    return affix


_AFFIX_QUOTES = frozenset("“”‘’")
QUOTE_TERMS = ("open-quote", "close-quote", "open-inner-quote", "close-inner-quote")


class _AffixParens:
    # citeproc-js, in a note style, prints parentheses an affix opens inside other affix parentheses as square
    # brackets ("(Elm Press, 1980; originally published as Die Wehr [1921])"); field text keeps its own.
    # And a suffix opening with "." or ":" loses it after a mark that takes it, by citeproc-js's punctuation table
    # (LtoR_MAP, as a delimiter: _Group.join): MDPI's layout "." after "2021;" is "2021;".
    def wrap(self, string):  # type: ignore[no-untyped-def]
        if string is None:
            return None
        kept = self.__dict__.get("_affixes")  # (speed: read once, but a date part's, which change while rendering)
        if kept is None:
            prefix, suffix = self.get("prefix", ""), self.get("suffix", "")  # type: ignore[attr-defined]
            # An affix is text, escaped as citeproc-js escapes it: a style's "<" before a URL (ABNT's "Disponível em:
            # <https://…>", 258 styles) printed raw was a tag in HTML, and the URL vanished from the page. (Text is
            # unescaped at the end: engine.finish.)
            prefix, suffix = _escaped(prefix), _escaped(suffix)
            # A decorated element's "," is no stop citeproc-js moves into a quote before it (its leftward pass moves
            # a prefix's mark only between undecorated blobs: "“Fen”, <i>Annals</i>"): marked so.
            held = prefix[:1] == "," and any(self.get(d) is not None for d in _DECORATIONS[:-1])  # type: ignore[attr-defined]
            kept = (HELD_PUNCTUATION + prefix if held else prefix, suffix, self.get_root().get("class") == "note",  # type: ignore[attr-defined]
                    suffix[:1] in MERGED_AFTER, prefix[:1] in MERGED_AFTER, held,
                    # (a layout, or a cs:text's quotes="false", _TextMarkup: see below)
                    isinstance(self, csl_model.Layout) or bool(self.__dict__.get("_unquoted")))
            if not isinstance(self, csl_model.Date_Part):
                self.__dict__["_affixes"] = kept
        prefix, suffix, note, suffix_stop, prefix_stop, held, special = kept
        if special:
            if _OPENING.held and isinstance(self, csl_model.Layout):
                string = _held_off(string)
            if self.__dict__.get("_unquoted") and string:
                # (a quote of the field's inside prints as an outer one: engine.flip_nested)
                string = String(richtext.UNQUOTED[0]) + string + String(richtext.UNQUOTED[1])
        if suffix_stop and _OPENING.own_stop:  # (_TextMarkup: a stop of its own is kept)
            string = string + String(HELD_PUNCTUATION)
        merged = suffix_stop and _merges(string, suffix)
        # (and a prefix's "." or ":" merges into the mark the text before it ends with, which is not this element's
        # to see: marked, for engine.finish to merge: PLOS's "1991;" then ": 109–111" is "1991; 109–111")
        stop = prefix_stop and not _KEYING.get()
        if stop:
            prefix = PREFIX_STOP + prefix
        if prefix and str(string).startswith(PREFIX_STOP):
            # (but not into a prefix of its own: citeproc-js merges a prefix's mark into the text before only where it
            # moves up to a group with no prefix; Hainan's ";" group around ":" pages prints "2011;:397")
            string = _stop_dropped(string)
        if merged:
            suffix = suffix[1:]
        if note:
            prefix, suffix = prefix.translate(_AFFIX_PARENS), suffix.translate(_AFFIX_PARENS)
        text = prefix + normalize_seam(prefix, string)  # (citeproc-py's Affixed.wrap, the affixes as kept above)
        return text + normalize_seam(text, suffix)


def _stop_dropped(text: Any) -> Any:
    """text (rich text too) without the PREFIX_STOP it opens with."""
    if isinstance(text, MixedString):
        pieces = list(list.__iter__(text))
        return MixedString([_stop_dropped(pieces[0]), *pieces[1:]])
    return type(text)(str(text)[1:]) if str(text).startswith(PREFIX_STOP) else text


def flip_affix_parens(text: str) -> str:
    """Affix parentheses as printed: square brackets at every odd depth of nesting, as citeproc-js prints them."""
    if AFFIX_OPEN not in text and AFFIX_CLOSE not in text:
        return text
    out, depth = [], 0
    for char in text:
        if char == AFFIX_OPEN:
            out.append("[" if depth % 2 else "(")
            depth += 1
        elif char == AFFIX_CLOSE:
            depth -= 1
            out.append("]" if depth % 2 else ")")
        else:
            out.append(char)
    return "".join(out)


_NO_TITLE_CASE = "--"  # a language no title case is for


def _language(item: Any) -> Any:
    """The item's language's first two letters, or "en" for an item of none: refsvc formats with the en-US
    locale whatever the style's default-locale, as the oracle runs citeproc-js (a Turkish style's titles are
    title-cased; citeproc-py read the default-locale and left them as written). Read without citeproc-py's
    exception for every item that has none: 5 % of an entry's time. Kept on the item: nothing changes a
    reference while it renders."""
    kept = item.__dict__.get("_language")
    if kept is None:
        kept = item.__dict__["_language"] = _read_language(item.reference)
    return kept


def _read_language(reference: Any) -> str:
    if dict.get(reference, "jurisdiction"):
        # citeproc-js never title-cases an item that has a jurisdiction (CSL.Attributes["@text-case"]: "title" is
        # "passthrough" for it), whatever its language; the language is read for nothing but title case here.
        return _NO_TITLE_CASE
    language = dict.get(reference, "language")
    # "English" reads as "en", as citeproc-js reads it.
    return language[:2].lower() if language is not None else "en"


def _called_macro(text: Any) -> Any:
    """The cs:macro a cs:text calls, kept on the cs:text (the tree never changes). Speed, not output."""
    macro = text.__dict__.get("_called_macro")
    if macro is None:
        macro = text.__dict__["_called_macro"] = text.get_macro(text.get("macro"))
    return macro


class _TextProcess:
    # Speed, not output: citeproc-py's Text.process, its language read by _language().
    # And a macro in a cs:key renders with the key's options (below).
    # And a term printed before anything else in a bibliography entry or a note is capitalised (see opening()).
    def process(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        if context is None:
            context = self
        attrib = self.attrib  # type: ignore[attr-defined]
        if "variable" in attrib:
            text = self._variable(item, context)  # type: ignore[attr-defined]
            if _OPENING.strip and text and attrib["variable"] not in numbers.NUMERIC_VARIABLES:
                text = _periods_out(text)
        elif "macro" in attrib:
            sort_options = kwargs.get("sort_options")
            if sort_options is not None:
                # CSL 1.0.2 cs:key macro: the key's name options (name-as-sort-order "all", names-min ...) hold for
                # every name the macro renders, through the macros it calls. citeproc-py dropped them at a cs:text
                # macro, so APA's key (author-sort, which calls author) was rendered as printed, an editor's "(Ed.)" in it.
                return _called_macro(self).render(item, context, sort_options=sort_options), _language(item)
            stripped = attrib.get("strip-periods") == "true"
            _OPENING.strip += stripped
            try:
                text = _called_macro(self).render(item, context)
            finally:
                _OPENING.strip -= stripped
        elif "term" in attrib:
            text = self._term(item)  # type: ignore[attr-defined]
            if text and attrib["term"] in QUOTE_TERMS:
                # A quotation mark printed as a term is text, as an affix's is (_escaped): Strasbourg's note style
                # prints a title between its open-quote and close-quote terms, and a comma after stays outside.
                own = self.get_root().__dict__.get("_quote_marks", {}).get(attrib["term"], str(text))  # type: ignore[attr-defined]
                text = String(_escaped(own))
            if text and _OPENING.first:
                text = _capitalised_first(text)
            if text and _OPENING.strip:
                text = text.replace(".", "")
        else:
            text = String(self.preformat(self.get("value")))  # type: ignore[attr-defined]
            if _OPENING.strip:
                text = _periods_out(text)
        return text, _language(item)

    # citeproc-js strips a text variable's or value's periods where no lower-case letter follows ("U.S. e.g." ->
    # "US e.g"), a term's all; citeproc-py stripped all everywhere.
    def strip_periods(self, string):  # type: ignore[no-untyped-def]
        if self.get("strip-periods") != "true" or not string:  # type: ignore[attr-defined]
            return string
        return string.replace(".", "") if "term" in self.attrib else _periods_out(string)  # type: ignore[attr-defined]


# strip-periods on a cs:text calling a macro strips the periods of what the macro prints (citeproc-js's
# state.tmp.strip_periods, 19 styles: Journal of Wildlife Diseases' "Moss K (Ed)"): a term's, a label's, a name's and a
# month's all of them, a text variable's, value's or cs:number's those no lower-case letter follows; a number variable
# a cs:text prints keeps its own ("2nd ed.").
_PERIOD_RE = re.compile(r"\.([^a-z]|$)")  # (as citeproc-js's, matches taking the character after: "..." keeps one)


def _periods_out(text: Any) -> Any:
    """text (rich text too) without the periods citeproc-js's output queue strips: those no lower-case letter
    follows (each piece read on its own)."""
    if isinstance(text, MixedString):
        return MixedString([_periods_out(piece) for piece in list.__iter__(text)])
    if "." not in text:
        return text
    out = _PERIOD_RE.sub(r"\1", text)
    return type(text)(out) if isinstance(text, String) else out


# citeproc-js capitalises a cs:text term that is the first thing a bibliography entry or a note renders (its
# term_predecessor, set by any text rendered before, printed or not): APA's "(N.d.)" for a work with neither author
# nor title, "In Annals ..." opening a note for a chapter with neither. Never in an in-text citation. Each thread
# renders with its own flag: set by opening(), cleared by the first text any element renders (_PlainMarkup,
# _Opened).
class _Opening(threading.local):
    # (defaults as class attributes: read as plain attributes, no getattr, on every group and text)
    first = False
    own_stop = False  # _TextMarkup: the element being marked up keeps its own suffix's stop
    held = False  # _TextMarkup: a mark was left after a "?" or "!" in this render (_held_off)
    year_suffix_done = True
    year_suffix = None
    names_each: list[Any] | None = None  # _NamesSubstitute: the names an entry opens with, one by one, as printed
    strip = 0  # _TextProcess: within this many macros called with strip-periods="true"
    probe = False  # names_probed(): the names an entry opens with are marked where they end
    splits = False  # printed_number: a number's pieces are marked to go up to a group (SPLIT) in this render


_OPENING = _Opening()


@contextlib.contextmanager
def opening(capitalised: bool) -> Iterator[None]:
    """Within: one bibliography entry or citation renders; capitalised: a term it opens with is capitalised."""
    _OPENING.first = capitalised
    _OPENING.held = False
    _OPENING.year_suffix_done = False
    _OPENING.splits = False
    try:
        yield
    finally:
        _OPENING.first = False
        _OPENING.year_suffix_done = True


NAMES_END = "\ue00e"  # (a private-use character no record holds)


@contextlib.contextmanager
def names_probed() -> Iterator[None]:
    """Within: the names an entry opens with are rendered with NAMES_END after them, which nothing merges with, so
    that what the style prints after them shows (styles.bibliography: a stop names ending in one had swallowed)."""
    _OPENING.probe = True
    try:
        yield
    finally:
        _OPENING.probe = False


def _capitalised_first(text: Any) -> Any:
    """citeproc-js's capitalize-first: the first word's first letter, where that word has no capital. A word ends
    at a space or at one of the marks its text case parts words at (a hyphen, a slash, a stop, a bracket, a quote):
    "opera-Verlag" is "Opera-Verlag" there, "iUniverse" stays; and marks before it are passed over ("(Fen) press",
    "“Fen” press"), but for a quote citeproc-js's text case puts the word after back as written: a straight one,
    or one that never closes ("‘fen press")."""
    plain = str(text)
    first = _CASE_WORD_RE.search(plain)
    if first is None or first.group() != first.group().lower() or _LONE_GREEK_RE.fullmatch(first.group()):
        return text
    at = first.start()
    lead = plain[:at].rstrip()  # the marks before the word; the last decides
    if lead and (lead[-1] in _HELD_BEFORE or (lead[-1] in "‘“" and len(lead) - 1 in kept_as_written(plain)[0])):
        return text
    if not isinstance(text, MixedString):
        return type(text)(plain[:at] + plain[at].upper() + plain[at + 1:])
    segments, offset = list(text), 0
    for n, segment in enumerate(segments):
        piece = str(segment)
        if offset + len(piece) > at:
            if isinstance(segment, NoCase):
                return text
            segments[n] = type(segment)(piece[:at - offset] + piece[at - offset].upper() + piece[at - offset + 1:])
            return MixedString(segments)
        offset += len(piece)
    return text


_CASE_WORD_RE = re.compile(f"[^\\s{re.escape(TITLE_CASE_TAGS)}{richtext.MARKS}{LITERAL_QUOTE}]+")
# Quotes before a first word that leave it as written: straight ones (engine.smart_quotes's held openings too)
# and closing ones.
_HELD_BEFORE = frozenset("'\"’”" + STRAIGHT_OPEN + HELD_SINGLE_OPEN)


def kept_as_written(text: str) -> tuple[set[int], set[int]]:
    """The places of the opening quotes (curly or straight) after which citeproc-js's title case puts the word
    back as written; and of those that open inside a quote of another kind, which they displace.

    Its _textcaseEngine keeps one stack of open quotes, curly and straight alike; a straight quote opens only
    after a space (its tags ' "' and " '"), so one that opens the field, or follows a parenthesis or a formatting
    tag, is a closing quote to it. An opening quote of the kind on top, or with none open, is pushed (a straight
    one expects the other straight kind inside it); one of another kind replaces the top, whose word is then put
    back; a closing quote the top expects pops it, any other puts back the word after itself (an apostrophe,
    a closing quote with nothing open). The quotes still open at the end put their words back: "Notes on “fen
    Law: A Survey“", "The ‘reed "bed" problem’" (its ‘ replaced by the straight pair: "‘reed “Bed” Problem’").
    (A quote replacing another is pushed without its place, as citeproc-js pushes it, so it never puts back a
    word.) A straight ' with text straight after it is text to citeproc-js's tag splitter, no quote."""
    stack: list[tuple[str, str, int | None]] = []  # (the opening tag nested alike, the closing tag, the place)
    kept: set[int] = set()
    displacing: set[int] = set()
    for at, char in enumerate(text):
        if char in "\"'":
            tag = " " + char if at and text[at - 1] == " " else char
            if tag == "'" and not _tag_follows(text, at + 1):
                continue
        elif char in "‘’“”":
            tag = char
        else:
            continue
        if tag in _TITLE_CASE_OPENERS:
            nested, closing = _TITLE_CASE_OPENERS[tag]
            if not stack or stack[-1][0] == tag:
                stack.append((nested, closing, at))
            else:
                displaced = stack.pop()[2]
                kept |= set() if displaced is None else {displaced}
                displacing.add(at)
                stack.append((nested, closing, None))
        elif stack and stack[-1][1] == tag:
            stack.pop()
        else:
            kept.add(at)
    return kept | {at for _, _, at in stack if at is not None}, displacing


def _tag_follows(text: str, at: int) -> bool:
    """Whether text[at:] is empty or opens with one of citeproc-js's title-case tags (a quote, with or without a
    space before it; a mark, bracket, dash or slash; a formatting tag)."""
    return at >= len(text) or text[at] in _TAG_CHARACTERS or text[at: at + 2] in (' "', " '")


# (an HTML tag's opening, and refsvc's rich-text marks, stand for citeproc-js's formatting tags)
_TAG_CHARACTERS = frozenset(TITLE_CASE_TAGS + "<" + "".join(richtext.CLOSING) + "".join(richtext.CLOSING.values()))


# citeproc-js's title case's opening quote tags -> the opening tag that nests in it, and the closing tag it awaits
_TITLE_CASE_OPENERS = {"‘": ("‘", "’"), "“": ("“", "”"), ' "': (" '", '"'), " '": (' "', "'")}


class _Opened:
    # A date's text clears the opening flag as any other element's does (_PlainMarkup, which dates do not have).
    def markup(self, text, *language):  # type: ignore[no-untyped-def]
        out = super().markup(text, *language)  # type: ignore[misc]
        if out:
            _OPENING.first = False
        return out


_PREFIXED_PAGE_RE = re.compile(r"(\d*[A-Za-z]+)(\d+)")  # (citeproc-js: a prefix may open with digits, "2S37")
_SHORTENING_FORMATS = frozenset({"chicago", "chicago-15", "chicago-16", "minimal", "minimal-two"})


def _range_as_written(first: Any, last: Any, range_format: str | None) -> bool:
    """Whether a page range of two pages with one prefix that opens with a digit ("2S37-2S42", a supplement's
    pages) is printed as written, hyphen and all, as citeproc-js prints it: its mangler reads the prefix, but the
    pattern it then reads the printed range back with takes no digit after the dash, so only a range format that
    drops the repeated prefix ("2S37–42") prints it as a range, and only one that runs forward; a style with no
    range format prints one falling ("2S42-2S37") as a range, as written ("2S42–2S37")."""
    if not first.particle[:1].isdigit() or first.particle != last.particle:
        return False
    if range_format is None and int(first.value) > int(last.value):
        return False  # (printed as a range, as written: _PageRange)
    return range_format not in _SHORTENING_FORMATS or not _runs_forward(first.value, last.value)


def _runs_forward(first: str, last: str) -> bool:
    """Whether a range of two numbers runs forward (the last read whole: _whole_last)."""
    return int(first) < int(_whole_last(first, last))


def _falls(first: str, last: str) -> bool:
    """Whether a range's last number, as written, is smaller than its first ("101-8", "S12-S9")."""
    if not (first.isdigit() and last.isdigit()):
        prefixed = _PREFIXED_PAGE_RE.fullmatch(first), _PREFIXED_PAGE_RE.fullmatch(last)
        if not all(prefixed) or prefixed[0].group(1) != prefixed[1].group(1):  # type: ignore[union-attr]
            return False
        first, last = prefixed[0].group(2), prefixed[1].group(2)  # type: ignore[union-attr]
    return int(first) > int(last)


def _whole_last(first: str, last: str) -> str:
    """A range's last page, written shorter than its first, read with the first's leading characters ("509a-10":
    "510"), as citeproc-js's page-range mangler reads it."""
    return first[:len(first) - len(last)] + last if len(last) < len(first) else last


_LETTERED_PAGE_RE = re.compile(r"([0-9]+)[a-z]*")  # a page of a range citeproc-js's page-range mangler reads


def lettered_page_range(first: str, last: str, range_format: str | None, delimiter: str = "\u2013") -> str:
    """A page range one of whose ends has letters after its number ("509a-510a", a journal's supplement or
    abstract pages), printed as citeproc-js's page-range mangler prints it (CSL.Util.PageRangeMangler): a last
    page written shorter takes the first page's leading characters, letters included ("509a-510" ->
    "509a–5510"); a range that does not run forward by number is printed as written; otherwise the range
    formats shorten the last page by its number alone, its letters dropped (chicago-16: "509a–10"). delimiter:
    the locale's page-range-delimiter."""
    whole = _whole_last(first, last)
    begin, end = (int(_LETTERED_PAGE_RE.fullmatch(page).group(1)) for page in (first, whole))  # type: ignore[union-attr]
    # (so is one whose last number as written is the smaller, in a style with no range format: _falls)
    if begin >= end or (range_format is None and begin > int(_LETTERED_PAGE_RE.fullmatch(last).group(1))):  # type: ignore[union-attr]
        return f"{first}{delimiter}{last}"
    if range_format == "chicago-16" and begin > 100 and begin % 100:
        for i in range(2, len(str(end))):
            if begin // 10**i == end // 10**i:
                return f"{first}{delimiter}{end % 10**i}"
    elif range_format in ("chicago", "chicago-15"):
        if begin > 100 and begin % 100 and begin // 100 == end // 100:
            return f"{first}{delimiter}{end % 100}"
        if begin >= 10000:
            return f"{first}{delimiter}{end % 1000}"
    elif range_format in ("minimal", "minimal-two"):
        return f"{first}{delimiter}{_minimized(first, whole, range_format)}"
    return f"{first}{delimiter}{whole}"


def _minimized(first: str, last: str, range_format: str) -> str:
    """A range's last page in minimal or minimal-two, as citeproc-js's minimize shortens it: the characters both
    pages share dropped only where they are as long ("98–102", "1–12"; citeproc-py printed "1–2"), minimal-two
    keeping two."""
    if len(first) != len(last):
        return last
    kept = 2 if range_format == "minimal-two" else 0
    shared = next((i for i, (a, b) in enumerate(zip(first, last)) if a != b), len(last))
    return last[min(shared, max(len(last) - kept, 0)):]


class _PageRange:
    # CSL 1.0.2 page-range-format "chicago-16" (CMOS 16–18 §9.64): past 100, keep the last two digits,
    # or more where more change: 1369–1401 -> 1369–401. citeproc-py wrote every four-digit range in full.
    # And, as citeproc-js does under any shortening page-range-format, a prefix both pages share is printed once:
    # S12–S19 -> S12–19.
    # As citeproc-js prints them: a range whose ends are the same page or that runs backwards whole ("240–240",
    # "426–425"); a prefixed one written short read whole ("S12-S9": S12–S19). Pages that are no range of two
    # numbers ("574-", "A1-B4", "35:1-35:20") never reach this: printed_number prints them as citeproc-js reads them.
    def _format_last_page(self, first, last):  # type: ignore[no-untyped-def]
        if first == last:
            return last
        range_format = self.get_root().get_option("page-range-format")  # type: ignore[attr-defined]
        if range_format is None and _falls(first, last):
            # A style with no range format (IEEE's) prints a range whose last number is the smaller as written,
            # read whole or not ("101–8", "S12–S9"), as citeproc-js's manglePageNumbers does.
            return last
        if first.isdigit() and last.isdigit() and len(last) < len(first) and _runs_forward(first, last):
            # A range written short ("101-8") is read whole first (101–108), as citeproc-js reads it, then
            # printed in the style's format: APA's "expanded" had kept "101–8".
            last = _whole_last(first, last)
        if first.isdigit() and last.isdigit() and int(last) < int(first):
            return last  # a range that runs backwards is printed whole ("426–425"), as citeproc-js prints it
        prefixed = _PREFIXED_PAGE_RE.fullmatch(first), _PREFIXED_PAGE_RE.fullmatch(last)
        if all(prefixed) and prefixed[0].group(1) == prefixed[1].group(1):
            shown = self._format_last_page(prefixed[0].group(2), prefixed[1].group(2))
            # (a range running backwards keeps its prefix in every format: "S42–S37")
            kept = range_format in (None, "expanded") or not _runs_forward(prefixed[0].group(2), prefixed[1].group(2))
            return prefixed[1].group(1) + shown if kept else shown
        if range_format in ("minimal", "minimal-two") and first.isdigit() and last.isdigit():
            return _minimized(first, last, range_format)
        if range_format != "chicago-16" or not (first.isdigit() and last.isdigit()):
            return super()._format_last_page(first, last)  # type: ignore[misc]
        begin, end = int(first), int(last)
        if begin > 100 and begin % 100:
            for i in range(2, len(last)):
                if begin // 10**i == end // 10**i:
                    return str(end % 10**i)
        return last


class _NamesSubstitute:
    # CSL 1.0.2 cs:substitute: names used as the substitute (an edited book's editors) are not printed
    # again; citeproc-py repeated them after the title.
    def process(self, item, names_context=None, context=None, **kwargs):  # type: ignore[no-untyped-def]
        self.__dict__["_text_stood_in"] = False  # (set by _Substitute, read by markup)
        layout = (context if context is not None else self).get_layout()  # type: ignore[attr-defined]
        if not _OPENING.first and getattr(layout, "first_names", "") is None:
            # Names after anything else the entry rendered (a treaty's title, then its parties) are never dashed,
            # nor what a substitute prints for them: citeproc-js compares only names an entry opens with (its
            # subsequent_author_substitute_ok, off after a term_predecessor), and keeps the last ones compared.
            layout.first_names = ""
        repressed = layout.repressed.get(self.tag, [])
        repressed = [r for r in repressed if r]
        roles = self.get("variable", "").split()  # type: ignore[attr-defined]
        present = [role for role in roles if role.replace("-", "_") in item.reference]
        if present and all(role in repressed for role in present):
            raise csl_model.VariableError
        kept = [role for role in roles if role not in repressed]
        if len(kept) < len(roles):
            # Only the lists not already printed as the substitute: "Translated by Danker" after editors
            # who stood in for the author (this tree is this thread's own: set back below).
            self.set("variable", " ".join(kept))  # type: ignore[attr-defined]
            try:
                return self.process(item, names_context=names_context, context=context, **kwargs)
            finally:
                self.set("variable", " ".join(roles))  # type: ignore[attr-defined]
        if names_context is None and self.name is None:  # type: ignore[attr-defined]
            # A bare cs:names anywhere inside a cs:substitute takes its cs:name and cs:label from the
            # enclosing cs:names (CSL 1.0.2 §Substitute); citeproc-py did so only for direct children.
            enclosing = self.xpath_search("./ancestor::cs:names[1]")  # type: ignore[attr-defined]
            if enclosing:
                names_context = enclosing[0]
        capturing = getattr(layout, "first_names", "") is None
        outer = _OPENING.names_each
        if capturing:
            _OPENING.names_each = []  # (its own: a cs:names inside its substitute captures its names itself)
        try:
            text = super().process(item, names_context=names_context, context=context, **kwargs)  # type: ignore[misc]
        finally:
            each = _OPENING.names_each
            _OPENING.names_each = outer
        if text and getattr(layout, "first_names", "") is None:  # (not captured by a cs:names in its substitute)
            # For subsequent-author-substitute (styles.py): the names without their role's label, which
            # citeproc-js leaves out when it compares them ("Hale, Jonah." then "———, ed.").
            bibliography = self.get_root().bibliography  # type: ignore[attr-defined]
            dashed = bibliography is not None and bibliography.get("subsequent-author-substitute") is not None
            layout.first_names = str(dashed and self._names_only(item, roles, names_context, context, kwargs) or text)
            # (and whose they are: citeproc-js compares the names as recorded, a host's or a composer's as an author's)
            layout.first_role = present[0] if present else None
            # (and each name as printed, which subsequent-author-substitute-rule's partial and each rules dash one by one)
            layout.first_each = each
            if _OPENING.probe and self.__dict__.get("_text_stood_in"):  # (names themselves are marked in _names_text)
                text = text + String(NAMES_END)
        if text and getattr(layout, "captured", None) is not None:
            layout.captured += [(self.tag, role) for role in roles if role.replace("-", "_") in item.reference]  # type: ignore[attr-defined]
        return text

    # And what a substitute other than names prints (a title, a term) takes none of the cs:names's affixes and
    # formatting, as citeproc-js prints it: "[Vale]" but "Who owns the fen", where citeproc-py printed "[Who owns
    # the fen]" (and a style's suffix ". " after a title ending in "?": "Why? .").
    # And a cs:names inside a cs:substitute takes none of its own affixes and formatting (citeproc-js prints the
    # enclosing cs:names's alone: "Kit Moss (Ed.): Weirs" where each of them has the suffix ": ").
    def markup(self, text, *args):  # type: ignore[no-untyped-def]
        substituting = self.__dict__.get("_substituting")
        if substituting is None:
            substituting = self.__dict__["_substituting"] = next(self.iterancestors(SUBSTITUTE), None) is not None  # type: ignore[attr-defined]
        if substituting or self.__dict__.get("_text_stood_in"):
            if text and substituting:
                _OPENING.first = False
            return text or None
        return super().markup(text, *args)  # type: ignore[misc]

    def _names_only(self, item, roles, names_context, context, kwargs):  # type: ignore[no-untyped-def]
        name = (names_context if names_context is not None else self).name  # type: ignore[attr-defined]
        role = next((r for r in roles if r.replace("-", "_") in item.reference), None)
        return name.render(item, role, context=context, **kwargs) if name is not None and role else None


class _Group:
    # CSL 1.0.2 cs:group: suppressed when it calls variables and all of them are empty. citeproc-py
    # counted every branch of a cs:choose as calling variables, not the branch taken, so APA kept
    # "(Publication)" for a thesis with no number. The branch's children count one by one, as the group's
    # own: a term beside an empty name list renders no variable (APA's "(testimony of)" for a hearing with
    # no author goes with its group, as in citeproc-js).
    # And what a group tried is citeproc-js's flag, which a group or macro inside it that prints nothing sets
    # to its own: Chicago's "on" before a macro that tried the original date, then took an empty branch, is
    # printed ("Aired May 2, 2001, on." for a broadcast with an event title and no network).
    # What a group printing nothing rendered is no predecessor either: the term after it is capitalised as if it
    # were not there ("(N.d.)" after a suppressed label).
    def process(self, item, context=None, **kwargs):  # type: ignore[no-untyped-def]
        text = self.printed(item, context, kwargs)
        if text is None:
            raise csl_model.VariableError
        return text

    def printed(self, item, context, kwargs):  # type: ignore[no-untyped-def]
        """The group's text before its markup, or None where it prints nothing (process raises VariableError)."""
        first = _OPENING.first
        output, called, rendered = _rendered_children(_kids(self), item, context, kwargs)
        if output and (not called or rendered or (_nests(self) and not _tried(self.iterchildren(), item, context))):  # type: ignore[attr-defined]
            joined = _joined_settled(self, output, self.join)  # type: ignore[attr-defined]
            return _held_off(joined) if _OPENING.held else joined
        _OPENING.first = first
        return None


    # And a delimiter's first mark merges into the mark a child ends with, by citeproc-js's punctuation table
    # (LtoR_MAP): "Why reeds matter? II" (": " after "?"), "Fen:" before ". ". A child's own text is left alone.
    def join(self, strings, default_delimiter=""):  # type: ignore[no-untyped-def]
        delimiter = self.get("delimiter", default_delimiter)  # type: ignore[attr-defined]
        if delimiter[:1] not in MERGED_AFTER:
            return super().join(strings, default_delimiter)  # type: ignore[misc]
        texts = [s for s in strings if s is not None]
        if not texts:
            return String("")
        output = texts[0]
        for text in texts[1:]:
            last = _last_mark(output)
            output = output + normalize_seam(output, delimiter[1:] if last in MERGED_AFTER[delimiter[0]] else delimiter)
            output = output + normalize_seam(output, text)
        return output


# citeproc-js's LtoR_MAP where the mark on the right goes: after "?" or "!", a ":" or "."; after ":" or ";", a ".";
# after ";", a ":".
MERGED_AFTER = {":": "?!;", ".": "?!:;"}
ENTITY_END_RE = re.compile(r"&#?\w+;$")  # (an HTML entity's ";" is no mark)


def _suffixed(text: Any, suffix: str) -> Any:
    """text, then suffix as an element's wrap adds it (_AffixParens)."""
    if suffix[:1] in MERGED_AFTER and _merges(text, suffix):
        suffix = suffix[1:]
    return text + normalize_seam(text, suffix)


def _merges(text: Any, suffix: str) -> bool:
    """Whether a suffix's "." or ":" merges into the mark text ends with (MERGED_AFTER): not where text ends in a
    number variable's number, which citeproc-js holds as a numeric blob (its blobEndsInNumber): MDPI's "p. 144;"
    then its layout's "." is "p. 144;.", its "2021;" then "." is "2021;"."""
    if _last_mark(text) not in MERGED_AFTER[suffix[0]]:
        return False
    pieces = [text]
    while pieces:
        piece = pieces.pop()
        if isinstance(piece, MixedString):
            pieces.extend(list.__iter__(piece))
            continue
        plain = str(piece).rstrip(richtext.MARKS)
        if plain.strip(_AFFIX_MARKS):
            # (a number printed apart, a Parsed piece; or one run into other text, marked where it ends)
            return not (isinstance(piece, Parsed) and plain[-1] in _NUMBER_ENDS
                        or plain.rstrip(_AFFIX_MARKS).endswith(NUMBER_END))
    return True


_NUMBER_ENDS = frozenset("0123456789ivxlcdmIVXLCDM")
_AFFIX_MARKS = " .,;:!?)]"  # the suffixes and delimiters after a field that _merges looks past: a number's "(1)" too


def _last_mark(text: Any) -> str:
    """The last character a text prints, past the engine's marks (in HTML, "&gt;" is no ";")."""
    return ENTITY_END_RE.sub("&", str(text).rstrip(richtext.MARKS))[-1:]


def _nested(element: Any) -> bool:
    """Whether an element is a group of its own: a cs:group, or a cs:text calling a macro (_MacroAsGroup)."""
    return isinstance(element, csl_model.Group) or (isinstance(element, csl_model.Text) and "macro" in element.attrib)


def _nests(group: Any) -> bool:
    """Whether a group holds a group or a macro call (in any branch of its cs:choose): only then can what it
    tried differ from whether it called a variable. Read once per tree."""
    nests = group.__dict__.get("_nests")
    if nests is None:
        nests = group.__dict__["_nests"] = any(_nested(e) for e in _outside_groups(group))
    return nests  # type: ignore[no-any-return]


def _outside_groups(element: Any) -> Any:
    """The element's children, a cs:choose's branches' children read as its own."""
    for child in element.iterchildren():
        if isinstance(child, (csl_model.Choose, csl_model.If, csl_model.Else)):
            yield from _outside_groups(child)
        else:
            yield child


def _tried(children: Any, item: Any, context: Any, tried: bool = False) -> bool:
    """citeproc-js's variable_attempt of a group whose variables all came out empty, read from its children in
    order on the branches the item takes: a variable element sets it; a group or macro inside (printing
    nothing) replaces it with its own."""
    for child in children:
        if isinstance(child, csl_model.Choose):
            branch = _branch(child, item, context)
            tried = tried if branch is None else _tried(branch.iterchildren(), item, context, tried)
        elif isinstance(child, csl_model.Group):
            tried = _tried(child.iterchildren(), item, context)
        elif isinstance(child, csl_model.Text) and "macro" in child.attrib:
            tried = _tried(child.get_macro(child.get("macro")).iterchildren(), item, context)
        elif child.calls_variable():
            tried = True
    return tried


def _rendered_children(children: Any, item: Any, context: Any, kwargs: dict[str, Any]) -> tuple[list[Any], bool, bool]:
    """(the children's texts, for the group to join; whether any of them calls a variable; whether any that
    calls one rendered), a cs:choose among them read as the children of the branch it takes."""
    output: list[Any] = []
    called = rendered = False
    reference = item.reference
    for child in children:
        kind, keys, calls, nested = child.__dict__.get("_render_info") or _render_info(child)
        if kind is _CHOOSE:
            try:
                branch = _branch(child, item, context)
                if branch is None:
                    continue
                texts, calls, renders = _rendered_children(_kids(branch), item, context, kwargs)
            except csl_model.VariableError:
                called = called or child.calls_variable()
                continue
            output += texts
            called, rendered = called or calls, rendered or renders
            continue
        if keys is not None and not any(key in reference for key in keys):
            # (a cs:text whose variable the item lacks: rendered, it raises VariableError, or prints nothing where
            # a substitute printed it, which this reads as the same; raising and unwinding the error through the
            # text's render was a tenth of an entry's time. A group or macro call that can print only variables
            # the item lacks prints nothing either.)
            called = called or calls
            continue
        if kind is _GROUPED:
            # (a cs:group's render is its markup of its process, which raises where printed() gives None: the
            # error's raising and unwinding were a twentieth of an entry's time)
            text = child.printed(item, context, kwargs)
            if text is None:
                called = called or calls
                continue
            text = child.markup(text)
        else:
            try:
                text = child.render(item, context=context, **kwargs)
            except csl_model.VariableError:
                called = called or calls
                continue
        if text is not None:
            output.append(text)
            # (a group or macro inside that prints anything, a term alone too, counts as a variable printed:
            # citeproc-js's group end sets its parent's variable_success)
            rendered = rendered or calls or nested
        called = called or calls
    return output, called, rendered


_CHOOSE, _GROUPED, _OTHER = "choose", "group", "other"


def _render_info(element: Any) -> tuple[str, tuple[str, ...] | None, bool, bool]:
    """What _rendered_children reads of a child, all of it the tree's alone and kept on the element: its kind;
    the reference keys a cs:text reads its variable from (_lookup_keys), or for a group or macro call those of
    the variables that are all it can print (_silent_keys); whether it calls a variable; whether it is a group of
    its own (_nested). Speed, not output."""
    kind = _CHOOSE if isinstance(element, csl_model.Choose) else _GROUPED if type(element) is _GROUP else _OTHER
    keys = _lookup_keys(element) if kind is _OTHER else None
    if keys is None and kind is not _CHOOSE:
        keys = _silent_keys(element)
    info = element.__dict__["_render_info"] = (kind, keys, element.calls_variable(), _nested(element))
    return info


# Variables read from elsewhere than the reference (the cite, the registry, another variable), or whose element
# prints without them (a locator's label prints "p."): an element calling one is never found silent by _silent_keys.
_NOT_READ_ALONE = frozenset({"citation-number", "citation-label", "first-reference-note-number", "locator",
                             "locator-extra", "page-first", "year-suffix"})


def _silent_keys(element: Any) -> tuple[str, ...] | None:
    """For a cs:group or a cs:text calling a macro: the reference keys its variables are read from, where all it
    can print is those variables (no term, value, label, or variable read from elsewhere, in any branch, macro or
    substitute within: a label of an empty variable prints its term, _Label), so that it prints nothing for an
    item that has none of them; else None. Speed, not output: such a group is not rendered for such an item."""
    keys: set[str] = set()

    def walk(node: Any) -> bool:
        if not isinstance(node.tag, str):  # (a comment)
            return True
        tag = etree.QName(node).localname
        if tag in ("group", "choose", "if", "else-if", "else", "layout", "macro", "substitute"):
            return all(walk(child) for child in _kids(node))
        variable = node.get("variable")
        if tag == "text":
            if "macro" in node.attrib:
                return walk(node.get_macro(node.get("macro")))
            if variable is None or variable in _NOT_READ_ALONE:
                return False
            keys.update(_lookup_keys(node) or (variable.replace("-", "_"),))
            return True
        if tag in ("number", "date"):
            if variable is None or variable in _NOT_READ_ALONE:
                return False
            keys.add(variable.replace("-", "_"))
            return True
        if tag == "names":
            if not variable:
                return False
            keys.update(role.replace("-", "_") for role in variable.split())
            return all(walk(child) for child in _kids(node) if etree.QName(child).localname == "substitute")
        return False

    if not (type(element) is _GROUP or isinstance(element, csl_model.Text) and "macro" in element.attrib):
        return None
    return tuple(sorted(keys)) if walk(element) and keys else None


def _lookup_keys(element: Any) -> tuple[str, ...] | None:
    """The reference keys a cs:text reads its variable from, as citeproc-py's Text._variable does (a short form
    first); None for any other element, or for a variable read elsewhere (pages, locator, citation number)."""
    variable = element.get("variable") if isinstance(element, csl_model.Text) else None
    if variable is None or variable.startswith("page") or variable in ("citation-number", "locator"):
        return None
    key = variable.replace("-", "_")
    return (f"{key}_short", key) if element.get("form") == "short" else (key,)


class _SeasonMonth:
    # CSL 1.0.2 §Seasons: a season stands in for the month in every form; citeproc-py asserted that a
    # numeric month form never meets one, so a magazine dated "Summer 2020" crashed APA's citation.
    def process(self, date, context=None):  # type: ignore[no-untyped-def]
        if self.get("name") == "month" and self.get("form") in ("numeric", "numeric-leading-zeros"):  # type: ignore[attr-defined]
            try:
                date.month
            except csl_model.VariableError:
                return (context if context is not None else self).get_single_term(name=f"season-{date.season:02}")  # type: ignore[attr-defined]
        text = super().process(date, context)  # type: ignore[misc]
        if _OPENING.strip and isinstance(text, str) and self.get("name") == "month":  # type: ignore[attr-defined]
            return text.replace(".", "")
        return text


class _ImplicitYearSuffix:
    # CSL 1.0.2 disambiguate-add-year-suffix: in a style that prints no year-suffix (nor citation-label) variable,
    # the suffix follows the first year the entry or citation renders ("Orr A (2022a)"), as citeproc-js appends it
    # (its has_done_year_suffix); citeproc-py printed none, so 1,120 of the official styles told such works apart
    # nowhere. A cs:date passes the item's suffix to its year part (which has no item), once per render; a
    # localised date asks the style that calls it (its own tree is the locale's).
    def process(self, item, variable=None, show_parts=None, context=None, **kwargs):  # type: ignore[no-untyped-def]
        if _OPENING.year_suffix_done or _OPENING.year_suffix is not None \
                or not dict.get(item.reference, "year_suffix") \
                or not _implicit_year_suffix((context if context is not None else self).get_root()):  # type: ignore[attr-defined]
            return super().process(item, variable, show_parts, context, **kwargs)  # type: ignore[misc]
        _OPENING.year_suffix = str(dict.get(item.reference, "year_suffix"))
        try:
            return super().process(item, variable, show_parts, context, **kwargs)  # type: ignore[misc]
        finally:
            _OPENING.year_suffix = None


def _implicit_year_suffix(root: Any) -> bool:
    """Whether a style prints year suffixes after the first year (it has no year-suffix or citation-label text)."""
    implicit = root.__dict__.get("_implicit_year_suffix")  # (kept on the tree, which belongs to one thread)
    if implicit is None:
        implicit = root.__dict__["_implicit_year_suffix"] = not any(
            text.get("variable") in ("year-suffix", "citation-label") for text in root.iter(f"{{{CSL_NAMESPACE}}}text"))
    return implicit  # type: ignore[no-any-return]


class _YearPartSuffix:
    # The year part a cs:date renders first takes the suffix the date passed it (_ImplicitYearSuffix).
    def process(self, date, context=None):  # type: ignore[no-untyped-def]
        text = super().process(date, context)  # type: ignore[misc]
        suffix = _OPENING.year_suffix
        if suffix is not None and text and self.get("name") == "year" and not _KEYING.get():  # type: ignore[attr-defined]
            _OPENING.year_suffix, _OPENING.year_suffix_done = None, True
            return f"{text}{suffix}"
        return text


class _LiteralDate:
    # A literal date ("forthcoming", "Spring 1999") prints where the date shows its year, as citeproc-js writes it
    # in place of the year part: nowhere in a date that shows the month and day alone (Chicago author-date's
    # "Fen & Weir, forthcoming" after the year's "forthcoming" was printed twice; APA's "(n.d., n.d.)").
    def process(self, item, variable=None, show_parts=None, context=None, **kwargs):  # type: ignore[no-untyped-def]
        name = (variable or self.get("variable") or "").replace("-", "_")  # type: ignore[attr-defined]
        if isinstance(dict.get(item.reference, name), csl_source.LiteralDate):
            form = self.get("form")  # type: ignore[attr-defined]
            if form is not None and not self.is_locale_date():  # type: ignore[attr-defined]
                shown = (self.get("date-parts") or "year-month-day").split("-")  # type: ignore[attr-defined]
            else:
                shown = show_parts if show_parts is not None else ["year", "month", "day"]
            if "year" not in shown or not any(part.get("name") == "year" for part in self.iterchildren()  # type: ignore[attr-defined]
                                               if isinstance(part, csl_model.Date_Part)) and (form is None or self.is_locale_date()):  # type: ignore[attr-defined]
                return None
        return super().process(item, variable, show_parts, context, **kwargs)  # type: ignore[misc]


class _DateRange:
    # CSL 1.0.2 §Date Ranges: the parts both ends share print once, in their place; a run of parts that differ
    # prints as begin–end with the range delimiter of its largest part, the run's affixes around the whole
    # ("2019, November–December"; "November 28–December 2, 2019"). citeproc-py dropped the shared parts when no
    # other part was shown, so a date element showing only the year printed nothing for such a range, and
    # put them after the range when it did.
    def render_date_range(self, date_range, show_parts=None, context=None):  # type: ignore[no-untyped-def]
        if date_range.end.is_nil():
            return super().render_date_range(date_range, show_parts, context)  # type: ignore[misc]
        show = list(show_parts or ("year", "month", "day"))
        shared, present = _shared_parts(date_range)
        parts = {p.get("name"): p for p in self.iterchildren()  # type: ignore[attr-defined]
                 if p.get("name") in show and p.get("name") in present}
        runs: list[tuple[bool, list[str]]] = []
        for name in parts:
            if runs and runs[-1][0] == (name in shared):
                runs[-1][1].append(name)
            else:
                runs.append((name in shared, [name]))
        pieces = []
        for same, run in runs:
            if same:
                pieces.append(self.render_single_date(date_range.begin, run, context))  # type: ignore[attr-defined]
                continue
            first, last = self._part(parts[run[0]], context), self._part(parts[run[-1]], context)
            # (a range of years alone takes an implicit year suffix after its end, "1999–2001a", as citeproc-js's
            # year part renders both years before it; others after the first year: _ImplicitYearSuffix)
            held = _OPENING.year_suffix if run == ["year"] else None
            if held is not None:
                _OPENING.year_suffix = None
            with _without(last, "suffix"):
                begin = self.render_single_date(date_range.begin, run, context)  # type: ignore[attr-defined]
            if held is not None:
                _OPENING.year_suffix = held
            with _without(first, "prefix"):
                end = self.render_single_date(date_range.end, run, context)  # type: ignore[attr-defined]
            if begin and end and "year" in run and date_range.begin.year < 0 and date_range.end.year < 0:
                # Both ends before the era: the era's term prints once, after the end ("50–44 BC", citeproc-js).
                era = str((context if context is not None else self).get_single_term(name="bc")).strip()  # type: ignore[attr-defined]
                if era and str(begin).rstrip().endswith(era):
                    begin = String(str(begin).rstrip()[:-len(era)].rstrip())
            if begin and end:
                pieces.append(begin + (first[-1].get("range-delimiter") or "\u2013") + end)
        pieces = [piece for piece in pieces if piece]
        if not pieces:
            return None
        return self.join(pieces)  # type: ignore[attr-defined]

    # A localised date joins its parts with its own delimiter (the locale's: "1999 Jul" in the Vancouver styles'
    # own locale), as citeproc-js does (fixDateNode takes only the calling date's affixes and display); citeproc-py
    # took the calling date's.
    def render_single_date(self, date, show_parts=None, context=None):  # type: ignore[no-untyped-def]
        parts = self.parts(date, show_parts, context) if context != self else self.parts(date, show_parts)  # type: ignore[attr-defined]
        return self.join(parts) if parts else None  # type: ignore[attr-defined]

    # Speed, not output: citeproc-py's Date.parts, a month or day the date lacks (a year alone, most dates) skipped
    # before it is rendered; rendering it raised the VariableError parts() caught (3 % of an entry's time).
    def parts(self, date, show_parts, context=None):  # type: ignore[no-untyped-def]
        output = []
        for part in self.iterchildren():  # type: ignore[attr-defined]
            name = part.get("name")
            if name not in show_parts or name == "day" and "day" not in date \
                    or name == "month" and "month" not in date and "season" not in date:
                continue
            try:
                text = part.render(date, context)
            except csl_model.VariableError:
                continue
            if text is not None:
                output.append(text)
        return output

    # A date a substitute printed is suppressed in the rest of the entry, as text and numbers are (citeproc-py
    # never suppressed one: Chicago's note for an unsigned entry ended with its year a second time).
    def process(self, item, variable=None, show_parts=None, context=None, **kwargs):  # type: ignore[no-untyped-def]
        name = variable or self.get("variable")  # type: ignore[attr-defined]
        layout = _layout_of(context) if not self.is_locale_date() else None  # type: ignore[attr-defined]
        if layout is not None and _suppressed(layout, name, (self.tag,)):  # type: ignore[attr-defined]
            return None
        text = super().process(item, variable=variable, show_parts=show_parts, context=context, **kwargs)  # type: ignore[misc]
        if text and getattr(layout, "captured", None) is not None:
            layout.captured.append((self.tag, name))  # type: ignore[attr-defined]
        return text

    # CSL 1.0.2 §Sorting: a date a sort key's macro renders is compared as a date (YYYYMMDD of the parts the
    # element shows), not as the text printed: citeproc-py compared "[1790?]" and "2019-11-03–05" as words, which
    # sort after every plain year. The parts shown are the element's own date-parts (a localised date's
    # date-parts attribute), as citeproc-js's dateAsSortKey reads them: a part not shown is zero, and a date
    # none of whose shown parts the item has (a month-only date of a year-only item) renders nothing for its
    # group, which is then left out as in print (citeproc-js: Chicago author-date's "122 (month)" sorts as
    # "122").
    def render(self, item, *args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("sort_options") is None:
            return super().render(item, *args, **kwargs)  # type: ignore[misc]
        date = item.reference.get(self.get("variable", "").replace("-", "_"))  # type: ignore[attr-defined]
        if not date:
            raise csl_model.VariableError
        if self.get("form"):  # type: ignore[attr-defined]
            shown = (self.get("date-parts") or "year-month-day").split("-")  # type: ignore[attr-defined]
        else:
            shown = [part.get("name") for part in self.iterchildren() if str(part.tag).endswith("date-part")]  # type: ignore[attr-defined]
        first = date.begin if isinstance(date, csl_model.DateRange) else date
        # (a date in words has no year: no key, as citeproc-js's dateAsSortKey, and as the key of the date itself)
        if isinstance(date, csl_model.LiteralDate) or not any(first.get(part) for part in shown):
            raise csl_model.VariableError
        if isinstance(date, csl_model.DateRange):
            return String(_date_key(date.begin, shown) + "-" + _date_key(date.end, shown))
        return String(_date_key(date, shown))

    @staticmethod
    def _part(part, context):  # type: ignore[no-untyped-def]
        """The date-part and, for a locale's date, the style's date-part whose attributes override it."""
        overrides = context.xpath_search(f'./cs:date-part[@name="{part.get("name")}"]') if context is not None else []
        return [part, *overrides]


def _layout_of(element: Any) -> Any:
    """The cs:layout an element renders under, or None (a locale's date, a macro rendered on its own)."""
    try:
        return element.get_layout() if element is not None else None
    except IndexError:
        return None


def _date_key(date: Any, shown: list[str]) -> str:
    year, month, day = (date.get(part, 0) if part in shown else 0 for part in ("year", "month", "day"))
    return f"{year + 10000:05}{month:02}{day:02}"


def _shared_parts(date_range: Any) -> tuple[set[str], set[str]]:
    """(the parts both ends of a range have alike, largest first: a part is shared only if every larger one is;
    the parts either end has)."""
    shared: set[str] = set()
    present: set[str] = set()
    alike = True
    for name in ("year", "month", "day"):
        values = [date.get(name, date.get("season") if name == "month" else None)
                  for date in (date_range.begin, date_range.end)]
        present.update([name] if any(v is not None for v in values) else [])
        alike = alike and values[0] == values[1]
        if alike:
            shared.add(name)
    return shared, present


class _without:
    """Removes an attribute from date-parts for one rendering and puts it back (the tree is this thread's own)."""

    def __init__(self, elements: list[Any], name: str):
        self.elements, self.name = elements, name
        self.saved: list[tuple[Any, str]] = []

    def __enter__(self) -> None:
        for element in self.elements:
            if self.name in element.attrib:
                self.saved.append((element, element.attrib.pop(self.name)))

    def __exit__(self, *exc: object) -> None:
        for element, value in self.saved:
            element.set(self.name, value)


class _Condition:
    # CSL 1.0.2 disambiguate="true" tests true only in the last pass of disambiguation, which refsvc never
    # runs (year suffixes are given in formats/styles.py). citeproc-py ignored the test, so a branch kept for
    # disambiguation, with nothing else to test, always applied: Chicago's short notes printed "ed. Hicks",
    # "trans. Wicksteed", "2nd ed.". The branch's tests are read by _holds(), which substitutes use too.
    def render(self, item, context=None, delimiter="", **kwargs):  # type: ignore[no-untyped-def]
        if not _holds(self, item, context):
            raise csl_model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)  # type: ignore[attr-defined]


class _Choose:
    # Speed, not output: citeproc-py tries each branch in turn, each that does not apply raising an exception;
    # the branch is found by its tests (_branch) and rendered.
    def render(self, item, context=None, delimiter="", **kwargs):  # type: ignore[no-untyped-def]
        branch = _branch(self, item, context)
        return None if branch is None else branch.render_children(item, context=context, delimiter=delimiter, **kwargs)


_TERM_FORMS = {"verb-short": ("verb-short", "verb", None), "symbol": ("symbol", "short", None),
               "short": ("short", None), "verb": ("verb", None)}


class _Lookups:
    # Speed, not output: citeproc-py finds the root, a macro, a term, an option or an ancestor by walking or
    # querying the tree on every use (a third of an entry's time). A style tree never changes once parsed, so
    # each answer is kept on the element asking (parse() keeps every element's Python object alive, so what is
    # set on one stays). A tree belongs to one thread (engine.style), and so do these tables. Two kinds of
    # element are changed while rendering, and nothing read from their attributes is kept: date parts
    # (citeproc-py copies a style's date-part attributes into the locale's) and cs:names (_NamesSubstitute).
    def get_root(self):  # type: ignore[no-untyped-def]
        # (self.__dict__: citeproc-py reads a missing attribute as a child element, None when there is none)
        root = self.__dict__.get("_root")
        return root if root is not None else self.getroottree().getroot()  # type: ignore[attr-defined]

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        # citeproc-py reads a missing attribute as the first child element of that name (None when there is
        # none), searching the children on every read; a tree's children never change (see parse()), so each is
        # found once.
        children = self.__dict__.setdefault("_children", {})
        if name not in children:
            children[name] = super().__getattr__(name)  # type: ignore[misc]
        return children[name]

    def iterchildren(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # The children, as lxml makes them again on every walk: a tree's children never change (see parse()),
        # so they are listed once (a tenth of an entry's time went to lxml's walks).
        if args or kwargs:
            return super().iterchildren(*args, **kwargs)  # type: ignore[misc]
        return iter(_kids(self))

    def getchildren(self):  # type: ignore[no-untyped-def]
        return list(_kids(self))

    def get_formatter(self):  # type: ignore[no-untyped-def]
        root = self.get_root()
        return root.style.formatter if isinstance(root, csl_model.Locale) else root.formatter

    def xpath_search(self, expression):  # type: ignore[no-untyped-def]
        table = self.__dict__.setdefault("_xpaths", {})
        if expression not in table:
            table[expression] = self.xpath(expression, namespaces=self.nsmap)  # type: ignore[attr-defined]
        return table[expression]

    def is_locale_date(self):  # type: ignore[no-untyped-def]
        # (citeproc-py's raised and caught an IndexError for every date of a style's own: 1-2 % of an entry's time)
        return bool(self.xpath_search("./ancestor::cs:locale[1]"))

    def get_macro(self, name):  # type: ignore[no-untyped-def]
        table = _table(self, "_macros")
        if name not in table:
            table[name] = super().get_macro(name)  # type: ignore[misc]
        return table[name]

    def get_layout(self):  # type: ignore[no-untyped-def]
        layout = self.__dict__.get("_layout")
        if layout is None:
            layout = self.__dict__["_layout"] = super().get_layout()  # type: ignore[misc]
        return layout

    def get_locale_option(self, name):  # type: ignore[no-untyped-def]
        table = _table(self, "_locale_options")
        if name not in table:
            table[name] = super().get_locale_option(name)  # type: ignore[misc]
        return table[name]

    def get_term(self, name, form=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        table = _table(self, "_terms")
        key = (name, form, args, tuple(sorted(kwargs.items())))
        if key not in table:
            table[key] = self._find_term(name, form, *args, **kwargs)
        return table[key]

    def get_single_term(self, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        # Speed, not output: a term's singular, as the formatter of the render prepares it (text or HTML), kept;
        # citeproc-py searched the term's element for its cs:single on every call (3 % of an entry's time).
        table = _table(self, "_single_terms")
        key = (name, args, tuple(kwargs.items()), self.get_formatter())
        if key not in table:
            table[key] = super().get_single_term(name, *args, **kwargs)  # type: ignore[misc]
        return table[key]

    def _find_term(self, name, form=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        # CSL 1.0.2 §Terms: a form the locale lacks falls back (verb-short -> verb -> long, symbol -> short ->
        # long); citeproc-py printed nothing, so APA's "by" before a reviewed work's author was lost.
        lookup = super().get_term  # type: ignore[misc]
        if isinstance(self, csl_model.Locale):
            return lookup(name, form, *args, **kwargs)
        for each in _TERM_FORMS.get(form, (form,)):
            term = lookup(name, each, *args, **kwargs)
            if term is not None:
                return term
        return None

    def calls_variable(self):  # type: ignore[no-untyped-def]
        # Whether an element calls a variable depends on the tree alone (macros followed): known once.
        if "_calls" not in self.__dict__:
            self.__dict__["_calls"] = super().calls_variable()  # type: ignore[misc]
        return self.__dict__["_calls"]


def _kids(element: Any) -> tuple[Any, ...]:
    kids = element.__dict__.get("_kids")
    if kids is None:
        kids = element.__dict__["_kids"] = tuple(etree.ElementBase.iterchildren(element))
    return kids  # type: ignore[no-any-return]


def _table(element: Any, name: str) -> dict[Any, Any]:
    """The element's table of kept answers of one kind (each element belongs to one tree, and one root)."""
    return element.__dict__.setdefault(name, {})  # type: ignore[no-any-return]


class _PlainFormat:
    # Speed, not output: most elements set no font; citeproc-py tried each of the five font attributes, asking
    # for the formatter (a walk to the root) each time, on every piece of text.
    def format(self, string):  # type: ignore[no-untyped-def]
        get = self.get  # type: ignore[attr-defined]
        if (get("font-style") is None and get("font-variant") is None and get("font-weight") is None
                and get("text-decoration") is None and get("vertical-align") is None):
            return str(string) if isinstance(string, (int, float)) else string
        text = super().format(string)  # type: ignore[misc]
        if self.get_formatter() is not csl_formatter.html:  # type: ignore[attr-defined]
            return text
        # What citeproc-py prints nothing for: a "normal" font inside what it undoes (richtext), a baseline and no
        # decoration as citeproc-js writes them.
        for attribute in richtext.NORMAL_ATTRIBUTES:
            if get(attribute) == "normal" and attribute not in _normals_ignored(self):
                opening, closing = richtext.normal_marks(attribute)
                text = String(opening) + text + String(closing)
        if get("text-decoration") == "none":
            text = _Undecorated(text)
        if get("vertical-align") == "baseline":
            text = _Baseline(text)
        return text


def _normals_ignored(element: Any) -> frozenset[str]:
    """The "normal" fonts of a cs:name or cs:name-part that citeproc-js prints nothing for: those its own cs:names
    (or, for a name part, its cs:name) sets otherwise. Freiburg's history style: "<b>Vale, Ira</b>" of a bold cs:names
    and a cs:name of normal weight; it undoes a bold set outside the names alone."""
    ignored = element.__dict__.get("_normals_ignored")
    if ignored is None:
        owners = []
        if isinstance(element, (csl_model.Name, csl_model.Name_Part)):
            owners = [owner for owner in element.iterancestors() if isinstance(owner, (csl_model.Name, csl_model.Names))][:2]
        ignored = element.__dict__["_normals_ignored"] = frozenset(
            attribute for attribute in richtext.NORMAL_ATTRIBUTES
            if any(owner.get(attribute) not in (None, "normal") for owner in owners))
    return ignored  # type: ignore[no-any-return]


class _Baseline(csl_formatter.html.TagWrapper):
    """vertical-align="baseline" in HTML, as citeproc-js writes it (a style attribute of no property)."""
    tag = "span"
    attributes = {"style": "baseline"}


class _Undecorated(csl_formatter.html.TagWrapper):
    tag = "span"
    attributes = {"style": "text-decoration:none;"}


class _Key:
    # A date given as words ("early 1800s") keys as no date in citeproc-js (dateAsSortKey reads the year alone),
    # so it files with the undated; citeproc-py keyed it by its words.
    def sort_keys(self, items, context):  # type: ignore[no-untyped-def]
        keys = super().sort_keys(items, context)  # type: ignore[misc]
        variable = self.get("variable", "").replace("-", "_")  # type: ignore[attr-defined]
        if variable in csl_model.DATES:
            keys = [None if isinstance(item.reference.get(variable), csl_model.LiteralDate) else key
                    for item, key in zip(items, keys)]
        return keys

    # citeproc-js keys a number variable (cs:key variable="volume") by the first whole number in it, wherever it
    # stands (CSL.Util.padding: "III/41c" as 41, "abs/1803.09099" as 1803; a hyphen before it makes it negative,
    # which files after every other); citeproc-py only by digits the value begins with, comparing the rest as text.
    def _format_number(self, item, variable):  # type: ignore[no-untyped-def]
        value = item.reference.get(variable)
        if value is None:
            return None
        match = _KEY_NUMBER_RE.search(str(value))
        if match is None:
            return value
        number = int(match.group(1))
        return str(number if number >= 0 else 10 ** 20)


_KEY_NUMBER_RE = re.compile(r"\s*(-?[0-9]+)")


# citeproc-js, in a sort key, while a macro holding a cs:date of its own renders (CSL.expandMacro's
# "doing-macro-with-date", read by Output.Queue.append and startTag): nothing but dates is output, and what opens
# meanwhile has no affixes, delimiter or decoration. The flag is set on entering such a macro and cleared on
# leaving one, not restored: after such a macro nested in another ends, the rest of the outer renders as usual.
# So Chicago keys a patent's identifier ("Patent 123, issued March 4, 1995") by its date alone, and an undated
# work's "n.d." not at all. Such a macro's children are walked here, the flag a cell of the walk's own; every
# other render (and every print) goes through the elements' own render untouched.
class _MacroWithDate:
    def render(self, item, context=None, sort_options=None):  # type: ignore[no-untyped-def]
        if sort_options is None or not _has_own_date(self):
            return super().render(item, context, sort_options)  # type: ignore[misc]
        output, _, _ = _muted(self.iterchildren(), item, context, {"sort_options": sort_options}, [True])  # type: ignore[attr-defined]
        return join(output, "") or None


class _MacroAsGroup:
    # citeproc-js expands a macro as a group (CSL.expandMacro): one that calls variables and renders none of them
    # prints nothing, its terms and text with it, as a cs:group (_Group); citeproc-py printed them: a French
    # style's volume macro printed "vol." for a book of no volume.
    def render(self, item, context=None, sort_options=None):  # type: ignore[no-untyped-def]
        first = _OPENING.first
        output, called, rendered = _rendered_children(_kids(self), item, context, {"sort_options": sort_options})
        if output and (not called or rendered or (_nests(self) and not _tried(self.iterchildren(), item, context))):  # type: ignore[attr-defined]
            joined = _joined_settled(self, output, lambda texts: join(texts, ""), macro=True)
            return _held_off(joined) if _OPENING.held else joined
        _OPENING.first = first  # (as a group's: _Group)
        return None


def _held_off(text: Any) -> Any:
    """A group's text without the mark a decorated field ending in "?" or "!" leaves after itself when it is the
    group's last (_TextMarkup): citeproc-js merges the group's suffix, or the delimiter after it, into that mark."""
    if not isinstance(text, MixedString) or not text:
        return text
    last = list.__getitem__(text, -1)
    if isinstance(last, MixedString):
        inner = _held_off(last)
        return text if inner is last else MixedString([*list.__iter__(text)][:-1] + [inner])
    return MixedString([*list.__iter__(text)][:-1]) if last == HELD_PUNCTUATION else text


def _has_own_date(macro: Any) -> bool:
    """Whether a macro holds a cs:date itself, not through the macros it calls (citeproc-js's flagDateMacros)."""
    has = macro.__dict__.get("_has_date")
    if has is None:
        has = macro.__dict__["_has_date"] = macro.find(".//cs:date", NAMESPACES) is not None
    return has  # type: ignore[no-any-return]


def _muted(children: Any, item: Any, context: Any, kwargs: dict[str, Any], flag: list[bool]) -> tuple[list[Any], bool, bool]:
    """_rendered_children for what a macro with a date renders in a sort key while flag[0] holds: text, names,
    numbers and labels render as nothing (a variable they print still counts as rendered, for a group's
    suppression), a group or a called macro joins its parts bare; dates render their keys. A macro with a date
    of its own called meanwhile clears the flag when it ends; what follows renders as usual."""
    output: list[Any] = []
    called = rendered = False
    for child in children:
        if not flag[0]:
            texts, calls, renders = _rendered_children([child], item, context, kwargs)
        else:
            try:
                if isinstance(child, csl_model.Choose):
                    branch = _branch(child, item, context)
                    texts, calls, renders = _muted(branch.iterchildren() if branch is not None else (), item, context,
                                                   kwargs, flag)
                    output += texts
                    called, rendered = called or calls, rendered or renders
                    continue
                if isinstance(child, csl_model.Group) or (isinstance(child, csl_model.Text) and "macro" in child.attrib):
                    holder = child if isinstance(child, csl_model.Group) else child.get_macro(child.get("macro"))
                    if holder is not child and _has_own_date(holder):
                        text = holder.render(item, context, kwargs["sort_options"])
                        flag[0] = False
                    else:
                        parts, calls, renders = _muted(holder.iterchildren(), item, context, kwargs, flag)
                        text = join(parts, "") or None if parts and (not calls or renders) else None
                elif isinstance(child, csl_model.Date):
                    text = child.render(item, context=context, **kwargs)
                else:
                    text = None if child.render(item, context=context, **kwargs) is None else ""
            except csl_model.VariableError:
                text = None
            texts, calls = ([] if text is None else [text]), child.calls_variable()
            renders = calls and text is not None
        output += texts
        called, rendered = called or calls, rendered or renders
    return output, called, rendered


# CSL display: the marks around each part of a bibliography entry set apart, made into citeproc-js's divs (HTML)
# or its spacing (text) when the entry is finished (engine.finish).
DISPLAY_MARKS = {"block": "\ufde7", "left-margin": "\ufde8", "right-inline": "\ufde9", "indent": "\ufdea"}
DISPLAY_CLOSE = "\ufdeb"


class _Display:
    # CSL display and second-field-align, as citeproc-js reads them (CSL.Util.substituteStart): only the elements
    # at the top of a bibliography's layout are set apart (a cs:choose there passes up those of its branch; a
    # display attribute deeper down is ignored), and with second-field-align the first of them goes in the margin
    # and the rest beside it: a numeric style's "[1]" and its entry, "[1] D. Vale" in text. citeproc-py read
    # neither ("[1]D. Vale" in 840 of the official styles). The layout's suffix goes inside the part beside the
    # margin, or inside the last part where the layout opens with a part set apart (citeproc-js's
    # using_display), else after them all; a part that renders nothing is not set apart.
    def render_bibliography(self, citation_items):  # type: ignore[no-untyped-def]
        plan = self.__dict__.get("_display")  # (kept on the tree, which belongs to one thread)
        if plan is None:
            plan = self.__dict__["_display"] = _display_plan(self)
        if not plan:
            return super().render_bibliography(citation_items)  # type: ignore[misc]
        output = []
        for item in citation_items:
            self.repressed = {}
            text = self._displayed(item, plan)
            if text is not None:
                output.append(self.format(text))  # type: ignore[attr-defined]
        return output

    def _displayed(self, item, plan):  # type: ignore[no-untyped-def]
        parts = []
        for element in _candidates(self.iterchildren(), item, None):  # type: ignore[attr-defined]
            try:
                parts.append((element.get("display"), element.render(item)))
            except csl_model.VariableError:
                parts.append((element.get("display"), None))
        if plan == "align":
            groups = [("left-margin", parts[:1]), ("right-inline", parts[1:])]
        else:
            groups = [(display if display in DISPLAY_MARKS else None, [(display, text)]) for display, text in parts]
        pieces = []
        for display, group in groups:
            body = join([text for _, text in group if text is not None], "")
            if body is not None and str(body):
                # (the seam between parts as between any two elements: "Vale, Ada. " then " 2019" keeps one space)
                pieces.append((display, normalize_seam(pieces[-1][1], body) if pieces else body))
        if not pieces:
            return None
        display, body = pieces[-1]
        pieces[-1] = (display, body.rstrip(" "))  # (an entry ends with no space, set apart or not)
        prefix, suffix = self.get("prefix", ""), self.get("suffix", "")  # type: ignore[attr-defined]
        if suffix and plan != "display":
            display, body = pieces[-1]
            if plan == "opening" or display == "right-inline":
                pieces[-1] = (display, _suffixed(body, suffix))
            suffix = ""
        text = join([String(DISPLAY_MARKS[display]) + body + String(DISPLAY_CLOSE) if display else body
                     for display, body in pieces], "")
        if suffix:
            text = _suffixed(text, suffix)
        return String(prefix) + text if prefix else text


def _display_plan(layout: Any) -> str:
    """How a bibliography layout sets its parts apart: "align" (second-field-align), "opening" (its first element
    has a display attribute), "display" (another of its top elements has one), or "" (none: citeproc-py's own
    rendering)."""
    parent = layout.getparent()
    if parent is None or etree.QName(parent).localname != "bibliography":
        return ""
    if parent.get("second-field-align"):
        return "align"
    kids = _kids(layout)
    if kids and kids[0].get("display") in DISPLAY_MARKS:
        return "opening"

    def top(children: Any) -> Iterator[Any]:
        for child in children:
            if isinstance(child, (csl_model.Choose, csl_model.If, csl_model.Else_If, csl_model.Else)):
                yield from top(_kids(child))
            else:
                yield child
    return "display" if any(child.get("display") in DISPLAY_MARKS for child in top(kids)) else ""


# citeproc-js's decorations: an element with one (or a suffix) renders the numbers in it where it stands.
_DECORATIONS = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align", "display")


class _SortBlobs:
    # In a sort key, the numbers an element holds are settled as citeproc-js settles its numeric blobs there
    # (sortblobs): "undefined" before a number that follows other text, as in citeproc-js's keys.
    def markup(self, text, *language):  # type: ignore[no-untyped-def]
        if not _KEYING.get() or not sortblobs.has_marks(text):  # (marks are made only in sort keys)
            return super().markup(text, *language)  # type: ignore[misc]
        get = self.get  # type: ignore[attr-defined]
        head, tail = sortblobs.settled(str(text), get("delimiter", ""), get("prefix", ""), _closes(self))
        if head:
            head = super().markup(type(text)(head), *language)  # type: ignore[misc]
        return (str(head) if head else "") + tail


class _TextMarkup:
    # What citeproc-js's output queue does to a field's text as it appends it (CSL.Output.Queue.append):
    # - it moves the run of stops the text opens with (".", "!", "?", ":", ";", and spaces among them: "...And
    #   forgive them") out of it, after the element's prefix and outside its quotes and formatting; an element that
    #   changes case then cases the text as it was, run and all, so the run is printed twice: "......And Forgive
    #   Them", "...<i>...And Forgive Them</i>", as Zotero prints such a title;
    # - it drops the element's font style from text with no letter or digit of a script that sets italics (Latin,
    #   Greek, Cyrillic, Hebrew, Arabic, Thai): a title in Chinese, Japanese or Korean, or one of dots alone, is
    #   printed upright.
    # - a citation number is no predecessor: a term after it is capitalised as at the entry's start ("[1] In Fen
    #   Annals"), citeproc-js appending the number as a number blob, which leaves its term_predecessor unset.
    # - a macro's text takes no text-case or strip-periods of the cs:text calling it: citeproc-js expands the call
    #   as a group, which cases nothing (205 styles: "<text macro="title" text-case="title"/>" prints the title as
    #   the macro does);
    # - a "?" or "!" a field ends with, printed with a font of the element's own (not in its quotes), is no mark a
    #   period or colon after it merges into ("<i>Who owns the fen?</i>. Elm Press"): citeproc-js merges
    #   punctuation across a decorated blob's edge only where the decoration is on a group around the text.
    # And (speed, not output) a cs:text's markup as _PlainMarkup's, here for its elements without markup: one step
    # less for the element most often rendered.
    def markup(self, text, *language):  # type: ignore[no-untyped-def]
        kind = self.__dict__.get("_text_markup")  # (kept on the tree, which belongs to one thread)
        if kind is None:
            attrib = self.attrib  # type: ignore[attr-defined]
            self.__dict__["_unquoted"] = attrib.get("quotes") == "false"
            kind = self.__dict__["_text_markup"] = 3 if attrib.get("variable") == "citation-number" \
                else 0 if _MARKUP_ATTRIBUTES.isdisjoint(attrib.keys()) else 5 if "macro" in attrib \
                else 1 if "variable" not in attrib \
                else 4 if attrib.get("quotes") != "true" and any(d in attrib for d in _DECORATIONS[:-1]) else 2
        if kind == 0:
            if not text:
                return None
            _OPENING.first = False
            return str(text) if isinstance(text, (int, float)) else text
        if kind == 2:
            return self._variable_markup(text, language)
        if kind == 4:
            if not (text and str(text).rstrip(richtext.MARKS)[-1:] in "?!"):
                return self._variable_markup(text, language)
            _OPENING.own_stop = True  # (read by this element's wrap: its own suffix keeps its stop)
            try:
                out = self._variable_markup(text, language)
            finally:
                _OPENING.own_stop = False
            if not out:
                return out
            _OPENING.held = True
            # and a delimiter after it keeps its stop too; not what follows the group it ends (_held_off)
            return out + String(HELD_PUNCTUATION)
        if kind == 3:
            first = _OPENING.first
            out = super().markup(text, *language)  # type: ignore[misc]
            _OPENING.first = first
            return out
        if kind == 5:
            return self.wrap(self.quote(self.format(text))) if text else None  # type: ignore[attr-defined]
        return super().markup(text, *language)  # type: ignore[misc]

    def _variable_markup(self, text, language):  # type: ignore[no-untyped-def]
        if not text:
            return super().markup(text, *language)  # type: ignore[misc]
        # Most text opens with a Latin letter or a digit, and then neither applies.
        opening = str(list.__getitem__(text, 0) if isinstance(text, MixedString) else text)[:1]
        if (opening.isascii() and opening.isalnum()) or _KEYING.get():
            return super().markup(text, *language)  # type: ignore[misc]
        attrib = self.attrib  # type: ignore[attr-defined]
        plain = str(text)
        run = _LEADING_STOPS_RE.match(plain)
        body = text
        if run and run.end() < len(plain) and "text-case" not in attrib:
            body = _cut_front(text, run.end())
            if body is None:  # (the run is not in the text's first plain piece: left in it)
                run, body = None, text
        upright = "font-style" in attrib and not _ROMANESQUE_ANY_RE.search(str(body))
        if not (upright or (run and run.end() < len(plain))):
            return super().markup(text, *language)  # type: ignore[misc]
        cased = self.strip_periods(self.case(body, language[0] if language else None))  # type: ignore[attr-defined]
        core = self.quote(self._unstyled(cased) if upright else self.format(cased))  # type: ignore[attr-defined]
        _OPENING.first = False
        if run and run.end() < len(plain):
            # (a list of the two: adding them would take the run's last stop off the field's first)
            core = MixedString([String(run.group()), core])
        return self.wrap(core)  # type: ignore[attr-defined]

    def _unstyled(self, text):  # type: ignore[no-untyped-def]
        for step in (self.font_variant, self.font_weight, self.text_decoration, self.vertical_align):  # type: ignore[attr-defined]
            text = step(text)
        return text


_LEADING_STOPS_RE = re.compile(r"[:.;!?][:.;!? ]*")


def _cut_front(text: Any, count: int) -> Any:
    """The text without its first count characters, its pieces (rich text) kept; None where they are not all in
    its first plain piece."""
    pieces = list(text) if isinstance(text, MixedString) else [text]
    first = pieces[0] if pieces else None
    if type(first) not in (String, NoCase) or len(first) < count:
        return None
    rest = [type(first)(first[count:])] if len(first) > count else []
    return MixedString(rest + pieces[1:]) if isinstance(text, MixedString) else rest[0]


# The attributes with which an element's markup changes its text; without them its markup is the text as it is.
_MARKUP_ATTRIBUTES = frozenset(("text-case", "strip-periods", "quotes", "prefix", "suffix", "font-style",
                                "font-variant", "font-weight", "text-decoration", "vertical-align"))


class _PlainMarkup:
    # Speed, not output: most elements have none of _MARKUP_ATTRIBUTES, and citeproc-py still ran their text
    # through five markup steps, each reading attributes (an eighth of an entry's time). Not for date parts,
    # whose attributes change while rendering (see _Lookups).
    def markup(self, text, *language):  # type: ignore[no-untyped-def]
        plain = self.__dict__.get("_plain_markup")
        if plain is None:
            plain = self.__dict__["_plain_markup"] = _MARKUP_ATTRIBUTES.isdisjoint(self.attrib.keys())  # type: ignore[attr-defined]
        if not plain:
            out = super().markup(text, *language)  # type: ignore[misc]
            if out:
                _OPENING.first = False
            return out
        if not text:
            return None
        _OPENING.first = False
        return str(text) if isinstance(text, (int, float)) else text


class _CasedThenStripped:
    # citeproc-js cases a field's text before it strips its periods (CSL.Output.Queue.append): "cancer.Journal"
    # is title-cased as "cancer", "." and "Journal", then printed "CancerJournal"; citeproc-py stripped first and
    # left "cancerJournal", a word with a capital in it, as it was.
    def markup(self, text, language=None):  # type: ignore[no-untyped-def]
        if not text:
            return None
        cased = self.strip_periods(self.case(text, language))  # type: ignore[attr-defined]
        return self.wrap(self.quote(self.format(cased)))  # type: ignore[attr-defined]


class _NearNote:
    # near-note-distance is an option of cs:citation; citeproc-py asked the style for it, which has no such option,
    # so every position="near-note" test of a work cited before raised (ten official styles printed such a
    # note only in a simpler form).
    def get_option(self, name):  # type: ignore[no-untyped-def]
        if name == "near-note-distance":
            citation = self.find("cs:citation", self.nsmap)  # type: ignore[attr-defined]
            value = citation.get(name) if citation is not None else None
            return int(value) if value and value.isdigit() else 5
        return super().get_option(name)  # type: ignore[misc]


# Which citeproc-py classes each fix applies to; a class gets every fix whose base it has.
_FIXES = ((csl_model.Label, _Label), (csl_model.Name, _Initialize),
          (csl_model.TextCased, _TitleCase),
          (csl_model.Substitute, _Substitute), (csl_model.Text, _CapturedVariable),
          (csl_model.Text, _TextProcess), (csl_model.FormatNumber, _PageRange), (csl_model.Names, _NamesSubstitute),
          (csl_model.Group, _Group), (csl_model.Date_Part, _SeasonMonth), (csl_model.If, _Condition), (csl_model.Choose, _Choose),
          (csl_model.Date, _LiteralDate), (csl_model.Date, _DateRange), (csl_model.Number, _CapturedNumber), (csl_model.Number, _NumberParts),
          (csl_model.Text, _TextNumber), (csl_model.Affixed, _AffixParens),
          (csl_model.Formatted, _PlainFormat), (csl_model.Text, _SortBlobs), (csl_model.Group, _SortBlobs),
          (csl_model.Number, _SortBlobs), (csl_model.Text, _TextMarkup), (csl_model.Text, _PlainMarkup), (csl_model.Text, _CasedThenStripped),
          (csl_model.Group, _PlainMarkup),
          (csl_model.Names, _PlainMarkup), (csl_model.Name, _PlainMarkup), (csl_model.Number, _PlainMarkup),
          (csl_model.Label, _PlainMarkup), (csl_model.Et_Al, _PlainMarkup), (csl_model.Date, _Opened),
          (csl_model.Macro, _MacroWithDate), (csl_model.Macro, _MacroAsGroup),
          (csl_model.Key, _Key), (csl_model.Layout, _Display), (csl_model.Date, _ImplicitYearSuffix),
          (csl_model.Date_Part, _YearPartSuffix), (csl_model.Style, _NearNote))


def _classes() -> dict[str | None, type]:
    if citeproc.__version__ != PINNED:
        raise RuntimeError(f"refsvc's CSL fixes are for citeproc-py {PINNED}, found {citeproc.__version__}")
    table: dict[str | None, type] = {}
    for cls in csl_model.CitationStylesElement.__subclasses__():
        mixins = tuple(fix for base, fix in _FIXES if issubclass(cls, base))
        table[cls.__name__.replace("_", "-").lower()] = type(cls.__name__, (_Lookups, *mixins, cls), {})
    table[None] = type("CitationStylesElement", (_Lookups, csl_model.CitationStylesElement), {})
    return table


# Tag -> element class: built once at import and never changed (a read-only table).
CLASSES = _classes()
_GROUP = CLASSES["group"]  # (its render is CitationStylesElement's, as _rendered_children reads it: a test checks)


def parse(path: str) -> Any:
    """A CSL style or locale file as a tree of the fixed element classes; its root element.

    A new parser each call: lxml parsers are not to be shared between threads.
    """
    lookup = etree.ElementNamespaceClassLookup()
    lookup.get_namespace(CSL_NAMESPACE).update(CLASSES)
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(lookup)
    root = etree.parse(path, parser).getroot()
    # CSL 1.0.2: a cs:names with no cs:name renders its names as an empty cs:name would (one inside a
    # cs:substitute takes the enclosing cs:names' instead: _NamesSubstitute). citeproc-py inserted a bare
    # Python Name at render time, outside the namespace, so it never found it again: one more child on every
    # render of the style (86 of the official styles), none with refsvc's fixes.
    for names in root.iter(f"{{{CSL_NAMESPACE}}}names"):
        if names.find("cs:name", NAMESPACES) is None and next(names.iterancestors(SUBSTITUTE), None) is None:
            names.insert(0, parser.makeelement(f"{{{CSL_NAMESPACE}}}name"))
    # Every element's Python object kept alive with its tree, so that what _Lookups keeps on one stays.
    root._elements = list(root.iter(f"{{{CSL_NAMESPACE}}}*"))
    for element in root._elements:
        element._root = root
    return root
