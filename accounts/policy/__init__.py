"""The access policy: every rule about who may see or do what lives in this package.

Views never write their own checks. They fetch objects through a scoper
(`<things>_visible_to(user)`) or a `get_<thing>_for_user(user, key, write=...)`
helper, so an object the user may not see answers 404, and an action the user
may not take on an object they can see answers 403.

Submodules hold the rules per domain; this module re-exports them so callers
import from `accounts.policy` only.
"""

from .candidates import (
    can_create_candidate,
    can_edit_candidate,
    can_see_whole_dossier,
    can_view_candidate_audit,
    candidates_visible_to,
    consent_covers,
    consent_employer_choices,
    get_candidate_for_user,
    get_consent_for_user,
    get_document_for_user,
    may_see,
)
from .employers import can_edit_employer, employers_visible_to, get_employer_for_user
from .principal import Principal, principal_for, require_role

__all__ = [
    "Principal",
    "can_create_candidate",
    "can_edit_candidate",
    "can_see_whole_dossier",
    "can_view_candidate_audit",
    "candidates_visible_to",
    "consent_covers",
    "consent_employer_choices",
    "get_candidate_for_user",
    "get_consent_for_user",
    "get_document_for_user",
    "may_see",
    "can_edit_employer",
    "employers_visible_to",
    "get_employer_for_user",
    "principal_for",
    "require_role",
]
