"""Client team, proposals to the account plan and plan reviews: thin views over the policy, services and the
shared write path (kamportal.forms_helper)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.policy import (
    can_manage_client_team,
    can_propose_plan_change,
    client_team_candidates_for,
    get_client_team_member_for_user,
    get_employer_account_for_user,
    get_employer_for_user,
    get_plan_proposal_for_user,
    require_role,
    review_participants_for,
)
from kamportal.forms_helper import form_action, form_post
from recruitment.forms.client_team import ClientTeamMemberForm, PlanProposalForm, PlanReviewForm
from recruitment.selectors import client_team as selectors
from recruitment.services import client_team as services

STAFF = ("is_kam", "is_provider_staff")


def posted(request):
    """The posted data, also when empty (an empty POST is a bound form with errors, not a fresh one)."""
    return request.POST if request.method == "POST" else None


def _employer_page(employer) -> str:
    return reverse("recruitment:employer_detail", kwargs={"uuid": employer.uuid})


@require_http_methods(["GET", "POST"])
@require_role(*STAFF, "is_region_coordinator")
def client_team(request, uuid):
    employer = get_employer_account_for_user(request.user, uuid)
    can_manage = can_manage_client_team(request.user, employer)
    context = {"employer": employer, "team": selectors.client_team(employer), "can_manage": can_manage}
    if not can_manage:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "recruitment/client_team/team.html", {**context, "form": None})
    return form_action(
        request,
        ClientTeamMemberForm(posted(request), candidates=client_team_candidates_for(employer)),
        lambda data: services.client_team_member_add(actor=request.user, employer=employer, **data),
        success_url=reverse("recruitment:client_team", kwargs={"uuid": employer.uuid}),
        success_message=_("The member is added to the client team."),
        template="recruitment/client_team/team.html",
        context=context,
    )


@require_POST
@require_role("is_kam")
def client_team_remove(request, uuid):
    member = get_client_team_member_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda _data: services.client_team_member_remove(actor=request.user, member=member),
        back_url=reverse("recruitment:client_team", kwargs={"uuid": member.employer.uuid}),
        success_message=_("%(name)s is no longer on the client team.") % {"name": member.user.full_name},
    )


@require_http_methods(["GET", "POST"])
@require_role(*STAFF)
def plan_proposal_create(request, uuid):
    employer = get_employer_account_for_user(request.user, uuid)
    if not can_propose_plan_change(request.user, employer):
        raise PermissionDenied
    return form_action(
        request,
        PlanProposalForm(posted(request)),
        lambda data: services.plan_proposal_create(actor=request.user, employer=employer, **data),
        success_url=_employer_page(employer),
        success_message=_("Your proposal is sent to the responsible KAM."),
        template="recruitment/simple_form.html",
        context={"employer": employer, "title": _("Propose a change to the account plan")},
    )


@require_POST
@require_role("is_kam")
def plan_proposal_answer(request, uuid):
    proposal = get_plan_proposal_for_user(request.user, uuid, write=True)
    adopt = request.POST.get("decision") == "adopt"
    return form_post(
        request,
        None,
        lambda _data: services.plan_proposal_answer(actor=request.user, proposal=proposal, adopt=adopt),
        back_url=_employer_page(proposal.employer),
        success_message=_("The proposal is adopted.") if adopt else _("The proposal is declined."),
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def account_plan_review(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    team_ids = [m.user_id for m in selectors.client_team(employer)]
    form = PlanReviewForm(
        posted(request),
        initial={"held_on": timezone.localdate(), "participants": [request.user.pk, *team_ids]},
        participants=review_participants_for(employer),
    )
    return form_action(
        request,
        form,
        lambda data: services.account_plan_review_record(
            actor=request.user,
            employer=employer,
            held_on=data["held_on"],
            participants=list(data["participants"]),
            other_participants=data["other_participants"],
            decisions=form.decisions(),
        ),
        success_url=_employer_page(employer),
        success_message=_("The review is recorded as a new version of the plan."),
        template="recruitment/client_team/review_form.html",
        context={"employer": employer, "current": employer.account_plans.order_by("-version").first()},
    )
