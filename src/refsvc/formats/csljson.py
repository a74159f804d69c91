"""CSL-JSON: the items as Zotero imports them (File → Import), ids the work ids."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from refsvc.errors import InputError
from refsvc.model import Source

NAME = "csl-json"
LABEL = "CSL-JSON"
MEDIA_TYPE = "application/vnd.citationstyles.csl+json"
EXTENSION = "json"
# The item types of CSL 1.0.2 (its schema's "type" enum).
TYPES = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
    "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
    "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
    "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard",
    "thesis", "treaty", "webpage",
})
# The BibTeX field a record read from CSL-JSON or RIS, or a paper's manifest entry, names its CSL type in:
# BibTeX's entry types cannot tell a dataset, a film or a journal article published on a day from others.
TYPE_FIELD = "x-csl-type"


def render(items: Sequence[Mapping[str, Any]]) -> str:
    """The items as a CSL-JSON array, in the order given."""
    return json.dumps([dict(item) for item in items], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read(text: str, label: str) -> list[dict[str, Any]]:
    """The items of a CSL-JSON text as given (an array, or Zotero's {"items": [...]}), each with an id and a
    type, ids unique.

    Raises:
        InputError: not JSON, not a list of items, or an item without an id or type or with a repeated id;
            the message names the line or the item.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"not JSON: {e.msg}", source=Source(label, e.lineno)) from None
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InputError(f"{label}: not CSL-JSON: an array of items (or {{\"items\": [...]}}) was expected")
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        where = f"{label}: item {n}"
        if not isinstance(item, dict):
            raise InputError(f"{where}: not an object")
        for name in ("id", "type"):
            if not isinstance(item.get(name), (str, int)) or item.get(name) == "":
                raise InputError(f"{where}: {name}: missing (every CSL-JSON item has an id and a type)")
        key = str(item["id"])
        if key in seen:
            raise InputError(f"{where}: id: {key!r} is the id of an earlier item")
        seen.add(key)
    return [dict(item, id=str(item["id"])) for item in items]
