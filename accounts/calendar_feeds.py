"""Personal calendar links: a secret per user, stored as its SHA-256 only; a new link revokes the old one."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import CalendarFeed, User


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, user: User) -> str:
    """Make a new secret for the user's feed and return it (it is not stored): any earlier link stops working."""
    key = secrets.token_urlsafe(32)
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"key_hash": _hash(key), "created_at": timezone.now(), "last_read_at": None}
    )
    audit_record(actor=user, action="calendar_feed.renewed", obj=feed)
    return key


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        return False
    audit_record(actor=user, action="calendar_feed.revoked", obj=feed)
    feed.delete()
    return True


def calendar_feed_owner(key: str) -> User | None:
    """The active user whose current feed secret is `key`, or None (a wrong, old or revoked key)."""
    if not key or len(key) > 100:
        return None
    feed = CalendarFeed.objects.filter(key_hash=_hash(key), user__is_active=True).select_related("user").first()
    return feed.user if feed is not None else None


def calendar_feed_mark_read(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).update(last_read_at=timezone.now())
