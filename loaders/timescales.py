"""Timescales as written in action plans, read into ISO months or dates with their kind.

Forms read: month and year ("Mar-17", "Dec 2016", "March 17", "by end of April 2017"),
calendar quarters ("Qtr 2, 2017" -> the quarter's last month), financial-year quarters
("Qtr 4 2016/17", "end of Qtr 4, 2016-17": Q1 = Apr-Jun ... Q4 = Jan-Mar of the second
year), day dates ("31/03/2017", "1st April 2017"), a financial year ("2017/18": its last
month, March 2018) and a bare year. "(A)" marks an agreed
date and "(I)" an indicative one. Text with no date is kept raw with a warning, never guessed.
The written forms are the one date grammar's (:mod:`loaders.dates`); this module says what each
means as a timescale (a quarter is due at its last month, a range at its end).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from loaders.dates import (
    BARE_YEAR,
    CALENDAR_QUARTER,
    CELL_MONTH_YEAR,
    CELL_NUMERIC_DAY,
    DATE_RANGE,
    DAY_MONTH_YEAR,
    EARLIEST_YEAR,
    FINANCIAL_QUARTER,
    FINANCIAL_YEAR,
    ISO_DATE,
    LATEST_YEAR,
    NO_SUCH_QUARTER,
    NUMERIC_MONTH,
    full_year,
    iso_day,
    iso_month,
    iso_year,
    month_number,
)
from loaders.records import TimescaleKind
from loaders.status import status_from_text
from ontology.words import word_list

_KIND = re.compile(r"\((a|i|agreed|indicative)\)", re.I)
# words that say there is deliberately no date, so no warning is due (reviewed data)
_UNDATED = re.compile(rf"\b(?:{'|'.join(sorted(word_list('date_words', 'undated')))})\b", re.I)


@dataclass(frozen=True)
class Timescale:
    raw: str
    iso: str | None = None
    kind: TimescaleKind | None = None
    warning: str | None = None


def parse_timescale(raw: str) -> Timescale:
    """Read one timescale; ``iso`` is None (and ``warning`` set) when no real date can be read."""
    text = " ".join(raw.split())
    kind = _kind(text)
    iso, problem = _iso(text)
    warning = None
    if problem is not None:
        warning = f"timescale {text!r}: {problem}" + ("" if iso else "; kept as written")
    elif iso is None and text and not _no_date_meant(text):
        warning = f"timescale {text!r} not understood; kept as written"
    return Timescale(raw=text, iso=iso, kind=kind, warning=warning)


def _no_date_meant(text: str) -> bool:
    """A cell that says why it has no date: a status ("Ongoing", "Action complete") or a word
    for none ("TBC", "Annually")."""
    return status_from_text(text) is not None or _UNDATED.search(text) is not None


def has_date(text: str) -> bool:
    """Whether ``text`` names a date or a quarter (used to split cells naming several)."""
    return _iso(" ".join(text.split()))[0] is not None


def _kind(text: str) -> TimescaleKind | None:
    match = _KIND.search(text)
    if match is None:
        return None
    return "agreed" if match.group(1).lower().startswith("a") else "indicative"


Reading = tuple[str | None, str | None]
"""An ISO date (or None), and what was wrong with the date as written (None if nothing)."""


def _real(iso: str | None, written: str, certain: str | None = None) -> Reading:
    """``iso`` if it is real; else only what is certain of it (its month or year), with why."""
    if iso is not None:
        return iso, None
    if certain is not None:
        return certain, f"{written!r} is not a real date; read as {certain}"
    return None, f"{written!r} is not a real date in {EARLIEST_YEAR}-{LATEST_YEAR}"


def _day(year: int, month: int, day: int, written: str) -> Reading:
    return _real(iso_day(year, month, day), written, iso_month(year, month) or iso_year(year))


def _financial_quarter(match: re.Match[str], _: str) -> Reading | None:
    quarter, first, second = int(match.group(1)), full_year(match.group(2)), full_year(match.group(3))
    if second not in (first + 1, first % 100 + 1):
        return None  # not a financial year ("Q2 2017-19"): try the other forms
    if quarter == 4:
        return _real(iso_month(first + 1, 3), match.group(0))
    return _real(iso_month(first, quarter * 3 + 3), match.group(0))


def _calendar_quarter(match: re.Match[str], _: str) -> Reading:
    return _real(iso_month(int(match.group(2)), int(match.group(1)) * 3), match.group(0))


def _no_such_quarter(match: re.Match[str], _: str) -> Reading:
    return None, f"there is no quarter {match.group(1)}"


def _day_month_year(match: re.Match[str], _: str) -> Reading:
    return _day(int(match.group(3)), month_number(match.group(2)), int(match.group(1)), match.group(0))


def _numeric_date(match: re.Match[str], _: str) -> Reading:
    return _day(full_year(match.group(3)), int(match.group(2)), int(match.group(1)), match.group(0))


def _iso_date(match: re.Match[str], _: str) -> Reading:
    year, month, written_day = int(match.group(1)), int(match.group(2)), match.group(3)
    if written_day:
        return _day(year, month, int(written_day), match.group(0))
    return _real(iso_month(year, month), match.group(0), iso_year(year))


def _month_year(first: re.Match[str], text: str) -> Reading:
    # a range ("Sept 2017 to March 2018") is due at its end
    match = first
    following = CELL_MONTH_YEAR.search(text, first.end())
    if following is not None and DATE_RANGE.fullmatch(text[first.end() : following.start()]):
        match = following
    return _real(iso_month(full_year(match.group(2)), month_number(match.group(1))), match.group(0))


def _numeric_month(match: re.Match[str], _: str) -> Reading:
    year = int(match.group(2))
    return _real(iso_month(year, int(match.group(1))), match.group(0), iso_year(year))


def _financial_year(match: re.Match[str], _: str) -> Reading | None:
    if full_year(match.group(2)) != int(match.group(1)) + 1:
        return None
    return _real(iso_month(int(match.group(1)) + 1, 3), match.group(0))  # by the financial year's end


def _bare_year(match: re.Match[str], _: str) -> Reading:
    return _real(iso_year(int(match.group(1))), match.group(0))


# the forms, most specific first: the first that reads the text (a reader may decline) wins
_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], Reading | None]], ...] = (
    (FINANCIAL_QUARTER, _financial_quarter),
    (CALENDAR_QUARTER, _calendar_quarter),
    (NO_SUCH_QUARTER, _no_such_quarter),
    (DAY_MONTH_YEAR, _day_month_year),
    (CELL_NUMERIC_DAY, _numeric_date),
    (ISO_DATE, _iso_date),
    (CELL_MONTH_YEAR, _month_year),
    (NUMERIC_MONTH, _numeric_month),
    (FINANCIAL_YEAR, _financial_year),
    (BARE_YEAR, _bare_year),
)


def _iso(text: str) -> Reading:
    for pattern, read in _FORMS:
        match = pattern.search(text)
        if match is not None and (reading := read(match, text)) is not None:
            return reading
    return None, None
