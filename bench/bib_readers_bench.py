"""Our two .bib dialects as their real readers read them, on real libraries nobody here wrote
(../shared/bench-data/bib: the biblatex examples, a macro-heavy group library, a personal biblatex library, a
22,600-entry conference library). Each is imported by refsvc (parse, normalise) into CSL items; those are
exported as biblatex and as classic BibTeX and read back by biber (`--validate-datamodel`) and by pandoc,
whose reading is compared with the same items as CSL-JSON, field by field and as an APA reference list.
Reads ../shared in place; says so and stops when absent. Needs biber and pandoc (Debian packages).

    .venv/bin/python bench/bib_readers_bench.py [--write]
"""
from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import results  # noqa: E402
import test_bib_readers as readers  # noqa: E402  (the test's comparison, so both measure the same thing)

from refsvc import journals, libraries, normalise  # noqa: E402
from refsvc.formats import bibfields, biblatex, bibtex, csljson  # noqa: E402

BIB = ROOT.parent / "shared" / "bench-data" / "bib"
FILES = ("tricky/biblatex-examples.bib", "iridia/iridia-all.bib", "jgrey-main.bib", "ml-conf-neurips-icml.bib")
START, END = "<!-- bib-readers:start -->", "<!-- bib-readers:end -->"


def items_of(path: Path) -> list[dict]:
    refs, _ = libraries.read_text(path.read_text(encoding="utf-8", errors="replace"), ".bib", path.name)
    normalised, _ = normalise.normalise(refs, journals.load_journal_names())
    seen, items = set(), []
    for ref in normalised:
        if ref.key not in seen:  # a reused key is one entry to biber and pandoc
            seen.add(ref.key)
            items.append(dict(ref.csl, id=ref.key))
    return items


def biber_warnings(path: Path, items: list[dict]) -> tuple[int, collections.Counter[str]]:
    """(biber's warnings, {kind: count} of those the test's rules do not explain)."""
    out = subprocess.run(["biber", "--tool", "--nolog", "--validate-datamodel", "--output-file",
                          str(path.with_suffix(".out")), str(path)], capture_output=True, text=True, check=False)
    warnings = [line for line in (out.stdout + out.stderr).splitlines() if line.startswith("WARN")]
    kinds: collections.Counter[str] = collections.Counter(
        re.sub(r"Entry '[^']*' \([^)]*\): |'[^']*' in entry '[^']*'", "", line[7:]).strip()
        for line in readers.unexplained_warnings(warnings, items))
    return len(warnings), kinds


def pandoc_agreement(items: list[dict], path: Path, reader: str) -> tuple[int, int, collections.Counter[str]]:
    """(items read as our CSL-JSON has them, compared, {field: differing items not in LOSSES})."""
    read = readers._pandoc_items(path, reader)
    same, unexplained = 0, collections.Counter()
    for item in items:
        losses = readers._losses(reader, item)
        fields = [f for f in readers.COMPARED if readers._comparable(f, item.get(f))
                  != readers._comparable(f, read.get(bibfields.key(item["id"]), {}).get(f))]
        same += not fields
        unexplained.update(f for f in fields if f not in losses)
    return same, len(items), unexplained


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not (BIB / FILES[-1]).is_file():
        print(f"bib_readers_bench: skipped: no bench data at {BIB}")
        return 0
    if not (shutil.which("biber") and shutil.which("pandoc")):
        print("bib_readers_bench: skipped: biber and pandoc are needed (apt-get install biber pandoc)")
        return 0
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as folder:
        for name in FILES:
            started = time.perf_counter()
            items = items_of(BIB / name)
            files = {"biblatex": Path(folder) / "lib.bib", "bibtex": Path(folder) / "lib.bibtex",
                     "csl-json": Path(folder) / "lib.json"}
            files["biblatex"].write_text(biblatex.render(items), encoding="utf-8")
            files["bibtex"].write_text(bibtex.render(items), encoding="utf-8")
            files["csl-json"].write_text(csljson.render(items), encoding="utf-8")
            total_warnings, warnings = biber_warnings(files["biblatex"], items)
            agreement = {reader: pandoc_agreement(items, files[reader], reader) for reader in ("biblatex", "bibtex")}
            apa_json = readers._pandoc_apa(files["csl-json"], "csljson", Path(folder))
            apa_bib = set(readers._pandoc_apa(files["biblatex"], "biblatex", Path(folder)))
            apa_same = sum(line in apa_bib for line in apa_json)
            rows.append(
                f"| `{name}` | {len(items):,} | {total_warnings:,} ({sum(warnings.values()):,}) | "
                + " | ".join(f"{agreement[r][0] / agreement[r][1]:.3f} ({sum(agreement[r][2].values()):,})"
                             for r in ("biblatex", "bibtex"))
                + f" | {apa_same:,} / {len(apa_json):,} | {time.perf_counter() - started:.0f} s |")
            print(rows[-1], flush=True)
            for kind, n in warnings.most_common(4):
                notes.append(f"- `{name}`, biber, not explained by the record: {n:,} × {kind}")
            for reader in ("biblatex", "bibtex"):
                for field, n in agreement[reader][2].most_common(4):
                    notes.append(f"- `{name}`, pandoc reading {reader}: `{field}` differs on {n:,} items (not a listed loss)")
    report = "\n".join([
        START, "## Our .bib files as biber and pandoc read them (`bench/bib_readers_bench.py`)", "",
        "Real libraries imported by refsvc, exported in both dialects, read back by their real readers: biber "
        "2.18 (`--validate-datamodel`, biblatex's data model) and pandoc 2.17 (compared with its reading of our "
        "CSL-JSON of the same items on type, names, title, container, publisher, date, pages, DOI, URL; and its "
        "APA list from our biblatex beside its APA list from our CSL-JSON). In brackets: biber's warnings that do "
        "not name a record lacking a field its type requires (or a volume that is not a number, pages that are "
        "not one range); items differing on a field that `LOSSES` in `tests/test_bib_readers.py` does not list "
        "as a reader's known limit.", "",
        "| library | items | biber warnings | pandoc reads biblatex as our CSL-JSON | pandoc reads classic BibTeX as "
        "our CSL-JSON | APA lines equal (biblatex / CSL-JSON) | time |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows, "", *(notes or ["- no biber warning and no unlisted difference"]), END])
    return results.publish(report, START, END, args.write)


if __name__ == "__main__":
    raise SystemExit(main())
