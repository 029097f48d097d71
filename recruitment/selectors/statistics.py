"""The statistics pages' figures: counted in the database, a fixed number of queries whatever the data.

Periods: placements by their start date, proposals by the day they were proposed, candidate lists by the
day they were sent, filled recruitments by the day they were filled, consents by the day given or withdrawn.
Durations are in working days (kamportal.lib.workdays): the database returns the two dates per row, the
working days between them are counted here.
"""

import statistics as pystats
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent
from accounts.policy import StatisticsScope
from candidates.models import Consent
from kamportal.lib.workdays import working_days_between
from recruitment.models import (
    SHARED_SUBMISSION_STATES,
    Placement,
    PlacementStatus,
    Recruitment,
    RecruitmentEvent,
    RecruitmentStatus,
    Sector,
    Submission,
    SubmissionStatus,
    Tier,
)

S = SubmissionStatus
TRUNC = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
GRANULARITIES = {"month": _("Month"), "quarter": _("Quarter"), "year": _("Year")}
# The employer's answers on a list move a proposal by these actions (recruitment.services.hiring).
EMPLOYER_ANSWER_ACTIONS = ("invite", "reject", "choose", "not_choose")
CLOSED_UNANSWERED_ACTION = "recruitment.close_unanswered"  # recruitment.services.unanswered audits this
GROUPS = {"provider": _("Provider"), "region": _("Region"), "sector": _("Sector"), "tier": _("Tier")}

# How each kind of row reaches its region, provider(s) and employer. A provider sees its own candidates'
# rows and those of the recruitments it coordinates.
PATHS = {
    "placement": {
        "region": "employer__region_id",
        "provider": ("provider_id", "recruitment__coordinating_provider_id"),
        "employer": "employer",
    },
    "submission": {
        "region": "recruitment__employer__region_id",
        "provider": ("provider_id", "recruitment__coordinating_provider_id"),
        "employer": "recruitment__employer",
    },
    "recruitment": {
        "region": "employer__region_id",
        "provider": ("coordinating_provider_id",),
        "employer": "employer",
    },
    "consent": {"region": "employer__region_id", "provider": ("candidate__provider_id",), "employer": "employer"},
}
PLACEMENT_GROUPS = {
    "provider": "provider__name",
    "region": "employer__region__name",
    "sector": "employer__sector",
    "tier": "employer__tier",
}


@dataclass(frozen=True)
class StatisticsFilter:
    start: date
    end: date  # inclusive
    granularity: str = "month"
    group_by: str = "provider"
    provider_id: int | None = None
    region_id: int | None = None
    sector: str = ""
    tier: str = ""  # "none": employers without a tier


def scoped(queryset: QuerySet, kind: str, scope: StatisticsScope, f: StatisticsFilter) -> QuerySet:
    paths = PATHS[kind]
    condition = Q(pk__in=[])
    for provider in paths["provider"]:
        condition |= scope.condition(region=paths["region"], provider=provider)
    queryset = queryset.filter(condition)
    if f.provider_id:
        queryset = queryset.filter(**{paths["provider"][0]: f.provider_id})
    if f.region_id:
        queryset = queryset.filter(**{paths["region"]: f.region_id})
    if f.sector:
        queryset = queryset.filter(**{f"{paths['employer']}__sector": f.sector})
    if f.tier:
        queryset = queryset.filter(**{f"{paths['employer']}__tier": "" if f.tier == "none" else f.tier})
    return queryset


# --- periods -----------------------------------------------------------------------------------------------


def period_start(day: date, granularity: str) -> date:
    if granularity == "year":
        return date(day.year, 1, 1)
    if granularity == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def period_label(day: date, granularity: str) -> str:
    if granularity == "year":
        return str(day.year)
    if granularity == "quarter":
        return f"{day.year} Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def periods_between(start: date, end: date, granularity: str) -> list[date]:
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    current, result = period_start(start, granularity), []
    while current <= end:
        result.append(current)
        index = current.year * 12 + current.month - 1 + months
        current = date(index // 12, index % 12 + 1, 1)
    return result


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _group_label(group_by: str, value) -> str:
    if group_by == "sector":
        return str(dict(Sector.choices).get(value, _("No sector")))
    if group_by == "tier":
        return str(dict(Tier.choices).get(value, _("No tier")))
    return value or "–"


# --- placements ----------------------------------------------------------------------------------------------


@dataclass
class PlacementRow:
    period: str
    group: str
    placements: int
    hired: int


@dataclass
class PlacementFigures:
    rows: list[PlacementRow]
    labels: list[str]
    series: dict[str, list[int]]
    total: int
    hired: int


def placement_figures(*, scope: StatisticsScope, f: StatisticsFilter) -> PlacementFigures:
    """Placements started per period and group (provider, region, sector or tier), and how many led to hiring."""
    group_field = PLACEMENT_GROUPS[f.group_by]
    rows = (
        scoped(Placement.objects.all(), "placement", scope, f)
        .filter(start_date__range=(f.start, f.end))
        .annotate(period=TRUNC[f.granularity]("start_date"))
        .values("period", group_field)
        .annotate(n=Count("pk"), hired=Count("pk", filter=Q(status=PlacementStatus.HIRED)))
        .order_by("period", group_field)
    )
    periods = periods_between(f.start, f.end, f.granularity)
    labels = [period_label(p, f.granularity) for p in periods]
    index = {p: i for i, p in enumerate(periods)}
    result, series = [], {}
    for row in rows:
        period = _as_date(row["period"])
        group = _group_label(f.group_by, row[group_field])
        result.append(PlacementRow(period_label(period, f.granularity), group, row["n"], row["hired"]))
        series.setdefault(group, [0] * len(periods))[index[period]] += row["n"]
    return PlacementFigures(
        rows=result,
        labels=labels,
        series=dict(sorted(series.items())),
        total=sum(r.placements for r in result),
        hired=sum(r.hired for r in result),
    )


# --- the funnel ----------------------------------------------------------------------------------------------

FUNNEL_STAGES = (
    ("proposed", _("Proposed")),
    ("shortlisted", _("On the candidate list")),
    ("interview", _("Interview")),
    ("chosen", _("Chosen")),
    ("hired", _("Hired")),
)


@dataclass
class FunnelStage:
    key: str
    label: str
    count: int
    from_previous: float | None  # percent of the stage before
    from_proposed: float | None  # percent of the proposals


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _submission_events() -> QuerySet:
    return RecruitmentEvent.objects.filter(subject=RecruitmentEvent.Subject.SUBMISSION, subject_id=OuterRef("pk"))


def first_answer_at() -> Coalesce:
    """When the employer first answered on the candidate (`employer_answered_at` is the latest answer: an
    invitation to interview followed by hiring counts from the invitation)."""
    first = _submission_events().filter(shared_with_employer=True, action__in=EMPLOYER_ANSWER_ACTIONS)
    return Coalesce(Subquery(first.order_by("at", "id").values("at")[:1]), F("employer_answered_at"))


def funnel(*, scope: StatisticsScope, f: StatisticsFilter) -> list[FunnelStage]:
    """Proposals made in the period and how far they came: one query."""
    interviewed = Q(Exists(_submission_events().filter(to_status=S.INTERVIEW)))
    counts = (
        scoped(Submission.objects.all(), "submission", scope, f)
        .filter(proposed_at__date__range=(f.start, f.end))
        .aggregate(
            proposed=Count("pk"),
            shortlisted=Count("pk", filter=Q(status__in=SHARED_SUBMISSION_STATES)),
            interview=Count("pk", filter=interviewed),
            chosen=Count("pk", filter=Q(status=S.CHOSEN)),
            hired=Count("pk", filter=Q(placement__status=PlacementStatus.HIRED)),
        )
    )
    stages, previous = [], None
    for key, label in FUNNEL_STAGES:
        count = counts[key]
        stages.append(
            FunnelStage(
                key=key,
                label=str(label),
                count=count,
                from_previous=None if previous is None else _percent(count, previous),
                from_proposed=None if previous is None else _percent(count, counts["proposed"]),
            )
        )
        previous = count
    return stages


# --- durations -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def working_days(start: date, end: date) -> int:
    return working_days_between(start, end)


@dataclass
class Duration:
    count: int = 0
    average: float | None = None
    median: float | None = None
    longest: int | None = None

    @classmethod
    def of(cls, days: list[int]) -> "Duration":
        if not days:
            return cls()
        return cls(
            count=len(days),
            average=round(sum(days) / len(days), 1),
            median=pystats.median(days),
            longest=max(days),
        )


def _status_reached(status: str) -> Subquery:
    events = RecruitmentEvent.objects.filter(
        recruitment_id=OuterRef("pk"), subject=RecruitmentEvent.Subject.RECRUITMENT, to_status=status
    )
    return Subquery(events.order_by("at", "id").values("at")[:1])


def time_to_fill(*, scope: StatisticsScope, f: StatisticsFilter) -> Duration:
    """Working days from opening (or creating) to filling, for recruitments filled in the period: one query."""
    rows = (
        scoped(Recruitment.objects.all(), "recruitment", scope, f)
        .filter(status=RecruitmentStatus.FILLED)
        .annotate(
            opened_at=Coalesce(_status_reached(RecruitmentStatus.OPEN), F("created_at")),
            filled_at=_status_reached(RecruitmentStatus.FILLED),
        )
        .filter(filled_at__date__range=(f.start, f.end))
        .values_list("opened_at", "filled_at")
    )
    return Duration.of([working_days(_as_date(opened), _as_date(filled)) for opened, filled in rows])


def _answered_on_lists(scope: StatisticsScope, f: StatisticsFilter) -> QuerySet:
    """Candidates on lists sent in the period (whatever happened to them after)."""
    return scoped(Submission.objects.all(), "submission", scope, f).filter(
        status__in=SHARED_SUBMISSION_STATES, recruitment__list_sent_at__date__range=(f.start, f.end)
    )


@dataclass
class ScorecardRow:
    employer: str
    lists: int
    candidates: int
    answered: int
    closed_unanswered: int
    speed: Duration = field(default_factory=Duration)

    @property
    def rate(self) -> float | None:
        return _percent(self.answered, self.candidates)


@dataclass
class FeedbackFigures:
    answer_time: Duration
    scorecard: list[ScorecardRow]
    lists: int
    candidates: int
    answered: int
    closed_unanswered: int

    @property
    def rate(self) -> float | None:
        return _percent(self.answered, self.candidates)


def feedback_figures(*, scope: StatisticsScope, f: StatisticsFilter) -> FeedbackFigures:
    """The employers' answers on the lists sent in the period: counts per employer (one query) and working
    days from the list to each answer (one query). A list is closed unanswered when the KAM closed it for the
    candidates still waiting (recruitment.services.unanswered, which audits it)."""
    scorecard, days = _scorecard(_answered_on_lists(scope, f))
    return FeedbackFigures(
        answer_time=Duration.of([d for ds in days.values() for d in ds]),
        scorecard=scorecard,
        lists=sum(r.lists for r in scorecard),
        candidates=sum(r.candidates for r in scorecard),
        answered=sum(r.answered for r in scorecard),
        closed_unanswered=sum(r.closed_unanswered for r in scorecard),
    )


def employer_feedback(*, employer_id: int, start: date, end: date) -> ScorecardRow | None:
    """One employer's scorecard row (the same figures as the statistics page) for lists sent from `start` to
    `end`, or None when no list was sent to it then: two queries. Feeds the pyramid's continuity criterion."""
    on_lists = Submission.objects.filter(
        status__in=SHARED_SUBMISSION_STATES,
        recruitment__employer_id=employer_id,
        recruitment__list_sent_at__date__range=(start, end),
    )
    scorecard, _days = _scorecard(on_lists)
    return scorecard[0] if scorecard else None


def _scorecard(on_lists: QuerySet) -> tuple[list[ScorecardRow], dict[int, list[int]]]:
    closed = Q(
        Exists(
            AuditEvent.objects.filter(
                action=CLOSED_UNANSWERED_ACTION,
                object_type=Recruitment._meta.label_lower,
                object_id=Cast(OuterRef("recruitment_id"), CharField()),
            )
        )
    )
    counts = (
        on_lists.values("recruitment__employer_id")
        .annotate(
            name=Max("recruitment__employer__name"),
            lists=Count("recruitment_id", distinct=True),
            candidates=Count("pk"),
            answered=Count("pk", filter=Q(employer_answered_at__isnull=False)),
            closed_unanswered=Count("recruitment_id", distinct=True, filter=closed),
        )
        .order_by("name", "recruitment__employer_id")
    )
    days: dict[int, list[int]] = {}
    answered_rows = (
        on_lists.filter(employer_answered_at__isnull=False)
        .annotate(first_answer=first_answer_at())
        .values_list("recruitment__employer_id", "recruitment__list_sent_at", "first_answer")
    )
    for employer_id, sent, answered in answered_rows:
        days.setdefault(employer_id, []).append(working_days(_as_date(sent), _as_date(answered)))
    scorecard = [
        ScorecardRow(
            employer=row["name"],
            lists=row["lists"],
            candidates=row["candidates"],
            answered=row["answered"],
            closed_unanswered=row["closed_unanswered"],
            speed=Duration.of(days.get(row["recruitment__employer_id"], [])),
        )
        for row in counts
    ]
    return scorecard, days


# --- consents ------------------------------------------------------------------------------------------------


@dataclass
class ConsentRow:
    period: str
    given: int
    withdrawn: int


def consent_figures(*, scope: StatisticsScope, f: StatisticsFilter) -> list[ConsentRow]:
    """Consents given and withdrawn per period: two queries. (The portal records no declined consents: a
    candidate who says no is simply not given a consent row.)"""
    consents = scoped(Consent.objects.all(), "consent", scope, f)
    trunc = TRUNC[f.granularity]
    given = (
        consents.filter(given_on__range=(f.start, f.end))
        .annotate(period=trunc("given_on"))
        .values("period")
        .annotate(n=Count("pk"))
        .order_by()
    )
    withdrawn = (
        consents.filter(withdrawn_at__date__range=(f.start, f.end))
        .annotate(period=trunc("withdrawn_at"))
        .values("period")
        .annotate(n=Count("pk"))
        .order_by()
    )
    periods = periods_between(f.start, f.end, f.granularity)
    rows = {p: ConsentRow(period_label(p, f.granularity), 0, 0) for p in periods}
    for row in given:
        rows[_as_date(row["period"])].given += row["n"]
    for row in withdrawn:
        rows[_as_date(row["period"])].withdrawn += row["n"]
    return list(rows.values())
