"""COinS (OpenURL ContextObjects in Spans): the title of a <span class="Z3988">, which the Zotero Connector saves
from a page before any other metadata on it.

Written from the Zotero item the CSL item is (formats.zotero.item) with the keys Zotero's own reader takes each
field from (formats.zotero.COINS_KEYS), so that what Zotero saves is that item less what OpenURL cannot say.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from refsvc.formats import zotero


def encode(item: Mapping[str, Any]) -> str:
    """The item as an OpenURL 1.0 ContextObject query string (the span's title attribute, before escaping)."""
    z = zotero.item(item)
    kind = z["itemType"]
    fmt, genre = zotero.coins_format(kind)
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}")]
    if genre:
        # Dublin Core has no genre; Zotero's reader takes rft.type there as the item type itself
        pairs.append(("rft.type" if fmt == "dc" else "rft.genre", genre))
    if item.get("DOI"):  # for link resolvers too where the Zotero type has no DOI field (a report)
        pairs.append(("rft_id", f"info:doi/{item['DOI']}"))
    if str(z.get("url", "")).startswith(("http://", "https://")):
        pairs.append(("rft_id", z["url"]))
    for field, key in zotero.coins_keys(kind).items():
        if z.get(field):
            pairs.append((f"rft.{key}", z[field]))
    if z.get("pages") and fmt == "journal":
        # for link resolvers; Zotero keeps rft.pages, which comes first
        first, _, last = z["pages"].partition("–")
        pairs += [("rft.spage", first), ("rft.epage", last)]
    if z.get("date"):
        pairs.append(("rft.date", z["date"]))
    primary = zotero.PRIMARY_CREATOR.get(kind, "author")
    for person in z["creators"]:
        if person["creatorType"] != primary:
            continue  # OpenURL names authors only
        if "name" in person:
            pairs.append(("rft.aucorp", person["name"]))  # kept whole: rft.au would be split into two names
        else:
            # last name first: after an rft.aucorp, Zotero's reader would give a lone aufirst to the institution
            pairs += [("rft.aulast", person["lastName"]), ("rft.aufirst", person["firstName"])]
    return urlencode([(k, v) for k, v in pairs if v])
