"""Closing a candidate list the employer left unanswered, so every candidate on it hears where they stand.

Four weeks after the list went out (the `recruitment.list_unanswered_four_weeks` reminder), the
coordinating KAM closes it for the candidates still waiting: each shortlisted submission without
the employer's answer moves to `rejected` through the submission state machine, with the KAM's
feedback, which reaches the candidate's advisor and the supplying KAM. If then nobody is invited to
interview or chosen, the recruitment closes unfilled.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from recruitment.models import LIST_SENT_STATES, Recruitment, Submission, SubmissionStatus
from recruitment.services.candidate_messages import candidate_tell
from recruitment.services.recruitments import (
    RecruitmentError,
    recruitment_close,
    submission_notify_its_side,
    submission_transition,
)

S = SubmissionStatus
LIST_STATES = LIST_SENT_STATES
# A submission in one of these keeps the recruitment running after the unanswered ones are closed.
STILL_IN_PLAY = frozenset({S.INTERVIEW, S.CHOSEN})


def unanswered_submissions(recruitment: Recruitment) -> QuerySet:
    """Shortlisted submissions on the sent list that the employer has not answered."""
    return Submission.objects.filter(recruitment=recruitment).unanswered()


@transaction.atomic
def recruitment_close_unanswered(*, recruitment: Recruitment, actor: User, feedback: str) -> list[Submission]:
    """Reject every unanswered candidate on the list with `feedback`, tell their advisors and supplying
    KAMs, and close the recruitment unfilled if nobody is left at interview or chosen.

    Returns the submissions closed. Refused (nothing changed) without feedback, before the list is
    sent or after the recruitment ended, and when no candidate waits for an answer.
    """
    feedback = feedback.strip()
    if not feedback:
        raise ValidationError({"feedback": _("Please write the feedback the candidates' advisors get.")})
    if recruitment.list_sent_at is None or recruitment.status not in LIST_STATES:
        raise RecruitmentError(_("Only a candidate list that is sent and still running can be closed for answers."))
    waiting = list(
        unanswered_submissions(recruitment)
        .select_related("candidate", "advisor", "coordination_request__supplying_kam")
        .order_by("proposed_at", "id")
    )
    if not waiting:
        raise RecruitmentError(_("No candidate on the list waits for an answer from the employer."))
    now = timezone.now()
    for submission in waiting:
        submission.recruitment = recruitment
        submission_transition(
            submission=submission,
            action="reject",
            actor=actor,
            comment=feedback,
            updates={"feedback": feedback, "decided_at": now},
        )
        submission_notify_its_side(
            submission=submission,
            kind="recruitment.list_closed_unanswered",
            template="recruitment/emails/list_closed_unanswered",
        )
        candidate_tell(submission=submission, event="closed_unanswered")
    audit_record(
        actor=actor,
        action="recruitment.close_unanswered",
        obj=recruitment,
        detail=str(len(waiting)),
    )
    if not recruitment.submissions.filter(status__in=STILL_IN_PLAY).exists():
        reason = gettext("The employer did not answer on the candidate list.") + "\n\n" + feedback
        recruitment_close(recruitment=recruitment, actor=actor, action="close_unfilled", reason=reason)
    return waiting
