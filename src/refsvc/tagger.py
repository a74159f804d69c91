"""Printed references -> labelled fields, by a linear-chain CRF, as AnyStyle, ParsCit and GROBID read
references: each whitespace token gets a label (author, title, container-title, date ...) from features of
itself and its neighbours, and runs of one label are the fields.

The model is trained with CRFsuite (python-crfsuite) by scripts/train_tagger.py on AnyStyle's labelled
references (BSD-2; notice in data/tagger/LICENSE) and shipped in data/tagger/; nothing here reads training
data. Labelling reads CRFsuite's model file itself (crfmodel.py) and scores whole lists at once with numpy:
each distinct word's share of a token's score is summed once and kept, and the Viterbi and
forward-backward passes run over many references in each array operation, where CRFsuite takes one reference
and one attribute at a time.
"""
from __future__ import annotations

import functools
import itertools
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from refsvc import crfmodel

MODEL = "data/tagger/references.crfsuite"
# AnyStyle's labels as refsvc names them; a journal is a container like any other.
LABELS = {"journal": "container-title", "director": "author", "producer": "editor"}
_YEAR_RE = re.compile(r"^[(\[]?(1[5-9]\d\d|20\d\d)[a-z]?[)\]]?[.,;:]?$")
_PUNCT_END = re.compile(r"([.,;:)\]”\"'’!?]+)$")


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


# A word's shape: capitals X, small letters x, digits d, each run cut to two, the first eight characters
_SHAPE_LETTERS = str.maketrans({**{c: "X" for c in map(chr, [*range(ord("A"), ord("Z") + 1), *range(0xC0, 0xDF)])},
                                **{c: "x" for c in map(chr, [*range(ord("a"), ord("z") + 1), *range(0xDF, 0x100)])},
                                **{c: "d" for c in "0123456789"}})
_DIGIT_RE = re.compile(r"\d")
# what _core() keeps of an ASCII word: letters and digits
_ASCII_PUNCTUATION = str.maketrans("", "", "".join(c for c in map(chr, range(128)) if not c.isalnum()))


def _shape(word: str) -> str:
    shape = word.translate(_SHAPE_LETTERS)
    if not shape.isascii():
        shape = _DIGIT_RE.sub("d", shape)  # any other script's digits
    out: list[str] = []
    for c in shape:
        if len(out) < 2 or c != out[-1] or c != out[-2]:
            out.append(c)
            if len(out) == 8:
                break
    return "".join(out)


def _core(word: str) -> str:
    if word.isascii():
        return word.lower().translate(_ASCII_PUNCTUATION)
    folded = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in folded if c.isalnum())


def _scoring(features: dict[str, str | float | bool]) -> dict[str, str | float | bool]:
    # crfsuite scores a feature as weight × value, so one whose value is 0 or False adds nothing: left out, the
    # tagger reads the same labels with a third fewer attributes to convert and look up.
    return {name: value for name, value in features.items() if value or isinstance(value, str)}


_INITIAL_RE = re.compile(r"[A-Z][a-z]?\.(?:-?[A-Z]\.)*,?")
_RANGE_RE = re.compile(r"\d+\s*[-–—]+\s*\d+")
_URL_RE = re.compile(r"(https?://|www\.)", re.I)
_DOI_RE = re.compile(r"\b10\.\d{4,9}/")


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
        "initial": bool(_INITIAL_RE.fullmatch(word)),
        "year": bool(_YEAR_RE.match(word)), "digits": sum(map(str.isdigit, core)) / max(1, len(core)),
        "range": bool(_RANGE_RE.search(word)), "url": bool(_URL_RE.match(word)),
        "doi": bool(_DOI_RE.search(word)), "len": min(len(core), 12),
    })


def _attributes(features: dict[str, str | float | bool]) -> dict[bytes, float]:
    # crfsuite's own attributes: a feature with a text value is the attribute "name:value" of weight 1, as
    # python-crfsuite names it, others weigh their value. Handing them over so, as the UTF-8 bytes crfsuite
    # reads, saves python-crfsuite joining every name to its value and encoding it on every call (a fifth of
    # the tagger's time), and reads the same model.
    out: dict[bytes, float] = {}
    for name, value in features.items():
        if isinstance(value, str):
            out[f"{name}:{value}".encode()] = 1.0
        else:
            out[name.encode()] = float(value)
    return out


@functools.lru_cache(maxsize=1 << 16)
def _own_attributes(word: str) -> dict[bytes, float]:
    return _attributes(_token_features(word))  # cached, never changed by callers


# What a token tells its neighbours, under the names each reads it by ("-1:core:the"), one dict per offset
_NEIGHBOUR_KEYS = ("core", "shape", "end", "year", "initial", "cap")
_OFFSETS = (-2, -1, 1, 2)
_PREFIXES = tuple(f"{offset}:".encode() for offset in _OFFSETS)
# A row's attributes that are not a word's, encoded once
_BIAS, _POS, _FIRST, _LAST, _QUOTED, _PAREN, _AFTER_YEAR, _SENTENCE = (
    name.encode() for name in ("bias", "pos", "first", "last", "quoted", "paren", "after_year", "sentence"))
_EDGES = tuple(prefix + b"edge" for prefix in _PREFIXES)


@functools.lru_cache(maxsize=1 << 16)
def _as_neighbour(word: str) -> tuple[dict[bytes, float], ...]:
    own = _token_features(word)  # cached, never changed by callers
    shown = _attributes({key: own[key] for key in _NEIGHBOUR_KEYS if key in own})
    # UTF-8 is written byte for byte in order, so the prefix's bytes before the name's are the whole name's
    return tuple({prefix + name: value for name, value in shown.items()} for prefix in _PREFIXES)


# A token's attributes that are not its word's, in the order _scores() sets their values
_ROW_ATTRIBUTES = (_BIAS, _POS, _FIRST, _LAST, _QUOTED, _PAREN, _AFTER_YEAR, _SENTENCE, *_EDGES)


def _marks(word: str, f: dict[str, str | float | bool]) -> tuple[bool, bool, bool, bool, bool, bool]:
    """What of a word opens or closes the spans features() tracks: (opens a quotation, closes one, opens a
    bracket, closes one, is a year, ends a sentence — a full stop ending a field rather than an initial)."""
    return (word[:1] in "“\"‘" or word[:2] in ("(“", '("'),
            word[-1:] in "”\"’" or word[-2:] in ("”,", '",', "”.", '".', "’,", "’."),
            word.startswith("("), ")" in word, "year" in f,
            word.endswith(".") and "initial" not in f and len(str(f["core"])) > 1)


def features(words: Sequence[str]) -> list[dict[bytes, float]]:
    """CRF features of every token, as crfsuite's attributes (UTF-8 names) and weights: its own, its
    neighbours' (±2), its place and what encloses it. What the model is trained on; labelling computes the
    same attributes' scores all at once (_scores)."""
    own = [_token_features(w) for w in words]
    seen = [_as_neighbour(w) for w in words]
    quoted = paren = year_seen = False
    sentences = 0  # full stops so far that end a field rather than an initial: where a field may begin
    out = []
    count, last = max(1, len(words)), len(words) - 1
    for i, f in enumerate(own):
        word = words[i]
        opens_quote, closes_quote, opens_paren, closes_paren, year, ends_sentence = _marks(word, f)
        quoted = quoted or opens_quote
        paren = paren or opens_paren
        # only what scores (see _scoring)
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
        quoted = quoted and not closes_quote
        paren = paren and not closes_paren
        year_seen = year_seen or year
        sentences += ends_sentence
    return out


def _model() -> crfmodel.Model:
    return crfmodel.load(MODEL)


class _Word(NamedTuple):
    rows: tuple[int, ...]  # the model's rows of the word's attributes: as the token, then as each neighbour of _OFFSETS
    values: tuple[float, ...]  # their values
    sizes: tuple[int, ...]  # how many of them are the token's and each neighbour's
    marks: tuple[bool, ...]  # opens a quotation, closes one, opens a bracket, closes one, is a year, ends a sentence
    core: bytes  # for the bigram attribute
    before: bytes  # the bigram attribute's head, when the word is the first of the two


@functools.lru_cache(maxsize=1 << 16)
def _word(word: str) -> _Word:
    # Cached: words recur across references ("and", "Journal", "pp.")
    parts = (_own_attributes(word), *_as_neighbour(word))
    f = _token_features(word)
    core = str(f["core"]).encode()
    return _Word(tuple(_model().rows(list(itertools.chain.from_iterable(parts)))),
                 tuple(itertools.chain.from_iterable(part.values() for part in parts)), tuple(map(len, parts)),
                 _marks(word, f), core, b"bigram:" + core + b"|")


# Each thread's kept shares (word -> its _Word's attributes summed, (1 + len(_OFFSETS)) × labels), at most
# _KEPT_WORDS words (or one list's distinct words, when a list alone holds more): a word's share is the same
# wherever it stands, and words recur from list to list
_local = threading.local()
_KEPT_WORDS = 1 << 16


def _shares(words: Sequence[str], kinds: Sequence[_Word]) -> np.ndarray:
    """What each word (its _Word in kinds, as _scores has them) adds to each label's score, as the token and
    as each neighbour (words × 5 × labels): kept ones as kept, the others summed together (a numpy call costs about as much for one word as for
    a thousand)."""
    kept: dict[str, np.ndarray] = _local.__dict__.setdefault("shares", {})
    new = [n for n, w in enumerate(words) if w not in kept]
    if len(kept) + len(new) > _KEPT_WORDS:
        kept.clear()  # and the list's kept words summed again with the rest
        new = list(range(len(words)))
    if new:
        fresh = [kinds[n] for n in new]
        summed = _model().sums([r for k in fresh for r in k.rows], [v for k in fresh for v in k.values],
                               [n for k in fresh for n in k.sizes]).reshape(len(fresh), 1 + len(_OFFSETS), -1)
        kept.update(zip((words[n] for n in new), summed))
    return np.stack([kept[w] for w in words])


def _scores(sequences: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """The CRF's state scores (tokens × labels) of each token sequence, all sequences at once: for every token
    the weights of the attributes features() gives it, times their values, summed — from each distinct word's
    share (_shares), and the token's place and what encloses it, worked out for all tokens together."""
    model = _model()
    distinct = dict.fromkeys(w for seq in sequences for w in seq)
    lengths = np.array([len(seq) for seq in sequences], dtype=np.intp)
    if not distinct:
        return [np.zeros((0, len(model.labels))) for _ in sequences]
    kinds = [_word(w) for w in distinct]
    shares = _shares(list(distinct), kinds)
    at = {w: n for n, w in enumerate(distinct)}
    which = np.array([at[w] for seq in sequences for w in seq], dtype=np.intp)
    words = [kinds[n] for n in which.tolist()]
    index = np.arange(len(words))
    length = np.repeat(lengths, lengths)  # of each token's sequence
    start = np.repeat(np.cumsum(lengths) - lengths, lengths)  # where it begins
    place = index - start
    held = shares[which]  # tokens × 5 × labels
    marks = np.array([w.marks for w in words], dtype=bool)

    def last(mark: np.ndarray, before: bool = False) -> np.ndarray:
        # the index of the last token at or before each token (strictly before: before=True) with the mark
        seen = np.maximum.accumulate(np.where(mark, index, -1))
        return np.concatenate(([-1], seen[:-1])) if before else seen

    def enclosed(opens: np.ndarray, closes: np.ndarray) -> np.ndarray:
        # opened in this sequence at or before the token, and not closed since (a word closes after its own row)
        opened = last(opens)
        return (opened >= start) & (opened > last(closes, before=True))

    ended = np.concatenate(([0], np.cumsum(marks[:, 5])[:-1]))  # sentences ended before each token
    values = [np.ones(len(words)), np.round(10 * place / length), place == 0, place == length - 1,
              enclosed(marks[:, 0], marks[:, 1]), enclosed(marks[:, 2], marks[:, 3]),
              last(marks[:, 4], before=True) >= start, np.minimum(ended - ended[start], 6)]
    state = held[:, 0].copy()
    for n, offset in enumerate(_OFFSETS):
        inside = (place + offset >= 0) & (place + offset < length)
        values.append(~inside)
        state += np.where(inside[:, None], held[np.clip(index + offset, 0, len(words) - 1), n + 1], 0.0)
    # einsum, not a matrix product: a BLAS would start threads that spin on every core
    state += np.einsum("tv,vl->tl", np.column_stack(values).astype(float), model.weights[model.rows(_ROW_ATTRIBUTES)])
    get, none = model.attributes.get, model.none
    state += model.weights[[get(words[i - 1].before + w.core, none) if at else none
                            for i, (w, at) in enumerate(zip(words, place.tolist()))]]
    return np.split(state, np.cumsum(lengths)[:-1])


def label_all(texts: Sequence[str]) -> list[list[Field]]:
    """label() of each text, read together: the same fields, in a fraction of the time for a list."""
    sequences = [tokens(text) for text in texts]
    model = _model()
    out: list[list[Field]] = []
    for seq, (tags, sure) in zip(sequences, model.decode(_scores(sequences))):
        names = [model.labels[t] for t in tags]
        fields: list[Field] = []
        start = 0
        for i in range(1, len(seq) + 1):
            if i == len(seq) or names[i] != names[start]:
                fields.append(Field(names[start], " ".join(seq[start:i]), round(sum(sure[start:i]) / (i - start), 3)))
                start = i
        out.append(fields)
    return out


def label(text: str) -> list[Field]:
    """The printed reference as labelled fields, in printed order (a label may recur)."""
    return label_all([text])[0]
