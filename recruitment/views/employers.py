"""Employer pages: list, page, create/edit, contacts, portfolio, pyramid, account plan, contact log, import."""

import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audit import audit_record
from accounts.policy import (
    can_edit_employer,
    can_view_account_management,
    get_contact_for_user,
    get_contact_log_entry_for_user,
    get_employer_account_for_user,
    get_employer_for_user,
    kams_assignable_for,
    principal_for,
    require_role,
    sensitive_handlers_for,
)
from kamportal.lib.pdf import render_pdf
from kamportal.pagination import paginate_ids_first
from recruitment import selectors, services
from recruitment.forms.employers import (
    AccountPlanForm,
    ContactForm,
    ContactLogForm,
    EmployerFilterForm,
    EmployerForm,
    ImportUploadForm,
    PyramidForm,
    ReassignForm,
    SectorPortfolioForm,
    TierOverrideForm,
)
from recruitment.models import PyramidAssessment
from recruitment.views.common import apply_errors, say_nothing_saved

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "employer_import"


@require_GET
@require_role("is_kam", "is_region_coordinator")
def employer_list(request):
    today = timezone.localdate()
    kams = selectors.kams_visible_to(request.user)
    form = EmployerFilterForm(request.GET or None, kams=kams)
    filters = form.cleaned_data if form.is_valid() else {}
    employers = selectors.employer_list(
        user=request.user,
        today=today,
        query=filters.get("q", ""),
        tier=filters.get("tier", ""),
        sector=filters.get("sector", ""),
        kam_id=filters["kam"].pk if filters.get("kam") else None,
        no_meeting_this_quarter=filters.get("no_meeting", False),
        order=filters.get("order") or "name",
    )
    page = paginate_ids_first(employers, PAGE_SIZE, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    start, _end = selectors.employers.quarter_bounds(today)
    return render(
        request,
        "recruitment/employer_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "quarter_start": start},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def employer_create(request):
    form = EmployerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                employer = services.employer_create(
                    actor=request.user,
                    provider=request.user.provider,
                    request=request,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The employer is registered."))
                return redirect("recruitment:employer_detail", uuid=employer.uuid)
        say_nothing_saved(request)
    return render(request, "recruitment/employer_form.html", {"form": form, "employer": None})


@require_GET
@require_role("is_kam", "is_region_coordinator", "is_employer_contact")
def employer_detail(request, uuid):
    employer = get_employer_for_user(request.user, uuid)
    with_account = can_view_account_management(request.user, employer)
    today = timezone.localdate()
    context = selectors.employer_page(employer=employer, today=today, with_account=with_account)
    context.update(
        employer=employer,
        with_account=with_account,
        can_edit=can_edit_employer(request.user, employer),
        today=today,
    )
    return render(request, "recruitment/employer_detail.html", context)


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def employer_edit(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    form = EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.employer_update(actor=request.user, employer=employer, request=request, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The employer is saved."))
                return redirect("recruitment:employer_detail", uuid=employer.uuid)
        say_nothing_saved(request)
    return render(request, "recruitment/employer_form.html", {"form": form, "employer": employer})


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def contact_create(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    form = ContactForm(request.POST or None, employer=employer)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contact_add(actor=request.user, employer=employer, request=request, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The contact is added."))
                return redirect("recruitment:employer_detail", uuid=employer.uuid)
        say_nothing_saved(request)
    return render(
        request, "recruitment/simple_form.html", {"form": form, "employer": employer, "title": _("New contact")}
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def contact_edit(request, uuid):
    contact = get_contact_for_user(request.user, uuid, write=True)
    employer = contact.employer
    form = ContactForm(request.POST or None, instance=contact, employer=employer)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contact_update(actor=request.user, contact=contact, request=request, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The contact is saved."))
                return redirect("recruitment:employer_detail", uuid=employer.uuid)
        say_nothing_saved(request)
    return render(
        request, "recruitment/simple_form.html", {"form": form, "employer": employer, "title": _("Edit contact")}
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def employer_reassign(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    form = ReassignForm(request.POST or None, kams=kams_assignable_for(employer))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.employer_reassign(
                    actor=request.user,
                    employer=employer,
                    kam=form.cleaned_data["kam"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The employer has a new KAM."))
                return redirect("recruitment:employer_detail", uuid=employer.uuid)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/simple_form.html",
        {"form": form, "employer": employer, "title": _("Give the employer to another KAM")},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def pyramid_edit(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    instance = PyramidAssessment.objects.filter(employer=employer).first()
    form = PyramidForm(request.POST or None, instance=instance, handlers=sensitive_handlers_for(employer))
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in PyramidForm.Meta.fields}
            try:
                services.pyramid_assess(actor=request.user, employer=employer, request=request, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The customer pyramid assessment is saved."))
                return redirect("recruitment:employer_detail", uuid=employer.uuid)
        say_nothing_saved(request)
    return render(request, "recruitment/pyramid_form.html", {"form": form, "employer": employer})


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def tier_override(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    assessment = PyramidAssessment.objects.filter(employer=employer).first()
    initial = {"tier": assessment.override_tier, "reason": assessment.override_reason} if assessment else None
    form = TierOverrideForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.tier_override(
                    actor=request.user,
                    employer=employer,
                    tier=form.cleaned_data["tier"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The tier is saved."))
                return redirect("recruitment:employer_detail", uuid=employer.uuid)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/simple_form.html",
        {"form": form, "employer": employer, "title": _("Set the tier by hand")},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def account_plan_edit(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    current = employer.account_plans.order_by("-version").first()
    initial = {name: getattr(current, name) for name in AccountPlanForm.Meta.fields} if current else {}
    initial["reviewed_on"] = timezone.localdate()
    form = AccountPlanForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.account_plan_save(actor=request.user, employer=employer, request=request, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The account plan is saved as a new version."))
                return redirect("recruitment:employer_detail", uuid=employer.uuid)
        say_nothing_saved(request)
    return render(
        request, "recruitment/account_plan_form.html", {"form": form, "employer": employer, "current": current}
    )


def _plan_for(request, uuid, version):
    employer = get_employer_account_for_user(request.user, uuid)
    plans = employer.account_plans.select_related("created_by")
    plan = plans.filter(version=version).first() if version else plans.order_by("-version").first()
    if plan is None:
        raise Http404
    return employer, plan


@require_GET
@require_role("is_kam", "is_region_coordinator", "is_employer_contact")
def account_plan_version(request, uuid, version):
    employer, plan = _plan_for(request, uuid, version)
    return render(
        request,
        "recruitment/account_plan_detail.html",
        {"employer": employer, "plan": plan, "today": timezone.localdate()},
    )


@require_GET
@require_role("is_kam", "is_region_coordinator", "is_employer_contact")
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
    }
    pdf = render_pdf("recruitment/account_plan_pdf.html", context)
    audit_record(actor=request.user, action="account_plan.pdf", obj=plan, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kundeplan-{employer.org_number}-v{plan.version}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def contact_log_create(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    form = ContactLogForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contact_log_add(actor=request.user, employer=employer, request=request, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The contact is logged."))
                return redirect("recruitment:employer_detail", uuid=employer.uuid)
        say_nothing_saved(request)
    return render(
        request, "recruitment/simple_form.html", {"form": form, "employer": employer, "title": _("Log a contact")}
    )


@require_POST
@require_role("is_kam")
def contact_log_mark_held(request, uuid):
    entry = get_contact_log_entry_for_user(request.user, uuid, write=True)
    try:
        services.contact_log_mark_held(actor=request.user, entry=entry, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The contact is marked as held."))
    if request.POST.get("next") == "week":
        return redirect("recruitment:weekly_plan")
    return redirect("recruitment:employer_detail", uuid=entry.employer.uuid)


@require_GET
@require_role("is_kam")
def weekly_plan(request):
    today = timezone.localdate()
    year, week, _weekday = today.isocalendar()
    try:
        year = int(request.GET.get("year", year))
        week = int(request.GET.get("week", week))
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        monday = date.fromisocalendar(*today.isocalendar()[:2], 1)
    year, week, _weekday = monday.isocalendar()
    plan = selectors.weekly_plan(kam=request.user, year=year, week=week)
    previous = date.fromordinal(monday.toordinal() - 7).isocalendar()
    following = date.fromordinal(monday.toordinal() + 7).isocalendar()
    return render(
        request,
        "recruitment/weekly_plan.html",
        {"plan": plan, "year": year, "week": week, "previous": previous, "following": following, "today": today},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam", "is_region_coordinator")
def portfolios(request):
    p = principal_for(request.user)
    form = None
    if p.is_kam:
        kams = selectors.kams_visible_to(request.user).filter(provider_id=p.provider_id)
        form = SectorPortfolioForm(request.POST or None, kams=kams)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.sector_portfolio_set(
                        actor=request.user,
                        provider=request.user.provider,
                        sector=form.cleaned_data["sector"],
                        kam=form.cleaned_data["kam"],
                        request=request,
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(request, _("The sector portfolio is saved."))
                    return redirect("recruitment:portfolios")
            say_nothing_saved(request)
    elif request.method == "POST":
        raise PermissionDenied
    overview = selectors.portfolio_overview(user=request.user, today=timezone.localdate())
    return render(request, "recruitment/portfolios.html", {"overview": overview, "form": form})


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def employer_import(request):
    """Step 1: upload; the rows are checked and shown. Nothing is saved here."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    rows = None
    token = None
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table = services.read_table(upload.name, upload.read())
            except services.ImportFileError as exc:
                form.add_error("file", str(exc))
            else:
                rows = services.check_rows(table)
                if not any(row.errors for row in rows):
                    token = uuid.uuid4().hex
                    request.session[IMPORT_SESSION_KEY] = {"token": token, "rows": table}
                else:
                    request.session.pop(IMPORT_SESSION_KEY, None)
        if not form.is_valid():
            say_nothing_saved(request)
    return render(
        request,
        "recruitment/employer_import.html",
        {
            "form": form,
            "rows": rows,
            "token": token,
            "error_count": sum(1 for r in rows or [] if r.errors),
        },
    )


@require_POST
@require_role("is_kam")
def employer_import_confirm(request):
    """Step 2: save every previewed row in one transaction, or nothing."""
    payload = request.session.get(IMPORT_SESSION_KEY)
    if not payload or payload.get("token") != request.POST.get("token"):
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("recruitment:employer_import")
    try:
        created = services.employers_import(
            actor=request.user,
            provider=request.user.provider,
            rows=payload["rows"],
            request=request,
        )
    except ValidationError as exc:
        for message in exc.messages[:20]:
            messages.error(request, message)
        messages.error(request, _("Nothing was imported."))
        return redirect("recruitment:employer_import")
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(request, _("%(count)s employers were imported.") % {"count": len(created)})
    return redirect("recruitment:employer_list")
