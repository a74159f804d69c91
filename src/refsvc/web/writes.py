"""What a signed-in user changes from the browser or the API: each write takes the library's write lock,
changes refs/ (a decision, an imported library), rebuilds the library and is logged with who and what."""
from __future__ import annotations

import tempfile
from pathlib import Path

from refsvc import accounts, decisions, libraries, pipeline, store, textfile
from refsvc.accounts import User


def decide(refs: Path, database: Path, user: User, command: str, *names: str) -> int:
    """Record user's decision (merge, reject or split) and rebuild; the number of decisions recorded.

    Raises:
        DecisionError: a name is no work or record, or the command cannot apply; nothing changed.
    """
    with textfile.write_lock(refs):
        with store.open_library(database) as conn:
            works = store.load(conn).works
        made = decisions.decide(command, works, user.name, decisions.now(), *names)
        decisions.record(refs, made)
        pipeline.build(refs, database)
        accounts.log(accounts.path_for(database), user.name, f"{command} {' '.join(names)}")
    return len(made)


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
