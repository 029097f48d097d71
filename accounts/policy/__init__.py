"""The access policy: every rule about who may see or do what lives in this package.

Views never write their own checks. They fetch objects through a scoper
(`<things>_visible_to(user)`) or a `get_<thing>_for_user(user, key, write=...)`
helper, so an object the user may not see answers 404, and an action the user
may not take on an object they can see answers 403.

Submodules hold the rules per domain; this module re-exports them so callers
import from `accounts.policy` only.
"""

from .employers import can_edit_employer, employers_visible_to, get_employer_for_user
from .mapping import (
    can_create_mapping_form,
    can_edit_mapping_form,
    get_mapping_form_for_user,
    mapping_forms_visible_to,
)
from .notifications import get_notification_for_user, notifications_visible_to
from .principal import Principal, principal_for, require_role

__all__ = [
    "Principal",
    "can_create_mapping_form",
    "can_edit_mapping_form",
    "get_mapping_form_for_user",
    "mapping_forms_visible_to",
    "can_edit_employer",
    "employers_visible_to",
    "get_employer_for_user",
    "get_notification_for_user",
    "notifications_visible_to",
    "principal_for",
    "require_role",
]
