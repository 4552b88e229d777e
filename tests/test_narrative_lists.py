"""Findings in every list form a minute, scrutiny report, press release or inspection letter
uses (all wording invented here); what went well is never a finding."""

from __future__ import annotations

import pytest

from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph
from loaders.narrative import NarrativeFacts, read_narrative
from loaders.organisations import OrganisationResolver

OPENING = "The CQC review of health services for children in Eastvale took place in March 2016."


def read(*lines: str) -> NarrativeFacts:
    blocks: list[Paragraph | ListItem] = []
    for n, line in enumerate([OPENING, *lines], 1):
        if line.startswith("• "):
            blocks.append(ListItem(line[2:], Location(line=n)))
        else:
            blocks.append(Paragraph(line, Location(line=n)))
    doc = DocumentBlocks("minutes.txt", "text", list(blocks))
    return read_narrative(doc, OrganisationResolver.for_document(doc))


def texts(facts: NarrativeFacts) -> list[str]:
    return [f.text for f in facts.findings]


ISSUES = ["late initial health assessments", "gaps in GP records", "slow access to CAMHS"]


@pytest.mark.parametrize(
    "lines",
    [
        # in line, with commas
        (
            "Areas for improvement included late initial health assessments, gaps in GP records and "
            "slow access to CAMHS.",
        ),
        # in line, with semicolons
        (
            "The main weaknesses identified by inspectors were late initial health assessments; gaps in "
            "GP records; and slow access to CAMHS.",
        ),
        # lettered points after a lead-in
        (
            "Key concerns raised by the inspectors were:",
            "(a) late initial health assessments",
            "(b) gaps in GP records",
            "(c) slow access to CAMHS",
        ),
        # lettered points inside the lead-in's paragraph
        (
            "The areas for improvement were: a) late initial health assessments b) gaps in GP records "
            "c) slow access to CAMHS",
        ),
        # bullets after a lead-in
        (
            "The issues identified were:",
            "• late initial health assessments",
            "• gaps in GP records",
            "• slow access to CAMHS",
        ),
    ],
)
def test_each_list_form_gives_one_finding_per_issue(lines: tuple[str, ...]) -> None:
    found = [t.lower().rstrip(".") for t in texts(read(*lines))]
    assert found == [issue.lower() for issue in ISSUES]


def test_key_concerns_stated_in_a_sentence_are_one_finding() -> None:
    facts = read("Key concerns were that discharge letters did not reach health visitors.")
    assert texts(facts) == ["Discharge letters did not reach health visitors"]


@pytest.mark.parametrize(
    "lines",
    [
        ("Strengths included strong leadership, good multi-agency working and committed staff.",),
        (
            "Inspectors found good practice in:",
            "• the looked after children's health team",
            "• the sexual health outreach service",
        ),
        ("The review took place over five days, and inspectors met staff, carers and young people.",),
    ],
)
def test_strengths_and_other_lists_are_not_findings(lines: tuple[str, ...]) -> None:
    assert texts(read(*lines)) == []
