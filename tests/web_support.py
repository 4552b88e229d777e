"""A small invented store for the web app, map and page tests.

Two areas, Riverton and Lakeside, with hand-written plans (all wording invented for the tests).
Each document is stored with its real text (so provenance pages can show it) and a hand-built
extraction whose locations point at the lines of that text. One recommendation carries markup
that must never run in a page or map.
"""

from __future__ import annotations

from pathlib import Path

from graph_support import hand_written

from graph.store import Store
from loaders.blocks import Location
from loaders.records import (
    ActionRecord,
    Extraction,
    OrganisationRecord,
    RecommendationRecord,
    ReviewRecord,
    ThemeMatch,
)

SCRIPT_PAYLOAD = '<script>window.__pwned = "script"; console.log("PWNED-MARKER")</script>'
IMG_PAYLOAD = "<img src=\"x\" onerror=\"window.__pwned = 'img'; console.log('PWNED-MARKER')\">"

RIVERTON_TEXT = f"""Riverton children's health improvement plan
Written for the test suite only.

1.1 Make sure every looked after child has a timely health check
Action: the named nurse will chase every overdue check each week
2.1 Agree one shared way of recording who lives with the child
1.2 Review the triage notes for hidden harm {SCRIPT_PAYLOAD} {IMG_PAYLOAD}
Action: audit twenty sets of notes {SCRIPT_PAYLOAD}
"""

LAKESIDE_TEXT = """Lakeside board briefing
Also written for the test suite only.

3 Give every school nurse protected time for safeguarding training and health checks
Action: book the training days for all school nurses
"""

RIVERTON_CCG = "Riverton Clinical Commissioning Group"
RIVERTON_TRUST = "Riverton Hospitals NHS Trust"
RIVERTON_COUNCIL = "Riverton Borough Council"
LAKESIDE_CCG = "Lakeside Clinical Commissioning Group"
LAKESIDE_TRUST = "Lakeside Community NHS Trust"


def _org(name: str, kind: str, *aliases: str) -> OrganisationRecord:
    return OrganisationRecord(canonical=name, type=kind, aliases_in_text=list(aliases))


@hand_written
def riverton_plan() -> Extraction:
    return Extraction(
        file="riverton_plan.txt",
        area="Riverton",
        document_kind="action plan",
        review=ReviewRecord(fieldwork="2018-04", published="2018-06"),
        organisations=[
            _org(RIVERTON_CCG, "CCG", "Riverton CCG", "RCCG"),
            _org(RIVERTON_TRUST, "NHS trust", "RHT"),
            _org(RIVERTON_COUNCIL, "local authority"),
        ],
        assurance_bodies=["Riverton Safeguarding Board"],
        recommendations=[
            RecommendationRecord(
                id="1.1",
                text="Make sure every looked after child has a timely health check",
                addressed_to=[RIVERTON_CCG, RIVERTON_TRUST],
                actions=[
                    ActionRecord(
                        text="the named nurse will chase every overdue check each week",
                        lead=RIVERTON_TRUST,
                        assurance=["Riverton Safeguarding Board"],
                        timescale_raw="Mar-17",
                        timescale="2017-03",
                        timescale_kind="agreed",
                        status="in progress",
                        rag="amber",
                        location=Location(line=5),
                    )
                ],
                themes=[ThemeMatch(theme="health-assessments", evidence=["health check"])],
                location=Location(line=4),
            ),
            RecommendationRecord(
                id="2.1",
                text="Agree one shared way of recording who lives with the child",
                addressed_to=[RIVERTON_CCG, RIVERTON_COUNCIL],
                themes=[ThemeMatch(theme="record-keeping", evidence=["recording"])],
                location=Location(line=6),
            ),
            RecommendationRecord(
                id="1.2",
                text=f"Review the triage notes for hidden harm {SCRIPT_PAYLOAD} {IMG_PAYLOAD}",
                addressed_to=[RIVERTON_TRUST],
                actions=[
                    ActionRecord(
                        text=f"audit twenty sets of notes {SCRIPT_PAYLOAD}",
                        status="completed",
                        rag="green",
                        location=Location(line=8),
                    )
                ],
                themes=[ThemeMatch(theme="record-keeping", evidence=["notes"])],
                location=Location(line=7),
            ),
        ],
        warnings=["line 2: a made-up warning for the documents page"],
    )


@hand_written
def lakeside_briefing() -> Extraction:
    return Extraction(
        file="lakeside_briefing.txt",
        area="Lakeside",
        document_kind="briefing",
        review=ReviewRecord(fieldwork="2019-09", published="2019-11"),
        organisations=[
            _org(LAKESIDE_CCG, "CCG", "Lakeside CCG"),
            _org(LAKESIDE_TRUST, "NHS trust", "LCT"),
        ],
        recommendations=[
            RecommendationRecord(
                id="3",
                text="Give every school nurse protected time for safeguarding training and health checks",
                addressed_to=[LAKESIDE_CCG, LAKESIDE_TRUST],
                actions=[
                    ActionRecord(
                        text="book the training days for all school nurses",
                        lead=LAKESIDE_TRUST,
                        assurance=["Lakeside quality committee"],
                        timescale="2020-03",
                        status="on track",
                        location=Location(line=5),
                    )
                ],
                themes=[
                    ThemeMatch(theme="health-assessments", evidence=["health checks"]),
                    ThemeMatch(theme="training", evidence=["training"]),
                ],
                location=Location(line=4),
            )
        ],
    )


def fill_store(db: Path) -> None:
    """Store both invented documents (their text and their extraction) in the store at ``db``."""
    with Store(db) as store:
        store.put("riverton_plan.txt", RIVERTON_TEXT.encode(), riverton_plan())
        store.put("lakeside_briefing.txt", LAKESIDE_TEXT.encode(), lakeside_briefing())
