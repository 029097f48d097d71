"""The access policy: every rule about who may see or do what lives in this package.

Views never write their own checks. They fetch objects through a scoper
(`<things>_visible_to(user)`) or a `get_<thing>_for_user(user, key, write=...)`
helper, so an object the user may not see answers 404, and an action the user
may not take on an object they can see answers 403.

Submodules hold the rules per domain; this module re-exports them so callers
import from `accounts.policy` only.
"""

from .employers import can_edit_employer, employers_visible_to, get_employer_for_user
from .notifications import get_notification_for_user, notifications_visible_to
from .principal import Principal, principal_for, require_role
from .users import get_staff_user_for_admin, staff_visible_to

__all__ = [
    "Principal",
    "can_edit_employer",
    "employers_visible_to",
    "get_employer_for_user",
    "get_notification_for_user",
    "notifications_visible_to",
    "principal_for",
    "require_role",
    "get_staff_user_for_admin",
    "staff_visible_to",
]
