"""One status vocabulary for tables and prose: a status written in a plan's status cell and the
same status reported in a sentence of a briefing come out the same (loaders/status.py with
ontology/words/status_words.toml). The sentences are paraphrases written for the test."""

from __future__ import annotations

import pytest

from loaders.action_plan import read_action_plans
from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph
from loaders.narrative import read_narrative
from loaders.organisations import OrganisationResolver
from loaders.progress_notes import read_progress_notes
from loaders.records import Status
from loaders.review_facts import review_facts
from loaders.status import status_of_statement
from loaders.text_reader import read_text


def paragraphs(*lines: str) -> list[Paragraph | ListItem]:
    return [Paragraph(line, Location(line=n)) for n, line in enumerate(lines, 1)]


def in_a_table(cell: str) -> Status | None:
    text = f"Recommendation\tAction\tStatus\n4.2 Improve discharge letters\tAudit a sample of letters\t{cell}"
    doc = read_text("plan.txt", text.encode())
    plan = read_action_plans(doc, OrganisationResolver.for_document(doc))
    (action,) = [a for r in plan.recommendations for a in r.actions]
    return action.status


def in_prose(sentence: str) -> Status | None:
    """The status of ``sentence`` as an item of a briefing's list of actions taken."""
    lines = [
        "The CQC reviewed health services for children in Rutland in May 2018.",
        "Actions taken include:",
    ]
    blocks: list[Paragraph | ListItem] = paragraphs(*lines)
    blocks.append(ListItem(sentence, Location(line=3)))
    doc = DocumentBlocks("briefing.txt", "text", blocks)
    facts = read_narrative(doc, OrganisationResolver.for_document(doc))
    (action,) = [a for f in facts.findings for a in f.actions]
    return action.status


@pytest.mark.parametrize(
    ("cell", "sentence", "status"),
    [
        ("Completed", "The audit of discharge letters has been completed.", "completed"),
        ("Achieved", "The twenty-day target for health assessments was achieved in June.", "completed"),
        ("Closed", "This action was closed at the board's last meeting.", "completed"),
        ("Delayed", "Recruitment of a second named nurse has been delayed until the autumn.", "behind"),
        ("Overdue", "The revised chaperone policy is overdue.", "behind"),
        ("Behind schedule", "Work on the new referral form is behind schedule.", "behind"),
        ("On track", "The training programme for practice nurses is on track.", "on track"),
        ("On target", "Uptake of the new e-learning module is on target.", "on track"),
        ("Ongoing", "Joint work with the schools on attendance is ongoing.", "in progress"),
        ("In progress", "A caseload review for health visitors is in progress.", "in progress"),
        ("Under way", "A review of the out-of-hours pathway is under way.", "in progress"),
        ("Partially complete", "The new records template is partially complete.", "in progress"),
    ],
)
def test_a_status_in_a_table_cell_and_in_a_sentence_is_the_same(
    cell: str, sentence: str, status: Status
) -> None:
    assert in_a_table(cell) == status
    assert in_prose(sentence) == status


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        # done: a perfect or past tense of an action verb, or a state now reached
        ("A flag for missed appointments has now been introduced in every clinic.", "completed"),
        ("The joint protocol was agreed by both boards in March.", "completed"),
        ("Two extra school nurses were appointed in January.", "completed"),
        ("Supervision for ward staff is now offered every month.", "completed"),
        ("A single referral route for the emergency department is in place.", "completed"),
        ("The practice has already published its revised safeguarding policy.", "completed"),
        ("Health visitors have been trained to ask about fathers.", "completed"),
        ("The parents' leaflet, completed in March, went to every practice.", "completed"),
        # under way or still to come: continuous or future tense, a start ahead
        ("The trust is rolling out the new alert across its wards.", "in progress"),
        ("Caseloads are being reviewed by the team leaders.", "in progress"),
        ("A pilot will start in two practices next term.", "in progress"),
        ("The new form will be completed by every ward in May.", "in progress"),
        ("The unit is about to move into the new building.", "in progress"),
        ("Weekly huddles have started on the children's ward.", "in progress"),
        ("The hub opens to referrals from 1st September.", "in progress"),
        # behind: a status word says so whatever the tense
        ("The audit will be delayed by the loss of two staff.", "behind"),
        ("The pathway has slipped behind its planned date.", "behind"),
        # nothing reported, or a negation: no status
        ("Inclusion of exploitation screening in level 3 training.", None),
        ("A new pathway has not been introduced yet.", None),
        ("Staff are yet to be trained in the new tool.", None),
        ("An updated leaflet for parents.", None),
        ("A revised pathway is to be completed in May.", None),
    ],
)
def test_paraphrases_of_a_reported_action_give_its_status(sentence: str, status: str | None) -> None:
    assert status_of_statement(sentence) == status
    assert in_prose(sentence) == status


def test_progress_notes_are_read_as_statements_and_the_lead_in_covers_the_rest() -> None:
    lines = [
        "Both recommendations for the trust are moving forward well and are being monitored.",
        "Recommendation 3.1: A joint protocol with children's social care has been agreed.",
        "Recommendation 3.2: Dates for the refresher course are set.",
    ]
    doc = DocumentBlocks("letter.txt", "text", paragraphs(*lines))
    records = read_progress_notes(doc, OrganisationResolver.for_document(doc), set())
    assert [(r.id, r.actions[0].status) for r in records] == [("3.1", "completed"), ("3.2", "in progress")]


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        (
            "Of the 40 actions in the plan, 25 are complete, 10 are on track and 5 have not yet started.",
            {"completed": 25, "on_track": 10, "not_started": 5},
        ),
        (
            "Of the 40 actions in the plan, 25 are complete and 15 are yet to start.",
            {"completed": 25, "not_started": 15},
        ),
        ("Of the 12 actions, 7 are ongoing and 5 are overdue.", {"in_progress": 7, "behind": 5}),
    ],
)
def test_a_briefing_counts_actions_by_the_same_words(sentence: str, counts: dict[str, int]) -> None:
    assert review_facts([sentence]).status_counts == counts
