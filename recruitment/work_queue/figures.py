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
    """Counts over the user's region (coordinator) or provider (admin), in one query; no names."""
    from recruitment.models import (
        ACTIVE_RECRUITMENT_STATES,
        OPEN_PLACEMENT_STATES,
        PlacementStatus,
        Recruitment,
        Submission,
    )

    p = principal_for(user)
    today = timezone.localdate(now or timezone.now())
    if p.is_region_coordinator:
        scope = Q(employer__region_id__in=p.coordinator_region_ids)
    elif p.is_provider_admin:
        # The recruitments the provider proposed to, as ids from the proposals' (provider, recruitment) index:
        # joining every recruitment to every proposal before filtering read the whole proposal table.
        proposed_to = Submission.objects.filter(provider_id=p.provider_id).order_by().values("recruitment_id")
        scope = Q(coordinating_provider_id=p.provider_id) | Q(pk__in=proposed_to)
    else:
        return []
    recruitments = Recruitment.objects.filter(pk__in=Recruitment.objects.filter(scope).values("pk"))
    placements = Q(placements__status__in=OPEN_PLACEMENT_STATES)
    hired = Q(
        placements__status=PlacementStatus.HIRED,
        placements__hired_on__gte=today.replace(month=1, day=1),
        placements__hired_on__lte=today,
    )
    if p.is_provider_admin and not p.is_region_coordinator:
        placements &= Q(placements__provider_id=p.provider_id)
        hired &= Q(placements__provider_id=p.provider_id)
    counts = recruitments.aggregate(
        running=Count("pk", filter=Q(status__in=ACTIVE_RECRUITMENT_STATES), distinct=True),
        waiting=Count("pk", filter=Q(status__in=ACTIVE_RECRUITMENT_STATES, list_sent_at__isnull=False), distinct=True),
        placed=Count("placements", filter=placements, distinct=True),
        hired_count=Count("placements", filter=hired, distinct=True),
    )
    return [
        Figure("running", _("Recruitments running"), counts["running"]),
        Figure("lists_sent", _("Running recruitments with the list sent"), counts["waiting"]),
        Figure("placements", _("Placements under way"), counts["placed"]),
        Figure("hired", _("Hired this year"), counts["hired_count"]),
    ]
