"""Read documents in child processes, each bounded in time and memory, several at once.

A hostile or pathological file (a decompression bomb, a layout a reader handles slowly) must
neither hang a batch nor take the machine's memory, whatever the reader does with it. So each
file is read in its own child process whose address space is capped (``RLIMIT_AS``) and which
is killed when it overruns the time limit; the parent only ever receives a finished extraction
or a reason. Children are forked from a server process that has already imported the readers,
so one starts in milliseconds; one runs per core. Results come back in the order the files were
given, whatever order the children finish in, so a load is deterministic.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from graph.child_main import MAIN_PATH_VARIABLE
from loaders.errors import UnreadableDocument
from loaders.limits import FILE_MEMORY_LIMIT_BYTES, FILE_TIME_LIMIT_SECONDS
from loaders.records import Extraction

Key = TypeVar("Key")

_CONTEXT = multiprocessing.get_context("forkserver")
# Imported once by the fork server, so every child starts with the readers loaded and their
# shared indexes built (graph.reader_server). A child also runs the parent's main script again
# to set itself up (seconds, for the CLI) unless the fork server's main module already names
# that script; preloading "__main__" would arrange it but does nothing in Python 3.11 (the
# server is asked for "main_path", which is never given), so graph.child_main does it from the
# path left here.
_CONTEXT.set_forkserver_preload(["graph.child_main", "graph.reader_server"])
_main_path = getattr(sys.modules["__main__"], "__file__", None)
if _main_path is not None:
    os.environ[MAIN_PATH_VARIABLE] = os.path.normpath(os.path.abspath(_main_path))


# Reading files and building graphs is background work: on a machine that also serves people,
# the server's readers come first (with both cores taken by readers of a load, even its cached
# answers waited ~130 ms each).
BACKGROUND_NICENESS = 10


def run_in_background() -> None:
    """Lower this process's CPU priority to :data:`BACKGROUND_NICENESS` (never raise it)."""
    current = os.nice(0)
    if current < BACKGROUND_NICENESS:
        os.nice(BACKGROUND_NICENESS - current)


@dataclass(frozen=True)
class Limits:
    """What one file may use while it is read."""

    seconds: float = FILE_TIME_LIMIT_SECONDS
    memory_bytes: int = FILE_MEMORY_LIMIT_BYTES
    workers: int = max(1, len(os.sched_getaffinity(0)))


@dataclass(frozen=True)
class Job:
    """One file to read: the name it is stored and reported under, and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class Outcome:
    """What reading one file gave: an extraction, or the reason there is none."""

    extraction: Extraction | None = None
    reason: str | None = None
    # the file's text as the reader saw it (graph.source_text.encode), kept for the source pages
    source_text: bytes | None = None
    # the most memory the child held while reading (resident, bytes), when it lived to say
    peak_memory_bytes: int | None = None


def extract_in_order(
    items: Iterable[tuple[Key, Job | None]], limits: Limits | None = None
) -> Iterator[tuple[Key, Outcome | None]]:
    """Read every job in a bounded child process, yielding ``(key, outcome)`` in input order.

    An item without a job (a file already decided, such as one skipped) passes through with
    ``None``. Items are taken lazily, a few ahead of the one yielded, so a long batch never has
    more than a handful of files in memory.
    """
    limits = limits or Limits()
    pending = iter(items)
    window: deque[_Slot[Key]] = deque()
    exhausted = False
    while True:
        while not exhausted and len(window) < 2 * limits.workers and _running(window) < limits.workers:
            try:
                key, job = next(pending)
            except StopIteration:
                exhausted = True
                break
            window.append(_Slot(key, job, limits))
        if not window:
            return
        if window[0].outcome is not None or window[0].child is None:
            slot = window.popleft()
            yield slot.key, slot.outcome
            continue
        _wait_for_any([s for s in window if s.outcome is None and s.child is not None])


def _running(window: deque[_Slot[Key]]) -> int:
    return sum(1 for slot in window if slot.child is not None and slot.outcome is None)


class _Slot(Generic[Key]):
    """One item of the window: its child process while it runs, then its outcome."""

    def __init__(self, key: Key, job: Job | None, limits: Limits) -> None:
        self.key = key
        self.limits = limits
        self.outcome: Outcome | None = None
        self.child: Any = None
        if job is None:
            return
        receiver, sender = _CONTEXT.Pipe(duplex=False)
        self.connection: Connection = receiver
        self.child = _CONTEXT.Process(
            target=_read_in_child, args=(sender, job.name, job.content, limits.memory_bytes, limits.seconds),
            daemon=True,
        )
        self.child.start()
        sender.close()  # the child holds the only writing end: its exit is seen as end of file
        self.deadline = time.monotonic() + limits.seconds

    def check(self) -> None:
        """Take the child's answer if it has one, or stop it if it died or ran out of time."""
        if self.outcome is not None or self.child is None:
            return
        if self.connection.poll():
            try:
                self.outcome = _outcome(self.connection.recv())
            except (EOFError, OSError):
                self.outcome = self._died()
        elif not self.child.is_alive():
            self.outcome = self._died()
        elif time.monotonic() >= self.deadline:
            self.child.kill()
            self.outcome = Outcome(
                reason=f"took longer than the limit of {self.limits.seconds:g} s per file and was "
                "stopped; split it into smaller files"
            )
        if self.outcome is not None:
            self.child.join()
            self.child.close()
            self.connection.close()

    def _died(self) -> Outcome:
        self.child.join()
        code = self.child.exitcode
        return Outcome(reason=f"the reader stopped unexpectedly (exit status {code}); nothing was stored")


def _wait_for_any(slots: list[_Slot[Key]]) -> None:
    now = time.monotonic()
    timeout = max(0.0, min(slot.deadline for slot in slots) - now)
    wait([s.connection for s in slots] + [s.child.sentinel for s in slots], timeout)
    for slot in slots:
        slot.check()


def _outcome(message: tuple[Any, ...]) -> Outcome:
    kind, value, *text, peak = message
    if kind == "extraction":
        return Outcome(extraction=Extraction.from_json(value), source_text=text[0], peak_memory_bytes=peak)
    return Outcome(reason=str(value), peak_memory_bytes=peak)


def _read_in_child(sender: Connection, name: str, content: bytes, memory_bytes: int, seconds: float) -> None:
    """The child's whole life: cap its memory, read the file, send the extraction or a reason."""
    # imported here: the fork server preloads it, and the parent never needs the readers
    from graph.source_text import encode, source_entries
    from loaders.extract import extract_blocks
    from loaders.readers import read_bytes

    run_in_background()
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    peak_before = _peak_address_space()
    # a second guard, kept by the kernel: a child left running by a killed loader stops anyway
    cpu_seconds = math.ceil(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    message: tuple[Any, ...]
    too_big = (
        f"needs more memory than the limit of {memory_bytes // (1024 * 1024):,} MB per file and was "
        "stopped; split it into smaller files"
    )
    try:
        blocks = read_bytes(name, content)
        message = ("extraction", extract_blocks(blocks).to_json(), encode(source_entries(blocks)))
    except MemoryError:
        message = ("failed", too_big)
    except Exception as exc:
        # A parser in C (lxml, for one) that cannot get memory reports a syntax error or
        # a corrupt file: the reader having taken the address space to within a tenth of the cap
        # is what tells them apart.
        peak = _peak_address_space()
        if peak > peak_before and peak >= memory_bytes * 0.9:
            message = ("failed", too_big)
        elif isinstance(exc, UnreadableDocument):
            message = ("failed", exc.reason)
        else:  # a reader bug must fail this file only, with what went wrong
            message = ("failed", f"could not be read: {type(exc).__name__}: {exc}")
    # ru_maxrss is in KiB on Linux
    sender.send((*message, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))
    sender.close()


def _peak_address_space() -> int:
    """The most address space this process has had (VmPeak, inherited from the fork server until
    the reader passes it), in bytes; 0 where the kernel does not say."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) * 1024
    return 0
