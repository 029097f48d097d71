"""Mapping form pages: thin views that fetch through the policy and call the mapping services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policy
from kamportal.lib.pdf import render_pdf
from recruitment.forms.mapping import (
    ApprovalAnswerForm,
    MappingPositionForm,
    MappingVersionForm,
    SendForApprovalForm,
)
from recruitment.models import MappingStatus
from recruitment.selectors import mapping as selectors
from recruitment.services import mapping as services
from recruitment.services.mapping import LinkRefused, MappingWorkflowError

LIST_ROLES = ("is_kam", "is_employer_contact")


def _detail(form):
    return redirect("recruitment:mapping_detail", uuid=form.uuid)


def _latest(form):
    return form.versions.select_related("form__employer").order_by("-number").first()


@require_GET
@policy.require_role(*LIST_ROLES)
def mapping_list(request):
    return render(
        request,
        "recruitment/mapping/list.html",
        {
            "waiting": selectors.waiting_for_approval(user=request.user),
            "others": selectors.other_forms(user=request.user)[:200],
            "employer": None,
            "own_employers": selectors.employers_for_new_mapping(user=request.user)[:200],
        },
    )


@require_GET
@policy.require_role(*LIST_ROLES)
def mapping_employer(request, uuid):
    employer = policy.get_employer_for_user(request.user, uuid)
    return render(
        request,
        "recruitment/mapping/list.html",
        {
            "waiting": selectors.waiting_for_approval(user=request.user, employer=employer),
            "others": selectors.other_forms(user=request.user, employer=employer)[:200],
            "employer": employer,
            "can_create": policy.can_create_mapping_form(request.user, employer),
        },
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def mapping_create(request, uuid):
    employer = policy.get_employer_for_user(request.user, uuid, write=True)
    form = MappingVersionForm(request.POST or None, initial={"title": _("Mapping form")})
    if request.method == "POST":
        if form.is_valid():
            mapping_form = services.mapping_form_create(employer=employer, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The mapping form is created. Now add the positions."))
            return _detail(mapping_form)
        messages.error(request, _("The mapping form was not saved. Please correct the fields marked below."))
    return render(request, "recruitment/mapping/edit.html", {"form": form, "employer": employer, "creating": True})


@require_GET
@login_required
def mapping_detail(request, uuid, number=None):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid)
    page = selectors.mapping_form_page(form=mapping_form, number=number)
    if page is None:
        raise Http404
    can_edit = policy.can_edit_mapping_form(request.user, mapping_form)
    return render(
        request,
        "recruitment/mapping/detail.html",
        {
            "page": page,
            "version": page.version,
            "employer": mapping_form.employer,
            "can_edit": can_edit,
            "is_latest": page.version.pk == page.latest.pk,
            "stamp": selectors.approval_stamp(page.version),
            "changes": list(page.version.status_changes.all()),
            "Status": MappingStatus,
        },
    )


@require_GET
@login_required
def mapping_pdf(request, uuid, number):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid)
    page = selectors.mapping_form_page(form=mapping_form, number=number)
    if page is None:
        raise Http404
    pdf = render_pdf(
        "recruitment/mapping/pdf.html",
        {"version": page.version, "employer": mapping_form.employer, "stamp": selectors.approval_stamp(page.version)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kartleggingsskjema-v{page.version.number}.pdf"'
    return response


def _workflow_error(request, mapping_form, error):
    messages.error(request, str(error))
    return _detail(mapping_form)


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def mapping_edit(request, uuid):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    version = _latest(mapping_form)
    if not version.is_editable:
        messages.error(request, _("Only a draft can be changed. Withdraw it or start a new version first."))
        return _detail(mapping_form)
    form = MappingVersionForm(request.POST or None, instance=version)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.mapping_version_update(version=version, actor=request.user, **form.cleaned_data)
            except MappingWorkflowError as error:
                return _workflow_error(request, mapping_form, error)
            messages.success(request, _("The mapping form is saved."))
            return _detail(mapping_form)
        messages.error(request, _("The mapping form was not saved. Please correct the fields marked below."))
    return render(
        request,
        "recruitment/mapping/edit.html",
        {"form": form, "employer": mapping_form.employer, "version": version, "creating": False},
    )


def _position_for(version, position_uuid):
    position = version.positions.filter(uuid=position_uuid).first()
    if position is None:
        raise Http404
    position.version = version
    return position


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def mapping_position_add(request, uuid):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    return _position_form(request, mapping_form, _latest(mapping_form), None)


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def mapping_position_edit(request, uuid, position):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    version = _latest(mapping_form)
    return _position_form(request, mapping_form, version, _position_for(version, position))


def _position_form(request, mapping_form, version, position):
    if not version.is_editable:
        messages.error(request, _("Only a draft can be changed. Withdraw it or start a new version first."))
        return _detail(mapping_form)
    form = MappingPositionForm(request.POST or None, instance=position)
    if request.method == "POST":
        if form.is_valid():
            try:
                if position is None:
                    services.mapping_position_add(version=version, actor=request.user, **form.cleaned_data)
                else:
                    services.mapping_position_update(position=position, actor=request.user, **form.cleaned_data)
            except MappingWorkflowError as error:
                return _workflow_error(request, mapping_form, error)
            messages.success(request, _("The position is saved."))
            return _detail(mapping_form)
        messages.error(request, _("The position was not saved. Please correct the fields marked below."))
    return render(
        request,
        "recruitment/mapping/position.html",
        {"form": form, "employer": mapping_form.employer, "mapping_form": mapping_form, "position": position},
    )


@require_POST
@policy.require_role("is_kam")
def mapping_position_delete(request, uuid, position):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    version = _latest(mapping_form)
    target = _position_for(version, position)
    try:
        services.mapping_position_delete(position=target, actor=request.user)
    except MappingWorkflowError as error:
        return _workflow_error(request, mapping_form, error)
    messages.success(request, _("The position is removed."))
    return _detail(mapping_form)


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def mapping_send(request, uuid):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    version = _latest(mapping_form)
    form = SendForApprovalForm(request.POST or None, employer=mapping_form.employer)
    if request.method == "POST":
        if form.is_valid():
            contact = form.cleaned_data["contact"]
            try:
                services.mapping_form_send_for_approval(version=version, actor=request.user, contact=contact)
            except MappingWorkflowError as error:
                return _workflow_error(request, mapping_form, error)
            messages.success(
                request, _("The mapping form is sent to %(name)s for approval.") % {"name": contact.full_name}
            )
            return _detail(mapping_form)
        messages.error(request, _("The mapping form was not sent. Please correct the fields marked below."))
    return render(
        request,
        "recruitment/mapping/send.html",
        {
            "form": form,
            "employer": mapping_form.employer,
            "mapping_form": mapping_form,
            "version": version,
            "days": settings.SIGNED_LINK_MAX_AGE_DAYS,
        },
    )


@require_POST
@policy.require_role("is_kam")
def mapping_withdraw(request, uuid):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    try:
        services.mapping_version_transition(version=_latest(mapping_form), action="withdraw", actor=request.user)
    except MappingWorkflowError as error:
        return _workflow_error(request, mapping_form, error)
    messages.success(request, _("The request for approval is withdrawn; the form is a draft again."))
    return _detail(mapping_form)


@require_POST
@policy.require_role("is_kam")
def mapping_new_version(request, uuid):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    try:
        version = services.mapping_form_new_version(form=mapping_form, actor=request.user)
    except MappingWorkflowError as error:
        return _workflow_error(request, mapping_form, error)
    messages.success(
        request, _("Version %(number)s is started as a draft. It needs approval again.") % {"number": version.number}
    )
    return _detail(mapping_form)


@never_cache
@require_http_methods(["GET", "POST"])
def mapping_approval(request, token):
    """The contact's page behind the e-mailed link; the signed token is the credential, no login needed."""
    try:
        approval_request = services.approval_request_from_token(token)
    except LinkRefused as refused:
        return _refused(request, refused)
    form = ApprovalAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answered = services.mapping_approval_answer(
                token=token,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except LinkRefused as refused:
            return _refused(request, refused)
        return render(request, "recruitment/mapping/approval_done.html", {"answer": answered})
    version = approval_request.version
    positions = list(version.positions.order_by("order"))
    return render(
        request,
        "recruitment/mapping/approval.html",
        {
            "approval_request": approval_request,
            "version": version,
            "positions": positions,
            "employer": version.form.employer,
            "form": form,
        },
    )


def _refused(request, refused: LinkRefused):
    return render(
        request,
        "recruitment/mapping/approval_refused.html",
        {"reason": refused.reason, "approval_request": refused.approval_request},
        status=refused.status_code,
    )
