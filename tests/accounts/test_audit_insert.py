"""A page's read audit is one INSERT and nothing else: in autocommit, no BEGIN/COMMIT around it (issue 19), and
every event is written; inside a transaction it joins that transaction."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.audit import audit_record_many
from accounts.models import AuditEvent, User


def _people(count):
    return [User.objects.create_user(email=f"lest-{n}@example.no", full_name=f"Lest {n}") for n in range(count)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("count", [1, 3])
def test_in_autocommit_the_audit_is_one_insert_and_complete(count):
    people = _people(count)
    with CaptureQueriesContext(connection) as queries:
        events = audit_record_many(actor=None, action="test.read", items=[(person, None) for person in people])
    assert [q["sql"].split(" ", 1)[0] for q in queries.captured_queries] == ["INSERT"], queries.captured_queries
    written = AuditEvent.objects.filter(action="test.read")
    assert sorted(written.values_list("object_id", flat=True)) == sorted(str(person.pk) for person in people)
    assert all(event.pk for event in events) or connection.vendor == "sqlite"
    assert all(not event._state.adding for event in events)


@pytest.mark.django_db(transaction=True)
def test_more_rows_than_one_statement_takes_are_all_written(monkeypatch):
    people = _people(5)
    monkeypatch.setattr(connection.ops, "bulk_batch_size", lambda fields, objs: 2)
    audit_record_many(actor=None, action="test.read", items=[(person, None) for person in people])
    assert AuditEvent.objects.filter(action="test.read").count() == 5


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_audit_is_rolled_back_with_it():
    people = _people(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record_many(actor=None, action="test.read", items=[(person, None) for person in people])
        raise RuntimeError
    assert not AuditEvent.objects.filter(action="test.read").exists()


def test_nothing_to_audit_writes_nothing(db):
    with CaptureQueriesContext(connection) as queries:
        assert audit_record_many(actor=None, action="test.read", items=[]) == []
    assert not queries.captured_queries
