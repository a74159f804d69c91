"""Zotero's readers of a web page, restated in Python so that tests can hold what we publish to what Zotero saves.

read_coins follows zotero/utilities' openurl.js parseContextObject, which Zotero's COinS translator calls on
each <span class="Z3988">; read_highwire follows zotero/translators' Embedded Metadata.js for citation_* tags.
Both then keep only the fields the item's Zotero type has, as Zotero's item saver does. Two choices of ours:
an rft.aucorp creator (a last name with no first name, never split) is compared as a single-field name, and
Zotero's date field is compared as the string it was given.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

from pylatexenc.latex2text import LatexNodes2Text

from refsvc.formats import zotero

_LATEX = LatexNodes2Text(keep_braced_groups=False)

_FORMATS = {"info:ofi/fmt:kev:mtx:journal": "journalArticle", "info:ofi/fmt:kev:mtx:dissertation": "thesis",
            "info:ofi/fmt:kev:mtx:patent": "patent", "info:ofi/fmt:kev:mtx:dc": "webpage"}
_BOOK_GENRES = (("bookitem", "bookSection"), ("conference", "conferencePaper"), ("proceeding", "conferencePaper"),
                ("report", "report"), ("document", "document"))
_PART_TYPES = ("journalArticle", "bookSection", "conferencePaper")


def clean_author(value: str, role: str, use_comma: bool) -> dict[str, str]:
    """Zotero.Utilities.cleanAuthor: stray punctuation off the ends, 'Last, First' split at the comma (what
    follows a second comma is dropped), else the last word that starts with a letter is the last name; then
    initials get their periods."""
    value = re.sub(r"[\s\xa0]+", " ", re.sub(r"[\s\xa0.,/\[\]:]+$", "", re.sub(r"^[\s\xa0.,/\[\]:]+", "", value)), count=1)
    if use_comma:
        value = re.sub(r"\.([^ ])", r". \1", value, count=1)
        names = re.split(r"[,\u060c] ?", value)
        last, first = (names[0], names[1]) if len(names) > 1 else (value, "")
    else:
        index = len(value)
        while True:
            index = value.rfind(" ", 0, index)
            last, first = value[index + 1:], value[:index] if index > 0 else ""
            if last[:1].isalpha() or not last or index <= 0:
                break
    if first and re.fullmatch(r"[A-Z\u0400-\u042f]+", first) and len(first) < 4 \
            and (len(first) == 1 or last.upper() != last):
        first = " ".join(f"{c}." for c in first)
    if first:
        first = re.sub(r"[\s,]+$", "", re.sub(r"^[\s.]+", "", first))
        first = re.sub(r"\s*([\u002d\u00ad\u2010-\u2015\u2212\u2e3a\u2e3b])\s*", "-", first, count=1)
        # JavaScript's split skips an empty match where the last one ended; Python's does not
        parts = [p for p in re.split(r"(?:[\s.]+|(?=-))", first) if p]
        first = " ".join(p + ("." if re.fullmatch(r"-?[A-Z\u0400-\u042f]", p) else "") for p in parts)
        first = first.replace(" -", "-").strip()
    return {"creatorType": role, "lastName": last, "firstName": first}


def _fix_case(name: str) -> str:
    """Embedded Metadata's fixCase: a name all in upper or all in lower case is capitalised."""
    return name.title() if name.upper() == name or name.lower() == name else name


def read_coins(co: str) -> dict | None:
    parts = co.split("&")
    kind = None
    for part in parts:
        if part.startswith("rft_val_fmt="):
            fmt = unquote(part[12:])
            if fmt == "info:ofi/fmt:kev:mtx:book":
                kind = next((t for g, t in _BOOK_GENRES if f"rft.genre={g}" in parts), "book")
            else:
                kind = _FORMATS.get(fmt)
            if kind:
                break
    if not kind:
        return None
    item: dict = {"itemType": kind, "creators": []}
    complex_au: list[dict] = []
    pages_key = ""
    for part in parts:
        pieces = part.split("=")
        key = pieces[0]
        value = unquote(re.sub(r"\+|%2[bB]", " ", pieces[1] if len(pieces) > 1 else ""))
        if not value:
            continue
        kind = item["itemType"]
        if key == "rft_id":
            if value[:8].lower() == "info:doi":
                item["DOI"] = value[9:]
            elif value[:8].lower() == "urn:isbn":
                item["ISBN"] = value[9:]
            elif re.match(r"^https?://", value):
                item["url"] = value
        elif key == "rft.btitle":
            if kind in ("book", "report"):
                item["title"] = value
            elif kind in ("bookSection", "conferencePaper"):
                item["publicationTitle"] = value
        elif key == "rft.atitle" and kind in _PART_TYPES:
            item["title"] = value
        elif key == "rft.jtitle" and kind == "journalArticle":
            item["publicationTitle"] = value
        elif key == "rft.stitle" and kind == "journalArticle":
            item["journalAbbreviation"] = value
        elif key == "rft.title":
            item["publicationTitle" if kind in _PART_TYPES else "title"] = value
        elif key == "rft.date":
            item["issueDate" if kind == "patent" else "date"] = value
        elif key in ("rft.volume", "rft.issue"):
            item[key[4:]] = value
        elif key == "rft.pages":
            pages_key, item["pages"] = key, value
        elif key in ("rft.spage", "rft.epage"):
            if pages_key != "rft.pages":
                other = "rft.epage" if key == "rft.spage" else "rft.spage"
                if pages_key == other and value != item["pages"]:
                    item["pages"] = f"{value}-{item['pages']}" if key == "rft.spage" else f"{item['pages']}-{value}"
                elif pages_key != other:
                    item["pages"] = value
                pages_key = key
        elif key == "rft.issn" or (key == "rft.eissn" and "ISSN" not in item):
            item["ISSN"] = value
        elif key in ("rft.aulast", "rft.invlast", "rft.aufirst", "rft.invfirst"):
            name = "lastName" if key.endswith("last") else "firstName"
            last = complex_au[-1] if complex_au else None
            # openurl.js tests `institutional`, a flag nothing sets: an institution's empty first name is filled
            if last is not None and not last.get(name):
                last[name] = value
            else:
                complex_au.append({name: value, "creatorType": "author", "offset": len(item["creators"])})
        elif key in ("rft.au", "rft.creator", "rft.contributor", "rft.inventor"):
            item["creators"].append(clean_author(value, "contributor" if key == "rft.contributor" else "author", "," in value))
        elif key == "rft.aucorp":
            complex_au.append({"lastName": value, "isInstitution": True, "offset": len(item["creators"])})
        elif key == "rft.isbn" and "ISBN" not in item:
            item["ISBN"] = value
        elif key in ("rft.pub", "rft.publisher"):
            item["publisher"] = value
        elif key in ("rft.place", "rft.edition"):
            item[key[4:]] = value
        elif key == "rft.tpages":
            item["numPages"] = value
        elif key == "rft.series":
            item["seriesTitle" if kind == "report" else "series"] = value
        elif kind == "thesis":
            if key == "rft.inst":
                item["publisher"] = value
            elif key == "rft.degree":
                item["type"] = value
        elif kind == "patent":
            if key == "rft.number":
                item["number"] = value
        elif key == "rft.identifier" and len(value) > 8:
            if value.startswith("urn:doi:"):
                item["DOI"] = value[4:]
            elif re.match(r"^https?://", value):
                item["url"] = value
        elif key == "rft.description":
            item["abstractNote"] = value
        elif key == "rft.language":
            item["language"] = value
        elif key == "rft.type" and value in zotero.TYPE_FIELDS:
            item["itemType"] = value
        elif key == "rft.source":
            item["publicationTitle"] = value
    inserted = 0
    for au in complex_au:
        offset = au.pop("offset")
        if au.pop("isInstitution", False) and not au.get("firstName"):
            au = {"creatorType": "author", "name": au["lastName"]}
        else:
            au = {"creatorType": "author", "lastName": au.get("lastName", ""), "firstName": au.get("firstName", "")}
        item["creators"].insert(offset + inserted, au)
        inserted += 1
    return _saved(item)


def read_highwire(tags: list[tuple[str, str]]) -> dict:
    names = [n for n, v in tags if v]
    kind = next((t for t, tag in (("journalArticle", "citation_journal_title"),
                                  ("report", "citation_technical_report_institution"),
                                  ("conferencePaper", "citation_conference_title"),
                                  ("bookSection", "citation_book_title"),
                                  ("thesis", "citation_dissertation_institution")) if tag in names), None)
    if kind is None:
        kind = "book" if "citation_isbn" in names else "journalArticle"
    item: dict = {"itemType": kind}
    mapping = {"citation_title": "title", "citation_publication_date": "date", "citation_date": "date",
               "citation_journal_title": "publicationTitle", "citation_book_title": "publicationTitle",
               "citation_volume": "volume", "citation_issue": "issue", "citation_series_title": "series",
               "citation_conference_title": "conferenceName", "citation_dissertation_institution": "publisher",
               "citation_technical_report_institution": "publisher", "citation_technical_report_number": "number",
               "citation_publisher": "publisher", "citation_isbn": "ISBN", "citation_abstract": "abstractNote",
               "citation_doi": "DOI", "citation_public_url": "url", "citation_language": "language",
               "citation_issn": "ISSN"}
    for name, value in tags:
        if name in mapping and value.strip():
            item[mapping[name]] = re.sub(r"\s+", " ", value.strip())
    item["creators"] = []
    for name, value in tags:
        if name != "citation_author":
            continue
        authors = re.split(r"\s*;\s*", value)
        if len(authors) == 1:
            by_comma = re.split(r"\s*,\s*", authors[0])
            if len(by_comma) > 1 and " " in by_comma[0] and " " in by_comma[1]:
                authors = by_comma
        for author in (a.strip() for a in authors):
            if author and re.search(r"[^\s,\-.;]", author):
                person = clean_author(author, "author", "," in author)
                if person["firstName"]:
                    person["firstName"], person["lastName"] = _fix_case(person["firstName"]), _fix_case(person["lastName"])
                item["creators"].append(person)
    first = next((v for n, v in tags if n == "citation_firstpage"), "")
    last = next((v for n, v in tags if n == "citation_lastpage"), "")
    if first.strip():
        item["pages"] = first.strip() + (f"-{last.strip()}" if last.strip() else "")
    return _saved(item)


def _saved(item: dict) -> dict:
    """What Zotero's item saver keeps: the fields the type has, under the names a type calls them by."""
    kind = item["itemType"]
    if kind == "report" and "series" in item:
        item["seriesTitle"] = item.pop("series")
    if "issueDate" in item:  # a patent's date field, whose base field is date
        item["date"] = item.pop("issueDate")
    valid = zotero.TYPE_FIELDS.get(kind, zotero.TYPE_FIELDS["document"])
    return {k: v for k, v in item.items() if k in ("itemType", "creators") or k in valid}


# zotero/translators RIS.js: importTypeMap (the types it exports, read back, plus degenerate ones)
RIS_TYPES = {"ART": "artwork", "SOUND": "audioRecording", "BILL": "bill", "BLOG": "blogPost", "BOOK": "book",
             "CHAP": "bookSection", "CASE": "case", "COMP": "computerProgram", "CONF": "conferencePaper",
             "CPAPER": "conferencePaper", "DICT": "dictionaryEntry", "ENCYC": "encyclopediaArticle",
             "ICOMM": "email", "MPCT": "film", "HEAR": "hearing", "JOUR": "journalArticle", "PCOMM": "letter",
             "MGZN": "magazineArticle", "MANSCPT": "manuscript", "MAP": "map", "NEWS": "newspaperArticle",
             "PAT": "patent", "SLIDE": "presentation", "RPRT": "report", "STAT": "statute", "THES": "thesis",
             "VIDEO": "videoRecording", "ELEC": "webpage", "GEN": "journalArticle", "UNPD": "manuscript",
             "INPR": "manuscript", "GOVDOC": "report", "EBOOK": "book", "ECHAP": "bookSection", "EJOUR": "journalArticle"}
# RIS.js fieldMap (then degenerateImportFieldMap) for the tags ris.py writes: tag -> {Zotero type: field}, "*" the
# default, None where the type is excluded
_RIS_FIELDS = {
    "TI": {"*": "title"}, "VL": {"*": "volume", "patent": None}, "IS": {"*": "issue"}, "ET": {"*": "edition"},
    "PB": {"*": "publisher"}, "SE": {"*": "section"}, "DO": {"*": "DOI"}, "UR": {"*": "url"}, "LA": {"*": "language"},
    "CY": {"*": "place", "conferencePaper": None}, "C1": {"conferencePaper": "place"},
    "C3": {"conferencePaper": "publicationTitle"},
    "T2": {"*": "backupPublicationTitle", "bookSection": "publicationTitle", "blogPost": "publicationTitle",
           "conferencePaper": "conferenceName", "dictionaryEntry": "publicationTitle",
           "encyclopediaArticle": "publicationTitle", "forumPost": "publicationTitle", "webpage": "publicationTitle",
           "presentation": "meetingName", "computerProgram": "seriesTitle", "map": "seriesTitle",
           "report": "seriesTitle", "book": "series", "journalArticle": "publicationTitle",
           "magazineArticle": "publicationTitle", "newspaperArticle": "publicationTitle"},
    "T3": {"bookSection": "series", "conferencePaper": "series", "audioRecording": "seriesTitle", "book": "series"},
    "M1": {"*": "extra"},
    "M3": {"*": "DOI", "manuscript": "type", "map": "type", "report": "type", "thesis": "type", "blogPost": "type",
           "webpage": "type", "forumPost": "type", "letter": "type", "interview": "medium", "presentation": "type"},
    "SN": {"*": "ISBN", "journalArticle": "ISSN", "magazineArticle": "ISSN", "newspaperArticle": "ISSN",
           "patent": "number", "report": "number"},
    "SP": {"*": "pages", "book": "numPages", "thesis": "numPages", "manuscript": "numPages"},
    "Y2": {"*": "accessDate"},
}
_RIS_CREATORS = {
    "AU": {"*": "author", **{t: r for t, r in zotero.PRIMARY_CREATOR.items()}},
    "A2": {t: "editor" for t in ("journalArticle", "bookSection", "conferencePaper", "dictionaryEntry", "document",
                                 "encyclopediaArticle")} | {"book": "seriesEditor", "letter": "recipient",
                                                            "interview": "interviewer", "presentation": "presenter"},
    "A3": {"book": "editor"} | {t: "seriesEditor" for t in ("bookSection", "conferencePaper", "dictionaryEntry",
                                                             "encyclopediaArticle", "map", "report")},
    "A4": {"*": "translator", "conferencePaper": "contributor", "film": "contributor"},
}


def _ris_date(value: str) -> str:
    """dateRIStoZotero, as the ISO date (or 'Season year') that Zotero's formatted date stands for."""
    parts = re.split(r"\s*/\s*(?:0*(?=\d))?", value)
    if len(parts) == 1:
        return value
    numbers = []
    for p in parts[:3]:
        if not p or not p.isdigit() or not int(p):
            break
        numbers.append(int(p))
    text = "-".join([str(numbers[0]).zfill(4)] + [f"{n:02d}" for n in numbers[1:]]) if numbers else ""
    season = parts[3] if len(parts) > 3 and parts[3] else ""
    return f"{season} {text}" if season else text


def read_ris(text: str) -> list[dict]:
    items, item = [], None
    for line in text.splitlines():
        m = re.match(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$", line)
        if not m:
            continue
        tag, value = m.group(1), (m.group(2) or "").strip()
        if tag == "TY":
            item = {"itemType": RIS_TYPES.get(value, "journalArticle"), "creators": []}
            continue
        if item is None:
            continue
        kind = item["itemType"]
        if tag == "ER":
            backup = item.pop("backupPublicationTitle", None)
            if backup and "publicationTitle" not in item:
                item["publicationTitle"] = backup
            if "backupDate" in item:
                item.setdefault("date", item.pop("backupDate"))
            doi = re.search(r"10(?:\.[0-9]{4,})?/[^\s]*[^\s.,]", item.get("DOI", ""))  # ZU.cleanDOI
            if "DOI" in item:
                item["DOI"] = doi.group(0) if doi else ""
            items.append(_saved(item))
            item = None
            continue
        if not value:
            continue
        if tag in _RIS_CREATORS:
            roles = _RIS_CREATORS[tag]
            role = roles.get(kind, roles.get("*"))
            if role:
                name = re.split(r"\s*,\s*", value)
                item["creators"].append({"creatorType": role, "name": name[0]} if len(name) == 1 else
                                        {"creatorType": role, "lastName": name[0], "firstName": name[1]})
        elif tag == "PY":
            item["backupDate"] = _ris_date(value)
        elif tag == "DA":
            item.setdefault("date", _ris_date(value))
        elif tag == "EP":
            item["pages"] = f"{item['pages']}-{value}" if "pages" in item and "-" not in item["pages"] else item.get("pages", value)
        elif tag in _RIS_FIELDS:
            fields = _RIS_FIELDS[tag]
            field = fields[kind] if kind in fields else fields.get("*")
            if field == "extra":
                item["extra"] = f"{item['extra']}; {value}" if "extra" in item else value
            elif field == "accessDate":
                item.setdefault(field, _ris_date(value))
            elif field:
                item.setdefault(field, value)
    return items


# zotero/translators BibTeX.js (lastUpdated 2019-09-17), its import: bibtex2zoteroTypeMap (an entry type it
# lacks, such as @dataset, is discarded), then processField's fieldMap and inputFieldMap for plain fields.
BIBTEX_TYPES = {"book": "book", "inbook": "bookSection", "incollection": "bookSection", "article": "journalArticle",
                "patent": "patent", "phdthesis": "thesis", "unpublished": "manuscript", "inproceedings": "conferencePaper",
                "conference": "conferencePaper", "techreport": "report", "booklet": "book", "manual": "book",
                "mastersthesis": "thesis", "misc": "book", "proceedings": "book", "online": "webpage",
                "thesis": "thesis", "letter": "letter", "movie": "film", "artwork": "artwork", "report": "report",
                "legislation": "bill", "jurisdiction": "case", "audio": "audioRecording", "video": "videoRecording",
                "software": "computerProgram", "inreference": "encyclopediaArticle", "collection": "book",
                "mvbook": "book"}
_BIBTEX_FIELDS = {"address": "place", "chapter": "section", "edition": "edition", "type": "type", "series": "series",
                  "title": "title", "volume": "volume", "copyright": "rights", "isbn": "ISBN", "issn": "ISSN",
                  "shorttitle": "shortTitle", "url": "url", "doi": "DOI", "abstract": "abstractNote",
                  "nationality": "country", "language": "language", "assignee": "assignee",
                  "booktitle": "publicationTitle", "school": "publisher", "publisher": "publisher", "issue": "issue",
                  "journaltitle": "publicationTitle", "shortjournal": "journalAbbreviation",
                  "eventtitle": "conferenceName", "pagetotal": "numPages", "version": "version"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def _bib_value(text: str, i: int) -> tuple[str, str | None, int]:
    """getFieldValue: (value, raw value or None for a bare word, index after it). A braced value keeps its inner
    braces and what follows a backslash; a bare word is read as keyRe allows ([A-Za-z0-9-])."""
    if text[i] == "{":
        depth, j, out = 1, i + 1, []
        while j < len(text):
            c = text[j]
            if c == "\\":
                out.append(text[j:j + 2])
                j += 2
                continue
            depth += (c == "{") - (c == "}")
            if depth == 0:
                break
            out.append(c)
            j += 1
        raw = "".join(out)
        return _unescape_bibtex(raw), raw, j + 1
    m = re.match(r"[A-Za-z0-9-]+", text[i:])
    return (m.group(0), None, i + m.end()) if m else ("", None, i)


def _unescape_bibtex(raw: str) -> str:
    """unescapeBibTeX: LaTeX to Unicode, braces killed, whitespace collapsed. Zotero decodes by its own table
    (reversemappingTable); pylatexenc, which bibtexparser's decoding uses, stands in for that table here."""
    return re.sub(r"\s+", " ", _LATEX.latex_to_text(raw)).strip()


def _split_unprotected(value: str, delimiter: str) -> list[str]:
    """splitUnprotected: split at the delimiter outside braces (a backslash escapes the next character)."""
    parts, depth, start, i = [], 0, 0, 0
    pattern = re.compile(delimiter)
    while i < len(value):
        c = value[i]
        if c == "\\":
            i += 2
            continue
        if c in "{}":
            depth = max(0, depth + (1 if c == "{" else -1))
        elif depth == 0 and (m := pattern.match(value, i)):
            parts.append(value[start:i])
            i = start = m.end()
            continue
        i += 1
    parts.append(value[start:])
    return parts


def _bib_creators(raw: str, role: str) -> list[dict]:
    out = []
    for name in _split_unprotected(raw.strip(), r"\s+and\s+"):
        if not name:
            continue
        pieces = _split_unprotected(name, r"\s*,\s*")
        if len(pieces) > 1:
            first = pieces.pop()
            last = pieces.pop(0)
            if pieces:
                first += ", " + ", ".join(pieces)  # what is left is the "Jr" part
            out.append({"creatorType": role, "lastName": _unescape_bibtex(last), "firstName": _unescape_bibtex(first)})
        elif len(_split_unprotected(name, r" +")) > 1:
            out.append(clean_author(_unescape_bibtex(name), role, False))
        else:
            out.append({"creatorType": role, "name": _unescape_bibtex(name)})  # fieldMode 1: one field
    return out


def _bib_field(item: dict, field: str, value: str, raw: str | None) -> None:
    """processField, for the fields a .bib of ours can hold."""
    kind = item["itemType"]
    if not value.strip():
        return
    if field == "doi" and "DOI" not in zotero.TYPE_FIELDS.get(kind, ()):
        item["_extra"].append(f"DOI: {value}")
    elif field in _BIBTEX_FIELDS:
        item[_BIBTEX_FIELDS[field]] = value
    elif field == "journal":
        item["journalAbbreviation" if "publicationTitle" in item else "publicationTitle"] = value
    elif field in ("author", "editor", "translator"):
        item["creators"] += _bib_creators(raw if raw is not None else value, field)
    elif field in ("institution", "organization"):
        item["backupPublisher"] = value
    elif field == "location":
        item["backupLocation"] = value
    elif field == "number":
        item[{"report": "number", "book": "seriesNumber", "bookSection": "seriesNumber",
              "patent": "number"}.get(kind, "issue")] = value
    elif field == "month":
        month = f"{_MONTH_NAMES[_MONTHS.index(value.lower())]} " if value.lower() in _MONTHS else value + " "
        date = item.get("date")
        item["date"] = (month if date is None else month if date in month else month + date)
    elif field == "year":
        date = item.get("date")
        item["date"] = value if date is None else date if value in date else date + value
    elif field == "date":
        item["date"] = value
    elif field == "pages":
        if kind in ("book", "thesis", "manuscript"):
            item["numPages"] = value
        else:
            item["pages"] = value.replace("--", "-")
    elif field == "note":
        item["_notes"].append(value)
    elif field == "howpublished":
        if value[:7] in ("http://", "https:/", "mailto:"):
            item["url"] = value
        elif len(value) >= 7:
            item["_extra"].append(f"Published: {value}")
    elif field in ("lastchecked", "urldate"):
        item["accessDate"] = value
    elif field in ("eprint", "eprinttype"):
        item[f"_{field}"] = value
        labels = {"arxiv": "arXiv", "jstor": "JSTOR", "pubmed": "PMID", "hdl": "HDL", "googlebooks": "GoogleBooksID"}
        if item.get("_eprint") and item.get("_eprinttype", "").strip().lower() in labels:
            item["_extra"].append(f"{labels[item.pop('_eprinttype').strip().lower()]}: {item.pop('_eprint').strip()}")


def read_bibtex(text: str) -> dict[str, dict]:
    """Zotero's BibTeX import of a .bib file: {entry key: saved item}; an entry of a type it lacks is absent."""
    items = {}
    for m in re.finditer(r"@(\w+)\{([^,\s]+),", text):
        kind = BIBTEX_TYPES.get(m.group(1).lower())
        if kind is None:
            continue  # "discarded item from BibTeX"
        item: dict = {"itemType": kind, "creators": [], "_extra": [], "_notes": []}
        if m.group(1).lower() in ("mastersthesis", "phdthesis"):
            item["type"] = "Master's Thesis" if m.group(1).lower() == "mastersthesis" else "PhD Thesis"
        i = m.end()
        while True:
            f = re.compile(r"\s*(\w+)\s*=\s*").match(text, i)
            if not f:
                break
            value, raw, i = _bib_value(text, f.end())
            _bib_field(item, f.group(1).lower(), value, raw)
            i = re.compile(r"\s*,?").match(text, i).end()
        location = item.pop("backupLocation", None)
        if location:
            if kind == "conferencePaper":
                item["_extra"].append(f"event-place: {location}")
            else:
                item.setdefault("place", location)
        backup = item.pop("backupPublisher", None)
        if backup and "publisher" not in item:
            item["publisher"] = backup
        extra = item.pop("_extra")
        if extra:
            item["extra"] = "\n".join(extra)
        for key in [k for k in item if k.startswith("_")]:
            item.pop(key)
        for creator in item["creators"]:  # the item saver gives an author the type's own primary role
            if creator["creatorType"] == "author":
                creator["creatorType"] = zotero.PRIMARY_CREATOR.get(kind, "author")
        items[m.group(2)] = _saved(item)
    return items


def zotero_date(value: str) -> str:
    """The ISO date a Zotero date string stands for (strToDate, for the shapes BibTeX.js builds: 'Month year',
    ISO dates and ranges as written)."""
    m = re.fullmatch(r"([A-Z][a-z]+)\s*(\d{4})", value.strip())
    if m and m.group(1) in _MONTH_NAMES:
        return f"{m.group(2)}-{_MONTH_NAMES.index(m.group(1)) + 1:02d}"
    return value.strip()
