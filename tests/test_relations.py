"""Relations in prose read from the sentence's grammar: each relation in at least five
phrasings (all invented here), and the sentences that look alike but state no such relation."""

from __future__ import annotations

import pytest

from loaders.blocks import DocumentBlocks, Location, Paragraph
from loaders.organisations import OrganisationResolver
from loaders.relations import assurance_bodies, commissions

SETTING = (
    "The CQC review of health services in Eastvale took place in March 2016.",
    "Eastvale County Council and Eastvale Hospitals NHS Trust agreed the plan.",
)


def read(sentence: str) -> tuple[list[str], list[tuple[str, str]]]:
    lines = [*SETTING, sentence]
    doc = DocumentBlocks("note.txt", "text", [Paragraph(t, Location(line=n)) for n, t in enumerate(lines, 1)])
    orgs = OrganisationResolver.for_document(doc)
    return assurance_bodies([sentence], orgs), commissions([sentence], orgs)


MONITORS = [
    (
        "Progress against the plan is monitored by the Eastvale Safeguarding Children Board.",
        "Eastvale Safeguarding Children Board",
    ),
    ("Delivery will be monitored quarterly through the Quality Committee.", "Quality Committee"),
    (
        "The plan is monitored and followed up by the Children's Commissioning Group.",
        "Children's Commissioning Group",
    ),
    ("Each action is tracked at the Safeguarding Assurance Group.", "Safeguarding Assurance Group"),
    ("The Joint Commissioning Board monitors progress against every action.", "Joint Commissioning Board"),
    ("Actions are held to account by the Designated Professionals Forum.", "Designated Professionals Forum"),
]
OVERSEES = [
    ("The plan is overseen by the Corporate Parenting Panel.", "Corporate Parenting Panel"),
    ("Oversight of the plan is provided by the Quality Committee.", "Quality Committee"),
    (
        "The work proceeds under the oversight of the Children's Partnership Board.",
        "Children's Partnership Board",
    ),
    ("The Quality Committee will oversee delivery of each action.", "Quality Committee"),
    ("The Corporate Parenting Panel oversees the plan.", "Corporate Parenting Panel"),
    (
        "Assurance is given to partners through the Safeguarding Assurance Group.",
        "Safeguarding Assurance Group",
    ),
]
SCRUTINISES = [
    ("The plan is scrutinised by the Health Scrutiny Panel.", "Health Scrutiny Panel"),
    ("The Health Scrutiny Panel scrutinises progress twice a year.", "Health Scrutiny Panel"),
    ("Scrutiny is provided by the Children's Select Committee.", "Children's Select Committee"),
    ("Updates were scrutinized at the Overview and Scrutiny Committee.", "Overview and Scrutiny Committee"),
    (
        "The Overview and Scrutiny Committee will scrutinise the final report.",
        "Overview and Scrutiny Committee",
    ),
]
REPORTED_TO = [
    (
        "Progress is reported to the Eastvale Safeguarding Children Board.",
        "Eastvale Safeguarding Children Board",
    ),
    ("The lead reports progress quarterly to the Quality Committee.", "Quality Committee"),
    ("Updates will be presented to the Corporate Parenting Panel.", "Corporate Parenting Panel"),
    ("Exceptions are escalated to the Executive Management Team.", "Executive Management Team"),
    (
        "Copies of the plan were shared with the Designated Professionals Forum.",
        "Designated Professionals Forum",
    ),
    (
        "The completed plan is reported monthly to the Safeguarding Assurance Group.",
        "Safeguarding Assurance Group",
    ),
]


@pytest.mark.parametrize(("sentence", "body"), MONITORS + OVERSEES + SCRUTINISES + REPORTED_TO)
def test_a_body_that_watches_the_plan_is_read_in_any_phrasing(sentence: str, body: str) -> None:
    bodies, _ = read(sentence)
    assert bodies == [body]


def test_each_verb_of_a_sentence_names_its_own_bodies() -> None:
    bodies, _ = read(
        "Progress is reported to the Quality Committee, the Corporate Parenting Panel and the "
        "Eastvale Safeguarding Children Board and scrutinised by the Health Scrutiny Panel."
    )
    assert bodies == [
        "Quality Committee",
        "Corporate Parenting Panel",
        "Eastvale Safeguarding Children Board",
        "Health Scrutiny Panel",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Eastvale Hospitals NHS Trust reports its progress to Eastvale County Council.",
        "The sub-group reports to the Corporate Parenting Panel, which reports to the Executive Board.",
        "Report to the Corporate Parenting Panel",
        "Incidents are reported on all occasions to the regulator.",
        "The Board met in May.",
    ],
)
def test_sentences_that_only_look_like_monitoring_name_no_body(sentence: str) -> None:
    bodies, _ = read(sentence)
    assert "Corporate Parenting Panel" not in bodies[1:] and "Eastvale County Council" not in bodies
    assert len(bodies) <= 1 and "Executive Board" not in bodies


COMMISSIONS = [
    ("Eastvale County Council commissions the school nursing service.", "school nursing service"),
    ("The health visiting service is commissioned by Eastvale County Council.", "health visiting service"),
    (
        "Eastvale County Council, as the commissioner of sexual health services, has been told.",
        "sexual health services",
    ),
    (
        "Concerns were raised with Eastvale County Council as commissioner of the substance misuse service.",
        "substance misuse service",
    ),
    ("School nursing, commissioned by Eastvale County Council, will audit its records.", "school nursing"),
    (
        "Eastvale County Council is responsible for commissioning the health visiting service.",
        "health visiting service",
    ),
    (
        "Eastvale County Council has commissioned Eastvale Hospitals NHS Trust to provide school nursing.",
        "Eastvale Hospitals NHS Trust",
    ),
]


@pytest.mark.parametrize(("sentence", "what"), COMMISSIONS)
def test_a_commissioner_is_read_in_any_phrasing(sentence: str, what: str) -> None:
    bodies, commissioned = read(sentence)
    assert commissioned == [("Eastvale County Council", what)]
    assert bodies == []


def test_a_post_as_commissioner_is_kept_as_written_and_so_is_an_unknown_body() -> None:
    _, by_post = read(
        "Gaps were raised with the Director of Public Health as the commissioner of school nursing."
    )
    assert by_post == [("Director of Public Health", "school nursing")]
    _, unknown = read("This was raised with Public Health Eastvale as the commissioner of health visiting.")
    assert unknown == [("Public Health Eastvale", "health visiting")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Commissioned services will be audited in May.",
        "The commissioning intentions were published in April.",
        "Several services commissioned by partners were late.",
    ],
)
def test_commissioning_words_without_a_commissioner_state_no_commission(sentence: str) -> None:
    assert read(sentence)[1] == []
