"""The text files refsvc is given (manifest, papers, .bib): UTF-8, within a size limit, a failure located;
libraries from other tools in whatever encoding they were saved in; files written whole or not at all."""
from __future__ import annotations

import fcntl
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import charset_normalizer

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


def decode_any(raw: bytes, label: str, error: type[RefsvcError], limit: int) -> tuple[str, str]:
    """(text, encoding) of bytes in any encoding: UTF-8 (a BOM dropped) when they are, else the encoding
    charset-normalizer finds most likely, preferring among near-equal guesses the reading whose words keep to
    one script (GBK read as Korean mixes Hangul and Han inside words).

    Raises:
        error: larger than limit, binary, or no encoding reads it.
    """
    if len(raw) > limit:
        raise error(f"larger than the limit of {limit / 2**20:g} MB", source=Source(label, 0))
    if b"\0" in raw:
        raise error("a binary file, not text", source=Source(label, raw[: raw.index(b"\0")].count(b"\n") + 1))
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guesses = list(charset_normalizer.from_bytes(raw))
    if not guesses:
        raise error("not text in any encoding refsvc knows", source=Source(label, 0))
    least = min(g.chaos for g in guesses)
    near = [g for g in guesses if g.chaos <= least + 0.1]
    best = min(near, key=lambda g: (_script_switches(str(g)), _COMMON.get(g.encoding, len(_COMMON)), g.chaos))
    return str(best), best.encoding


# Encodings in the order files in them are met, to choose between readings a short file leaves equal
_COMMON = {name: rank for rank, names in enumerate([
    ("cp1252", "latin_1", "iso8859_15"), ("gb18030", "gbk", "gb2312"), ("shift_jis", "cp932", "euc_jp"),
    ("big5", "big5hkscs"), ("cp949", "euc_kr"), ("cp1251", "koi8_r"), ("cp1250", "iso8859_2"),
    ("cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258")]) for name in names}


def _script_switches(text: str) -> int:
    switches = 0
    for word in re.findall(r"[^\W\d_]{2,}", text):
        scripts = [unicodedata.name(c, "?").split()[0] for c in word]
        switches += sum(a != b for a, b in zip(scripts, scripts[1:]))
    return switches


def write_atomic(path: Path, text: str) -> None:
    """Write text to path so that a reader sees the old file or the new one, never half of either."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


@contextmanager
def write_lock(folder: Path) -> Iterator[None]:
    """Held while one writer changes a library's inputs and rebuilds it: writers from any process or thread
    wait their turn (an advisory lock on folder/.refsvc-write.lock, released if the process dies)."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".refsvc-write.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def pdf_text(raw: bytes, label: str, error: type[RefsvcError]) -> str:
    """The text layer of a PDF (pypdf), pages apart by a blank line; line ends as the PDF has them (extract
    joins an entry's lines and the words broken across them).

    Raises:
        error: not a PDF pypdf can read, or a PDF with no text layer (a scan: run OCR first).
    """
    import io

    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (pypdf.errors.PdfReadError, ValueError, KeyError) as e:
        raise error(f"not a PDF refsvc can read: {e}", source=Source(label, 0)) from e
    text = "\n\n".join(pages)
    if not text.strip():
        raise error("the PDF has no text layer (a scan?): run OCR on it, or give the text as a .txt file",
                    source=Source(label, 0))
    return text
