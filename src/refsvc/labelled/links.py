"""Links and identifiers in the model's spans: DOIs, URLs, preprint servers and the words that lead into a link."""
from __future__ import annotations

import re
from dataclasses import replace

from refsvc import tagger
from refsvc.labelled.spans import _DOI_RE, _LINK_WORDS, _PREPRINT_SERVERS, _PREPRINT_SERVER_RE, _URL_RE, _trim

_PREPRINT_WORDS_RE = re.compile(r"rxiv|ssrn|research\s+square|preprints", re.I)  # where such a name can be, cheaply

# A preprint's name: through the server's own identifier ("arXiv preprint arXiv:1806.07555"), or the server's
# name, where only a year, a number, a link or the date it went online follow ("bioRxiv, 807693", "arXiv. 2020.")
# (an identifier of arXiv's forms, "1806.07555", "math/0211159": "bioRxiv:818138" is the server, then a page)
_PREPRINT_THROUGH_ID_RE = re.compile(rf"^.*?\b(?:{_PREPRINT_SERVERS})\s*:\s*(?:\d{{4}}\.\d{{4,5}}|[a-z.-]+/\d{{7}})(?:v\d+)?",
                                     re.I)
_PREPRINT_THROUGH_SERVER_RE = re.compile(rf"^.*?\b(?:{_PREPRINT_SERVERS})\b(?=[\s,;.:]*(?:\d|\[|https?:|published\s+online|$))",
                                         re.I)


def _preprint_name(text: str) -> tuple[str, str]:
    """(the preprint's name as a journal's, what was printed after it) for a span naming a preprint server:
    an identifier or year after the name is none of it ("in Arxiv preprint arXiv:1903.01768, , 2019")."""
    m = _PREPRINT_THROUGH_ID_RE.match(text) or _PREPRINT_THROUGH_SERVER_RE.match(text)
    if m is None:
        return text, ""
    rest = text[m.end():].strip(" ,;.:")
    # (a year or link there is read elsewhere in the reference; anything else is reported unread)
    left = re.sub(r"\[?\s*(?:https?://|doi:)\S+\s*\]?|\b(?:1[5-9]|20)\d\d\b", "", rest)
    return m.group(), rest if any(c.isalnum() for c in left) else ""


_PREPRINT_THEN_NUMBER_RE = re.compile(rf"(?:{_PREPRINT_SERVERS})\s*:?\s*\d[\w./-]*[.,]?", re.I)
_PREPRINT_PLACES = frozenset({"note", "title", "container-title", "pages", "volume", "publisher", "location"})


def _preprint_server(found: list[tagger.Field]) -> list[tagger.Field]:
    """A preprint server's name where no journal was read is where the journal stands (as Zotero keeps
    "arXiv" or "bioRxiv" in an imported preprint's publication): a note of the name alone, or a title's last
    sentence ("… Raspberry Pis. bioRxiv.")."""
    containers = [f for f in found if f.label == "container-title"]
    untitled = len(containers) == 1 and not any(f.label == "title" for f in found)
    if containers and not untitled:
        return found
    for k, f in enumerate(found):
        if f.label not in _PREPRINT_PLACES or not _PREPRINT_WORDS_RE.search(f.text):
            continue  # (the patterns below only where a server's name can be)
        # (read as a note, or as the pages or a publisher: "… Agent Types." + "arXiv." + "2018.")
        if f.label in ("note", "pages", "volume", "publisher", "location") and not containers \
                and (f.label == "note" or k and found[k - 1].label == "title") and _PREPRINT_SERVER_RE.fullmatch(_trim(f.text)):
            return [*found[:k], replace(f, label="container-title"), *found[k + 1:]]
        head, sep, tail = _trim(f.text).rpartition(". ")
        if not sep:
            head, sep, tail = _trim(f.text).rpartition(", ")  # "… Robots, arXiv (2020).": commas between fields
        # a title's last sentence or part, or a journal span's where no title was read ("… Robots. arXiv.")
        # (the server's identifier may follow its name: "… Potential. bioRxiv:818138.")
        if f.label in ("title", "container-title") and sep and head and (
                _PREPRINT_SERVER_RE.fullmatch(tail) or _PREPRINT_THEN_NUMBER_RE.fullmatch(tail)):
            return [*found[:k], replace(f, label="title", text=f"{head}{sep.strip()}"), replace(f, label="container-title", text=tail),
                    *found[k + 1:]]
    return found


def _closed_link(link: str) -> str:
    """A link or DOI printed in brackets ("(https://doi.org/10.1/x)."): the bracket closing it is none of it,
    one that closes a bracket inside it is ("10.1016/S0140-6736(20)30183-5")."""
    link = link.rstrip(".,;")
    while link.endswith(")") and link.count(")") > link.count("("):
        link = link[:-1].rstrip(".,;")
    return link


def _identifier(label: str, text: str, sure: float, put) -> None:  # type: ignore[no-untyped-def]
    if label == "doi":
        m = _DOI_RE.search(text) or re.search(r"(10\.\d{4,9}/\S+)", text)
        put("doi", m.group(1).rstrip(".,;") if m else "", sure)
    elif label == "url":
        m = _URL_RE.search(text.replace(" ", ""))
        put("url", m.group(1) if m else "", sure)
    else:
        put("isbn", re.sub(r"^isbn:?\s*", "", _trim(text), flags=re.I), sure)


# (a span ending "Accessed:" before a link: the link's lead-in; "Accessed 3 May 2020" is a date, never at a span's end)
_LINK_LEAD_RE = re.compile(rf"^(?P<head>.*?)[\s,;]*\b(?:{_LINK_WORDS}|URL|available|accessed)\s*:?$", re.I)
_LINK_TAIL_RE = re.compile(rf"^(?P<head>.*?)[\s,;]*(?P<link>(?:{_LINK_WORDS}\s*:?\s*)?<?https?://\S+?>?)[.,;]?$", re.I)

_WORDS_BEFORE_A_LINK_RE = re.compile(r"^(?P<head>[^\s:/][^:/]*?)(?:[.,;]?\s+(?P<year>(?:1[5-9]|20)\d\d)[;.,]?)?\s+(?P<link>https?://\S+)$")


def _words_before_a_link(found: list[tagger.Field]) -> list[tagger.Field]:
    """A link span that opens with words which are no lead-in ("arXiv. 2020; https://…"): the words and the
    year are the reference's own, read apart from the link."""
    for k, f in enumerate(found):
        m = _WORDS_BEFORE_A_LINK_RE.match(f.text.strip()) if f.label == "url" else None
        if m and not re.search(_LINK_WORDS, m.group("head"), re.I) and not re.search(r"\b(?:url|doi)\b", m.group("head"), re.I):
            year = [tagger.Field("date", m.group("year"), f.confidence)] if m.group("year") else []
            return [*found[:k], tagger.Field("note", m.group("head"), f.confidence), *year,
                    replace(f, text=m.group("link")), *found[k + 1:]]
    return found


def _link_out_of_a_span(found: list[tagger.Field]) -> list[tagger.Field]:
    """A link the model left at the end of another span ("Curran Associates, Inc. Available at:
    https://…") is the reference's link, not part of the publisher or title."""
    out: list[tagger.Field] = []
    for k, f in enumerate(found):
        # the patterns below scan a span char by char: only where a link or its lead-in can be
        linked = f.label not in ("url", "doi") and "http" in f.text.lower()
        m = _LINK_TAIL_RE.match(f.text) if linked else None
        before_link = f.label not in ("url", "doi") and k + 1 < len(found) and found[k + 1].label in ("url", "doi")
        lead = _LINK_LEAD_RE.match(f.text) if before_link else None
        if lead:
            if lead.group("head"):  # "Inc. Available at:" + "https://…": the link's words, not the publisher's
                out.append(replace(f, text=lead.group("head")))
            continue  # "Retrieved from" alone: no note
        if m is None or not m.group("head"):
            out.append(f)
            continue
        out += [tagger.Field(f.label, m.group("head"), f.confidence), tagger.Field("url", m.group("link"), f.confidence)]
    return out
