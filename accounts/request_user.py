"""The signed-in user of a request in one query: the user row, the policy's principal (roles, region, contact),
the unread-notification count of the navigation bar, the user's confirmed authenticator and whether the user
accepted the current terms of use (the portal asks on every page), together.

Django's AuthenticationMiddleware loads the user, django-otp's middleware then loads the device named in the
session, the policy its principal and the base template its unread count: four queries before a page asks for
anything. These two middleware subclasses keep the same checks (session hash, active user, the device being
the user's and confirmed) and read the facts from the one row set; whatever they cannot answer from it (another
backend, another kind of device) falls back to the stock code.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.sql.compiler import SQLCompiler
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Notification, Provider, Role, TermsAcceptance, User
from accounts.policy.portal import _TERMS_ATTR
from accounts.policy.principal import _CACHE_ATTR, Principal
from accounts.terms import TERMS_VERSION

UNREAD_ATTR = "_kam_unread_notifications"
TOTP_ATTR = "_kam_confirmed_totp_pk"


# The facts query is the same for every request but the user's id, and building and compiling it costs several
# times what PostgreSQL takes to answer it (about 6 of 7 ms on the 2-core bench machine): it is compiled once per
# database connection (a connection belongs to one thread; the compiled query is kept on it) and then run with the
# request's user id.
_COMPILED_ATTR = "_kam_user_facts_query"
_SENTINEL_ID = -7_319_004_211  # stands for the user's id in the compiled query (never a real primary key)
_USER_FIELDS = [f.attname for f in User._meta.concrete_fields]
_PROVIDER_FIELDS = [f.attname for f in Provider._meta.concrete_fields]
_FACTS = ["facts_role", "facts_role_region_id", "facts_contact_id", "facts_contact_employer_id", "facts_unread",
          "facts_totp_pk", "facts_terms"]  # fmt: skip
_COLUMNS = [*_USER_FIELDS, *(f"provider__{name}" for name in _PROVIDER_FIELDS), *_FACTS]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    user_id_at: int  # where the user's id goes among params
    compiler: SQLCompiler
    converters: dict


def facts_queryset(user_id):
    """The user's row with its provider and facts, one row per membership of the user (see the module docstring)."""
    from recruitment.models import Contact

    # A contact who left the employer is no contact any more (as in accounts.policy.principal.principal_for).
    contact = Contact.objects.filter(user_id=OuterRef("pk"), left_on__isnull=True).order_by("-is_primary", "full_name")
    unread = (
        Notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    device = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True).order_by("pk").values("pk")[:1]
    return (
        User._default_manager.filter(pk=user_id)
        .annotate(
            facts_role=F("memberships__role"),
            facts_role_region_id=F("memberships__region_id"),
            facts_contact_id=Subquery(contact.values("id")[:1]),
            facts_contact_employer_id=Subquery(contact.values("employer_id")[:1]),
            facts_unread=Coalesce(Subquery(unread), 0),
            facts_totp_pk=Subquery(device),
            facts_terms=Exists(TermsAcceptance.objects.filter(user_id=OuterRef("pk"), version=TERMS_VERSION)),
        )
        .order_by()
        .values_list(*_COLUMNS)
    )


def _compiled(connection: BaseDatabaseWrapper) -> _Compiled:
    """facts_queryset compiled for this connection, with the user id's place among its parameters."""
    compiled = getattr(connection, _COMPILED_ATTR, None)
    if compiled is None:
        compiler = facts_queryset(_SENTINEL_ID).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        columns = [column for column, _, _ in compiler.select]
        if list(params).count(_SENTINEL_ID) != 1 or [alias for _, _, alias in compiler.select] != _COLUMNS:
            # pragma: no cover - only if Django changed how it compiles values_list()
            raise RuntimeError("the user facts query does not compile as load_user_with_facts reads it")
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            user_id_at=list(params).index(_SENTINEL_ID),
            compiler=compiler,
            converters=compiler.get_converters(columns),
        )
        setattr(connection, _COMPILED_ATTR, compiled)
    return compiled


def load_user_with_facts(user_id) -> User | None:
    """The user with its provider, principal, unread count and confirmed TOTP device id set on it (one query: one
    row per membership of the user, each carrying the same user facts)."""
    pk = User._meta.pk
    try:
        user_id = pk.get_prep_value(user_id)
    except (ValueError, TypeError):
        return None
    if user_id is None:
        return None
    alias = router.db_for_read(User)
    connection = connections[alias]
    compiled = _compiled(connection)
    at, params = compiled.user_id_at, compiled.params
    params = (*params[:at], pk.get_db_prep_value(user_id, connection, prepared=True), *params[at + 1 :])
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if compiled.converters:  # SQLite's dates, booleans and UUIDs come back as text and numbers
        rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
    if not rows:
        return None
    facts_at = len(_USER_FIELDS) + len(_PROVIDER_FIELDS)
    first = rows[0]
    user = User.from_db(alias, _USER_FIELDS, first[: len(_USER_FIELDS)])
    provider_values = first[len(_USER_FIELDS) : facts_at]
    provider = Provider.from_db(alias, _PROVIDER_FIELDS, provider_values) if provider_values[0] is not None else None
    User._meta.get_field("provider").set_cached_value(user, provider)  # as select_related("provider") would
    facts = dict(zip(_FACTS, first[facts_at:], strict=True))
    memberships = [(row[facts_at], row[facts_at + 1]) for row in rows if row[facts_at]]
    if user.is_active:
        principal = Principal(
            user_id=user.pk,
            provider_id=user.provider_id,
            region_id=provider.region_id if provider is not None else None,
            roles=frozenset(role for role, _ in memberships),
            coordinator_region_ids=frozenset(
                region for role, region in memberships if role == Role.REGION_COORDINATOR and region
            ),
            contact_id=facts["facts_contact_id"],
            contact_employer_id=facts["facts_contact_employer_id"],
        )
        setattr(user, _CACHE_ATTR, principal)
    setattr(user, UNREAD_ATTR, facts["facts_unread"])
    setattr(user, TOTP_ATTR, facts["facts_totp_pk"])
    setattr(user, _TERMS_ATTR, bool(facts["facts_terms"]))
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
