"""[Reference] -> [Work]: cluster normalised references that name the same work, and explain each merge.

Candidates come from blocking (DOI, URL, first author + year, opening title words, one article's place) and a
sorted neighbourhood over titles, so the number of comparisons grows with n log n, not n² (`blocking`). Each
candidate pair is compared field by field on what `features` reads of each record (`compare`); clusters grow
only by records that match them, and a merge is kept with the scores that justified it (`clusters`); a work's
record takes each field by a rule (`merge`).
"""
from refsvc.dedupe.blocking import candidate_pairs
from refsvc.dedupe.clusters import Grouping, dedupe, group
from refsvc.dedupe.merge import merge_record

__all__ = ["Grouping", "candidate_pairs", "dedupe", "group", "merge_record"]
