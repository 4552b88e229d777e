"""Cross-references between recommendations and actions, and the status words of progress cells."""

from __future__ import annotations

import pytest

from loaders.crossrefs import find_cross_refs
from loaders.status import rag_from_text, rag_key, status_from_text, status_of_rag


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("Refer to 3.2", ["3.2"]),
        ("Also see action 6.1 and then train the team", ["6.1"]),
        ("Not in the report itself, but links to recommendation 12.4.", ["12.4"]),
        ("See recommendations 2.1 and 2.3", ["2.1", "2.3"]),
        ("see action 5", ["5"]),
        ("Cross-reference to 7.2; refer to 7.2 again", ["7.2"]),
    ],
)
def test_references_made_with_a_verb_are_found(text: str, refs: list[str]) -> None:
    assert find_cross_refs(text) == refs


@pytest.mark.parametrize(
    "text",
    [
        "The nurses lacked training. (Recommendation 4.2)",  # a back-note, not a reference
        "Links to the wider county wellbeing plan",
        "as per national guidance",
        "see 2016 guidance on health passports",
        "",
    ],
)
def test_back_notes_and_numberless_links_are_not_references(text: str) -> None:
    assert find_cross_refs(text) == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Action complete June 2017 (A)", "completed"),
        ("Trust actions completed.", "completed"),
        ("Trust actions complete by March 2018 (A)", None),  # a target date, not a status
        ("to be completed in the spring", None),
        ("On track", "on track"),
        ("Work in progress", "in progress"),
        ("Behind schedule: recruitment delayed", "behind"),
        ("Overdue", "behind"),
        ("March 2018 (A)", None),
        (None, None),
    ],
)
def test_status_words(text: str | None, status: str | None) -> None:
    assert status_from_text(text) == status


def test_rag_from_words_and_letters_and_what_it_says_about_progress() -> None:
    assert rag_from_text("Amber") == "amber"
    assert rag_from_text("G") == "green"
    assert rag_from_text("rated red at last review") == "red"
    assert rag_from_text("no rating yet") is None
    assert status_of_rag("blue") == "completed"
    assert status_of_rag("red") == "behind"
    assert status_of_rag("amber") == "in progress"  # started, at risk: SCHEMA.md has no "at risk"
    # a key the document prints wins over the usual meaning
    key = rag_key(["Key: Blue = Completed; Amber = behind schedule", "Green - on track"])
    assert key == {"blue": "completed", "amber": "behind", "green": "on track"}
    assert status_of_rag("amber", key) == "behind"
    assert status_of_rag("red", key) == "behind"
    assert rag_key(["The red team met on Tuesday"]) == {}
