from datetime import date

import pytest

from kamportal.lib.workdays import add_working_days, default_cv_deadline, is_working_day, working_days_between


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        (date(2026, 11, 23), 10, date(2026, 12, 7), "two plain weeks"),
        (date(2026, 11, 27), 1, date(2026, 11, 30), "Friday + 1 is Monday"),
        (date(2026, 3, 31), 3, date(2026, 4, 8), "Easter 2026: Maundy Thursday to Easter Monday are off"),
        (date(2026, 3, 27), 10, date(2026, 4, 15), "10 days across Easter 2026 take 19 calendar days"),
        (date(2026, 12, 23), 1, date(2026, 12, 24), "Christmas Eve is a working day"),
        (date(2026, 12, 24), 1, date(2026, 12, 28), "25 and 26 December and the weekend are off"),
        (date(2026, 12, 18), 10, date(2027, 1, 5), "10 days across Christmas and New Year"),
        (date(2027, 5, 14), 1, date(2027, 5, 18), "17 May 2027 (Monday, also Whit Monday) is off"),
        (date(2026, 5, 13), 2, date(2026, 5, 18), "Ascension Day 14 May 2026 is off; 17 May 2026 is a Sunday"),
        (date(2026, 4, 30), 1, date(2026, 5, 4), "1 May 2026 is a Friday and off"),
        (date(2026, 11, 28), 0, date(2026, 11, 30), "0 days from a Saturday is the next working day"),
    ],
)
def test_add_working_days(start, days, expected, why):
    assert add_working_days(start, days) == expected, why


def test_holidays_and_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2028, 5, 17))  # Wednesday
    assert not is_working_day(date(2026, 11, 29))  # Sunday
    assert is_working_day(date(2026, 11, 23))


def test_the_default_cv_deadline_is_ten_working_days():
    assert default_cv_deadline(date(2026, 11, 23)) == date(2026, 12, 7)
    assert working_days_between(date(2026, 11, 23), date(2026, 12, 7)) == 10


def test_working_days_between_is_zero_backwards():
    assert working_days_between(date(2026, 12, 7), date(2026, 11, 23)) == 0


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), -1)
