"""Review dates written in other wordings, read with the one date grammar (loaders/dates.py), and
undated documents that join a review only when they name it (never silently). Sentences invented."""

from __future__ import annotations

import pytest
from graph_support import stored

from graph.build import build_graph
from graph.model import NodeType
from graph.resolve import assign_reviews
from loaders.records import Extraction, ReviewRecord
from loaders.review_facts import review_facts

PUBLISHED = [
    "The CQC report was published on 3rd March 2016.",
    "CQC published its report on the 3rd of March 2016.",
    "Publication of the CQC report: 3 March 2016.",
    "The review report, published 03/03/2016, is attached.",
    "The regulator's review was published on Thursday 3 March 2016.",
]


@pytest.mark.parametrize("sentence", PUBLISHED)
def test_publication_dates_in_other_wordings(sentence: str) -> None:
    assert review_facts([sentence]).published == "2016-03-03"


FIELDWORK_WEEK = [
    "Fieldwork took place w/c 11 January 2016.",
    "The inspectors visited during the week beginning 11 January 2016.",
    "CQC carried out the review in the week commencing 11th January 2016.",
    "Our review fieldwork was the week starting 11 January 2016.",
    "Inspectors were on site w/b 11 January 2016.",
]


@pytest.mark.parametrize("sentence", FIELDWORK_WEEK)
def test_a_fieldwork_week_gives_its_month(sentence: str) -> None:
    assert review_facts([sentence]).fieldwork == "2016-01"


FIELDWORK_DAYS = [
    "The review took place between 11 and 15 January 2016.",
    "Fieldwork for the review: 11-15 January 2016.",
    "CQC carried out the review from Monday 11 January to Friday 15 January 2016.",
    "The CQC review fieldwork was undertaken on 11th-15th January 2016.",
    "Inspectors were on site from 11/01/2016 to 15/01/2016.",
]


@pytest.mark.parametrize("sentence", FIELDWORK_DAYS)
def test_fieldwork_days_in_other_wordings(sentence: str) -> None:
    assert review_facts([sentence]).fieldwork == "2016-01-11/2016-01-15"


def test_a_review_is_named_by_its_regulator_or_programme() -> None:
    assert review_facts(["The plan answers the issues the CQC raised."]).named
    assert review_facts(["This is the joint targeted area inspection plan."]).named
    assert not review_facts(["Partners met to agree next steps."]).named


def document(name: str, fieldwork: str | None, named: bool = True) -> Extraction:
    return Extraction(
        file=f"{name}.txt", area="Eastvale", review=ReviewRecord(fieldwork=fieldwork, named=named)
    )


def test_an_undated_document_joins_the_review_it_names_and_says_so() -> None:
    notes: dict[str, list[str]] = {}
    reviews = assign_reviews([stored(document("report", "2016-01")), stored(document("plan", None))], notes)
    assert reviews["plan.txt"] == reviews["report.txt"]
    assert "joined" in notes["plan.txt"][0] and "report.txt" not in notes


def test_an_undated_document_naming_no_review_stays_apart_with_a_warning() -> None:
    docs = [stored(document("report", "2016-01")), stored(document("minutes", None, named=False))]
    notes: dict[str, list[str]] = {}
    reviews = assign_reviews(docs, notes)
    assert reviews["minutes.txt"] != reviews["report.txt"]
    assert "kept apart" in notes["minutes.txt"][0]
    g = build_graph(docs)
    minutes = next(
        n
        for n, d in g.nodes(data=True)
        if d["type"] == NodeType.SOURCE_DOCUMENT.value and d["file"] == "minutes.txt"
    )
    assert any("kept apart" in w for w in g.nodes[minutes]["warnings"])


def test_an_undated_document_does_not_guess_between_two_reviews() -> None:
    docs = [
        stored(document("first", "2016-01")),
        stored(document("second", "2019-05")),
        stored(document("plan", None)),
    ]
    notes: dict[str, list[str]] = {}
    reviews = assign_reviews(docs, notes)
    assert reviews["plan.txt"] not in (reviews["first.txt"], reviews["second.txt"])
    assert "joined none" in notes["plan.txt"][0]
