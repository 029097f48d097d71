"""The employer portal: a contact's home page, the terms of use, answering mapping forms, invitations.

Thin views: they fetch through accounts.policy and call recruitment.services.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import services as account_services
from accounts.models import TermsAcceptance
from accounts.policy import (
    can_answer_mapping_form,
    can_invite_contact,
    contact_has_accepted_terms,
    get_contact_for_user,
    get_mapping_form_for_user,
    get_portal_contact,
    get_portal_contact_and_colleagues,
    get_shared_document_for_contact,
    require_role,
    require_terms_accepted,
)
from accounts.terms import TERMS_VERSION, terms_template
from candidates.services import dossier_record_views
from candidates.views import document_file_response
from kamportal.forms_helper import form_post
from kamportal.lib.signed_links import LinkRefused
from recruitment.forms.mapping import ApprovalAnswerForm
from recruitment.forms.portal import InvitationAcceptForm, TermsAcceptForm
from recruitment.models import MappingStatus
from recruitment.selectors import placement_records
from recruitment.selectors import portal as selectors
from recruitment.services import mapping as mapping_services
from recruitment.services import portal as services
from recruitment.work_queue import queue_for_page, queue_kind_asked


@require_http_methods(["GET"])
@require_role("is_employer_contact")
@require_terms_accepted
def portal_home(request):
    from recruitment.work_queue.contact import mapping_items

    contact, contacts = get_portal_contact_and_colleagues(request.user)
    context = selectors.portal_home(user=request.user, contact=contact, contacts=contacts)
    context["Status"] = MappingStatus
    context["queue"] = queue_for_page(
        user=request.user,
        kind=queue_kind_asked(request),
        given={"mapping_to_approve": mapping_items(context["waiting"])},
    )
    context["awaiting"] = placement_records.portal_awaiting(
        user=request.user, employer=contact.employer, contact=contact
    )
    dossier_record_views(
        items=[(placement.candidate, placement) for placement in context["placements"]],
        actor=request.user,
        what="placement.viewed_in_portal",
    )
    return render(request, "recruitment/portal/home.html", context)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@never_cache
@require_http_methods(["GET", "POST"])
@require_role("is_employer_contact")
def portal_terms(request):
    accepted = contact_has_accepted_terms(request.user)
    form = TermsAcceptForm(request.POST or None)
    if request.method == "POST" and not accepted:
        if form.is_valid():
            account_services.terms_accept(user=request.user)
            messages.success(request, _("Thank you. You have accepted the terms of use."))
            return redirect(_safe_next(request, "recruitment:portal_home"))
        messages.error(request, _("The terms are not accepted. Tick the box to accept them."))
    elif request.method == "POST":
        return redirect(_safe_next(request, "recruitment:portal_home"))
    acceptance = TermsAcceptance.objects.filter(user=request.user, version=TERMS_VERSION).first() if accepted else None
    return render(
        request,
        "recruitment/portal/terms.html",
        {
            "form": form,
            "acceptance": acceptance,
            "terms_template": terms_template(get_language()),
            "version": TERMS_VERSION,
            "next": _safe_next(request, ""),
        },
    )


@require_POST
@require_role("is_employer_contact")
@require_terms_accepted
def portal_mapping_answer(request, uuid):
    mapping_form = get_mapping_form_for_user(request.user, uuid)
    if not can_answer_mapping_form(request.user, mapping_form):
        raise PermissionDenied
    contact = get_portal_contact(request.user)
    version = mapping_form.versions.select_related("form__employer").order_by("-number").first()
    if version is None:
        raise Http404
    return form_post(
        request,
        ApprovalAnswerForm(request.POST),
        lambda data: mapping_services.mapping_approval_answer_in_portal(
            version=version,
            contact=contact,
            approve=data["decision"] == "approve",
            comment=data["comment"],
        ),
        back_url=reverse("recruitment:portal_home"),
        success_message=lambda _answer: _answered_text(version, request.POST.get("decision") == "approve"),
    )


def _answered_text(version, approved: bool) -> str:
    values = {"title": version.title, "number": version.number}
    if approved:
        return _("You approved “%(title)s”, version %(number)s.") % values
    return _("You asked for changes to “%(title)s”, version %(number)s. The KAM has been told.") % values


@require_POST
@require_role("is_kam")
def contact_invite(request, uuid):
    contact = get_contact_for_user(request.user, uuid, write=True)
    if not can_invite_contact(request.user, contact):
        raise PermissionDenied
    return form_post(
        request,
        None,
        lambda data: services.contact_invite(contact=contact, invited_by=request.user),
        back_url=reverse("recruitment:employer_detail", kwargs={"uuid": contact.employer.uuid}),
        success_message=lambda invitation: (
            _("%(name)s has been sent an invitation to the portal at %(email)s.")
            % {"name": contact.full_name, "email": invitation.email}
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def contact_invitation(request, token):
    """The contact's page behind the e-mailed link; the signed token is the credential, no login needed."""
    try:
        invitation = services.invitation_from_token(token)
    except LinkRefused as refused:
        return _refused(request, refused)
    form = InvitationAcceptForm(
        request.POST or None, invitation=invitation, initial={"full_name": invitation.contact.full_name}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                user = services.contact_invitation_accept(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except LinkRefused as refused:
                return _refused(request, refused)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is created and you are logged in."))
            return redirect("recruitment:portal_terms")
        messages.error(request, _("The account was not created. Please correct the fields marked below."))
    return render(
        request,
        "recruitment/portal/invitation.html",
        {"form": form, "invitation": invitation, "employer": invitation.contact.employer},
    )


def _refused(request, refused: LinkRefused):
    invitation = refused.obj
    if refused.reason == "used" and invitation is not None:
        invitation = type(invitation).objects.get(pk=invitation.pk)  # as the first, winning request left it
    if refused.reason == "used" and invitation is not None and request.user.pk == invitation.user_id:
        # The same person's second POST (a double click): the first outcome, not a refusal.
        messages.success(request, _("Your account is created and you are logged in."))
        return redirect("recruitment:portal_terms")
    return render(
        request,
        "recruitment/portal/invitation_refused.html",
        {"reason": refused.reason, "invitation": invitation},
        status=refused.status_code,
    )


@require_GET
@require_role("is_employer_contact")
@require_terms_accepted
def portal_document_download(request, uuid):
    """A CV or application shared with the contact's employer; staff download from the candidate pages."""
    return document_file_response(request, get_shared_document_for_contact(request.user, uuid))
