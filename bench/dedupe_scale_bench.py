"""Deduplication at a million records, beside its floor, in one run.

Synthetic records (seeded) with the hard cases real libraries hold: about a fifth of the works printed two to
four times (a typo in the title, a dropped subtitle, extra initials, an upper-cased title, the title missing,
title and journal swapped, family and given names swapped), conference supplements whose abstracts share one
DOI, and sibling works of one author and year whose titles differ by a number or one word.

Three runs on the same records, each in its own process so that its peak memory is its own:
- making the records alone (the generator's own cost, inside both runs below);
- the floor: blocking and the sorted-title window alone, no field comparison (what any deduplicator pays);
- refsvc: `dedupe.group` (what `refsvc dedupe` runs), comparisons shared among the cores (forked workers;
  their peak is reported too).

    .venv/bin/python bench/dedupe_scale_bench.py [--records 1000000] [--write]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import string
import subprocess
import sys
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import results  # noqa: E402

from refsvc import dedupe  # noqa: E402
from refsvc.model import Reference, Source  # noqa: E402

START, END = "<!-- dedupe-scale:start -->", "<!-- dedupe-scale:end -->"
WORDS = ("relations security cooperation policy regional strategic economic trade energy analysis study impact "
         "development conflict power states foreign alliance corridor integration transition review evidence "
         "approach framework dynamics prospects challenges future history emerging global south asia central "
         "eurasian maritime defence nuclear climate water migration governance institutions markets growth lake "
         "river winter trial cohort outcome therapy screening model network learning survey estimate").split()


def records(n: int, truth: array, hard: dict[str, int], seed: int = 11) -> Iterator[Reference]:
    """n references, made as they are read (so that a run holds no more of them than it keeps itself); the
    work number of each is appended to truth, and how many of each hard case were made is counted in hard."""
    rng = random.Random(seed)
    surnames = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 9))).title()
                for _ in range(20000)]
    journals = [f"Journal of {rng.choice(WORDS).title()} {rng.choice(WORDS).title()}" for _ in range(800)]
    made = 0
    work = 0
    supplement = ""
    previous: dict = {}
    while made < n:
        people = [{"family": rng.choice(surnames), "given": rng.choice(string.ascii_uppercase) + "."}
                  for _ in range(rng.randint(1, 5))]
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
        if rng.random() < 0.4:
            title += ": " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
        first = rng.randint(1, 900)
        year = rng.randint(1960, 2025)
        base = {"type": "article-journal", "title": title, "author": people, "issued": {"date-parts": [[year]]},
                "container-title": rng.choice(journals), "volume": str(rng.randint(1, 80)),
                "page": f"{first}–{first + rng.randint(2, 30)}"}
        roll = rng.random()
        if roll < 0.02:  # a supplement's abstracts: one DOI for many works
            if not supplement or rng.random() < 0.2:
                supplement = f"10.9999/suppl.{made}"
            base["DOI"] = supplement
            hard["works in a supplement sharing one DOI"] += 1
        elif roll < 0.05 and previous:  # a sibling: the previous work's author, year and title, one word or number apart
            sibling = previous
            words = sibling["title"].split()
            k = rng.randrange(len(words))
            words[k] = rng.choice([w for w in WORDS if w != words[k].lower()])
            base.update(author=sibling["author"], issued=sibling["issued"], title=" ".join(words),
                        **{"container-title": sibling["container-title"]})
            if rng.random() < 0.5:
                base["title"] = f"{sibling['title']} {rng.choice(['II', '2', 'Part 2'])}"
            hard["sibling works (one author and year, near-identical titles)"] += 1
        elif rng.random() < 0.5:
            base["DOI"] = f"10.{rng.randint(1000, 9999)}/{made}"
        previous = base
        title = base["title"]
        copies = 1 + (rng.random() < 0.2) * rng.randint(1, 3)
        for c in range(copies):
            csl = dict(base)
            if c:
                variant = rng.random()
                if variant < 0.25:
                    i = rng.randrange(len(title))
                    csl["title"] = title[:i] + rng.choice(string.ascii_lowercase) + title[i + 1:]
                elif variant < 0.4 and ":" in title:
                    csl["title"] = title.split(":")[0]
                elif variant < 0.55:
                    csl["author"] = [dict(p, given=p["given"] + " " + rng.choice(string.ascii_uppercase) + ".")
                                     for p in people]
                elif variant < 0.7:
                    csl["title"] = title.upper()
                elif variant < 0.8:
                    del csl["title"]
                    hard["copies with no title"] += 1
                elif variant < 0.9:
                    csl["title"], csl["container-title"] = csl["container-title"], csl["title"]
                    hard["copies with title and journal swapped"] += 1
                else:
                    csl["author"] = [{"family": p["given"].rstrip("."), "given": p["family"]} for p in people]
                    hard["copies with family and given names swapped"] += 1
                if "DOI" in csl and rng.random() < 0.5:
                    del csl["DOI"]  # one database has the DOI, the other not
            if made < n:
                yield Reference(f"r{made}", "article", {}, Source("synthetic", made), (), csl)
                truth.append(work)
                made += 1
        work += 1


def run(which: str, n: int) -> dict:
    """One measured run in this process (called in a child): seconds, peak memory, and what it found. The
    records are made as the run reads them, as `refsvc dedupe` reads a library file's."""
    truth = array("i")
    hard: dict[str, int] = defaultdict(int)
    started = time.perf_counter()
    groups: list[list[int]] = []
    pairs = 0
    if which == "making":
        for _ in records(n, truth, hard):
            pass
    elif which == "floor":
        features = [dedupe.features._features(i, r) for i, r in enumerate(records(n, truth, hard))]
        pairs = sum(1 for _ in dedupe.blocking._candidates(features))
    else:
        grouping = dedupe.group(records(n, truth, hard))
        pairs, groups = grouping.compared, list(grouping.groups.values())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Pairs counted, not listed: within each cluster, by true work; and along the truth (records of a work are
    # made one after another).
    found = sum(len(g) * (len(g) - 1) // 2 for g in groups)
    found_true = sum(c * (c - 1) // 2 for g in groups if len(g) > 1 for c in Counter(truth[i] for i in g).values())
    true = sum(c * (c - 1) // 2 for c in (sum(1 for _ in run_) for _, run_ in groupby(truth)))
    return {"seconds": seconds, "pairs": pairs, "hard": dict(hard), "peak_mb": peak,
            "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "false_pairs": found - found_true, "true_pairs": true, "found_true": found_true}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--child", choices=("making", "floor", "refsvc"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.child, args.records)))
        return 0
    out = {}
    for which in ("making", "floor", "refsvc"):
        done = subprocess.run([sys.executable, __file__, "--records", str(args.records), "--child", which],
                              capture_output=True, text=True, check=True)
        out[which] = json.loads(done.stdout.strip().splitlines()[-1])
        print(which, out[which])
    making, floor, ours = out["making"], out["floor"], out["refsvc"]
    n = args.records
    rows = [
        "| run | seconds | peak memory (process / forked workers) | comparisons per record | false-positive pairs | pair sensitivity |",
        "|---|---:|---:|---:|---:|---:|",
        f"| making the records alone, none kept | {making['seconds']:.1f} | {making['peak_mb']:,.0f} MB | – | – | – |",
        f"| floor: blocking + sorted window, no comparison | {floor['seconds']:.1f} | {floor['peak_mb']:,.0f} MB | "
        f"{floor['pairs'] / n:.1f} candidates | – | – |",
        f"| refsvc `dedupe.group` | {ours['seconds']:.1f} | {ours['peak_mb']:,.0f} MB / {ours['children_peak_mb']:,.0f} MB | "
        f"{ours['pairs'] / n:.1f} | {ours['false_pairs']:,} | {ours['found_true'] / ours['true_pairs']:.4f} |",
    ]
    hard = "; ".join(f"{k}: {v:,}" for k, v in ours["hard"].items())
    report = "\n".join([START, "## Deduplication at scale (`bench/dedupe_scale_bench.py`)", "",
                        f"{n:,} synthetic records (seeded; hard cases made: {hard}), each run in its own process on "
                        "this 2-core machine. Each run reads the records as they are made, as `refsvc dedupe` reads a "
                        "library file's, and keeps what it needs of them; its time includes making them. Peak memory "
                        "is the run's whole process; the forked workers' peak is the largest one's.", "", *rows, END])
    return results.publish(report, START, END, args.write)


if __name__ == "__main__":
    sys.exit(main())
