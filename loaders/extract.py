"""From a file to an :class:`Extraction`: read blocks, recognise structures, attach themes."""

from __future__ import annotations

from pathlib import Path

from loaders.action_plan import read_action_plans
from loaders.blocks import DocumentBlocks
from loaders.limits import MAX_TABLE_ROWS, check_limit
from loaders.narrative import document_date, read_narrative
from loaders.organisations import OrganisationResolver
from loaders.readers import read_bytes, read_document
from loaders.records import (
    NOTHING_RECOGNISED,
    ActionRecord,
    Extraction,
    FindingRecord,
    RecommendationRecord,
)
from loaders.references import RecordNames, commission_records, link_references
from loaders.registry_index import shipped_index
from loaders.review_parts import text_units
from loaders.themes import assign_themes, theme_matchers
from ontology.registry import RegisteredOrganisation


def prepare() -> None:
    """Build, once, what reading every document shares: the registry's index and the theme
    matchers. A process that reads many documents, or forks readers, calls it first so that no
    document pays for them (they were most of a small document's reading time)."""
    shipped_index()
    theme_matchers()


def extract_file(path: Path) -> Extraction:
    """Read one document of any supported format; raises ``UnreadableDocument`` if it cannot."""
    return extract_blocks(read_document(path))


def extract_bytes(file_name: str, raw: bytes) -> Extraction:
    """Read one document's content (named ``file_name`` in warnings and errors)."""
    return extract_blocks(read_bytes(file_name, raw))


def extract_blocks(doc: DocumentBlocks, registry: list[RegisteredOrganisation] | None = None) -> Extraction:
    """What ``doc`` says; ``registry`` replaces the shipped organisation registry if given."""
    rows = sum(len(table.rows) for table in doc.tables())
    check_limit(doc.file_name, "number of table rows", rows, MAX_TABLE_ROWS)
    # the document's own date says which bodies it means (a trust renamed or merged since)
    orgs = OrganisationResolver.for_document(doc, registry, as_of=document_date(text_units(doc)))
    narrative = read_narrative(doc, orgs)
    plan = read_action_plans(doc, orgs)
    extraction = Extraction(
        file=doc.file_name,
        format=doc.format,
        area=narrative.area,
        document_kind=narrative.document_kind,
        document_date=narrative.document_date,
        review=narrative.review,
        recommendations=plan.recommendations,
        findings=[*plan.findings, *narrative.findings],
        actions=narrative.actions,
        assurance_bodies=_unique([*narrative.assurance_bodies, *plan.assurance_bodies]),
        leads=narrative.leads,
        accountable_to=narrative.accountable_to,
        warnings=[*doc.warnings, *plan.warnings, *narrative.warnings],
    )
    themed: list[RecommendationRecord | FindingRecord | ActionRecord] = [
        *extraction.recommendations,
        *extraction.findings,
        *extraction.actions,
    ]
    for item in themed:
        if not item.themes:
            item.themes = assign_themes(item)
    extraction.organisations = orgs.records()
    extraction.collective_addressees = orgs.collectives()
    extraction.roles = orgs.roles()
    extraction.warnings.extend(orgs.warnings())
    # every name is resolved once, by the document's resolver; what the cells and statements
    # name is found by the forms its records list
    names = RecordNames(extraction)
    extraction.commissions = commission_records(narrative.commissions, names)
    link_references(extraction, names)
    if extraction.recognised_nothing():
        extraction.warnings.append(
            f"{doc.file_name}: {NOTHING_RECOGNISED}: no area, review, recommendation, finding, action or "
            "organisation was found in it; check that it is a review report, briefing or action plan"
        )
    return extraction


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))
