"""Who may write: users with hashed passwords, API tokens, and the log of every write.

Kept in a SQLite file of its own beside the library (the library is rebuilt whole; accounts are not).
Passwords are hashed by werkzeug.security (scrypt, salted), the hashing Flask's own stack ships; an API
token is 32 random bytes shown once and stored as its SHA-256, as a server stores keys it only compares.
"""
from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from refsvc.errors import RefsvcError

ROLES = ("editor", "viewer")  # an editor writes; a viewer is known but may only read
WRITERS = ("editor",)
NAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")
MIN_PASSWORD = 10
SCHEMA = """
CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, password TEXT NOT NULL, role TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (digest TEXT PRIMARY KEY, name TEXT NOT NULL REFERENCES users (name), created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS activity (n INTEGER PRIMARY KEY, who TEXT NOT NULL, at TEXT NOT NULL, what TEXT NOT NULL);
"""


class AccountError(RefsvcError): ...


@dataclass(frozen=True)
class User:
    name: str
    role: str

    @property
    def writes(self) -> bool:
        return self.role in WRITERS


def path_for(database: Path) -> Path:
    """The accounts file of a library: accounts.sqlite beside it."""
    return database.parent / "accounts.sqlite"


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30)
    try:
        conn.executescript(SCHEMA)
        with conn:
            yield conn
    finally:
        conn.close()


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def add_user(path: Path, name: str, password: str, role: str = "editor") -> User:
    """Raises AccountError: a bad name or role, a short password, or the name is taken."""
    if not NAME_RE.match(name):
        raise AccountError(f"user name {name!r}: 1–64 letters, digits and _ . @ -")
    if role not in ROLES:
        raise AccountError(f"role {role!r}: one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    with _connect(path) as conn:
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise AccountError(f"there is a user {name!r} already")
        conn.execute("INSERT INTO users VALUES (?, ?, ?, ?)", (name, generate_password_hash(password), role, _now()))
    return User(name, role)


def login(path: Path, name: str, password: str) -> User | None:
    """The user when name and password match, else None (the same answer for an unknown name)."""
    with _connect(path) as conn:
        row = conn.execute("SELECT password, role FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        check_password_hash(generate_password_hash("x"), password)  # the same time either way
        return None
    return User(name, row[1]) if check_password_hash(row[0], password) else None


def create_token(path: Path, name: str) -> str:
    """A new API token for name, returned once; only its digest is kept."""
    token = secrets.token_urlsafe(32)
    with _connect(path) as conn:
        if not conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise AccountError(f"there is no user {name!r}: refsvc user add {name}")
        conn.execute("INSERT INTO tokens VALUES (?, ?, ?)", (_digest(token), name, _now()))
    return token


def user_for_token(path: Path, token: str) -> User | None:
    with _connect(path) as conn:
        row = conn.execute("SELECT u.name, u.role FROM tokens t JOIN users u USING (name) WHERE t.digest = ?",
                           (_digest(token),)).fetchone()
    return User(*row) if row else None


def log(path: Path, who: str, what: str) -> None:
    with _connect(path) as conn:
        conn.execute("INSERT INTO activity (who, at, what) VALUES (?, ?, ?)", (who, _now(), what))


def activity(path: Path, limit: int = 200) -> list[tuple[str, str, str]]:
    """(who, when, what) of the latest writes, newest first."""
    with _connect(path) as conn:
        return conn.execute("SELECT who, at, what FROM activity ORDER BY n DESC LIMIT ?", (limit,)).fetchall()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
