"""One chronological history per recruitment, cut to what each party may see (DESIGN.md "Access").

Every status change and message of a recruitment, its requests, proposals, interviews and
placements is a RecruitmentEvent. Who sees which:

- the coordinating provider's KAMs: every event;
- a supplying KAM: the recruitment's own events and those of its own provider's request,
  proposals, interviews and placements (`provider` is theirs), never another provider's;
- the employer's contact: events marked `shared_with_employer` (the list, their answers, the
  interviews, the choice, the hiring), and of those about a candidate only while that
  candidate is still on the list they may see (a withdrawn consent hides the candidate's history);
- the candidate's own provider (advisor, KAMs, admin), on the candidate's page: the events of
  that candidate's proposals, interviews and placements (`candidate_timeline`).
Nobody else sees any.
"""

from collections import defaultdict

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.policy import can_manage_recruitment, principal_for, submissions_visible_to, supplying_request_for
from recruitment.models import Interview, Placement, Recruitment, RecruitmentEvent, Submission

Subject = RecruitmentEvent.Subject

EVENT_LABELS = {
    ("recruitment", "created"): _("Recruitment created"),
    ("recruitment", "plan_changed"): _("Progress plan changed"),
    ("recruitment", "open"): _("Opened for candidates"),
    ("recruitment", "send_list"): _("Candidate list sent to the employer"),
    ("recruitment", "list_supplemented"): _("More candidates sent to the employer"),
    ("recruitment", "status_update"): _("Status update sent to the employer"),
    ("recruitment", "start_interviews"): _("Interviews started"),
    ("recruitment", "choose"): _("Candidate chosen"),
    ("recruitment", "fill"): _("Position filled"),
    ("recruitment", "close_unfilled"): _("Closed without a hire"),
    ("recruitment", "cancel"): _("Cancelled"),
    ("request", "sent"): _("Coordination request sent"),
    ("request", "accept"): _("Request accepted"),
    ("request", "decline"): _("Request declined"),
    ("request", "no_candidates"): _("No suitable candidates"),
    ("request", "submit"): _("Candidates proposed"),
    ("request", "close"): _("Request closed"),
    ("submission", "proposed"): _("Candidate proposed"),
    ("submission", "shortlist"): _("Shortlisted"),
    ("submission", "not_shortlist"): _("Not shortlisted"),
    ("submission", "withdraw"): _("Proposal withdrawn"),
    ("submission", "withdraw_consent"): _("Withdrawn: the candidate withdrew the consent"),
    ("submission", "undo_decision"): _("Decision undone"),
    ("submission", "invite"): _("Invited to interview"),
    ("submission", "reject"): _("Not chosen for interview"),
    ("submission", "choose"): _("Chosen"),
    ("submission", "not_choose"): _("Not chosen"),
    ("interview", "interview_scheduled"): _("Interview scheduled"),
    ("interview", "interview_rescheduled"): _("Interview moved"),
    ("interview", "interview_cancelled"): _("Interview cancelled"),
    ("placement", "created"): _("Placement planned"),
    ("placement", "updated"): _("Placement changed"),
    ("placement", "agreement"): _("Expectation agreement recorded"),
    ("placement", "note"): _("Follow-up note written"),
    ("placement", "start"): _("Placement started"),
    ("placement", "hire"): _("Hired"),
    ("placement", "hire_corrected"): _("Hiring corrected"),
    ("placement", "end"): _("Placement ended"),
    ("placement", "agreement_send"): _("Expectation agreement sent for confirmation"),
    ("placement", "agreement_confirm"): _("Expectation agreement confirmed by all parties"),
    ("placement", "agreement_supersede"): _("Expectation agreement replaced by a newer version"),
    ("placement", "attendance_approve"): _("Attendance approved by the employer"),
    ("placement", "attendance_request_correction"): _("Employer asked to correct attendance"),
    ("placement", "attendance_resubmit"): _("Corrected attendance sent again"),
    ("placement", "attendance_check"): _("Approved attendance checked"),
}


def _labelled(events) -> list[RecruitmentEvent]:
    events = list(events)
    for event in events:
        event.label = EVENT_LABELS.get((event.subject, event.action), event.action)
    return events


def _about_submissions(submission_ids) -> Q:
    """Events whose subject is one of these proposals, or an interview or placement of one."""
    return (
        Q(subject=Subject.SUBMISSION, subject_id__in=submission_ids)
        | Q(
            subject=Subject.INTERVIEW,
            subject_id__in=Interview.objects.filter(submission_id__in=submission_ids).values("pk"),
        )
        | Q(
            subject=Subject.PLACEMENT,
            subject_id__in=Placement.objects.filter(submission_id__in=submission_ids).values("pk"),
        )
    )


def _candidate_subjects() -> list[str]:
    return [Subject.SUBMISSION, Subject.INTERVIEW, Subject.PLACEMENT]


def recruitment_events_visible_to(*, user: User, recruitment: Recruitment) -> QuerySet:
    events = recruitment.events.select_related("actor").order_by("at", "id")
    p = principal_for(user)
    if can_manage_recruitment(user, recruitment):
        return events
    if p.is_kam and supplying_request_for(user, recruitment) is not None:
        return events.filter(Q(provider__isnull=True) | Q(provider_id=p.provider_id))
    if p.is_employer_contact and recruitment.employer_id == p.contact_employer_id:
        visible = submissions_visible_to(user).filter(recruitment=recruitment).values("pk")
        about_candidates = Q(subject__in=_candidate_subjects())
        return events.filter(Q(shared_with_employer=True), ~about_candidates | _about_submissions(visible))
    return events.none()


def recruitment_timeline(*, user: User, recruitment: Recruitment) -> list[RecruitmentEvent]:
    """The recruitment's history as this user may see it, oldest first, each event with a `label`."""
    return _labelled(recruitment_events_visible_to(user=user, recruitment=recruitment))


def _one_to_one_ids(submissions, model, name: str) -> dict[int, int]:
    """{interview or placement id: submission id}: from the rows `select_related` already loaded, else one query."""
    relation = Submission._meta.get_field(name)
    if all(relation.is_cached(s) for s in submissions):
        loaded = ((relation.get_cached_value(s), s.pk) for s in submissions)
        return {row.pk: submission_id for row, submission_id in loaded if row is not None}
    return dict(model.objects.filter(submission_id__in=[s.pk for s in submissions]).values_list("pk", "submission_id"))


def candidate_timeline(*, submissions) -> dict[int, list[RecruitmentEvent]]:
    """For the candidate's own provider: per proposal id, the events of the proposal, its interview and placement.

    `submissions`: the candidate's proposals the caller may already show (the home provider's view).
    """
    ids = [s.pk for s in submissions]
    if not ids:
        return {}
    interviews = _one_to_one_ids(submissions, Interview, "interview")
    placements = _one_to_one_ids(submissions, Placement, "placement")
    events = RecruitmentEvent.objects.filter(
        Q(subject=Subject.SUBMISSION, subject_id__in=ids)
        | Q(subject=Subject.INTERVIEW, subject_id__in=list(interviews))
        | Q(subject=Subject.PLACEMENT, subject_id__in=list(placements))
    ).order_by("at", "id")
    by_submission: dict[int, list[RecruitmentEvent]] = defaultdict(list)
    for event in _labelled(events):
        owner = {
            Subject.SUBMISSION: lambda pk: pk,
            Subject.INTERVIEW: interviews.get,
            Subject.PLACEMENT: placements.get,
        }[event.subject](event.subject_id)
        by_submission[owner].append(event)
    return dict(by_submission)
