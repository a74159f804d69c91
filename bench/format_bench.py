"""APA and Chicago beside citeproc-js (Zotero's engine), on records nobody here wrote, in one run.

Records from real libraries (../shared/bench-data: the biblatex examples, Better BibTeX's test libraries, a
personal humanities library, an optimisation group's library, an information-systems review's articles),
read and normalised by refsvc into CSL-JSON, are formatted by refsvc and by citeproc-js (tests/oracle) in
every style refsvc names, and compared after normalising only whitespace and HTML entities:
- entry: each item's bibliography entry alone, as text; html: the same as HTML;
- bibliography: one sorted, disambiguated bibliography (same order and same text);
- citation: the in-text citation, or a note style's first note;
- short note: a note style's subsequent note (another work cited between, so no Ibid.);
- ibid: a note style's note right after its own.
Speed: a whole bibliography of the items, entries per second on one core, for refsvc, for citeproc-py alone
(the engine refsvc wraps, with its own classes) and for citeproc-js (timed inside Node: its bibliography alone,
and with registering the items, where it sorts and disambiguates them).
The whole library: the 22,598 records of the conference library (ml-conf-neurips-icml.bib, the benchmark
library of the service benchmark) in one bibliography a style, refsvc against citeproc-js, in seconds, how
many entries are identical and how many are out of place.
Reads ../shared in place; says so and stops when absent.

    .venv/bin/python bench/format_bench.py [--write] [--per-source 120] [--no-library]
"""
from __future__ import annotations

import argparse
import difflib
import functools
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from refsvc import journals, normalise, parse
from refsvc.formats import engine, styles

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import results  # noqa: E402

SHARED = ROOT.parent / "shared"
ORACLE = ROOT / "tests" / "oracle" / "oracle.js"
STYLES = ("apa", "chicago-nb", "chicago-ad", "chicago-nb-17", "chicago-ad-17")
BIBS = ("tricky/biblatex-examples.bib", "tricky/bbt/*.bib", "jgrey-main.bib", "iridia/iridia-all.bib")
LIBRARY = "ml-conf-neurips-icml.bib"
LIBRARY_GOAL_SECONDS = 45  # issue 12: the whole benchmark library in 45 s or less a style
START, END = "<!-- format-bench:start -->", "<!-- format-bench:end -->"


def corpus(per_source: int) -> list[dict]:
    """CSL items read from the sources by refsvc (parse, normalise), every k-th one of a large file."""
    items: list[dict] = []
    for pattern in BIBS:
        usable = [c for c in read(pattern) if c.get("title") and c.get("type")]
        step = max(1, len(usable) // per_source)
        items += usable[::step][:per_source]
    return unique(items)


@functools.cache
def _journal_names() -> journals.JournalNames:
    return journals.load_journal_names()  # the packaged table, read once for every file


def read(pattern: str) -> list[dict]:
    """Every record of the bench-data .bib files the pattern names, read by refsvc (parse, normalise) into CSL."""
    journal_names = _journal_names()
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted((SHARED / "bench-data" / "bib").glob(pattern)))
    refs, _ = parse.parse(text, pattern)
    return [normalise.to_csl(r, journal_names)[0] | {"id": f"{Path(pattern).parent.name}-{r.key}"} for r in refs]


def unique(items: list[dict]) -> list[dict]:
    seen: set[str] = set()
    return [i for i in items if not (i["id"] in seen or seen.add(i["id"]))]


def same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        s = re.sub(r'^<div class="csl-entry">|</div>$', "", s.strip())
        return re.sub(r"\s+", " ", html.unescape(s)).strip()
    return norm(a) == norm(b)


def oracle(items: list[dict], style: str, *options: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.json"
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run(["node", str(ORACLE), engine.style_path(style), engine.locale_path(), str(path),
                               *options], capture_output=True, text=True, timeout=1800, check=True)
    return json.loads(done.stdout)


def whole_library() -> list[str]:
    """Rows of the whole-library table: each style's one bibliography of every record, timed for refsvc and
    citeproc-js; the entries identical and the entries out of place."""
    items = unique(read(LIBRARY))
    rows = []
    for style in STYLES:
        ours_seconds, ours = _library_run(style)
        theirs = oracle(items, style, "--batch-only")
        printed = {k: v for k, v in theirs["batch"] if v}
        listed = len({k for k, _ in ours} | set(printed))  # an entry either prints
        identical = sum(same(text, printed.get(k, "")) for k, text in ours)
        order = difflib.SequenceMatcher(None, [k for k, _ in ours], [k for k, v in theirs["batch"] if v],
                                        autojunk=False)
        out_of_place = listed - sum(block.size for block in order.get_matching_blocks())
        js_bib, js_all = theirs["batch_ms"] / 1000, (theirs["batch_ms"] + theirs["update_ms"]) / 1000
        rows.append(f"| {style} | {len(items):,} | {ours_seconds:.1f} | {len(items) / ours_seconds:,.0f} | "
                    f"{js_bib:.1f} | {js_all:.1f} | {identical / max(1, listed):.1%} | {out_of_place} | "
                    f"{'yes' if ours_seconds <= LIBRARY_GOAL_SECONDS else 'no'} |")
        print(rows[-1])
    return rows


def _library_run(style: str) -> tuple[float, list[tuple[str, str]]]:
    """refsvc's whole-library bibliography in the style, timed in a Python process of its own (as `refsvc
    format` runs it): one style's run does not start from the heap and caches the sample comparisons and the
    styles before it left (a second style ran 5-10 % slower in the bench's own process than alone)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "library.json"
        subprocess.run([sys.executable, __file__, "--library-run", style, str(out)], check=True)
        done = json.loads(out.read_text(encoding="utf-8"))
    return done["seconds"], [(k, text) for k, text in done["entries"]]


def library_run(style: str, out: Path) -> int:
    """The child of _library_run: the library read (untimed), its bibliography timed, both written to out."""
    items = unique(read(LIBRARY))
    started = time.perf_counter()
    ours = styles.bibliography(items, style)
    seconds = time.perf_counter() - started
    out.write_text(json.dumps({"seconds": seconds, "entries": list(ours)}), encoding="utf-8")
    return 0


def raw_citeproc_py(items: list[dict], style: str) -> float:
    """Seconds citeproc-py alone takes for the bibliography (its own classes; items it cannot render dropped)."""
    usable = []
    for item in items:
        try:
            one = CitationStylesBibliography(CitationStylesStyle(engine.style_path(style)), CiteProcJSON([item]),
                                             formatter.plain)
            one.register(Citation([CitationItem(str(item["id"]))]))
            one.bibliography()
            usable.append(item)
        except Exception:  # noqa: BLE001 - what citeproc-py cannot render is left out of its timing
            continue
    started = time.perf_counter()
    bib = CitationStylesBibliography(CitationStylesStyle(engine.style_path(style)), CiteProcJSON(usable), formatter.plain)
    for item in usable:
        bib.register(Citation([CitationItem(str(item["id"]))]))
    bib.sort()
    bib.bibliography()
    return (time.perf_counter() - started) / max(1, len(usable)) * len(items)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--per-source", type=int, default=120)
    parser.add_argument("--no-library", action="store_true", help="leave out the whole-library timing (minutes)")
    parser.add_argument("--library-run", nargs=2, metavar=("STYLE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.library_run:
        return library_run(args.library_run[0], Path(args.library_run[1]))
    if not (SHARED / "bench-data").is_dir() or shutil.which("node") is None or not ORACLE.is_file():
        print("format_bench: skipped: needs ../shared/bench-data, node and tests/oracle (bash scripts/test installs it)")
        return 0
    items = corpus(args.per_source)
    rows, speed = [], []
    for style in STYLES:
        theirs = oracle(items, style)
        note_style = engine.style(style).root.get("class") == "note"
        ours_entry = styles.entries(items, style)
        ours_html = styles.entries(items, style, "html")
        started = time.perf_counter()
        ours_batch = styles.bibliography(items, style)  # what the style prints nothing for left out, as citeproc-js
        ours_seconds = time.perf_counter() - started
        cited = {str(i["id"]): styles.citation(i, style) for i in items}
        # every item compared, those citeproc-js prints nothing for too ('' against '')
        counts = {
            "entry": sum(same(ours_entry[k], v) for k, v in theirs["alone"].items()),
            "html": sum(same(ours_html[k], v) for k, v in theirs["html"].items()),
            "citation": sum(same(cited[k], v) for k, v in theirs["citation"].items()),
        }
        theirs_batch = dict(theirs["batch"])
        listed = len({k for k, _ in ours_batch} | set(theirs_batch))  # an entry either prints
        batch_same = sum(same(text, theirs_batch.get(k, "")) for k, text in ours_batch)
        order = difflib.SequenceMatcher(None, [k for k, _ in ours_batch], [k for k, _ in theirs["batch"]],
                                        autojunk=False)
        out_of_place = listed - sum(block.size for block in order.get_matching_blocks())
        short = ibid = "–"
        if note_style:
            ours_short = {str(i["id"]): styles.citation(i, style, position="subsequent") for i in items}
            short = f"{sum(same(ours_short[k], v) for k, v in theirs['subsequent'].items()) / len(items):.1%}"
            ours_ibid = {str(i["id"]): styles.citation(i, style, position="ibid") for i in items}
            ibid = f"{sum(same(ours_ibid[k], v) for k, v in theirs['ibid'].items()) / len(items):.1%}"
        rows.append(f"| {style} | {len(items)} | {counts['entry'] / len(items):.1%} | {counts['html'] / len(items):.1%} | "
                    f"{batch_same / listed:.1%} | {out_of_place} | "
                    f"{counts['citation'] / len(items):.1%} | {short} | {ibid} |")
        raw = raw_citeproc_py(items, style)
        speed.append(f"| {style} | {len(items) / ours_seconds:,.0f} | {len(items) / raw:,.0f} | "
                     f"{len(theirs['batch']) / (theirs['batch_ms'] / 1000):,.0f} | "
                     f"{len(theirs['batch']) / ((theirs['batch_ms'] + theirs['update_ms']) / 1000):,.0f} |")
        print(rows[-1], speed[-1])
    library = [] if args.no_library else [
        "", f"The whole library: the {LIBRARY} records in one bibliography a style (seconds; goal: "
        f"{LIBRARY_GOAL_SECONDS} s or less):", "",
        "| style | records | refsvc s | refsvc entries/s | citeproc-js bibliography s | citeproc-js with registering s "
        f"| entries identical | entries out of place | ≤ {LIBRARY_GOAL_SECONDS} s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|", *whole_library()]
    report = "\n".join([
        START, "## APA and Chicago beside citeproc-js (`bench/format_bench.py`)", "",
        f"{len(items)} records from real libraries (the biblatex examples, Better BibTeX's test libraries, a personal "
        "humanities library, an optimisation group's library), read by refsvc into CSL-JSON, formatted by refsvc and "
        "by citeproc-js with the same official style and locale; identical after normalising whitespace and HTML "
        "entities only. An item the style prints no entry for (citeproc-js prints nothing) is compared too: refsvc "
        "must print nothing for it and leave it out of the bibliography.", "",
        "| style | items | entry | HTML entry | one sorted bibliography | entries out of place | citation / first note "
        "| short note | ibid |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|", *rows, "",
        "(entries out of place: the fewest entries that must move for refsvc's order to be citeproc-js's.)", "",
        "Speed, one whole bibliography of the same items, entries per second on one core (citeproc-js: its "
        "bibliography alone, and with registering the items, where it sorts and disambiguates them):", "",
        "| style | refsvc | citeproc-py alone | citeproc-js | citeproc-js with registering |",
        "|---|---:|---:|---:|---:|", *speed, *library, END])
    return results.publish(report, START, END, args.write)


if __name__ == "__main__":
    sys.exit(main())
