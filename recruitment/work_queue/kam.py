"""Work-queue kinds of the KAM who coordinates recruitments and holds employers."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from kamportal.lib.workdays import working_days_between
from recruitment.work_queue.items import (
    WorkItem,
    _day,
    _fmt,
    _is_kam,
    _when,
    queue_source,
    shared_read,
    uuid_url,
    week_bounds,
)


def _coordinated(user, today) -> list:
    """The KAM's running recruitments, read once for five kinds (one query): each row carries the number of
    proposals waiting for review and the oldest, and whether each reminder's queryset holds it (the reminders'
    own querysets, asked by primary key, so the due rules stay theirs), with the unanswered count of a sent list.

    Every subquery is correlated to one recruitment (index lookups by its id), so the cost follows the KAM's
    running recruitments, never the national tables."""

    def read():
        from django.db.models import Func, Subquery
        from django.db.models.functions import Coalesce

        from recruitment.models import ACTIVE_RECRUITMENT_STATES, Recruitment, Submission, SubmissionStatus
        from recruitment.reminders import (
            cv_deadline_passed_recruitments,
            cv_deadline_soon_recruitments,
            lists_unanswered_four_weeks_on,
            lists_waiting_for_answers,
            lists_with_feedback_overdue_on,
        )

        def holds(queryset):
            return Exists(queryset.filter(pk=OuterRef("pk")))

        proposed = Submission.objects.filter(recruitment_id=OuterRef("pk"), status=SubmissionStatus.PROPOSED)
        proposed = proposed.order_by()
        unanswered = lists_waiting_for_answers().filter(pk=OuterRef("pk")).values("unanswered_count")[:1]
        return list(
            Recruitment.objects.filter(coordinating_kam=user, status__in=ACTIVE_RECRUITMENT_STATES)
            .annotate(
                waiting=Coalesce(Subquery(proposed.values(n=Func("pk", function="COUNT"))[:1]), 0),
                oldest=Subquery(proposed.values(first=Func("proposed_at", function="MIN"))[:1]),
                cv_soon=holds(cv_deadline_soon_recruitments(today)),
                cv_passed=holds(cv_deadline_passed_recruitments(today)),
                feedback_overdue=holds(lists_with_feedback_overdue_on(today)),
                unanswered_four_weeks=holds(lists_unanswered_four_weeks_on(today)),
                unanswered_count=Coalesce(Subquery(unanswered), 0),
            )
            .select_related("employer")
        )

    return shared_read("coordinated_recruitments", read)


@queue_source("proposals_to_review", who=_is_kam)
def proposals_to_review(user, p, today, now):
    for recruitment in _coordinated(user, today):
        if recruitment.waiting <= 0:
            continue
        yield WorkItem(
            kind="proposals_to_review",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("%(count)d proposed candidate(s) waiting for your review") % {"count": recruitment.waiting},
            since=_day(recruitment.oldest),
            url=uuid_url("recruitment:proposals", recruitment.uuid),
        )


@queue_source("cv_deadline_soon", who=_is_kam)
def cv_deadlines_soon_coordinated(user, p, today, now):
    for recruitment in _coordinated(user, today):
        if not recruitment.cv_soon:
            continue
        yield WorkItem(
            kind="cv_deadline_soon",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("CV deadline %(deadline)s (in %(days)d working day(s)); your provider has proposed nobody")
            % {"deadline": _fmt(recruitment.cv_deadline), "days": working_days_between(today, recruitment.cv_deadline)},
            since=recruitment.cv_deadline,
            url=uuid_url("recruitment:recruitment_detail", recruitment.uuid),
        )


@queue_source("cv_deadline_passed", who=_is_kam)
def cv_deadlines_passed(user, p, today, now):
    for recruitment in _coordinated(user, today):
        if not recruitment.cv_passed:
            continue
        yield WorkItem(
            kind="cv_deadline_passed",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("The CV deadline (%(deadline)s) has passed: review the proposals and send the list")
            % {"deadline": _fmt(recruitment.cv_deadline)},
            since=recruitment.cv_deadline,
            url=uuid_url("recruitment:proposals", recruitment.uuid),
        )


@queue_source("feedback_overdue", who=_is_kam)
def feedback_overdue(user, p, today, now):
    for recruitment in _coordinated(user, today):
        if not recruitment.feedback_overdue:
            continue
        yield WorkItem(
            kind="feedback_overdue",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("The employer's feedback was due %(deadline)s; %(count)d candidate(s) without an answer")
            % {"deadline": _fmt(recruitment.feedback_deadline), "count": recruitment.unanswered_count},
            since=recruitment.feedback_deadline,
            url=uuid_url("recruitment:recruitment_detail", recruitment.uuid),
        )


@queue_source("list_unanswered_four_weeks", who=_is_kam)
def lists_unanswered(user, p, today, now):
    for recruitment in _coordinated(user, today):
        if not recruitment.unanswered_four_weeks:
            continue
        yield WorkItem(
            kind="list_unanswered_four_weeks",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("The list has waited four weeks for answers: close it for the %(count)d unanswered candidate(s)")
            % {"count": recruitment.unanswered_count},
            since=_day(recruitment.list_sent_at),
            url=uuid_url("recruitment:recruitment_detail", recruitment.uuid) + "#close-unanswered",
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
            url=uuid_url("recruitment:mapping_detail", version.form.uuid),
        )


def _held_employers(user, today) -> list:
    """The employers the user holds (responsible KAM) or sits on the client team of, read once for two kinds
    (one query): each row carries its last follow-up meeting, whether the quarterly-meeting rule holds it and
    the last review of an account plan past its review (None when none is due). The rules are the selectors'
    own querysets, asked by primary key; the employers are one UNION ALL of two index scans."""

    def read():
        from django.db.models import BooleanField, Subquery, Value

        from recruitment.models import ClientTeamMember, Employer, Tier
        from recruitment.reminders import quarterly_follow_up_due_date
        from recruitment.selectors.employers import (
            employers_with_account_plan_review_due,
            employers_without_meeting_this_quarter,
            with_last_follow_up,
        )

        held = Employer.objects.filter(responsible_kam=user).order_by().values("pk")
        teams = ClientTeamMember.objects.filter(user=user).order_by().values("employer_id")
        mine = Employer.objects.filter(
            Q(responsible_kam=user) | Q(pk__in=ClientTeamMember.objects.filter(user=user).values("employer_id")),
            responsible_kam__is_active=True,
        )
        review = employers_with_account_plan_review_due(mine, today=today).filter(pk=OuterRef("pk"))
        if today < quarterly_follow_up_due_date(today):
            quarterly = Value(False, output_field=BooleanField())
        else:
            own = Employer.objects.exclude(tier=Tier.EXCLUDED).filter(responsible_kam=user)
            quarterly = Exists(employers_without_meeting_this_quarter(own, today=today).filter(pk=OuterRef("pk")))
        rows = with_last_follow_up(Employer.objects.filter(pk__in=held.union(teams, all=True)), today=today)
        return list(
            rows.annotate(quarterly_due=quarterly, due_review=Subquery(review.values("last_review")[:1])).only(
                "uuid", "name"
            )
        )

    return shared_read("held_employers", read)


@queue_source("quarterly_meeting", who=_is_kam)
def quarterly_meetings(user, p, today, now):
    from recruitment.reminders import quarterly_follow_up_due_date

    due_date = quarterly_follow_up_due_date(today)
    for employer in _held_employers(user, today):
        if not employer.quarterly_due:
            continue
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
            url=uuid_url("recruitment:contact_log_create", employer.uuid),
        )


@queue_source("account_plan_review", who=lambda p: p.is_kam or p.is_advisor)
def account_plan_reviews(user, p, today, now):
    """Like the reminder: the responsible KAM and the client team (while the employer has an active KAM)."""
    from kamportal.lib.quarters import add_months
    from recruitment.models.accounts_mgmt import ACCOUNT_PLAN_REVIEW_MONTHS

    for employer in _held_employers(user, today):
        if employer.due_review is None:
            continue
        yield WorkItem(
            kind="account_plan_review",
            title=employer.name,
            why=_("The account plan was last reviewed %(day)s; it is reviewed every six months")
            % {"day": _fmt(employer.due_review)},
            since=add_months(employer.due_review, ACCOUNT_PLAN_REVIEW_MONTHS),
            url=uuid_url("recruitment:employer_detail", employer.uuid) + "#h-plan",
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
            url=uuid_url("recruitment:contact_log_create", entry.employer.uuid),
        )


@queue_source("request_unanswered", who=_is_kam)
def requests_waiting_for_answer(user, p, today, now):
    """Coordination requests the KAM sent that the other provider has not answered yet."""
    from recruitment.models import RequestStatus
    from recruitment.work_queue.supplying import open_requests

    for request in open_requests(user, today):
        if request.recruitment.coordinating_kam_id != user.pk or request.status != RequestStatus.SENT:
            continue
        yield WorkItem(
            kind="request_unanswered",
            title=_("%(title)s at %(employer)s")
            % {"title": request.recruitment.title, "employer": request.recruitment.employer},
            why=_("%(provider)s has not answered your request for candidates")
            % {"provider": request.supplying_provider},
            since=_day(request.sent_at),
            url=uuid_url("recruitment:request_detail", request.uuid),
        )


@queue_source("interview_this_week", who=lambda p: p.is_kam or p.is_advisor)
def interviews_this_week(user, p, today, now):
    """Interviews this week of recruitments the KAM coordinates, or of the advisor's candidates."""
    from recruitment.models import Interview, Submission, SubmissionStatus

    start, end = week_bounds(today)
    # The user's proposals at the interview stage as one UNION ALL of two small index scans (the KAM's
    # recruitments, the advisor's proposals): an OR across the joined tables, or an OR of two IN subqueries
    # (which PostgreSQL estimates at thousands of rows), made it scan every proposal (0.7 s at national scale).
    at_interview = Submission.objects.filter(status=SubmissionStatus.INTERVIEW).order_by().values("pk")
    mine = at_interview.filter(recruitment__coordinating_kam=user).union(at_interview.filter(advisor=user), all=True)
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
                uuid_url("candidates:detail", submission.candidate.uuid)
                if advisor
                else uuid_url("recruitment:recruitment_detail", recruitment.uuid)
            ),
        )
