"""Action-plan tables read into recommendations, actions and findings (examples written for
the tests, read through the real text reader and organisation resolver)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.action_plan import PlanFacts, read_action_plans
from loaders.blocks import Cell, DocumentBlocks, Location, Row, Table
from loaders.organisations import OrganisationResolver
from loaders.text_reader import read_text

GROUPED_PLAN = "\n".join(
    [
        "Recommendation\tExpected outcome\tImprovement action\tAssurance\tTimescale\tLead\t"
        "Responsible Officer",
        "4. Northtown CCG together with Riverside Hospitals NHS Trust should:\t\t\t\t\t\t",
        "4.1 Make sure discharge letters reach the family doctor promptly.\t"
        "<ul> Letters arrive within two days. Audit shows improvement. \t"
        "<p>Also see action 2.3</p> <ul> Audit a sample of letters each quarter\t"
        "<ul> *Quality committee reviews audit results. Contract monitoring\tQtr 3 2017/18 (I)\t"
        "Named nurse\tChief Nurse",
        "\t• Families report fewer gaps.\tSet up a weekly check of missing letters\t"
        "Safeguarding steering group\tJun-18\tWard manager\tChief Nurse",
        "",
        "4.2 Strengthen recording of fathers' details.\tDetails are recorded.\tRefer to 4.1\t"
        "Contract monitoring\tsoon after the audit\t\tDirector of Nursing",
        "5. Riverside Hospitals NHS Trust should:\t\t\t\t\t\t",
        "5.1 Review the layout of the children's waiting area.\t<i>Links to recommendation 4.2.</i>\t"
        "Estates review of the waiting area\tTrust board\tCompleted\tHead of Estates\tChief Executive",
    ]
)


def _plan(text: str) -> tuple[PlanFacts, OrganisationResolver]:
    doc = read_text("plan.txt", text.encode())
    orgs = OrganisationResolver.for_document(doc)
    return read_action_plans(doc, orgs), orgs


def test_recommendations_actions_and_their_cells() -> None:
    plan, _ = _plan(GROUPED_PLAN)
    assert [r.id for r in plan.recommendations] == ["4.1", "4.2", "5.1"]
    first, second, third = plan.recommendations
    assert first.text == "Make sure discharge letters reach the family doctor promptly."
    assert len(first.actions) == 2
    audit, weekly = first.actions
    assert audit.text.startswith("Also see action 2.3")
    assert (audit.timescale_raw, audit.timescale, audit.timescale_kind) == (
        "Qtr 3 2017/18 (I)", "2017-12", "indicative"
    )
    assert (audit.lead, audit.responsible) == ("Named nurse", "Chief Nurse")
    assert audit.assurance == ["Quality committee reviews audit results.", "Contract monitoring"]
    assert (weekly.timescale, weekly.lead, weekly.assurance) == ("2018-06", "Ward manager",
                                                                  ["Safeguarding steering group"])
    assert first.expected_outcomes == 3
    assert first.outcomes[0] == "Letters arrive within two days."
    assert first.cross_refs == ["2.3"]
    assert second.cross_refs == ["4.1"]
    assert second.actions[0].lead is None and second.actions[0].responsible == "Director of Nursing"
    # a cross-reference note in the outcome column is not an outcome
    assert third.cross_refs == ["4.2"] and third.expected_outcomes == 0
    assert third.actions[0].status == "completed" and third.actions[0].timescale is None


def test_group_headers_give_every_recommendation_below_them_its_addressees() -> None:
    plan, orgs = _plan(GROUPED_PLAN)
    fourth = orgs.addressees("Northtown CCG together with Riverside Hospitals NHS Trust should:")
    fifth = orgs.addressees("Riverside Hospitals NHS Trust should:")
    assert [r.addressed_to for r in plan.recommendations] == [fourth, fourth, fifth]
    # the header rows themselves are neither recommendations nor findings
    assert all(r.id not in ("4", "5") for r in plan.recommendations) and plan.findings == []


def test_every_record_is_located_and_odd_timescales_warned() -> None:
    plan, _ = _plan(GROUPED_PLAN)
    first = plan.recommendations[0]
    assert (first.location.line, first.location.end_line, first.location.table) == (3, 4, 1)
    assert first.actions[1].location.line == 4 and first.actions[1].location.cell == 3
    assert any(w.startswith("line 6:") and "soon after the audit" in w for w in plan.warnings)
    assert plan.recommendations[1].actions[0].timescale_raw == "soon after the audit"
    assert plan.recommendations[1].actions[0].timescale is None


COUNCIL_PLAN = "\n".join(
    [
        "\tRecommendations",
        "\tIssue raised with the council / Reference in the report",
        "\tActions: By whom",
        "\tCouncil actions",
        "\tAssurance process",
        "\tTimeline",
        "(I = indicative, A = agreed)",
        "",
        "\t3.4 Improve waiting times for speech therapy for young children.",
        "\t2.8 ",
        "The review found long waits for therapy in two districts.",
        "",
        "This was raised with the commissioner. (Recommendation 3.4)",
        "\tTherapy providers",
        "\tCouncil to raise waits at the contract meeting",
        "\tContract review meeting.",
        "\tMarch 2018 (A), part of the first provider's plan.",
        "",
        "Second provider action complete (A), its own plan.",
        "",
        "\t",
        "\t1.9 Staff in the clinics had no access to the record system used by social workers.",
        "\tClinic managers",
        "\tCouncil to discuss access with providers. Audit access each quarter",
        "\tContract review meeting",
        "\tBetter access by Qtr 2 2018 (A). Audit agreed by Qtr 4 2017/18 (I).",
    ]
)


def test_one_cell_per_line_plan_with_report_references_and_split_timelines() -> None:
    plan, _ = _plan(COUNCIL_PLAN)
    [therapy] = plan.recommendations
    assert therapy.id == "3.4" and therapy.report_refs == ["2.8"]
    assert therapy.cross_refs == []  # "(Recommendation 3.4)" points back at its own row
    assert [(a.timescale, a.timescale_kind, a.status) for a in therapy.actions] == [
        ("2018-03", "agreed", None),
        (None, "agreed", "completed"),
    ]
    assert {a.text for a in therapy.actions} == {"Council to raise waits at the contract meeting"}
    assert therapy.actions[0].lead == "Therapy providers"
    assert therapy.actions[0].assurance == ["Contract review meeting."]


def test_rows_without_a_recommendation_number_are_findings_with_their_actions() -> None:
    plan, _ = _plan(COUNCIL_PLAN)
    [finding] = plan.findings
    assert finding.report_ref == "1.9"
    assert finding.text.startswith("1.9 Staff in the clinics had no access")
    # two dated timeline items, each paired with its own sentence of the action cell
    assert [(a.text, a.timescale, a.timescale_kind) for a in finding.actions] == [
        ("Council to discuss access with providers", "2018-06", "agreed"),
        ("Audit access each quarter", "2018-03", "indicative"),
    ]
    assert finding.location.line == 21


def test_missing_and_extra_columns_warn_and_never_raise() -> None:
    text = "\n".join(
        [
            "Recommendation\tAction\tLead\tBudget code\tTimescale",
            "1.1 Keep a register of staff training.\tSet up the register",
            "1.2 Audit the register.\tAudit twice a year\tTraining lead\tX1\tDec-18\tspare\tmore",
            "\tA further step with nothing above it in another plan\t\t\tJan-19",
        ]
    )
    plan, _ = _plan(text)
    assert "line 1: column 'Budget code' not understood" in plan.warnings
    assert "line 2: table row has 2 cells, header has 5" in plan.warnings
    assert "line 3: table row has 7 cells, header has 5" in plan.warnings
    short, long = plan.recommendations
    assert short.actions[0].text == "Set up the register" and short.actions[0].timescale is None
    assert (long.actions[0].lead, long.actions[0].timescale) == ("Training lead", "2018-12")
    assert len(long.actions) + len(short.actions) == 3


def test_tables_that_are_not_action_plans_are_ignored() -> None:
    text = "Agenda item\tLead\tPapers\n1. Welcome\tChair\t\n2. Minutes\tChair\tPages 1-4\n"
    plan, _ = _plan(text)
    assert plan.recommendations == [] and plan.findings == [] and plan.warnings == []


def test_rag_by_colour_words_and_by_fill_and_status_columns() -> None:
    def row(n: int, texts: list[str], fill: str | None = None) -> Row:
        cells = tuple(
            Cell(t, Location(sheet="Tracker", row=n, cell=c), fill=fill if c == 4 else None)
            for c, t in enumerate(texts, 1)
        )
        return Row(cells, Location(sheet="Tracker", row=n))

    table = Table(
        (
            row(1, ["Ref", "Recommendation", "Action", "RAG", "Progress update"]),
            row(2, ["2.1", "Audit the health passports", "Sample ten passports", "", "On track"], "00B050"),
            row(3, ["2.2", "Train the night staff", "Book two sessions", "Red", "Trainer delayed"]),
            row(4, ["2.3", "Publish the leaflet", "Print the leaflet", "", "Printed and sent"], "0070C0"),
        ),
        Location(sheet="Tracker"),
    )
    doc = DocumentBlocks("tracker.xlsx", "xlsx", [table])
    plan = read_action_plans(doc, OrganisationResolver.for_document(doc))
    assert [(r.id, r.actions[0].rag, r.actions[0].status) for r in plan.recommendations] == [
        ("2.1", "green", "on track"),
        ("2.2", "red", "behind"),
        ("2.3", "blue", "completed"),
    ]


def test_progress_notes_outside_tables_name_their_recommendations() -> None:
    text = (
        "Progress\n\nBoth of our actions are progressing well.\n\n"
        "- Recommendation 6.1: the new referral form is in use.\n"
        "- Recommendation 6.2: interviews for the named nurse post are booked.\n"
    )
    plan, _ = _plan(text)
    assert [(r.id, r.text, r.actions[0].status) for r in plan.recommendations] == [
        ("6.1", None, "in progress"),
        ("6.2", None, "in progress"),
    ]
    assert plan.recommendations[1].actions[0].location.line == 6


def test_assurance_bodies_are_collected() -> None:
    plan, _ = _plan(GROUPED_PLAN)
    assert "Safeguarding steering group" in plan.assurance_bodies
    assert "Trust board" in plan.assurance_bodies
    assert "Quality committee" in plan.assurance_bodies


def test_an_id_repeated_on_each_action_row_is_one_recommendation() -> None:
    text = "\n".join(
        [
            "Rec no.\tRecommendation\tAction\tLead\tDue date",
            "R2\tImprove the flagging of missing children\tAdd a flag to the record system\tIT lead\tJan-19",
            "R2\tImprove the flagging of missing children\tTrain staff to use the flag\tTrainer\tMar-19",
            "R3\tShare the flag with schools\tAgree a data-sharing form\tSchools lead\tApr-19",
        ]
    )
    plan, _ = _plan(text)
    assert [(r.id, len(r.actions)) for r in plan.recommendations] == [("2", 2), ("3", 1)]
    assert [a.timescale for a in plan.recommendations[0].actions] == ["2019-01", "2019-03"]


def test_recommendations_for_an_organisation_as_a_section_header() -> None:
    text = "\n".join(
        [
            "Recommendation\tAction\tTimescale",
            "Recommendations for Riverside Hospitals NHS Trust\t\t",
            "1.1 Check the paediatric cover at night.\tReview the rota\tMay-19",
        ]
    )
    plan, orgs = _plan(text)
    [record] = plan.recommendations
    assert record.id == "1.1"
    assert record.addressed_to == orgs.addressees("Recommendations for Riverside Hospitals NHS Trust")


def test_an_action_log_with_plan_columns_gives_one_warning_not_one_per_row() -> None:
    text = "\n".join(
        [
            "Action\tResponsible\tDeadline\tStatus",
            "Circulate the minutes\tClerk\tNext week\tOpen",
            "Book the venue\tClerk\tJune 2019\tDone",
        ]
    )
    plan, _ = _plan(text)
    assert plan.recommendations == []
    assert plan.warnings == ["line 1-3, table 1: has plan columns but no numbered recommendation or finding"]


def test_warnings_name_the_cell_in_formats_without_lines() -> None:
    cells = ("1.1 Keep a training register", "Set it up", "whenever possible")
    table = Table(
        (
            Row(tuple(Cell(t, Location(sheet="Plan", row=1, cell=c))
                      for c, t in enumerate(("Recommendation", "Action", "Timescale"), 1)),
                Location(sheet="Plan", row=1)),
            Row(tuple(Cell(t, Location(sheet="Plan", row=2, cell=c)) for c, t in enumerate(cells, 1)),
                Location(sheet="Plan", row=2)),
        ),
        Location(sheet="Plan"),
    )
    doc = DocumentBlocks("plan.xlsx", "xlsx", [table])
    plan = read_action_plans(doc, OrganisationResolver.for_document(doc))
    assert plan.warnings == [
        "sheet Plan, row 2, cell 3: timescale 'whenever possible' not understood; kept as written"
    ]


def test_assurance_items_whose_line_breaks_were_lost_are_split_back() -> None:
    text = "\n".join(
        [
            "Recommendation\tAction\tAssurance",
            "1.1 Audit the records.\tRun the audit\tContract monitoring Audit results sent to the panel",
            "1.2 Train the staff.\tBook the course\tReported via Safeguarding Board meetings",
            "1.3 Share the findings.\tWrite a summary\tQuarterly monitoring SAFE reporting",
        ]
    )
    plan, _ = _plan(text)
    assert [r.actions[0].assurance for r in plan.recommendations] == [
        ["Contract monitoring", "Audit results sent to the panel"],
        ["Reported via Safeguarding Board meetings"],
        ["Quarterly monitoring", "SAFE reporting"],
    ]


def test_a_group_header_repeated_across_merged_cells_is_read_once() -> None:
    header = "7. Northtown CCG together with Riverside Hospitals NHS Trust should:"
    text = "\n".join(
        [
            "Recommendation\tAction\tTimescale",
            f"{header}\t{header}\t{header}",
            "7.1 Review the out-of-hours rota.\tMap current cover\tJul-19",
        ]
    )
    plan, orgs = _plan(text)
    [record] = plan.recommendations
    assert record.id == "7.1" and plan.findings == []
    assert record.addressed_to == orgs.addressees(header[3:])


def test_a_heading_before_the_table_and_a_number_column_beside_group_headers() -> None:
    text = "\n".join(
        [
            "Riverside Hospitals NHS Trust should:",
            "",
            "No.\tRecommendation\tAction\tTimescale",
            "1a\tKeep a log of children seen in the minor injuries unit\tStart the log\tAug-19",
            "2\tNorthtown CCG should:\t\t",
            "2.1\tCommission a weekend health visiting service\tWrite the specification\tOct-19",
        ]
    )
    plan, orgs = _plan(text)
    assert [r.id for r in plan.recommendations] == ["1a", "2.1"]
    assert plan.recommendations[0].addressed_to == orgs.addressees("Riverside Hospitals NHS Trust should:")
    assert plan.recommendations[1].addressed_to == orgs.addressees("Northtown CCG should:")


def test_unnumbered_recommendation_repeated_on_each_action_row_is_one_record() -> None:
    text = "\n".join(
        [
            "Recommendation\tAction\tTimescale",
            "Improve transition to adult services\tWrite a joint protocol\tSep-19",
            "Improve transition to adult services\tAudit ten transitions\tDec-19",
        ]
    )
    plan, _ = _plan(text)
    [record] = plan.recommendations
    assert record.id == "" and [a.timescale for a in record.actions] == ["2019-09", "2019-12"]
    assert plan.warnings == ["line 2: recommendation without a number"]


_CELL = st.sampled_from(
    ["", "1.1 Do the audit", "2. Northtown CCG should:", "Mar-19", "Refer to 1.1", "• a point",
     "2.4 A finding about waits in clinics", "Lead nurse", "soon", "Action complete (A)"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=0, max_size=9), max_size=12))
def test_any_rows_under_a_plan_header_read_without_raising(rows: list[list[str]]) -> None:
    header = "Recommendation\tIssue / reference in the report\tAction\tTimescale\tLead\tStatus"
    text = "\n".join([header, *("\t".join(row) for row in rows)])
    plan, _ = _plan(text)
    # a blank line followed by text ends a table, so rows may land in a continuation table
    for record in plan.recommendations:
        assert record.location.table is not None and record.location.line is not None
        assert all(action.location.table is not None for action in record.actions)


def test_a_status_column_holding_a_colour_gives_the_rag_rating() -> None:
    text = "\n".join(
        [
            "Recommendation\tAction\tStatus",
            "3.1 Recruit a named doctor\tAdvertise the post\tAmber",
            "3.2 Publish the annual report\tDraft the report\tCompleted",
        ]
    )
    plan, _ = _plan(text)
    assert [(a.rag, a.status) for r in plan.recommendations for a in r.actions] == [
        ("amber", "in progress"),
        (None, "completed"),
    ]


def test_a_progress_report_without_an_action_column_gives_its_progress_as_actions() -> None:
    text = "\n".join(
        [
            "Recommendation\tProgress to date\tRAG",
            "2.1 Refresh the safeguarding training offer\tNew course dates are set\tGreen",
            "2.2 Review the designated doctor's job description\tDraft shared for comment\tAmber",
        ]
    )
    plan, _ = _plan(text)
    assert [(r.id, a.text, a.rag, a.status) for r in plan.recommendations for a in r.actions] == [
        ("2.1", "New course dates are set", "green", "on track"),
        ("2.2", "Draft shared for comment", "amber", "in progress"),
    ]


def test_a_row_cut_by_a_page_break_carries_on_the_action_above() -> None:
    text = "\n".join(
        [
            "Recommendation\tAction\tLead\tTimescale",
            "5.1 Audit the discharge letters\tSample twenty letters and share the\tNamed nurse\tMar-21",
            "\tresults with the ward teams\t\t",
            "\tRepeat the audit in a year\tNamed nurse\tMar-22",
        ]
    )
    plan, _ = _plan(text)
    [record] = plan.recommendations
    assert [(a.text, a.timescale) for a in record.actions] == [
        ("Sample twenty letters and share the results with the ward teams", "2021-03"),
        ("Repeat the audit in a year", "2022-03"),
    ]


def test_a_recommendation_worded_with_its_addressees_as_subject() -> None:
    text = "\n".join(
        [
            "Ref\tRecommendation\tAction\tTimescale",
            "1\tNorthtown CCG and Riverside Hospitals NHS Trust should make sure discharge letters reach "
            "family doctors\tAudit the letters\tMar-20",
            "2\tStaff should write down who the father is\tAdd a field\tApr-20",
        ]
    )
    plan, orgs = _plan(text)
    first, second = plan.recommendations
    named = [orgs.resolve("Northtown CCG"), orgs.resolve("Riverside Hospitals NHS Trust")]
    assert first.addressed_to == named
    assert None not in first.addressed_to
    # words that are not organisations ("Staff") address nobody
    assert second.addressed_to == []


def test_a_numbered_area_for_improvement_is_the_recommendation_text_without_a_recommendation_column() -> None:
    text = "\n".join(
        [
            "No.\tArea for improvement\tAction\tTimescale",
            "1\tChildren placed out of the area wait too long for health checks\tTrack each check\tSep-21",
            "2\t3.4\tRefer to 1\tOct-21",
        ]
    )
    plan, _ = _plan(text)
    assert [(r.id, r.text, r.report_refs) for r in plan.recommendations] == [
        ("1", "Children placed out of the area wait too long for health checks", []),
        ("2", None, ["3.4"]),  # a cell of references only is no wording
    ]
