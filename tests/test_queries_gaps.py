"""Gaps and overdue actions, grouped by organisation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph_support import corpus_graph, gold_graph, gold_json, small_graph

from graph.queries import gaps
from graph.queries.gaps import NO_ORGANISATION, due_date


def kinds_of(report, kind: str) -> list[tuple[str | None, str | None]]:
    return [(i.area, i.recommendation) for i in report.items if i.kind == kind]


def test_each_kind_of_gap() -> None:
    report = gaps(small_graph(), as_of=date(2020, 1, 1))
    assert kinds_of(report, "recommendation without action") == [("Northshire", "2.1")]
    assert kinds_of(report, "action without lead") == [("Southvale", "3.1")]
    assert kinds_of(report, "action without assurance") == [("Northshire", "1.2"), ("Southvale", "3.1")]
    assert kinds_of(report, "action without timescale") == [("Southvale", "3.1")]
    # the Southvale commissioner is addressed but leads nothing; so is the Northshire one
    assert [i.text for i in report.items if i.kind == "organisation without own action"] == [
        "Northshire Clinical Commissioning Group",
        "Southvale Clinical Commissioning Group",
        "Southvale Community NHS Trust",
    ]


def test_action_reported_as_an_organisations_work_has_a_lead() -> None:
    from graph_support import action, northshire_plan, stored

    from graph.build import build_graph

    plan = northshire_plan()
    plan.actions = [
        action("NHT now checks every toddler for bruises", organisations=["NHT"]),
        action("Someone will look at bruising again"),
    ]
    report = gaps(build_graph([stored(plan)]), as_of=date(2019, 1, 1))
    assert [i.text for i in report.items if i.kind == "action without lead"] == [
        "Someone will look at bruising again"
    ]


def test_overdue_depends_on_the_day_and_completion() -> None:
    g = small_graph()
    # 1.2's audit is due September 2019 and not completed; 1.1's workshops are completed
    assert kinds_of(gaps(g, as_of=date(2019, 9, 30)), "overdue action") == []
    assert kinds_of(gaps(g, as_of=date(2019, 10, 1)), "overdue action") == [("Northshire", "1.2")]
    assert kinds_of(gaps(g, as_of=date(2021, 1, 1)), "overdue action") == [("Northshire", "1.2")]


def test_grouped_by_organisation() -> None:
    report = gaps(small_graph(), as_of=date(2020, 1, 1))
    grouped = report.by_organisation
    assert next(iter(grouped)) == "Northshire Clinical Commissioning Group"
    assert NO_ORGANISATION not in grouped
    trust = [i.kind for i in grouped["Northshire Hospitals NHS Trust"]]
    assert trust == ["action without assurance", "overdue action"]
    as_json = report.to_json()
    assert as_json["as_of"] == "2020-01-01" and as_json["counts"]["overdue action"] == 1


def test_due_date_of_month_and_day() -> None:
    assert due_date("2017-02") == date(2017, 2, 28)
    assert due_date("2016-12-05") == date(2016, 12, 5)
    assert due_date("next spring") is None and due_date(None) is None


def expected_overdue(gold_dir: Path, as_of: date) -> int:
    """Overdue actions on numbered recommendations, by the gold (findings carry no timescale there)."""
    count = 0
    for gold in gold_json(gold_dir):
        for action in [a for rec in gold["recommendations"] for a in rec.get("actions", [])]:
            due = due_date(action.get("timescale"))
            count += bool(due and due < as_of and action.get("status") != "completed")
    return count


def overdue_on_recommendations(g, as_of: date) -> int:
    return sum(1 for i in gaps(g, as_of).items if i.kind == "overdue action" and i.recommendation)


def test_gold_overdue_count(gold_dir: Path) -> None:
    as_of = date(2017, 4, 1)
    expected = expected_overdue(gold_dir, as_of)
    assert expected > 20
    assert overdue_on_recommendations(gold_graph(gold_dir), as_of) == expected


def test_corpus_overdue_count_matches_gold(corpus_dir: Path, gold_dir: Path) -> None:
    as_of = date(2017, 4, 1)
    assert overdue_on_recommendations(corpus_graph(corpus_dir), as_of) == expected_overdue(gold_dir, as_of)
