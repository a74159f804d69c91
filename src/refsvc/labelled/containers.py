"""Containers in the model's spans: a journal's or book's name, taken out of a title or apart from its numbers."""
from __future__ import annotations

import re
from dataclasses import replace

from refsvc import journals, names, publishers, tagger
from refsvc.labelled.numbers import _vancouver_numbers_after
from refsvc.labelled.spans import (
    _CASE_WORD_RE, _LAST_SENTENCE_RE, _PUBLISHER_WORDS, _YEAR_RE, _cased, _known_journal, _trim, _unquote,
)

# A series named after a book's title: "…, Lecture Notes in Lake Science", ". The Orr Series in Lake Studies",
# ", ACM International Conference Proceeding Series" (never a journal's lettered section, "Series B")
_SERIES_TAIL_RE = re.compile(r"^(?P<name>.*?\w[^,]*?)[.,]\s+(?P<series>(?:The\s+)?(?:[A-Z][\w&'’-]*\s+)*"
                             r"(?:Series(?!\s+[A-Z]\b)|Lecture\s+Notes\s+in)\b[^.,;]*?)[.,;]?$")


def _container_series(text: str) -> tuple[str, str]:
    """A book's or proceedings' title the model ran on into its series: (the title, the series), or (text, "")."""
    if "Series" not in text and "Lecture" not in text:
        return text, ""
    m = _SERIES_TAIL_RE.match(_trim(text))
    if m is None or len(m.group("name").split()) < 2 or _known_journal(text)[0]:
        return text, ""
    return m.group("name"), m.group("series")


def _container_before_the_medium(found: list[tagger.Field], sentence: str) -> list[tagger.Field]:
    """A container span going on past the sentence the medium ("[Internet]") was printed after: the rest is its
    publisher. No container span, and a title span whose last sentence is that one: that sentence is the journal
    or book the title appeared in ("Against lakes. Lake Studies" + "[Internet]"); a title's own medium follows its
    first sentence, which is no last one."""
    for k, f in enumerate(found[:-1]):
        # the title ran into the sentence's first words, the container span holds its last ones: "… Century.
        # Accounting Lakes" + "Journal Orr Press;"
        after = found[k + 1]
        joined = f"{f.text} {after.text}"
        at = joined.find(sentence)
        if f.label == "title" and after.label == "container-title" and 0 < at < len(f.text) < at + len(sentence) \
                and re.search(r"\w\w[.?!]\s+$", joined[:at]):
            found = [*found[:k], replace(f, text=joined[:at].rstrip()), replace(after, text=joined[at:]), *found[k + 2:]]
            break
    for k, f in enumerate(found):
        # the medium parted the container from its publisher: "Lake Studies [Internet] Orr Press; 1999."
        at = f.text.find(sentence) if f.label == "container-title" else -1
        rest = f.text[at + len(sentence):].strip() if at >= 0 else ""
        if rest[:1].isupper():
            return [*found[:k], replace(f, text=f.text[:at + len(sentence)]),
                    replace(f, label="publisher", text=rest), *found[k + 1:]]
    if any(f.label == "container-title" for f in found):
        return found
    for k, f in enumerate(found):
        cut = f.text.rfind(sentence) if f.label == "title" else -1
        if cut <= 0:
            continue
        if not re.search(r"\w\w[.?!]\s+$", f.text[:cut]) or len(f.text[:cut].split()) < 2:
            return found
        end = cut + len(sentence)
        rest = f.text[end:].strip()
        # after the name, what the medium parted from it: nothing, a publisher ("… Nature" + "Orr Society;") or
        # the volume
        if not any(c.isalnum() for c in rest):
            name, after = f.text[cut:], []
        elif rest[:1].isupper() or rest[:1].isdigit():
            name, after = f.text[cut:end], [replace(f, label="publisher" if rest[:1].isupper() else "volume", text=rest)]
        else:
            return found
        return [*found[:k], replace(f, text=f.text[:cut].rstrip()), replace(f, label="container-title", text=name.strip()),
                *after, *found[k + 1:]]
    return found


def _container_before_numbers_in_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No container span, but a title whose last sentence ends with a comma or a colon, followed by nothing but
    numbers, a date and links ("… Drum Language. Language," + "90."; "… agent design. Autonomous Lakes and
    Multilake Systems," + "360."): that sentence is the journal or proceedings the numbers belong to."""
    labels = [f.label for f in found]
    if "container-title" in labels or "title" not in labels:
        return found
    k = labels.index("title")
    f = found[k]
    after = found[k + 1:]
    if not re.search(r"\w\s?[,:]$", f.text) or not after or after[0].label not in ("pages", "volume") \
            or not re.match(r"\(?\d", after[0].text) or not all(g.label in ("pages", "volume", "date", "url", "doi") for g in after):
        return found
    stops = list(_LAST_SENTENCE_RE.finditer(f.text))
    if not stops or len(f.text[:stops[-1].start()].split()) < 2 or re.search(r"[“”\"]", f.text):
        return found  # (a quoted title ends at its closing quote, not at a stop inside it)
    name = f.text[stops[-1].end():]
    # a bare number after a name no list knows may be a volume or a page ("Lake Informatics, 145."): left as read
    if re.fullmatch(r"\d+\.?", after[0].text.strip()) and not _known_journal(name)[0]:
        return found
    return [*found[:k], replace(f, text=f.text[:stops[-1].start() + 1]), replace(f, label="container-title", text=name),
            *after]


# Numbers after a journal's name, beyond a bare year: "2013; 8(143).", "4(1426):CD008173.", "8(143)."
_VOLUME_SHAPE_RE = re.compile(r"^\(?(?:(?:1[5-9]|20)\d\d[a-z]?\)?\s*[;.,]\s*)?\d+\s*(?:\([^)]*\)|:\s*\w)"
                              r"|^(?:1[5-9]|20)\d\d[a-z]?\s*;\s*\d+[A-Za-z]?\.?$")  # "2011; 6.": Vancouver, unpaged


def _journal_closing_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No journal span, but the title span is followed by a volume: the title's last sentence (or, where it
    has none, its last comma's part) is the journal the model ran into it ("… Sydney, Australia. PLoS ONE."
    + "2013; 8(143).")."""
    if any(f.label == "container-title" for f in found):
        return found
    for k, f in enumerate(found[:-1]):
        after = " ".join(g.text for g in found[k + 1:k + 4])  # "2012;" + "4(1426):…", "2010;" + "90:" + "101A."
        if f.label != "title" or not _VOLUME_SHAPE_RE.match(_trim(after)):
            continue
        body = f.text.rstrip(" .,;:")
        cut = [m for m in re.finditer(r"[.?!]\s+(?=[A-Z])", body)] or [m for m in re.finditer(r",\s+(?=[A-Z])", body)]
        if not cut:
            return found
        head, tail = f.text[:cut[-1].end()].strip(), f.text[cut[-1].end():]
        if len(head.split()) < 2 or not 1 <= len(tail.split()) <= 8 or re.search(r"\d", tail):
            return found
        return [*found[:k], tagger.Field("title", head, f.confidence), tagger.Field("container-title", tail, f.confidence),
                *found[k + 1:]]
    return found


# (a journal printed close up to its numbers, "Chest;140(3):", is read too)
_JOURNAL_TAIL_RE = re.compile(r"^(?P<name>[A-Z][^\d.;:()\[\]]*(?:\.\s?[A-Za-z][^\d.;:()\[\]]*)*"
                              r"(?:\s\([^\d()]+\))?\.?)(?:\s+|;)"  # NLM's place after a name: "Cardiology (Basel)"
                              r"(?P<numbers>(?:(?:1[5-9]|20)\d\d[a-z]?\s*;\s*)?"  # Vancouver's "2008; 112: 1179."
                              r"\d+[A-Za-z]?(?:\s*\([^)\s]*\))?(?:\s*:\s*[\w–-]+)?):?\.?$")

# Embase's conference abstracts: the journal glued to the meeting by ".Conference:", then the meeting's name,
# place and days, all of it the record's container ("Lake Studies.Conference: 23rd Lake Workshop, LW New York
# City, NY United States.Conference Start: 20100801 Conference End: 20100805.Conference Publication 47 (13 SUPPL)")
_GLUED_MEETING_RE = re.compile(r"[a-z]\.\s?Conference:\s")
# (the numbers: "47 (13 SUPPL)", "47, 13 SUPPL", "51: 48A-49A.")
_MEETING_THEN_NUMBERS_RE = re.compile(r"^(?P<name>.*?[A-Za-z)][.,]?)\s+(?P<numbers>\d{1,4}[A-Z]?(?:[\s,:;()–-]+"
                                      r"(?:[A-Z]?\d+[A-Za-z]?|[Ss]uppl\.?|SUPPL|[Ss]upplement))*[.,:;)]*)$")
_MEETING_PARTS = frozenset({"location", "publisher", "note", "container-title", "volume", "pages"})


def _meeting_in_the_journal(found: list[tagger.Field]) -> list[tagger.Field]:
    """The spans after an Embase journal-and-meeting name ("Lake Studies.Conference: …"), up to a date or a
    link, are the meeting's name, place and days (the model reads a place, a publisher, a note), then the
    volume's numbers."""
    for k, f in enumerate(found):
        glued = _GLUED_MEETING_RE.search(f.text) if f.label in ("container-title", "title") else None
        if glued and f.label == "title":
            # the title ran into the journal: it ends at the last stop before the journal's name
            stop = list(_LAST_SENTENCE_RE.finditer(f.text, 0, glued.start()))
            if not stop or any(g.label == "container-title" for g in found):
                return found
            journal = replace(f, label="container-title", text=f.text[stop[-1].end():])
            found = [*found[:k], replace(f, text=f.text[:stop[-1].start() + 1]), journal, *found[k + 1:]]
            k, f = k + 1, journal
        if not glued:
            continue
        end = k + 1
        # (up to the numbers' own span: "18(3 SUPPL)," + "pp. 76A-76A.")
        while end < len(found) and found[end].label in _MEETING_PARTS and not (
                found[end].label in ("volume", "pages") and re.match(r"\s*(?:\d|pp?\.)", found[end].text)):
            end += 1
        joined = " ".join(g.text.strip() for g in found[k:end])
        numbered = _MEETING_THEN_NUMBERS_RE.match(joined)
        if numbered is None:
            return [*found[:k], replace(f, text=joined), *found[end:]]  # (unchanged where nothing followed)
        return [*found[:k], replace(f, text=numbered.group("name")),
                tagger.Field("volume", numbered.group("numbers"), found[end - 1].confidence), *found[end:]]
    return found


def _container_by_case_after_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No container span, and a title in sentence case whose last sentence is in title case ("Against lake
    procedures. Lake Studies."): a title keeps its own case through a second sentence, so the words in
    another case are the journal's or book's, as every style prints a container's name in title case."""
    if any(f.label == "container-title" for f in found):
        return found
    for k, f in enumerate(found):
        stops = list(_LAST_SENTENCE_RE.finditer(f.text)) if f.label == "title" else []
        stop = stops[-1] if stops and re.search(r"\w\w[.?!]$", f.text[:stops[-1].start() + 1]) else None
        if stop is None:
            continue
        head, tail = f.text[:stop.start() + 1], f.text[stop.end():]
        words = tail.rstrip(" .,;").split()
        if len(_CASE_WORD_RE.findall(head)) >= 5 and 0 <= _cased(head) <= 0.1 and len(words) >= 2 \
                and words[0] not in ("A", "An") and not any(c.isdigit() for c in tail) \
                and _cased(f" {tail}") == 1.0 and tail.rstrip(" .,;")[-1:].isalpha():
            return [*found[:k], replace(f, text=head), replace(f, label="container-title", text=tail), *found[k + 1:]]
        return found
    return found


def _journal_after_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """Where no span was labelled a journal, a title or note ending the reference (or followed by its year
    alone) whose last sentence is a name and a volume ("… routine chest CT. PLoS ONE 6.", "[Abstract]. Chest
    138: 811a.") holds the journal: articles printed with no pages, or paged by article number, that the model
    reads as one sentence."""
    if any(f.label in ("container-title", "volume", "pages") for f in found):
        return found
    spans = [k for k, f in enumerate(found) if f.label not in ("url", "doi", "isbn")]
    if len(spans) > 1 and found[spans[-1]].label == "date":
        spans.pop()  # "… perspective. Decision Support Systems 127," + "(2019).": the year printed last
    if not spans or found[spans[-1]].label not in ("title", "note", "publisher"):
        return found
    k = spans[-1]
    f = found[k]
    f = replace(f, text=f.text.rstrip().removesuffix(","))
    starts = [m.end() for m in re.finditer(r"[.?!\]]\s+(?=[A-Z])", f.text)]
    commas = [m.end() for m in re.finditer(r",\s+(?=[A-Z])", f.text)][-1:]  # "…, Blood 118.": the last comma
    untitled = f.label == "note" and not any(g.label == "title" for g in found)
    # a note standing where the title should is read from its sentences first: its first is the title
    for start in (starts + commas + [0] if untitled else ([0] if f.label != "title" else []) + starts + commas):
        tail = _JOURNAL_TAIL_RE.match(f.text[start:])
        if tail and len(tail.group("name").split()) <= 8 and not _YEAR_RE.fullmatch(tail.group("numbers")) \
                and (f.label != "publisher" or ":" in tail.group("numbers")) \
                and (start not in commas or "," not in tail.group("name")):
            head = f.text[:start].strip()
            # what precedes the journal in a note is the title where the model labelled none ("Winter feeding
            # of trout. Lake Research 1: S34." read as one note)
            label = "title" if untitled else f.label
            kept = [tagger.Field(label, head, f.confidence)] if head else []
            return [*found[:k], *kept, tagger.Field("container-title", tail.group("name"), f.confidence * 0.8),
                    tagger.Field("volume", tail.group("numbers"), f.confidence * 0.8), *found[k + 1:]]
    return found


# A book's or proceedings' title the model ran on into its editors in brackets or its volume: "Advances in
# Lake Research (eds. Orr, T. et al.)", "Advances in Lake Research. Vol. 26,"
_CONTAINER_TAIL_RE = re.compile(r"^(?P<name>.*?\w[^\s(]*?)[\s,.]*(?P<editors>\((?:eds?|hrsg|hg|dir)\.?\s[^()]+\))?"
                                r"[\s,.]*(?P<volume>(?:vol(?:ume)?\.?|Bd\.)\s*\d+[A-Za-z]?)?[\s.,;:]*$", re.I)
# what the pattern above takes out, looked for first: the pattern backtracks through every span it is tried on
_CONTAINER_TAIL_HINT_RE = re.compile(r"\((?:eds?|hrsg|hg|dir)\b|\bvol(?:ume)?\b|\bbd\.", re.I)


def _container_tail(found: list[tagger.Field]) -> list[tagger.Field]:
    """Editors in brackets and a volume ending a container span are its editors and volume (a volume alone
    is taken out only where no span was labelled one)."""
    out: list[tagger.Field] = []
    has_volume = any(f.label == "volume" for f in found)
    for f in found:
        m = _CONTAINER_TAIL_RE.match(f.text) if f.label == "container-title" and _CONTAINER_TAIL_HINT_RE.search(f.text) \
            else None
        if m is None or not (m.group("editors") or (m.group("volume") and not has_volume)):
            out.append(f)
            continue
        out.append(tagger.Field("container-title", m.group("name"), f.confidence))
        if m.group("editors"):
            out.append(tagger.Field("editor", m.group("editors").strip("()"), f.confidence))
        if m.group("volume"):  # a second volume, where one was labelled, is reported unread, not dropped
            out.append(tagger.Field("volume", m.group("volume"), f.confidence))
            has_volume = True
    return out


def _location_in_the_journal(found: list[tagger.Field]) -> list[tagger.Field]:
    """A place never stands before a volume: a place span followed by the volume, the pages or Vancouver's
    "2013;" is the journal where no span was labelled one ("Cardiology (Switzerland)" + "2013;" + "126:"), and
    a place in brackets between the journal and its numbers is part of the journal's name ("Journal of
    Pharmacological Sciences" + "(Tokyo, Japan)" + "128, S131.": NLM's titles keep their place)."""
    has_journal = any(f.label == "container-title" for f in found)
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        numbers = after.label in ("volume", "pages") or (
            after.label == "date" and after.text.rstrip().endswith(";") and k + 2 < len(found)
            and found[k + 2].label in ("volume", "pages"))
        if f.label != "location" or not numbers:
            continue
        if not has_journal and any(g.label == "title" for g in found[:k]) and re.match(r"[A-Z][^\W\d_]", f.text) \
                and f.text.count("(") == f.text.count(")"):
            return [*found[:k], replace(f, label="container-title"), *found[k + 1:]]
        if k and found[k - 1].label == "container-title" and re.fullmatch(r"\([^()\d]+\)[.,]?", f.text.strip()):
            journal = found[k - 1]
            return [*found[:k - 1], replace(journal, text=f"{journal.text.rstrip(' ,.')} {f.text}"), *found[k + 1:]]
    return found


def _journal_begun_in_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """A journal whose name the model began inside the title, after the title's last colon, full stop or comma
    ("… in mice: Diabetes/Metabolism" + "Research and Reviews," + "v. 30,"; "… in rats: Diabetology and
    Metabolic Syndrome" + "v. 9,"; "…, Cochrane Database of" + "Systematic Reviews"), is taken out of the title where the whole name is a journal's in the
    packaged journal list (as AnyStyle's and GROBID's journal dictionaries are used)."""
    known = journals.load_journal_names().canonical
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label != "title" or after.label not in ("container-title", "volume", "pages"):
            continue
        if after.label != "container-title" and any(g.label == "container-title" for g in found):
            return found
        rest = after.text.strip(" ,.;:") if after.label == "container-title" else ""
        body = f.text.rstrip(" ,.;:")
        for m in re.finditer(r"[:.?!,]\s+(?=[A-Z])", body):
            head, tail = body[:m.start() + 1], body[m.end():]
            name = f"{tail} {rest}".strip()
            if len(head.split()) >= 2 and len(name.split()) <= 10 and journals.name_key(name) in known:
                closing = after.text[len(after.text.rstrip(" ,.;:")):] if rest else ""  # the span's own ", "
                journal = tagger.Field("container-title", name + closing, f.confidence)
                return [*found[:k], replace(f, text=head), journal, *found[k + (2 if rest else 1):]]
        return found
    return found


def _journal_ending_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No journal span, but a title whose last sentence is a journal's name in the packaged list, followed only by
    numbers, in its span or after it ("… in Mice. Mediators of Inflammation." + "2016" + "6305735.", "… in Mice.
    Diabetologia. 1 S334."): the title ran on into its journal."""
    # (a note where no title was read is the title: "2012." + "Change in lakes, Stroke," + "vol. 43,")
    k = next((k for k, f in enumerate(found) if f.label == "title"), None)
    k = next((k for k, f in enumerate(found) if f.label == "note"), None) if k is None else k
    if k is None or any(f.label == "container-title" for f in found) \
            or not all(f.label in ("date", "volume", "pages", "doi", "url") for f in found[k + 1:]):
        return found
    title = found[k]
    for m in re.finditer(r"[.?!,]\s+(?=[A-Z])", title.text):
        journal = title.text[m.end():]
        known, numbered = _known_journal(journal)
        if m.group(0)[0] == "," and not numbered and not any(g.label in ("volume", "pages") for g in found[k + 1:]):
            continue  # after a comma, only with the journal's numbers ("…, Cochrane Database … 7, CD003586")
        if known and (numbered or k + 1 < len(found)):
            head = replace(title, label="title", text=title.text[:m.start() + 1])
            return [*found[:k], head, replace(title, label="container-title", text=journal), *found[k + 1:]]
    return found


def _known_journal_after_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """No journal span, but after the title a span read as a publisher with a volume after it ("PLoS ONE 8") or as
    a second name list ("Brain Injury.") whose name is a journal's in the packaged list: the journal. (A publisher's
    name alone may be a journal's too: "Sage", "Polity".) So is a note right after the title that is a name and
    numbers ("Lake Studies, 114, 103145."), known or not."""
    if any(f.label == "container-title" for f in found):
        return found
    title = next((k for k, f in enumerate(found) if f.label == "title"), None)
    if title is None:
        return found
    for k, f in enumerate(found[title + 1:], title + 1):
        if f.label not in ("publisher", "location", "author", "note"):
            continue
        known, numbered = _known_journal(f.text)
        both = _journal_then_firm(f.text) if k == title + 1 and f.label in ("publisher", "note") else None
        if both:  # "Gait & Lakes,. Elsevier.", "Gait & Lakes Elsevier;": the journal, then its publisher
            return [*found[:k], replace(f, label="container-title", text=both[0]), replace(f, text=both[1]),
                    *found[k + 1:]]
        if f.label == "note" and numbered and k == title + 1 and re.match(r"[A-Z]", f.text) or \
                known and (numbered or f.label == "author" or _journal_ending_the_entry(found, k)) or \
                f.label in ("publisher", "note") and k == title + 1 and _vancouver_numbers_after(found, k) \
                and not any(g.label == "location" for g in found):
            return [*found[:k], replace(f, label="container-title"), *found[k + 1:]]
    return found


def _journal_then_firm(text: str) -> tuple[str, str] | None:
    """(a known journal's name, a known publisher's) where text is the one, then the other: "Gait & Lakes,.
    Elsevier.", "Lake Studies Wiley Online Library;"."""
    words = text.strip(" ,.;:").split()
    for n in (1, 2, 3):
        name, firm = " ".join(words[:-n]).rstrip(" ,.;:"), " ".join(words[-n:])
        if len(words) > n and publishers.known(firm) and _known_journal(name)[0]:
            return name, firm
    return None


def _journal_ending_the_entry(found: list[tagger.Field], k: int) -> bool:
    """A known journal's name read as the publisher, ending the entry with no place anywhere ("… Systems.
    Knowledge Acquisition"), or read as a place with no publisher anywhere ("… study. Blood"): an article printed
    without its numbers, not a book (books print a publisher, with or without its place). A publisher's name of
    one word ("Sage", "Polity") or with an organisation's or a publisher's word ("… Society", "… Press") may be
    either."""
    words = [w.lower().strip(".,;:") for w in found[k].text.split()]
    if not all(f.label in ("date", "doi", "url", "note") for f in found[k + 1:]) \
            or any(w in names.ORGANISATION_WORDS or w in _PUBLISHER_WORDS for w in words):
        return False
    if found[k].label == "location":
        return not any(f.label == "publisher" for f in found)
    return len(words) > 1 and not any(f.label == "location" for f in found)


# "In" after a sentence's end; "in" also after a comma or a closing quote (Chicago: '“Title,” in Book, edited by')
_IN_CONTAINER_RE = re.compile(r"(?<=[.?!])\s+In:?\s+(?=[‘“\"A-Z])|(?<=[,’”\"])\s+[Ii]n:?\s+(?=[‘“\"A-Z])")


def _container_in_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """Where no span was labelled a container, a title span going on past a closing stop into "In …"
    ("Convergence control. In ‘Genetic and Evolutionary Computation Conference’"), or past a comma or closing
    quote into "in …" ("“Convergence Control,” in Genetic …"), holds the book or proceedings it appeared in:
    so every style that prints a container opens it. So does a container span where no title was read
    ("Modelling Discourse, in: Proceedings of the Lake Conference,"): the title and its container as one run."""
    has_title = any(f.label == "title" for f in found)
    has_container = any(f.label == "container-title" for f in found)
    for k, f in enumerate(found):
        run = f.label == "title" and not has_container or f.label == "container-title" and not has_title
        m = _IN_CONTAINER_RE.search(f.text) if run else None
        # (after a stop, "In" opens the container whatever the title's length: "Snowflakes. In Book of Lakes.")
        if m and len(f.text[:m.start()].split()) >= (1 if f.text[m.start() - 1] in ".?!" else 2) \
                and len(f.text[m.end():].split()) >= 1:
            container = _unquote(f.text[m.end():])
            book = tagger.Field("container-title", container, f.confidence)
            return [*found[:k], replace(f, label="title", text=f.text[:m.start()]), book, *found[k + 1:]]
    return found
