"""Employers: readable by KAMs and region coordinators of the employer's region, by the members of
its client team (staff of the responsible provider) and by the employer's own contacts; writable by
KAMs of the responsible provider."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.db.models.lookups import In
from django.http import Http404

from accounts.models import Role, User
from accounts.policy.principal import AnyUser
from recruitment.models import ClientTeamMember, Contact, ContactLogEntry, Employer

from .principal import Principal, principal_for


class InArray(In):
    """`lhs IN (subquery)`, written `lhs = ANY(ARRAY(subquery))` on PostgreSQL (same rows).

    The subquery becomes an InitPlan evaluated once, so an OR with an indexed condition (`region_id = r OR
    id = ANY(...)`) can use a BitmapOr of two index scans; `id IN (subquery)` is a hashed SubPlan that is
    checked row by row and makes PostgreSQL scan every employer in the country (issue 19).
    """

    def as_postgresql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)  # "(SELECT ...)"
        return f"{lhs_sql} = ANY(ARRAY{rhs_sql})", (*lhs_params, *rhs_params)


def employers_visible_to(user: AnyUser) -> QuerySet:

    condition = Q(pk__in=[])
    for reason in _reasons(principal_for(user)):
        condition |= reason
    return Employer.objects.filter(condition)


def employers_visible_parts(user: AnyUser) -> list[QuerySet]:
    """`employers_visible_to` as disjoint querysets, one per reason to see an employer (the user's region, each
    coordinated region, the own company, the client teams), each without the rows of the reasons before it.

    Their rows together are exactly `employers_visible_to(user)`'s. A list sorted by name reads each part in
    the order of the (region, name, id) index and merges them (issue 19); one OR over all the reasons makes
    PostgreSQL read and sort every employer of the region for each page."""
    parts, before = [], []
    for reason in _reasons(principal_for(user)):
        part = Employer.objects.filter(reason)
        for earlier in before:
            part = part.exclude(earlier)
        parts.append(part)
        before.append(reason)
    return parts


def _reasons(p: Principal) -> list[Q]:
    reasons = []
    if p.is_kam:
        reasons.append(Q(region_id=p.region_id))
    if p.is_region_coordinator:
        reasons += [Q(region_id=region_id) for region_id in sorted(set(p.coordinator_region_ids))]
    if p.is_employer_contact:
        reasons.append(Q(pk=p.contact_employer_id))
    if p.is_provider_staff:
        reasons.append(Q(InArray(F("pk"), _team_employer_ids(p).query)))
    return reasons


def _team_employer_ids(p: Principal) -> QuerySet:
    """The employers whose client team has the user, while the employer is still held by the user's provider."""
    return ClientTeamMember.objects.filter(user_id=p.user_id, employer__responsible_provider_id=p.provider_id).values(
        "employer_id"
    )


CLIENT_TEAM_MEMBER_ATTR = "_kam_client_team_member"


def is_client_team_member(user: AnyUser, employer: Employer) -> bool:
    p = principal_for(user)
    if not p.is_provider_staff or employer.responsible_provider_id != p.provider_id:
        return False
    known = getattr(employer, CLIENT_TEAM_MEMBER_ATTR, None)  # (user id, answer) read with the employer
    if known is not None and known[0] == p.user_id:
        return known[1]
    return employer.client_team.filter(user_id=p.user_id).exists()


def can_edit_employer(user: AnyUser, employer: Employer) -> bool:
    p = principal_for(user)
    return p.is_kam and employer.responsible_provider_id == p.provider_id and employer.region_id == p.region_id


def get_employer_for_user(
    user: AnyUser, uuid: UUID | str, *, write: bool = False, annotate: dict | None = None, related: tuple = ()
) -> Employer:
    """The employer, 404 if unseen; `annotate` and `related` let a page read its one-row facts in the same query."""
    employer = (
        employers_visible_to(user)
        .select_related("region", "responsible_provider", "responsible_kam", *related)
        .annotate(**(annotate or {}))
        .filter(uuid=uuid)
        .first()
    )
    if employer is None:
        raise Http404
    if write and not can_edit_employer(user, employer):
        raise PermissionDenied
    return employer


# Account management (customer pyramid, account plan, contact log, portfolios) is internal to the
# providers and the federation: KAMs and region coordinators of the employer's region and the members
# of its client team read it, KAMs of the responsible provider write it. Employer contacts see their
# company, not this.


def can_create_employer(user: AnyUser) -> bool:
    return principal_for(user).is_kam


def can_view_account_management(user: AnyUser, employer: Employer) -> bool:
    p = principal_for(user)
    return (
        (p.is_kam and employer.region_id == p.region_id)
        or (p.is_region_coordinator and employer.region_id in p.coordinator_region_ids)
        or is_client_team_member(user, employer)
    )


def get_employer_account_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> Employer:
    """The employer for its account-management pages: 404 if unseen, 403 for contacts or read-only users."""
    employer = get_employer_for_user(user, uuid, write=write)
    if not can_view_account_management(user, employer):
        raise PermissionDenied
    return employer


def kams_assignable_for(employer: Employer) -> QuerySet:
    """The KAMs who may hold this employer: KAMs of its responsible provider."""
    return User.objects.filter(
        is_active=True, provider_id=employer.responsible_provider_id, memberships__role=Role.KAM
    ).order_by("full_name")


def get_contact_log_entry_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> ContactLogEntry:
    """A contact-log entry through its employer's account-management rules."""

    entry = (
        ContactLogEntry.objects.filter(uuid=uuid, employer__in=employers_visible_to(user))
        .select_related("employer")
        .first()
    )
    if entry is None:
        raise Http404
    if not can_view_account_management(user, entry.employer):
        raise PermissionDenied
    if write and not can_edit_employer(user, entry.employer):
        raise PermissionDenied
    return entry


def sensitive_handlers_for(employer: Employer) -> QuerySet:
    """Who may handle a politically sensitive employer: its provider's KAMs or the region's project leads."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(provider_id=employer.responsible_provider_id, memberships__role=Role.KAM)
            | Q(memberships__role=Role.REGION_COORDINATOR, memberships__region_id=employer.region_id)
        )
        .distinct()
        .order_by("full_name")
    )


def get_contact_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> Contact:
    """An employer's contact person, through the employer's rules (404 unseen, 403 read-only)."""

    contact = (
        Contact.objects.filter(uuid=uuid, employer__in=employers_visible_to(user)).select_related("employer").first()
    )
    if contact is None:
        raise Http404
    if write and not can_edit_employer(user, contact.employer):
        raise PermissionDenied
    return contact


def can_record_contact_left(user: AnyUser, employer: Employer) -> bool:
    """Who records that a contact left the employer (and undoes it): the KAMs of the employer's responsible
    provider who may edit it, and that provider's administrator."""
    p = principal_for(user)
    if employer.responsible_provider_id is None or employer.responsible_provider_id != p.provider_id:
        return False
    return can_edit_employer(user, employer) or p.is_provider_admin


def get_contact_leaving_for_user(user: AnyUser, uuid: UUID | str) -> Contact:
    """A contact for recording their departure: 404 for everyone but `can_record_contact_left`."""
    p = principal_for(user)
    contact = (
        Contact.objects.filter(uuid=uuid, employer__responsible_provider_id=p.provider_id)
        .select_related("employer", "user")
        .first()
        if p.provider_id is not None
        else None
    )
    if contact is None or not can_record_contact_left(user, contact.employer):
        raise Http404
    return contact


__all__ = [
    "can_create_employer",
    "can_record_contact_left",
    "can_edit_employer",
    "can_view_account_management",
    "employers_visible_parts",
    "employers_visible_to",
    "get_contact_for_user",
    "get_contact_leaving_for_user",
    "get_contact_log_entry_for_user",
    "get_employer_account_for_user",
    "get_employer_for_user",
    "is_client_team_member",
    "kams_assignable_for",
    "sensitive_handlers_for",
]
