"""`sgraph query ...` and `sgraph search` against a real SQLite store of hand-built plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from graph_support import northshire_plan, southvale_plan

from api.cli_query import query
from api.cli_search import search
from graph.store import Store


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    with Store(path, create=True) as store:
        store.put("north_plan.txt", b"north", northshire_plan())
        store.put("south_plan.txt", b"south", southvale_plan())
    return path


def run(command, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.output


def test_shared_accountability_json_and_table(db: Path) -> None:
    code, out = run(query, "shared-accountability", "--json", "--db", str(db))
    assert code == 0
    answer = json.loads(out)
    assert (answer["total"], answer["limit"], answer["offset"]) == (3, 100, 0)
    rows = answer["items"]
    assert [(r["area"], r["recommendation"]) for r in rows] == [
        ("Northshire", "1.1"),
        ("Northshire", "1.2"),
        ("Southvale", "3.1"),
    ]
    assert all({"area", "recommendation", "text", "organisations"} <= set(r) for r in rows)
    code, out = run(query, "shared-accountability", "--org", "NCCG", "--db", str(db))
    assert code == 0 and "3 recommendations addressed to NCCG" in out and "Quality Panel" in out
    page = ("--json", "--limit", "1", "--offset", "2")
    code, out = run(query, "shared-accountability", *page, "--db", str(db))
    assert [(r["area"], r["recommendation"]) for r in json.loads(out)["items"]] == [("Southvale", "3.1")]
    code, out = run(query, "shared-accountability", "--limit", "1", "--db", str(db))
    assert "showing 1-1 of 3" in out


def test_unknown_organisation_exits_1_with_close_matches(db: Path) -> None:
    for args in (
        ("shared-accountability", "--org", "Northshire Hospital Trusts"),
        ("org", "Northshire Hospital Trusts"),
        ("dependencies", "--org", "Northshire Hospital Trusts"),
        ("path", "Northshire Hospital Trusts", "NCCG"),
    ):
        code, out = run(query, *args, "--db", str(db))
        assert code == 1, args
        assert "unknown organisation 'Northshire Hospital Trusts'" in out
        assert "Close matches: Northshire Hospitals NHS Trust" in out


def test_themes_json(db: Path) -> None:
    code, out = run(query, "themes", "--json", "--db", str(db))
    assert code == 0
    (training,) = json.loads(out)["items"]
    assert training["theme"] == "training" and training["areas"] == ["Northshire", "Southvale"]
    assert training["count"] == 2 and len(training["examples"]) == 2
    code, out = run(query, "themes", "--min-areas", "1", "--json", "--db", str(db))
    assert json.loads(out)["total"] == 4


def test_similar_co_accountability_dependencies_path(db: Path) -> None:
    code, out = run(query, "similar", "--threshold", "0.5", "--json", "--db", str(db))
    assert code == 0 and json.loads(out)["items"][0]["areas"] == ["Northshire", "Southvale"]
    code, out = run(query, "similar", "--like", "Northshire 1.1", "--top", "1", "--json", "--db", str(db))
    assert [i["recommendation"] for i in json.loads(out)] == ["3.1"]
    code, out = run(query, "co-accountability", "--json", "--db", str(db))
    network = json.loads(out)
    assert network["pairs"]["items"][0]["weight"] == 2
    wide = CliRunner(env={"COLUMNS": "250"}).invoke(query, ["co-accountability", "--db", str(db)]).output
    # the table numbers each organisation's community as --json does
    for organisation in network["organisations"]["items"]:
        row = next(line for line in wide.splitlines() if f"│ {organisation['organisation']} " in line)
        assert row.strip("│ ").split("│")[-1].strip() == str(organisation["community"])
    code, out = run(query, "dependencies", "--org", "NHT", "--db", str(db))
    assert code == 0 and "Commissioned by: Northshire County Council" in out
    code, out = run(query, "path", "Northshire County Council", "NCCG", "--db", str(db))
    assert code == 0 and out.startswith(
        "1. Northshire County Council commissions Northshire Hospitals NHS Trust"
    )
    code, out = run(query, "path", "NCCG", "Southvale CCG", "--db", str(db))
    assert code == 0 and "Nothing links" in out


def test_gaps_and_org(db: Path) -> None:
    code, out = run(query, "gaps", "--as-of", "2019-10-01", "--json", "--db", str(db))
    gaps = json.loads(out)
    assert code == 0 and gaps["counts"]["overdue action"] == 1
    assert gaps["total"] == sum(gaps["counts"].values()) == len(gaps["items"])
    code, out = run(query, "gaps", "--as-of", "soon", "--db", str(db))
    assert code == 2 and "not a date" in out
    code, out = run(query, "org", "nccg", "--json", "--db", str(db))
    profile = json.loads(out)
    assert profile["name"] == "Northshire Clinical Commissioning Group"
    assert [r["recommendation"] for r in profile["accountable_jointly"]["items"]] == ["1.1", "1.2"]
    code, out = run(query, "org", "nccg", "--db", str(db))
    # the table lists the gaps it counts (2.1 has no action)
    assert f"Gaps naming it (as of today): {profile['gaps']['total']}" in out
    assert "recommendation" in out and "without action" in out


def test_progress_of_a_stored_plan(db: Path) -> None:
    plan = northshire_plan()
    plan.recommendations[1].actions[0].status = "on track"
    with Store(db) as store:
        store.put("north_plan.txt", b"north, later", plan)
    code, out = run(query, "progress", "north_plan.txt", "--json", "--db", str(db))
    assert code == 0
    (change,) = json.loads(out)["changes"]
    assert change["changed"][0]["after"] == "on track"
    code, out = run(query, "progress", "north_plan.txt", "--db", str(db))
    assert out.startswith("north_plan.txt: 2 stored versions, 2 actions, 1 change between versions")
    code, out = run(query, "progress", "north_plans.txt", "--db", str(db))
    assert code == 1 and "Close matches: north_plan.txt" in out


def test_search_ranked_with_filters(db: Path) -> None:
    code, out = run(search, "bruising referrals", "--json", "--db", str(db))
    assert code == 0 and json.loads(out)["items"][0]["text"] == "Audit a sample of bruising referrals"
    code, out = run(search, "bruising", "--area", "Southvale", "--json", "--db", str(db))
    assert {h["area"] for h in json.loads(out)["items"]} == {"Southvale"}
    code, out = run(search, "bruising", "--theme", "bruises", "--db", str(db))
    assert code == 1 and "unknown theme" in out


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    code, out = run(query, "themes", "--db", str(tmp_path / "absent.db"))
    assert code == 1 and "absent.db" in out


@pytest.mark.parametrize("command", [["gaps"], ["actions"]])
def test_a_day_that_does_not_exist_is_refused_by_name(db: Path, command: list[str]) -> None:
    status, output = run(query, *command, "--as-of", "2017-02-29", "--db", str(db))
    assert status == 2
    assert "'2017-02-29' is not a date like 2017-06-30" in output
