"""Names: printed author lists -> BibTeX name lists, and BibTeX name lists -> CSL-JSON names (BibTeX's rules)."""
from __future__ import annotations

import functools
import re

# Printed initials after a comma in an author-date list: "A. B.", "S.", "J.-P."
INITIALS_RE = re.compile(r"^(?:[A-Z][a-z]?\.?(?:\s*-\s*|\s+)?)+$")
PARTICLES = {"de", "del", "della", "der", "di", "du", "la", "le", "van", "von", "den", "da", "dos", "ter", "al", "el", "bin", "ibn"}
# "et al." and what lists in other languages print for it: "and others", "y otros", "y cols.", "u. a.", "e outros",
# "e altri", "et coll.", "i in.", "ve ark.", "m.fl." (lower case: "Vale, U. A." is a name)
ET_AL_RE = re.compile(r",?\s*\b(?:et\.?\s*al|and\s+others|y\s+otros|y\s+cols?|u\.\s*a|e\s+outros|e\s+altri|et\s+coll"
                      r"|i\s+in|ve\s+ark|m\.\s*fl)\.?,?\s*$")
# A given name written as initials, with or without points: "M.T.F.", "M T F", "J.-P."
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?(?:-[A-Z]\.?)?\s*)+$")


_AND_RE = re.compile(" and ", re.I)
_DBLP_NUMBER_RE = re.compile(r"\s+\d{4}(?=$|\s*,)")


def split_names(value: str, keep_others: bool = False) -> list[str]:
    """The names of a BibTeX name list, split on ' and ' outside braces; 'others' is dropped unless kept."""
    if "{" in value or "}" in value:
        names, depth, start, i = [], 0, 0, 0
        while i < len(value):
            char = value[i]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif depth == 0 and value[i: i + 5].lower() == " and ":
                names.append(value[start:i])
                start = i + 5
                i += 4
            i += 1
        names.append(value[start:])
    else:
        names = _AND_RE.split(value)  # no braces: every ' and ' splits, found in C rather than walked
    return [n.strip() for n in names if n.strip() and (keep_others or n.strip().lower() != "others")]


def has_others(value: str) -> bool:
    """True when the list ends in 'and others' (BibTeX's et al.)."""
    return bool(re.search(r"\band\s+others\s*$", value.strip(), re.I))


def csl_name(name: str) -> dict[str, str]:
    """One BibTeX name as a CSL name: {family, given, non-dropping-particle, suffix} or {literal}."""
    return dict(_csl_name_parts(name))


@functools.lru_cache(maxsize=1 << 16)  # a library names its authors again and again
def _csl_name_parts(name: str) -> tuple[tuple[str, str], ...]:
    return tuple(_read_name(name).items())


def _read_name(name: str) -> dict[str, str]:
    name = " ".join(name.split())
    name = _DBLP_NUMBER_RE.sub("", name)  # DBLP tells namesakes apart by number: "Jianfei Chen 0001"
    if name.startswith("{") and name.endswith("}") and _outer_braces(name):
        return {"literal": name[1:-1].strip()}
    parts = [p.strip() for p in _split_top(name, ",")]
    if len(parts) == 1:
        words = _split_top(parts[0], " ")
        if len(words) == 1:
            return {"family": _unbrace(words[0])}
        # BibTeX "First von Last": von runs from the first to the last lower-case word before the last word.
        lower = [i for i, w in enumerate(words[:-1]) if _is_particle(w)]
        if lower:
            given, von, family = words[: lower[0]], words[lower[0]: lower[-1] + 1], words[lower[-1] + 1:]
        else:
            given, von, family = words[:-1], [], words[-1:]
        return _build(" ".join(family), " ".join(von), " ".join(given), "")
    last, rest = parts[0], parts[1:]
    suffix = rest[0] if len(rest) == 2 else ""
    given = rest[-1]
    words = _split_top(last, " ")
    von = []
    while len(words) > 1 and _is_particle(words[0]):
        von.append(words.pop(0))
    return _build(" ".join(words), " ".join(von), given, suffix)


def csl_names(value: str) -> list[dict[str, str]]:
    """A BibTeX name list as CSL names."""
    return [csl_name(n) for n in split_names(value)]


def normalise_given(given: str) -> str:
    """Initials spaced and pointed ('M.T.F.' or 'M T F' -> 'M. T. F.'); full names unchanged."""
    given = given.strip()
    if not given or not _INITIALS_RE.match(given):
        return given
    if len(given.replace(".", "").replace(" ", "")) > 1 and " " not in given and "." not in given:
        return given  # "Li", "Ng": a short name, not initials
    letters = re.findall(r"[A-Z](?:\.?-[A-Z])?", given)
    return " ".join(re.sub(r"\.?-", ".-", l) + "." for l in letters)


def _build(family: str, von: str, given: str, suffix: str) -> dict[str, str]:
    out = {"family": _unbrace(family)}
    if given:
        out["given"] = normalise_given(_unbrace(given))
    if von:
        out["non-dropping-particle"] = _unbrace(von)
    if suffix:
        out["suffix"] = _unbrace(suffix)
    return out


def _is_particle(word: str) -> bool:
    return bool(word) and word[0].islower()


def _unbrace(text: str) -> str:
    return text.replace("{", "").replace("}", "").strip()


def _outer_braces(text: str) -> bool:
    depth = 0
    for i, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def _split_top(text: str, sep: str) -> list[str]:
    if "{" not in text and "}" not in text:
        out = text.split(sep)  # no braces: nothing to keep whole
        return [p for p in (x.strip() for x in out) if p] if sep == " " else out
    out, depth, current = [], 0, []
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if char == sep and depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(char)
    out.append("".join(current))
    return [p for p in (x.strip() for x in out) if p] if sep == " " else out


# ---------------------------------------------------------------- printed names -> BibTeX names


def person_given_first(text: str) -> str:
    words = text.split()
    if len(words) == 1:
        return words[0]
    if len(words) > 2 and _SUFFIX_RE.match(words[-1]):  # "Jay F. Nunamaker Jr." -> "Nunamaker, Jr., Jay F."
        family, given = person_given_first(" ".join(words[:-1])).split(", ", 1)
        return f"{family}, {words[-1]}, {given}"
    i = len(words) - 1
    while i > 1 and words[i - 1].lower() in PARTICLES:
        i -= 1
    initials = next((k for k, w in enumerate(words) if not _DOTTED_INITIALS_RE.fullmatch(w)), len(words))
    if 0 < initials < i:
        # "C. Campillo Costoya", "C. Marquez de la Plata": where given names are printed as initials, every whole
        # word after them is the family name's (Spanish and Portuguese double names), not a given name
        i = initials
    given, family = " ".join(words[:i]), " ".join(words[i:])
    return f"{family}, {given}"


_GLUED_INITIALS_RE = re.compile(r"\b([A-Z][a-z][\w'’-]*[a-z])([A-Z]\.)")


def _brace_literal(name: str) -> str:
    return "{" + name.strip().rstrip(".").strip() + "}"


def given_first(text: str) -> list[str]:
    """'Mary Ann Major and Sam Minor' -> ['Major, Mary Ann', 'Minor, Sam']."""
    text = text.strip().rstrip(",").strip()
    others = bool(ET_AL_RE.search(text))
    text = ET_AL_RE.sub("", text)
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", text) if p.strip()]
    names = [person_given_first(p) for p in parts]
    return names + (["others"] if others else [])


def family_first(text: str) -> list[str]:
    """'Major, Mary Ann, and Sam Minor' -> ['Major, Mary Ann', 'Minor, Sam']."""
    text = text.strip().rstrip(".,").strip()
    others = bool(ET_AL_RE.search(text + "."))
    text = ET_AL_RE.sub("", text + ".").rstrip(".")
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", text) if p.strip()]
    if len(parts) < 2:
        return [_brace_literal(text)] if parts else []
    names = [f"{parts[0]}, {parts[1]}"] + [person_given_first(p) for p in parts[2:]]
    return names + (["others"] if others else [])


def apa(text: str) -> list[str]:
    """'Keohane, R. O., & Nye, S. J.' -> ['Keohane, R. O.', 'Nye, S. J.']; no initials -> one literal."""
    body = re.sub(r"\s*&\s*", ", ", text.strip())
    others = bool(re.search(r"\bet\.? al\.?", body))
    body = re.sub(r",?\s*\bet\.? al\.?", "", body)
    tokens = [t.strip() for t in body.split(",") if t.strip()]
    names: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens) and INITIALS_RE.match(tokens[i + 1]) and not INITIALS_RE.match(tokens[i]):
            names.append(f"{tokens[i]}, {tokens[i + 1]}")
            i += 2
        else:
            return [_brace_literal(text.strip())]
    return names + (["others"] if others else [])


def apa_editors(text: str) -> list[str]:
    """'T. Doe, & H. Öberg-Smith' (initials first) -> ['Doe, T.', 'Öberg-Smith, H.']."""
    parts = [p.strip() for p in re.split(r",?\s*&\s*|,\s+(?=[A-Z]\.)|\s+and\s+", text) if p.strip()]
    out = []
    for p in parts:
        m = re.match(r"^((?:[A-Z]\.\s*-?\s*)+)\s*(.+)$", p)
        out.append(f"{m.group(2).strip()}, {m.group(1).strip()}" if m else person_given_first(p))
    return out


def family_names(text: str) -> list[str]:
    """'Major and Minor' -> ['Major', 'Minor']: the names of a short form, family names only."""
    text = ET_AL_RE.sub("", text.strip().rstrip(",. "))
    return [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if n.strip()]


def is_family_names_only(text: str) -> bool:
    """True for 'Major' or 'Major and Minor': the author part of a short form."""
    text = ET_AL_RE.sub("", text.strip().rstrip(",."))
    parts = [p for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if p.strip()]
    return bool(parts) and all(len(p.split()) == 1 for p in parts)


# "Pérez-Higueras JJ", "Bai X-Y", "Gray AW Jr", "Hicks M III", "Moss M A"; not "Vale J. R.", whose "J." is an
# initial
_VANCOUVER_RE = re.compile(r"^(\S.*?)(?<!\s[A-Z]\.)\s+([A-Z]{1,4}(?:-[A-Z]{1,2})?|[A-Z](?:\s[A-Z]){1,3})\.?"
                           r"(?:\s+(Jr|Sr|II|III|IV|2nd|3rd)\.?)?$")
_GIVEN_INITIALS_RE = re.compile(r"^(?:[A-Z]\.\s*-?)+\s*[^\W\d_][^\W\d_]")  # "S. E. Han", not "L. L."
# Words that make a name an organisation's (a literal), not a person's, in English and the main European languages.
ORGANISATION_WORDS = frozenset(
    "academy agency association authority bank board bureau centre center commission committee congress "
    "corporation council court department foundation fund government group institute institution league "
    "library ministry museum nations office organisation organization parliament programme program project "
    "secretariat service society survey team trust union university unesco who oecd "
    "ministère ministerio ministerium université universität universidad institut instituto bundesamt".split())


def printed(text: str) -> list[str]:
    """A printed author list in any common layout as BibTeX names (family, given):

    'Keohane, R. O., & Nye, J.' (APA), 'Lee, L. L., W. E. Howard, and R. E. Marsh' (Chicago),
    'Arias A, de la Macorra JC' (Vancouver), 'S. E. Han, G. Chen' and 'Ada Byron and Alan Turing' (given
    first), 'World Health Organization' (one organisation). A list it cannot read is one literal name.
    """
    text = " ".join(text.strip().strip(",;:").split())
    # the marks around editors' and translators' names: "In: …, editors.", "ed. by …", "… (eds.)", "…, ed." (never
    # the "ed." of "Vahed.")
    low = text.lower()
    if "ed" in low or "trans" in low or low.startswith(("in", "by")):  # the pattern tries every position
        text = _ROLE_MARKS_RE.sub("", text).strip()
    if not text:
        return []
    # "WagnerA., Vijay-KumarM. D.": initials run into the family name, as some journals' styles print them
    text = _GLUED_INITIALS_RE.sub(r"\1 \2", text)
    others = bool(ET_AL_RE.search(text))
    body = ET_AL_RE.sub("", text).strip().rstrip(",").strip() or text
    body = re.sub(r"(?<=[a-z]{2})\.$", "", body)  # a closing full stop, not an initial's
    parts = [p.strip() for p in re.split(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+|\s*;\s*", body) if p.strip()]
    if parts and re.fullmatch(r"(?:[A-Z]\.\s*)+[A-Z][a-z]\.", parts[-1]) and (
            len(parts) == 1 or len(parts[-2].split()) > 1 or _ONLY_INITIALS_RE.match(parts[-2])):
        # "…, and K. Li.": a short family name closing the list, then the entry's full stop; not the
        # initial "Th." of "Mann, K. Th.", whose part follows a family name standing alone
        parts[-1] = parts[-1][:-1]
    pieces = [re.sub(r"^(?:and|&)\s+", "", p.strip()) for p in body.split(";")]
    if len(pieces) > 1 and all(p and p.count(",") <= 1 for p in pieces):
        # "Orr, Tom; Vale, Rhea; & Hale, K.": a semicolon between names, a comma inside each (family, given)
        names = [name for p in pieces for name in printed(p)]
    elif any(w.lower().strip(".,") in ORGANISATION_WORDS for w in body.split()) \
            and not any(_DOTTED_INITIALS_RE.fullmatch(p) for p in parts):
        # one organisation, unless the list holds people's initials ("…, F. Orr & P.I.W. Group")
        names = [_brace_literal(body)]
    elif parts and all(_VANCOUVER_RE.match(p) for p in parts):
        names = [_vancouver(p) for p in parts]
    elif len(parts) == 1 and len(body.split()) == 1:
        names = [body]
    elif all(len(p.split()) <= 5 for p in parts):
        names = _one_by_one(parts)
    else:
        names = [_brace_literal(body)]
    return names + (["others"] if others else [])


_SUFFIX_RE = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")
# (capitals "ED." with no comma before them are a Vancouver name's initials: "Weinberger ED.")
_ROLE_MARKS_RE = re.compile(r"^(?:in:?\s+)?(?:(?:by|edited by|eds?\.?(?: by\.?)?|trans(?:lated)?\.?(?: by)?)\s+)?"
                            r"|\s*\((?:eds?|editors?|trans)\.?\)\.?$|,?\s*\b(?:(?-i:[Ee]ds?\.)|editors?\.?)$|,\s*eds?\.$", re.I)
# Initials alone, strictly: "A.", "A. B.", "J.-F.", "Th.", "AB" — not a short family name ("Xu", "Li", "Qi Li")
_ONLY_INITIALS_RE = re.compile(r"^(?:(?:[A-Z]|[A-Z][a-z])\.|[A-Z](?![\w.]))(?:\s*-?\s*(?:(?:[A-Z]|[A-Z][a-z])\.|[A-Z](?![\w.])))*$"
                               r"|^[A-Z]{2,3}$")
_ENDS_WITH_INITIAL_RE = re.compile(r"(?:^|\s)(?:[A-Z]\.(?:\s*-?[A-Z]\.)*|[A-Z])$")
_DOTTED_INITIALS_RE = re.compile(r"(?:[A-Z]\.\s*-?\s*)+")  # "B.Y.", "J. D.", "J.-R."
# A whole name, family first, initials with stops: "Hale D.M.", "Orr J. D.", "Vale-Moss M."
_FAMILY_DOTTED_INITIALS_RE = re.compile(r"^((?=\S*[a-z])[^\W\d_]+(?:['’-][^\W\d_]+)*"
                                        r"(?:\s+[^\W\d_]+(?:['’-][^\W\d_]+)*)*)"
                                        rf"\s+({_DOTTED_INITIALS_RE.pattern})$")


def _vancouver(part: str) -> str:
    m = _VANCOUVER_RE.match(part)
    assert m is not None
    initials = '-'.join(' '.join(c + '.' for c in run) for run in m.group(2).replace(" ", "").split('-'))
    family, suffix = m.group(1), m.group(3)
    ahead = re.fullmatch(r"(.+?)\s+(Jr|Sr)\.?", family)
    if ahead and not suffix:
        # "Lynch Jr TJ": the suffix printed before the initials (a numeral there, "Matsen IV FA", stays with the
        # family name, as BibTeX records hold it)
        family, suffix = ahead.groups()
    return f"{family}, {suffix}, {initials}" if suffix else f"{family}, {initials}"


def _one_by_one(parts: list[str]) -> list[str]:
    """Names read part by part, each where it stands, so that one odd name (a suffix, a name printed
    without initials, a Vancouver name among inverted ones) does not change how the others are read: an
    inverted name is a family part followed by given names ending in an initial ("Gray, Jr., A. W.", "Coello
    Coello, Carlos A."), or the list's first part when it is one word or starts with a particle (Chicago's
    "Das, Swagatam, and Ponnuthurai N. Suganthan"); a part of initials before a family is given first."""
    names: list[str] = []
    inverted = False  # the name before was read family first
    i = 0
    while i < len(parts):
        part = parts[i]
        after = parts[i + 1] if i + 1 < len(parts) else ""
        # a short family name in capitals before dotted initials is no initials ("NG, B.Y.", "OH, J.-R.")
        family = not _GIVEN_INITIALS_RE.match(part) and not _ONLY_INITIALS_RE.match(part) or bool(
            re.fullmatch(r"[A-Z]{2,3}", part) and _DOTTED_INITIALS_RE.fullmatch(after))
        whole = _FAMILY_DOTTED_INITIALS_RE.match(part)
        if family and whole and not _ONLY_INITIALS_RE.match(after):
            # a family name already followed by its initials is a name by itself, never the family part of
            # a pair with the next name ("Vale A., Orr N.")
            names.append(f"{whole.group(1)}, {whole.group(2).strip()}")
            i, inverted = i + 1, True
        elif family and _SUFFIX_RE.match(after) and i + 2 < len(parts) and _ONLY_INITIALS_RE.match(parts[i + 2]):
            names.append(f"{part}, {after}, {parts[i + 2]}")
            i, inverted = i + 3, True
        elif family and after and not _SUFFIX_RE.match(after) and (
                (not _GIVEN_INITIALS_RE.match(after) and (_ONLY_INITIALS_RE.match(after)
                                                           or _ENDS_WITH_INITIAL_RE.search(after)
                                                           or (i == 0 and _is_particle(part.split()[0]))))
                # one word alone is no given-first name: a family name, first or after another inverted name
                # ("Vale, Tom, Orr, Ann Rhea"), its given names the next part, unless that part is a family
                # name with its own initials after it
                or (i == 0 and len(part.split()) == 1)
                or (inverted and len(part.split()) == 1
                    and not (i + 2 < len(parts) and _ONLY_INITIALS_RE.match(parts[i + 2])))):
            names.append(f"{part}, {after}")
            i, inverted = i + 2, True
        elif _SUFFIX_RE.match(part) and names:
            # "Lynch, T. J., Jr.": BibTeX's order is family, suffix, given ("Lynch, Jr., T. J.")
            family, _, given = names[-1].partition(", ")
            names[-1] = f"{family}, {part}, {given}" if names[-1].count(",") == 1 else names[-1]
            i += 1
        elif _VANCOUVER_RE.match(part) and not _GIVEN_INITIALS_RE.match(part) and 1 < len(part.split()) <= 3 \
                and len(part.split()[-2]) > 2:
            names.append(_vancouver(part))
            i, inverted = i + 1, False
        else:
            names.append(person_given_first(part))
            i, inverted = i + 1, False
    return names
