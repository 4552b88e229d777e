"""Tables with no header row: column roles from the columns' content alone (loaders.headerless).

The layout-invariance suite checks whole plans written without a header in six formats; here
the rules are checked one at a time on small tables, including tables that are not plans.
"""

from __future__ import annotations

from loaders.blocks import Cell, Location, Row
from loaders.extract import extract_bytes
from loaders.headerless import headerless_roles


def _rows(*rows: tuple[str, ...]) -> list[Row]:
    return [
        Row(tuple(Cell(text, Location(row=r, cell=c)) for c, text in enumerate(row, 1)), Location(row=r))
        for r, row in enumerate(rows, 1)
    ]


def test_number_report_paragraph_and_sentence_columns() -> None:
    rows = _rows(
        (
            "4.1",
            "2.6",
            "Offer every new foster carer a health briefing",
            "Publish a carers' guide",
            "Fostering nurse",
            "June 2023",
        ),
        ("", "", "", "Run two briefing evenings a year", "Fostering nurse", "Sept 2023"),
        (
            "4.2",
            "3.1, 3.2",
            "Check that dental checks are recorded",
            "Add a field to the health plan",
            "Named nurse",
            "Dec 2023",
        ),
    )
    assert headerless_roles(rows) == ["number", "report_ref", "recommendation", "action", "lead", "timescale"]


def test_numbered_wording_makes_the_id_only_column_a_report_paragraph() -> None:
    rows = _rows(
        (
            "2.1 Make sure carers know whom to call",
            "5.4",
            "Print the contact on each placement letter",
            "Amber",
        ),
        ("2.2 Review how quickly referrals are seen", "5.9", "Report waiting times monthly", "Green"),
    )
    assert headerless_roles(rows) == ["recommendation", "report_ref", "action", "rag"]


def test_the_more_senior_column_of_posts_holds_the_responsible_officers() -> None:
    senior_first = _rows(
        (
            "1.1 Write down a pathway for young carers",
            "Agree the pathway",
            "Director of Nursing",
            "Service manager",
            "May 2024",
        ),
        (
            "1.2 Train reception staff in safeguarding",
            "Run the course",
            "Chief Operating Officer",
            "Practice manager",
            "July 2024",
        ),
    )
    assert headerless_roles(senior_first) == ["recommendation", "action", "responsible", "lead", "timescale"]
    lead_first = _rows(*[(r[0], r[1], r[3], r[2], r[4]) for r in (row.texts() for row in senior_first)])
    assert headerless_roles(lead_first) == ["recommendation", "action", "lead", "responsible", "timescale"]


def test_a_column_filled_only_where_a_recommendation_opens_holds_outcomes() -> None:
    rows = _rows(
        (
            "3.1 Shorten waits for emotional health support",
            "Fewer young people wait over four weeks",
            "Open a drop-in clinic",
            "Completed",
        ),
        ("", "", "Recruit two more therapists to the team", "In progress"),
        (
            "3.2 Ask about children at home in adult services",
            "Families are thought of at each assessment",
            "Change the assessment form",
            "On track",
        ),
    )
    assert headerless_roles(rows) == ["recommendation", "outcome", "action", "status"]


def test_organisations_lead_when_no_column_names_posts() -> None:
    rows = _rows(
        (
            "6.1 Improve the timeliness of health assessments",
            "Report late assessments to the board",
            "Northbrook NHS Trust",
            "Q3 2023/24",
        ),
        (
            "6.2 Share school nursing contacts with social care",
            "Send the list each term",
            "Northbrook Council",
            "April 2024",
        ),
    )
    assert headerless_roles(rows) == ["recommendation", "action", "lead", "timescale"]


def test_an_agenda_with_its_own_header_is_no_plan() -> None:
    rows = _rows(
        ("Item", "Purpose", "Presenter", "Papers"),
        ("1. Welcome and apologies from members", "To note the apologies received", "Chair", ""),
        (
            "2. Minutes of the meeting held in May",
            "To agree the minutes as a true record",
            "Chair",
            "Pages 1 - 6",
        ),
    )
    assert headerless_roles(rows) is None


def test_tables_without_plan_columns_are_no_plans() -> None:
    contacts = _rows(
        ("1. Safeguarding team duty line for all enquiries", "Call the duty line first", "0113 496 0000"),
        ("2. Out of hours service for urgent concerns", "Ask for the on-call manager", "0113 496 0999"),
    )
    assert headerless_roles(contacts) is None
    one_row = _rows(("1.1 Train all staff", "Run the course", "Named nurse", "March 2024"))
    assert headerless_roles(one_row) is None


def test_a_headerless_tab_table_reads_into_records() -> None:
    text = "\n".join(
        [
            "Improvement plan",
            "",
            "1. Eastmoor CCG should:\t\t\t",
            "1.1 Publish a pathway for children missing appointments\t"
            "Write the pathway\tDesignated Nurse\tMarch 2024",
            "\tTell GP practices about it\tNamed GP\tMay 2024",
            "1.2 Audit the use of the pathway\tAudit twenty records\tDesignated Nurse\tSept 2024",
        ]
    )
    extraction = extract_bytes("plan.txt", text.encode())
    got = [(r.id, [(a.text, a.lead, a.timescale) for a in r.actions]) for r in extraction.recommendations]
    assert got == [
        (
            "1.1",
            [
                ("Write the pathway", "Designated Nurse", "2024-03"),
                ("Tell GP practices about it", "Named GP", "2024-05"),
            ],
        ),
        ("1.2", [("Audit twenty records", "Designated Nurse", "2024-09")]),
    ]
