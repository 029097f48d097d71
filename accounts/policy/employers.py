"""Employers: readable by KAMs and region coordinators of the employer's region and by the
employer's own contacts; writable by KAMs of the responsible provider."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .principal import principal_for


def employers_visible_to(user) -> QuerySet:
    from recruitment.models import Employer

    p = principal_for(user)
    condition = Q(pk__in=[])
    if p.is_kam:
        condition |= Q(region_id=p.region_id)
    if p.is_region_coordinator:
        condition |= Q(region_id__in=p.coordinator_region_ids)
    if p.is_employer_contact:
        condition |= Q(pk=p.contact_employer_id)
    return Employer.objects.filter(condition)


def can_edit_employer(user, employer) -> bool:
    p = principal_for(user)
    return p.is_kam and employer.responsible_provider_id == p.provider_id and employer.region_id == p.region_id


def get_employer_for_user(user, uuid, *, write: bool = False):
    employer = (
        employers_visible_to(user)
        .select_related("region", "responsible_provider", "responsible_kam")
        .filter(uuid=uuid)
        .first()
    )
    if employer is None:
        raise Http404
    if write and not can_edit_employer(user, employer):
        raise PermissionDenied
    return employer


# Account management (customer pyramid, account plan, contact log, portfolios) is internal to the
# providers and the federation: KAMs and region coordinators of the employer's region read it,
# KAMs of the responsible provider write it. Employer contacts see their company, not this.


def can_create_employer(user) -> bool:
    return principal_for(user).is_kam


def can_view_account_management(user, employer) -> bool:
    p = principal_for(user)
    return (p.is_kam and employer.region_id == p.region_id) or (
        p.is_region_coordinator and employer.region_id in p.coordinator_region_ids
    )


def get_employer_account_for_user(user, uuid, *, write: bool = False):
    """The employer for its account-management pages: 404 if unseen, 403 for contacts or read-only users."""
    employer = get_employer_for_user(user, uuid, write=write)
    if not can_view_account_management(user, employer):
        raise PermissionDenied
    return employer


def kams_assignable_for(employer) -> QuerySet:
    """The KAMs who may hold this employer: KAMs of its responsible provider."""
    from accounts.models import Role, User

    return User.objects.filter(
        is_active=True, provider_id=employer.responsible_provider_id, memberships__role=Role.KAM
    ).order_by("full_name")


def get_contact_log_entry_for_user(user, uuid, *, write: bool = False):
    """A contact-log entry through its employer's account-management rules."""
    from recruitment.models import ContactLogEntry

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


def sensitive_handlers_for(employer) -> QuerySet:
    """Who may handle a politically sensitive employer: its provider's KAMs or the region's project leads."""
    from accounts.models import Role, User

    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(provider_id=employer.responsible_provider_id, memberships__role=Role.KAM)
            | Q(memberships__role=Role.REGION_COORDINATOR, memberships__region_id=employer.region_id)
        )
        .distinct()
        .order_by("full_name")
    )


def get_contact_for_user(user, uuid, *, write: bool = False):
    """An employer's contact person, through the employer's rules (404 unseen, 403 read-only)."""
    from recruitment.models import Contact

    contact = (
        Contact.objects.filter(uuid=uuid, employer__in=employers_visible_to(user)).select_related("employer").first()
    )
    if contact is None:
        raise Http404
    if write and not can_edit_employer(user, contact.employer):
        raise PermissionDenied
    return contact


__all__ = [
    "can_create_employer",
    "can_edit_employer",
    "can_view_account_management",
    "employers_visible_to",
    "get_contact_for_user",
    "get_contact_log_entry_for_user",
    "get_employer_account_for_user",
    "get_employer_for_user",
    "kams_assignable_for",
    "sensitive_handlers_for",
]
