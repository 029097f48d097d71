"""Ids-first pagination: the page's primary keys from the lean query, then the annotated rows for those only.

A deep page of a list with per-row subqueries otherwise evaluates them for every row it skips.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def paginate_ids_first(queryset: QuerySet, per_page: int, page_number) -> Page:
    """Like `Paginator(queryset, per_page).get_page(page_number)`; the page holds model instances in order."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(page_number)
    ids = list(page.object_list)
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page
