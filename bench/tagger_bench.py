"""Reference tagger benchmark: per-field accuracy on the references scripts/train_tagger.py holds out (never
trained on), and references labelled per second on one core. Reads ../shared/training/anystyle in place and
says so plainly when it is absent.

    .venv/bin/python bench/tagger_bench.py [--write]     # --write: replace the tagger section of RESULTS.md

A field is right for a reference when the model's text for that label equals the labelled text, compared
without the punctuation that joins fields (a trailing ',' or '.', wrapping brackets). "All fields" counts
references whose every labelled field is right and which gain no field the label set lacks.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import results  # noqa: E402
import train_tagger  # noqa: E402

from refsvc import tagger  # noqa: E402

DATA = ROOT.parent / "shared" / "training" / "anystyle"
FIELDS = ("author", "title", "container-title", "date", "volume", "pages", "publisher", "location", "editor")
START, END = "<!-- tagger-bench:start -->", "<!-- tagger-bench:end -->"


def bare(text: str) -> str:
    # Without the space tokens are joined by where tagger.tokens took glued numbers apart ("52(9):2645–55").
    text = re.sub(r"(?<=[\d)][:;]) (?=\d)", "", text)
    return re.sub(r"^[\s(\[“\"‘]+|[\s.,;:)\]”\"’]+$", "", text)


def by_label(spans) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, list[str]] = {}
    for label, text in spans:
        out.setdefault(label, []).append(bare(text))
    return out


def evaluate(held: list[list[tuple[str, str]]]) -> tuple[dict[str, tuple[int, int]], int, float]:
    """{field: (right, labelled)}, references with every field right, references per second."""
    counts: Counter[str] = Counter()
    right: Counter[str] = Counter()
    whole = 0
    results.one_core()
    started = time.perf_counter()
    predicted = tagger.label_all([" ".join(text for _, text in sequence) for sequence in held])
    per_second = len(held) / (time.perf_counter() - started)
    for sequence, fields in zip(held, predicted):
        gold, ours = by_label(sequence), by_label((f.label, f.text) for f in fields)
        every = set(gold) == set(ours)
        for label, texts in gold.items():
            counts[label] += 1
            ok = ours.get(label) == texts
            right[label] += ok
            every = every and ok
        whole += every
    return {label: (right[label], counts[label]) for label in counts}, whole, per_second


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the results into bench/RESULTS.md")
    args = parser.parse_args()
    if not (DATA / "core.xml").is_file():
        print(f"tagger_bench: skipped: no training data at {DATA}")
        return 0
    _, held = train_tagger.split(DATA)
    fields, whole, per_second = evaluate(held)
    by_file = []
    for name in train_tagger.FILES:
        part = [s for n, s in enumerate(train_tagger.sequences(DATA / f"{name}.xml"))
                if n % train_tagger.HELD_OUT_EVERY == train_tagger.HELD_OUT_EVERY - 1]
        part_fields, part_whole, _ = evaluate(part)
        cells = [f"{part_fields[k][0] / part_fields[k][1]:.3f}" if k in part_fields else "–"
                 for k in ("author", "title", "container-title", "date")]
        by_file.append(f"| {name} | {len(part)} | {' | '.join(cells)} | {part_whole / len(part):.3f} |")
    rows = [f"| {label} | {fields[label][1]:,} | {fields[label][0] / fields[label][1]:.3f} |"
            for label in (*FIELDS, *sorted(set(fields) - set(FIELDS))) if label in fields]
    report = "\n".join([
        START,
        "## Reference tagger (`bench/tagger_bench.py`)",
        "",
        f"The CRF of `src/refsvc/tagger.py` on the {len(held):,} references `scripts/train_tagger.py` holds out "
        "of AnyStyle's labelled set (every tenth of each file; never trained on). A field is right when its text "
        "equals the labelled text, joining punctuation aside.",
        "",
        "| field | references with it | right |",
        "|---|---:|---:|",
        *rows,
        f"| **every field of the reference** | {len(held):,} | {whole / len(held):.3f} |",
        "",
        "By source file (AnyStyle's README: gold is checked by hand, good mostly right, bad hard cases, ugly "
        "noisy real-world strings from OCR and footnotes):",
        "",
        "| file | held out | author | title | container | date | every field |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *by_file,
        "",
        f"Speed: {per_second:,.0f} references/s labelled on one core (the whole held-out list at once, as a reference "
        "list is read: features in Python, scores and decoding in numpy, crfmodel.py).",
        END,
    ])
    return results.publish(report, START, END, args.write)


if __name__ == "__main__":
    sys.exit(main())
