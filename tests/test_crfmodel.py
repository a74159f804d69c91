"""refsvc's own CRF decoding (crfmodel.py, tagger.label_all) against CRFsuite itself, the library the model is
trained with: the same labels and the same marginals from the same model file, for lists of any shape."""
from __future__ import annotations

import threading
from importlib import resources

import numpy as np
import pycrfsuite
import pytest

from refsvc import crfmodel, labelled, tagger

from test_tagger import LINES

MODEL_PATH = str(resources.files("refsvc").joinpath(tagger.MODEL))

# Invented references in the shapes that move the tagger's running features: quotations opened and closed in
# one word or several, brackets, years, full stops after initials and after words, numbers run together
SHAPES = [
    *LINES,
    "“Trout”. Lake Notes 4.",
    'Vale, T. ("Winter" feeding) (2011) “On “nested” quotes,” Lake (Research), 2011; 35(2):1–9.',
    "Orr, A. B. C. D. E. F. G. H. Trout. Perch. Pike. Carp. Tench. Roach. Dace. Bream. Lake Notes, 1–2.",
    "Hale",
    "2011",
    "(((((",
    "Moss, K. 2019. " + " ".join(f"Word{n}." for n in range(120)) + " Lake Press.",
]


def _crfsuite(lines: list[str]) -> list[tuple[list[str], list[float]]]:
    crf = pycrfsuite.Tagger()
    crf.open(MODEL_PATH)
    out = []
    for line in lines:
        labels = crf.tag(tagger.features(tagger.tokens(line)))
        out.append((labels, [crf.marginal(y, k) for k, y in enumerate(labels)]))
    return out


def test_labels_and_marginals_are_crfsuites_for_a_whole_list_at_once():
    model = crfmodel.load(tagger.MODEL)
    decoded = model.decode(tagger._scores([tagger.tokens(line) for line in SHAPES]))
    for line, (labels, sure), (ids, ours) in zip(SHAPES, _crfsuite(SHAPES), decoded):
        assert [model.labels[i] for i in ids] == labels, line
        assert ours == pytest.approx(sure, rel=1e-9, abs=1e-12), line


def test_a_list_labels_as_its_references_do_one_by_one():
    together = tagger.label_all(SHAPES)
    assert together == [tagger.label(line) for line in SHAPES]
    assert tagger.label_all([]) == [] and tagger.label("") == [] and tagger.label_all(["", "Hale"])[0] == []
    assert labelled.read_all(SHAPES) == [labelled.read(line) for line in SHAPES]
    # more references than one batch decodes, and a reference too long to share one: the same again
    long = " ".join(["Vale, T. (2011). Winter feeding of trout. Lake Notes, 4, 1–9."] * 600)
    many = [*SHAPES * 50, long]
    assert tagger.label_all(many) == [*together * 50, tagger.label(long)]


def test_kept_shares_score_as_fresh_ones_and_stay_with_their_thread(monkeypatch):
    """Each thread keeps the words' shares it summed: scores from kept shares, from a store emptied when it
    fills, and from another thread's own store are the same, and no thread reads another's store."""
    sequences = [tagger.tokens(line) for line in SHAPES]
    first = tagger._scores(sequences)
    kept = tagger._local.shares
    assert set(kept) >= {w for seq in sequences for w in seq}
    again = tagger._scores(sequences)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    # a store that the next list's new words would overfill is emptied before they are summed
    unseen = [tagger.tokens("Quillon-Brackett, Z. Xerophile thermoclines. Vexillology Quarterly, 7761.")]
    monkeypatch.setattr(tagger, "_KEPT_WORDS", len(kept) + 2)
    scored = tagger._scores([*unseen, *sequences])
    assert set(tagger._local.shares) == {w for seq in [*unseen, *sequences] for w in seq}
    for a, b in zip(first, scored[1:]):
        np.testing.assert_array_equal(a, b)
    monkeypatch.undo()
    other: dict[str, object] = {}

    def elsewhere() -> None:
        other["scores"] = tagger._scores(sequences)
        other["store"] = tagger._local.shares

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert other["store"] is not tagger._local.shares
    for a, b in zip(first, other["scores"]):
        np.testing.assert_array_equal(a, b)


def test_a_tokens_scores_are_its_trained_features_weights():
    """The scores labelling sums from each word's share equal, for every token, weight × value summed over
    the attributes features() gives it (what the model was trained on)."""
    model = crfmodel.load(tagger.MODEL)
    sequences = [tagger.tokens(line) for line in SHAPES]
    for words, scores in zip(sequences, tagger._scores(sequences)):
        expected = np.array([sum((value * model.weights[model.attributes.get(name, model.none)] for name, value in row.items()),
                                 np.zeros(len(model.labels))) for row in tagger.features(words)])
        np.testing.assert_allclose(scores, expected, rtol=1e-12, atol=1e-12)


def test_the_reader_reads_the_weights_crfsuite_reads():
    crf = pycrfsuite.Tagger()
    crf.open(MODEL_PATH)
    info = crf.info()
    model = crfmodel.load(tagger.MODEL)
    assert model.labels == tuple(sorted(info.labels, key=lambda name: int(info.labels[name])))
    assert len(model.attributes) == len(info.attributes) and len(model.weights) == len(info.attributes) + 1
    label = {name: n for n, name in enumerate(model.labels)}
    for (source, target), weight in info.transitions.items():
        assert model.transitions[label[source], label[target]] == pytest.approx(weight, abs=1e-6)  # info() prints 6 places
    for (name, target), weight in list(info.state_features.items())[::97]:
        assert model.weights[model.attributes[name.encode()], label[target]] == pytest.approx(weight, abs=1e-6)
    assert not model.weights[-1].any()  # the row an unknown attribute reads
    with pytest.raises(ValueError):
        model.weights[0, 0] = 1.0  # shared by every thread: read-only


@pytest.mark.parametrize("damage, message", [
    pytest.param(lambda data: data[:30], "too short", id="truncated_header"),
    pytest.param(lambda data: b"XXXX" + data[4:], "not a CRFsuite linear-chain model", id="wrong_magic"),
    pytest.param(lambda data: data[:-10], "truncated or damaged", id="truncated_body"),
])
def test_a_damaged_model_file_is_refused_in_one_line(damage, message):
    data = resources.files("refsvc").joinpath(tagger.MODEL).read_bytes()
    with pytest.raises(crfmodel.ModelError) as error:
        crfmodel.read(damage(data), "references.crfsuite")
    assert message in str(error.value) and "references.crfsuite" in str(error.value) and "\n" not in str(error.value)
