"""The candidate page's block for the candidate's own say and the subject-access export (issue 15).

An inclusion tag, so the shared candidate page only gains one line; it runs two queries whatever the rows.
"""

from django import template

from accounts.policy.candidates import can_see_whole_dossier
from accounts.policy.privacy import can_export_candidate, can_send_consent_request
from candidates.models import ConsentRequest, SubjectAccessExport
from candidates.privacy_forms import PART_LABELS

register = template.Library()


@register.inclusion_tag("candidates/privacy/_candidate_block.html")
def candidate_privacy_block(candidate, user):
    whole = can_see_whole_dossier(user, candidate)
    requests = []
    if whole:
        requests = list(
            ConsentRequest.objects.filter(candidate=candidate)
            .select_related("employer", "recruitment", "sent_by", "consent")
            .order_by("-sent_at", "-id")
        )
    may_export = can_export_candidate(user, candidate)
    exports = []
    if may_export:
        exports = list(
            SubjectAccessExport.objects.filter(candidate=candidate, requested_by=user).order_by("-requested_at")[:5]
        )
    return {
        "candidate": candidate,
        "show_requests": whole,
        "requests": [
            {
                "obj": r,
                "asked": [PART_LABELS[p] for p in r.asked_parts],
                "accepted": r.consent.covered_parts if r.consent else [],
            }
            for r in requests
        ],
        "can_send": can_send_consent_request(user, candidate),
        "may_export": may_export,
        "exports": exports,
    }
