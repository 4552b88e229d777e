"""Find the organisations a document mentions and give each one canonical name.

A document names the same body many ways: in full, with a definition ("Blackpool Teaching
Hospitals (BTH)"), by initialism, by a short form in a list ("NHS A, NHS B and NHS C CCGs"),
in the plural, with commas or "Hospital"/"Hospitals" swapped, or misspelt. The resolver
collects every mention in the parts of the document that concern the review, merges mentions
that are the same organisation (never two bodies that merely share a place name, such as a CCG
and a hospital trust of the same area) and names each from the registry in
``ontology/organisations.yaml`` or, failing that, from its fullest form in the text.

Roles ("Designated Nurse", "CCG Accountable Officer") are kept apart as :class:`RoleRecord`;
addressees that are not one organisation ("all local GP practices") are kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph, Table
from loaders.columns import looks_like_header
from loaders.list_text import strip_tags
from loaders.records import OrganisationRecord, RoleRecord
from loaders.registry_index import RegistryIndex, choose, shipped_index
from ontology.names import DESCRIPTIVE, keys_match, name_key
from ontology.registry import RegisteredOrganisation

# --- text units and the parts of a document that concern the review -------------------------


@dataclass(frozen=True)
class TextUnit:
    """One piece of running text (a paragraph, list item or table cell) and where it is."""

    text: str
    location: Location


def text_units(doc: DocumentBlocks) -> list[TextUnit]:
    """Every paragraph, list item and table cell, in reading order."""
    units: list[TextUnit] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                units.extend(TextUnit(cell.text, cell.location) for cell in row.cells if cell.text.strip())
        elif block.text.strip():
            units.append(TextUnit(block.text, block.location))
    return units


# a new paper in a pack: an agenda item marker, a report's cover line, minutes (page and layout
# breaks are not: a report runs over many pages)
_PAPER_START = re.compile(
    r"^\s*(?:Agenda Item \d+\b|.{0,80}\bMeeting to be held on\b|Minutes of the Meeting\b)",
    re.IGNORECASE,
)
# a numbered item heading inside a paper ("8. Report on the inspection"): short, no full stop
_ITEM_HEADING = re.compile(r"^\s*\d{1,2}\.\s+[A-Z][^.\n]{2,90}$")
REVIEW_VOCABULARY = re.compile(
    r"\bCQC\b|Care Quality Commission|Children Looked After|Looked After Children|\bCLAS\b"
    r"|Safeguarding Review|Review of Health Services",
    re.IGNORECASE,
)
_TITLE_WINDOW = 10


def review_units(units: list[TextUnit]) -> list[TextUnit]:
    """The units that concern the review.

    A board pack carries unrelated papers: it is cut into papers at cover-sheet markers, and
    papers into numbered items; a paper whose title names the review is kept whole, otherwise
    only its items whose heading names it. A document with one paper, or where nothing is
    recognisably about the review, is kept whole.
    """
    papers: list[list[TextUnit]] = [[]]
    for unit in units:
        if _PAPER_START.match(unit.text) and papers[-1] and not _is_cover(papers[-1]):
            papers.append([])
        papers[-1].append(unit)
    if len(papers) == 1:
        return units
    kept: list[TextUnit] = []
    for paper in papers:
        title = " ".join(u.text for u in paper[:_TITLE_WINDOW])
        if REVIEW_VOCABULARY.search(title):
            kept.extend(paper)
            continue
        keep_item = False
        for unit in paper:
            first_line = unit.text.split("\t")[0].split("\n")[0]
            if _ITEM_HEADING.match(first_line):
                keep_item = bool(REVIEW_VOCABULARY.search(first_line))
            if keep_item:
                kept.append(unit)
    return kept or units


def _is_cover(paper: list[TextUnit]) -> bool:
    """A few short lines and no prose (an organisation, a meeting, a date, "Agenda Item 3"): the
    cover of the paper that follows, not a paper of its own."""
    return len(paper) <= _COVER_LINES and all(
        len(u.text.split()) <= _COVER_WORDS and not re.search(r"[.!?](?:\s|$)", u.text) for u in paper
    )


_COVER_LINES = 5
_COVER_WORDS = 12


# --- the document's area ----------------------------------------------------------------------

# a place's words stay on one line of one cell: "Eastvale CCG" and "Eastvale Council" on two
# lines of a cell are two names, not the place "Eastvale CCG Eastvale"
_GAP = r"[^\S\n\t]+"
_CAPITALISED_RUN = rf"([A-Z][\w'’-]*(?:{_GAP}(?:(?:upon|on|of|with){_GAP})?[A-Z][\w'’-]*)*)"


def detect_area(units: Iterable[TextUnit], areas: list[str]) -> str | None:
    """The local authority area the review covered.

    First choice: a known area a sentence about the review names as its place ("... Safeguarding
    in Lincolnshire", "the CLAS review of Sefton's services", a title ending "... - Portsmouth"),
    kept as written ("Leicester City"). Then the known area whose own boards or council the
    document names most ("Report to Sefton Health and Wellbeing Board"), then the known area named
    most often. An area missing from the registry is read from the boards and councils named
    after it, preferring the one the review sentences name.
    """
    texts = [u.text for u in units]
    named = _places_named_for_the_review(texts)
    reviewed = [run for run, _ in named]
    for _, tail in named:
        # the sentence from the place on: a known area may hold "and" or a comma ("Bournemouth,
        # Christchurch and Poole", "Cheshire West and Chester"), which end a capitalised run
        found = _known_area_prefix(tail, areas)
        if found:
            return found
    bodies = _places_of_local_bodies(texts)
    known_bodies = {area: n for place, n in bodies.items() if (area := _known_area_prefix(place, areas))}
    if known_bodies:
        return max(known_bodies, key=lambda a: (known_bodies[a], len(a)))
    counts = _area_counts("\n".join(texts), areas)
    if counts:
        return max(counts, key=lambda a: (counts[a], len(a)))
    places = [_place_name(run) for run in reviewed]
    return next((p for p in places if p in bodies), None) or (
        max(bodies, key=lambda p: (bodies[p], len(p))) if bodies else None
    )


def _area_counts(text: str, areas: list[str]) -> dict[str, int]:
    """How often each area is named in ``text``, as ``re.findall(rf"\\b{area}\\b")`` counts it.

    One pass reads the words that start as an area (a place name, so starting with a letter) does:
    "North" of "North Somerset", "Stoke" of "Stoke-on-Trent"; only the areas starting with that
    word are tried there. A long document is so scanned once, not once per known area, and an
    area inside another ("Lincolnshire" in "North Lincolnshire") still counts.
    """
    by_first_word: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for area in areas:
        first_word = re.match(r"\w+", area)
        if first_word:
            pattern = re.compile(rf"\b{re.escape(area)}\b")
            by_first_word.setdefault(first_word.group(0), []).append((area, pattern))
    if not by_first_word:
        return {}
    initials = "".join(sorted({re.escape(w[0]) for w in by_first_word}))
    counts: dict[str, int] = {}
    ends: dict[str, int] = {}  # where each area was last found: findall's matches never overlap
    for word in re.finditer(rf"\b[{initials}]\w*", text):
        for area, pattern in by_first_word.get(word.group(0), ()):
            found = pattern.match(text, word.start())
            if found and word.start() >= ends.get(area, 0):
                counts[area] = counts.get(area, 0) + 1
                ends[area] = found.end()
    return counts


# where a sentence about the review names its place: "in X", "across X", "review of X", "... - X"
_REVIEW_PLACE = re.compile(
    r"(?:\b(?:in|across)\s+(?:the\s+(?:health\s+system\s+in\s+)?)?|\breview\s+of\s+(?:the\s+)?|\s[-–:]\s+)"
    + _CAPITALISED_RUN
)


def _may_be_about_the_review(text: str) -> bool:
    """Whether ``text`` holds a word of :data:`REVIEW_VOCABULARY` or "review": plain substring
    tests, so the many texts of a long document that hold neither are passed over quickly."""
    folded = text.casefold()
    return any(word in folded for word in ("review", "cqc", "care quality", "looked after", "clas"))


def _places_named_for_the_review(texts: list[str]) -> list[tuple[str, str]]:
    """(the capitalised run, the sentence from it on) of each place a review sentence names."""
    runs: list[tuple[str, str]] = []
    for text in texts:
        if not _may_be_about_the_review(text):
            continue
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            if REVIEW_VOCABULARY.search(sentence) or "review" in sentence.lower():
                runs.extend(
                    (_without_council_words(m.group(1)), _without_council_words(sentence[m.start(1) :]))
                    for m in _REVIEW_PLACE.finditer(sentence)
                )
    return runs


# the bodies every area has, named after it: "<Area> Health and Wellbeing Board", "<Area> Safeguarding
# Children Partnership", "<Area> County Council", "London Borough of <Area>"
_AREA_BODY_AFTER = re.compile(
    r"\b(?:The\s+)?" + _CAPITALISED_RUN + r"\s+(?:Local\s+)?(?:Health\s+and\s+Well-?being\s+Board"
    r"|Safeguarding\s+Children(?:'s|’s)?\s+(?:Board|Partnership)|(?:County\s+|City\s+|Borough\s+"
    r"|Metropolitan\s+Borough\s+)?Council)\b"
)
_BODY_WORD = re.compile(r"Board|Partnership|Council|Borough")
_AREA_BODY_BEFORE = re.compile(r"\b(?:London|Royal)\s+Borough\s+of\s+" + _CAPITALISED_RUN)
_NOT_A_PLACE = {
    "NHS", "The", "A", "An", "Report", "Agenda", "Minutes", "Local", "Joint", "Shadow", "Parish", "Town",
}  # fmt: skip


def _places_of_local_bodies(texts: list[str]) -> dict[str, int]:
    """How often each place is named as the place of a board or council."""
    places: dict[str, int] = {}
    for text in texts:
        if not _BODY_WORD.search(text):
            continue  # (cheaply: no word that ends or starts a local body's name)
        for match in [*_AREA_BODY_AFTER.finditer(text), *_AREA_BODY_BEFORE.finditer(text)]:
            place = _place_name(match.group(1))
            if place:
                places[place] = places.get(place, 0) + 1
    return places


def _without_council_words(run: str) -> str:
    """ "London Borough of Camden" -> "Camden"; "Sefton's" -> "Sefton"."""
    return re.sub(r"^(?:(?:London|Royal)\s+Borough\s+of|City\s+of)\s+|['’]s$", "", run)


def _place_name(run: str) -> str | None:
    """The place of a capitalised run: without "London Borough of" or a leading "The"; not "NHS ..."."""
    words = _without_council_words(run).split()
    # "Eastvale CCG Eastvale Safeguarding Children Partnership": the place follows the other body
    last_body = max((n for n, w in enumerate(words[:-1]) if w.lower() in _HEAD_WORDS), default=-1)
    words = words[last_body + 1 :]
    while words and words[0] in _NOT_A_PLACE - {"NHS"}:
        words = words[1:]
    # the run before "Council" or "Safeguarding ..." may end in a word of the body's own name
    while words and words[-1] in {"County", "Borough", "Metropolitan", "Local"}:
        words = words[:-1]
    if not words or words[0] in _NOT_A_PLACE or len(words) > 4:
        return None
    return " ".join(words)


def _known_area_prefix(run: str, areas: list[str]) -> str | None:
    """The known area ``run`` starts with ("Blackburn with Darwen", "Leicester City"), or None."""
    for area in areas:
        if run.startswith(area) and not run[len(area) : len(area) + 1].isalnum():
            # keep a trailing "City" or "County" that the document uses ("Leicester City")
            rest = run[len(area) :].split()
            return area + (" " + rest[0] if rest and rest[0] in {"City", "County"} else "")
    return None


_YEAR = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")


def most_stated_year(units: Iterable[TextUnit]) -> str | None:
    """The year a document names most often: its date, near enough, when no date line says."""
    counts: dict[str, int] = {}
    for unit in units:
        for year in _YEAR.findall(unit.text):
            counts[year] = counts.get(year, 0) + 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None


# --- initialisms ---------------------------------------------------------------------------


@cache
def initialisms(name: str) -> frozenset[str]:
    """Initialisms a document may use for ``name`` (LCFT, BTH, PCCG, ELHT, GMW, LSCB...)."""
    words = [
        w
        for w in re.findall(r"[A-Za-z][A-Za-z'’]*", name)
        if w.lower() not in {"of", "and", "the", "for", "nhs", "on", "upon", "with"}
    ]
    initials = "".join(w[0].upper() for w in words)
    found = {initials}
    lowered = [w.lower() for w in words]
    if lowered[-3:] == ["clinical", "commissioning", "group"]:
        found.add(initials[:-3] + "CCG")
    core = [
        w
        for w in words
        if w.lower() not in DESCRIPTIVE
        and w.lower() not in {"foundation", "clinical", "commissioning", "group"}
    ]
    core_initials = "".join(w[0].upper() for w in core)
    if core_initials and "trust" in lowered:
        found |= {core_initials + "T", core_initials + "FT", core_initials + "HT", core_initials + "FTH"}
        # "Blackpool Teaching Hospitals" -> BTH: keep the descriptive words that make the name
        named = [w for w in words if w.lower() not in {"trust", "foundation"}]
        found |= {"".join(w[0].upper() for w in named), "".join(w[0].upper() for w in named) + "T"}
        found.add(core_initials)
    return frozenset(f for f in found if len(f) >= 2)


# --- mention patterns -------------------------------------------------------------------------

_HEAD = re.compile(
    r"\b(?:NHS\s+)?(?:Foundation\s+)?[Tt]rusts?\b|\b(?:NHS\s+)?FT\b"
    r"|\bClinical Commissioning Groups?\b|\bCCG(?:s|'s|’s)?\b"
    r"|\b(?:County |City |Borough |District |Metropolitan Borough )?Council\b"
    r"|\bLocal Authority\b"
    r"|\bSafeguarding (?:Children(?:'s|’s)?|Adults?) (?:Partnership )?[Bb]oards?\b"
    r"|\bSafeguarding (?:Children(?:'s|’s)? )?Partnerships?\b"
    r"|\b(?i:Health and Wellbeing Boards?)\b"
    r"|\bConstabulary\b|\bPolice(?: Service)?\b"
    r"|\bCommunity Interest Company\b|\bCIC\b|\bLimited\b|\bLtd\b"
    r"|\bTeaching Hospitals?(?:'s|’s)?\b"
)
# capitalised words that do not make a name on their own
_GENERIC_CAPS = {
    "Partner",
    "Partners",
    "Neighbouring",
    "Specialist",
    "Primary",
    "Secondary",
    "Responsible",
    "Acute",
    "All",
    "Any",
    "Both",
    "Each",
    "Every",
    "Foundation",
    "Health",
    "Hospital",
    "Hospitals",
    "Individual",
    "Lead",
    "Local",
    "Mental",
    "NHS",
    "New",
    "Other",
    "Our",
    "Partnership",
    "Provider",
    "Providers",
    "Relevant",
    "The",
    "Their",
    "This",
    "These",
    "Trust",
    "Community",
    "Care",
    "Teaching",
    "Host",
    "Commissioning",
    "A",
    "An",
    "Ensure",
    "Action",
    "Actions",
    "Plan",
    "Contract",
    "Review",
    "Recommendation",
    "Recommendations",
    "Outcome",
    "Update",
    "Summary",
}
# words that end a name when walking back from its head word: titles, roles, sentence openers
_STOP_CAPS = {
    "In",
    "At",
    "By",
    "For",
    "From",
    "With",
    "Within",
    "To",
    "Of",
    "On",
    "As",
    "That",
    "Those",
    "Where",
    "When",
    "While",
    "Some",
    "It",
    "We",
    "They",
    "However",
    "Also",
    "And",
    "But",
    "Or",
    "If",
    "Via",
    "Nurse",
    "Nurses",
    "Doctor",
    "Doctors",
    "Officer",
    "Officers",
    "Director",
    "Manager",
    "Chair",
    "Chairman",
    "Councillor",
    "Member",
    "Designated",
    "Named",
    "Head",
    "Chief",
    "Executive",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Report",
    "Subject",
    "Date",
    "Open",
    "Appendix",
    "Contact",
    "Lead",
    "Leads",
    "Team",
}
_NAME_LOWER = {"teaching", "hospital", "hospitals", "mental", "health", "partnership", "community", "care"}
_CONNECTORS = {"and", "&", "of", "on", "upon"}
_HEAD_WORDS = {
    "trust",
    "trusts",
    "ccg",
    "ccgs",
    "council",
    "board",
    "boards",
    "constabulary",
    "police",
    "group",
    "groups",
}
_ACRONYM = re.compile(r"\b[A-Z][A-Z&]{1,5}(?:s|'s|’s)?\b")
_DEFINITION = re.compile(r"\(([A-Z][A-Za-z]{1,6})\)")
_NAME_IN_BRACKETS = re.compile(r"\(([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\)")
_PUBLIC_HEALTH = re.compile(
    r"\bPublic Health ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b|\b([A-Z]{2,5}) [Pp]ublic [Hh]ealth\b"
)
# the local Healthwatch of a place ("Healthwatch Kent")
_HEALTHWATCH = re.compile(r"\bHealthwatch(?: [A-Z][a-z]+(?: and [A-Z][a-z]+)?)+")
_AREA_TEAM = re.compile(r"(?:\s+[A-Z][a-z]+)?\s+Area Team\b")
# rating scales that name a tracker's status column: Red/Amber/Green, with Blue for completed
# ("BRAG", "RAGB")
RATING_WORDS = frozenset({"RAG", "BRAG", "RAGB"})
# initialisms that are services, processes or documents, never organisations
NOT_ORGANISATIONS = RATING_WORDS | {
    "NHS",
    "CAMHS",
    "CAMHs",
    "LAC",
    "CLA",
    "CSE",
    "FGM",
    "JSNA",
    "MASH",
    "GP",
    "GPs",
    "ED",
    "A&E",
    "IHA",
    "IHAs",
    "RHA",
    "DNA",
    "SMART",
    "SDQ",
    "CLAS",
    "SCR",
    "SCRs",
    "STP",
    "BCF",
    "GUM",
    "ICT",
    "IT",
    "CYP",
    "EWMH",
    "CP",
    "CPP",
    "CIN",
    "DPH",
    "PH",
    "CEO",
    "AO",
    "UK",
    "TBC",
    "N/A",
    "KPI",
    "KPIs",
    "MH",
    "SRG",
    "QSG",
    "CCB",
    "SMT",
    "CSC",
    "QAPI",
    "ILS",
    "WPEH",
    "LLR",
    "HOSP",
    "PSAB",
    "OT",
    "OTs",
    "DTC",
    "LDR",
    "HLSC",
    "LSC",
    "HWB",
    "HWBB",
    "LSAB",
    "SAB",
    "MARAC",
    "MAPPA",
    "UCC",
    "MIU",
    "UHLT",
    "CHRT",
    "PDF",
    "LA",
    "AT",
    "DRAFT",
    "AGENDA",
    "MINUTES",
    "APPENDIX",
    "REPORT",
    "SUMMARY",
    "ACTION",
    "PLAN",
    "UPDATE",
    "CONFIDENTIAL",
    "OFFICIAL",
    "SENSITIVE",
    "PART",
    "ITEM",
    "BOARD",
    "NOTE",
    "NB",
    "AND",
    "THE",
    "OF",
    "FOR",
    "ALL",
    "NOT",
    "NEW",
    "YP",
    "HV",
    "AMH",
    "CCG",
    "CCGs",
    "LSCB",
    "LSCBs",
    "I",
    "II",
    "III",
    "IV",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
}
_ROLE = re.compile(
    r"\b(?:(?:CCG|Trust)\s+)?(?:Designated (?:Safeguarding )?(?:Nurse|Doctor|Professional|Paediatrician)s?"
    r"(?: for (?:Safeguarding(?: Children)?|LAC|Looked After Children)(?: and LAC)?)?"
    r"|Named (?:GP|Nurse|Doctor|Midwife|Professional)s?(?: for Safeguarding(?: Children)?)?"
    r"|Accountable Officers?|Chief Executive(?: Officer)?s?|CEOs?|Chief Officer|Chief Nurse"
    r"|Head of (?:Midwifery|Safeguarding|Nursing)"
    r"|Director of (?:Public Health|Nursing(?: and Quality)?|Children's Services|Adult Services"
    r"|Quality(?: and Safeguarding)?)"
    r"|Deputy Director (?:of|for) (?:Quality and Safeguarding|Safeguarding and Quality|Nursing|Quality)"
    r"|Safeguarding Lead|Looked After Children Lead|LAC Lead|Commissioning Manager)\b"
)
# a body named by its kind alone, meaning the document's own: "the local authority", "the CCG",
# "the Trust" (capitalised: "the trust of families" is not a body); "the Trust Board" is not it
_AREA_BODY_REFERENCE = re.compile(
    r"\b[Tt]he\s+((?:[Ll]ocal\s+[Aa]uthority|[Cc]ouncil|CCG|Clinical\s+Commissioning\s+Group|Trust))"
    r"(?![\w-])(?!\s+[A-Z])"
)
# the types each such reference may mean, by the reference's name key
_REFERENCE_TYPES = {
    "council": {"local authority"},
    "clinical commissioning group": {"CCG"},
    "trust": {"NHS trust", "NHS foundation trust"},
}
_ORGANISATION_LIST = re.compile(
    r"\b(?:organisations|partners|providers|agencies|bodies)\s*:\s*$", re.IGNORECASE
)
_COLLECTIVE_START = re.compile(r"^(?:all|their|other|local|relevant|each|every|partner|any)\b", re.IGNORECASE)
_COLLECTIVE_WORDS = re.compile(
    r"\b(?:practices|providers|organisations|partners|agencies|services|commissioners)\b"
)


@dataclass
class _Organisation:
    canonical: str
    type: str
    keys: set[str]
    forms: list[str] = field(default_factory=list)
    location: Location = field(default_factory=Location)
    area: str | None = None
    registered: bool = False
    initials: set[str] = field(default_factory=set)
    code: str = ""  # its code in the national lists, when it is one of their bodies

    def add_form(self, form: str, location: Location) -> None:
        if not self.forms:
            self.location = location
        if form not in self.forms:
            self.forms.append(form)
        self.keys.add(name_key(form))


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    surface: str
    kind: str  # "name" (a full name), "partial" (only resolves to a known body), "acronym"...
    # the name to resolve when it differs from the words written ("NHS A" in a list of CCGs)
    resolve_as: str | None = None


class OrganisationResolver:
    """The organisations of one document: found once, resolved the same way for every caller."""

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
        self._orgs: list[_Organisation] = []
        self._definitions: dict[str, _Organisation] = {}
        self._collectives: list[str] = []
        self._roles: list[RoleRecord] = []
        self._warnings: list[str] = []
        self._unresolved: set[str] = set()
        self._text_aliases: dict[str, _Organisation] = {}
        self._text_alias_pattern: re.Pattern[str] | None = None
        self._found: dict[str, list[_Mention]] = {}
        self._registered_by_key: dict[str, RegisteredOrganisation | None] = {}

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
                canonical=o.canonical, type=o.type, aliases_in_text=list(o.forms), location=o.location
            )
            for o in self._orgs
            if o.forms
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
                if _looks_like_group_header(line):
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
                org.canonical = _best_name(org)

    def _read_listed_organisations(self) -> None:
        """Items of a list introduced as organisations ("... the following organisations:")."""
        listing = False
        for block in self.doc.blocks:
            if isinstance(block, ListItem):
                if listing and len(block.text.split()) <= 10 and block.text[:1].isupper():
                    name = _clean_surface(block.text)
                    org = self._resolve_name(name, "name", block.location, create=True)
                    if org is not None:
                        org.add_form(name, block.location)
                continue
            listing = isinstance(block, Paragraph) and bool(_ORGANISATION_LIST.search(block.text))

    def _read_definitions(self, unit: TextUnit) -> None:
        """ "Full Name (ABBR)" and "Name (Service name)" define aliases for this document."""
        text = unit.text
        for match in _DEFINITION.finditer(text):
            abbr = match.group(1)
            before = text[max(0, match.start() - 200) : match.start()].rstrip()
            after = text[match.end() :]
            owner = self._named_just_before(before, unit.location)
            if owner is None:
                # "the local area team (AT) of NHS England": the team's initialism stands for the body
                tail = re.match(r"\s+of\s+(?:the\s+)?(.{3,80})", after)
                if tail and re.search(r"\b(?:team|unit|office|department)\s*$", before, re.IGNORECASE):
                    owner = self._first_org_in(tail.group(1), unit.location)
            if owner is None or abbr.rstrip("s") == "CCG":
                continue  # "(CCGs)" explains the word, not one body
            if abbr.isupper() and not _abbreviates(abbr, owner, before):
                continue
            self._definitions[abbr] = owner
            owner.add_form(abbr, unit.location)
        for match in _NAME_IN_BRACKETS.finditer(text):
            owner = self._named_just_before(
                text[max(0, match.start() - 200) : match.start()].rstrip(), unit.location
            )
            name = match.group(1)
            if owner is not None and name not in NOT_ORGANISATIONS and name_key(name) not in owner.keys:
                self._text_aliases[name] = owner
                # "Name" and its plural/possessive "Names" ("Inspires action plan")
                self._text_alias_pattern = re.compile(
                    r"\b(?:"
                    + "|".join(re.escape(a) for a in sorted(self._text_aliases, key=len, reverse=True))
                    + r")s?\b"
                )
                self._found.clear()

    def _named_just_before(self, before: str, location: Location) -> _Organisation | None:
        mentions = [m for m in self._find(before) if m.end >= len(before) - 1]
        if not mentions:
            return None
        return self._resolve_mention(mentions[-1], location, create=True)

    def _first_org_in(self, text: str, location: Location) -> _Organisation | None:
        mentions = self._find(text)
        return self._resolve_mention(mentions[0], location, create=True) if mentions else None

    def _read_roles(self, unit: TextUnit) -> None:
        for sentence in re.split(r"(?<=[.;])\s+|\n", unit.text):
            for match in _ROLE.finditer(sentence):
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
                # one role whether written "Designated Nurses" or "Designated Nurse"
                title = re.sub(
                    r"\b(Nurse|Doctor|GP|Officer|CEO|Lead|Professional|Paediatrician|Midwife|Executive)s\b",
                    r"\1",
                    title,
                )
                role = RoleRecord(title=title.strip(), organisation=organisation, location=unit.location)
                if not any(
                    r.title == role.title and r.organisation == role.organisation for r in self._roles
                ):
                    self._roles.append(role)

    # -- finding mentions -----------------------------------------------------------------------

    def _find(self, text: str) -> list[_Mention]:
        """Organisation-like spans in ``text``, longest first where they overlap."""
        if text not in self._found:
            self._found[text] = self._find_uncached(text)
        return self._found[text]

    def _find_uncached(self, text: str) -> list[_Mention]:
        candidates: list[_Mention] = _ccg_lists(text)
        listed = list(candidates)
        for match in _HEAD.finditer(text):
            mention = _name_ending_at(text, match.start(), match.end())
            if mention and all(mention.end <= c.start or mention.start >= c.end for c in listed):
                if self._body_then_another(mention.surface[: match.start() - mention.start], mention.surface):
                    continue  # "NHS England CCG Accountable Officers": a body, then a role
                candidates.append(mention)
        for match in _PUBLIC_HEALTH.finditer(text):
            candidates.append(_Mention(match.start(), match.end(), match.group(0), "public health"))
        for match in _HEALTHWATCH.finditer(text):
            candidates.append(_Mention(match.start(), match.end(), match.group(0), "name"))
        for match in _AREA_BODY_REFERENCE.finditer(text):
            candidates.append(_Mention(match.start(1), match.end(1), match.group(1), "area body"))
        candidates.extend(self._registry_mentions(text))
        for match in _ACRONYM.finditer(text):
            if _in_capitals_line(text, match.start()):
                continue
            candidates.append(_Mention(match.start(), match.end(), match.group(0), "acronym"))
        chosen: list[_Mention] = []
        for mention in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
            if all(mention.end <= c.start or mention.start >= c.end for c in chosen):
                chosen.append(mention)
        return sorted(chosen, key=lambda m: m.start)

    def _registry_mentions(self, text: str) -> list[_Mention]:
        found = [_Mention(s.start, s.end, s.surface, "registry") for s in self.index.find(text)]
        if self._text_alias_pattern is not None:
            found.extend(
                _Mention(m.start(), m.end(), m.group(0), "text alias")
                for m in self._text_alias_pattern.finditer(text)
            )
        return found

    # -- resolving mentions ---------------------------------------------------------------------

    def _resolve_mention(
        self, mention: _Mention, location: Location | None, create: bool
    ) -> _Organisation | None:
        surface = _clean_surface(mention.surface)
        name = _clean_surface(mention.resolve_as or mention.surface)
        if mention.resolve_as and self._registered(name_key(surface)) is not None:
            name = surface  # "NHS England" inside a list of CCGs is itself
        where = location or Location()
        if mention.kind == "acronym":
            org = self._resolve_acronym(surface, where, create)
        elif mention.kind == "text alias":
            org = self._text_aliases.get(surface) or self._text_aliases.get(surface[:-1])
        elif mention.kind == "public health":
            org = self._resolve_public_health(mention.surface, where, create)
        elif mention.kind == "area body":
            org = self._resolve_area_reference(surface, create)
        else:
            org = self._resolve_name(name, mention.kind, where, create)
        if org is not None and create:
            org.add_form(_alias_form(surface), where)
        return org

    def _resolve_name(
        self, surface: str, kind: str, location: Location, create: bool
    ) -> _Organisation | None:
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
        return self._new(_canonical_name(surface), _type_of(surface), {key})

    def _area_body(self, key: str, location: Location, create: bool) -> _Organisation | None:
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

    def _resolve_public_health(self, surface: str, location: Location, create: bool) -> _Organisation | None:
        match = _PUBLIC_HEALTH.match(surface)
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

    def _resolve_acronym(self, surface: str, location: Location, create: bool) -> _Organisation | None:
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

    def _acronym(self, token: str, create: bool) -> _Organisation | None:
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
                o.canonical: o for a, o in known.items() if a[0] == token[0] and _edit_distance(a, token) <= 2
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

    def _resolve_area_reference(self, surface: str, create: bool) -> _Organisation | None:
        """ "the local authority", "the CCG", "the Trust": the one such body the document names,
        else the one of the document's area open at its date; none when there are several."""
        key = name_key(surface)
        wanted = _REFERENCE_TYPES[key]
        named = [o for o in self._orgs if o.type in wanted and o.forms]
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

    def _from_registry(self, registered: RegisteredOrganisation, create: bool) -> _Organisation | None:
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

    def _new(self, canonical: str, kind: str, keys: set[str]) -> _Organisation:
        org = _Organisation(canonical=canonical, type=kind, keys=set(keys))
        org.initials = set(initialisms(canonical))
        self._orgs.append(org)
        return org

    # -- group headers --------------------------------------------------------------------------

    def _addressees(self, header_text: str, location: Location, record: bool) -> list[str]:
        text = strip_tags(header_text)
        text = re.sub(r"^\s*\d{1,2}(?:\.\d+)*\.?\s+", "", text)
        text = re.sub(r"\s+should\s*:?\s*$", "", text.strip(), flags=re.IGNORECASE)
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
            for chunk in _uncovered_chunks(group, covered):
                if _COLLECTIVE_START.match(chunk) or _COLLECTIVE_WORDS.search(chunk):
                    if chunk not in names:
                        names.append(chunk)
                    if record and chunk not in self._collectives:
                        self._collectives.append(chunk)
                elif chunk[:1].isupper() and len(chunk.split()) <= 6 and not _only_kind_words(chunk):
                    org = self._resolve_name(chunk, "name", location, create=record)
                    if org is not None:
                        if record:
                            org.add_form(chunk, location)
                        if org.canonical not in names:
                            names.append(org.canonical)
        return names


# how many rows from a table's top may hold its header row (as the action-plan reader searches)
_HEADER_ROWS = 10


def column_names(doc: DocumentBlocks) -> frozenset[str]:
    """The initialisms in the header row of each plan table ("BRAG", "SRO"), found as the plan
    reader finds it: names of columns, not of organisations, wherever the document uses them."""
    names: set[str] = set()
    for block in doc.blocks:
        if not isinstance(block, Table):
            continue
        header = next((r.texts() for r in block.rows[:_HEADER_ROWS] if looks_like_header(r.texts())), [])
        names.update(
            re.sub(r"(?:'s|’s)$", "", m.group(0)) for text in header for m in _ACRONYM.finditer(text)
        )
    return frozenset(names)


def _in_capitals_line(text: str, position: int) -> bool:
    """A heading set in capitals ("HEALTH AND WELLBEING BOARD") holds words, not initialisms."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    line = text[start : end if end >= 0 else len(text)]
    words = re.findall(r"[A-Za-z]{2,}", line)
    return len(words) >= 3 and sum(w.isupper() for w in words) >= 0.8 * len(words)


def _looks_like_group_header(line: str) -> bool:
    text = strip_tags(line).strip()
    return bool(re.match(r"^\d{1,2}\.\s+\S.{5,600}\bshould\s*:?$", text)) and "\t" not in text.strip("\t")


def _only_kind_words(chunk: str) -> bool:
    """ "CCGs", "NHS Trusts": the kind of body, with no name."""
    kind_words = _GENERIC_CAPS | NOT_ORGANISATIONS | {"CCGs", "Trusts", "Councils", "Boards"}
    return all(word in kind_words for word in chunk.split())


def _uncovered_chunks(text: str, covered: list[tuple[int, int]]) -> list[str]:
    pieces: list[str] = []
    last = 0
    for start, end in sorted(covered):
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    chunks: list[str] = []
    for piece in pieces:
        for chunk in re.split(r",|;|\band\b|&", piece):
            chunk = chunk.strip(" .:")
            if chunk and re.search(r"[A-Za-z]{2}", chunk):
                chunks.append(chunk)
    return chunks


@dataclass(frozen=True)
class _Token:
    word: str
    start: int


def _name_ending_at(text: str, head_start: int, head_end: int) -> _Mention | None:
    """The name that a head word ("Trust", "CCG", "Council") closes, walking back over its words."""
    head = text[head_start:head_end]
    line_start = text.rfind("\n", 0, head_start) + 1
    tokens = [_Token(t.group(0), t.start()) for t in re.finditer(r"\S+", text[line_start:head_start])]
    tokens = [_Token(t.word, t.start + line_start) for t in tokens]
    taken: list[_Token] = []
    crossed_comma = False
    for n in range(len(tokens) - 1, -1, -1):
        word, prior = tokens[n].word, tokens[n - 1].word if n else ""
        numbered = re.match(r"^\d+\.(?=[A-Z])", word)
        if numbered:  # "19.Staffordshire": a paragraph number glued to the name
            taken.append(_Token(word[numbered.end() :], tokens[n].start + numbered.end()))
            break
        if word.startswith("(") and word[1:2].isupper() and ")" not in word:
            taken.append(_Token(word[1:], tokens[n].start + 1))  # "(Greater Manchester ... Trust"
            break
        if word in NOT_ORGANISATIONS and word != "NHS":
            break
        if word.endswith(",") and taken:
            # "Southport, Ormskirk NHS Hospital Trust": one place word before the comma
            bare = word[:-1]
            lone = not (prior[:1].isupper() and prior.lower() not in _HEAD_WORDS | _CONNECTORS)
            if crossed_comma or not bare[:1].isupper() or bare.lower() in _HEAD_WORDS or not lone:
                break
            crossed_comma = True
            taken.append(tokens[n])
            continue
        if word.endswith((",", ";", ":", ".", ")", "(")) or word.startswith("(") or "/" in word:
            break
        if word.lower() in _HEAD_WORDS or word in _STOP_CAPS:
            break
        if word in _CONNECTORS and not taken:
            return None  # "A and Clinical Commissioning Groups": no name of its own
        if word == "NHS":
            # inside a name ("Stoke on Trent NHS Partnership Trust") or at its start
            taken.append(tokens[n])
            if not prior[:1].isupper() or prior in _CONNECTORS or prior.endswith(","):
                break
            continue
        if word[:1].isupper() or word.lower() in _NAME_LOWER or word in _CONNECTORS:
            taken.append(tokens[n])
            continue
        break
    taken.reverse()
    while taken and (taken[0].word in _CONNECTORS or taken[0].word[:1].islower()):
        taken.pop(0)
    proper = [
        t.word.rstrip(",")
        for t in taken
        if t.word[:1].isupper() and t.word.rstrip(",") not in _GENERIC_CAPS | NOT_ORGANISATIONS
    ]
    if not proper:
        if re.match(r"(?i)health and wellbeing|safeguarding", head):
            return _Mention(head_start, head_end, head, "name")  # the area's board, named by kind
        return None
    if re.fullmatch(r"CCG(?:s|'s|’s)", head) and len(taken) <= 2:
        return None  # "Lancashire CCGs": the area's CCGs collectively, not one body
    # "X Teaching Hospitals" without "Trust" only ever names a trust already known
    kind = "partial" if head.lower().startswith("teaching hospital") else "name"
    return _Mention(taken[0].start, head_end, text[taken[0].start : head_end], kind)


def _ccg_lists(text: str) -> list[_Mention]:
    """Each CCG of "NHS A, NHS B and NHS C CCGs" or "the three X CCGs (A, B, C and D)"."""
    found: list[_Mention] = []
    for match in re.finditer(r"\bCCGs\b(\s*\(([^)]*)\))?", text):
        if match.group(2):
            inner_start = match.start(2)
            items = _split_list(match.group(2))
            count = _stated_count(text[max(0, match.start() - 30) : match.start()])
            if count and len(items) != count:
                continue
            for item, offset in items:
                if item[:1].isupper():
                    found.append(
                        _Mention(
                            inner_start + offset,
                            inner_start + offset + len(item),
                            item,
                            "name",
                            item + " CCG",
                        )
                    )
            continue
        before = text[: match.start()]
        chunk = re.search(
            r"((?:NHS [A-Z][\w'’-]*(?:\s+(?:and|&)?\s*[A-Z][\w'’-]*)*\s*(?:,|\band\b)?\s*)+)$", before
        )
        if not chunk or chunk.group(1).count("NHS ") < 2:
            continue
        base = chunk.start(1)
        for listed in re.finditer(
            r"NHS [A-Z][\w'’-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’-]*)*?(?=\s*(?:,|\band NHS\b|$))",
            chunk.group(1),
        ):
            name = listed.group(0).strip()
            start = base + listed.start()
            found.append(_Mention(start, start + len(name), name, "name", name + " CCG"))
    return found


def _split_list(text: str) -> list[tuple[str, int]]:
    items: list[tuple[str, int]] = []
    for match in re.finditer(r"[^,]+", text):
        item = match.group(0)
        offset = match.start() + len(item) - len(item.lstrip())
        items.append((item.strip(), offset))
    if items:
        last, offset = items[-1]
        parts = re.split(r"\s+and\s+", last)
        # "A and B" at the end is one name when it reads as one ("East Leicestershire and Rutland")
        if len(parts) == 2 and len(parts[1].split()) >= 2 and len(parts[0].split()) >= 2:
            items[-1] = (parts[0], offset)
            items.append((parts[1], offset + last.index(parts[1], len(parts[0]))))
    return items


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def _stated_count(text: str) -> int | None:
    numbers = re.findall(r"\b(\d+|two|three|four|five|six|seven|eight|nine)\b", text.lower())
    if not numbers:
        return None
    word = numbers[-1]
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _unique_bodies(bodies: list[RegisteredOrganisation]) -> list[RegisteredOrganisation]:
    return list({id(o): o for o in bodies}.values())


def _clean_surface(surface: str) -> str:
    surface = re.sub(r"\s+", " ", surface).strip(" ,.;:")
    return re.sub(r"(?:'s|’s|')$", "", surface)


def _alias_form(surface: str) -> str:
    # "Inspires action plan" -> "Inspire"; keep real plurals of Trust/CCG/LSCB as written
    if (
        surface.endswith("s")
        and not re.search(r"(?:Trusts|CCGs|[A-Z]{2,}s|ss)$", surface)
        and surface[:-1].istitle()
        and " " not in surface
    ):
        return surface[:-1]
    return surface


def _canonical_name(surface: str) -> str:
    text = re.sub(r"(?:'s|’s)$", "", surface)
    text = re.sub(r"\bTrusts\b", "Trust", text)
    text = re.sub(r"\bFT$", "Foundation Trust", text)
    text = re.sub(r"\bCCG(?:s|'s|’s)?$", "Clinical Commissioning Group", text)
    text = re.sub(r"\bClinical Commissioning Groups\b", "Clinical Commissioning Group", text)
    text = re.sub(
        r"\b(trust|foundation trust|board)$", lambda m: m.group(1).title(), text, flags=re.IGNORECASE
    )
    words = text.split()
    # "Blackpool teaching Hospitals": capitalise words inside a proper name
    return " ".join(w[:1].upper() + w[1:] if w.lower() in _NAME_LOWER else w for w in words)


def _best_name(org: _Organisation) -> str:
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
    return _canonical_name(best) if score(best)[0] else org.canonical


def _type_of(surface: str) -> str:
    lowered = surface.lower()
    if re.search(r"\bccgs?\b|clinical commissioning group", lowered):
        return "CCG"
    if "foundation trust" in lowered or re.search(r"\bft$", lowered):
        return "NHS foundation trust"
    if re.search(r"\btrusts?\b", lowered):
        return "NHS trust"
    if "council" in lowered or "local authority" in lowered:
        return "local authority"
    if "safeguarding" in lowered and ("board" in lowered or "partnership" in lowered):
        return "safeguarding board"
    if "health and wellbeing board" in lowered:
        return "health and wellbeing board"
    if "constabulary" in lowered or "police" in lowered:
        return "police"
    if re.search(r"\bcommunity interest company$|\bcic$|\blimited$|\bltd$", lowered):
        return "voluntary/independent provider"
    if lowered.startswith("nhs england"):
        return "NHS England"
    return "other"


def _first_letter(name: str) -> str:
    words = [w for w in name.split() if w not in {"NHS", "The", "the"}]
    return words[0][0].upper() if words else ""


def _abbreviates(abbr: str, owner: _Organisation, before: str) -> bool:
    """Whether "(ABBR)" written after ``before`` stands for ``owner`` ("(SCH)" after "Sheffield
    Children's ..."; "(AT)" after "the area team" of a body), not for something else."""
    return (
        abbr in owner.initials
        or _initials_fit(abbr, before)
        or abbr[0] == _first_letter(owner.canonical)
        or bool(re.search(r"\b(?:team|unit)\s*$", before, re.IGNORECASE))
    )


def _initials_fit(abbr: str, before: str) -> bool:
    words = [
        w
        for w in re.findall(r"[A-Za-z]+", before)[-8:]
        if w.lower() not in {"of", "and", "the", "for", "nhs"}
    ]
    letters = "".join(w[0].upper() for w in words)
    return abbr.upper().rstrip("S") in letters


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
