#!/usr/bin/env python3
"""Derive refsvc's publisher-name list from the training half of AnyStyle's labelled references (BSD-2).

    .venv/bin/python scripts/build_publisher_names.py [--data ../shared/training/anystyle] [--out src/refsvc/data]

One command, reproducible: the same data give a byte-identical file. The references stay where they are; only
the derived list (`publisher-names.txt`: one name a line) and the data's licence notice are written.
tests/test_tagger.py rebuilds it and compares, where the data are present.

A name is kept where two or more references of the training half print it as their publisher (the half that
scripts/train_tagger.py trains on: the references it holds out for measuring are never read here), with no
digit in it and a capital first; a name printed once is as often a place, a department or a misreading. Left
out: a name printed as often or more as a whole place, journal or other field ("London", "Oxford"), a month's
name, and the words a style prints for a publisher that is no name ("Author", "Producer", "Press").
AnyStyle's dictionary of publishers serves its parser the same way.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from refsvc.publishers import name_key  # noqa: E402
from train_tagger import split  # noqa: E402

OUT_NAME = "publisher-names.txt"
MIN_REFERENCES = 2


NO_NAMES = frozenset("author authors producer press publisher editor editors january february march april may june "
                     "july august september october november december".split())


def names(data: Path) -> list[str]:
    """The publishers printed by two or more training references, each in its first spelling, sorted."""
    seen: dict[str, set[int]] = defaultdict(set)
    elsewhere: dict[str, int] = defaultdict(int)  # a name's key -> spans of other fields printing it whole
    spelling: dict[str, str] = {}
    train, _held = split(data)
    for n, sequence in enumerate(train):
        for label, text in sequence:
            name = " ".join(text.split()).strip(" .,;:()[]")
            key = name_key(name)
            if label != "publisher":
                elsewhere[key] += 1
                continue
            if not re.match(r"[^\W\d_]", name) or not name[:1].isupper() or any(c.isdigit() for c in name) \
                    or not 2 <= len(name) <= 60 or not key or key in NO_NAMES:
                continue
            seen[key].add(n)
            spelling.setdefault(key, name)
    return sorted(spelling[k] for k, refs in seen.items() if len(refs) >= MIN_REFERENCES and elsewhere[k] < len(refs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "training" / "anystyle")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "refsvc" / "data")
    args = parser.parse_args()
    if not (args.data / "core.xml").is_file():
        print(f"build_publisher_names: no training data at {args.data} (AnyStyle's res/parser/*.xml)", file=sys.stderr)
        return 1
    found = names(args.data)
    path = args.out / OUT_NAME
    path.write_text("".join(f"{name}\n" for name in found), encoding="utf-8")
    shutil.copyfile(args.data / "LICENSE", args.out / "publisher-names.LICENSE")
    print(f"{path}: {len(found):,} publishers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
