"""The access policy: every rule about who may see or do what lives in this package.

Views never write their own checks. They fetch objects through a scoper
(`<things>_visible_to(user)`) or a `get_<thing>_for_user(user, key, write=...)`
helper, so an object the user may not see answers 404, and an action the user
may not take on an object they can see answers 403.

Submodules hold the rules per domain; this module re-exports them so callers
import from `accounts.policy` only.
"""

from .employers import (
    can_create_employer,
    can_edit_employer,
    can_view_account_management,
    employers_visible_to,
    get_contact_for_user,
    get_contact_log_entry_for_user,
    get_employer_account_for_user,
    get_employer_for_user,
    kams_assignable_for,
    sensitive_handlers_for,
)
from .principal import Principal, principal_for, require_role

__all__ = [
    "Principal",
    "can_create_employer",
    "can_edit_employer",
    "can_view_account_management",
    "employers_visible_to",
    "get_contact_for_user",
    "get_contact_log_entry_for_user",
    "get_employer_account_for_user",
    "get_employer_for_user",
    "kams_assignable_for",
    "principal_for",
    "require_role",
    "sensitive_handlers_for",
]
