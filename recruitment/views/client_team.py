"""Client team, proposals to the account plan and plan reviews: thin views over the policy and services."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.policy import (
    can_manage_client_team,
    can_propose_plan_change,
    can_see_satisfaction_answers,
    client_team_candidates_for,
    get_client_team_member_for_user,
    get_employer_account_for_user,
    get_employer_for_user,
    get_plan_proposal_for_user,
    require_role,
    review_participants_for,
)
from kamportal.forms_helper import apply_errors, say_nothing_saved
from recruitment.forms.client_team import ClientTeamMemberForm, PlanProposalForm, PlanReviewForm
from recruitment.selectors import client_team as selectors
from recruitment.services import client_team as services
from recruitment.services.proposal_transitions import ProposalError

STAFF = ("is_kam", "is_provider_staff")


def client_team_page_parts(user, employer) -> dict:
    """What the user may do with the team parts of the employer page; named survey answers only for its own team."""
    from recruitment.selectors.satisfaction import employer_answers

    show_answers = can_see_satisfaction_answers(user, employer)
    return {
        "can_propose": can_propose_plan_change(user, employer),
        "show_answers": show_answers,
        "answers": employer_answers(employer=employer) if show_answers else [],
    }


def _posted(request):
    """The posted data, also when empty (an empty POST is a bound form with errors, not a fresh one)."""
    return request.POST if request.method == "POST" else None


def form_action(request, form, call: Callable[[dict], object], *, success: str) -> bool:
    """Validate, call one service, put its ValidationError on the form; True when saved."""
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return True
    say_nothing_saved(request)
    return False


@require_http_methods(["GET", "POST"])
@require_role(*STAFF, "is_region_coordinator")
def client_team(request, uuid):
    employer = get_employer_account_for_user(request.user, uuid)
    can_manage = can_manage_client_team(request.user, employer)
    form = None
    if can_manage:
        form = ClientTeamMemberForm(_posted(request), candidates=client_team_candidates_for(employer))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied

        def add(data):
            services.client_team_member_add(actor=request.user, employer=employer, **data)

        if form_action(request, form, add, success=_("The member is added to the client team.")):
            return redirect("recruitment:client_team", uuid=employer.uuid)
    return render(
        request,
        "recruitment/client_team/team.html",
        {"employer": employer, "team": selectors.client_team(employer), "form": form, "can_manage": can_manage},
    )


@require_POST
@require_role("is_kam")
def client_team_remove(request, uuid):
    member = get_client_team_member_for_user(request.user, uuid, write=True)
    services.client_team_member_remove(actor=request.user, member=member)
    messages.success(request, _("%(name)s is no longer on the client team.") % {"name": member.user.full_name})
    return redirect("recruitment:client_team", uuid=member.employer.uuid)


@require_http_methods(["GET", "POST"])
@require_role(*STAFF)
def plan_proposal_create(request, uuid):
    employer = get_employer_account_for_user(request.user, uuid)
    if not can_propose_plan_change(request.user, employer):
        raise PermissionDenied
    form = PlanProposalForm(_posted(request))
    if request.method == "POST":

        def propose(data):
            services.plan_proposal_create(actor=request.user, employer=employer, **data)

        if form_action(request, form, propose, success=_("Your proposal is sent to the responsible KAM.")):
            return redirect("recruitment:employer_detail", uuid=employer.uuid)
    return render(
        request,
        "recruitment/simple_form.html",
        {"form": form, "employer": employer, "title": _("Propose a change to the account plan")},
    )


@require_POST
@require_role("is_kam")
def plan_proposal_answer(request, uuid):
    proposal = get_plan_proposal_for_user(request.user, uuid, write=True)
    adopt = request.POST.get("decision") == "adopt"
    try:
        services.plan_proposal_answer(actor=request.user, proposal=proposal, adopt=adopt)
    except ProposalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The proposal is adopted.") if adopt else _("The proposal is declined."))
    return redirect("recruitment:employer_detail", uuid=proposal.employer.uuid)


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def account_plan_review(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    participants = review_participants_for(employer)
    team_ids = [m.user_id for m in selectors.client_team(employer)]
    initial = {"held_on": timezone.localdate(), "participants": [request.user.pk, *team_ids]}
    form = PlanReviewForm(_posted(request), initial=initial, participants=participants)
    if request.method == "POST":

        def record(data):
            services.account_plan_review_record(
                actor=request.user,
                employer=employer,
                held_on=data["held_on"],
                participants=list(data["participants"]),
                other_participants=data["other_participants"],
                decisions=form.decisions(),
            )

        if form_action(request, form, record, success=_("The review is recorded as a new version of the plan.")):
            return redirect("recruitment:employer_detail", uuid=employer.uuid)
    return render(
        request,
        "recruitment/client_team/review_form.html",
        {"form": form, "employer": employer, "current": employer.account_plans.order_by("-version").first()},
    )
