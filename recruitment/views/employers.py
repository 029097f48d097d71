"""Employer pages: list, page, create/edit, reassign, contacts, import."""

import uuid

from django.conf import settings
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
    can_propose_plan_change,
    can_see_satisfaction_answers,
    can_view_account_management,
    get_contact_for_user,
    get_contact_leaving_for_user,
    get_employer_for_user,
    kams_assignable_for,
    require_role,
)
from kamportal.exports import list_export, requested_format
from kamportal.forms_helper import form_action, form_post, say_nothing_saved
from recruitment import selectors, services
from recruitment.exports import EMPLOYERS, employer_list_filters
from recruitment.forms.employers import (
    ContactForm,
    ContactLeftForm,
    ContactLeftUndoForm,
    EmployerForm,
    ImportUploadForm,
    ReassignForm,
)

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "employer_import"


def employer_page(employer) -> str:
    return reverse("recruitment:employer_detail", kwargs={"uuid": employer.uuid})


@require_GET
@require_role("is_kam", "is_region_coordinator")
def employer_list(request):
    if fmt := requested_format(request):
        return list_export(request, EMPLOYERS, fmt)
    today = timezone.localdate()
    form, arguments = employer_list_filters(request.user, request.GET)
    page = selectors.employers.employer_list_page(**arguments, per_page=PAGE_SIZE, page_number=request.GET.get("page"))
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
    """The employer page in a fixed number of queries (recruitment/selectors/employer_page.py)."""
    from candidates.services import dossier_record_views
    from recruitment.selectors import employer_page as page

    today = timezone.localdate()
    annotations, related = page.employer_annotations(user=request.user, today=today)
    employer = get_employer_for_user(request.user, uuid, annotate=annotations, related=related)
    page.remember_viewer(employer, request.user)
    with_account = can_view_account_management(request.user, employer)
    show_answers = with_account and can_see_satisfaction_answers(request.user, employer)
    context = page.employer_page(
        user=request.user, employer=employer, today=today, with_account=with_account, show_answers=show_answers
    )
    placements = context["employer_placements"]
    if placements:
        dossier_record_views(items=[(p.candidate, p) for p in placements], actor=request.user, what="placement.listed")
    context.update(
        employer=employer,
        with_account=with_account,
        can_edit=can_edit_employer(request.user, employer),
        can_propose=with_account and can_propose_plan_change(request.user, employer),
        show_answers=show_answers,
        today=today,
    )
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
@require_role("is_kam", "is_provider_admin")
def contact_mark_left(request, uuid):
    """Record that a contact left the employer (the KAM holding the employer or the provider admin)."""
    contact = get_contact_leaving_for_user(request.user, uuid)
    employer = contact.employer
    return form_action(
        request,
        ContactLeftForm(request.POST or None, version=contact.version),
        lambda data: services.contact_mark_left(actor=request.user, contact=contact, **data),
        success_url=employer_page(employer),
        success_message=_("The departure is recorded. The contact's portal access is closed."),
        template="recruitment/contact_left_form.html",
        context={"employer": employer, "contact": contact, "retention_days": settings.CONTACT_RETENTION_DAYS},
    )


@require_POST
@require_role("is_kam", "is_provider_admin")
def contact_left_undo(request, uuid):
    contact = get_contact_leaving_for_user(request.user, uuid)
    return form_post(
        request,
        ContactLeftUndoForm(request.POST, version=contact.version),
        lambda data: services.contact_left_undo(actor=request.user, contact=contact, **data),
        back_url=employer_page(contact.employer),
        success_message=_("The departure is undone. The contact is current again."),
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
