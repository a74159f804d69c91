"""Numbers in the model's spans: volume, issue, pages and year, wherever the model left them."""
from __future__ import annotations

import re
from dataclasses import replace

from refsvc import journals, publishers, tagger
from refsvc.labelled.spans import (
    _ANY_YEAR_RE, _IN_ISSUE_BRACKETS, _PAGES_PREFIX_RE, _PAGE_RANGE, _PAGE_RE, _SHORT_PUBLISHER_RE,
    _TRAILING_NUMBERS_RE, _VOLUME_AFTER_YEAR_RE, _YEAR_RE, _known_journal, _trim, _unwrap,
)

_LEADING_DATE_RE = re.compile(r"^(\(?(?:1[5-9]\d\d|20\d\d)[a-z]?(?:\s*[-–]\s*(?:1[5-9]\d\d|20\d\d))?\)?[.,:]?)\s+(\S.*)$")
_TRAILING_YEAR_RE = re.compile(r"^(.*\S)\s+((?:1[5-9]\d\d|20\d\d)[a-z]?[;,.]?)$")


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


_ROMAN_RE = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})", re.I)


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


def _vancouver_numbers_after(found: list[tagger.Field], k: int) -> bool:
    """Vancouver's year, semicolon and volume after span k ("Lake Open" + "2017;" + "7.", "Cardiology (Basel)" +
    "2015;" + "131:" + "171."): a journal's numbers, which no book prints after its publisher."""
    return k + 2 < len(found) and found[k + 1].label == "date" and found[k + 1].text.rstrip().endswith(";") \
        and found[k + 2].label in ("volume", "pages") and bool(re.match(r"\d", found[k + 2].text))


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
