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

from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph
from loaders.dates import MONTH, iso_day, month_number
from loaders.organisations import OrganisationResolver
from loaders.programmes import regulator_and_programme
from loaders.records import ActionRecord, FindingRecord, ReviewRecord, Status
from loaders.relations import assurance_bodies, commissions
from loaders.review_parts import REVIEW_VOCABULARY, TextUnit, text_units
from loaders.status import status_from_text
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
    warnings: list[str] = field(default_factory=list)


def read_narrative(doc: DocumentBlocks, orgs: OrganisationResolver) -> NarrativeFacts:
    everything = text_units(doc)
    relevant = orgs.units
    sentences = [s for unit in relevant for s in _sentences(unit.text)]
    findings = _findings(doc, orgs, relevant)
    return NarrativeFacts(
        area=orgs.area,
        document_kind=document_kind(everything),
        document_date=document_date(everything),
        review=review_facts(sentences),
        findings=findings,
        assurance_bodies=assurance_bodies(sentences, orgs),
        commissions=commissions(sentences, orgs),
    )


# --- dates --------------------------------------------------------------------------------------

_MONTH = MONTH
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d{2})"
_FULL_DATE = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
# day first, as English documents write it: 04/03/2019, 4.3.2019
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"


def _iso_day(day: str, month: str, year: str) -> str | None:
    return iso_day(int(year), month_number(month), int(day))


def _first_day(text: str) -> str | None:
    """The first date written to the day in ``text``, in words or in figures."""
    found = [m for m in (_FULL_DATE.search(text), _NUMERIC_DATE.search(text)) if m]
    if not found:
        return None
    return _iso_day(*min(found, key=lambda m: m.start()).groups())


def _iso_month(month: str, year: str) -> str:
    return f"{int(year):04d}-{month_number(month):02d}"


# --- kind and date of the document --------------------------------------------------------------

_HEADER_WINDOW = 10


def document_kind(units: list[TextUnit]) -> str | None:
    """Board agenda pack, board report, briefing, action plan or minutes, from the first lines."""
    texts = [u.text.strip() for u in units]
    head = "\n".join(texts[:_HEADER_WINDOW])
    if texts and re.match(r"minutes\b", texts[0], re.IGNORECASE):
        return "minutes"
    agenda = any(re.fullmatch(r"agenda", t, re.IGNORECASE) for t in texts[:_HEADER_WINDOW])
    if agenda and sum(bool(re.match(r"Agenda Item \d+", t)) for t in texts) >= 1:
        return "board agenda pack"
    if re.search(r"\bbriefing\b", head, re.IGNORECASE):
        return "briefing"
    if re.search(
        r"^(?:open\s+)?report\s+(?:to|by|date|title|on behalf)\b", head, re.IGNORECASE | re.MULTILINE
    ):
        return "board report"
    # a title line, not a sentence that mentions the plan ("The action plan contains 47 actions.")
    titles = "\n".join(line for t in texts[:_HEADER_WINDOW] for line in t.split("\n") if _is_title(line))
    if re.search(r"\baction plan\b", titles, re.IGNORECASE):
        return "action plan"
    if re.search(r"\bminutes of\b", head, re.IGNORECASE):
        return "minutes"
    if re.search(r"\breport\b", titles, re.IGNORECASE):
        return "board report"
    return None


def _is_title(line: str) -> bool:
    return len(line.split()) <= 16 and not re.search(r"[a-z]{2}\.(?:\s|$)", line)


def document_date(units: list[TextUnit]) -> str | None:
    """The date of the meeting or report: a dated heading line near the top ("Date: 3 May 2016")."""
    for unit in units[:_HEADER_WINDOW]:
        for line in unit.text.split("\n"):
            day = _first_day(line)
            labelled = re.match(r"\s*(?:report\s+|meeting\s+)?date\b", line, re.IGNORECASE)
            if day and (labelled or len(line.split()) <= 8):
                return day
    return None


# --- the review ---------------------------------------------------------------------------------

_REVIEW_SENTENCE = re.compile(r"\breview(?:s|ed)?\b|\binspect|\binspectors?\b|\bvisit", re.IGNORECASE)
_CONDUCTED = re.compile(
    r"\b(?:undert(?:ook|aken)|conducted|carried out|took place|were in|was in|visited|site visit|inspected)\b"
    r"|\b(?:CQC|Commission|inspectors?)\b[^.]{0,40}\breviewed\b",
    re.IGNORECASE,
)
_RANGE_BETWEEN = re.compile(rf"\bbetween\s+{_DAY}\s+and\s+{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE)
_RANGE_FROM_TO = re.compile(
    rf"\b(?:from\s+|between\s+)?{_WEEKDAY}{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\s*(?:to|until|and|-|–)\s*{_WEEKDAY}{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?",
    re.IGNORECASE,
)
_RANGE_DASH = re.compile(rf"\b{_DAY}\s*(?:-|–|to)\s*{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE)
_WEEK_OF = re.compile(
    rf"(?:\bw/[cb]|\bweek\s+(?:commencing|beginning|starting|of))\s+{_DAY}\s+{_MONTH},?\s+{_YEAR}",
    re.IGNORECASE,
)
_RECOMMENDATIONS_STATED = re.compile(r"\b(\d+)\s+(?:[\w-]+\s+)?recommendations\b", re.IGNORECASE)
_ACTIONS_STATED = re.compile(
    r"\b(\d+)\s+(?:(?:strategic|planned|improvement|key|separate|individual)\s+){0,2}actions\b", re.IGNORECASE
)
# (not a paragraph number: "2.1 Partners agreed ...")
_STATUS_COUNT = re.compile(r"^\s*(\d+)(?![.\d])\b(?:\s*\(of\s+(\d+)\))?.{0,60}?\bactions?\b", re.IGNORECASE)


_UNITS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORD = re.compile(
    rf"\b(?:({'|'.join(_TENS)})(?:[- ]({'|'.join(_UNITS[:9])}))?|({'|'.join(_UNITS)}))\b", re.IGNORECASE
)


def _with_digits(sentence: str) -> str:
    """Counts written in words as digits: "nine recommendations", "twenty-five actions"."""

    def number(match: re.Match[str]) -> str:
        tens, unit, alone = (g.lower() if g else None for g in match.groups())
        if alone:
            return str(_UNITS.index(alone) + 1)
        return str(10 * (_TENS.index(tens or "") + 2) + (_UNITS.index(unit) + 1 if unit else 0))

    return _NUMBER_WORD.sub(number, sentence)


_FIGURE = re.compile(r"\d")


def review_facts(sentences: list[str]) -> ReviewRecord:
    review = ReviewRecord()
    review.regulator, review.programme = regulator_and_programme(sentences)
    # only a sentence with a figure in it can date the review, and only one about actions or
    # recommendations can count them: passing over the others changes no result and keeps a
    # long document quick
    dated = [s for s in sentences if _FIGURE.search(s)]
    review.fieldwork = _fieldwork(dated)
    review.published = _published(dated)
    sentences = [_with_digits(s) for s in sentences if _about_the_plan(s)]
    recommendation_counts = [int(m.group(1)) for s in sentences for m in _RECOMMENDATIONS_STATED.finditer(s)]
    review.recommendations_stated = max(recommendation_counts, default=None)
    action_counts = [
        int(m.group(1))
        for s in sentences
        for m in _ACTIONS_STATED.finditer(s)
        if not _part_count(s, m) or re.search(r"\ball\s+$", s[: m.start()], re.IGNORECASE)
    ]
    action_counts += [int(m.group(2)) for s in sentences if (m := _STATUS_COUNT.match(s)) and m.group(2)]
    review.actions_stated = max(action_counts, default=None)
    review.status_counts = _status_counts(sentences)
    return review


def _about_the_plan(sentence: str) -> bool:
    folded = sentence.casefold()
    return "action" in folded or "recommendation" in folded


def _fieldwork(sentences: list[str]) -> str | None:
    last_year: str | None = None
    month_only: str | None = None
    for sentence in sentences:
        # the year of the last date written in full, not of an Act ("Children Act 2004")
        years = [m.group(2) for m in _MONTH_YEAR.finditer(sentence)]
        # "... visited in May and published its report in July": the visit is told before "published"
        sentence = re.split(r"\bpublish", sentence, flags=re.IGNORECASE)[0]
        if _REVIEW_SENTENCE.search(sentence):
            found = _date_range(sentence, last_year)
            if found:
                return found
            if (
                month_only is None
                and _CONDUCTED.search(sentence)
                and not re.search(r"\bannounce", sentence, re.I)
            ):
                match = re.search(rf"\b(?:in|during)\s+{_MONTH},?\s+{_YEAR}", sentence, re.IGNORECASE)
                week = _WEEK_OF.search(sentence)
                if match:
                    month_only = _iso_month(*match.groups())
                elif week:
                    # a week is stated, not its last day: the month is what the text makes certain
                    month_only = _iso_month(*week.groups()[1:])
        if years:
            last_year = years[-1]
    return month_only


def _date_range(sentence: str, context_year: str | None) -> str | None:
    match = _RANGE_BETWEEN.search(sentence)
    if match:
        first, last, month, year = match.groups()
        return _range(_iso_day(first, month, year), _iso_day(last, month, year))
    match = _RANGE_DASH.search(sentence)
    if match:
        first, last, month, year = match.groups()
        return _range(_iso_day(first, month, year), _iso_day(last, month, year))
    match = _RANGE_FROM_TO.search(sentence)
    if match:
        day1, month1, year1, day2, month2, year2 = match.groups()
        year2 = year2 or year1 or context_year
        year1 = year1 or year2
        if year1 and year2:
            return _range(_iso_day(day1, month1, year1), _iso_day(day2, month2, year2))
    return None


def _range(start: str | None, end: str | None) -> str | None:
    return f"{start}/{end}" if start and end else None


def _published(sentences: list[str]) -> str | None:
    for sentence in sentences:
        published = re.search(r"\bpublish(?:ed|es|ing)?\b", sentence, re.IGNORECASE)
        if not published or not re.search(r"\breport\b|\bCQC\b|\breview\b", sentence, re.IGNORECASE):
            continue
        # the date told with "published", not a visit told before it in the same sentence
        after = sentence[published.start() :]
        if _first_day(after) or _MONTH_YEAR.search(after):
            sentence = after
        elif month_only := _month_after_visit(sentence[: published.start()], after):
            return month_only
        day = _first_day(sentence)
        if day:
            return day
        match = _MONTH_YEAR.search(sentence)
        if match:
            return _iso_month(*match.groups())
    return None


def _month_after_visit(before: str, after: str) -> str | None:
    """ "visited in March 2018 and published in May": the month of publication, in the year of the
    visit, or the next year when the month comes earlier (publication follows the visit)."""
    bare = re.search(rf"\b(?:in|during)\s+{_MONTH}\b", after, re.IGNORECASE)
    visits = list(_MONTH_YEAR.finditer(before))
    if not bare or not visits:
        return None
    visit_month, visit_year = visits[-1].groups()
    later = month_number(bare.group(1)) < month_number(visit_month)
    return _iso_month(bare.group(1), str(int(visit_year) + later))


# one clause of a sentence that counts actions by status: "20 are on track", "of which 30 have
# been completed", "4 behind schedule" (a number followed by "%" is a share, not a count)
_STATUS_CLAUSE = re.compile(
    r"^\s*(?:of\s+(?:which|these|them|those)\s*,?\s*|all\s+)?(\d+)(?!\s*%|\d)\s+(?:(?:actions?|of\s+(?:them|these))\s+)?"
    r"(?:(?:in|of)\s+the\s+(?:\w+\s+)?plan\s+)?"
    r"(?:(?:are|is|were|was|have|has|had|remain|remains)\s+)?(?:(?:been|now|currently|rated|reported\s+as)\s+)*",
    re.IGNORECASE,
)
# a sentence that states the whole plan's size beside its counts ("Of the 64 actions ...", "35 actions,
# of which ..."): one count is then a complete statement
_STATES_TOTAL = re.compile(r"\bof\s+the\s+\d+\b|\bof\s+which\b|\(of\s+\d+\)|\ball\s+\d+\b", re.IGNORECASE)


def _part_count(sentence: str, match: re.Match[str]) -> bool:
    """ "12 actions rated red", "2 actions are overdue": a count of some actions, not the plan's size."""
    clause = re.split(r"[,;:(]", sentence[match.end() :])[0][:40]
    return bool(_count_status(clause) or re.search(r"\b(?:red|amber|green)\b", clause, re.IGNORECASE))


def _status_counts(sentences: list[str]) -> dict[str, int] | None:
    """Actions by status, from one line per status or from one sentence listing several."""
    counts: dict[str, int] = {}
    beside_total = False
    for sentence in sentences:
        listed = _counts_in_sentence(sentence)
        match = _STATUS_COUNT.match(sentence)
        if match and len(listed) < 2:
            status = _count_status(sentence)
            if status and status not in counts:
                counts[status] = int(match.group(1))
        elif len(listed) >= 2 or (listed and _STATES_TOTAL.search(sentence)):
            beside_total = beside_total or bool(_STATES_TOTAL.search(sentence))
            for status, count in listed.items():
                counts.setdefault(status, count)
    return counts if len(counts) >= 2 or (counts and beside_total) else None


def _counts_in_sentence(sentence: str) -> dict[str, int]:
    """ "Of the 64 actions, 40 are complete, 20 are on track and 4 are behind" -> each status's count."""
    if not re.search(r"\bactions?\b", sentence, re.IGNORECASE):
        return {}
    counts: dict[str, int] = {}
    for clause in re.split(r"[,;:]|\band\b|\bwhile\b|\bwhilst\b|\bwith\b|\bbut\b", sentence):
        match = _STATUS_CLAUSE.match(clause)
        if not match:
            continue
        # the status words must follow the number closely: "4 are behind schedule", not a long aside
        status = _count_status(clause[match.end() :][:30])
        if status and status not in counts:
            counts[status] = int(match.group(1))
    return counts


def _count_status(sentence: str) -> str | None:
    """The status a count is of, in the status vocabulary's words ("on_track" as a key)."""
    if re.search(r"\bnot (?:yet )?started\b", sentence, re.IGNORECASE):
        return "not_started"
    status = status_from_text(sentence)
    return status.replace(" ", "_") if status else None


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
# reporting about the plan itself ("a presentation is being prepared for the board"), not an action
# or about who owns or oversees the plan ("Oversight of the plan is provided by ...")
_REPORTING = re.compile(
    r"\bpresentation\b|\bbriefing\b|\bwill be reported\b|\bis being prepared for\b"
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
            last_sentence = _sentences(text)[-1]
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
    for sentence in _sentences(paragraph):
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
                status=_action_status(text),
                organisations=organisations,
                timescale_raw=timescale.raw if timescale else None,
                timescale=timescale.iso if timescale else None,
                location=location,
            )
        )
    return finding


_TARGET = re.compile(
    rf"\b(?:by|from|before)\s+(?:the\s+)?(?:end\s+of\s+)?(?:{_DAY}\s+)?{_MONTH},?\s+{_YEAR}", re.IGNORECASE
)


def _target_date(text: str) -> Timescale | None:
    """The date an example action works towards; the last one named ("from May ... live from June")."""
    targets = list(_TARGET.finditer(text))
    if not targets:
        return None
    parsed = parse_timescale(targets[-1].group(0))
    return parsed if parsed.iso else None


def _action_status(text: str) -> Status | None:
    """The status words of an example action ("has now been resolved", "is implementing")."""
    lowered = text.lower()
    # status words first (the one vocabulary); then what the sentence's verbs say
    if (stated := status_from_text(text)) in ("behind", "on track"):
        return stated
    if re.search(
        r"\bis (?:implementing|being)\b|\bwill\b|\bis about to\b|\bfrom \d|\bin progress\b|\bprogressing\b",
        lowered,
    ):
        return "in progress"
    if re.search(
        r"\b(?:has|have) (?:now |already )?(?:been )?(?:completed|resolved|included|added|designed|developed|"
        r"reviewed|recruited|established|responded|implemented|introduced)\b|\bcompleted\b|\bin operation\b"
        r"|\bis now\b|\bdeveloped\b",
        lowered,
    ):
        return "completed"
    return None


def _statements(paragraph: str) -> list[str]:
    """A paragraph's sentences, each new subject starting a new statement."""
    statements: list[str] = []
    for sentence in _sentences(paragraph):
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


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    for line in text.split("\n"):
        parts.extend(p.strip() for p in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'‘])", line) if p.strip())
    return parts


__all__ = ["REVIEW_VOCABULARY", "NarrativeFacts", "read_narrative"]
