"""The signed-in user of a request in one query: the user row, the policy's principal (roles, region, contact),
the unread-notification count of the navigation bar, the user's confirmed authenticator and whether the user
accepted the current terms of use (the portal asks on every page), together.

Django's AuthenticationMiddleware loads the user, django-otp's middleware then loads the device named in the
session, the policy its principal and the base template its unread count: four queries before a page asks for
anything. These two middleware subclasses keep the same checks (session hash, active user, the device being
the user's and confirmed) and read the facts from the one row set; whatever they cannot answer from it (another
backend, another kind of device) falls back to the stock code.
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Notification, Role, TermsAcceptance, User
from accounts.policy.portal import _TERMS_ATTR
from accounts.policy.principal import _CACHE_ATTR, Principal
from accounts.terms import TERMS_VERSION

UNREAD_ATTR = "_kam_unread_notifications"
TOTP_ATTR = "_kam_confirmed_totp_pk"


def load_user_with_facts(user_id) -> User | None:
    """The user with its principal, unread count and confirmed TOTP device id set on it (one query: one row per
    membership of the user, each carrying the same user facts)."""
    from recruitment.models import Contact

    contact = Contact.objects.filter(user_id=OuterRef("pk")).order_by("-is_primary", "full_name")
    unread = (
        Notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    device = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True).order_by("pk").values("pk")[:1]
    try:
        rows = list(
            User._default_manager.select_related("provider")
            .filter(pk=user_id)
            .annotate(
                facts_region_id=F("provider__region_id"),
                facts_role=F("memberships__role"),
                facts_role_region_id=F("memberships__region_id"),
                facts_contact_id=Subquery(contact.values("id")[:1]),
                facts_contact_employer_id=Subquery(contact.values("employer_id")[:1]),
                facts_unread=Coalesce(Subquery(unread), 0),
                facts_totp_pk=Subquery(device),
                facts_terms=Exists(TermsAcceptance.objects.filter(user_id=OuterRef("pk"), version=TERMS_VERSION)),
            )
        )
    except (ValueError, TypeError):
        return None
    if not rows:
        return None
    user = rows[0]
    memberships = [(row.facts_role, row.facts_role_region_id) for row in rows if row.facts_role]
    if user.is_active:
        principal = Principal(
            user_id=user.pk,
            provider_id=user.provider_id,
            region_id=user.facts_region_id if user.provider_id else None,
            roles=frozenset(role for role, _ in memberships),
            coordinator_region_ids=frozenset(
                region for role, region in memberships if role == Role.REGION_COORDINATOR and region
            ),
            contact_id=user.facts_contact_id,
            contact_employer_id=user.facts_contact_employer_id,
        )
        setattr(user, _CACHE_ATTR, principal)
    setattr(user, UNREAD_ATTR, user.facts_unread)
    setattr(user, TOTP_ATTR, user.facts_totp_pk)
    setattr(user, _TERMS_ATTR, bool(user.facts_terms))
    return user


def get_user(request):
    """django.contrib.auth.get_user, with the model backend's user read by load_user_with_facts."""
    user = None
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        pass
    else:
        if backend_path in settings.AUTHENTICATION_BACKENDS:
            backend = load_backend(backend_path)
            if isinstance(backend, ModelBackend):
                user = load_user_with_facts(user_id)
                if user is not None and not backend.user_can_authenticate(user):
                    user = None
            else:
                user = backend.get_user(user_id)
            if hasattr(user, "get_session_auth_hash"):
                session_hash = request.session.get(HASH_SESSION_KEY)
                verified = bool(session_hash) and constant_time_compare(session_hash, user.get_session_auth_hash())
                if not verified:
                    if session_hash and any(
                        constant_time_compare(session_hash, fallback)
                        for fallback in user.get_session_auth_fallback_hash()
                    ):
                        request.session.cycle_key()
                        request.session[HASH_SESSION_KEY] = user.get_session_auth_hash()
                    else:
                        request.session.flush()
                        user = None
    return user or AnonymousUser()


def _cached_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class UserWithFactsMiddleware(AuthenticationMiddleware):
    """AuthenticationMiddleware whose lazy user comes with its facts (see the module docstring)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_user(request))


class SessionDeviceOTPMiddleware(OTPMiddleware):
    """django-otp's middleware; the session's device is the user's confirmed TOTP device already known from the
    user query, so it is not looked up again (it is loaded only if something reads `user.otp_device`'s fields)."""

    def _verify_user_sync(self, request, user):
        known = getattr(user, TOTP_ATTR, None) if user.is_authenticated else None
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) if known is not None else None
        if known is not None and persistent_id == f"{TOTPDevice.model_label()}/{known}":
            self._init_user_fields(user)
            user.otp_device = SimpleLazyObject(lambda: TOTPDevice.objects.get(pk=known))
            return user
        return super()._verify_user_sync(request, user)


def unread_notifications(user) -> int | None:
    """The count read with the user, or None when the user was loaded some other way."""
    return getattr(user, UNREAD_ATTR, None)


def has_confirmed_totp(user) -> bool | None:
    """Whether the user has a confirmed authenticator, as read with the user; None when not read that way."""
    if not hasattr(user, TOTP_ATTR):
        return None
    return getattr(user, TOTP_ATTR) is not None
