"""Writes tests/data/csl_corpus.json: invented CSL-JSON items for the style-fidelity test, every common type and
the edges styles trip on. Nothing in it comes from the seed papers or a real library: names, titles and places
are made up here, DOIs use the 10.5555 test prefix, URLs example.org.

Two parts: edge items written out one by one (each names the difference class it probes), then every CSL type
combined with varied name lists, dates, titles and numbers drawn from fixed pools with a fixed seed, so the
file is the same on every run (tests/test_style_fidelity.py regenerates it and compares).

    python tests/data/make_csl_corpus.py      # rewrites tests/data/csl_corpus.json
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

OUT = Path(__file__).with_name("csl_corpus.json")

FAMILIES = ["Vale", "Orr", "Moss", "Hale", "Lake", "Trout", "Brannock", "Quillon", "Marsh", "Ferrand", "Oduya",
            "Castellan", "Pell", "Rusk", "Tamsin", "Wexley", "Ibarrola", "Nakashima", "Sørlie", "Dvořák-Lind",
            "Ó Ceallaigh", "Mbeki-Harlow", "Yilmazer", "Kowalczyk", "Ashdown", "Quarry", "Lindqvist", "Abara"]
GIVENS = ["Ada", "Tomas", "Mira", "Jonah", "Elif", "Rui", "Kofi", "Ines", "Pavel", "Saoirse", "Hana", "Dmitri",
          "Jean-Luc", "Anne Marie", "J. R.", "M. K.", "Li", "Aurelio", "Zainab", "Björn", "Émile", "Chiara"]
INSTITUTIONS = ["Bureau of Inland Waters", "Council for Upland Research", "North Fen Water Board",
                "Institute for Lakes and Rivers", "World Meadow Organization", "Office of Coastal Statistics"]
PLACES = ["Northfield", "Port Elm", "Lakeside, MN", "Ashby", "Cambridge, MA", "Greyhaven", "New York"]
PUBLISHERS = ["Elm Press", "Harrow & Finch", "Fenwick University Press", "Brightwater Books", "Quarry House",
              "University of Northfield Press", "Lantern Academic"]
JOURNALS = ["Journal of Upland Ecology", "Freshwater Quarterly", "Annals of Applied Limnology", "Review of Rural Economics",
            "Studies in Meadow History", "Journal of the Society for Fen Studies", "Acta Lacustria"]
TITLE_WORDS = ["trout", "meadow", "upland", "sediment", "fen", "river", "policy", "drainage", "migration", "survey",
               "archive", "harvest", "border", "water", "memory", "reform", "network", "climate", "village", "trade"]
TITLE_SHAPES = [
    "The {a} of the {b}", "{A} and {b} in the northern {c}", "Towards a theory of {a}: Evidence from {B} county",
    "Why {a} matters", "{A}, {b}, and {c}: A reassessment", "On the {a} of small {b}s", "Long-term {a} records",
    "A new look at {a}? Notes from the field", "{A}-based {b} models for {c} studies", "Rethinking {a} after 1945",
    "The 'new' {a}: {B} and its critics", "Counting {a}s: Methods and limits", "{A} in practice",
]
GENRES = {"thesis": ["PhD diss.", "Master's thesis", "Doctoral dissertation"], "report": ["Technical report", "Working paper", "Policy brief"]}


def person(rng: random.Random) -> dict:
    return {"family": rng.choice(FAMILIES), "given": rng.choice(GIVENS)}


def people(rng: random.Random, n: int) -> list[dict]:
    return [person(rng) for _ in range(n)]


def title(rng: random.Random) -> str:
    a, b, c = rng.sample(TITLE_WORDS, 3)
    return rng.choice(TITLE_SHAPES).format(a=a, b=b, c=c, A=a.capitalize(), B=b.capitalize())


def date(rng: random.Random) -> dict:
    year = rng.randint(1951, 2025)
    shape = rng.choice(["y", "y", "y", "ym", "ymd"])
    parts = [year] + ([rng.randint(1, 12)] if shape != "y" else []) + ([rng.randint(1, 28)] if shape == "ymd" else [])
    return {"date-parts": [parts]}


def pages(rng: random.Random) -> str:
    start = rng.randint(1, 1400)
    return rng.choice([f"{start}–{start + rng.randint(3, 40)}", str(start), f"e{start}"])


def common_fields(kind: str, n: int, rng: random.Random) -> dict:
    item: dict = {"type": kind, "title": title(rng), "issued": date(rng)}
    authors = rng.choice([1, 1, 2, 2, 3, 4, 7])
    if kind in ("report", "standard", "legislation", "dataset") and rng.random() < 0.5:
        item["author"] = [{"literal": rng.choice(INSTITUTIONS)}]
    elif kind == "motion_picture":
        item["director"] = people(rng, 1)
    elif kind not in ("legal_case", "legislation", "bill", "entry-encyclopedia", "entry-dictionary") or rng.random() < 0.3:
        item["author"] = people(rng, authors)
    if rng.random() < 0.15:
        item.pop("issued")  # undated
    return item


def by_type(kind: str, n: int, rng: random.Random) -> dict:
    item = common_fields(kind, n, rng)
    doi = f"10.5555/{kind[:4]}.{n:04d}"
    if kind in ("article-journal", "article", "review", "review-book"):
        item.update({"container-title": rng.choice(JOURNALS), "volume": str(rng.randint(1, 80)), "page": pages(rng)})
        if rng.random() < 0.7:
            item["issue"] = str(rng.randint(1, 6))
        if rng.random() < 0.6:
            item["DOI"] = doi
        if kind.startswith("review"):
            item["reviewed-title"] = title(rng).capitalize()
            item["reviewed-author"] = people(rng, 1)
    elif kind in ("article-magazine", "article-newspaper"):
        item["container-title"] = rng.choice(["The Northfield Courier", "Upland Weekly", "The Fen Gazette"])
        item["issued"] = {"date-parts": [[rng.randint(1990, 2025), rng.randint(1, 12), rng.randint(1, 28)]]}
        if rng.random() < 0.5:
            item["page"] = f"A{rng.randint(1, 20)}"
        if rng.random() < 0.5:
            item["URL"] = f"https://news.example.org/{n}"
        if kind == "article-newspaper" and rng.random() < 0.4:
            item["section"] = "Opinion"
    elif kind in ("book", "collection", "classic", "pamphlet"):
        item.update({"publisher": rng.choice(PUBLISHERS), "publisher-place": rng.choice(PLACES)})
        if kind == "collection" or rng.random() < 0.2:
            item["editor"] = item.pop("author", None) or people(rng, 2)
        if rng.random() < 0.3:
            item["edition"] = rng.choice(["2", "3", "4th", "Rev."])
        if rng.random() < 0.2:
            item["translator"] = people(rng, 1)
        if rng.random() < 0.2:
            item["collection-title"] = "Studies in Fen History"
            item["collection-number"] = str(rng.randint(1, 40))
        if rng.random() < 0.15:
            item["number-of-volumes"] = str(rng.randint(2, 5))
        if rng.random() < 0.3:
            item["DOI"] = doi
    elif kind in ("chapter", "entry-encyclopedia", "entry-dictionary", "paper-conference"):
        item["container-title"] = (title(rng) if kind == "chapter" else
                                   "Encyclopedia of Upland Life" if kind.startswith("entry") else
                                   f"Proceedings of the {rng.randint(2, 40)}th Meeting on Lake Systems")
        item["editor"] = people(rng, rng.choice([1, 2, 3]))
        item.update({"publisher": rng.choice(PUBLISHERS), "publisher-place": rng.choice(PLACES), "page": pages(rng)})
        if kind == "paper-conference":
            item["event-title"] = "Meeting on Lake Systems"
            item["event-place"] = rng.choice(PLACES)
        if kind.startswith("entry") and rng.random() < 0.5:
            item["URL"] = f"https://reference.example.org/{n}"
            item["accessed"] = {"date-parts": [[2024, rng.randint(1, 12), rng.randint(1, 28)]]}
        if rng.random() < 0.3:
            item["DOI"] = doi
    elif kind in ("report", "standard"):
        item.update({"publisher": rng.choice(INSTITUTIONS + PUBLISHERS), "publisher-place": rng.choice(PLACES),
                     "number": rng.choice([str(rng.randint(1, 99)), f"WP-{rng.randint(1, 99)}", f"{rng.randint(1990, 2024)}/{rng.randint(1, 9)}"])})
        if kind == "report":
            item["genre"] = rng.choice(GENRES["report"])
            if rng.random() < 0.3:
                item["collection-title"] = "Upland Papers"
        if rng.random() < 0.5:
            item["URL"] = f"https://reports.example.org/{n}"
    elif kind == "thesis":
        item.update({"genre": rng.choice(GENRES["thesis"]), "publisher": "University of Northfield",
                     "publisher-place": rng.choice(PLACES)})
        item["author"] = people(rng, 1)
    elif kind in ("webpage", "post-weblog", "post"):
        item["container-title"] = rng.choice(["Fen Notes", "Upland Field Blog", "Lake Systems Online"])
        item["URL"] = f"https://web.example.org/{kind}/{n}"
        if rng.random() < 0.7:
            item["accessed"] = {"date-parts": [[2025, rng.randint(1, 12), rng.randint(1, 28)]]}
        if "issued" in item and rng.random() < 0.6:
            item["issued"] = {"date-parts": [[rng.randint(2005, 2025), rng.randint(1, 12), rng.randint(1, 28)]]}
    elif kind in ("dataset", "software"):
        item.update({"publisher": rng.choice(["Zenodo Example", "Lake Data Archive", "Elm Software Foundation"]),
                     "version": rng.choice(["1.0", "2.3.1", "v4"]), "DOI": doi})
    elif kind == "motion_picture":
        item.update({"publisher": rng.choice(["Elmwood Films", "Greyhaven Pictures"]), "medium": "Film"})
    elif kind in ("broadcast", "interview", "speech", "song", "graphic", "map", "manuscript", "patent", "legal_case",
                  "legislation", "bill", "personal_communication", "performance", "event", "figure", "musical_score",
                  "periodical", "document", "entry", "hearing", "regulation", "treaty"):
        if kind in ("speech", "performance", "event"):
            item.update({"event-title": "Annual Meeting of the Fen Society", "event-place": rng.choice(PLACES)})
        if kind in ("broadcast", "interview"):
            item["container-title"] = "Morning on the Fens"
            item["publisher"] = "Upland Radio"
        if kind == "patent":
            item.update({"number": f"US{rng.randint(4000000, 9999999)}", "authority": "U.S. Patent and Trademark Office"})
        if kind in ("legal_case", "legislation", "bill", "regulation", "hearing", "treaty"):
            item.update({"container-title": "Northfield Reports", "volume": str(rng.randint(1, 500)),
                         "page": str(rng.randint(1, 900)), "authority": "Supreme Court of Northfield"})
        if kind in ("manuscript", "map", "graphic", "document", "figure", "musical_score"):
            item.update({"archive": "Northfield County Archive", "archive_location": f"Box {rng.randint(1, 90)}",
                         "publisher-place": rng.choice(PLACES)})
        if kind == "periodical":
            item.update({"volume": str(rng.randint(1, 30)), "issue": str(rng.randint(1, 12))})
    return item


EVERY_TYPE = ["article-journal", "article-journal", "article-journal", "article-journal", "article-journal",
              "book", "book", "book", "chapter", "chapter", "chapter", "paper-conference", "paper-conference",
              "report", "report", "thesis", "webpage", "webpage", "article-newspaper", "article-magazine",
              "post-weblog", "post", "entry-encyclopedia", "entry-dictionary", "review", "review-book", "collection",
              "dataset", "software", "motion_picture", "broadcast", "interview", "speech", "manuscript", "map",
              "patent", "legal_case", "legislation", "bill", "personal_communication", "standard", "graphic", "song",
              "pamphlet", "classic", "article", "performance", "event", "figure", "musical_score", "periodical",
              "document", "entry", "hearing", "regulation", "treaty"]


def combined(rng: random.Random, count: int) -> list[dict]:
    items = []
    for n in range(count):
        kind = EVERY_TYPE[n % len(EVERY_TYPE)]
        items.append({"id": f"c-{n:03d}-{kind}", **by_type(kind, n, rng)})
    return items


def A(family: str, given: str = "", **extra) -> dict:
    return {"family": family, **({"given": given} if given else {}), **extra}


def Y(*parts) -> dict:
    return {"date-parts": [list(parts)]}


JOURNAL = {"type": "article-journal", "container-title": "Freshwater Quarterly", "volume": "12", "issue": "3",
           "page": "201–219"}
BOOK = {"type": "book", "publisher": "Elm Press", "publisher-place": "Northfield"}

# Edge items: each probes one class of difference a style can get wrong.
EDGES: list[dict] = [
    # markup and case in titles
    {"id": "e-italic-species", **JOURNAL, "title": "Feeding rates of <i>Salmo trutta</i> in cold upland streams",
     "author": [A("Vale", "Ada")], "issued": Y(2019)},
    {"id": "e-nocase", **JOURNAL, "title": 'The <span class="nocase">iPhone</span> and the meadow survey',
     "author": [A("Orr", "Tomas")], "issued": Y(2021)},
    {"id": "e-sup-sub", **JOURNAL, "title": "CO<sub>2</sub> flux and <sup>14</sup>C ages in fen peat",
     "author": [A("Moss", "Mira")], "issued": Y(2016)},
    {"id": "e-italic-in-italic-title", **BOOK, "title": "The voyage of the <i>Elm Queen</i>: A ship's log",
     "author": [A("Marsh", "Hana")], "issued": Y(2004)},
    {"id": "e-small-caps-bold", **JOURNAL, "title": '<span style="font-variant:small-caps;">Fen</span> records and <b>bold</b> claims',
     "author": [A("Quarry", "Mira")], "issued": Y(2012)},
    {"id": "e-unbalanced-markup", **JOURNAL, "title": "When x <3 and y > 2: a <i>half-open tag",
     "author": [A("Rusk", "Pavel")], "issued": Y(2015)},
    {"id": "e-hyphen-compound", **BOOK, "title": "No-till farming and long-term soil change: A self-help guide",
     "author": [A("Hale", "Jonah")], "issued": Y(2010)},
    {"id": "e-single-quoted", **JOURNAL, "title": "The ‘new great game’ on the fens: Water and rivalry",
     "author": [A("Lake", "Elif")], "issued": Y(2014)},
    {"id": "e-double-quoted", **JOURNAL, "title": "“Our river”: Memory and ownership along the Elm",
     "author": [A("Trout", "Rui")], "issued": Y(2013)},
    {"id": "e-straight-double-quoted", **JOURNAL, "title": 'Beyond "wild" water: Upland reservoirs, 1900-1950',
     "author": [A("Pell", "Ines")], "issued": Y(2008)},
    {"id": "e-possessive", **BOOK, "title": "The farmers' almanac and the keeper's log", "author": [A("Rusk", "Pavel")],
     "issued": Y(1999)},
    {"id": "e-curly-possessive", **BOOK, "title": "In the victims’ hands: Records of a flood", "author": [A("Marsh", "Hana")],
     "issued": Y(2002)},
    {"id": "e-elided-french", **BOOK, "title": "D'un lac à l'autre: Histoire des pêcheries", "language": "fr",
     "author": [A("Ferrand", "Émile")], "issued": Y(1988)},
    {"id": "e-title-question", **JOURNAL, "title": "Do trout remember? A field test", "author": [A("Oduya", "Kofi")],
     "issued": Y(2020)},
    {"id": "e-title-ends-question", **BOOK, "title": "Who owns the fen?", "author": [A("Castellan", "Chiara")],
     "issued": Y(2005)},
    {"id": "e-title-ends-period", **JOURNAL, "title": "Water, Inc.", "author": [A("Tamsin", "Saoirse")],
     "issued": Y(2018)},
    {"id": "e-title-ends-exclamation", **BOOK, "title": "Save the meadow!", "author": [A("Wexley", "Björn")],
     "issued": Y(1976)},
    {"id": "e-acronyms", **JOURNAL, "title": "NATO, the EU and upland water policy in the 1990s",
     "author": [A("Ibarrola", "Aurelio")], "issued": Y(2001)},
    {"id": "e-allcaps-words", **JOURNAL, "title": "USING GIS FOR FEN SURVEYS", "author": [A("Nakashima", "Li")],
     "issued": Y(2011)},
    {"id": "e-stopwords", **JOURNAL, "title": "a study of the rivers of the north and of the south",
     "author": [A("Sørlie", "Ada")], "issued": Y(2009)},
    {"id": "e-colon-short", **BOOK, "title": "Fens: A history", "title-short": "Fens", "author": [A("Ashdown", "Jonah")],
     "issued": Y(2003)},
    {"id": "e-em-dash", **JOURNAL, "title": "Rivers—and the people who drain them", "author": [A("Quarry", "Mira")],
     "issued": Y(2017)},
    # names
    {"id": "e-cjk-names", **JOURNAL, "title": "Paddy water and village law", "author": [A("王", "小明"), A("李", "华")],
     "issued": Y(2015)},
    {"id": "e-particle-dropping", **BOOK, "title": "Letters from the lakes",
     "author": [A("Beaumont", "Claire", **{"dropping-particle": "de"})], "issued": Y(1922)},
    {"id": "e-particle-nondropping", **JOURNAL, "title": "Dykes and deltas",
     "author": [A("Berg", "Anna", **{"non-dropping-particle": "van den"})], "issued": Y(2012)},
    {"id": "e-suffix", **JOURNAL, "title": "Notes on the Elm watershed", "author": [A("Lindqvist", "Paul", suffix="Jr.")],
     "issued": Y(1994)},
    {"id": "e-initials-no-space", **JOURNAL, "title": "Fen soils", "author": [A("Abara", "M.S.")], "issued": Y(2006)},
    {"id": "e-initials-spaced", **JOURNAL, "title": "Fen soils revisited", "author": [A("Abara", "M. S.")], "issued": Y(2007)},
    {"id": "e-hyphenated-given", **JOURNAL, "title": "Cold water", "author": [A("Ferrand", "Jean-Luc")], "issued": Y(2004)},
    {"id": "e-mononym", **BOOK, "title": "Songs of the weir", "author": [{"literal": "Aurelian"}], "issued": Y(1961)},
    {"id": "e-institution", "type": "report", "title": "State of the upland waters 2022",
     "author": [{"literal": "Council for Upland Research"}], "publisher": "Council for Upland Research",
     "publisher-place": "Ashby", "issued": Y(2022)},
    {"id": "e-institution-and", "type": "report", "title": "Annual review",
     "author": [{"literal": "Office of Lakes and Rivers"}], "publisher": "Harrow & Finch", "issued": Y(2020)},
    {"id": "e-institution-us", "type": "report", "title": "Water quality standards",
     "author": [{"literal": "U.S. Bureau of Inland Waters"}], "issued": Y(2019)},
    {"id": "e-two-authors", **JOURNAL, "title": "Paired catchments", "author": [A("Vale", "Ada"), A("Orr", "Tomas")],
     "issued": Y(2018)},
    {"id": "e-three-authors", **JOURNAL, "title": "Three catchments",
     "author": [A("Vale", "Ada"), A("Orr", "Tomas"), A("Moss", "Mira")], "issued": Y(2018)},
    {"id": "e-twenty-authors", **JOURNAL, "title": "A twenty-author survey",
     "author": [A(f"Author{chr(65 + i)}", "Ada") for i in range(20)], "issued": Y(2020)},
    {"id": "e-twenty-one-authors", **JOURNAL, "title": "A twenty-one-author survey",
     "author": [A(f"Author{chr(65 + i)}", "Tomas") for i in range(21)], "issued": Y(2020)},
    {"id": "e-twenty-five-authors", **JOURNAL, "title": "A large consortium survey",
     "author": [A(f"Writer{chr(65 + i)}", "Mira") for i in range(25)], "issued": Y(2021)},
    {"id": "e-eleven-authors", **JOURNAL, "title": "Eleven hands on one lake",
     "author": [A(f"Hand{chr(65 + i)}", "Jonah") for i in range(11)], "issued": Y(2016)},
    {"id": "e-editor-only-book", **BOOK, "title": "Upland voices", "editor": [A("Hale", "Jonah")], "issued": Y(2011)},
    {"id": "e-editors-two", **BOOK, "title": "Upland voices, again", "editor": [A("Hale", "Jonah"), A("Lake", "Elif")],
     "issued": Y(2013)},
    {"id": "e-translator-only", **BOOK, "title": "The fisherman's year", "translator": [A("Trout", "Rui")],
     "issued": Y(1970)},
    {"id": "e-author-translator", **BOOK, "title": "The weir keeper", "author": [A("Dvořák-Lind", "Pavel")],
     "translator": [A("Marsh", "Hana")], "original-date": Y(1931), "issued": Y(1990)},
    {"id": "e-container-author", "type": "chapter", "title": "Preface", "container-title": "Collected river essays",
     "author": [A("Pell", "Ines")], "container-author": [A("Pell", "Ines")], "editor": [A("Rusk", "Pavel")],
     "publisher": "Elm Press", "publisher-place": "Northfield", "page": "vii–xii", "issued": Y(2000)},
    {"id": "e-no-author-book", **BOOK, "title": "Guide to the northern fens", "edition": "3", "issued": Y(2015)},
    {"id": "e-no-author-journal", **JOURNAL, "title": "Editorial: A year of floods", "issued": Y(2023)},
    {"id": "e-no-author-no-date-web", "type": "webpage", "title": "Fen access map", "container-title": "Fen Notes",
     "URL": "https://web.example.org/map", "accessed": Y(2025, 3, 4)},
    # disambiguation (batch)
    {"id": "e-same-year-a", **JOURNAL, "title": "Spring counts", "author": [A("Quillon", "Dmitri")], "issued": Y(1990)},
    {"id": "e-same-year-b", **JOURNAL, "title": "Autumn counts", "author": [A("Quillon", "Dmitri")], "issued": Y(1990)},
    {"id": "e-same-year-c", **BOOK, "title": "Winter counts", "author": [A("Quillon", "Dmitri")], "issued": Y(1990)},
    {"id": "e-given-differs-a", **JOURNAL, "title": "Reed beds", "author": [A("Brannock", "Ada")], "issued": Y(1995)},
    {"id": "e-given-differs-b", **JOURNAL, "title": "Reed cutting", "author": [A("Brannock", "Tomas")], "issued": Y(1995)},
    {"id": "e-etal-differs-a", **JOURNAL, "title": "Sluices I",
     "author": [A("Kowalczyk", "Ines"), A("Moss", "Mira"), A("Orr", "Tomas")], "issued": Y(2003)},
    {"id": "e-etal-differs-b", **JOURNAL, "title": "Sluices II",
     "author": [A("Kowalczyk", "Ines"), A("Hale", "Jonah"), A("Lake", "Elif")], "issued": Y(2003)},
    {"id": "e-undated-a", "type": "webpage", "title": "Fen walks", "container-title": "Fen Notes",
     "author": [A("Yilmazer", "Elif")], "URL": "https://web.example.org/walks"},
    {"id": "e-undated-b", "type": "webpage", "title": "Fen birds", "container-title": "Fen Notes",
     "author": [A("Yilmazer", "Elif")], "URL": "https://web.example.org/birds"},
    # dates
    {"id": "e-season", **JOURNAL, "title": "Seasonal floods", "author": [A("Oduya", "Kofi")],
     "issued": {"date-parts": [[2017]], "season": 3}},
    {"id": "e-circa", **BOOK, "title": "A miller's account book", "author": [A("Ashdown", "Jonah")],
     "issued": {"date-parts": [[1790]], "circa": True}},
    {"id": "e-year-range", **BOOK, "title": "Fen surveys, volumes 1-3", "author": [A("Castellan", "Chiara")],
     "issued": {"date-parts": [[2004], [2006]]}},
    {"id": "e-month-range", "type": "article-magazine", "title": "Winter on the fens", "container-title": "Upland Weekly",
     "author": [A("Wexley", "Björn")], "issued": {"date-parts": [[2019, 11], [2019, 12]]}},
    {"id": "e-day-range", "type": "article-newspaper", "title": "Three days of rain", "container-title": "The Fen Gazette",
     "author": [A("Oduya", "Kofi")], "issued": {"date-parts": [[2019, 11, 3], [2019, 11, 5]]}},
    {"id": "e-day-range-two-months", "type": "speech", "title": "Closing the sluices", "event-title": "Upland Water Summit",
     "author": [A("Hale", "Jonah")], "issued": {"date-parts": [[2019, 11, 28], [2019, 12, 2]]}},
    {"id": "e-day-range-two-years", "type": "article-magazine", "title": "The turn of the year on the fens",
     "container-title": "Upland Weekly", "author": [A("Lake", "Elif")], "issued": {"date-parts": [[2018, 12, 30], [2019, 1, 2]]}},
    {"id": "e-literal-date", **BOOK, "title": "The lost ledger", "author": [A("Quarry", "Mira")],
     "issued": {"literal": "early 1800s"}},
    {"id": "e-in-press", **JOURNAL, "title": "Trout counts under ice", "author": [A("Nakashima", "Li")],
     "status": "in press"},
    {"id": "e-original-date", **BOOK, "title": "On drainage", "author": [A("Rusk", "Pavel")], "original-date": Y(1858),
     "issued": Y(2008), "edition": "2"},
    # numbers
    {"id": "e-page-hyphen", **JOURNAL, "title": "Hyphenated pages", "page": "1234-1256", "author": [A("Vale", "Ada")],
     "issued": Y(2010)},
    {"id": "e-page-article-number", **JOURNAL, "title": "Article numbers", "page": "e1002",
     "author": [A("Orr", "Tomas")], "issued": Y(2022)},
    {"id": "e-page-roman", **JOURNAL, "title": "Roman pages", "page": "xi–xvii", "author": [A("Moss", "Mira")],
     "issued": Y(1987)},
    {"id": "e-page-supplement", **JOURNAL, "title": "Supplement pages", "page": "S12–S19", "author": [A("Hale", "Jonah")],
     "issued": Y(2014)},
    {"id": "e-issue-range", **JOURNAL, "title": "Double issue", "issue": "3–4", "author": [A("Lake", "Elif")],
     "issued": Y(2011)},
    {"id": "e-volume-range", "type": "book", "title": "The collected fen surveys", "volume": "2–3",
     "number-of-volumes": "4", "publisher": "Elm Press", "author": [A("Trout", "Rui")], "issued": Y(1999)},
    {"id": "e-number-of-volumes", **BOOK, "title": "A history of the uplands", "number-of-volumes": "2",
     "author": [A("Marsh", "Hana")], "issued": Y(1984)},
    {"id": "e-edition-ordinal", **BOOK, "title": "Lake chemistry", "edition": "2nd", "author": [A("Pell", "Ines")],
     "issued": Y(2012)},
    {"id": "e-edition-text", **BOOK, "title": "Lake physics", "edition": "Revised and expanded",
     "author": [A("Pell", "Ines")], "issued": Y(2013)},
    {"id": "e-edition-words", **BOOK, "title": "Lake optics", "edition": "revised and updated edition, with maps",
     "editor": [A("Pell", "Ines")], "issued": Y(2014)},
    {"id": "e-report-numbers", "type": "report", "title": "Gauging stations", "number": "Nos. 99–102",
     "publisher": "North Fen Water Board", "author": [A("Rusk", "Pavel")], "issued": Y(2001)},
    {"id": "e-chapter-number", "type": "chapter", "title": "Weirs", "chapter-number": "7",
     "container-title": "Small water works", "editor": [A("Ferrand", "Jean-Luc")], "author": [A("Hale", "Jonah")],
     "publisher": "Elm Press", "page": "88–102", "issued": Y(2005)},
    {"id": "e-volume-title", **BOOK, "title": "Rivers", "volume": "2", "container-title": "A natural history of the fens",
     "author": [A("Vale", "Ada")], "issued": Y(2016)},
    # identifiers
    {"id": "e-doi-and-url", **JOURNAL, "title": "Both links", "DOI": "10.5555/both.1", "URL": "https://journal.example.org/1",
     "author": [A("Orr", "Tomas")], "issued": Y(2020)},
    {"id": "e-doi-uppercase", **JOURNAL, "title": "Upper-case DOI", "DOI": "10.5555/ABC.DEF-2", "author": [A("Moss", "Mira")],
     "issued": Y(2020)},
    {"id": "e-url-accessed-dated", "type": "webpage", "title": "Gauges online", "container-title": "Lake Systems Online",
     "URL": "https://web.example.org/gauges", "accessed": Y(2024, 2, 29), "issued": Y(2023, 5, 1),
     "author": [A("Lake", "Elif")]},
    {"id": "e-arxiv", "type": "article", "title": "Neural counts of trout", "publisher": "arXiv", "number": "2101.00001",
     "URL": "https://arxiv.org/abs/2101.00001", "author": [A("Nakashima", "Li"), A("Vale", "Ada")], "issued": Y(2021, 1, 4)},
    # other shapes
    {"id": "e-review-book", "type": "review-book", "reviewed-title": "The fen and the town",
     "reviewed-author": [A("Quarry", "Mira")], "container-title": "Review of Rural Economics", "volume": "30",
     "page": "99–101", "author": [A("Orr", "Tomas")], "issued": Y(2012)},
    {"id": "e-thesis-masters", "type": "thesis", "title": "Eel passes", "genre": "Master's thesis",
     "publisher": "University of Northfield", "author": [A("Abara", "Zainab")], "issued": Y(2018)},
    {"id": "e-newspaper-section-edition", "type": "article-newspaper", "title": "Floods close the fen road",
     "container-title": "The Northfield Courier", "section": "Local", "edition": "Late", "page": "A3",
     "author": [A("Tamsin", "Saoirse")], "issued": Y(2021, 2, 14)},
    {"id": "e-interview", "type": "interview", "title": "Interview with a weir keeper", "interviewer": [A("Hale", "Jonah")],
     "author": [A("Rusk", "Pavel")], "issued": Y(2019, 6, 2), "medium": "Audio recording"},
    {"id": "e-personal", "type": "personal_communication", "author": [A("Vale", "Ada")], "issued": Y(2023, 3, 3),
     "genre": "Email"},
    {"id": "e-dataset-version", "type": "dataset", "title": "Fen gauge readings 1990–2020", "version": "2.1",
     "publisher": "Lake Data Archive", "DOI": "10.5555/data.7", "author": [{"literal": "North Fen Water Board"}],
     "issued": Y(2021)},
    {"id": "e-software", "type": "software", "title": "fencount", "version": "0.9.3", "publisher": "Elm Software Foundation",
     "URL": "https://code.example.org/fencount", "author": [A("Ibarrola", "Aurelio")], "issued": Y(2024)},
    {"id": "e-film", "type": "motion_picture", "title": "The drowned village", "director": [A("Ferrand", "Émile")],
     "publisher": "Greyhaven Pictures", "issued": Y(1958)},
    {"id": "e-speech", "type": "speech", "title": "Water and the common good", "event-title": "Upland Water Summit",
     "event-place": "Ashby", "author": [A("Castellan", "Chiara")], "issued": Y(2022, 9, 12), "genre": "Keynote address"},
    {"id": "e-legal-case", "type": "legal_case", "title": "Marsh v. North Fen Water Board", "container-title": "N.F.R.",
     "volume": "210", "page": "44", "authority": "Supreme Court of Northfield", "issued": Y(1962)},
    {"id": "e-encyclopedia-unsigned", "type": "entry-encyclopedia", "title": "Fen", "container-title": "Encyclopedia of Upland Life",
     "edition": "5", "publisher": "Brightwater Books", "issued": Y(2010)},
    {"id": "e-dictionary-online", "type": "entry-dictionary", "title": "Weir", "container-title": "Dictionary of Water Words",
     "URL": "https://reference.example.org/weir", "accessed": Y(2025, 1, 5)},
    {"id": "e-magazine-volume", "type": "article-magazine", "title": "Eel season", "container-title": "Upland Weekly",
     "volume": "44", "issue": "9", "page": "12–15", "author": [A("Oduya", "Kofi")], "issued": Y(2020, 4)},
    {"id": "e-conference-event-only", "type": "paper-conference", "title": "Trout in warm years",
     "event-title": "Meeting on Lake Systems", "event-place": "Greyhaven", "author": [A("Brannock", "Ada")],
     "issued": Y(2019, 5, 20)},
    {"id": "e-manuscript-archive", "type": "manuscript", "title": "Letter to the drainage board", "archive": "Northfield County Archive",
     "archive_location": "Box 4, folder 2", "author": [A("Ashdown", "Jonah")], "issued": Y(1866, 3, 9)},
    {"id": "e-report-institution-publisher", "type": "report", "title": "Fen budget", "number": "14",
     "genre": "Technical report", "publisher": "Bureau of Inland Waters", "author": [{"literal": "Bureau of Inland Waters"}],
     "issued": Y(2020)},
    {"id": "e-tex-in-title", **BOOK, "title": "The \\TeX book of fen maps", "author": [A("Quillon", "Dmitri")],
     "issued": Y(1986)},
    {"id": "e-chapter-no-date", "type": "chapter", "title": "Reed beds in winter", "container-title": "The fen year",
     "editor": [A("Moss", "Mira")], "author": [A("Trout", "Rui")], "publisher": "Elm Press", "page": "12–30"},
    {"id": "e-straight-quoted-word", **JOURNAL, "title": "Becoming 'world champion' of the reed harvest",
     "author": [A("Ferrand", "Jean-Luc")], "issued": Y(2016)},
    {"id": "e-subtitle-after-question", **BOOK, "title": "Who drained the fen? the story of a county",
     "author": [A("Castellan", "Chiara")], "issued": Y(1999)},
    {"id": "e-volume-title-book", "type": "book", "title": "A natural history of the fens", "volume": "3",
     "volume-title": "Birds", "author": [A("Vale", "Ada")], "publisher": "Elm Press", "issued": Y(2017)},
    {"id": "e-part-and-supplement", **JOURNAL, "title": "Eel counts, part two", "part": "2",
     "supplement": "1", "author": [A("Lake", "Elif")], "issued": Y(2010)},
    {"id": "e-original-title", **BOOK, "title": "The weir", "original-title": "Die Wehr", "translator": [A("Orr", "Tomas")],
     "author": [A("Brandt", "Karl")], "original-date": Y(1921), "issued": Y(1980)},
    {"id": "e-available-date", **JOURNAL, "title": "Online first counts", "available-date": Y(2022, 11, 3),
     "issued": Y(2023), "DOI": "10.5555/first.1", "author": [A("Moss", "Mira")]},
    {"id": "e-event-date", "type": "paper-conference", "title": "Fen water in a dry year", "event-title": "Meeting on Lake Systems",
     "event-place": "Ashby", "event-date": Y(2018, 6, 4), "container-title": "Proceedings of the Meeting on Lake Systems",
     "page": "44–51", "author": [A("Pell", "Ines")], "issued": Y(2019)},
    {"id": "e-genre-preprint", "type": "article", "title": "Fen carbon, a first look", "genre": "Preprint",
     "publisher": "Fen Archive", "number": "fa.2020.7", "author": [A("Oduya", "Kofi")], "issued": Y(2020, 2)},
    {"id": "e-medium-thesis", "type": "thesis", "title": "Sluice gates of the north", "genre": "PhD diss.",
     "publisher": "University of Northfield", "medium": "microfilm", "author": [A("Rusk", "Pavel")], "issued": Y(1972)},
    {"id": "e-many-editors-chapter", "type": "chapter", "title": "The first drainage", "container-title": "Fen histories",
     "editor": [A(f"Editor{chr(65 + i)}", "Ada") for i in range(8)], "author": [A("Hale", "Jonah")],
     "publisher": "Elm Press", "page": "1–20", "issued": Y(2003)},
    {"id": "e-collection-number", **BOOK, "title": "Drainage law", "collection-title": "Studies in Fen History",
     "collection-number": "12", "author": [A("Marsh", "Hana")], "issued": Y(1991)},
    # Classes the CSL test-suite's processor fixtures probe (dates before the era, names' flags, numbers with
    # letters, case by language), with content of our own.
    {"id": "t-bc-year", **BOOK, "title": "Letters from the river camp", "author": [A("Varro", "Lucan")], "issued": Y(-44)},
    {"id": "t-early-year", **BOOK, "title": "The ash fall", "author": [A("Secundus", "Gaius")], "issued": Y(79)},
    {"id": "t-all-caps-title", **JOURNAL, "title": "THE FEN AND ITS WATERS: A SURVEY", "author": [A("Pell", "Ines")],
     "issued": Y(2011)},
    {"id": "t-language-de", **BOOK, "title": "Die Geschichte der Stadt am see", "language": "de",
     "author": [A("Brandt", "Karl")], "issued": Y(1975)},
    {"id": "t-language-en-gb", **JOURNAL, "title": "the colour of fen water in a wet summer", "language": "en-GB",
     "author": [A("Lake", "Elif")], "issued": Y(2018)},
    {"id": "t-comma-suffix", **BOOK, "title": "Weirs of the north", "issued": Y(1962),
     "author": [A("Hale", "Jonah", suffix="Jr.", **{"comma-suffix": True})]},
    {"id": "t-static-ordering", **BOOK, "title": "Rice terraces and reed beds", "issued": Y(2001),
     "author": [A("Nakamura", "Aiko", **{"static-ordering": True})]},
    {"id": "t-family-only", **BOOK, "title": "On rivers", "author": [{"family": "Aristaeus"}], "issued": Y(1920)},
    {"id": "t-given-only", **JOURNAL, "title": "A keeper's notes", "author": [{"given": "Mira"}], "issued": Y(2017)},
    # A short form of a given-only name prints nothing, yet ends the substitution: no editor, no title in its place
    {"id": "t-given-only-edited", **BOOK, "title": "Notes from the sluice", "author": [{"given": "Orrin"}],
     "editor": [A("Pell", "Tamsin")], "issued": Y(2003)},
    {"id": "t-given-only-second", **JOURNAL, "title": "Weir counts", "author": [{"given": "Lark"}, A("Tarn", "Ivo")],
     "issued": Y(2011)},
    {"id": "t-container-short", **JOURNAL, "title": "Eels at night", "container-title-short": "Freshw. Q.",
     "author": [A("Oduya", "Kofi")], "issued": Y(2015)},
    {"id": "t-issue-letters", **JOURNAL, "title": "Supplementary counts", "volume": "12A", "issue": "Suppl. 2",
     "author": [A("Moss", "Mira")], "issued": Y(2014)},
    {"id": "t-article-number", **JOURNAL, "title": "A fen genome", "page": "e1002345", "author": [A("Trout", "Rui")],
     "issued": Y(2021)},
    {"id": "t-page-list", **JOURNAL, "title": "Scattered notes on weirs", "page": "12, 15–18",
     "author": [A("Rusk", "Pavel")], "issued": Y(1994)},
    {"id": "t-long-page-range", **JOURNAL, "title": "The long article", "page": "1496–1504",
     "author": [A("Castellan", "Chiara")], "issued": Y(1997)},
    {"id": "t-doi-as-url", **JOURNAL, "title": "Sediment in the outflow", "DOI": "https://doi.org/10.5555/lake.77",
     "author": [A("Quarry", "Mira")], "issued": Y(2022)},
    {"id": "t-date-strings", **JOURNAL, "title": "Dates as text", "author": [A("Ashdown", "Jonah")],
     "issued": {"date-parts": [["2019", "5"]]}},
    {"id": "t-title-ellipsis", **BOOK, "title": "Reeds, rushes … and the rest", "author": [A("Marsh", "Hana")],
     "issued": Y(2008)},
    {"id": "t-subtitle-lower", **BOOK, "title": "Fen water: a history of the drains", "author": [A("Vale", "Ada")],
     "issued": Y(1983)},
    {"id": "t-edition-number", **BOOK, "title": "Fen flora", "edition": "2", "author": [A("Orr", "Tomas")],
     "issued": Y(2006)},
    {"id": "t-edition-ordinal", **BOOK, "title": "Fen fauna", "edition": "3rd", "author": [A("Orr", "Tomas")],
     "issued": Y(2007)},
    {"id": "t-quotes-nested", **JOURNAL, "title": "On ‘weir’ and “dam”: Words for water", "author": [A("Hale", "Jonah")],
     "issued": Y(2003)},
    {"id": "t-particle-dropping", **BOOK, "title": "Flood tales", "issued": Y(1950),
     "author": [{"family": "Fontaine", "given": "Jean", "dropping-particle": "de la"}]},
    {"id": "t-italic-in-quotes", **JOURNAL, "title": "The <i>“Elm”</i> affair and the ‘<i>Queen</i>’ of the fen",
     "author": [A("Ashdown", "Jonah")], "issued": Y(2009)},
    {"id": "t-mixed-case-words", **BOOK, "title": "McAllister and the 3D survey of 21st-century fens vs. the old maps",
     "author": [A("Quillon", "Dmitri")], "issued": Y(2012)},
    {"id": "t-number-first", **BOOK, "title": "100 years of the drainage board", "author": [A("Rusk", "Pavel")],
     "issued": Y(2020)},
    {"id": "t-dash-subtitle", **BOOK, "title": "Fen water — a history of what it is made of", "author": [A("Vale", "Ada")],
     "issued": Y(1985)},
    {"id": "t-apostrophe-particle", **BOOK, "title": "Canals", "issued": Y(1767),
     "author": [{"family": "Alembert", "given": "Jean", "non-dropping-particle": "d’"}]},
    {"id": "t-apostrophe-family", **BOOK, "title": "Bog roads", "author": [A("O’Brien", "Siobhan")], "issued": Y(1991)},
    {"id": "t-roman-suffix", **BOOK, "title": "Locks and gates", "author": [A("Ashdown", "Jonah", suffix="III")],
     "issued": Y(1978)},
    {"id": "t-editor-translator", **BOOK, "title": "The fen poems", "author": [A("Brandt", "Karl")],
     "editor": [A("Orr", "Tomas")], "translator": [A("Orr", "Tomas")], "issued": Y(1999)},
    {"id": "t-abbreviated-range", **JOURNAL, "title": "Short pages", "page": "101-8", "author": [A("Moss", "Mira")],
     "issued": Y(2004)},
    {"id": "t-hyphen-range", **JOURNAL, "title": "Hyphenated pages", "page": "45-67", "author": [A("Lake", "Elif")],
     "issued": Y(2005)},
    {"id": "t-season-range", "type": "article-magazine", "title": "Two seasons of eels", "container-title": "Upland Weekly",
     "author": [A("Oduya", "Kofi")], "issued": {"date-parts": [[2019], [2019]], "season": 1}},
    {"id": "t-caps-journal", **JOURNAL, "container-title": "JOURNAL OF FEN STUDIES", "title": "Peat depth",
     "author": [A("Pell", "Ines")], "issued": Y(1979)},
    {"id": "t-issue-double", **JOURNAL, "title": "A double issue", "issue": "1/2", "author": [A("Trout", "Rui")],
     "issued": Y(1988)},
    {"id": "t-forthcoming", **JOURNAL, "title": "Eels in the coming years", "status": "forthcoming",
     "author": [A("Hale", "Jonah")]},
    {"id": "t-title-period", **BOOK, "title": "Fen water.", "author": [A("Marsh", "Hana")], "issued": Y(1990)},
    {"id": "t-url-period", "type": "webpage", "title": "Weir levels today", "container-title": "Fen Data",
     "URL": "https://data.example.org/weirs/levels.", "accessed": Y(2024, 2, 1), "issued": Y(2024)},
    {"id": "t-given-initials-mixed", **JOURNAL, "title": "Reed cutting", "author": [A("Vale", "J. Robert")],
     "issued": Y(2002)},
    {"id": "t-three-authors", **JOURNAL, "title": "Three hands", "issued": Y(2013),
     "author": [A("Orr", "Tomas"), A("Moss", "Mira"), A("Hale", "Jonah")]},
    {"id": "t-four-authors", **JOURNAL, "title": "Four hands", "issued": Y(2013),
     "author": [A("Orr", "Tomas"), A("Moss", "Mira"), A("Hale", "Jonah"), A("Lake", "Elif")]},
    {"id": "t-institution-comma", "type": "report", "title": "Annual weir census", "publisher": "Fen Board",
     "author": [{"literal": "Ministry of Waters, Department of Weirs"}], "issued": Y(2016)},
    {"id": "t-nickname", **BOOK, "title": "Eel nights", "author": [A("Hale", 'Jonah "Jo"')], "issued": Y(1996)},
    {"id": "t-lowercase-family", **BOOK, "title": "Memoirs of the marsh", "author": [A("de Gaulle", "Anne")],
     "issued": Y(1970)},
    {"id": "t-accented-given", **BOOK, "title": "Les marais", "author": [A("Ferrand", "Émile")], "issued": Y(1931)},
    {"id": "t-ampersand-title", **BOOK, "title": "Fen & fowl: Birds of the drained land", "author": [A("Moss", "Mira")],
     "issued": Y(1994)},
    {"id": "t-roman-numeral-title", **BOOK, "title": "Drainage acts II: The second wave", "author": [A("Marsh", "Hana")],
     "issued": Y(1992)},
    {"id": "t-bracket-title", **JOURNAL, "title": "[Untitled note on eels]", "author": [A("Oduya", "Kofi")],
     "issued": Y(2011)},
    {"id": "t-parenthesis-title", **BOOK, "title": "The fen year (revised)", "author": [A("Vale", "Ada")],
     "issued": Y(2001)},
    {"id": "t-eg-title", **JOURNAL, "title": "Small fish, e.g. sticklebacks, in drains", "author": [A("Trout", "Rui")],
     "issued": Y(2019)},
    {"id": "t-circa-month", **JOURNAL, "title": "An undated survey", "author": [A("Rusk", "Pavel")],
     "issued": {"date-parts": [[1890, 6]], "circa": True}},
    {"id": "t-webpage-no-date", "type": "webpage", "title": "Weir keepers today", "container-title": "Fen Data",
     "URL": "https://data.example.org/keepers", "accessed": Y(2024, 3, 9), "author": [A("Lake", "Elif")]},
    {"id": "t-original-date-edition", **BOOK, "title": "The drained land", "edition": "4", "original-date": Y(1890),
     "author": [A("Ashdown", "Jonah")], "issued": Y(1990)},
    {"id": "t-roman-volume", **JOURNAL, "title": "Old series", "volume": "XII", "author": [A("Castellan", "Chiara")],
     "issued": Y(1901)},
    {"id": "t-text-issue", **JOURNAL, "title": "A season's issue", "issue": "Spring", "author": [A("Pell", "Ines")],
     "issued": Y(2003)},
    {"id": "t-thesis-genre", "type": "thesis", "title": "Water rights in the fens", "genre": "Doctoral dissertation",
     "publisher": "University of Northfield", "author": [A("Quarry", "Mira")], "issued": Y(2015)},
    {"id": "t-cyrillic-title", **BOOK, "title": "Болота и реки", "language": "ru", "author": [A("Orlova", "Vera")],
     "issued": Y(1968)},
    {"id": "t-greek-title", **BOOK, "title": "Τα έλη", "language": "el", "author": [A("Pappas", "Nikos")],
     "issued": Y(1977)},
    {"id": "t-note-field", **BOOK, "title": "Reeds", "note": "Reprint of the first edition", "author": [A("Hale", "Jonah")],
     "issued": Y(1983)},
    {"id": "t-same-names-twice", **JOURNAL, "title": "Twin keepers", "author": [A("Moss", "Mira"), A("Moss", "Mira")],
     "issued": Y(2012)},
    {"id": "t-reprint", **BOOK, "title": "The old drains", "original-publisher": "Reed & Sons",
     "original-publisher-place": "Ashby", "original-date": Y(1851), "author": [A("Ashdown", "Jonah")], "issued": Y(2011)},
    {"id": "t-collection-editor", **BOOK, "title": "Upland birds", "collection-title": "Fen Natural History",
     "collection-editor": [A("Vale", "Ada")], "author": [A("Moss", "Mira")], "issued": Y(2005)},
    {"id": "t-letter-recipient", "type": "personal_communication", "title": "Letter about the sluice",
     "author": [A("Hale", "Jonah")], "recipient": [A("Orr", "Tomas")], "issued": Y(1902, 4, 2)},
    {"id": "t-letter-archive", "type": "personal_communication", "genre": "Letter", "title": "Letter to the board", "archive": "Fen Archive",
     "author": [A("Hale", "Jonah")], "recipient": [A("Orr", "Tomas")], "issued": Y(1903, 1, 12)},
    {"id": "t-multivolume-chapter", "type": "chapter", "title": "Winter birds", "container-title": "Birds of the fens",
     "volume": "2", "number-of-volumes": "4", "editor": [A("Vale", "Ada")], "author": [A("Moss", "Mira")],
     "publisher": "Elm Press", "page": "33–58", "issued": Y(2010)},
    {"id": "t-chapter-number", "type": "chapter", "title": "Sluices", "chapter-number": "7",
     "container-title": "The fen engineer", "author": [A("Rusk", "Pavel")], "publisher": "Elm Press", "issued": Y(1999)},
    {"id": "t-interview-interviewer", "type": "interview", "title": "A life on the fen", "author": [A("Pell", "Ines")],
     "interviewer": [A("Lake", "Elif")], "medium": "Audio recording", "issued": Y(2018, 9, 1)},
    {"id": "t-broadcast-episode", "type": "broadcast", "title": "The drained land", "container-title": "Fen Stories",
     "number": "4", "director": [A("Orr", "Tomas")], "publisher": "Upland Radio", "issued": Y(2016, 2, 3)},
    {"id": "t-dataset-version", "type": "dataset", "title": "Weir levels 1950–2020", "version": "2.1",
     "publisher": "Fen Data", "DOI": "10.5555/weirs.21", "author": [{"literal": "Fen Data Group"}], "issued": Y(2021)},
    {"id": "t-software-version", "type": "software", "title": "fenmodel", "version": "0.9.3", "publisher": "Fen Lab",
     "URL": "https://code.example.org/fenmodel", "author": [A("Quillon", "Dmitri")], "issued": Y(2023)},
    {"id": "t-standard-number", "type": "standard", "title": "Weir design", "number": "ISO 9999:2020",
     "publisher": "International Weir Organization", "author": [{"literal": "International Weir Organization"}],
     "issued": Y(2020)},
    {"id": "t-legislation-section", "type": "legislation", "title": "Fen Drainage Act", "section": "12",
     "container-title": "Statutes of the Fens", "volume": "3", "issued": Y(1930)},
    {"id": "t-legal-case-authority", "type": "legal_case", "title": "Marsh v. Drainage Board", "authority": "Fen Court",
     "container-title": "Fen Reports", "volume": "44", "page": "101", "issued": Y(1951)},
    {"id": "t-patent-number", "type": "patent", "title": "Self-cleaning sluice gate", "number": "US 1234567",
     "author": [A("Trout", "Rui")], "issued": Y(1988, 7, 5)},
    {"id": "t-review-title", "type": "review-book", "title": "", "reviewed-title": "Fen water",
     "reviewed-author": [A("Vale", "Ada")], "container-title": "Fen Review", "volume": "9", "page": "10–11",
     "author": [A("Marsh", "Hana")], "issued": Y(1984)},
    {"id": "t-speech-event", "type": "speech", "title": "Why weirs matter", "event-title": "Annual Fen Lecture",
     "event-place": "Northfield", "author": [A("Oduya", "Kofi")], "issued": Y(2017, 10, 12)},
    {"id": "t-post-forum", "type": "post", "title": "Eel counts this spring?", "container-title": "Fen Forum",
     "URL": "https://forum.example.org/t/77", "author": [A("Lake", "Elif")], "issued": Y(2022, 4, 1)},
    {"id": "t-song", "type": "song", "title": "The weir keeper's song", "author": [A("Pell", "Ines")],
     "container-title": "Fen Songs", "publisher": "Upland Records", "medium": "CD", "issued": Y(1975)},
    {"id": "t-film-director", "type": "motion_picture", "title": "The last eel", "director": [A("Ferrand", "Émile")],
     "publisher": "Fen Films", "issued": Y(1962)},
    {"id": "t-url-query", "type": "webpage", "title": "Weir search", "container-title": "Fen Data",
     "URL": "https://data.example.org/search?q=weir&year=2020", "accessed": Y(2024, 5, 2), "issued": Y(2020)},
    {"id": "t-angle-brackets", **JOURNAL, "title": "When depth > 2 m & flow < 1 m/s", "author": [A("Trout", "Rui")],
     "issued": Y(2016)},
    {"id": "t-nocase-in-title-case", **BOOK, "title": 'The <span class="nocase">eDNA</span> survey of the fens',
     "author": [A("Moss", "Mira")], "issued": Y(2022)},
    {"id": "t-italic-container", "type": "chapter", "title": "Reeds", "container-title": "Notes on <i>Phragmites</i>",
     "author": [A("Pell", "Ines")], "publisher": "Elm Press", "issued": Y(2003)},
    {"id": "t-quote-ends-title", **JOURNAL, "title": "They called it “the drain”", "author": [A("Lake", "Elif")],
     "issued": Y(2009)},
    {"id": "t-quote-opens-title", **JOURNAL, "title": "“Drain it”: A county's choice", "author": [A("Lake", "Elif")],
     "issued": Y(2010)},
    {"id": "t-nested-quotes-deep", **JOURNAL, "title": "On “the ‘new’ fen” and its critics", "author": [A("Orr", "Tomas")],
     "issued": Y(2011)},
    {"id": "t-leading-apostrophe", **BOOK, "title": "’Twas the fen: Memories of the ’80s", "author": [A("Rusk", "Pavel")],
     "issued": Y(2014)},
    {"id": "t-ellipsis-end", **JOURNAL, "title": "And then the water rose...", "author": [A("Hale", "Jonah")],
     "issued": Y(2007)},
    {"id": "t-question-in-quoted-title", **JOURNAL, "title": "Who keeps the weir?", "author": [A("Marsh", "Hana")],
     "issued": Y(2012), "DOI": "10.5555/weir.who"},
    {"id": "t-exclamation-title", **BOOK, "title": "Drain the fen!", "author": [A("Castellan", "Chiara")],
     "issued": Y(1958)},
    {"id": "t-sup-container", **JOURNAL, "container-title": "Journal of <sup>14</sup>C Studies", "title": "Old carbon",
     "author": [A("Quarry", "Mira")], "issued": Y(1999)},
    {"id": "t-title-colon-quote", **JOURNAL, "title": "Eels: “A slippery subject”", "author": [A("Oduya", "Kofi")],
     "issued": Y(2018)},
    {"id": "t-long-title-subtitles", **BOOK, "title": "Fens: Water, land, and people: A social history",
     "author": [A("Vale", "Ada")], "issued": Y(1996)},
    {"id": "t-two-editors-book", "type": "book", "title": "Fen essays", "editor": [A("Vale", "Ada"), A("Orr", "Tomas")],
     "publisher": "Elm Press", "issued": Y(2015)},
    {"id": "t-chapter-two-editors", "type": "chapter", "title": "Reed harvests", "container-title": "Fen essays",
     "editor": [A("Vale", "Ada"), A("Orr", "Tomas")], "author": [A("Pell", "Ines")], "publisher": "Elm Press",
     "page": "45–67", "issued": Y(2015)},
    {"id": "t-report-number-series", "type": "report", "title": "Weir safety", "number": "14",
     "collection-title": "Fen Board Reports", "publisher": "Fen Board", "author": [A("Hale", "Jonah")], "issued": Y(2019)},
    {"id": "t-thesis-database", "type": "thesis", "title": "Eel passages", "genre": "Master's thesis",
     "publisher": "University of Northfield", "archive": "Fen Theses Database", "number": "28123",
     "author": [A("Oduya", "Kofi")], "issued": Y(2020)},
    {"id": "t-translated-republished", **BOOK, "title": "The fen", "translator": [A("Orr", "Tomas")],
     "author": [A("Brandt", "Karl")], "original-date": Y(1921), "issued": Y(1980), "edition": "2"},
    {"id": "t-in-press-chapter", "type": "chapter", "title": "New weirs", "container-title": "Fen engineering",
     "editor": [A("Rusk", "Pavel")], "author": [A("Trout", "Rui")], "publisher": "Elm Press", "status": "in press"},
    {"id": "t-newspaper-no-author", "type": "article-newspaper", "title": "Fen flooded again",
     "container-title": "The Northfield Post", "page": "A3", "issued": Y(2021, 1, 14)},
    {"id": "t-magazine-online", "type": "article-magazine", "title": "The eel's journey", "container-title": "Upland Weekly",
     "URL": "https://weekly.example.org/eels", "author": [A("Lake", "Elif")], "issued": Y(2019, 8, 30)},
    {"id": "t-group-author-abbrev", "type": "report", "title": "Water plan", "publisher": "Fen Water Board",
     "author": [{"literal": "Fen Water Board (FWB)"}], "issued": Y(2022)},
    {"id": "t-issue-range", **JOURNAL, "title": "A double number", "issue": "3-4", "author": [A("Orr", "Tomas")],
     "issued": Y(2001)},
    {"id": "t-number-prefixed", "type": "report", "title": "Sluice audit", "number": "No. 5", "publisher": "Fen Board",
     "author": [A("Hale", "Jonah")], "issued": Y(2012)},
    {"id": "t-edition-with-ed", **BOOK, "title": "Fen law", "edition": "2nd ed.", "author": [A("Marsh", "Hana")],
     "issued": Y(1993)},
    {"id": "t-page-prefixed-range", **JOURNAL, "title": "Supplement pages", "page": "S1-S12", "author": [A("Lake", "Elif")],
     "issued": Y(2017)},
    {"id": "t-page-roman-and-arabic", **BOOK, "title": "Front matter", "number-of-pages": "xii, 345",
     "author": [A("Vale", "Ada")], "issued": Y(1988)},
    {"id": "t-bc-range", **BOOK, "title": "Camps on the river", "author": [A("Varro", "Lucan")],
     "issued": {"date-parts": [[-50], [-44]]}},
    {"id": "t-circa-range", **BOOK, "title": "Old maps of the fen", "author": [A("Ashdown", "Jonah")],
     "issued": {"date-parts": [[1850], [1860]], "circa": True}},
    {"id": "t-season-month-range", "type": "article-magazine", "title": "Winter into spring",
     "container-title": "Upland Weekly", "author": [A("Oduya", "Kofi")],
     "issued": {"date-parts": [[2020, 12], [2021, 3]]}},
    {"id": "t-five-authors-chicago", **JOURNAL, "title": "Five hands", "issued": Y(2014),
     "author": [A("Orr", "Tomas"), A("Moss", "Mira"), A("Hale", "Jonah"), A("Lake", "Elif"), A("Vale", "Ada")]},
    {"id": "t-two-authors-same-family", **JOURNAL, "title": "Sister studies", "issued": Y(2015),
     "author": [A("Moss", "Mira"), A("Moss", "Ida")]},
    {"id": "t-prefix-hyphens", **JOURNAL, "title": "A re-examination of non-native eels and x-ray counts",
     "author": [A("Quarry", "Mira")], "issued": Y(2016)},
    {"id": "t-numbers-in-words", **JOURNAL, "title": "A 10-year study of first-order streams after covid-19",
     "author": [A("Trout", "Rui")], "issued": Y(2023)},
    {"id": "t-acronyms", **JOURNAL, "title": "NASA's view of pH and mRNA in fen water on iOS", "author": [A("Moss", "Mira")],
     "issued": Y(2021)},
    {"id": "t-caps-word", **BOOK, "title": "Fens AND rivers: the old maps", "author": [A("Vale", "Ada")],
     "issued": Y(1977)},
    {"id": "t-stop-word-end", **BOOK, "title": "What the fen is made of", "author": [A("Hale", "Jonah")],
     "issued": Y(1989)},
    {"id": "t-colon-stop-word", **BOOK, "title": "Weirs: the history and the future", "author": [A("Lake", "Elif")],
     "issued": Y(1995)},
    {"id": "t-question-subtitle", **JOURNAL, "title": "Dry or wet? a question for the board", "author": [A("Pell", "Ines")],
     "issued": Y(2002)},
    {"id": "t-ordinal-title", **BOOK, "title": "The 2nd report on the 19th-century drains", "author": [A("Rusk", "Pavel")],
     "issued": Y(1990)},
    {"id": "t-entry-encyclopedia-author", "type": "entry-encyclopedia", "title": "Weir",
     "container-title": "Encyclopedia of the fens", "editor": [A("Vale", "Ada")], "author": [A("Hale", "Jonah")],
     "publisher": "Elm Press", "volume": "3", "page": "112–114", "edition": "2", "issued": Y(2008)},
    # Year suffixes: a second author told apart by a given name alone, and one initial with and without its period.
    {"id": "t-suffix-second-given", **JOURNAL, "title": "Reed beds at dawn", "issued": Y(2011),
     "author": [A("Wren", "Ada"), A("Birch", "Lev")]},
    {"id": "t-suffix-second-given-2", **JOURNAL, "title": "Reed beds at dusk", "issued": Y(2011),
     "author": [A("Wren", "Ada"), A("Birch", "Lev K.")]},
    {"id": "t-suffix-initial-period", **BOOK, "title": "Counting coots", "author": [A("Rook", "Tam S.")], "issued": Y(2012)},
    {"id": "t-suffix-initial-period-2", **BOOK, "title": "Counting grebes", "author": [A("Rook", "Tam S")],
     "issued": Y(2012)},
    # Title case at punctuation: the word before a title's first mark, when it is a hyphen; parts after dashes,
    # parentheses and brackets.
    {"id": "t-case-first-hyphen", **JOURNAL, "title": "Fast k-means for reed counts and x-ray scans",
     "author": [A("Wren", "Ada")], "issued": Y(2013)},
    {"id": "t-case-stop-word-hyphen", **JOURNAL, "title": "Counting coots on-line, and off-line",
     "author": [A("Birch", "Lev")], "issued": Y(2014)},
    {"id": "t-case-dash-parens", **BOOK, "title": "Multi–site weirs, TD(lambda) and the (non-)existence of [reed] eels",
     "author": [A("Rook", "Tam S.")], "issued": Y(2015)},
    # Given names as citeproc-js initialises them: abbreviations written with a period, capitals inside a name,
    # lower-case names and parts.
    {"id": "t-initials-abbreviated", **JOURNAL, "title": "Eel ladders", "issued": Y(2016),
     "author": [A("Szabo", "Gy."), A("Hale", "Md. Mostofa Ali"), A("Orr", "Adam St.")]},
    {"id": "t-initials-capitals", **JOURNAL, "title": "Coot ladders", "issued": Y(2017),
     "author": [A("Arai", "HItomi"), A("Lake", "Lorenz. K"), A("Moss", "Dr.Saman")]},
    {"id": "t-initials-lower-case", **JOURNAL, "title": "Grebe ladders", "issued": Y(2018),
     "author": [A("Quill", "jean"), A("Pike", "Ji-woo"), A("Tarn", "J.t.")]},
    # More of citeproc-js's title case (a two-letter word after v, commas inside a word, a lone Greek letter) and
    # pages open at the end or the same at both.
    {"id": "t-case-v-comma-greek", **JOURNAL, "title": "Reed counts v2: estimating q(s,t) and α-diversity",
     "author": [A("Wren", "Ada")], "issued": Y(2019), "page": "574-"},
    {"id": "t-page-same-ends", **JOURNAL, "title": "One page of coots", "author": [A("Birch", "Lev")],
     "issued": Y(2020), "page": "1240-1240"},
    # A language named in full, edition words with capitals after the first, a book title ending in a quotation
    # (HTML keeps the period inside the quote), a period inside a word.
    {"id": "t-language-named", **JOURNAL, "title": "Z-log of the fens: counting [cs.LG] eels", "language": "English",
     "author": [A("Rook", "Tam S.")], "issued": Y(2021)},
    {"id": "t-edition-printing", **BOOK, "title": "Tables of the fens", "edition": "ninth Elm printing, tenth Fen printing",
     "author": [A("Wren", "Ada")], "issued": Y(1972)},
    {"id": "t-title-ends-in-quote", **BOOK, "title": "Eels and \u201cthe long night\u201d", "author": [A("Birch", "Lev")],
     "issued": Y(1999)},
    # Sort keys of one family name with given names in lower case (APA files them first), dropping particles (APA
    # files them before the given name) and particles joined to the family name by an apostrophe or a hyphen
    # (read greedily, as citeproc-js reads them), and a quoted family name (no particle read from it).
    *({"id": f"t-sort-given-{n}", **BOOK, "title": f"Ledger of the fens {n}", "author": [A("Quarry", given)],
       "issued": Y(1990 + n)} for n, given in enumerate(["ke", "bo Anna", "Anna", "Zed van", "\u0141 ukasz", "Zed",
                                                         "Mo", "Bo de la"])),
    *({"id": f"t-sort-particle-{n}", **BOOK, "title": f"Ledger of the reeds {n}", "author": [A(family, given)],
       "issued": Y(1980 + n)} for n, (family, given) in enumerate([
           ("d\u2019Arby", "Sam"), ("Dab", "Sam"), ("d\u2019Arcy-Hale", "Flo"), ("el-Rook", "Ras"), ("Rook", "Ada"),
           ("\"van Dab\"", "Pim"), ("d\u2019 Arby", "Tom"), ("Arby", "Sam"), ("de la Dab", "Ana")])),
    # Titles of one author and year that part at a number (compared by value), a symbol (which files before a
    # space, or after it) or punctuation (ignored); and works whose authors end in "et al." filed with those of
    # the same first authors, by title.
    *({"id": f"t-sort-title-{n}", **BOOK, "title": title, "author": [A("Quarry", "Tam")], "issued": Y(2001)}
      for n, title in enumerate(["Fen counts 10", "Fen counts 2", "Fen counts 2.5", "Fen counts 03",
                                 "Fen counts++: robust", "Fen counts: a survey", "Fen counts $k$ ways",
                                 "Fen counts ~ approximately", "Fen counts = reed counts", "Fen counts #2"])),
    # (With the four-author work in the same year, citeproc-js stops adding names for all four works at the
    # fourth, its first work's number of names, and gives the two longer lists 2002a/b: formats/disambiguate.py.)
    *({"id": f"t-sort-et-al-{n}", **BOOK, "title": title, "issued": Y(year),
       "author": [A("Quarry", "Tam"), A("Orr", "Kit"), A("Hale", "Jo"), *extra]}
      for n, (title, year, extra) in enumerate([
          ("Robust reeds", 2002, []),
          ("High reeds", 2002, [A("Moss", "Ada"), A("Wren", "Lev"), A("Birch", "Ed"), A("Rook", "Al")]),
          ("Many reeds", 2002, []), ("Alder reeds", 2002, [A("Moss", "Ada")])])),
    # One surname and initials with two given names, first of their lists (Chicago author-date prints them as
    # written: "Michael C Tarrant", no period), two that differ only in a period (one name), and an empty list of
    # editors (no editors).
    *({"id": f"t-given-written-{n}", "type": "paper-conference", "container-title": "Proceedings of the Fen Workshop",
       "title": f"Counting in the fens {n}", "issued": Y(2004 + n), "author": [A(*author)],
       "editor": [A(*editor) for editor in editors]}
      for n, (author, editors) in enumerate([
          (("Rook", "Al"), [("Tarrant", "Michael C"), ("Moss", "Ada")]), (("Hale", "Jo"), [("Tarrant", "M. C.")]),
          (("Wren", "Ada"), [("Pardoe", "Durk P")]), (("Orr", "Tam"), [("Pardoe", "Diederik P.")]),
          (("Orr", "Kit"), [("Lark", "Mike C")]), (("Birch", "Lev"), [("Lark", "Mike C.")]), (("Moss", "Ada"), [])])),
    # citeproc-js's disambiguation walk (formats/disambiguate.py). Five works cited alike ("Vale et al., 1931"):
    # the first two alike to the last name stay alike and get 1931a/b; the walk then meets a work told apart from
    # the rest and stops, so the last two, as alike as the first two, get no suffix.
    *({"id": f"t-walk-{n}", **BOOK, "title": title, "issued": Y(1931),
       "author": [A("Vale", given), *(A(family, first) for family, first in others)]}
      for n, (title, given, others) in enumerate([
          ("Weirs at dawn", "Pim", [("Yule", "Ada"), ("Fenn", "Kit")]),
          ("Weirs at dusk", "Pim", [("Yule", "Ada"), ("Fenn", "Kit")]),
          ("Weirs in winter", "Sal", [("Gale", "Ida"), ("Udall", "Tom")]),
          ("Weirs in spring", "Dov", [("Xu", "Lin"), ("Gunn", "Ray")]),
          ("Weirs in summer", "Dov", [("Xu", "Lin"), ("Gunn", "Ray")])])),
    # It adds names only up to the first work's number (three here), so works whose names part later still get
    # 1932a/b; where it does add names, an author-date bibliography prints them too (eight of eleven names).
    *({"id": f"t-walk-stop-{n}", **BOOK, "title": f"Eel counts {n}", "issued": Y(1932),
       "author": [A("Pell", given), *(A(family, "Jo") for family in others)]}
      for n, (given, others) in enumerate([
          ("Ruth", ["Tarn", "Moss"]), ("Sara", ["Cole", "Hale", "Lark"]), ("Sara", ["Dunn", "Hale", "Lark", "Wren"]),
          ("Sara", ["Dunn", "Hale", "Lark", "Birch", "Wren"])])),
    *({"id": f"t-walk-names-{n}", **BOOK, "title": f"Reed census {n}", "issued": Y(1933),
       "author": [A(family, "Kit") for family in
                  ["Tarn", "Moss", "Cole", "Hale", "Lark", "Dunn", "Wren", last, "Birch", "Rook", "Orr"]]}
      for n, last in enumerate(["Pike", "Gale"])),
    # Given names kept whole (Chicago: initialize="false") with a word of one mark in them, as damaged records
    # have them: citeproc-js marks it as an initial ("Pim .." and "Ada `. Lin").
    {"id": "t-given-mark", **BOOK, "title": "Marks in the reeds", "issued": Y(1934),
     "author": [A("Rook", "Pim ."), A("Hale", "Ada ` Lin"), A("Orr", "Kit 2")]},
    # Straight single quotes in title case: a closing quote at the end or before a mark pairs (the word after the
    # opening one is cased), one with text straight after it does not, and the first of a run of such keeps its
    # word as it is; and a report number written with a double hyphen (numeric, a plural label, printed as
    # written).
    *({"id": f"t-quote-held-{n}", **JOURNAL, "title": title, "author": [A("Moss", "Ada")], "issued": Y(1940 + n)}
      for n, title in enumerate(["Weirs that were 'surreal'", "Notes on the 'reed census': a survey",
                                 "The 'long night' of the 'small eels' again", "A 'grey heron' (seen twice)"])),
    {"id": "t-number-double-hyphen", "type": "report", "title": "Cuts in the fen", "number": "95--05",
     "publisher": "Fen Centre", "author": [A("Moss", "Ada")], "issued": Y(1945)},
    # Pages whose ends are an article number and a page ("35:1–35:20", as proceedings number them), or a
    # chapter and a page: no range, one page.
    *({"id": f"t-page-article-{n}", "type": "paper-conference", "title": f"Reed bounds {n}", "page": page,
       "container-title": "Proceedings of the Fen Workshop", "author": [A("Moss", "Ada")], "issued": Y(1946 + n)}
      for n, page in enumerate(["35:1\u201335:20", "4.2-4.7", "12:3-12:9"])),
    {"id": "t-page-article-label", "type": "chapter", "title": "Reed bounds in a book", "page": "35:1-35:20",
     "container-title": "Fen Papers", "editor": [A("Orr", "Kit")], "volume": "235", "publisher": "Elm Press",
     "author": [A("Moss", "Ada")], "issued": Y(1949)},
    # A citation's short names beside other names of the surname that its sort keys render (the name registry):
    # Chicago author-date's keys render a translator, an editor first of the list and a container author, so
    # "(T. Lark 1935)" and "(Tam Lark 1936)"; APA's render only the author, and an editor second of the list
    # counts for neither.
    *({"id": f"t-short-given-{n}", "type": kind, "title": f"Lark songs {n}", "issued": Y(1935 + n),
       "author": [A("Lark", "Tam")], **extra, **({"container-title": "Fen Papers"} if kind == "chapter" else
                                               {"publisher": "Elm Press"})}
      for n, (kind, extra) in enumerate([
          ("book", {"translator": [A("Lark", "Rui")]}),
          ("chapter", {"editor": [A("Lark", "T.")]}),
          ("chapter", {"editor": [A("Orr", "Kit"), A("Lark", "Rui")]}),
          ("chapter", {"container-author": [A("Lark", "Rui")]}),
          ("book", {"author": [A("Lark", "Tam"), A("Lark", "Rui")]})])),
    # Within one item (Chicago notes: givenname-disambiguation-rule by-cite), an author and an editor of one
    # surname and initials: the author's given name as written in every mode.
    {"id": "t-given-written-item", "type": "paper-conference", "container-title": "Proceedings of the Fen Workshop",
     "title": "Counting in the reeds", "issued": Y(2011), "author": [A("Rook", "Al"), A("Tarrant", "Kilian Q")],
     "editor": [A("Tarrant", "K. Q."), A("Moss", "Ada")]},
    # Pages that run backwards (printed whole), a prefixed range written short, pages of two sequences (no range).
    *({"id": f"t-page-odd-{n}", **JOURNAL, "title": f"Odd pages of the fens {n}", "author": [A("Birch", "Lev")],
       "issued": Y(1995 + n), "page": page}
      for n, page in enumerate(["426-425", "1369-1301", "S12-S9", "A1\u2013B4", "e101-e8"])),
    # Straight quotes read as citeproc-js reads them: one opening before a space or a closing one without its pair
    # is an apostrophe (single) or text (double).
    *({"id": f"t-quote-straight-{n}", **JOURNAL, "title": title, "author": [A("Wren", "Ada")], "issued": Y(1980 + n)}
      for n, title in enumerate(["Eels in ' open water' ?", 'How deep is my fen?" The reed-count to the rescue"',
                                 'Counting coots""', "The ' tree-lined' ditches of the fens",
                                 "Don't count the 'best' and 'worst' eels",
                                 # a double one after a parenthesis opens (a held-out record's shape)
                                 'Counting coots ("but for") and eels'])),
    # The same names again (subsequent-author-substitute) ending in an initial: the dash takes the period the
    # initial swallowed, but not before an editor's role ("———. Reed Maps", "———, ed. Reed Tables").
    {"id": "t-dash-initial-0", **BOOK, "title": "Reed maps", "author": [A("Tarn Tarn", "Kit A.")], "issued": Y(2001)},
    {"id": "t-dash-initial-1", **BOOK, "title": "Reed tables", "editor": [A("Tarn Tarn", "Kit A.")], "issued": Y(2012)},
    {"id": "t-dash-initial-2", **BOOK, "title": "Reed notes", "author": [A("Tarn Tarn", "Kit A.")], "issued": Y(2013)},
    # A period or comma of the title's own after a quote inside it stays outside the quote; one the style sets
    # after a quote that ends the title moves inside (en-US punctuation-in-quote), as citeproc-js moves them; a
    # closing quote of the title that closes none of its quotes is text, and the style's quote takes the period.
    *({"id": f"t-quote-own-mark-{n}", **JOURNAL, "title": title, "author": [A("Quarry", "Nell")], "issued": Y(1990 + n)}
      for n, title in enumerate(["A \u2018grey heron\u2019, seen twice", "The \u201clong night\u201d, again",
                                 "About \u2018eels\u2019. A note", "Eels, \u2018the\u2019.",
                                 "A 'grey heron', seen twice", "Was it \u2018surreal\u2019",
                                 # a closing quote that opens the field closes nothing (damaged text, as found)
                                 "\u201dFen water's edge: a threat\u201d", "\u201cFen\u201d water\u201d"])),
    # An opening quote that never closes is text: no quote inside it flips (as citeproc-js pairs quotes).
    *({"id": f"t-quote-unclosed-{n}", **JOURNAL, "title": title, "author": [A("Lark", "Ines")], "issued": Y(1920 + n)}
      for n, title in enumerate(["\u201cReeds \u201cand\u201d eels", "Notes on \u201cfen law: a survey\u201c",
                                 "\u201cReeds \u201cand\u201d eels\u201d", "A \u2018b \u2018c\u2019 d"])),
    # A straight single quote after a parenthesis opens a quotation as one after a space does ("('but for'
    # tests)" -> (“but for” tests)); one that never closes stays straight, and title case keeps the word
    # after it as written ("('tis so)"), as citeproc-js reads "('".
    *({"id": f"t-quote-paren-{n}", **JOURNAL, "title": title, "author": [A("Moss", "Ida")], "issued": Y(1940 + n)}
      for n, title in enumerate(["Causation ('but for') and the law", "Causation ('but for' tests) and the law",
                                 "Eels ('tis so) and reeds", "Eels ('a' and 'b') reeds", "Eels ('a', 'b') reeds"])),
    # Title case reads curly quotes with a state machine of its own (citeproc-js's _textcaseEngine): the word
    # after a quote still open at the end, or displaced by a quote of the other kind, stays as written.
    *({"id": f"t-quote-state-{n}", **JOURNAL, "title": title, "author": [A("Lark", "Ines")], "issued": Y(1930 + n)}
      for n, title in enumerate(["\u2018fen law: a survey", "On \u2018weir \u201cdam\u201d lore",
                                 "The eel\u2019s \u2018long night", "A \u2018grey \u201cheron\u2019 and eel",
                                 "Reeds \u201c\u2018and\u2019 eels", "\u201cweirs\u201d and \u201cthe dams"])),
    # Number fields read as citeproc-js's number parser reads them (formats/numbers.py): numbers joined by "and",
    # "&", ";" or a hyphen (numeric, a plural label, ordinals each), roman ranges, the field's own label written
    # in it (left to cs:label), other labels shown, a subsection's letters ("12a-c") one number.
    *({"id": f"t-number-read-{n}", "type": kind, "title": f"Reed counts {n}", "author": [A("Pardoe", "Ines")],
       "issued": Y(1960 + n), **({"container-title": "Freshwater Quarterly"} if kind == "article-journal" else
                                 {"container-title": "Fen Papers", "publisher": "Elm Press"} if kind == "chapter"
                                 else {"publisher": "Elm Press", "collection-title": "Fen Studies"}), **field}
      for n, (kind, field) in enumerate([
          ("article-journal", {"volume": "3 and 4", "issue": "2"}),
          ("article-journal", {"volume": "12", "issue": "no. 5", "page": "pp. 112-15"}),
          ("article-journal", {"volume": "ii-iv", "issue": "1 & 2", "page": "p. 7"}),
          ("article-journal", {"volume": "I-IV", "page": "12 and 14"}),
          ("report", {"number": "pt. 2, no. 3"}),
          ("report", {"number": "12a-c"}),
          ("report", {"number": "5 and 7-9"}),
          ("book", {"edition": "5 and 7-9"}),
          ("book", {"edition": "2nd rev. ed"}),
          ("book", {"volume": "12; 14", "container-title": "Fen Histories"}),
          ("book", {"number-of-volumes": "1998/6"}),
          ("book", {"collection-number": "12 & 13"}),
          ("chapter", {"chapter-number": "12 and 14", "page": "ch. 4"}),
          ("chapter", {"page": "tr. 2020-07"})])),
    # A number's label is part of a sort key (a role's is not): Chicago's "Fen Proceedings, vol. 6" of a
    # broadcast files after "Fen Proceedings 6: 12–19" of an article of the same names, title and year.
    *({"id": f"t-sort-label-{n}", "type": kind, "title": "Eel runs", "container-title": "Fen Proceedings",
       "volume": "6", "issued": Y(1958), "author": [A("Rook", "Ada")], **extra}
      for n, (kind, extra) in enumerate([("broadcast", {}), ("article-journal", {"page": "12-19"})])),
    # A cs:choose inside a group counts its branch's children one by one: APA's "(testimony of)" group for a
    # hearing with no author has a term and no name, and goes (citeproc-js); with an author it prints.
    *({"id": f"t-group-branch-{n}", "type": "hearing", "title": "Eel weirs on the upper fen", "issued": Y(2010),
       "publisher": "Fen Board", **extra}
      for n, extra in enumerate([{}, {"editor": [A("Wren", "Ida")]}, {"author": [A("Wren", "Ida")]}])),
    # A period inside a word parts it for title case as citeproc-js's tags do: "vs.\\ proving" keeps "vs".
    *({"id": f"t-title-period-part-{n}", **JOURNAL, "title": title, "author": [A("Pell", "Ines")], "issued": Y(2001 + n)}
      for n, title in enumerate(["Finding weirs vs.\\ proving them", "Eels vs.\\ reeds and the fen",
                                 "Eels of\\ the fen"])),
    # Two names the second of which is an institution's are joined by the "and" alone, whatever
    # delimiter-precedes-last says (citeproc-js); an institution first, or three names, keep the delimiter.
    *({"id": f"t-names-institution-second-{n}", **BOOK, "title": f"Weir accounts {n}", "author": people,
       "issued": Y(1971 + n)}
      for n, people in enumerate([[{"literal": "Fen Board"}, {"literal": "Lake Trust"}],
                                  [A("Wren", "Ida"), {"literal": "Lake Trust"}],
                                  [{"literal": "Lake Trust"}, A("Wren", "Ida")],
                                  [A("Wren", "Ida"), A("Rook", "Tam"), {"literal": "Lake Trust"}]])),
    # A work the style prints no entry for (Chicago: an unsigned reference work; APA: an interview) tells no
    # work of its names and year apart in a bibliography: no "2011a" beside it.
    {"id": "t-left-out-apart-0", **BOOK, "title": "Proceedings of the fen meeting", "issued": Y(2011),
     "editor": [A("Hale", "Ros"), A("Birch", "Ned")]},
    {"id": "t-left-out-apart-1", "type": "entry-encyclopedia", "title": "Proceedings of the fen meeting",
     "publisher": "Elm Press", "issued": Y(2011), "editor": [A("Hale", "Ros"), A("Birch", "Ned")]},
    {"id": "t-left-out-apart-2", **BOOK, "title": "Weirs and their keepers", "issued": Y(2016),
     "author": [A("Tarrant", "Moll")]},
    {"id": "t-left-out-apart-3", "type": "interview", "title": "On weirs", "issued": Y(2016),
     "author": [A("Tarrant", "Moll")]},
    # Works alike in names and year are told apart only where their citations are alike: APA cites a bill by
    # its title, so an article of its authors and year takes no "2015a".
    {"id": "t-cited-apart-0", **JOURNAL, "title": "Reed beds and the law", "issued": Y(2015), "author": [A("Pell", "Ada")]},
    {"id": "t-cited-apart-1", "type": "bill", "title": "Reed Beds Act", "issued": Y(2015), "author": [A("Pell", "Ada")],
     "number": "H.R. 12"},
    # A date in a sort key's macro is the date parts its element shows: Chicago author-date's "(month)" after a
    # volume is nothing for a year-only date, so a paper with a volume files after a newspaper article of the
    # same names, year, title and container (citeproc-js), not before.
    *({"id": f"t-sort-date-parts-{n}", "type": kind, "title": "Eel counts", "container-title": "Fen Proceedings",
       "issued": Y(2009), "author": [A("Lark", "Moll")], **extra}
      for n, (kind, extra) in enumerate([("paper-conference", {"volume": "122"}), ("article-newspaper", {})])),
    # The same title with no author, a book (italics) and a talk (quotes): citeproc-js compares citations and
    # names without their quotation marks, so the two take 2006a and 2006b, and the second is dashed in
    # Chicago 17 ("“———.”").
    {"id": "t-title-alike-0", **BOOK, "title": "Proceedings of the reed meeting", "issued": Y(2006),
     "publisher": "Elm Press"},
    {"id": "t-title-alike-1", "type": "speech", "title": "Proceedings of the reed meeting", "issued": Y(2006),
     "publisher": "Elm Press"},
    # An item with a jurisdiction is never title-cased by citeproc-js, whatever its type and language.
    *({"id": f"t-jurisdiction-{n}", "type": kind, "author": [{"family": "Lark", "given": "Enid"}],
       "title": "the drainage of the northern fens", "container-title": "reports of the marsh board",
       "jurisdiction": place, "issued": Y(2004), "publisher": "Elm Press"}
      for n, (kind, place) in enumerate((("book", "us"), ("article-journal", "gb"), ("chapter", "us:ny")))),
    # A page list's first page as citeproc-js takes it (the text before "&", ", " or a dash): a statute at 12 of
    # pages "12, 15". (The part and supplement numbers it prints as written are tested live in test_numbers.py:
    # the schema the corpus is checked against predates them.)
    *({"id": f"t-legislation-page-list-{n}", "type": "legislation", "title": "Fen Drainage Act",
       "container-title": "Marsh Statutes", "page": page, "issued": Y(1998)}
      for n, page in enumerate(("12, 15", "12 & 15", "xii, 15"))),
    # Pairs that tie on author, date and title and part on the source, where citeproc-js keys a number after other
    # text with "undefined" before it ("Fen Histories undefined4" files after "Fen Histories, Elm Press"): a
    # series number, a page range after a publisher or after a container alone, a volume after a title.
    *({"id": f"t-sort-undefined-series-{n}", "type": kind, "author": [{"family": "Quarry", "given": "Lena"}],
       "title": "The reed cutters", "collection-title": "Fen Histories", "collection-number": "4",
       "publisher": "Elm Press", "issued": Y(2015)} for n, kind in enumerate(("book", "interview", "report"))),
    *({"id": f"t-sort-undefined-pages-{n}", "type": "paper-conference", "author": [{"family": "Pell", "given": "Ada"}],
       "title": "Counting eels by sound", "container-title": "Proceedings of the Fen Meeting", "page": "4508-4515",
       "issued": Y(2019), **extra} for n, extra in enumerate(({}, {"publisher": "Elm Press"}, {"volume": "2"}))),
    *({"id": f"t-sort-undefined-volume-{n}", "type": kind, "author": [{"family": "Rook", "given": "Tam"}],
       "title": "Marsh ledgers", "container-title": "Marsh Papers", "volume": "12", "issue": "3", "page": "45-67",
       "issued": Y(2011)} for n, kind in enumerate(("article-journal", "chapter", "article-magazine"))),
    # A nickname in quotes closes the given name: the stop after the names goes inside the quote ("Pip.”"), and
    # the same author's next entry is still dashed ("———.").
    {"id": "t-nickname-last-0", "type": "webpage", "author": [{"family": "Tarrant", "given": "Ansel “Pip”"}],
     "title": "Notes from the fen gauge", "issued": Y(2019), "URL": "https://example.org/fen"},
    {"id": "t-nickname-last-1", **BOOK, "author": [{"family": "Tarrant", "given": "Ansel “Pip”"}],
     "title": "Notes from the fen gauge", "issued": Y(2019), "publisher": "Elm Press"},
    # citeproc-js keys what a macro holding a date of its own renders by its dates alone: a patent's "Patent GB
    # 88, issued ..." by its date (so it files before a report of the same author, title and year), an undated
    # work's "n.d." and a date in words not at all.
    *({"id": f"t-key-macro-date-{n}", "type": kind, "author": [{"literal": "Tarrant Drainage Board"}],
       "title": "Sluice gate trials", "number": "GB 88", "issued": {"date-parts": [[1995, 1]]}, "language": "en",
       **extra} for n, (kind, extra) in enumerate((("report", {"publisher": "Tarrant Drainage Board"}),
                                                   ("standard", {}), ("patent", {})))),
    *({"id": f"t-key-literal-date-{n}", **BOOK, "author": [{"family": "Wren", "given": "Hal"}], "title": title,
       "publisher": "Elm Press", **extra} for n, (title, extra) in enumerate(
        (("Zander weirs", {"issued": {"literal": "early 1800s"}}), ("Alder carr", {}),
         ("Mere banks", {"issued": {"literal": "late 1700s"}})))),
    # A number variable keyed by its first whole number wherever it stands ("III/41c" as 41), as citeproc-js: one
    # author's editorials of a year, told apart by their volumes alone.
    *({"id": f"t-key-volume-{n}", "type": "article-journal", "author": [{"family": "Lark", "given": "Esme"}],
       "title": "Editorial", "container-title": "Fen Notes", "issued": Y(2001), "volume": volume}
      for n, volume in enumerate(("III/41c", "Suppl. 2", "iv", "7"))),
    # Title case parts a word at a semicolon, and opens a subtitle after a colon, "?" or "!" inside a word, as
    # citeproc-js: "Space;Semi-Colon", "Why?The Fen".
    *({"id": f"t-title-joined-marks-{n}", "type": "article-journal", "author": [{"family": "Moss", "given": "Ivo"}],
       "title": title, "container-title": "Fen Notes", "issued": Y(2020)} for n, title in enumerate(
        ("space;semi-colon and space\\;thin space", "why?the fen floods", "drain!of course", "version:the second",
         "gauges;iPhone readings", "rain’iPad logs"))),
    # A curly opening quote and a straight closing one do not pair in citeproc-js: the straight one is an
    # apostrophe, so the title is no quotation and the period after it stays outside ("… Here’.").
    *({"id": f"t-quote-straight-close-{n}", "type": kind, "author": [{"family": "Hale", "given": "Rosa"}],
       "title": title, "container-title": "Fen Herald", "issued": Y(2024)} for n, (kind, title) in enumerate(
        (("article-newspaper", "Pell: ‘We Won't Drain Here'"), ("webpage", "Reeds ‘Rock 'n' Roll'"),
         ("article-journal", "‘It's the Mere', said Orr")))),
    # The title's last word is capitalised when a stop word, wherever a tag parts it from what goes before (a
    # bracket, a quote joined to the word, one that never closes), but not after a quote that closes nothing
    # ("marsh’of"); and a curly quote a straight one cannot close keeps the word after it as written.
    *({"id": f"t-title-last-stop-{n}", "type": "article-journal", "author": [{"family": "Pell", "given": "Ada"}],
       "title": title, "container-title": "Fen Notes", "issued": Y(2019)} for n, title in enumerate(
        ("who the fens belong (to)", "the end‘of", "notes on the ‘fen of", "a sluice “and", "marsh’of",
         "why ‘fens' matter", "‘it's the mere' and more", "the reeds 'of"))),
    # A group keeps citeproc-js's flag of what it tried, which a macro inside it that prints nothing replaces with
    # its own: Chicago's "on" stands after a broadcast's date where the network's macro takes an empty branch
    # (an event title, no network), not where it tries the place.
    *({"id": f"t-group-tried-{n}", "type": "broadcast", "title": "Night on the fen", "issued": Y(2001, 5, 2),
       **extra} for n, extra in enumerate((
           {"author": [A("Vale", "Ann")], "event-title": "Marsh Week"}, {"event-title": "Marsh Week"},
           {"author": [A("Vale", "Ann")], "event": "Marsh Week"}, {"author": [A("Vale", "Ann")], "publisher-place": "Fenton"},
           {"event-title": "Marsh Week", "publisher": "Fen Radio"}))),
    # A term an entry or a note opens with is capitalised (citeproc-js's term_predecessor), never in an in-text
    # citation: "(N.d.)." for a work with neither author nor title, "In Fen Annals" opening a chapter's note.
    {"id": "t-term-first-journal", "type": "article-journal", "container-title": "Fen Annals", "volume": "15",
     "page": "613-634"},
    {"id": "t-term-first-chapter", "type": "chapter", "container-title": "Fen Annals", "page": "3-9", "issued": Y(2007)},
    {"id": "t-term-first-book", "type": "book", "publisher": "Marsh Press", "publisher-place": "Fenton"},
    # Names as citeproc-js reads their script: a family name with no romanesque letter and a Latin given name
    # (family then initials, no comma), a name of an item in Chinese or Japanese (language as written), a Hangul
    # name whole, Thai initials, and given names it leaves as written (no romanesque first letter, an en dash, a
    # lower-case first word with the space before it).
    *({"id": f"t-name-script-{n}", "type": "book", "title": "Notes on the mere", "issued": Y(1990 + n), **extra}
      for n, extra in enumerate((
          {"author": [{"family": "于凌波", "given": "Y. L."}]},
          {"author": [{"family": "Wang", "given": "Xiaoming"}, A("Li", "Hua")], "language": "zh"},
          {"author": [{"family": "Nakamura", "given": "Akira"}], "language": "ja-JP"},
          {"author": [{"family": "Wang", "given": "Xiaoming"}], "language": "ZH"},
          {"author": [{"family": "김", "given": "민수"}, {"family": "शर्मा", "given": "Ravi"}]},
          {"author": [{"family": "สมชาย", "given": "ใจดี"}]},
          {"author": [A("Vale", "• Hale"), A("Orr", "(Hrsg.: W.")]},
          {"author": [A("Moss", "J.–A."), A("Rook", "- Y")]},
          {"author": [A("Wren", "Ian")], "translator": [A("Birch", "trad.")]},
          {"author": [A("Lark", "émile"), A("Pell", "é. Anna")]}))),
    # Title case's last word is the last with letters in it: a trailing "-" or "..." is no word, and a bracket
    # after a stop word does not hide it.
    *({"id": f"t-title-last-letters-{n}", "type": "book", "author": [A("Tarn", "Ivo")], "title": title,
       "issued": Y(2010 + n)} for n, title in enumerate(
        ("notes on the fen [et al.]", "the weir [of]. -", "notes of. -", "notes of ...", "what the reeds are for -"))),
    # A tag citeproc-js does not read is text: the period after it is printed, and a key files its "<" as a symbol.
    {"id": "t-unread-tag-title", **JOURNAL, "author": [A("Hale", "Ida")], "issued": Y(1997),
     "title": "Counting wild geese <italic>(Anser anser).</italic>"},
    *({"id": f"t-unread-tag-order-{n}", "type": kind, "author": [A("Quarry", "Ann")], "issued": Y(1991),
       "title": "Weirs of the last fen", "container-title": "<italic>Fen Reviews</italic>", "volume": "10",
       "page": "297-317"} for n, kind in enumerate(("article-journal", "song"))),
    # A title ending in a comma inside its own quotes takes no second comma in a note.
    {"id": "t-title-comma-quoted", **JOURNAL, "author": [A("Wren", "Ian")], "issued": Y(2008),
     "title": "Orr and Hale, “Change in the fen with age,”"},
    # HTML writes superscript characters as <sup> of their base, as citeproc-js does ("1<sup>a</sup>", "m<sup>2</sup>").
    {"id": "t-superscript-chars", **JOURNAL, "author": [A("Lark", "Ivo")], "issued": Y(2012),
     "title": "Reed growth per m² in the Fen™, 1ª parte"},
    # A title in quotes standing for the names of two works in a row: the dash goes inside its quotes, its text
    # as printed (an apostrophe in it), and a question mark's swallowed period comes back ("“———.”").
    *({"id": f"t-title-dash-{n}-{kind}", "type": kind, "title": title, "container-title": "Fen Proceedings",
       "volume": "53", "page": "309-325", "issued": Y(1987)}
      for n, title in enumerate(("Houses at 'Ain Marsh, Fenland", "How long does the weir hold?",
                                 "Houses of the “fen”"))
      for kind in ("article-journal", "manuscript")),
    # An item with a jurisdiction is title-cased nowhere, its labels neither ("(eds.)").
    {"id": "t-jurisdiction-label", "type": "chapter", "title": "Weir rights", "container-title": "Fen law",
     "editor": [A("Vale", "Ian"), A("Orr", "Ada")], "author": [A("Moss", "Kit")], "jurisdiction": "uk", "issued": Y(1959)},
    # A literal date prints where its date shows the year, nowhere else; a raw date is read as citeproc-js reads it.
    *({"id": f"t-literal-date-{n}", "type": kind, "title": "Notes on the weir", "author": [A("Tarn", "Ivo")],
       "container-title": "Fen Times", "publisher": "Marsh Press", "issued": {"literal": literal}}
      for n, (kind, literal) in enumerate((("book", "forthcoming"), ("post", "n.d."), ("song", "Spring 1999"),
                                           ("article-newspaper", "in press")))),
    *({"id": f"t-raw-date-{n}", "type": "book", "title": "Notes on the weir", "author": [A("Pardoe", "Ann")],
       "issued": {"raw": raw}}
      for n, raw in enumerate(("2006-02", "1999-05-02/2001", "Spring 1999", "May 1870", "1999-2001",
                               "May 1870 to June 1871", "forthcoming"))),
    # A group's delimiter merges into the mark a child ends with, by citeproc-js's punctuation table: "? II", not "?: II".
    *({"id": f"t-delimiter-merge-{n}", "type": kind, "title": "Why do weirs hold?", "author": [A("Rook", "Ida")],
       "issued": Y(1996), **extra} for n, (kind, extra) in enumerate((
           ("hearing", {"number": "Rep. 44-B"}), ("interview", {"volume-title": "II", "page": "101-108"}),
           ("book", {"volume-title": "The levels!", "volume": "2"})))),
    # A title standing in for the names is compared by its value as recorded (citeproc-js's rendered_name): in
    # quotes, in italics or left in its own case (an item in French) it is the same title; an entry printing no
    # names between two such leaves the last one compared as it was.
    *({"id": f"t-title-dash-recorded-{n}", "type": kind, "title": "Reeds of the outer weir", "issued": Y(1950 + n),
       **extra} for n, (kind, extra) in enumerate((("dataset", {}), ("legislation", {}), ("musical_score", {}),
                                                  ("book", {"language": "fr"}), ("article-journal", {})))),
    # APA cites a treaty by its title though it has authors: its whole citation is compared, so it is told apart
    # from a bill cited alike ("Weir, n.d.-a") and from a work whose literal date is "n.d." ("n.d.b").
    *({"id": f"t-cited-by-title-{n}", "type": kind, "title": "Of the outer weir", "title-short": "Weir", **extra}
      for n, (kind, extra) in enumerate((("treaty", {"author": [A("Lark", "Ivo")]}), ("bill", {}),
                                         ("musical_score", {"issued": {"literal": "n.d."}})))),
    # Private-use characters (a PDF's unmapped glyphs) are a record's text, printed as they are: none is read as
    # one of the formatter's own marks (quotes, rich text, parentheses).
    {"id": "t-private-use-chars", "type": "book", "author": [A("Pe\ue010ll", "Ivo\ue000")], "issued": Y(1966),
     "title": "Counts \ue000of reeds\ue001 \ue020in\ue021 the \ue014fen\ue015", "publisher": "Marsh Press"},
    # A short form given its initials to tell it from another name of its surname is the long form, suffix and
    # all: "(T. Wrenfield Jr. et al. 1919)"; with comma-suffix, "T. Wrenfield, Jr.".
    *({"id": f"t-short-given-suffix-{n}", "type": "graphic", "title": "Why reeds matter", "issued": Y(1919 + n),
       "author": [{"family": "Wrenfield", "given": "T.", "suffix": "Jr.", **extra}, A("Moss", "J. R."), A("Orr", "Kit")],
       "translator": [{"family": "Wrenfield", "given": "É.", "non-dropping-particle": "van der"}]}
      for n, extra in enumerate(({}, {"comma-suffix": True}))),
    # citeproc-js registers the names a work's citation and sort keys reach on the branches its type takes (and
    # those its own entry prints): an article's guest is never reached, so "(Quillfeather 2002)"; a broadcast's is.
    *({"id": f"t-registry-branch-{n}", "type": kind, "title": "Weirs and their keepers", "issued": Y(2002 + n),
       "author": [A("Quillfeather", "Tam")], "guest": [A("Quillfeather", "Jean")], "container-title": "Fen Radio"}
      for n, kind in enumerate(("article-journal", "broadcast", "interview"))),
    # A name written as a family name alone and the same written as a literal name print alike, and citeproc-js
    # compares them as printed: one author, told apart by year suffixes (2011a-c), dashed in a bibliography.
    *({"id": f"t-literal-or-family-{n}", "type": kind, "title": f"Notes on the {topic}", "issued": Y(2011),
       "author": [author]}
      for n, (kind, topic, author) in enumerate((("report", "sluice", {"literal": "Fenwatch"}),
                                                 ("report", "weir", {"family": "Fenwatch"}),
                                                 ("book", "reed bed", {"family": "Fenwatch"})))),
    # APA cites a song by its composer before its author: a song Tarrant composed (its lyricist another) and a
    # book Tarrant wrote, in one year, are "(Tarrant, 1977a)" and "(Tarrant, 1977b)".
    {"id": "t-composer-cited-0", "type": "song", "title": "Song of the heron", "issued": Y(1977),
     "composer": [A("Tarrant", "Ivo")], "author": [A("Pardoe", "Kit")], "container-title": "Fen Airs"},
    {"id": "t-composer-cited-1", "type": "book", "title": "Eels of the fen", "issued": Y(1977),
     "author": [A("Tarrant", "Ivo")], "publisher": "Marsh Press"},
    # Names are compared as recorded, not as printed, before the dash: a work in Chinese prints its author's
    # names in their own order, without a comma ("Quarry Lin"), and is still the same author as "Quarry, Lin".
    *({"id": f"t-dash-names-order-{n}", "type": "book", "title": f"On {topic}", "issued": Y(1961 + n),
       "author": [A("Quarry", "Lin")], "publisher": "Marsh Press", **extra}
      for n, (topic, extra) in enumerate((("reed", {}), ("sedge", {"language": "zh"}), ("rush", {})))),
    # A field that opens with stops ("...And", "!Kai") has them moved out of its quotes and formatting, and printed
    # twice where the style changes its case (citeproc-js's output queue); words of stops alone before a title's
    # first word leave it its capital ("... And the Fen").
    *({"id": f"t-leading-stops-{n}", "type": kind, "title": title, "author": [A(f"Pell{'ow' * n}", "Ivo")],
       "issued": Y(1993),
       "publisher": "Marsh Press", **extra}
      for n, (kind, title, extra) in enumerate((
          ("book", "...And forgive them their debts", {}),
          ("chapter", "... and the fen", {"container-title": "?Why fens: essays", "page": "3-9"}),
          ("article-journal", "!Kai and the weir", {"container-title": ". . . Fen Notes", "volume": "4"}),
          ("book", "— of reeds", {})))),
    # A title with no letter of a script that sets italics (Chinese, Japanese, Korean, or dots alone) is printed
    # upright, as citeproc-js prints it.
    *({"id": f"t-upright-{n}", "type": kind, "title": title, "author": [A(f"Hale{'ow' * n}", "Tam")],
       "issued": Y(2004),
       **extra}
      for n, (kind, title, extra) in enumerate((
          ("book", "论语注疏", {"language": "zh", "publisher": "中华书局"}),
          ("article-journal", "Fen notes", {"container-title": "東洋学報", "volume": "12"}),
          ("book", "...", {"publisher": "Marsh Press"})))),
    # A short form given initials to tell it from another name of its surname keeps the order of the item's
    # language: "Wrenfield K. L.-Orr" in a treaty in Chinese.
    {"id": "t-short-given-ordered", "type": "treaty", "title": "Why reeds matter", "language": "zh",
     "author": [A("Wrenfield", "K. L."), A("Orr", "Ian")], "performer": [A("Wrenfield", "Mara")],
     "issued": Y(1908), "publisher": "Fen Press"},
    # A title standing in for the names that ends in a question mark had taken the period after it; the dash
    # takes its place with the period back: "———. In Fen Annals".
    *({"id": f"t-dash-question-{n}", "type": kind, "title": "Why do reeds bend?", "issued": Y(1971 + n),
       "container-title": "Fen Annals", "publisher": "Marsh Press"} for n, kind in enumerate(("graphic", "map"))),
    # citeproc-js's title case reads the first ’ after an opening ‘ as its closing quote, so an apostrophe between
    # letters inside a quotation starts a word: "Sing ‘We’Re All Here’", "On ‘d’Un’ Matter"; "‘Keeper’s’" keeps its s.
    *({"id": f"t-quoted-apostrophe-{n}", "type": "article-journal", "title": title, "author": [A("Lark", "Tam")],
       "issued": Y(1966 + n), "container-title": "Fen Annals"}
      for n, title in enumerate(("Why the wardens sing ‘we’re all here’ at dusk", "On ‘d’un’ matter of reeds",
                                 "‘Keeper’s’ notes and ‘tam’s’ sluices"))),
    # The names a host stands in for an author with are compared as recorded too: "Quenby Ros, host" (a work in
    # Chinese) and then "Quenby, Ros" are one person, dashed.
    {"id": "t-dash-host-0", "type": "manuscript", "title": "Weir songs", "host": [A("Quenby", "Ros")],
     "language": "zh", "issued": Y(1931), "archive": "Fen Record Office"},
    {"id": "t-dash-host-1", "type": "report", "author": [A("Quenby", "Ros")], "title": "Weir tables",
     "issued": Y(1932), "publisher": "Marsh Press"},
    # Names printed after something else an entry opens with (a treaty's parties after its title) are not compared
    # for the dash: "Marsh Accord, Lowbridge, 1950", not "Marsh Accord, ———, 1950", after a book by the same party.
    *({"id": f"t-dash-after-title-{n}", "type": kind, "title": title, "author": [A("Lowbridge", "Ivo")],
       "issued": Y(1940 + 10 * n), **extra}
      for n, (kind, title, extra) in enumerate((
          ("book", "Alder and the weir", {"publisher": "Marsh Press"}),
          ("treaty", "Marsh accord", {"container-title": "Fen Annals", "volume": "3"}),
          ("book", "Zeal of the weir", {"publisher": "Marsh Press"})))),
    # Straight quotes as citeproc-js's tag reader takes them: one straight after another opening quote or a
    # formatting tag opens too (a .bib's ''Fen'' typed for ``Fen'' is a quotation in a quotation), quotes of one
    # kind nest, and one left open after another is printed with a space of its own ("’ ’").
    *({"id": f"t-straight-run-{n}", "type": kind, "title": title, "author": [A("Wrayburn", "Tam")],
       "issued": Y(1981 + n), "container-title": "Fen Annals", "publisher": "Marsh Press"}
      for n, (kind, title) in enumerate((
          ("chapter", "Elaborating the ''fen institutionalism''"), ("article-journal", "On \"'weir'\" rights"),
          ("book", "Notes on <i>'sedge'</i>"), ("chapter", "On 'reeds 'and' rushes' at dusk"),
          ("article-journal", "The '' weir and the ''' sluice"), ("book", "On '''pike''' at dusk"),
          ("chapter", "On <b>\"rush\"</b> beds"), ("book", "On '\"eels\"' at dusk")))),
    # capitalize-first (Chicago's publisher) reads a word up to a hyphen, a slash or a stop too: "weir-Verlag" is
    # "Weir-Verlag", "eMarsh Books" keeps its case.
    *({"id": f"t-capitalize-first-{n}", "type": "book", "title": "Sedge tables", "author": [A("Quenby", "Tam")],
       "issued": Y(1991 + n), "publisher": publisher}
      for n, publisher in enumerate(("weir-Verlag", "eMarsh Books", "fen/weir press"))),
    # (Where one such run follows another in a field, citeproc-js's reader shifts spaces between them ("and“ ‘
    # “pike"): not followed, and not in the corpus.)
    # Names registered as the bibliography prints them: parties Chicago author-date cites by a treaty's title
    # are told apart only from those printed before them ("Wrenfield", then "Gus Wrenfield"), whether the
    # titles are alike or not; a name some citation prints is registered before any entry.
    *({"id": f"t-listed-given-{n}", "type": kind, "title": title, "author": [A(family, given)],
       "issued": Y(year)}
      for n, (kind, title, family, given, year) in enumerate((
          ("treaty", "Wrenfield pact", "Wrenfield", "Flo", 1952), ("treaty", "Wrenfield pact", "Wrenfield", "Gus", 1952),
          ("treaty", "Wrenfield pact", "Wrenfield", "Hal", 1952), ("treaty", "Mossbury pact", "Mossbury", "Flo", 1953),
          ("treaty", "Mossbury pact II", "Mossbury", "Gus", 1953), ("treaty", "Halloway pact", "Halloway", "Flo", 1954),
          ("book", "Halloway's reeds", "Halloway", "Gus", 1955)))),
    # capitalize-first passes over brackets, dashes, opening quotes and formatting before the first word ("(Fen)
    # press", "“Fen” press"), but leaves it as written after a straight quote or one that never closes.
    *({"id": f"t-capitalize-first-mark-{n}", "type": "book", "title": "Sedge tables", "author": [A("Quenby", "Tam")],
       "issued": Y(1961 + n), "publisher": publisher}
      for n, publisher in enumerate(("(weir) press", "[weir] press", "“weir” press", "‘weir press", "'weir' press",
                                     "\"weir\" press", "<i>weir</i> press", "-weir press", "‘“weir’ press",
                                     "(“weir”) press", "‘weir’s press’"))),
    # A straight quote that opens a field, or opens straight after a parenthesis, is a closing quote to
    # citeproc-js's title case, which leaves the word after it as written ('"fen" and "weir"' -> “fen” and “Weir”).
    *({"id": f"t-straight-start-{n}", "type": kind, "title": title, "author": [A("Wrayburn", "Ivo")],
       "issued": Y(1971 + n), "container-title": "Fen Annals", "publisher": "Marsh Press"}
      for n, (kind, title) in enumerate((
          ("book", "\"weir\" notes"), ("article-journal", "\"weir\" and \"sedge\""), ("book", "notes (\"weir pike\") at dusk"),
          ("chapter", "\"why count weirs?\": reeds at dusk"), ("book", "\"weir 'pike' sluice\" notes")))),
    # citeproc-js's title case keeps one stack of curly and straight quotes: a straight pair opening inside a
    # curly quote displaces it (the word after the curly one as written, the one in the pair cased: "The ‘reed
    # “Bed” Problem’"), and a straight ' with text straight after it is text, no quote.
    *({"id": f"t-quote-stack-{n}", "type": kind, "title": title, "author": [A("Wrayburn", "Oda")],
       "issued": Y(1931 + n), "container-title": "Fen Annals", "publisher": "Marsh Press"}
      for n, (kind, title) in enumerate((
          ("article-journal", "The ‘reed \"bed\" problem’ revisited"), ("book", "The “reed 'bed' problem” revisited"),
          ("chapter", "On ‘weir \"pike\"’ at dusk"), ("article-journal", "The \"reed ‘bed’ problem\" revisited"),
          ("book", "‘fen \"weir\" notes’ again"), ("chapter", "Notes “on 'the' weir” at dusk"),
          ("article-journal", "A ‘fen’ and \"weir\" study"), ("book", "Sluice \"one ‘two’\" three")))),
    # Title case's last word is the last run between tags, digits too: "(v2.0)" ends on "0", so "v2" (which the
    # skip-word pattern "v." matches) is not capitalised as a last word; nor is "ve" after an apostrophe that
    # closes a quote ("‘I’ve"); a quote mark out of place before the last word with no tag between leaves it
    # as cased ("Hollerin’ about"), one with a tag between does not ("Notes’ - Of").
    *({"id": f"t-last-run-{n}", "type": kind, "title": title, "author": [A("Lowbridge", "Pim")],
       "issued": Y(1941 + n), "container-title": "Fen Annals", "publisher": "Marsh Press"}
      for n, (kind, title) in enumerate((
          ("report", "The sluice checklist (v2.0)"), ("book", "Sluice tables v1.2.3"), ("article-journal", "The sluice (v2)"),
          ("article-journal", "‘I’ve been to the weir’: fen notes"), ("chapter", "Fen notes: ‘you’ve no rights.’ He ran"),
          ("webpage", "A sluice worth hollerin’ about"), ("article-journal", "Fen notes’ of"),
          ("book", "Fen notes’ - of"), ("article-journal", "Fen (notes’ of)"), ("chapter", "Fen ’notes of")))),
    # A "?", "!" or ":" opens a subtitle past the tags after it (a dash, a quote, dots): "King? - A Rejoinder",
    # "Feel?’ A Review" (citeproc-js's afterPunct, kept until a word).
    *({"id": f"t-after-mark-{n}", "type": kind, "title": title, "author": [A("Quenby", "Rui")],
       "issued": Y(1951 + n), "container-title": "Fen Annals", "publisher": "Marsh Press"}
      for n, (kind, title) in enumerate((
          ("article-journal", "Is the weir king? - a rejoinder"), ("chapter", "‘How do sluices feel?’ a review"),
          ("book", "What is a fen? ... and why count reeds"), ("article-journal", "Fen notes! “the” survey"),
          ("book", "Fen notes?… the survey")))),
    # Records from bibliographic databases: a suffix of an initial ("Choi, M, " is BibTeX's suffix M) takes the
    # style's initials mark; a title's own period after a question mark stays ("What next?. [Review]"); page
    # ranges with letters after a number, as citeproc-js's page-range mangler reads them.
    *({"id": f"t-database-{n}", **JOURNAL, "title": title, "page": page, "author": authors, "issued": Y(2001 + n)}
      for n, (title, page, authors) in enumerate((
          ("Reed counts in fens", "509a-510a", [A("Wrayburn", "Ivo"), {"family": "Quenby", "suffix": "M"}]),
          ("What next?. [Review]", "109a-113", [A("Wrayburn", "Oda", suffix="Ph.D.")]),
          ("Why count weirs?. [German]", "101a-108", [{"family": "Quenby", "suffix": "S"}]),
          ("Sluice gates!. A survey", "509-510a", [A("Lowbridge", "Pim", suffix="III"), A("Hale", "Jo")]),
          ("Weir heights", "2169a-2181a", [A("Lowbridge", "Ada", suffix="Jr")])))),
    # Works whose short notes print alike (two records of one paper): a note style's bibliography prints the
    # names the short notes needed to tell them apart.
    *({"id": f"t-notes-alike-{n}", **JOURNAL, "title": title, "issued": Y(1990),
       "author": [A(family, given) for family, given in zip(
           ["Wrayburn", "Quenby", "Hale", "Orr", "Moss", "Vale", "Lowbridge", "Wren", "Orr", "Hale", "Moss", "Vale"],
           ["Ivo", "Tam", "Jo", "Ida", "Flo", "Pim", "Ada", "Gus", "Hal", "Oda", "Kit", "Rui"][:count])][:count]
       + ([A(last, "Kit")] if last else [])}
      for n, (title, count, last) in enumerate((
          ("Reed beds of the lower fen", 4, "Vale"), ("Reed beds of the lower fen", 4, "Wren"),
          ("Reed beds of the lower fen", 4, "Vale"), ("Reed beds of the lower fen", 11, None),
          ("Sluices of the upper fen", 8, "Vale"), ("Sluices of the upper fen", 8, "Wren"),
          ("Sluices of the upper fen", 12, None)))),
    # Short notes alike told apart by a given name (records of one paper with "Ivo J" and "Ivo J."): the
    # bibliography prints the name the walk needed whole as written ("Ivo J", "Y.-T."), the others as the style
    # initialises them; names told apart by their number, not their given names, print as the style does.
    *({"id": f"t-given-told-{n}", **JOURNAL, "title": title, "issued": Y(1993),
       "author": [A(family, given) for family, given in people]}
      for n, (title, people) in enumerate((
          ("Weirs of the east fen", [("Wrayburn", "Ivo J"), ("Wren", "Gus")]),
          ("Weirs of the east fen", [("Wrayburn", "Ivo J."), ("Wren", "Gus")]),
          ("Keepers of the sluice", [("Quenby", "Y.-T."), ("Hale", "S.-T.")]),
          ("Keepers of the sluice", [("Quenby", "Yun-Ting"), ("Hale", "Sun-Tai")]),
          ("Songs of the reed cutters", [("Orr", "Ida"), ("Moss", "Flo K"), ("Vale", "Pim")]),
          ("Songs of the reed cutters", [("Orr", "Ida"), ("Moss", "Flo K."), ("Vale", "Pim")]),
          ("Songs of the reed cutters", [("Orr", "I."), ("Moss", "F. K."), ("Vale", "P.")]),
          ("Eels of the west fen", [("Lowbridge", "Ada M"), ("Wren", "Gus"), ("Hale", "Jo"), ("Orr", "Hal")]),
          ("Eels of the west fen", [("Lowbridge", "Ada M"), ("Wren", "Gus"), ("Hale", "Jo"), ("Orr", "Hal"),
                                    ("Moss", "Kit T")])))),
    # One surname recorded with a straight and a curly apostrophe prints alike ("O’Quenby") but is not the same
    # names to the 3-em dash (citeproc-js compares the names as recorded).
    *({"id": f"t-apostrophe-names-{n}", **JOURNAL, "title": title, "issued": Y(1961 + n),
       "author": [A(family, "Rui")]}
      for n, (title, family) in enumerate((
          ("Weir songs", "O'Quenby"), ("Sluice songs", "O’Quenby"), ("Reed songs", "O’Quenby"),
          ("Eel songs", "O'Quenby")))),
    # Supplement pages whose prefix opens with a digit ("2S37-2S42"): printed as written, hyphen and all, but in
    # a range format that drops the repeated prefix ("2S37–42"), and only running forward; a backward range
    # keeps its prefix in every format ("S42–S37").
    *({"id": f"t-supplement-pages-{n}", **JOURNAL, "page": page, "issued": Y(1971 + n),
       "title": "Reed counts in supplements", "author": [A("Hale", "Jo")]}
      for n, page in enumerate(("2S37-2S42", "1A2-1A9", "2S137-2S42", "2S42-2S37", "2S37-2S37", "12AB5-12AB9",
                                "S42-S37", "3s1–3s12"))),
    # Straight quotes citeproc-js's quote parser pairs with nothing ("'weir'-": the second reads as an apostrophe)
    # still open a quote for its title case when another follows (the word is cased); a double quote opening
    # straight after another leaves the word to be cased too, one after a single quote or opening the title not.
    *({"id": f"t-unpaired-quotes-{n}", "type": kind, "title": title, "author": [A("Wren", "Gus")],
       "issued": Y(1981 + n), "container-title": "Fen Annals", "publisher": "Marsh Press"}
      for n, (kind, title) in enumerate((
          ("article-journal", "The 'weir'- a survey"), ("book", "A 'weir'-b notes"),
          ("chapter", "The 'weir gate'- a survey"), ("article-journal", "The 'weir'-gate 'reed'-bed"),
          ("book", "Fen 'weir's notes"), ("article-journal", "The 'of'- a survey"), ("report", "'weir'- a survey"),
          ("article-journal", "The 'weir'] notes"), ("article-journal", "Fen 'weir notes"),
          ("book", "The \"\"fen\"\" notes"), ("article-journal", "The \"'fen'\" notes"),
          ("chapter", "The \"\"fen weirs\"\""), ("article-journal", "The (\"\"fen\"\") notes"),
          ("book", "\"\"fen\"\" notes")))),
    # A space before ":" (";", "?", "!") is a narrow no-break space to citeproc-js, no separator in a sort key:
    # "Fen Annals : Journal of …" files after "Fen Annals 12", records of one paper otherwise alike.
    *({"id": f"t-narrow-space-{n}", "type": "article-journal", "title": title, "container-title": container,
       "volume": volume, "issue": "3", "page": "201-219", "author": [A("Lowbridge", "Ida")], "issued": Y(1996)}
      for n, (title, container, volume) in enumerate((
          ("Eel ladders", "Fen Annals : Journal of the Marsh Society", "13"), ("Eel ladders", "Fen Annals", "12"),
          ("Sluice keepers : a survey", "Marsh Papers", "4"), ("Sluice keepers 2 survey", "Marsh Papers", "4"),
          ("Reed cutters ; notes", "Marsh Papers", "5"), ("Reed cutters notes", "Marsh Papers", "5")))),
]


def corpus() -> list[dict]:
    rng = random.Random(12)
    return EDGES + combined(rng, 280)


def main() -> int:
    text = json.dumps(corpus(), ensure_ascii=False, indent=1) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {len(corpus())} items", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
