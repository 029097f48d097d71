"""Notifications: each user sees only their own."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Notification
from accounts.policy.principal import AnyUser


def notifications_visible_to(user: AnyUser) -> QuerySet:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk)


def get_notification_for_user(user: AnyUser, uuid: UUID | str) -> Notification:
    notification = notifications_visible_to(user).filter(uuid=uuid).first()
    if notification is None:
        raise Http404
    return notification


__all__ = [
    "get_notification_for_user",
    "notifications_visible_to",
]
