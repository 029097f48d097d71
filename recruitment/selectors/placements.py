"""Reads for placements: the placement page, the advisor's list and the employer portal's section."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.policy import (
    can_edit_placement,
    can_record_placement_outcome,
    can_see_placement_notes,
    placements_visible_to,
    principal_for,
)
from recruitment.models import OPEN_PLACEMENT_STATES, Employer, Placement, PlacementStatus, RecruitmentEvent

from .placement_records import agreement_state, attendance_totals, points_history
from .timeline import EVENT_LABELS

OPEN_STATES = OPEN_PLACEMENT_STATES


def placement_page(*, placement: Placement, user: User) -> dict:
    """The placement's page: agreement, notes (for the providers only), its timeline and what the user may do."""
    notes = None
    if can_see_placement_notes(user, placement):
        notes = list(placement.notes.select_related("author").order_by("-occurred_on", "-id"))
    events = list(
        RecruitmentEvent.objects.filter(
            recruitment_id=placement.recruitment_id,
            subject=RecruitmentEvent.Subject.PLACEMENT,
            subject_id=placement.pk,
        ).order_by("at", "id")
    )
    for event in events:
        event.label = EVENT_LABELS.get((event.subject, event.action), event.action)
    agreement = agreement_state(placement=placement)
    points = agreement.in_force.points.all() if agreement.in_force else ()
    is_open = placement.status in OPEN_STATES
    can_edit = can_edit_placement(user, placement)
    can_outcome = can_record_placement_outcome(user, placement)
    return {
        "agreement": agreement,
        "history": points_history(placement=placement, current_points=points),
        "attendance": attendance_totals(placement=placement),
        "notes": notes,
        "events": events,
        "is_open": is_open,
        "can_edit": can_edit and is_open,
        "can_outcome": can_outcome and is_open,
        "can_correct_hire": can_outcome and placement.status == PlacementStatus.HIRED,
    }


def my_placements(*, user: User, open_only: bool = True, employer_id=None) -> QuerySet:
    """An advisor's candidates' placements (a KAM: every placement it sees), next follow-up first; `employer_id`:
    only at that employer (the link from its page)."""
    p = principal_for(user)
    placements = placements_visible_to(user)
    if employer_id is not None:
        placements = placements.filter(employer_id=employer_id)
    if not p.is_kam:
        placements = placements.filter(candidate__advisor_id=user.pk)
    if open_only:
        placements = placements.filter(status__in=OPEN_STATES)
    return placements.select_related("candidate__advisor", "employer", "recruitment").order_by(
        "next_follow_up", "start_date", "id"
    )


def placements_for_contact(*, user: User, employer: Employer) -> list:
    """The employer's placements in the portal: only the employer-facing parts are shown (no notes)."""
    return list(
        placements_visible_to(user)
        .filter(employer=employer)
        .select_related("candidate", "recruitment", "workplace_supervisor")
        .order_by("-start_date", "-id")[:100]
    )
