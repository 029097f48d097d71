"""Employer pages: list, page, create/edit, reassign, contacts, import."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.policy import (
    can_edit_employer,
    can_view_account_management,
    get_contact_for_user,
    get_employer_for_user,
    kams_assignable_for,
    require_role,
)
from kamportal.exports import export_too_large, requested_format
from kamportal.forms_helper import form_action, say_nothing_saved
from kamportal.pagination import paginate_ids_first
from recruitment import selectors, services
from recruitment.exports import employers_export
from recruitment.forms.employers import (
    ContactForm,
    EmployerFilterForm,
    EmployerForm,
    ImportUploadForm,
    ReassignForm,
)
from recruitment.views.client_team import client_team_page_parts

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "employer_import"


def employer_page(employer) -> str:
    return reverse("recruitment:employer_detail", kwargs={"uuid": employer.uuid})


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
        stage=filters.get("stage", ""),
    )
    if fmt := requested_format(request):
        return export_too_large(request, employers) or employers_export(employers, fmt=fmt)
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
    return form_action(
        request,
        EmployerForm(request.POST or None),
        lambda data: services.employer_create(actor=request.user, provider=request.user.provider, **data),
        success_url=employer_page,
        success_message=_("The employer is registered."),
        template="recruitment/employer_form.html",
        context={"employer": None},
    )


@require_GET
@require_role("is_kam", "is_region_coordinator", "is_employer_contact", "is_provider_staff")
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
    if with_account:
        context.update(client_team_page_parts(request.user, employer))
    return render(request, "recruitment/employer_detail.html", context)


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def employer_edit(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        EmployerForm(request.POST or None, instance=employer),
        lambda data: services.employer_update(actor=request.user, employer=employer, **data),
        success_url=employer_page,
        success_message=_("The employer is saved."),
        template="recruitment/employer_form.html",
        context={"employer": employer},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def contact_create(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        ContactForm(request.POST or None, employer=employer),
        lambda data: services.contact_add(actor=request.user, employer=employer, **data),
        success_url=employer_page(employer),
        success_message=_("The contact is added."),
        template="recruitment/simple_form.html",
        context={"employer": employer, "title": _("New contact")},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def contact_edit(request, uuid):
    contact = get_contact_for_user(request.user, uuid, write=True)
    employer = contact.employer
    return form_action(
        request,
        ContactForm(request.POST or None, instance=contact, employer=employer),
        lambda data: services.contact_update(actor=request.user, contact=contact, **data),
        success_url=employer_page(employer),
        success_message=_("The contact is saved."),
        template="recruitment/simple_form.html",
        context={"employer": employer, "title": _("Edit contact")},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def employer_reassign(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        ReassignForm(request.POST or None, kams=kams_assignable_for(employer)),
        lambda data: services.employer_reassign(actor=request.user, employer=employer, **data),
        success_url=employer_page(employer),
        success_message=_("The employer has a new KAM."),
        template="recruitment/simple_form.html",
        context={"employer": employer, "title": _("Give the employer to another KAM")},
    )


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
        )
    except ValidationError as exc:
        for message in exc.messages[:20]:
            messages.error(request, message)
        messages.error(request, _("Nothing was imported."))
        return redirect("recruitment:employer_import")
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(
        request,
        ngettext("%(count)s employer was imported.", "%(count)s employers were imported.", len(created))
        % {"count": len(created)},
    )
    return redirect("recruitment:employer_list")
