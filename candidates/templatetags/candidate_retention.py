"""`{% privacy_panel candidate %}` on the candidate page: how long the data is kept and the privacy actions."""

from django import template
from django.conf import settings

from accounts.policy import can_erase_candidate, can_extend_retention, can_see_whole_dossier, can_set_legal_hold
from candidates.models import Candidate, CandidateRetention

register = template.Library()


@register.inclusion_tag("candidates/privacy/panel.html", takes_context=True)
def privacy_panel(context, candidate: Candidate) -> dict:
    from candidates.retention import due_on, with_last_activity

    user = context["request"].user
    if not can_see_whole_dossier(user, candidate):
        return {"show": False}
    # The retention row and the last activity in one query.
    annotated = with_last_activity(Candidate.objects.filter(pk=candidate.pk)).select_related("retention").first()
    try:
        retention = annotated.retention
    except CandidateRetention.DoesNotExist:
        retention = None
    anonymised = candidate.status == Candidate.Status.ANONYMISED
    due = None
    if not anonymised:
        due = due_on(annotated.last_activity, retention.warned_at if retention else None)
    return {
        "show": True,
        "candidate": candidate,
        "retention": retention,
        "anonymised": anonymised,
        "due": due,
        "notice": settings.CANDIDATE_RETENTION_NOTICE_DAYS,
        "can_extend": can_extend_retention(user, candidate),
        "can_erase": can_erase_candidate(user, candidate),
        "can_hold": can_set_legal_hold(user, candidate),
    }
