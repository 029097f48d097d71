"""Trigram indexes for the search box (PostgreSQL only; SQLite searches by substring without them).

The indexed expression is `kamportal.textsearch.fold_sql`, the same SQL the queries use, so the planner
matches it. pg_trgm is a trusted extension: the database owner may create it.
"""

from django.db import migrations

from kamportal.textsearch import fold_sql

INDEXES = [
    ("employer_name_fold_trgm", "recruitment_employer", fold_sql('"name"')),
    ("employer_org_number_trgm", "recruitment_employer", '"org_number"'),
    ("recruitment_title_fold_trgm", "recruitment_recruitment", fold_sql('"title"')),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({expression}) gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0009_merge_20261201_2253")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
