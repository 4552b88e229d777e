"""Typed extraction records: what a loader read from one document, with where it read it.

The JSON form (``Extraction.to_json``) is the format of ``../shared/gold/SCHEMA.md`` with a few
extra keys the graph needs (``location`` on every fact, ``theme_evidence``, ``warnings``,
``roles``); ``location`` is a :class:`loaders.blocks.Location`. The store keeps exactly this
JSON; the graph is built from it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from loaders.blocks import Location

NOTHING_RECOGNISED = "no content recognised"
"""Said of a document from which not one fact was read (a warning, and the load's reason)."""

TimescaleKind = Literal["agreed", "indicative"]
Status = Literal["completed", "in progress", "on track", "behind"]
RAG = Literal["red", "amber", "green", "blue"]


class ThemeMatch(BaseModel):
    """A theme given to a recommendation or finding, with the words that signalled it."""

    theme: str
    evidence: list[str] = Field(default_factory=list)


VALUE_SEPARATOR = ";"


def separate_values(text: str | None) -> list[str]:
    """The values one field holds: several leads, officers or routes written on one line are
    kept apart by ";" ("Designated Nurse; Named GP")."""
    return [part.strip() for part in (text or "").split(VALUE_SEPARATOR) if part.strip()]


ReferenceKind = Literal["organisation", "role", "collective", "body"]


class Reference(BaseModel):
    """A resolved mention: an organisation by its canonical name (one of the document's
    ``organisations``), a post by its title, a collective addressee as the document lists it, or
    a board, committee or forum as written."""

    kind: ReferenceKind
    name: str


class ActionRecord(BaseModel):
    text: str
    # as written; several leads (or responsible officers) apart by ";" (see ``leads``)
    lead: str | None = None
    responsible: str | None = None
    assurance: list[str] = Field(default_factory=list)
    # what ``lead``, ``responsible`` and ``assurance`` name, resolved by the loader
    lead_refs: list[Reference] = Field(default_factory=list)
    responsible_refs: list[Reference] = Field(default_factory=list)
    # the document's assurance bodies the ``assurance`` items name -> the items naming each
    assured_by: dict[str, list[str]] = Field(default_factory=dict)
    timescale_raw: str | None = None
    timescale: str | None = None
    timescale_kind: TimescaleKind | None = None
    status: Status | None = None
    rag: RAG | None = None
    organisations: list[str] = Field(default_factory=list)
    themes: list[ThemeMatch] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)

    @property
    def leads(self) -> list[str]:
        return separate_values(self.lead)

    @property
    def responsible_officers(self) -> list[str]:
        return separate_values(self.responsible)


class RecommendationRecord(BaseModel):
    id: str
    text: str | None = None
    addressed_to: list[str] = Field(default_factory=list)
    report_refs: list[str] = Field(default_factory=list)
    actions: list[ActionRecord] = Field(default_factory=list)
    outcomes: list[str] = Field(default_factory=list)
    expected_outcomes: int | None = None
    cross_refs: list[str] = Field(default_factory=list)
    themes: list[ThemeMatch] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)


class FindingRecord(BaseModel):
    """An issue raised without a recommendation number (a bullet, or a row with no number)."""

    text: str
    report_ref: str | None = None
    organisations: list[str] = Field(default_factory=list)
    actions: list[ActionRecord] = Field(default_factory=list)
    themes: list[ThemeMatch] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)


class OrganisationRecord(BaseModel):
    canonical: str
    type: str = "other"
    aliases_in_text: list[str] = Field(default_factory=list)
    # the body's code in the national lists (or the user's registry), when it is one of theirs:
    # the same code in two documents is the same organisation
    registry_code: str | None = None
    location: Location = Field(default_factory=Location)


class RoleRecord(BaseModel):
    """A post named in the text (Designated Nurse, CCG Accountable Officer); never an organisation."""

    title: str
    organisation: str | None = None
    location: Location = Field(default_factory=Location)


class CommissionRecord(BaseModel):
    """ "A commissions X": the commissioner (an organisation, or a post whose organisation another
    fact states), the service as written, and the organisations it names as providing it."""

    commissioner: Reference
    service: str
    providers: list[str] = Field(default_factory=list)


class StatedRelation(BaseModel):
    """ "<subject> is accountable to <object>", as the text states it."""

    subject: Reference
    object: Reference


class ReviewRecord(BaseModel):
    regulator: str | None = "CQC"
    programme: str | None = "Children Looked After and Safeguarding (CLAS)"
    fieldwork: str | None = None
    published: str | None = None
    recommendations_stated: int | None = None
    actions_stated: int | None = None
    status_counts: dict[str, int] | None = None
    # whether the document names its review (regulator or programme): a document that states no
    # date of its review joins one of its area only then
    named: bool = True


class Extraction(BaseModel):
    """Everything read from one document."""

    file: str
    format: str = "text"
    area: str | None = None
    document_kind: str | None = None
    document_date: str | None = None
    review: ReviewRecord = Field(default_factory=ReviewRecord)
    organisations: list[OrganisationRecord] = Field(default_factory=list)
    collective_addressees: list[str] = Field(default_factory=list)
    roles: list[RoleRecord] = Field(default_factory=list)
    recommendations: list[RecommendationRecord] = Field(default_factory=list)
    findings: list[FindingRecord] = Field(default_factory=list)
    actions: list[ActionRecord] = Field(default_factory=list)
    assurance_bodies: list[str] = Field(default_factory=list)
    # assurance body name -> the organisations it belongs to (a trust's board, a CCG's committee)
    assurance_body_organisations: dict[str, list[str]] = Field(default_factory=dict)
    # commissioner relationships stated in the text
    commissions: list[CommissionRecord] = Field(default_factory=list)
    # who the text says leads the response to the review, or part of it
    leads: list[Reference] = Field(default_factory=list)
    # who the text says is accountable to whom
    accountable_to: list[StatedRelation] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def recognised_nothing(self) -> bool:
        """No fact at all was read: the document is not one of those sgraph understands."""
        review = self.review
        return not (
            self.area or self.recommendations or self.findings or self.actions or self.organisations
            or self.assurance_bodies or review.fieldwork or review.published
        )

    def to_json(self) -> dict[str, Any]:
        """The SCHEMA.md form: theme lists as ids, evidence alongside under ``theme_evidence``."""
        raw = self.model_dump(mode="json")
        for item in _themed(raw):
            matches = item.pop("themes", [])
            item["themes"] = [m["theme"] for m in matches]
            item["theme_evidence"] = {m["theme"]: m["evidence"] for m in matches}
        return raw

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Extraction:
        """Inverse of :meth:`to_json` (tolerates the plain SCHEMA.md form too)."""
        return cls.model_validate(_with_theme_matches(raw))

    @classmethod
    def from_stored(cls, raw: dict[str, Any]) -> Extraction:
        """As :meth:`from_json`, but a value that is not valid (a store written by another
        version, or edited by hand) is left out rather than failing the whole document: an
        optional value falls back to its default, an item missing what it needs is dropped.

        ``raw`` (JSON just read) is taken over and changed, not copied: copying every document
        was half the time to read a national store's documents."""
        cleaned = _with_theme_matches(raw, copy=False)
        while True:
            try:
                return cls.model_validate(cleaned)
            except ValidationError as exc:
                # one at a time: dropping a list item renumbers the errors after it
                _drop(cleaned, exc.errors()[0]["loc"])


def _with_theme_matches(raw: dict[str, Any], copy: bool = True) -> dict[str, Any]:
    if copy:
        raw = _deepcopy(raw)
    for item in _themed(raw):
        evidence = item.pop("theme_evidence", {}) or {}
        if not isinstance(evidence, dict):
            evidence = {}
        themes = item.get("themes", [])
        item["themes"] = [
            t if isinstance(t, dict) else {"theme": t, "evidence": evidence.get(t, [])}
            for t in (themes if isinstance(themes, list) else [])
        ]
    return raw


def _drop(raw: Any, loc: tuple[int | str, ...]) -> None:
    """Remove the value at ``loc``; when a required field is missing, the item that lacks it."""
    parent, key = _parent(raw, loc)
    present = key in parent if isinstance(parent, dict) else isinstance(key, int) and key < len(parent)
    if present:
        del parent[key]
    elif len(loc) > 1:
        _drop(raw, loc[:-1])
    else:  # the document itself lacks a required field: nothing of it can be used
        raw.clear()
        raw["file"] = "unreadable stored extraction"


def _parent(raw: Any, loc: tuple[int | str, ...]) -> tuple[Any, int | str]:
    node = raw
    for step in loc[:-1]:
        node = node[step]
    return node, loc[-1]


def _themed(raw: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[Any] = []
    for container in (*_list(raw, "recommendations"), *_list(raw, "findings")):
        items.append(container)
        items.extend(_list(container, "actions"))
    items.extend(_list(raw, "actions"))
    return [item for item in items if isinstance(item, dict)]


def _list(raw: Any, key: str) -> list[Any]:
    value = raw.get(key, []) if isinstance(raw, dict) else []
    return value if isinstance(value, list) else []


def _deepcopy(raw: dict[str, Any]) -> dict[str, Any]:
    import json

    copied: dict[str, Any] = json.loads(json.dumps(raw))
    return copied
