"""Reminder kind: a placement follow-up due."""

from collections.abc import Iterator
from datetime import date, datetime

from django.db.models import OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.reminders import Due, reminder_kind
from recruitment.reminders.common import (
    TEMPLATES,
    _key_taken,
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
            url=reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid}),
        )
