"""Yearly targets: the provider admin sets them for their own provider and its KAMs; nobody else edits them.

A KAM of another provider (or any user who is not a KAM of the admin's provider) is a 404 on the edit page.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Provider, Role, User

from .principal import AnyUser, principal_for


def target_provider_for(user: AnyUser) -> Provider:
    """The provider whose targets the user administers, or 404."""
    p = principal_for(user)
    if not p.is_provider_admin:
        raise Http404
    return Provider.objects.get(pk=p.provider_id)


def target_kams_for(user: AnyUser) -> QuerySet:
    """The active KAMs of the provider the user administers (none for anyone else)."""
    p = principal_for(user)
    if not p.is_provider_admin:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, provider_id=p.provider_id, memberships__role=Role.KAM)
        .distinct()
        .order_by("full_name")
    )


def get_target_kam_for_user(user: AnyUser, uuid: UUID | str) -> User:
    """One KAM of the admin's own provider, or 404."""
    try:
        uuid = UUID(str(uuid))
    except ValueError:
        raise Http404 from None
    kam = target_kams_for(user).filter(uuid=uuid).first()
    if kam is None:
        raise Http404
    return kam


__all__ = ["get_target_kam_for_user", "target_kams_for", "target_provider_for"]
