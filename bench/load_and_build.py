"""Load time, graph build time and peak memory for the corpus replicated N times.

Each copy of each corpus file gets its own name (so it is a separate document in the store);
the figures printed are wall-clock seconds and the process's peak resident memory.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from measure import arguments, peak_rss_mib

from graph.build import build_graph
from graph.ingest import DOCUMENT_SUFFIXES, load_paths
from graph.stats import graph_stats
from graph.store import Store


def replicate(corpus: Path, copies: int, into: Path) -> int:
    """Copy every document of ``corpus`` ``copies`` times under distinct names; returns bytes copied."""
    total = 0
    for source in sorted(p for p in corpus.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES):
        for copy in range(copies):
            target = into / f"copy{copy:04d}_{source.name}"
            shutil.copyfile(source, target)
            total += target.stat().st_size
    return total



def main() -> int:
    args = arguments(__doc__, "how many times to replicate the corpus")
    with tempfile.TemporaryDirectory(prefix="sgraph-bench-") as work:
        folder = Path(work) / "documents"
        folder.mkdir()
        size = replicate(args.corpus, args.copies, folder)
        start_rss = peak_rss_mib()
        with Store(Path(work) / "bench.db") as store:
            started = time.perf_counter()
            results = load_paths(store, [folder])
            loaded = time.perf_counter()
            documents = store.documents()
            read = time.perf_counter()
            graph = build_graph(documents)
            built = time.perf_counter()
        stats = graph_stats(graph)
        db_size = (Path(work) / "bench.db").stat().st_size
    failed = [r for r in results if r.failed]
    per_file_ms = (loaded - started) / max(len(results), 1) * 1000
    rows = [
        ("copies of the corpus", f"{args.copies}"),
        ("documents loaded", f"{len(results) - len(failed)} ({len(failed)} failed)"),
        ("input size", f"{size / 2**20:.1f} MiB"),
        ("load (extract + store)", f"{loaded - started:.2f} s ({per_file_ms:.0f} ms per file)"),
        ("read current documents", f"{read - loaded:.2f} s"),
        ("build graph", f"{built - read:.2f} s"),
        ("graph", f"{stats.nodes} nodes, {stats.edges} edges"),
        ("store file", f"{db_size / 2**20:.1f} MiB"),
        ("peak memory (RSS)", f"{peak_rss_mib():.0f} MiB (before loading: {start_rss:.0f} MiB)"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
