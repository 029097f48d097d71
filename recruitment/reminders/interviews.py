"""Reminder kind: an interview tomorrow."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.reminders import Due, reminder_kind
from recruitment.models import (
    SubmissionStatus,
)
from recruitment.reminders.common import (
    TEMPLATES,
    _active,
    _not_sent_on,
    candidate_detail_url,
)

INTERVIEW_TOMORROW = "recruitment.interview_tomorrow"


@reminder_kind(INTERVIEW_TOMORROW)
def interviews_tomorrow(now: datetime) -> Iterator[Due]:
    """Interviews (not cancelled, the candidate still invited) that start tomorrow, Oslo time: one query.

    The coordinating KAM and the candidate's advisor get the reminder with the interview's .ics (same
    UID and sequence as the invitation), built when the e-mail is sent, not here. The key is the
    interview and its day, so a moved interview is reminded again for its new day.
    """
    from recruitment.models import Interview
    from recruitment.services.hiring import INTERVIEW_ATTACHMENT, interview_calendar_deferred

    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), datetime.min.time()))
    tomorrows = Interview.objects.filter(
        starts_at__gte=start,
        starts_at__lt=end,
        cancelled_at__isnull=True,
        submission__status=SubmissionStatus.INTERVIEW,
    )
    interviews = (
        _not_sent_on(tomorrows, kind=INTERVIEW_TOMORROW, due_date=tomorrow)
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
            url=candidate_detail_url(submission.candidate.uuid),
            attachments=[(INTERVIEW_ATTACHMENT, interview_calendar_deferred(interview), "text/calendar")],
            about=[submission.candidate_id],
        )
