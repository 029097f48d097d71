"""Writes for the recruitment app, one module per concept; import them from here."""

from .accounts_mgmt import account_plan_save, pyramid_assess, pyramid_result, tier_override
from .contact_leaving import ContactLeavingError, contact_left_undo, contact_mark_left
from .contact_log import contact_log_add, contact_log_mark_held
from .employers import (
    contact_add,
    contact_update,
    employer_create,
    employer_reassign,
    employer_update,
    sector_portfolio_set,
)
from .imports import ImportFileError, check_rows, employers_import, read_table
from .prospects import employer_prospect_step
from .targets import yearly_target_save

__all__ = [
    "ContactLeavingError",
    "contact_left_undo",
    "contact_mark_left",
    "ImportFileError",
    "account_plan_save",
    "check_rows",
    "contact_add",
    "contact_log_add",
    "contact_log_mark_held",
    "contact_update",
    "employer_create",
    "employer_prospect_step",
    "employer_reassign",
    "employer_update",
    "employers_import",
    "pyramid_assess",
    "pyramid_result",
    "read_table",
    "sector_portfolio_set",
    "tier_override",
    "yearly_target_save",
]
