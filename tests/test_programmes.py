"""The regulator and programme of a review as the document states them, and one review node per
area, programme and fieldwork (all wording invented here)."""

from __future__ import annotations

import pytest
from graph_support import hand_written, stored

from graph.resolve import assign_reviews
from loaders.programmes import CLAS, regulator_and_programme
from loaders.records import Extraction, ReviewRecord


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (
            [
                "The CQC review of services for Children Looked After and Safeguarding took place in May."
            ],
            CLAS,
        ),
        (
            ["A joint targeted area inspection of the response to neglect took place in Eastvale in June."],
            ("Ofsted, CQC, HMICFRS and HMI Probation", "Joint Targeted Area Inspection (JTAI)"),
        ),
        (
            ["Inspectors carried out the JTAI in the week of 4 June.", "Their letter was published in July."],
            ("Ofsted, CQC, HMICFRS and HMI Probation", "Joint Targeted Area Inspection (JTAI)"),
        ),
        (
            ["The serious case review into the death of Child P was published by the board."],
            (None, "Serious Case Review (SCR)"),
        ),
        (
            ["Ofsted and the CQC carried out a joint inspection of the local area in March."],
            ("Ofsted and CQC", "joint Ofsted and CQC inspection"),
        ),
        (
            ["Ofsted inspected children's services in Eastvale in January and judged them good."],
            ("Ofsted", "Ofsted inspection of children's services"),
        ),
        # a CLAS paper that mentions another inspection in passing is still about the CLAS review
        (
            [
                "This report updates the board on the CLAS review action plan.",
                "Ofsted inspected children's social care last year.",
            ],
            CLAS,
        ),
        # a paper that names no programme is taken to be about the CLAS review
        (["The action plan has 40 actions."], CLAS),
    ],
)
def test_the_programme_is_recorded_as_the_document_states_it(
    sentences: list[str], expected: tuple[str | None, str]
) -> None:
    assert regulator_and_programme(sentences) == expected


@hand_written
def review_doc(name: str, fieldwork: str, regulator: str | None, programme: str) -> Extraction:
    return Extraction(
        file=f"{name}.txt",
        area="Eastvale",
        review=ReviewRecord(regulator=regulator, programme=programme, fieldwork=fieldwork),
    )


def test_one_review_node_per_area_programme_and_fieldwork() -> None:
    jtai = ("Ofsted, CQC, HMICFRS and HMI Probation", "Joint Targeted Area Inspection (JTAI)")
    docs = [
        stored(review_doc("clas-report", "2018-05", *CLAS)),
        stored(review_doc("clas-plan", "2018-05", *CLAS)),
        stored(review_doc("jtai-letter", "2018-05", *jtai)),
        stored(review_doc("jtai-plan", "2018-06", *jtai)),
        stored(review_doc("clas-again", "2021-02", *CLAS)),
    ]
    reviews = assign_reviews(docs)
    assert reviews["clas-report.txt"] == reviews["clas-plan.txt"] == "Review:eastvale:2018-05"
    assert reviews["jtai-letter.txt"] == reviews["jtai-plan.txt"] != reviews["clas-report.txt"]
    assert reviews["jtai-letter.txt"].startswith("Review:eastvale:joint-targeted-area-inspection")
    assert reviews["clas-again.txt"] == "Review:eastvale:2021-02"
    assert len(set(reviews.values())) == 3
