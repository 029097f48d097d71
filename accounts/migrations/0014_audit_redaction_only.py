"""The audit table stays append-only, with one narrow exception: the anonymisation path (candidates/anonymise.py)
may rewrite an event's `detail` (and nothing else) inside a transaction that declared itself with
`accounts.audit.audit_redaction()` (the transaction-local setting kamportal.audit_redaction = on).
DELETE is still refused, and so is any other UPDATE. PostgreSQL only, like 0011.
"""

from django.db import migrations

FUNCTION = "accounts_auditevent_append_only"

REDACTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('kamportal.audit_redaction', true) = 'on'
       AND (to_jsonb(NEW) - 'detail') = (to_jsonb(OLD) - 'detail') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'accounts_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

STRICT = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'accounts_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0013_merge_0011_calendar_feed_0012_merge_20261207_0412")]

    operations = [migrations.RunPython(_on_postgresql(REDACTION), _on_postgresql(STRICT), elidable=False)]
