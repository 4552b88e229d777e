"""Rules that were fitted to one corpus document, made general and tested on wordings written for
them (none copied from the corpus): the place a review sentence names, reporting about the plan,
an office's initialism, a post run into a body's name, a paragraph number glued to a name, a
one-word name ending in "s", and the years a document names."""

from __future__ import annotations

import pytest
from test_narrative import document

from loaders.assurance_bodies import body_names
from loaders.blocks import Location
from loaders.dates import plausible_year
from loaders.narrative import read_narrative
from loaders.organisations import OrganisationResolver
from loaders.review_parts import TextUnit, most_stated_year


def resolved(*lines: str) -> OrganisationResolver:
    return OrganisationResolver.for_document(document(*lines))


NEIGHBOUR_TALK = "Partners in Salford and Salford Royal staff helped; Salford was thanked."


@pytest.mark.parametrize(
    "phrase",
    [
        "across the health economy in",
        "for looked after children and care leavers in",
        "across all partner agencies in",
        "in services for children in",
        "across the system in",
    ],
)
def test_the_place_a_review_sentence_names_after_a_phrase_about_services(phrase: str) -> None:
    orgs = resolved(f"The CQC reviewed safeguarding {phrase} Wigan during May 2018.", NEIGHBOUR_TALK)
    assert orgs.area == "Wigan"


@pytest.mark.parametrize(
    "statement",
    [
        "A short paper is being drafted for the next Children's Trust Board.",
        "An update on the plan was written for the Quality and Safety Committee.",
        "A report will be prepared for the scrutiny panel in the spring.",
    ],
)
def test_reporting_to_a_board_about_the_plan_is_no_example_action(statement: str) -> None:
    lines = [
        "The CQC review of health services in Rutland took place in May 2018.",
        "# Examples of actions taken",
        "The trust has introduced a new referral form for the emergency department.",
        statement,
    ]
    doc = document(*lines)
    facts = read_narrative(doc, OrganisationResolver.for_document(doc))
    assert [f.text for f in facts.findings] == [lines[2]]


@pytest.mark.parametrize(
    ("definition", "body"),
    [
        ("the regional office (RO) of Public Health England", "Public Health England"),
        ("the local team (LT) of Health Education England", "Health Education England"),
        ("the children's unit (CU) of the Care Quality Commission", "Care Quality Commission"),
    ],
)
def test_an_office_defined_by_an_initialism_stands_for_its_body(definition: str, body: str) -> None:
    initialism = definition.split("(")[1].split(")")[0]
    orgs = resolved(f"The plan was agreed with {definition}.", f"{initialism} will check progress in May.")
    assert orgs.resolve(initialism) == body
    assert not orgs.warnings()


@pytest.mark.parametrize(
    ("cell", "bodies"),
    [
        ("Director of Public Health SEND board", ["SEND board"]),
        ("Head of Safeguarding QSG meeting", ["QSG meeting"]),
        ("Deputy Director of Nursing and Quality QSG", ["QSG"]),
    ],
)
def test_a_post_run_into_a_bodys_name_is_not_part_of_it(cell: str, bodies: list[str]) -> None:
    assert body_names(cell) == bodies


def test_a_paragraph_number_glued_to_a_name_is_not_part_of_it() -> None:
    orgs = resolved("7.Fenwick Vale Hospitals NHS Trust has appointed a named nurse.")
    assert [r.canonical for r in orgs.records()] == ["Fenwick Vale Hospitals NHS Trust"]


def test_a_one_word_name_ending_in_s_keeps_its_s() -> None:
    orgs = resolved("Barnardos runs the young carers service.")
    assert {r.canonical: r.aliases_in_text for r in orgs.records()} == {"Barnardo's": ["Barnardos"]}


def test_a_name_defined_in_brackets_is_found_in_its_plural_and_recorded_as_defined() -> None:
    orgs = resolved(
        "Young people are supported by Fenwick Vale Hospitals NHS Trust (Horizon).",
        "Horizon staff and the Horizons action plan were reviewed.",
    )
    forms = {r.canonical: r.aliases_in_text for r in orgs.records()}
    assert forms == {"Fenwick Vale Hospitals NHS Trust": ["Fenwick Vale Hospitals NHS Trust", "Horizon"]}


@pytest.mark.parametrize("year", [1989, 1990, 2017, 2049, 2050, 2075, 2076])
def test_the_years_a_document_names_are_the_years_of_the_date_grammar(year: int) -> None:
    """One date grammar: a figure is a year where loaders/dates.py says a year can be."""
    named = most_stated_year([TextUnit(f"The plan of {year} and its {year} targets.", Location(line=1))])
    assert named == (str(year) if plausible_year(year) else None)


@pytest.mark.parametrize("verb", ["should", "must", "are asked to", "will need to"])
def test_a_group_header_addresses_its_organisations_with_any_request_verb(verb: str) -> None:
    orgs = resolved(f"4. NHS Fenwick Vale CCG together with all local GP practices {verb}:", "4.1 Audit.")
    assert orgs.collectives() == ["all local GP practices"]
    assert [r.canonical for r in orgs.records()] == ["NHS Fenwick Vale Clinical Commissioning Group"]
