"""Recommendations without a number, as the queries and pages show them (all wording invented).

How they become nodes is in ``test_build.py``; here: they are cited by their first words
wherever a number would be, and a search by the area's name alone never finds one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from graph_support import action, hand_written, northshire_plan, rec, stored
from web_support import RIVERTON_TRUST, fill_store, riverton_plan

from api.app import create_app
from graph.build import build_graph
from graph.queries import UnknownName, gaps, resolve_recommendation, shared_accountability
from graph.store import Store
from loaders.records import Extraction

CONTACT = "Give every foster carer a named health contact"
DENTAL = "Keep dental check dates in the child's record"


@hand_written
def unnumbered_plan() -> Extraction:
    plan = northshire_plan()
    plan.file = "north_tracker.csv"
    plan.recommendations = [
        rec("", CONTACT, "NCCG", "NHT", line=2, actions=[action("Name them", line=2, lead="NHT")]),
        rec("", DENTAL, "NCCG", line=3),
        rec("4.2", "Share the health plan with the school", "NCCG", line=4),
    ]
    return plan


def test_queries_cite_an_unnumbered_recommendation_by_its_first_words() -> None:
    g = build_graph([stored(unnumbered_plan())])
    (shared,) = shared_accountability(g, min_orgs=2)
    assert shared.recommendation == CONTACT
    council_gap = next(i for i in gaps(g).items if "leads no action" in i.detail and "Clinical" in i.text)
    assert council_gap.detail == f"addressed by {CONTACT}, {DENTAL}, 4.2; leads no action"
    assert g.nodes[resolve_recommendation(g, DENTAL)]["text"] == DENTAL
    assert resolve_recommendation(g, "4.2").endswith(":4-2")
    with pytest.raises(UnknownName):
        resolve_recommendation(g, "Northshire")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "web.db"
    fill_store(db)
    tracker = riverton_plan()
    tracker.file = "riverton_tracker.csv"
    tracker.recommendations = [
        rec("", "Phone every foster carer each quarter", RIVERTON_TRUST, line=1),
        rec("", "Print the consent leaflet in more languages", RIVERTON_TRUST, line=2),
    ]
    text = "Phone every foster carer each quarter\nPrint the consent leaflet in more languages\n"
    with Store(db) as store:
        store.put("riverton_tracker.csv", text.encode(), tracker)
    with TestClient(create_app(db), base_url="http://localhost") as test_client:
        yield test_client


def test_pages_title_an_unnumbered_recommendation_by_its_first_words(client: TestClient) -> None:
    organisation = client.get(f"/pages/organisations/{RIVERTON_TRUST}").text
    assert "Recommendation Phone every foster carer each quarter</a>" in organisation
    assert "Recommendation Print the consent leaflet in more languages</a>" in organisation
    assert "Recommendation </a>" not in organisation
    found = client.get("/pages/search", params={"q": "consent leaflet"}).text
    assert "Recommendation Print the consent leaflet in more languages" in found
    assert "Recommendation </" not in found
