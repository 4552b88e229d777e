"""Find the organisations a document mentions and give each one canonical name.

A document names the same body many ways: in full, with a definition ("Blackpool Teaching
Hospitals (BTH)"), by initialism, by a short form in a list ("NHS A, NHS B and NHS C CCGs"),
in the plural, with commas or "Hospital"/"Hospitals" swapped, or misspelt. The resolver reads
the parts of the document that concern the review (:mod:`loaders.review_parts`) once: its own
definitions first, then group headers, names, initialisms and listed organisations, merging
mentions that are the same organisation (never two bodies that merely share a place name, such
as a CCG and a hospital trust of the same area) and naming each from the registry (the national
lists with the user's ``organisations.yaml`` over them) or, failing that, from its fullest form
in the text. The jobs are split: registry access (:mod:`loaders.registry_index`), mention
finding (:mod:`loaders.mentions`), resolution (:mod:`loaders.resolution`), the document's area
(:mod:`loaders.areas`); this module scans the document and answers its callers.

Roles ("Designated Nurse", "CCG Accountable Officer") are kept apart as :class:`RoleRecord`;
addressees that are not one organisation ("all local GP practices") are kept as written.
"""

from __future__ import annotations

import re

from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph
from loaders.list_text import strip_tags
from loaders.mentions import (
    ADDRESSING,
    COLLECTIVE_START,
    COLLECTIVE_WORDS,
    DEFINITION,
    NAME_IN_BRACKETS,
    NOT_ORGANISATIONS,
    ORGANISATION_LIST,
    ROLE,
    looks_like_group_header,
    only_kind_words,
    role_title,
    uncovered_chunks,
)
from loaders.org_names import clean_surface
from loaders.records import OrganisationRecord, RoleRecord
from loaders.resolution import DocumentOrganisations, FoundOrganisation, best_name
from loaders.review_parts import TextUnit
from loaders.sentences import sentences
from ontology.names import name_key
from ontology.registry import RegisteredOrganisation


class OrganisationResolver(DocumentOrganisations):
    """The organisations of one document: found once, resolved the same way for every caller."""

    @classmethod
    def for_document(
        cls,
        doc: DocumentBlocks,
        registry: list[RegisteredOrganisation] | None = None,
        as_of: str | None = None,
    ) -> OrganisationResolver:
        """Find and resolve the organisations of ``doc``; ``as_of`` is its date if known (else
        the year it names most)."""
        resolver = cls(doc, registry, as_of)
        resolver._scan()
        return resolver

    # -- public ---------------------------------------------------------------------------------

    def resolve(self, mention: str) -> str | None:
        """The canonical name of the organisation ``mention`` names, or None."""
        found = self.mentions(mention)
        return found[0] if found else None

    def mentions(self, text: str) -> list[str]:
        """Canonical names of the organisations named in ``text``, in order, without duplicates."""
        names: list[str] = []
        for mention in self._find(text):
            org = self._resolve_mention(mention, None, create=False)
            if org and org.canonical not in names:
                names.append(org.canonical)
        return names

    def addressees(self, header_text: str) -> list[str]:
        """Who a group header ("A and B together with all local GP practices should:") names.

        Organisations come back by canonical name, collective addressees as written.
        """
        return self._addressees(header_text, Location(), record=True)

    def records(self) -> list[OrganisationRecord]:
        return [
            OrganisationRecord(
                canonical=o.canonical,
                type=o.type,
                aliases_in_text=list(o.forms),
                registry_code=o.code or None,
                location=o.location,
            )
            for o in self._orgs
            if o.mentioned
        ]

    def collectives(self) -> list[str]:
        return list(self._collectives)

    def roles(self) -> list[RoleRecord]:
        return list(self._roles)

    def warnings(self) -> list[str]:
        return list(self._warnings)

    def is_national(self, canonical: str) -> bool:
        """A regulator or national body (CQC, NHS England, NICE), not a local organisation."""
        org = next((o for o in self._orgs if o.canonical == canonical), None)
        return org is not None and (
            org.type in {"regulator", "NHS England"} or (org.registered and org.area is None and not org.code)
        )

    def named_spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of each organisation named in ``text``."""
        spans: list[tuple[int, int, str]] = []
        for mention in self._find(text):
            org = self._resolve_mention(mention, None, create=False)
            if org is not None:
                spans.append((mention.start, mention.end, org.canonical))
        return spans

    def organisation_type(self, canonical: str) -> str | None:
        return next((o.type for o in self._orgs if o.canonical == canonical), None)

    # -- scanning -------------------------------------------------------------------------------

    def _scan(self) -> None:
        # the document's own definitions first: "Wexcombe Partnership NHS Foundation Trust (WPFT)"
        # makes WPFT that trust wherever it is used, whatever body of the registry shares it
        for unit in self.units:
            self._read_definitions(unit)
        for unit in self.units:
            for line in unit.text.split("\n"):
                if looks_like_group_header(line):
                    self._addressees(line, unit.location, record=True)
        for unit in self.units:
            for mention in self._find(unit.text):
                if mention.kind != "acronym":
                    self._resolve_mention(mention, unit.location, create=True)
        for unit in self.units:  # once every name is known: initialisms, "the Trust"
            for mention in self._find(unit.text):
                if mention.kind in {"acronym", "area body"}:
                    self._resolve_mention(mention, unit.location, create=True)
        self._read_listed_organisations()
        for unit in self.units:
            self._read_roles(unit)
        for org in self._orgs:
            if not org.registered:
                org.canonical = best_name(org)

    def _read_listed_organisations(self) -> None:
        """Items of a list introduced as organisations ("... the following organisations:")."""
        listing = False
        for block in self.doc.blocks:
            if isinstance(block, ListItem):
                if listing and len(block.text.split()) <= 10 and block.text[:1].isupper():
                    name = clean_surface(block.text)
                    org = self._resolve_name(name, "name", block.location, create=True)
                    if org is not None:
                        org.add_form(name, block.location)
                continue
            listing = isinstance(block, Paragraph) and bool(ORGANISATION_LIST.search(block.text))

    def _read_definitions(self, unit: TextUnit) -> None:
        """ "Full Name (ABBR)" and "Name (Service name)" define aliases for this document."""
        text = unit.text
        for match in DEFINITION.finditer(text):
            abbr = match.group(1)
            before = text[max(0, match.start() - 200) : match.start()].rstrip()
            after = text[match.end() :]
            owner = self._named_just_before(before, unit.location)
            if owner is None:
                # "the regional office (RO) of Foo Agency": an office's initialism stands for its body
                tail = re.match(r"\s+of\s+(?:the\s+)?(.{3,80})", after)
                if tail and _PART_OF_A_BODY.search(before):
                    owner = self._first_org_in(tail.group(1), unit.location)
            if owner is None or abbr.rstrip("s") == "CCG":
                continue  # "(CCGs)" explains the word, not one body
            if abbr.isupper() and not _abbreviates(abbr, owner, before):
                continue
            self._definitions[abbr] = owner
            owner.add_form(abbr, unit.location)
        for match in NAME_IN_BRACKETS.finditer(text):
            owner = self._named_just_before(
                text[max(0, match.start() - 200) : match.start()].rstrip(), unit.location
            )
            name = match.group(1)
            if owner is not None and name not in NOT_ORGANISATIONS and name_key(name) not in owner.keys:
                self._text_aliases[name] = owner
                # "Name" and its possessive written without an apostrophe ("Horizons action plan")
                self._text_alias_pattern = re.compile(
                    r"\b(?:"
                    + "|".join(re.escape(a) for a in sorted(self._text_aliases, key=len, reverse=True))
                    + r")s?\b"
                )
                self._found.clear()

    def _named_just_before(self, before: str, location: Location) -> FoundOrganisation | None:
        mentions = [m for m in self._find(before) if m.end >= len(before) - 1]
        if not mentions:
            return None
        return self._resolve_mention(mentions[-1], location, create=True)

    def _first_org_in(self, text: str, location: Location) -> FoundOrganisation | None:
        mentions = self._find(text)
        return self._resolve_mention(mentions[0], location, create=True) if mentions else None

    def _read_roles(self, unit: TextUnit) -> None:
        # a post's organisation is named in its own clause: sentences, cut at semicolons too
        clauses = [c for sentence in sentences(unit.text) for c in sentence.split("; ")]
        for sentence in clauses:
            for match in ROLE.finditer(sentence):
                title = match.group(0)
                organisation = None
                rest = sentence[match.end() :]
                near = re.match(r"\s*(?:,|of|for|at|in|-|–)?\s*(?:the\s+)?(.{3,120})", rest)
                if near:
                    found = self._find(near.group(1))
                    if found and found[0].start == 0:
                        org = self._resolve_mention(found[0], unit.location, create=False)
                        organisation = org.canonical if org else None
                if organisation is None and not title.startswith(("CCG ", "Trust ")):
                    # "the Trust's Head of Midwifery", "UHL Named Nurse": the body just before
                    prefix = sentence[: match.start()]
                    before = self._find(prefix.rstrip())
                    if before and not prefix[before[-1].end :].strip(" '’s"):
                        org = self._resolve_mention(before[-1], unit.location, create=False)
                        organisation = org.canonical if org else None
                role = RoleRecord(title=role_title(title), organisation=organisation, location=unit.location)
                if not any(
                    r.title == role.title and r.organisation == role.organisation for r in self._roles
                ):
                    self._roles.append(role)

    # -- group headers --------------------------------------------------------------------------

    def _addressees(self, header_text: str, location: Location, record: bool) -> list[str]:
        text = strip_tags(header_text)
        text = re.sub(r"^\s*\d{1,2}(?:\.\d+)*\.?\s+", "", text)
        text = ADDRESSING.sub("", text.strip()).rstrip()
        names: list[str] = []
        for group in re.split(r"\btogether(?:\s+with)?\b|\bwith\b|\balongside\b", text):
            group = group.strip(" ,")
            if not group:
                continue
            covered: list[tuple[int, int]] = []
            for mention in self._find(group):
                org = self._resolve_mention(mention, location, create=record)
                if org is None:
                    continue
                covered.append((mention.start, mention.end))
                if org.canonical not in names:
                    names.append(org.canonical)
            for chunk in uncovered_chunks(group, covered):
                if COLLECTIVE_START.match(chunk) or COLLECTIVE_WORDS.search(chunk):
                    if chunk not in names:
                        names.append(chunk)
                    if record and chunk not in self._collectives:
                        self._collectives.append(chunk)
                elif chunk[:1].isupper() and len(chunk.split()) <= 6 and not only_kind_words(chunk):
                    org = self._resolve_name(chunk, "name", location, create=record)
                    if org is not None:
                        if record:
                            org.add_form(chunk, location)
                        if org.canonical not in names:
                            names.append(org.canonical)
        return names


# the words for a part of a body ("the area team", "the regional office") that a document may
# name by an initialism of its own
_PART_OF_A_BODY = re.compile(r"\b(?:team|unit|office|department|directorate|hub)\s*$", re.IGNORECASE)


def _first_letter(name: str) -> str:
    words = [w for w in name.split() if w not in {"NHS", "The", "the"}]
    return words[0][0].upper() if words else ""


def _abbreviates(abbr: str, owner: FoundOrganisation, before: str) -> bool:
    """Whether "(ABBR)" written after ``before`` stands for ``owner`` ("(SCH)" after "Sheffield
    Children's ..."; "(RT)" after "the regional team" of a body), not for something else."""
    return (
        abbr in owner.initials
        or _initials_fit(abbr, before)
        or abbr[0] == _first_letter(owner.canonical)
        or bool(_PART_OF_A_BODY.search(before))
    )


def _initials_fit(abbr: str, before: str) -> bool:
    words = [
        w
        for w in re.findall(r"[A-Za-z]+", before)[-8:]
        if w.lower() not in {"of", "and", "the", "for", "nhs"}
    ]
    letters = "".join(w[0].upper() for w in words)
    return abbr.upper().rstrip("S") in letters
