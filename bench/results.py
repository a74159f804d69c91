"""bench/RESULTS.md: each benchmark writes its own section, between its start and end marks."""
from __future__ import annotations

import os
import struct
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().with_name("RESULTS.md")


def write_section(report: str, start: str, end: str) -> None:
    """Replace the section between start and end (report includes both marks), or add it at the end."""
    text = RESULTS.read_text(encoding="utf-8")
    if start in text:
        text = text[: text.index(start)] + report + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + report + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def publish(report: str, start: str, end: str, write: bool) -> int:
    """Print a benchmark's report and, with write (--write), put it in its section; the exit status."""
    print(report)
    if write:
        write_section(report, start, end)
    return 0


def one_core() -> None:
    """Keep this process on one core from now on, so that a figure "on one core" is one, whatever threads a
    library might start."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def fresh_seconds(run: Callable[[], object]) -> float:
    """Seconds run() takes in a forked copy of this process, which is thrown away after: each timing starts from
    what the process held before it, so that what refsvc keeps from one read (names, journal keys, words) helps
    only within that read, never a later timing of the same file."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        os.close(read)
        started = time.perf_counter()
        run()
        os.write(write, struct.pack("<d", time.perf_counter() - started))
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(child, 0)
    if status != 0 or len(data) != 8:
        raise RuntimeError("a timed run failed in its forked process")
    return float(struct.unpack("<d", data)[0])
