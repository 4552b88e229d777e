"""Placeholder: replaced by organisation mention finding and resolution."""

from __future__ import annotations

from loaders.blocks import DocumentBlocks
from loaders.records import OrganisationRecord, RoleRecord


class OrganisationResolver:
    def __init__(self, doc: DocumentBlocks) -> None:
        self.doc = doc

    @classmethod
    def for_document(cls, doc: DocumentBlocks) -> OrganisationResolver:
        return cls(doc)

    def resolve(self, mention: str) -> str | None:
        return None

    def addressees(self, header: str) -> list[str]:
        return []

    def records(self) -> list[OrganisationRecord]:
        return []

    def collectives(self) -> list[str]:
        return []

    def roles(self) -> list[RoleRecord]:
        return []

    def warnings(self) -> list[str]:
        return []
