"""A trigram index on the folded candidate name for the search box (PostgreSQL only)."""

from django.db import migrations

from kamportal.textsearch import fold_sql

NAME = "candidate_full_name_fold_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    expression = fold_sql('"full_name"')
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "candidates_candidate" USING gin (({expression}) gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("candidates", "0004_merge_0003_candidate_edit_version_0003_scale_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
