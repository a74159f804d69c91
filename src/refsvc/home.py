"""A library's folder, the user's choice (`--home DIR`, `$REFSVC_HOME`, else the current folder), and where it
keeps its parts: refs/ (papers, imported libraries, decisions: the source) and instance/ (the library file,
accounts and the session key: made from the source and by the server)."""
from __future__ import annotations

import os
from pathlib import Path

from refsvc.errors import InputError

REFS = Path("refs")
DATABASE = Path("instance") / "refsvc.sqlite"
README = """# A refsvc library

- `refs/papers/`: the papers (text or PDF) and `papers.json`, their manifest; `refsvc add FILE --title … --author …
  --year …` adds one.
- `refs/libraries/`: BibTeX, RIS or CSL-JSON libraries; `refsvc import FILE` adds one.
- `refs/decisions.json`: what editors decided about duplicates.
- `instance/`: the library file `refsvc build` makes from `refs/` (rebuilt whole each time), accounts, the
  server's session key. Back up `refs/` and `instance/accounts.sqlite`; the library file can be rebuilt.

Every command runs on this folder from anywhere with `--home` or `$REFSVC_HOME`:
`refsvc --home . build`, `refsvc --home . serve`, `REFSVC_HOME=. gunicorn -w 2 'refsvc.web:create_app()'`.
"""


def folder(given: str | Path | None = None) -> Path:
    """The library's folder: given, else $REFSVC_HOME, else the current folder."""
    return Path(given if given is not None else os.environ.get("REFSVC_HOME") or ".")


def refs(home: Path) -> Path:
    """The source folder: $REFSVC_REFS when set, else home/refs."""
    return Path(os.environ["REFSVC_REFS"]) if os.environ.get("REFSVC_REFS") else home / REFS


def database(home: Path) -> Path:
    """The library file: $REFSVC_DB when set, else home/instance/refsvc.sqlite."""
    return Path(os.environ["REFSVC_DB"]) if os.environ.get("REFSVC_DB") else home / DATABASE


def init(home: Path) -> list[Path]:
    """Make a library folder at home (refs/papers, refs/libraries, instance, README.md); the paths made.

    Raises:
        InputError: home is a file, or already holds a library's source or file.
    """
    if home.exists() and not home.is_dir():
        raise InputError(f"{home} is a file, not a folder")
    taken = [p for p in (home / REFS / "papers" / "papers.json", home / DATABASE) if p.exists()]
    taken += [p for p in (home / REFS / "libraries",) if p.is_dir() and any(p.iterdir())]
    if taken:
        raise InputError(f"{home} already holds a library ({taken[0]}); nothing was changed")
    made = []
    for path in (home / REFS / "papers", home / REFS / "libraries", home / DATABASE.parent):
        if not path.is_dir():
            path.mkdir(parents=True)
            made.append(path)
    readme = home / "README.md"
    if not readme.exists():
        readme.write_text(README, encoding="utf-8")
        made.append(readme)
    return made
