"""Reads for the dashboard and account pages."""

from django.utils import timezone

from accounts.models import User
from accounts.policy import employers_visible_to, principal_for


def dashboard_summary(*, user: User, queue_kind: str | None = None) -> dict:
    from recruitment.selectors.targets import kam_targets
    from recruitment.work_queue import cached_overview_figures, queue_for_page

    p = principal_for(user)
    employers = employers_visible_to(user)
    # A KAM's employer count is one more scalar subquery of their targets' query (the home's query budget).
    targets = kam_targets(user=user, today=timezone.localdate(), count_also={"employers": employers_visible_to})
    summary = {"targets": targets}
    if targets is not None:
        summary["employer_count"] = targets.counts["employers"]
    else:
        summary["employer_count"] = employers.count() if p.is_region_coordinator else None
    if p.is_kam:
        summary["my_employers"] = list(
            employers.filter(responsible_kam=user).only("uuid", "name", "municipality").order_by("name")[:10]
        )
    if p.is_provider_staff:
        summary["my_client_teams"] = list(
            employers.filter(client_team__user=user).only("uuid", "name", "municipality").order_by("name")[:20]
        )
    if p.is_employer_contact:
        summary["contact_employer"] = employers.filter(pk=p.contact_employer_id).first()
    summary["queue"] = queue_for_page(user=user, kind=queue_kind)
    # Counted at most every OVERVIEW_FIGURES_CACHE_SECONDS per provider or region (issue 19).
    overview = cached_overview_figures(user=user)
    summary["figures"] = overview.figures if overview else []
    summary["figures_computed_at"] = overview.computed_at if overview else None
    return summary
