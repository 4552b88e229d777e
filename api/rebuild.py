"""The next revision's graph built in a child process and handed to the server in small pieces.

Building a national graph is tens of seconds of Python: in the server's own process it would hold
the interpreter lock against every reader for all that time. So the server runs the build in a
child (``python -m api.rebuild STORE``), which builds and keeps the graph in the store as any
build does (:func:`graph.snapshot.build_current`), then writes it to its standard output as a
series of small :mod:`marshal` frames: the graph's attributes, its nodes, each node's successors
(with the edges' attributes), the order of each node's predecessors, the documents (as kept,
compressed) with the graph's counts, and the graph's shared answers as kept with it
(:mod:`graph.kept_answers`: made by the child, so the server never computes them). The
server reads one frame at a time (each a few milliseconds of work), so its readers keep being
answered while it receives the graph, and rebuilds the predecessor index from the successors:
each edge's attributes are one dict shared by both sides, as networkx keeps them, and every
order is the one the child built.
"""

from __future__ import annotations

import marshal
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx

from graph.build_lock import building
from graph.isolated import run_in_background
from graph.parts import no_collection
from graph.snapshot import Kept, keep_current_graph, stored_snapshot
from graph.store import Store

# items per frame: a frame is decoded in a few milliseconds
FRAME_ITEMS = 500
_LENGTH = struct.Struct("<Q")


class RebuildFailed(RuntimeError):
    """The child process building the graph failed; its error output says why."""


def build_in_child(db: Path) -> Kept:
    """The graph of the store's current documents, built (and kept in the store) by a child
    process; the revision, graph and documents as :func:`graph.snapshot.stored_snapshot` gives."""
    child = subprocess.Popen(
        [sys.executable, "-m", "api.rebuild", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    try:
        kept = receive(child.stdout)
    except (EOFError, ValueError, TypeError) as exc:
        child.kill()
        reason = child.stderr.read().decode(errors="replace").strip() or str(exc)
        raise RebuildFailed(f"the graph build in a child process failed: {reason}") from exc
    finally:
        child.stdout.close()
        child.wait()
        child.stderr.close()
    return kept


def receive(stream: IO[bytes]) -> Kept:
    """What :func:`send` wrote, one frame at a time.

    The cyclic collector is paused until the whole graph is in: the new graph's containers are
    all new and live on, and with it running between frames the graph received set off a full
    collection over both graphs, a pause of every reader (1.5 s in a measured national swap)."""
    with no_collection():
        return _receive(stream)


def _receive(stream: IO[bytes]) -> Kept:
    frames = _frames(stream)
    revision, attrs = next(frames)
    nodes: dict[str, Any] = {}
    succ: dict[str, Any] = {}
    pred: dict[str, Any] = {}
    documents: tuple[bytes, int, Any] = (b"", 0, None)
    answers: bytes | None = None
    parts = {"nodes": nodes, "succ": succ}
    for kind, items in frames:
        if kind == "pred":
            for node, order in items:
                pred[node] = {u: succ[u][node] for u in order}
        elif kind == "documents":
            documents = items
        elif kind == "answers":
            answers = items
        elif kind == "end":
            g = nx.MultiDiGraph(**attrs)
            g._node, g._adj, g._succ, g._pred = nodes, succ, succ, pred
            return Kept(revision, g, *documents, answers=answers)
        else:
            parts[kind].update(items)
    raise EOFError("the graph stream ended early")


def _frames(stream: IO[bytes]) -> Iterator[Any]:
    while header := stream.read(_LENGTH.size):
        if len(header) < _LENGTH.size:
            break
        (size,) = _LENGTH.unpack(header)
        data = stream.read(size)
        if len(data) < size:
            break
        yield marshal.loads(data)


def send(kept: Kept, stream: IO[bytes]) -> None:
    """Write ``kept`` as frames (see the module docstring)."""
    g = kept.graph

    def frame(value: Any) -> None:
        data = marshal.dumps(value)
        stream.write(_LENGTH.pack(len(data)))
        stream.write(data)

    frame((kept.revision, dict(g.graph)))
    for kind, items in (
        ("nodes", list(g._node.items())),
        ("succ", list(g._succ.items())),
        ("pred", [(v, list(us)) for v, us in g._pred.items()]),
    ):
        for start in range(0, len(items), FRAME_ITEMS):
            frame((kind, items[start : start + FRAME_ITEMS]))
    # the documents as kept: compressed, unpacked by the server on first need
    frame(("documents", (kept.packed_rows, kept.document_count, kept.stats)))
    frame(("answers", kept.answers))
    frame(("end", None))
    stream.flush()


def main(db: str) -> int:
    run_in_background()  # the server keeps answering from the previous revision meanwhile
    # (a load under way keeps the graph of the revision it leaves: waited for, then read)
    with building(Path(db)), Store(Path(db)) as store:
        revision = store.state()
        # (nothing is built when a command, ``sgraph load`` say, has kept this revision already;
        # its shared answers are made here, if they were not kept with it)
        keep_current_graph(store)
        # read back as kept: the documents in the form a kept graph holds them
        kept = stored_snapshot(store)
    if kept is None or kept.revision < revision:
        print(f"the graph of revision {revision} could not be kept in the store", file=sys.stderr)
        return 1
    send(kept, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
