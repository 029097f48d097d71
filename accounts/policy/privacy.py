"""Who may export a candidate's data, send and see consent requests, and see the consent statistics.

- Subject-access export: the candidate's own advisor, or a provider admin of the candidate's provider.
  The export is the requester's alone: anyone else (even the same provider's admin) gets a 404.
- Consent requests: advisors of the candidate's provider send them (as they record consents); the
  candidate answers through the signed link, which needs no account and no policy.
- Consent statistics: provider admins, counts of their own provider only.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from candidates.models import Candidate, SubjectAccessExport

from .candidates import can_edit_candidate, candidates_visible_to
from .principal import AnyUser, principal_for


def can_export_candidate(user: AnyUser, candidate: Candidate) -> bool:
    p = principal_for(user)
    if not p.is_provider_staff or candidate.provider_id != p.provider_id:
        return False
    return p.is_provider_admin or (p.is_advisor and candidate.advisor_id == p.user_id)


def can_send_consent_request(user: AnyUser, candidate: Candidate) -> bool:
    return can_edit_candidate(user, candidate)


def can_see_consent_statistics(user: AnyUser) -> bool:
    return principal_for(user).is_provider_admin


def require_export_right(user: AnyUser, candidate: Candidate) -> None:
    if not can_export_candidate(user, candidate):
        raise PermissionDenied


def get_export_for_user(user: AnyUser, uuid: UUID | str) -> SubjectAccessExport:
    """An export the user requested, of a candidate they may still export; else 404."""
    export = (
        SubjectAccessExport.objects.filter(
            uuid=uuid, requested_by_id=getattr(user, "pk", None), candidate__in=candidates_visible_to(user)
        )
        .select_related("candidate", "requested_by")
        .first()
    )
    if export is None or not can_export_candidate(user, export.candidate):
        raise Http404
    return export


__all__ = [
    "can_export_candidate",
    "can_see_consent_statistics",
    "can_send_consent_request",
    "get_export_for_user",
    "require_export_right",
]
