"""List pagination that stays flat as the tables grow.

- Ids-first: the page's primary keys from the lean query, then the annotated rows for those only. A deep
  page of a list with per-row subqueries otherwise evaluates them for every row it skips.
- Bounded counts: a list counts at most LIST_COUNT_LIMIT rows (`SELECT COUNT(*) FROM (… LIMIT n+1)`), so a
  filter matching half a million candidates costs what ten thousand do; the page then says "more than …"
  and pages through the first LIST_COUNT_LIMIT rows (a narrower filter finds the rest).
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """A Paginator whose count stops at `limit`; `bounded` tells whether more rows matched."""

    def __init__(self, object_list, per_page, *, limit: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = settings.LIST_COUNT_LIMIT if limit is None else limit

    @cached_property
    def counted(self) -> int:
        # How many of the first limit + 1 rows there are does not depend on their order: counted unordered,
        # the database stops after limit + 1 rows instead of sorting every match first.
        rows = self.object_list
        if isinstance(rows, QuerySet):
            rows = rows.order_by()
        return rows[: self.limit + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.limit)

    @property
    def bounded(self) -> bool:
        return self.counted > self.limit


def paginate_ids_first(queryset: QuerySet, per_page: int, page_number, *, limit: int | None = None) -> Page:
    """Like `Paginator(queryset, per_page).get_page(page_number)`; the page holds model instances in order."""
    page = BoundedPaginator(queryset.values_list("pk", flat=True), per_page, limit=limit).get_page(page_number)
    ids = list(page.object_list)
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def paginate_parts_ids_first(
    rows: QuerySet, parts: list[QuerySet], order: list[str], per_page: int, page_number, *, limit: int | None = None
) -> Page:
    """Like `paginate_ids_first(rows.order_by(*order), ...)` where `parts` are disjoint querysets whose rows
    together are `rows`'s, each readable in `order` from an index, and `order` ends in the primary key (total).

    Counted as a bounded count of the parts' UNION ALL; the page's keys are `(part ORDER BY order LIMIT
    offset + per_page) UNION ALL ... ORDER BY order LIMIT per_page OFFSET offset`, which PostgreSQL merges from
    ordered index scans (a Merge Append) instead of reading and sorting every row of every part per page.
    """
    if len(parts) < 2 or not connections[rows.db].features.supports_slicing_ordering_in_compound:
        # One part (or none), or a database that cannot order and slice a union's parts (SQLite): the
        # ordinary ids-first page, same rows in the same order.
        return paginate_ids_first(rows.order_by(*order), per_page, page_number, limit=limit)
    fields = [name.lstrip("-") for name in order]
    every = [part.order_by().values_list(*fields) for part in parts]
    page = BoundedPaginator(every[0].union(*every[1:], all=True).order_by(*order), per_page, limit=limit).get_page(
        page_number
    )
    offset = (page.number - 1) * per_page
    keys = [part.order_by(*order).values_list(*fields)[: offset + per_page] for part in parts]
    merged = keys[0].union(*keys[1:], all=True).order_by(*order)[offset : offset + per_page]
    ids = [key[-1] for key in merged]
    found = {row.pk: row for row in rows.order_by().filter(pk__in=ids)}
    page.object_list = [found[pk] for pk in ids if pk in found]
    return page


def paginate_keys_counted(keys: QuerySet, order: list[str], per_page: int, page_number, *, limit: int | None = None):
    """Like `BoundedPaginator(keys.order_by(*order), per_page).get_page(page_number)` for a values_list queryset
    (a union too) whose `order` names its columns: the page of keys and the bounded count in one statement
    (`COUNT(*) OVER ()` over the keys before LIMIT/OFFSET), so rows that cost a lookup each are read once per
    page, not once for the count and again for the page (issue 19). Returns (page, list of key tuples).

    A page past the end costs one or two more statements (the count, then the last page), as `get_page` clamps.
    """
    connection = connections[keys.db]
    inner, params = keys.order_by().query.sql_with_params()
    qn = connection.ops.quote_name
    order_sql = ", ".join(f"{qn(name.lstrip('-'))} {'DESC' if name.startswith('-') else 'ASC'}" for name in order)
    # The inner SQL is the ORM's, with its parameters; the names are quoted column names from code, not input.
    sql = f"SELECT *, COUNT(*) OVER () FROM ({inner}) AS keys ORDER BY {order_sql} LIMIT %s OFFSET %s"  # noqa: S608

    def fetch(number: int) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params, per_page, (number - 1) * per_page))
            return cursor.fetchall()

    try:
        guess = max(1, int(page_number))
    except (TypeError, ValueError):
        guess = 1
    rows, fetched = fetch(guess), guess
    if not rows and guess > 1:
        rows, fetched = fetch(1), 1  # past the end: the first page tells the count
    paginator = BoundedPaginator(keys, per_page, limit=limit)
    total = rows[0][-1] if rows else 0
    paginator.__dict__["counted"] = min(total, paginator.limit + 1)  # the cached_property, from the window
    page = paginator.get_page(page_number)
    if page.number != fetched:
        rows = fetch(page.number)
    shown = page.end_index() - page.start_index() + 1 if paginator.count else 0  # the last page of a bounded count
    return page, [row[:-1] for row in rows[:shown]]
