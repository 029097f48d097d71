"""Pages of the candidate's own say (consent requests and the candidate's link) and the subject-access export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.policy import get_candidate_for_user, principal_for, require_role
from accounts.policy.privacy import (
    can_see_consent_statistics,
    can_send_consent_request,
    get_export_for_user,
    require_export_right,
)
from candidates import consent_requests, subject_access
from candidates.privacy_forms import ConsentAnswerForm, ConsentRequestForm
from candidates.privacy_transitions import ConsentRequestError
from candidates.services import dossier_record_view
from kamportal.forms_helper import form_action, form_post
from kamportal.lib.signed_links import LinkRefused


def _candidate_page(candidate, anchor: str = "") -> str:
    return reverse("candidates:detail", kwargs={"uuid": candidate.uuid}) + anchor


# --- the advisor's consent request ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def consent_request_create(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid, write=True)
    if not can_send_consent_request(request.user, candidate):
        raise PermissionDenied
    form = ConsentRequestForm(request.POST or None, user=request.user)
    return form_action(
        request,
        form,
        lambda data: consent_requests.consent_request_send(
            candidate=candidate, actor=request.user, **form.service_kwargs()
        ),
        success_url=_candidate_page(candidate, "#consent-requests"),
        success_message=_("The consent request is sent to the candidate by e-mail."),
        template="candidates/form.html",
        context={
            "candidate": candidate,
            "title": _("Ask the candidate for consent"),
            "intro": _(
                "The candidate gets an e-mail with a personal link. There they see which parts would go to which "
                "employer, and accept, decline or later withdraw it themselves, without an account. You are told "
                "of the answer. A request without an answer by the deadline expires."
            ),
        },
    )


# --- the candidate's link (no account: the signed token is the credential) ---------------------------------


def _refusal_message(reason: str) -> str:
    return {
        "invalid": _("This link is not valid. Check that you copied the whole link from the e-mail."),
        "expired": _(
            "The deadline for answering this request has passed. Nothing was shared. Ask your advisor if you "
            "still want to answer."
        ),
        "used": _("This request has already been answered. Nothing more was saved."),
    }.get(reason, _("This link does not work."))


def _refused(request, refused: LinkRefused):
    return render(
        request,
        "candidates/privacy/consent_refused.html",
        {"reason": refused.reason, "message": _refusal_message(refused.reason), "consent_request": refused.obj},
        status=refused.status_code,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def consent_answer(request, token):
    try:
        consent_request = consent_requests.request_from_token(token)
    except LinkRefused as refused:
        return _refused(request, refused)
    expired = consent_request.status == consent_request.Status.EXPIRED or (
        consent_request.status == consent_request.Status.SENT and not consent_requests.is_open(consent_request)
    )
    if request.method == "GET" and expired:
        return _refused(request, LinkRefused("expired", consent_request))
    if request.method == "GET":
        consent_requests.consent_request_record_view(consent_request=consent_request)
    form = ConsentAnswerForm(request.POST or None, parts=consent_request.asked_parts)

    def answer(data):
        try:
            return consent_requests.consent_request_answer(
                token=token, accept=data["decision"] == "accept", parts=form.accepted_parts()
            )
        except LinkRefused as refused:
            raise ConsentRequestError(_refusal_message(refused.reason)) from None

    return form_action(
        request,
        form,
        answer,
        success_url=request.path,
        success_message=lambda answered: (
            _("Thank you. Your consent is recorded, and your advisor is told.")
            if answered.status == answered.Status.GIVEN
            else _("Thank you. Nothing will be shared, and your advisor is told.")
        ),
        template="candidates/privacy/consent_answer.html",
        context=_answer_context(consent_request, token),
    )


def _answer_context(consent_request, token: str) -> dict:
    from candidates.privacy_forms import PART_LABELS

    consent = consent_request.consent
    return {
        "consent_request": consent_request,
        "token": token,
        "open": consent_requests.is_open(consent_request),
        "asked": [PART_LABELS[p] for p in consent_request.asked_parts],
        "accepted": [PART_LABELS[p] for p in consent.covered_parts] if consent is not None else [],
        "consent_text": consent_requests.consent_text(consent_request.text_version),
    }


@never_cache
@require_POST
def consent_withdraw_by_candidate(request, token):
    try:
        consent_requests.request_from_token(token)
    except LinkRefused as refused:
        return _refused(request, refused)
    return form_post(
        request,
        None,
        lambda data: consent_requests.consent_request_withdraw(token=token),
        back_url=reverse("candidates:consent_answer", kwargs={"token": token}),
        success_message=_("Your consent is withdrawn. The employer no longer sees your information."),
    )


# --- statistics for provider admins -------------------------------------------------------------------------


@require_GET
@require_role("is_provider_admin")
def consent_request_statistics(request):
    if not can_see_consent_statistics(request.user):
        raise PermissionDenied
    provider_id = principal_for(request.user).provider_id
    counts = consent_requests.consent_request_counts(provider_id=provider_id)
    part_counts = consent_requests.consent_part_counts(provider_id=provider_id)
    return render(request, "candidates/privacy/statistics.html", {"counts": counts, "part_counts": part_counts})


# --- the subject-access export -----------------------------------------------------------------------------------


@require_POST
@login_required
def export_create(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid)
    require_export_right(request.user, candidate)
    return form_post(
        request,
        None,
        lambda data: subject_access.export_request(candidate=candidate, actor=request.user),
        back_url=_candidate_page(candidate, "#exports"),
        success_message=_(
            "The export is being built. You will be notified when it is ready; it can be downloaded once."
        ),
    )


@require_POST
@login_required
def export_download(request, uuid):
    export = get_export_for_user(request.user, uuid)
    try:
        content = subject_access.export_download(export=export, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(_candidate_page(export.candidate, "#exports"))
    dossier_record_view(candidate=export.candidate, actor=request.user, what="subject_access.exported", obj=export)
    response = FileResponse(
        content,
        as_attachment=True,
        filename=f"innsyn-{export.candidate.uuid}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
