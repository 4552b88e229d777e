"""The national registry: every public body of the reference lists resolves from its name and
each derived form, no two bodies are merged, and the rules that choose between bodies (the
document's date and area, its own definitions, the user's overlay) hold."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from loaders.blocks import DocumentBlocks, Location, Paragraph
from loaders.mentions import NOT_ORGANISATIONS
from loaders.organisations import OrganisationResolver
from ontology.build_registry import build
from ontology.registry import NATIONAL_PATH, RegisteredOrganisation, load_registry, national_registry

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def document(*lines: str) -> DocumentBlocks:
    return DocumentBlocks(
        "paper.txt", "text", [Paragraph(line, Location(line=n)) for n, line in enumerate(lines, 1)]
    )


def resolve(as_of: str | None, *lines: str) -> OrganisationResolver:
    return OrganisationResolver.for_document(document(*lines), as_of=as_of)


def named(orgs: OrganisationResolver) -> set[str]:
    return {r.canonical for r in orgs.records()}


def a_day_open(org: RegisteredOrganisation) -> str:
    """A day the body was open: its first day, else its last, else mid-2016."""
    return org.opened or org.closed or "2016-06-01"


def in_area(org: RegisteredOrganisation) -> list[str]:
    areas = org.served_areas()
    return [f"The review of health services in {areas[0]} took place this year."] if areas else []


NATIONAL = [o for o in load_registry() if o.code]


def test_the_shipped_file_is_what_the_build_script_derives_from_the_reference_lists() -> None:
    with NATIONAL_PATH.open(encoding="utf-8", newline="") as handle:
        shipped = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert [b.row() for b in build(REFERENCE)] == shipped
    kinds = defaultdict(int)
    for org in national_registry():
        kinds[org.kind] += 1
    assert kinds["clinical commissioning group"] == 248
    assert kinds["integrated care board"] == 42
    assert kinds["police force"] == 44
    assert kinds["NHS trust"] + kinds["NHS foundation trust"] + kinds["care trust"] == 547
    assert len(national_registry()) == 547 + 248 + 151 + 42 + 382 + 44


def test_derived_short_forms_and_initialisms() -> None:
    by_name = {o.name: o for o in national_registry()}
    sheffield = by_name["Sheffield Children's NHS Foundation Trust"]
    assert "SCFT" in sheffield.initialisms and "Sheffield Children's" in sheffield.aliases
    assert by_name["Sheffield Children's NHS Foundation Trust"].areas == ("Sheffield",)
    assert "DPT" in by_name["Devon Partnership NHS Trust"].initialisms
    assert "LCC" in by_name["Lancashire County Council"].initialisms
    assert "PCCG" in by_name["NHS Portsmouth Clinical Commissioning Group"].initialisms
    # a short form is never a bare place, which would name the council too
    assert by_name["Solent NHS Trust"].aliases == ()
    assert "Isle of Wight" not in by_name["Isle of Wight NHS Trust"].aliases
    pennine = by_name["Pennine Acute Hospitals NHS Trust"]
    assert pennine.closed == "2021-09-30" and len(pennine.successors) == 2


def test_every_national_body_resolves_from_each_of_its_names() -> None:
    wrong = []
    for org in NATIONAL:
        names = [n for n in org.names() if not n.isupper()]
        lines = [*in_area(org), *(f"{name} agreed the plan." for name in names)]
        found = named(resolve(a_day_open(org), *lines))
        if found != {org.name}:
            wrong.append((org.name, org.code, sorted(found)))
    assert not wrong, f"{len(wrong)} bodies: {wrong[:10]}"


def test_every_national_initialism_resolves_to_its_body_or_stays_unresolved_with_a_warning() -> None:
    by_alias = {a: o.name for o in load_registry() if o.from_user for a in o.aliases if a.isupper()}
    resolved, checked, wrong = 0, 0, []
    for org in NATIONAL:
        for initialism in org.initialisms:
            checked += 1
            orgs = resolve(a_day_open(org), *in_area(org), f"{initialism} agreed the plan.")
            found = named(orgs)
            ambiguous = any(initialism in w and "ambiguous" in w for w in orgs.warnings())
            if found == {org.name}:
                resolved += 1
            elif initialism in NOT_ORGANISATIONS:  # a word of the stop-list is never a body
                assert not found, (initialism, found)
            # the user's own alias (BTHFT for Blackpool) wins where no body of the area has it
            elif not (found == {by_alias.get(initialism)} or (not found and ambiguous)):
                wrong.append((initialism, org.name, sorted(found)))
    assert not wrong, f"{len(wrong)} initialisms: {wrong[:10]}"
    # the rest are shared by trusts whose names hold no area, in papers that name none: warned
    assert resolved >= 0.9 * checked, (resolved, checked)


def test_no_two_bodies_of_one_area_are_merged() -> None:
    """One document per area naming every body that served it in 2016: each stays itself."""
    serving: dict[str, list[RegisteredOrganisation]] = defaultdict(list)
    for org in NATIONAL:
        if org.open_on("2016-06-01") and org.kind != "non-metropolitan district":
            for area in org.served_areas()[:1]:
                serving[area].append(org)
    merged = []
    for area, bodies in serving.items():
        lines = [f"The review of health services in {area} took place in 2016."]
        lines += [f"{o.name} agreed the plan." for o in bodies]
        found = named(resolve("2016-06-01", *lines))
        if found != {o.name for o in bodies}:
            merged.append((area, sorted({o.name for o in bodies} ^ found)))
    assert len(serving) > 140
    assert not merged, merged[:5]


def test_an_initialism_the_document_defines_wins_over_every_registry_entry() -> None:
    # DPT is Devon Partnership NHS Trust in the national registry, and this paper is in Devon
    lines = (
        "The review of health services in Devon took place in 2016.",
        "1. DPT should:",
        "Dartmoor Paediatric Trust (DPT) runs the clinics.",
        "DPT will audit its records.",
    )
    orgs = resolve("2016-06-01", *lines)
    assert named(orgs) == {"Dartmoor Paediatric Trust"}
    assert orgs.resolve("DPT") == "Dartmoor Paediatric Trust"
    # without the definition, the registry's DPT of the area is meant
    assert named(resolve("2016-06-01", lines[0], lines[3])) == {"Devon Partnership NHS Trust"}


def test_a_council_and_a_trust_named_after_one_place_stay_two() -> None:
    orgs = resolve(
        "2016-06-01",
        "Rotherham Metropolitan Borough Council and The Rotherham NHS Foundation Trust agreed.",
        "Rotherham Council will lead; the Rotherham NHS Foundation Trust will report.",
    )
    assert named(orgs) == {"Rotherham Metropolitan Borough Council", "The Rotherham NHS Foundation Trust"}


def test_a_shared_initialism_resolves_by_the_documents_area_or_not_at_all() -> None:
    # SCC: Sheffield City Council, Surrey County Council, Suffolk, Staffordshire, ...
    sheffield = resolve("2016-06-01", "The review of health services in Sheffield took place.", "SCC agreed.")
    surrey = resolve("2016-06-01", "The review of health services in Surrey took place.", "SCC agreed.")
    assert named(sheffield) == {"Sheffield City Council"}
    assert named(surrey) == {"Surrey County Council"}
    nowhere = resolve("2016-06-01", "SCC agreed.")
    assert named(nowhere) == set()
    (warning,) = [w for w in nowhere.warnings() if "SCC" in w]
    assert "ambiguous" in warning and "Sheffield City Council" in warning


def test_the_body_open_at_the_documents_date_is_meant() -> None:
    lines = ("The review of health services in Dorset took place.", "The local authority agreed.")
    assert named(resolve("2016-05-01", *lines)) == {"Dorset County Council"}
    assert named(resolve("2021-05-01", *lines)) == {"Dorset Council"}
    # a name used by two successive trusts is one node either way
    hinchingbrooke = "Hinchingbrooke Health Care NHS Trust agreed."
    assert named(resolve("1994-01-01", hinchingbrooke)) == named(resolve("2010-01-01", hinchingbrooke))


@pytest.mark.parametrize(
    ("area", "reference", "expected"),
    [
        ("Portsmouth", "the local authority", {"Portsmouth City Council"}),
        ("Portsmouth", "the Council", {"Portsmouth City Council"}),
        ("Portsmouth", "the CCG", {"NHS Portsmouth Clinical Commissioning Group"}),
        ("Lancashire", "the local authority", {"Lancashire County Council"}),
        # six CCGs served Lancashire in 2016: "the CCG" is none of them
        ("Lancashire", "the CCG", set()),
        # an area has many trusts: "the Trust" is only ever one the document names
        ("Portsmouth", "the Trust", set()),
    ],
)
def test_bodies_named_by_kind_are_the_areas_when_that_is_one(
    area: str, reference: str, expected: set[str]
) -> None:
    orgs = resolve(
        "2016-06-01", f"The review of health services in {area} took place.", f"{reference} agreed."
    )
    assert named(orgs) == expected


def test_the_trust_is_the_one_trust_a_document_names() -> None:
    orgs = resolve(
        "2016-06-01",
        "Report of Kingsford Hospitals NHS Foundation Trust to its board.",
        "The Trust has appointed a named nurse; the trust of families matters.",
    )
    assert named(orgs) == {"Kingsford Hospitals NHS Foundation Trust"}
    assert orgs.mentions("The Trust has appointed a named nurse") == [
        "Kingsford Hospitals NHS Foundation Trust"
    ]


def test_the_users_file_is_an_overlay_that_wins() -> None:
    by_name = {o.name: o for o in load_registry()}
    lcft = by_name["Lancashire Care NHS Foundation Trust"]  # the user's name for RW5
    assert lcft.code == "RW5" and lcft.from_user
    assert "Lancashire & South Cumbria NHS Foundation Trust" in lcft.former_names
    assert "Lancashire & South Cumbria NHS Foundation Trust" not in by_name
    orgs = resolve("2016-06-01", "Lancashire & South Cumbria NHS Foundation Trust agreed.")
    assert named(orgs) == {"Lancashire Care NHS Foundation Trust"}
    # a council of the user's file is the national one of its place, under the user's name
    blackpool = by_name["Blackpool Council"]
    assert blackpool.kind == "unitary authority" and "Blackpool Borough Council" in blackpool.former_names
