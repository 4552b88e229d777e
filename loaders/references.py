"""Resolved references: what an extraction's lead, responsible and assurance cells, its assurance
bodies and its commissioning statements name, written into the records once.

The graph (:mod:`graph.build`) maps these fields to nodes and edges and resolves no name itself.
:func:`link_references` runs at the end of every extraction with the document's organisation
resolver; :class:`RecordNames` stands in for the resolver when an extraction was written by hand
or by another program (the hand gold, tests): it knows only the names the extraction's own
organisation records list.
"""

from __future__ import annotations

import functools
import re
from typing import Protocol

from loaders.records import (
    ActionRecord,
    CommissionRecord,
    Extraction,
    OrganisationRecord,
    Reference,
)
from ontology.names import body_key, name_key


class Names(Protocol):
    """Where a document names its organisations (an ``OrganisationResolver`` or :class:`RecordNames`)."""

    def named_spans(self, text: str) -> list[tuple[int, int, str]]: ...


class RecordNames:
    """The organisations an extraction's own records name, found in a text by any of their forms."""

    def __init__(self, extraction: Extraction) -> None:
        self.forms: dict[str, str] = {}
        for org in extraction.organisations:
            for form in (org.canonical, *org.aliases_in_text):
                self.forms.setdefault(form, org.canonical)

    def named_spans(self, text: str) -> list[tuple[int, int, str]]:
        return [(start, end, self.forms[form]) for start, end, form in spans_of(text, self.forms)]


def link_references(extraction: Extraction, names: Names) -> None:
    """Fill the reference fields of ``extraction`` in place.

    Every organisation a reference or an addressee names becomes one of the extraction's
    organisation records (a name the resolver did not know is kept as written, type "other"),
    so that the graph finds each by its canonical name; collectives stay collectives.
    """
    _list_unlisted_organisations(extraction)
    roles = {role.title: role.title for role in extraction.roles}
    collectives = {name: name for name in extraction.collective_addressees}
    for action in _actions(extraction):
        _link_action(action, extraction, names, roles, collectives)
    extraction.assurance_body_organisations = {
        body: owners
        for body in extraction.assurance_bodies
        if (owners := list(dict.fromkeys(c for _, _, c in names.named_spans(body))))
    }
    _list_unlisted_organisations(extraction)


def _link_action(
    action: ActionRecord,
    extraction: Extraction,
    names: Names,
    roles: dict[str, str],
    collectives: dict[str, str],
) -> None:
    # several leads or officers in one field (apart by ";") are each resolved on their own
    action.lead_refs = _unique(
        [r for one in action.leads for r in _people_and_bodies(one, names, roles, collectives)]
    )
    action.responsible_refs = _unique(
        [r for one in action.responsible_officers for r in _people_and_bodies(one, None, roles, {})]
    )
    assured: dict[str, list[str]] = {}
    for item in action.assurance:
        for body in bodies_named_by(item, extraction.assurance_bodies):
            assured.setdefault(body, []).append(item)
    action.assured_by = {body: list(dict.fromkeys(items)) for body, items in assured.items()}


def _people_and_bodies(
    text: str, names: Names | None, roles: dict[str, str], collectives: dict[str, str]
) -> list[Reference]:
    """The posts, organisations (``names`` given) and collectives a lead/responsible cell names.

    Post titles the document lists come first; a cell naming none of them is a post as written.
    """
    found = [Reference(kind="role", name=title) for _, _, title in spans_of(text, roles)]
    if names is not None:
        found += [Reference(kind="organisation", name=c) for _, _, c in names.named_spans(text)]
        found += [Reference(kind="collective", name=c) for _, _, c in spans_of(text, collectives)]
    if not found:
        found.append(Reference(kind="role", name=text.strip()))
    return _unique(found)


def _unique(references: list[Reference]) -> list[Reference]:
    return list({(r.kind, r.name): r for r in references}.values())


def commission_records(pairs: list[tuple[str, str]], names: Names) -> list[CommissionRecord]:
    """Commissioning statements (commissioner, what is commissioned) as resolved records: the
    commissioner an organisation when it is one the document names, else a post (whose
    organisation the graph takes from the post); the providers the organisations the service
    names."""
    records: list[CommissionRecord] = []
    for commissioner, service in pairs:
        named = commissioner in {c for _, _, c in names.named_spans(commissioner)}
        providers = [c for _, _, c in names.named_spans(service) if c != commissioner]
        records.append(
            CommissionRecord(
                commissioner=Reference(kind="organisation" if named else "role", name=commissioner),
                service=service,
                providers=list(dict.fromkeys(providers)),
            )
        )
    return records


def bodies_named_by(item: str, bodies: list[str]) -> list[str]:
    """The assurance bodies (of ``bodies``) one assurance item names.

    The item names a body when it contains the body's name ("reported via the X committee"),
    or is most of that name ("contract review meeting" for "LCC contract review meeting");
    whole words only, plurals folded.
    """
    said = f" {body_key(item)} "
    found = []
    for body in bodies:
        name = body_key(body)
        if not name:
            continue
        whole = f" {name} "
        if whole in said or (said in whole and 2 * len(said.split()) >= len(whole.split())):
            found.append(body)
    return list(dict.fromkeys(found))


def spans_of(text: str, forms: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, form) for each of ``forms`` written in ``text``, in text order.

    Short all-capital initialisms match exactly ("AT" is not the word "at"); longer names
    match whatever their case. Overlapping matches keep the longest name.
    """
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str]] = []
    lowered = text.lower()
    present = [f for f in forms if f.strip() and f.lower() in lowered]
    for form in sorted(present, key=lambda f: (-len(f), f)):
        for match in _mention_pattern(form).finditer(text):
            start, end = match.span()
            if any(start < stop and begin < end for begin, stop in taken):
                continue
            taken.append((start, end))
            found.append((start, end, form))
    return sorted(found)


@functools.lru_cache(maxsize=1 << 14)
def _mention_pattern(form: str) -> re.Pattern[str]:
    initialism = len(form) <= 5 and form.isupper()
    pattern = r"(?<![A-Za-z0-9])" + re.escape(form) + r"(?:'s|’s|s)?(?![A-Za-z0-9])"
    return re.compile(pattern, 0 if initialism else re.IGNORECASE)


_COLLECTIVE = re.compile(r"^(all|every|each|any|their|its|local|other)\b", re.IGNORECASE)


def is_collective(name: str, listed: list[str]) -> bool:
    """A collective addressee ("all local GP practices") rather than one named organisation."""
    return bool(_COLLECTIVE.match(name.strip())) or name_key(name) in {name_key(c) for c in listed}


def _actions(extraction: Extraction) -> list[ActionRecord]:
    return [
        *(a for r in extraction.recommendations for a in r.actions),
        *(a for f in extraction.findings for a in f.actions),
        *extraction.actions,
    ]


def _list_unlisted_organisations(extraction: Extraction) -> None:
    """Names the document addresses, says a fact concerns, or names as a lead, commissioner or
    provider must each be one of its organisation records, by canonical name or listed form, or
    one of its collective addressees: the graph finds them by these exact strings.

    A name written another way than any listed form of an organisation ("the Eastvale trust" for
    "Eastvale Trust") becomes a form of it; a name no record has is an organisation all the same
    (never silently dropped), of type "other"."""
    forms = {f for org in extraction.organisations for f in (org.canonical, *org.aliases_in_text)}
    by_key = {name_key(org.canonical): org for org in extraction.organisations}
    for org in extraction.organisations:
        for form in org.aliases_in_text:
            by_key.setdefault(name_key(form), org)
    for name in organisation_names(extraction):
        if name in forms or name in extraction.collective_addressees:
            continue
        if is_collective(name, extraction.collective_addressees):
            extraction.collective_addressees.append(name)
            continue
        forms.add(name)
        listed = by_key.get(name_key(name))
        if listed is not None:
            listed.aliases_in_text.append(name)
            continue
        record = OrganisationRecord(canonical=name, type="other", aliases_in_text=[name])
        extraction.organisations.append(record)
        by_key[name_key(name)] = record


def organisation_names(extraction: Extraction) -> list[str]:
    """Every name the extraction's records use for an organisation, in record order."""
    actions = _actions(extraction)
    names = [n for r in extraction.recommendations for n in r.addressed_to]
    names += [n for f in extraction.findings for n in f.organisations]
    names += [n for a in actions for n in a.organisations]
    names += [r.name for a in actions for r in a.lead_refs if r.kind == "organisation"]
    names += [role.organisation for role in extraction.roles if role.organisation]
    names += [n for owners in extraction.assurance_body_organisations.values() for n in owners]
    for commission in extraction.commissions:
        if commission.commissioner.kind == "organisation":
            names.append(commission.commissioner.name)
        names += commission.providers
    parties = [*extraction.leads, *(p for r in extraction.accountable_to for p in (r.subject, r.object))]
    names += [party.name for party in parties if party.kind == "organisation"]
    return names
