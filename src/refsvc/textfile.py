"""The text files refsvc is given (manifest, papers, .bib): UTF-8, within a size limit, a failure located."""
from __future__ import annotations

from pathlib import Path

from refsvc.errors import RefsvcError
from refsvc.model import Source


def read(path: Path, label: str, error: type[RefsvcError], limit: int) -> str:
    """The file's text.

    Raises:
        error: it cannot be read, is larger than limit bytes, is binary, or is not UTF-8 (with the line of
            the first byte that is not).
    """
    try:
        if path.stat().st_size > limit:
            raise error(f"larger than the limit of {limit / 2**20:g} MB", source=Source(label, 0))
        raw = path.read_bytes()
    except OSError as e:
        raise error(f"cannot read: {e.strerror or e}", source=Source(label, 0)) from e
    return decode(raw, label, error, limit)


def decode(raw: bytes, label: str, error: type[RefsvcError], limit: int) -> str:
    """Bytes read from label as text, refused as read() refuses them."""
    if len(raw) > limit:
        raise error(f"larger than the limit of {limit / 2**20:g} MB", source=Source(label, 0))
    if b"\0" in raw:
        raise error("a binary file, not text", source=Source(label, raw[: raw.index(b"\0")].count(b"\n") + 1))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise error(f"not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8",
                    source=Source(label, line)) from e
