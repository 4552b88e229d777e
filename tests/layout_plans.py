"""Plans for the layout-invariance tests: a small typed structure, independent of the extractor.

A :class:`Plan` is what a safeguarding lead would write down: groups of recommendations
addressed to organisations, each recommendation with its actions (leads, apart by ";" when
there are several; responsible officer; assurance routes; timescale; status), expected
outcomes, report paragraphs and references to other recommendations.
``tests/layout_render.py`` writes a plan in every layout family;
``tests/test_layout_invariance.py`` checks that each one reads back to the same facts.

The plans are the hand-gold plans of ``../shared/gold`` (their facts only, read at test time)
and five plans invented here, each with its own wording, column headers and column order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# roles a plan's columns (or labels) can have; "id" is a number column of its own
ROLES = (
    "id",
    "recommendation",
    "report_ref",
    "action",
    "outcome",
    "lead",
    "responsible",
    "assurance",
    "timescale",
    "status",
)


@dataclass(frozen=True)
class Action:
    text: str
    lead: str | None = None
    responsible: str | None = None
    assurance: tuple[str, ...] = ()
    timescale_raw: str | None = None
    timescale: str | None = None  # the ISO reading a person would give
    status_written: str | None = None  # as the plan writes it ("Amber", "Complete")
    status: str | None = None  # its SCHEMA.md value


@dataclass(frozen=True)
class Recommendation:
    id: str
    text: str
    actions: tuple[Action, ...]
    outcomes: tuple[str, ...] = ()
    report_refs: tuple[str, ...] = ()
    cross_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    addressees: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    number: str = ""


@dataclass(frozen=True)
class Plan:
    name: str
    title: str
    groups: tuple[Group, ...]
    # column order and each column's header; label-value layouts use ``labels``
    columns: tuple[str, ...]
    headers: dict[str, str]
    labels: dict[str, str]
    # words a cross-reference is written with ("See also recommendation {}")
    cross_ref_wording: str = "Links to recommendation {}"
    # a printed RAG key (colour -> status words) and what each colour then means
    rag_key: dict[str, str] = field(default_factory=dict)
    # several assurance routes written on one line apart by ";" (else one per line or label)
    routes_on_one_line: bool = False

    def recommendations(self) -> list[Recommendation]:
        return [rec for group in self.groups for rec in group.recommendations]


def status_colour(plan: Plan, action: Action) -> str | None:
    """The RAG colour an action's status is written as, if the plan rates by colour."""
    written = (action.status_written or "").strip().lower()
    return written if written in ("red", "amber", "green", "blue") else None


# ------------------------------------------------------------------------------ invented plans

_ORCHARD = Plan(
    name="orchard",
    title="Orchardvale health partners: action plan after the review of services for children in care",
    columns=(
        "id",
        "recommendation",
        "action",
        "outcome",
        "lead",
        "responsible",
        "assurance",
        "timescale",
        "status",
    ),
    headers={
        "id": "Ref",
        "recommendation": "Recommendation",
        "action": "Action(s) planned",
        "outcome": "Outcome / impact expected",
        "lead": "By whom",
        "responsible": "Responsible officer",
        "assurance": "Assurance route",
        "timescale": "By when",
        "status": "RAG rating",
    },
    labels={
        "recommendation": "Recommendation",
        "action": "Action",
        "outcome": "Expected outcome",
        "lead": "Lead",
        "responsible": "Responsible officer",
        "assurance": "Assurance",
        "timescale": "Timescale",
        "status": "RAG",
    },
    groups=(
        Group(
            number="1",
            addressees=(
                "Orchardvale Clinical Commissioning Group",
                "Orchardvale Hospitals NHS Foundation Trust",
            ),
            recommendations=(
                Recommendation(
                    id="1.1",
                    text="Make sure every young person in care has a dentist they can reach",
                    outcomes=("All children in care registered with a dentist", "Waits under six weeks"),
                    actions=(
                        Action(
                            "Map dental practices that take children in care",
                            "Dental commissioning manager",
                            "Director of Nursing",
                            ("Children in Care Health Group",),
                            "April 2021",
                            "2021-04",
                            "Green",
                            "on track",
                        ),
                        Action(
                            "Publish the map to foster carers",
                            "Fostering liaison nurse",
                            "Director of Nursing",
                            ("Children in Care Health Group",),
                            "30/06/2021",
                            "2021-06-30",
                            "Amber",
                            "in progress",
                        ),
                    ),
                ),
                Recommendation(
                    id="1.2",
                    text="Give foster carers a named health contact for each placement",
                    outcomes=("Carers know whom to call",),
                    cross_refs=("1.1",),
                    actions=(
                        Action(
                            "Add the named contact to each placement letter",
                            "Placement team leader",
                            "Chief Nurse",
                            ("Quality and Safety Committee",),
                            "Qtr 3 2021/22",
                            "2021-12",
                            "Red",
                            "behind",
                        ),
                    ),
                ),
            ),
        ),
        Group(
            number="2",
            addressees=("Orchardvale Borough Council",),
            recommendations=(
                Recommendation(
                    id="2.1",
                    text="Check that health plans are shared with schools within a month",
                    outcomes=("Schools hold current health plans",),
                    actions=(
                        Action(
                            "Audit twenty plans each quarter",
                            "Virtual school head",
                            "Director of Children's Services",
                            ("Corporate Parenting Board",),
                            "Sept 2021",
                            "2021-09",
                            "Blue",
                            "completed",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

_BRACKEN = Plan(
    name="bracken",
    title="Brackenford partnership improvement plan",
    # recommendation wording and id in one compound column, timescale before the lead
    columns=("recommendation", "report_ref", "action", "timescale", "lead", "assurance", "status"),
    headers={
        "recommendation": "Ref / Recommendation",
        "report_ref": "Report paragraph",
        "action": "Actions",
        "timescale": "Due",
        "lead": "Owner",
        "assurance": "Monitoring",
        "status": "Progress",
    },
    labels={
        "recommendation": "Rec",
        "report_ref": "Report paragraph",
        "action": "What we will do",
        "timescale": "Due",
        "lead": "Owner",
        "assurance": "Monitored by",
        "status": "Progress",
    },
    cross_ref_wording="Also see recommendation {}",
    groups=(
        Group(
            number="3",
            addressees=("Brackenford Community Healthcare NHS Trust", "Brackenford City Council"),
            recommendations=(
                Recommendation(
                    id="3.1",
                    text="Ensure school nurses see pupils excluded from school",
                    report_refs=("4.12",),
                    actions=(
                        Action(
                            "Share exclusion lists with the school nursing service weekly",
                            "School nursing team leader",
                            None,
                            ("Brackenford Safeguarding Partnership",),
                            "Dec 2021",
                            "2021-12",
                            "Completed",
                            "completed",
                        ),
                        Action(
                            "Offer each excluded pupil a health review",
                            "School nursing team leader",
                            None,
                            ("Brackenford Safeguarding Partnership",),
                            "March 2022",
                            "2022-03",
                            "On track",
                            "on track",
                        ),
                    ),
                ),
                Recommendation(
                    id="3.2",
                    text="Improve how midwives record the fathers of unborn babies",
                    report_refs=("2.7",),
                    cross_refs=("3.1",),
                    actions=(
                        Action(
                            "Add a partner section to the booking record",
                            "Named midwife",
                            None,
                            ("Maternity governance meeting",),
                            "Qtr 1 2022/23",
                            "2022-06",
                            "Delayed",
                            "behind",
                        ),
                    ),
                ),
                Recommendation(
                    id="3.3",
                    text="Review the training of reception staff on safeguarding",
                    report_refs=("5.1",),
                    actions=(
                        Action(
                            "Run a half-day course for reception staff",
                            "Practice manager",
                            None,
                            ("Training sub group",),
                            "Jan 2022",
                            "2022-01",
                            "In progress",
                            "in progress",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

_HEATH = Plan(
    name="heath",
    title="Heathcombe review action tracker",
    # the RAG key printed with this plan gives the colours its own meaning
    columns=("id", "recommendation", "lead", "action", "assurance", "timescale", "status", "outcome"),
    headers={
        "id": "No.",
        "recommendation": "Recommendations",
        "lead": "Lead officer",
        "action": "Improvement actions",
        "assurance": "Evidence of assurance",
        "timescale": "Target date",
        "status": "BRAG",
        "outcome": "Success measures",
    },
    labels={
        "recommendation": "Recommendation",
        "lead": "Lead officer",
        "action": "Improvement action",
        "assurance": "Evidence of assurance",
        "timescale": "Target date",
        "status": "BRAG",
        "outcome": "Success measure",
    },
    rag_key={"Blue": "Completed", "Green": "On track", "Amber": "Behind", "Red": "Behind"},
    groups=(
        Group(
            number="5",
            addressees=("Heathcombe Clinical Commissioning Group",),
            recommendations=(
                Recommendation(
                    id="5.1",
                    text="Strengthen the designated doctor's time for children in care",
                    outcomes=("Designated doctor has two sessions a week",),
                    actions=(
                        Action(
                            "Agree a job plan with two protected sessions",
                            "Head of Safeguarding",
                            None,
                            ("Quality Committee",),
                            "Feb 2022",
                            "2022-02",
                            "Amber",
                            "behind",
                        ),
                    ),
                ),
                Recommendation(
                    id="5.2",
                    text="Track initial health assessments done within twenty working days",
                    outcomes=("A monthly report shows timeliness", "Late assessments are escalated"),
                    actions=(
                        Action(
                            "Build a monthly timeliness report",
                            "Performance analyst",
                            None,
                            ("Quality Committee",),
                            "31 March 2022",
                            "2022-03-31",
                            "Blue",
                            "completed",
                        ),
                        Action(
                            "Escalate late assessments to the commissioner",
                            "Designated Nurse",
                            None,
                            ("Contract review meeting",),
                            "May 2022",
                            "2022-05",
                            "Green",
                            "on track",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

_WILLOW = Plan(
    name="willow",
    title="Willowmere safeguarding improvement plan",
    # two leads and two assurance routes on one line, apart by ";"
    routes_on_one_line=True,
    columns=(
        "recommendation",
        "outcome",
        "action",
        "responsible",
        "lead",
        "timescale",
        "assurance",
        "status",
    ),
    headers={
        "recommendation": "Recommendation",
        "outcome": "Expected outcomes",
        "action": "Steps to be taken",
        "responsible": "Accountable director",
        "lead": "Responsible lead",
        "timescale": "Completion date",
        "assurance": "Governance",
        "status": "Status",
    },
    labels={
        "recommendation": "Recommendation",
        "outcome": "Expected outcome",
        "action": "Step",
        "responsible": "Accountable director",
        "lead": "Responsible lead",
        "timescale": "Completion date",
        "assurance": "Governance",
        "status": "Status",
    },
    groups=(
        Group(
            number="6",
            addressees=("Willowmere Partnership NHS Foundation Trust",),
            recommendations=(
                Recommendation(
                    id="6.1",
                    text="Ask adults seen by the mental health team about children at home",
                    outcomes=("Think family questions asked at every assessment",),
                    actions=(
                        Action(
                            "Add a children at home question to the assessment form",
                            "Clinical Lead; Named Nurse for adult mental health",
                            "Medical Director",
                            ("Mental Health Governance Committee", "Think Family Steering Group"),
                            "Nov 2021",
                            "2021-11",
                            "Complete",
                            "completed",
                        ),
                        Action(
                            "Audit use of the question",
                            "Clinical Lead",
                            "Medical Director",
                            ("Mental Health Governance Committee",),
                            "Feb 2022",
                            "2022-02",
                            "Not on track",
                            "behind",
                        ),
                    ),
                ),
            ),
        ),
        Group(
            number="7",
            addressees=(
                "Willowmere Clinical Commissioning Group",
                "Willowmere Partnership NHS Foundation Trust",
            ),
            recommendations=(
                Recommendation(
                    id="7.1",
                    text="Shorten the wait for emotional health support after self-harm",
                    outcomes=("Follow-up within seven days",),
                    cross_refs=("6.1",),
                    actions=(
                        Action(
                            "Open a same-week follow-up clinic",
                            "Service manager",
                            "Chief Operating Officer",
                            ("Children's Commissioning Board",),
                            "June 2022",
                            "2022-06",
                            "On track",
                            "on track",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

_FENN = Plan(
    name="fenn",
    title="Fennick action plan for health services for looked after children",
    columns=("id", "report_ref", "recommendation", "action", "lead", "timescale", "status"),
    headers={
        "id": "Rec no.",
        "report_ref": "Para",
        "recommendation": "Recommendation",
        "action": "Activity",
        "lead": "Named officer",
        "timescale": "Deadline",
        "status": "RAG status",
    },
    labels={
        "report_ref": "Para",
        "recommendation": "Recommendation",
        "action": "Activity",
        "lead": "Named officer",
        "timescale": "Deadline",
        "status": "RAG status",
    },
    groups=(
        Group(
            number="8",
            addressees=("Fennick Council", "Fennick Clinical Commissioning Group"),
            recommendations=(
                Recommendation(
                    id="8.1",
                    text="Give care leavers a copy of their health history",
                    report_refs=("3.4",),
                    actions=(
                        Action(
                            "Write a health history template with care leavers",
                            "Leaving care nurse",
                            timescale_raw="Oct 2021",
                            timescale="2021-10",
                            status_written="Green",
                            status="on track",
                        ),
                    ),
                ),
                Recommendation(
                    id="8.2",
                    text="Record the voice of the child in every review health assessment",
                    report_refs=("3.9",),
                    actions=(
                        Action(
                            "Add a section for the child's own words to the form",
                            "Named nurse for children in care",
                            timescale_raw="Dec 2021",
                            timescale="2021-12",
                            status_written="Red",
                            status="behind",
                        ),
                        Action(
                            "Train nurses to use the new section",
                            "Named nurse for children in care",
                            timescale_raw="Mar 2022",
                            timescale="2022-03",
                            status_written="Amber",
                            status="in progress",
                        ),
                    ),
                ),
            ),
        ),
    ),
)

INVENTED = (_ORCHARD, _BRACKEN, _HEATH, _WILLOW, _FENN)


# ---------------------------------------------------------------------------------- gold plans

_GOLD_HEADERS = {
    "recommendation": "Recommendation",
    "report_ref": "Reference in report",
    "action": "Action",
    "outcome": "Outcome",
    "lead": "Lead",
    "responsible": "Responsible Officer",
    "assurance": "Assurance",
    "timescale": "Timescale",
    "status": "Status",
}


def gold_plans(gold_dir: Path) -> list[Plan]:
    """The gold documents that hold recommendations, as plans (facts only; no document prose)."""
    plans = []
    for path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        recs = gold.get("recommendations") or []
        if len(recs) < 2:
            continue
        groups: list[Group] = []
        for rec in recs:
            addressees = tuple(rec.get("addressed_to") or ())
            recommendation = _gold_recommendation(rec)
            if groups and groups[-1].addressees == addressees:
                last = groups[-1]
                groups[-1] = Group(addressees, (*last.recommendations, recommendation), last.number)
            else:
                groups.append(Group(addressees, (recommendation,), rec["id"].split(".")[0]))
        used = _used_roles(recs)
        columns = tuple(role for role in _GOLD_HEADERS if role in used)
        plans.append(
            Plan(
                name=f"gold-{path.name[:3]}",
                title=f"Action plan {gold.get('area') or ''}".strip(),
                groups=tuple(groups),
                columns=columns,
                headers={role: _GOLD_HEADERS[role] for role in columns},
                labels={role: _GOLD_HEADERS[role] for role in columns},
            )
        )
    return plans


def _used_roles(recs: list[dict[str, object]]) -> set[str]:
    used = {"recommendation", "action"}
    for rec in recs:
        if rec.get("report_refs"):
            used.add("report_ref")
        if rec.get("expected_outcomes"):
            used.add("outcome")
        for action in rec.get("actions", []):  # type: ignore[attr-defined]
            for role, key in (
                ("lead", "lead"),
                ("responsible", "responsible"),
                ("assurance", "assurance"),
                ("timescale", "timescale_raw"),
                ("status", "status"),
            ):
                if action.get(key):
                    used.add(role)
    return used


def _gold_recommendation(rec: dict[str, object]) -> Recommendation:
    outcomes = tuple(
        f"Expected outcome {n} of {rec['id']}" for n in range(1, int(rec.get("expected_outcomes") or 0) + 1)
    )
    actions = tuple(
        Action(
            text=action["text_start"],
            lead=action.get("lead"),
            responsible=action.get("responsible"),
            assurance=tuple(action.get("assurance") or ()),
            timescale_raw=action.get("timescale_raw"),
            timescale=action.get("timescale"),
            # a status the timescale wording gives is stated there; the status column says the rest
            status_written=None
            if _states_status(action.get("timescale_raw"))
            else _written(action.get("status")),
            status=action.get("status"),
        )
        for action in rec.get("actions", [])  # type: ignore[attr-defined]
    )
    return Recommendation(
        id=str(rec["id"]),
        text=str(rec["text_start"]),
        actions=actions,
        outcomes=outcomes,
        report_refs=tuple(rec.get("report_refs") or ()),
        cross_refs=tuple(rec.get("cross_refs") or ()),
    )


def _states_status(raw: str | None) -> bool:
    return bool(raw and re.search(r"\bcomplete\b", raw, re.IGNORECASE))


def _written(status: str | None) -> str | None:
    return status.capitalize() if status else None
