"""Who the user is for the policy: their provider, region, roles and employer (for contacts)."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Subquery

from accounts.models import Role, User
from recruitment.models import Contact

# Who a policy question is about: a signed-in user or an anonymous visitor.
AnyUser = User | AnonymousUser

_CACHE_ATTR = "_kam_principal"


@dataclass(frozen=True)
class Principal:
    user_id: int | None = None
    provider_id: int | None = None
    region_id: int | None = None  # the region of the user's provider
    roles: frozenset = field(default_factory=frozenset)
    coordinator_region_ids: frozenset = field(default_factory=frozenset)
    contact_id: int | None = None
    contact_employer_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_kam(self) -> bool:
        return Role.KAM in self.roles and self.provider_id is not None

    @property
    def is_advisor(self) -> bool:
        return Role.ADVISOR in self.roles and self.provider_id is not None

    @property
    def is_provider_admin(self) -> bool:
        return Role.PROVIDER_ADMIN in self.roles and self.provider_id is not None

    @property
    def is_region_coordinator(self) -> bool:
        return bool(self.coordinator_region_ids)

    @property
    def is_employer_contact(self) -> bool:
        return self.contact_employer_id is not None

    @property
    def is_provider_staff(self) -> bool:
        return self.provider_id is not None and bool(self.roles & {Role.KAM, Role.ADVISOR, Role.PROVIDER_ADMIN})


ANONYMOUS = Principal()


def principal_for(user: AnyUser) -> Principal:
    """Load the user's roles once per user object (one small query), then reuse them."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    # A contact who left the employer is no contact any more (their account is closed too).
    contact = Contact.objects.filter(user_id=OuterRef("pk"), left_on__isnull=True).order_by("-is_primary", "full_name")
    # One row per membership (or one row of NULLs without any), each carrying the same user facts.
    rows = list(
        User.objects.filter(pk=user.pk)
        .values("provider__region_id", "memberships__role", "memberships__region_id")
        .annotate(
            contact_id=Subquery(contact.values("id")[:1]),
            contact_employer_id=Subquery(contact.values("employer_id")[:1]),
        )
    )
    facts = rows[0] if rows else {}
    memberships = [
        (row["memberships__role"], row["memberships__region_id"]) for row in rows if row["memberships__role"]
    ]
    principal = Principal(
        user_id=user.pk,
        provider_id=user.provider_id,
        region_id=facts.get("provider__region_id") if user.provider_id else None,
        roles=frozenset(role for role, _ in memberships),
        coordinator_region_ids=frozenset(
            region for role, region in memberships if role == Role.REGION_COORDINATOR and region
        ),
        contact_id=facts.get("contact_id"),
        contact_employer_id=facts.get("contact_employer_id"),
    )
    setattr(user, _CACHE_ATTR, principal)
    return principal


def forget_principal(user: AnyUser) -> None:
    """After a role change in the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


__all__ = [
    "Principal",
    "forget_principal",
    "principal_for",
]
