"""Small related lists read with their parent row: a correlated subquery aggregating the rows to a JSON array.

Portable across the two databases we run on (JSON_GROUP_ARRAY on SQLite, JSONB_AGG on PostgreSQL), so a page can
show a short list without a query of its own. The array's order is not kept: sort after reading.
"""

from django.db.models import Aggregate, JSONField, Subquery
from django.db.models.functions import JSONObject


class JSONRows(Aggregate):
    """The group's values as a JSON array: JSON_GROUP_ARRAY on SQLite, JSONB_AGG on PostgreSQL."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_rows(queryset, *, group: str, **fields) -> Subquery:
    """A correlated subquery: the rows of `queryset` (filtered on OuterRef already, grouped by `group`) as a
    JSON array of objects with `fields`; an empty list when there are none. The order is not kept: sort after."""
    rows = queryset.order_by().values(group).annotate(rows=JSONRows(JSONObject(**fields))).values("rows")
    return Subquery(rows, output_field=JSONField())
