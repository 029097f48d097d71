"""Writes for accounts: the only code that saves users and memberships."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import PROVIDER_ROLES, Membership, Notification, Provider, Region, Role, TermsAcceptance, User
from accounts.notifications import notify
from accounts.policy.portal import forget_terms
from accounts.policy.principal import forget_principal
from accounts.terms import TERMS_VERSION
from kamportal.lib.context import current_ip


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, phone: str, language: str, email_mode: str) -> User:
    from recruitment.rules import phone_clean  # the one phone rule of the project

    user.full_name = full_name
    user.phone = phone_clean(phone)
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


def password_setup_path(user: User) -> str:
    """A single-use link to choose a password (Django's reset token: it dies once the password is set)."""
    return reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@transaction.atomic
def staff_user_invite(*, provider: Provider, email: str, full_name: str, roles: list[str], invited_by: User) -> User:
    """Create a staff user of `provider` with the given roles and e-mail them a link to choose a password."""
    if not roles or set(roles) - PROVIDER_ROLES:
        raise ValidationError(_("Choose at least one role."))
    user = User(email=email.strip().lower(), full_name=full_name.strip(), provider=provider)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    for role in roles:
        membership_add(user=user, role=role)
    audit_record(actor=invited_by, action="user.invited", obj=user, detail=",".join(sorted(roles)))
    notify(
        recipients=[user],
        kind="user.invited",
        template="accounts/emails/invitation",
        context={"invited_by": invited_by.full_name, "provider": provider.name},
        url=password_setup_path(user),
    )
    return user


@transaction.atomic
def staff_user_update(*, user: User, roles: list[str], is_active: bool, actor: User) -> User:
    if user.pk == actor.pk and (not is_active or Role.PROVIDER_ADMIN not in roles):
        raise ValidationError(_("You cannot remove your own administrator role or deactivate yourself."))
    if not roles or set(roles) - PROVIDER_ROLES:
        raise ValidationError(_("Choose at least one role."))
    current = set(user.memberships.values_list("role", flat=True))
    wanted = set(roles)
    user.memberships.filter(role__in=current - wanted).delete()
    for role in sorted(wanted - current):
        membership_add(user=user, role=role)
    if user.is_active != is_active:
        user.is_active = is_active
        user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="user.updated",
        obj=user,
        detail=f"roles={','.join(sorted(wanted))} active={is_active}",
    )
    forget_principal(user)
    return user


@transaction.atomic
def terms_accept(*, user: User) -> TermsAcceptance:
    """Record that `user` accepted the current terms of use (version, time, IP); a second call changes nothing."""
    acceptance, created = TermsAcceptance.objects.get_or_create(
        user=user, version=TERMS_VERSION, defaults={"ip": current_ip()}
    )
    if created:
        audit_record(actor=user, action="terms.accepted", obj=acceptance, detail=TERMS_VERSION)
    forget_terms(user)
    return acceptance
