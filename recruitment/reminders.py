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
"""

import logging
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from accounts.models import ReminderSent
from accounts.reminders import Due, reminder_kind
from kamportal.lib.quarters import quarter_bounds, quarter_label
from kamportal.lib.workdays import add_working_days, working_days_between
from recruitment.models import AccountPlanVersion, ApprovalRequest, Employer, MappingFormVersion, MappingStatus, Tier
from recruitment.selectors.employers import (
    employers_with_account_plan_review_due,
    employers_without_meeting_this_quarter,
)

log = logging.getLogger(__name__)

MAPPING_AWAITING_APPROVAL = "mapping_form.awaiting_approval"
QUARTERLY_FOLLOW_UP = "employer.quarterly_follow_up"
ACCOUNT_PLAN_REVIEW_DUE = "account_plan.review_due"

APPROVAL_REMINDER_EVERY = 5  # working days: remind after more than this, and again every this many
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
    from recruitment.models import Placement, PlacementStatus

    today = timezone.localdate(now)
    placements = (
        Placement.objects.filter(
            status__in=[PlacementStatus.PLANNED, PlacementStatus.ACTIVE],
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
