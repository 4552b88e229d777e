"""The corpus pushed to a real FalkorDB answers every question as the embedded graph does."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from falkordb_support import FalkorDB
from graph_support import corpus_graph

from graph.backends.bolt import BoltBackend
from graph.backends.cypher import dialect
from graph.backends.embedded import EmbeddedBackend
from graph.backends.push import push_graph


@pytest.fixture(scope="module")
def backends(falkordb: FalkorDB, corpus_dir: Path) -> tuple[EmbeddedBackend, BoltBackend]:
    g = corpus_graph(corpus_dir)
    falkordb.clear()
    push_graph(falkordb.driver, g, dialect("falkordb"))
    return EmbeddedBackend(lambda: g), BoltBackend(falkordb.driver, dialect("falkordb"))


def both(backends: tuple[EmbeddedBackend, BoltBackend], question: str, *args: Any, **kwargs: Any) -> Any:
    embedded, bolt = backends
    expected = getattr(embedded, question)(*args, **kwargs)
    answered = getattr(bolt, question)(*args, **kwargs)
    as_json = [a.to_json() for a in answered] if isinstance(answered, list) else answered.to_json()
    wanted = [a.to_json() for a in expected] if isinstance(expected, list) else expected.to_json()
    assert as_json == wanted
    return wanted


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"area": "Lancashire"}, {"org": "GMW"}, {"org": "PCCG", "min_orgs": 1}, {"min_orgs": 5}],
    ids=["default", "area", "org", "org-alone", "min-orgs"],
)
def test_shared_accountability(backends: tuple[EmbeddedBackend, BoltBackend], kwargs: dict[str, Any]) -> None:
    answer = both(backends, "shared_accountability", **kwargs)
    assert answer, "the corpus has shared recommendations: an empty answer proves nothing"


def test_co_accountability(backends: tuple[EmbeddedBackend, BoltBackend]) -> None:
    answer = both(backends, "co_accountability", seed=0)
    assert answer["pairs"] and answer["communities"]


@pytest.mark.parametrize("min_areas", [1, 2, 4])
def test_recurring_themes(backends: tuple[EmbeddedBackend, BoltBackend], min_areas: int) -> None:
    assert both(backends, "recurring_themes", min_areas=min_areas)


@pytest.mark.parametrize("org", ["GMW", "NHS East Lancashire CCG", "Lancashire County Council"])
def test_dependencies(backends: tuple[EmbeddedBackend, BoltBackend], org: str) -> None:
    answer = both(backends, "dependencies", org)
    assert answer["assurance_chains"] or answer["cross_references"] or answer["commissioned_services"]


@pytest.mark.parametrize(
    "pair",
    [("Greater Manchester West", "Lancashire County Council"), ("PCCG", "LCFT")],
    ids=["linked", "apart"],
)
def test_path(backends: tuple[EmbeddedBackend, BoltBackend], pair: tuple[str, str]) -> None:
    both(backends, "path_between", *pair)


def test_gaps(backends: tuple[EmbeddedBackend, BoltBackend]) -> None:
    answer = both(backends, "gaps", as_of=date(2017, 4, 1))
    assert answer["counts"]["overdue action"] > 0


@pytest.mark.parametrize("org", ["PCCG", "LCFT", "GMW"])
def test_organisation_profile(backends: tuple[EmbeddedBackend, BoltBackend], org: str) -> None:
    assert both(backends, "organisation_profile", org)["name"]


def organisations(backends: tuple[EmbeddedBackend, BoltBackend]) -> list[str]:
    g = backends[0]._graph()
    return [n for n, t in g.nodes(data="type") if t == "Organisation"]


def test_every_organisation_profile_and_dependencies(backends: tuple[EmbeddedBackend, BoltBackend]) -> None:
    """The server selects each organisation's facts: none may be missed, for any organisation."""
    found = organisations(backends)
    assert len(found) > 20
    for org in found:
        both(backends, "organisation_profile", org)
        both(backends, "dependencies", org)


def test_paths_between_many_pairs(backends: tuple[EmbeddedBackend, BoltBackend]) -> None:
    found = organisations(backends)[::4]
    linked = 0
    for a, b in itertools.combinations(found, 2):
        linked += bool(both(backends, "path_between", a, b))
    assert linked > 0


@pytest.mark.parametrize("as_of", [date(2017, 3, 15), date(2016, 12, 31), None])
def test_gaps_on_other_days(backends: tuple[EmbeddedBackend, BoltBackend], as_of: date | None) -> None:
    """A day inside a due month (the month is due on its last day), and today."""
    both(backends, "gaps", as_of=as_of)
