from datetime import date

import pytest

from kamportal.lib.quarters import (
    add_months,
    iso_week_bounds,
    last_meeting_on,
    meeting_held_this_quarter,
    quarter_bounds,
    quarter_of,
)


@pytest.mark.parametrize(
    ("day", "quarter", "bounds"),
    [
        (date(2026, 1, 1), (2026, 1), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 3, 31), (2026, 1), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 4, 1), (2026, 2), (date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 8, 15), (2026, 3), (date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 12, 31), (2026, 4), (date(2026, 10, 1), date(2026, 12, 31))),
    ],
)
def test_quarter_of_a_date(day, quarter, bounds):
    assert quarter_of(day) == quarter
    assert quarter_bounds(day) == bounds


def test_a_meeting_earlier_this_quarter_counts():
    assert meeting_held_this_quarter([date(2026, 10, 2)], today=date(2026, 11, 23))


def test_a_meeting_last_quarter_does_not_count():
    assert not meeting_held_this_quarter([date(2026, 9, 30)], today=date(2026, 11, 23))


def test_a_meeting_later_this_quarter_is_not_held_yet():
    assert not meeting_held_this_quarter([date(2026, 12, 1)], today=date(2026, 11, 23))


def test_no_meetings_means_not_held():
    assert not meeting_held_this_quarter([], today=date(2026, 11, 23))
    assert last_meeting_on([], today=date(2026, 11, 23)) is None


def test_last_meeting_ignores_future_dates():
    days = [date(2026, 5, 1), date(2026, 11, 1), date(2026, 12, 24)]
    assert last_meeting_on(days, today=date(2026, 11, 23)) == date(2026, 11, 1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 12, 1), 6, date(2027, 6, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_iso_week_bounds():
    assert iso_week_bounds(2026, 48) == (date(2026, 11, 23), date(2026, 11, 29))
    assert iso_week_bounds(2026, 1) == (date(2025, 12, 29), date(2026, 1, 4))
