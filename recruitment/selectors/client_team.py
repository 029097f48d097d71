"""Reads for the client team page and the team parts of the employer page and account plan."""

from django.db.models import F, OuterRef, Prefetch, QuerySet

from accounts.models import User
from recruitment.models import (
    AccountPlanProposal,
    AccountPlanReview,
    ClientTeamMember,
    Employer,
    ProposalStatus,
    ReviewDecision,
)

from .json_rows import json_rows


def client_team(employer: Employer) -> list[ClientTeamMember]:
    return list(employer.client_team.select_related("user").order_by("user__full_name"))


def open_proposals(employer: Employer) -> list[AccountPlanProposal]:
    return list(
        employer.plan_proposals.filter(status=ProposalStatus.OPEN).select_related("proposed_by").order_by("proposed_at")
    )


def recent_proposals(employer: Employer, limit: int = 20) -> list[AccountPlanProposal]:
    return list(employer.plan_proposals.select_related("proposed_by", "answered_by")[:limit])


def review_part_annotations(review_ref: str) -> dict:
    """The participants' names and the decisions of the review `review_ref` (an OuterRef path) as JSON arrays,
    to annotate on the review's or its plan version's row (`set_review_parts` reads them)."""
    through = AccountPlanReview.participants.through
    return {
        "page_participants": json_rows(
            through.objects.filter(accountplanreview_id=OuterRef(review_ref)),
            group="accountplanreview_id",
            name=F("user__full_name"),
        ),
        "page_decisions": json_rows(
            ReviewDecision.objects.filter(review_id=OuterRef(review_ref)),
            group="review_id",
            id=F("id"),
            theme=F("theme"),
            decision=F("decision"),
        ),
    }


def set_review_parts(review: AccountPlanReview, row) -> None:
    """`participant_names` (sorted) and `decision_list` (in the order recorded) from `row`'s annotations."""
    review.participant_names = sorted(item["name"] for item in row.page_participants or [])
    review.decision_list = [
        ReviewDecision(id=item["id"], theme=item["theme"], decision=item["decision"])
        for item in sorted(row.page_decisions or [], key=lambda item: item["id"])
    ]


def reviews_by_plan(employer: Employer) -> dict[int, AccountPlanReview]:
    """Plan version id -> its review, with `participant_names` and `decision_list`: one query for any number."""
    reviews = AccountPlanReview.objects.filter(plan__employer=employer).annotate(**review_part_annotations("pk"))
    result = {}
    for review in reviews:
        set_review_parts(review, review)
        result[review.plan_id] = review
    return result


def plan_versions_with_reviews(employer: Employer) -> list:
    """The employer's plan versions, newest first, each with `team_review` (or None): one query."""
    plans = list(
        employer.account_plans.select_related("created_by", "review")
        .annotate(**review_part_annotations("review__id"))
        .order_by("-version")
    )
    for plan in plans:
        try:
            review = plan.review
        except AccountPlanReview.DoesNotExist:
            review = None
        if review is not None:
            set_review_parts(review, plan)
        plan.team_review = review
    return plans


def with_client_team(queryset: QuerySet, prefix: str = "") -> QuerySet:
    """Prefetch each employer's client team with its users (one query for any number of employers)."""
    return queryset.prefetch_related(
        Prefetch(f"{prefix}client_team", queryset=ClientTeamMember.objects.select_related("user").order_by("pk"))
    )


def client_team_recipients(employer: Employer) -> list[User]:
    """The responsible KAM and every active member of the client team, each once."""
    people = [employer.responsible_kam, *(m.user for m in employer.client_team.all())]
    seen, result = set(), []
    for user in people:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result
