"""Resolution: which organisation one mention means in one document.

A mention resolves against the organisations the document has already named (by name key, by
the initialisms of their names, by its own bracketed definitions), then against the registry
(:mod:`loaders.registry_index`): exactly or closely by name, by initialism among the bodies of
the document's area open at its date, by a user's alias. A body named only by its kind ("the
Safeguarding Children Board", "the local authority", "the CCG") is the area's one such body.
Two bodies are never merged by a guess: what stays ambiguous stays unresolved, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.areas import detect_area
from loaders.blocks import DocumentBlocks, Location
from loaders.mentions import (
    ACRONYM,
    AREA_BODY_REFERENCE,
    HEAD,
    HEALTHWATCH,
    NOT_ORGANISATIONS,
    PUBLIC_HEALTH,
    REFERENCE_TYPES,
    Mention,
    ccg_lists,
    column_names,
    in_capitals_line,
    initialisms,
    longest_first,
    name_ending_at,
)
from loaders.org_names import canonical_name, clean_surface, edit_distance, type_of
from loaders.records import RoleRecord
from loaders.registry_index import RegistryIndex, choose, shipped_index
from loaders.review_parts import most_stated_year, review_units, text_units
from ontology.names import keys_match, name_key, plain_name
from ontology.registry import RegisteredOrganisation


@dataclass
class FoundOrganisation:
    canonical: str
    type: str
    keys: set[str]
    forms: list[str] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    area: str | None = None
    registered: bool = False
    initials: set[str] = field(default_factory=set)
    code: str = ""  # its code in the national lists, when it is one of their bodies
    mentioned: bool = False  # named in the document (not only looked up), under a form or a place

    def seen(self, location: Location) -> None:
        if not self.mentioned:
            self.location = location
            self.mentioned = True

    def add_form(self, form: str, location: Location) -> None:
        self.seen(location)
        if form not in self.forms:
            self.forms.append(form)
        self.keys.add(name_key(form))


class DocumentOrganisations:
    """The organisations one document names, and how each mention resolves to one of them."""

    def __init__(
        self,
        doc: DocumentBlocks,
        registry: list[RegisteredOrganisation] | None = None,
        as_of: str | None = None,
    ) -> None:
        self.doc = doc
        self.index: RegistryIndex = shipped_index() if registry is None else RegistryIndex(registry)
        self.units = review_units(text_units(doc))
        self.area = detect_area(self.units, self.index.areas)
        # the document's date (or year): a body open then is the one it means
        self.as_of = as_of or most_stated_year(self.units)
        self._column_names: frozenset[str] | None = None  # read when an initialism is unresolved
        self._area_registered = [
            o for o in self.index.serving(self.area or "") if not self.as_of or o.open_on(self.as_of)
        ]
        self._orgs: list[FoundOrganisation] = []
        self._definitions: dict[str, FoundOrganisation] = {}
        self._collectives: list[str] = []
        self._roles: list[RoleRecord] = []
        self._warnings: list[str] = []
        self._unresolved: set[str] = set()
        self._text_aliases: dict[str, FoundOrganisation] = {}
        self._text_alias_pattern: re.Pattern[str] | None = None
        self._found: dict[str, list[Mention]] = {}
        self._registered_by_key: dict[str, RegisteredOrganisation | None] = {}

    # -- finding mentions -----------------------------------------------------------------------

    def _find(self, text: str) -> list[Mention]:
        """Organisation-like spans in ``text``, longest first where they overlap."""
        if text not in self._found:
            self._found[text] = self._find_uncached(text)
        return self._found[text]

    def _find_uncached(self, text: str) -> list[Mention]:
        candidates: list[Mention] = ccg_lists(text)
        listed = list(candidates)
        for match in HEAD.finditer(text):
            mention = name_ending_at(text, match.start(), match.end())
            if mention and all(mention.end <= c.start or mention.start >= c.end for c in listed):
                if self._body_then_another(mention.surface[: match.start() - mention.start], mention.surface):
                    continue  # "NHS England CCG Accountable Officers": a body, then a role
                candidates.append(mention)
        # a registered name first: of two equal spans the first wins ("Public Health England" is
        # a body, not the public health service of a place called England)
        candidates.extend(self._registry_mentions(text))
        for match in PUBLIC_HEALTH.finditer(text):
            candidates.append(Mention(match.start(), match.end(), match.group(0), "public health"))
        for match in HEALTHWATCH.finditer(text):
            candidates.append(Mention(match.start(), match.end(), match.group(0), "name"))
        for match in AREA_BODY_REFERENCE.finditer(text):
            candidates.append(Mention(match.start(1), match.end(1), match.group(1), "area body"))
        capitals_lines: dict[int, bool] = {}
        line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        for match in ACRONYM.finditer(text):
            if in_capitals_line(text, match.start(), line_starts, capitals_lines):
                continue
            candidates.append(Mention(match.start(), match.end(), match.group(0), "acronym"))
        return longest_first(candidates)

    def _registry_mentions(self, text: str) -> list[Mention]:
        found = [Mention(s.start, s.end, s.surface, "registry") for s in self.index.find(text)]
        if self._text_alias_pattern is not None:
            found.extend(
                Mention(m.start(), m.end(), m.group(0), "text alias")
                for m in self._text_alias_pattern.finditer(text)
            )
        return found

    # -- resolving mentions ---------------------------------------------------------------------

    def _resolve_mention(
        self, mention: Mention, location: Location | None, create: bool
    ) -> FoundOrganisation | None:
        surface = clean_surface(mention.surface)
        name = clean_surface(mention.resolve_as or mention.surface)
        if mention.resolve_as and self._registered(name_key(surface)) is not None:
            name = surface  # "NHS England" inside a list of CCGs is itself
        where = location or Location()
        if mention.kind == "acronym":
            org = self._resolve_acronym(surface, where, create)
        elif mention.kind == "text alias":
            # the name as the document defined it, not its possessive ("Horizons action plan")
            surface = surface if surface in self._text_aliases else surface[:-1]
            org = self._text_aliases.get(surface)
        elif mention.kind == "public health":
            org = self._resolve_public_health(mention.surface, where, create)
        elif mention.kind == "area body":
            org = self._resolve_area_reference(surface, create)
        else:
            org = self._resolve_name(name, mention.kind, where, create)
        if org is not None and create:
            if self._is_place(surface, listed_for=name if mention.resolve_as else None):
                org.seen(where)
            else:
                org.add_form(surface, where)
        return org

    def _is_place(self, surface: str, listed_for: str | None) -> bool:
        """Whether ``surface`` is a place, which is never a form of a body (places and bodies stay
        apart: "Leicester City" is no name of its CCG). A place is an area a registered body
        serves, the document's area, or a list's item that stands for a body named after it
        ("the two CCGs (Dunmore City, Fenwick)" names Dunmore City CCG by its place)."""
        if listed_for not in (None, surface) and not surface.startswith("NHS "):
            return True
        plain = plain_name(surface)
        return plain in self.index.places or plain == plain_name(self.area or "")

    def _resolve_name(
        self, surface: str, kind: str, location: Location, create: bool
    ) -> FoundOrganisation | None:
        key = name_key(surface)
        if not key:
            return None
        area_body = self._area_body(key, location, create)
        if area_body is not None:
            return area_body
        for org in self._orgs:
            if key in org.keys:
                return org
        matches = [o for o in self._orgs if any(keys_match(key, k) for k in o.keys)]
        if len(matches) == 1:
            return matches[0]
        registered = self._registered(key)
        if registered is not None:
            return self._from_registry(registered, create)
        if kind == "partial" or not create:
            return None
        return self._new(canonical_name(surface), type_of(surface), {key})

    def _area_body(self, key: str, location: Location, create: bool) -> FoundOrganisation | None:
        """Bodies named only by their kind stand for the ones of the document's area."""
        generic = {
            "safeguarding children board": ("Safeguarding Children Board", "safeguarding board"),
            "safeguarding adult board": ("Safeguarding Adults Board", "safeguarding board"),
            "safeguarding adults board": ("Safeguarding Adults Board", "safeguarding board"),
            "health wellbeing board": ("Health and Wellbeing Board", "health and wellbeing board"),
            "safeguarding children partnership": ("Safeguarding Children Partnership", "safeguarding board"),
            "safeguarding partnership": ("Safeguarding Children Partnership", "safeguarding board"),
        }
        if key not in generic:
            return None
        suffix, kind = generic[key]
        for org in self._orgs:
            if org.type == kind and name_key(org.canonical).endswith(key):
                return org
        if not self.area or not create:
            return None
        area = self._area_name()
        return self._new(f"{area} {suffix}", kind, {key, name_key(f"{area} {suffix}")})

    def _area_name(self) -> str:
        return re.sub(r"\s+(?:City|County)$", "", self.area or "")

    def _resolve_public_health(
        self, surface: str, location: Location, create: bool
    ) -> FoundOrganisation | None:
        match = PUBLIC_HEALTH.match(surface)
        if not match:
            return None
        place, acronym = match.group(1), match.group(2)
        if acronym:
            council = self._resolve_acronym(acronym, location, create)
            if council is None or council.type != "local authority":
                return None
            place = council.area or self._area_name()
        if place not in self.index.council_areas:
            return None
        for org in self._orgs:
            if org.type == "local authority public health" and org.area == place:
                return org
        if not create:
            return None
        org = self._new(
            f"Public Health {place}", "local authority public health", {name_key(f"Public Health {place}")}
        )
        org.area = place
        return org

    def _resolve_acronym(self, surface: str, location: Location, create: bool) -> FoundOrganisation | None:
        token = re.sub(r"(?:'s|’s)$", "", surface)
        if token == "CCGs":
            return None  # several CCGs, not one
        for candidate in (token, token[:-1] if token.endswith("s") else None):
            if not candidate:
                continue
            org = self._acronym(candidate, create)
            if org is not None:
                return org
        if (
            token not in NOT_ORGANISATIONS
            and token.rstrip("s") not in NOT_ORGANISATIONS
            and token not in self._unresolved
            and token not in self._names_of_columns()
        ):
            self._unresolved.add(token)
            self._warnings.append(f"unresolved initialism {token!r} ({location.describe()})")
        return None

    def _names_of_columns(self) -> frozenset[str]:
        if self._column_names is None:
            self._column_names = column_names(self.doc)
        return self._column_names

    def _acronym(self, token: str, create: bool) -> FoundOrganisation | None:
        if token in self._definitions:
            return self._definitions[token]
        if token == "LSCB":
            return self._area_body("safeguarding children board", Location(), create)
        if token in {"HWB", "HWBB"}:
            return self._area_body("health wellbeing board", Location(), create)
        if token == "LA":
            council = self._area_council()
            return self._from_registry(council, create) if council else None
        if token == "CCG":
            ccgs = [o for o in self._orgs if o.type == "CCG"]
            return ccgs[0] if len(ccgs) == 1 else None
        if token in NOT_ORGANISATIONS:
            return None
        in_document = [o for o in self._orgs if token in o.initials]
        if len(in_document) == 1:
            return in_document[0]
        registered = self._registered_initialism(token)
        if registered is not None:
            return self._from_registry(registered, create)
        if len(token) >= 5:
            # a misspelt initialism ("SAFFA" for "SSAFA"): close to exactly one the document uses
            known = {a: o for o in self._orgs for a in o.forms if a.isupper() and len(a) >= 4}
            close = {
                o.canonical: o for a, o in known.items() if a[0] == token[0] and edit_distance(a, token) <= 2
            }
            if len(close) == 1:
                return next(iter(close.values()))
        return None

    def _registered_initialism(self, token: str) -> RegisteredOrganisation | None:
        """The registered body an initialism stands for in this document.

        Bodies of the document's area open at its date come first: one of them is the answer
        (the user's alias BTHFT of a Blackpool trust does not make a Bradford paper's BTHFT
        Blackpool's). Else an alias in the user's file, wherever the body is; else, in a document
        of no known area, the one national body of that initialism. Several bodies and no way to
        choose leave it unresolved, with a warning: two bodies are never merged by a guess.
        """
        candidates = _unique_bodies([*self.index.with_alias(token), *self.index.with_initialism(token)])
        in_area = [o for o in self._area_registered if o in candidates]
        # the user's own entries also answer to the initialisms their names suggest (LCFT, UHL)
        in_area += [o for o in self._area_registered if o.from_user and token in initialisms(o.name)]
        in_area = choose(_unique_bodies(in_area), self.area, self.as_of)
        if len(in_area) == 1:
            return in_area[0]
        users = [o for o in candidates if o.from_user and token in o.aliases]
        if not in_area and users:
            return users[0]
        if not in_area and not self.area:
            in_area = choose(candidates, None, self.as_of)
            if len(in_area) == 1:
                return in_area[0]
        if len(in_area) > 1 and token not in self._unresolved:
            self._unresolved.add(token)
            names = "; ".join(sorted(o.name for o in in_area)[:4])
            self._warnings.append(f"ambiguous initialism {token!r} may be {names}: left unresolved")
        return None

    def _resolve_area_reference(self, surface: str, create: bool) -> FoundOrganisation | None:
        """ "the local authority", "the CCG", "the Trust": the one such body the document names,
        else the one of the document's area open at its date; none when there are several."""
        key = name_key(surface)
        wanted = REFERENCE_TYPES[key]
        named = [o for o in self._orgs if o.type in wanted and o.mentioned]
        if len(named) == 1:
            return named[0]
        if named or key == "trust":  # an area has many trusts: only one the document names
            return None
        in_area = [
            o for o in self._area_registered if o.type in wanted and (key != "council" or o.is_area_council())
        ]
        return self._from_registry(in_area[0], create) if len(in_area) == 1 else None

    def _area_council(self) -> RegisteredOrganisation | None:
        councils = [o for o in self._area_registered if o.is_area_council()]
        return councils[0] if len(councils) == 1 else None

    def _body_then_another(self, named_part: str, surface: str) -> bool:
        """Whether the words before a head word already name a registered body other than the
        one the whole name is ("NHS England" in "NHS England CCG ..."; not "Foo Partnership"
        of "Foo NHS Partnership Trust", a short form of that very trust)."""
        before = [o for o in self.index.exact(name_key(named_part)) if o.type != "local authority"]
        if not before:
            return False
        whole = name_key(surface)
        return not {id(o) for o in before} & {id(o) for o in self.index.close(whole)}

    def _registered(self, key: str) -> RegisteredOrganisation | None:
        # the same names recur all through a long plan: each is looked up in the registry once
        if key not in self._registered_by_key:
            self._registered_by_key[key] = self._registered_uncached(key)
        return self._registered_by_key[key]

    def _registered_uncached(self, key: str) -> RegisteredOrganisation | None:
        """The one registered body named by ``key``: exactly, else closely; among several, the
        one open at the document's date and serving its area. Still several: none (two bodies
        are never merged by a guess). The user's own entries come first and win."""
        for candidates in (self.index.exact(key), self.index.close(key)):
            own = [o for o in candidates if o.from_user]
            chosen = own[:1] or choose(candidates, self.area, self.as_of)
            if len({o.name for o in chosen}) == 1:  # one body, or successive bodies of one name
                return max(chosen, key=lambda o: o.opened or "")
            if chosen:
                return None
        return None

    def _from_registry(self, registered: RegisteredOrganisation, create: bool) -> FoundOrganisation | None:
        for org in self._orgs:
            if org.registered and org.canonical == registered.name:
                return org
        reg_keys = {name_key(n) for n in registered.names()}
        for org in self._orgs:
            if org.keys & reg_keys:
                return org
        if not create:
            return None
        org = self._new(registered.name, registered.type, reg_keys)
        org.registered = True
        org.area = registered.area
        org.code = registered.code
        org.initials |= {a for a in registered.aliases if a.isupper()} | set(registered.initialisms)
        return org

    def _new(self, canonical: str, kind: str, keys: set[str]) -> FoundOrganisation:
        org = FoundOrganisation(canonical=canonical, type=kind, keys=set(keys))
        org.initials = set(initialisms(canonical))
        self._orgs.append(org)
        return org


def _unique_bodies(bodies: list[RegisteredOrganisation]) -> list[RegisteredOrganisation]:
    return list({id(o): o for o in bodies}.values())


def best_name(org: FoundOrganisation) -> str:
    """The fullest written form: "NHS" kept, singular, not in capitals, first seen on ties."""
    if org.type == "CCG" or not org.forms:
        return org.canonical
    canonical_key = name_key(org.canonical)

    def score(form: str) -> tuple[int, int, int, int]:
        return (
            name_key(form) == canonical_key or keys_match(name_key(form), canonical_key),
            not form.isupper() and "NHS" in form,
            not form.isupper() and not re.search(r"(?:Trusts|Boards)$", form),
            -org.forms.index(form),
        )

    best = max((f for f in org.forms if len(f.split()) >= 2), key=score, default=None)
    if best is None or best.isupper():
        return org.canonical
    return canonical_name(best) if score(best)[0] else org.canonical
