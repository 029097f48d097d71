"""The recruitment board's bulk decisions: the coordinating KAM shortlists or rejects several proposals at once.

Each proposal goes through `submission_decide`, the single decision's service (same engine move, history, audit
rows and notifications); all in one transaction: if any selected proposal cannot be decided, nothing is changed.
"""

from collections import Counter
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.policy import can_manage_recruitment, submissions_visible_to
from kamportal.workflow import WorkflowError
from recruitment.models import Recruitment, Submission, SubmissionStatus
from recruitment.services.recruitments import submission_decide
from recruitment.services.transitions import RecruitmentError

MAX_SELECTED = 200  # a bound on the work of one post (each decision is a few queries and notifications)


@transaction.atomic
def submissions_decide_selected(
    *, recruitment: Recruitment, selected: list[UUID], actor: User, shortlist: bool, feedback: str = ""
) -> list[Submission]:
    """Shortlist (or not, with one feedback to every advisor) each selected proposal of `recruitment`, or none.

    A proposal the actor may not see, or of another recruitment, counts as "not found"; one decided or withdrawn
    meanwhile, or refused by the single decision's own checks, is counted with that reason. Any refusal raises
    RecruitmentError naming how many and why, and the transaction rolls back every decision already made.
    """
    wanted = list(dict.fromkeys(selected))
    if not wanted:
        raise ValidationError({"proposals": _("Please select at least one proposal.")})
    if len(wanted) > MAX_SELECTED:
        raise ValidationError(
            {"proposals": _("Please select at most %(max)s proposals at a time.") % {"max": MAX_SELECTED}}
        )
    feedback = feedback.strip()
    if not shortlist and not feedback:
        raise ValidationError({"feedback": _("Please write feedback for the advisor: why not this candidate?")})
    if not can_manage_recruitment(actor, recruitment):
        raise RecruitmentError(_("Only the coordinating provider's KAMs decide on the proposals."))
    found = {
        s.uuid: s
        for s in submissions_visible_to(actor)
        .filter(recruitment=recruitment, uuid__in=wanted)
        .select_related("recruitment__employer", "candidate", "advisor", "coordination_request__supplying_kam")
    }
    refused: Counter[str] = Counter()
    not_found = sum(1 for key in wanted if key not in found)
    decided = []
    for key in wanted:
        submission = found.get(key)
        if submission is None:
            continue
        if submission.status != SubmissionStatus.PROPOSED:
            refused[_no_longer_proposed(submission)] += 1
            continue
        try:
            decided.append(
                submission_decide(submission=submission, actor=actor, shortlist=shortlist, feedback=feedback)
            )
        except (WorkflowError, ValidationError) as error:  # the single decision's savepoint is rolled back
            refused[" ".join(error.messages) if isinstance(error, ValidationError) else str(error)] += 1
    if not_found or refused:
        raise RecruitmentError(_refusal(total=len(wanted), not_found=not_found, refused=refused, shortlist=shortlist))
    return decided


def _no_longer_proposed(submission: Submission) -> str:
    return _("It is no longer waiting for a decision (now: %(status)s); someone changed it meanwhile.") % {
        "status": submission.get_status_display()
    }


def _refusal(*, total: int, not_found: int, refused: Counter, shortlist: bool) -> str:
    count = not_found + sum(refused.values())
    if shortlist:
        head = ngettext(
            "Nothing was changed: %(count)s of the %(total)s selected proposals cannot be shortlisted.",
            "Nothing was changed: %(count)s of the %(total)s selected proposals cannot be shortlisted.",
            count,
        )
    else:
        head = ngettext(
            "Nothing was changed: %(count)s of the %(total)s selected proposals cannot be rejected.",
            "Nothing was changed: %(count)s of the %(total)s selected proposals cannot be rejected.",
            count,
        )
    parts = [head % {"count": count, "total": total}]
    if not_found:
        parts.append(
            ngettext(
                "%(count)s is not a proposal of this recruitment that you may see.",
                "%(count)s are not proposals of this recruitment that you may see.",
                not_found,
            )
            % {"count": not_found}
        )
    for reason, n in refused.items():
        parts.append(_("%(count)s: %(reason)s") % {"count": n, "reason": reason})
    parts.append(_("Reload the board and select again."))
    return " ".join(parts)
