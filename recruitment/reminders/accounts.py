"""Reminder kind: an account plan due for its six-monthly review.

- `account_plan.review_due`: the current account plan version is past its six-monthly review
  (`employers_with_account_plan_review_due`). The responsible KAM and the client team are told once per plan version
  per due date (the version's review date plus six months).

The recruitment kinds below go out on working days only (kamportal.lib.workdays: no weekends, no
Norwegian public holidays): a reminder falling on a Saturday is sent by Monday's first sweep.
"""

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.reminders import Due, reminder_kind
from recruitment.models import (
    AccountPlanVersion,
    Employer,
)
from recruitment.reminders.common import (
    TEMPLATES,
    _key_taken,
    _log_without_kam,
    employer_detail_url,
)
from recruitment.selectors.client_team import client_team_recipients, with_client_team
from recruitment.selectors.employers import (
    employers_with_account_plan_review_due,
)

ACCOUNT_PLAN_REVIEW_DUE = "account_plan.review_due"


@reminder_kind(ACCOUNT_PLAN_REVIEW_DUE)
def account_plans_due_for_review(now: datetime) -> Iterator[Due]:
    """The current plan version of each employer past its review: one query (two more for the log)."""
    today = timezone.localdate(now)
    due_employers = employers_with_account_plan_review_due(Employer.objects.all(), today=today)
    newer = AccountPlanVersion.objects.filter(employer_id=OuterRef("employer_id"), version__gt=OuterRef("version"))
    sent = _key_taken(AccountPlanVersion.objects, kind=ACCOUNT_PLAN_REVIEW_DUE, due_date__gt=OuterRef("reviewed_on"))
    plans = (
        AccountPlanVersion.objects.filter(employer__in=due_employers.values("pk")).exclude(Exists(newer)).exclude(sent)
    )
    has_kam = Q(employer__responsible_kam__isnull=False, employer__responsible_kam__is_active=True)
    _log_without_kam(
        ACCOUNT_PLAN_REVIEW_DUE,
        Employer.objects.filter(pk__in=plans.exclude(has_kam).values("employer_id")),
        "employers with an account plan due for review have",
    )
    due_plans = with_client_team(plans.filter(has_kam), prefix="employer__")
    for plan in due_plans.select_related("employer__responsible_kam").order_by("pk"):
        yield account_plan_review_due_to_team(plan)


def account_plan_review_due_to_team(plan: AccountPlanVersion) -> Due:
    """The review reminder goes to the responsible KAM and the whole client team, each once."""
    employer = plan.employer
    return Due(
        obj=plan,
        due_date=plan.next_review_on,
        recipients=client_team_recipients(employer),
        template=TEMPLATES + "account_plan_review_due",
        context={"employer": employer, "plan": plan},
        url=employer_detail_url(employer.uuid) + "#h-plan",
    )
