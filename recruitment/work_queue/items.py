"""The work queue's item type, its registry of sources and the helpers they share.

One item type (`WorkItem`) and one registry of sources (`@queue_source`): each source answers for one kind,
for the roles it names, in a fixed number of queries whatever the rows, so the whole queue costs a constant
number of queries. The due rules are the reminders' own (`recruitment.reminders`): what the sweep would send,
the queue shows, until it is resolved (the reminder's once-per-key rule does not hide it here).
"""

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from accounts.policy import Principal, principal_for

QUEUE_LIMIT_PER_KIND = 50
OUTCOME_DAYS = 14


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: `kind` (a stable code name), what (`title`), why it is due (`why`), since when
    (`since`, a date) and where it is done (`url`). `candidate` is set when the title names a candidate
    (the page audits it)."""

    kind: str
    title: str
    why: str
    since: date | None
    url: str
    candidate: object = field(default=None, compare=False)


@dataclass(frozen=True)
class Figure:
    """An aggregate for region coordinators and provider admins: a label and a count, never a name."""

    kind: str
    label: str
    value: int


Source = Callable[[User, Principal, date, datetime], Iterable[WorkItem]]
_sources: list[tuple[str, Callable[[Principal], bool], Source]] = []
_reads: ContextVar[dict | None] = ContextVar("work_queue_reads", default=None)


def shared_read(key: str, read: Callable[[], list]) -> list:
    """The rows several kinds derive their items from, read once per `work_queue` call (the first kind that
    asks reads them; outside a call, every ask reads). This keeps the home page at a fixed, small number of
    queries however many kinds there are."""
    cache = _reads.get()
    if cache is None:
        return read()
    if key not in cache:
        cache[key] = read()
    return cache[key]


def queue_source(kind: str, *, who: Callable[[Principal], bool]) -> Callable[[Source], Source]:
    """Register a source of items of `kind` for the principals `who` accepts (other branches add kinds here)."""

    def register(source: Source) -> Source:
        _sources[:] = [entry for entry in _sources if entry[0] != kind]
        _sources.append((kind, who, source))
        return source

    return register


def work_queue(*, user: User, now: datetime | None = None, given: dict | None = None) -> list[WorkItem]:
    """Every item due for `user`, kind by kind in registration order, oldest first within a kind.

    `given`: kind -> its items already made by the page from rows it read anyway (that kind is not asked again).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    p = principal_for(user)
    given = given or {}
    items: list[WorkItem] = []
    token = _reads.set({})
    try:
        for kind, who, source in _sources:
            if who(p):
                made = given[kind] if kind in given else source(user, p, today, now)
                found = sorted(made, key=lambda item: (item.since or today, item.title))
                items.extend(found[:QUEUE_LIMIT_PER_KIND])
    finally:
        _reads.reset(token)
    return items


def _day(value) -> date | None:
    if value is None:
        return None
    return timezone.localdate(value) if isinstance(value, datetime) else value


def _fmt(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _is_kam(p: Principal) -> bool:
    return p.is_kam


def _is_advisor(p: Principal) -> bool:
    return p.is_advisor


def _is_contact(p: Principal) -> bool:
    return p.is_employer_contact


def week_bounds(today: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 (local time) of today's ISO week."""
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    return start, start + timedelta(days=7)
