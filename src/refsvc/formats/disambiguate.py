"""In-text citations told apart as citeproc-js tells them apart (its CSL.Disambiguation), over one bibliography.

Works whose citations print alike ("Vale et al., 1931") form a group. citeproc-js takes the group's items in the
order of their number of names (compared as text: "12" before "5") and then id, and walks them forward: names
added one at a time to every citation of the group (disambiguate-add-names), given names by the style's
givenname-disambiguation-rule, and lastly year suffixes (disambiguate-add-year-suffix) for those still alike.
A work is settled when its citation no longer matches the group's first work, or when the first no longer
matches it; the walk stops adding names at the first work's number of names. So it can leave two works with
identical names and year unsuffixed when the first work it looks at is told apart from the rest ("Vale, D., Xu,
L., & Gunn, R. (1931)" twice, among five "Vale et al., 1931"), and add a suffix to works whose names differ
past the point where it stopped adding them. refsvc follows the same walk, so that a bibliography's suffixes
and the names an author-date bibliography adds (citeproc-js prints the names a citation needed there too:
"Tarn, Kit, Kit Moss, Kit Cole, Kit Hale, et al.") are citeproc-js's.

A citation is compared by its names as the walk shows them (the rest of it is what made the group: the year,
or the text that stands in for names), each name by what it prints at its level: surname (with a non-dropping
particle), initials and surname, or given name and surname. The level comes from citeproc-js's name registry
(NameRegistry): the names it has rendered before it tells citations apart, those of the citations and of every
sort key (name_slots, registered); the same registry tells a short form of a name from another of its surname
("(T. Lark 1935)" beside a translator Rui Lark).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from refsvc.formats import cslfix


@dataclass(frozen=True)
class Options:
    """What a style's citation element asks of disambiguation."""
    et_al_min: int = 0
    et_al_use_first: int = 1
    add_names: bool = False
    add_givenname: bool = False
    add_year_suffix: bool = False
    rule: str = "by-cite"
    initialized: bool = False  # the citation's names take initials (initialize-with)
    never_demoted: bool = False  # demote-non-dropping-particle="never": the particle is part of the surname key

    @classmethod
    def of(cls, root: Any) -> Options:
        kept = root.__dict__.get("_disambiguation_options")  # (read once per tree, which belongs to one thread)
        if kept is None:
            kept = root.__dict__["_disambiguation_options"] = cls._read(root)
        return kept  # type: ignore[no-any-return]

    @classmethod
    def _read(cls, root: Any) -> Options:
        cite = root.citation
        # (the et-al rule the first cs:name the citation reaches inherits, as for initialize-with: from it, else
        # the citation, else the style: a name of et-al-min 3 under a citation of 4 shows one name, then the walk
        # adds them; MHRA sets its rule on the style)
        name = next(_names_reached(cite.layout, root, set()), None)

        def inherited(option: str, default: int) -> int:
            value = next((e.get(option) for e in (name, cite, root) if e is not None and e.get(option) is not None),
                         None)
            return int(value) if value and value.isdigit() else default
        # citeproc-js tells citations apart as they print when cited again (CSL.getAmbiguousCite renders the cite at
        # position "subsequent"): by et-al-subsequent-min and -use-first where the style sets them. Harvard styles
        # that name up to five authors at first and one after give "Roper et al. 2013a" and "2013b" to works whose
        # author lists differ only in an accent.
        et_al_min, use_first = inherited("et-al-min", 0), inherited("et-al-use-first", 1)
        return cls(et_al_min=inherited("et-al-subsequent-min", et_al_min),
                   et_al_use_first=inherited("et-al-subsequent-use-first", use_first),
                   add_names=cite.get("disambiguate-add-names") == "true",
                   add_givenname=cite.get("disambiguate-add-givenname") == "true",
                   add_year_suffix=cite.get("disambiguate-add-year-suffix") == "true",
                   rule=cite.get("givenname-disambiguation-rule", "by-cite"),
                   initialized=_cited_initials(root),
                   never_demoted=root.get("demote-non-dropping-particle") == "never")


def _cited_initials(root: Any) -> bool:
    """Whether a citation's names take initials: the initialize-with citeproc-js inherits for the first cs:name
    the citation reaches (from it, else the citation, else the style), which is where its by-cite walk asks
    (Elsevier Harvard sets it on the name alone: "H. Mbeki-Harlow et al." tells two works apart)."""
    kept = root.__dict__.get("_cited_initials")  # (kept on the tree, which belongs to one thread)
    if kept is None:
        name = next(_names_reached(root.citation.layout, root, set()), None)
        kept = root.__dict__["_cited_initials"] = any(
            element is not None and element.get("initialize-with") is not None
            for element in (name, root.citation, root))
    return kept  # type: ignore[no-any-return]


def _names_reached(element: Any, root: Any, seen: set[str]) -> Any:
    """The cs:name elements under element, in document order, through the macros its cs:text elements call."""
    for child in element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "name":
            yield child
        elif tag == "text" and child.get("macro") and child.get("macro") not in seen:
            seen.add(child.get("macro"))
            macro = next((m for m in root.iterfind("cs:macro", cslfix.NAMESPACES) if m.get("name") == child.get("macro")),
                         None)
            if macro is not None:
                yield from _names_reached(macro, root, seen)
        else:
            yield from _names_reached(child, root, seen)


@dataclass(frozen=True)
class Told:
    """How one work's citation was told apart: the names it shows (None: as the style's et-al rule shows them),
    its year suffix's place (0 is "a"; None: no suffix) and, for by-cite, the given-name level of each name the
    walk reached (0 surname, 1 initials, 2 given name: see _printed)."""
    names: int | None = None
    suffix: int | None = None
    givens: tuple[int, ...] = ()


@dataclass(frozen=True)
class Cited:
    """One work as its citation is compared: the names it shows (None: the citation prints none, its text
    stands in their place) and the rest of the citation (the year, or that text)."""
    people: tuple[Mapping[str, Any], ...] | None
    rest: Any


@dataclass(frozen=True)
class Slot:
    """A cs:names element a citation or a sort key renders: its variables, then its substitutes in order (a
    tuple of variables, or None for one that prints something else, such as a title)."""
    variables: tuple[str, ...]
    substitutes: tuple[tuple[str, ...] | None, ...] = ()


_CSL = {"cs": "http://purl.org/net/xbiblio/csl"}


EVERY_BRANCH = object()  # what taken() answers for a cs:choose it cannot tell the branch of


def name_slots(root: Any, taken: Callable[[Any], Any] | None = None, entries: bool = False) -> tuple[Slot, ...]:
    """The names elements whose names citeproc-js registers before it tells citations apart: those of the
    citation and of every sort key (it renders each key of each work to sort). taken(choose): the branch a work
    takes (None: none), as far as it can be told without rendering (EVERY_BRANCH where not: a position or a
    value decides); without it, a names element under any branch counts (citeproc-js reaches most of them, one
    work type or another). entries: the bibliography's entries are rendered too (see below)."""
    outline = _outline(root)
    slots: list[Slot] = []
    seen: set[str] = set()

    def walk(nodes: tuple[Any, ...]) -> None:
        for kind, value, inner in nodes:
            if kind == "names":
                slots.append(value)
            elif kind == "macro":
                if value not in seen:
                    seen.add(value)
                    walk(outline.macros.get(value, ()))
            else:  # a cs:choose: its branches' (element, nodes)
                branch = EVERY_BRANCH if taken is None else taken(value)
                for element, nodes_ in inner:
                    if branch is EVERY_BRANCH or element is branch:
                        walk(nodes_)

    walk(outline.citation)
    if entries:
        # A work's bibliography entry registers the names it prints too (a treaty's parties, which APA's
        # citation and sort keys do not render), before it asks the registry how to print them; citations are
        # told apart before any entry is rendered.
        walk(outline.bibliography)
    walk(outline.keys)
    # Registering is by set: the slots without substitutes are one slot of all their variables (a Chicago
    # style has some ninety names elements, thirty-odd of them different).
    plain = tuple(dict.fromkeys(v for slot in slots if not slot.substitutes for v in slot.variables))
    return (Slot(plain), *dict.fromkeys(slot for slot in slots if slot.substitutes))


@dataclass(frozen=True)
class _Outline:
    """A style's names elements, macro calls and cs:choose elements, in order, each a node (kind, value, inner):
    ("names", Slot, ()), ("macro", name, ()), ("choose", element, ((branch, nodes), ...)). Read once per style
    tree (name_slots walks it for each shape of work); every other element is transparent."""
    citation: tuple[Any, ...]
    bibliography: tuple[Any, ...]
    keys: tuple[Any, ...]  # the sort keys' macro calls, citation's then bibliography's
    macros: Mapping[str, tuple[Any, ...]]


def _outline(root: Any) -> _Outline:
    outline = root.__dict__.get("_names_outline")  # (kept on the tree, which belongs to one thread)
    if outline is None:
        outline = root.__dict__["_names_outline"] = _Outline(
            _nodes(root.citation.layout), _nodes(root.bibliography.layout) if root.bibliography is not None else (),
            tuple(("macro", key.get("macro"), ()) for part in (root.citation, root.bibliography) if part is not None
                  for sort in part.findall("cs:sort", _CSL) for key in sort.findall("cs:key", _CSL)
                  if key.get("macro")),
            {macro.get("name"): _nodes(macro) for macro in root.findall("cs:macro", _CSL)})
    return outline  # type: ignore[no-any-return]


def _nodes(element: Any) -> tuple[Any, ...]:
    out: list[Any] = []
    for child in element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "names":
            out.append(("names", Slot(tuple(child.get("variable", "").split()), tuple(_substitutes(child))), ()))
        elif tag == "text" and child.get("macro"):
            out.append(("macro", child.get("macro"), ()))
        elif tag == "choose":
            out.append(("choose", child, tuple((branch, _nodes(branch)) for branch in child.iterchildren())))
        else:
            out.extend(_nodes(child))
    return tuple(out)


def _substitutes(names: Any) -> list[tuple[str, ...] | None]:
    out: list[tuple[str, ...] | None] = []
    substitute = names.find("cs:substitute", _CSL)
    for child in substitute.iterdescendants() if substitute is not None else ():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag == "names":  # in the substitute or in a branch of a choose inside it
            out.append(tuple(child.get("variable", "").split()))
        elif tag == "text" and child.getparent() is substitute:
            out.append(None)
    return out


def registered(item: Mapping[str, Any], slots: Sequence[Slot], primary: bool) -> list[Mapping[str, Any]]:
    """The names of one work citeproc-js's name registry holds: the first of each list (primary-name rules;
    all-names: every name) the slots render, a substitute's only where the slot's own variables are empty."""
    out: list[Mapping[str, Any]] = []
    for slot in slots:
        lists = [item[v] for v in slot.variables if item.get(v)]
        for substitute in slot.substitutes if not lists else ():
            if substitute is None:
                break
            lists = [item[v] for v in substitute if item.get(v)]
            if lists:
                break
        for people in lists:
            out.extend(name for name in (people[:1] if primary else people) if isinstance(name, Mapping))
    return out


def suffix_letters(place: int) -> str:
    """A year suffix: a ... z, aa, ab ... (citeproc-js's Suffixator)."""
    place += 1
    letters = ""
    while place:
        place, digit = divmod(place - 1, 26)
        letters = chr(ord("a") + digit) + letters
    return letters


def told_apart(cited: Sequence[Cited], ids: Sequence[str], options: Options, registry: NameRegistry,
               rest_of: Callable[[int], Any] | None = None) -> list[Told]:
    """How each work's citation is told apart from the others', the works given in bibliography order (year
    suffixes follow it); registry: the works' names citeproc-js has registered (NameRegistry). rest_of(n):
    the rest of work n's citation beside its names, asked only of works whose names and year are alike
    (a bill cites by its title in APA, a newspaper article in Chicago author-date by its paper: alike in names
    and year, such works are still told apart by the rest)."""
    modes = (["names"] if options.add_names or (options.add_givenname and options.rule == "by-cite") else []) \
        + (["years"] if options.add_year_suffix else [])
    told = [Told() for _ in cited]
    if not modes:
        return told
    groups: dict[Any, list[int]] = {}
    for n, work in enumerate(cited):
        groups.setdefault(_base_key(work, options), []).append(n)
    for members in groups.values():
        if len(members) > 1 and rest_of is not None:
            alike: dict[Any, list[int]] = {}
            for n in members:
                alike.setdefault(rest_of(n), []).append(n)
            parts = list(alike.values())
        else:
            parts = [members]
        for part in parts:
            if len(part) > 1:
                _Walk(part, cited, ids, options, modes, registry, told).run()
    return told


def _shown_at_first(count: int, options: Options) -> int:
    return options.et_al_use_first if options.et_al_min and count >= options.et_al_min else count


def _base_key(work: Cited, options: Options) -> Any:
    if work.people is None:
        return ("text", work.rest)
    shown = min(_shown_at_first(len(work.people), options), len(work.people))
    return ("names", tuple(_printed(p, 0) for p in work.people[:shown]), len(work.people) > shown, work.rest)


_JOINING = ("’", "'", "-")


def _printed(name: Mapping[str, Any], level: int) -> Any:
    """What a name prints in a citation at a given-name level: 0 surname, 1 initials too, 2 given name too. A
    surname alone is its text, as an institution's name is: citeproc-js compares citations as printed, so
    "Anon" written as a family name and as a literal name are one author."""
    if "literal" in name:
        return str(name["literal"])
    surname = (name.get("non-dropping-particle"), name.get("family"))
    given = str(name.get("given") or "")
    if level == 0 or not given:
        particle, family = surname
        if not particle:
            return str(family)
        joined = str(particle).endswith(_JOINING)  # "d’Alembert", "al-Ghazali", as printed
        return f"{particle}{'' if joined else ' '}{family}"
    if level == 1:
        return (cslfix.initials(given, ". "), *surname)
    return (_SPACES_RE.sub(" ", given).strip(), name.get("dropping-particle"), *surname, name.get("suffix"))


def name_key(name: Mapping[str, Any], never_demoted: bool) -> tuple[str, str, str] | None:
    """citeproc-js's name registry key of a name, (surname, initials, given name) with periods read as spaces and
    a lower-case last part of the given name dropped ("et al."); None for a name the registry does not key (an
    institution, a name without both parts)."""
    if "literal" in name:
        return None
    family, given = _unperiod(name.get("family")), _unperiod(name.get("given"))
    if never_demoted and name.get("non-dropping-particle") and family:
        family = f"{family} {name['non-dropping-particle']}"
    last = _LOWER_LAST_RE.search(given)
    if last and last.group(1) == last.group(1).lower():
        given = given[:last.start()]
    if not (family and given):
        return None
    return family, cslfix.initials(given, " "), given


def _unperiod(text: Any) -> str:
    return _SPACES_RE.sub(" ", str(text or "").replace(".", " ")).rstrip()


_SPACES_RE = re.compile(r"\s+")  # (compiled once: a 22,600-work bibliography keys every name, some 130,000)


_LOWER_LAST_RE = re.compile(r"[,!]* ([^,]+)$")  # citeproc-js: a lower-case last part is no given name


class NameRegistry:
    """citeproc-js's registry of the names it has rendered (registered()), and the given-name level a name needs
    in a short form (a citation's names, a treaty's parties): initials where another registered name of the same
    surname has other initials, the given name where two share surname and initials (without initials in the
    style: where the surname is shared at all). by-cite keys each work's names apart: the walk sets given names
    itself, and a short form shows none."""

    def __init__(self, names: Sequence[Sequence[Mapping[str, Any]]], options: Options):
        self.options = options
        self.initials: dict[str, set[str]] = {}
        self.givens: dict[tuple[str, str], set[str]] = {}
        for work in names:
            self.add(work)

    def add(self, work: Sequence[Mapping[str, Any]]) -> None:
        """One work's names registered too: citeproc-js registers a name as it renders it (a bibliography's entry
        names in the bibliography's order, so a name is told apart only from those registered before it)."""
        if self.options.rule == "by-cite" or not self.options.add_givenname:
            return
        for name in work:
            key = name_key(name, self.options.never_demoted)
            if key:
                self.initials.setdefault(key[0], set()).add(key[1])
                self.givens.setdefault(key[:2], set()).add(key[2])

    def copy(self) -> NameRegistry:
        other = NameRegistry((), self.options)
        other.initials = {key: set(seen) for key, seen in self.initials.items()}
        other.givens = {key: set(seen) for key, seen in self.givens.items()}
        return other

    def level(self, name: Mapping[str, Any], place: int) -> int:
        options = self.options
        if not options.add_givenname or options.rule == "by-cite" \
                or (options.rule.startswith("primary-name") and place > 0):
            return 0
        key = name_key(name, options.never_demoted)
        if key is None or key[1] not in self.initials.get(key[0], ()):
            return 0  # a name the registry holds no citation of: as the style prints it
        shared = len(self.initials[key[0]]) > 1
        if options.rule.endswith("with-initials"):
            return 1 if shared else 0
        if len(self.givens.get(key[:2], ())) > 1 or (shared and not options.initialized):
            return 2
        return 1 if shared else 0


class _Walk:
    """One group's walk (CSL.Disambiguation.runDisambig): lists of works still alike, a forward-only count of
    names shown (base) and the last count that told works apart (better), registered per work as it settles."""

    def __init__(self, members: list[int], cited: Sequence[Cited], ids: Sequence[str], options: Options,
                 modes: list[str], registry: NameRegistry, told: list[Told]):
        self.cited, self.options, self.modes, self.registry, self.told = cited, options, modes, registry, told
        counts = {n: len(cited[n].people) if cited[n].people is not None else None for n in members}
        # citeproc-js sorts by the names' counts as JavaScript compares arrays: as text ("12" before "5").
        ordered = sorted(members, key=lambda n: ("" if counts[n] is None else str(counts[n]), ids[n]))
        first = ordered[0]
        self.names_max = counts[first]
        self.namesets_max = -1 if counts[first] is None else 0
        shown = _shown_at_first(counts[first], options) if counts[first] is not None else 0
        self.base_names = self.better_names = shown
        by_cite = options.rule == "by-cite" and options.add_givenname
        self.givens_max = 2 if by_cite else None
        self.base_givens = [0] * shown if by_cite else []
        self.better_givens = list(self.base_givens)
        self.lists: list[list[int]] = [ordered]
        self.printed: dict[int, tuple[Any, ...]] = {}
        self.mode = 0
        self.gname = 0
        self.clashes = [1, 0]
        self.init_givens = True

    def run(self) -> None:
        while self.lists:
            self.gname = 0
            self.clashes = [1, 0]
            while self.lists[0]:
                maxed = self._increment()
                partners, others = self._scan(self.lists[0])
                self._evaluate(maxed, partners, others)
            self.lists = self.lists[1:]

    def _increment(self) -> bool:
        if self.init_givens:
            self.init_givens = False
            return False
        if self.modes[self.mode] != "names":
            return False
        more_names = self.givens_max is None
        if self.givens_max is not None:
            if self.gname < len(self.base_givens) and self.base_givens[self.gname] < self.givens_max:
                self.base_givens[self.gname] += 1
            else:
                more_names = True
        if self.names_max is not None and more_names and self.options.add_names and self.gname < self.names_max:
            self.base_names += 1
            self.gname += 1
        return (self.namesets_max in (-1, 0)
                and (not self.options.add_names or self.names_max is None or self.gname == self.names_max)
                and (self.givens_max is None or self.gname >= len(self.base_givens)
                     or self.base_givens[self.gname] == self.givens_max))

    def _cite(self, n: int) -> Any:
        """Work n's citation as the walk shows it. Showing it also writes back into the walk's counts, as
        citeproc-js's render writes into the settings it was asked for: the names shown (no more than the work
        has, so a work of three names leaves the works after it in the scan at three) and, for by-cite, the
        given-name levels (a level-1 name without initials becomes 2)."""
        people = self.cited[n].people
        if people is None:
            return None  # the group's citations print the same text
        shown = min(self.base_names, len(people))
        self.base_names = shown
        if self.givens_max is None:  # the registry's levels do not change in the walk: each name printed once
            if n not in self.printed:
                self.printed[n] = tuple(_printed(name, self.registry.level(name, place))
                                        for place, name in enumerate(people))
            return self.printed[n][:shown], len(people) > shown
        levels = [self._level(name, place) for place, name in enumerate(people[:shown])]
        return tuple(_printed(name, level) for name, level in zip(people, levels)), len(people) > shown

    def _level(self, name: Mapping[str, Any], place: int) -> int:
        """A name's level in the walk's given-name counts (by-cite)."""
        if place >= len(self.base_givens):
            self.base_givens.append(0)
        level = self.base_givens[place]
        if level == 1 and (not self.options.initialized or not name.get("given")):
            level = self.base_givens[place] = 2
        return level

    def _scan(self, items: list[int]) -> tuple[list[int], list[int]]:
        mine = self._cite(items[0])
        partners, others = [items[0]], []
        for n in items[1:]:
            (partners if self._cite(n) == mine else others).append(n)
        self.clashes = [self.clashes[1], len(partners) - 1]
        return partners, others

    def _register(self, n: int, suffix: int | None = None) -> None:
        self.told[n] = Told(self.better_names, suffix, tuple(self.better_givens))

    def _capture(self) -> None:
        if self.givens_max is not None and self.gname < len(self.base_givens):
            # Only this name's level: citeproc-js copies its whole base where it holds more lists of names (its
            # givens are per cs:names), not more names; a name past the end is a hole, printed at the floor (0).
            self.better_givens += [0] * (self.gname + 1 - len(self.better_givens))
            self.better_givens[self.gname] = self.base_givens[self.gname]
        self.better_names = self.base_names

    def _evaluate(self, maxed: bool, partners: list[int], others: list[int]) -> None:
        if self.modes[self.mode] == "names":
            self._by_names(maxed, partners, others)
        else:
            self._by_years(partners)
        if maxed:
            if self.mode < len(self.modes) - 1:
                self.mode += 1
            elif len(self.lists) > 1:
                self.lists[1] = []  # citeproc-js's evalScan overwrites the next list here
            else:
                self.lists.append([])

    def _by_names(self, maxed: bool, partners: list[int], others: list[int]) -> None:
        clashes = self.clashes[1]
        if clashes == 0 and len(others) == 1:
            self._capture()
            self._register(others[0])
            self._register(partners[0])
            self.lists[0] = []
        elif clashes == 0:
            self._capture()
            self._register(partners[0])
            self.lists[0] = others
            if others:
                self.init_givens = True
        elif len(others) == 1:
            self._capture()
            self._register(others[0])
            self.lists[0] = partners
        elif clashes < self.clashes[0]:
            self._capture()
            self.lists[0] = partners
            self.lists.append(others)
        elif maxed:
            self.lists[0] = others
            self.lists.append(partners)
            if self.mode == len(self.modes) - 1:
                for n in partners:  # out of ways to tell them apart: they stay alike
                    self._register(n)
                self.lists[0] = []

    def _by_years(self, partners: list[int]) -> None:
        # Only when the list's first work is still alike another; then every work of the list, in bibliography
        # order (the works are numbered in it), not only the first one's partners.
        if self.clashes[1]:
            for place, n in enumerate(sorted(self.lists[0])):
                self._register(n, place)
        self.lists[0] = []
