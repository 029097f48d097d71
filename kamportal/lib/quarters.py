"""Calendar quarters and the quarterly follow-up meeting: pure date logic, no Django.

The KAM guide asks for a meeting with every employer each quarter. The reminders
feature and the employer list both ask "has one been held this quarter?" through
these functions.
"""

from collections.abc import Iterable
from datetime import date, timedelta


def quarter_of(day: date) -> tuple[int, int]:
    """(year, quarter 1-4) of a date."""
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(day: date) -> tuple[date, date]:
    """First and last day (inclusive) of the quarter that holds `day`."""
    year, quarter = quarter_of(day)
    start = date(year, 3 * quarter - 2, 1)
    next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, next_start - timedelta(days=1)


def quarter_label(day: date) -> str:
    """ "2026 Q4" style label (the same in nb and en)."""
    year, quarter = quarter_of(day)
    return f"{year} Q{quarter}"


def last_meeting_on(meeting_days: Iterable[date], *, today: date) -> date | None:
    """The latest meeting day that is not in the future, or None."""
    held = [d for d in meeting_days if d is not None and d <= today]
    return max(held) if held else None


def meeting_held_this_quarter(meeting_days: Iterable[date], *, today: date) -> bool:
    """Whether any meeting day lies in today's quarter and not after today."""
    start, _ = quarter_bounds(today)
    return any(d is not None and start <= d <= today for d in meeting_days)


def iso_week_bounds(year: int, week: int) -> tuple[date, date]:
    """Monday and Sunday of ISO week `week` of `year`."""
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=6)


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)
