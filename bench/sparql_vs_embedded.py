"""The main questions asked three ways, side by side: the embedded queries (graph/queries, networkx)
and their SPARQL forms (ontology/queries/*.rq) over the RDF export, answered by rdflib's own
engine and by Oxigraph behind rdflib's API (what /sparql uses, see graph/sparql.py).

The documents are the corpus replicated N times (``--copies``), as bench/load_and_build.py does:
identical copies under other names, which the builder merges into the same recommendations, so
the graph grows less than N-fold. Printed: building the graph, and its RDF form both as an rdflib
graph and as the Oxigraph store /sparql holds (seconds, triples); then each question's seconds
each way and the size of the answers; the peak memory. Dependencies are asked for every
organisation: embedded one call per organisation, SPARQL one query for all.
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
from graph.rdf import rdf_store, to_rdf
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
    store_seconds, store = timed(lambda: rdf_store(g))
    organisations = nodes_of(g, NodeType.ORGANISATION)
    day = {"asOf": AS_OF.isoformat()}
    questions: list[tuple[str, Callable[[], Any], str, dict[str, str]]] = [
        ("shared accountability", lambda: len(shared_accountability(g)), "shared-accountability", {}),
        ("co-accountability", lambda: len(co_accountability(g).pairs), "co-accountability", {}),
        ("recurring themes", lambda: len(recurring_themes(g, min_areas=2)), "recurring-themes", {}),
        ("gaps", lambda: len(gaps(g, as_of=AS_OF).items), "gaps", day),
        (
            f"dependencies ({len(organisations)} organisations)",
            lambda: sum(len(dependencies(g, o).depends_on) for o in organisations),
            "dependencies",
            {},
        ),
    ]
    rows = [
        ("documents", f"{len(documents)} ({args.copies} copies of {args.corpus}; {len(results)} files)"),
        ("graph", f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges, in {build_seconds:.2f} s"),
        (
            "RDF",
            f"{len(rdf)} triples: an rdflib graph in {rdf_seconds:.2f} s, "
            f"Oxigraph (as /sparql holds it) in {store_seconds:.2f} s",
        ),
    ]
    for name, embedded, question, bindings in questions:
        embedded_seconds, embedded_size = timed(embedded)
        rdflib_seconds, rdflib_size = timed(sparql(rdf, question, **bindings))
        oxigraph_seconds, oxigraph_size = timed(sparql(store.graph, question, **bindings))
        rows.append(
            (
                name,
                f"embedded {embedded_seconds:.2f} s ({embedded_size} items); SPARQL rdflib "
                f"{rdflib_seconds:.2f} s, Oxigraph {oxigraph_seconds:.2f} s "
                f"({rdflib_size}/{oxigraph_size} rows)",
            )
        )
    rows.append(("peak memory (RSS)", f"{peak_rss_mib():.0f} MiB"))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
