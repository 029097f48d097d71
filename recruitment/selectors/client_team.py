"""Reads for the client team page and the team parts of the employer page and account plan."""

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from recruitment.models import AccountPlanProposal, AccountPlanReview, ClientTeamMember, Employer, ProposalStatus


def client_team(employer: Employer) -> list[ClientTeamMember]:
    return list(employer.client_team.select_related("user").order_by("user__full_name"))


def open_proposals(employer: Employer) -> list[AccountPlanProposal]:
    return list(
        employer.plan_proposals.filter(status=ProposalStatus.OPEN).select_related("proposed_by").order_by("proposed_at")
    )


def recent_proposals(employer: Employer, limit: int = 20) -> list[AccountPlanProposal]:
    return list(employer.plan_proposals.select_related("proposed_by", "answered_by")[:limit])


def reviews_by_plan(employer: Employer) -> dict[int, AccountPlanReview]:
    """Plan version id -> its review, with participants and decisions: three queries for any number."""
    reviews = AccountPlanReview.objects.filter(plan__employer=employer).prefetch_related(
        Prefetch("participants", queryset=User.objects.order_by("full_name")), "decisions"
    )
    return {review.plan_id: review for review in reviews}


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


def team_page_parts(*, employer: Employer, plans: list, today) -> dict:
    """The client team, open proposals, reviews (set on each plan version as `team_review`) and the
    NPS from the employer's answers, for the employer page: a fixed number of queries."""
    from .satisfaction import employer_nps

    reviews = reviews_by_plan(employer)
    for plan in plans:
        plan.team_review = reviews.get(plan.pk)
    return {
        "team": client_team(employer),
        "open_proposals": open_proposals(employer),
        "employer_nps": employer_nps(employer=employer, today=today),
    }
