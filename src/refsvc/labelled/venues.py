"""Proceedings, books and publishers in the model's spans: an event's name, a firm, a place."""
from __future__ import annotations

import re
from dataclasses import replace

from refsvc import names, publishers, reftext, tagger
from refsvc.labelled.spans import (
    _LAST_SENTENCE_RE, _PREPRINT_SERVER_RE, _PUBLISHER_WORDS, _VENUE_WORDS_RE, _YEAR_RE, _known_journal, _trim,
)

# What a style prints for a missing place or publisher: "n.p.", "s.l.", "s.n.", "[S.l.]: [s.n.]", German "o. O.",
# "sine loco" — words for no field, after a field's stop ("… gambiae s.l." is a species group; "N. P." initials)
_NO_PLACE_RE = re.compile(r"(?:(?<=^)|(?<=[.,;:)\]]\s))(?:\[?(?:[sS]\.\s?[ln]\.|[nN]\.\s?p\.|o\.\s?O\.|[sS]ine\s+(?:loco|nomine))"
                          r"\]?\s*[:,;.]?(?:\s+|$))+")
# What every match of _NO_PLACE_RE holds, found without its look-behinds at every position
_NO_PLACE_HINT_RE = re.compile(r"[sSnNo]\.\s?[lnpO]\.|[sS]ine\s")


def _container_publisher(text: str, found: list[tagger.Field]) -> tuple[str, str]:
    """A book or proceedings title the model ran on into its publisher ("Advances in Learning. Curran
    Associates, Inc."): the last sentence of it is the publisher where it names a firm and none was labelled."""
    if any(f.label == "publisher" for f in found):
        return text, ""
    trimmed = _trim(text)
    head, sep, tail = trimmed.rpartition(". ")
    words = {w.lower().strip(",.;:") for w in tail.split()}
    if sep and head and tail[:1].isupper() and words & _PUBLISHER_WORDS and len(tail.split()) <= 6:
        return head, tail
    # the last sentence a publisher's name in the packaged list, or two family names joined by "&" as firms are
    # named ("… Communication Yearbook. Orr & Vale,")
    firm = tail.rstrip(" ,;")
    if sep and len(head.split()) >= 2 and (publishers.known(firm) or re.fullmatch(r"[A-Z][a-z]+ & [A-Z][a-z]+", firm)) \
            and not _known_journal(text)[0] and not _known_journal(firm)[0]:
        return head, firm
    # after a comma, a publisher's name in the packaged list, with the year printed again before it ("In:
    # Proceedings of the Lake Conference, 2019, ACM", "in: Proceedings …, ACM,")
    before, comma, firm = trimmed.rstrip(" ,").rpartition(", ")
    if comma and len(before.split()) >= 2 and publishers.known(firm) and not _known_journal(text)[0]:
        return re.sub(r",\s*(?:1[5-9]|20)\d\d$", "", before), firm
    # A book or proceedings ("In: …", never a journal) ending in its society or its acronym: "In: Symposium on
    # Lake Systems. ASCE.", "In: Lake Symp. American Water Works Association,"
    if sep and head and re.match(r"in\b", trimmed, re.I) and len(tail.split()) <= 6 and (
            re.fullmatch(r"[A-Z]{2,6}\.?", tail) or tail[:1].isupper() and words & names.ORGANISATION_WORDS):
        return head, tail
    # A journal's name (its volume may follow it), then its publisher after a stop or a comma, as records
    # exported with a publisher print it: "Frontiers in Lakes 9. Frontiers Media SA.", "Journal of Lake
    # Engineering, American Society of Lake Engineers." A one-word name ("Transactions. American Lake Society")
    # may be the start of a society's journal's: there only a publisher on the list is one.
    firm = _JOURNAL_THEN_FIRM_RE.match(trimmed.rstrip(" ,.;:"))
    if firm and _known_journal(firm.group("journal"))[0] and not _known_journal(firm.group("firm"))[0] and (
            publishers.known(firm.group("firm")) or len(firm.group("journal").split()) > 1 and {
                w.lower().strip(",.") for w in firm.group("firm").split()} & (_PUBLISHER_WORDS | _FIRM_WORDS | names.ORGANISATION_WORDS)):
        return firm.group("journal"), firm.group("firm")
    return text, ""


# A short capitalised name after a stop or a comma that closes a span ("… Engineering, American Society of Lake
# Engineers", "… 9. Frontiers Media SA")
_JOURNAL_THEN_FIRM_RE = re.compile(r"^(?P<journal>.*?[^\W\d].*?\S)(?:\.|,)\s+(?P<firm>[A-Z][^.,;:()]*(?:,\s*(?:Inc|Ltd|LLC)\.?)?)$")
# Words of firms' names that are no word of a journal's after its name's end ("Frontiers Media SA", "Orr & Co")
_FIRM_WORDS = frozenset("media sa ag co corp company group".split())

# a name's acronym after its comma, the year may follow: "…, FLG.", "…, LKC 2015"
_ACRONYM_ENDING_RE = re.compile(r",\s+[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?:\s+(?:1[5-9]|20)\d\d)?[.,]?$")


def _venue_ending_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No journal or proceedings span, but a title (or, where no title was read, a lone container) whose last
    sentence names a conference, by a conference's word or by an acronym after a comma ("… for Elders.
    Foundations of Lake Games, FLG.", "… Instrument. International conference on lake notation,"): the title ran
    on into the proceedings it was printed in."""
    labels = [f.label for f in found]
    if "title" in labels and "container-title" in labels:
        return found
    k = labels.index("title") if "title" in labels else labels.index("container-title") if labels.count(
        "container-title") == 1 else None
    if k is None:
        return found
    f = found[k]
    stops = list(_LAST_SENTENCE_RE.finditer(f.text))
    if not stops:
        return found
    head, venue = f.text[:stops[-1].start() + 1], f.text[stops[-1].end():]
    # the acronym may be the next span's ("… Lake Games," + "FLG."), where it is no publisher's ("…, ACM,")
    after = found[k + 1] if k + 1 < len(found) else None
    acronym = after is not None and venue.rstrip().endswith(",") and after.label in ("publisher", "volume", "note") \
        and bool(_ACRONYM_RE.fullmatch(after.text)) and not publishers.known(after.text)
    venue = f"{venue} {after.text}" if acronym and after else venue
    words = venue.split()
    if len(head.split()) < 3 or len(words) < 2 or words[0] in ("A", "An") or not (
            _VENUE_WORDS_RE.search(venue) or _ACRONYM_ENDING_RE.search(venue.rstrip())):
        return found
    return [*found[:k], replace(f, label="title", text=head), replace(f, label="container-title", text=venue),
            *found[k + (2 if acronym else 1):]]


_ACRONYM_RE = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*[.,]?")

# An event's days: "February 12-17, 2016", "12–17 February 2016" — no work's own date is a range of days
_DAY_RANGE_RE = re.compile(rf"\b(?:{reftext.MONTH_PATTERN}\s+\d{{1,2}}\s*[-–]\s*\d{{1,2}}|\d{{1,2}}\s*[-–]\s*\d{{1,2}}\s+{reftext.MONTH_PATTERN})"
                           r"(?:,?\s+(?:1[5-9]|20)\d\d)?")
_EVENT_PARTS = frozenset({"date", "location", "title", "volume", "pages"})
_EVENT_RUN = _EVENT_PARTS | {"publisher"}  # what may follow the name up to the days ("…, April" + "26-30, 2010. ACM.")
_BARE_YEAR_RE = re.compile(r"(?:1[5-9]|20)\d\d[.,]?")


def _event_in_the_proceedings(found: list[tagger.Field]) -> list[tagger.Field]:
    """A proceedings' name printed with its event's days and place ("…, AAAI" + "2016, February" + "12-17, 2016," +
    "Phoenix, Arizona, USA," + "edited by …"; "…, Raleigh, USA, April" + "26-30, 2010. ACM."): the text from the
    name's comma through the days, and a place after them, is the name's, where the reference's own date stands
    elsewhere. The days are a range ("February 12-17, 2016"), which no work's own date is."""
    for k, f in enumerate(found):
        if f.label != "container-title" or f.text.rstrip().endswith((".", ":", ";")):
            continue
        end = k + 1
        while end < len(found) and found[end].label in _EVENT_RUN:
            end += 1
        run = found[k + 1:end]
        text = " ".join(g.text for g in run)
        days = _DAY_RANGE_RE.search(text) if "-" in text or "–" in text else None  # the pattern is slow to fail
        if not days or ":" in text[:days.start()] or ". " in text[:days.start()]:
            return found
        # the days end the name, with the places the model read after them ("…, April 26-30, 2010," + "Raleigh,
        # USA,"), never a publisher's place ("New York, NY:")
        name_end, start = days.end(), 0
        for g in run:
            if start >= days.end():
                if g.label != "location" or g.text.rstrip().endswith(":"):
                    break
                name_end = start + len(g.text.rstrip(" ,.;"))
            start += len(g.text) + 1
        cut, taken = 0, 0  # the spans wholly in the name, and how far into the next one it reaches
        while cut < len(run) and taken + len(run[cut].text) <= name_end:
            taken += len(run[cut].text) + 1
            cut += 1
        rest = run[cut].text[max(0, name_end - taken):].lstrip(" .,;") if cut < len(run) else ""
        left = [replace(run[cut], text=rest)] if rest else []
        outside = found[:k] + left + run[cut + 1:] + found[end:]
        if not any(g.label == "date" or g.label == "publisher" and _YEAR_RE.search(g.text) for g in outside):
            return found
        name = re.sub(r"(?<=\d)\.$", "", f"{f.text} {text[:name_end]}".rstrip())  # the stop after the days is the field's end
        return [*found[:k], replace(f, text=name), *left, *run[cut + 1:], *found[end:]]
    return found


# What DBLP's names of proceedings print after the event's days: "…, April 24-26, 2017, Conference Track
# Proceedings", "…, 2019, Proceedings, Part II"
_PROCEEDINGS_AFTER_THE_DAYS_RE = re.compile(r"^(?:(?:Conference|Workshop|Main|Findings)\s+(?:Track\s+)?)?Proceedings"
                                            r"(?:,?\s+(?:Part|Volume)\s+[IVX\d]+)?\b")


def _proceedings_after_the_days(found: list[tagger.Field]) -> list[tagger.Field]:
    """A proceedings' name ending with its event's days (and place), then a span opening with the
    proceedings' own words ("…, April 24-26, 2017," + "Conference Track Proceedings, 2017."): those words end
    the name."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        tail = _PROCEEDINGS_AFTER_THE_DAYS_RE.match(after.text.strip()) if f.label == "container-title" else None
        if tail and ("-" in f.text or "–" in f.text) and _DAY_RANGE_RE.search(f.text):
            rest = after.text.strip()[tail.end():].lstrip(" ,.;")
            return [*found[:k], replace(f, text=f"{f.text.rstrip()} {tail.group()}"),
                    *([replace(after, text=rest)] if rest else []), *found[k + 2:]]
    return found


_IN_RE = re.compile(r"in:", re.I)
_IN_BEFORE_RE = re.compile(r"in:\s+\S", re.I)


def _publisher_opening_with_in(found: list[tagger.Field]) -> list[tagger.Field]:
    """A "publisher" that opens with "In:" ("In: CILC.,", "In: Autonomous Agents and Multiagent Systems
    (AAMAS).,") is the book or proceedings the work is in: no firm's name begins so; so is a span after an
    "in:" read alone ("in:" + "CILC,")."""
    out: list[tagger.Field] = []
    for f in found:
        if out and f.label in ("publisher", "location", "note") and out[-1].label != "title" \
                and _IN_RE.fullmatch(out[-1].text.strip()):
            out[-1] = replace(f, label="container-title", text=f"{out[-1].text.strip()} {f.text}")
        elif f.label == "publisher" and _IN_BEFORE_RE.match(f.text):
            out.append(replace(f, label="container-title"))
        else:
            out.append(f)
    return out


_WORDS_THEN_ACRONYM_RE = re.compile(r"^(?P<words>[A-Z][\w'’&-]*(?:\s+[\w'’&-]+){0,3}),\s+(?P<rest>\S+)$")
_SHORT_YEAR_RE = re.compile(r"[’'‘]\d\d[.,]?")
_SHORT_YEAR_OPENING_RE = re.compile(r"^(?P<year>[’'‘]\d\d)[.,]?\s+(?P<rest>\S.*)$")

# Words that join a name's parts and never end it ("… Intelligence &", "Communications of the ACM")
_NAME_GLUE_WORDS = frozenset("the of and & for in on und et de la der des du für".split())


def _name_ending_in_a_joining_word(found: list[tagger.Field]) -> list[tagger.Field]:
    """A journal's or book's name cut after "&", "and" or "of" ("… Computational Intelligence &" + "Games,
    CIG."): no name ends so; the next span's words up to its first full stop are the name's."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label != "container-title" or after.label in ("date", "url", "doi", "author") \
                or f.text.rstrip().rpartition(" ")[2].lower() not in _NAME_GLUE_WORDS:
            continue
        stop = re.search(r"(?<=\w\w)\.(?:\s+|$)", after.text)
        words, rest = (after.text[:stop.start()], after.text[stop.end():]) if stop else (after.text, "")
        return [*found[:k], replace(f, text=f"{f.text.rstrip()} {words.strip()}"),
                *([replace(after, text=rest)] if rest.strip() else []), *found[k + 2:]]
    return found


def _name_cut_before_its_end(found: list[tagger.Field]) -> list[tagger.Field]:
    """A proceedings' or journal's name the model cut mid-name, no punctuation at the cut: the next span's words and
    the acronym after their comma are the name's ("…Programming Interest" + "Group, PPIG.", where the acronym is no
    publisher's); a conference's year after it is the name's where the reference's date came before ("…Games
    Conference" + "2013."), as is a year printed with an apostrophe ("… - C&C" + "’09,")."""
    for k, f in enumerate(found[1:-1] if len(found) > 2 else [], 1):
        if f.label != "container-title" or not f.text[-1:].isalnum():
            continue
        after = found[k + 1]
        text = after.text.strip()
        dated_before = any(g.label == "date" for g in found[:k])
        # (a journal numbered by year prints it as its volume: "Mediators of Lakes 2016, 6305735.")
        # (a stop printed apart from the year is still the year's: "Conference 2013 .")
        if _SHORT_YEAR_RE.fullmatch(text) or (after.label == "date" and dated_before
                                              and _BARE_YEAR_RE.fullmatch(re.sub(r"\s+(?=[.,]$)", "", text))
                                              and _VENUE_WORDS_RE.search(f.text) and not f.text[-1].isdigit()):
            return [*found[:k], replace(f, text=f"{f.text} {text.rstrip(' .,')}"), *found[k + 2:]]
        # the year opening the numbers' or the publisher's span: "- C&C" + "’09 : 49.", "’09. Vol ;"
        opened = _SHORT_YEAR_OPENING_RE.match(text)
        if opened:
            return [*found[:k], replace(f, text=f"{f.text} {opened.group('year')}"),
                    replace(after, text=opened.group("rest")), *found[k + 2:]]
        # (an empty field's stop may trail it: "Games, FDG, .")
        words = re.sub(r"[\s,.;]+$", "", text)
        m = _WORDS_THEN_ACRONYM_RE.match(words) if after.label in ("publisher", "location", "note") else None
        if m and _ACRONYM_RE.fullmatch(m.group("rest")) and not publishers.known(m.group("rest")):
            return [*found[:k], replace(f, text=f"{f.text} {words}"), *found[k + 2:]]
        return found
    return found


def _publisher_ending_the_container(found: list[tagger.Field]) -> list[tagger.Field]:
    """A journal's or proceedings' span ending with a publisher's name in the packaged list, printed with no
    stop between them ("… Computing Systems ACM" + "2019;", "… Automation Letters IEEE;", "Lake Studies
    Routledge,"): the publisher, where the name without it is no known journal's and the firm's name does not
    close the journal's own ("Communications of the ACM"), and no publisher was read elsewhere."""
    if any(f.label == "publisher" for f in found):
        return found
    for k, f in enumerate(found):
        if f.label != "container-title" or (k + 1 < len(found) and found[k + 1].label in ("title", "container-title")):
            continue
        words = f.text.split()
        for n in (3, 2, 1):
            name, firm = " ".join(words[:-n]), " ".join(words[-n:])
            if len(words) - n < 2 or words[-n - 1].lower() in _NAME_GLUE_WORDS or words[-n - 1][-1:] in ",.;:" \
                    or not firm[:1].isupper() or not publishers.known(firm) or _known_journal(f.text)[0]:
                continue
            return [*found[:k], replace(f, text=name), replace(f, label="publisher", text=firm), *found[k + 1:]]
    return found


# A name's acronym in brackets, its year with it: "(FOCAPD)", "(xCoAx)", "(EVA 2015)"
_BRACKETED_ACRONYM_RE = re.compile(r"^\((?:[A-Z][A-Za-z]*[A-Z]|[a-z]+[A-Z])[A-Za-z0-9&-]*(?:\s+(?:1[5-9]|20)\d\d)?\)")


def _bracketed_acronym_after_the_name(found: list[tagger.Field]) -> list[tagger.Field]:
    """A proceedings' or journal's acronym in brackets after its name, read as a date or a volume
    ("Electronic Lake Arts" + "(ELA 2015).", "Foundations of Lake Design" + "(FOLD)."), or the bracket's close
    with its year ("… Arts (ELA" + "2015)."): the name's."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label != "container-title" or after.label not in ("date", "volume", "note", "publisher", "location", "medium", "url"):
            continue
        text = after.text.strip()
        whole = _BRACKETED_ACRONYM_RE.match(text) if f.text.rstrip()[-1:].isalnum() else None
        closing = re.match(r"(?:1[5-9]|20)\d\d\)", text) if f.text.count("(") > f.text.count(")") \
            and re.search(r"\([A-Za-z]+$", f.text.rstrip()) else None
        taken = whole or closing
        if taken:
            rest = text[taken.end():].lstrip(" .,;")
            return [*found[:k], replace(f, text=f"{f.text.rstrip()} {taken.group()}"),
                    *([replace(after, text=rest)] if any(c.isalnum() for c in rest) else []), *found[k + 2:]]
    return found


_HELD_RE = re.compile(r"^(?P<name>.*\w[).]?)[.,]\s+(?P<held>held\s+(?:(?:in|on)\s+)?[^.]{0,30}?(?:1[5-9]|20)\d\d)[.,]?$")


def _held_after_the_name(found: list[tagger.Field]) -> list[tagger.Field]:
    """Harvard's "…Conference. held 1999 at Lakeside, USA.": the event's year is none of the proceedings' name,
    and "at" none of its place."""
    for k, f in enumerate(found):
        m = _HELD_RE.match(f.text.strip()) if f.label == "container-title" and "held" in f.text else None
        if m:
            after = found[k + 1:k + 2]
            place = [replace(after[0], text=after[0].text.strip()[3:])] if after and after[0].label == "location" \
                and after[0].text.strip().startswith("at ") else after
            return [*found[:k], replace(f, text=m.group("name")), replace(f, label="note", text=m.group("held")),
                    *place, *found[k + 2:]]
    return found


_REPRINT_RE = re.compile(r"[.,]\s+(?P<mark>Reprint(?:ed)?|Repr\.|Facsimile)\.?(?:\s+(?P<series>[A-Z].*?))?[.,;]?$")


def _reprint_after_the_name(found: list[tagger.Field]) -> list[tagger.Field]:
    """A book's name run on into its reprint mark ("… the Great Divide, Reprint.", "… Divide. Reprint. Lake
    Studies Series."): the mark is its edition, and what follows it the series."""
    for k, f in enumerate(found):
        m = _REPRINT_RE.search(f.text) if f.label == "container-title" and ("Repr" in f.text or "Facsimile" in f.text) else None
        if m and len(f.text[:m.start()].split()) >= 2:
            series = [tagger.Field("collection-title", m.group("series"), f.confidence)] if m.group("series") else []
            return [*found[:k], replace(f, text=f.text[:m.start()]), tagger.Field("edition", m.group("mark"), f.confidence),
                    *series, *found[k + 1:]]
    return found


def _book_read_as_a_container(found: list[tagger.Field]) -> list[tagger.Field]:
    """No title, and one journal-or-book span right after the names (or their date), its publisher next
    ("Vale G, Orr V. Lake Learning and Its Applications." + "Springer;" + "2001."): a book's own title, as no
    part is printed without its title and no journal with a publisher and no numbers."""
    labels = [f.label for f in found]
    if "title" in labels or labels.count("container-title") != 1 or {"editor", "volume"} & set(labels):
        return found
    k = labels.index("container-title")
    f = found[k]
    if k == 0 or labels[k - 1] not in ("author", "date") or k + 1 == len(found) or labels[k + 1] != "publisher" \
            or re.match(r"\s*in\b", f.text, re.I) or _known_journal(f.text)[0]:
        return found
    return [*found[:k], replace(f, label="title"), *found[k + 1:]]


def _publisher_before_the_year(found: list[tagger.Field]) -> list[tagger.Field]:
    """Vancouver's "Container. Publisher; 2019." read as one span: after the container's last full stop, a short
    name closed by the semicolon before the year is its publisher ("… Computing Systems. ACM;" + "2019.",
    "Legislative Studies Quarterly. Wiley;"), unless the whole is a journal's name in the packaged list or the
    stop ends an abbreviation ("Proc. Natl. Acad. Sci. USA;")."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        year_next = after.label == "date" or after.label == "volume" and re.match(r"(?:1[5-9]|20)\d\d[a-z]?\s*;", after.text)
        if f.label != "container-title" or not year_next or not f.text.rstrip().endswith(";"):
            continue  # (Vancouver's "2011; 14:" read as the volume: the year comes next all the same)
        body = f.text.rstrip().removesuffix(";")
        head, sep, tail = body.rpartition(". ")
        last = head.split()[-1] if head.split() else ""
        if sep and (len(head.split()) >= 2 or _PREPRINT_SERVER_RE.fullmatch(head)) and len(last) > 4 and last.isalpha() and 0 < len(tail.split()) <= 6 \
                and tail[:1].isupper() and not any(c.isdigit() for c in tail) and not _known_journal(body)[0] \
                and not _known_journal(tail)[0]:
            return [*found[:k], replace(f, text=f"{head}."), tagger.Field("publisher", f"{tail};", f.confidence),
                    *found[k + 1:]]
    return found


def _source_as_container(found: list[tagger.Field]) -> list[tagger.Field]:
    """AnyStyle's few "source" spans (a journal with its numbers run together) are the container where no
    other span is."""
    if any(f.label == "container-title" for f in found):
        return found
    return [replace(f, label="container-title") if f.label == "source" else f for f in found]


def _no_place(found: list[tagger.Field]) -> list[tagger.Field]:
    """The words a style prints for a missing place or publisher are no field: a span of them alone goes, and
    one ending in them ("Dr Bloodmoney. o. O.") ends before them; a place's or publisher's span ending in them
    ("… of Local Self-Government in" + "India. o. O.") held the title's end, not a place."""
    out: list[tagger.Field] = []
    for f in found:
        if "." in f.text and f.label not in ("author", "editor", "translator", "url", "doi") \
                and _NO_PLACE_HINT_RE.search(f.text):
            text = _NO_PLACE_RE.sub("", f.text).rstrip()
            if not text:
                continue
            if text != f.text and f.label in ("location", "publisher") and out and out[-1].label == "title":
                out[-1] = replace(out[-1], text=f"{out[-1].text} {text}")
                continue
            f = replace(f, text=text) if text != f.text else f
        out.append(f)
    return out
