"""What a narrative document says about itself and its review: the kind of document and its date,
the review's fieldwork and publication dates, and the counts the text states (recommendations,
planned actions, actions by status). Dates are read with the one date grammar of
:mod:`loaders.dates`.
"""

from __future__ import annotations

import re

from loaders.dates import (
    DAY,
    MONTH,
    MONTH_YEAR,
    NUMERIC_DAY,
    WEEKDAY,
    YEAR,
    first_day,
    month_number,
    written_day,
    written_month,
)
from loaders.programmes import names_a_review, regulator_and_programme
from loaders.records import ReviewRecord
from loaders.review_parts import TextUnit
from loaders.status import count_status

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
            day = first_day(line)
            labelled = re.match(r"\s*(?:report\s+|meeting\s+)?date\b", line, re.IGNORECASE)
            if day and (labelled or len(line.split()) <= 8):
                return day
    return None


# --- the review ---------------------------------------------------------------------------------

_REVIEW_SENTENCE = re.compile(
    r"\breview(?:s|ed)?\b|\binspect|\binspectors?\b|\bvisit|\bfieldwork\b|\bfield\s+work\b|\bon[\s-]site\b",
    re.IGNORECASE,
)
_CONDUCTED = re.compile(
    r"\b(?:undert(?:ook|aken)|conducted|carried out|took place|were in|was in|visited|site visit|inspected"
    r"|on[\s-]site|fieldwork\s*:|fieldwork\s+(?:was|ran|is))"
    r"|\b(?:CQC|Commission|inspectors?)\b[^.]{0,40}\breviewed\b",
    re.IGNORECASE,
)
_RANGE_NUMERIC = re.compile(rf"\b{NUMERIC_DAY}\s*(?:to|until|and|-|–)\s*{NUMERIC_DAY}\b")
_RANGE_BETWEEN = re.compile(rf"\bbetween\s+{DAY}\s+and\s+{DAY}\s+{MONTH},?\s+{YEAR}", re.IGNORECASE)
_RANGE_FROM_TO = re.compile(
    rf"\b(?:from\s+|between\s+)?{WEEKDAY}{DAY}\s+{MONTH}(?:,?\s+{YEAR})?\s*(?:to|until|and|-|–)\s*{WEEKDAY}{DAY}\s+{MONTH}(?:,?\s+{YEAR})?",
    re.IGNORECASE,
)
_RANGE_DASH = re.compile(rf"\b{DAY}\s*(?:-|–|to)\s*{DAY}\s+{MONTH},?\s+{YEAR}", re.IGNORECASE)
_WEEK_OF = re.compile(
    rf"(?:\bw/[cb]|\bweek\s+(?:commencing|beginning|starting|of))\s+{DAY}\s+{MONTH},?\s+{YEAR}",
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
    review.named = names_a_review(sentences)
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
        years = [m.group(2) for m in MONTH_YEAR.finditer(sentence)]
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
                match = re.search(rf"\b(?:in|during)\s+{MONTH},?\s+{YEAR}", sentence, re.IGNORECASE)
                week = _WEEK_OF.search(sentence)
                if match:
                    month_only = written_month(*match.groups())
                elif week:
                    # a week is stated, not its last day: the month is what the text makes certain
                    month_only = written_month(*week.groups()[1:])
        if years:
            last_year = years[-1]
    return month_only


def _date_range(sentence: str, context_year: str | None) -> str | None:
    match = _RANGE_NUMERIC.search(sentence)
    if match:
        day1, month1, year1, day2, month2, year2 = match.groups()
        return _range(written_day(day1, month1, year1), written_day(day2, month2, year2))
    match = _RANGE_BETWEEN.search(sentence)
    if match:
        first, last, month, year = match.groups()
        return _range(written_day(first, month, year), written_day(last, month, year))
    match = _RANGE_DASH.search(sentence)
    if match:
        first, last, month, year = match.groups()
        return _range(written_day(first, month, year), written_day(last, month, year))
    match = _RANGE_FROM_TO.search(sentence)
    if match:
        day1, month1, year1, day2, month2, year2 = match.groups()
        year2 = year2 or year1 or context_year
        year1 = year1 or year2
        if year1 and year2:
            return _range(written_day(day1, month1, year1), written_day(day2, month2, year2))
    return None


def _range(start: str | None, end: str | None) -> str | None:
    return f"{start}/{end}" if start and end else None


def _published(sentences: list[str]) -> str | None:
    for sentence in sentences:
        published = re.search(r"\bpublish(?:ed|es|ing)?\b|\bpublication\b", sentence, re.IGNORECASE)
        if not published or not re.search(r"\breport\b|\bCQC\b|\breview\b", sentence, re.IGNORECASE):
            continue
        # the date told with "published", not a visit told before it in the same sentence
        after = sentence[published.start() :]
        if first_day(after) or MONTH_YEAR.search(after):
            sentence = after
        elif month_only := _month_after_visit(sentence[: published.start()], after):
            return month_only
        day = first_day(sentence)
        if day:
            return day
        match = MONTH_YEAR.search(sentence)
        if match:
            return written_month(*match.groups())
    return None


def _month_after_visit(before: str, after: str) -> str | None:
    """ "visited in March 2018 and published in May": the month of publication, in the year of the
    visit, or the next year when the month comes earlier (publication follows the visit)."""
    bare = re.search(rf"\b(?:in|during)\s+{MONTH}\b", after, re.IGNORECASE)
    visits = list(MONTH_YEAR.finditer(before))
    if not bare or not visits:
        return None
    visit_month, visit_year = visits[-1].groups()
    later = month_number(bare.group(1)) < month_number(visit_month)
    return written_month(bare.group(1), str(int(visit_year) + later))


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
    return bool(count_status(clause) or re.search(r"\b(?:red|amber|green)\b", clause, re.IGNORECASE))


def _status_counts(sentences: list[str]) -> dict[str, int] | None:
    """Actions by status, from one line per status or from one sentence listing several."""
    counts: dict[str, int] = {}
    beside_total = False
    for sentence in sentences:
        listed = _counts_in_sentence(sentence)
        match = _STATUS_COUNT.match(sentence)
        if match and len(listed) < 2:
            status = count_status(sentence)
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
        status = count_status(clause[match.end() :][:30])
        if status and status not in counts:
            counts[status] = int(match.group(1))
    return counts
