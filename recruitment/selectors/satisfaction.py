"""Reads for the satisfaction survey: which occasions a contact is offered, NPS per employer, statistics.

NPS = % promoters (9–10) − % detractors (0–6), rounded to a whole number; no answers, no NPS.
A recruitment's survey is offered for SURVEY_AFTER_RECRUITMENT_DAYS after it was filled or closed;
the half-yearly survey only in a half-year in which the contact has answered no survey yet.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from recruitment.models import (
    Contact,
    Employer,
    OccasionKind,
    Recruitment,
    RecruitmentEvent,
    RecruitmentStatus,
    SatisfactionAnswer,
)

SURVEY_AFTER_RECRUITMENT_DAYS = 60
NPS_WINDOW_DAYS = 365
ENDED_STATES = (RecruitmentStatus.FILLED, RecruitmentStatus.CLOSED_UNFILLED)
PROMOTER = Q(score__gte=9)
DETRACTOR = Q(score__lte=6)


@dataclass(frozen=True)
class Occasion:
    key: str
    kind: str
    recruitment: Recruitment | None = None
    starts: date | None = None  # the half-year's first day


@dataclass(frozen=True)
class NpsFigure:
    answers: int
    promoters: int
    detractors: int

    @property
    def passives(self) -> int:
        return self.answers - self.promoters - self.detractors

    @property
    def nps(self) -> int | None:
        if not self.answers:
            return None
        return round(100 * (self.promoters - self.detractors) / self.answers)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def half_year_start(today: date) -> date:
    return date(today.year, 1 if today.month <= 6 else 7, 1)


def half_year_occasion(today: date) -> Occasion:
    start = half_year_start(today)
    return Occasion(
        key=f"half_year:{start.year}-{1 if start.month == 1 else 2}", kind=OccasionKind.HALF_YEAR, starts=start
    )


def recruitment_occasion(recruitment: Recruitment) -> Occasion:
    return Occasion(key=f"recruitment:{recruitment.pk}", kind=OccasionKind.RECRUITMENT_ENDED, recruitment=recruitment)


def recently_ended_recruitments(*, recruitments: QuerySet, today: date) -> QuerySet:
    """Of `recruitments` (what the contact may see), those filled or closed in the last
    SURVEY_AFTER_RECRUITMENT_DAYS days."""
    ended = recently_ended_events(today=today)
    return recruitments.filter(status__in=ENDED_STATES, pk__in=ended.values("recruitment_id")).order_by("-updated_at")


def recently_ended_events(*, today: date) -> QuerySet:
    """The history rows of recruitments filled or closed in the last SURVEY_AFTER_RECRUITMENT_DAYS days."""
    since = _start_of(today - timedelta(days=SURVEY_AFTER_RECRUITMENT_DAYS))
    return RecruitmentEvent.objects.filter(
        subject=RecruitmentEvent.Subject.RECRUITMENT, to_status__in=ENDED_STATES, at__gte=since
    )


def survey_already_answered(*, contact: Contact, occasion: Occasion) -> bool:
    answers = SatisfactionAnswer.objects.filter(contact=contact)
    if occasion.kind == OccasionKind.HALF_YEAR:
        return answers.filter(Q(occasion=occasion.key) | Q(answered_at__gte=_start_of(occasion.starts))).exists()
    return answers.filter(occasion=occasion.key).exists()


def surveys_offered(
    *, contact: Contact, recruitments: QuerySet | None, today: date, ended: list | None = None
) -> list[Occasion]:
    """The surveys waiting for the contact: one per recently ended recruitment, else the half-yearly one.

    `ended`: those recruitments already read (the portal home reads them with its recruitment list), else they
    are found among `recruitments`. The contact's answers are read once (a few a year) and decide both."""
    answers = list(SatisfactionAnswer.objects.filter(contact=contact).values_list("occasion", "answered_at"))
    answered = {occasion for occasion, _ in answers}
    if ended is None:
        ended = recently_ended_recruitments(recruitments=recruitments, today=today)
    offered = [recruitment_occasion(r) for r in ended if recruitment_occasion(r).key not in answered]
    if not offered:
        half = half_year_occasion(today)
        starts = _start_of(half.starts)
        if not any(occasion == half.key or at >= starts for occasion, at in answers):
            offered.append(half)
    return offered


def nps_figure(answers: QuerySet) -> NpsFigure:
    row = answers.aggregate(
        answers=Count("pk"), promoters=Count("pk", filter=PROMOTER), detractors=Count("pk", filter=DETRACTOR)
    )
    return NpsFigure(**row)


def employer_nps(*, employer: Employer, today: date) -> NpsFigure:
    """The employer's NPS from its contacts' answers over the last 12 months."""
    since = _start_of(today - timedelta(days=NPS_WINDOW_DAYS))
    return nps_figure(SatisfactionAnswer.objects.filter(employer=employer, answered_at__gte=since))


def employer_answers(*, employer: Employer, limit: int = 50) -> list[SatisfactionAnswer]:
    """The answers with the contact's name: for the employer's own team only (accounts.policy)."""
    return list(employer.satisfaction_answers.select_related("contact", "recruitment")[:limit])


@dataclass(frozen=True)
class NpsRow:
    period: date
    region: str
    provider: str  # "" for the region's total
    figure: NpsFigure

    @property
    def quarter(self) -> str:
        return f"{self.period.year} Q{(self.period.month - 1) // 3 + 1}"


def nps_statistics(answers: QuerySet) -> list[NpsRow]:
    """NPS per quarter, region and provider, with a total row per region and quarter; one query."""
    rows = (
        answers.annotate(period=TruncQuarter("answered_at"))
        .values("period", "region__name", "provider__name")
        .annotate(answers=Count("pk"), promoters=Count("pk", filter=PROMOTER), detractors=Count("pk", filter=DETRACTOR))
        .order_by("-period", "region__name", "provider__name")
    )
    result: list[NpsRow] = []
    totals: dict[tuple, list[int]] = {}
    for row in rows:
        period = row["period"].date() if isinstance(row["period"], datetime) else row["period"]
        figure = NpsFigure(answers=row["answers"], promoters=row["promoters"], detractors=row["detractors"])
        result.append(NpsRow(period=period, region=row["region__name"], provider=row["provider__name"], figure=figure))
        total = totals.setdefault((period, row["region__name"]), [0, 0, 0])
        total[0] += figure.answers
        total[1] += figure.promoters
        total[2] += figure.detractors
    for (period, region), (n, promoters, detractors) in totals.items():
        result.append(NpsRow(period=period, region=region, provider="", figure=NpsFigure(n, promoters, detractors)))
    result.sort(key=lambda r: (-r.period.toordinal(), r.region, r.provider == "", r.provider))
    return result
