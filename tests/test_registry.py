"""The organisation registry: the shipped file reads cleanly, bad entries are named, and the
resolver uses a user's own registry file."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from loaders.blocks import DocumentBlocks, Location, Paragraph
from loaders.organisations import OrganisationResolver
from ontology.registry import ORGANISATION_TYPES, RegisteredOrganisation, RegistryError, load_registry


def test_shipped_registry_has_national_bodies_and_every_council_with_its_area() -> None:
    registry = load_registry()
    by_name = {o.name: o for o in registry}
    assert by_name["Care Quality Commission"].aliases == ("CQC",)
    assert by_name["Care Quality Commission"].type == "regulator"
    assert "NHSE" in by_name["NHS England"].aliases
    assert by_name["Change Grow Live"].aliases[0] == "CGL"
    councils = [o for o in registry if o.type == "local authority"]
    assert len(councils) > 140
    assert all(o.area for o in councils)
    assert by_name["Lancashire County Council"].area == "Lancashire"
    assert all(o.type in ORGANISATION_TYPES for o in registry)
    users = [o for o in registry if o.from_user]
    assert len({o.name for o in users}) == len(users), "a name is registered twice"
    # national bodies may share a name only as successive bodies, never open at one time
    by_name_national: dict[str, list[RegisteredOrganisation]] = {}
    for org in registry:
        by_name_national.setdefault(org.name, []).append(org)
    for name, same in by_name_national.items():
        spans = sorted((o.opened or "", o.closed or "9999") for o in same)
        assert all(closed < opened for (_, closed), (opened, _) in pairwise(spans)), name


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- {type: regulator}", "entry 2: 'name' is missing"),
        ("- {name: Acme Care, type: charity}", "entry 2 (Acme Care): type 'charity' is not one of"),
        ("- {name: Acme Care, aliases: ACM}", "entry 2 (Acme Care): 'aliases' must be a list"),
        ("- {name: Acme Care, colour: blue}", "entry 2 (Acme Care): unknown key(s) ['colour']"),
        ("- just a name", "entry 2: expected a mapping"),
    ],
)
def test_a_malformed_entry_is_named_with_its_file(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "orgs.yaml"
    path.write_text(f"organisations:\n  - {{name: Fine Body}}\n  {entry}\n", encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_unreadable_or_invalid_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="cannot be read"):
        load_registry(tmp_path / "absent.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("organisations: [unclosed\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_registry(broken)
    councils = tmp_path / "councils.yaml"
    councils.write_text("local_authorities:\n  Somewhere Council: ''\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="Somewhere Council"):
        load_registry(councils)


def test_a_users_registry_names_an_initialism_the_text_never_expands(tmp_path: Path) -> None:
    path = tmp_path / "orgs.yaml"
    path.write_text(
        "organisations:\n"
        "  - {name: Harbourside Young People's Service, type: voluntary/independent provider,\n"
        "     aliases: [HYPS]}\n",
        encoding="utf-8",
    )
    registry = load_registry(path)
    assert registry == [
        RegisteredOrganisation(
            "Harbourside Young People's Service", "voluntary/independent provider", None, ("HYPS",)
        )
    ]
    doc = DocumentBlocks(
        "note.txt", "text", [Paragraph("HYPS will run two drop-in sessions a week.", Location(line=1))]
    )
    orgs = OrganisationResolver.for_document(doc, registry)
    (record,) = orgs.records()
    assert record.canonical == "Harbourside Young People's Service"
    assert record.aliases_in_text == ["HYPS"]
    assert record.type == "voluntary/independent provider"
