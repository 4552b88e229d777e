"""Builders of small hand-built extractions and graphs for the graph and query tests.

All wording here is invented for the tests. ``gold_documents`` and ``corpus_documents`` give the
real corpus as StoredDocuments: the first from the hand-made gold (what the answers must be), the
second through the real extraction pipeline.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec

import networkx as nx

from graph.build import build_graph
from graph.documents import StoredDocument
from loaders.blocks import Location
from loaders.records import (
    ActionRecord,
    CommissionRecord,
    Extraction,
    FindingRecord,
    OrganisationRecord,
    RecommendationRecord,
    Reference,
    ReviewRecord,
    RoleRecord,
    ThemeMatch,
)
from loaders.references import RecordNames, link_references

P = ParamSpec("P")


def stored(extraction: Extraction, doc_id: str | None = None, hand_written: bool = True) -> StoredDocument:
    """Wrap an extraction as the store would hand it over (id = the file name, as the store does).

    A ``hand_written`` extraction (built by a test, or the gold) first gets the resolved references
    the loader's last step writes; one the pipeline made has them already.
    """
    if hand_written:
        linked(extraction)
    body = json.dumps(extraction.to_json(), sort_keys=True).encode()
    return StoredDocument(
        id=doc_id or Path(extraction.file).name,
        file_name=extraction.file,
        format=extraction.format,
        sha256=hashlib.sha256(body).hexdigest(),
        size=len(body),
        loaded_at="2026-01-01T00:00:00+00:00",
        extraction=extraction,
    )


def linked(extraction: Extraction) -> Extraction:
    """A hand-written extraction with the resolved references the loader's last step writes
    (:func:`loaders.references.link_references`), from its own organisation records."""
    link_references(extraction, RecordNames(extraction))
    return extraction


def hand_written(build: Callable[P, Extraction]) -> Callable[P, Extraction]:
    """Builders of hand-written extractions return them linked (ready for a store or a graph)."""

    @functools.wraps(build)
    def built(*args: P.args, **kwargs: P.kwargs) -> Extraction:
        return linked(build(*args, **kwargs))

    return built


def commission(commissioner: str, service: str, *providers: str, post: bool = False) -> CommissionRecord:
    """ "<commissioner> commissions <service>", resolved as a loader writes it."""
    kind = "role" if post else "organisation"
    return CommissionRecord(
        commissioner=Reference(kind=kind, name=commissioner), service=service, providers=list(providers)
    )


def org(canonical: str, type_: str = "other", *aliases: str) -> OrganisationRecord:
    return OrganisationRecord(canonical=canonical, type=type_, aliases_in_text=list(aliases))


def theme(theme_id: str, *evidence: str) -> ThemeMatch:
    return ThemeMatch(theme=theme_id, evidence=list(evidence))


def action(text: str, line: int = 1, **fields: Any) -> ActionRecord:
    return ActionRecord(text=text, location=Location(line=line), **fields)


def rec(
    rec_id: str, text: str | None, *addressed_to: str, line: int = 1, **fields: Any
) -> RecommendationRecord:
    return RecommendationRecord(
        id=rec_id, text=text, addressed_to=list(addressed_to), location=Location(line=line), **fields
    )


NHT = "Northshire Hospitals NHS Trust"


@hand_written
def northshire_plan() -> Extraction:
    """An invented NHS action plan: two commissioners and a provider, shared recommendations."""
    return Extraction(
        file="north_plan.txt",
        area="Northshire",
        document_kind="action plan",
        review=ReviewRecord(fieldwork="2019-03", published="2019-05"),
        organisations=[
            org("Northshire Clinical Commissioning Group", "CCG", "Northshire CCG", "NCCG"),
            org("Northshire Hospitals NHS Trust", "NHS trust", "NHT"),
            org("Northshire County Council", "local authority", "NCC"),
            org("Northshire Safeguarding Children Board", "safeguarding board", "NSCB"),
        ],
        collective_addressees=["every village surgery"],
        roles=[RoleRecord(title="Lead Midwife"), RoleRecord(title="Chief Executive")],
        assurance_bodies=["Northshire Safeguarding Children Board", "Quality Panel"],
        commissions=[commission("Northshire County Council", "Northshire Hospitals NHS Trust", NHT)],
        recommendations=[
            rec(
                "1.1",
                "Make sure every ward nurse learns to spot hidden bruising in toddlers",
                "Northshire Clinical Commissioning Group",
                "Northshire Hospitals NHS Trust",
                line=10,
                themes=[theme("training", "learns")],
                actions=[
                    action(
                        "Run bruising workshops for ward nurses",
                        line=11,
                        lead="Lead Midwife",
                        responsible="Chief Executive",
                        assurance=["reports to the Quality Panel"],
                        timescale_raw="Mar-20",
                        timescale="2020-03",
                        timescale_kind="agreed",
                        status="completed",
                    )
                ],
            ),
            rec(
                "1.2",
                "Check that toddler bruising referrals reach the duty social worker quickly",
                "Northshire Clinical Commissioning Group",
                "Northshire Hospitals NHS Trust",
                "every village surgery",
                line=20,
                cross_refs=["1.1"],
                themes=[theme("referrals-social-care", "referrals")],
                actions=[
                    action("Audit a sample of bruising referrals", line=21, lead="NHT", timescale="2019-09"),
                ],
            ),
            rec(
                "2.1",
                "Publish a yearly report on the health of children in care",
                "Northshire Clinical Commissioning Group",
                line=30,
                themes=[theme("strategic-planning", "yearly report")],
            ),
        ],
    )


@hand_written
def southvale_plan() -> Extraction:
    """An invented plan from another area that repeats one Northshire concern in other words."""
    return Extraction(
        file="south_plan.txt",
        area="Southvale",
        document_kind="action plan",
        review=ReviewRecord(fieldwork="2020-01"),
        organisations=[
            org("Southvale Clinical Commissioning Group", "CCG", "SCCG"),
            org("Southvale Community NHS Trust", "NHS trust"),
        ],
        recommendations=[
            rec(
                "3.1",
                "Make sure every ward nurse learns to spot hidden bruising in babies",
                "Southvale Clinical Commissioning Group",
                "Southvale Community NHS Trust",
                line=5,
                themes=[theme("training", "learns")],
                actions=[action("Teach nurses about bruising", line=6)],
            ),
        ],
        findings=[
            FindingRecord(
                text="Too few school nurses for the number of pupils",
                organisations=["Southvale Community NHS Trust"],
                themes=[theme("healthy-child-programme", "school nurses")],
                location=Location(line=40),
            )
        ],
    )


def small_graph() -> nx.MultiDiGraph:
    return build_graph([stored(northshire_plan()), stored(southvale_plan())])


# ----------------------------------------------------------------------------- the real corpus


def gold_extraction(path: Path) -> Extraction:
    """The gold annotation of one corpus file as an Extraction (``text_start`` read as text)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw.pop("notes", None)

    def text_of(item: dict[str, Any]) -> None:
        start = item.pop("text_start", None)
        item.setdefault("text", start or "")

    for recommendation in raw.get("recommendations", []):
        start = recommendation.pop("text_start", None)
        recommendation.setdefault("text", start)
        for item in recommendation.get("actions", []):
            text_of(item)
    for finding in raw.get("findings", []):
        text_of(finding)
        for item in finding.get("actions", []):
            text_of(item)
    for item in raw.get("actions", []) or []:
        text_of(item)
    raw["actions"] = raw.get("actions") or []
    return Extraction.from_json(raw)


def gold_documents(gold_dir: Path) -> list[StoredDocument]:
    return [stored(gold_extraction(p)) for p in sorted(gold_dir.glob("*.gold.json"))]


def corpus_documents(corpus_dir: Path) -> list[StoredDocument]:
    from loaders.extract import extract_file  # imported here: the hand-built tests need no reader

    return [stored(extract_file(p), hand_written=False) for p in sorted(corpus_dir.glob("*.txt"))]


def gold_json(gold_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.gold.json"))]


@functools.cache
def gold_graph(gold_dir: Path) -> nx.MultiDiGraph:
    """The graph of the gold annotations (cached: queries never change a graph)."""
    return build_graph(gold_documents(gold_dir))


@functools.cache
def corpus_graph(corpus_dir: Path) -> nx.MultiDiGraph:
    """The graph of the corpus as the extraction pipeline reads it (cached)."""
    return build_graph(corpus_documents(corpus_dir))


def gold_shared_recommendations(gold_dir: Path, area: str, min_owners: int = 2) -> dict[str, int]:
    """Recommendation id -> number of addressees, for the area's recommendations the gold says
    are addressed to at least ``min_owners`` (addressees of one id unioned over the area's files)."""
    owners: dict[str, set[str]] = {}
    for gold in gold_json(gold_dir):
        if gold["area"] != area:
            continue
        for recommendation in gold["recommendations"]:
            owners.setdefault(recommendation["id"], set()).update(recommendation["addressed_to"])
    return {rid: len(names) for rid, names in owners.items() if len(names) >= min_owners}


def gold_theme_areas(gold_dir: Path, min_areas: int) -> dict[str, tuple[str, ...]]:
    """Theme id -> areas whose recommendations or findings the gold gives that theme."""
    areas: dict[str, set[str]] = {}
    for gold in gold_json(gold_dir):
        for item in [*gold["recommendations"], *gold.get("findings", [])]:
            for theme_id in item.get("themes", []):
                areas.setdefault(theme_id, set()).add(gold["area"])
    return {t: tuple(sorted(a)) for t, a in areas.items() if len(a) >= min_areas}
