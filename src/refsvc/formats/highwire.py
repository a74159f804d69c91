"""Highwire Press citation_* meta tags, which Google Scholar indexes and Zotero's Embedded Metadata reads.

Written from the Zotero item the CSL item is (formats.zotero.item) with the tags Embedded Metadata takes each
field and the type from (formats.zotero.HIGHWIRE_*). Where the Connector finds COinS on the page too, COinS
decides what it saves; these tags serve every other reader.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from refsvc.formats import zotero


def tags(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, content) pairs for <meta> tags, in the order Google Scholar's guidelines list them."""
    z = zotero.item(item)
    kind = z["itemType"]
    out = [("citation_title", z.get("title", ""))]
    primary = zotero.PRIMARY_CREATOR.get(kind, "author")
    out += [("citation_author", author(p)) for p in z["creators"] if p["creatorType"] == primary]
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    if parts and parts[0]:
        out.append(("citation_publication_date", "/".join([str(parts[0])] + [f"{int(p):02d}" for p in parts[1:3]])))
    for field, tag in zotero.highwire_fields(kind).items():
        if field not in ("title", "date") and z.get(field):
            out.append((tag, z[field]))
    if z.get("pages"):
        first, _, last = z["pages"].partition("–")
        out.append(("citation_firstpage", first))
        if last:
            out.append(("citation_lastpage", last))
    return [(name, str(value)) for name, value in out if value]


def markup(pairs: Iterable[tuple[str, str]]) -> str:
    """The tags as HTML, one <meta> a line, every name and content escaped."""
    return "".join(f'<meta name="{html.escape(name)}" content="{html.escape(content)}">\n' for name, content in pairs)


def author(person: Mapping[str, str]) -> str:
    """A citation_author value that Embedded Metadata splits back into the same name.

    It reads "Last, First" at the first comma (so a particle stays in the last name), but takes a value whose
    two sides of the comma both hold a space for a list of authors ("Coello Coello, Carlos A."): a closing ";"
    makes the value a list of one. An institution is written "Name," so that it stays one last name rather
    than being cut at its last space; one whose name holds a comma cannot be kept whole.
    """
    if "name" in person:
        return person["name"] if "," in person["name"] else person["name"] + ","
    value = ", ".join(x for x in (person["lastName"], person["firstName"]) if x)
    return value + ";" if " " in person["lastName"] and " " in person["firstName"] else value
