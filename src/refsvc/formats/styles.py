"""Bibliographies and citations in APA 7 and Chicago 18 (and 17): sorted and disambiguated as the style
asks, in plain text, HTML or RTF. Single entries come from formats/engine.py."""
from __future__ import annotations

import hashlib
import html
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cmp_to_key, lru_cache
from pathlib import Path
from typing import Any

import citeproc
from citeproc import Citation, CitationStylesBibliography, formatter

from refsvc.formats import cslfix, disambiguate, engine

STYLES = tuple(engine.STYLE_NAMES)
OUTPUTS = ("text", "html", "rtf")


def check_style(style: str, bibliography: bool = False) -> str:
    """style, or ValueError naming the styles there are; bibliography: or saying the style has none (92 of the
    official styles cite in notes alone, and citeproc-js makes no bibliography for them)."""
    engine.style_path(style)
    if bibliography and engine.style(style).root.bibliography is None:
        raise ValueError(f"style {style!r} has no bibliography (no cs:bibliography): it formats citations and "
                         f"notes only (modes {', '.join(MODES[2:])})")
    return style


@cache
def fingerprint(names: tuple[str, ...]) -> str:
    """What formatted text in these styles depends on, beside the item: the formatter's code, the styles and the
    locale. Text kept under one fingerprint is what a formatter with the same one would print again. The code is
    citeproc-py's and all of refsvc's: this package reads modules outside it (latex, folding, model), and a
    fingerprint of some of them would keep text a change to the others had changed."""
    digest = hashlib.sha256(f"citeproc-py {citeproc.__version__}".encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + path.read_bytes())
    for path in [engine.style_path(name) for name in names] + [engine.locale_path()]:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def entries(items: Sequence[Mapping[str, Any]], style: str, output: str = "text") -> dict[str, str]:
    """Each item's bibliography entry formatted alone, keyed by id (the shape the CSL oracle prints)."""
    check_style(style, bibliography=True)
    alone = [_names_told_apart([item], style, _name_registry([item], style, entries=True))[0] for item in items]
    rendered = engine.bibliography(alone, style, html_output=output != "text")
    return {key: _as(output, text) for key, text in rendered.items()}


class Entries(list):  # type: ignore[type-arg]
    """A bibliography's (id, entry) pairs in the style's order, and left_out: the ids of the items the style
    prints no entry for, which the bibliography leaves out and its caller reports (citeproc-js's
    bibliography_errors)."""

    def __init__(self, entries: Sequence[tuple[str, str]], left_out: Sequence[str]):
        super().__init__(entries)
        self.left_out = tuple(left_out)


# Why a bibliography leaves a work out, said wherever it is reported (stderr, response headers, documents).
LEFT_OUT_REASON = "the style cites works of their kind only in notes or the text, as Zotero's engine does"


def left_out_message(style: str, left_out: Sequence[str], where: str = "") -> str:
    """One line saying which items a bibliography in style left out, and why."""
    shown = ", ".join(left_out[:20]) + (f" and {len(left_out) - 20} more" if len(left_out) > 20 else "")
    return (f"{where + ': ' if where else ''}{style} prints no bibliography entry for {len(left_out)} "
            f"item{'s' if len(left_out) != 1 else ''} ({LEFT_OUT_REASON}), left out: {shown}")


def bibliography(items: Sequence[Mapping[str, Any]], style: str, output: str = "text") -> Entries:
    """(id, entry) for a whole bibliography: in the style's order, same-author same-year works told
    apart with year suffixes (2018a, 2018b). An item the style prints nothing for (Chicago: an entry in a
    reference work, an interview; APA: a personal communication) is left out, as citeproc-js leaves it out,
    and named in the result's left_out. Works left out tell no others apart: a reference list has no "2012a"
    for want of a "2012b" it does not list."""
    given = items
    html_output = output != "text"
    options = disambiguate.Options.of(engine.style(check_style(style, bibliography=True)).root)
    listed = [_registry_names(item, style, True, options.rule.startswith("primary-name")) for item in items]
    items = _names_told_apart(items, style, disambiguate.NameRegistry(listed, options))
    prepared = engine.source(items)  # each item prepared once, for its sort keys and (text) its entry
    order = _order(items, style, prepared)
    citing = _name_registry(items, style)
    items = _short_given_as_listed(list(items), order, prepared, citing, listed)
    del listed  # (kept, its names would be walked by every garbage collection while the entries are rendered)
    suffixed = _with_year_suffixes([items[n] for n in order], style, citing)
    prepared_as = None
    if not html_output:
        item_keys = engine.keys(len(items))
        prepared_as = [(prepared, item_keys[n]) for n in order]
        for (_, key), item in zip(prepared_as, suffixed):
            if "year-suffix" in item:
                prepared[key]["year_suffix"] = prepared.parse_string(item["year-suffix"])
            for variable, people in _names_told(item):
                for name, told in zip(prepared[key].get(variable) or (), people):
                    for flag in _TOLD_FLAGS:
                        if flag in told:
                            dict.__setitem__(name, flag, told[flag])
    rendered = engine.entries_with_names(suffixed, style, html_output=html_output, prepared_as=prepared_as)
    bib = engine.style(style).root.bibliography
    substitute = bib.get("subsequent-author-substitute")
    rule = bib.get("subsequent-author-substitute-rule", "complete-all")
    quotes = engine.style(style).quotes
    et_al = (int(bib.get("et-al-use-first", 1)), int(bib.get("et-al-min", 0)), bib.get("et-al-use-last") == "true")
    out: list[tuple[str, str]] = []
    left_out = []
    previous: tuple[str, Any] = ("", None)
    for item in suffixed:
        text, names, substituted, role, each = rendered[str(item["id"])]
        if not text:
            left_out.append(str(item["id"]))
            continue
        recorded = _recorded_names(item, names, et_al, role)
        # The names compared as citeproc-js compares them: a title standing in for them by its value as recorded
        # (the same title in italics, in quotes or not title-cased), and the dash takes the place of its text
        # within the quotes ("“———.” Preprint"). (A title's key opens with "\0": no names are ever equal to it.)
        compared = undecorated(names) if substituted is None or not names else "\0" + substituted
        # Names as recorded are what citeproc-js compares, not as printed: "Tarrant Ana María" (a work in Chinese,
        # its names in their own order) and then "Tarrant, Ana María" are the same names.
        same = recorded == previous[1] if recorded is not None and previous[1] is not None \
            else compared == previous[0]
        if substitute is not None and rule != "complete-all":
            # A title standing in for names is one name, dashed whole, its quotes with it; a term is none ("Anon
            # (n.d.)" twice).
            if recorded is None and substituted is not None and compared:
                recorded, each = ["\0" + substituted], (names,)
            text = _dashed_by_rule(rule, substitute, text, names, recorded or [], previous[1] or [], each,
                                   lambda name: name if name is names else engine.finish(str(name), html_output, quotes),
                                   lambda: _stop_after_names(item, style, html_output))
        elif substitute is not None and compared and same:
            # CSL 1.0.2 subsequent-author-substitute ("complete-all"): the same names again become ———
            # 'Graham, David “Rez.”': the stop after the names went inside their closing quote; the dash takes
            # the names and the quote, and the stop follows it ("———.").
            text = _stop_moved_out_of_quote(names, text)
            quoted = len(names) > 2 and names[0] in "“‘" and names[-1] in "”’"  # a title in quotes stands for them
            if quoted and names in text and names[-2] in "?!" and text[text.index(names) + len(names):][:1] == " ":
                # Its question mark had taken the period after it; the dash does not: “———.” (citeproc-js keeps a
                # title's quotes as decorations around the dash, and the period moves inside them).
                text = text.replace(names, names[0] + names[1:-2] + "." + names[-1], 1)
                names = names[0] + names[1:-2] + "." + names[-1]
            held = ""
            if quoted:
                # The dash goes inside the title's quotes; its text as printed, apostrophes and all ("’Ain Ghazal"),
                # a quotation closing it with the period moved inside that too (“Houses of the ‘Fen.’” -> “———.”).
                inner = names[1:-1]
                if inner not in text and inner[-1] in "”’" and inner[:-1] + "." + inner[-1] in text:
                    inner, held = inner[:-1] + "." + inner[-1], "."
                names = inner if inner in text else compared
            elif names not in text:
                names = compared
            at = text.index(names) if names in text else -1
            if at >= 0:
                # "Hashim, A." swallowed the period that follows the names, as a title standing in for them
                # that ends in a question or exclamation mark did ("Why Reeds Matter? In ..."); the dash needs it
                # back (not before a role's comma: "———, ed.").
                stop = "." if names.endswith((".", "?", "!")) and _stop_after_names(item, style, html_output) else held
                text = text[:at] + substitute + stop + text[at + len(names):]
        if compared:
            # An entry that prints no names leaves the last names to compare with as they were (citeproc-js keeps
            # its last_rendered_name): "Fen Act" (a bill, its title no substitute) between two works titled alike.
            previous = (compared, recorded)
        out.append((str(item["id"]), _as(output, text)))
    if any("year-suffix" in item or _names_shown(item) for item in suffixed if str(item["id"]) in left_out):
        # A work left out was told apart from others (rare: an encyclopedia entry by the authors of a book of its
        # year): the list again without it.
        unlisted = set(left_out)
        return Entries(bibliography([i for i in given if str(i["id"]) not in unlisted], style, output), left_out)
    return Entries(out, left_out)


_PUNCTUATION = frozenset(".,;:")


def _stop_after_names(item: Mapping[str, Any], style: str, html_output: bool) -> bool:
    """Whether the style prints a period after the names the item's entry opens with: names ending in one ("Vale,
    I.", a title standing in for them ending in "?") swallowed it, and the dash in their place prints it ("———.
    (n.d.)"), where a style that prints none after them has none ("——— (1850–1860)", "———, ed."). The entry is
    rendered again with the names' end marked (rare: only an entry dashed whose names end so)."""
    with cslfix.names_probed():
        text = engine.entries_with_names([item], style, html_output=html_output, numbered=False)[str(item["id"])].text
    at = text.find(cslfix.NAMES_END)
    return at >= 0 and text[at + 1:at + 2] == "."


def _dashed_by_rule(rule: str, substitute: str, text: str, names: str, recorded: list[Any], before: list[Any],
                    each: Sequence[Any], printed: Any, stop: Any) -> str:
    """text with its names (each, as printed(name) prints it; finished only where a name is dashed) dashed by a subsequent-author-substitute-rule
    other than complete-all, the names as recorded compared with the last entry's (before), as citeproc-js's
    substituteEnd dashes them, delimiters, "and" and label kept: complete-each every name where all are the same
    ("———, ———, and ———"), partial-each those the same from the first on ("———, ———, and Jo Hale"), partial-first
    the first alone ("——, and Kit Moss")."""
    alike = len(list(itertools.takewhile(lambda pair: pair[0] == pair[1], zip(recorded, before))))
    dashed = {"complete-each": len(recorded) if recorded and recorded == before else 0,
              "partial-each": alike, "partial-first": min(alike, 1)}.get(rule, 0)
    if not dashed:
        return text
    # (punctuation the entry moved inside the names' closing quote goes back after it, to follow the dash: '“Fen
    # Weirs,” in' -> '——, in')
    text = _stop_moved_out_of_quote(names, text)
    if names not in text and names[:1] in "“‘" and names[-1:] in "”’":
        closing = len(names) - len(names.rstrip("”’"))  # (a quote inside a quote: “Of the ‘Fen,’”)
        moved = next((names[:-closing] + mark + names[-closing:] for mark in ".,;:"
                      if names[:-closing] + mark + names[-closing:] in text), None)
        if moved is not None:
            text = text.replace(moved, names + moved[-closing - 1], 1)
    if names not in text:
        return text
    dashed_names = _each_dashed(names, [printed(name) for name in each[:dashed]], dashed, substitute, stop)
    return text.replace(names, dashed_names, 1)


def _each_dashed(names: str, printed: Sequence[str], dashed: int, substitute: str, stop: Any) -> str:
    """names (as text prints them) with the first dashed of the names printed in it one by one become the
    substitute; a last name that swallowed the stop after it ("Vale, I.": stop() says) leaves it to the dash."""
    out, at = [], 0
    # (found as printed, or in the capitals a style's text-case on the whole list printed it in: "VALE, I.; ORR, A.")
    seen = names.upper() if len(names.upper()) == len(names) else names
    for name in printed[:dashed]:
        found = names.find(name, at)
        if found < 0 and seen is not names:
            found = seen.find(name.upper(), at)
        if found < 0 or not name:
            break
        out += [names[at:found], substitute]
        at = found + len(name)
        if at == len(names) and name.endswith((".", "?", "!")) and stop():
            out.append(".")
    return "".join(out) + names[at:]


def _stop_moved_out_of_quote(names: str, text: str) -> str:
    """text with the punctuation that followed names ending in a closing quotation mark put back after the
    mark, where the entry printed it inside (American punctuation); as it is where it did not, or where the
    quotes are the whole names' (a title standing in for them: the dash goes inside those, "“———.”")."""
    if not names or names[-1] not in "”’" or names[0] in "“‘" or names in text:
        return text
    for stop in _PUNCTUATION:
        printed = names[:-1] + stop + names[-1]
        if printed in text:
            return text.replace(printed, names + stop, 1)
    return text


def _names_told_apart(items: Sequence[Mapping[str, Any]], style: str,
                      registry: disambiguate.NameRegistry | None = None) -> Sequence[Mapping[str, Any]]:
    """The items, with the names citeproc-js's name registry tells apart flagged so (the items are what it
    registers: one bibliography, or one item cited or listed alone):

    - GIVEN_AS_WRITTEN: with disambiguate-add-givenname and a givenname-disambiguation-rule that can show whole
      given names (primary-name, all-names: Chicago author-date; by-cite, the default: Chicago notes),
      citeproc-js registers every name (the first of each list for primary-name; for by-cite within its own item
      only) by surname, initials and given name; where one surname and initials come with two given names
      ("Michael C" and "M. C.", "Durk P" and "Diederik P."), those names need their whole given name, and a
      bibliography prints it as written: no period after "Michael C". Given names that differ only in periods
      and spaces are one ("Mike C", "Mike C.").
    - SHORT_GIVEN: a short form (a citation's names, a treaty's parties) of a list's first name shows initials
      or the given name where the names the citations and sort keys render (disambiguate.registered) hold
      another of its surname: "(T. Lark 1935)" beside its translator Rui Lark, "(Tam Lark 1936)" beside its
      editor T. Lark."""
    cite = engine.style(style).root.citation
    rule = cite.get("givenname-disambiguation-rule", "by-cite")
    if cite.get("disambiguate-add-givenname") != "true" or rule not in ("primary-name", "all-names", "by-cite",
                                                                        "primary-name-with-initials"):
        return items
    never_demoted = engine.style(style).root.get("demote-non-dropping-particle") == "never"
    registered = [list(_registered(item, rule, never_demoted)) for item in items] \
        if rule != "primary-name-with-initials" else [[] for _ in items]
    givens: dict[tuple[Any, ...], set[str]] = {}
    for at, names in enumerate(registered):
        for _, key in names:
            givens.setdefault((at if rule == "by-cite" else None, *key[:2]), set()).add(key[2])
    told = {key for key, seen in givens.items() if len(seen) > 1}
    registry = _name_registry(items, style) if registry is None else registry
    out = []
    for at, (item, names) in enumerate(zip(items, registered)):
        flags: dict[tuple[str, int], dict[str, Any]] = {}
        for place, key in names:
            if (at if rule == "by-cite" else None, *key[:2]) in told:
                flags.setdefault(place, {})[cslfix.GIVEN_AS_WRITTEN] = True
        for variable, level in _short_given(item, registry).items():
            flags.setdefault((variable, 0), {})[cslfix.SHORT_GIVEN] = level
        out.append(item if not flags else {**item, **{
            variable: [{**name, **flags[(variable, n)]} if (variable, n) in flags else name
                       for n, name in enumerate(item[variable])]
            for variable in {variable for variable, _ in flags}}})
    return out


def _short_given(item: Mapping[str, Any], registry: disambiguate.NameRegistry) -> dict[str, int]:
    """variable -> the given-name level (SHORT_GIVEN) the registry asks of the first name of each list it has."""
    levels = {}
    for variable, people in item.items() if registry.initials else ():
        if isinstance(people, list) and people and isinstance(people[0], Mapping):
            level = registry.level(engine.particles(people[0]), 0)
            if level:
                levels[variable] = level
    return levels


def _short_given_as_listed(items: list[Mapping[str, Any]], order: Sequence[int], prepared: Any,
                           citing: disambiguate.NameRegistry, listed: Sequence[Sequence[Mapping[str, Any]]]
                           ) -> list[Mapping[str, Any]]:
    """The items with their short forms' given names (SHORT_GIVEN) as one bibliography prints them, set on the
    items and on their prepared references (engine.source) alike. citeproc-js registers a name as it renders it:
    the names the citations and sort keys render (citing) before any entry, then each entry's own names in the
    bibliography's order, each told apart only from the names registered by then. So a treaty's parties, which
    Chicago author-date cites by title, print "Wren Pact, Wren, 1952." in the first entry and "Wren Pact, Gus
    Wren, 1952." in the next, not a given name in both. listed: each item's names its entry registers."""
    registry = citing.copy()
    if not registry.options.add_givenname or registry.options.rule == "by-cite":
        return items
    keys = engine.keys(len(items))
    out = list(items)
    for n in order:
        item = items[n]
        registry.add(listed[n])
        levels = _short_given(item, registry)
        lists = [v for v, people in item.items() if isinstance(people, list) and people
                 and isinstance(people[0], Mapping) and (v in levels or cslfix.SHORT_GIVEN in people[0])]
        if all(item[v][0].get(cslfix.SHORT_GIVEN) == levels.get(v) for v in lists):
            continue
        changed = dict(item)
        for variable in lists:
            first = {k: v for k, v in item[variable][0].items() if k != cslfix.SHORT_GIVEN}
            reference_names = prepared[keys[n]].get(variable)
            if variable in levels:
                first[cslfix.SHORT_GIVEN] = levels[variable]
                if reference_names:
                    dict.__setitem__(reference_names[0], cslfix.SHORT_GIVEN, levels[variable])
            elif reference_names:
                dict.pop(reference_names[0], cslfix.SHORT_GIVEN, None)
            changed[variable] = [first, *item[variable][1:]]
        out[n] = changed
    return out


def _name_registry(items: Sequence[Mapping[str, Any]], style: str, entries: bool = False) -> disambiguate.NameRegistry:
    """citeproc-js's name registry of the items: the names their citations and sort keys render (entries: and
    their bibliography entries), on the branches each item takes (an article reaches no guest's names)."""
    options = disambiguate.Options.of(engine.style(style).root)
    primary = options.rule.startswith("primary-name")
    return disambiguate.NameRegistry([_registry_names(item, style, entries, primary) for item in items], options)


def _registry_names(item: Mapping[str, Any], style: str, entries: bool, primary: bool) -> list[Mapping[str, Any]]:
    """The item's names the registry holds (see _name_registry); primary: the first of each list only."""
    slots = _name_slots(_Shape(style, entries, *_shape(item), item))
    return [engine.particles(name) for name in disambiguate.registered(item, slots, primary)]


def _shape(item: Mapping[str, Any]) -> tuple[Any, frozenset[str]]:
    """An item's type and the variables it has (an empty list of names is none): what decides most of a style's
    choices, and so what is read once for all the items alike."""
    return item.get("type"), frozenset(key for key, value in item.items() if value != [])


@dataclass(frozen=True)
class _Shape:
    """A style, whether entries are rendered, and an item's type and variables: what decides the names elements
    it reaches (as far as _name_slots tells them); one item of that shape goes with it, not compared."""
    style: str
    entries: bool
    type: Any
    variables: frozenset[str]
    item: Mapping[str, Any] = field(compare=False, hash=False)


@lru_cache(maxsize=4096)  # immutable answers, one for every thread; a library's works have a few dozen shapes
def _name_slots(shape: _Shape) -> tuple[disambiguate.Slot, ...]:
    """The names elements an item of the shape reaches (disambiguate.name_slots)."""
    key = engine.keys(1)[0]
    cited = engine.Item(key)
    cited.__dict__["reference"] = engine.source([shape.item])[key]  # (Item.reference, looked up once, kept there)
    return disambiguate.name_slots(engine.style(shape.style).root,
                                   lambda choose: cslfix.branch_taken(choose, cited, disambiguate.EVERY_BRANCH),
                                   shape.entries)


def _registered(item: Mapping[str, Any], rule: str, never_demoted: bool = False) -> Any:
    """((variable, place), (surname, initials, given name)) for each name citeproc-js's name registry keys."""
    for variable, names in item.items():
        if not isinstance(names, list):
            continue
        for n, name in enumerate(names[:1] if rule == "primary-name" else names):
            if isinstance(name, Mapping):
                key = disambiguate.name_key(engine.particles(name), never_demoted)
                if key:
                    yield (variable, n), key


def _recorded_names(item: Mapping[str, Any], printed: str, bibliography_et_al: tuple[int, int, bool],
                    role: str | None) -> Any:
    """The names as recorded that the entry printed first (from role: its author's, editor's, or a host's
    standing in for them), None when what it printed first is something else (a substitute title): citeproc-js
    compares these too before it substitutes the 3-em dash, so "Rook, Tam S" after "Rook, Tam S." (both printed
    "Tam S.") keeps its names, and "Tarn Kit, host" (a work in Chinese) then "Tarn, Kit" are the same names."""
    people = item.get(role) if role else None
    if not people:
        return None
    first = people[0]
    mark = str(first.get("family") or first.get("literal") or first.get("given") or "")
    # (printed with its straight apostrophes curled: "Te'eni" is "Te’eni"; or in capitals: "VALE, I.")
    if not (mark and (mark in printed or mark.replace("'", "’") in printed
                      or mark.replace("'", "’").upper() in printed.upper())):
        return None
    # Only the names printed are compared ("Tarn, Kit, …, Kit Wren, et al." twice is the same names), each
    # by its parts run together, as citeproc-js compares them (its rendered_name): "Anon" written as a family
    # name and as a literal name are one; refsvc's flags on them are no part of them.
    shown = cslfix.names_shown(people, *bibliography_et_al)
    return [_run_together(engine.particles(name)) if isinstance(name, Mapping) else name for name in people[:shown]]


def _run_together(name: Mapping[str, Any]) -> str:
    return "".join(str(name.get(part) or "") for part in _NAME_PARTS)


_NAME_PARTS = ("non-dropping-particle", "family", "given", "dropping-particle", "suffix", "literal")  # (CSL.NAME_PARTS)


MODES = ("entry", "bibliography", "citation", "first-note", "subsequent-note", "ibid")


def formatted(items: Sequence[Mapping[str, Any]], style: str, mode: str = "entry",
              output: str = "text") -> Entries:
    """(id, text) of every item in a mode users meet: its bibliography entry alone, one sorted bibliography
    (in the style's order, year suffixes given), its citation (in-text, or a note style's first note), its
    first note, a subsequent (short) note or the note right after its own (ibid: what the style prints for
    Ibid.). Items in the order given, but for the bibliography's. left_out: the items the style prints no
    bibliography entry for (an entry alone is then '', as citeproc-js prints it; a bibliography omits it)."""
    check_style(style)
    if mode == "bibliography":
        return bibliography(items, style, output)
    if mode == "entry":
        alone = entries(items, style, output)
        return Entries([(str(item["id"]), alone[str(item["id"])]) for item in items],
                       [str(item["id"]) for item in items if not alone[str(item["id"])]])
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: one of {', '.join(MODES)}")
    position = {"subsequent-note": "subsequent", "ibid": "ibid"}.get(mode, "first")
    return Entries([(str(item["id"]), citation(item, style, output, position)) for item in items], ())


def citation(item: Mapping[str, Any], style: str, output: str = "text", position: str = "first") -> str:
    """The item cited alone: (Doe, 2013) in APA, the first note in Chicago notes; position "subsequent": cited
    again with another work cited between (a short note), "ibid": cited again in the next note.

    A citation the style prints nothing for (a short note of a work with neither names nor title, Chicago 17's
    Ibid. of an author with no family name) is NO_PRINTED_FORM in the layout's affixes, as citeproc-js and so
    Zotero print it: the record lacks what the style cites it by. An item citeproc-py cannot render is cited in
    a simpler form (engine.attempts), and the failure is reported in the log.
    """
    check_style(style)
    if position not in _CITED:
        raise ValueError(f"unknown position {position!r}: one of {', '.join(_CITED)}")
    for attempt in engine.attempts(_names_told_apart([item], style)[0]):
        try:
            text = _citation(attempt, style, output != "text", position)
        except engine.ENGINE_FAILURES as e:
            engine.log.warning("%s: %s cannot cite it (%s: %s); trying a simpler form", item.get("id"), style,
                               type(e).__name__, e)
            continue
        if not text:
            layout = engine.style(style).root.citation.layout
            affixes = [layout.get("prefix", ""), layout.get("suffix", "")]
            if output != "text":
                affixes = [html.escape(affix, quote=False) for affix in affixes]
            return _as(output, affixes[0] + NO_PRINTED_FORM + affixes[1])
        return _as(output, text)
    return _as(output, str(item.get("title") or item.get("id")))


# What citeproc-js prints for a citation whose layout prints nothing (CSL.getCitationCluster).
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"
_TAG_RE = re.compile(r"<[^>]*>|&#?\w+;")


_BETWEEN = {"type": "book", "title": "Between"}  # another work cited between: a short note, not Ibid.


_CITED = {"first": (0,), "subsequent": (0, 1, 0), "ibid": (0, 0)}  # the items cited, in order, note by note
# The notes are numbered 1, 2, 3 as citeproc-js numbers them: a work cited again was first cited in note 1, which
# its first-reference-note-number says (OSCOLA's short note: "Vale (n 1)").
_FIRST_NOTE = {"first-reference-note-number": 1}


def _citation(item: Mapping[str, Any], style: str, html_output: bool, position: str) -> str:
    cited = {**item, **_FIRST_NOTE} if position != "first" else item
    bib = CitationStylesBibliography(engine.style(style), engine.source([cited, _BETWEEN], html_output),
                                     formatter.html if html_output else formatter.plain)
    keys = engine.keys(2)
    cites = [Citation([engine.Item(keys[n])]) for n in _CITED[position]]
    for cite in cites:
        bib.register(cite)
    for cite in cites[:-1]:
        # The notes before the one printed are counted as cited, as a render counts them (the position tests
        # read this bibliography's list of cites), not rendered: a short note was three renders, its long note
        # the dearest.
        bib._cites.extend(cite.cites)
    note = engine.style(style).root.get("class") == "note"  # a note opens a sentence; an in-text citation not
    with cslfix.opening(note):
        text = str(bib.cite(cites[-1], lambda missing: None))
    return engine.finish(text, html_output, engine.style(style).quotes)


def sort(items: Sequence[Mapping[str, Any]], style: str) -> list[Mapping[str, Any]]:
    """Items in the order of the style's bibliography sort keys, compared as citeproc-js compares them."""
    return [items[n] for n in _order(items, check_style(style, bibliography=True), engine.source(items))]


def _order(items: Sequence[Mapping[str, Any]], style: str, prepared: Any) -> list[int]:
    """The items' places (indexes) in the style's bibliography order; prepared: engine.source(items)."""
    style_root = engine.style(style).root
    keys = style_root.bibliography.find("cs:sort", style_root.nsmap)
    if keys is None:
        return list(range(len(items)))
    bib = CitationStylesBibliography(engine.style(style), prepared, formatter.plain)
    # Registered as citeproc-py's register() would, without its search of every key registered before each
    # (the keys are distinct): that search was quadratic, 3 % of a 22,600-work bibliography's time.
    for key in engine.keys(len(items)):
        item = engine.Item(key)
        Citation([item]).bibliography = bib
        bib.keys.append(item.key)
        bib.items.append(item)
    layout = style_root.bibliography.layout
    columns: list[tuple[list[Any], bool]] = []
    # A key is rendered only for the items the keys before it leave tied: comparison stops at the first key
    # that differs, so the others' values are never read (most bibliographies part at the first key, the
    # author; rendering every key's macro for every item was a third of a Chicago bibliography's time).
    tied = list(range(len(bib.items)))
    for key in keys.findall("cs:key", style_root.nsmap):
        values: list[Any] = [None] * len(bib.items)
        with cslfix.keying():  # numbers keyed as citeproc-js keys them (sortblobs)
            rendered = key.sort_keys([bib.items[n] for n in tied], layout)
        for n, value in zip(tied, rendered):
            values[n] = _sort_value(cslfix.sort_key_text(value))
        columns.append((values, key.get("sort", "ascending") == "descending"))
        groups: dict[tuple[Any, ...], list[int]] = {}
        for n in tied:
            groups.setdefault(tuple(column[n] for column, _ in columns), []).append(n)
        tied = [n for group in groups.values() if len(group) > 1 for n in group]
    position = {key: n for n, key in enumerate(engine.keys(len(items)))}
    order = list(range(len(bib.items)))

    def compare(a: int, b: int) -> int:
        for values, descending in columns:
            x, y = values[a], values[b]
            if x == y:
                continue
            if x is None or y is None:
                return 1 if x is None else -1  # empty keys sort last, whatever the direction
            result = (x > y) - (x < y)
            return -result if descending else result
        return a - b

    order.sort(key=cmp_to_key(compare))
    return [position[str(bib.items[i].key)] for i in order]


def _sort_value(value: Any) -> Any:
    if value is None:
        return None
    text = str(value).strip()  # (rich text is marks by now: a "<" left is text, as citeproc-js files it)
    if re.fullmatch(r"-?\d+", text):
        return (0, int(text), "")
    if re.fullmatch(r"\d+-\d+", text):  # a date range's key (begin-end): filed by its beginning, then its end
        begin, end = text.split("-")
        return (0, int(begin), end)
    # citeproc-js compares with the locale's collation (ICU: base letters only, punctuation ignored, numbers by
    # value) after turning every space into "|", a symbol: accents do not move a name out of its letter, "U.S."
    # files as "US", "Marsh v. North" after "Marsh, M.", "Part 2" before "Part 10" and "Fen water — a history"
    # (two spaces) before "Fen water: a history". Symbols are not ignored: they file before numbers and letters,
    # in ICU's order around the space ("Zeno++" before "Zeno:", "Zeno $" after it). Quotes and refsvc's
    # marks (rich text, affix parentheses) are no letters and go too.
    # A space before ":", ";", "?", "!" or "»" (or after "«") citeproc-js prints as a narrow no-break space, no
    # separator: "Oncology : Official" files as "Oncology: Official", after "Oncology 13".
    if " " in text:
        text = _NARROW_SPACED_RE.sub("", text)
    text = unicodedata.normalize("NFKD", text.lower().translate(_BASE_LETTERS))
    parts = _NUMBER_RE.split(text)  # digits parted by punctuation are numbers apart ("2.5": 2 then 5)
    key = "".join(_number_key(part) if n % 2 else "".join(map(_collated, part)) for n, part in enumerate(parts))
    key = key.strip(_SPACE)
    return (1, 0, key.translate(_OWN_LETTERS)) if key else None


_NARROW_SPACED_RE = re.compile(" (?=[:;?!\u00bb])|(?<=\u00ab) ")


# Letters with no Unicode decomposition that collation files with a base letter (ø with o, ł with l), and two it
# files as letters of their own: dotless ı after every i ("Yıb" after "Yiz"), þ after z.
_BASE_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})
_OWN_LETTERS = str.maketrans({"ı": "i\U0010ffff", "þ": "z\U0010ffff"})
# What a character is in a key: a letter itself; a symbol or a space one of six marks below the numbers, in
# ICU's order of their classes (modifier symbols ` ^, other symbols ° ©, math symbols up to ¬, the space as "|",
# the math symbols after it such as ~, currency $ €), then the symbol itself (within a class ICU's order is
# mostly but not always the characters' order); anything else (punctuation, combining accents, controls) nothing.
_SPACE = "\x13"
_SYMBOL_MARKS = {"Sk": "\x10", "So": "\x11", "Sc": "\x15"}
_MATH_BEFORE_SPACE = frozenset("+±÷×<=>¬")
_NUMBER_RE = re.compile(r"(\d+)")


@lru_cache(maxsize=4096)
def _collated(char: str) -> str:
    if char.isspace() or char == "|":
        return _SPACE
    if char.isalnum():
        return char
    category = unicodedata.category(char)
    if category == "Co":
        return char  # a private-use character files after every script's letters, as ICU weighs it
    if category == "Sm":
        return ("\x12" if char in _MATH_BEFORE_SPACE else "\x14") + char
    return _SYMBOL_MARKS[category] + char if category in _SYMBOL_MARKS else ""


def _number_key(digits: str) -> str:
    """A run of digits compared by its value: its length first, then its digits ("03" as "3")."""
    digits = digits.lstrip("0") or "0"
    return "\x16" + chr(0x20 + len(digits)) + digits


def _with_year_suffixes(items: Sequence[Mapping[str, Any]], style: str,
                        registry: disambiguate.NameRegistry) -> list[dict[str, Any]]:
    """The items (in bibliography order) with what tells their citations apart, as citeproc-js works it out
    (formats/disambiguate.py): year suffixes a, b ... ("year-suffix"), and on the names a citation needed more of
    than the style's et-al rule shows, their number (cslfix.NAMES_SHOWN), which a bibliography prints too."""
    root = engine.style(style).root
    if root.get("class") != "in-text":
        return _with_names_short_notes_needed(items, style, registry)
    cited = []
    options = disambiguate.Options.of(root)
    by_cite = options.add_givenname and options.rule == "by-cite"
    names_cited: dict[tuple[Any, ...], str | None] = {}
    roles: list[str | None] = []  # each item's: the names variable its citation shows
    for item in items:
        # The names a citation shows are what citeproc-js compares: an author's, an editor's, or another role's a
        # style cites first (APA cites a review by its composer); some types cite by something else though they
        # have names (APA cites a treaty by its title): citeproc-js compares their whole citations, and "(Fen,
        # n.d.)" is then one with an untitled bill's "(Fen, n.d.)". Which names a citation shows is read once for
        # each type and set of variables present (rendering every item's citation would cost a third of a
        # bibliography's time).
        shape = _shape(item)
        if shape not in names_cited:
            names_cited[shape] = _names_cited(item, style)
        roles.append(names_cited[shape])
        people = item.get(roles[-1]) if roles[-1] else None
        # The years as printed: a range of years ("1984–1986") is not its first year, a range within one year
        # ("2019, November 28–December 2") is that year, and undated works share "n.d." or their status
        # ("in press"), which tells them apart. With no names, what stands in their place (a title, a
        # newspaper) is what the reader compares: the whole citation.
        year = tuple(dict.fromkeys(part[0] for part in (item.get("issued") or {}).get("date-parts", []) if part)) \
            or ("", str(item.get("status") or ""))
        if people and not by_cite and not all(map(cslfix.surnamed, people)) and not _names_printed(item, people, style):
            # Given names alone, which a short form does not print: "(2012)" is compared whole. (Under by-cite
            # given names, citeproc-js adds names that print nothing and then tells the works apart by them.)
            people = roles[-1] = None
        cited.append(disambiguate.Cited(tuple(map(engine.particles, people)), year) if people else
                     disambiguate.Cited(None, undecorated(citation(item, style))))
    told = disambiguate.told_apart(cited, [str(item["id"]) for item in items], options,
                                   registry, lambda n: cited[n].rest if cited[n].people is None else undecorated(
                                       _citation_beside_names(items[n], style, roles=(roles[n],))))
    out = []
    for item, work, variable in zip(items, told, roles):
        item = dict(item)
        if work.suffix is not None:
            item["year-suffix"] = disambiguate.suffix_letters(work.suffix)
        if variable and item.get(variable):
            item[variable] = _as_told(item[variable], work)
        out.append(item)
    return out


def _with_names_short_notes_needed(items: Sequence[Mapping[str, Any]], style: str,
                                   registry: disambiguate.NameRegistry) -> list[dict[str, Any]]:
    """The items (in bibliography order) of a note style, with the names their short notes needed flagged
    (cslfix.NAMES_SHOWN) and the year suffixes they needed where the style adds them, which a bibliography prints:
    citeproc-js tells apart the works whose short notes print
    alike (its ambiguous cite is the subsequent note), adding names as for an author-date citation, so two
    records of one paper ("Ghosh et al., “Human Papillomavirus Testing.”", the sixth author written twice in
    one) print six names in the bibliography where Chicago's et-al rule shows three.

    Short notes alike print one title: only the works whose title (as a short note of their type prints it)
    another work shares are rendered, a few in a library (22,600 works: 10)."""
    out = [dict(item) for item in items]
    options = disambiguate.Options.of(engine.style(style).root)
    if not (options.add_names or (options.add_givenname and options.rule == "by-cite") or options.add_year_suffix):
        return out
    keys = []
    for item in items:
        noted = _title_noted(style, str(item.get("type")), bool(item.get("title-short")))
        title = item.get(noted) if noted else None
        keys.append(_TITLE_KEY_RE.sub("", _TAG_RE.sub("", str(title))).lower() if title else None)
    shared = Counter(keys)
    alike = [n for n, key in enumerate(keys) if key is None or shared[key] > 1]
    if len(alike) < 2:
        return out
    cited = []
    shapes: dict[Any, str | None] = {}  # the names each shape of work's short note shows
    for n in alike:
        item = items[n]
        shape = _shape(item)
        if shape not in shapes:
            shapes[shape] = _names_cited(item, style, "subsequent")
        role = shapes[shape]
        people = item.get(role) if role else None
        if people:
            cited.append(disambiguate.Cited(tuple(map(engine.particles, people)), undecorated(
                _citation_beside_names(item, style, roles=(role,), position="subsequent"))))
        else:
            cited.append(disambiguate.Cited(None, undecorated(citation(item, style, position="subsequent"))))
    told = disambiguate.told_apart(cited, [str(items[n]["id"]) for n in alike], options, registry)
    for n, work in zip(alike, told):
        role = shapes[_shape(items[n])]
        if role and out[n].get(role):
            out[n][role] = _as_told(out[n][role], work)
        if work.suffix is not None:  # (127 note styles add year suffixes: "Orr et al. 2002a" in the bibliography)
            out[n]["year-suffix"] = disambiguate.suffix_letters(work.suffix)
    return out


def _names_printed(item: Mapping[str, Any], people: Sequence[Mapping[str, Any]], style: str) -> bool:
    """Whether the item's citation prints one of the names, some of which have no family name: a short form
    leaves those out, and a list cut for et al. to them alone prints none."""
    text = citation(item, style)
    return any((person.get("family") or person.get("literal")) in text for person in people if cslfix.surnamed(person))


def _as_told(people: list[Mapping[str, Any]], work: disambiguate.Told) -> list[Mapping[str, Any]]:
    """A work's cited names flagged with what its citation needed: their number (NAMES_SHOWN, on the first) and
    the names it needed whole (by-cite given-name level 2: GIVEN_AS_WRITTEN). citeproc-js's bibliography asks the
    registry for each name's level, so its entry prints those given names as written: "Alexander W Cappelen"
    beside another record's "Alexander W. Cappelen", which a short note told apart only so."""
    whole = {n for n, level in enumerate(work.givens) if level == 2 and n < len(people)}
    if not (work.names or whole):
        return people
    out = [{**name, cslfix.GIVEN_AS_WRITTEN: True} if n in whole else name for n, name in enumerate(people)]
    if work.names:
        out[0] = {**out[0], cslfix.NAMES_SHOWN: work.names}
    return out


_TITLE_KEY_RE = re.compile(r"\W+")  # a title as compared for a short note alike: its letters and digits


@lru_cache(maxsize=1024)  # immutable answers, one for every thread: read once per style and type of work
def _title_noted(style: str, kind: str, short: bool) -> str | None:
    """The variable (title-short or title) a short note of a work of the type prints its title from (short: the
    work has a title-short); None where it prints neither (a work known by something else): the short note of
    a work of the type with each a probe of its own."""
    probes = {"title": f"{_NAME_PROBE}title", "title-short": f"{_NAME_PROBE}short"}
    text = citation({"id": "probe", "type": kind, "author": [{"family": _NAME_PROBE}], **probes}, style,
                    position="subsequent")
    found = [variable for variable, probe in probes.items() if probe in text]
    return "title-short" if "title-short" in found and short else "title" if found else None


def _names_cited(item: Mapping[str, Any], style: str, position: str = "first") -> str | None:
    """The names variable the item's citation (at position) shows first, None if it shows no names: its
    citation rendered with each list of names one probe name of its own."""
    roles = [key for key, value in item.items() if _is_names(value)]
    if not roles:
        return None
    probes = {role: f"{_NAME_PROBE}{chr(0x61 + n // 26)}{chr(0x61 + n % 26)}" for n, role in enumerate(roles)}
    text = citation({**item, **{role: [{"family": probe}] for role, probe in probes.items()}}, style,
                    position=position)
    found = [(text.index(probe), role) for role, probe in probes.items() if probe in text]
    return min(found)[1] if found else None


def _names_shown(item: Mapping[str, Any]) -> list[tuple[str, int]]:
    """(variable, number) of the names a citation needed more of than the style's et-al rule shows."""
    return [(key, value[0][cslfix.NAMES_SHOWN]) for key, value in item.items()
            if _is_names(value) and value[0].get(cslfix.NAMES_SHOWN)]


_TOLD_FLAGS = (cslfix.NAMES_SHOWN, cslfix.GIVEN_AS_WRITTEN)


def _names_told(item: Mapping[str, Any]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """(variable, names) of the lists with a name flagged by what the item's citation needed (_as_told)."""
    return [(key, value) for key, value in item.items()
            if _is_names(value) and any(flag in name for name in value for flag in _TOLD_FLAGS)]


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(name, Mapping) for name in value)


# Quotation marks, not an apostrophe between letters ("Keeper’s").
_QUOTE_MARKS_RE = re.compile(r"[“”‘]|(?<!\w)’|’(?!\w)")


def undecorated(text: str) -> str:
    """Formatted text as citeproc-js compares citations (to tell them apart) and names (to dash them): without
    its tags or quotation marks, which citeproc-js holds as decorations of the text, not text. A book's title
    in italics and an article's in quotes are the same title: "(Fen Notes 2006)" twice, so 2006a and 2006b."""
    return _QUOTE_MARKS_RE.sub("", re.sub(r"<[^>]+>", "", text))


_STAND_IN = [{"family": "Same"}]  # one name for every work: what differs in their citations is the rest


_NAME_PROBE = "Qzxjvwq"  # a family name no record holds


def _citation_beside_names(item: Mapping[str, Any], style: str, roles: tuple[str | None, ...] = (),
                           position: str = "first") -> str:
    """The item's citation (at position) with its authors, editors (and the roles given: those it cites) one
    stand-in name: the year, and whatever a type cites instead of or beside names (a bill's title, a newspaper's
    name; a short note's title), as citeproc-js compares them."""
    return citation({**item, **{v: _STAND_IN for v in ("author", "editor", *roles) if v and item.get(v)}}, style,
                    position=position)


def _as(output: str, text: str) -> str:
    if output == "rtf":
        return to_rtf(text)
    return text


_RTF_TAGS = {"i": "{\\i ", "em": "{\\i ", "b": "{\\b ", "strong": "{\\b ", "sup": "{\\super ", "sub": "{\\sub "}


# A part of an entry set apart (CSL display) as citeproc-js's RTF format writes it: (before, after).
_RTF_DISPLAY = {"csl-block": ("\\line{}", "\\line "), "csl-left-margin": ("", "\\tab "), "csl-right-inline": ("", ""),
                "csl-indent": ("\\tab ", "\\line ")}


def to_rtf(markup: str) -> str:
    """citeproc HTML (<i>, <b>, small caps, the divs of parts set apart) as RTF a word processor pastes: groups
    and \\uN? escapes."""
    out = []
    closing = []  # what each open div closes with
    if "<div" in markup:
        markup = re.sub(r"\n\s*", "", markup)  # (the HTML's line breaks around its divs, no text of the entry's)
    for tag, text in re.findall(r"(<[^>]+>)|([^<]+)", markup):
        if tag:
            name = re.match(r"</?\s*([a-z]+)", tag)
            if name and name.group(1) == "div":
                if tag.startswith("</"):
                    out.append(closing.pop() if closing else "")
                else:
                    kind = re.search(r'class="([^"]*)"', tag)
                    before, after = _RTF_DISPLAY.get(kind.group(1) if kind else "", ("", ""))
                    out.append(before)
                    closing.append(after)
                continue
            if tag.startswith("</"):
                out.append("}" if name and name.group(1) in (*_RTF_TAGS, "span") else "")
            elif name and name.group(1) in _RTF_TAGS:
                out.append(_RTF_TAGS[name.group(1)])
            elif name and name.group(1) == "span":
                out.append("{\\scaps " if "small-caps" in tag else "{")
            continue
        for char in html.unescape(text):
            if char in "\\{}":
                out.append("\\" + char)
            elif ord(char) > 127:
                code = ord(char)
                out.append(f"\\u{code if code < 32768 else code - 65536}?")
            else:
                out.append(char)
    return "".join(out)


class StyleFormat:
    """A citation style as an export format: a sorted bibliography in text, HTML or RTF."""

    EXTENSION = "txt"

    def __init__(self, name: str, style: str, label: str):
        self.NAME, self.style, self.label = name, check_style(style, bibliography=True), label
        self.MEDIA_TYPE = f"text/x-bibliography; style={name}"

    def render(self, items: Sequence[Mapping[str, Any]], output: str = "text") -> str:
        """The bibliography of items: one entry a line (text, RTF) or csl-entry divs (HTML)."""
        return self.render_reported(items, output)[0]

    def render_reported(self, items: Sequence[Mapping[str, Any]], output: str = "text") -> tuple[str, tuple[str, ...]]:
        """(the bibliography, as render() writes it; the ids of the items it leaves out, for the caller to report)."""
        entries_ = bibliography(items, self.style, output)
        return self._written(entries_, output), entries_.left_out

    @staticmethod
    def _written(entries_: Sequence[tuple[str, str]], output: str) -> str:
        if output == "html":
            body = "\n".join(f'  <div class="csl-entry">{text}</div>' for _, text in entries_)
            return f'<div class="csl-bib-body">\n{body}\n</div>\n'
        if output == "rtf":
            # \\fi-720\\li720: each entry hangs half an inch, as a bibliography is set
            return "{\\rtf1\\ansi\\deff0\n" + "\n".join(f"{{\\pard\\fi-720\\li720 {text}\\par}}" for _, text in entries_) + "\n}\n"
        return "".join(text + "\n" for _, text in entries_)

    def document(self, items: Sequence[Mapping[str, Any]], title: str) -> tuple[str, tuple[str, ...]]:
        """(the bibliography as a whole HTML file, which a browser shows and a word processor opens with the
        italics and indents kept; the ids it leaves out). What the style leaves out is named below the list."""
        body, left_out = self.render_reported(items, "html")
        if left_out:
            titles = {str(i["id"]): str(i.get("title") or i["id"]) for i in items}
            body += (f'<p class="left-out">{html.escape(self.label)} prints no bibliography entry for these works '
                     f'({html.escape(LEFT_OUT_REASON)}), so they are left out: '
                     + "; ".join(f"<cite>{html.escape(titles[key])}</cite>" for key in left_out) + ".</p>\n")
        return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
                "<style>body { font-family: serif; max-width: 40em; margin: 2em auto; line-height: 1.6 }\n"
                ".csl-entry { padding-left: 2em; text-indent: -2em; margin: 0 0 .6em }\n"
                # (a numeric style's number in the margin, its entry beside it, as Zotero lays them out)
                ".csl-entry:has(.csl-left-margin) { padding-left: 0; text-indent: 0 }\n"
                ".csl-left-margin { float: left; padding-right: .5em } .csl-right-inline { margin-left: 2.5em }\n"
                ".csl-indent { margin-left: 2em }</style>\n</head>\n<body>\n"
                f"<h1>{html.escape(title)}</h1>\n{body}</body>\n</html>\n"), left_out
