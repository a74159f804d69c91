#!/usr/bin/env python3
"""Train the reference tagger (src/refsvc/tagger.py) on AnyStyle's labelled references.

    .venv/bin/python scripts/train_tagger.py [--data ../shared/training/anystyle] [--out src/refsvc/data/tagger]

One command, reproducible: the same data gives the same model (crfsuite's L-BFGS is deterministic). Every
tenth reference of every file (by position) is held out and never trained on; bench/tagger_bench.py
measures the shipped model on those held-out references. To the AnyStyle references it adds labelled lines
of our own (scripts/tagger_synthetic.py): records from the training half printed by citeproc-js in 30
official styles that no benchmark uses. The training files stay where they are: only the model and the
data's licence notice are written.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pycrfsuite

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from refsvc import tagger  # noqa: E402

import tagger_synthetic  # noqa: E402

FILES = ("core", "gold", "good", "bad", "ugly")
HELD_OUT_EVERY = 10


def sequences(path: Path) -> list[list[tuple[str, str]]]:
    """Each labelled reference of an AnyStyle XML file as [(label, span text)] in printed order."""
    out = []
    for sequence in ET.parse(path).getroot():
        spans = [(tagger.LABELS.get(el.tag, el.tag), " ".join((el.text or "").split())) for el in sequence]
        out.append([(label, text) for label, text in spans if text])
    return out


def split(data: Path) -> tuple[list[list[tuple[str, str]]], list[list[tuple[str, str]]]]:
    """(training, held-out): every tenth reference of each file held out."""
    train, held = [], []
    for name in FILES:
        for n, sequence in enumerate(sequences(data / f"{name}.xml")):
            (held if n % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else train).append(sequence)
    return train, held


def token_labels(sequence: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    words, labels = [], []
    for label, text in sequence:
        for word in tagger.tokens(text):
            words.append(word)
            labels.append(label)
    return words, labels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "training" / "anystyle")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "refsvc" / "data" / "tagger")
    parser.add_argument("--iterations", type=int, default=200)
    # L2 weight 0.3, not crfsuite's usual 0.01: spread over more features, the weights read styles the model
    # never saw better (held-out styles, every field right: 0.861 at 0.01, 0.880 at 0.3; at 1.0, or with L1 at
    # 0.15, the development styles lose containers). bench/RESULTS.md has the runs.
    parser.add_argument("--c1", type=float, default=0.05, help="L1 weight (elastic net, as AnyStyle's wapiti model)")
    parser.add_argument("--c2", type=float, default=0.3, help="L2 weight")
    parser.add_argument("--synthetic", type=int, default=200,
                        help="records printed in every synthetic style (0: AnyStyle's references only)")
    args = parser.parse_args()
    if not (args.data / "core.xml").is_file():
        print(f"train_tagger: no training data at {args.data} (AnyStyle's res/parser/*.xml)", file=sys.stderr)
        return 1
    train, held = split(args.data)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sequence in train:
        words, labels = token_labels(sequence)
        if words:
            trainer.append(tagger.features(words), labels)
    printed = tagger_synthetic.sequences(train, args.synthetic) if args.synthetic else []
    for words, labels in printed:
        trainer.append(tagger.features(words), labels)
    # Features seen once are dropped to keep the model small.
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "feature.minfreq": 2,
                        "feature.possible_transitions": True})
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    trainer.train(str(args.out / "references.crfsuite"))
    shutil.copyfile(args.data / "LICENSE", args.out / "LICENSE")
    print(f"trained on {len(train)} references and {len(printed)} printed by citeproc-js "
          f"in {time.perf_counter() - started:.0f} s; "
          f"{len(held)} held out; model {args.out / 'references.crfsuite'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
