"""Dedupe benchmark: time per stage on the two papers, scaling on synthetic records, and accuracy on
labelled real data from ../shared/bench-data/dedup (read in place, never copied; skipped when absent).

    .venv/bin/python bench/dedupe_bench.py [--synthetic 100000] [--labelled haematology,stroke]

Results are written down in bench/RESULTS.md by hand after a run; this script prints them.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from array import array
from collections import defaultdict
from pathlib import Path

from refsvc import dedupe, extract, journals, normalise, papers, parse
from refsvc.model import Reference, Source

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dedupe_scale_bench  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BENCH_DATA = ROOT.parent / "shared" / "bench-data" / "dedup"


def timed(label: str, fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    print(f"  {label:34} {time.perf_counter() - start:8.3f} s")
    return result


def bench_papers() -> None:
    print("The two papers (refs/):")
    refs_dir = ROOT / "refs"
    listed = papers.load_papers(refs_dir)
    texts = {p.paper_id: (ROOT / p.path).read_text(encoding="utf-8") for p in listed}
    timed("extract (both papers)", lambda: [extract.extract(p, texts[p.paper_id]) for p in listed])
    found, _ = timed("parse .bib", parse.parse_files, [extract.bib_path(refs_dir, p) for p in listed], ROOT)
    journal_names = journals.load_journal_names()
    normalised, _ = timed("normalise", normalise.normalise, found, journal_names)
    works = timed("dedupe", dedupe.dedupe, normalised)
    print(f"  {len(normalised)} references -> {len(works)} works")


# ---------------------------------------------------------------- synthetic records


def synthetic(n: int) -> tuple[list[Reference], dict[str, int]]:
    """n references from bench/dedupe_scale_bench.py's generator (hard cases included); truth maps key -> work."""
    truth: array = array("i")
    refs = list(dedupe_scale_bench.records(n, truth, defaultdict(int)))
    return refs, {r.key: work for r, work in zip(refs, truth)}


def pair_scores(works, truth: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision and recall of the clustering against truth."""
    found = {tuple(sorted((a.key, b.key))) for w in works for i, a in enumerate(w.references) for b in w.references[i + 1:]}
    by_work = defaultdict(list)
    for key, n in truth.items():
        by_work[n].append(key)
    true = {tuple(sorted((a, b))) for keys in by_work.values() for i, a in enumerate(keys) for b in keys[i + 1:]}
    hit = len(found & true)
    return (hit / len(found) if found else 1.0), (hit / len(true) if true else 1.0)


def bench_synthetic(n: int) -> None:
    print(f"Synthetic records: {n:,}")
    refs, truth = timed("generate", synthetic, n)
    features = [dedupe.features._features(i, r) for i, r in enumerate(refs)]
    pairs = timed("candidate pairs (blocking + window)", dedupe.candidate_pairs, features)
    print(f"  candidate pairs: {len(pairs):,} ({len(pairs) / n:.1f} per record; all pairs would be {n * (n - 1) // 2:,})")
    works = timed("dedupe (pairs, compare, merge, ids)", dedupe.dedupe, refs)
    precision, recall = pair_scores(works, truth)
    print(f"  {n:,} records -> {len(works):,} works; pairwise precision {precision:.4f}, recall {recall:.4f}")


# ---------------------------------------------------------------- labelled real data


def bench_labelled(names: list[str]) -> None:
    if not BENCH_DATA.is_dir():
        print(f"Labelled data: {BENCH_DATA} is absent; skipped (it lives beside the project, in shared/).")
        return
    journal_names = journals.load_journal_names()
    for name in names:
        folder = BENCH_DATA / name
        records = folder / "records_pre_merged.csv"
        if not records.is_file():
            print(f"Labelled data: {records} is absent; skipped.")
            continue
        refs = []
        with records.open(encoding="utf-8", newline="") as data:
            for row in csv.DictReader(data):
                fields = {k: v for k, v in {"title": row.get("title", ""), "author": row.get("author", ""),
                                            "year": str(row.get("year", "")).split(".")[0], "pages": row.get("pages", ""),
                                            "volume": row.get("volume", ""), "number": row.get("number", ""),
                                            "journaltitle": row.get("journal", ""), "doi": row.get("doi", "")}.items() if v}
                refs.append(Reference(row["ID"], (row.get("ENTRYTYPE") or "article").lower(), fields, Source(str(records), 0)))
        truth, n = {}, 0
        with (folder / "merged_record_ids.csv").open(encoding="utf-8") as data:
            for row in csv.DictReader(data):
                for key in row["merged_ids"].split(";"):
                    truth[key] = n
                n += 1
        for ref in refs:
            if ref.key not in truth:
                truth[ref.key] = n
                n += 1
        print(f"Labelled: {name} ({len(refs):,} records)")
        normalised, problems = timed("normalise", normalise.normalise, refs, journal_names)
        works = timed("dedupe", dedupe.dedupe, normalised)
        precision, recall = pair_scores(works, truth)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0
        print(f"  -> {len(works):,} works; pairwise precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}"
              f" ({len(problems)} fields not readable)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--labelled", default="haematology,stroke,respiratory,cytology_screening,digital_work")
    args = parser.parse_args(argv)
    bench_papers()
    if args.synthetic:
        bench_synthetic(args.synthetic)
    if args.labelled:
        bench_labelled([n for n in args.labelled.split(",") if n])
    return 0


if __name__ == "__main__":
    sys.exit(main())
