"""The service at library scale beside its floors, in one run: search, API and pages over HTTP, parsing.

Builds a 22,600-work library from ../shared/bench-data/bib/ml-conf-neurips-icml.bib (read in place; says so
and stops when absent) and the two papers' library from refs/, then measures each workload next to the
smallest program that does the same job on the same machine and data:
- search: a raw FTS5 bm25 top-20 query on the same file, in process, against refsvc's search in process and
  over HTTP (/api/search), p50 and p99 over the same queries;
- /api/works/<id> and the /works/<id> page: a minimal Flask app (one SELECT of the item, a connection kept
  per worker) under gunicorn with 2 workers, against refsvc's wsgi.py under the same gunicorn; requests/s and
  latency from wrk where it is installed, else from a bounded Python load generator;
- /papers/<id> on the two papers' library: its first request in a fresh worker and after;
- parsing: bibtexparser v2 alone against refsvc's reader on the same .bib, and on the macro-heavy iridia file
  bibtexparser with its three decoding middlewares against refsvc's reader and normaliser;
- scale on paper: synthetic libraries of 1k, 10k and 100k works, built and searched.

    .venv/bin/python bench/service_bench.py [--write] [--seconds 8] [--no-scale]

Needs gunicorn (`.venv/bin/pip install -e '.[serve]'`).
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import logging
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import bibtexparser
from bibtexparser import middlewares

from refsvc import journals, normalise, parse, pipeline, query, search, store
from refsvc.cli import main as refsvc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import results  # noqa: E402

BIB = ROOT.parent / "shared" / "bench-data" / "bib"
LIBRARY_FILE = BIB / "ml-conf-neurips-icml.bib"
MACRO_FILE = BIB / "iridia" / "iridia-all.bib"
START, END = "<!-- service-bench:start -->", "<!-- service-bench:end -->"
GUNICORN = Path(sys.executable).with_name("gunicorn")
WORKERS = 2
CONNECTIONS = 8
REPEAT = 3  # each query timed three times: a p99 of 600 samples, not of 200 (one slow request moved it)

FLOOR_APP = '''
import os, sqlite3, threading
from flask import Flask, Response
app = Flask(__name__)
local = threading.local()

def conn():
    if not hasattr(local, "conn"):
        local.conn = sqlite3.connect(f"file:{os.environ['FLOOR_DB']}?mode=ro", uri=True)
    return local.conn

@app.get("/api/works/<work_id>")
def work(work_id):
    row = conn().execute("SELECT csl FROM works WHERE work_id = ?", (work_id,)).fetchone()
    return Response(row[0], mimetype="application/json") if row else ("no such work", 404)
'''

WRK_SCRIPT = '''
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
'''


# ---------------------------------------------------------------- measuring


def percentiles(samples: Sequence[float]) -> tuple[float, float]:
    """(p50, p99) in milliseconds of samples in seconds."""
    ordered = sorted(samples)
    return (1000 * ordered[len(ordered) // 2], 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))])


def timed(run: Callable[[], object], repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        out.append(time.perf_counter() - started)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def gunicorn(app: str, folder: Path, env: dict[str, str]) -> Iterator[int]:
    """gunicorn serving app (module:name, imported from folder) with WORKERS sync workers; its port."""
    port = free_port()
    process = subprocess.Popen(
        [str(GUNICORN), "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--chdir", str(folder), "--log-level",
         "warning", app], env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"gunicorn {app} did not start: {process.stderr.read().decode()[-500:]}")
        yield port
    finally:
        process.terminate()
        process.wait(10)


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(port: int, paths: list[str], seconds: float) -> dict[str, float]:
    """Requests/s, p50 and p99 (ms) and failures of GETs cycling through paths for `seconds`."""
    if shutil.which("wrk"):
        return _wrk(port, paths, seconds)
    return _python_load(port, paths, seconds)


def _wrk(port: int, paths: list[str], seconds: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "paths.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")
        (Path(folder) / "paths.lua").write_text(WRK_SCRIPT, encoding="utf-8")
        out = subprocess.run(
            ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--latency", "--timeout", "30s", "-s",
             str(Path(folder) / "paths.lua"), f"http://127.0.0.1:{port}"],
            env={**os.environ, "BENCH_PATHS": str(Path(folder) / "paths.txt")}, capture_output=True, text=True,
            check=True).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\b", out, re.M)
        assert m, out
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    failures = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": ms("50%"), "p99": ms("99%"),
            "failed": (int(failures.group(1)) if failures else 0) + (sum(map(int, errors.groups())) if errors else 0),
            "tool": "wrk"}


def _python_load(port: int, paths: list[str], seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    failed = [0]
    stop = time.perf_counter() + seconds
    lock = threading.Lock()

    def client(offset: int) -> None:
        i = offset
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status, _ = get(port, paths[i % len(paths)])
            with lock:
                latencies.append(time.perf_counter() - started)
                failed[0] += status != 200
            i += CONNECTIONS

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONNECTIONS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    p50, p99 = percentiles(latencies)
    return {"rps": len(latencies) / (time.perf_counter() - started), "p50": p50, "p99": p99, "failed": failed[0],
            "tool": "Python load generator"}


# ---------------------------------------------------------------- libraries


def build_library(folder: Path) -> Path:
    """The 22,600-entry conference library imported into a copy of refs/: the library file."""
    refs = folder / "refs"
    shutil.copytree(ROOT / "refs", refs)
    database = folder / "library.sqlite"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = refsvc(["--refs", str(refs), "--db", str(database), "import", str(LIBRARY_FILE)])
    if code != 0:
        raise RuntimeError(f"refsvc import {LIBRARY_FILE} exited {code}")
    return database


def queries(database: Path, count: int = 200, seed: int = 5) -> list[str]:
    """Searches a user of this library might type: title words (one or two), an author, a phrase, a field."""
    rng = random.Random(seed)
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT title, authors FROM works ORDER BY rowid").fetchall()
    out = []
    while len(out) < count:
        title, authors = rng.choice(rows)
        words = [w for w in re.findall(r"[A-Za-z]{4,}", title)]
        family = re.findall(r"([A-Za-z]{3,}),", authors)
        shape = rng.random()
        if shape < 0.4 and words:
            out.append(rng.choice(words).lower())
        elif shape < 0.65 and len(words) >= 2:
            out.append(" ".join(rng.sample(words, 2)).lower())
        elif shape < 0.8 and family:
            out.append(f"author:{rng.choice(family).lower()}")
        elif shape < 0.9 and len(words) >= 2:
            i = rng.randrange(len(words) - 1)
            out.append(f'"{words[i]} {words[i + 1]}"'.lower())
        elif words:
            out.append(rng.choice(words)[:4].lower())  # a prefix, as typed
    return out


# ---------------------------------------------------------------- workloads


def search_rows(database: Path, typed: list[str], port: int) -> list[str]:
    parsed = [query.parse(q) for q in typed]
    raw = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    conn = store.connect(database)
    floor = [t for p in parsed for t in timed(lambda p=p: raw.execute(
        "SELECT rowid FROM works_fts WHERE works_fts MATCH ? ORDER BY rank LIMIT 20", (p.works_match,)).fetchall(), REPEAT)]
    for p in parsed:  # one pass to warm both (the OS's page cache is shared)
        search.search(conn, p)
    ours = [t for p in parsed for t in timed(lambda p=p: search.search(conn, p), REPEAT)]
    filtered = [t for p in parsed for t in timed(lambda p=p: search.search(
        conn, p, search.Filters(year_from=2019, type="paper-conference"), "year-desc"), REPEAT)]
    for q in typed:
        get(port, f"/api/search?q={_quote(q)}")
    over_http = [t for q in typed for t in timed(lambda q=q: get(port, f"/api/search?q={_quote(q)}"), REPEAT)]
    page = [t for q in typed for t in timed(lambda q=q: get(port, f"/?q={_quote(q)}"), REPEAT)]
    f50, f99 = percentiles(floor)
    rows = []
    for label, samples in (("search in process", ours), ("search over HTTP (`/api/search`)", over_http),
                           ("search page over HTTP (`/?q=`)", page),
                           ("search in process, filtered (year, type) and sorted by year", filtered)):
        p50, p99 = percentiles(samples)
        rows.append(f"| {label} | raw FTS5 bm25 top 20, in process: p50 {f50:.2f} ms, p99 {f99:.2f} ms | "
                    f"p50 {p50:.2f} ms, p99 {p99:.2f} ms | {p99 / f99:.1f}× |")
    return rows


def _quote(text: str) -> str:
    from urllib.parse import quote
    return quote(text)


def http_rows(database: Path, seconds: float, folder: Path) -> tuple[list[str], list[str], str]:
    with sqlite3.connect(database) as conn:
        ids = [w for (w,) in conn.execute("SELECT work_id FROM works")]
    rng = random.Random(3)
    rng.shuffle(ids)
    (folder / "floor_app.py").write_text(FLOOR_APP, encoding="utf-8")
    api_paths = [f"/api/works/{w}" for w in ids[:5000]]
    with gunicorn("floor_app:app", folder, {"FLOOR_DB": str(database)}) as port:
        get(port, api_paths[0])
        floor = load(port, api_paths, seconds)
    warm_ids = ids[:200]
    with gunicorn("wsgi:app", ROOT, {"REFSVC_DB": str(database)}) as port:
        for path in api_paths[:200]:
            get(port, path)
        api = load(port, api_paths, seconds)
        cold = load(port, [f"/works/{w}" for w in ids[1000:]], seconds)  # first views: none seen before
        for w in warm_ids * 4:  # each worker has seen each (sync workers take requests in turn)
            get(port, f"/works/{w}")
        warm = load(port, [f"/works/{w}" for w in warm_ids], seconds)
        searched = search_rows(database, queries(database), port)
    tool = floor["tool"]
    rows = [f"| `/api/works/<id>` | minimal Flask app under gunicorn: {floor['rps']:,.0f} req/s, p99 {floor['p99']:.1f} ms "
            f"| {api['rps']:,.0f} req/s, p99 {api['p99']:.1f} ms | {api['rps'] / floor['rps']:.0%} of the floor, "
            f"p99 {api['p99'] / floor['p99']:.1f}× |"]
    for label, run in (("`/works/<id>` page, first view of each work", cold),
                       ("`/works/<id>` page, works viewed before (200)", warm)):
        rows.append(f"| {label} | same floor | {run['rps']:,.0f} req/s, p50 {run['p50']:.1f} ms, p99 {run['p99']:.1f} ms"
                    f"{', ' + str(int(run['failed'])) + ' failed' if run['failed'] else ''} | "
                    f"{run['rps'] / floor['rps']:.0%} of the floor |")
    return rows, searched, tool


def paper_rows(folder: Path) -> list[str]:
    database = folder / "papers.sqlite"
    pipeline.build(ROOT / "refs", database)
    with sqlite3.connect(database) as conn:
        papers = [p for (p,) in conn.execute("SELECT paper_id FROM papers ORDER BY ordinal")]
    rows = []
    with gunicorn("wsgi:app", ROOT, {"REFSVC_DB": str(database)}) as port:
        for _ in range(4 * WORKERS):  # both workers booted (imports done) before anything is timed
            get(port, "/api/formats")
        first = {p: timed(lambda p=p: get(port, f"/papers/{p}"), WORKERS) for p in papers}  # each worker's first
        after = {p: timed(lambda p=p: get(port, f"/papers/{p}"), 60) for p in papers}
    for p in papers:
        p50, p99 = percentiles(after[p])
        rows.append(f"| `/papers/{p}` | – | first requests after start in each worker "
                    f"{1000 * max(first[p]):,.0f} ms; after: p50 "
                    f"{p50:.1f} ms, p99 {p99:.1f} ms | goal < 100 ms |")
    return rows


PARSE_ROUNDS = 4  # a read of the 22,600-entry file varies by a fifth from run to run on this machine


def parse_rows() -> list[str]:
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    text = LIBRARY_FILE.read_text(encoding="utf-8")
    macro = MACRO_FILE.read_text(encoding="utf-8")
    journal_names = journals.load_journal_names()

    def decoded() -> None:
        stack = [middlewares.ResolveStringReferencesMiddleware(True), middlewares.RemoveEnclosingMiddleware(),
                 middlewares.LatexDecodingMiddleware()]
        bibtexparser.parse_string(macro, parse_stack=stack)

    def read_and_normalise() -> None:
        refs, _ = parse.parse(macro, MACRO_FILE.name)
        normalise.normalise(refs, journal_names)

    # Each run in a fresh fork, floor and refsvc alike and one after the other, the fastest of PARSE_ROUNDS kept:
    # what refsvc keeps while reading a file (names, journal keys) counts within the read, no run finds what an
    # earlier one kept, and both sides pay the same for running in a fork.
    jobs = {"floor": lambda: bibtexparser.parse_string(text), "ours": lambda: parse.parse(text, LIBRARY_FILE.name),
            "decoded": decoded, "read": read_and_normalise}
    seconds: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(PARSE_ROUNDS):
        for name, job in jobs.items():
            seconds[name].append(results.fresh_seconds(job))
    floor, ours, decoded_s, read = (min(seconds[name]) for name in jobs)
    return [f"| parse `{LIBRARY_FILE.name}` (22,600 entries; bibtexparser v2 inside) | bibtexparser alone (its default "
            f"middlewares) {floor:.2f} s | {ours:.2f} s | {ours / floor:.2f}× |",
            f"| parse + normalise `iridia-all.bib` (1,716 @string, `#`, crossref) | bibtexparser + string, enclosing "
            f"and LaTeX decoding middlewares {decoded_s:.2f} s | {read:.2f} s | {decoded_s / read:.1f}× faster |"]


# ---------------------------------------------------------------- scale


WORDS = ("learning network model graph neural deep policy reinforcement bayesian inference optimization convex "
         "kernel sparse random forest language vision transformer attention generative adversarial variational "
         "causal estimation robust online stochastic gradient descent federated privacy fairness quantum signal "
         "sequence memory planning control agent reward game theory matrix tensor spectral clustering").split()


def synthetic(folder: Path, n: int, seed: int = 9) -> Path:
    """refs/ with the two papers and n distinct synthetic works in a CSL-JSON library: the library built."""
    rng = random.Random(seed)
    refs = folder / f"refs-{n}"
    shutil.copytree(ROOT / "refs", refs)
    (refs / "libraries").mkdir(exist_ok=True)
    surnames = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 9))).title()
                for _ in range(5000)]
    items = [{"id": f"s{i}", "type": "paper-conference",
              "title": " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize() + f" {i}",
              "author": [{"family": rng.choice(surnames), "given": rng.choice("ABCDEFGHJKLM") + "."}
                         for _ in range(rng.randint(1, 4))],
              "container-title": f"Proceedings of {rng.choice(WORDS).title()} {rng.randint(1, 40)}",
              "issued": {"date-parts": [[rng.randint(1990, 2025)]]}} for i in range(n)]
    (refs / "libraries" / "synthetic.json").write_text(json.dumps(items), encoding="utf-8")
    database = folder / f"synthetic-{n}.sqlite"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        pipeline.build(refs, database)
    return database


def scale_rows(folder: Path, sizes: Sequence[int]) -> list[str]:
    rows = []
    for n in sizes:
        started = time.perf_counter()
        database = synthetic(folder, n)
        built = time.perf_counter() - started
        typed = queries(database, 100)
        parsed = [query.parse(q) for q in typed]
        raw = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        conn = store.connect(database)
        for p in parsed:
            search.search(conn, p)
        floor = [t for p in parsed for t in timed(lambda p=p: raw.execute(
            "SELECT rowid FROM works_fts WHERE works_fts MATCH ? ORDER BY rank LIMIT 20", (p.works_match,)).fetchall())]
        ours = [t for p in parsed for t in timed(lambda p=p: search.search(conn, p))]
        ids = [w for (w,) in raw.execute("SELECT work_id FROM works ORDER BY random() LIMIT 500")]
        item = [t for w in ids for t in timed(lambda w=w: store.items_of(conn, [w]))]
        page = [t for w in ids[:50] for t in timed(lambda w=w: store.load_work(conn, w))]
        rows.append(f"| {n:,} | {built:.1f} s | {database.stat().st_size / 2**20:,.0f} MB | "
                    f"{percentiles(floor)[1]:.2f} ms | {percentiles(ours)[1]:.2f} ms | "
                    f"{1000 * statistics.mean(item):.3f} ms | {1000 * statistics.mean(page):.2f} ms |")
        print(rows[-1], flush=True)
    return rows


# ---------------------------------------------------------------- report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--no-scale", action="store_true")
    args = parser.parse_args()
    if not LIBRARY_FILE.is_file():
        print(f"service_bench: skipped: no bench data at {BIB} (the 22,600-entry library is read from there)")
        return 0
    if not GUNICORN.is_file():
        print(f"service_bench: needs gunicorn beside {sys.executable}: .venv/bin/pip install -e '.[serve]'")
        return 1
    # The reads first, from a process that holds nothing yet: each runs in a fork of this process, and a fork of
    # one holding a built 22,600-work library pays for it in every garbage collection (and copied page) of the
    # child, floor and refsvc alike (refsvc's iridia read: 0.52 s there, 0.44-0.47 s from a fresh process, as a
    # user's `refsvc import` runs it).
    parsing = parse_rows()
    print("\n".join(parsing), flush=True)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        database = build_library(folder)
        built = time.perf_counter() - started
        started = time.perf_counter()
        pipeline.build(folder / "refs", database)  # nothing changed: every work's formatting is kept
        rebuilt = time.perf_counter() - started
        print(f"library imported and built in {built:.0f} s, built again in {rebuilt:.0f} s", flush=True)
        served, searched, tool = http_rows(database, args.seconds, folder)
        print("\n".join(served + searched), flush=True)
        papers = paper_rows(folder)
        print("\n".join(papers), flush=True)
        scale = [] if args.no_scale else scale_rows(folder, (1_000, 10_000, 100_000))
    with sqlite3.connect(":memory:") as conn:
        sqlite_version = conn.execute("SELECT sqlite_version()").fetchone()[0]
    report = "\n".join([
        START, "## A fast service at library scale (`bench/service_bench.py`)", "",
        f"Run on {time.strftime('%Y-%m-%d')} on the project machine (2 cores; Python {sys.version.split()[0]}, SQLite "
        f"{sqlite_version}). The library: `{LIBRARY_FILE.name}` imported into the two papers' refs/ (22,672 works). "
        f"Each floor runs in the same run on the same data; over HTTP both run under gunicorn with {WORKERS} sync "
        f"workers, loaded by {tool} ({CONNECTIONS} connections, {args.seconds:.0f} s a row, random works). Search: "
        "200 queries drawn from the library's titles and authors (words, pairs, phrases, `author:`, prefixes), "
        f"each timed {REPEAT} times, after one pass to warm the page cache. Parsing: each side run {PARSE_ROUNDS} "
        "times, the two interleaved, each run in a fresh fork; the fastest kept.", "",
        "| workload | floor (same run) | refsvc | ratio |", "|---|---|---|---|",
        *searched, *served, *papers, *parsing, "",
        "A work page's entries and citations (APA, Chicago notes, Chicago author-date), its COinS span and its "
        "Highwire tags are made by the build (`pipeline.work_formatting`) and read by the page in one query; a "
        "reader's page, rendered on its first view, is kept by that worker (`web.Kept`, at most 10,000 a thread). "
        "A paper's bibliography is formatted by the build too.",
        *([] if not scale else [
            "", "### Scale on paper", "",
            "Synthetic libraries (distinct conference papers with titles from a 50-word vocabulary, plus the two "
            "papers), built with `pipeline.build` and read in process. Search p99 over 100 queries drawn as above.", "",
            "| works | build | file | raw FTS5 top 20, p99 | refsvc search, p99 | one work's item | one work with its records |",
            "|---:|---:|---:|---:|---:|---:|---:|", *scale, "",
            "A search costs what its matches cost: bm25 ranks every match (as the floor does) and the page reads "
            "20 rows. Here, with titles from a 50-word vocabulary, a word matches a fixed share of the works, so "
            "the floor and refsvc both grow linearly with the library; queries on the real library above match "
            "far fewer. Reading a work stays flat (index lookups). The build grows about linearly; most of it is "
            "formatting each work's page (about 4.5 ms a work on one core, shared among the CPUs), which a rebuild "
            f"skips for every work whose record is unchanged (the 22,600-work library in this run: imported and built "
            f"in {built:.0f} s, built again in {rebuilt:.0f} s). What would move first, past one machine: search to a separate FTS engine "
            "(Tantivy/Meilisearch) once a query's matches reach hundreds of thousands, since bm25 over every match "
            "is the cost that grows; the build's formatting to several machines (each work is formatted alone, so "
            "it splits freely); the library file itself stays SQLite, read-only and copied to each machine."]),
        END])
    return results.publish(report, START, END, args.write)


if __name__ == "__main__":
    sys.exit(main())
