"""A test-only reminder kind: every employer held by a provider but with no responsible KAM.

Real rows and a real query: the reminder goes to the responsible provider's administrators,
once per employer per week (the due date is the Monday of the week). The real-worker tests
load this module in the worker through settings.REMINDER_MODULES. TEST_REMINDER_DELAY (seconds
per reminder) slows the finder down so that two sweeps really overlap.
"""

import os
import time
from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from accounts.models import Membership, Role
from accounts.reminders import Due, reminder_kind
from recruitment.models import Employer

KIND = "test.employer_without_kam"


@reminder_kind(KIND)
def employers_without_kam(now):
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    employers = list(
        Employer.objects.filter(responsible_kam__isnull=True, responsible_provider__isnull=False).order_by("pk")
    )
    admins = defaultdict(list)
    for membership in Membership.objects.filter(
        role=Role.PROVIDER_ADMIN,
        user__is_active=True,
        user__provider_id__in={employer.responsible_provider_id for employer in employers},
    ).select_related("user"):
        admins[membership.user.provider_id].append(membership.user)
    delay = float(os.environ.get("TEST_REMINDER_DELAY", "0"))
    for employer in employers:
        if delay:
            time.sleep(delay)
        yield Due(
            obj=employer,
            due_date=monday,
            recipients=admins[employer.responsible_provider_id],
            context={"title": f"{employer.name} has no responsible KAM", "text": f"Assign a KAM to {employer.name}."},
            url=f"/employers/{employer.uuid}/",
        )
