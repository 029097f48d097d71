"""Placements (praksis) of chosen candidates, until hiring (DESIGN.md "Access").

- The candidate's provider: its advisors, KAMs and provider admins see the placement, with the
  advisor's follow-up notes. The candidate's advisor and the provider's KAMs change it (start date,
  contact, expectation agreement, notes, start, hiring, end).
- The coordinating provider's KAMs (the recruitment's) see it too, and may record the outcome
  (hiring or end) and create it from a chosen proposal; they do not edit it otherwise.
- The employer's contacts (once they accepted the terms of use) see their employer's placements
  in the portal while the candidate's consent stands (`shared_with_employer`), and only the
  employer-facing parts: start, workplace contact, the expectation agreement and the outcome,
  never the advisor's follow-up notes (`can_see_placement_notes`).
- Everyone else: nothing (404).
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from accounts.policy.principal import AnyUser
from recruitment.models import Placement, Submission

from .candidates import shared_with_employer
from .denied import candidate_object_not_found
from .portal import contact_has_accepted_terms
from .principal import principal_for


def placements_visible_to(user: AnyUser) -> QuerySet:

    p = principal_for(user)
    condition = Q(pk__in=[])
    if p.is_provider_staff:
        condition |= Q(provider_id=p.provider_id)
    if p.is_kam:
        condition |= Q(recruitment__coordinating_provider_id=p.provider_id)
    if p.is_employer_contact and contact_has_accepted_terms(user):
        # Only while the candidate's consent stands: a withdrawal hides the placement on the next request.
        shared = shared_with_employer(p.contact_employer_id).values("pk")
        condition |= Q(employer_id=p.contact_employer_id, submission_id__in=shared)
    return Placement.objects.filter(condition)


def _candidates_side(p, *, provider_id, advisor_id) -> bool:
    """The candidate's advisor, or a KAM of the candidate's provider."""
    if p.provider_id is None or p.provider_id != provider_id:
        return False
    return p.is_kam or (p.is_advisor and advisor_id == p.user_id)


def _coordinates(p, recruitment) -> bool:
    return p.is_kam and recruitment.coordinating_provider_id == p.provider_id


def can_edit_placement(user: AnyUser, placement: Placement) -> bool:
    """The candidate's advisor and the KAMs of the candidate's provider."""
    return _candidates_side(
        principal_for(user), provider_id=placement.provider_id, advisor_id=placement.candidate.advisor_id
    )


def can_record_placement_outcome(user: AnyUser, placement: Placement) -> bool:
    """Hiring or ending: those who edit it, and the recruitment's coordinating KAMs."""
    return can_edit_placement(user, placement) or _coordinates(principal_for(user), placement.recruitment)


def can_see_placement_notes(user: AnyUser, placement: Placement) -> bool:
    """The advisor's follow-up notes stay with the providers: never shown to the employer."""
    p = principal_for(user)
    return (p.is_provider_staff and placement.provider_id == p.provider_id) or _coordinates(p, placement.recruitment)


def can_create_placement(user: AnyUser, submission: Submission) -> bool:
    """From a chosen proposal: the candidate's advisor, a KAM of the candidate's provider, or the coordinating KAMs."""
    p = principal_for(user)
    return _candidates_side(
        p, provider_id=submission.provider_id, advisor_id=submission.candidate.advisor_id
    ) or _coordinates(p, submission.recruitment)


def get_placement_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False, outcome: bool = False) -> Placement:
    """A placement the user sees; `write`: may edit it; `outcome`: may record hiring or the end."""
    placement = (
        placements_visible_to(user)
        .select_related(
            "candidate__advisor",
            "employer",
            "provider",
            "recruitment__coordinating_kam",
            "recruitment__coordinating_provider",
            "submission__coordination_request__supplying_kam",
            "workplace_supervisor",
        )
        .filter(uuid=uuid)
        .first()
    )
    if placement is None:
        raise candidate_object_not_found(user, Placement, uuid)
    if write and not can_edit_placement(user, placement):
        raise PermissionDenied
    if outcome and not can_record_placement_outcome(user, placement):
        raise PermissionDenied
    return placement


def get_submission_for_placement(user: AnyUser, uuid: UUID | str) -> Submission:
    """A proposal a placement may be created from: 404 unless the user's provider holds the candidate or
    coordinates the recruitment; 403 unless `can_create_placement`."""

    p = principal_for(user)
    condition = Q(pk__in=[])
    if p.is_provider_staff:
        condition |= Q(provider_id=p.provider_id)
    if p.is_kam:
        condition |= Q(recruitment__coordinating_provider_id=p.provider_id)
    submission = (
        Submission.objects.filter(condition)
        .select_related("candidate__advisor", "recruitment__employer", "recruitment__coordinating_kam", "provider")
        .filter(uuid=uuid)
        .first()
    )
    if submission is None:
        raise candidate_object_not_found(user, Submission, uuid)
    if not can_create_placement(user, submission):
        raise PermissionDenied
    return submission


__all__ = [
    "can_create_placement",
    "can_edit_placement",
    "can_record_placement_outcome",
    "can_see_placement_notes",
    "get_placement_for_user",
    "get_submission_for_placement",
    "placements_visible_to",
]
