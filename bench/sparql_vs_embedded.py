"""The main questions asked two ways, side by side: the embedded queries (graph/queries, networkx)
and their SPARQL forms (ontology/queries/*.rq, rdflib over the RDF export).

The documents are the corpus replicated N times (``--copies``), as bench/load_and_build.py does:
identical copies under other names, which the builder merges into the same recommendations, so
the graph grows less than N-fold. Printed: building the graph and its RDF form (seconds, triples,
peak memory), then each question's seconds both ways and the size of both answers. Dependencies
are asked for every organisation: embedded one call per organisation, SPARQL one query for all.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from load_and_build import replicate
from measure import arguments, peak_rss_mib
from rdflib import Graph, Literal

from graph.build import build_graph
from graph.ingest import load_paths
from graph.model import NodeType
from graph.queries import co_accountability, dependencies, gaps, recurring_themes, shared_accountability
from graph.queries.walk import nodes_of
from graph.rdf import to_rdf
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
    args = arguments(__doc__, "how many times to replicate the corpus")
    with tempfile.TemporaryDirectory(prefix="sgraph-bench-") as work:
        folder = Path(work) / "documents"
        folder.mkdir()
        replicate(args.corpus, args.copies, folder)
        with Store(Path(work) / "bench.db") as store:
            results = load_paths(store, [folder])
            documents = store.documents()
    build_seconds, g = timed(lambda: build_graph(documents))
    rdf_seconds, rdf = timed(lambda: to_rdf(g))
    organisations = nodes_of(g, NodeType.ORGANISATION)
    questions: list[tuple[str, Callable[[], Any], Callable[[], int]]] = [
        ("shared", lambda: len(shared_accountability(g)), sparql(rdf, "shared-accountability")),
        ("co-accountability", lambda: len(co_accountability(g).pairs), sparql(rdf, "co-accountability")),
        ("recurring themes", lambda: len(recurring_themes(g, min_areas=2)), sparql(rdf, "recurring-themes")),
        ("gaps", lambda: len(gaps(g, as_of=AS_OF).items), sparql(rdf, "gaps", asOf=AS_OF.isoformat())),
        (
            f"dependencies ({len(organisations)} organisations)",
            lambda: sum(len(dependencies(g, o).depends_on) for o in organisations),
            sparql(rdf, "dependencies"),
        ),
    ]
    rows = [
        ("documents", f"{len(documents)} ({args.copies} copies of {args.corpus}; {len(results)} files)"),
        ("graph", f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges, in {build_seconds:.2f} s"),
        ("RDF", f"{len(rdf)} triples, made in {rdf_seconds:.2f} s"),
    ]
    for name, embedded, query in questions:
        embedded_seconds, embedded_size = timed(embedded)
        sparql_seconds, sparql_size = timed(query)
        rows.append(
            (
                name,
                f"embedded {embedded_seconds:.2f} s ({embedded_size} items), "
                f"SPARQL {sparql_seconds:.2f} s ({sparql_size} rows)",
            )
        )
    rows.append(("peak memory (RSS)", f"{peak_rss_mib():.0f} MiB"))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
