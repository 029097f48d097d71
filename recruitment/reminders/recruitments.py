"""Reminder kinds of recruitments: the CV deadline and the employer's answers on the list.

They go out on working days only (kamportal.lib.workdays: no weekends, no Norwegian public holidays):
a reminder falling on a Saturday is sent by Monday's first sweep.

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

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.policy import consents_in_force
from accounts.reminders import Due, reminder_kind
from kamportal.lib.workdays import add_working_days, is_working_day, working_days_between
from recruitment.models import (
    CoordinationRequest,
    Recruitment,
    RecruitmentStatus,
    RequestStatus,
    Submission,
    SubmissionStatus,
)
from recruitment.reminders.common import (
    FENCE,
    TEMPLATES,
    _active,
    _key_taken,
    _log_inactive,
    _unsent_first,
    candidate_list_url,
    proposals_url,
    recruitment_detail_url,
    request_detail_url,
    user_fields,
)
from recruitment.services.unanswered import LIST_STATES

CV_DEADLINE_SOON = "recruitment.cv_deadline_soon"
CV_DEADLINE_PASSED = "recruitment.cv_deadline_passed"
LIST_FEEDBACK_OVERDUE = "recruitment.list_feedback_overdue"
LIST_FEEDBACK_OVERDUE_CONTACT = "recruitment.list_feedback_overdue_contact"
LIST_UNANSWERED_FOUR_WEEKS = "recruitment.list_unanswered_four_weeks"

CV_DEADLINE_SOON_WORKING_DAYS = 2
LIST_UNANSWERED_DAYS = 28


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


def cv_deadline_soon_requests(today: date) -> QuerySet:
    """Open coordination requests (sent or accepted) of open recruitments whose CV deadline is at most 2 working
    days away and whose supplying provider has proposed nobody: the supplying KAM's reminder (and work queue)."""
    after, before = cv_deadline_soon_window(today)
    return CoordinationRequest.objects.filter(
        status__in=[RequestStatus.SENT, RequestStatus.ACCEPTED],
        recruitment__status=RecruitmentStatus.OPEN,
        recruitment__cv_deadline__gt=after,
        recruitment__cv_deadline__lt=before,
    ).exclude(_proposals_of("supplying_provider_id", "recruitment_id"))


def cv_deadline_soon_recruitments(today: date) -> QuerySet:
    """Open recruitments whose CV deadline is at most 2 working days away and whose coordinating provider has
    proposed nobody: the coordinating KAM's reminder (and work queue)."""
    after, before = cv_deadline_soon_window(today)
    return Recruitment.objects.filter(
        status=RecruitmentStatus.OPEN, cv_deadline__gt=after, cv_deadline__lt=before
    ).exclude(_proposals_of("coordinating_provider_id", "pk"))


def cv_deadline_passed_recruitments(today: date) -> QuerySet:
    """Open recruitments past their CV deadline (the list is not sent yet)."""
    return Recruitment.objects.filter(status=RecruitmentStatus.OPEN, cv_deadline__lt=today)


@reminder_kind(CV_DEADLINE_SOON)
def cv_deadlines_soon(now: datetime) -> Iterator[Due]:
    """Two queries however many recruitments: the open requests without a proposal, and the
    recruitments whose coordinating provider has proposed nobody."""
    today = timezone.localdate(now)
    if not is_working_day(today):
        return
    requests = (
        cv_deadline_soon_requests(today)
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
            url=request_detail_url(coordination_request.uuid),
        )
    open_requests = Q(coordination_requests__status__in=[RequestStatus.SENT, RequestStatus.ACCEPTED])
    recruitments = (
        cv_deadline_soon_recruitments(today)
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
            url=recruitment_detail_url(recruitment.uuid),
        )


@reminder_kind(CV_DEADLINE_PASSED)
def cv_deadlines_passed(now: datetime) -> Iterator[Due]:
    """One query: open recruitments past their CV deadline, with the number of proposals and providers."""
    today = timezone.localdate(now)
    if not is_working_day(today):
        return
    proposed = ~Q(submissions__status=S.WITHDRAWN)
    recruitments = (
        _unsent_first(cv_deadline_passed_recruitments(today), kind=CV_DEADLINE_PASSED, due_date=OuterRef("cv_deadline"))
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
            url=proposals_url(recruitment.uuid),
        )


# --- recruitments: the employer's answers on the list -----------------------------------------


def _consent_stands() -> Exists:
    """A submission whose candidate's consent for the employer still stands (the policy's one rule): a
    withdrawn candidate is no longer on the employer's list, so nobody is reminded to answer on them."""
    return Exists(
        consents_in_force(
            employer_id=OuterRef("recruitment__employer_id"), recruitment_id=OuterRef("recruitment_id")
        ).filter(candidate_id=OuterRef("candidate_id"))
    )


def sent_lists() -> QuerySet:
    """Recruitments whose list is sent and not closed (the cheap, indexed part of `lists_waiting_for_answers`)."""
    return Recruitment.objects.filter(status__in=LIST_STATES, list_sent_at__isnull=False)


def lists_waiting_for_answers(lists: QuerySet | None = None) -> QuerySet:
    """Recruitments whose sent list has shortlisted candidates without the employer's answer, counted.

    `lists`: the recruitments to look at (default: every sent list, `sent_lists()`)."""
    # Counted by a correlated subquery for each recruitment found, not by `submissions IN (every submission
    # whose consent stands)`: that one hashed the whole proposal table on every home page (0.5 s at 1/10).
    waiting = Submission.objects.filter(_consent_stands(), recruitment_id=OuterRef("pk")).unanswered().order_by()
    if lists is None:
        found = sent_lists().filter(Exists(waiting))
    else:  # the EXISTS on `lists` alone; the joins the caller adds (select_related) only on what it finds
        found = Recruitment.objects.filter(pk__in=lists.filter(Exists(waiting)).order_by().values("pk")[:FENCE])
    return found.annotate(unanswered_count=Coalesce(Subquery(waiting.values(n=Func("pk", function="COUNT"))[:1]), 0))


def feedback_overdue_on(today: date) -> Q:
    """The feedback-overdue rule on a list waiting for answers (`lists_waiting_for_answers`): its deadline passed."""
    return Q(feedback_deadline__lt=today)


def lists_with_feedback_overdue_on(today: date) -> QuerySet:
    """Sent lists past their feedback deadline with candidates still unanswered."""
    return lists_waiting_for_answers().filter(feedback_overdue_on(today))


def _overdue_lists(now: datetime, kind: str) -> QuerySet:
    today = timezone.localdate(now)
    if not is_working_day(today):
        return Recruitment.objects.none()
    # The "already sent" anti-join first, on the cheap filters; the consent EXISTS only for what is left.
    unsent = _unsent_first(
        sent_lists().filter(feedback_deadline__lt=today), kind=kind, due_date=OuterRef("feedback_deadline")
    )
    return (
        lists_waiting_for_answers(unsent)
        .select_related("employer", "coordinating_kam", "list_sent_to__user")
        .only(*LIST_FIELDS, "list_sent_to__left_on", *user_fields("list_sent_to__user"))
        .order_by("feedback_deadline", "pk")
    )


# What the list reminders read (`_list_context`, the templates, str(recruitment) for the key): narrow rows.
LIST_FIELDS = (
    "id",
    "uuid",
    "title",
    "status",
    "list_sent_at",
    "feedback_deadline",
    "employer__name",
    "list_sent_to__full_name",
    "list_sent_to__email",
    *user_fields("coordinating_kam"),
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
            url=recruitment_detail_url(recruitment.uuid),
        )


@reminder_kind(LIST_FEEDBACK_OVERDUE_CONTACT)
def lists_with_feedback_overdue_to_the_contact(now: datetime) -> Iterator[Due]:
    """One query: the contact each such list was sent to, with the link to the list in the portal."""
    for recruitment in _overdue_lists(now, LIST_FEEDBACK_OVERDUE_CONTACT).filter(
        list_sent_to__isnull=False, list_sent_to__left_on__isnull=True
    ):
        contact = recruitment.list_sent_to
        yield Due(
            obj=recruitment,
            due_date=recruitment.feedback_deadline,
            recipients=[contact.user if contact.user is not None and contact.user.is_active else contact.email],
            template=TEMPLATES + "list_feedback_overdue_contact",
            context=_list_context(recruitment),
            url=candidate_list_url(recruitment.uuid),
        )


def list_unanswered_due_date(list_sent_on: date) -> date:
    return list_sent_on + timedelta(days=LIST_UNANSWERED_DAYS)


def four_weeks_ago(today: date) -> datetime:
    """Sent on or before today - 28 days (local dates): sent before the start of the day after that."""
    return datetime.combine(
        today - timedelta(days=LIST_UNANSWERED_DAYS - 1), time.min, tzinfo=timezone.get_current_timezone()
    )


def unanswered_four_weeks_on(today: date) -> Q:
    """The four-weeks rule on a list waiting for answers (`lists_waiting_for_answers`): sent 28 days ago or more
    (local dates)."""
    return Q(list_sent_at__lt=four_weeks_ago(today))


def lists_unanswered_four_weeks_on(today: date) -> QuerySet:
    """Lists sent 28 days ago or more (local dates) with candidates still unanswered."""
    return lists_waiting_for_answers().filter(unanswered_four_weeks_on(today))


@reminder_kind(LIST_UNANSWERED_FOUR_WEEKS)
def lists_unanswered_four_weeks(now: datetime) -> Iterator[Due]:
    """One query: lists sent 28 days ago or more with candidates still unanswered."""
    today = timezone.localdate(now)
    if not is_working_day(today):
        return
    unsent = _unsent_first(  # one list per recruitment: any due date counts
        sent_lists().filter(list_sent_at__lt=four_weeks_ago(today)), kind=LIST_UNANSWERED_FOUR_WEEKS
    )
    recruitments = (
        lists_waiting_for_answers(unsent)
        .select_related("employer", "coordinating_kam", "list_sent_to")
        .only(*LIST_FIELDS)
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
            url=recruitment_detail_url(recruitment.uuid) + "#close-unanswered",
        )
