"""Recruitments, coordination requests and proposals (DESIGN.md "Access").

- A recruitment is run by the KAMs of its coordinating provider (the employer's responsible
  provider): they see and manage it, every request and every proposal, whichever provider it is from.
- A supplying KAM (a KAM of a provider holding a coordination request) sees the recruitment, its
  own provider's request and only its own provider's proposals; it answers the request and proposes.
- An employer contact sees a recruitment of its own employer once the candidate list is sent,
  and on it only the shortlisted proposals (the parts their consents cover: `may_see`).
- Advisors, provider admins, region coordinators and everyone else: nothing here (advisors get
  the feedback on their candidates by notification and on the candidate's page).
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.policy.principal import AnyUser
from recruitment.models import CoordinationRequest, Employer, Recruitment, Submission

from .candidates import shared_with_employer
from .denied import candidate_object_not_found
from .employers import can_edit_employer
from .principal import principal_for


def _supplied_by(provider_id) -> QuerySet:

    return CoordinationRequest.objects.filter(supplying_provider_id=provider_id).values("recruitment_id")


def recruitments_visible_to(user: AnyUser) -> QuerySet:

    p = principal_for(user)
    condition = Q(pk__in=[])
    if p.is_kam:
        condition |= Q(coordinating_provider_id=p.provider_id)
        condition |= Q(pk__in=_supplied_by(p.provider_id))
    if p.is_employer_contact:
        condition |= Q(employer_id=p.contact_employer_id, list_sent_at__isnull=False)
    return Recruitment.objects.filter(condition)


def can_create_recruitment(user: AnyUser, employer: Employer) -> bool:
    """KAMs of the employer's responsible provider (the coordinating provider)."""
    return can_edit_employer(user, employer)


def can_manage_recruitment(user: AnyUser, recruitment: Recruitment) -> bool:
    p = principal_for(user)
    return p.is_kam and recruitment.coordinating_provider_id == p.provider_id


def can_view_candidate_list(user: AnyUser, recruitment: Recruitment) -> bool:
    """The list as the employer sees it: the employer's contacts once sent, and the coordinating KAMs."""
    p = principal_for(user)
    if can_manage_recruitment(user, recruitment):
        return True
    return (
        p.is_employer_contact
        and recruitment.employer_id == p.contact_employer_id
        and recruitment.list_sent_at is not None
    )


def can_answer_for_employer(user: AnyUser, recruitment: Recruitment) -> bool:
    """The employer's answers on the list (to interview, not relevant, hired): its contacts once the list is
    sent, and the coordinating KAMs on the employer's behalf."""
    p = principal_for(user)
    if can_manage_recruitment(user, recruitment):
        return recruitment.list_sent_at is not None
    return (
        p.is_employer_contact
        and recruitment.employer_id == p.contact_employer_id
        and recruitment.list_sent_at is not None
    )


def can_schedule_interview(user: AnyUser, recruitment: Recruitment) -> bool:
    """Interviews are scheduled by the coordinating provider's KAMs."""
    return can_manage_recruitment(user, recruitment)


def supplying_request_for(user: AnyUser, recruitment: Recruitment) -> CoordinationRequest | None:
    """The coordination request the user's provider holds for this recruitment, if the user is its KAM."""

    p = principal_for(user)
    if not p.is_kam:
        return None
    return CoordinationRequest.objects.filter(recruitment=recruitment, supplying_provider_id=p.provider_id).first()


def can_propose(user: AnyUser, recruitment: Recruitment) -> bool:
    """KAMs of the coordinating provider and of providers holding a request propose their own candidates."""
    return can_manage_recruitment(user, recruitment) or supplying_request_for(user, recruitment) is not None


def get_recruitment_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> Recruitment:
    recruitment = (
        recruitments_visible_to(user)
        .select_related("employer", "coordinating_kam", "coordinating_provider", "position", "mapping_version__form")
        .filter(uuid=uuid)
        .first()
    )
    if recruitment is None:
        raise Http404
    if write and not can_manage_recruitment(user, recruitment):
        raise PermissionDenied
    return recruitment


def coordination_requests_visible_to(user: AnyUser) -> QuerySet:

    p = principal_for(user)
    if not p.is_kam:
        return CoordinationRequest.objects.none()
    return CoordinationRequest.objects.filter(
        Q(supplying_provider_id=p.provider_id) | Q(recruitment__coordinating_provider_id=p.provider_id)
    )


def can_answer_request(user: AnyUser, coordination_request: CoordinationRequest) -> bool:
    p = principal_for(user)
    return p.is_kam and coordination_request.supplying_provider_id == p.provider_id


def get_coordination_request_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> CoordinationRequest:
    """A request: seen by both sides; `write` (answer it, propose through it) only by the supplying provider."""
    coordination_request = (
        coordination_requests_visible_to(user)
        .select_related(
            "recruitment__employer",
            "recruitment__coordinating_kam",
            "recruitment__coordinating_provider",
            "recruitment__position",
            "recruitment__mapping_version__form",
            "supplying_provider",
            "supplying_kam",
        )
        .filter(uuid=uuid)
        .first()
    )
    if coordination_request is None:
        raise Http404
    if write and not can_answer_request(user, coordination_request):
        raise PermissionDenied
    return coordination_request


def submissions_visible_to(user: AnyUser) -> QuerySet:
    """Coordinating KAMs: every proposal; supplying KAMs: their own provider's; contacts: what was shared."""

    p = principal_for(user)
    condition = Q(pk__in=[])
    if p.is_kam:
        condition |= Q(recruitment__coordinating_provider_id=p.provider_id) | Q(provider_id=p.provider_id)
    if p.is_employer_contact:
        condition |= Q(pk__in=shared_with_employer(p.contact_employer_id).values("pk"))
    return Submission.objects.filter(condition)


def get_submission_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> Submission:
    """A proposal; `write` (shortlist it or not) only for the coordinating provider's KAMs."""
    submission = (
        submissions_visible_to(user)
        .select_related("recruitment__employer", "candidate", "provider", "advisor")
        .filter(uuid=uuid)
        .first()
    )
    if submission is None:
        raise candidate_object_not_found(user, Submission, uuid)
    if write and not can_manage_recruitment(user, submission.recruitment):
        raise PermissionDenied
    return submission


__all__ = [
    "can_answer_for_employer",
    "can_answer_request",
    "can_create_recruitment",
    "can_manage_recruitment",
    "can_propose",
    "can_schedule_interview",
    "can_view_candidate_list",
    "coordination_requests_visible_to",
    "get_coordination_request_for_user",
    "get_recruitment_for_user",
    "get_submission_for_user",
    "recruitments_visible_to",
    "submissions_visible_to",
    "supplying_request_for",
]
