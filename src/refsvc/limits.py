"""Explicit limits on what refsvc reads and serves: past them, a clear refusal rather than a slow page.

Each is far above what a real paper, library or request needs (README "Limits and security").
"""
from __future__ import annotations

MAX_PAPERS = 1_000  # papers in one manifest
MAX_PAPER_BYTES = 5 * 1024 * 1024  # one paper's text (a long book is ~2 MB)
MAX_BIB_BYTES = 64 * 1024 * 1024  # one .bib file (the 22,600-entry conference file is 37 MB)
MAX_ENTRIES = 100_000  # entries in one .bib file
MAX_FIELD_CHARS = 20_000  # one field value (a long abstract is ~5,000)
MAX_REQUEST_BYTES = 64 * 1024  # a request body that is not an upload (a list to parse: ~300 references)
MAX_UPLOAD_BYTES = MAX_BIB_BYTES  # a library uploaded by a signed-in editor
MAX_QUERY_STRING = 4_096  # the query string of a request URL
MAX_CITE_WORKS = 200  # works one /api/cite request formats (an editor cites a handful at a time)
LEFT_OUT_NAMED = 50  # works a response header names as left out of a bibliography (the count says how many)
KEPT_PER_THREAD = 10_000  # works formatted and pages rendered a server thread keeps (a page ~5 KB: ~50 MB at most)
FORMAT_ALONE_UP_TO = 1_000  # works a build formats in its own process; more are shared among the CPUs' processes
