"""The state machines of a placement's expectation agreement and attendance weeks, on the shared engine.

    AgreementVersion: draft → awaiting_confirmation → confirmed (employer and candidate both confirmed);
                      awaiting_confirmation → superseded (a newer version replaces it before it is confirmed);
                      awaiting_confirmation → changes_requested (the employer's contact asks for changes, with a
                      comment; the advisor's next draft is a new version).
    AttendanceWeek:   submitted → approved | correction_requested; correction_requested → submitted (corrected);
                      approved → checked (the advisor checked it). A week the workplace supervisor entered in the
                      portal: submitted → approved at entry; approved → correction_requested (the advisor returns
                      it) → approved (the supervisor corrected it).

Each move writes a RecruitmentEvent on the placement's history (the timeline shows it) and an audit row.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.transitions import Machine, Move, WorkflowError, transition
from recruitment.models import AgreementStatus, AgreementVersion, AttendanceStatus, AttendanceWeek, RecruitmentEvent
from recruitment.services.transitions import event_record

A, W = AgreementStatus, AttendanceStatus


class PlacementRecordError(WorkflowError):
    """A change to the agreement or the attendance the workflow does not allow; the message is for the user."""


AGREEMENT_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "send": (frozenset({A.DRAFT}), A.AWAITING_CONFIRMATION),
    "confirm": (frozenset({A.AWAITING_CONFIRMATION}), A.CONFIRMED),
    "supersede": (frozenset({A.AWAITING_CONFIRMATION}), A.SUPERSEDED),
    "request_changes": (frozenset({A.AWAITING_CONFIRMATION}), A.CHANGES_REQUESTED),
}

ATTENDANCE_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "approve": (frozenset({W.SUBMITTED}), W.APPROVED),
    "request_correction": (frozenset({W.SUBMITTED}), W.CORRECTION_REQUESTED),
    "resubmit": (frozenset({W.CORRECTION_REQUESTED}), W.SUBMITTED),
    "check": (frozenset({W.APPROVED}), W.CHECKED),
    # A week the workplace supervisor entered in the portal: approved by the employer at entry.
    "approve_at_entry": (frozenset({W.SUBMITTED}), W.APPROVED),
    # The advisor asks the employer to correct a week they entered; the supervisor corrects (approved again).
    "return_to_employer": (frozenset({W.APPROVED}), W.CORRECTION_REQUESTED),
    "employer_correct": (frozenset({W.CORRECTION_REQUESTED}), W.APPROVED),
}

AGREEMENT_MACHINE = Machine(
    "placement_agreement",
    AGREEMENT_TRANSITIONS,
    PlacementRecordError,
    _("This expectation agreement is %(status)s, so that cannot be done now."),
    _("Someone else changed this expectation agreement at the same time. Please reload."),
)

ATTENDANCE_MACHINE = Machine(
    "attendance_week",
    ATTENDANCE_TRANSITIONS,
    PlacementRecordError,
    _("This week's attendance is %(status)s, so that cannot be done now."),
    _("Someone else changed this week's attendance at the same time. Please reload."),
)


def _move(machine: Machine, obj: Any, action: str, *, prefix: str, actor: User | None, comment: str, updates):
    placement = obj.placement

    def history(move: Move) -> None:
        event_record(
            recruitment=placement.recruitment,
            subject=RecruitmentEvent.Subject.PLACEMENT,
            subject_id=placement.pk,
            provider_id=placement.provider_id,
            action=f"{prefix}_{action}",
            from_status=move.old,
            to_status=move.new,
            actor=actor,
            at=move.at,
            comment=comment,
        )

    return transition(
        machine,
        obj,
        action,
        actor=actor,
        updates=updates,
        history=history,
        candidate_id=placement.candidate_id,
    )


def agreement_transition(
    *, agreement: AgreementVersion, action: str, actor: User | None, comment: str = "", updates: dict | None = None
) -> AgreementVersion:
    return _move(
        AGREEMENT_MACHINE,
        agreement,
        action,
        prefix="agreement",
        actor=actor,
        comment=comment or f"v{agreement.number}",
        updates={"updated_at": timezone.now(), **(updates or {})},
    )


def attendance_transition(
    *, week: AttendanceWeek, action: str, actor: User | None, comment: str = "", updates: dict | None = None
) -> AttendanceWeek:
    return _move(
        ATTENDANCE_MACHINE,
        week,
        action,
        prefix="attendance",
        actor=actor,
        comment=comment or week.iso_week,
        updates={"version": week.version + 1, **(updates or {})},
    )
