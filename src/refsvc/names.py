"""BibTeX name lists -> CSL-JSON names, by BibTeX's own rules (von/Last/Jr/First, braces for literals)."""
from __future__ import annotations

import re

# A given name written as initials, with or without points: "M.T.F.", "M T F", "J.-P."
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?(?:-[A-Z]\.?)?\s*)+$")


def split_names(value: str) -> list[str]:
    """The names of a BibTeX name list, split on ' and ' outside braces; 'others' is dropped."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        char = value[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and value[i: i + 5].lower() == " and " :
            names.append(value[start:i])
            start = i + 5
            i += 4
        i += 1
    names.append(value[start:])
    return [n.strip() for n in names if n.strip() and n.strip().lower() != "others"]


def has_others(value: str) -> bool:
    """True when the list ends in 'and others' (BibTeX's et al.)."""
    return bool(re.search(r"\band\s+others\s*$", value.strip(), re.I))


def csl_name(name: str) -> dict[str, str]:
    """One BibTeX name as a CSL name: {family, given, non-dropping-particle, suffix} or {literal}."""
    name = re.sub(r"\s+", " ", name.strip())
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
