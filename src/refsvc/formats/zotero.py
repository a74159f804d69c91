"""What Zotero makes of our items, path by path, kept as data.

Learned from Zotero's own code, read and not copied: zotero-schema's schema.json (its "csl" map of types and
fields, and each item type's fields), zotero/utilities' openurl.js (parseContextObject, which Zotero's COinS
translator runs on a page's <span class="Z3988">), and zotero/translators' Embedded Metadata.js (the Highwire
citation_* tags). coins.py and highwire.py write from these tables; tests/test_zotero_paths.py reads every
work back the way those readers do and holds it to item() less what a path is listed here as unable to carry.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# schema.json csl.types: the Zotero item type a CSL type is saved as
ITEM_TYPES = {
    "article": "preprint", "article-journal": "journalArticle", "article-magazine": "magazineArticle",
    "article-newspaper": "newspaperArticle", "bill": "bill", "book": "book", "broadcast": "tvBroadcast",
    "chapter": "bookSection", "dataset": "dataset", "document": "document", "entry-dictionary": "dictionaryEntry",
    "entry-encyclopedia": "encyclopediaArticle", "graphic": "artwork", "hearing": "hearing",
    "interview": "interview", "legal_case": "case", "legislation": "statute", "manuscript": "manuscript",
    "map": "map", "motion_picture": "film", "paper-conference": "conferencePaper", "patent": "patent",
    "personal_communication": "letter", "post": "forumPost", "post-weblog": "blogPost", "report": "report",
    "software": "computerProgram", "song": "audioRecording", "speech": "presentation", "standard": "standard",
    "thesis": "thesis", "webpage": "webpage",
}

# schema.json csl.fields: the Zotero base field a CSL variable fills (a type's own name for it, such as
# websiteTitle or institution, is that type's alias of the base field)
FIELDS = {
    "title": "title", "container-title": "publicationTitle", "collection-title": "series",
    "collection-number": "seriesNumber", "publisher": "publisher", "publisher-place": "place",
    "volume": "volume", "issue": "issue", "page": "pages", "number-of-pages": "numPages",
    "number-of-volumes": "numberOfVolumes", "edition": "edition", "number": "number", "genre": "type",
    "section": "section", "event-title": "conferenceName", "medium": "medium", "DOI": "DOI", "ISBN": "ISBN",
    "ISSN": "ISSN", "URL": "url", "language": "language", "abstract": "abstractNote", "title-short": "shortTitle",
    "archive": "archive", "archive_location": "archiveLocation", "call-number": "callNumber",
    "version": "versionNumber", "issued": "date", "accessed": "accessDate",
}

_COMMON = {"title", "abstractNote", "date", "language", "shortTitle", "url", "accessDate", "archive",
           "archiveLocation", "libraryCatalog", "callNumber", "rights", "extra"}
# schema.json itemTypes: the base fields each type has (Zotero drops any other a translator sets)
TYPE_FIELDS: Mapping[str, frozenset[str]] = {t: frozenset(_COMMON | set(f.split())) for t, f in {
    "journalArticle": "publicationTitle volume issue pages series seriesTitle seriesText journalAbbreviation DOI ISSN",
    "magazineArticle": "publicationTitle volume issue pages ISSN",
    "newspaperArticle": "publicationTitle place edition section pages ISSN",
    "book": "series seriesNumber volume numberOfVolumes edition place publisher numPages ISBN",
    "bookSection": "publicationTitle series seriesNumber volume numberOfVolumes edition place publisher pages ISBN",
    "conferencePaper": "publicationTitle conferenceName place publisher volume pages series DOI ISBN",
    "report": "number type seriesTitle place publisher pages",
    "thesis": "type publisher place numPages",
    "webpage": "publicationTitle type",
    "blogPost": "publicationTitle type",
    "forumPost": "publicationTitle type",
    "document": "publisher",
    "manuscript": "type place numPages",
    "letter": "type",
    "presentation": "type place meetingName",
    "interview": "medium",
    "preprint": "type publisher number place series seriesNumber DOI",
    "dataset": "number type versionNumber publisher place medium DOI",
    "computerProgram": "seriesTitle versionNumber system place publisher ISBN",
    "encyclopediaArticle": "publicationTitle series seriesNumber volume numberOfVolumes edition place publisher pages ISBN",
    "dictionaryEntry": "publicationTitle series seriesNumber volume numberOfVolumes edition place publisher pages ISBN",
    "patent": "place number pages",
    "film": "publisher type medium",
    "map": "type seriesTitle edition place publisher ISBN",
    "artwork": "medium",
    "audioRecording": "medium seriesTitle volume numberOfVolumes place publisher ISBN",
    "tvBroadcast": "publicationTitle number place publisher medium",
    "case": "number volume pages",
    "statute": "number volume pages section",
    "bill": "number volume pages section",
    "hearing": "number place publisher pages",
    "standard": "type number versionNumber publisher place DOI numPages",
}.items()}

# Where a type names the series seriesTitle rather than series, and the event meetingName
_RENAMED = {("series", "report"): "seriesTitle", ("series", "computerProgram"): "seriesTitle",
            ("series", "map"): "seriesTitle", ("series", "audioRecording"): "seriesTitle",
            ("conferenceName", "presentation"): "meetingName"}

# schema.json itemTypes' primary creator type, which a CSL author becomes
PRIMARY_CREATOR = {"computerProgram": "programmer", "film": "director", "artwork": "artist",
                   "presentation": "presenter", "interview": "interviewee", "patent": "inventor",
                   "audioRecording": "performer", "tvBroadcast": "director", "bill": "sponsor", "map": "cartographer"}
CREATOR_ROLES = {"editor": "editor", "translator": "translator", "container-author": "bookAuthor",
                 "collection-editor": "seriesEditor", "recipient": "recipient", "interviewer": "interviewer",
                 "reviewed-author": "reviewedAuthor"}

SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}


def item(csl: Mapping[str, Any]) -> dict[str, Any]:
    """The Zotero item (its API JSON: itemType, base fields, creators) that a CSL item is, as Zotero imports it."""
    kind = ITEM_TYPES.get(csl.get("type", ""), "document")
    valid = TYPE_FIELDS.get(kind, TYPE_FIELDS["document"])
    out: dict[str, Any] = {"itemType": kind}
    for variable, base in FIELDS.items():
        value = csl.get(variable)
        field = _RENAMED.get((base, kind), base)
        if value in (None, "", {}) or field not in valid:
            continue
        out[field] = date(value) if variable in ("issued", "accessed") else str(value)
    out = {k: v for k, v in out.items() if v}
    out["creators"] = creators(csl, kind)
    return out


def creators(csl: Mapping[str, Any], kind: str) -> list[dict[str, str]]:
    """Zotero creators in CSL order of roles: authors (as the type's primary creator), then the other roles."""
    found = [creator(p, PRIMARY_CREATOR.get(kind, "author")) for p in csl.get("author", [])]
    for role, zrole in CREATOR_ROLES.items():
        found += [creator(p, zrole) for p in csl.get(role, [])]
    return found


def creator(person: Mapping[str, str], role: str) -> dict[str, str]:
    """A CSL name as Zotero holds it: a single-field name, or last and first name with particles and suffix kept."""
    if "literal" in person or not person.get("family"):
        return {"creatorType": role, "name": person.get("literal") or person.get("given", "")}
    last = " ".join(x for x in (person.get("non-dropping-particle"), person["family"]) if x)
    first = " ".join(x for x in (person.get("given"), person.get("dropping-particle")) if x)
    if person.get("suffix"):
        first = f"{first}, {person['suffix']}" if first else person["suffix"]
    return {"creatorType": role, "lastName": last, "firstName": first}


def date(value: Mapping[str, Any]) -> str:
    """A CSL date as Zotero's date field holds it: ISO 8601 to the precision known, a season by name, a range
    as start/end (Zotero keeps such a string as written)."""
    if value.get("literal") or value.get("raw"):
        return str(value.get("literal") or value.get("raw"))
    ranges = [p for p in value.get("date-parts") or [] if p and p[0]]
    text = "/".join("-".join([str(parts[0]).zfill(4)] + [f"{int(p):02d}" for p in parts[1:3]]) for parts in ranges)
    season = SEASONS.get(value.get("season", 0))
    return f"{season} {text}" if season and text else text


# --------------------------------------------------------------------------------------------- COinS
# openurl.js parseContextObject: the ContextObject format (and book genre) that gives each Zotero type.
# Every other type goes as Dublin Core with rft.type naming the Zotero type, which the parser honours.
COINS_FORMATS = {
    "journalArticle": ("journal", "article"), "book": ("book", "book"), "bookSection": ("book", "bookitem"),
    "conferencePaper": ("book", "proceeding"), "report": ("book", "report"), "thesis": ("dissertation", ""),
    "patent": ("patent", ""),
}
# The key each format's reader takes a Zotero field from. Keys in _ANY are read whatever the format.
_ANY = {"volume": "volume", "issue": "issue", "pages": "pages", "ISSN": "issn", "ISBN": "isbn",
        "publisher": "pub", "place": "place", "numPages": "tpages", "edition": "edition", "series": "series",
        "seriesTitle": "series", "language": "language"}
COINS_KEYS: Mapping[str, Mapping[str, str]] = {
    "journal": {**_ANY, "title": "atitle", "publicationTitle": "jtitle"},
    "book": {**_ANY, "title": "btitle"},
    "book-part": {**_ANY, "title": "atitle", "publicationTitle": "btitle"},
    "dissertation": {"title": "title", "publisher": "inst", "type": "degree"},
    "patent": {"title": "title", "number": "number"},
    "dc": {**_ANY, "title": "title", "publicationTitle": "source", "publisher": "publisher",
           "abstractNote": "description"},
}
# What no key of a format carries, and why (what the README's Zotero section says)
COINS_CANNOT = {
    "number": "OpenURL has no report or document number (only a patent's)",
    "type": "OpenURL carries a genre only for a thesis (its degree)",
    "section": "OpenURL has no newspaper section",
    "seriesNumber": "OpenURL has no series number",
    "conferenceName": "OpenURL has no conference name",
    "accessDate": "OpenURL has no access date",
    "shortTitle": "OpenURL has no short title",
    "numberOfVolumes": "OpenURL has no number of volumes",
    "medium": "OpenURL has no medium", "versionNumber": "OpenURL has no version",
    "archive": "OpenURL has no archive", "archiveLocation": "OpenURL has no archive location",
    "callNumber": "OpenURL has no call number",
    "abstractNote": "Zotero reads an abstract only from Dublin Core ContextObjects",
    "language": "Zotero reads no language from a thesis or patent ContextObject",
    "ISBN": "Zotero reads no ISBN from a thesis or patent ContextObject",
    "pages": "Zotero reads no pages from a thesis or patent ContextObject",
    "place": "Zotero reads no place from a thesis or patent ContextObject",
    "numPages": "Zotero reads no number of pages from a thesis or patent ContextObject",
    "creators": "OpenURL names authors only: editors, translators and other roles have no key",
}


def coins_format(kind: str) -> tuple[str, str]:
    """(ContextObject format, genre) for a Zotero type: ("dc", type) where no format of its own exists."""
    return COINS_FORMATS.get(kind, ("dc", kind))


def coins_keys(kind: str) -> Mapping[str, str]:
    fmt, genre = coins_format(kind)
    return COINS_KEYS["book-part" if genre in ("bookitem", "proceeding") else fmt]


# ------------------------------------------------------------------------------------------ Highwire
# Embedded Metadata.js: the tag whose presence makes it choose a type, and the tags it reads fields from
HIGHWIRE_TYPE_TAGS = {"journalArticle": "citation_journal_title", "report": "citation_technical_report_institution",
                      "conferencePaper": "citation_conference_title", "bookSection": "citation_book_title",
                      "thesis": "citation_dissertation_institution", "book": "citation_isbn"}
HIGHWIRE_FIELDS: Mapping[str, Mapping[str, str]] = {
    "journalArticle": {"publicationTitle": "citation_journal_title", "ISSN": "citation_issn"},
    # no Highwire type for these: the journal tag keeps their paper or magazine (Zotero files a journal article)
    "newspaperArticle": {"publicationTitle": "citation_journal_title", "ISSN": "citation_issn"},
    "magazineArticle": {"publicationTitle": "citation_journal_title", "ISSN": "citation_issn"},
    "bookSection": {"publicationTitle": "citation_book_title", "publisher": "citation_publisher",
                    "ISBN": "citation_isbn", "series": "citation_series_title"},
    "conferencePaper": {"publicationTitle": "citation_book_title", "conferenceName": "citation_conference_title",
                        "publisher": "citation_publisher", "ISBN": "citation_isbn", "DOI": "citation_doi",
                        "series": "citation_series_title"},
    "report": {"publisher": "citation_technical_report_institution", "number": "citation_technical_report_number"},
    "thesis": {"publisher": "citation_dissertation_institution"},
    "book": {"publisher": "citation_publisher", "ISBN": "citation_isbn", "series": "citation_series_title"},
}
HIGHWIRE_COMMON = {"title": "citation_title", "date": "citation_publication_date", "volume": "citation_volume",
                   "issue": "citation_issue", "DOI": "citation_doi", "url": "citation_public_url",
                   "language": "citation_language", "abstractNote": "citation_abstract"}
HIGHWIRE_CANNOT = {
    "itemType": "Highwire tags name no type for it: Zotero takes a page with citation_title alone for a journal article",
    "creators": "citation_author is one name split at its comma: an institution whose name holds a comma is "
                "cut in two, a suffix (Jr.) is dropped, and editors and other roles have no tag",
    "fields": "Highwire has no tag for this field of this type",
}


def highwire_fields(kind: str) -> Mapping[str, str]:
    """Zotero field -> Highwire tag for a Zotero type (pages go as citation_firstpage/lastpage)."""
    return {**HIGHWIRE_COMMON, **HIGHWIRE_FIELDS.get(kind, {})}


# ----------------------------------------------------------------------------------------------- RIS
# formats/ris.py writes the tags of Zotero's RIS map (RIS.js fieldMap: ris.TYPE_TAGS); what RIS.js cannot read back
RIS_CANNOT = {
    "itemType": "RIS has no type Zotero reads back as a document: Zotero itself writes one as GEN, and reads GEN as "
                "a journal article",
    "creators": "RIS.js splits a name at its commas: an institution whose name holds a comma is cut in two, and a "
                "suffix (Jr.) is dropped",
    "number": "RIS.js reads M1 (a number of any type but a report or patent) into Extra",
    "type": "RIS.js reads M3 as a genre only for reports, theses, web pages, manuscripts, letters and maps",
    "series": "RIS.js reads T3 as a series only for chapters, conference papers and books",
    "seriesNumber": "RIS has no series number", "numberOfVolumes": "written by no writer here",
    "pages": "a book's, thesis's or manuscript's SP is its number of pages",
    "date": "RIS holds one date: a range keeps its start",
    "abstractNote": "not written (AB is read)",
}


# ------------------------------------------------------------------------------------ BibTeX import
# What Zotero's BibTeX import (zotero/translators BibTeX.js, both dialects) cannot bring back from our .bib files,
# by Zotero field, and which dialect loses it; tests/test_zotero_paths.py holds every other field to the item.
BIBTEX_CANNOT: Mapping[str, tuple[tuple[str, ...], str]] = {
    "itemType": (("biblatex", "bibtex"), "BibTeX.js reads every @article as a journal article (a newspaper's or "
                 "magazine's too: entrysubtype is not read), @misc as a book (a document, a letter; in classic "
                 "BibTeX a web page, a blog post and a patent too) and @online as a web page (a blog post too)"),
    "publicationTitle": (("biblatex", "bibtex"), "a web page's site name is written where biblatex and BibTeX keep "
                         "it (organization, howpublished): BibTeX.js reads organization as a publisher, which a web "
                         "page has not, and howpublished into Extra"),
    "extra": (("biblatex", "bibtex"), "BibTeX.js puts howpublished that is not a link into Extra ('Published: …', "
              "a personal communication's too), "
              "and a DOI of a type with no DOI field there too ('DOI: …')"),
    "place": (("biblatex",), "BibTeX.js reads a proceedings paper's biblatex location as the conference's place "
              "(Extra: event-place)"),
    "language": (("biblatex",), "the biblatex file names a language biblatex knows by langid (for hyphenation), "
                 "which BibTeX.js does not read"),
    "date": (("biblatex", "bibtex"), "from classic BibTeX, BibTeX.js reads month and year, not day (and classic BibTeX's "
             "year holds no range's end); a season or an "
             "unknown year written as ISO 8601-2 (2019-23, XXXX) in biblatex is kept as written"),
    "section": (("biblatex", "bibtex"), "no BibTeX field holds a newspaper's section"),
    "numPages": (("biblatex", "bibtex"), "BibTeX.js reads a book's pages as its number of pages"),
    "url": (("biblatex", "bibtex"), "BibTeX.js decodes LaTeX in every field, a URL's too: a ~ in it becomes a "
            "space"),
    "quotes": (("biblatex", "bibtex"), "quotation marks in a title or a container's title are written as LaTeX's "
               "``, '', ` and ', which BibTeX.js reads back as curly quotes"),
    "seriesTitle": (("biblatex",), "biblatex's report has no series"),
    "creators": (("biblatex", "bibtex"), "BibTeX.js reads authors, editors and translators only (not a chapter's "
                 "book author); classic BibTeX has no translator"),
    "publisher": (("bibtex",), "classic BibTeX's @misc has no publisher"),
    "seriesNumber": (("bibtex",), "a patent written as classic @misc has its number read as a series number"),
    "number": (("bibtex",), "a patent written as classic @misc has its number read as a series number"),
}
