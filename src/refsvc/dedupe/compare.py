"""Whether two records are one work: titles, names, years and the rest compared field by field, each merge
with the scores that justified it.
"""
from __future__ import annotations

import re
import string

from rapidfuzz.distance import Indel

from refsvc.dedupe.features import _Features
from refsvc.model import Agreement

TITLE_MATCH = 0.90
FAMILY_MATCH = 0.85

# A shared DOI lets titles differ this much (a subtitle dropped, a translation's wording) and no more
DOI_TITLE_MATCH = 0.6


def _compare(fa: _Features, fb: _Features) -> tuple[tuple[Agreement, ...], float, float]:
    """(the agreements that make two records one work, empty where they are not; the match's score; how alike
    their titles are, 0 where the titles were not compared) — the title's score also says whether a pair that
    is no match comes near one."""
    no: tuple[Agreement, ...] = ()
    agreements: list[Agreement] = []
    if fa.doi and fb.doi:
        if fa.doi != fb.doi:
            return no, 0.0, 0.0
        agreements.append(Agreement("DOI", 1.0, fa.doi))
    same_doi = bool(fa.doi and fa.doi == fb.doi)
    title, note = title_similarity(fa, fb)
    if title < TITLE_MATCH and fa.title and fb.title and fa.container and fb.container and \
            _swapped(fa.title, fb.container) and _swapped(fa.container, fb.title):
        title, note = 1.0, "title and journal swapped in one record"  # a database's columns shifted
    # One journal, volume and first page is one article's place: there one title may hold the other whole
    # with words around it (a section heading before it, a subtitle glued on) or be its translation (one
    # database prints the original title, the other the English one) where the issue and last page agree too,
    # or, where no issue tells them apart, on one page range, share most of its words (two translations'
    # wording: "Indications … for living kidney donations" / "Indications … of living donor kidney …"); the same
    # authors and year are asked of all below. A record with no title is never one work with another
    # by its place alone (a letter, an erratum or an abstract is filed under an article's pages): a person
    # decides (clusters lists such pairs as possible duplicates).
    placed = _same_place(fa, fb)
    if not (fa.title and fb.title) and not same_doi:
        return no, 0.0, title
    if title < TITLE_MATCH and not same_doi and not (placed and (
            _holds(fa.title, fb.title) or _whole_place(fa, fb)
            or _open_range(fa, fb) and _most_words_shared(fa.title, fb.title))):
        return no, 0.0, title  # most candidate pairs end here, before the dearer comparisons
    if same_doi and fa.main and fb.main and title < DOI_TITLE_MATCH:
        return no, 0.0, title  # one DOI on two different titles: a supplement's abstracts, or a DOI copied in error
    if note == "one lacks the subtitle" and fa.container and fb.container \
            and not same_doi and not _same_venue(fa.container, fb.container) \
            and Indel.normalized_similarity(fa.title, fb.title) < 0.8 \
            and not (fa.volume and fa.first_page and (fa.volume, fa.first_page) == (fb.volume, fb.first_page)):
        # a review's short title in one journal, its full title in another: two publications (where volume and
        # first page agree, one article whose journal a database named another way)
        return no, 0.0, title
    agreements.append(Agreement("title", title, note))
    author, note = author_similarity(fa, fb)
    agreements.append(Agreement("author", author, note))
    year = _year_similarity(fa.year, fb.year)
    agreements.append(Agreement("issued", year, f"{fa.year} / {fb.year}"))
    extra, vetoed, note = _detail_similarity(fa, fb)
    agreements.append(Agreement("details", extra, note))
    if vetoed and not same_doi:
        return no, 0.0, title
    if same_doi and vetoed and not (fa.main and fb.main):
        return no, 0.0, title  # one DOI, no second title, and the volume or pages clash: a supplement's abstracts
    if same_doi and (vetoed or not (fa.main and fb.main)) and author < FAMILY_MATCH:
        return no, 0.0, title  # a DOI alone, against the pages or with no second title, by other authors: a supplement
    strong_title = title >= 0.97 and extra >= 0.5
    # Initials that disagree mark another person of the same surname, unless the titles are the same words;
    # and the same title in the same place (or one holding the other whole: "… [Spanish]") is one article whose
    # first author one database lost or filed another way ("Rubio, M. L." / "Lopez, Rubio M."), where the other
    # names agree, or, on one page range of more than one page, whoever is named (a study group's report filed
    # under its chair in one database and the group in another).
    author_ok = author >= FAMILY_MATCH or (author >= 0.8 and title >= 0.97) or (
        placed and (title >= 0.97 or _holds(fa.title, fb.title))
        and (_shared_names(fa, fb) >= 0.5 or _same_range(fa, fb)))
    if placed and title < TITLE_MATCH and (author < FAMILY_MATCH or year < 1.0):
        return no, 0.0, title
    if not same_doi:
        if not author_ok:
            return no, 0.0, title
        if year < 1.0 and not (year >= 0.5 and strong_title):
            return no, 0.0, title
    score = 1.0 if same_doi else 0.45 * title + 0.3 * author + 0.15 * year + 0.1 * extra
    return tuple(agreements), score, title


def untitled_in_place(fa: _Features, fb: _Features) -> bool:
    """One record has no title, and both name one journal, volume and first page: worth a person's look."""
    return not (fa.title and fb.title) and _same_place(fa, fb)


def _contradict(fa: _Features, fb: _Features) -> bool:
    """Two records that cannot be one work: different DOIs, titles far apart, or a clash of volume or page."""
    if fa.doi and fb.doi and fa.doi != fb.doi:
        return True
    if fa.title and fb.title and title_similarity(fa, fb)[0] < DOI_TITLE_MATCH:
        return True
    return _detail_similarity(fa, fb)[1]


def title_similarity(fa: _Features, fb: _Features) -> tuple[float, str]:
    """How alike two titles are (0..1), reading a missing subtitle or a short title as agreement."""
    if not fa.title or not fb.title:
        return 0.0, "a title is missing"
    only_a, only_b = fa.numbers - fb.numbers, fb.numbers - fa.numbers
    if only_a and only_b:
        return 0.0, "the numbers in the titles differ"  # Annual Report 2020 is not Annual Report 2021
    full = Indel.normalized_similarity(fa.title, fb.title)
    if full >= TITLE_MATCH:
        return full, "titles agree"
    shorter, longer = sorted((fa.title, fb.title), key=len)
    if len(shorter.split()) >= 6 and longer.startswith(shorter):
        # A database cut the title short, or glued a note ("[Erratum appears in ...") to its end.
        return 0.95, "one title runs on past the other"
    long_enough = min(len(fa.main.split()), len(fb.main.split())) >= 3
    if long_enough and fa.main and fb.main:
        main = Indel.normalized_similarity(fa.main, fb.main)
        if main >= TITLE_MATCH:
            one_lacks = fa.title == fa.main or fb.title == fb.main
            what = "one lacks the subtitle" if one_lacks else "main titles agree, subtitles differ"
            return main, what
    return full, "titles differ"


def author_similarity(fa: _Features, fb: _Features) -> tuple[float, str]:
    """How alike the author lists are (0..1): family names fuzzily, initials as a check."""
    if not fa.families and not fb.families:
        return 1.0, "no author on either"
    if not fa.families or not fb.families:
        return 0.85, "an author on one side only"
    first = _family_similarity(fa.families[0], fb.families[0])
    if first < FAMILY_MATCH and any(x.first_given and y.first_given and x.first_given == y.families[0]
                                    and (y.first_given == x.families[0] or y.first_given == x.families[0][:1])
                                    for x, y in ((fa, fb), (fb, fa))):
        # "Vale, Tom" / "Tom, Vale" or "Tom, V.": a database filed the given name as the family
        return FAMILY_MATCH, "the first author's family and given names swapped in one record"
    shared = _shared_names(fa, fb)
    if first < FAMILY_MATCH and shared == 1.0 and min(len(fa.families), len(fb.families)) >= 2:
        return FAMILY_MATCH, "the same authors in another order"
    score = 0.7 * first + 0.3 * shared
    if fa.initials and fb.initials and fa.initials[0] != fb.initials[0] and not _given_displaced(fa, fb):
        score = min(score, 0.84)
    compatible = _initials_compatible(fa.initials, fb.initials)
    note = "family names agree" if first == 1.0 else f"family names {fa.families[0]!r} ~ {fb.families[0]!r}"
    if not compatible:
        note += ", initials differ"
    return score, note


def _family_similarity(x: str, y: str) -> float:
    """How alike two folded family names are; one that is part of the other ("andres" in "andres gamboa",
    "quintrec" in "le quintrec", "wright" in "wright jr") is one person's name, cut by a database."""
    alike = Indel.normalized_similarity(x, y)
    if alike < FAMILY_MATCH and " " in x + y:
        shorter, longer = sorted((x.split(), y.split()), key=len)
        if set(shorter) <= set(longer):
            return 0.9
    return alike


def _given_displaced(fa: _Features, fb: _Features) -> bool:
    """A database put part of the first author's name where the given names go ("Andres, Gamboa O" for
    "Andres-Gamboa, O", "Wright, Jr" for "Wright Jr., T. C."): those initials say nothing of the person."""
    for x, y in ((fa, fb), (fb, fa)):
        first = x.first_given.split()[:1]
        if first and (first[0] in _NAME_SUFFIXES or first[0] in y.families[0].split()):
            return True
    return False


_NAME_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))


def _swapped(x: str, y: str) -> bool:
    return Indel.normalized_similarity(x, y, score_cutoff=TITLE_MATCH) >= TITLE_MATCH


def _same_place(fa: _Features, fb: _Features) -> bool:
    """Both records name a journal, volume and first page, and all three agree (the journal's name more or less
    fully printed: "International Journal of Cancer. Journal International du Cancer")."""
    return bool(fa.first_page and fa.volume and fa.container and fb.container) \
        and (fa.volume, fa.first_page) == (fb.volume, fb.first_page) \
        and (fa.container == fb.container or _same_venue(fa.container, fb.container))


def _same_venue(x: str, y: str) -> bool:
    """Two names of one journal or proceedings, more or less fully printed: one holds the other whole ("ICIS -
    Thirty First International Conference on Information Systems"), or is its acronym ("ICIS : Transforming
    Society with Digital Innovation", cut at its colon, beside "International Conference on Information
    Systems")."""
    if _holds(x, y):
        return True
    short, long = sorted((x, y), key=len)
    return " " not in short and 3 <= len(short) <= 8 and short == "".join(
        w[0] for w in long.split() if w not in _MINOR_WORDS)


_MINOR_WORDS = frozenset("a an and at de der des du for in of on the to und".split())


def _whole_place(fa: _Features, fb: _Features) -> bool:
    """Journal, volume, issue, first and last page all printed and all agreeing: one article's pages, which no
    other article shares (a single page may hold several abstracts; some journals start every article on
    page 1)."""
    return _same_place(fa, fb) and fa.first_page != "1" and fa.last_page not in ("", fa.first_page) \
        and fa.last_page == fb.last_page and fa.issue != "" and fa.issue == fb.issue


def _open_range(fa: _Features, fb: _Features) -> bool:
    """One range of more than one page, not from page 1 (where some journals start every article), and no
    issue on one record or the other to tell two articles of one volume apart."""
    return _same_range(fa, fb) and fa.first_page != "1" and not (fa.issue and fb.issue)


def _most_words_shared(x: str, y: str) -> bool:
    """Three words or more, and at least half the longer title's words, in both titles."""
    a, b = x.split(), y.split()
    shared = len(set(a) & set(b))
    return shared >= 3 and 2 * shared >= max(len(a), len(b))


def _same_range(fa: _Features, fb: _Features) -> bool:
    """Both records print one page range, first and last page, of more than one page."""
    return fa.last_page not in ("", fa.first_page) and (fa.first_page, fa.last_page) == (fb.first_page, fb.last_page)


def _holds(x: str, y: str) -> bool:
    """One title's (or venue's) words, three or more, stand in the other in the same order."""
    shorter, longer = sorted((x, y), key=len)
    return len(shorter.split()) >= 3 and f" {shorter} " in f" {longer} "


def _shared_names(fa: _Features, fb: _Features) -> float:
    """The share of the longer author list whose family names the other list holds."""
    if not fa.families or not fb.families:
        return 0.0
    shared = sum(1 for x in fa.families if any(_family_similarity(x, y) >= FAMILY_MATCH for y in fb.families))
    return shared / max(len(fa.families), len(fb.families))


def _initials_compatible(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    n = min(len(x), len(y))
    return x[:n] == y[:n]


def _year_similarity(x: int | None, y: int | None) -> float:
    if x is None or y is None:
        return 1.0
    return 1.0 if x == y else 0.5 if abs(x - y) == 1 else 0.0


def _detail_similarity(fa: _Features, fb: _Features) -> tuple[float, bool, str]:
    """(score, veto, note) over container, volume, issue and first page; a clash on volume or page vetoes,
    and on issue where neither has pages."""
    checks, agree, clashes = 0, 0, []
    container = fb.container if fa.container and fb.container and _same_venue(fa.container, fb.container) \
        else fa.container
    shifted = _shifted(fa, fb) or _shifted(fb, fa)
    volumes = (fa.volume, fb.volume) if not shifted else (fa.volume or fb.volume,) * 2
    if volumes[0] != volumes[1] and (str(fa.year) in volumes or str(fb.year) in volumes):
        volumes = ("", "")  # a year filed as the volume ("2016" / "94"): two numberings, no clash
    issues = (fa.issue.lstrip("0"), fb.issue.lstrip("0")) if not shifted else (fa.issue or fb.issue,) * 2
    for name, x, y in (("container", container, fb.container), ("volume", *volumes), ("issue", *issues),
                       ("URL", fa.url, fb.url)):
        if x and y:
            checks += 1
            if x == y:
                agree += 1
            else:
                clashes.append(name)
    page = _pages_clash(fa, fb) if not shifted else None
    if page is not None:
        checks += 1
        agree += not page
        if page:
            clashes.append("page")
    # A supplement's number filed as the volume ("61", issue "10 Suppl. 1" / volume "1") is no clash.
    if "volume" in clashes and (fa.volume in fb.issue_numbers or fb.volume in fa.issue_numbers):
        clashes.remove("volume")
    # Two issues of one volume are two works (a column printed in every issue under one title) where no pages
    # tell them apart; beside pages, an issue field is too often something else (a database's record number).
    paged = bool(fa.first_page or fb.first_page)
    veto = "volume" in clashes or "page" in clashes or ("issue" in clashes and not paged)
    note = "no details to compare" if not checks else f"{agree}/{checks} agree" + (
        f"; differ: {', '.join(clashes)}" if clashes else "")
    return (agree / checks if checks else 0.5), veto, note


def _shifted(fa: _Features, fb: _Features) -> bool:
    """fa lacks a volume and holds fb's volume and issue in its issue and pages: a database filed the numbers
    one field over (volume "", issue "26", pages "9" / volume "26", issue "9", pages "1746")."""
    return not fa.volume and bool(fb.volume and fb.issue) and (fa.issue, fa.first_page) == (fb.volume, fb.issue) \
        and fa.last_page in ("", fa.first_page)


def _pages_clash(fa: _Features, fb: _Features) -> bool | None:
    """True: two different first pages; False: one first page; None: nothing to compare. A range and a single
    page that end on the same page are one article's pages printed two ways ("487–488", "488"; a typo in a
    first page: "2297–2108", "2097–2108"), since two articles cannot end on one page. An article number beside
    a printed page ("e12724" / "1–6") is nothing to compare only under one title, word for word: a supplement's
    abstracts are numbered the same way."""
    x, y = fa.first_page, fb.first_page
    if not (x and y):
        return None
    if x == y:
        return False
    if fa.page_list or fb.page_list:  # a list of parts, printed in any order: one part in common is one article
        return (fa.page_list or {x}).isdisjoint(fb.page_list or {y})
    if (fa.last_page or x) == (fb.last_page or y):
        return None
    if fa.title == fb.title and ((_ELOCATOR_RE.fullmatch(x) is None) != (_ELOCATOR_RE.fullmatch(y) is None)
                                 or x.lstrip(string.ascii_lowercase) == y.lstrip(string.ascii_lowercase)):
        # one title, one printed page and one article number ("c1804" / "1014"): BMJ, PLoS print both; or one
        # page with and without its section's letter ("c37" / "37")
        return None
    return True


_ELOCATOR_RE = re.compile(r"[a-z]\d{3,}")
