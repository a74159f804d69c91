"""The search box's little language -> FTS5 MATCH expressions. User text never reaches FTS5 unquoted.

    pakistan russia        both words, in any field or in one claim citing the work (prefixes: "russ" finds "Russia")
    "great game"           the phrase
    -ukraine               not this word
    lee OR park           either
    author:khan  title:relations  container:journal  year:2019
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from refsvc.errors import QuerySyntaxError

MAX_QUERY_LENGTH = 200
MAX_TERMS = 20
FIELDS = ("title", "author", "container", "year")
_TOKEN_RE = re.compile(r'\s*(?:(-)?(?:(\w+):)?(?:"([^"]*)"|([^\s"]+))|(")|(\S))')


@dataclass(frozen=True)
class Query:
    """A parsed search: the MATCH expression for works and, when it names no field, for claims."""

    text: str
    works_match: str
    claims_match: str  # "" when the query restricts to a field claims do not have
    words: tuple[str, ...]  # the positive words and phrases, for highlighting

    @property
    def empty(self) -> bool:
        return not self.works_match


def parse(text: str) -> Query:
    """The query as FTS5 expressions.

    Raises:
        QuerySyntaxError: an unclosed quote, an unknown field, a dangling OR, only excluded words, or too long.
    """
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"Your search is {len(text)} characters long; the limit is {MAX_QUERY_LENGTH}.")
    terms: list[tuple[bool, str, str]] = []  # (negated, field, fts string)
    joins: list[str] = []
    words: list[str] = []
    pending_or = False
    for m in _TOKEN_RE.finditer(text):
        negated, field, phrase, word, stray_quote, other = m.groups()
        if stray_quote:
            raise QuerySyntaxError(f'A quotation mark at character {m.start(5) + 1} is never closed: add the closing ".')
        if other:
            continue
        if word == "OR" and not negated and not field:
            if not terms or pending_or:
                raise QuerySyntaxError("OR needs a word on each side, as in: lee OR park.")
            pending_or = True
            continue
        if field and field not in FIELDS:
            raise QuerySyntaxError(f"There is no field {field!r}: use one of {', '.join(FIELDS)}.")
        value = phrase if phrase is not None else word
        tokens = re.findall(r"\w+", value or "")
        if not tokens:
            continue
        fts = '"' + " ".join(tokens) + '"' + ("" if phrase is not None else "*")
        terms.append((bool(negated), field or "", fts))
        joins.append("OR" if pending_or else "AND")
        pending_or = False
        if not negated:
            words.append(" ".join(tokens))
    if pending_or:
        raise QuerySyntaxError("OR needs a word on each side, as in: lee OR park.")
    if len(terms) > MAX_TERMS:
        raise QuerySyntaxError(f"Your search has {len(terms)} terms; the limit is {MAX_TERMS}.")
    if terms and all(negated for negated, _, _ in terms):
        raise QuerySyntaxError("Say what to look for as well as what to leave out, as in: russia -ukraine.")
    fielded = any(field for _, field, _ in terms)
    return Query(text, _expression(terms, joins, True), "" if fielded else _expression(terms, joins, False),
                 tuple(words))


def _expression(terms: list[tuple[bool, str, str]], joins: list[str], with_fields: bool) -> str:
    positive: list[str] = []
    negative: list[str] = []
    for (negated, field, fts), join in zip(terms, joins):
        column = {"author": "authors"}.get(field, field)
        term = f"{column} : {fts}" if with_fields and field else fts
        if negated:
            negative.append(term)
        elif join == "OR" and positive:
            positive[-1] = f"({positive[-1]} OR {term})"
        else:
            positive.append(term)
    if not positive:
        return ""
    expression = " AND ".join(positive)
    return expression + "".join(f" NOT {term}" for term in negative)


def respell(text: str, fix: Callable[[str], str | None]) -> str | None:
    """text with each word (in a phrase too) that fix gives another spelling for rewritten, fields, quotes and
    minus signs kept; None when no word changed. For "did you mean": author:smiht -> author:smith."""
    changed = False

    def word(m: re.Match[str]) -> str:
        nonlocal changed
        better = fix(m.group(0).lower()) if m.group(0) != "OR" else None
        if better is None:
            return m.group(0)
        changed = True
        return better[:1].upper() + better[1:] if m.group(0)[:1].isupper() else better

    out = []
    for m in _TOKEN_RE.finditer(text):
        phrase, bare = m.group(3), m.group(4)
        if phrase is None and bare is None:
            out.append(m.group(0))
            continue
        lead = m.group(0)[:(m.start(3) - 1 if phrase is not None else m.start(4)) - m.start()]  # sign, field
        value = re.sub(r"\w+", word, phrase if phrase is not None else bare)
        out.append(lead + (f'"{value}"' if phrase is not None else value))
    return "".join(out) if changed else None
