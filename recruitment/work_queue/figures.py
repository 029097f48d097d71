"""Aggregates for region coordinators and provider admins: counts, never names."""

from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import principal_for
from recruitment.work_queue.items import (
    Figure,
)


def overview_figures(*, user: User, now: datetime | None = None) -> list[Figure]:
    """Counts over the user's region (coordinator) or provider (admin), in two queries; no names.

    Recruitments and placements are counted apart, each table filtered by its own columns: one query joining
    recruitments to placements (and to every proposal) read the national tables (1 s at national scale). A
    placement's employer and provider are its proposal's, so "placements of the region's recruitments" are the
    placements at the region's employers, and "of the provider's recruitments, by the provider" are the
    provider's placements."""
    from recruitment.models import (
        ACTIVE_RECRUITMENT_STATES,
        OPEN_PLACEMENT_STATES,
        Placement,
        PlacementStatus,
        Recruitment,
        Submission,
    )

    p = principal_for(user)
    today = timezone.localdate(now or timezone.now())
    if p.is_region_coordinator:
        scope = Q(employer__region_id__in=p.coordinator_region_ids)
        placement_scope = Q(employer__region_id__in=p.coordinator_region_ids)
    elif p.is_provider_admin:
        # The recruitments the provider proposed to, as ids from the proposals' (provider, recruitment) index.
        proposed_to = Submission.objects.filter(provider_id=p.provider_id).order_by().values("recruitment_id")
        scope = Q(coordinating_provider_id=p.provider_id) | Q(pk__in=proposed_to)
        placement_scope = Q(provider_id=p.provider_id)
    else:
        return []
    counts = (
        Recruitment.objects.filter(scope, status__in=ACTIVE_RECRUITMENT_STATES)
        .order_by()
        .aggregate(running=Count("pk"), waiting=Count("pk", filter=Q(list_sent_at__isnull=False)))
    )
    counts |= (
        Placement.objects.filter(placement_scope)
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
    return [
        Figure("running", _("Recruitments running"), counts["running"]),
        Figure("lists_sent", _("Running recruitments with the list sent"), counts["waiting"]),
        Figure("placements", _("Placements under way"), counts["placed"]),
        Figure("hired", _("Hired this year"), counts["hired_count"]),
    ]
