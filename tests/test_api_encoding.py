"""The JSON endpoints hand the query results (dataclasses) to the app's encoder as they are:
every answer over HTTP is the query function's ``to_json()``, each list one page."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import permutations
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_support import fill_store

from api.app import create_app
from api.paging import PAGED_PARTS, page, paged_parts
from graph import queries
from graph.model import NodeType
from graph.queries.walk import nodes_of


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("encoding") / "web.db"
    fill_store(db)
    with TestClient(create_app(db), base_url="http://localhost") as test_client:
        yield test_client


def answer(client: TestClient, path: str) -> Any:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.json()


def within(items: list[Any], part: str, most: int) -> list[Any]:
    """``items`` with each one's list ``part`` cut to one page of its first ``most``."""
    return [{**item, part: page(item[part], most, 0)} for item in items]


def test_organisation_answers_are_their_profiles_and_dependencies(client: TestClient) -> None:
    g = client.app.state.cache.graph()  # type: ignore[attr-defined]
    orgs = nodes_of(g, NodeType.ORGANISATION)
    assert len(orgs) >= 3
    for org in orgs:
        profile = paged_parts(
            queries.organisation_profile(g, org).to_json(), PAGED_PARTS["organisation"], 2, 1
        )
        assert answer(client, f"/queries/org/{quote(org)}?limit=2&offset=1") == profile
        assert answer(client, f"/organisations/{quote(org)}?limit=2&offset=1") == profile
        found = queries.dependencies(g, org).to_json()
        assert answer(client, f"/queries/dependencies?org={quote(org)}") == paged_parts(
            found, PAGED_PARTS["dependencies"], 100, 0
        )
    for a, b in permutations(orgs[:4], 2):
        hops = [h.to_json() for h in queries.path_between(g, a, b)]
        assert answer(client, f"/queries/path?from={quote(a)}&to={quote(b)}") == hops


def test_lists_and_questions_are_their_query_functions_answers(client: TestClient) -> None:
    g = client.app.state.cache.graph()  # type: ignore[attr-defined]
    shared = [r.to_json() for r in queries.shared_accountability(g)]
    assert answer(client, "/queries/shared-accountability") == page(shared, 50, 0)
    network = queries.co_accountability(g).to_json()
    assert answer(client, "/queries/co-accountability") == paged_parts(
        network, PAGED_PARTS["co-accountability"], 100, 0
    )
    themes = [t.to_json() for t in queries.recurring_themes(g, min_areas=1)]
    assert themes
    assert answer(client, "/queries/themes?min_areas=1") == page(within(themes, "examples", 3), 100, 0)
    assert answer(client, "/themes?examples=1") == page(within(themes, "examples", 1), 100, 0)
    assert answer(client, "/themes?examples=1000")["items"] == within(themes, "examples", 1000)
    similar = [c.to_json() for c in queries.similar_items(g, min_areas=1, threshold=0.1)]
    assert answer(client, "/queries/similar?min_areas=1&threshold=0.1") == page(
        within(similar, "members", 10), 50, 0
    )
    assert answer(client, "/queries/similar?min_areas=1&threshold=0.1&members=2&limit=1") == page(
        within(similar, "members", 2), 1, 0
    )
    for rec in nodes_of(g, NodeType.RECOMMENDATION):
        like = [i.to_json() for i in queries.like_recommendation(g, rec, top=3)]
        assert answer(client, f"/queries/like/{quote(rec)}?top=3") == like
    report = queries.gaps(g)
    body = answer(client, "/queries/gaps?limit=3")
    assert body == {
        "as_of": report.as_of,
        "counts": report.counts(),
        **page([i.to_json() for i in report.items], 3, 0),
    }
    total, hits = queries.search_page(g, "health", limit=5, offset=0)
    assert total
    assert answer(client, "/search?q=health&limit=5") == {
        "total": total,
        "limit": 5,
        "offset": 0,
        "items": [h.to_json() for h in hits],
    }
