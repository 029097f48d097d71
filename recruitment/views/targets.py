"""Yearly targets (the provider admin's page) and the prospect pipeline's next step on the employer page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.policy import (
    get_employer_for_user,
    get_target_kam_for_user,
    require_role,
    target_kams_for,
    target_provider_for,
)
from kamportal.forms_helper import form_action, form_post
from recruitment import services
from recruitment.forms.targets import ProspectStepForm, YearlyTargetForm
from recruitment.models import YearlyTarget
from recruitment.selectors import targets as selectors
from recruitment.services.targets import target_years


def _year(request) -> int:
    """The year asked for in the query, or this year when none (or one out of range) is asked for."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    return year if year in target_years() else timezone.localdate().year


@require_GET
@require_role("is_provider_admin")
def target_list(request):
    provider = target_provider_for(request.user)
    year = _year(request)
    return render(
        request,
        "recruitment/targets/list.html",
        {
            "provider": provider,
            "year": year,
            "years": target_years(),
            "rows": selectors.own_provider_rows(user=request.user, year=year, today=timezone.localdate()),
        },
    )


@require_http_methods(["GET", "POST"])
@require_role("is_provider_admin")
def target_edit(request):
    provider = target_provider_for(request.user)
    kams = target_kams_for(request.user)
    year = _year(request)
    kam = get_target_kam_for_user(request.user, request.GET["kam"]) if request.GET.get("kam") else None
    target = YearlyTarget.objects.filter(provider=provider, kam=kam, year=year).first()
    initial = {"year": year, "kam": kam.uuid if kam else None}
    if target is not None:
        initial.update(placements=target.placements, agreements=target.agreements, meetings=target.meetings)
    # Version 0 when there is no target yet: a second admin who opened the same empty year is refused too.
    form = YearlyTargetForm(
        request.POST or None, kams=kams, initial=initial, version=target.version if target is not None else 0
    )
    return form_action(
        request,
        form,
        lambda data: services.yearly_target_save(actor=request.user, provider=provider, **data),
        success_url=lambda saved: f"{reverse('recruitment:target_list')}?year={saved.year}",
        success_message=_("The targets are saved."),
        template="recruitment/targets/edit.html",
        context={"provider": provider, "year": year, "target_kam": kam},
    )


@require_POST
@require_role("is_kam")
def employer_prospect_step(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    form = ProspectStepForm(request.POST)
    return form_post(
        request,
        form,
        lambda data: services.employer_prospect_step(
            actor=request.user, employer=employer, action=data["action"], on=data.get("on")
        ),
        back_url=reverse("recruitment:employer_detail", kwargs={"uuid": employer.uuid}),
        success_message=lambda moved: (
            _("The employer is now at the stage “%(stage)s”.") % {"stage": moved.get_prospect_stage_display()}
        ),
    )
