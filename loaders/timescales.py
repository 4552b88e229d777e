"""Timescales as written in action plans, read into ISO months or dates with their kind.

Forms read: month and year ("Mar-17", "Dec 2016", "March 17", "by end of April 2017"),
calendar quarters ("Qtr 2, 2017" -> the quarter's last month), financial-year quarters
("Qtr 4 2016/17", "end of Qtr 4, 2016-17": Q1 = Apr-Jun ... Q4 = Jan-Mar of the second
year), day dates ("31/03/2017", "1st April 2017"), a financial year ("2017/18": its last
month, March 2018) and a bare year. "(A)" marks an agreed
date and "(I)" an indicative one. Text with no date is kept raw with a warning, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from loaders.records import TimescaleKind

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_QUARTER = r"(?:q|qtr|quarter)\.?\s*([1-4])"
_YEAR = r"((?:19|20)\d{2}|\d{2})"

_FINANCIAL_QUARTER = re.compile(rf"\b{_QUARTER}\s*,?\s*(?:of\s+)?{_YEAR}\s*[/-]\s*{_YEAR}\b", re.I)
_CALENDAR_QUARTER = re.compile(rf"\b{_QUARTER}\s*,?\s*(?:of\s+)?((?:19|20)\d{{2}})\b", re.I)
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+((?:19|20)\d{{2}})\b", re.I
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2}|\d{2})\b")
_ISO_DATE = re.compile(r"\b((?:19|20)\d{2})-(\d{2})(?:-(\d{2}))?\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\.?[\s\-/,']*{_YEAR}\b", re.I)
_NUMERIC_MONTH = re.compile(r"\b(\d{1,2})/((?:19|20)\d{2})\b")
_FINANCIAL_YEAR = re.compile(r"\b((?:19|20)\d{2})\s*[/-]\s*((?:19|20)?\d{2})\b")
_BARE_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_RANGE = re.compile(r"\s*(?:-|–|—|to|until|till|through)\s*", re.I)
_KIND = re.compile(r"\((a|i|agreed|indicative)\)", re.I)
# words that say there is deliberately no date, so no warning is due
_NO_DATE_MEANT = re.compile(
    r"\b(complete[d]?|ongoing|on-going|tbc|tba|n/?a|continuous|in place|achieved|closed|annual(ly)?|"
    r"quarterly|monthly)\b", re.I
)


@dataclass(frozen=True)
class Timescale:
    raw: str
    iso: str | None = None
    kind: TimescaleKind | None = None
    warning: str | None = None


def parse_timescale(raw: str) -> Timescale:
    """Read one timescale; ``iso`` is None (and ``warning`` set) when no date can be read."""
    text = " ".join(raw.split())
    kind = _kind(text)
    iso = _iso(text)
    warning = None
    if iso is None and text and not _NO_DATE_MEANT.search(text):
        warning = f"timescale {text!r} not understood; kept as written"
    return Timescale(raw=text, iso=iso, kind=kind, warning=warning)


def has_date(text: str) -> bool:
    """Whether ``text`` names a date or a quarter (used to split cells naming several)."""
    return _iso(" ".join(text.split())) is not None


def _kind(text: str) -> TimescaleKind | None:
    match = _KIND.search(text)
    if match is None:
        return None
    return "agreed" if match.group(1).lower().startswith("a") else "indicative"


def _full_year(year: str) -> int:
    value = int(year)
    return value + 2000 if value < 100 else value


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _iso(text: str) -> str | None:
    if match := _FINANCIAL_QUARTER.search(text):
        quarter, first = int(match.group(1)), _full_year(match.group(2))
        second = _full_year(match.group(3))
        if second in (first + 1, first % 100 + 1):
            if quarter == 4:
                return f"{first + 1}-03"
            return f"{first}-{quarter * 3 + 3:02d}"
    if match := _CALENDAR_QUARTER.search(text):
        return f"{int(match.group(2))}-{int(match.group(1)) * 3:02d}"
    if match := _DAY_MONTH_YEAR.search(text):
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)[:3].lower()], int(match.group(3))
        if _real_date(year, month, day):
            return f"{year}-{month:02d}-{day:02d}"
    if match := _NUMERIC_DATE.search(text):
        day, month, year = int(match.group(1)), int(match.group(2)), _full_year(match.group(3))
        if _real_date(year, month, day):
            return f"{year}-{month:02d}-{day:02d}"
    if match := _ISO_DATE.search(text):
        year, month, written_day = int(match.group(1)), int(match.group(2)), match.group(3)
        if 1 <= month <= 12:
            return f"{year}-{month:02d}-{written_day}" if written_day else f"{year}-{month:02d}"
    months = list(_MONTH_YEAR.finditer(text))
    if months:
        # a range ("Sept 2017 to March 2018") is due at its end
        match = months[0]
        if len(months) > 1 and _RANGE.fullmatch(text[months[0].end() : months[1].start()]):
            match = months[1]
        return f"{_full_year(match.group(2))}-{_MONTHS[match.group(1)[:3].lower()]:02d}"
    if match := _NUMERIC_MONTH.search(text):
        month = int(match.group(1))
        if 1 <= month <= 12:
            return f"{match.group(2)}-{month:02d}"
    if (match := _FINANCIAL_YEAR.search(text)) and _full_year(match.group(2)) == int(match.group(1)) + 1:
        return f"{int(match.group(1)) + 1}-03"  # by the end of the financial year
    if match := _BARE_YEAR.search(text):
        return match.group(1)
    return None
