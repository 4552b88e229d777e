"""One builder of a store's graph at a time: a command changing the store, or a server's child.

:func:`building` is held while a command changes the store and keeps its graph (``sgraph load``,
``remove``) and while a server's rebuild child (:mod:`api.rebuild`) keeps one, so that the child
waits for the graph and answers the command keeps instead of building each revision a load
passes through: at national scale each such build was ~30 s of CPU beside the load's own, and
each revision it made was one more for the server to hold at once. (Only the standard library
here: the command line imports it before any command runs.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def building(db: Path) -> Iterator[None]:
    """An advisory lock on a file beside the store ``db``, held for the block and released by the
    system if its holder dies; where none can be taken (not a POSIX system, a read-only folder),
    nothing is locked and the child builds what it finds, as before."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        handle = open(f"{db}.build-lock", "a+b")  # noqa: SIM115 (held for the whole block)
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
