"""Reads for the recruitment app, one module per concept; import them from here."""

from . import client_team, satisfaction
from .employers import (
    employer_list,
    employers_with_account_plan_review_due,
    employers_without_meeting_this_quarter,
    follow_up_status,
    kams_visible_to,
    placements_per_year,
    portfolio_overview,
    weekly_plan,
    with_last_follow_up,
)

__all__ = [
    "client_team",
    "satisfaction",
    "employer_list",
    "employers_with_account_plan_review_due",
    "employers_without_meeting_this_quarter",
    "follow_up_status",
    "kams_visible_to",
    "placements_per_year",
    "portfolio_overview",
    "weekly_plan",
    "with_last_follow_up",
]
