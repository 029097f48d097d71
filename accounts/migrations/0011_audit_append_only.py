"""The audit table is append-only in PostgreSQL itself (issue 14): a trigger refuses UPDATE and DELETE.

The model already refuses save() of an existing row and delete(); this also stops a queryset .update() or
.delete(), a cascade, the admin and a psql session. TRUNCATE is left alone on purpose: Django's test database
flush (TransactionTestCase, the e2e and worker tests) and `manage.py flush` truncate every table.
Other databases (SQLite in development and tests) get nothing.
"""

from django.db import migrations

FUNCTION = "accounts_auditevent_append_only"
TRIGGER = "accounts_auditevent_append_only"

CREATE = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'accounts_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER IF EXISTS {TRIGGER} ON accounts_auditevent;
CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""

DROP = f"""
DROP TRIGGER IF EXISTS {TRIGGER} ON accounts_auditevent;
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_merge_20261201_2231")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP), elidable=False)]
