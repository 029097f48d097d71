"""Staff users: a provider admin manages the users of their own provider, nobody else's."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from accounts.policy.principal import AnyUser

from .principal import principal_for


def staff_visible_to(user: AnyUser) -> QuerySet:
    p = principal_for(user)
    if not p.is_provider_admin:
        return User.objects.none()
    return User.objects.filter(provider_id=p.provider_id)


def get_staff_user_for_admin(user: AnyUser, uuid: UUID | str) -> User:
    staff = staff_visible_to(user).filter(uuid=uuid).first()
    if staff is None:
        raise Http404
    return staff


__all__ = [
    "get_staff_user_for_admin",
    "staff_visible_to",
]
