"""The satisfaction survey in the employer portal, and the NPS statistics for coordinators and provider admins."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.policy import (
    can_see_satisfaction_statistics,
    get_portal_contact,
    recruitments_visible_to,
    require_role,
    require_terms_accepted,
    satisfaction_answers_for_statistics,
)
from kamportal.forms_helper import form_action
from recruitment.forms.client_team import SatisfactionForm
from recruitment.selectors import satisfaction as selectors
from recruitment.services import satisfaction as services
from recruitment.views.client_team import posted


def _survey(request, contact, occasion, recruitment=None):
    return form_action(
        request,
        SatisfactionForm(posted(request)),
        lambda data: services.satisfaction_answer_submit(
            actor=request.user, contact=contact, occasion=occasion, score=data["score"], comment=data["comment"]
        ),
        success_url="recruitment:portal_home",
        success_message=_("Thank you for your answer."),
        template="recruitment/portal/survey.html",
        context={
            "contact": contact,
            "recruitment": recruitment,
            "answered": selectors.survey_already_answered(contact=contact, occasion=occasion),
        },
    )


@require_http_methods(["GET", "POST"])
@require_role("is_employer_contact")
@require_terms_accepted
def satisfaction_survey(request):
    contact = get_portal_contact(request.user)
    return _survey(request, contact, selectors.half_year_occasion(timezone.localdate()))


@require_http_methods(["GET", "POST"])
@require_role("is_employer_contact")
@require_terms_accepted
def satisfaction_survey_recruitment(request, uuid):
    contact = get_portal_contact(request.user)
    visible = recruitments_visible_to(request.user).filter(employer=contact.employer)
    ended = selectors.recently_ended_recruitments(recruitments=visible, today=timezone.localdate())
    recruitment = ended.filter(uuid=uuid).first()
    if recruitment is None:
        raise Http404
    return _survey(request, contact, selectors.recruitment_occasion(recruitment), recruitment)


@require_GET
@require_role("is_region_coordinator", "is_provider_admin")
def satisfaction_statistics(request):
    if not can_see_satisfaction_statistics(request.user):
        raise PermissionDenied
    rows = selectors.nps_statistics(satisfaction_answers_for_statistics(request.user))
    return render(request, "recruitment/satisfaction_statistics.html", {"rows": rows})
