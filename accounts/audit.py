"""Append-only audit trail: reading candidate data and every state transition write one event."""

from accounts.models import AuditEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *, actor, action: str, obj, request=None, candidate_id: int | None = None, detail: str = ""
) -> AuditEvent:
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor_id=actor_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        candidate_id=candidate_id,
        detail=detail[:300],
        ip=client_ip(request),
    )


def audit_record_many(*, actor, action: str, items, request=None) -> list[AuditEvent]:
    """One event per (obj, candidate_id) in `items`, in one INSERT (a list page that shows many candidates)."""
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    ip = client_ip(request)
    return AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor_id=actor_id,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                candidate_id=candidate_id,
                ip=ip,
            )
            for obj, candidate_id in items
        ]
    )
