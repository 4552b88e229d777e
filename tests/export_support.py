"""The real corpus loaded into a temporary store, for the RDF, SPARQL and export tests."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graph.build import build_graph
from graph.ingest import load_paths
from graph.store import Store


def load_corpus(db: Path, corpus_dir: Path) -> nx.MultiDiGraph:
    """Load every corpus document into a new store at ``db``; the graph built from what was stored."""
    with Store(db) as store:
        results = load_paths(store, [corpus_dir])
        assert not [r for r in results if r.failed], [r.reason for r in results if r.failed]
        return build_graph(store.documents())
