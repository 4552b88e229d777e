"""Build ``ontology/public_bodies.csv``, the national registry, from the public reference lists.

    python -m ontology.build_registry [--reference ../shared/reference] [--output ontology/public_bodies.csv]

The reference lists (NHS trusts, CCGs, PCTs, ICBs, councils and police forces of England; see
their README for sources and licence) are reduced to one row per body: canonical name, graph
type, the kind as published, the local authority areas it serves, region, open/close dates,
successors, former names, name variants and the initialisms a local paper may use for it. Only
forms that follow mechanically from the published names are derived here: a short form drops
the "NHS (Foundation) Trust" ending when what is left is still more than a place name
(Sheffield Children's NHS Foundation Trust -> Sheffield Children's), an initialism takes the
first letter of each significant word (SCFT, DPT, LCC). Which body a form means in one document
(its area, its date) is decided when the document is read, not here.

Run it again when the reference lists change; the output is sorted so that a rebuild shows only
real differences.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ontology.names import plain_name

ONTOLOGY_DIR = Path(__file__).resolve().parent
DEFAULT_REFERENCE = ONTOLOGY_DIR.parents[1] / "shared" / "reference"
DEFAULT_OUTPUT = ONTOLOGY_DIR / "public_bodies.csv"
COLUMNS = (
    "code",
    "name",
    "type",
    "kind",
    "areas",
    "region",
    "opened",
    "closed",
    "successors",
    "former_names",
    "aliases",
    "initialisms",
)
# council kinds that run children's services: their areas are the areas reviews cover
UPPER_TIER_KINDS = frozenset(
    {
        "county council",
        "unitary authority",
        "metropolitan borough",
        "London borough",
        "city corporation (sui generis)",
        "unitary authority (sui generis)",
    }
)
# joint bodies of several councils, not a council of their own
_NOT_COUNCILS = frozenset({"combined authority", "strategic regional authority"})
_COMPASS_WORDS = frozenset({"North", "South", "East", "West", "Central", "Mid", "Greater", "Inner", "Outer"})
# words an initialism skips ("University Hospitals of Leicester" -> UHL)
_MINOR_WORDS = frozenset({"nhs", "of", "and", "the", "for", "on", "upon", "with", "in", "at", "&"})
_COUNCIL_WORD = re.compile(r"\b(?:Council|Borough|Corporation|County|City)\b")
_TRUST_ENDING = re.compile(r"\s+(?:NHS\s+)?(?:Foundation\s+)?Trust$")


@dataclass
class Body:
    code: str
    name: str
    type: str
    kind: str
    areas: list[str] = field(default_factory=list)
    region: str = ""
    opened: str = ""
    closed: str = ""
    successors: list[str] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    initialisms: list[str] = field(default_factory=list)

    def row(self) -> dict[str, str]:
        def join(values: Iterable[str]) -> str:
            return ";".join(dict.fromkeys(v for v in values if v))

        names = [self.name, *self.former_names]
        return {
            "code": self.code,
            "name": self.name,
            "type": self.type,
            "kind": self.kind,
            "areas": join(self.areas),
            "region": self.region,
            "opened": self.opened,
            "closed": self.closed,
            "successors": join(self.successors),
            "former_names": join(n for n in self.former_names if n != self.name),
            # an alias spelt as one of its names ("&" for "and", "The ...") adds nothing: names are
            # compared by the one name grammar
            "aliases": join(a for a in self.aliases if plain_name(a) not in {plain_name(n) for n in names}),
            # longer strings of capitals are words, not initialisms (a reader looks for 2-6)
            "initialisms": join(i for i in self.initialisms if 3 <= len(i) <= 6),
        }


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def read(reference: Path, name: str) -> list[dict[str, str]]:
    with (reference / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def clean_area(area: str) -> str:
    """The area's everyday name: "City of Bristol" -> Bristol, "Dorset County" -> Dorset."""
    area = re.sub(r"^City of (?!London\b)", "", area.strip())
    area = re.sub(r"^(.*), (?:City|County) of$", r"\1", area)
    area = re.sub(r"\s+(?:County|Council)$", "", area)
    return area.replace("St. ", "St ")


def initials(name: str) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'’]*", name)
    return "".join(w[0].upper() for w in words if w.lower() not in _MINOR_WORDS)


def areas_named_in(name: str, areas: list[str]) -> list[str]:
    """The known areas a body's name holds, longest first and not inside another found one
    ("North Lincolnshire", not also "Lincolnshire")."""
    found: list[str] = []
    spans: list[tuple[int, int]] = []
    for area in sorted(areas, key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(area)}\b", name):
            if not any(s <= match.start() < e for s, e in spans):
                spans.append(match.span())
                found.append(area)
    return list(dict.fromkeys(found))


def trust_short_forms(names: list[str], place_words: set[str]) -> list[str]:
    """ "Sheffield Children's NHS Foundation Trust" -> "Sheffield Children's": the name without
    its ending, when that still says more than a place ("Solent", "Isle of Wight", "Mid Essex",
    "Cambridgeshire and Peterborough" would name the council or the area as well)."""
    forms = []
    for name in names:
        core = _TRUST_ENDING.sub("", re.sub(r"^The\s+", "", name))
        words = core.split()
        more_than_a_place = any(w not in place_words for w in words)
        if core != name and len(words) >= 2 and more_than_a_place and words[-1].lower() not in _MINOR_WORDS:
            forms.append(core)
    return forms


def trust_initialisms(names: list[str]) -> list[str]:
    found = []
    for name in names:
        found.append(initials(name))
        core = _TRUST_ENDING.sub("", re.sub(r"^The\s+", "", name))
        if core != name:
            found.append(initials(core))
    return [f for f in found if len(f) >= 3]


def trusts(reference: Path, areas: list[str], place_words: set[str]) -> list[Body]:
    bodies = []
    for row in read(reference, "nhs_trusts.csv"):
        names = [row["name"], *split(row["other_names"])]
        kind = row["type"]
        bodies.append(
            Body(
                code=row["code"],
                name=row["name"],
                type="NHS foundation trust" if kind == "NHS foundation trust" else "NHS trust",
                kind=kind,
                areas=[a for n in names for a in areas_named_in(n, areas)],
                region=row["region"],
                opened=row["opened"],
                closed=row["closed"],
                successors=split(row["successor_name"]),
                former_names=split(row["other_names"]),
                aliases=[*split(row["aliases"]), *trust_short_forms(names, place_words)],
                initialisms=trust_initialisms(names),
            )
        )
    return bodies


def ccg_initialism(name: str) -> str:
    place = re.sub(r"^NHS\s+|\s+CCG$", "", name)
    return initials(place) + "CCG" if initials(place) else ""


def ccgs(reference: Path) -> list[Body]:
    return [
        Body(
            code=row["ods_code"],
            name=row["name_full"],  # in full, as documents and the extractor name CCGs
            type="CCG",
            kind="clinical commissioning group",
            areas=[clean_area(a) for a in split(row["la_names"])],
            region=row["nhs_region"],
            opened=row["opened"],
            closed=row["closed"],
            successors=split(row["successor_name"]),
            former_names=split(row["other_names"]),
            aliases=[row["name"]],
            initialisms=[ccg_initialism(n) for n in (row["name"], *split(row["other_names"]))],
        )
        for row in read(reference, "ccgs.csv")
    ]


def pcts(reference: Path, areas: list[str]) -> list[Body]:
    return [
        Body(
            code=row["ods_code"],
            name=row["name"],
            type="other",
            kind=row["type"],
            areas=areas_named_in(row["name"], areas),
            opened=row["opened"],
            closed=row["closed"],
            successors=split(row["successor_ccg_names"]),
            aliases=[row["short_name"]],
        )
        for row in read(reference, "pcts.csv")
    ]


def icbs(reference: Path) -> list[Body]:
    return [
        Body(
            code=row["ods_code"],
            name=row["name"],
            type="other",
            kind="integrated care board",
            areas=[clean_area(a) for a in split(row["la_names"])],
            region=row["nhs_region"],
            opened=row["opened"],
            closed=row["closed"],
            former_names=split(row["other_names"]),
            aliases=[row["short_name"]],
        )
        for row in read(reference, "icbs.csv")
    ]


def councils(rows: list[dict[str, str]]) -> list[Body]:
    by_code = {row["code"]: row["name"] for row in rows if row["code"]}
    bodies = []
    for row in rows:
        kind = row["type"]
        # a district is filed under its county, the area whose reviews name it
        place = row["area_name"] if kind in UPPER_TIER_KINDS or not row["county"] else row["county"]
        area = clean_area(place)
        name_initials = initials(row["name"])
        bodies.append(
            Body(
                code=row["code"] or row["registry_code"],
                name=row["name"],
                type="other" if kind in _NOT_COUNCILS else "local authority",
                kind=kind,
                areas=[area],
                region=row["region"],
                opened=row["opened"],
                closed=row["closed"],
                successors=[by_code.get(code, "") for code in split(row["replaced_by"])],
                # a bare place ("Durham", "Shepway") names the area, not the council
                former_names=[n for n in split(row["other_names"]) if _COUNCIL_WORD.search(n)],
                # districts and combined authorities run no children's services: a local paper's
                # "LCC" is the county council, never the district that shares its initials
                initialisms=[name_initials] if kind in UPPER_TIER_KINDS and len(name_initials) >= 3 else [],
            )
        )
    return bodies


def police_forces(reference: Path) -> list[Body]:
    bodies = []
    for row in read(reference, "police_forces.csv"):
        aliases = split(row["aliases"])
        bodies.append(
            Body(
                code=row["code"] or "BTP",
                name=row["name"],
                type="police",
                kind="police force",
                areas=[clean_area(a) for a in split(row["la_names"])],
                aliases=[a for a in aliases if not a.isupper()],
                # an initialism the list itself gives (GMP, MPS, BTP)
                initialisms=[a for a in aliases if a.isupper()],
            )
        )
    return bodies


def build(reference: Path) -> list[Body]:
    council_rows = read(reference, "local_authorities.csv")
    areas = sorted(
        {clean_area(r["area_name"]) for r in council_rows if r["type"] in UPPER_TIER_KINDS},
        key=lambda a: (len(a), a),
    )
    # the words of every council's place, and the words that only point within one
    place_words = {w for r in council_rows for w in re.split(r"[\s,]+", r["area_name"])} | _COMPASS_WORDS
    bodies = [
        *trusts(reference, areas, place_words),
        *ccgs(reference),
        *pcts(reference, areas),
        *icbs(reference),
        *councils(council_rows),
        *police_forces(reference),
    ]
    return sorted(bodies, key=lambda b: (b.type, b.name, b.code))


def write(bodies: list[Body], output: Path) -> None:
    with output.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# Derived by ontology/build_registry.py from the public reference lists (ODS, ONS,\n"
            "# GOV.UK registers, data.police.uk). Contains public sector information licensed under\n"
            "# the Open Government Licence v3.0. Do not edit: rebuild instead.\n"
        )
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(b.row() for b in bodies)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="folder of the CSV lists")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the registry file to write")
    args = parser.parse_args(argv)
    bodies = build(args.reference)
    write(bodies, args.output)
    print(f"{len(bodies)} bodies written to {args.output}")


if __name__ == "__main__":
    main()
