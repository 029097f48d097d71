"""Bulk row writer for the seeder: COPY on PostgreSQL, executemany elsewhere, into the models' own tables.

Columns a row does not give are filled from the model's field defaults (a fresh UUID per row, `now`
for auto dates, '' for blank text), so a new NOT NULL field with a default needs no seeder change.
"""

import io
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import NOT_PROVIDED
from django.utils import timezone

CHUNK = 50_000


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value:
            return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _sqlite_value(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return value.hex
    return value


class _Fill:
    """The columns a row leaves out, with their default value (UUID fields get a new value per row)."""

    def __init__(self, model: type[models.Model], given: list[str]):
        now = timezone.now()
        self.columns: list[str] = []
        self.values: list = []
        self.uuid_positions: list[int] = []
        for field in model._meta.concrete_fields:
            if field.column in given or (field.primary_key and "id" in given):
                continue
            if field.primary_key:
                raise ValueError(f"{model.__name__}: the seeder gives every id")
            if isinstance(field, models.UUIDField) and callable(field.default):
                self.uuid_positions.append(len(self.values))
                value = None
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.default is not NOT_PROVIDED:
                value = now if field.default is timezone.now else field.get_default()
            elif field.null:
                value = None
            else:
                value = ""
            self.columns.append(field.column)
            self.values.append(value)

    def extend(self, row: tuple) -> tuple:
        if not self.uuid_positions:
            return row + tuple(self.values)
        values = list(self.values)
        for position in self.uuid_positions:
            values[position] = uuid.uuid4()
        return row + tuple(values)


def insert(model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples in `columns` order) into the model's table; return how many."""
    fill = _Fill(model, columns)
    all_columns = columns + fill.columns
    table = connection.ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(connection.ops.quote_name(c) for c in all_columns)
    count = 0
    batch: list[tuple] = []

    def flush():
        if not batch:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                buffer.write("\n".join("\t".join(map(_copy_text, row)) for row in batch))
                buffer.write("\n")
                buffer.seek(0)
                cursor.copy_expert(f"COPY {table} ({column_sql}) FROM STDIN", buffer)  # noqa: S608
            else:
                marks = ", ".join(["%s"] * len(all_columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({column_sql}) VALUES ({marks})",  # noqa: S608 (names from the model)
                    [tuple(_sqlite_value(v) for v in row) for row in batch],
                )
        batch.clear()

    for row in rows:
        batch.append(fill.extend(tuple(row)))
        count += 1
        if len(batch) >= CHUNK:
            flush()
    flush()
    return count


def reset_sequences(model_list: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
