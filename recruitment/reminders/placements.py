"""Reminder kinds of placements: a follow-up due, a meeting with all three parties, attendance awaiting approval."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.reminders import Due, reminder_kind
from kamportal.lib.workdays import is_working_day
from recruitment.reminders.common import (
    TEMPLATES,
    _active,
    _key_taken,
    placement_detail_url,
    portal_placement_url,
)

PLACEMENT_FOLLOW_UP_DUE = "recruitment.placement_follow_up_due"


def placements_with_follow_up_due(today: date) -> QuerySet:
    """Planned or active placements whose next follow-up is today or past."""
    from recruitment.models import OPEN_PLACEMENT_STATES, Placement

    return Placement.objects.filter(status__in=OPEN_PLACEMENT_STATES, next_follow_up__lte=today)


@reminder_kind(PLACEMENT_FOLLOW_UP_DUE)
def placements_follow_up_due(now: datetime) -> Iterator[Due]:
    """Planned or active placements whose next follow-up is today or past: the candidate's advisor is told
    once per placement per due date (a follow-up note moves the date, and so makes the next key). One query."""
    from recruitment.models import Placement

    today = timezone.localdate(now)
    placements = (
        placements_with_follow_up_due(today)
        .filter(candidate__advisor__is_active=True)
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
            url=placement_detail_url(placement.uuid),
            about=[placement.candidate_id],
        )


PLACEMENT_THREE_PARTY_MEETING = "recruitment.placement_three_party_meeting"
ATTENDANCE_AWAITING_APPROVAL = "recruitment.attendance_awaiting_approval"


@reminder_kind(PLACEMENT_THREE_PARTY_MEETING)
def placements_needing_three_party_meeting(now: datetime) -> Iterator[Due]:
    """Running placements where a point of the agreement was "not met" in two follow-ups in a row: the advisor
    and the coordinating KAM are told once (the key's due date is the day the placement was flagged). One query."""
    from recruitment.models import OPEN_PLACEMENT_STATES, Placement

    placements = (
        Placement.objects.filter(status__in=OPEN_PLACEMENT_STATES, three_party_meeting_due_on__isnull=False)
        .exclude(
            _key_taken(
                Placement.objects, kind=PLACEMENT_THREE_PARTY_MEETING, due_date=OuterRef("three_party_meeting_due_on")
            )
        )
        .select_related("candidate__advisor", "employer", "recruitment__coordinating_kam")
        .order_by("three_party_meeting_due_on", "pk")
    )
    for placement in placements:
        recipients = _active(placement.candidate.advisor, placement.recruitment.coordinating_kam)
        if not recipients:
            continue
        yield Due(
            obj=placement,
            due_date=placement.three_party_meeting_due_on,
            recipients=recipients,
            template=TEMPLATES + "three_party_meeting",
            context={"placement": placement},
            url=placement_detail_url(placement.uuid),
            about=[placement.candidate_id],
        )


def attendance_reminder_cutoff(today: date) -> date:
    """The last day a week may have been sent and now be due: `ATTENDANCE_APPROVAL_REMINDER_WORKING_DAYS`
    working days before today."""
    day, remaining = today, settings.ATTENDANCE_APPROVAL_REMINDER_WORKING_DAYS
    while remaining > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


@reminder_kind(ATTENDANCE_AWAITING_APPROVAL)
def attendance_awaiting_approval(now: datetime) -> Iterator[Due]:
    """Weeks of attendance sent for approval at least the set number of working days ago and not answered: the
    employer's portal contacts are told once per sending (a corrected week sent again makes a new key).
    The e-mail names neither the candidate nor the figures; it links to the portal. Two queries."""
    from recruitment.models import AttendanceStatus, AttendanceWeek, Contact

    today = timezone.localdate(now)
    cutoff = attendance_reminder_cutoff(today)
    weeks = list(
        AttendanceWeek.objects.filter(status=AttendanceStatus.SUBMITTED, submitted_at__date__lte=cutoff)
        .annotate(sent_on=TruncDate("submitted_at"))
        .exclude(_key_taken(AttendanceWeek.objects, kind=ATTENDANCE_AWAITING_APPROVAL, due_date=OuterRef("sent_on")))
        .select_related("placement__employer")
        .order_by("submitted_at", "pk")
    )
    from accounts.policy.placement_records import contact_answers_for_placement

    contacts: dict[int, list] = {}
    for contact in (
        Contact.objects.current()
        .filter(employer_id__in={w.placement.employer_id for w in weeks}, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ):
        contacts.setdefault(contact.employer_id, []).append(contact)
    for week in weeks:
        recipients = [
            c.user
            for c in contacts.get(week.placement.employer_id, [])
            if contact_answers_for_placement(c, week.placement)
        ]
        if not recipients:
            continue
        sent_on = timezone.localdate(week.submitted_at)
        yield Due(
            obj=week,
            due_date=sent_on,
            recipients=recipients,
            template=TEMPLATES + "attendance_awaiting_approval",
            context={"week": week, "employer": week.placement.employer, "sent_on": sent_on},
            url=portal_placement_url(week.placement.uuid),
            about=[week.placement.candidate_id],
        )
