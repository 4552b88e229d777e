"""A store holding every kind of bad value (written by an older sgraph, or edited by hand) never
makes a query, API answer or page fail: each bad value is left out, the rest is answered."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.queries.gaps import due_date
from graph.store import Store
from loaders.records import Extraction

BAD_DATES = ["2017-02-29", "2099-13", "0000-00-00", "9999", "Mar-99", "Qtr 9 2017", "", "2017-1", "x" * 300]


def _action(number: int, timescale: object, **bad: object) -> dict[str, object]:
    return {
        "text": f"Run audit number {number} of health assessments for looked after children",
        "lead": bad.get("lead", "Northshire CCG"),
        "timescale_raw": str(timescale),
        "timescale": timescale,
        "status": bad.get("status", "in progress"),
        "rag": bad.get("rag", "green"),
        "location": bad.get("location", {"line": number}),
    }


def _bad_extraction() -> dict[str, object]:
    actions = [_action(n, value) for n, value in enumerate(BAD_DATES, 1)]
    actions += [
        _action(20, 2017),  # a number where text belongs
        _action(21, "2017-03", status="weird"),  # outside the status vocabulary
        _action(22, "2017-03", rag="purple"),
        _action(23, "2017-03", lead=None, location={"line": -5, "page": 10**12}),
        _action(24, None, lead="\x00\u202e<script>alert(1)</script>"),
    ]
    return {
        "file": "bad-values.txt",
        "format": "text",
        "area": "Northshire",
        "document_kind": "action plan",
        "document_date": "2017-02-30",
        "review": {"fieldwork": "2016-13", "published": "not a date", "recommendations_stated": -3,
                   "status_counts": {"completed": "many"}},
        "organisations": [{"canonical": "Northshire CCG", "type": "CCG"}, {"canonical": ""}],
        "recommendations": [
            {"id": "4.2", "text": "Make sure every child has a health plan",
             "addressed_to": ["Northshire CCG"], "actions": actions, "expected_outcomes": "several",
             "cross_refs": ["4.2", "99.99"]},
            {"id": "", "text": None, "addressed_to": ["Nobody Known"]},
            {"id": "4.3", "addressed_to": [], "themes": ["no-such-theme"]},
        ],
        "findings": [{"text": "", "organisations": ["Northshire CCG"]}],
        "actions": [_action(30, "2017-02-29")],
        "commissions": [["Northshire CCG", ""]],
        "warnings": [],
    }


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("bad") / "store.db"
    good = corpus_dir / "003_7d4caad513cc8324.txt"
    with Store(db) as store:
        store.put("bad-values.txt", b"placeholder", Extraction(file="bad-values.txt"))
        store.put(good.name, good.read_bytes(), Extraction(file=good.name))
    with sqlite3.connect(db) as conn:
        # written as it might be by hand or by another version: no validation on the way in
        conn.execute("UPDATE versions SET extraction = ? WHERE document_id = 'bad-values.txt'",
                     (json.dumps(_bad_extraction()),))
        conn.execute("UPDATE store_state SET revision = revision + 1")
    app = create_app(db)
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as test_client:
        yield test_client


def _urls(client: TestClient) -> list[str]:
    """Every reading endpoint and page, once per node it can show."""
    ids = {
        kind: [item[key] for item in client.get(f"/{kind}?limit=500").json()["items"]]
        for kind, key in (("reviews", "id"), ("recommendations", "id"), ("themes", "theme"))
    }
    orgs = [item["name"] for item in client.get("/organisations?limit=500").json()["items"]]
    urls = [
        "/stats", "/reviews", "/recommendations", "/organisations", "/themes", "/documents",
        "/recommendations?year=2017&status=completed&area=Northshire", "/plots/themes.png",
        "/plots/themes.svg", "/search?q=health", "/search?q=health&year=2017",
        "/queries/shared-accountability", "/queries/co-accountability", "/queries/themes",
        "/queries/similar", "/queries/gaps", "/queries/gaps?as_of=2017-04-01",
        "/queries/progress/bad-values.txt", "/documents/bad-values.txt",
        "/documents/bad-values.txt/text", "/", "/pages/search?q=audit", "/pages/organisations",
        "/pages/themes", "/pages/reviews", "/pages/documents",
        "/pages/documents/bad-values.txt/source?line=-5&page=1000000000000",
        "/maps/co-accountability", "/maps/themes",
    ]
    for rec in ids["recommendations"]:
        urls += [f"/recommendations/{quote(rec, safe='')}", f"/pages/recommendations/{quote(rec, safe='')}",
                 f"/queries/like/{quote(rec, safe='')}"]
    for review in ids["reviews"]:
        urls += [f"/{prefix}/{quote(review)}" for prefix in ("reviews", "pages/reviews", "maps/reviews")]
    for theme in ids["themes"]:
        urls += [f"/themes/{theme}", f"/pages/themes/{theme}"]
    for org in orgs:
        name = quote(org, safe="")
        urls += [f"/organisations/{name}", f"/pages/organisations/{name}", f"/maps/organisations/{name}",
                 f"/queries/org/{name}", f"/queries/dependencies?org={name}"]
    if len(orgs) > 1:
        urls.append(f"/queries/path?from={quote(orgs[0])}&to={quote(orgs[-1])}")
    return urls


def test_every_query_and_page_answers_over_stored_bad_values(client: TestClient) -> None:
    urls = _urls(client)
    assert len(urls) > 60
    answers = {url: client.get(url).status_code for url in urls}
    failures = {url: status for url, status in answers.items() if status >= 500}
    assert failures == {}
    assert "Northshire CCG" in client.get("/organisations?limit=500").text


def test_the_valid_parts_of_a_document_with_bad_values_are_still_answered(client: TestClient) -> None:
    gaps = client.get("/queries/gaps?as_of=2030-01-01&kind=overdue action&limit=500").json()  # paged
    overdue = {
        item["text"].rsplit(" of ", 1)[0]
        for item in gaps["items"]
        if item["kind"] == "overdue action" and item["text"].startswith("Run audit number")
    }
    # real dates are overdue by 2030 (an invalid status left out); impossible ones are no date at all
    assert overdue == {"Run audit number 21", "Run audit number 22", "Run audit number 23"}


@pytest.mark.parametrize("value", BAD_DATES)
def test_a_bad_stored_timescale_is_no_due_date(value: str) -> None:
    assert due_date(value) is None
