"""Publishers' names (the packaged list derived from AnyStyle's labelled references by
scripts/build_publisher_names.py), for the stage that reads printed references: a short name after a title's
comma ("Snuff, Penguin, 2006.") or at a proceedings' end ("…, ACM, 2019") is a firm's where the list has it."""
from __future__ import annotations

import functools
from importlib import resources

from refsvc.folding import venue


def name_key(name: str) -> str:
    """A name folded for lookup: ASCII, lower case, words only, "&" read as "and"."""
    return " ".join(venue(name).split())


@functools.cache
def _packaged() -> frozenset[str]:
    """Read once per process and never changed after: every request shares it."""
    text = resources.files("refsvc").joinpath("data/publisher-names.txt").read_text(encoding="utf-8")
    return frozenset(name_key(line) for line in text.splitlines() if line.strip())


def known(name: str) -> bool:
    """Whether name, as printed ("Penguin", "Cambridge University Press", "ACM"), is a publisher's in the list."""
    key = name_key(name.strip(" .,;:()[]"))
    return bool(key) and key in _packaged()
