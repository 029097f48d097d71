"""Writes for accounts: the only code that saves users and memberships."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Notification, Provider, Region, Role, User
from accounts.policy.principal import forget_principal


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, phone: str, language: str, email_mode: str) -> User:
    user.full_name = full_name
    user.phone = phone
    user.language = language
    user.email_mode = email_mode
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "phone", "language", "email_mode"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def user_create_staff(
    *,
    email: str,
    full_name: str,
    password: str | None,
    provider: Provider | None,
    roles: list[str],
    region: Region | None = None,
    phone: str = "",
) -> User:
    user = User.objects.create_user(email=email, password=password, full_name=full_name, provider=provider, phone=phone)
    for role in roles:
        membership_add(user=user, role=role, region=region if role == Role.REGION_COORDINATOR else None)
    return user


def membership_add(*, user: User, role: str, region: Region | None = None) -> Membership:
    membership = Membership(user=user, role=role, region=region)
    membership.full_clean()
    membership.save()
    forget_principal(user)
    return membership


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
