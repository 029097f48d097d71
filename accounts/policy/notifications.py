"""Notifications: each user sees only their own."""

from django.db.models import QuerySet
from django.http import Http404


def notifications_visible_to(user) -> QuerySet:
    from accounts.models import Notification

    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk)


def get_notification_for_user(user, uuid):
    notification = notifications_visible_to(user).filter(uuid=uuid).first()
    if notification is None:
        raise Http404
    return notification


__all__ = [
    "get_notification_for_user",
    "notifications_visible_to",
]
