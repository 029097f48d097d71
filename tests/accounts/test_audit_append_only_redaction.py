"""The audit table's one allowed rewrite: the anonymisation path redacts `detail` inside audit_redaction()."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.audit import audit_record, audit_redaction
from accounts.models import AuditEvent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"),
]


def _event(world):
    return audit_record(actor=world.kam_a, action="test.read", obj=world.employer_a, detail="Kari Nordmann")


def test_inside_audit_redaction_only_the_detail_may_change(world):
    event = _event(world)
    with transaction.atomic(), audit_redaction():
        AuditEvent.objects.filter(pk=event.pk).update(detail="–")
    event.refresh_from_db()
    assert event.detail == "–"
    with pytest.raises(DatabaseError), transaction.atomic(), audit_redaction():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.forged")
    with pytest.raises(DatabaseError), transaction.atomic(), audit_redaction():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk, action="test.read").exists()


def test_outside_it_every_update_is_refused_and_the_permission_ends_with_the_transaction(world):
    event = _event(world)
    with transaction.atomic(), audit_redaction():
        pass
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="–")
    with pytest.raises(RuntimeError), audit_redaction():  # only inside a transaction
        pass
