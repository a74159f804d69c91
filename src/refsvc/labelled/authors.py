"""Names in the model's spans: where the authors' and editors' names end and the title begins."""
from __future__ import annotations

import re
from dataclasses import replace

from refsvc import tagger
from refsvc.labelled.spans import _EDITOR_MARK_RE

# The last printed initials of an inverted name ("Orr, T." "Orr, T. A.," "Orr TA."), a suffix aside
_LAST_INITIALS_RE = re.compile(r"^(?:[A-Z]\.(?:-?[A-Z]\.)*|[A-Z]{1,3}\.?)[.,]?$")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}

# A Vancouver list closed by a colon, as German medical journals print it: "Vale TJ, von Orr L, et al.: Title"
_VANCOUVER_NAME = r"(?:[a-z]+\s)*[A-Z][\w'’-]+(?:[\s-][A-Z][a-z][\w'’-]*)*\s[A-Z]{1,4}"
_NAMES_THEN_COLON_RE = re.compile(rf"^(?P<names>{_VANCOUVER_NAME}(?:,\s+{_VANCOUVER_NAME})*(?:,?\s+et\s+al\.)?)\s*:\s+(?P<rest>\S.*)$")


def _names_end_at_a_colon(found: list[tagger.Field]) -> list[tagger.Field]:
    """A name list closed by a colon ("Pohl F: Gateway.", "… Mitchell AL, Day SP: Performance of …") ends
    there: what the model ran on into the names is the title's, and names it began the title with are the list's."""
    for k, f in enumerate(found):
        if f.label != "author":
            continue
        following = found[k + 1] if k + 1 < len(found) else None
        m = _NAMES_THEN_COLON_RE.match(f.text) if ":" in f.text else None
        if m:
            names = replace(f, text=m.group("names"))
            if following is not None and following.label == "title":
                title = replace(following, text=f"{m.group('rest')} {following.text}")
                return [*found[:k], names, title, *found[k + 2:]]
            if not any(g.label == "title" for g in found):
                return [*found[:k], names, tagger.Field("title", m.group("rest"), f.confidence), *found[k + 1:]]
            return found
        n = _NAMES_THEN_COLON_RE.match(following.text) if following is not None and following.label == "title" \
            and ":" in following.text[:80] else None
        if n and f.text.rstrip().endswith(","):
            return [*found[:k], replace(f, text=f"{f.text} {n.group('names')}"),
                    replace(following, text=n.group("rest")), *found[k + 2:]]
        return found
    return found


_FIRST_INVERTED_THEN_GIVEN_FIRST_RE = re.compile(r"^[^\s,]+(?:\s[^\s,]+)?,\s+(?:[A-Z]\.\s*-?)+,\s+(?:[A-Z]\.\s*-?)+\s*[A-Z][\w'’-]")


# The words _names_end_at_names() reads: Vancouver's initials ("TA", "T.", "T.A.,"), with a comma or a stop after
# them, a given name written out and closed by a stop ("Tom."), one initial ("J.", "J.,")
_VANCOUVER_INITIALS_RE = re.compile(r"[A-Z]{1,3}\.?|(?:[A-Z]\.)+,")
_VANCOUVER_INITIALS_COMMA_RE = re.compile(r"[A-Z]{1,3},")
_VANCOUVER_INITIALS_STOP_RE = re.compile(r"[A-Z]{1,3}\.")
_GIVEN_NAME_STOP_RE = re.compile(r"[A-Z][a-z]+\.")
_ONE_INITIAL_RE = re.compile(r"[A-Z]\.,?")


def _names_end_at_names(found: list[tagger.Field]) -> list[tagger.Field]:
    """Words the model left in a name list after its last inverted name ("Orr, T. Editorial Notes.") are
    the title's first words: the start of the title span that follows, or the title when none was found."""
    has_title = any(f.label == "title" for f in found)
    for k, f in enumerate(found):
        if f.label not in ("author", "editor"):
            continue
        words = f.text.split()
        if _LAST_INITIALS_RE.match(words[0]):
            return found  # given names first ("J. Orr, T. Vale"): no inverted name to end at
        joined = [w.lower() in ("and", "&") for w in words]
        # "Orr, T." (inverted, a comma before the initials) or Vancouver's "Orr TA" (no 'and' in such lists, but
        # before the last name of one whose every comma follows initials: "Orr T A, and Hale T.")
        ends = [j for j in range(1, len(words) - 1) if _LAST_INITIALS_RE.match(words[j])
                and (words[j - 1].endswith(",") and not _LAST_INITIALS_RE.match(words[j - 1]) or (_VANCOUVER_INITIALS_RE.fullmatch(words[j]) and (not any(joined[:j]) or (
                    not any(joined[:j - 2]) and all(_VANCOUVER_INITIALS_COMMA_RE.fullmatch(w) for w in words[:j] if w.endswith(","))))
                                                     and words[j - 1][:1].isupper() and words[j - 1][-1:].isalpha()))]
        # "Orr, Tom. Snuff.": a given name written out ends the inverted name at its full stop (a list goes on
        # with commas), the first such stop within three capitalised words of the comma
        stops = [j for j in range(1, len(words) - 1) if _GIVEN_NAME_STOP_RE.fullmatch(words[j])
                 and words[j][:-1].lower() not in _SUFFIXES
                 and any(words[i].endswith(",") and not _LAST_INITIALS_RE.match(words[i])  # "Vale Y., Snuff.": no
                         and all(w[:1].isupper() for w in words[i + 1:j]) for i in range(max(0, j - 3), j))]
        # a list whose first name alone is inverted ("Vale, S., M. Orr, R. Moss,", as Chicago and MLA print it):
        # initials there open the next given-first name, which no list ends at
        if _FIRST_INVERTED_THEN_GIVEN_FIRST_RE.match(f.text):
            ends = [j for j in ends if j == 1 or not (j + 1 < len(words) and words[j + 1][:1].isupper())]
        # Vancouver's list closes at the stop after its initials ("Vale A. Lake AI and…", "Vale D. Lake III
        # Manual."): capitals after it are the title's, however like initials they look
        closing = [j for j in ends if _VANCOUVER_INITIALS_STOP_RE.fullmatch(words[j])
                   and all(_VANCOUVER_INITIALS_COMMA_RE.fullmatch(w) for w in words[:j] if w.endswith(","))]
        ends = [j for j in ends if j <= closing[0]] if closing else ends
        if not ends and not stops:
            return found
        j = min(stops) if stops and (not ends or min(stops) > ends[-1]) else ends[-1]
        while j + 1 < len(words) and _ONE_INITIAL_RE.fullmatch(words[j + 1]) and words[j].endswith(".") and j in ends:
            ends.append(j + 1)  # "Orr, J. J. L. Mughal…", "Vale H. S.,": the initials after the first are the same name's
            j += 1
        rest = words[j + 1:]
        if not rest:
            return found
        # Vancouver's list ends at the full stop after its last initials ("Godlee F. Avastin…", "Ji H, Schneider
        # C. HPV…"): what follows is no name, whatever its capitals.
        closed = bool(_VANCOUVER_INITIALS_STOP_RE.fullmatch(words[j])) and all(
            _VANCOUVER_INITIALS_COMMA_RE.fullmatch(w) for w in words[:j] if w.endswith(","))  # every name "Orr TA,"
        if not rest[0][:1].isupper() or rest[0].lower().strip(".,") in _SUFFIXES or "et al" in " ".join(rest) \
                or not closed and any(w in ("&", "and") or _LAST_INITIALS_RE.match(w) for w in rest):
            return found
        names = tagger.Field(f.label, " ".join(words[:j + 1]), f.confidence)
        following = found[k + 1] if k + 1 < len(found) else None
        # (a title's head before its colon goes on in the span after it, whatever its label: "Bell D.
        # Cybercultures:" + "Critical Concepts in Lake Studies.")
        if following is not None and (following.label == "title" or not has_title and rest[-1].endswith(":")
                                      and following.label == "container-title"):
            title = tagger.Field("title", " ".join(rest) + " " + following.text, following.confidence)
            return [*found[:k], names, title, *found[k + 2:]]
        # the rest is a title where it ends as one, or with the comma or semicolon before the date or the
        # publisher ("Snuff. Doubleday," + "2011.", "Vale T. Snuff," + "Orr University Press,", Vancouver's
        # "Vale Y. Snuff. Orr Books;" + "2010.")
        if not has_title and (" ".join(rest)[-1:] in ".?!" or rest[-1][-1:] in ",;" and following is not None
                              and following.label in ("date", "publisher")):
            return [*found[:k], names, tagger.Field("title", " ".join(rest), f.confidence), *found[k + 1:]]
        return found
    return found


# one given-first name as physics and engineering styles print it: "T. Orr", "J.-P. van der Vale", "A. B. Moss Hale"
_INITIALS_FIRST_NAME_RE = re.compile(r"(?:[A-Z]\.\s*-?\s*)+(?:[a-z’']+\s+)*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*")
_NAME_SEPARATOR_RE = re.compile(r",\s+(?:and\s+|&\s*)?|\s+(?:and|&)\s+")


def _given_first_names_end_at_names(found: list[tagger.Field]) -> list[tagger.Field]:
    """In a list of given-first names ("T. Orr, B. Vale, and C. Moss"), the first part that is no such name
    ("T. Orr, Winter Trout (Hale," read as one author span) begins the title: it goes to the title span after the
    list, or stands as the title where none follows."""
    for k, f in enumerate(found):
        if f.label != "author":
            continue
        if not _INITIALS_FIRST_NAME_RE.match(f.text):
            return found
        start = 0
        for m in [*_NAME_SEPARATOR_RE.finditer(f.text), None]:
            part = f.text[start:m.start() if m else len(f.text)].strip().rstrip(".,")
            if not (_INITIALS_FIRST_NAME_RE.fullmatch(part) or part.lower().strip(".") in _SUFFIXES
                    or re.fullmatch(r"et\.?\s+al", part)):
                break
            if m is None:
                return found
            start = m.end()
        if start == 0:
            return found
        names, rest = f.text[:start].rstrip(), f.text[start:].strip()
        following = found[k + 1] if k + 1 < len(found) else None
        if following is not None and following.label == "title":
            title = replace(following, text=f"{rest} {following.text}")
            return [*found[:k], replace(f, text=names), title, *found[k + 2:]]
        if not any(g.label == "title" for g in found):
            return [*found[:k], replace(f, text=names), tagger.Field("title", rest, f.confidence), *found[k + 1:]]
        return found
    return found


_VANCOUVER_NAME = r"(?:[a-z]+\s)?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s[A-Z]{1,3}"  # "Orr TA", "de la Vale R"
_VANCOUVER_NAME_RE = re.compile(rf"^({_VANCOUVER_NAME}\.)\s+(?=\S)")
_WHOLE_VANCOUVER_NAME_RE = re.compile(rf"^{_VANCOUVER_NAME}\.?$")
# A list of given-first names cut after some initials ("C.A. Vale, K. Orr, G.D."), and the rest of it
_GIVEN_FIRST_CUT_RE = re.compile(r"^(?:[A-Z]\.\s*-?)+\s*[A-Z][\w'’-]+,.*\s(?:[A-Z]\.\s*-?)+$")
_GIVEN_FIRST_REST_RE = re.compile(r"^([A-Z][\w'’-]+(?:(?:,\s+|\s+(?:and|&)\s+)(?:[A-Z]\.\s*-?)+\s*[A-Z][\w'’-]+)*)"
                                  r",\s+(?=\S)")
_ET_AL_OPENING_RE = re.compile(r"^([^“\"‘.]{1,60}?\bet\.?\s+al\.?,?)\s+(?=\S)")  # "Moss, et al., “…"


def _names_run_into_the_title(found: list[tagger.Field]) -> list[tagger.Field]:
    """A name list whose span ends at a comma goes on: a Vancouver name opening the title span after it
    ("Shepherd AB, Palmer AL," + "Baliga R. Atypical…") is the list's last name, and a title span opening with
    names and "et al." holds the end of the list."""
    for k, f in enumerate(found[:-1]):
        after = found[k + 1]
        rest = _GIVEN_FIRST_REST_RE.match(after.text) if f.label == "author" and after.label == "title" \
            and _GIVEN_FIRST_CUT_RE.match(f.text) else None
        if rest:
            # "C.A. Vale, K. Orr, G.D." + "Moss and B.C. Hale, Winter…": a list of given-first names
            # never ends at initials; its family name and any names after it open the title span
            return [*found[:k], tagger.Field("author", f"{f.text} {rest.group(1)}", f.confidence),
                    tagger.Field("title", after.text[rest.end():], after.confidence), *found[k + 2:]]
        others = _ET_AL_OPENING_RE.match(after.text) if f.label == "author" and after.label == "title" else None
        if others:
            # "…, J" + "Moss, et al., “Winter feeding…”": the list goes on to its "et al."
            return [*found[:k], tagger.Field("author", f"{f.text} {others.group(1)}", f.confidence),
                    tagger.Field("title", after.text[others.end():], after.confidence), *found[k + 2:]]
        if f.label == "author" and f.text.rstrip().endswith(",") and after.label == "title":
            if _WHOLE_VANCOUVER_NAME_RE.match(after.text) and k + 2 < len(found) and found[k + 2].label == "date":
                # "Orr TA," + "Vale R" + "(2009)": the last name of the list, its year after it
                return [*found[:k], tagger.Field("author", f"{f.text} {after.text}", f.confidence), *found[k + 2:]]
            name = _VANCOUVER_NAME_RE.match(after.text)
            # the list itself is Vancouver's, its initials stopped or not ("Ma J," and "Ma J.,"; not "Vale, R.,")
            if name and re.search(r"[^\s,]\s[A-Z]{1,3}\.?,$", f.text.rstrip()):
                return [*found[:k], tagger.Field("author", f"{f.text} {name.group(1)}", f.confidence),
                        tagger.Field("title", after.text[name.end():], after.confidence), *found[k + 2:]]
    return found


def _family_read_as_a_month(found: list[tagger.Field]) -> list[tagger.Field]:
    """A name list ending with a given name's initials, then a "date" of one word and no number where the
    reference has its year elsewhere ("… and H. S." + "Jun."): the word is the last name's family (Jun, May,
    March are family names too)."""
    for k, f in enumerate(found[1:], 1):
        before = found[k - 1]
        if f.label == "date" and before.label == "author" and re.fullmatch(r"[A-Z][a-z]+\.?", f.text.strip()) \
                and re.search(r"(?:^|\s)[A-Z]\.$", before.text.strip()) \
                and any(g.label == "date" and re.search(r"\d", g.text) for g in found[k + 1:]):
            return [*found[:k - 1], replace(before, text=f"{before.text.strip()} {f.text.strip()}"), *found[k + 1:]]
    return found


# "In: Orr BG, Hale EH, editors. Rule-Based" + "Expert Systems …": names, then their mark, then the book's title
_EDITORS_THEN_MORE_RE = re.compile(r"^(?P<editors>\W*\w.*?[,\s]\s*(?:\((?:eds?|editors?|hrsg|hg)\.?\)[.,:]?"
                                   r"|\(?(?:eds?|editors?|hrsg|hg)\.?\)?[.,:]))\s+"
                                   r"(?P<rest>[“\"‘A-Z].*)$", re.I)


def _editors_end_at_their_mark(found: list[tagger.Field]) -> list[tagger.Field]:
    """An editors span ends at its mark ("…, editors.", "(eds.)"): words the model ran on past it begin the book's
    title, and go to the title span after them (or stand as the container where none follows)."""
    for k, f in enumerate(found):
        m = _EDITORS_THEN_MORE_RE.match(f.text) if f.label == "editor" and _EDITOR_MARK_RE.search(f.text) else None
        if not m:
            continue
        after = found[k + 1] if k + 1 < len(found) else None
        editors = replace(f, text=m.group("editors"))
        if after is not None and after.label in ("title", "container-title"):
            return [*found[:k], editors, replace(after, text=f"{m.group('rest')} {after.text}"), *found[k + 2:]]
        return [*found[:k], editors, tagger.Field("container-title", m.group("rest"), f.confidence), *found[k + 1:]]
    return found
