"""A user's calendar feed (iCalendar): interviews, CV and feedback deadlines, planned meetings, next steps and
placement follow-ups, in a fixed number of queries. Only what the user may see; employer contacts get their
employer's interviews of candidates the portal shows them. Returns the candidates named, for the audit."""

import datetime
from dataclasses import dataclass

import icalendar
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import principal_for, submissions_visible_to
from kamportal.lib.ics import OSLO, interview_uid

PRODID = "-//KAM-portalen//Kalender//NO"
PAST_DAYS = 60
FUTURE_DAYS = 400


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    minutes: int = 0  # 0: an all-day event
    location: str = ""
    description: str = ""
    url: str = ""


def feed_events(*, user: User, now: datetime.datetime, base_url: str = "") -> tuple[list[FeedEvent], list]:
    """(events, candidates named in them) for `user`."""
    from recruitment.models import (
        LIST_SENT_STATES,
        OPEN_PLACEMENT_STATES,
        ContactLogEntry,
        CoordinationRequest,
        Interview,
        Placement,
        Recruitment,
        RecruitmentStatus,
        RequestStatus,
        SubmissionStatus,
    )

    p = principal_for(user)
    today = timezone.localdate(now)
    since, until = today - datetime.timedelta(days=PAST_DAYS), today + datetime.timedelta(days=FUTURE_DAYS)
    events: list[FeedEvent] = []
    named: list = []
    interviews = Interview.objects.none()
    if p.is_kam or p.is_advisor:
        interviews = Interview.objects.filter(
            Q(submission__recruitment__coordinating_kam=user)
            | Q(submission__advisor=user)
            | Q(submission__coordination_request__supplying_kam=user)
        )
    elif p.is_employer_contact:
        interviews = Interview.objects.filter(submission__in=submissions_visible_to(user).values("pk"))
    interviews = interviews.filter(
        cancelled_at__isnull=True,
        submission__status__in=[SubmissionStatus.INTERVIEW, SubmissionStatus.CHOSEN, SubmissionStatus.NOT_CHOSEN],
        starts_at__date__gte=since,
        starts_at__date__lte=until,
    ).select_related("submission__candidate", "submission__recruitment__employer")
    for interview in interviews:
        submission = interview.submission
        recruitment = submission.recruitment
        named.append((submission.candidate, interview))
        events.append(
            FeedEvent(
                uid=interview_uid(interview.uuid),
                summary=_("Interview: %(candidate)s – %(title)s, %(employer)s")
                % {
                    "candidate": submission.candidate.full_name,
                    "title": recruitment.title,
                    "employer": recruitment.employer,
                },
                start=interview.starts_at,
                minutes=interview.duration_minutes,
                location=interview.place,
            )
        )
    if p.is_kam:
        active = [RecruitmentStatus.DRAFT, RecruitmentStatus.OPEN]
        for recruitment in Recruitment.objects.filter(
            coordinating_kam=user, status__in=active, cv_deadline__gte=since, cv_deadline__lte=until
        ).select_related("employer"):
            events.append(
                FeedEvent(
                    uid=f"cv-deadline-{recruitment.uuid}@kamportal",
                    summary=_("CV deadline: %(title)s, %(employer)s")
                    % {"title": recruitment.title, "employer": recruitment.employer},
                    start=recruitment.cv_deadline,
                )
            )
        for request in CoordinationRequest.objects.filter(
            supplying_kam=user,
            status__in=[RequestStatus.SENT, RequestStatus.ACCEPTED],
            recruitment__status=RecruitmentStatus.OPEN,
            recruitment__cv_deadline__gte=since,
            recruitment__cv_deadline__lte=until,
        ).select_related("recruitment__employer"):
            events.append(
                FeedEvent(
                    uid=f"cv-deadline-request-{request.uuid}@kamportal",
                    summary=_("CV deadline: %(title)s, %(employer)s")
                    % {"title": request.recruitment.title, "employer": request.recruitment.employer},
                    start=request.recruitment.cv_deadline,
                )
            )
    feedback = Recruitment.objects.none()
    if p.is_kam:
        feedback = Recruitment.objects.filter(coordinating_kam=user)
    elif p.is_employer_contact:
        from accounts.policy import recruitments_visible_to

        feedback = recruitments_visible_to(user).filter(employer_id=p.contact_employer_id)
    for recruitment in feedback.filter(
        status__in=LIST_SENT_STATES, feedback_deadline__gte=since, feedback_deadline__lte=until
    ).select_related("employer"):
        events.append(
            FeedEvent(
                uid=f"feedback-deadline-{recruitment.uuid}@kamportal",
                summary=_("Feedback on the candidate list due: %(title)s, %(employer)s")
                % {"title": recruitment.title, "employer": recruitment.employer},
                start=recruitment.feedback_deadline,
            )
        )
    if p.is_kam:
        entries = ContactLogEntry.objects.filter(kam=user).filter(
            Q(planned=True, occurred_on__gte=since, occurred_on__lte=until)
            | Q(next_step_due__gte=since, next_step_due__lte=until)
        )
        for entry in entries.select_related("employer"):
            if entry.planned and since <= entry.occurred_on <= until:
                events.append(
                    FeedEvent(
                        uid=f"contact-{entry.uuid}@kamportal",
                        summary=_("%(kind)s: %(employer)s")
                        % {"kind": entry.get_kind_display(), "employer": entry.employer},
                        start=entry.occurred_on,
                        description=entry.participants,
                    )
                )
            if entry.next_step and entry.next_step_due and since <= entry.next_step_due <= until:
                events.append(
                    FeedEvent(
                        uid=f"next-step-{entry.uuid}@kamportal",
                        summary=_("Next step: %(employer)s – %(step)s")
                        % {"employer": entry.employer, "step": entry.next_step},
                        start=entry.next_step_due,
                    )
                )
    if p.is_advisor:
        placements = Placement.objects.filter(
            candidate__advisor=user,
            status__in=OPEN_PLACEMENT_STATES,
            next_follow_up__gte=since,
            next_follow_up__lte=until,
        ).select_related("candidate", "employer")
        for placement in placements:
            named.append((placement.candidate, placement))
            events.append(
                FeedEvent(
                    uid=f"follow-up-{placement.uuid}-{placement.next_follow_up:%Y%m%d}@kamportal",
                    summary=_("Follow-up: %(candidate)s at %(employer)s")
                    % {"candidate": placement.candidate.full_name, "employer": placement.employer},
                    start=placement.next_follow_up,
                )
            )
    return events, named


def feed_ics(events: list[FeedEvent], *, name: str, stamp: datetime.datetime) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for item in events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp.astimezone(datetime.UTC))
        event.add("summary", item.summary)
        if isinstance(item.start, datetime.datetime):
            start = item.start.astimezone(OSLO)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=item.minutes or 60))
        else:
            event.add("dtstart", item.start)
            event.add("dtend", item.start + datetime.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
