"""Header wording mapped to column roles by synonyms, generically."""

from __future__ import annotations

import pytest

from loaders.columns import column_role, header_roles, looks_like_header


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Recommendations", "recommendation"),
        ("Recommendation", "recommendation"),
        ("Issue raised with the commissioner / Reference in the report", "report_ref"),
        ("Report paragraph", "report_ref"),
        ("Actions: By whom", "lead"),
        ("Lead responsible for updating progress", "lead"),
        ("Lead officer", "lead"),
        ("Responsible Officer", "responsible"),
        ("Improvement Action", "action"),
        ("Council actions", "action"),
        ("Riverside Trust actions", "action"),
        ("Outcome", "outcome"),
        ("Expected outcome", "outcome"),
        ("Assurance process", "assurance"),
        ("How progress will be monitored", "assurance"),
        ("Timescale", "timescale"),
        ("Timeline\n(I = indicative, A = agreed)", "timescale"),
        ("Target date", "timescale"),
        ("RAG", "rag"),
        ("RAG status", "rag"),
        ("Status", "status"),
        ("Progress update", "progress"),
        ("Progress to date", "progress"),
        ("Update as at 31 March", "progress"),
        ("No.", "number"),
        ("Ref", "number"),
        ("Rec no.", "number"),
        ("Recommendation number", "number"),
        ("Organisation", "organisation"),
        ("Provider", "organisation"),
        ("Lead agency", "organisation"),
        ("Organisation(s) responsible", "organisation"),
        ("Addressed to", "organisation"),
        ("By when", "timescale"),
        ("By whom", "lead"),
        ("Responsible lead", "lead"),
        ("Rec no", "number"),
        ("Rec", "number"),
        ("Target", "timescale"),
        ("Target outcome", "outcome"),
        ("Ref / Recommendation", "recommendation"),
        ("Ref/Recommendation", "recommendation"),
        ("Outcome / impact expected", "outcome"),
        ("Action(s) planned", "action"),
        ("Action(s)", "action"),
        ("Due", "timescale"),
        ("Date due", "timescale"),
        ("Deadline", "timescale"),
        ("Completion date", "timescale"),
        ("Owner", "lead"),
        ("Lead officer", "lead"),
        ("Monitoring", "assurance"),
        ("Evidence of assurance", "assurance"),
        ("Assurance route", "assurance"),
        ("BRAG", "rag"),
        ("RAG rating", "rag"),
        ("Progress", "progress"),
        ("Para", "report_ref"),
        ("Tasks", "action"),
        ("Favourite colour", None),
    ],
)
def test_header_synonyms(header: str, role: str | None) -> None:
    assert column_role(header) == role


def test_unknown_headers_are_named_in_a_warning() -> None:
    roles, warnings = header_roles(["Recommendation", "Action", "Budget code", "", "Timescale"])
    assert roles == ["recommendation", "action", None, None, "timescale"]
    assert warnings == ["column 'Budget code' not understood"]


def test_second_lead_column_is_the_responsible_officer_and_duplicates_are_dropped() -> None:
    roles, _ = header_roles(["Recommendation", "Lead", "Lead", "Action", "Action"])
    assert roles == ["recommendation", "lead", "responsible", "action", None]


def test_header_rows_are_told_from_data_and_agenda_rows() -> None:
    assert looks_like_header(["Recommendation", "Outcome", "Action", "Lead", "Timescale"])
    assert not looks_like_header(["Agenda item", "Intended outcome", "Lead", "Papers"])
    assert not looks_like_header(["4.1 Make sure that every action has a named lead", "Audit", "", "Mar-18"])


def test_a_column_per_reporting_period_keeps_its_role() -> None:
    roles, warnings = header_roles(["Recommendation", "Q1 update", "Q2 update", "RAG Q1", "RAG Q2", "Action"])
    assert roles == ["recommendation", "progress", "progress", "rag", "rag", "action"]
    assert warnings == []
