"""Work-queue kinds of the KAM who coordinates recruitments and holds employers."""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from kamportal.lib.compiled import compiled_list
from kamportal.lib.workdays import working_days_between
from recruitment.work_queue.items import (
    Part,
    WorkItem,
    _day,
    _fmt,
    _is_kam,
    _when,
    compiled_ranked_rows,
    queue_source,
    ranked,
    shared_read,
    title_expression,
    uuid_url,
    wanted,
    week_bounds,
)


def _coordinated_queryset(user_id, today):
    """The KAM's running recruitments with the facts the five recruitment kinds need (see `_coordinated`)."""
    from django.db.models import BooleanField, ExpressionWrapper, Func, Subquery
    from django.db.models.functions import Coalesce

    from recruitment.models import ACTIVE_RECRUITMENT_STATES, Recruitment, Submission, SubmissionStatus
    from recruitment.reminders import (
        cv_deadline_passed_recruitments,
        cv_deadline_soon_recruitments,
        feedback_overdue_on,
        lists_waiting_for_answers,
        unanswered_four_weeks_on,
    )

    def holds(queryset):
        return Exists(queryset.filter(pk=OuterRef("pk")))

    proposed = Submission.objects.filter(recruitment_id=OuterRef("pk"), status=SubmissionStatus.PROPOSED)
    proposed = proposed.order_by()
    unanswered = lists_waiting_for_answers().filter(pk=OuterRef("pk")).values("unanswered_count")[:1]
    return (
        Recruitment.objects.filter(coordinating_kam_id=user_id, status__in=ACTIVE_RECRUITMENT_STATES)
        .annotate(
            waiting=Coalesce(Subquery(proposed.values(n=Func("pk", function="COUNT"))[:1]), 0),
            oldest=Subquery(proposed.values(first=Func("proposed_at", function="MIN"))[:1]),
            cv_soon=holds(cv_deadline_soon_recruitments(today)),
            cv_passed=holds(cv_deadline_passed_recruitments(today)),
            # lists_with_feedback_overdue_on / lists_unanswered_four_weeks_on are lists_waiting_for_answers()
            # filtered by these rules: a row waiting for answers (unanswered_count > 0, the one subquery of that
            # queryset) and within the rule (see _coordinated), without asking the waiting list twice more
            feedback_overdue_rule=ExpressionWrapper(feedback_overdue_on(today), output_field=BooleanField()),
            four_weeks_rule=ExpressionWrapper(unanswered_four_weeks_on(today), output_field=BooleanField()),
            unanswered_count=Coalesce(Subquery(unanswered), 0),
        )
        .select_related("employer")
        .order_by()  # the kinds rank their items themselves
        # the items need these columns only: the wide recruitment and employer rows cost more to build
        .only("uuid", "title", "cv_deadline", "feedback_deadline", "list_sent_at", "employer__name")
    )


def _coordinated(user, today) -> list:
    """The KAM's running recruitments, read once for five kinds (one query): each row carries the number of
    proposals waiting for review and the oldest, and whether each reminder's queryset holds it (the reminders'
    own querysets, asked by primary key, so the due rules stay theirs), with the unanswered count of a sent list.
    The two overdue-list reminders are lists_waiting_for_answers() filtered by a rule the reminders export
    (feedback_overdue_on, unanswered_four_weeks_on): their flags are the one waiting-list subquery's count and
    the rule on the row (tests/kamportal/test_compiled.py checks them against the reminders' querysets).

    Every subquery is correlated to one recruitment (index lookups by its id), so the cost follows the KAM's
    running recruitments, never the national tables. The queryset is compiled once per connection and day
    (kamportal.lib.compiled) and run with the KAM's id."""

    def read():
        key = ("work_queue.kam.coordinated", today)
        rows = compiled_list(key, lambda user_id: _coordinated_queryset(user_id, today), user_id=user.pk)
        for row in rows:
            # held by lists_waiting_for_answers() (it counts at least one unanswered candidate) and by the rule
            row.feedback_overdue = row.unanswered_count > 0 and bool(row.feedback_overdue_rule)
            row.unanswered_four_weeks = row.unanswered_count > 0 and bool(row.four_weeks_rule)
        return rows

    return shared_read("coordinated_recruitments", read)


def _recruitment_part(kind, rows, today, *, since, why, url) -> Part:
    """The Part of a kind of the KAM's running recruitments (a shared read): only the shown ones are built."""
    at = _("%(title)s at %(employer)s")
    return ranked(
        kind,
        rows,
        today=today,
        since=since,
        title=lambda r: at % {"title": r.title, "employer": r.employer.name},
        make=lambda r, title: WorkItem(kind=kind, title=title, why=why(r), since=since(r), url=url(r)),
    )


@queue_source("proposals_to_review", who=_is_kam)
def proposals_to_review(user, p, today, now):
    yield _recruitment_part(
        "proposals_to_review",
        [r for r in _coordinated(user, today) if r.waiting > 0],
        today,
        since=lambda r: _day(r.oldest),
        why=lambda r: _("%(count)d proposed candidate(s) waiting for your review") % {"count": r.waiting},
        url=lambda r: uuid_url("recruitment:proposals", r.uuid),
    )


@queue_source("cv_deadline_soon", who=_is_kam)
def cv_deadlines_soon_coordinated(user, p, today, now):
    yield _recruitment_part(
        "cv_deadline_soon",
        [r for r in _coordinated(user, today) if r.cv_soon],
        today,
        since=lambda r: r.cv_deadline,
        why=lambda r: (
            _("CV deadline %(deadline)s (in %(days)d working day(s)); your provider has proposed nobody")
            % {"deadline": _fmt(r.cv_deadline), "days": working_days_between(today, r.cv_deadline)}
        ),
        url=lambda r: uuid_url("recruitment:recruitment_detail", r.uuid),
    )


@queue_source("cv_deadline_passed", who=_is_kam)
def cv_deadlines_passed(user, p, today, now):
    yield _recruitment_part(
        "cv_deadline_passed",
        [r for r in _coordinated(user, today) if r.cv_passed],
        today,
        since=lambda r: r.cv_deadline,
        why=lambda r: (
            _("The CV deadline (%(deadline)s) has passed: review the proposals and send the list")
            % {"deadline": _fmt(r.cv_deadline)}
        ),
        url=lambda r: uuid_url("recruitment:proposals", r.uuid),
    )


@queue_source("feedback_overdue", who=_is_kam)
def feedback_overdue(user, p, today, now):
    yield _recruitment_part(
        "feedback_overdue",
        [r for r in _coordinated(user, today) if r.feedback_overdue],
        today,
        since=lambda r: r.feedback_deadline,
        why=lambda r: (
            _("The employer's feedback was due %(deadline)s; %(count)d candidate(s) without an answer")
            % {"deadline": _fmt(r.feedback_deadline), "count": r.unanswered_count}
        ),
        url=lambda r: uuid_url("recruitment:recruitment_detail", r.uuid),
    )


@queue_source("list_unanswered_four_weeks", who=_is_kam)
def lists_unanswered(user, p, today, now):
    yield _recruitment_part(
        "list_unanswered_four_weeks",
        [r for r in _coordinated(user, today) if r.unanswered_four_weeks],
        today,
        since=lambda r: _day(r.list_sent_at),
        why=lambda r: (
            _("The list has waited four weeks for answers: close it for the %(count)d unanswered candidate(s)")
            % {"count": r.unanswered_count}
        ),
        url=lambda r: uuid_url("recruitment:recruitment_detail", r.uuid) + "#close-unanswered",
    )


def _mapping_forms(user_id):
    """The latest version of each mapping form of the KAM's employers that waits for the employer or the KAM."""
    from recruitment.models import MappingFormVersion, MappingStatus

    newer = MappingFormVersion.objects.filter(form_id=OuterRef("form_id"), number__gt=OuterRef("number"))
    rows = (
        MappingFormVersion.objects.filter(
            form__employer__responsible_kam_id=user_id,
            status__in=[MappingStatus.AWAITING_APPROVAL, MappingStatus.CHANGES_REQUESTED],
        )
        .exclude(Exists(newer))
        .select_related("form__employer")
    )
    return rows.only("status", "number", "sent_at", "decided_at", "form__uuid", "form__employer__name")


@queue_source("mapping_form", who=_is_kam)
def mapping_forms(user, p, today, now):
    from recruitment.models import MappingStatus

    rows = []
    if wanted("mapping_form"):
        rows = compiled_list(("work_queue.kam.mapping_forms",), _mapping_forms, user_id=user.pk)

    def since(version):
        if version.status == MappingStatus.AWAITING_APPROVAL:
            return _day(version.sent_at)
        return _day(version.decided_at) or _day(version.sent_at)

    def why(version):
        if version.status == MappingStatus.AWAITING_APPROVAL:
            sent_on = _day(version.sent_at)
            return _("Sent for approval %(day)s; %(days)d working day(s) without an answer") % {
                "day": _fmt(sent_on),
                "days": working_days_between(sent_on, today),
            }
        return _("The employer asked for changes")

    title = _("Mapping form for %(employer)s, version %(number)d")
    yield ranked(
        "mapping_form",
        rows,
        today=today,
        since=since,
        title=lambda v: title % {"employer": v.form.employer.name, "number": v.number},
        make=lambda v, text: WorkItem(
            kind="mapping_form",
            title=text,
            why=why(v),
            since=since(v),
            url=uuid_url("recruitment:mapping_detail", v.form.uuid),
        ),
    )


def _held_employers_queryset(user_id, today):
    """The employers the KAM holds or sits on the client team of, with the facts two kinds need (see
    `_held_employers`)."""
    from django.db.models import BooleanField, Subquery, Value

    from recruitment.models import ClientTeamMember, Employer, Tier
    from recruitment.reminders import quarterly_follow_up_due_date
    from recruitment.selectors.employers import (
        employers_with_account_plan_review_due,
        employers_without_meeting_this_quarter,
        with_last_follow_up,
    )

    held = Employer.objects.filter(responsible_kam_id=user_id).order_by().values("pk")
    teams = ClientTeamMember.objects.filter(user_id=user_id).order_by().values("employer_id")
    mine = Employer.objects.filter(
        Q(responsible_kam_id=user_id) | Q(pk__in=teams),
        responsible_kam__is_active=True,
    )
    review = employers_with_account_plan_review_due(mine, today=today).filter(pk=OuterRef("pk"))
    if today < quarterly_follow_up_due_date(today):
        quarterly = Value(False, output_field=BooleanField())
    else:
        own = Employer.objects.exclude(tier=Tier.EXCLUDED).filter(responsible_kam_id=user_id)
        quarterly = Exists(employers_without_meeting_this_quarter(own, today=today).filter(pk=OuterRef("pk")))
    rows = with_last_follow_up(Employer.objects.filter(pk__in=held.union(teams, all=True)), today=today)
    return rows.annotate(quarterly_due=quarterly, due_review=Subquery(review.values("last_review")[:1])).only(
        "uuid", "name"
    )


def _held_employers(user, today) -> list:
    """The employers the user holds (responsible KAM) or sits on the client team of, read once for two kinds
    (one query): each row carries its last follow-up meeting, whether the quarterly-meeting rule holds it and
    the last review of an account plan past its review (None when none is due). The rules are the selectors'
    own querysets, asked by primary key; the employers are one UNION ALL of two index scans. Compiled once per
    connection and day (kamportal.lib.compiled), run with the user's id."""
    return shared_read(
        "held_employers",
        lambda: compiled_list(
            ("work_queue.kam.held_employers", today),
            lambda user_id: _held_employers_queryset(user_id, today),
            user_id=user.pk,
        ),
    )


@queue_source("quarterly_meeting", who=_is_kam)
def quarterly_meetings(user, p, today, now):
    from recruitment.reminders import quarterly_follow_up_due_date

    due_date = quarterly_follow_up_due_date(today)

    def why(employer):
        last = employer.last_follow_up
        if last:
            return _("No follow-up meeting this quarter; the last was %(day)s") % {"day": _fmt(last)}
        return _("No follow-up meeting this quarter, and none held before")

    yield ranked(
        "quarterly_meeting",
        [employer for employer in _held_employers(user, today) if employer.quarterly_due],
        today=today,
        since=lambda employer: due_date,
        title=lambda employer: employer.name,
        make=lambda employer, title: WorkItem(
            kind="quarterly_meeting",
            title=title,
            why=why(employer),
            since=due_date,
            url=uuid_url("recruitment:contact_log_create", employer.uuid),
        ),
    )


@queue_source("account_plan_review", who=lambda p: p.is_kam or p.is_advisor)
def account_plan_reviews(user, p, today, now):
    """Like the reminder: the responsible KAM and the client team (while the employer has an active KAM)."""
    from kamportal.lib.quarters import add_months
    from recruitment.models.accounts_mgmt import ACCOUNT_PLAN_REVIEW_MONTHS

    def since(employer):
        return add_months(employer.due_review, ACCOUNT_PLAN_REVIEW_MONTHS)

    yield ranked(
        "account_plan_review",
        [employer for employer in _held_employers(user, today) if employer.due_review is not None],
        today=today,
        since=since,
        title=lambda employer: employer.name,
        make=lambda employer, title: WorkItem(
            kind="account_plan_review",
            title=title,
            why=_("The account plan was last reviewed %(day)s; it is reviewed every six months")
            % {"day": _fmt(employer.due_review)},
            since=since(employer),
            url=uuid_url("recruitment:employer_detail", employer.uuid) + "#h-plan",
        ),
    )


def _next_steps(today, user_id):
    from recruitment.models import ContactLogEntry

    later = ContactLogEntry.objects.filter(
        employer_id=OuterRef("employer_id"), pk__gt=OuterRef("pk"), occurred_on__gte=OuterRef("occurred_on")
    )
    rows = (
        ContactLogEntry.objects.filter(kam_id=user_id, next_step_due__lte=today)
        .exclude(next_step="")
        .exclude(Exists(later))
        .select_related("employer")
        .only("kind", "occurred_on", "next_step", "next_step_due", "employer__uuid", "employer__name")
    )
    title = title_expression(_("%(employer)s: %(step)s"), employer=F("employer__name"), step=F("next_step"))
    return rows, F("next_step_due"), title


@queue_source("contact_next_step", who=_is_kam)
def contact_next_steps(user, p, today, now):
    """A next step due on an entry of the KAM's that no entry logged after it (and not dated before it) for the
    employer has followed."""
    title = _("%(employer)s: %(step)s")
    rows, total = compiled_ranked_rows(_next_steps, kind="contact_next_step", today=today, user_id=user.pk)
    items = [
        WorkItem(
            kind="contact_next_step",
            title=title % {"employer": entry.employer.name, "step": entry.next_step},
            why=_("Next step from %(kind)s on %(day)s, due %(due)s")
            % {
                "kind": entry.get_kind_display().lower(),
                "day": _fmt(entry.occurred_on),
                "due": _fmt(entry.next_step_due),
            },
            since=entry.next_step_due,
            url=uuid_url("recruitment:contact_log_create", entry.employer.uuid),
        )
        for entry in rows
    ]
    yield Part("contact_next_step", items, total)


@queue_source("request_unanswered", who=_is_kam)
def requests_waiting_for_answer(user, p, today, now):
    """Coordination requests the KAM sent that the other provider has not answered yet."""
    from recruitment.models import RequestStatus
    from recruitment.work_queue.supplying import open_requests

    at = _("%(title)s at %(employer)s")
    yield ranked(
        "request_unanswered",
        [
            request
            for request in open_requests(user, today)
            if request.recruitment.coordinating_kam_id == user.pk and request.status == RequestStatus.SENT
        ],
        today=today,
        since=lambda request: _day(request.sent_at),
        title=lambda request: at % {"title": request.recruitment.title, "employer": request.recruitment.employer.name},
        make=lambda request, title: WorkItem(
            kind="request_unanswered",
            title=title,
            why=_("%(provider)s has not answered your request for candidates")
            % {"provider": request.supplying_provider},
            since=_day(request.sent_at),
            url=uuid_url("recruitment:request_detail", request.uuid),
        ),
    )


def _interviews_this_week(today, user_id):
    from recruitment.models import Interview, Submission, SubmissionStatus

    start, end = week_bounds(today)
    # The user's proposals at the interview stage as one UNION ALL of two small index scans (the KAM's
    # recruitments, the advisor's proposals): an OR across the joined tables, or an OR of two IN subqueries
    # (which PostgreSQL estimates at thousands of rows), made it scan every proposal (0.7 s at national scale).
    at_interview = Submission.objects.filter(status=SubmissionStatus.INTERVIEW).order_by().values("pk")
    mine = at_interview.filter(recruitment__coordinating_kam_id=user_id).union(
        at_interview.filter(advisor_id=user_id), all=True
    )
    rows = Interview.objects.filter(
        submission__in=mine,
        starts_at__gte=start,
        starts_at__lt=end,
        cancelled_at__isnull=True,
    ).select_related("submission__recruitment__employer", "submission__candidate")
    rows = rows.only(
        "starts_at",
        "place",
        "submission__advisor_id",
        "submission__candidate__uuid",
        "submission__recruitment__uuid",
        "submission__recruitment__title",
        "submission__recruitment__employer__name",
    )
    title = title_expression(
        _("Interview: %(title)s at %(employer)s"),
        title=F("submission__recruitment__title"),
        employer=F("submission__recruitment__employer__name"),
    )
    return rows, TruncDate("starts_at"), title


@queue_source("interview_this_week", who=lambda p: p.is_kam or p.is_advisor)
def interviews_this_week(user, p, today, now):
    """Interviews this week of recruitments the KAM coordinates, or of the advisor's candidates."""
    title = _("Interview: %(title)s at %(employer)s")
    rows, total = compiled_ranked_rows(_interviews_this_week, kind="interview_this_week", today=today, user_id=user.pk)
    items = []
    for interview in rows:
        submission = interview.submission
        recruitment = submission.recruitment
        advisor = submission.advisor_id == user.pk
        items.append(
            WorkItem(
                kind="interview_this_week",
                title=title % {"title": recruitment.title, "employer": recruitment.employer.name},
                why=_("%(when)s, %(place)s; record the outcome afterwards")
                % {"when": _when(interview.starts_at), "place": interview.place},
                since=_day(interview.starts_at),
                url=(
                    uuid_url("candidates:detail", submission.candidate.uuid)
                    if advisor
                    else uuid_url("recruitment:recruitment_detail", recruitment.uuid)
                ),
            )
        )
    yield Part("interview_this_week", items, total)
