"""refsvc's deduplication beside bib-dedupe (the systematic-review tool, the anchor) on the labelled sets in
../shared/bench-data/dedup, same records, same scorer, in one run.

bib-dedupe is installed in this benchmark's own environment (bench/out/bib-dedupe-venv, made on first run),
never as a dependency of refsvc; it runs there in a child process on the same records written as CSV.
Reads ../shared in place; says so and stops when absent.

    .venv/bin/python bench/dedupe_anchor_bench.py [--write] [--sets haematology,stroke]
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from refsvc import dedupe, journals, normalise
from refsvc.model import Reference, Source

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import results  # noqa: E402

DATA = ROOT.parent / "shared" / "bench-data" / "dedup"
SETS = ("haematology", "stroke", "respiratory", "cytology_screening", "digital_work", "special_cases", "diabetes")
VENV = ROOT / "bench" / "out" / "bib-dedupe-venv"
COLUMNS = ("ID", "ENTRYTYPE", "title", "author", "journal", "booktitle", "year", "volume", "number", "pages", "doi")
START, END = "<!-- dedupe-anchor:start -->", "<!-- dedupe-anchor:end -->"
ANCHOR = """
import json, sys
import pandas as pd
import bib_dedupe.bib_dedupe as bd
records = pd.read_csv(sys.argv[1], dtype=str).fillna("")
prepared = bd.prep(records, verbosity_level=0, cpu=2)
pairs = bd.block(prepared, verbosity_level=0, cpu=2)
matched = bd.match(pairs, verbosity_level=0, cpu=2)
print(json.dumps([sorted(c) for c in bd.cluster(matched, verbosity_level=0)]))
"""


def rows(name: str) -> list[dict[str, str]]:
    """The set's records as rows of COLUMNS (the diabetes set is ASySD's file, cp1252, ids from record_id)."""
    folder = DATA / name
    if name == "diabetes":
        with open(folder / "asysd_labelled_test_set.csv", encoding="cp1252", newline="") as f:
            source = [dict(r, ID=f"id_{int(r['record_id']):07d}", ENTRYTYPE="article") for r in csv.DictReader(f)]
    else:
        with open(folder / "records_pre_merged.csv", encoding="utf-8", newline="") as f:
            source = list(csv.DictReader(f))
    out = []
    for r in source:
        row = {c: (r.get(c) or "").strip() for c in COLUMNS}
        row["number"] = row["number"] or (r.get("issue") or "").strip()
        row["year"] = row["year"].split(".")[0]
        row["ENTRYTYPE"] = (row["ENTRYTYPE"] or "article").lower()
        out.append(row)
    return out


def truth(name: str) -> list[set[str]]:
    with open(DATA / name / "merged_record_ids.csv", encoding="utf-8") as f:
        return [set(r["merged_ids"].split(";")) for r in csv.DictReader(f)]


def refsvc_clusters(records: list[dict[str, str]]) -> list[set[str]]:
    refs = [Reference(r["ID"], r["ENTRYTYPE"], {k: v for k, v in {
        "title": r["title"], "author": r["author"], "journaltitle": r["journal"], "booktitle": r["booktitle"],
        "year": r["year"], "volume": r["volume"], "number": r["number"], "pages": r["pages"], "doi": r["doi"]}.items()
        if v}, Source("set", 0)) for r in records]
    normalised, _ = normalise.normalise(refs, journals.load_journal_names())
    return [{r.key for r in w.references} for w in dedupe.dedupe(normalised)]


def anchor_clusters(records: list[dict[str, str]]) -> list[set[str]]:
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "bib-dedupe==0.11.0"], check=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, COLUMNS)
            writer.writeheader()
            writer.writerows(records)
        done = subprocess.run([str(python), "-c", ANCHOR, str(path)], capture_output=True, text=True, check=True,
                              cwd=folder)
    return [set(c) for c in json.loads(done.stdout.strip().splitlines()[-1])]


def score(found: list[set[str]], true: list[set[str]]) -> tuple[int, int, int, int, int]:
    """(false-positive pairs, true pairs found, true pairs, removable copies found, removable copies)."""
    def pairs(clusters: list[set[str]]) -> set[tuple[str, str]]:
        return {(a, b) for c in clusters for a in c for b in c if a < b}
    found_pairs, true_pairs = pairs(found), pairs(true)
    cluster_of = {k: n for n, c in enumerate(found) for k in c}
    removable_found = 0
    for c in true:
        parts: dict[int, int] = defaultdict(int)
        for k in c:
            parts[cluster_of.get(k, -hash(k))] += 1
        removable_found += sum(size - 1 for size in parts.values())
    return (len(found_pairs - true_pairs), len(found_pairs & true_pairs), len(true_pairs), removable_found,
            sum(len(c) - 1 for c in true))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"dedupe_anchor_bench: skipped: no labelled sets at {DATA}")
        return 0
    lines, pooled = [], defaultdict(lambda: [0, 0, 0, 0, 0])
    for name in args.sets.split(","):
        records, true = rows(name), truth(name)
        for tool, run in (("bib-dedupe 0.11", anchor_clusters), ("refsvc", refsvc_clusters)):
            started = time.perf_counter()
            fp, hit, pairs, removed, removable = score(run(records), true)
            seconds = time.perf_counter() - started
            for i, v in enumerate((fp, hit, pairs, removed, removable)):
                pooled[tool][i] += v
            lines.append(f"| {name} | {tool} | {len(records):,} | {fp} | {hit / pairs:.3f} | {removed / removable:.3f} | "
                         f"{seconds:.1f} s |")
            print(lines[-1])
    for tool, (fp, hit, pairs, removed, removable) in pooled.items():
        lines.append(f"| **pooled** | **{tool}** | | **{fp}** | **{hit / pairs:.3f}** | **{removed / removable:.3f}** | |")
    report = "\n".join([
        START, "## Deduplication beside bib-dedupe (`bench/dedupe_anchor_bench.py`)", "",
        "The labelled systematic-review sets, the same records given to both tools, one scorer. False-positive "
        "pairs: two records of different works put together. Pair sensitivity: true duplicate pairs found. "
        "Record sensitivity: removable copies found (in each true work, all but one record of each part a tool "
        "kept together). Times include bib-dedupe's process start and pandas import.", "",
        "| set | tool | records | false-positive pairs | pair sensitivity | record sensitivity | time |",
        "|---|---|---:|---:|---:|---:|---:|", *lines, END])
    return results.publish(report, START, END, args.write)


if __name__ == "__main__":
    sys.exit(main())
