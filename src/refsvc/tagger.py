"""Printed references -> labelled fields, by a linear-chain CRF (python-crfsuite), as AnyStyle, ParsCit and
GROBID read references: each whitespace token gets a label (author, title, container-title, date ...) from
features of itself and its neighbours, and runs of one label are the fields.

The model is trained by scripts/train_tagger.py on AnyStyle's labelled references (BSD-2; notice in
data/tagger/LICENSE) and shipped in data/tagger/; nothing here reads training data.
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import pycrfsuite

MODEL = "data/tagger/references.crfsuite"
# AnyStyle's labels as refsvc names them; a journal is a container like any other.
LABELS = {"journal": "container-title", "director": "author", "producer": "editor"}
_YEAR_RE = re.compile(r"^[(\[]?(1[5-9]\d\d|20\d\d)[a-z]?[)\]]?[.,;:]?$")
_PUNCT_END = re.compile(r"([.,;:)\]”\"'’!?]+)$")
_local = threading.local()


@dataclass(frozen=True)
class Field:
    """A run of tokens with one label: the text as printed and how sure the model is (0–1)."""

    label: str
    text: str
    confidence: float


_GLUED_NUMBERS_RE = re.compile(r"(?<=[\d)][:;])(?=\d)")


def tokens(text: str) -> list[str]:
    """The tokens a reference is labelled by: its whitespace-separated words, punctuation attached, and
    numbers printed without spaces taken apart ("2001;12(3):45–67" is a date, a volume and pages)."""
    return [part for word in text.split()
            for part in (_GLUED_NUMBERS_RE.split(word) if ":" in word or ";" in word else (word,))]


def _shape(word: str) -> str:
    shape = re.sub(r"[A-ZÀ-Þ]", "X", word)
    shape = re.sub(r"[a-zß-ÿ]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1+", r"\1\1", shape)[:8]


def _core(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in folded if c.isalnum())


def _scoring(features: dict[str, str | float | bool]) -> dict[str, str | float | bool]:
    # crfsuite scores a feature as weight × value, so one whose value is 0 or False adds nothing: left out, the
    # tagger reads the same labels with a third fewer attributes to convert and look up.
    return {name: value for name, value in features.items() if value or isinstance(value, str)}


@functools.lru_cache(maxsize=1 << 16)
def _token_features(word: str) -> dict[str, str | float | bool]:
    # Cached, as words recur across references ("and", "Journal", "pp."); never changed by callers.
    core = _core(word)
    end = _PUNCT_END.search(word)
    return _scoring({
        "w": word.lower(), "core": core, "shape": _shape(word),
        "p2": core[:2], "p3": core[:3], "s2": core[-2:], "s3": core[-3:],
        "end": end.group(1)[-1] if end else "", "start": word[0] if not word[0].isalnum() else "",
        "cap": word[:1].isupper(), "caps": word.isupper() and len(core) > 1,
        "initial": bool(re.fullmatch(r"[A-Z][a-z]?\.(?:-?[A-Z]\.)*,?", word)),
        "year": bool(_YEAR_RE.match(word)), "digits": sum(c.isdigit() for c in core) / max(1, len(core)),
        "range": bool(re.search(r"\d+\s*[-–—]+\s*\d+", word)), "url": bool(re.match(r"(https?://|www\.)", word, re.I)),
        "doi": bool(re.search(r"\b10\.\d{4,9}/", word)), "len": min(len(core), 12),
    })


def _attributes(features: dict[str, str | float | bool], prefix: str = "") -> dict[bytes, float]:
    # crfsuite's own attributes: a feature with a text value is the attribute "name:value" of weight 1, as
    # python-crfsuite names it, others weigh their value. Handing them over so, as the UTF-8 bytes crfsuite
    # reads, saves python-crfsuite joining every name to its value and encoding it on every call (a fifth of
    # the tagger's time), and reads the same model.
    return {(f"{prefix}{name}:{value}" if isinstance(value, str) else f"{prefix}{name}").encode():
            (1.0 if isinstance(value, str) else float(value)) for name, value in features.items()}


@functools.lru_cache(maxsize=1 << 16)
def _own_attributes(word: str) -> dict[bytes, float]:
    return _attributes(_token_features(word))  # cached, never changed by callers


# What a token tells its neighbours, under the names each reads it by ("-1:core:the"), one dict per offset
_NEIGHBOUR_KEYS = ("core", "shape", "end", "year", "initial", "cap")
_OFFSETS = (-2, -1, 1, 2)
# A row's attributes that are not a word's, encoded once
_BIAS, _POS, _FIRST, _LAST, _QUOTED, _PAREN, _AFTER_YEAR, _SENTENCE = (
    name.encode() for name in ("bias", "pos", "first", "last", "quoted", "paren", "after_year", "sentence"))
_EDGES = tuple(f"{offset}:edge".encode() for offset in _OFFSETS)


@functools.lru_cache(maxsize=1 << 16)
def _as_neighbour(word: str) -> tuple[dict[bytes, float], ...]:
    own = _token_features(word)  # cached, never changed by callers
    shown = {key: own[key] for key in _NEIGHBOUR_KEYS if key in own}
    return tuple(_attributes(shown, f"{offset}:") for offset in _OFFSETS)


def features(words: Sequence[str]) -> list[dict[bytes, float]]:
    """CRF features of every token, as crfsuite's attributes (UTF-8 names) and weights: its own, its
    neighbours' (±2), its place and what encloses it."""
    own = [_token_features(w) for w in words]
    seen = [_as_neighbour(w) for w in words]
    quoted = paren = year_seen = False
    sentences = 0  # full stops so far that end a field rather than an initial: where a field may begin
    out = []
    count, last = max(1, len(words)), len(words) - 1
    for i, f in enumerate(own):
        word = words[i]
        if word[:1] in "“\"‘" or word[:2] in ("(“", '("'):
            quoted = True
        if word.startswith("("):
            paren = True
        # only what scores (see _scoring), set one by one: this runs for every token of every reference
        row: dict[bytes, float] = {_BIAS: 1.0, **_own_attributes(word)}
        position = round(10 * i / count)
        if position:
            row[_POS] = float(position)
        if i == 0:
            row[_FIRST] = 1.0
        if i == last:
            row[_LAST] = 1.0
        if quoted:
            row[_QUOTED] = 1.0
        if paren:
            row[_PAREN] = 1.0
        if year_seen:
            row[_AFTER_YEAR] = 1.0
        if sentences:
            row[_SENTENCE] = float(min(sentences, 6))
        if i:
            row[f"bigram:{own[i - 1]['core']}|{f['core']}".encode()] = 1.0
        for n in range(4):
            j = i + _OFFSETS[n]
            if 0 <= j <= last:
                row.update(seen[j][n])
            else:
                row[_EDGES[n]] = 1.0
        out.append(row)
        if word[-1:] in "”\"’" or word[-2:] in ("”,", '",', "”.", '".', "’,", "’."):
            quoted = False
        if ")" in word:
            paren = False
        year_seen = year_seen or "year" in f
        if word.endswith(".") and "initial" not in f and len(str(f["core"])) > 1:
            sentences += 1
    return out


def _tagger() -> pycrfsuite.Tagger:
    # A crfsuite Tagger holds per-call state: one per thread.
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(resources.files("refsvc").joinpath(MODEL)))
        _local.tagger = tagger
    return tagger


def label(text: str) -> list[Field]:
    """The printed reference as labelled fields, in printed order (a label may recur)."""
    words = tokens(text)
    if not words:
        return []
    tagger = _tagger()
    tags = tagger.tag(features(words))
    out: list[Field] = []
    start = 0
    for i in range(1, len(words) + 1):
        if i == len(words) or tags[i] != tags[start]:
            sure = sum(tagger.marginal(tags[k], k) for k in range(start, i)) / (i - start)
            out.append(Field(tags[start], " ".join(words[start:i]), round(sure, 3)))
            start = i
    return out
