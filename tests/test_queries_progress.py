"""Progress over time from the store's versions of one plan (real SQLite store)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graph_support import action, northshire_plan

from graph.queries import progress
from graph.store import Store


def quarter_two_plan():
    plan = northshire_plan()
    first, second = plan.recommendations[0], plan.recommendations[1]
    second.actions[0].status = "completed"
    second.actions[0].timescale = "2019-12"
    first.actions = []  # the workshops row was dropped from the plan
    plan.recommendations[2].actions = [action("Draft the yearly report", line=31, status="on track")]
    return plan


def test_status_history_and_changes_between_versions(tmp_path: Path) -> None:
    with Store(tmp_path / "store.db", create=True) as store:
        store.put("north_plan.txt", b"first quarter", northshire_plan())
        store.put("north_plan.txt", b"second quarter", quarter_two_plan())
        report = progress(store.history("north_plan.txt"))
    assert [v.version for v in report.versions] == [1, 2]
    assert report.versions[1].current and not report.versions[0].current
    histories = {(a.owner, a.text): a.states for a in report.actions}
    audit = histories[("recommendation 1.2", "Audit a sample of bruising referrals")]
    assert [s.status if s else None for s in audit] == [None, "completed"]
    workshops = histories[("recommendation 1.1", "Run bruising workshops for ward nurses")]
    assert workshops[0] is not None and workshops[1] is None
    (change,) = report.changes
    assert change.added == ("recommendation 2.1: Draft the yearly report",)
    assert change.removed == ("recommendation 1.1: Run bruising workshops for ward nurses",)
    assert [(c.field, c.before, c.after) for c in change.changed] == [
        ("status", None, "completed"),
        ("timescale", "2019-09", "2019-12"),
    ]


def test_edited_wording_keeps_its_history(tmp_path: Path) -> None:
    edited = northshire_plan()
    edited.recommendations[1].actions[0].text = "Audit twenty bruising referrals"
    with Store(tmp_path / "store.db", create=True) as store:
        store.put("north_plan.txt", b"v1", northshire_plan())
        store.put("north_plan.txt", b"v2", edited)
        report = progress(store.history("north_plan.txt"))
    (change,) = report.changes
    assert change.added == () and change.removed == ()
    assert len(report.actions) == 2


def test_single_version_has_no_changes_and_empty_history_is_an_error(tmp_path: Path) -> None:
    with Store(tmp_path / "store.db", create=True) as store:
        store.put("north_plan.txt", b"v1", northshire_plan())
        report = progress(store.history("north_plan.txt"))
    assert report.changes == () and len(report.actions) == 2
    with pytest.raises(ValueError, match="no stored version"):
        progress([])
