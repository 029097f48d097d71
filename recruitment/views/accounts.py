"""Account management pages: the customer pyramid, the tier override, account plans, sector portfolios."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.audit import audit_record
from accounts.policy import (
    get_employer_account_for_user,
    get_employer_for_user,
    principal_for,
    require_role,
    sensitive_handlers_for,
)
from kamportal.forms_helper import form_action
from kamportal.lib.pdf import render_pdf
from recruitment import selectors, services
from recruitment.forms.accounts import AccountPlanForm, PyramidForm, SectorPortfolioForm, TierOverrideForm
from recruitment.models import PyramidAssessment
from recruitment.views.employers import employer_page


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def pyramid_edit(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    instance = PyramidAssessment.objects.filter(employer=employer).first()
    return form_action(
        request,
        PyramidForm(
            request.POST or None,
            instance=instance,
            handlers=sensitive_handlers_for(employer),
            version=instance.version if instance else 0,
        ),
        lambda data: services.pyramid_assess(actor=request.user, employer=employer, **data),
        success_url=employer_page(employer),
        success_message=_("The customer pyramid assessment is saved."),
        template="recruitment/pyramid_form.html",
        context={"employer": employer},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def tier_override(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    assessment = PyramidAssessment.objects.filter(employer=employer).first()
    initial = {"tier": assessment.override_tier, "reason": assessment.override_reason} if assessment else None
    return form_action(
        request,
        TierOverrideForm(request.POST or None, initial=initial),
        lambda data: services.tier_override(actor=request.user, employer=employer, **data),
        success_url=employer_page(employer),
        success_message=_("The tier is saved."),
        template="recruitment/simple_form.html",
        context={"employer": employer, "title": _("Set the tier by hand")},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def account_plan_edit(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    current = employer.account_plans.order_by("-version").first()
    initial = {name: getattr(current, name) for name in AccountPlanForm.Meta.fields} if current else {}
    initial["reviewed_on"] = timezone.localdate()
    return form_action(
        request,
        AccountPlanForm(request.POST or None, initial=initial, version=current.version if current else 0),
        lambda data: services.account_plan_save(actor=request.user, employer=employer, **data),
        success_url=employer_page(employer),
        success_message=_("The account plan is saved as a new version."),
        template="recruitment/account_plan_form.html",
        context={"employer": employer, "current": current},
    )


def _plan_for(request, uuid, version):
    employer = get_employer_account_for_user(request.user, uuid)
    plans = employer.account_plans.select_related("created_by")
    plan = plans.filter(version=version).first() if version else plans.order_by("-version").first()
    if plan is None:
        raise Http404
    return employer, plan


@require_GET
@require_role("is_kam", "is_region_coordinator", "is_employer_contact", "is_provider_staff")
def account_plan_version(request, uuid, version):
    employer, plan = _plan_for(request, uuid, version)
    today = timezone.localdate()
    plan.team_review = selectors.client_team.reviews_by_plan(employer).get(plan.pk)
    return render(
        request,
        "recruitment/account_plan_detail.html",
        {
            "employer": employer,
            "plan": plan,
            "today": today,
            "employer_nps": selectors.satisfaction.employer_nps(employer=employer, today=today),
        },
    )


@require_GET
@require_role("is_kam", "is_region_coordinator", "is_employer_contact", "is_provider_staff")
def account_plan_pdf(request, uuid):
    employer, plan = _plan_for(request, uuid, None)
    today = timezone.localdate()
    context = {
        "employer": employer,
        "plan": plan,
        "today": today,
        "contacts": list(employer.contacts.all()),
        "pyramid": PyramidAssessment.objects.filter(employer=employer).first(),
        "placements": selectors.placements_per_year(employer),
        "employer_nps": selectors.satisfaction.employer_nps(employer=employer, today=today),
        "team": selectors.client_team.client_team(employer),
    }
    plan.team_review = selectors.client_team.reviews_by_plan(employer).get(plan.pk)
    pdf = render_pdf("recruitment/account_plan_pdf.html", context)
    audit_record(actor=request.user, action="account_plan.pdf", obj=plan)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kundeplan-{employer.org_number}-v{plan.version}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@require_role("is_kam", "is_region_coordinator")
def portfolios(request):
    p = principal_for(request.user)
    overview = selectors.portfolio_overview(user=request.user, today=timezone.localdate())
    if not p.is_kam:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "recruitment/portfolios.html", {"overview": overview, "form": None})
    kams = selectors.kams_visible_to(request.user).filter(provider_id=p.provider_id)
    return form_action(
        request,
        SectorPortfolioForm(request.POST or None, kams=kams),
        lambda data: services.sector_portfolio_set(actor=request.user, provider=request.user.provider, **data),
        success_url="recruitment:portfolios",
        success_message=_("The sector portfolio is saved."),
        template="recruitment/portfolios.html",
        context={"overview": overview},
    )
