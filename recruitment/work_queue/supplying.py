"""Work-queue kinds of the supplying KAM: requests to answer, their deadlines, the proposals' outcomes."""

from datetime import timedelta

from django.db.models import F
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from kamportal.lib.compiled import compiled_list
from kamportal.lib.workdays import working_days_between
from recruitment.work_queue.items import (
    OUTCOME_DAYS,
    Part,
    WorkItem,
    _day,
    _fmt,
    _is_kam,
    compiled_ranked_rows,
    queue_source,
    ranked,
    shared_read,
    title_expression,
    uuid_url,
)


def _open_requests_queryset(user_id, today):
    """The coordination requests of `open_requests` (see there)."""
    from django.db.models import Exists, OuterRef

    from accounts.policy.employers import InArray
    from recruitment.models import CoordinationRequest, Recruitment, RequestStatus
    from recruitment.reminders import cv_deadline_soon_requests

    requests = CoordinationRequest.objects.order_by().values("pk")
    # the KAM's recruitments' requests by their recruitment (an index scan for the KAM's recruitment ids,
    # evaluated once): a join on the status, which few requests have, made PostgreSQL scan every request in
    # the country (8 ms at national scale, growing with it)
    coordinated = Recruitment.objects.filter(coordinating_kam_id=user_id).order_by().values("pk")
    mine = requests.filter(InArray(F("recruitment_id"), coordinated.query), status=RequestStatus.SENT).union(
        requests.filter(supplying_kam_id=user_id, status__in=[RequestStatus.SENT, RequestStatus.ACCEPTED]), all=True
    )
    soon = cv_deadline_soon_requests(today).filter(pk=OuterRef("pk"))
    return (
        CoordinationRequest.objects.filter(pk__in=mine)
        .annotate(deadline_soon=Exists(soon))
        .select_related("recruitment__employer", "recruitment__coordinating_provider", "supplying_provider")
        .only(
            "uuid",
            "status",
            "sent_at",
            "supplying_kam",
            "recruitment__coordinating_kam",
            "recruitment__title",
            "recruitment__cv_deadline",
            "recruitment__employer__name",
            "recruitment__coordinating_provider__name",
            "supplying_provider__name",
        )
    )


def open_requests(user, today) -> list:
    """The coordination requests the KAM sent that wait for an answer and the open ones sent to the KAM, read
    once for three kinds (one query), each row marked when the supplying side's CV-deadline reminder holds it
    (the reminder's own queryset, asked by primary key).

    The two sides as one UNION ALL of two index scans (requests by recruitment of the KAM's, requests by
    supplying KAM): an OR across the joined tables would scan every request. Compiled once per connection and
    day (kamportal.lib.compiled), run with the KAM's id."""
    return shared_read(
        "open_requests",
        lambda: compiled_list(
            ("work_queue.supplying.open_requests", today),
            lambda user_id: _open_requests_queryset(user_id, today),
            user_id=user.pk,
        ),
    )


def _request_part(kind, rows, today, *, since, why, url) -> Part:
    at = _("%(title)s at %(employer)s")
    return ranked(
        kind,
        rows,
        today=today,
        since=since,
        title=lambda r: at % {"title": r.recruitment.title, "employer": r.recruitment.employer.name},
        make=lambda r, title: WorkItem(kind=kind, title=title, why=why(r), since=since(r), url=url(r)),
    )


@queue_source("request_to_answer", who=_is_kam)
def requests_to_answer(user, p, today, now):
    from recruitment.models import RequestStatus

    yield _request_part(
        "request_to_answer",
        [r for r in open_requests(user, today) if r.supplying_kam_id == user.pk and r.status == RequestStatus.SENT],
        today,
        since=lambda r: _day(r.sent_at),
        why=lambda r: (
            _("%(provider)s asks your provider for candidates; CV deadline %(deadline)s")
            % {"provider": r.recruitment.coordinating_provider, "deadline": _fmt(r.recruitment.cv_deadline)}
        ),
        url=lambda r: uuid_url("recruitment:request_detail", r.uuid),
    )


@queue_source("request_deadline_soon", who=_is_kam)
def request_deadlines_soon(user, p, today, now):
    yield _request_part(
        "request_deadline_soon",
        [r for r in open_requests(user, today) if r.supplying_kam_id == user.pk and r.deadline_soon],
        today,
        since=lambda r: r.recruitment.cv_deadline,
        why=lambda r: (
            _("CV deadline %(deadline)s (in %(days)d working day(s)); your provider has proposed nobody")
            % {
                "deadline": _fmt(r.recruitment.cv_deadline),
                "days": working_days_between(today, r.recruitment.cv_deadline),
            }
        ),
        url=lambda r: uuid_url("recruitment:request_detail", r.uuid),
    )


def _proposal_outcomes(today, user_id, decided_since):
    from recruitment.models import Submission, SubmissionStatus

    rows = (
        Submission.objects.filter(coordination_request__supplying_kam_id=user_id, decided_at__gte=decided_since)
        .exclude(status__in=[SubmissionStatus.PROPOSED, SubmissionStatus.WITHDRAWN])
        .select_related("recruitment__employer", "coordination_request")
        .only("status", "decided_at", "recruitment__title", "recruitment__employer__name", "coordination_request__uuid")
    )
    title = title_expression(
        _("%(title)s at %(employer)s"), title=F("recruitment__title"), employer=F("recruitment__employer__name")
    )
    return rows, TruncDate("decided_at"), title


@queue_source("proposal_outcome", who=_is_kam)
def proposal_outcomes(user, p, today, now):
    """Decisions on the supplying KAM's proposals in the last two weeks: tell the advisor and the candidate."""
    at = _("%(title)s at %(employer)s")
    rows, total = compiled_ranked_rows(
        _proposal_outcomes,
        kind="proposal_outcome",
        today=today,
        user_id=user.pk,
        decided_since=now - timedelta(days=OUTCOME_DAYS),
    )
    items = [
        WorkItem(
            kind="proposal_outcome",
            title=at % {"title": submission.recruitment.title, "employer": submission.recruitment.employer.name},
            why=_("A proposal of yours is now: %(status)s") % {"status": submission.get_status_display()},
            since=_day(submission.decided_at),
            url=uuid_url("recruitment:request_detail", submission.coordination_request.uuid),
        )
        for submission in rows
    ]
    yield Part("proposal_outcome", items, total)
