"""The work queue's item type, its registry of sources and the helpers they share.

One item type (`WorkItem`) and one registry of sources (`@queue_source`): each source answers for one kind,
for the roles it names, in a fixed number of queries whatever the rows, so the whole queue costs a constant
number of queries. The due rules are the reminders' own (`recruitment.reminders`): what the sweep would send,
the queue shows, until it is resolved (the reminder's once-per-key rule does not hide it here).
"""

import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connections
from django.db.models import CharField, Count, Value, Window
from django.db.models.functions import Cast, Coalesce, Collate, Concat
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from accounts.policy import Principal, principal_for

QUEUE_LIMIT_PER_KIND = 50
HOME_SHOWN_PER_KIND = 10
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
class Part:
    """A source's answer for one kind when it ranks the items itself: the first items in queue order (at most the
    call's `shown_limit()`, only those are built) and `total`, how many are due in all. A source yields Parts or
    plain WorkItems (every item due; the queue ranks and cuts those itself)."""

    kind: str
    items: list[WorkItem]
    total: int


@dataclass(frozen=True)
class _Call:
    limit: int | None
    kind: str | None


@dataclass(frozen=True)
class Figure:
    """An aggregate for region coordinators and provider admins: a label and a count, never a name."""

    kind: str
    label: str
    value: int


Source = Callable[[User, Principal, date, datetime], Iterable[WorkItem]]
_sources: list[tuple[str, Callable[[Principal], bool], Source]] = []
_reads: ContextVar[dict | None] = ContextVar("work_queue_reads", default=None)
_call: ContextVar[_Call | None] = ContextVar("work_queue_call", default=None)


def shown_limit() -> int | None:
    """How many items of a kind the current `work_queue` call shows (None: all, also outside a call): a source
    builds no more than these."""
    call = _call.get()
    return None if call is None else call.limit


def wanted(kind: str) -> bool:
    """Whether the current call shows `kind` (a "show all" page asks for one kind: the others are not read)."""
    call = _call.get()
    return call is None or call.kind is None or call.kind == kind


def ranked(kind: str, rows: Iterable, *, today: date, since: Callable, title: Callable, make: Callable) -> Part:
    """The Part of `kind` for `rows` already read (every row due; a shared read's): ranked by (since(row) or
    today, title(row)) like the queue, and only the first `shown_limit()` made into items by make(row, title).
    `title` should be cheap (a format string translated once per kind, not per row)."""
    if not wanted(kind):
        return Part(kind, [], 0)
    keyed = [(since(row) or today, title(row), row) for row in rows]
    keyed.sort(key=lambda entry: (entry[0], entry[1]))
    limit = shown_limit()
    chosen = keyed if limit is None else keyed[:limit]
    return Part(kind, [make(row, row_title) for _since, row_title, row in chosen], len(keyed))


def title_expression(text: str, **fields):
    """The database's expression for the title `text % fields` (a translated format string with %(name)s or
    %(name)d placeholders; each field an expression), so the database ranks by the very title the item shows."""
    pieces = re.split(r"%\((\w+)\)[sd]", text)
    parts = []
    for index, piece in enumerate(pieces):
        if index % 2:
            parts.append(Cast(fields[piece], output_field=CharField()))
        elif piece:
            parts.append(Value(piece.replace("%%", "%")))
    if len(parts) == 1:
        return parts[0]
    return Concat(*parts, output_field=CharField())


def ranked_rows(queryset, *, kind: str, since, title, today: date) -> tuple[list, int]:
    """The rows of `queryset` in queue order, oldest first then by title (`since` and `title`: expressions), cut to
    `shown_limit()` in the database, and how many there are in all: one query, the total a window count taken
    before the LIMIT. The title is compared byte by byte ("C"), as Python compares the items' titles. Nothing is
    read when the call does not show `kind`."""
    if not wanted(kind):
        return [], 0
    limit = shown_limit()
    return _counted(list(_ranked_queryset(queryset, since=since, title=title, today=today, limit=limit)), limit)


def _ranked_queryset(queryset, *, since, title, today: date, limit: int | None):
    if connections[queryset.db].vendor == "postgresql":
        title = Collate(title, "C")
    rows = queryset.annotate(_since=Coalesce(since, Value(today)), _title=title).order_by("_since", "_title", "pk")
    if limit is None:
        return rows
    return rows.annotate(_total=Window(Count("pk")))[:limit]


def _counted(found: list, limit: int | None) -> tuple[list, int]:
    if limit is None:
        return found, len(found)
    return found, (found[0]._total if found else 0)


def compiled_ranked_rows(build: Callable, *, kind: str, today: date, **ids) -> tuple[list, int]:
    """`ranked_rows` of the (queryset, since, title) that `build(today, **ids)` returns, compiled once per
    database connection, day and limit and run with the ids (kamportal.lib.compiled). `build` is a module-level
    function (its name is part of the shape's key) that depends on nothing but today and the ids."""
    from kamportal.lib.compiled import compiled_list

    if not wanted(kind):
        return [], 0
    limit = shown_limit()

    def final(**sentinels):
        queryset, since, title = build(today, **sentinels)
        return _ranked_queryset(queryset, since=since, title=title, today=today, limit=limit)

    key = ("work_queue.ranked", build.__module__, build.__qualname__, today, limit)
    return _counted(compiled_list(key, final, **ids), limit)


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


class WorkQueue(list):
    """The items shown (a list, kind by kind) with `total` (every item due), `groups` ((kind, shown items, the
    kind's total) in order) and `kind` (the one kind asked for, or None)."""

    def __init__(self, items=(), *, groups=(), kind=None):
        super().__init__(items)
        self.groups = list(groups)
        self.total = sum(total for _kind, _items, total in self.groups)
        self.kind = kind


def work_queue(
    *,
    user: User,
    now: datetime | None = None,
    given: dict | None = None,
    limit: int | None = QUEUE_LIMIT_PER_KIND,
    kind: str | None = None,
) -> WorkQueue:
    """The items due for `user`, kind by kind in registration order, oldest first within a kind, at most `limit`
    of each kind (None: all); with `kind`, only the items of that kind.

    `given`: kind -> its items already made by the page from rows it read anyway (that kind is not asked again).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    p = principal_for(user)
    given = given or {}
    by_kind: dict[str, list[WorkItem]] = {}
    unbuilt: dict[str, int] = {}  # kind -> items due that a source counted but did not build (not shown)
    token = _reads.set({})
    call = _call.set(_Call(limit, kind))
    try:
        for source_kind, who, source in _sources:
            if who(p):
                made = given[source_kind] if source_kind in given else source(user, p, today, now)
                for item in made:
                    if kind is not None and item.kind != kind:
                        continue
                    if isinstance(item, Part):
                        by_kind.setdefault(item.kind, []).extend(item.items)
                        unbuilt[item.kind] = unbuilt.get(item.kind, 0) + item.total - len(item.items)
                    else:
                        by_kind.setdefault(item.kind, []).append(item)
    finally:
        _call.reset(call)
        _reads.reset(token)
    items: list[WorkItem] = []
    groups = []
    for item_kind, found in by_kind.items():
        total = len(found) + unbuilt.get(item_kind, 0)
        if not total:
            continue
        found.sort(key=lambda item: (item.since or today, item.title))
        shown = found if limit is None else found[:limit]
        items.extend(shown)
        groups.append((item_kind, shown, total))
    return WorkQueue(items, groups=groups, kind=kind)


def queue_kind_asked(request) -> str | None:
    """The kind a home page's "show all" link asks for (?kind=), or None. A malformed value is a 404."""
    from django.http import Http404

    kind = request.GET.get("kind")
    if kind is None:
        return None
    if not re.fullmatch(r"[a-z_]{1,64}", kind):
        raise Http404
    return kind


def queue_for_page(*, user: User, kind: str | None = None, given: dict | None = None) -> WorkQueue:
    """A home page's queue: the HOME_SHOWN_PER_KIND most urgent of each kind with each kind's total, or with
    `kind` every item of that one kind. Only ever the user's own items (the queue is made for `user`)."""
    if kind is None:
        return work_queue(user=user, given=given, limit=HOME_SHOWN_PER_KIND)
    return work_queue(user=user, given=given, limit=None, kind=kind)


_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def uuid_url(viewname: str, uuid) -> str:
    """reverse(viewname, kwargs={"uuid": uuid}) without resolving the pattern per item: within a `work_queue`
    call the URL is reversed once per view with a placeholder UUID, then each item's UUID is put in (the queue
    of a user with hundreds of due items made hundreds of reverse() calls)."""
    from django.urls import reverse

    cache = _reads.get()
    if cache is None:
        return reverse(viewname, kwargs={"uuid": uuid})
    patterns = cache.setdefault("__urls__", {})
    pattern = patterns.get(viewname)
    if pattern is None:
        pattern = patterns[viewname] = reverse(viewname, kwargs={"uuid": _PLACEHOLDER})
    return pattern.replace(_PLACEHOLDER, str(uuid))


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
