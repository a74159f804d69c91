"""Journal names and their abbreviations (the packaged table derived from JabRef's lists), shared by the stage
that reads printed references and the one that normalises records."""
from __future__ import annotations

import csv
import functools
import gzip
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from refsvc.errors import NormaliseError
from refsvc.folding import venue
from refsvc.model import Source


@dataclass(frozen=True)
class JournalNames:
    """Journal name variants -> canonical names."""

    canonical: Mapping[str, str]

    def lookup(self, name: str) -> str:
        """The full name of a journal printed abbreviated ("Am J Kidney Dis", "J. Peace Res."); any other name
        as printed, since a full name may also be a namesake's ("The Nation": a weekly in New York, a daily in
        Lahore)."""
        key = name_key(name)
        full = self.canonical.get(key)
        return full if full is not None and name_key(full) != key else name


def load_journal_names(text: str | None = None) -> JournalNames:
    """Journal names: by default the packaged table derived from JabRef's abbreviation lists
    (scripts/build_journal_names.py); or, given text, a CSV of variants (canonical,variant,kind,source) that
    cites a source for each.

    Raises:
        NormaliseError: a CSV row lacks a canonical name, a variant or its source.
    """
    if text is None:
        return _packaged_journal_names()
    table: dict[str, str] = {}
    for lineno, row in enumerate(csv.DictReader(io.StringIO(text)), 2):
        missing = next((name for name in ("canonical", "variant", "source") if not (row.get(name) or "").strip()), None)
        if missing:
            raise NormaliseError("every journal variant needs canonical, variant and source",
                                 source=Source("journals.csv", lineno), field=missing)
        table[name_key(row["variant"])] = row["canonical"]
        table[name_key(row["canonical"])] = row["canonical"]
    return JournalNames(MappingProxyType(table))


@functools.cache
def _packaged_journal_names() -> JournalNames:
    """Read once per process and never changed after (a read-only mapping): every request shares it."""
    data = gzip.decompress(resources.files("refsvc").joinpath("data/journal-names.tsv.gz").read_bytes())
    table: dict[str, str] = {}
    for line in data.decode("utf-8").splitlines():
        full, *variants = line.split("\t")
        for name in (full, *variants):
            table[name_key(name)] = full
    return JournalNames(MappingProxyType(table))


@functools.lru_cache(maxsize=1 << 16)  # a list names its journals again and again
def name_key(name: str) -> str:
    """A name folded for lookup: ASCII, lower case, words only, "&" read as "and", no leading article; what a
    database adds after " : " or in brackets ("… : the official journal of …", "BMJ (Clinical research ed.)")
    left out."""
    words = venue(name).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)
