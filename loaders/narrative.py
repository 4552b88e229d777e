"""Placeholder: replaced by the narrative report reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.blocks import DocumentBlocks
from loaders.organisations import OrganisationResolver
from loaders.records import ActionRecord, FindingRecord, ReviewRecord


@dataclass
class NarrativeFacts:
    area: str | None = None
    document_kind: str | None = None
    document_date: str | None = None
    review: ReviewRecord = field(default_factory=ReviewRecord)
    findings: list[FindingRecord] = field(default_factory=list)
    actions: list[ActionRecord] = field(default_factory=list)
    assurance_bodies: list[str] = field(default_factory=list)
    commissions: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_narrative(doc: DocumentBlocks, orgs: OrganisationResolver) -> NarrativeFacts:
    return NarrativeFacts()
