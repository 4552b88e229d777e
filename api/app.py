"""The web application: JSON endpoints over the store at ``db_path`` (web pages come later)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from graph.build import build_graph
from graph.stats import graph_stats
from graph.store import Store


def create_app(db_path: Path | str) -> FastAPI:
    """An app reading the store at ``db_path``; each request sees what is stored at that moment."""
    app = FastAPI(title="Safeguarding Graph", summary="CQC CLAS review paperwork as a knowledge graph")

    @app.get("/health")
    def health() -> dict[str, str]:
        """Liveness check: answers while the server runs."""
        return {"status": "ok"}

    @app.get("/stats")
    def stats() -> dict[str, Any]:
        """Documents, areas, reviews, and nodes and edges by type (as `sgraph stats --json`)."""
        with Store(db_path) as store:
            graph = build_graph(store.documents())
        return graph_stats(graph).to_json()

    return app
