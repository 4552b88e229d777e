"""The main questions on the national corpus, side by side in one run: the embedded queries
(graph/queries over networkx) and their SPARQL forms (ontology/queries/*.rq) answered by Oxigraph
behind rdflib's API, as /sparql answers them (graph/sparql.py).

The documents are bench/national_corpus.py's invented national corpus (``--areas``, default 150:
about 340 documents), loaded into a store as ``sgraph load`` does. Printed: loading, building the
graph, building the Oxigraph store (seconds, triples, memory it added), then one row per question:
seconds embedded, seconds SPARQL, their ratio, and the size of each answer. Dependencies are
asked for every organisation: embedded one call per organisation, SPARQL one query for all.
rdflib's own engine is left out: at national scale building its in-memory graph alone ran for
more than eight minutes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from measure import peak_rss_mib
from national_corpus import write_corpus
from rdflib import Graph, Literal

from graph.build import build_graph
from graph.ingest import load_paths
from graph.model import NodeType
from graph.queries import co_accountability, dependencies, gaps, recurring_themes, shared_accountability
from graph.queries.walk import nodes_of
from graph.rdf import rdf_store
from graph.store import Store
from ontology import QUERIES_DIR

AS_OF = date(2017, 4, 1)


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def sparql(rdf: Graph, question: str, **bindings: str) -> Callable[[], int]:
    text = (QUERIES_DIR / f"{question}.rq").read_text(encoding="utf-8")
    return lambda: len(list(rdf.query(text, initBindings={k: Literal(v) for k, v in bindings.items()})))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=150, help="areas of the national corpus")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sgraph-bench-") as work:
        folder = Path(work) / "documents"
        files = write_corpus(folder, args.areas, args.seed)
        with Store(Path(work) / "bench.db") as store:
            load_seconds, _ = timed(lambda: load_paths(store, [folder]))
            documents = store.documents()
    build_seconds, g = timed(lambda: build_graph(documents))
    before_store = peak_rss_mib()
    store_seconds, store = timed(lambda: rdf_store(g))
    store_mib = peak_rss_mib() - before_store
    organisations = nodes_of(g, NodeType.ORGANISATION)
    day = {"asOf": AS_OF.isoformat()}
    questions: list[tuple[str, Callable[[], Any], str, dict[str, str]]] = [
        ("shared accountability", lambda: len(shared_accountability(g)), "shared-accountability", {}),
        ("co-accountability", lambda: len(co_accountability(g).pairs), "co-accountability", {}),
        ("recurring themes", lambda: len(recurring_themes(g, min_areas=2)), "recurring-themes", {}),
        ("gaps", lambda: len(gaps(g, as_of=AS_OF).items), "gaps", day),
        (
            f"dependencies ({len(organisations)} orgs)",
            lambda: sum(len(dependencies(g, o).depends_on) for o in organisations),
            "dependencies",
            {},
        ),
    ]
    print(f"documents  {len(files)} ({args.areas} areas, seed {args.seed}), loaded in {load_seconds:.1f} s")
    print(f"graph      {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, in {build_seconds:.1f} s")
    print(
        f"Oxigraph   {len(store.store)} triples, built in {store_seconds:.1f} s "
        f"(peak RSS grew by {store_mib:.0f} MiB)"
    )
    print()
    header = ("question", "embedded s", "SPARQL s", "SPARQL/embedded", "embedded items", "SPARQL rows")
    rows = [header]
    for name, embedded, question, bindings in questions:
        embedded_seconds, embedded_size = timed(embedded)
        sparql_seconds, sparql_size = timed(sparql(store.graph, question, **bindings))
        ratio = sparql_seconds / embedded_seconds if embedded_seconds else float("inf")
        rows.append(
            (
                name,
                f"{embedded_seconds:.2f}",
                f"{sparql_seconds:.2f}",
                f"{ratio:.2f}",
                str(embedded_size),
                str(sparql_size),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"\npeak memory (RSS) {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
