"""Yearly targets and what is reached so far; the prospects per stage. A fixed number of queries per page.

What counts as reached in a year (from Jan 1 up to today, or Dec 31 for a past year):
  placements  placements hired (`Placement.hired_on` in the year) in recruitments the KAM (or the provider)
              coordinates;
  agreements  employers whose recruitment agreement was signed in the year (`Employer.agreement_signed_on`, set
              by the prospect pipeline's "agreement signed" step) and that the KAM (or provider) is responsible for;
  meetings    held meetings and visits of the contact log (the kinds that count as the quarterly follow-up
              meeting, `FOLLOW_UP_KINDS`, not planned) dated in the year, by the KAM (or the provider's KAMs).
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Count, Exists, Func, IntegerField, Subquery, Value
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.policy import principal_for, statistics_providers, target_kams_for
from accounts.policy.principal import _CACHE_ATTR as PRINCIPAL_ATTR
from recruitment.models import (
    FOLLOW_UP_KINDS,
    ContactLogEntry,
    Employer,
    Placement,
    PlacementStatus,
    ProspectStage,
    YearlyTarget,
)

MEASURES = (
    ("placements", _("Placements (hired)")),
    ("agreements", _("New recruitment agreements")),
    ("meetings", _("Quarterly meetings held")),
)


def year_bounds(year: int, today: date) -> tuple[date, date]:
    return date(year, 1, 1), min(date(year, 12, 31), today)


@dataclass
class Progress:
    key: str
    label: str
    target: int | None  # None: no target set
    reached: int

    @property
    def percent(self) -> int:
        """Share of the target reached, for the bar (at most 100)."""
        if not self.target:
            return 100 if self.target == 0 else 0
        return min(100, round(100 * self.reached / self.target))


@dataclass
class TargetRow:
    name: str
    measures: list[Progress]
    is_provider: bool = False
    kam_uuid: str = ""  # the KAM row's key for the edit link (provider admins only)


@dataclass
class KamTargets:
    year: int
    has_target: bool
    measures: list[Progress]
    prospects: list[tuple[str, str, int]] = field(default_factory=list)  # (stage, label, count)
    counts: dict[str, int] = field(default_factory=dict)  # kam_targets' count_also


def _progress(target: YearlyTarget | None, reached: dict[str, int]) -> list[Progress]:
    return [
        Progress(key, str(label), getattr(target, key) if target else None, reached.get(key, 0))
        for key, label in MEASURES
    ]


def _hired(start: date, end: date):
    return Placement.objects.filter(status=PlacementStatus.HIRED, hired_on__range=(start, end))


def _signed(start: date, end: date):
    return Employer.objects.filter(prospect_stage=ProspectStage.SIGNED, agreement_signed_on__range=(start, end))


def _meetings(start: date, end: date):
    return ContactLogEntry.objects.filter(kind__in=FOLLOW_UP_KINDS, planned=False, occurred_on__range=(start, end))


def _count(queryset) -> Subquery:
    """`SELECT COUNT(*) FROM …` of the queryset as a scalar subquery (one row, no GROUP BY)."""
    return Subquery(
        queryset.order_by().annotate(n=Func(Value(1), function="COUNT")).values("n"), output_field=IntegerField()
    )


def kam_targets(*, user: User, today: date, count_also: dict | None = None) -> KamTargets | None:
    """The KAM's targets for this year, what is reached so far, and their prospects per stage: one query.

    Every figure is a scalar subquery of the one SELECT, each filtered by the KAM first (their target row, the
    employers they are responsible for, the placements of the recruitments they coordinate, their contact log),
    so each is an index lookup at national scale. `count_also`: name -> queryset whose count the page needs too,
    or a function of the user giving that queryset (counted in the same SELECT, returned in `KamTargets.counts`).

    When every `count_also` is such a function and the user is a KAM with a provider and a region and no other
    role, the query is compiled once per database connection, day and roles (kamportal.lib.compiled) and run
    with the user's, provider's and region's ids: the functions are asked with a stand-in user whose principal
    carries sentinel ids."""
    p = principal_for(user)
    if not p.is_kam:
        return None
    count_also = count_also or {}
    names = list(count_also)
    plain_kam = p.roles == frozenset({Role.KAM}) and p.provider_id is not None and p.region_id is not None
    if plain_kam and not p.coordinator_region_ids and p.contact_id is None and all(map(callable, count_also.values())):
        from kamportal.lib.compiled import compiled_list

        def build(user_id, provider_id, region_id=None):
            stand_in = User(pk=user_id, provider_id=provider_id, is_active=True)
            stand_in_principal = replace(p, user_id=user_id, provider_id=provider_id, region_id=region_id)
            setattr(stand_in, PRINCIPAL_ATTR, stand_in_principal)
            also = {name: count_also[name](stand_in) for name in names}
            return _targets_values(user_id, provider_id, today, also)

        key = ("selectors.kam_targets", today, p.roles, tuple(names), tuple(map(_function_name, count_also.values())))
        ids = {"user_id": user.pk, "provider_id": p.provider_id}
        if names:  # the policy's querysets ask the region (an id unused is refused)
            ids["region_id"] = p.region_id
        rows = compiled_list(key, build, **ids)
        row = rows[0]
    else:
        also = {name: also(user) if callable(also) else also for name, also in count_also.items()}
        row = _targets_values(user.pk, p.provider_id, today, also).get()
    measures = [
        Progress(key, str(label), row[f"target_{key}"] if row["has_target"] else None, row[f"reached_{key}"] or 0)
        for key, label in MEASURES
    ]
    return KamTargets(
        year=today.year,
        has_target=bool(row["has_target"]),
        measures=measures,
        prospects=[(stage.value, str(stage.label), row[f"stage_{stage}"] or 0) for stage in _STAGES],
        counts={name: row[f"also_{name}"] or 0 for name in names},
    )


_STAGES = (ProspectStage.CONTACTED, ProspectStage.MEETING_HELD)


def _function_name(function) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _targets_values(user_id: int, provider_id: int | None, today: date, also: dict):
    """kam_targets' one row, as a values() queryset of the user's row."""
    start, end = year_bounds(today.year, today)
    target = YearlyTarget.objects.filter(provider_id=provider_id, kam_id=user_id, year=today.year)
    mine = Employer.objects.filter(responsible_kam_id=user_id)
    return (
        User.objects.filter(pk=user_id)
        .annotate(
            has_target=Exists(target),
            **{f"target_{key}": Subquery(target.values(key)[:1]) for key, _label in MEASURES},
            reached_placements=_count(_hired(start, end).filter(recruitment__coordinating_kam_id=user_id)),
            reached_agreements=_count(_signed(start, end).filter(responsible_kam_id=user_id)),
            reached_meetings=_count(_meetings(start, end).filter(kam_id=user_id)),
            **{f"stage_{stage}": _count(mine.filter(prospect_stage=stage)) for stage in _STAGES},
            **{f"also_{name}": _count(queryset) for name, queryset in also.items()},
        )
        .values(
            "has_target",
            *(f"target_{key}" for key, _label in MEASURES),
            *(f"reached_{key}" for key, _label in MEASURES),
            *(f"stage_{stage}" for stage in _STAGES),
            *(f"also_{name}" for name in also),
        )
    )


def _grouped(queryset, provider_path: str, kam_path: str) -> tuple[dict[int, int], dict[int, int]]:
    """Counts per provider and per KAM, in one query."""
    per_provider: dict[int, int] = {}
    per_kam: dict[int, int] = {}
    for row in queryset.values(provider_path, kam_path).annotate(n=Count("pk")).order_by():
        provider_id, kam_id = row[provider_path], row[kam_path]
        per_provider[provider_id] = per_provider.get(provider_id, 0) + row["n"]
        if kam_id is not None:
            per_kam[kam_id] = per_kam.get(kam_id, 0) + row["n"]
    return per_provider, per_kam


def target_rows(
    *, user: User, year: int, today: date, provider_ids: list[int] | None = None, region_id: int | None = None
) -> list[TargetRow]:
    """Targets against reached per provider the user may see statistics of, and, for a provider admin, per KAM
    of their provider. Region coordinators and KAMs get provider rows only (no person is named). Six queries."""
    p = principal_for(user)
    providers = statistics_providers(user)
    if provider_ids is not None:
        providers = providers.filter(pk__in=provider_ids)
    if region_id is not None:
        providers = providers.filter(region_id=region_id)
    providers = list(providers.values_list("pk", "name"))
    ids = [pk for pk, _name in providers]
    start, end = year_bounds(year, today)
    targets = {(t.provider_id, t.kam_id): t for t in YearlyTarget.objects.filter(provider_id__in=ids, year=year)}
    placements = _grouped(
        _hired(start, end).filter(recruitment__coordinating_provider_id__in=ids),
        "recruitment__coordinating_provider_id",
        "recruitment__coordinating_kam_id",
    )
    agreements = _grouped(
        _signed(start, end).filter(responsible_provider_id__in=ids), "responsible_provider_id", "responsible_kam_id"
    )
    meetings = _grouped(_meetings(start, end).filter(kam__provider_id__in=ids), "kam__provider_id", "kam_id")
    figures = {"placements": placements, "agreements": agreements, "meetings": meetings}
    rows = []
    for provider_id, name in providers:
        reached = {key: counts[0].get(provider_id, 0) for key, counts in figures.items()}
        rows.append(TargetRow(name, _progress(targets.get((provider_id, None)), reached), is_provider=True))
        if p.is_provider_admin and provider_id == p.provider_id:
            for kam in target_kams_for(user).only("pk", "uuid", "full_name"):
                reached = {key: counts[1].get(kam.pk, 0) for key, counts in figures.items()}
                rows.append(
                    TargetRow(
                        kam.full_name, _progress(targets.get((provider_id, kam.pk)), reached), kam_uuid=str(kam.uuid)
                    )
                )
    return rows


def own_provider_rows(*, user: User, year: int, today: date) -> list[TargetRow]:
    """The targets page of a provider admin: their provider's row and its KAMs' rows."""
    p = principal_for(user)
    return target_rows(user=user, year=year, today=today, provider_ids=[p.provider_id])
