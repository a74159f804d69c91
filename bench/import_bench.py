"""Importing a real 22,600-entry BibTeX library (../shared/bench-data/bib/ml-conf-neurips-icml.bib, 83 reused
keys) with `refsvc import`, beside the floor: bibtexparser v2 alone splitting the same file. Also the
macro-heavy iridia file (1,716 @string, # everywhere, 847 crossref). Reads ../shared in place; says so and
stops when absent.

    .venv/bin/python bench/import_bench.py [--write]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import bibtexparser

from refsvc import libraries
from refsvc.cli import main as refsvc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import results  # noqa: E402

BIB = ROOT.parent / "shared" / "bench-data" / "bib"
FILES = ("ml-conf-neurips-icml.bib", "iridia/iridia-all.bib")
START, END = "<!-- import-bench:start -->", "<!-- import-bench:end -->"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not (BIB / FILES[0]).is_file():
        print(f"import_bench: skipped: no bench data at {BIB}")
        return 0
    rows = []
    for name in FILES:
        path = BIB / name
        started = time.perf_counter()
        floor = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
        floor_s = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as folder:
            refs = Path(folder) / "refs"
            shutil.copytree(ROOT / "refs", refs)
            started = time.perf_counter()
            code = refsvc(["--refs", str(refs), "--db", str(Path(folder) / "lib.sqlite"), "import", str(path)])
            ours_s = time.perf_counter() - started
            imported, aside = libraries.read_libraries(refs)
        rows.append(f"| `{name}` | {len(floor.entries) + len(floor.failed_blocks):,} | {floor_s:.1f} s | "
                    f"{len(imported):,} | {len(aside)} | {ours_s:.1f} s | {'ok' if code == 0 else f'exit {code}'} |")
        print(rows[-1])
    report = "\n".join([
        START, "## Importing libraries (`bench/import_bench.py`)", "",
        "`refsvc import FILE` end to end (decode, parse with macros, `#` and crossref, copy to refs/libraries/, "
        "then the whole build: normalise, dedupe with the two papers, link, write SQLite) beside bibtexparser v2 "
        "alone splitting the file (its default middlewares; it leaves `#` unjoined and crossref uninherited).", "",
        "| file | blocks (bibtexparser) | bibtexparser alone | entries imported | set aside / kept apart | "
        "refsvc import + build | |", "|---|---:|---:|---:|---:|---:|---|", *rows, "", END])
    return results.publish(report, START, END, args.write)


if __name__ == "__main__":
    sys.exit(main())
