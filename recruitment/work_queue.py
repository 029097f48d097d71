"""The work queue: what each role has to do now, the home page of every user.

One item type (`WorkItem`) and one registry of sources (`@queue_source`): each source answers for one kind,
for the roles it names, in a fixed number of queries whatever the rows, so the whole queue costs a constant
number of queries. The due rules are the reminders' own (`recruitment.reminders`): what the sweep would send,
the queue shows, until it is resolved (the reminder's once-per-key rule does not hide it here).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import Principal, principal_for
from kamportal.lib.workdays import working_days_between

QUEUE_LIMIT_PER_KIND = 50
OUTCOME_DAYS = 14


@dataclass(frozen=True)
class WorkItem:
    """One thing to do: `kind` (a stable code name), what (`title`), why it is due (`why`), since when
    (`since`, a date) and where it is done (`url`). `candidate` is set when the title names a candidate
    (the page audits it)."""

    kind: str
    title: str
    why: str
    since: date | None
    url: str
    candidate: object = field(default=None, compare=False)


@dataclass(frozen=True)
class Figure:
    """An aggregate for region coordinators and provider admins: a label and a count, never a name."""

    kind: str
    label: str
    value: int


Source = Callable[[User, Principal, date, datetime], Iterable[WorkItem]]
_sources: list[tuple[str, Callable[[Principal], bool], Source]] = []


def queue_source(kind: str, *, who: Callable[[Principal], bool]) -> Callable[[Source], Source]:
    """Register a source of items of `kind` for the principals `who` accepts (other branches add kinds here)."""

    def register(source: Source) -> Source:
        _sources[:] = [entry for entry in _sources if entry[0] != kind]
        _sources.append((kind, who, source))
        return source

    return register


def work_queue(*, user: User, now: datetime | None = None) -> list[WorkItem]:
    """Every item due for `user`, kind by kind in registration order, oldest first within a kind."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    p = principal_for(user)
    items: list[WorkItem] = []
    for _kind, who, source in _sources:
        if who(p):
            found = sorted(source(user, p, today, now), key=lambda item: (item.since or today, item.title))
            items.extend(found[:QUEUE_LIMIT_PER_KIND])
    return items


def _day(value) -> date | None:
    if value is None:
        return None
    return timezone.localdate(value) if isinstance(value, datetime) else value


def _fmt(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _is_kam(p: Principal) -> bool:
    return p.is_kam


def _is_advisor(p: Principal) -> bool:
    return p.is_advisor


def _is_contact(p: Principal) -> bool:
    return p.is_employer_contact


def week_bounds(today: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 (local time) of today's ISO week."""
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    return start, start + timedelta(days=7)


# --- the KAM coordinating recruitments and holding employers ----------------------------------------------------


@queue_source("proposals_to_review", who=_is_kam)
def proposals_to_review(user, p, today, now):
    from recruitment.models import ACTIVE_RECRUITMENT_STATES, Recruitment, SubmissionStatus

    waiting = Q(submissions__status=SubmissionStatus.PROPOSED)
    rows = (
        Recruitment.objects.filter(coordinating_kam=user, status__in=ACTIVE_RECRUITMENT_STATES)
        .annotate(waiting=Count("submissions", filter=waiting), oldest=_min("submissions__proposed_at", waiting))
        .filter(waiting__gt=0)
        .select_related("employer")
    )
    for recruitment in rows:
        yield WorkItem(
            kind="proposals_to_review",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("%(count)d proposed candidate(s) waiting for your review") % {"count": recruitment.waiting},
            since=_day(recruitment.oldest),
            url=reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid}),
        )


def _min(field_name, condition):
    from django.db.models import Min

    return Min(field_name, filter=condition)


@queue_source("cv_deadline_soon", who=_is_kam)
def cv_deadlines_soon_coordinated(user, p, today, now):
    from recruitment.reminders import cv_deadline_soon_recruitments

    for recruitment in cv_deadline_soon_recruitments(today).filter(coordinating_kam=user).select_related("employer"):
        yield WorkItem(
            kind="cv_deadline_soon",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("CV deadline %(deadline)s (in %(days)d working day(s)); your provider has proposed nobody")
            % {"deadline": _fmt(recruitment.cv_deadline), "days": working_days_between(today, recruitment.cv_deadline)},
            since=recruitment.cv_deadline,
            url=reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid}),
        )


@queue_source("cv_deadline_passed", who=_is_kam)
def cv_deadlines_passed(user, p, today, now):
    from recruitment.reminders import cv_deadline_passed_recruitments

    for recruitment in cv_deadline_passed_recruitments(today).filter(coordinating_kam=user).select_related("employer"):
        yield WorkItem(
            kind="cv_deadline_passed",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("The CV deadline (%(deadline)s) has passed: review the proposals and send the list")
            % {"deadline": _fmt(recruitment.cv_deadline)},
            since=recruitment.cv_deadline,
            url=reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid}),
        )


@queue_source("feedback_overdue", who=_is_kam)
def feedback_overdue(user, p, today, now):
    from recruitment.reminders import lists_with_feedback_overdue_on

    for recruitment in lists_with_feedback_overdue_on(today).filter(coordinating_kam=user).select_related("employer"):
        yield WorkItem(
            kind="feedback_overdue",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("The employer's feedback was due %(deadline)s; %(count)d candidate(s) without an answer")
            % {"deadline": _fmt(recruitment.feedback_deadline), "count": recruitment.unanswered_count},
            since=recruitment.feedback_deadline,
            url=reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid}),
        )


@queue_source("list_unanswered_four_weeks", who=_is_kam)
def lists_unanswered(user, p, today, now):
    from recruitment.reminders import lists_unanswered_four_weeks_on

    rows = lists_unanswered_four_weeks_on(today).filter(coordinating_kam=user).select_related("employer")
    for recruitment in rows:
        yield WorkItem(
            kind="list_unanswered_four_weeks",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("The list has waited four weeks for answers: close it for the %(count)d unanswered candidate(s)")
            % {"count": recruitment.unanswered_count},
            since=_day(recruitment.list_sent_at),
            url=reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid}) + "#close-unanswered",
        )


@queue_source("mapping_form", who=_is_kam)
def mapping_forms(user, p, today, now):
    from recruitment.models import MappingFormVersion, MappingStatus

    newer = MappingFormVersion.objects.filter(form_id=OuterRef("form_id"), number__gt=OuterRef("number"))
    rows = (
        MappingFormVersion.objects.filter(
            form__employer__responsible_kam=user,
            status__in=[MappingStatus.AWAITING_APPROVAL, MappingStatus.CHANGES_REQUESTED],
        )
        .exclude(Exists(newer))
        .select_related("form__employer")
    )
    for version in rows:
        if version.status == MappingStatus.AWAITING_APPROVAL:
            sent_on = _day(version.sent_at)
            why = _("Sent for approval %(day)s; %(days)d working day(s) without an answer") % {
                "day": _fmt(sent_on),
                "days": working_days_between(sent_on, today),
            }
            since = sent_on
        else:
            why = _("The employer asked for changes")
            since = _day(version.decided_at) or _day(version.sent_at)
        yield WorkItem(
            kind="mapping_form",
            title=_("Mapping form for %(employer)s, version %(number)d")
            % {"employer": version.form.employer, "number": version.number},
            why=why,
            since=since,
            url=reverse("recruitment:mapping_detail", kwargs={"uuid": version.form.uuid}),
        )


@queue_source("quarterly_meeting", who=_is_kam)
def quarterly_meetings(user, p, today, now):
    from recruitment.models import Employer, Tier
    from recruitment.reminders import quarterly_follow_up_due_date
    from recruitment.selectors.employers import employers_without_meeting_this_quarter

    due_date = quarterly_follow_up_due_date(today)
    if today < due_date:
        return
    employers = employers_without_meeting_this_quarter(
        Employer.objects.exclude(tier=Tier.EXCLUDED).filter(responsible_kam=user), today=today
    )
    for employer in employers.only("uuid", "name"):
        last = employer.last_follow_up
        yield WorkItem(
            kind="quarterly_meeting",
            title=employer.name,
            why=(
                _("No follow-up meeting this quarter; the last was %(day)s") % {"day": _fmt(last)}
                if last
                else _("No follow-up meeting this quarter, and none held before")
            ),
            since=due_date,
            url=reverse("recruitment:contact_log_create", kwargs={"uuid": employer.uuid}),
        )


@queue_source("account_plan_review", who=_is_kam)
def account_plan_reviews(user, p, today, now):
    from kamportal.lib.quarters import add_months
    from recruitment.models import Employer
    from recruitment.models.accounts_mgmt import ACCOUNT_PLAN_REVIEW_MONTHS
    from recruitment.selectors.employers import employers_with_account_plan_review_due

    employers = employers_with_account_plan_review_due(Employer.objects.filter(responsible_kam=user), today=today)
    for employer in employers.only("uuid", "name"):
        yield WorkItem(
            kind="account_plan_review",
            title=employer.name,
            why=_("The account plan was last reviewed %(day)s; it is reviewed every six months")
            % {"day": _fmt(employer.last_review)},
            since=add_months(employer.last_review, ACCOUNT_PLAN_REVIEW_MONTHS),
            url=reverse("recruitment:employer_detail", kwargs={"uuid": employer.uuid}) + "#h-plan",
        )


@queue_source("contact_next_step", who=_is_kam)
def contact_next_steps(user, p, today, now):
    """A next step due on an entry of the KAM's that no entry logged after it (and not dated before it) for the
    employer has followed."""
    from recruitment.models import ContactLogEntry

    later = ContactLogEntry.objects.filter(
        employer_id=OuterRef("employer_id"), pk__gt=OuterRef("pk"), occurred_on__gte=OuterRef("occurred_on")
    )
    rows = (
        ContactLogEntry.objects.filter(kam=user, next_step_due__lte=today)
        .exclude(next_step="")
        .exclude(Exists(later))
        .select_related("employer")
    )
    for entry in rows:
        yield WorkItem(
            kind="contact_next_step",
            title=_("%(employer)s: %(step)s") % {"employer": entry.employer.name, "step": entry.next_step},
            why=_("Next step from %(kind)s on %(day)s, due %(due)s")
            % {
                "kind": entry.get_kind_display().lower(),
                "day": _fmt(entry.occurred_on),
                "due": _fmt(entry.next_step_due),
            },
            since=entry.next_step_due,
            url=reverse("recruitment:contact_log_create", kwargs={"uuid": entry.employer.uuid}),
        )


@queue_source("request_unanswered", who=_is_kam)
def requests_waiting_for_answer(user, p, today, now):
    """Coordination requests the KAM sent that the other provider has not answered yet."""
    from recruitment.models import CoordinationRequest, RequestStatus

    rows = CoordinationRequest.objects.filter(
        recruitment__coordinating_kam=user, status=RequestStatus.SENT
    ).select_related("recruitment__employer", "supplying_provider")
    for request in rows:
        yield WorkItem(
            kind="request_unanswered",
            title=_("%(title)s at %(employer)s")
            % {"title": request.recruitment.title, "employer": request.recruitment.employer},
            why=_("%(provider)s has not answered your request for candidates")
            % {"provider": request.supplying_provider},
            since=_day(request.sent_at),
            url=reverse("recruitment:request_detail", kwargs={"uuid": request.uuid}),
        )


@queue_source("interview_this_week", who=lambda p: p.is_kam or p.is_advisor)
def interviews_this_week(user, p, today, now):
    """Interviews this week of recruitments the KAM coordinates, or of the advisor's candidates."""
    from recruitment.models import Interview, SubmissionStatus

    start, end = week_bounds(today)
    mine = Q(submission__recruitment__coordinating_kam=user) | Q(submission__advisor=user)
    rows = Interview.objects.filter(
        mine,
        starts_at__gte=start,
        starts_at__lt=end,
        cancelled_at__isnull=True,
        submission__status=SubmissionStatus.INTERVIEW,
    ).select_related("submission__recruitment__employer", "submission__candidate")
    for interview in rows:
        submission = interview.submission
        recruitment = submission.recruitment
        advisor = submission.advisor_id == user.pk
        yield WorkItem(
            kind="interview_this_week",
            title=_("Interview: %(title)s at %(employer)s")
            % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("%(when)s, %(place)s; record the outcome afterwards")
            % {"when": _when(interview.starts_at), "place": interview.place},
            since=_day(interview.starts_at),
            url=(
                reverse("candidates:detail", kwargs={"uuid": submission.candidate.uuid})
                if advisor
                else reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid})
            ),
        )


# --- the supplying KAM ---------------------------------------------------------------------------------------


@queue_source("request_to_answer", who=_is_kam)
def requests_to_answer(user, p, today, now):
    from recruitment.models import CoordinationRequest, RequestStatus

    rows = CoordinationRequest.objects.filter(supplying_kam=user, status=RequestStatus.SENT).select_related(
        "recruitment__employer", "recruitment__coordinating_provider"
    )
    for request in rows:
        yield WorkItem(
            kind="request_to_answer",
            title=_("%(title)s at %(employer)s")
            % {"title": request.recruitment.title, "employer": request.recruitment.employer},
            why=_("%(provider)s asks your provider for candidates; CV deadline %(deadline)s")
            % {
                "provider": request.recruitment.coordinating_provider,
                "deadline": _fmt(request.recruitment.cv_deadline),
            },
            since=_day(request.sent_at),
            url=reverse("recruitment:request_detail", kwargs={"uuid": request.uuid}),
        )


@queue_source("request_deadline_soon", who=_is_kam)
def request_deadlines_soon(user, p, today, now):
    from recruitment.reminders import cv_deadline_soon_requests

    rows = cv_deadline_soon_requests(today).filter(supplying_kam=user).select_related("recruitment__employer")
    for request in rows:
        recruitment = request.recruitment
        yield WorkItem(
            kind="request_deadline_soon",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("CV deadline %(deadline)s (in %(days)d working day(s)); your provider has proposed nobody")
            % {"deadline": _fmt(recruitment.cv_deadline), "days": working_days_between(today, recruitment.cv_deadline)},
            since=recruitment.cv_deadline,
            url=reverse("recruitment:request_detail", kwargs={"uuid": request.uuid}),
        )


@queue_source("proposal_outcome", who=_is_kam)
def proposal_outcomes(user, p, today, now):
    """Decisions on the supplying KAM's proposals in the last two weeks: tell the advisor and the candidate."""
    from recruitment.models import Submission, SubmissionStatus

    rows = (
        Submission.objects.filter(
            coordination_request__supplying_kam=user,
            decided_at__gte=now - timedelta(days=OUTCOME_DAYS),
        )
        .exclude(status__in=[SubmissionStatus.PROPOSED, SubmissionStatus.WITHDRAWN])
        .select_related("recruitment__employer", "coordination_request")
    )
    for submission in rows:
        recruitment = submission.recruitment
        yield WorkItem(
            kind="proposal_outcome",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("A proposal of yours is now: %(status)s") % {"status": submission.get_status_display()},
            since=_day(submission.decided_at),
            url=reverse("recruitment:request_detail", kwargs={"uuid": submission.coordination_request.uuid}),
        )


# --- the advisor ---------------------------------------------------------------------------------------------


def _advisor_candidates(user):
    from candidates.models import Candidate

    return Candidate.objects.filter(
        advisor=user, status__in=[Candidate.Status.AVAILABLE, Candidate.Status.IN_PROCESS]
    ).only("uuid", "full_name", "created_at", "advisor_id")


@queue_source("candidate_dossier", who=_is_advisor)
def candidates_missing_parts(user, p, today, now):
    """Active candidates without a CV, without a reviewed CV or without an assessment: one query."""
    from candidates.models import Assessment, Document

    cvs = Document.objects.filter(candidate_id=OuterRef("pk"), kind=Document.Kind.CV)
    rows = _advisor_candidates(user).annotate(
        has_cv=Exists(cvs),
        has_reviewed_cv=Exists(cvs.filter(reviewed_on__isnull=False)),
        has_assessment=Exists(Assessment.objects.filter(candidate_id=OuterRef("pk"))),
    )
    for candidate in rows.filter(Q(has_cv=False) | Q(has_reviewed_cv=False) | Q(has_assessment=False)):
        since = _day(candidate.created_at)
        if not candidate.has_cv:
            yield WorkItem(
                kind="candidate_cv_missing",
                title=candidate.full_name,
                why=_("No CV uploaded"),
                since=since,
                url=reverse("candidates:document_upload", kwargs={"uuid": candidate.uuid}),
                candidate=candidate,
            )
        elif not candidate.has_reviewed_cv:
            yield WorkItem(
                kind="candidate_cv_unreviewed",
                title=candidate.full_name,
                why=_("The CV is not reviewed yet"),
                since=since,
                url=reverse("candidates:detail", kwargs={"uuid": candidate.uuid}) + "#documents",
                candidate=candidate,
            )
        if not candidate.has_assessment:
            yield WorkItem(
                kind="candidate_assessment_missing",
                title=candidate.full_name,
                why=_("No vocational assessment written"),
                since=since,
                url=reverse("candidates:assessment_edit", kwargs={"uuid": candidate.uuid}),
                candidate=candidate,
            )


@queue_source("candidate_consent_missing", who=_is_advisor)
def proposals_without_consent(user, p, today, now):
    """The advisor's candidates proposed or shortlisted for an employer without a consent in force for it."""
    from accounts.policy import consents_in_force
    from recruitment.models import Submission, SubmissionStatus

    in_force = consents_in_force(
        employer_id=OuterRef("recruitment__employer_id"), recruitment_id=OuterRef("recruitment_id")
    ).filter(candidate_id=OuterRef("candidate_id"))
    rows = (
        Submission.objects.filter(
            advisor=user,
            status__in=[SubmissionStatus.PROPOSED, SubmissionStatus.SHORTLISTED],
        )
        .exclude(Exists(in_force))
        .select_related("candidate", "recruitment__employer")
    )
    for submission in rows:
        yield WorkItem(
            kind="candidate_consent_missing",
            title=submission.candidate.full_name,
            why=_("Proposed to %(employer)s without a consent for it") % {"employer": submission.recruitment.employer},
            since=_day(submission.proposed_at),
            url=reverse("candidates:consent_create", kwargs={"uuid": submission.candidate.uuid}),
            candidate=submission.candidate,
        )


@queue_source("placement_follow_up", who=_is_advisor)
def placement_follow_ups(user, p, today, now):
    from recruitment.reminders import placements_with_follow_up_due

    rows = placements_with_follow_up_due(today).filter(candidate__advisor=user).select_related("candidate", "employer")
    for placement in rows:
        yield WorkItem(
            kind="placement_follow_up",
            title=_("%(candidate)s at %(employer)s")
            % {"candidate": placement.candidate.full_name, "employer": placement.employer},
            why=_("The placement's follow-up was due %(day)s") % {"day": _fmt(placement.next_follow_up)},
            since=placement.next_follow_up,
            url=reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid}) + "#notes",
            candidate=placement.candidate,
        )


# --- the employer's contact ----------------------------------------------------------------------------------


@queue_source("list_to_answer", who=_is_contact)
def lists_to_answer(user, p, today, now):
    from accounts.policy import recruitments_visible_to
    from recruitment.reminders import lists_waiting_for_answers

    rows = lists_waiting_for_answers().filter(
        employer_id=p.contact_employer_id, pk__in=recruitments_visible_to(user).values("pk")
    )
    for recruitment in rows:
        overdue = recruitment.feedback_deadline is not None and recruitment.feedback_deadline < today
        why = _("%(count)d candidate(s) wait for your answer") % {"count": recruitment.unanswered_count}
        if recruitment.feedback_deadline:
            why += " " + (_("(the answer was due %(day)s)") if overdue else _("(answer by %(day)s)")) % {
                "day": _fmt(recruitment.feedback_deadline)
            }
        yield WorkItem(
            kind="list_to_answer",
            title=recruitment.title,
            why=why,
            since=_day(recruitment.list_sent_at),
            url=reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid}),
        )


@queue_source("contact_interview", who=_is_contact)
def contact_interviews(user, p, today, now):
    """Upcoming interviews of the contact's employer, of candidates the portal shows them (no names here)."""
    from accounts.policy import submissions_visible_to
    from recruitment.models import Interview, SubmissionStatus

    start, _end = week_bounds(today)
    rows = Interview.objects.filter(
        submission__in=submissions_visible_to(user).values("pk"),
        submission__status=SubmissionStatus.INTERVIEW,
        cancelled_at__isnull=True,
        starts_at__gte=max(start, now - timedelta(hours=12)),
    ).select_related("submission__recruitment")
    for interview in rows:
        recruitment = interview.submission.recruitment
        yield WorkItem(
            kind="contact_interview",
            title=_("Interview: %(title)s") % {"title": recruitment.title},
            why=_("%(when)s, %(place)s; give your answer afterwards")
            % {"when": _when(interview.starts_at), "place": interview.place},
            since=_day(interview.starts_at),
            url=reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid}),
        )


@queue_source("mapping_to_approve", who=_is_contact)
def mapping_forms_to_approve(user, p, today, now):
    from recruitment.models import Employer, MappingStatus
    from recruitment.selectors.mapping import latest_versions

    employer = Employer(pk=p.contact_employer_id)
    rows = latest_versions(user=user, employer=employer).filter(status=MappingStatus.AWAITING_APPROVAL)
    for version in rows:
        sent_on = _day(version.sent_at)
        yield WorkItem(
            kind="mapping_to_approve",
            title=_("Mapping form, version %(number)d") % {"number": version.number},
            why=_("Sent to you for approval %(day)s") % {"day": _fmt(sent_on)},
            since=sent_on,
            url=reverse("recruitment:portal_home") + f"#waiting-form-{version.form.uuid}",
        )


# --- aggregates for region coordinators and provider admins ----------------------------------------------------


def overview_figures(*, user: User, now: datetime | None = None) -> list[Figure]:
    """Counts over the user's region (coordinator) or provider (admin), in one query; no names."""
    from recruitment.models import ACTIVE_RECRUITMENT_STATES, OPEN_PLACEMENT_STATES, PlacementStatus, Recruitment

    p = principal_for(user)
    today = timezone.localdate(now or timezone.now())
    if p.is_region_coordinator:
        scope = Q(employer__region_id__in=p.coordinator_region_ids)
    elif p.is_provider_admin:
        scope = Q(coordinating_provider_id=p.provider_id) | Q(submissions__provider_id=p.provider_id)
    else:
        return []
    recruitments = Recruitment.objects.filter(pk__in=Recruitment.objects.filter(scope).values("pk"))
    placements = Q(placements__status__in=OPEN_PLACEMENT_STATES)
    hired = Q(
        placements__status=PlacementStatus.HIRED,
        placements__hired_on__gte=today.replace(month=1, day=1),
        placements__hired_on__lte=today,
    )
    if p.is_provider_admin and not p.is_region_coordinator:
        placements &= Q(placements__provider_id=p.provider_id)
        hired &= Q(placements__provider_id=p.provider_id)
    counts = recruitments.aggregate(
        running=Count("pk", filter=Q(status__in=ACTIVE_RECRUITMENT_STATES), distinct=True),
        waiting=Count("pk", filter=Q(status__in=ACTIVE_RECRUITMENT_STATES, list_sent_at__isnull=False), distinct=True),
        placed=Count("placements", filter=placements, distinct=True),
        hired_count=Count("placements", filter=hired, distinct=True),
    )
    return [
        Figure("running", _("Recruitments running"), counts["running"]),
        Figure("lists_sent", _("Running recruitments with the list sent"), counts["waiting"]),
        Figure("placements", _("Placements under way"), counts["placed"]),
        Figure("hired", _("Hired this year"), counts["hired_count"]),
    ]
