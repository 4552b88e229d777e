"""Endpoints run in the app's handler threads, questions first, and JSON answers are written in
the thread that computed them (api.answer_route): the bytes and headers are FastAPI's own, and a
request goes to a thread once, not twice."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from anyio import to_thread
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_support import fill_store

import api.app
from api.answer_route import QUESTION_ANSWERS, AnswerRoute
from api.app import create_app
from api.views import key_of
from graph.model import NodeType
from graph.queries.walk import nodes_of


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("answer-route") / "web.db"
    fill_store(path)
    yield path


@pytest.fixture(scope="module")
def client(db: Any) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url="http://localhost") as test_client:
        yield test_client


@pytest.fixture(scope="module")
def fastapi_client(db: Any) -> Iterator[TestClient]:
    """The same app with every route FastAPI's own (it checks and encodes answers itself)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(api.app, "routes_run_by", lambda _threads: APIRoute)
        app = create_app(db)
    with TestClient(app, base_url="http://localhost") as test_client:
        yield test_client


def json_urls(client: TestClient) -> dict[str, list[str]]:
    """Route path -> URLs asking it something, with names and ids from the stored corpus."""
    g = client.app.state.cache.graph()  # type: ignore[attr-defined]
    orgs = [key_of(o) for o in nodes_of(g, NodeType.ORGANISATION)][:3]
    recs = nodes_of(g, NodeType.RECOMMENDATION)[:3]
    reviews = [key_of(r) for r in nodes_of(g, NodeType.REVIEW)]
    themes = [key_of(t) for t in nodes_of(g, NodeType.THEME)][:3]
    docs = [d["id"] for d in client.get("/documents").json()["items"]]
    return {
        "/stats": ["/stats"],
        "/reviews": ["/reviews", "/reviews?limit=1&offset=1"],
        "/reviews/{review_id}": [f"/reviews/{quote(r, safe='')}" for r in reviews],
        "/recommendations": ["/recommendations", "/recommendations?limit=2"],
        "/recommendations/{rec_id}": [f"/recommendations/{quote(key_of(r), safe='')}" for r in recs],
        "/organisations": ["/organisations"],
        "/organisations/{name}": [f"/organisations/{quote(o, safe='')}?limit=2" for o in orgs],
        "/themes": ["/themes", "/themes?examples=1"],
        "/themes/{theme_id}": [f"/themes/{t}" for t in themes],
        "/documents": ["/documents"],
        "/documents/{doc_id}": [f"/documents/{d}" for d in docs],
        "/queries/shared-accountability": ["/queries/shared-accountability"],
        "/queries/co-accountability": ["/queries/co-accountability"],
        "/queries/themes": ["/queries/themes?min_areas=1"],
        "/queries/similar": ["/queries/similar?min_areas=1&threshold=0.1"],
        "/queries/like/{recommendation}": [f"/queries/like/{quote(r, safe='')}" for r in recs],
        "/queries/dependencies": [f"/queries/dependencies?org={quote(o)}" for o in orgs],
        "/queries/path": [f"/queries/path?from={quote(orgs[0])}&to={quote(orgs[1])}"],
        "/queries/gaps": [
            "/queries/gaps?as_of=2020-01-01",
            "/queries/gaps?as_of=2020-01-01&kind=overdue+action",
        ],
        "/queries/org/{name}": [f"/queries/org/{quote(o, safe='')}" for o in orgs],
        "/queries/progress/{doc_id}": [f"/queries/progress/{d}" for d in docs],
        "/search": ["/search?q=health+assessments", "/search?q=training&limit=2"],
        "/actions": ["/actions", "/actions?limit=3&offset=2"],
    }


def test_every_json_question_is_encoded_in_its_handler_thread(client: TestClient) -> None:
    routes = [r for r in client.app.routes if isinstance(r, AnswerRoute)]  # type: ignore[attr-defined]
    questions = {r.path for r in routes if _returns(r) in QUESTION_ANSWERS and "GET" in r.methods}
    assert questions == set(json_urls(client))
    in_threads = {r.path for r in routes if hasattr(r.endpoint, "__wrapped__")}
    assert questions < in_threads  # and the pages, maps and files
    assert {"/pages/organisations/{name}", "/maps/organisations/{name}", "/actions.csv"} < in_threads
    assert "/health" not in in_threads  # answered on the event loop


def _returns(route: AnswerRoute) -> object:
    return inspect.signature(route.endpoint, eval_str=True).return_annotation


def test_answers_are_byte_for_byte_fastapis(client: TestClient, fastapi_client: TestClient) -> None:
    for urls in json_urls(client).values():
        for url in urls:
            ours, theirs = client.get(url), fastapi_client.get(url)
            assert ours.status_code == theirs.status_code == 200, url
            assert ours.content == theirs.content, url
            assert ours.headers["content-type"] == theirs.headers["content-type"] == "application/json"
            assert ours.headers["content-length"] == theirs.headers["content-length"]


def test_errors_are_unchanged(client: TestClient, fastapi_client: TestClient) -> None:
    for url in [
        "/organisations/Nowhere%20Trust",
        "/recommendations/nothing",
        "/search?q=%20",
        "/reviews?limit=0",
    ]:
        ours, theirs = client.get(url), fastapi_client.get(url)
        assert ours.status_code == theirs.status_code != 200, url
        assert ours.content == theirs.content, url


def test_a_question_goes_to_the_handler_threads_once(
    client: TestClient, fastapi_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trip to the handler threads waits behind every other request under load."""
    trips: list[str] = []
    run_sync = to_thread.run_sync

    async def counted(call: Any, /, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(call, "__name__", repr(call)))
        return await run_sync(call, *args, **kwargs)

    monkeypatch.setattr(to_thread, "run_sync", counted)
    g = client.app.state.cache.graph()  # type: ignore[attr-defined]
    org = quote(key_of(nodes_of(g, NodeType.ORGANISATION)[0]), safe="")
    urls = [
        f"/organisations/{org}",
        "/queries/gaps?as_of=2021-02-03",
        f"/queries/org/{org}?limit=1",
        "/actions?limit=7",
    ]
    for url in urls:
        trips.clear()
        assert client.get(url).status_code == 200
        assert len(trips) == 1, (url, trips)
        trips.clear()
        assert fastapi_client.get(url + "&x=1" if "?" in url else url + "?x=1").status_code == 200
        assert len(trips) == 2, (url, trips)  # what FastAPI's own route does: answer, then check it
