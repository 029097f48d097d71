"""Reads for employers and account management, with a fixed number of queries per page."""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from accounts.models import Role, User
from accounts.policy import employers_visible_parts, employers_visible_to, principal_for
from kamportal.lib.orgnr import normalise_org_number
from kamportal.lib.quarters import add_months, iso_week_bounds, meeting_held_this_quarter, quarter_bounds
from kamportal.pagination import paginate_ids_first, paginate_parts_ids_first
from kamportal.search import text_contains
from recruitment.models import (
    FOLLOW_UP_KINDS,
    AccountPlanVersion,
    ContactLogEntry,
    Employer,
    Placement,
    PlacementStatus,
    ProspectStage,
    SectorPortfolio,
    Tier,
)
from recruitment.models.accounts_mgmt import ACCOUNT_PLAN_REVIEW_MONTHS

TIER_RANK = Case(
    When(tier=Tier.GOLD, then=Value(1)),
    When(tier=Tier.SILVER, then=Value(2)),
    When(tier=Tier.BRONZE, then=Value(3)),
    When(tier=Tier.EXCLUDED, then=Value(5)),
    default=Value(4),
    output_field=IntegerField(),
)

# Every order ends in the id: total, so a page neither repeats nor skips a row among equal keys, and the
# ids-first page (keys, then rows) shows its rows in exactly the list's order.
ORDERINGS = {
    "name": ["name", "id"],
    "-name": ["-name", "-id"],
    "tier": ["tier_rank", "name", "id"],
    "-tier": ["-tier_rank", "name", "id"],
    "municipality": ["municipality", "name", "id"],
    "-municipality": ["-municipality", "name", "id"],
    "last_meeting": ["last_follow_up", "name", "id"],
    "-last_meeting": ["-last_follow_up", "name", "id"],
}


def follow_up_filter(today: date, prefix: str = "contact_log__") -> Q:
    """Held meetings and visits up to today: what counts as a follow-up meeting."""
    return Q(**{f"{prefix}kind__in": FOLLOW_UP_KINDS, f"{prefix}planned": False, f"{prefix}occurred_on__lte": today})


def follow_ups(today: date) -> QuerySet:
    """Held meetings and visits up to today, per employer (correlated on OuterRef("pk"))."""
    return ContactLogEntry.objects.filter(
        employer=OuterRef("pk"), kind__in=FOLLOW_UP_KINDS, planned=False, occurred_on__lte=today
    )


def with_last_follow_up(queryset: QuerySet, *, today: date) -> QuerySet:
    """Annotate `last_follow_up`: the date of the last held meeting or visit (for reminders, too).

    A correlated subquery, not a join and GROUP BY: a paginated list computes it for its
    page's rows only, and the (employer, kind, occurred_on) index answers it.
    """
    last = follow_ups(today).order_by("-occurred_on").values("occurred_on")[:1]
    return queryset.annotate(last_follow_up=Subquery(last))


def met_this_quarter(today: date) -> Exists:
    """True for an employer with a held follow-up meeting or visit this quarter (up to today)."""
    start, _ = quarter_bounds(today)
    return Exists(follow_ups(today).filter(occurred_on__gte=start))


def employers_without_meeting_this_quarter(queryset: QuerySet, *, today: date) -> QuerySet:
    """A NOT EXISTS filter (an anti-join), so it stays fast over tens of thousands of employers."""
    return with_last_follow_up(queryset, today=today).filter(~met_this_quarter(today))


def employers_with_account_plan_review_due(queryset: QuerySet, *, today: date) -> QuerySet:
    """Employers whose current account plan is past its six-monthly review (for the reminders sweep).

    Annotates `last_review` (the current version's review date); employers without a plan are not included.
    """
    latest = AccountPlanVersion.objects.filter(employer=OuterRef("pk")).order_by("-version").values("reviewed_on")[:1]
    cutoff = add_months(today, -ACCOUNT_PLAN_REVIEW_MONTHS)
    return queryset.annotate(last_review=Subquery(latest)).filter(last_review__lt=cutoff)


def employer_list(
    *,
    user: User,
    today: date,
    query: str = "",
    tier: str = "",
    sector: str = "",
    kam_id: int | None = None,
    no_meeting_this_quarter: bool = False,
    order: str = "name",
    stage: str = "",
) -> QuerySet:
    """The employers the user sees, searched, filtered and sorted; rows carry `last_follow_up`."""
    qs = with_last_follow_up(employers_visible_to(user), today=today).select_related(
        "responsible_kam", "responsible_provider"
    )
    qs = qs.annotate(tier_rank=TIER_RANK)
    qs = _filtered(
        qs,
        today=today,
        query=query,
        tier=tier,
        sector=sector,
        kam_id=kam_id,
        no_meeting_this_quarter=no_meeting_this_quarter,
        stage=stage,
    )
    return qs.order_by(*ORDERINGS.get(order, ORDERINGS["name"]))


# Orders a page can read from the (region, name, id) index part by part (paginate_parts_ids_first).
MERGEABLE_ORDERINGS = ("name", "-name")


def employer_list_page(*, user: User, today: date, per_page: int, page_number, order: str = "name", **filters):
    """One page of `employer_list(user=user, today=today, order=order, **filters)`: the same rows in the same
    order, with the page's keys merged from the policy's parts when the order is by name (issue 19)."""
    rows = employer_list(user=user, today=today, order=order, **filters)
    if order not in MERGEABLE_ORDERINGS:
        return paginate_ids_first(rows, per_page, page_number)
    parts = [_filtered(part, today=today, **filters) for part in employers_visible_parts(user)]
    return paginate_parts_ids_first(rows, parts, ORDERINGS[order], per_page, page_number)


def _filtered(
    qs: QuerySet,
    *,
    today: date,
    query: str = "",
    tier: str = "",
    sector: str = "",
    kam_id: int | None = None,
    no_meeting_this_quarter: bool = False,
    stage: str = "",
) -> QuerySet:
    query = query.strip()
    if query:
        digits = normalise_org_number(query)
        condition = text_contains("name", query)
        if digits.isdigit():
            condition |= Q(org_number__startswith=digits)
        qs = qs.filter(condition)
    if tier == "none":
        qs = qs.filter(tier="")
    elif tier:
        qs = qs.filter(tier=tier)
    if sector:
        qs = qs.filter(sector=sector)
    if kam_id:
        qs = qs.filter(responsible_kam_id=kam_id)
    if no_meeting_this_quarter:
        qs = qs.filter(~met_this_quarter(today))
    if stage == "prospects":
        qs = qs.exclude(prospect_stage=ProspectStage.SIGNED)
    elif stage == "clients":
        qs = qs.filter(prospect_stage=ProspectStage.SIGNED)
    elif stage in ProspectStage.values:
        qs = qs.filter(prospect_stage=stage)
    return qs


def kams_visible_to(user: User) -> QuerySet:
    """KAMs whose portfolios the user may see: the region's KAMs for a KAM or a region coordinator."""
    p = principal_for(user)
    regions = set(p.coordinator_region_ids)
    if p.is_kam:
        regions.add(p.region_id)
    return (
        User.objects.filter(is_active=True, memberships__role=Role.KAM, provider__region_id__in=regions)
        .select_related("provider")
        .order_by("provider__name", "full_name")
        .distinct()
    )


@dataclass
class FollowUpStatus:
    last_meeting_on: date | None
    held_this_quarter: bool


def follow_up_status(last_meeting_on: date | None, *, today: date) -> FollowUpStatus:
    days = [last_meeting_on] if last_meeting_on else []
    return FollowUpStatus(last_meeting_on, meeting_held_this_quarter(days, today=today))


def placements_per_year(employer: Employer) -> list[tuple[int, int]]:
    """(year, hires) for the employer, newest year first, in one query.

    What counts: placements of the employer with status `hired`, by the year of `hired_on` (the
    day the candidate was employed). Planned, active and ended placements do not count.
    """
    rows = (
        Placement.objects.filter(employer=employer, status=PlacementStatus.HIRED, hired_on__isnull=False)
        .annotate(year=ExtractYear("hired_on"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("-year")
    )
    return [(row["year"], row["count"]) for row in rows]


def weekly_plan(*, kam: User, year: int, week: int) -> dict:
    """The KAM's visits, calls and meetings in an ISO week, and the next steps due in it."""
    monday, sunday = iso_week_bounds(year, week)
    entries = (
        ContactLogEntry.objects.filter(kam=kam, occurred_on__range=(monday, sunday))
        .select_related("employer")
        .order_by("occurred_on", "id")
    )
    next_steps = (
        ContactLogEntry.objects.filter(kam=kam, next_step_due__range=(monday, sunday))
        .exclude(next_step="")
        .select_related("employer")
        .order_by("next_step_due", "id")
    )
    days = {}
    for entry in entries:
        days.setdefault(entry.occurred_on, []).append(entry)
    return {"monday": monday, "sunday": sunday, "days": sorted(days.items()), "next_steps": list(next_steps)}


def portfolio_overview(*, user: User, today: date) -> list[dict]:
    """Per KAM in the user's region: how many employers they hold (by tier, and without a follow-up
    meeting this quarter) and their sector portfolios. Counts, not lists: a KAM may hold hundreds."""
    rows = (
        employers_visible_to(user)
        .filter(responsible_kam__isnull=False)
        .annotate(met=met_this_quarter(today))
        .values("responsible_kam_id")
        .annotate(
            held=Count("id"),
            gold=Count("id", filter=Q(tier=Tier.GOLD)),
            silver=Count("id", filter=Q(tier=Tier.SILVER)),
            bronze=Count("id", filter=Q(tier=Tier.BRONZE)),
            no_meeting=Count("id", filter=Q(met=False)),
        )
        .order_by()
    )
    counts = {row.pop("responsible_kam_id"): row for row in rows}
    empty = {"held": 0, "gold": 0, "silver": 0, "bronze": 0, "no_meeting": 0}
    kams = kams_visible_to(user).prefetch_related(
        Prefetch("sector_portfolios", queryset=SectorPortfolio.objects.order_by("sector"), to_attr="sectors"),
    )
    return [{"kam": kam, "counts": counts.get(kam.pk, empty), "sectors": kam.sectors} for kam in kams]
