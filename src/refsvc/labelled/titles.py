"""Titles in the model's spans: where a title ends, and what the model ran into it or out of it (a journal, an
edition, a note, a publisher).
"""
from __future__ import annotations

import re
from dataclasses import replace

from refsvc import journals, publishers, tagger
from refsvc.labelled.numbers import _vancouver_numbers_after
from refsvc.labelled.spans import (
    _EDITOR_MARK_RE, _LAST_SENTENCE_RE, _PERIODICAL_WORDS, _PUBLISHER_WORDS, _SHORT_PUBLISHER_RE,
    _known_journal, _trim,
)

_OPENING_QUOTE_RE = re.compile(r"^[(\[]?[“\"‘]")
_CLOSING_QUOTE_RE = re.compile(r"[”\"’][.,;:]?\)?[.,;:]?$")


def _quoted_whole(found: list[tagger.Field]) -> list[tagger.Field]:
    """A title printed in quotes ends at its closing quote: spans the model cut out of it ("“Remarks from
    MIS Quarterly Editor – Editor’s Comments,”" read as title, editor, title) are the title's again."""
    for k, f in enumerate(found):
        if f.label != "title" or not _OPENING_QUOTE_RE.match(f.text) or _CLOSING_QUOTE_RE.search(f.text):
            continue
        end = next((j for j in range(k + 1, min(k + 4, len(found))) if _CLOSING_QUOTE_RE.search(found[j].text)
                    or _QUOTE_CLOSED_INSIDE_RE.search(found[j].text)), None)
        if end is None:
            return found
        # "‘… effusions." + "LCSG Trial 861’, Chest,": the quote closes inside a span; what follows it keeps its label
        inside = None if _CLOSING_QUOTE_RE.search(found[end].text) else _QUOTE_CLOSED_INSIDE_RE.search(found[end].text)
        head = found[end].text[:inside.end()].rstrip() if inside else found[end].text
        whole = tagger.Field("title", " ".join([*(g.text for g in found[k:end]), head]),
                             min(g.confidence for g in found[k:end + 1]))
        rest = [replace(found[end], text=found[end].text[inside.end():].strip())] if inside else []
        return [*found[:k], whole, *rest, *found[end + 1:]]
    return found


_QUOTE_CLOSED_INSIDE_RE = re.compile(r"[”\"’][.,;:]\s")


def _title_in_the_journal(found: list[tagger.Field]) -> list[tagger.Field]:
    """No title, but a journal span holding a comma before its numbers ("Differential Evolution: A Survey,
    IEEE Transactions on Evolutionary Computation" + "15,"): styles that separate every field by commas print
    the title and the journal as one run, and the last comma before a capital is where the title ends; with
    no such comma, the first full stop after a word."""
    if any(f.label == "title" for f in found):
        return found
    for k, f in enumerate(found[:-1]):
        if f.label != "container-title" or found[k + 1].label not in ("volume", "pages") and not _vancouver_numbers_after(found, k):
            continue
        body = f.text.rstrip(" ,.")
        cut = [m for m in re.finditer(r",\s+(?=[A-Z])", body)]
        if not cut:
            # "… decision-making: PLoS One," + "v. 5,": the last stop or colon after which a known journal's name
            # is all that is left (USGS prints "Title: Journal, v. 5")
            cut = [m for m in re.finditer(r"(?<=\w\w)[.:]\s+(?=[A-Z])", body) if _known_journal(body[m.end():])[0]][-1:]
        if not cut:
            # "The Future of Work. MIS Quarterly Executive" + "12,": a style that ends the title with a full
            # stop; the first stop after a word (not an initial, "J." or "al.") is the title's end
            cut = [m for m in re.finditer(r"(?<=\w{3})\.\s+(?=[A-Z])", body)][:1]
        if not cut or len(f.text[:cut[-1].start()].split()) < 2:
            return found
        return [*found[:k], tagger.Field("title", f.text[:cut[-1].end()].strip(), f.confidence),
                tagger.Field("container-title", f.text[cut[-1].end():], f.confidence), *found[k + 1:]]
    return found


def _title_ends_at_a_stop(found: list[tagger.Field]) -> list[tagger.Field]:
    """Styles close a title with punctuation before the journal: a title span ending mid-sentence whose
    journal span holds a full stop (or, failing one, a comma) was cut too early ("… myeloid leukemia" +
    "(CML) in chronic phase (CP). Blood."), and the words up to that stop are the title's."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        # A closing quote ends a title only where it closes the title's own quotes, not a word quoted inside it
        # ("The “masters”" + "project (…). Cytopathology,").
        if f.label != "title" or after.label != "container-title":
            continue
        closed = re.search(r"[.?!,;:]$|[.?!,;:][”\"’]$", f.text) or (
            re.search(r"[”\"’]$", f.text) and _OPENING_QUOTE_RE.match(f.text))
        if closed:
            continue
        stop = re.search(r"[.?!]\s+(?=\S)", after.text) or re.search(r",\s+(?=\S)", after.text)
        if stop is None:
            return found
        return [*found[:k], tagger.Field("title", f"{f.text} {after.text[:stop.end()].strip()}", f.confidence),
                tagger.Field("container-title", after.text[stop.end():], after.confidence), *found[k + 2:]]
    return found


def _title_goes_on_in_a_note(found: list[tagger.Field]) -> list[tagger.Field]:
    """A title span ending mid-sentence, no stop or mark after it, followed by a note that opens in lower case
    ("Modelling trust" + "under publish or perish pressure."): the note's first sentence is the title's end."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label != "title" or after.label != "note" or not after.text[:1].islower() \
                or re.search(r"[.?!,;:)”\"’]$", f.text):
            continue
        stop = re.search(r"[.?!](?=\s|$)", after.text)
        if stop is None:
            return found
        rest = after.text[stop.end():].strip()
        title = replace(f, text=f"{f.text} {after.text[:stop.end()]}")
        return [*found[:k], title, *([replace(after, text=rest)] if rest else []), *found[k + 2:]]
    return found


# A series' name and the book's number in it: "The Lake Trilogy 2", "Lecture Notes in Lake Science 1234"
_NUMBERED_SERIES_RE = re.compile(r"(?!(?:Vol|Volume|No|Nos|Part|Pt|Bd|Band|Tome|Book|Issue|Suppl|Edition|Ed)\b)(?:The\s+)?[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|of|and|in|the|&|for|on)){0,6}"
                                 r"\s+\d{1,4}\.?")


def _numbered_series_after_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """A book's title span whose last sentence is a name and a number, its publisher next ("The Ascent. The
    Lake Trilogy 4." + "Orr Books."): the series and the book's number in it, which no title ends with after a
    stop."""
    for k, f in enumerate(found[:-1]):
        if f.label != "title" or found[k + 1].label != "publisher":
            continue
        stops = list(_LAST_SENTENCE_RE.finditer(f.text))
        if stops and re.search(r"\w\w[.?!]$", f.text[:stops[-1].start() + 1]) \
                and _NUMBERED_SERIES_RE.fullmatch(f.text[stops[-1].end():].strip()):
            return [*found[:k], replace(f, text=f.text[:stops[-1].start() + 1]),
                    replace(f, label="collection-title", text=f.text[stops[-1].end():].strip()), *found[k + 1:]]
        return found
    return found


_BRACKETED_NOTES_RE = re.compile(r"^(?P<notes>(?:\[[^\[\]]{1,40}\]\s*)+[’'\"”]?[.,]?)\s*(?P<rest>.*)$")


def _bracketed_notes_end_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """A database's notes in brackets printed after the title, as MEDLINE keeps them in it ("… approaches.
    [Review] [87 refs].", "… children]. [Chinese]."), are the title's end, not a note holding what follows them
    nor the start of the journal's name."""
    for k, f in enumerate(found[1:], 1):
        m = _BRACKETED_NOTES_RE.match(f.text) if f.label in ("note", "container-title") and found[k - 1].label == "title" else None
        if m and (f.label == "note" or m.group("rest")):  # ("[Chinese]. Zhonghua Erke Zazhi": the journal stays)
            title = replace(found[k - 1], text=f"{found[k - 1].text} {m.group('notes')}")
            rest = [replace(f, text=m.group("rest"))] if m.group("rest") else []
            return [*found[:k - 1], title, *rest, *found[k + 1:]]
    return found


def _title_run_into_the_journal(found: list[tagger.Field]) -> list[tagger.Field]:
    """The end of a title that the model began the journal with ("… link: Atrial fibrillation," + "TIA and
    stroke. Sleep and Biological Rhythms,", "… effusions." + "LCSG Trial 861, Chest 106,") goes back to the title
    where the journal span's last sentence or last part after a comma is a journal's name in the packaged journal
    list and neither the whole span nor what comes before is."""
    for k, f in enumerate(found[1:], 1):
        if f.label != "container-title" or found[k - 1].label != "title":
            continue
        body = f.text.rstrip(" ,.;:")
        names = journals.load_journal_names().canonical
        if journals.name_key(body) in names or _known_journal(f.text)[0]:
            return found
        # after a sentence's end, a colon ("… in the vascular wall: Diabetologia,") or a comma ("… trial. LCSG Trial
        # 861, Chest 106,"): the title's last words
        for m in re.finditer(r"[.?!:,]\s+(?=[A-Z])", body):
            head, tail = body[:m.start() + 1], f.text[m.end():]
            if re.fullmatch(r"in:", head, re.I):
                return found  # "In: Robotics and Autonomous Systems,": the lead-in of the journal, no end of a title
            known, numbered = _known_journal(tail)  # "Sleep and Biological Rhythms;7:A34."
            numbers_after = numbered or k + 1 < len(found) and found[k + 1].label in ("volume", "pages")
            if m.group(0)[0] == "," and (not numbers_after or re.match(r"in:?\s", f.text, re.I)):
                continue  # after a comma, only a journal with its numbers, in no "In …" (a proceedings' name has commas)
            if known and journals.name_key(head.rstrip(" ,.;:")) not in names:
                title = replace(found[k - 1], text=f"{found[k - 1].text} {head}")
                return [*found[:k - 1], title, replace(f, text=tail), *found[k + 1:]]
        return found
    return found


_EDITION_TAIL_RE = re.compile(r"[\s.,]+(?P<edition>\(?(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|"
                              r"seventh|eighth|ninth|tenth|rev(?:ised)?\.?)\s+(?:edn|ed|edition)\.?\)?)[.,]?$", re.I)

_VOLUME_TAIL_RE = re.compile(r"(?<=[.,])\s+(?P<volume>(?:Vol(?:ume)?\.?|Bd\.)\s*\d+)\.?$")


def _edition_out_of_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """An edition statement ending the title span ("‘Design of Experiments.’ 8th edn.", "… Analysis (2nd
    ed.)") is the work's edition, not words of its title; a volume of a book after the title's stop or comma
    ("Inversions. Vol 6.") is its volume."""
    for k, f in enumerate(found):
        if f.label != "title":
            continue
        # (the patterns below search every position: only where the span ends as they need, an edition's word
        # at most ".)," before its end, a volume's number at most a full stop)
        m = _EDITION_TAIL_RE.search(f.text) if "ed" in f.text[-12:].lower() \
            and not any(g.label == "edition" for g in found) else None
        if m and re.search(r"\w", f.text[:m.start()]):
            edition = tagger.Field("edition", m.group("edition"), f.confidence)
            return [*found[:k], replace(f, text=f.text[:m.start()]), edition, *found[k + 1:]]
        v = _VOLUME_TAIL_RE.search(f.text) if f.text.rstrip(".")[-1:].isdigit() \
            and not any(g.label == "volume" for g in found) else None
        if v and len(f.text[:v.start()].split()) >= 1:
            volume = tagger.Field("volume", v.group("volume"), f.confidence)
            return [*found[:k], replace(f, text=f.text[:v.start()]), volume, *found[k + 1:]]
    return found


# "Snuff. Doubleday.", "Mughal Warfare, Routledge.", "Snuff (Doubleday)": a title, then its publisher's short name
_TITLE_THEN_PUBLISHER_RE = re.compile(
    r"^(?P<title>.*?\w.*?)(?:(?<!\b[A-Z])[.,]\s+|\s+\()(?P<publisher>(?:[A-Z]\.\s+){0,3}[A-Z][^.,;:()]*?(?:,\s*(?:Inc|Ltd|LLC|Co)\.?)?)\)?[.,]?$")

_BOOK_PARTS = frozenset({"container-title", "volume", "pages", "editor", "publisher", "location"})


def _note_in_the_titles_place(found: list[tagger.Field]) -> list[tagger.Field]:
    """No title, container or publisher span, and a note right after the names or their date: the title,
    read as the other spans of a title are (its publisher after a stop: "97 Lake Things. O’Reilly.")."""
    labels = [f.label for f in found]
    if {"title", "container-title", "publisher"} & set(labels) or "note" not in labels:
        return found
    k = labels.index("note")
    if k == 0 or labels[k - 1] not in ("author", "date"):
        return found
    return [*found[:k], replace(found[k], label="title"), *found[k + 1:]]


def _title_and_publisher_in_one_span(found: list[tagger.Field]) -> list[tagger.Field]:
    """A book printed with its publisher's name and no place ("Snuff. Doubleday.", as APA 7 and most recent
    styles print books) is read by the model as one span, title or publisher. Every work has a title, and a
    book names its publisher: where a reference holds a publisher span and no title or container, or a title
    span after the date and nothing a book or article would print after it, and the span's last part is a
    short name after a stop, comma or bracket, that part is the publisher."""
    labels = [f.label for f in found]
    for k, f in enumerate(found):
        after = found[k + 1] if k + 1 < len(found) else None
        alone = "title" not in labels and labels.count(f.label) == 1 and not {"volume", "pages", "editor"} & set(labels)
        lone_title = f.label == "title" and not _BOOK_PARTS & set(labels) and labels.count("title") == 1
        if f.label == "publisher" and alone and "container-title" not in labels or f.label == "container-title" and alone:
            before = None  # the model's publisher or journal: after a stop, comma or bracket
        elif lone_title and f.text.count("(") > f.text.count(")") and after is not None and after.label == "date" \
                and _trim(after.text).rstrip(".").endswith(")"):
            before = "("  # "Snuff (Doubleday," + "2011).": the publisher in brackets with the year (physics styles)
        elif lone_title and ("date" in labels[:k] or after is not None and after.label == "date" and (
                f.text.endswith(";") or f.text.endswith(",") and all(g.label in ("url", "doi") for g in found[k + 2:])
                or f.text.rstrip()[-1:].isalpha())):  # "Snuff. Doubleday" + "2011.": no stop before the year
            # in a title span, only after a full stop (a comma or bracket is as often the title's own), and where
            # the date came first or ends the reference after a semicolon, comma or nothing (Vancouver's "Publisher;
            # 2012.", Chicago's "Publisher, 2012.", "Publisher 2012."): a style that prints the date last may print
            # a subtitle after a stop
            before = "."
        else:
            continue
        m = _TITLE_THEN_PUBLISHER_RE.match(_trim(f.text))
        sep = f.text[m.end("title"):m.start("publisher")].strip() if m else ""
        # after a comma too where the name is a firm's ("All Systems Red, Tor Books," + "2017.", as Elsevier's
        # numbered styles print books): a title's own last comma part is seldom "… Books", "… Press" or a
        # publisher's name in the packaged list ("Penguin")
        firm = sep == "," and before == "." and (
            {w.lower() for w in m.group("publisher").split()} & _PUBLISHER_WORDS or publishers.known(m.group("publisher")))
        if m and before and sep != before and not firm:
            m = None
        if m and _SHORT_PUBLISHER_RE.match(m.group("publisher").strip()):
            name = m.group("publisher").strip()
            words = {w.lower() for w in name.split()}
            # "Freedom and Voting Power. SSRN Electronic Journal.": a periodical's name, not a firm's
            label = "container-title" if words & _PERIODICAL_WORDS and not words & _PUBLISHER_WORDS else "publisher"
            return [*found[:k], tagger.Field("title", m.group("title"), f.confidence),
                    tagger.Field(label, name, f.confidence), *found[k + 1:]]
        return found
    return found


_QUOTED_THEN_MORE_RE = re.compile(r"^(?P<title>[(\[]?[“\"‘].*?[”\"’][.,]?)\s+(?P<rest>[A-Z0-9].*)$")
_QUOTED_THEN_BRACKETS_RE = re.compile(r"^(?P<title>[“\"‘][^“\"‘”\"’]+[”\"’][.,]?)\s+(?P<rest>\([^()]+\)[.,]?)$")


def _container_after_the_closing_quote(found: list[tagger.Field]) -> list[tagger.Field]:
    """Where no span was labelled a container, a quoted title span going on past its closing quote
    ("“Adventures in Level Design,” PCGames") holds the container after it: styles quote the titles of parts
    (articles, chapters, papers), and what follows a part's title is the whole it is part of."""
    if any(f.label == "container-title" for f in found):
        return found
    for k, f in enumerate(found):
        bracketed = _QUOTED_THEN_BRACKETS_RE.match(f.text) if f.label == "title" else None
        if bracketed and not any(g.label == "publisher" for g in found):
            # "‘Lake Problems’ (Orr Books).": a book's quoted title, then its publisher in brackets
            publisher = tagger.Field("publisher", bracketed.group("rest"), f.confidence)
            return [*found[:k], replace(f, text=bracketed.group("title")), publisher, *found[k + 1:]]
        m = _QUOTED_THEN_MORE_RE.match(f.text) if f.label == "title" else None
        if m and not _EDITOR_MARK_RE.match(m.group("rest")) and m.group("title").count("“") <= 1:
            container = tagger.Field("container-title", m.group("rest"), f.confidence)
            return [*found[:k], replace(f, text=m.group("title")), container, *found[k + 1:]]
    return found


def _subtitle_after_the_colon(found: list[tagger.Field]) -> list[tagger.Field]:
    """A title never ends at a colon: a title or book title ending with one, followed by a publisher's or place's
    span holding a sentence ("Readings in Lakes:" + "The First Decade. Addison-Wesley"), goes on to that
    sentence's stop — the subtitle — and the rest stays the publisher's."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        if f.label not in ("title", "container-title") or not f.text.rstrip().endswith(":") \
                or after.label not in ("publisher", "location"):
            continue
        head, stop, rest = after.text.partition(". ")
        if stop and rest.strip() and head[:1].isupper() and len(head.split()) > 1:
            return [*found[:k], replace(f, text=f"{f.text.rstrip()} {head}."), replace(after, text=rest), *found[k + 2:]]
    return found
