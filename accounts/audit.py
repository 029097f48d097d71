"""Append-only audit trail: reading candidate data and every state transition write one event.

Who acted is passed in (`actor`); where from (IP, request id, what ran it) comes from the
current work context (kamportal.lib.context), never from an HTTP request.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from django.db import connections, models, router

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
    """One event per (obj, candidate_id) in `items`, in one INSERT (a list page that shows many candidates).

    Outside a transaction (a page's read, in autocommit) the one INSERT is written alone: a single statement is
    atomic by itself, and bulk_create's transaction would add a BEGIN and a COMMIT to every page that shows a
    candidate. More rows than one statement takes go through bulk_create (several INSERTs, in a transaction)."""
    actor_id = _actor_id(actor)
    where = _where()
    events = [
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
    if not events:
        return events
    using = router.db_for_write(AuditEvent)
    connection = connections[using]
    if connection.in_atomic_block:
        return AuditEvent.objects.using(using).bulk_create(events)
    if len(events) == 1:
        events[0].save(using=using, force_insert=True)  # no transaction of its own: one INSERT
        return events
    return _insert_in_one_statement(events, using) or AuditEvent.objects.using(using).bulk_create(events)


def _insert_in_one_statement(events: list[AuditEvent], using: str) -> list[AuditEvent] | None:
    """`events` in one multi-row INSERT without a transaction around it (bulk_create's own steps, one batch), or
    None when they need more than one statement."""
    connection = connections[using]
    opts = AuditEvent._meta
    fields = [f for f in opts.concrete_fields if not f.generated and not isinstance(f, models.AutoField)]
    if len(events) > max(connection.ops.bulk_batch_size(fields, events), 1):
        return None
    queryset = AuditEvent.objects.using(using)
    queryset._for_write = True
    queryset._prepare_for_bulk_create(events)
    returning = opts.db_returning_fields if connection.features.can_return_rows_from_bulk_insert else None
    rows = queryset._insert(events, fields=fields, using=using, returning_fields=returning) or []
    for event, values in zip(events, rows, strict=False):
        for value, field in zip(values, opts.db_returning_fields, strict=False):
            setattr(event, field.attname, value)
    for event in events:
        event._state.adding = False
        event._state.db = using
    return events


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
