"""Reference -> Reference with its CSL-JSON record: names, titles, dates, pages, DOIs, URLs and the type."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

from refsvc import latex, names, reftext
from refsvc.formats import csljson
from refsvc.errors import NormaliseError
from refsvc.folding import one_line
from refsvc.journals import JournalNames
from refsvc.model import Reference

# Words that make a name an organisation's, not a periodical's or a person's.
INSTITUTION_RE = re.compile(
    r"\b(?:Institute|Institution|Endowment|Ministry|Embassy|Centre|Center|Council|Foundation|Observatory|"
    r"University|Organi[sz]ation|Agency|Federation|Government|Department|Bureau|Commission|Fund|Bank)\b")
GOVERNMENT_RE = re.compile(r"\b(?:Government|Ministry|Department|Embassy|Parliament|Bureau|Senate|Congress|Cabinet)\b")
SEASON_CODES = {21: 1, 22: 2, 23: 3, 24: 4}  # EDTF season -> CSL season (1 spring ... 4 winter)
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_SEASON_NAMES = {"spr": 21, "sum": 22, "aut": 23, "fal": 23, "win": 24}  # a month field naming a season
WHOLE_BOOKS = frozenset({"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference",
                         "mvreference", "manual"})
NUMBER_OF_KIND = {**dict.fromkeys(("article", "periodical", "suppperiodical"), "issue"),
                  **dict.fromkeys(("book", "mvbook", "inbook", "bookinbook", "suppbook", "collection", "mvcollection",
                                   "incollection", "suppcollection", "proceedings", "mvproceedings",
                                   "inproceedings", "reference", "mvreference", "inreference"), "collection-number")}
THESIS_GENRES = {"phdthesis": latex.BIBLATEX_STRINGS["phdthesis"], "mastersthesis": latex.BIBLATEX_STRINGS["mathesis"]}
UNSPECIFIED_RE = re.compile(r"^XXXX(?:-XX){0,2}$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def normalise(refs: Iterable[Reference], journals: JournalNames) -> tuple[list[Reference], list[NormaliseError]]:
    """Each reference with its CSL record filled in; a field that cannot be read is left out and reported."""
    out, problems = [], []
    for ref in refs:
        csl, found = to_csl(ref, journals)
        out.append(replace(ref, csl=csl))
        problems += found
    return out, problems


def to_csl(ref: Reference, journals: JournalNames) -> tuple[dict[str, Any], list[NormaliseError]]:
    """One reference's fields as a CSL-JSON item (without id), and the problems met."""
    # Record text is one line of plain text from here on: no control or bidi-override characters reach a page,
    # a style or an export.
    f = {k: line for k, v in ref.fields.items() if (line := one_line(v))}
    problems: list[NormaliseError] = []
    csl: dict[str, Any] = {}

    def problem(message: str, field: str) -> None:
        problems.append(NormaliseError(message, source=ref.source, field=field))

    for role in ("author", "editor", "translator"):
        if role in f:
            found = [n for n in names.csl_names(f[role]) if n.get("family") or n.get("literal")]
            if found:
                csl[role] = found
    if "title" in f:
        # biblatex's subtitle is the title's own second part, printed after a colon (biber, Zotero)
        csl["title"] = clean_title(f["title"] + (f": {f['subtitle']}" if f.get("subtitle") else ""))
    if "maintitle" in f and "series" not in f:
        csl["collection-title"] = clean_title(f["maintitle"])  # the multi-volume work this volume belongs to
    # A whole book's booktitle (a proceedings volume's, kept there for the papers that crossref it) is its own
    # title, not a container.
    container = f.get("journaltitle") or f.get("journal") or (
        f.get("booktitle") if ref.kind not in WHOLE_BOOKS else None)
    if container and f.get("booksubtitle") and container == f.get("booktitle"):
        container = f"{container}: {f['booksubtitle']}"
    if container:
        csl["container-title"] = journals.lookup(clean_title(container))
    publisher = f.get("publisher") or f.get("institution") or f.get("school") or f.get("organization") \
        or _published_by(f.get("howpublished", ""))
    if publisher:
        csl["publisher"] = clean_title(publisher)
    if f.get("address") or f.get("location"):
        csl["publisher-place"] = clean_title(f.get("address") or f.get("location") or "")
    if "langid" in f and "language" not in f and f["langid"].strip().lower() in latex.LANGUAGE_OF_LANGID:
        csl["language"] = latex.LANGUAGE_OF_LANGID[f["langid"].strip().lower()]
    for source_field, target in (("volume", "volume"), ("edition", "edition"), ("section", "section"),
                                 ("series", "collection-title"), ("language", "language")):
        if source_field in f:
            csl[target] = f[source_field].strip()
    if csl.get("collection-title") in latex.BIBLATEX_STRINGS:  # series = {newseries}: biblatex's key for words
        csl["collection-title"] = latex.BIBLATEX_STRINGS[csl["collection-title"]]
    if "number" in f:
        # biblatex's number: a journal's issue, a report's or patent's own number, a book's number in its series
        csl[NUMBER_OF_KIND.get(ref.kind, "number")] = f["number"].strip()
    if "pages" in f:
        csl["page"] = normalise_pages(f["pages"])
    try:
        issued = csl_date(f.get("date") or _year_month(f))
    except ValueError as e:
        problem(str(e), "date" if "date" in f else "year")
        issued = None
    if issued:
        csl["issued"] = issued
    if "origdate" in f:
        try:
            csl["original-date"] = csl_date(f["origdate"])
        except ValueError as e:
            problem(str(e), "origdate")
    if "urldate" in f:
        try:
            csl["accessed"] = csl_date(f["urldate"])
        except ValueError as e:
            problem(str(e), "urldate")
    if "doi" in f:
        doi = normalise_doi(f["doi"])
        if doi:
            csl["DOI"] = doi
        else:
            problem(f"{f['doi']!r} is not a DOI", "doi")
    if "url" in f:
        csl["URL"] = normalise_url(f["url"])
    if ref.kind in ("thesis", "phdthesis", "mastersthesis") and (f.get("type") or ref.kind != "thesis"):
        # @phdthesis and @mastersthesis say which thesis it is, as biber (type = phdthesis) and pandoc read them
        csl["genre"] = latex.BIBLATEX_STRINGS.get(f.get("type", ""), f.get("type")) or THESIS_GENRES[ref.kind]
    csl["type"] = infer_type(ref.kind, f, csl)
    if csl["type"] == "report" and "publisher" not in csl and _literal_author(csl):
        csl["publisher"] = _literal_author(csl)
    if csl["type"] in ("webpage", "post-weblog") and "container-title" not in csl and "publisher" in csl:
        csl["container-title"] = csl.pop("publisher")  # a web page's site name, as Zotero stores it
    return {k: csl[k] for k in sorted(csl)}, problems


def infer_type(kind: str, f: Mapping[str, str], csl: Mapping[str, Any]) -> str:
    """The CSL type: journal/newspaper/magazine article, book, chapter, web page, report, thesis ...; the one
    the record names (csljson.TYPE_FIELD) where it names one."""
    if f.get(csljson.TYPE_FIELD) in csljson.TYPES:
        return f[csljson.TYPE_FIELD]
    kind = kind.lower()
    literal = _literal_author(csl)
    government = bool(literal and GOVERNMENT_RE.search(literal))
    container = csl.get("container-title", "")
    dated = len(csl.get("issued", {}).get("date-parts", [[0]])[0]) > 1
    if kind in ("article", "periodical"):
        subtype = f.get("entrysubtype", "").lower()
        if subtype in ("newspaper", "magazine", "journal"):
            return f"article-{subtype}"
        if f.get("x-medium") == "blog":
            return "post-weblog"
        # A day-dated article with no volume, issue or pages is a newspaper's, unless a DOI or ISSN marks a
        # journal's article published online first (Zotero and JabRef export those as @article too).
        if any(k in f for k in ("volume", "number", "pages", "doi", "issn", "eissn")) or not dated:
            return "article-journal"
        if INSTITUTION_RE.search(container):
            return "webpage"
        return "article-newspaper"
    if kind in ("incollection", "inbook", "inproceedings", "conference"):
        return "paper-conference" if kind in ("inproceedings", "conference") else "chapter"
    if kind == "patent":
        return "patent"
    if kind in ("inreference",):
        return "entry-encyclopedia"
    if kind in ("book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference",
                "mvreference", "manual", "bookinbook"):
        return "report" if literal else "book"
    if kind in ("thesis", "phdthesis", "mastersthesis"):
        return "thesis"
    if kind in ("report", "techreport"):
        return "report"
    if kind in ("online", "www", "electronic"):
        if f.get("entrysubtype", "").lower() == "blog":
            return "post-weblog"
        # CSL has no government-document type; Zotero keeps such items as reports by the government body.
        return "report" if government else "webpage"
    if re.search(r"personal communication", " ".join(f.get(k, "") for k in ("howpublished", "note", "type")), re.I) \
            or kind in ("letter", "letters"):
        return "personal_communication"
    if kind == "unpublished":
        return "manuscript"
    if government:
        return "report"
    return "webpage" if "URL" in csl else "document"


def _literal_author(csl: Mapping[str, Any]) -> str:
    authors = csl.get("author") or []
    return authors[0].get("literal", "") if authors else ""


def clean_title(text: str) -> str:
    """A title without protective braces, markdown emphasis, wrapping quotes or a trailing period."""
    # Each pass only where its mark is there at all: most titles have none (speed, not meaning).
    t = re.sub(r"(?<!\\)[{}]", "", text) if "{" in text or "}" in text else text
    if "*" in t:
        t = t.replace("**", "")
        t = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", t)
    t = t.strip() if t.isprintable() and "  " not in t else re.sub(r"\s+", " ", t).strip()
    pairs = {"'": "'", "‘": "’", '"': '"', "“": "”"}
    while len(t) > 1 and t[0] in pairs and t[-1] == pairs[t[0]] and t[1:-1].count(t[0]) % 2 == 0 \
            and (t[0] != "'" or "'" not in t[1:-1]):
        t = t[1:-1].strip()
    t = t.rstrip(" ,;:")
    if t.endswith(".") and not re.search(r"(?:\b[A-Z]|\.\.|\bet al)\.$", t):
        t = t[:-1].rstrip()
    return t


def normalise_pages(text: str) -> str:
    """Page ranges with an en dash and the end page written out: '255-73' -> '255–273'."""
    text = text.strip()
    if len(text) > 1 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()  # a spreadsheet's quoting left around a list ('"52-4, 64"'): no part of the pages
    out = []
    for part in re.split(r"\s*,\s*", text):
        m = re.fullmatch(r"([A-Za-z]*)(\d+)\s*(?:-{1,3}|–|—|‐|‑|−)\s*([A-Za-z]*)(\d+)", part)
        if not m:
            out.append(part)
            continue
        prefix, start, end_prefix, end = m.groups()
        if len(end) < len(start) and int(start[-len(end):]) < int(end):
            end = start[: len(start) - len(end)] + end  # Chicago 9.64 abbreviated ranges
        out.append(f"{prefix}{start}–{end_prefix or prefix}{end}")
    return ", ".join(out)


def csl_date(text: str | None) -> dict[str, Any] | None:
    """ISO/EDTF (2024, 2024-02-17, 2019-23 for autumn, 2024~ circa) as a CSL date; EDTF's unspecified year
    (XXXX), as biblatex exports write for an undated work, is no date.

    Raises:
        ValueError: the text is not such a date.
    """
    if text is None or not text.strip():
        return None
    text = text.strip()
    if UNSPECIFIED_RE.match(text):
        return None
    if text[-1] in "~?%" and "/" not in text:  # EDTF approximate / uncertain: CSL has only "circa"
        date = csl_date(text[:-1])
        return dict(date, circa=True) if date else None
    if "/" in text:  # an EDTF range, as biblatex writes it: 1984/1986, 2019-03/2019-05, 1990/ (open end)
        start, _, end = text.partition("/")
        first = csl_date(start)
        if first is None or "season" in first:
            raise ValueError(f"{text!r} is not a date range (expected START/END, each YYYY, YYYY-MM or YYYY-MM-DD)")
        last = csl_date(end) if end.strip() else None
        return {"date-parts": first["date-parts"] + (last["date-parts"] if last else [])}
    m = DATE_RE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month and int(month) in SEASON_CODES and not day:
        return {"date-parts": [[int(year)]], "season": SEASON_CODES[int(month)]}
    parts = [int(year)]
    if month:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        parts.append(int(month))
    if day:
        if not 1 <= int(day) <= 31:
            raise ValueError(f"{text!r} has no day {day}")
        parts.append(int(day))
    return {"date-parts": [parts]}


def _published_by(howpublished: str) -> str:
    """BibTeX's howpublished where it names who published a @misc (a web site, a press), as pandoc and
    Zotero read it; not where it holds a link, a medium or a note ("\\url{…}", "Online", "Personal
    communication")."""
    text = howpublished.strip()
    if not text or re.search(r"https?:|www\.|\\url|^(?:online|web|internet|print|e-?mail|personal communication)\b",
                             text, re.I):
        return ""
    return text


def _year_month(f: Mapping[str, str]) -> str | None:
    year = f.get("year", "").strip()
    if not year:
        return None
    if not re.fullmatch(r"\d{4}", year):
        raise ValueError(f"{year!r} is not a year")
    month = f.get("month", "").strip().lower()[:3]
    if month in _SEASON_NAMES:
        return f"{year}-{_SEASON_NAMES[month]}"  # EDTF's season code, read as CSL's season by csl_date
    if month.isdigit():
        month_text = f"{year}-{int(month):02d}"
    elif month in reftext.MONTHS:
        month_text = f"{year}-{reftext.MONTHS[month]:02d}"
    else:
        return year
    # biblatex's legacy `day` (read by biber, pandoc and Zotero) completes a year and month
    day = f.get("day", "").strip()
    return f"{month_text}-{int(day):02d}" if day.isdigit() else month_text


def normalise_doi(text: str) -> str | None:
    """A DOI in lower case without resolver prefix or percent-encoding, or None when text is not a DOI.
    A DOI copied from a link keeps the link's escapes ("10.1016/s0025-7753%2817%2930624-3"); it is the
    same DOI as the one printed with its brackets."""
    doi = unquote(DOI_PREFIX_RE.sub("", text.strip())).rstrip(".,;").lower()
    return doi if DOI_RE.match(doi) else None


def normalise_url(text: str) -> str:
    """A URL without angle brackets, trailing punctuation or an empty query; scheme and host lower-cased."""
    url = text.strip().rstrip(".,;").strip("<>").rstrip(".,;")
    url = re.sub(r"\?$", "", url)
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)$", url)
    return (m.group(1).lower() + m.group(2).lower() + m.group(3)) if m else url
