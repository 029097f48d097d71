"""Statistics: counts only, never names. A region coordinator counts their regions, a provider admin and a
KAM their provider (recruitments it coordinates, candidates it proposed)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import Provider, Region

from .principal import AnyUser, principal_for


@dataclass(frozen=True)
class StatisticsScope:
    region_ids: frozenset
    provider_id: int | None

    def condition(self, *, region: str, provider: str) -> Q:
        """Rows of the scope: `region` and `provider` are the paths to the row's region and provider ids."""
        condition = Q(pk__in=[])
        if self.region_ids:
            condition |= Q(**{f"{region}__in": sorted(self.region_ids)})
        if self.provider_id:
            condition |= Q(**{provider: self.provider_id})
        return condition


def can_see_statistics(user: AnyUser) -> bool:
    p = principal_for(user)
    return p.is_region_coordinator or p.is_provider_admin or p.is_kam


def statistics_scope(user: AnyUser) -> StatisticsScope:
    p = principal_for(user)
    provider_id = p.provider_id if (p.is_provider_admin or p.is_kam) else None
    return StatisticsScope(region_ids=p.coordinator_region_ids, provider_id=provider_id)


def statistics_providers(user: AnyUser) -> QuerySet:
    """The providers a user may filter the statistics by."""
    scope = statistics_scope(user)
    return Provider.objects.filter(scope.condition(region="region_id", provider="pk")).order_by("name")


def statistics_regions(user: AnyUser) -> QuerySet:
    scope = statistics_scope(user)
    condition = Q(pk__in=sorted(scope.region_ids))
    if scope.provider_id:
        condition |= Q(providers__pk=scope.provider_id)
    return Region.objects.filter(condition).distinct().order_by("name")


__all__ = [
    "StatisticsScope",
    "can_see_statistics",
    "statistics_providers",
    "statistics_regions",
    "statistics_scope",
]
