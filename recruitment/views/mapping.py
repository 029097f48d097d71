"""Mapping form pages: thin views that fetch through the policy and call the mapping services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policy
from kamportal.forms_helper import form_action, form_post
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
from recruitment.services.mapping import LinkRefused

LIST_ROLES = ("is_kam", "is_employer_contact")


def mapping_page(mapping_form) -> str:
    return reverse("recruitment:mapping_detail", kwargs={"uuid": mapping_form.uuid})


def _detail(mapping_form):
    return redirect(mapping_page(mapping_form))


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
    return form_action(
        request,
        MappingVersionForm(
            request.POST or None,
            initial={
                "title": _("Mapping of %(employer)s, %(month)s")
                % {"employer": employer.name, "month": date_format(timezone.localdate(), "F Y")}
            },
        ),
        lambda data: services.mapping_form_create(employer=employer, actor=request.user, **data),
        success_url=mapping_page,
        success_message=_("The mapping form is created. Now add the positions."),
        template="recruitment/mapping/edit.html",
        context={"employer": employer, "creating": True},
    )


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


def _draft_or_refused(request, mapping_form):
    version = _latest(mapping_form)
    if not version.is_editable:
        messages.error(request, _("Only a draft can be changed. Withdraw it or start a new version first."))
    return version


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def mapping_edit(request, uuid):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    version = _draft_or_refused(request, mapping_form)
    if not version.is_editable:
        return _detail(mapping_form)
    return form_action(
        request,
        MappingVersionForm(request.POST or None, instance=version),
        lambda data: services.mapping_version_update(
            version=version, actor=request.user, edit_version=data.pop("version"), **data
        ),
        success_url=mapping_page(mapping_form),
        success_message=_("The mapping form is saved."),
        template="recruitment/mapping/edit.html",
        context={"employer": mapping_form.employer, "version": version, "creating": False},
        refused_url=mapping_page(mapping_form),
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
    version = _draft_or_refused(request, mapping_form)
    if not version.is_editable:
        return _detail(mapping_form)
    return _position_form(
        request,
        mapping_form,
        MappingPositionForm(request.POST or None),
        lambda data: services.mapping_position_add(version=version, actor=request.user, **data),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def mapping_position_edit(request, uuid, position):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    version = _draft_or_refused(request, mapping_form)
    if not version.is_editable:
        return _detail(mapping_form)
    target = _position_for(version, position)
    return _position_form(
        request,
        mapping_form,
        MappingPositionForm(request.POST or None, instance=target),
        lambda data: services.mapping_position_update(
            position=target, actor=request.user, edit_version=data.pop("version"), **data
        ),
        position=target,
    )


def _position_form(request, mapping_form, form, save, position=None):
    return form_action(
        request,
        form,
        save,
        success_url=mapping_page(mapping_form),
        success_message=_("The position is saved."),
        template="recruitment/mapping/position.html",
        context={"employer": mapping_form.employer, "mapping_form": mapping_form, "position": position},
        refused_url=mapping_page(mapping_form),
    )


@require_POST
@policy.require_role("is_kam")
def mapping_position_delete(request, uuid, position):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    target = _position_for(_latest(mapping_form), position)
    return form_post(
        request,
        None,
        lambda data: services.mapping_position_delete(position=target, actor=request.user),
        back_url=mapping_page(mapping_form),
        success_message=_("The position is removed."),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def mapping_send(request, uuid):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    version = _latest(mapping_form)
    form = SendForApprovalForm(request.POST or None, employer=mapping_form.employer)
    return form_action(
        request,
        form,
        lambda data: services.mapping_form_send_for_approval(
            version=version, actor=request.user, contact=data["contact"]
        ),
        success_url=mapping_page(mapping_form),
        success_message=lambda _sent: (
            _("The mapping form is sent to %(name)s for approval.") % {"name": form.cleaned_data["contact"].full_name}
        ),
        template="recruitment/mapping/send.html",
        context={
            "employer": mapping_form.employer,
            "mapping_form": mapping_form,
            "version": version,
            "days": settings.SIGNED_LINK_MAX_AGE_DAYS,
        },
        refused_url=mapping_page(mapping_form),
    )


@require_POST
@policy.require_role("is_kam")
def mapping_withdraw(request, uuid):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: services.mapping_version_transition(
            version=_latest(mapping_form), action="withdraw", actor=request.user
        ),
        back_url=mapping_page(mapping_form),
        success_message=_("The request for approval is withdrawn; the form is a draft again."),
    )


@require_POST
@policy.require_role("is_kam")
def mapping_new_version(request, uuid):
    mapping_form = policy.get_mapping_form_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: services.mapping_form_new_version(form=mapping_form, actor=request.user),
        back_url=mapping_page(mapping_form),
        success_message=lambda version: (
            _("Version %(number)s is started as a draft. It needs approval again.") % {"number": version.number}
        ),
    )


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
            services.mapping_approval_answer(
                token=token,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except LinkRefused as refused:
            return _refused(request, refused)
        # The result is a page of its own, so Back and reload never post the answer again.
        return redirect("recruitment:mapping_approval_done", token=token)
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


@never_cache
@require_GET
def mapping_approval_done(request, token):
    """The result of the contact's answer (where the answer's POST redirects): the link itself is used now."""
    try:
        services.approval_request_from_token(token)
    except LinkRefused as refused:
        answered = refused.approval_request
        if refused.reason == "used" and answered is not None:
            answered = type(answered).objects.select_related("version").get(pk=answered.pk)
            return render(request, "recruitment/mapping/approval_done.html", {"answer": answered})
        return _refused(request, refused)
    return redirect("recruitment:mapping_approval", token=token)  # not answered yet


def _refused(request, refused: LinkRefused):
    approval_request = refused.approval_request
    if refused.reason == "used" and approval_request is not None:
        approval_request = type(approval_request).objects.select_related("version").get(pk=approval_request.pk)
    return render(
        request,
        "recruitment/mapping/approval_refused.html",
        {"reason": refused.reason, "approval_request": approval_request},
        status=refused.status_code,
    )
