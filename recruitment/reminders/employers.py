"""Reminder kind: no quarterly follow-up meeting with an employer.

- `employer.quarterly_follow_up`: no follow-up meeting or visit held with an employer this
  quarter by the first day of the quarter's second month (the due date). The responsible KAM is
  told once per employer per quarter. Employers without an active responsible KAM are logged.
"""

from collections.abc import Iterator
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from accounts.reminders import Due, reminder_kind
from kamportal.lib.quarters import quarter_bounds, quarter_label
from recruitment.models import (
    Employer,
    Tier,
)
from recruitment.reminders.common import (
    TEMPLATES,
    _key_taken,
    _log_without_kam,
    employer_detail_url,
    user_fields,
)
from recruitment.selectors.employers import (
    employers_without_meeting_this_quarter,
)

QUARTERLY_FOLLOW_UP = "employer.quarterly_follow_up"


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
    employers = (
        unsent.filter(has_kam)
        .select_related("responsible_kam")
        .only("id", "uuid", "name", *user_fields("responsible_kam"))
        .order_by("pk")
    )
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
            url=employer_detail_url(employer.uuid),
        )
