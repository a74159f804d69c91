"""What a signed-in user changes from the browser or the API: each write takes the library's write lock,
changes refs/ (a decision, an imported library), rebuilds the library and is logged with who and what."""
from __future__ import annotations

import tempfile
from pathlib import Path

from refsvc import accounts, libraries, papers, pipeline, textfile
from refsvc.accounts import User


def decide(refs: Path, database: Path, user: User, command: str, *names: str) -> int:
    """Record user's decision (merge, reject or split) and rebuild; the number of decisions recorded.

    Raises:
        DecisionError: a name is no work or record, or the command cannot apply; nothing changed.
    """
    with textfile.write_lock(refs):
        made, _ = pipeline.decide(refs, database, user.name, command, *names)
        accounts.log(accounts.path_for(database), user.name, f"{command} {' '.join(names)}")
    return made


def import_library(refs: Path, database: Path, user: User, filename: str, data: bytes) -> libraries.Imported:
    """Import an uploaded library and rebuild.

    Raises:
        ParseError: the upload is not a library refsvc can read; nothing changed.
    """
    name = Path(filename or "upload.bib").name or "upload.bib"
    with textfile.write_lock(refs), tempfile.TemporaryDirectory() as folder:
        upload = Path(folder) / name
        upload.write_bytes(data)
        done = libraries.import_file(refs, upload)
        pipeline.build(refs, database)
        accounts.log(accounts.path_for(database), user.name,
                     f"import {name}: {done.entries} entries" + ("" if done.added else " (imported before)"))
    return done


def add_paper(refs: Path, database: Path, user: User, filename: str, data: bytes,
              given: dict[str, str]) -> pipeline.Added:
    """Add an uploaded paper (text or PDF): what the form gives (title, authors one per line, year, style,
    id) over what the paper's opening shows; extract and rebuild.

    Raises:
        ManifestError: the paper cannot be read, or something it needs is neither given nor in it;
        ExtractError: it has no reference section. Nothing is written in either case.
    """
    text = pipeline.paper_text(data, filename or "upload")
    guess = papers.guess(text)
    authors = [a.strip() for a in given.get("authors", "").splitlines() if a.strip()] or list(guess.get("authors", []))
    year = int(given["year"]) if given.get("year", "").isdigit() else guess.get("year")
    entry: dict[str, object] = {"title": given.get("title", "").strip() or guess.get("title", ""),
                                "authors": authors, "year": year or 0}
    if given.get("style"):
        entry["style"] = given["style"]
    paper_id = given.get("id", "").strip() or papers.suggested_id(authors, int(year or 0))
    with textfile.write_lock(refs):
        added = pipeline.add_paper(refs, database, text, filename or "upload", paper_id, entry)
        accounts.log(accounts.path_for(database), user.name, f"add paper {paper_id} ({filename})")
    return added
