"""The one grammar of names (ontology/names.py): :func:`plain_name` says which spellings are one
name, :func:`name_key` is that plain name with kind words folded; the registry's bodies resolve
whichever of these spellings a document uses."""

from __future__ import annotations

import pytest

from loaders.assurance_bodies import body_names
from loaders.blocks import DocumentBlocks, Location, Paragraph
from loaders.organisations import OrganisationResolver
from loaders.references import bodies_named_by
from loaders.sentences import sentences
from ontology.names import body_key, keys_match, name_key, plain_name


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # a possessive's "'s" goes; the "s" a name ends in stays, with or without its apostrophe
        ("St Thomas' Hospital", "St Thomas's Hospital"),
        ("St Thomas' Hospital", "St Thomas Hospital"),
        ("Queen Mary's Hospital", "Queen Mary Hospital"),
        ("Queen Mary’s Hospital", "Queen Mary's Hospital"),
        # "Saint", "St" and "St." are one word
        ("Saint Aldric's Hospice", "St Aldric's Hospice"),
        ("St. Aldric's Hospice", "St Aldric's Hospice"),
        # "&" is "and"; case, spacing, punctuation and a leading "the" do not count
        ("The Fenwick & Dray Partnership", "fenwick and dray  partnership"),
        ("Fenwick-Dray Partnership", "Fenwick Dray Partnership"),
    ],
)
def test_spellings_of_one_name_are_one_plain_name(one: str, other: str) -> None:
    assert plain_name(one) == plain_name(other)
    assert name_key(one) == name_key(other)


def test_a_names_own_final_s_is_never_dropped() -> None:
    assert plain_name("St Thomas'") == "st thomas"
    assert plain_name("Governors' meeting") == "governors meeting"
    assert plain_name("St Agnes") != plain_name("St Agne")
    # a name inside another is not the same name
    assert plain_name("Theale Council") == "theale council"


@pytest.mark.parametrize(
    "written",
    [
        "Marlow Vale NHS Foundation Trust",
        "Marlow Vale NHS FT",
        "Marlow Vale Foundation Trust",
        "Marlow Vale FT",
        "Marlow Vale NHS Trust",
        "Marlow Vale Trust",
        "the Marlow Vale Trust's",
    ],
)
def test_nhs_and_foundation_trust_suffix_forms_are_one_key(written: str) -> None:
    assert name_key(written) == name_key("Marlow Vale NHS Foundation Trust") == "marlow vale trust"


def test_kind_words_fold_but_kinds_stay_apart() -> None:
    assert name_key("NHS Dunmore CCG") == name_key("Dunmore Clinical Commissioning Group")
    assert name_key("Dunmore CCGs") == name_key("Dunmore CCG")
    assert name_key("Dunmore Local Authority") == name_key("Dunmore Council")
    assert keys_match(name_key("Dunmore Care Trust"), name_key("Dunmore Care NHS Foundation Trust"))
    # a commissioner and a trust of one place, and a trust and a council, are never one body
    assert not keys_match(name_key("Dunmore CCG"), name_key("Dunmore Hospitals NHS Trust"))
    assert not keys_match(name_key("Dunmore Council"), name_key("Dunmore Hospitals NHS Trust"))


def test_the_key_is_the_plain_name_with_kind_words_folded() -> None:
    for written in ("Guy's & St Thomas' NHS FT", "Saint Helens CCG", "The Children's Society"):
        assert name_key(written) == name_key(plain_name(written))


def _resolved(line: str) -> dict[str, list[str]]:
    doc = DocumentBlocks("paper.txt", "text", [Paragraph(line, Location(line=1))])
    orgs = OrganisationResolver.for_document(doc, as_of="2016-06-01")
    return {r.canonical: r.aliases_in_text for r in orgs.records()}


@pytest.mark.parametrize(
    ("line", "body"),
    [
        ("Saint George's University Hospitals NHS Foundation Trust signed it off.",
         "St George's University Hospitals NHS Foundation Trust"),
        ("Guy's & St Thomas's NHS FT signed it off.", "Guy's and St Thomas' NHS Foundation Trust"),
        ("Guy's and St Thomas NHS Foundation Trust signed it off.",
         "Guy's and St Thomas' NHS Foundation Trust"),
        ("Ashford & St Peter's Hospitals NHS FT signed it off.",
         "Ashford and St Peter's Hospitals NHS Foundation Trust"),
        ("St. Helens CCG signed it off.", "NHS St Helens Clinical Commissioning Group"),
        ("NHS Saint Helens Clinical Commissioning Group signed it off.",
         "NHS St Helens Clinical Commissioning Group"),
        ("St. Helens Council signed it off.", "St Helens Council"),
    ],
)  # fmt: skip
def test_registry_bodies_resolve_from_each_spelling_of_their_names(line: str, body: str) -> None:
    assert list(_resolved(line)) == [body]


def test_a_full_stop_of_an_abbreviation_before_a_name_ends_no_sentence() -> None:
    said = sentences("The audit went to St. Aldric's Hospice in May. Dr. Okafor chaired it. It closed.")
    assert said == ["The audit went to St. Aldric's Hospice in May.", "Dr. Okafor chaired it.", "It closed."]


def test_a_posts_organisation_is_read_in_the_same_sentences() -> None:
    """The roles reader uses the one sentence splitter: "St." does not cut the post from its body."""
    line = "The Named Nurse for St. Aldric's Hospitals NHS Trust chairs it; the Designated Doctor is new."
    doc = DocumentBlocks("paper.txt", "text", [Paragraph(line, Location(line=1))])
    roles = OrganisationResolver.for_document(doc).roles()
    assert [(r.title, r.organisation) for r in roles] == [
        ("Named Nurse", "St. Aldric's Hospitals NHS Trust"),
        ("Designated Doctor", None),
    ]


def test_one_key_for_the_spellings_of_an_assurance_body() -> None:
    """:func:`body_key` folds plurals on top of the plain name, for boards, committees and meetings
    (the assurance reader, the assurance cells and the graph's body nodes use it alike)."""
    assert body_key("The Quality & Safety Committee") == body_key("quality and safety committees")
    assert body_key("Contract review meetings") == "contract review meeting"
    assert body_key("Business Access Group") == "business access group"  # "ss" is no plural
    committee = "Quality & Safety Committee"
    assert bodies_named_by("Reported to the Quality and Safety Committees.", [committee]) == [committee]
    assert body_names("Escalated to the Quality and Safety Committees monthly") == [
        "Quality and Safety Committees"
    ]
