#!/usr/bin/env python3
"""Derive refsvc's journal-name table from JabRef's journal abbreviation lists (CC0 1.0).

    .venv/bin/python scripts/build_journal_names.py [--lists ../shared/journals] [--out src/refsvc/data]

One command, reproducible: the same lists give a byte-identical file. The lists stay where they are; only the
derived table (`journal-names.tsv.gz`: one journal a line, its full name then the abbreviations it is printed
as) and the lists' licence notice are written. tests/test_journal_names.py rebuilds it and compares, where the
lists are present.

Left out, so that a name is only ever read as the journal it surely is:
- IEEE's BibTeX string macros (`#IEEE_J_CJECE#`) and the classics lists' sigla (`AA`, `ABAW`: not ISO 4
  abbreviations, and short enough to be anything);
- names written in LaTeX (`30$\\sp {\\rm o}$ Coloquio …`);
- any name that two journals share once folded (`Ann. Phys.`: Annals of Physics or Annalen der Physik).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from refsvc.journals import name_key  # noqa: E402

# The broad, carefully cased lists first: where files spell one journal differently, the first spelling is kept.
PRIORITY = ("general", "ubc", "lifescience", "sociology", "aea", "acs", "ams", "astronomy", "geology_physics",
            "ieee", "mathematics", "mechanical", "meteorology", "geology_physics_variations", "entrez", "medicus")
LEFT_OUT = ("ieee_strings", "annee-philologique", "dainst")
OUT_NAME = "journal-names.tsv.gz"


def rows(lists: Path) -> list[tuple[str, list[str]]]:
    """(full name, [abbreviations]) from every list, in PRIORITY order, then any list not named there."""
    files = sorted(lists.glob("journal_abbreviations_*.csv"))
    named = {p.stem.removeprefix("journal_abbreviations_"): p for p in files}
    order = [named[n] for n in PRIORITY if n in named] + sorted(
        p for n, p in named.items() if n not in PRIORITY and n not in LEFT_OUT)
    out = []
    for path in order:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                cells = [" ".join(c.split()) for c in row]
                if len(cells) < 2 or not cells[0] or any("$" in c or "\\" in c for c in cells):
                    continue
                # columns: full, ISO abbreviation, [shortest unique abbreviation, dotless abbreviation]
                variants = [c for c in (cells[1], *cells[3:4]) if c]
                out.append((cells[0], variants))
    return out


def table(lists: Path) -> dict[str, list[str]]:
    """Full name -> its abbreviations, every folded name pointing at exactly one journal."""
    canonical: dict[str, str] = {}  # a full name's key -> its first spelling
    names_of: dict[str, list[str]] = defaultdict(list)
    owners: dict[str, set[str]] = defaultdict(set)  # any name's key -> the full names' keys it names
    for full, variants in rows(lists):
        full_key = name_key(full)
        if not full_key:
            continue
        canonical.setdefault(full_key, full)
        owners[full_key].add(full_key)
        for variant in variants:
            key = name_key(variant)
            if key and key != full_key:
                owners[key].add(full_key)
                if variant not in names_of[full_key]:
                    names_of[full_key].append(variant)
    out: dict[str, list[str]] = {}
    for full_key, full in canonical.items():
        if len(owners[full_key]) > 1:
            continue  # a full name that is also another journal's abbreviation
        kept, seen = [], set()
        for variant in names_of[full_key]:
            key = name_key(variant)
            if len(owners[key]) == 1 and key not in seen:
                kept.append(variant)
                seen.add(key)
        out[full] = kept
    return out


def write(found: dict[str, list[str]], out: Path) -> Path:
    text = "".join("\t".join([full, *variants]) + "\n" for full, variants in sorted(found.items()))
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as z:  # no date: byte-identical rebuilds
        z.write(text.encode("utf-8"))
    path = out / OUT_NAME
    path.write_bytes(buffer.getvalue())
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "journals")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "refsvc" / "data")
    args = parser.parse_args()
    if not args.lists.is_dir():
        print(f"build_journal_names: {args.lists}: no such folder (JabRef's lists are needed)", file=sys.stderr)
        return 1
    found = table(args.lists)
    path = write(found, args.out)
    shutil.copyfile(args.lists / "LICENSE.md", args.out / "journal-names.LICENSE.md")
    print(f"{path}: {len(found):,} journals, {sum(len(v) for v in found.values()):,} abbreviations, "
          f"{path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
