"""Reads for candidate pages, with a fixed number of queries per page."""

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Role, User
from accounts.policy import (
    can_create_placement,
    can_see_whole_dossier,
    candidates_visible_to,
    dossier_parts,
    principal_for,
)
from candidates.models import Assessment, Candidate, Consent, Document, DossierPart
from kamportal.search import text_contains


def candidate_list(*, user: User, mine_only: bool = False, query: str = "", status: str = "") -> QuerySet:
    """The user's provider's candidates (or only the advisor's own), for the list page.

    Per-row facts are correlated subqueries, so a paginated page computes them for its rows only.
    """
    p = principal_for(user)
    newest_cv = Document.objects.filter(candidate=OuterRef("pk"), kind=Document.Kind.CV).order_by("-uploaded_at", "-id")
    active_consents = (
        Consent.objects.filter(candidate=OuterRef("pk"), withdrawn_at__isnull=True)
        .order_by()
        .values("candidate")
        .annotate(n=Count("id"))
        .values("n")
    )
    candidates = (
        candidates_visible_to(user)
        .filter(provider_id=p.provider_id)
        .select_related("advisor")
        .annotate(
            cv_reviewed_on=Subquery(newest_cv.values("reviewed_on")[:1]),
            has_cv=Exists(newest_cv),
            active_consents=Coalesce(Subquery(active_consents), 0),
        )
        .order_by("full_name", "id")
    )
    if mine_only:
        candidates = candidates.filter(advisor=user)
    if query.strip():
        candidates = candidates.filter(text_contains("full_name", query))
    if status:
        candidates = candidates.filter(status=status)
    return candidates


def provider_advisors(*, provider_id: int) -> QuerySet:
    return User.objects.filter(provider_id=provider_id, is_active=True, memberships__role=Role.ADVISOR).order_by(
        "full_name"
    )


def candidate_dossier(*, candidate: Candidate, user: User) -> dict:
    """What the dossier page shows, restricted to the parts `may_see` allows (asked for all parts at once)."""
    parts = dossier_parts(user, candidate)
    documents = list(
        candidate.documents.select_related("uploaded_by", "reviewed_by").order_by("kind", "-uploaded_at", "-id")
    )
    documents = [d for d in documents if parts[d.part]]
    newest_cv = next((d for d in documents if d.kind == Document.Kind.CV), None)
    assessment = None
    if parts[DossierPart.ASSESSMENT] or parts[DossierPart.ACCOMMODATION]:
        assessment = assessment_for(candidate=candidate)
    consents = None  # only the candidate's own provider sees the consents (they name other employers)
    submissions = None  # nor the candidate's proposals and the feedback on them
    if can_see_whole_dossier(user, candidate):
        from recruitment.selectors.timeline import candidate_timeline

        submissions = list(
            candidate.submissions.select_related("recruitment__employer", "placement", "interview").order_by(
                "-proposed_at", "-id"
            )
        )
        history = candidate_timeline(submissions=submissions)
        for submission in submissions:
            submission.history = history.get(submission.pk, [])
            submission.candidate = candidate
            submission.can_place = can_create_placement(user, submission)
        consents = list(
            Consent.objects.filter(candidate=candidate)
            .select_related("employer", "recruitment", "recorded_by", "withdrawn_by")
            .order_by("withdrawn_at", "-given_on", "-id")
        )
    return {
        "parts": parts,
        "documents": documents,
        "newest_cv": newest_cv,
        "assessment": assessment,
        "consents": consents,
        "submissions": submissions,
    }


def assessment_for(*, candidate: Candidate) -> Assessment | None:
    return Assessment.objects.filter(candidate=candidate).select_related("updated_by").first()
