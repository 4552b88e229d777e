"""Timescales as plans write them, read into ISO months/dates with their agreed/indicative kind."""

from __future__ import annotations

import pytest

from loaders.dates import MONTH_YEAR, first_day
from loaders.timescales import has_date, parse_timescale


@pytest.mark.parametrize(
    ("raw", "iso", "kind"),
    [
        ("Mar-17", "2017-03", None),
        ("Feb-17", "2017-02", None),
        ("Dec 2016 (A)", "2016-12", "agreed"),
        ("Jan 2017 (I)", "2017-01", "indicative"),
        ("March 17", "2017-03", None),
        ("November 16", "2016-11", None),
        ("by end of April 2017", "2017-04", None),
        # calendar quarters end in March, June, September, December
        ("Qtr 2, 2017 (I)", "2017-06", "indicative"),
        ("Better attendance by Qtr 3 2016 (A)", "2016-09", "agreed"),
        ("Q1 2018", "2018-03", None),
        # financial-year quarters: Q1 = Apr-Jun of the first year ... Q4 = Jan-Mar of the second
        ("Qtr 4 2016/17", "2017-03", None),
        ("end of Qtr 4, 2016-17", "2017-03", None),
        ("Qtr 1 2019/20 (I)", "2019-06", "indicative"),
        ("Q3 17/18", "2017-12", None),
        ("Quarter 2 2018-2019", "2018-09", None),
        # day dates, UK order
        ("31/03/2018", "2018-03-31", None),
        ("1st April 2017", "2017-04-01", None),
        ("2018-07", "2018-07", None),
        ("Sept 2019 (Agreed)", "2019-09", "agreed"),
        ("Sept 2017 to March 2018", "2018-03", None),
        ("During 2017/18", "2018-03", None),
        ("2019", "2019", None),
        ("Oct 17 – Jan 18 (I)", "2018-01", "indicative"),
    ],
)
def test_written_forms_become_iso_dates(raw: str, iso: str, kind: str | None) -> None:
    timescale = parse_timescale(raw)
    assert timescale.iso == iso
    assert timescale.kind == kind
    assert timescale.warning is None
    assert timescale.raw == raw


def test_text_around_the_date_is_kept_raw() -> None:
    timescale = parse_timescale("Audit tool agreed  by Qtr 4 2017/18 (I), trust plan.")
    assert timescale.iso == "2018-03"
    assert timescale.raw == "Audit tool agreed by Qtr 4 2017/18 (I), trust plan."


@pytest.mark.parametrize("raw", ["when staff are recruited", "as soon as possible", "following the review"])
def test_unreadable_timescale_is_kept_raw_with_a_warning_and_never_guessed(raw: str) -> None:
    timescale = parse_timescale(raw)
    assert timescale.iso is None
    assert timescale.raw == raw
    assert timescale.warning is not None and raw in timescale.warning


@pytest.mark.parametrize("raw", ["Ongoing", "Action complete (A)", "TBC"])
def test_deliberately_undated_timescales_need_no_warning(raw: str) -> None:
    timescale = parse_timescale(raw)
    assert timescale.iso is None
    assert timescale.warning is None


def test_impossible_dates_keep_only_what_is_certain() -> None:
    # there is no 31 February: the month stands, the day does not; there is no 13th month
    assert parse_timescale("31/02/2018").iso == "2018-02"
    assert parse_timescale("2017-13").iso == "2017"


def test_has_date_tells_dated_text_from_notes() -> None:
    assert has_date("Riverside plan due June 2018")
    assert not has_date("part of the trust's own plan")


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        # forms only the timescale reader knew: an abbreviated month with a full stop
        ("7 Feb. 2019", "2019-02-07"),
        ("the 7th of Feb., 2019", "2019-02-07"),
        # forms only the prose reader knew: a weekday before the date, full stops between figures
        ("Thursday 7 February 2019", "2019-02-07"),
        ("7.2.2019", "2019-02-07"),
    ],
)
def test_a_day_written_in_prose_and_in_a_timescale_cell_is_one_date(written: str, iso: str) -> None:
    """One date grammar (loaders/dates.py): the timescale reader and the prose reader agree."""
    assert parse_timescale(written).iso == iso
    assert first_day(f"The panel met on {written} to agree the plan.") == iso


@pytest.mark.parametrize("written", ["Mar-17", "31/03/17", "March 17"])
def test_short_cell_forms_stay_out_of_prose(written: str) -> None:
    """A cell's short forms are dates where a cell holds them alone; in running text two figures
    after a month or a dot are a count or a paragraph ("in March 17 staff were trained")."""
    assert parse_timescale(written).iso is not None
    assert first_day(f"In {written} staff were trained.") is None
    assert MONTH_YEAR.search(f"In {written} staff were trained.") is None


@pytest.mark.parametrize("raw", ["Annually", "To be confirmed", "Behind schedule", "On track", "Closed"])
def test_a_cell_that_says_why_it_has_no_date_needs_no_warning(raw: str) -> None:
    assert parse_timescale(raw).warning is None


def test_a_target_without_a_readable_date_is_warned_about() -> None:
    """ "Complete by next spring" sets a target it does not date: kept as written, with a warning."""
    timescale = parse_timescale("Complete by next spring")
    assert timescale.iso is None and timescale.warning is not None
