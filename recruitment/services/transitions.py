"""The recruitment app's state machines on the shared engine (accounts.transitions), and its history rows.

    Recruitment:  draft → open → shortlist_sent → interviewing → candidate_chosen → filled;
                  closed_unfilled (with reason) and cancelled from any open state.
    Request:      sent → accepted | declined | no_candidates; accepted → candidates_submitted
                  (the first proposal) or no_candidates; any → closed when the list goes out.
    Submission:   proposed → shortlisted | not_shortlisted | withdrawn; proposed, shortlisted or interview →
                  withdrawn when the candidate's consent is withdrawn; shortlisted → interview |
                  rejected | chosen; interview → chosen | not_chosen; a decision before the list
                  goes out can be undone.
    Placement:    planned → active → hired | ended; planned → hired | ended too.
    MappingForm:  draft → awaiting_approval → approved | changes_requested → draft.

Every RecruitmentEvent row is written by `event_record`; every status change by `_move` / the mapping one.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.transitions import Machine, Move, WorkflowError, transition
from recruitment.models import (
    ACTIVE_RECRUITMENT_STATES,
    CoordinationRequest,
    MappingFormVersion,
    MappingStatus,
    MappingStatusChange,
    Placement,
    PlacementStatus,
    Recruitment,
    RecruitmentEvent,
    RecruitmentStatus,
    RequestStatus,
    Submission,
    SubmissionStatus,
)

R, Q_, S, P, MS = RecruitmentStatus, RequestStatus, SubmissionStatus, PlacementStatus, MappingStatus


class RecruitmentError(WorkflowError):
    """A change the recruitment workflow does not allow; the message is shown to the user."""


class MappingWorkflowError(WorkflowError):
    """A change the mapping form workflow does not allow; the message is shown to the user."""


RECRUITMENT_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "open": (frozenset({R.DRAFT}), R.OPEN),
    "send_list": (frozenset({R.OPEN}), R.SHORTLIST_SENT),
    "start_interviews": (frozenset({R.SHORTLIST_SENT}), R.INTERVIEWING),
    # An employer may hire straight from the list, without an interview.
    "choose": (frozenset({R.SHORTLIST_SENT, R.INTERVIEWING}), R.CANDIDATE_CHOSEN),
    "fill": (frozenset({R.CANDIDATE_CHOSEN}), R.FILLED),
    "close_unfilled": (ACTIVE_RECRUITMENT_STATES, R.CLOSED_UNFILLED),
    "cancel": (ACTIVE_RECRUITMENT_STATES, R.CANCELLED),
}

REQUEST_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "accept": (frozenset({Q_.SENT}), Q_.ACCEPTED),
    "decline": (frozenset({Q_.SENT}), Q_.DECLINED),
    "no_candidates": (frozenset({Q_.SENT, Q_.ACCEPTED}), Q_.NO_CANDIDATES),
    "submit": (frozenset({Q_.ACCEPTED}), Q_.CANDIDATES_SUBMITTED),
    "close": (
        frozenset({Q_.SENT, Q_.ACCEPTED, Q_.DECLINED, Q_.NO_CANDIDATES, Q_.CANDIDATES_SUBMITTED}),
        Q_.CLOSED,
    ),
}

SUBMISSION_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "shortlist": (frozenset({S.PROPOSED}), S.SHORTLISTED),
    "not_shortlist": (frozenset({S.PROPOSED}), S.NOT_SHORTLISTED),
    "withdraw": (frozenset({S.PROPOSED}), S.WITHDRAWN),
    # the candidate withdrew the consent (recruitment.services.hiring.consent_withdrawal_reach)
    "withdraw_consent": (frozenset({S.PROPOSED, S.SHORTLISTED, S.INTERVIEW}), S.WITHDRAWN),
    "undo_decision": (frozenset({S.SHORTLISTED, S.NOT_SHORTLISTED}), S.PROPOSED),
    "invite": (frozenset({S.SHORTLISTED}), S.INTERVIEW),
    "reject": (frozenset({S.SHORTLISTED}), S.REJECTED),
    "choose": (frozenset({S.SHORTLISTED, S.INTERVIEW}), S.CHOSEN),
    "not_choose": (frozenset({S.INTERVIEW}), S.NOT_CHOSEN),
}

PLACEMENT_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "start": (frozenset({P.PLANNED}), P.ACTIVE),
    "hire": (frozenset({P.PLANNED, P.ACTIVE}), P.HIRED),
    "end": (frozenset({P.PLANNED, P.ACTIVE}), P.ENDED),
}

MAPPING_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "send": (frozenset({MS.DRAFT}), MS.AWAITING_APPROVAL),
    "approve": (frozenset({MS.AWAITING_APPROVAL}), MS.APPROVED),
    "request_changes": (frozenset({MS.AWAITING_APPROVAL}), MS.CHANGES_REQUESTED),
    "reopen": (frozenset({MS.CHANGES_REQUESTED}), MS.DRAFT),
    "withdraw": (frozenset({MS.AWAITING_APPROVAL}), MS.DRAFT),
}

# Moves the employer sees on its timeline (recruitment.selectors.timeline); before the list is sent
# the employer sees no recruitment at all.
EMPLOYER_VISIBLE_RECRUITMENT_ACTIONS = frozenset(
    {"send_list", "start_interviews", "choose", "fill", "close_unfilled", "cancel"}
)
EMPLOYER_VISIBLE_PLACEMENT_ACTIONS = frozenset({"start", "hire"})

_REFUSED = _("This is %(status)s now, so that cannot be done.")


@dataclass(frozen=True)
class _Flow:
    """How a recruitment-side object's moves are recorded: its history subject and who the event concerns."""

    machine: Machine
    subject: str
    shared: frozenset[str] = frozenset()
    stamped: bool = False  # the row has updated_at
    versioned: bool = False  # the row has an optimistic-lock version


_FLOWS: dict[type[models.Model], _Flow] = {
    Recruitment: _Flow(
        Machine(
            "recruitment",
            RECRUITMENT_TRANSITIONS,
            RecruitmentError,
            _REFUSED,
            _("Someone else changed this recruitment at the same time. Please reload."),
        ),
        RecruitmentEvent.Subject.RECRUITMENT,
        EMPLOYER_VISIBLE_RECRUITMENT_ACTIONS,
        stamped=True,
    ),
    CoordinationRequest: _Flow(
        Machine(
            "request",
            REQUEST_TRANSITIONS,
            RecruitmentError,
            _REFUSED,
            _("Someone else changed this request at the same time. Please reload."),
        ),
        RecruitmentEvent.Subject.REQUEST,
    ),
    Submission: _Flow(
        Machine(
            "submission",
            SUBMISSION_TRANSITIONS,
            RecruitmentError,
            _REFUSED,
            _("Someone else changed this proposal at the same time. Please reload."),
        ),
        RecruitmentEvent.Subject.SUBMISSION,
    ),
    Placement: _Flow(
        Machine(
            "placement",
            PLACEMENT_TRANSITIONS,
            RecruitmentError,
            _REFUSED,
            _("Someone else changed this placement at the same time. Please reload."),
        ),
        RecruitmentEvent.Subject.PLACEMENT,
        EMPLOYER_VISIBLE_PLACEMENT_ACTIONS,
        stamped=True,
        versioned=True,
    ),
}

MAPPING_MACHINE = Machine(
    "mapping_form",
    MAPPING_TRANSITIONS,
    MappingWorkflowError,
    _("This mapping form is %(status)s, so that cannot be done now."),
    _("Someone else changed this mapping form at the same time. Please reload."),
)


def _actor_name(actor: User | None) -> str:
    return actor.full_name if actor is not None else ""


def event_record(
    *,
    recruitment: Recruitment,
    subject: str,
    subject_id: int,
    action: str,
    actor: User | None,
    provider_id: int | None = None,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    shared_with_employer: bool = False,
    at: datetime | None = None,
) -> RecruitmentEvent:
    """One row of a recruitment's history (a status change, a message, an interview, a note)."""
    return RecruitmentEvent.objects.create(
        recruitment=recruitment,
        subject=subject,
        subject_id=subject_id,
        provider_id=provider_id,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=_actor_name(actor),
        at=at or timezone.now(),
        comment=comment,
        shared_with_employer=shared_with_employer,
    )


def _recruitment_of(obj: models.Model) -> Recruitment:
    return obj if isinstance(obj, Recruitment) else obj.recruitment


def _provider_of(obj: models.Model) -> int | None:
    """The provider an event concerns (others' KAMs do not see it); None for the recruitment's own moves."""
    if isinstance(obj, CoordinationRequest):
        return obj.supplying_provider_id
    if isinstance(obj, Submission | Placement):
        return obj.provider_id
    return None


def _move(
    obj: Any,
    action: str,
    *,
    actor: User | None,
    comment: str = "",
    updates: dict | None = None,
    shared_with_employer: bool = False,
) -> Any:
    """Move a recruitment, request, submission or placement by `action`, with its event and audit rows."""
    flow = _FLOWS[type(obj)]
    extra = {}
    if flow.stamped:
        extra["updated_at"] = timezone.now()
    if flow.versioned:
        extra["version"] = obj.version + 1
    shared = shared_with_employer or action in flow.shared

    def history(move: Move) -> None:
        event_record(
            recruitment=_recruitment_of(obj),
            subject=flow.subject,
            subject_id=obj.pk,
            provider_id=_provider_of(obj),
            action=action,
            from_status=move.old,
            to_status=move.new,
            actor=actor,
            at=move.at,
            comment=comment,
            shared_with_employer=shared,
        )

    return transition(
        flow.machine,
        obj,
        action,
        actor=actor,
        updates={**extra, **(updates or {})},
        history=history,
        candidate_id=getattr(obj, "candidate_id", None),
    )


def recruitment_transition(*, recruitment: Recruitment, action: str, actor: User | None, **options) -> Recruitment:
    """Move the recruitment by `action` or raise RecruitmentError (options: comment, updates, shared_with_employer)."""
    return _move(recruitment, action, actor=actor, **options)


def coordination_request_transition(
    *, coordination_request: CoordinationRequest, action: str, actor: User | None, **options
) -> CoordinationRequest:
    return _move(coordination_request, action, actor=actor, **options)


def submission_transition(*, submission: Submission, action: str, actor: User | None, **options) -> Submission:
    return _move(submission, action, actor=actor, **options)


def placement_transition(*, placement: Placement, action: str, actor: User | None, **options) -> Placement:
    """Move the placement by `action` or raise RecruitmentError; bumps its version."""
    return _move(placement, action, actor=actor, **options)


def mapping_version_transition(
    *,
    version: MappingFormVersion,
    action: str,
    actor: User | None = None,
    actor_name: str = "",
    comment: str = "",
    updates: dict | None = None,
) -> MappingFormVersion:
    """Move `version` by `action` or raise MappingWorkflowError; `actor_name` names a contact without an account."""
    name = actor_name or _actor_name(actor)

    def history(move: Move) -> None:
        MappingStatusChange.objects.create(
            version=version,
            action=action,
            from_status=move.old,
            to_status=move.new,
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_name=name,
            at=move.at,
            comment=comment,
        )

    return transition(
        MAPPING_MACHINE,
        version,
        action,
        actor=actor,
        updates={"updated_at": timezone.now(), **(updates or {})},
        history=history,
        audit_detail=lambda move: f"v{version.number} {move.old} → {move.new} by {name}",
    )
