"""Who may keep, hold and erase a candidate's data, and who reads the record of processing.

The candidate's advisors extend the retention; the provider admin of the candidate's provider sets the legal
hold and erases on request; provider admins read the record of processing. Nothing of this applies to an
anonymised candidate.
"""

from accounts.policy.principal import AnyUser, principal_for
from candidates.models import Candidate

__all__ = [
    "can_erase_candidate",
    "can_extend_retention",
    "can_manage_candidate_privacy",
    "can_read_processing_record",
    "can_set_legal_hold",
]


def _live(candidate: Candidate) -> bool:
    return candidate.status != Candidate.Status.ANONYMISED


def can_extend_retention(user: AnyUser, candidate: Candidate) -> bool:
    p = principal_for(user)
    return p.is_advisor and candidate.provider_id == p.provider_id and _live(candidate)


def can_manage_candidate_privacy(user: AnyUser, candidate: Candidate) -> bool:
    """The erasure and legal-hold pages (they say so themselves when the candidate is already anonymised)."""
    p = principal_for(user)
    return p.is_provider_admin and candidate.provider_id == p.provider_id


def can_erase_candidate(user: AnyUser, candidate: Candidate) -> bool:
    return can_manage_candidate_privacy(user, candidate) and _live(candidate)


def can_set_legal_hold(user: AnyUser, candidate: Candidate) -> bool:
    return can_erase_candidate(user, candidate)


def can_read_processing_record(user: AnyUser) -> bool:
    return principal_for(user).is_provider_admin
