"""The organisation registry: England's public bodies, with the user's own file over them.

The registry is reference data, not extraction. Two files make it:

* ``public_bodies.csv``, the national registry, derived by :mod:`ontology.build_registry` from
  public lists: every NHS trust (closed ones too), CCG, PCT, ICB, council and police force, with
  its areas, open/close dates, successors, former names and derived short forms and initialisms;
* ``organisations.yaml``, which users edit: canonical names, types, areas and aliases of bodies
  they know about (national bodies, voluntary providers, trusts, every council with its area).
  It is an overlay that wins: an entry naming a national body (by its name, a former name or,
  for a council, its place) replaces that body's name, type, area and aliases and keeps its
  dates, former names and initialisms.

The extractor uses it to name what a document mentions; it never adds an organisation a
document does not mention.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ontology.build_registry import UPPER_TIER_KINDS
from ontology.names import council_core, kind_of_key, name_key

REGISTRY_PATH = Path(__file__).with_name("organisations.yaml")
NATIONAL_PATH = Path(__file__).with_name("public_bodies.csv")

ORGANISATION_TYPES = (
    "NHS foundation trust",
    "NHS trust",
    "CCG",
    "local authority",
    "local authority public health",
    "NHS England",
    "regulator",
    "safeguarding board",
    "health and wellbeing board",
    "voluntary/independent provider",
    "police",
    "other",
)


class RegistryError(ValueError):
    """A malformed registry file or entry; the message names the file and the entry."""


@dataclass(frozen=True)
class RegisteredOrganisation:
    """One body. ``aliases`` name it wherever they are written; ``initialisms`` (derived from
    the national lists) name it only where the document's area and date say so."""

    name: str
    type: str = "other"
    area: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    # what the national lists say; left empty for a body known only from the user's file
    code: str = ""
    kind: str = ""  # as published: "county council", "clinical commissioning group", ...
    areas: tuple[str, ...] = field(default_factory=tuple)  # every area served; ``area`` first
    opened: str | None = None  # ISO dates; None: unknown, or still open
    closed: str | None = None
    successors: tuple[str, ...] = field(default_factory=tuple)
    former_names: tuple[str, ...] = field(default_factory=tuple)
    initialisms: tuple[str, ...] = field(default_factory=tuple)
    from_user: bool = True  # named in the user's file, whose entries win over national ones

    def names(self) -> tuple[str, ...]:
        """Every name it goes by: its own, former names and aliases."""
        return (self.name, *self.former_names, *self.aliases)

    def served_areas(self) -> tuple[str, ...]:
        return self.areas or ((self.area,) if self.area else ())

    def open_on(self, day: str) -> bool:
        """Open on ``day`` (an ISO date, month or year: "2015", "2015-06", "2015-06-30")."""
        return (self.opened is None or self.opened[: len(day)] <= day) and (
            self.closed is None or self.closed[: len(day)] >= day
        )

    def is_area_council(self) -> bool:
        """A council of an area reviews cover (county, unitary, metropolitan or London borough)."""
        return self.type == "local authority" and (not self.kind or self.kind in UPPER_TIER_KINDS)


def load_registry(path: Path | None = None) -> list[RegisteredOrganisation]:
    """Read the registry: by default the shipped ``organisations.yaml`` over the national
    registry; with ``path``, that file alone.

    Raises :class:`RegistryError` naming the file and the entry when an entry is malformed.
    """
    path = path or REGISTRY_PATH
    if path == REGISTRY_PATH:
        return list(_shipped_registry())
    return _read(path)


@cache
def _shipped_registry() -> tuple[RegisteredOrganisation, ...]:
    return tuple(overlay(_read(REGISTRY_PATH), national_registry()))


@cache
def national_registry() -> tuple[RegisteredOrganisation, ...]:
    """The bodies of ``public_bodies.csv`` (see :mod:`ontology.build_registry`)."""
    with NATIONAL_PATH.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(_national(row) for row in rows)


def _national(row: dict[str, str]) -> RegisteredOrganisation:
    def many(column: str) -> tuple[str, ...]:
        return tuple(v for v in row[column].split(";") if v)

    areas = many("areas")
    return RegisteredOrganisation(
        name=row["name"],
        type=row["type"],
        area=areas[0] if areas else None,
        aliases=many("aliases"),
        code=row["code"],
        kind=row["kind"],
        areas=areas,
        opened=row["opened"] or None,
        closed=row["closed"] or None,
        successors=many("successors"),
        former_names=many("former_names"),
        initialisms=many("initialisms"),
        from_user=False,
    )


def overlay(
    users: list[RegisteredOrganisation], national: tuple[RegisteredOrganisation, ...]
) -> list[RegisteredOrganisation]:
    """The user's entries, each merged with the national body it names, then every national
    body no user entry names. The user's name, type, area and aliases win."""
    by_key: dict[str, list[int]] = {}
    for n, body in enumerate(national):
        for key in _overlay_keys(body):
            by_key.setdefault(key, []).append(n)
    taken: set[int] = set()
    merged = []
    for entry in users:
        matches = _named_by(entry, by_key, national, taken)
        if not matches:
            merged.append(entry)
            continue
        body = national[matches[0]]
        taken.add(matches[0])
        merged.append(
            replace(
                body,
                name=entry.name,
                type=entry.type,
                area=entry.area or body.area,
                aliases=tuple(dict.fromkeys([*entry.aliases, *body.aliases])),
                areas=tuple(dict.fromkeys([*(entry.served_areas()), *body.areas])),
                former_names=tuple(n for n in (body.name, *body.former_names) if n != entry.name),
                from_user=True,
            )
        )
    return merged + [body for n, body in enumerate(national) if n not in taken]


def _named_by(
    entry: RegisteredOrganisation,
    by_key: dict[str, list[int]],
    national: tuple[RegisteredOrganisation, ...],
    taken: set[int],
) -> list[int]:
    """The national bodies a user's entry names: by a name first, a council's place only when no
    name matches ("Dorset County Council" is the old county, not "Dorset Council"); among
    several, the one still open, then the latest opened."""
    keys = _overlay_keys(entry)
    for wanted in (sorted(k for k in keys if ":" not in k), sorted(k for k in keys if ":" in k)):
        found = {n for key in wanted for n in by_key.get(key, ())} - taken
        if found:
            return sorted(found, key=lambda n: (national[n].closed is not None, -_day(national[n].opened)))
    return []


def _day(iso: str | None) -> int:
    return int(iso.replace("-", "")) if iso else 0


def _overlay_keys(body: RegisteredOrganisation) -> set[str]:
    """Keys of the names that identify a body: a council also by its place ("council:blackpool"
    for "Blackpool Council" and "Blackpool Borough Council"); never an initialism, which several
    bodies may share."""
    keys = {name_key(n) for n in (body.name, *body.former_names, *body.aliases) if not n.isupper()}
    if body.type == "local authority":
        keys |= {"council:" + council_core(k) for k in keys if kind_of_key(k) == "council"}
    return keys


def _read(path: Path) -> list[RegisteredOrganisation]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML ({exc})") from exc
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise RegistryError(f"{path}: expected a mapping with 'organisations' and 'local_authorities'")
    unknown = set(raw) - {"organisations", "local_authorities"}
    if unknown:
        raise RegistryError(f"{path}: unknown top-level key(s) {sorted(unknown)}")
    entries = raw.get("organisations") or []
    if not isinstance(entries, list):
        raise RegistryError(f"{path}: 'organisations' must be a list of entries")
    registry = [_entry(path, n, entry) for n, entry in enumerate(entries, 1)]
    councils = raw.get("local_authorities") or {}
    if not isinstance(councils, dict):
        raise RegistryError(f"{path}: 'local_authorities' must map council names to area names")
    for name, area in councils.items():
        if not isinstance(name, str) or not isinstance(area, str) or not name.strip() or not area.strip():
            raise RegistryError(f"{path}: local authority {name!r}: expected 'Council name: area name'")
        registry.append(RegisteredOrganisation(name.strip(), "local authority", area.strip()))
    return registry


def _entry(path: Path, number: int, entry: Any) -> RegisteredOrganisation:
    where = f"{path}: organisation entry {number}"
    if not isinstance(entry, dict):
        raise RegistryError(f"{where}: expected a mapping with name/type/area/aliases, got {entry!r}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RegistryError(f"{where}: 'name' is missing or empty")
    where = f"{where} ({name})"
    unknown = set(entry) - {"name", "type", "area", "aliases"}
    if unknown:
        raise RegistryError(f"{where}: unknown key(s) {sorted(unknown)}")
    kind = entry.get("type", "other")
    if kind not in ORGANISATION_TYPES:
        raise RegistryError(f"{where}: type {kind!r} is not one of {', '.join(ORGANISATION_TYPES)}")
    area = entry.get("area")
    if area is not None and (not isinstance(area, str) or not area.strip()):
        raise RegistryError(f"{where}: 'area' must be a name or left out")
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise RegistryError(f"{where}: 'aliases' must be a list of names")
    return RegisteredOrganisation(
        name.strip(), kind, area.strip() if area else None, tuple(a.strip() for a in aliases)
    )
