"""Aggregates for region coordinators and provider admins: counts, never names.

The home page shows them through `cached_overview_figures`: exact counts over all of a provider's or region's rows
cost tens of milliseconds at national scale, so they are kept in the "figures" cache for
OVERVIEW_FIGURES_CACHE_SECONDS and the page says when they were computed. Writes do not invalidate them: the short
expiry is the contract (issue 19)."""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import principal_for
from recruitment.work_queue.items import (
    Figure,
)

logger = logging.getLogger(__name__)

CACHE_ALIAS = "figures"
# Bump when the cached counts change shape, so old entries are never read.
_KEY_VERSION = 1


@dataclass(frozen=True)
class OverviewFigures:
    """The figures and when they were counted (aware datetime)."""

    figures: list[Figure]
    computed_at: datetime


def overview_figures(*, user: User, now: datetime | None = None) -> list[Figure]:
    """The figures counted now (no cache)."""
    scope = _scope(user)
    if scope is None:
        return []
    return _labelled(_counts(scope, timezone.localdate(now or timezone.now())))


def cached_overview_figures(*, user: User, now: datetime | None = None) -> OverviewFigures | None:
    """The figures from the cache if counted within OVERVIEW_FIGURES_CACHE_SECONDS, else counted and cached.

    The key names the scope (provider id or the coordinator's region ids), the role and the day, never the user
    or the language (labels are added on reading), so no one reads another provider's or region's counts. A
    failing cache (Redis down) only costs the counting. None for users without figures."""
    scope = _scope(user)
    if scope is None:
        return None
    now = now or timezone.now()
    today = timezone.localdate(now)
    seconds = settings.OVERVIEW_FIGURES_CACHE_SECONDS
    key = f"overview-figures:v{_KEY_VERSION}:{scope.key}:{today.isoformat()}"
    cached = None
    if seconds > 0:
        try:
            cached = caches[CACHE_ALIAS].get(key)
        except Exception:  # the cache is an optimisation: any failure means counting
            logger.warning("overview figures: cache read failed", exc_info=True)
    if isinstance(cached, dict) and "counts" in cached and "computed_at" in cached:
        return OverviewFigures(_labelled(cached["counts"]), cached["computed_at"])
    counts = _counts(scope, today)
    if seconds > 0:
        try:
            caches[CACHE_ALIAS].set(key, {"counts": counts, "computed_at": now}, timeout=seconds)
        except Exception:
            logger.warning("overview figures: cache write failed", exc_info=True)
    return OverviewFigures(_labelled(counts), now)


@dataclass(frozen=True)
class _Scope:
    key: str
    recruitments: Q
    placements: Q


def _scope(user: User) -> "_Scope | None":
    """Counts over the user's region (coordinator) or provider (admin), in two queries; no names.

    Recruitments and placements are counted apart, each table filtered by its own columns: one query joining
    recruitments to placements (and to every proposal) read the national tables (1 s at national scale). A
    placement's employer and provider are its proposal's, so "placements of the region's recruitments" are the
    placements at the region's employers, and "of the provider's recruitments, by the provider" are the
    provider's placements."""
    from recruitment.models import Submission

    p = principal_for(user)
    if p.is_region_coordinator:
        regions = sorted(p.coordinator_region_ids)
        in_regions = Q(employer__region_id__in=regions)
        return _Scope("region:" + ",".join(str(r) for r in regions), in_regions, in_regions)
    if p.is_provider_admin:
        # The recruitments the provider proposed to, as ids from the proposals' (provider, recruitment) index.
        proposed_to = Submission.objects.filter(provider_id=p.provider_id).order_by().values("recruitment_id")
        return _Scope(
            f"provider:{p.provider_id}",
            Q(coordinating_provider_id=p.provider_id) | Q(pk__in=proposed_to),
            Q(provider_id=p.provider_id),
        )
    return None


def _counts(scope: _Scope, today: date) -> dict[str, int]:
    """The four counts in two queries."""
    from recruitment.models import (
        ACTIVE_RECRUITMENT_STATES,
        OPEN_PLACEMENT_STATES,
        Placement,
        PlacementStatus,
        Recruitment,
    )

    counts = (
        Recruitment.objects.filter(scope.recruitments, status__in=ACTIVE_RECRUITMENT_STATES)
        .order_by()
        .aggregate(running=Count("pk"), waiting=Count("pk", filter=Q(list_sent_at__isnull=False)))
    )
    counts |= (
        Placement.objects.filter(scope.placements)
        .order_by()
        .aggregate(
            placed=Count("pk", filter=Q(status__in=OPEN_PLACEMENT_STATES)),
            hired_count=Count(
                "pk",
                filter=Q(
                    status=PlacementStatus.HIRED,
                    hired_on__gte=today.replace(month=1, day=1),
                    hired_on__lte=today,
                ),
            ),
        )
    )
    return counts


def _labelled(counts: dict[str, int]) -> list[Figure]:
    return [
        Figure("running", _("Recruitments running"), counts["running"]),
        Figure("lists_sent", _("Running recruitments with the list sent"), counts["waiting"]),
        Figure("placements", _("Placements under way"), counts["placed"]),
        Figure("hired", _("Hired this year"), counts["hired_count"]),
    ]
