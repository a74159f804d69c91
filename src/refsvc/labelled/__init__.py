"""Reading a printed reference: the tagger labels its spans, rules that hold for any style take apart and put
together what the model ran together or cut, and the spans become a BibTeX entry (`entry.read`).

One module for each kind of field the rules read — `authors`, `titles`, `containers`, `venues` (proceedings,
books, publishers), `numbers`, `links` — beside the text before labelling (`text`), what the rules share
(`spans`) and the entry itself (`entry`, which applies the rules in their order).
"""
from refsvc.labelled.entry import (
    LOW_CONFIDENCE, Entry, confidence_of, confidence_text, read, read_all, with_repeated_authors,
)
from refsvc.labelled.text import REPEATED_AUTHOR_RE, plain, split_list

__all__ = ["LOW_CONFIDENCE", "REPEATED_AUTHOR_RE", "Entry", "confidence_of", "confidence_text", "plain", "read",
           "read_all", "split_list", "with_repeated_authors"]
