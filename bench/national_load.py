"""The load and build side of the national benchmark: loading the corpus, building its graph,
and the rebuild after one document changes.

Used by ``national_scale.py`` (which measures everything); run on its own for these figures
only, without a server or HTTP clients:

    .venv/bin/python bench/national_load.py --areas 40
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import peak_rss_mib
from national_corpus import write_corpus

from graph.ingest import load_paths
from graph.model import NodeType
from graph.parts import PartCache
from graph.queries.index import warm
from graph.snapshot import build_current, keep_current_graph, stored_parts, stored_snapshot
from graph.stats import graph_stats
from graph.store import Store
from loaders.fingerprint import extractor_version

Results = dict[str, Any]


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def measure_load(folder: Path, db: Path) -> Results:
    """``sgraph load``'s code on the folder (reading and storing the files, then keeping the graph
    and its shared answers), beside reading the same bytes, then again unchanged."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    size = sum(p.stat().st_size for p in files)
    read_s, _ = timed(lambda: [p.read_bytes() for p in files])
    with Store(db) as store:
        read_and_store_s, results = timed(lambda: load_paths(store, [folder]))
        # what sgraph load does last: the graph and its shared answers, built and kept
        keep_s, _ = timed(lambda: keep_current_graph(store))
        again_s, again = timed(lambda: load_paths(store, [folder]))
    load_s = read_and_store_s + keep_s
    return {
        "documents": len(files),
        "megabytes": round(size / 1e6, 2),
        "read_bytes_s": round(read_s, 3),
        "load_s": round(load_s, 1),
        "read_and_store_s": round(read_and_store_s, 1),
        "keep_graph_and_answers_s": round(keep_s, 1),
        "documents_per_s": round(len(files) / load_s, 1),
        "megabytes_per_s": round(size / 1e6 / load_s, 3),
        "failed": sum(r.failed for r in results),
        "reload_unchanged_s": round(again_s, 1),
        "reload_statuses": dict(sorted(Counter(r.status for r in again).items())),
    }


def measure_graph(db: Path) -> tuple[Results, Any]:
    """The full build (kept in the store), reading the kept graph back, the shared answers, and
    the rebuild after one plan changes beside a full build of the same documents; the store is
    left as ``sgraph load`` leaves it: the graph kept with its shared answers."""
    with Store(db) as store:
        build_s, (_revision, g, _documents) = timed(lambda: build_current(store, PartCache()))
        read_s, _kept = timed(lambda: stored_snapshot(store))
        rebuild = measure_rebuild(store)
        keep_answers_s, _ = timed(lambda: keep_current_graph(store))
    warm_s, _ = timed(lambda: warm(g))
    stats = graph_stats(g)
    return {
        "build_and_keep_s": round(build_s, 1),
        "read_kept_graph_s": round(read_s, 2),
        "warm_answers_s": round(warm_s, 1),
        "make_and_keep_answers_s": round(keep_answers_s, 1),
        **rebuild,
        "nodes": stats.nodes,
        "edges": stats.edges,
        "recommendations": stats.nodes_by_type.get(NodeType.RECOMMENDATION.value, 0),
        "actions": stats.nodes_by_type.get(NodeType.ACTION.value, 0),
        "organisations": stats.nodes_by_type.get(NodeType.ORGANISATION.value, 0),
    }, g


def measure_rebuild(store: Store) -> Results:
    """A plan's next version (every action completed) is stored; the graph is then rebuilt as a
    server or command does (only the areas it touches), and fully, on the same documents."""
    plan = next(d for d in store.documents() if any(r.actions for r in d.extraction.recommendations))
    changed = plan.extraction.model_copy(deep=True)
    for recommendation in changed.recommendations:
        for action in recommendation.actions:
            action.status = "completed"
    store.put(plan.file_name, store.content(plan.id) + b"\n", changed, extractor_version())
    parts = PartCache()

    def rebuild() -> None:
        nonlocal parts
        parts = PartCache(stored_parts(store))
        build_current(store, parts)

    incremental_s, _ = timed(rebuild)
    full_s, _ = timed(lambda: build_current(store, PartCache()))
    return {
        "rebuild_after_change_s": round(incremental_s, 1),
        "rebuild_areas_built": parts.built,
        "rebuild_areas_reused": parts.reused,
        "full_build_after_change_s": round(full_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=int(os.environ.get("BENCH_AREAS", 150)))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sgraph-national-load-") as work:
        folder, db = Path(work) / "corpus", Path(work) / "national.db"
        write_corpus(folder, args.areas, args.seed)
        load = measure_load(folder, db)
        graph, _g = measure_graph(db)
    for name, value in {**load, **graph, "peak_rss_mib": round(peak_rss_mib())}.items():
        print(f"{name:<28} {value}")


if __name__ == "__main__":
    main()
