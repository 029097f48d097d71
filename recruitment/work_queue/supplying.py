"""Work-queue kinds of the supplying KAM: requests to answer, their deadlines, the proposals' outcomes."""

from datetime import timedelta

from django.utils.translation import gettext as _

from kamportal.lib.workdays import working_days_between
from recruitment.work_queue.items import (
    OUTCOME_DAYS,
    WorkItem,
    _day,
    _fmt,
    _is_kam,
    queue_source,
    shared_read,
    uuid_url,
)


def open_requests(user, today) -> list:
    """The coordination requests the KAM sent that wait for an answer and the open ones sent to the KAM, read
    once for three kinds (one query), each row marked when the supplying side's CV-deadline reminder holds it
    (the reminder's own queryset, asked by primary key).

    The two sides as one UNION ALL of two index scans (requests by recruitment of the KAM's, requests by
    supplying KAM): an OR across the joined tables would scan every request."""

    def read():
        from django.db.models import Exists, OuterRef

        from recruitment.models import CoordinationRequest, RequestStatus
        from recruitment.reminders import cv_deadline_soon_requests

        requests = CoordinationRequest.objects.order_by().values("pk")
        mine = requests.filter(recruitment__coordinating_kam=user, status=RequestStatus.SENT).union(
            requests.filter(supplying_kam=user, status__in=[RequestStatus.SENT, RequestStatus.ACCEPTED]), all=True
        )
        soon = cv_deadline_soon_requests(today).filter(pk=OuterRef("pk"))
        return list(
            CoordinationRequest.objects.filter(pk__in=mine)
            .annotate(deadline_soon=Exists(soon))
            .select_related("recruitment__employer", "recruitment__coordinating_provider", "supplying_provider")
        )

    return shared_read("open_requests", read)


@queue_source("request_to_answer", who=_is_kam)
def requests_to_answer(user, p, today, now):
    from recruitment.models import RequestStatus

    for request in open_requests(user, today):
        if request.supplying_kam_id != user.pk or request.status != RequestStatus.SENT:
            continue
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
            url=uuid_url("recruitment:request_detail", request.uuid),
        )


@queue_source("request_deadline_soon", who=_is_kam)
def request_deadlines_soon(user, p, today, now):
    for request in open_requests(user, today):
        if request.supplying_kam_id != user.pk or not request.deadline_soon:
            continue
        recruitment = request.recruitment
        yield WorkItem(
            kind="request_deadline_soon",
            title=_("%(title)s at %(employer)s") % {"title": recruitment.title, "employer": recruitment.employer},
            why=_("CV deadline %(deadline)s (in %(days)d working day(s)); your provider has proposed nobody")
            % {"deadline": _fmt(recruitment.cv_deadline), "days": working_days_between(today, recruitment.cv_deadline)},
            since=recruitment.cv_deadline,
            url=uuid_url("recruitment:request_detail", request.uuid),
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
            url=uuid_url("recruitment:request_detail", submission.coordination_request.uuid),
        )
