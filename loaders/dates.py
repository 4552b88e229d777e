"""The one date grammar every reader shares: month names, years, and what makes a date real.

Dates are kept as ISO text at three precisions: a year ("2017"), a month ("2017-03") or a day
("2017-03-31"). Only real dates are produced: no 29 February outside leap years, no month 13,
no quarter 9, and only years a safeguarding document can mean (the programme's paperwork is
from this century; a two-digit year is 20yy, so "Mar-99" is 2099 and refused, never guessed).

Every written form of a date is a pattern here, in one place: dates in prose ("3rd March 2016",
"03/03/2016", "March 2016"), and the shorter forms a plan's timescale cell writes alone ("Mar-17",
"31/03/17", "Qtr 4 2016/17", "2017/18"), which in running text could be a paragraph number or a
count ("in March 17 staff were trained"). :mod:`loaders.timescales` reads the cell forms.
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


# --- dates written in prose ("3rd March 2016", "03/03/2016", "March 2016") ---------------------

DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
"""A day of the month as written ("3", "3rd"), as one group."""
YEAR = r"((?:19|20)\d{2})"
"""A four-figure year, as one group."""
WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
"""An optional day of the week before a date ("Monday 11 January")."""
DAY_MONTH_YEAR = re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH}\.?,?\s+{YEAR}\b", re.IGNORECASE)
"""A day in words: "3 March 2016", "3rd of March, 2016", "3 Mar. 2016" (day, month, year)."""
NUMERIC_DAY = r"(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})"
"""Day first, as English documents write it: 04/03/2019, 4.3.2019 (three groups)."""
MONTH_YEAR = re.compile(rf"\b{MONTH},?\s+{YEAR}\b", re.IGNORECASE)


def written_day(day: str, month: str, year: str) -> str | None:
    """The ISO day of a date written as day, month (name or number) and year, if it is real."""
    return iso_day(int(year), month_number(month), int(day))


def written_month(month: str, year: str) -> str | None:
    return iso_month(int(year), month_number(month))


def first_day(text: str) -> str | None:
    """The first date written to the day in ``text``, in words or in figures."""
    found = [m for m in (DAY_MONTH_YEAR.search(text), re.search(rf"\b{NUMERIC_DAY}\b", text)) if m]
    if not found:
        return None
    return written_day(*min(found, key=lambda m: m.start()).groups())


# --- dates as a plan's timescale cell writes them alone ------------------------------------------

SHORT_YEAR = r"((?:19|20)\d{2}|\d{2})"
"""A year in four figures or two ("17" is 2017), as one group."""
QUARTER = r"(?:q|qtr|quarter)\.?\s*([1-4])"
"""A quarter's number as written ("Q3", "Qtr 3", "Quarter 3"), as one group."""
FINANCIAL_QUARTER = re.compile(rf"\b{QUARTER}\s*,?\s*(?:of\s+)?{SHORT_YEAR}\s*[/-]\s*{SHORT_YEAR}\b", re.I)
"""A quarter of a financial year: "Qtr 4 2016/17", "Q3 17/18" (quarter, first year, second)."""
CALENDAR_QUARTER = re.compile(rf"\b{QUARTER}\s*,?\s*(?:of\s+)?{YEAR}\b", re.I)
"""A quarter of a calendar year: "Qtr 2, 2017" (quarter, year)."""
NO_SUCH_QUARTER = re.compile(r"\b(?:q|qtr|quarter)\.?\s*([05-9]|\d{2,})\b", re.I)
"""A quarter numbered outside 1-4 ("Qtr 9 2017"): a typing error, not a year."""
CELL_NUMERIC_DAY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2}|\d{2})\b")
""":data:`NUMERIC_DAY`, or with a two-figure year: "31/03/17" (day, month, year)."""
ISO_DATE = re.compile(r"\b((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?\b")
""" "2018-07", "2018-07-31" (year, month, day or None)."""
CELL_MONTH_YEAR = re.compile(rf"\b{MONTH}\.?[\s\-/,']*{SHORT_YEAR}\b", re.I)
""":data:`MONTH_YEAR`, or short: "Mar-17", "Dec/2016", "March 17", "Sept '19" (month, year)."""
NUMERIC_MONTH = re.compile(r"\b(\d{1,2})/((?:19|20)\d{2})\b")
""" "03/2018" (month, year)."""
FINANCIAL_YEAR = re.compile(r"\b((?:19|20)\d{2})\s*[/-]\s*((?:19|20)?\d{2})\b")
""" "2017/18", "2017-2018" (first year, second year)."""
BARE_YEAR = re.compile(rf"\b{YEAR}\b")
DATE_RANGE = re.compile(r"\s*(?:-|–|—|to|until|till|through)\s*", re.I)
"""What joins the two ends of a range ("Sept 2017 to March 2018")."""
