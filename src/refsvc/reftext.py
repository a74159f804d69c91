"""One printed reference -> BibTeX fields. Part of extraction: no knowledge of any particular list.

Two printed forms are read:
- author-date (APA-like): ``Family, I. (2024, Feb. 17). Title. *Container*, 13(2), 63-86. <url>``
- notes (Chicago): ``Given Family, 'Title', *Journal* 13, no. 2 (2013): 63-86, <url>.`` and its
  bibliography form ``Family, Given. "Title." *Journal* ...``, plus short forms ``Family, 'Short Title'``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from refsvc import names

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
# EDTF level 1 (ISO 8601-2) season codes, which biblatex reads in `date`: 21 spring ... 24 winter
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}

# A month's name or abbreviation as printed, for patterns here and in the reading stage
MONTH_PATTERN = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_SEASON = r"(?:Spring|Summer|Autumn|Fall|Winter)"
DATE_RE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{MONTH_PATTERN})\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{MONTH_PATTERN})\s+(?P<d2>\d{{1,2}}),\s*(?P<y2>\d{{4}})"
    rf"|(?P<m3>{MONTH_PATTERN}|{_SEASON})\s+(?P<y3>\d{{4}})"
    rf"|(?P<y4>(?:1[5-9]|20)\d{{2}})(?:,\s*(?P<m4>{MONTH_PATTERN}|{_SEASON})(?:\s+(?P<d4>\d{{1,2}}))?)?)\b"
)
ANGLE_URL_RE = re.compile(r"<\s*((?:https?|ftp)://[^>\s]+)\s*>")
BARE_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>]+")
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s<>\"]+)")
DOI_IN_URL_RE = re.compile(r"(?:doi\.org/|/doi/(?:abs/|full/)?)(10\.\d{4,9}/[^\s?#]+)", re.I)


@dataclass
class Printed:
    """What one printed reference says, as BibTeX fields, plus what could not be placed."""

    kind: str = "misc"
    fields: dict[str, str] = field(default_factory=dict)
    unparsed: list[str] = field(default_factory=list)
    short_form: bool = False  # a Chicago short form: names and a short title only


def date_value(text: str) -> str | None:
    """The first date in text as ISO/EDTF (2024, 2024-02, 2024-02-17, 2019-23 for autumn), or None."""
    m = DATE_RE.search(text)
    if not m:
        return None
    g = m.groupdict()
    year = g["y1"] or g["y2"] or g["y3"] or g["y4"]
    month_word = g["m1"] or g["m2"] or g["m3"] or g["m4"]
    day = g["d1"] or g["d2"] or g["d4"]
    if not month_word:
        return year
    word = month_word.rstrip(".").lower()
    if word in SEASONS:
        return f"{year}-{SEASONS[word]}"
    month = MONTHS.get(word) or MONTHS.get(word[:3])
    if month is None:
        return year
    return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")


def clean_markup(text: str) -> str:
    """Text without markdown emphasis and with white space folded."""
    text = text.replace("**", "").replace("\\$", "$")
    text = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def strip_title(text: str) -> str:
    """A title freed of surrounding quotes, emphasis and trailing punctuation; inner quotes kept."""
    t = clean_markup(text).strip()
    pairs = {"'": "'", "‘": "’", '"': '"', "“": "”"}
    for _ in range(2):
        t = t.strip().rstrip(",;").strip()
        if len(t) > 1 and t[0] in pairs and t.endswith(pairs[t[0]]) and _balanced_without_ends(t):
            t = t[1:-1]
    t = t.strip()
    if t.endswith(".") and not re.search(r"\b[A-Z]\.$|\bet al\.$|\.\.\.$", t):
        t = t[:-1]
    return t.strip()


def _balanced_without_ends(t: str) -> bool:
    inner = t[1:-1]
    return inner.count('"') % 2 == 0


def take_urls(text: str, fields: dict[str, str]) -> str:
    """Move URLs (angle-bracketed or bare) and DOIs from text into fields; return the rest."""
    urls: list[str] = []

    def keep(m: re.Match[str]) -> str:
        urls.append(m.group(1) if m.re is ANGLE_URL_RE else m.group(0))
        return " "

    text = ANGLE_URL_RE.sub(keep, text)
    text = BARE_URL_RE.sub(keep, text)
    for url in urls:
        url = url.rstrip(".,;:'\"")
        if url.count(")") > url.count("("):
            url = url.rstrip(")")
        doi = DOI_IN_URL_RE.search(url)
        if doi and "doi" not in fields:
            fields["doi"] = doi.group(1).rstrip(".")
            if re.search(r"doi\.org/", url, re.I):
                continue
        fields.setdefault("url", url)
    m = re.search(r"\bdoi:\s*(10\.\d{4,9}/\S+)", text, re.I)
    if m:
        fields.setdefault("doi", m.group(1).rstrip(".,;"))
        text = text[: m.start()] + text[m.end():]
    return text


def _find_close(text: str, opener: str, start: int) -> int:
    """Index of the quote closing the one opened at start, or -1."""
    if opener == "*":
        return text.find("*", start + 1)
    closer = {"'": "'", "‘": "’", '"': '"', "“": "”"}[opener]
    if opener == '"':
        # Bibliography style puts the period inside the quotes: "Title." - prefer that closing.
        m = re.compile(r'[.?!,]"(?=\s|$|[<*])').search(text, start + 1)
        if m:
            return m.end() - 1
    for i in range(start + 1, len(text)):
        if text[i] != closer:
            continue
        after = text[i + 1: i + 2]
        if opener == "'" and after and (after.isalnum()):
            continue  # an apostrophe: Russia's
        if text[i - 1].isspace():
            continue
        return i
    return -1


def find_title(text: str) -> tuple[int, int, str] | None:
    """(start, end, style) of the first quoted or italic title in text; style is 'quoted' or 'italic'."""
    for m in re.finditer(r"(?:^|(?<=[\s>(.;]))([*'‘\"“])", text):
        opener, start = m.group(1), m.start(1)
        if opener == "*" and text[start + 1: start + 2] == "*":
            continue
        end = _find_close(text, opener, start)
        if end > start + 1:
            return start, end + 1, "italic" if opener == "*" else "quoted"
    return None


# ---------------------------------------------------------------- the rest of a reference


def _take(pattern: str, text: str, flags: int = 0) -> tuple[re.Match[str] | None, str]:
    m = re.search(pattern, text, flags)
    if not m:
        return None, text
    return m, text[: m.start()] + " " + text[m.end():]


def _parentheticals(text: str) -> tuple[list[str], str]:
    """Top-level (...) groups (one level of nesting allowed) and the text without them."""
    found = []
    pattern = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")
    for m in pattern.finditer(text):
        found.append(m.group(1).strip())
    return found, pattern.sub(" ", text)


def _leftovers(text: str) -> list[str]:
    pieces = re.split(r"[,.;:]\s+|[,.;:]$|\s+\|\s+", text)
    return [p.strip(" ,.;:'\"") for p in pieces if re.search(r"[A-Za-z0-9]", p)]


def read_rest(rest: str, printed: Printed, *, title_italic: bool) -> None:
    """Fill container, volume, number, pages, dates, publisher and links from what follows a title."""
    f = printed.fields
    rest = take_urls(rest, f)
    m, rest = _take(r"\b[Aa]ccessed\s+([^,;<]+?\d{4})", rest)
    if m:
        f["urldate"] = date_value(m.group(1)) or m.group(1)
    m, rest = _take(r"\bsec\.\s+([^,.;<]+)", rest)
    if m:
        f["section"] = m.group(1).strip()
    italic = re.search(r"\*([^*]+)\*", rest)
    if italic:
        f["journaltitle"] = clean_markup(italic.group(1)).strip(" ,.")
        after = rest[italic.end():]
        vm = re.match(r"\s*(\d+)(?:\s*,\s*no\.\s*(\d+))?", after)
        rest = rest[: italic.start()] + " "
        if vm:
            f["volume"] = vm.group(1)
            if vm.group(2):
                f["number"] = vm.group(2)
            after = after[vm.end():]
        rest += after
    m, rest = _take(r"\bno\.\s*(\d+)", rest)
    if m:
        f.setdefault("number", m.group(1))
    groups, rest = _parentheticals(rest)
    m, rest = _take(r":\s*(\d+\s*[-–—]\s*\d+|\d+)\b", rest)
    if m:
        f["pages"] = m.group(1)
    m, rest = _take(r"\bpp?\.\s*(\d+(?:\s*[-–—]\s*\d+)?)", rest)
    if m:
        f["x-pinpoint"] = m.group(1)
    for group in groups:
        date = date_value(group)
        before = DATE_RE.split(group, maxsplit=1)[0] if date else group
        if date:
            f.setdefault("date", date)
        who = before.strip(" ,;")
        if re.search(r"\b(?:diss\.|dissertation|thesis)\b", who, re.I):
            printed.kind = "thesis"
            who = re.sub(r"^(?:PhD|MPhil|MA|MS|MSc)?\s*(?:diss\.|dissertation|thesis),?\s*", "", who, flags=re.I)
        if who.lower() == "blog":
            f["x-medium"] = "blog"
        elif who:
            f["publisher"] = who
    if "date" not in f:
        m = DATE_RE.search(rest)
        if m:
            f["date"] = date_value(m.group(0)) or ""
            rest = rest[: m.start()] + " " + rest[m.end():]
    left = _leftovers(rest)
    if left and left[0].isdigit() and "number" not in f:
        f["number"] = left.pop(0)
    if left and "journaltitle" not in f and "publisher" not in f:
        f["publisher" if title_italic else "organization"] = left.pop(0)
    printed.unparsed.extend(left)


def finish_kind(printed: Printed, *, title_italic: bool) -> None:
    """Choose the BibTeX entry type from the fields found (normalisation refines it further)."""
    f = printed.fields
    if printed.kind == "misc":
        if "booktitle" in f:
            printed.kind = "incollection"
        elif title_italic and "journaltitle" not in f:
            printed.kind = "book" if "publisher" in f or "url" not in f else "online"
        elif "journaltitle" in f:
            printed.kind = "article"
        elif "publisher" in f:
            printed.kind = "report"
        elif "url" in f:
            printed.kind = "online"
    if printed.kind == "report" and "publisher" in f:
        f["institution"] = f.pop("publisher")
    if printed.kind == "thesis" and "publisher" in f:
        f["institution"] = f.pop("publisher")
    if printed.kind == "online" and "organization" not in f and "publisher" in f:
        f["organization"] = f.pop("publisher")


# ---------------------------------------------------------------- the two printed forms

APA_HEAD_RE = re.compile(r"^(?P<pre>.*?)\s*\((?P<date>(?:1[5-9]|20)\d{2}(?:[–-](?:1[5-9]|20)\d{2})?[a-z]?|n\.\s?d\.)(?:,\s*(?P<more>[^)]*))?\)\.?\s*(?P<rest>.*)$")
APA_CHAPTER_RE = re.compile(
    r"^(?P<title>.+?[.?!])\s+In\s+(?P<editors>.+?)\s*\((?:Eds?|eds?)\.?\),\s*\*(?P<book>[^*]+)\*"
    r"\s*(?:\((?:pp?\.\s*)?(?P<pages>\d+\s*[-–]\s*\d+)\))?\.?\s*(?P<after>.*)$"
)


def looks_like_author_date(text: str) -> bool:
    """True when text has the '(2013)' or '(2024, Feb. 17)' date an author-date entry carries."""
    return bool(APA_HEAD_RE.match(text))


def parse_author_date(text: str) -> Printed:
    """Read one author-date (APA-like) reference-list entry."""
    printed = Printed()
    f = printed.fields
    head = APA_HEAD_RE.match(text)
    if not head:
        printed.unparsed.append(text)
        return printed
    year = head.group("date")
    f["date"] = date_value(f"{year[:4]}, {head.group('more')}") if head.group("more") else year[:4]
    if re.fullmatch(r"[\d–-]+[a-z]", year):
        f["extradate"] = year[-1]
    if year.startswith("n"):
        f.pop("date")
    pre, rest = head.group("pre").strip(), head.group("rest").strip()
    rest = take_urls(rest, f)
    chapter = APA_CHAPTER_RE.match(rest)
    if chapter:
        f["title"] = strip_title(chapter.group("title"))
        f["editor"] = " and ".join(names.apa_editors(chapter.group("editors")))
        f["booktitle"] = clean_markup(chapter.group("book"))
        if chapter.group("pages"):
            f["pages"] = chapter.group("pages")
        publisher = chapter.group("after").strip(" .")
        if publisher:
            f["publisher"] = clean_markup(publisher)
        f["author"] = " and ".join(names.apa(pre.rstrip()))
        printed.kind = "incollection"
        return printed
    elements = _apa_elements(rest)
    title_italic = bool(elements) and elements[0][1]
    only_container = len(elements) == 1 and elements[0][1] and not re.search(r"\d", elements[0][2])
    if only_container and pre:
        # APA 7 §9.12: with no author the title moves to the author position.
        f["title"] = strip_title(pre)
        f["journaltitle"] = clean_markup(elements[0][0])
        printed.kind = "article"
        return printed
    if pre:
        f["author"] = " and ".join(names.apa(pre))
    if not elements:
        return printed
    first, italic, tail = elements[0]
    f["title"] = strip_title(first)
    more = elements[1:]
    if tail:
        m = re.search(r"\((\d+)(?:st|nd|rd|th)?\.?\s*ed\.?\)", tail)
        if m:
            f["edition"] = m.group(1)
    if more and more[0][1]:
        container, _, numbers = more.pop(0)
        f["journaltitle"] = clean_markup(container)
        _apa_numbers(numbers, f)
    for text_, _italic, _tail in more:
        piece = clean_markup(text_).strip(" .")
        if piece == "Author" and f.get("author", "").startswith("{"):
            piece = f["author"].strip("{}")  # APA 6/7: "Author" as publisher repeats the author
        if piece:
            if "publisher" not in f:
                f["publisher"] = piece
            else:
                printed.unparsed.append(piece)
    if title_italic and "url" in f and "journaltitle" not in f:
        printed.kind = "online"  # APA 7 §10.16: *Title*. Site Name. URL
    finish_kind(printed, title_italic=title_italic)
    return printed


def _apa_numbers(text: str, f: dict[str, str]) -> None:
    m = re.search(r"(\d+)\s*(?:\((\d+(?:[-–]\d+)?)\))?\s*,\s*(\d+\s*[-–]\s*\d+|\d+)", text)
    if m:
        f["volume"] = m.group(1)
        if m.group(2):
            f["number"] = m.group(2)
        f["pages"] = m.group(3)
        return
    m = re.search(r"(\d+)\s*\((\d+)\)", text)
    if m:
        f["volume"], f["number"] = m.group(1), m.group(2)
        return
    m = re.search(r"(\d+\s*[-–]\s*\d+)", text)
    if m:
        f["pages"] = m.group(1)


def _apa_elements(rest: str) -> list[tuple[str, bool, str]]:
    """Split an APA tail into elements: (text, italic?, trailing text up to the next element)."""
    out: list[tuple[str, bool, str]] = []
    i, rest = 0, rest.strip()
    while i < len(rest):
        while i < len(rest) and rest[i] in " .,":
            i += 1
        if i >= len(rest):
            break
        if rest[i] == "*":
            j = rest.find("*", i + 1)
            if j < 0:
                j = len(rest)
            text = rest[i + 1: j]
            k = j + 1
            m = re.compile(r"[^*]*?(?=\.\s+(?=[A-Z*<])|\.\s*$|$)").match(rest, k)
            tail = m.group(0) if m else ""
            out.append((text, True, tail))
            i = k + len(tail) + 1
        else:
            text = _sentence(rest, i)
            out.append((text, False, ""))
            i += len(text)
    return out


ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "vol", "vs", "jr", "sr", "prof", "gen", "col", "lt", "e.g", "i.e", "u.s", "u.k", "u.n", "etc"}


def _sentence(text: str, start: int) -> str:
    """text[start:] up to the end of its first sentence, not stopping after 'Mr.' or an initial."""
    for m in re.compile(r"[.?!](?=\s+[*A-Z<]|\s*$)").finditer(text, start):
        word = re.search(r"([\w.]+)$", text[start: m.start()])
        stem = word.group(1).lower() if word else ""
        if m.group(0) == "." and (stem in ABBREVIATIONS or re.fullmatch(r"[a-z]", stem)):
            continue
        return text[start: m.end()]
    return text[start:]


# What a note says before the reference it cites: "For example, see:", "See also", "Cf.", "Quoted in"
LEAD_IN_RE = re.compile(
    r"^(?:(?:for (?:example|instance|more(?: on this)?|a (?:discussion|review|summary|critique)(?: of this)?)"
    r"|on this(?: point)?|see(?:,? e\.g\.| also)?|e\.g\.|cf\.|compare|quoted in|cited in|as (?:argued|discussed) in)"
    r"[\s,:;]+)+", re.I)


def parse_note(text: str) -> Printed:
    """Read one Chicago note segment (note or bibliography form), or a short form of one."""
    printed = Printed()
    f = printed.fields
    found = find_title(text)
    if not found:
        rest = take_urls(text, f)
        printed.unparsed.append(clean_markup(rest).strip(" ."))
        return printed
    start, end, style = found
    f["title"] = strip_title(text[start:end])
    who = LEAD_IN_RE.sub("", text[:start].strip())
    rest = text[end:]
    if who:
        # Bibliography form ends the names with a period (family first); note form with a comma.
        split = names.family_first if who.endswith(".") else names.given_first
        f["author"] = " and ".join(split(who))
    residue = re.sub(r"[\s.,;:'\"’”]", "", rest)
    pinpoint = re.fullmatch(r"[\s.,;:'\"’”]*(\d+(?:\s*[-–]\s*\d+)?)[\s.,;:]*", rest)
    if pinpoint:
        f["x-pinpoint"] = pinpoint.group(1)
    if not residue or pinpoint:
        printed.short_form = not who or names.is_family_names_only(who)
        if printed.short_form and who:
            f["author"] = " and ".join(names.family_names(who))
        return printed
    read_rest(rest, printed, title_italic=style == "italic")
    finish_kind(printed, title_italic=style == "italic")
    return printed
