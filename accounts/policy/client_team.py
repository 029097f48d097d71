"""The client team, account-plan proposals and reviews, and satisfaction answers.

The responsible provider's KAMs (who write the employer) name the team and record reviews; team members
and those KAMs propose changes to the plan. Satisfaction answers with the contact's name are seen only by
the employer's own team (responsible KAM and members); statistics show counts and NPS, never names.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .employers import can_edit_employer, can_view_account_management, employers_visible_to, is_client_team_member
from .principal import principal_for


def can_manage_client_team(user, employer) -> bool:
    return can_edit_employer(user, employer)


def can_propose_plan_change(user, employer) -> bool:
    return can_edit_employer(user, employer) or is_client_team_member(user, employer)


def can_see_satisfaction_answers(user, employer) -> bool:
    """The employer's own team: its responsible KAM and the members of its client team."""
    p = principal_for(user)
    if p.user_id is not None and employer.responsible_kam_id == p.user_id:
        return True
    return is_client_team_member(user, employer)


def client_team_candidates_for(employer) -> QuerySet:
    """Who may be named to the employer's client team: active staff of its responsible provider."""
    from accounts.models import PROVIDER_ROLES, User

    return (
        User.objects.filter(
            is_active=True, provider_id=employer.responsible_provider_id, memberships__role__in=PROVIDER_ROLES
        )
        .distinct()
        .order_by("full_name")
    )


def review_participants_for(employer) -> QuerySet:
    """Who may be named as a participant of a plan review: the same people as the team may hold."""
    return client_team_candidates_for(employer)


def get_client_team_member_for_user(user, uuid, *, write: bool = False):
    from recruitment.models import ClientTeamMember

    member = (
        ClientTeamMember.objects.filter(uuid=uuid, employer__in=employers_visible_to(user))
        .select_related("employer", "user")
        .first()
    )
    if member is None or not can_view_account_management(user, member.employer):
        raise Http404
    if write and not can_manage_client_team(user, member.employer):
        raise PermissionDenied
    return member


def get_plan_proposal_for_user(user, uuid, *, write: bool = False):
    from recruitment.models import AccountPlanProposal

    proposal = (
        AccountPlanProposal.objects.filter(uuid=uuid, employer__in=employers_visible_to(user))
        .select_related("employer")
        .first()
    )
    if proposal is None:
        raise Http404
    if not can_view_account_management(user, proposal.employer):
        raise PermissionDenied
    if write and not can_edit_employer(user, proposal.employer):
        raise PermissionDenied
    return proposal


def can_see_satisfaction_statistics(user) -> bool:
    p = principal_for(user)
    return p.is_region_coordinator or p.is_provider_admin


def satisfaction_answers_for_statistics(user) -> QuerySet:
    """The answers a user may count: a region coordinator their regions', a provider admin their provider's."""
    from recruitment.models import SatisfactionAnswer

    p = principal_for(user)
    condition = Q(pk__in=[])
    if p.is_region_coordinator:
        condition |= Q(region_id__in=p.coordinator_region_ids)
    if p.is_provider_admin:
        condition |= Q(provider_id=p.provider_id)
    return SatisfactionAnswer.objects.filter(condition)


__all__ = [
    "can_manage_client_team",
    "can_propose_plan_change",
    "can_see_satisfaction_answers",
    "can_see_satisfaction_statistics",
    "client_team_candidates_for",
    "get_client_team_member_for_user",
    "get_plan_proposal_for_user",
    "review_participants_for",
    "satisfaction_answers_for_statistics",
]
