"""The recruitment app's reminder kinds (found by the sweep in accounts/reminders.py).

Each finder only reads, in a fixed number of queries whatever the number of rows, and leaves
out what was already sent for the same key, so the hourly sweep stays cheap at national scale:

- `mapping_form.awaiting_approval`: a mapping form version sent for approval and not answered
  after more than 5 working days. Due on the 6th working day after sending, and again every
  5 working days while it waits (6th, 11th, 16th ...): the due date in the key makes each one
  unique. The KAM who sent it and the employer's responsible KAM are told (key: the version);
  the contact the approval request went to gets a reminder with a working link (key: the
  approval request) while that request has not expired.

  The contact's link is a fresh signature of the *same* ApprovalRequest, not a new request: the
  request row is what makes a link single-use (`used_at`) and what sets its expiry, so the first
  answer through either link uses the request up and the other link is refused as used, and a
  reminder never extends the deadline. Issuing a new request would need a write in the finder
  (which runs every hour, sent or not) and would leave two live requests for one version. Once
  the link has expired the contact gets nothing more; the KAM's reminder says so and asks the KAM
  to withdraw and send the form again (a new request with a new link).

- `employer.quarterly_follow_up`: no follow-up meeting or visit held with an employer this
  quarter by the first day of the quarter's second month (the due date). The responsible KAM is
  told once per employer per quarter. Employers without an active responsible KAM are logged.

- `account_plan.review_due`: the current account plan version is past its six-monthly review
  (`employers_with_account_plan_review_due`). The responsible KAM is told once per plan version
  per due date (the version's review date plus six months).

The recruitment kinds below go out on working days only (kamportal.lib.workdays: no weekends, no
Norwegian public holidays): a reminder falling on a Saturday is sent by Monday's first sweep.

- `recruitment.cv_deadline_soon`: an open recruitment's CV deadline is at most 2 working days
  away (from the working day 2 working days before it up to the day before it). Each supplying KAM
  whose coordination request is still open for candidates (sent or accepted) and whose provider
  has proposed nobody is reminded (key: the request), and the coordinating KAM when the
  coordinating provider itself, in a single- or a multi-provider recruitment, has proposed nobody
  (key: the recruitment). The due date in the key is the deadline, so a moved deadline is
  reminded again. Advisors are not reminded: a coordination request goes to a provider's KAM and
  names no advisor (an advisor appears only on a proposal, which is what is missing here), so the
  supplying KAM is the one who asks the provider's advisors.

- `recruitment.cv_deadline_passed`: the CV deadline has passed and the recruitment is still open
  (the list is not sent). The coordinating KAM is told how many proposals came, from how many
  providers, and to compile the list (key: the recruitment, due date the deadline).

- `recruitment.list_feedback_overdue`: the candidate list was sent, its feedback deadline has
  passed, and a shortlisted candidate still has no answer from the employer. The coordinating KAM
  is told (key: the recruitment, due date the feedback deadline), and so, under the kind
  `recruitment.list_feedback_overdue_contact`, is the contact the list was sent to, with the
  link to the list: the same object and due date under a second kind name, because a key needs an
  object that is unique per list sent, and the Contact is not (one contact may get many lists).

- `recruitment.list_unanswered_four_weeks`: 4 weeks (28 days) after the list was sent, candidates
  on it still have no answer. The coordinating KAM is asked to close the list for them and tell
  the candidates (`recruitment_close_unanswered`, a form on the recruitment page). A list is sent
  once per recruitment, so the key is the recruitment (due date: sent on + 28 days).
"""

import logging
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReminderSent
from accounts.policy import consents_in_force
from accounts.reminders import Due, reminder_kind
from kamportal.lib.quarters import quarter_bounds, quarter_label
from kamportal.lib.workdays import add_working_days, is_working_day, working_days_between
from recruitment.models import (
    AccountPlanVersion,
    ApprovalRequest,
    CoordinationRequest,
    Employer,
    MappingFormVersion,
    MappingStatus,
    Recruitment,
    RecruitmentStatus,
    RequestStatus,
    Submission,
    SubmissionStatus,
    Tier,
    unanswered_q,
)
from recruitment.selectors.employers import (
    employers_with_account_plan_review_due,
    employers_without_meeting_this_quarter,
)
from recruitment.services.unanswered import LIST_STATES

log = logging.getLogger(__name__)

MAPPING_AWAITING_APPROVAL = "mapping_form.awaiting_approval"
QUARTERLY_FOLLOW_UP = "employer.quarterly_follow_up"
ACCOUNT_PLAN_REVIEW_DUE = "account_plan.review_due"
CV_DEADLINE_SOON = "recruitment.cv_deadline_soon"
CV_DEADLINE_PASSED = "recruitment.cv_deadline_passed"
LIST_FEEDBACK_OVERDUE = "recruitment.list_feedback_overdue"
LIST_FEEDBACK_OVERDUE_CONTACT = "recruitment.list_feedback_overdue_contact"
LIST_UNANSWERED_FOUR_WEEKS = "recruitment.list_unanswered_four_weeks"

APPROVAL_REMINDER_EVERY = 5  # working days: remind after more than this, and again every this many
CV_DEADLINE_SOON_WORKING_DAYS = 2
LIST_UNANSWERED_DAYS = 28
TEMPLATES = "recruitment/emails/reminders/"
MISSING_NAMES_LOGGED = 10


def _key_taken(queryset: QuerySet, *, kind: str, **due_date_lookup) -> Exists:
    """Exists(a ReminderSent of `kind` for the row), for `.exclude()`: what was sent is not loaded again."""
    return Exists(
        ReminderSent.objects.filter(
            kind=kind,
            object_type=queryset.model._meta.label_lower,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            **due_date_lookup,
        )
    )


def _active(*users) -> list:
    """The users that exist and are active, each once, in order."""
    seen, result = set(), []
    for user in users:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def _log_without_kam(kind: str, employers: QuerySet, what: str) -> None:
    count = employers.count()
    if count:
        names = list(employers.order_by("name").values_list("name", flat=True)[:MISSING_NAMES_LOGGED])
        log.warning(
            "%s: %d %s no active responsible KAM, no reminder sent: %s%s",
            kind,
            count,
            what,
            ", ".join(names),
            " ..." if count > len(names) else "",
        )


# --- mapping form waiting for approval ---------------------------------------------------------


def approval_reminder_due_date(sent_on: date, today: date) -> date | None:
    """The due date of the latest reminder for a form sent on `sent_on`, or None if none is due yet.

    More than 5 working days waiting: the first on the 6th working day, then the 11th, the 16th ...
    """
    waited = working_days_between(sent_on, today)
    if waited <= APPROVAL_REMINDER_EVERY:
        return None
    step = (waited - 1) // APPROVAL_REMINDER_EVERY
    return add_working_days(sent_on, APPROVAL_REMINDER_EVERY * step + 1)


def _sent_keys(kind: str, objects: list) -> set[tuple[str, str, date]]:
    """(object type, object id, due date) of every reminder of `kind` already sent for these objects."""
    by_type: dict[str, list[str]] = {}
    for obj in objects:
        by_type.setdefault(obj._meta.label_lower, []).append(str(obj.pk))
    if not by_type:
        return set()
    condition = Q()
    for object_type, ids in by_type.items():
        condition |= Q(object_type=object_type, object_id__in=ids)
    return set(ReminderSent.objects.filter(condition, kind=kind).values_list("object_type", "object_id", "due_date"))


def _is_sent(keys: set, obj, due_date: date) -> bool:
    return (obj._meta.label_lower, str(obj.pk), due_date) in keys


@reminder_kind(MAPPING_AWAITING_APPROVAL)
def mapping_forms_awaiting_approval(now: datetime) -> Iterator[Due]:
    from recruitment.services.mapping import approval_token

    today = timezone.localdate(now)
    open_requests = ApprovalRequest.objects.filter(used_at__isnull=True).select_related("contact", "sent_by")
    versions = list(
        MappingFormVersion.objects.filter(
            status=MappingStatus.AWAITING_APPROVAL,
            sent_at__isnull=False,
            sent_at__lt=now - timedelta(days=APPROVAL_REMINDER_EVERY),  # 6 working days span 8 days or more
        )
        .select_related("form__employer__responsible_kam")
        .prefetch_related(
            Prefetch("approval_requests", queryset=open_requests.order_by("-sent_at", "-id"), to_attr="open_requests")
        )
        .order_by("sent_at", "pk")
    )
    due_versions = []
    for version in versions:
        due_date = approval_reminder_due_date(timezone.localdate(version.sent_at), today)
        if due_date is not None:
            due_versions.append((version, due_date))
    sent = _sent_keys(
        MAPPING_AWAITING_APPROVAL,
        [v for v, _ in due_versions] + [r for v, _ in due_versions for r in v.open_requests[:1]],
    )
    for version, due_date in due_versions:
        employer = version.form.employer
        approval_request = version.open_requests[0] if version.open_requests else None
        if approval_request is not None:
            approval_request.version = version
        link_works = approval_request is not None and approval_request.expires_at > now
        context = {
            "employer": employer,
            "version": version,
            "approval_request": approval_request,
            "contact": approval_request.contact if approval_request else None,
            "sent_on": timezone.localdate(version.sent_at),
            "working_days": working_days_between(timezone.localdate(version.sent_at), today),
            "link_works": link_works,
        }
        if link_works and not _is_sent(sent, approval_request, due_date):
            token = approval_token(approval_request)
            yield Due(
                obj=approval_request,
                due_date=due_date,
                recipients=[approval_request.email],
                template=TEMPLATES + "mapping_awaiting_approval_contact",
                context={**context, "kam": approval_request.sent_by},
                url=reverse("recruitment:mapping_approval", kwargs={"token": token}),
            )
        if _is_sent(sent, version, due_date):
            continue
        kams = _active(approval_request.sent_by if approval_request else None, employer.responsible_kam)
        if not kams:
            log.warning(
                "%s: mapping form %s v%s for %s has no active KAM to remind",
                MAPPING_AWAITING_APPROVAL,
                version.form.uuid,
                version.number,
                employer.name,
            )
            continue
        yield Due(
            obj=version,
            due_date=due_date,
            recipients=kams,
            template=TEMPLATES + "mapping_awaiting_approval_kam",
            context=context,
            url=reverse("recruitment:mapping_detail", kwargs={"uuid": version.form.uuid}),
        )


# --- quarterly follow-up meeting ---------------------------------------------------------------


def quarterly_follow_up_due_date(today: date) -> date:
    """The first day of the second month of today's quarter."""
    start, _ = quarter_bounds(today)
    return start.replace(month=start.month + 1)


@reminder_kind(QUARTERLY_FOLLOW_UP)
def employers_without_quarterly_follow_up(now: datetime) -> Iterator[Due]:
    """One query for the employers due (plus two for the log of those without a KAM), however many."""
    today = timezone.localdate(now)
    due_date = quarterly_follow_up_due_date(today)
    if today < due_date:
        return
    quarter_start, _ = quarter_bounds(today)
    without_meeting = employers_without_meeting_this_quarter(Employer.objects.exclude(tier=Tier.EXCLUDED), today=today)
    has_kam = Q(responsible_kam__isnull=False, responsible_kam__is_active=True)
    unsent = without_meeting.exclude(_key_taken(Employer.objects, kind=QUARTERLY_FOLLOW_UP, due_date=due_date))
    _log_without_kam(
        QUARTERLY_FOLLOW_UP, unsent.exclude(has_kam), "employers without a follow-up meeting this quarter have"
    )
    employers = unsent.filter(has_kam).select_related("responsible_kam").order_by("pk")
    for employer in employers:
        yield Due(
            obj=employer,
            due_date=due_date,
            recipients=[employer.responsible_kam],
            template=TEMPLATES + "employer_quarterly_follow_up",
            context={
                "employer": employer,
                "quarter": quarter_label(today),
                "quarter_start": quarter_start,
                "last_follow_up": employer.last_follow_up,
            },
            url=reverse("recruitment:employer_detail", kwargs={"uuid": employer.uuid}),
        )


# --- account plan review -----------------------------------------------------------------------


@reminder_kind(ACCOUNT_PLAN_REVIEW_DUE)
def account_plans_due_for_review(now: datetime) -> Iterator[Due]:
    """The current plan version of each employer past its review: one query (two more for the log)."""
    today = timezone.localdate(now)
    due_employers = employers_with_account_plan_review_due(Employer.objects.all(), today=today)
    newer = AccountPlanVersion.objects.filter(employer_id=OuterRef("employer_id"), version__gt=OuterRef("version"))
    sent = _key_taken(AccountPlanVersion.objects, kind=ACCOUNT_PLAN_REVIEW_DUE, due_date__gt=OuterRef("reviewed_on"))
    plans = (
        AccountPlanVersion.objects.filter(employer__in=due_employers.values("pk")).exclude(Exists(newer)).exclude(sent)
    )
    has_kam = Q(employer__responsible_kam__isnull=False, employer__responsible_kam__is_active=True)
    _log_without_kam(
        ACCOUNT_PLAN_REVIEW_DUE,
        Employer.objects.filter(pk__in=plans.exclude(has_kam).values("employer_id")),
        "employers with an account plan due for review have",
    )
    for plan in plans.filter(has_kam).select_related("employer__responsible_kam").order_by("pk"):
        employer = plan.employer
        yield Due(
            obj=plan,
            due_date=plan.next_review_on,
            recipients=[employer.responsible_kam],
            template=TEMPLATES + "account_plan_review_due",
            context={"employer": employer, "plan": plan},
            url=reverse("recruitment:account_plan_edit", kwargs={"uuid": employer.uuid}),
        )


# --- placement follow-up -----------------------------------------------------------------------

PLACEMENT_FOLLOW_UP_DUE = "recruitment.placement_follow_up_due"


@reminder_kind(PLACEMENT_FOLLOW_UP_DUE)
def placements_follow_up_due(now: datetime) -> Iterator[Due]:
    """Planned or active placements whose next follow-up is today or past: the candidate's advisor is told
    once per placement per due date (a follow-up note moves the date, and so makes the next key). One query."""
    from recruitment.models import OPEN_PLACEMENT_STATES, Placement

    today = timezone.localdate(now)
    placements = (
        Placement.objects.filter(
            status__in=OPEN_PLACEMENT_STATES,
            next_follow_up__lte=today,
            candidate__advisor__is_active=True,
        )
        .exclude(_key_taken(Placement.objects, kind=PLACEMENT_FOLLOW_UP_DUE, due_date=OuterRef("next_follow_up")))
        .select_related("candidate__advisor", "employer", "recruitment")
        .order_by("next_follow_up", "pk")
    )
    for placement in placements:
        yield Due(
            obj=placement,
            due_date=placement.next_follow_up,
            recipients=[placement.candidate.advisor],
            template=TEMPLATES + "placement_follow_up_due",
            context={"placement": placement},
            url=reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid}),
        )


# --- interview tomorrow ------------------------------------------------------------------------

INTERVIEW_TOMORROW = "recruitment.interview_tomorrow"


@reminder_kind(INTERVIEW_TOMORROW)
def interviews_tomorrow(now: datetime) -> Iterator[Due]:
    """Interviews (not cancelled, the candidate still invited) that start tomorrow, Oslo time: one query.

    The coordinating KAM and the candidate's advisor get the reminder with the interview's .ics (same
    UID and sequence as the invitation). The key is the interview and its day, so a moved interview
    is reminded again for its new day.
    """
    from recruitment.models import Interview, SubmissionStatus
    from recruitment.services.hiring import INTERVIEW_ATTACHMENT, interview_calendar

    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), datetime.min.time()))
    interviews = (
        Interview.objects.filter(
            starts_at__gte=start,
            starts_at__lt=end,
            cancelled_at__isnull=True,
            submission__status=SubmissionStatus.INTERVIEW,
        )
        .exclude(_key_taken(Interview.objects, kind=INTERVIEW_TOMORROW, due_date=tomorrow))
        .select_related(
            "submission__candidate",
            "submission__advisor",
            "submission__recruitment__employer",
            "submission__recruitment__coordinating_kam",
        )
        .order_by("starts_at", "pk")
    )
    for interview in interviews:
        submission = interview.submission
        recruitment = submission.recruitment
        recipients = _active(recruitment.coordinating_kam, submission.advisor)
        if not recipients:
            continue
        yield Due(
            obj=interview,
            due_date=tomorrow,
            recipients=recipients,
            template=TEMPLATES + "interview_tomorrow",
            context={
                "interview": interview,
                "submission": submission,
                "candidate": submission.candidate,
                "recruitment": recruitment,
                "employer": recruitment.employer,
            },
            url=reverse("candidates:detail", kwargs={"uuid": submission.candidate.uuid}),
            attachments=[(INTERVIEW_ATTACHMENT, interview_calendar(interview), "text/calendar")],
        )


# --- recruitments: the CV deadline -------------------------------------------------------------

S = SubmissionStatus


def cv_deadline_soon_window(today: date) -> tuple[date, date]:
    """Deadlines strictly between these two dates are at most 2 working days after `today`.

    The upper bound is the 3rd working day after today, so a deadline on the weekend right
    after the 2nd working day counts too (it is no more working days away).
    """
    return today, add_working_days(today, CV_DEADLINE_SOON_WORKING_DAYS + 1)


def _proposals_of(provider_field: str, recruitment_field: str) -> Exists:
    """Exists(a proposal, not withdrawn, of that provider to that recruitment)."""
    return Exists(
        Submission.objects.filter(
            recruitment_id=OuterRef(recruitment_field), provider_id=OuterRef(provider_field)
        ).exclude(status=S.WITHDRAWN)
    )


def _log_inactive(kind: str, what: str, obj) -> None:
    log.warning("%s: %s %s has no active KAM to remind", kind, what, obj)


@reminder_kind(CV_DEADLINE_SOON)
def cv_deadlines_soon(now: datetime) -> Iterator[Due]:
    """Two queries however many recruitments: the open requests without a proposal, and the
    recruitments whose coordinating provider has proposed nobody."""
    today = timezone.localdate(now)
    if not is_working_day(today):
        return
    after, before = cv_deadline_soon_window(today)
    requests = (
        CoordinationRequest.objects.filter(
            status__in=[RequestStatus.SENT, RequestStatus.ACCEPTED],
            recruitment__status=RecruitmentStatus.OPEN,
            recruitment__cv_deadline__gt=after,
            recruitment__cv_deadline__lt=before,
        )
        .exclude(_proposals_of("supplying_provider_id", "recruitment_id"))
        .exclude(
            _key_taken(
                CoordinationRequest.objects, kind=CV_DEADLINE_SOON, due_date=OuterRef("recruitment__cv_deadline")
            )
        )
        .select_related("recruitment__employer", "recruitment__coordinating_kam", "supplying_kam", "supplying_provider")
        .order_by("recruitment__cv_deadline", "pk")
    )
    for coordination_request in requests:
        recruitment = coordination_request.recruitment
        kams = _active(coordination_request.supplying_kam)
        if not kams:
            _log_inactive(CV_DEADLINE_SOON, "coordination request", coordination_request)
            continue
        yield Due(
            obj=coordination_request,
            due_date=recruitment.cv_deadline,
            recipients=kams,
            template=TEMPLATES + "cv_deadline_soon_supplier",
            context={
                "recruitment": recruitment,
                "employer": recruitment.employer,
                "coordination_request": coordination_request,
                "kam": recruitment.coordinating_kam,
                "working_days": working_days_between(today, recruitment.cv_deadline),
            },
            url=reverse("recruitment:request_detail", kwargs={"uuid": coordination_request.uuid}),
        )
    open_requests = Q(coordination_requests__status__in=[RequestStatus.SENT, RequestStatus.ACCEPTED])
    recruitments = (
        Recruitment.objects.filter(status=RecruitmentStatus.OPEN, cv_deadline__gt=after, cv_deadline__lt=before)
        .exclude(_proposals_of("coordinating_provider_id", "pk"))
        .exclude(_key_taken(Recruitment.objects, kind=CV_DEADLINE_SOON, due_date=OuterRef("cv_deadline")))
        .annotate(
            proposal_count=Count("submissions", filter=~Q(submissions__status=S.WITHDRAWN), distinct=True),
            open_request_count=Count("coordination_requests", filter=open_requests, distinct=True),
        )
        .select_related("employer", "coordinating_kam", "coordinating_provider")
        .order_by("cv_deadline", "pk")
    )
    for recruitment in recruitments:
        kams = _active(recruitment.coordinating_kam)
        if not kams:
            _log_inactive(CV_DEADLINE_SOON, "recruitment", recruitment)
            continue
        yield Due(
            obj=recruitment,
            due_date=recruitment.cv_deadline,
            recipients=kams,
            template=TEMPLATES + "cv_deadline_soon_coordinator",
            context={
                "recruitment": recruitment,
                "employer": recruitment.employer,
                "working_days": working_days_between(today, recruitment.cv_deadline),
            },
            url=reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid}),
        )


@reminder_kind(CV_DEADLINE_PASSED)
def cv_deadlines_passed(now: datetime) -> Iterator[Due]:
    """One query: open recruitments past their CV deadline, with the number of proposals and providers."""
    today = timezone.localdate(now)
    if not is_working_day(today):
        return
    proposed = ~Q(submissions__status=S.WITHDRAWN)
    recruitments = (
        Recruitment.objects.filter(status=RecruitmentStatus.OPEN, cv_deadline__lt=today)
        .exclude(_key_taken(Recruitment.objects, kind=CV_DEADLINE_PASSED, due_date=OuterRef("cv_deadline")))
        .annotate(
            proposal_count=Count("submissions", filter=proposed, distinct=True),
            provider_count=Count("submissions__provider", filter=proposed, distinct=True),
            undecided_count=Count("submissions", filter=Q(submissions__status=S.PROPOSED), distinct=True),
        )
        .select_related("employer", "coordinating_kam")
        .order_by("cv_deadline", "pk")
    )
    for recruitment in recruitments:
        kams = _active(recruitment.coordinating_kam)
        if not kams:
            _log_inactive(CV_DEADLINE_PASSED, "recruitment", recruitment)
            continue
        yield Due(
            obj=recruitment,
            due_date=recruitment.cv_deadline,
            recipients=kams,
            template=TEMPLATES + "cv_deadline_passed",
            context={"recruitment": recruitment, "employer": recruitment.employer},
            url=reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid}),
        )


# --- recruitments: the employer's answers on the list -----------------------------------------

UNANSWERED = unanswered_q("submissions__")


def _consent_stands() -> Exists:
    """A submission whose candidate's consent for the employer still stands (the policy's one rule): a
    withdrawn candidate is no longer on the employer's list, so nobody is reminded to answer on them."""
    return Exists(
        consents_in_force(
            employer_id=OuterRef("recruitment__employer_id"), recruitment_id=OuterRef("recruitment_id")
        ).filter(candidate_id=OuterRef("candidate_id"))
    )


def lists_waiting_for_answers() -> QuerySet:
    """Recruitments whose sent list has shortlisted candidates without the employer's answer, counted."""
    waiting = Submission.objects.filter(_consent_stands(), recruitment_id=OuterRef("pk")).unanswered()
    on_the_list = Q(submissions__in=Submission.objects.filter(_consent_stands()).values("pk"))
    return (
        Recruitment.objects.filter(status__in=LIST_STATES, list_sent_at__isnull=False)
        .filter(Exists(waiting))
        .annotate(unanswered_count=Count("submissions", filter=UNANSWERED & on_the_list, distinct=True))
    )


def _overdue_lists(now: datetime, kind: str) -> QuerySet:
    today = timezone.localdate(now)
    if not is_working_day(today):
        return Recruitment.objects.none()
    return (
        lists_waiting_for_answers()
        .filter(feedback_deadline__lt=today)
        .exclude(_key_taken(Recruitment.objects, kind=kind, due_date=OuterRef("feedback_deadline")))
        .select_related("employer", "coordinating_kam", "list_sent_to__user")
        .order_by("feedback_deadline", "pk")
    )


def _list_context(recruitment: Recruitment) -> dict:
    return {
        "recruitment": recruitment,
        "employer": recruitment.employer,
        "contact": recruitment.list_sent_to,
        "kam": recruitment.coordinating_kam,
        "sent_on": timezone.localdate(recruitment.list_sent_at),
    }


@reminder_kind(LIST_FEEDBACK_OVERDUE)
def lists_with_feedback_overdue(now: datetime) -> Iterator[Due]:
    """One query: the coordinating KAM of each list past its feedback deadline with candidates unanswered."""
    for recruitment in _overdue_lists(now, LIST_FEEDBACK_OVERDUE):
        kams = _active(recruitment.coordinating_kam)
        if not kams:
            _log_inactive(LIST_FEEDBACK_OVERDUE, "recruitment", recruitment)
            continue
        yield Due(
            obj=recruitment,
            due_date=recruitment.feedback_deadline,
            recipients=kams,
            template=TEMPLATES + "list_feedback_overdue_kam",
            context=_list_context(recruitment),
            url=reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid}),
        )


@reminder_kind(LIST_FEEDBACK_OVERDUE_CONTACT)
def lists_with_feedback_overdue_to_the_contact(now: datetime) -> Iterator[Due]:
    """One query: the contact each such list was sent to, with the link to the list in the portal."""
    for recruitment in _overdue_lists(now, LIST_FEEDBACK_OVERDUE_CONTACT).filter(list_sent_to__isnull=False):
        contact = recruitment.list_sent_to
        yield Due(
            obj=recruitment,
            due_date=recruitment.feedback_deadline,
            recipients=[contact.user if contact.user is not None and contact.user.is_active else contact.email],
            template=TEMPLATES + "list_feedback_overdue_contact",
            context=_list_context(recruitment),
            url=reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid}),
        )


def list_unanswered_due_date(list_sent_on: date) -> date:
    return list_sent_on + timedelta(days=LIST_UNANSWERED_DAYS)


@reminder_kind(LIST_UNANSWERED_FOUR_WEEKS)
def lists_unanswered_four_weeks(now: datetime) -> Iterator[Due]:
    """One query: lists sent 28 days ago or more with candidates still unanswered."""
    today = timezone.localdate(now)
    if not is_working_day(today):
        return
    # Sent on or before today - 28 days (local dates): before the start of the day after that.
    sent_before = datetime.combine(
        today - timedelta(days=LIST_UNANSWERED_DAYS - 1), time.min, tzinfo=timezone.get_current_timezone()
    )
    recruitments = (
        lists_waiting_for_answers()
        .filter(list_sent_at__lt=sent_before)
        .exclude(_key_taken(Recruitment.objects, kind=LIST_UNANSWERED_FOUR_WEEKS))  # one list per recruitment
        .select_related("employer", "coordinating_kam", "list_sent_to")
        .order_by("list_sent_at", "pk")
    )
    for recruitment in recruitments:
        kams = _active(recruitment.coordinating_kam)
        if not kams:
            _log_inactive(LIST_UNANSWERED_FOUR_WEEKS, "recruitment", recruitment)
            continue
        sent_on = timezone.localdate(recruitment.list_sent_at)
        yield Due(
            obj=recruitment,
            due_date=list_unanswered_due_date(sent_on),
            recipients=kams,
            template=TEMPLATES + "list_unanswered_four_weeks",
            context=_list_context(recruitment),
            url=reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid}) + "#close-unanswered",
        )
