"""A placement's expectation agreement and attendance weeks: reached through the placement (DESIGN.md "Access").

Staff see them where they see the placement and change them where they may edit it (the candidate's advisor
and the provider's KAMs). The employer's contacts (terms accepted, consent standing) see their employer's
and answer in the portal: confirm the agreement or ask for changes, approve a week or ask for its correction.
When the placement names a workplace supervisor (one of the employer's contacts), only the supervisor and the
employer's primary contact (the deputy while the supervisor is away) answer, and only they enter weeks in the
portal; the employer's other contacts see the placement read-only (403 on the answers). Everyone else: 404.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.policy.principal import AnyUser
from recruitment.models import AgreementPoint, AgreementVersion, AttendanceWeek, Contact, Placement

from .placements import can_edit_placement, placements_visible_to
from .principal import principal_for

_PLACEMENT = (
    "placement__candidate__advisor",
    "placement__employer",
    "placement__recruitment__coordinating_kam",
    "placement__submission__coordination_request__supplying_kam",
)


def contact_answers_for_placement(contact: Contact | None, placement: Placement) -> bool:
    """The one rule of who answers for the employer (confirms, asks for changes, approves, asks for a correction):
    a contact of the placement's employer with a portal account; when a workplace supervisor is named, only the
    supervisor or the employer's primary contact."""
    if contact is None or contact.user_id is None or contact.employer_id != placement.employer_id:
        return False
    supervisor_id = placement.workplace_supervisor_id
    return supervisor_id is None or contact.pk == supervisor_id or contact.is_primary


def placements_answered_by(contact: Contact) -> Q:
    """`contact_answers_for_placement` as a filter on Placement (for lists of what awaits the contact's answer)."""
    if contact.user_id is None:
        return Q(pk__in=[])
    condition = Q(employer_id=contact.employer_id)
    if contact.is_primary:
        return condition
    return condition & (Q(workplace_supervisor__isnull=True) | Q(workplace_supervisor_id=contact.pk))


def contact_records_attendance(contact: Contact | None, placement: Placement) -> bool:
    """Entering a week in the portal: only where a workplace supervisor is named, by those who answer."""
    return placement.workplace_supervisor_id is not None and contact_answers_for_placement(contact, placement)


def _own_contact(user: AnyUser) -> Contact | None:
    p = principal_for(user)
    return Contact.objects.filter(pk=p.contact_id).first() if p.contact_id else None


def can_answer_for_placement(user: AnyUser, placement: Placement) -> bool:
    return contact_answers_for_placement(_own_contact(user), placement)


def can_record_attendance_in_portal(user: AnyUser, placement: Placement) -> bool:
    return contact_records_attendance(_own_contact(user), placement)


def get_portal_placement(user: AnyUser, uuid: UUID | str, *, record: bool = False) -> Placement:
    """A placement of the contact's own employer, shared with it: 403 for staff, 404 for any other;
    `record`: 403 unless the contact may enter attendance weeks for it."""
    p = principal_for(user)
    if not p.is_employer_contact:
        raise PermissionDenied
    placement = (
        placements_visible_to(user)
        .filter(employer_id=p.contact_employer_id, uuid=uuid)
        .select_related("candidate__advisor", "employer", "recruitment", "workplace_supervisor")
        .first()
    )
    if placement is None:
        raise Http404
    if record and not can_record_attendance_in_portal(user, placement):
        raise PermissionDenied
    return placement


def _visible(user: AnyUser):
    return placements_visible_to(user).values("pk")


def get_agreement_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> AgreementVersion:
    agreement = (
        AgreementVersion.objects.filter(uuid=uuid, placement__in=_visible(user)).select_related(*_PLACEMENT).first()
    )
    if agreement is None:
        raise Http404
    if write and not can_edit_placement(user, agreement.placement):
        raise PermissionDenied
    return agreement


def get_agreement_point_for_user(user: AnyUser, uuid: UUID | str) -> AgreementPoint:
    """A point to change: 404 unless the placement is visible, 403 unless the user may edit it."""
    point = (
        AgreementPoint.objects.filter(uuid=uuid, agreement__placement__in=_visible(user))
        .select_related(*(f"agreement__{name}" for name in _PLACEMENT))
        .first()
    )
    if point is None:
        raise Http404
    if not can_edit_placement(user, point.agreement.placement):
        raise PermissionDenied
    return point


def get_attendance_week_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> AttendanceWeek:
    week = AttendanceWeek.objects.filter(uuid=uuid, placement__in=_visible(user)).select_related(*_PLACEMENT).first()
    if week is None:
        raise Http404
    if write and not can_edit_placement(user, week.placement):
        raise PermissionDenied
    return week


def get_portal_agreement(user: AnyUser, uuid: UUID | str) -> AgreementVersion:
    """An agreement version for the contact to answer: 403 for staff, 404 unless of the contact's employer,
    403 for a contact who does not answer for this placement."""
    p = principal_for(user)
    if not p.is_employer_contact:
        raise PermissionDenied
    agreement = get_agreement_for_user(user, uuid)
    if agreement.placement.employer_id != p.contact_employer_id:
        raise Http404
    if not can_answer_for_placement(user, agreement.placement):
        raise PermissionDenied
    return agreement


def get_portal_attendance_week(user: AnyUser, uuid: UUID | str) -> AttendanceWeek:
    """A week for the contact to answer or correct: 403 for staff, 404 unless of the contact's employer,
    403 for a contact who does not answer for this placement."""
    p = principal_for(user)
    if not p.is_employer_contact:
        raise PermissionDenied
    week = get_attendance_week_for_user(user, uuid)
    if week.placement.employer_id != p.contact_employer_id:
        raise Http404
    if not can_answer_for_placement(user, week.placement):
        raise PermissionDenied
    return week


__all__ = [
    "can_answer_for_placement",
    "can_record_attendance_in_portal",
    "contact_answers_for_placement",
    "contact_records_attendance",
    "placements_answered_by",
    "get_agreement_for_user",
    "get_agreement_point_for_user",
    "get_attendance_week_for_user",
    "get_portal_agreement",
    "get_portal_attendance_week",
    "get_portal_placement",
]
