"""The user-editable organisation registry (``ontology/organisations.yaml``) and its reader.

The registry is reference data, not extraction: canonical names, types, areas and aliases of
organisations a user knows about (national bodies, voluntary providers, NHS trusts, and every
local authority with the name of its area). The extractor uses it to name what a document
mentions; it never adds an organisation a document does not mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REGISTRY_PATH = Path(__file__).with_name("organisations.yaml")

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
    name: str
    type: str = "other"
    area: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)


def load_registry(path: Path | None = None) -> list[RegisteredOrganisation]:
    """Read the registry (default: the one shipped in ``ontology/``).

    Raises :class:`RegistryError` naming the file and the entry when an entry is malformed.
    """
    path = path or REGISTRY_PATH
    if path == REGISTRY_PATH:
        return list(_shipped_registry())
    return _read(path)


@cache
def _shipped_registry() -> tuple[RegisteredOrganisation, ...]:
    return tuple(_read(REGISTRY_PATH))


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
