"""The one date grammar every reader shares: month names, years, and what makes a date real.

Dates are kept as ISO text at three precisions: a year ("2017"), a month ("2017-03") or a day
("2017-03-31"). Only real dates are produced: no 29 February outside leap years, no month 13,
no quarter 9, and only years a safeguarding document can mean (the programme's paperwork is
from this century; a two-digit year is 20yy, so "Mar-99" is 2099 and refused, never guessed).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
"""A month name or its abbreviation, as one group (match case-insensitively)."""

EARLIEST_YEAR = 1990
LATEST_YEAR = 2075
"""Years outside these are typing errors or misread figures, not dates of this paperwork."""

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def month_number(name: str) -> int:
    """1-12 for a month name, abbreviation or number written as text."""
    if name.isdigit():
        return int(name)
    return next(n for n, month in enumerate(MONTHS, 1) if month.startswith(name.lower()[:3]))


def full_year(year: str) -> int:
    """A written year as a number: two digits are this century's ("17" is 2017)."""
    value = int(year)
    return value + 2000 if value < 100 else value


def plausible_year(year: int) -> bool:
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def iso_day(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` when the three make a real date in a plausible year, else None."""
    if not plausible_year(year):
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def iso_month(year: int, month: int) -> str | None:
    """``YYYY-MM`` for a real month in a plausible year, else None."""
    return f"{year:04d}-{month:02d}" if plausible_year(year) and 1 <= month <= 12 else None


def iso_year(year: int) -> str | None:
    return f"{year:04d}" if plausible_year(year) else None


def valid_iso(value: object) -> bool:
    """Whether a stored value is a date this grammar could have produced (year, month or day)."""
    if not isinstance(value, str):
        return False
    match = _ISO.fullmatch(value)
    if match is None:
        return False
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # the pattern requires it
    if day is not None and month is not None:
        return iso_day(year, month, day) is not None
    if month is not None:
        return iso_month(year, month) is not None
    return iso_year(year) is not None
