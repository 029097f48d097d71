"""Append-only audit trail: reading candidate data and every state transition write one event.

Who acted is passed in (`actor`); where from (IP, request id, what ran it) comes from the
current work context (kamportal.lib.context), never from an HTTP request.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from django.db import connections, models

from accounts.models import AuditEvent, User
from kamportal.lib.context import current


def _actor_id(actor: User | None) -> int | None:
    return actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None


def _where() -> dict[str, Any]:
    context = current()
    return {"ip": context.ip, "origin": context.origin[:80], "request_id": context.request_id[:64]}


def audit_record(
    *, actor: User | None, action: str, obj: models.Model, candidate_id: int | None = None, detail: str = ""
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor_id=_actor_id(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        candidate_id=candidate_id,
        detail=detail[:300],
        **_where(),
    )


def audit_record_many(
    *, actor: User | None, action: str, items: Iterable[tuple[models.Model, int | None]]
) -> list[AuditEvent]:
    """One event per (obj, candidate_id) in `items`, in one INSERT (a list page that shows many candidates)."""
    actor_id = _actor_id(actor)
    where = _where()
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor_id=actor_id,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                candidate_id=candidate_id,
                **where,
            )
            for obj, candidate_id in items
        ]
    )


def audit_record_key(
    *, actor: User | None, action: str, object_type: str, object_id: str, candidate_id: int | None = None
) -> AuditEvent:
    """An event about an object named by its key only (a refused look: the object may not even exist)."""
    return AuditEvent.objects.create(
        actor_id=_actor_id(actor),
        action=action,
        object_type=object_type[:60],
        object_id=object_id[:64],
        candidate_id=candidate_id,
        **_where(),
    )


@contextmanager
def audit_redaction():
    """Inside a transaction: allow rewriting audit events' `detail` (only that) for the anonymisation path.

    PostgreSQL's trigger (accounts migrations 0011, 0014) refuses every other UPDATE and every DELETE; the
    setting is transaction-local, so it ends with the transaction at the latest.
    """
    connection = connections[AuditEvent.objects.db]
    if not connection.in_atomic_block:
        raise RuntimeError("audit_redaction() needs a transaction")
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('kamportal.audit_redaction', 'on', true)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('kamportal.audit_redaction', 'off', true)")
