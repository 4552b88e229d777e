"""The web application through FastAPI's TestClient: every endpoint, its answers and its errors.

The store is a real SQLite file filled with the invented documents of ``web_support`` (and, at
the end, the real corpus loaded through ``sgraph load``'s own code).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from web_support import (
    IMG_PAYLOAD,
    RIVERTON_COUNCIL,
    RIVERTON_TRUST,
    SCRIPT_PAYLOAD,
    fill_store,
    lakeside_briefing,
)

from api import uploads
from api.app import create_app
from graph.ingest import load_paths
from graph.store import Store

TOKEN = "test-token-7f3a"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "web.db"
    fill_store(path)
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url="http://localhost") as test_client:
        yield test_client


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert body["status"] == status
    return body


# --- service ---------------------------------------------------------------------------------


def test_health_and_stats_count_what_is_stored(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    stats = client.get("/stats").json()
    assert stats["documents"] == 2
    assert stats["areas"] == 2
    assert stats["nodes_by_type"]["Recommendation"] == 4


def test_graph_is_built_once_per_store_change(client: TestClient, db: Path) -> None:
    cache = client.app.state.cache  # type: ignore[attr-defined]
    first = cache.graph()
    assert cache.graph() is first  # nothing changed: the same graph object
    with Store(db) as store:
        text = "Extra note\n\n9 Write down every missed appointment\n"
        extra = lakeside_briefing().model_copy(update={"file": "extra.txt", "area": "Hillside"})
        store.put("extra.txt", text.encode(), extra)
    # the reader that sees the change is answered at once from the previous revision ...
    assert cache.graph() is first
    # ... while the next is built in the background
    rebuilt = cache.wait_until_current().graph
    assert rebuilt is not first
    assert client.get("/stats").json()["documents"] == 3


# --- reviews and recommendations ------------------------------------------------------------


def test_reviews_list_and_detail(client: TestClient) -> None:
    listing = client.get("/reviews").json()
    assert listing["total"] == 2
    riverton = next(r for r in listing["items"] if r["area"] == "Riverton")
    assert riverton["recommendations"] == 3
    detail = client.get(f"/reviews/{riverton['id']}").json()
    assert [r["recommendation"] for r in detail["recommendation_list"]] == ["1.1", "1.2", "2.1"]
    assert detail["monitored_by"][0]["name"] == "Riverton Safeguarding Board"


def test_unknown_review_is_a_problem(client: TestClient) -> None:
    body = problem(client.get("/reviews/nowhere"), 404)
    assert "nowhere" in body["detail"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"1.1", "1.2", "2.1", "3"}),
        ("?organisation=RHT", {"1.1", "1.2"}),
        ("?organisation=riverton%20hospitals%20nhs%20trust", {"1.1", "1.2"}),
        ("?area=Lakeside", {"3"}),
        ("?theme=record-keeping", {"1.2", "2.1"}),
        ("?year=2019", {"3"}),
        ("?status=completed", {"1.2"}),
        ("?area=Riverton&theme=health-assessments", {"1.1"}),
    ],
)
def test_recommendation_filters(client: TestClient, query: str, expected: set[str]) -> None:
    body = client.get(f"/recommendations{query}").json()
    assert {r["recommendation"] for r in body["items"]} == expected
    assert body["total"] == len(expected)


def test_recommendations_paginate(client: TestClient) -> None:
    everything = client.get("/recommendations").json()["items"]
    first = client.get("/recommendations?limit=2&offset=0").json()
    second = client.get("/recommendations?limit=2&offset=2").json()
    assert first["total"] == second["total"] == 4
    assert (first["limit"], second["offset"]) == (2, 2)
    assert first["items"] + second["items"] == everything
    assert client.get("/recommendations?limit=2&offset=10").json()["items"] == []


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "year=soon"])
def test_bad_paging_or_filter_values_are_problems(client: TestClient, query: str) -> None:
    body = problem(client.get(f"/recommendations?{query}"), 422)
    assert body["type"] == "urn:sgraph:invalid-request"


def test_unknown_filter_name_lists_close_matches(client: TestClient) -> None:
    body = problem(client.get("/recommendations?organisation=Riverton%20Hospitls%20NHS%20Trust"), 404)
    assert RIVERTON_TRUST in body["suggestions"]


def test_recommendation_detail_has_wordings_actions_and_sources(client: TestClient) -> None:
    rec = client.get("/recommendations?organisation=RHT&theme=health-assessments").json()["items"][0]
    detail = client.get(f"/recommendations/{rec['id']}").json()
    assert detail["organisations"] == ["Riverton Clinical Commissioning Group", RIVERTON_TRUST]
    assert detail["wordings"][0]["text"].startswith("Make sure every looked after child")
    action = detail["actions"][0]
    assert (action["timescale"], action["timescale_kind"], action["status"], action["rag"]) == (
        "2017-03",
        "agreed",
        "in progress",
        "amber",
    )
    assert action["assurance_bodies"] == ["Riverton Safeguarding Board"]
    assert detail["sources"][0]["location"] == {"line": 4}
    assert detail["theme_evidence"] == {"health-assessments": ["health check"]}


def test_unknown_recommendation_is_a_problem(client: TestClient) -> None:
    problem(client.get("/recommendations/riverton-2018-04:9-9"), 404)


# --- organisations, themes ------------------------------------------------------------------


def test_organisations_list(client: TestClient) -> None:
    body = client.get("/organisations").json()
    assert body["total"] == 5
    names = [o["name"] for o in body["items"]]
    assert names == sorted(names, key=str.casefold)


@pytest.mark.parametrize("name", [RIVERTON_TRUST, "RHT", "rht", "riverton-hospitals-nhs-trust"])
def test_organisation_by_name_alias_or_key(client: TestClient, name: str) -> None:
    body = client.get(f"/organisations/{name}").json()
    assert body["name"] == RIVERTON_TRUST
    assert [r["recommendation"] for r in body["accountable_jointly"]["items"]] == ["1.1"]
    assert [r["recommendation"] for r in body["accountable_alone"]["items"]] == ["1.2"]
    assert body["accountable_alone"]["total"] == 1
    assert body["co_owners"] == {"Riverton Clinical Commissioning Group": 1}


def test_unknown_organisation_suggests_close_names(client: TestClient) -> None:
    body = problem(client.get("/organisations/Riverton%20Hospital%20Trust"), 404)
    assert body["type"] == "urn:sgraph:unknown-name"
    assert RIVERTON_TRUST in body["suggestions"]
    assert RIVERTON_TRUST in body["detail"]


def test_themes_list_and_detail(client: TestClient) -> None:
    listing = client.get("/themes").json()["items"]
    assert listing[0]["theme"] == "health-assessments"
    assert listing[0]["areas"] == ["Lakeside", "Riverton"]
    detail = client.get("/themes/health-assessments").json()
    assert {(r["area"], r["count"]) for r in detail["areas_by_review"]} == {("Lakeside", 1), ("Riverton", 1)}
    assert {tuple(e["evidence"]) for e in detail["examples"]} == {("health check",), ("health checks",)}
    body = problem(client.get("/themes/health-assesments"), 404)
    assert "health-assessments" in body["suggestions"]


# --- documents and provenance ---------------------------------------------------------------


def test_documents_list_detail_and_text(client: TestClient) -> None:
    listing = client.get("/documents").json()
    assert [d["id"] for d in listing["items"]] == ["lakeside_briefing.txt", "riverton_plan.txt"]
    detail = client.get("/documents/riverton_plan.txt").json()
    assert detail["warnings"] == ["line 2: a made-up warning for the documents page"]
    assert detail["versions"][0]["version"] == 1
    assert detail["extraction"]["recommendations"][0]["id"] == "1.1"
    text = client.get("/documents/riverton_plan.txt/text").text
    assert "timely health check" in text
    assert text.startswith("[line 1]")
    body = problem(client.get("/documents/riverton_plan.tx"), 404)
    assert body["suggestions"] == ["riverton_plan.txt"]


# --- uploads --------------------------------------------------------------------------------

UPLOAD_TEXT = b"Hillside board note\n\n1 Ask every surgery to name a safeguarding lead\n"


def test_upload_disabled_without_a_configured_token(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(uploads.TOKEN_VARIABLE, raising=False)
    response = client.post("/documents", files={"files": ("note.txt", UPLOAD_TEXT)})
    body = problem(response, 403)
    assert uploads.TOKEN_VARIABLE in body["detail"]
    assert client.get("/stats").json()["documents"] == 2


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_upload_needs_the_right_bearer_token(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, header: str | None
) -> None:
    monkeypatch.setenv(uploads.TOKEN_VARIABLE, TOKEN)
    headers = {"Authorization": header} if header else {}
    response = client.post("/documents", files={"files": ("note.txt", UPLOAD_TEXT)}, headers=headers)
    problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/stats").json()["documents"] == 2


def test_upload_loads_each_file_and_reports_failures(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(uploads.TOKEN_VARIABLE, TOKEN)
    files = [("files", ("hillside_note.txt", UPLOAD_TEXT)), ("files", ("empty.txt", b""))]
    response = client.post("/documents", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    results = {r["file"]: r for r in response.json()["results"]}
    assert results["hillside_note.txt"]["status"] == "loaded"
    assert results["empty.txt"]["status"] == "failed"
    assert "empty" in results["empty.txt"]["reason"]
    assert response.json()["failed"] == 1
    # the graph follows the store: the new document is served at once
    assert "hillside_note.txt" in [d["id"] for d in client.get("/documents").json()["items"]]
    again = client.post("/documents", files=files[:1], headers={"Authorization": f"Bearer {TOKEN}"})
    assert again.json()["results"][0]["status"] == "unchanged"


def test_upload_over_the_size_limit_is_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(uploads.TOKEN_VARIABLE, TOKEN)
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1000)
    big = b"word " * 400
    response = client.post(
        "/documents", files={"files": ("big.txt", big)}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    body = problem(response, 413)
    assert "MB" in body["detail"]
    assert client.get("/stats").json()["documents"] == 2


def test_upload_without_files_or_with_a_hidden_name(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(uploads.TOKEN_VARIABLE, TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    problem(client.post("/documents", data={"other": "x"}, headers=auth), 400)
    problem(client.post("/documents", files={"files": (".hidden.txt", UPLOAD_TEXT)}, headers=auth), 400)
    traversal = client.post("/documents", files={"files": ("../../escape.txt", UPLOAD_TEXT)}, headers=auth)
    assert traversal.json()["results"][0]["file"] == "escape.txt"


def test_page_upload_form_uses_the_same_token(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(uploads.TOKEN_VARIABLE, TOKEN)
    refused = client.post("/pages/documents", data={"token": "nope"}, files={"files": ("n.txt", UPLOAD_TEXT)})
    assert refused.status_code == 401
    assert "token" in refused.text.lower()
    accepted = client.post("/pages/documents", data={"token": TOKEN}, files={"files": ("n.txt", UPLOAD_TEXT)})
    assert accepted.status_code == 200
    assert re.search(r"<td>n\.txt</td><td[^>]*>loaded", accepted.text)


# --- queries --------------------------------------------------------------------------------


def test_shared_accountability_query(client: TestClient) -> None:
    found = client.get("/queries/shared-accountability").json()
    assert found["total"] == 3
    assert {(r["area"], r["recommendation"]) for r in found["items"]} == {
        ("Lakeside", "3"),
        ("Riverton", "1.1"),
        ("Riverton", "2.1"),
    }
    mine = client.get("/queries/shared-accountability?org=RHT").json()
    assert {r["recommendation"] for r in mine["items"]} == {"1.1", "1.2"}
    second = client.get("/queries/shared-accountability?org=RHT&limit=1&offset=1").json()
    assert (second["total"], second["limit"], second["offset"]) == (2, 1, 1)
    assert [r["recommendation"] for r in second["items"]] == [mine["items"][1]["recommendation"]]
    problem(client.get("/queries/shared-accountability?org=Nobody%20At%20All"), 404)


def test_co_accountability_query(client: TestClient) -> None:
    body = client.get("/queries/co-accountability").json()
    pairs = {(p["first"], p["second"], p["weight"]) for p in body["pairs"]["items"]}
    assert body["organisations"]["total"] == len(body["organisations"]["items"])
    assert ("Riverton Clinical Commissioning Group", RIVERTON_TRUST, 1) in pairs
    assert client.get("/queries/co-accountability").json() == body  # seeded: repeatable


def test_themes_query_keeps_themes_of_two_areas(client: TestClient) -> None:
    body = client.get("/queries/themes?min_areas=2").json()
    assert [t["theme"] for t in body["items"]] == ["health-assessments"]
    assert problem(client.get("/queries/themes?min_areas=0"), 422)


def test_similar_and_like_queries(client: TestClient) -> None:
    similar = client.get("/queries/similar?min_areas=1&threshold=0.2").json()
    assert similar["total"] == len(similar["items"]) and similar["limit"] == 50
    like = client.get("/queries/like/Riverton%201.1").json()
    assert all(item["node"] != "Recommendation:riverton-2018-04:1-1" for item in like)
    problem(client.get("/queries/like/Riverton%209.9"), 404)


def test_dependencies_and_path_queries(client: TestClient) -> None:
    deps = client.get("/queries/dependencies?org=RCCG").json()
    assert deps["organisation"] == "Riverton Clinical Commissioning Group"
    hops = client.get("/queries/path", params={"from": "Riverton CCG", "to": RIVERTON_COUNCIL}).json()
    assert hops and all(h["explanation"] for h in hops)
    problem(client.get("/queries/path", params={"from": "RCCG"}), 422)


def test_gaps_query_as_of_a_date(client: TestClient) -> None:
    before = client.get("/queries/gaps?as_of=2017-01-01").json()
    after = client.get("/queries/gaps?as_of=2017-06-01").json()
    assert before["counts"]["overdue action"] == 0
    assert after["counts"]["overdue action"] == 1
    assert after["counts"]["recommendation without action"] == 1
    assert after["total"] == sum(after["counts"].values())
    overdue = client.get("/queries/gaps?as_of=2017-06-01&kind=overdue action").json()
    assert [i["kind"] for i in overdue["items"]] == ["overdue action"]
    named = client.get("/queries/gaps?as_of=2017-06-01&org=RCCG").json()
    assert all("Riverton Clinical Commissioning Group" in i["organisations"] for i in named["items"])
    problem(client.get("/queries/gaps?as_of=someday"), 422)


def test_organisation_profile_and_progress_queries(client: TestClient) -> None:
    profile = client.get("/queries/org/LCT").json()
    assert profile["name"] == "Lakeside Community NHS Trust"
    history = client.get("/queries/progress/riverton_plan.txt").json()
    assert history["document"] == "riverton_plan.txt"
    problem(client.get("/queries/progress/nothing.txt"), 404)


def test_search(client: TestClient) -> None:
    hits = client.get("/search?q=school%20nurse%20training").json()
    assert hits["items"][0]["area"] == "Lakeside"
    assert hits["total"] >= len(hits["items"]) > 0
    assert client.get("/search?q=health&area=Riverton").json()["items"][0]["area"] == "Riverton"
    rest = client.get("/search?q=school%20nurse%20training&offset=1").json()
    assert rest["items"] == hits["items"][1:]
    problem(client.get("/search?q=a"), 400)
    problem(client.get("/search"), 422)
    problem(client.get("/search?q=health&theme=nothing-like-it"), 404)


# --- maps, plots, docs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/maps/co-accountability",
        "/maps/co-accountability?area=Riverton",
        "/maps/organisations/RHT",
        "/maps/themes",
        "/maps/themes?theme=training",
        "/maps/reviews/riverton:2018-04",
    ],
)
def test_maps_are_served_as_html(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert re.search(r"Showing \d+ of \d+ nodes", response.text)
    # the browser itself refuses anything from another site
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy
    assert "script-src 'self';" in policy  # no inline script runs: the maps' code is /static/map.js
    assert "/static/map.js" in response.text


def test_served_maps_offer_filters_and_a_node_limit(client: TestClient) -> None:
    page = client.get("/maps/co-accountability?area=Riverton&limit=2").text
    assert "Showing 2 of 3 nodes (the most connected)" in page
    assert '<input id="limit" name="limit" type="number" min="1" max="5000" value="2">' in page
    assert "<option selected>Riverton</option>" in page and "<option>Lakeside</option>" in page
    themes = client.get("/maps/themes?theme=training").text
    assert "<option selected>training</option>" in themes
    assert 'href="/"' in themes  # a way back to the site


def test_unknown_map_subject_is_an_html_problem_page(client: TestClient) -> None:
    response = client.get("/maps/organisations/Riverton%20Hospital")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert RIVERTON_TRUST in response.text


def test_theme_heatmap_images(client: TestClient) -> None:
    png = client.get("/plots/themes.png")
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    svg = client.get("/plots/themes.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content
    problem(client.get("/plots/themes.gif"), 404)


def test_docs_page_is_offline_and_lists_every_endpoint(client: TestClient) -> None:
    page = client.get("/docs").text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    schema = client.get("/openapi.json").json()
    for path in (
        "/recommendations",
        "/organisations/{name}",
        "/queries/gaps",
        "/search",
        "/maps/co-accountability",
    ):
        assert path in schema["paths"]
        assert f"<code>GET {path}</code>" in page
    assert "bearer" in schema["components"]["securitySchemes"]
    organisation = schema["paths"]["/recommendations"]["get"]["parameters"][1]
    assert organisation["schema"]["examples"] == ["LCFT"]
    assert "<code>LCFT</code>" in page
    example = schema["paths"]["/recommendations"]["get"]["responses"]["200"]["content"]["application/json"]
    assert example["example"]["items"][0]["recommendation"] == "4.2"
    assert client.get("/redoc").status_code == 404


def test_unknown_path_is_a_problem(client: TestClient) -> None:
    body = problem(client.get("/no/such/thing"), 404)
    assert "/no/such/thing" in body["detail"]


# --- pages ----------------------------------------------------------------------------------


def test_home_page_counts_and_links(client: TestClient) -> None:
    page = client.get("/").text
    assert '<a class="skip" href="#content">' in page
    assert re.search(r"<strong>4</strong> recommendations", page)
    assert f'href="/pages/organisations/Riverton%20Hospitals%20NHS%20Trust">{RIVERTON_TRUST}</a>' in page
    assert 'action="/pages/search"' in page
    assert 'href="/maps/co-accountability"' in page


def test_organisation_page(client: TestClient) -> None:
    page = client.get("/pages/organisations/RHT").text
    assert f"<h1>{RIVERTON_TRUST}</h1>" in page
    assert "Riverton Clinical Commissioning Group" in page
    assert '<span class="status">in progress</span>' in page
    assert "RAG: amber" in page  # RAG in words, not colour alone
    assert "overdue action" in page
    assert 'src="/maps/organisations/Riverton%20Hospitals%20NHS%20Trust"' in page


def test_organisation_page_for_an_unknown_name_links_suggestions(client: TestClient) -> None:
    response = client.get("/pages/organisations/Riverton%20Hospital%20Trust")
    assert response.status_code == 404
    assert 'href="/pages/organisations/Riverton%20Hospitals%20NHS%20Trust"' in response.text


def test_recommendation_page_highlights_the_source_line(client: TestClient) -> None:
    page = client.get("/pages/recommendations/riverton-2018-04:1-1").text
    marked = re.findall(r"<mark>(.*?)</mark>", page, re.S)
    assert len(marked) == 1
    assert "line 4" in marked[0] and "timely health check" in marked[0]
    assert "the named nurse will chase" in page


def test_document_text_never_becomes_markup(client: TestClient) -> None:
    for url in (
        "/pages/recommendations/riverton-2018-04:1-2",
        "/pages/organisations/RHT",
        "/pages/reviews/riverton:2018-04",
    ):
        page = client.get(url).text
        assert SCRIPT_PAYLOAD not in page and IMG_PAYLOAD not in page, url
        assert "&lt;script&gt;" in page, url


def test_theme_review_documents_source_and_search_pages(client: TestClient) -> None:
    theme = client.get("/pages/themes/health-assessments").text
    assert 'src="/plots/themes.png"' in theme and "health checks" in theme
    review = client.get("/pages/reviews/riverton:2018-04").text
    assert "Riverton Safeguarding Board" in review
    documents = client.get("/pages/documents").text
    assert "a made-up warning for the documents page" in documents
    assert "Uploads are switched off" in documents
    source = client.get("/pages/documents/lakeside_briefing.txt/source?line=5").text
    assert re.search(r"<mark>.*book the training days", source, re.S)
    search = client.get("/pages/search?q=school%20nurse").text
    assert "result(s) for" in search and "/pages/recommendations/lakeside-2019-09:3" in search
    listings = [client.get(f"/pages/{what}").status_code for what in ("organisations", "themes", "reviews")]
    assert listings == [200, 200, 200]


# --- the real corpus ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_client(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with Store(db) as store:
        load_paths(store, [corpus_dir])
    with TestClient(create_app(db), base_url="http://localhost") as test_client:
        yield test_client


def test_corpus_pages_answer(corpus_client: TestClient) -> None:
    stats = corpus_client.get("/stats").json()
    assert stats["documents"] == 5
    orgs = corpus_client.get("/organisations?limit=500").json()["items"]
    assert orgs
    for org in orgs:
        page = corpus_client.get(f"/pages/organisations/{org['name']}")
        assert page.status_code == 200, org["name"]
        # the page of that very organisation
        assert f"<h1>{escape(org['name'])}</h1>" in page.text
        assert corpus_client.get(f"/maps/organisations/{org['name']}").status_code == 200
    recs = corpus_client.get("/recommendations?limit=500").json()["items"]
    for rec in recs[:10]:
        page = corpus_client.get(f"/pages/recommendations/{rec['id']}").text
        assert "<mark>" in page
    for review in corpus_client.get("/reviews").json()["items"]:
        assert corpus_client.get(f"/pages/reviews/{review['id']}").status_code == 200


def test_every_link_on_review_pages_answers(corpus_client: TestClient) -> None:
    reviews = corpus_client.get("/reviews").json()["items"]
    assert len(reviews) == 4
    for review in reviews:
        page = corpus_client.get(f"/pages/reviews/{review['id']}")
        assert page.status_code == 200
        links = set(re.findall(r'href="(/pages/recommendations/[^"]+)"', page.text))
        broken = [link for link in links if corpus_client.get(link).status_code != 200]
        assert not broken, f"review {review['id']} links to missing pages: {broken}"


def test_no_page_reachable_from_home_links_to_a_missing_page(corpus_client: TestClient) -> None:
    """Follow every internal page link from the home page (breadth first, bounded)."""
    seen, queue, broken = {"/"}, ["/"], []
    while queue and len(seen) < 400:
        url = queue.pop(0)
        response = corpus_client.get(url)
        if response.status_code != 200:
            broken.append(url)
            continue
        for link in re.findall(r'href="(/pages/[^"#?]+)"', response.text):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert len(seen) > 50
    assert not broken, f"pages linked but missing: {broken[:10]}"
