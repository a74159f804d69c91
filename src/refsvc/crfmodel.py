"""A linear-chain CRF model as CRFsuite writes it (the "lCRF"/"FOMC" file python-crfsuite trains), read into
numpy arrays, and the two passes a tagger makes with it — Viterbi for the labels, forward-backward for how
sure each label is — run over many sequences in each array operation.

The file layout is CRFsuite's (crf1d_model.c, cqdb.c): a 48-byte header of little-endian uint32 offsets;
features as (type, source, destination, weight) records, type 0 an attribute's weight for a label, type 1 a
transition's; labels and attributes as constant-quark databases, records of (id, size, NUL-ended name) from
byte 2,072 of each. The passes compute what CRFsuite's crf1d_context.c computes, step for step (scaled
forward-backward, first best on ties), so the labels and marginals are CRFsuite's to the last bits of a double.
"""
from __future__ import annotations

import functools
import itertools
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

_HEADER = struct.Struct("<4sI4s9I")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_QUARK_RECORDS = 24 + 256 * 8  # a CQDB's header and its 256 hash-table references
# References of about one length are decoded together: a batch pads its sequences to its longest, and holds
# at most _BATCH of them and _BATCH_TOKENS token places (some 3 MB an array), whatever a list holds.
_BATCH = 256
_BATCH_TOKENS = 1 << 14


class ModelError(ValueError):
    """The file is not a CRFsuite linear-chain model this reader knows."""


@dataclass(frozen=True)
class Model:
    labels: tuple[str, ...]
    attributes: Mapping[bytes, int]  # attribute name -> its row of weights; never changed once read
    weights: np.ndarray  # (attributes + 1) × labels; the last row, all zero, for an attribute the model lacks
    transitions: np.ndarray  # labels × labels, from (row) -> to (column)
    by_label: np.ndarray  # the weights again, labels × (attributes + 1)

    @property
    def none(self) -> int:
        return len(self.weights) - 1

    def rows(self, names: Sequence[bytes]) -> list[int]:
        """The row of weights of each named attribute; the zero row for one the model lacks."""
        return list(map(self.attributes.get, names, itertools.repeat(self.none, len(names))))

    def sums(self, rows: Sequence[int], values: Sequence[float], sizes: Sequence[int]) -> np.ndarray:
        """Σ weight × value over consecutive runs of attributes (rows and values, runs of the given sizes):
        what each run adds to each label's score (runs × labels), summed in order as CRFsuite sums them."""
        # label by label (labels × terms), so that each sum runs along memory: several times faster, same sums
        terms = np.take(self.by_label, np.asarray(rows, dtype=np.intp), axis=1) * np.asarray(values, dtype=float)
        counts = np.asarray(sizes, dtype=np.intp)
        out = np.zeros((len(self.labels), len(counts)))
        if terms.size:  # np.add.reduceat reads an empty run as its next term: summed only where there are some
            out[:, counts > 0] = np.add.reduceat(terms, (np.cumsum(counts) - counts)[counts > 0], axis=1)
        return out.T

    def decode(self, scores: Sequence[np.ndarray]) -> list[tuple[list[int], list[float]]]:
        """For each sequence's state scores (tokens × labels): its best labels and each one's marginal
        probability, in input order."""
        order = [k for k in sorted(range(len(scores)), key=lambda k: -len(scores[k])) if len(scores[k])]
        out: list[tuple[list[int], list[float]]] = [([], [])] * len(scores)
        while order:
            # longest first, so a batch pads to its first; one very long sequence is decoded on its own
            size = max(1, min(_BATCH, _BATCH_TOKENS // len(scores[order[0]])))
            batch, order = order[:size], order[size:]
            for k, result in zip(batch, _decode_batch([scores[k] for k in batch], self.transitions)):
                out[k] = result
        return out


def _decode_batch(scores: list[np.ndarray], transitions: np.ndarray) -> list[tuple[list[int], list[float]]]:
    # Arrays are step × label × sequence, the sequences innermost, so every operation runs along the batch.
    # The scores come longest first: the sequences still running at step t are always the first active[t].
    lengths = np.array([len(s) for s in scores])
    count, longest, n_labels = len(scores), int(lengths[0]), transitions.shape[0]
    state = np.zeros((longest, n_labels, count))
    for k, s in enumerate(scores):
        state[:len(s), :, k] = s
    active = [int(np.count_nonzero(lengths > t)) for t in range(longest)]
    ends, rows = lengths - 1, np.arange(count)

    # Viterbi (crf1dc_viterbi): best[t][j] = max_i (best[t-1][i] + transition[i][j]) + state[t][j]; the labels are
    # traced back from the best end by the first i reaching each label's best, as CRFsuite keeps it
    best = np.empty_like(state)
    best[0] = state[0]
    candidates = np.empty((n_labels, n_labels, count))
    moves = transitions[:, :, None]
    for t in range(1, longest):
        n = active[t]
        np.add(best[t - 1, :, None, :n], moves, out=candidates[:, :, :n])
        np.max(candidates[:, :, :n], axis=0, out=best[t, :, :n])
        best[t, :, :n] += state[t, :, :n]
    labels = np.zeros((longest, count), dtype=np.intp)
    labels[ends, rows] = best[ends, :, rows].argmax(axis=1)
    for t in range(longest - 1, 0, -1):
        n = active[t]
        labels[t - 1, :n] = (best[t - 1, :, :n] + transitions[:, labels[t, :n]]).argmax(axis=0)

    # Scaled forward-backward (crf1dc_alpha_score, crf1dc_beta_score, crf1dc_marginal_point). Products by
    # einsum, not matmul: a BLAS would start threads that spin on every core for these small matrices.
    exp_state, exp_from, exp_to = np.exp(state), np.exp(transitions).T.copy(), np.exp(transitions)
    alpha, beta = np.zeros_like(state), np.zeros_like(state)
    scale = np.ones((longest, count))
    for t in range(longest):
        n = active[t]
        cur = alpha[t, :, :n]
        if t:
            np.einsum("ij,jb->ib", exp_from, alpha[t - 1, :, :n], out=cur)
            cur *= exp_state[t, :, :n]
        else:
            cur[...] = exp_state[0]
        total = cur.sum(axis=0)
        total[total == 0.0] = 1.0  # CRFsuite's scale is 1 where every path is 0
        np.divide(1.0, total, out=scale[t, :n])
        cur *= scale[t, :n]
    beta[ends, :, rows] = scale[ends, rows, None]
    for t in range(longest - 2, -1, -1):
        n = active[t + 1]
        np.einsum("ij,jb->ib", exp_to, beta[t + 1, :, :n] * exp_state[t + 1, :, :n], out=beta[t, :, :n])
        beta[t, :, :n] *= scale[t, :n]
    steps = np.arange(longest)[:, None]
    marginal = alpha[steps, labels, rows] * beta[steps, labels, rows] / scale
    labels_t, marginal_t = labels.T, marginal.T
    return [(labels_t[k, :lengths[k]].tolist(), marginal_t[k, :lengths[k]].tolist()) for k in range(count)]


def _quarks(data: bytes, offset: int, count: int, name: str) -> list[bytes]:
    """The names of a constant-quark database, by id."""
    if data[offset:offset + 4] != b"CQDB":
        raise ModelError(f"no {name} table at byte {offset}")
    out: list[bytes] = [b""] * count
    at = offset + _QUARK_RECORDS
    for _ in range(count):
        quark, size = struct.unpack_from("<iI", data, at)
        out[quark] = data[at + 8:at + 8 + size - 1]
        at += 8 + size
    return out


def read(data: bytes, source: str = "model") -> Model:
    """A model from the bytes of a CRFsuite model file."""
    if len(data) < _HEADER.size:
        raise ModelError(f"{source}: too short for a CRFsuite model")
    (magic, size, kind, _version, _n_features, n_labels, n_attributes, off_features, off_labels, off_attributes,
     _off_label_refs, _off_attribute_refs) = _HEADER.unpack_from(data)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ModelError(f"{source}: not a CRFsuite linear-chain model (magic {magic!r}, type {kind!r})")
    if size != len(data):
        raise ModelError(f"{source}: {len(data)} bytes where its header says {size}: truncated or damaged")
    if data[off_features:off_features + 4] != b"FEAT":
        raise ModelError(f"{source}: no features at byte {off_features}")
    n_features = struct.unpack_from("<I", data, off_features + 8)[0]  # the header leaves it 0
    features = np.frombuffer(data, _FEATURE, n_features, off_features + 12)
    labels = tuple(name.decode() for name in _quarks(data, off_labels, n_labels, "label"))
    names = _quarks(data, off_attributes, n_attributes, "attribute")
    weights = np.zeros((n_attributes + 1, n_labels))
    state = features[features["type"] == 0]
    weights[state["src"], state["dst"]] = state["weight"]
    transitions = np.zeros((n_labels, n_labels))
    moves = features[features["type"] == 1]
    transitions[moves["src"], moves["dst"]] = moves["weight"]
    by_label = np.ascontiguousarray(weights.T)
    weights.flags.writeable = transitions.flags.writeable = by_label.flags.writeable = False
    return Model(labels, {name: n for n, name in enumerate(names)}, weights, transitions, by_label)


@functools.cache
def load(path: str) -> Model:
    """The model shipped in the package at path (relative to refsvc/); read once, never changed."""
    return read(resources.files("refsvc").joinpath(path).read_bytes(), path)
