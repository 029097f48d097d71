"""Working days in Norway: Monday to Friday, minus the public holidays (the `holidays` package).

Christmas Eve and New Year's Eve are not public holidays and count as working days.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

DEFAULT_CV_DEADLINE_WORKING_DAYS = 10


@lru_cache(maxsize=64)
def _norwegian_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NO", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _norwegian_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (`start` itself does not count).

    `add_working_days(friday, 1)` is the next Monday; with 0 the start is moved
    forward to the first working day on or after it.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    day = start
    if days == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def default_cv_deadline(today: date) -> date:
    return add_working_days(today, DEFAULT_CV_DEADLINE_WORKING_DAYS)
