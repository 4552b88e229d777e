"""Narrative reports and briefings: what the prose says about the review and its plan.

Reads, from the parts of a document that concern the review: the kind of document and its date,
the review's fieldwork and publication dates, the counts the text states (recommendations,
planned actions, actions by status), the issues it lists and the example actions it reports per
organisation (with their status words), who monitors the plan, and commissioner relationships.
Action-plan tables are left to :mod:`loaders.action_plan`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.accountability import accountable, leads
from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph
from loaders.dates import DAY, MONTH, YEAR
from loaders.organisations import OrganisationResolver
from loaders.records import ActionRecord, FindingRecord, Reference, ReviewRecord, StatedRelation
from loaders.relations import assurance_bodies, commissions
from loaders.review_facts import document_date, document_kind, review_facts
from loaders.review_parts import REVIEW_VOCABULARY, TextUnit, text_units
from loaders.sentences import sentences
from loaders.status import status_of_statement
from loaders.timescales import Timescale, parse_timescale


@dataclass
class NarrativeFacts:
    area: str | None = None
    document_kind: str | None = None
    document_date: str | None = None
    review: ReviewRecord = field(default_factory=ReviewRecord)
    findings: list[FindingRecord] = field(default_factory=list)
    actions: list[ActionRecord] = field(default_factory=list)
    assurance_bodies: list[str] = field(default_factory=list)
    commissions: list[tuple[str, str]] = field(default_factory=list)
    leads: list[Reference] = field(default_factory=list)
    accountable_to: list[StatedRelation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_narrative(doc: DocumentBlocks, orgs: OrganisationResolver) -> NarrativeFacts:
    everything = text_units(doc)
    relevant = orgs.units
    said = [s for unit in relevant for s in sentences(unit.text)]
    findings = _findings(doc, orgs, relevant)
    return NarrativeFacts(
        area=orgs.area,
        document_kind=document_kind(everything),
        document_date=document_date(everything),
        review=review_facts(said),
        findings=findings,
        assurance_bodies=assurance_bodies(said, orgs),
        commissions=commissions(said, orgs),
        leads=leads(said, orgs),
        accountable_to=accountable(said, orgs),
    )


# --- issues and example actions -----------------------------------------------------------------

# a section that lists issues or what has been done about them
_FINDINGS_HEADING = re.compile(
    r"\bexamples?\b|\bissues?\b|\bfindings?\b|\bconcerns?\b|areas? for (?:improvement|development)"
    r"|actions? (?:implemented|taken|completed)|key actions|what (?:we|the review|the cqc) found",
    re.IGNORECASE,
)
# a lead-in naming issues rather than actions
_ISSUES = re.compile(
    r"\bissues?\b|\bconcerns?\b|\bfindings?\b|\bweakness|\bgaps?\b|areas? for (?:improvement|development)",
    re.IGNORECASE,
)
# the sentence introducing a list of issues or actions taken
_LEAD_IN = re.compile(
    _ISSUES.pattern + r"|\bactions?\b.{0,40}\b(?:taken|implemented|completed|included)\b|\bkey actions\b"
    r"|\bprogress against\b.{0,60}\binclude|\b(?:found|identified|highlighted)\b",
    re.IGNORECASE,
)
# what went well is not a finding to act on
_GOOD_PRACTICE = re.compile(r"\bgood practice\b|\bstrengths?\b|\bpositive\b|\bwent well\b", re.IGNORECASE)
_ABOUT_ACTIONS = re.compile(r"\bactions?\b|\bprogress\b|\bimplemented\b", re.IGNORECASE)
# reporting about the plan itself ("an update is being drafted for the next board"), not an action
# or about who owns or oversees the plan ("Oversight of the plan is provided by ...")
_REPORTING = re.compile(
    r"\bpresentation\b|\bbriefing\b|\bwill be reported\b"
    r"|\b(?:prepared|drafted|written)\s+for\s+(?:the\s+)?(?:next\s+)?(?:[\w'’-]+\s+){0,5}?"
    r"(?:board|committee|panel|meeting|group|partnership)\b"
    r"|\b(?:of|for|on)\s+(?:the|this|our)\s+(?:\w+\s+)?(?:action\s+)?plan\b"
    r"|^(?:the|this|our)\s+(?:\w+\s+)?(?:action\s+)?plan\s+(?:is|was|will|has)\b",
    re.IGNORECASE,
)
# a sentence that carries on the one before ("This was ...", "It is ...") stays with it
_CONTINUES = re.compile(
    r"^(?:this|these|that|those|it|its|they|their|there|which|such|he|she)\b", re.IGNORECASE
)


def _findings(
    doc: DocumentBlocks, orgs: OrganisationResolver, relevant: list[TextUnit]
) -> list[FindingRecord]:
    """Issues and example actions listed in the review's parts of the document."""
    wanted = {u.location for u in relevant}
    findings: list[FindingRecord] = []
    section_lists_items = False
    section_about_actions = False
    heading_orgs: list[str] = []
    list_items_count = False
    list_about_actions = False
    pieces = [
        (text, listed, block.location)
        for block in doc.blocks
        if isinstance(block, Paragraph | ListItem) and block.location in wanted
        for text, listed in _pieces(block)
    ]
    for text, listed, location in pieces:
        if listed:
            if list_items_count:
                findings.append(_item(text, location, list_about_actions, heading_orgs, orgs))
            continue
        if _is_heading(text):
            named = orgs.mentions(text)
            if named and _mostly_names(text):
                heading_orgs = named
            else:
                section_lists_items = bool(_FINDINGS_HEADING.search(text))
                section_about_actions = bool(_ABOUT_ACTIONS.search(text))
                heading_orgs = []
            # bullets straight under a heading such as "Areas for improvement" are its items
            list_items_count = section_lists_items
            list_about_actions = section_about_actions
            continue
        if text.endswith(":") and _is_heading(text[:-1]) and _mostly_names(text[:-1]):
            named = orgs.mentions(text)
            if named:  # "Kingsford Hospitals NHS Foundation Trust:": the list goes on, under it
                heading_orgs = named
                continue
        if text.endswith(":"):
            last_sentence = sentences(text)[-1]
            list_items_count = (
                bool(_LEAD_IN.search(last_sentence)) or section_lists_items
            ) and not _GOOD_PRACTICE.search(last_sentence)
            # "The key issues identified were:" lists issues even in a section about progress
            list_about_actions = bool(_ABOUT_ACTIONS.search(last_sentence)) or (
                section_about_actions and not _ISSUES.search(last_sentence)
            )
            continue
        list_items_count = False
        if section_lists_items:
            for part in _statements(text):
                if not _REPORTING.search(part):
                    findings.append(_item(part, location, section_about_actions, heading_orgs, orgs))
        else:
            for part in _inline_list_items(text):
                findings.append(_item(part, location, False, heading_orgs, orgs))
    return findings


# a sentence that states the issues in line: "Areas for improvement included A, B and C.",
# "Key concerns were that ...", "The main weaknesses identified were A; B"
_INLINE_ISSUES = re.compile(
    r"^(?:the\s+|its\s+|their\s+)?(?:key\s+|main\s+|principal\s+|other\s+)?"
    r"(?:areas?\s+for\s+(?:improvement|development)|concerns?|issues?|weaknesses|shortfalls|gaps)"
    r"(?:\s+(?:identified|found|raised|highlighted|noted)(?:\s+by\s+[\w\s]{1,40}?)?)?"
    r"\s+(?:included|include|were|was|are|is|related\s+to|concerned)\s*:?\s+(?P<items>.+?)\.?$",
    re.IGNORECASE,
)


def _inline_list_items(paragraph: str) -> list[str]:
    """The issues a sentence lists in line, one finding each ("A, B and C"; "A; B"); what went
    well ("strengths included ...") is not a finding."""
    items: list[str] = []
    for sentence in sentences(paragraph):
        match = _INLINE_ISSUES.match(sentence)
        if not match or _GOOD_PRACTICE.search(sentence):
            continue
        listed = match.group("items")
        parts = re.split(r"\s*;\s*(?:and\s+)?", listed) if ";" in listed else _comma_list(listed)
        items.extend(_sentence_case(p) for p in parts if len(p.split()) >= 2)
    return items


def _comma_list(text: str) -> list[str]:
    """ "A, B and C" -> A, B, C; without commas the text is one item ("that X and Y")."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2:
        return [text.strip()]
    last = re.split(r"^(?:and|or)\s+|\s+(?:and|or)\s+(?!.*\s(?:and|or)\s)", parts.pop())
    return [p for p in [*parts, *last] if p]


def _sentence_case(item: str) -> str:
    item = re.sub(r"^(?:that|the fact that)\s+", "", item.strip(" .")).strip()
    return item[:1].upper() + item[1:]


_MARKER = r"\(?(?:[a-z]|\d{1,2}|i{1,3}|iv|vi{0,3}|ix|x)\)\s+"
_LIST_MARKER = re.compile(rf"^{_MARKER}")
_INLINE_MARKER = re.compile(rf"\s+(?={_MARKER})")


def _pieces(block: Paragraph | ListItem) -> list[tuple[str, bool]]:
    """A block's text and whether it is a list item.

    "a) ...", "2) ...", "(iii) ..." paragraphs are list items the reader kept as paragraphs; a
    lead-in followed by such items in one paragraph ("... were: a) ... b) ...") is split into them.
    """
    text = _strip_number(block.text.strip())
    parts = _INLINE_MARKER.split(text)
    if len(parts) >= 3 and parts[0].endswith(":"):
        return [(parts[0], False), *((_LIST_MARKER.sub("", p), True) for p in parts[1:])]
    marked = _LIST_MARKER.match(text)
    if marked:
        return [(text[marked.end() :], True)] if text[marked.end() :] else []
    return [(text, isinstance(block, ListItem))] if text else []


def _item(
    text: str, location: Location, about_actions: bool, heading_orgs: list[str], orgs: OrganisationResolver
) -> FindingRecord:
    """An issue or an example action, with the organisations it concerns.

    In a list of actions taken, the item also carries itself as an action with the status its
    words state ("has now been resolved" -> completed, "is implementing" -> in progress) and the
    date it works towards.
    """
    named = [o for o in orgs.mentions(text) if not orgs.is_national(o)]
    organisations = named or list(heading_orgs)
    finding = FindingRecord(text=text, organisations=organisations, location=location)
    if about_actions:
        timescale = _target_date(text)
        finding.actions.append(
            ActionRecord(
                text=text,
                status=status_of_statement(text),
                organisations=organisations,
                timescale_raw=timescale.raw if timescale else None,
                timescale=timescale.iso if timescale else None,
                location=location,
            )
        )
    return finding


_TARGET = re.compile(
    rf"\b(?:by|from|before)\s+(?:the\s+)?(?:end\s+of\s+)?(?:{DAY}\s+)?{MONTH},?\s+{YEAR}", re.IGNORECASE
)


def _target_date(text: str) -> Timescale | None:
    """The date an example action works towards; the last one named ("from May ... live from June")."""
    targets = list(_TARGET.finditer(text))
    if not targets:
        return None
    parsed = parse_timescale(targets[-1].group(0))
    return parsed if parsed.iso else None


def _statements(paragraph: str) -> list[str]:
    """A paragraph's sentences, each new subject starting a new statement."""
    statements: list[str] = []
    for sentence in sentences(paragraph):
        if statements and _CONTINUES.match(sentence):
            statements[-1] = f"{statements[-1]} {sentence}"
        else:
            statements.append(sentence)
    return statements


def _is_heading(text: str) -> bool:
    return not text.endswith((".", ":", ";")) and len(text.split()) <= 10 and not re.search(r"[.;:]\s", text)


def _mostly_names(text: str) -> bool:
    words = re.sub(r"\([^)]*\)", " ", text).split()
    return bool(words) and sum(w[:1].isupper() or w in {"and", "of", "&", "on"} for w in words) >= 0.8 * len(
        words
    )


def _strip_number(text: str) -> str:
    return re.sub(r"^\s*\d{1,3}\.(?!\d)\s*", "", text)


__all__ = ["REVIEW_VOCABULARY", "NarrativeFacts", "read_narrative"]
