"""Privacy pages: the advisor extends an idle candidate's retention; the provider admin sets the legal hold,
erases a candidate on request after a confirmation, and reads the record of processing."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.policy import (
    can_extend_retention,
    can_manage_candidate_privacy,
    get_candidate_for_user,
    require_role,
)
from candidates import anonymise
from candidates.models import CandidateRetention
from candidates.processing import processing_record
from candidates.retention import due_on, with_last_activity
from candidates.retention_forms import ErasureForm, LegalHoldForm, RetentionExtendForm
from candidates.services import dossier_record_view
from kamportal.forms_helper import form_action

TEMPLATES = "candidates/privacy/"


def _page(candidate) -> str:
    return reverse("candidates:detail", kwargs={"uuid": candidate.uuid})


def _candidate(request, uuid, allowed):
    candidate = get_candidate_for_user(request.user, uuid)
    if not allowed(request.user, candidate):
        raise PermissionDenied
    if request.method == "GET":
        dossier_record_view(candidate=candidate, actor=request.user, what="candidate.privacy_viewed")
    return candidate


@require_http_methods(["GET", "POST"])
@login_required
def retention_extend(request, uuid):
    candidate = _candidate(request, uuid, can_extend_retention)
    annotated = with_last_activity(type(candidate).objects.filter(pk=candidate.pk)).first()
    return form_action(
        request,
        RetentionExtendForm(request.POST or None),
        lambda data: anonymise.retention_extend(candidate=candidate, actor=request.user, reason=data["reason"]),
        success_url=_page(candidate),
        success_message=_("The candidate's data is kept for another period."),
        template=TEMPLATES + "extend.html",
        context={
            "candidate": candidate,
            "title": _("Keep the candidate's data longer"),
            "last_activity": annotated.last_activity,
            "due": due_on(annotated.last_activity),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_erase(request, uuid):
    candidate = _candidate(request, uuid, can_manage_candidate_privacy)
    return form_action(
        request,
        ErasureForm(request.POST or None),
        lambda data: anonymise.candidate_erase(candidate=candidate, actor=request.user, reason=data["reason"]),
        success_url=_page(candidate),
        success_message=_("The candidate's personal data is erased."),
        template=TEMPLATES + "erase.html",
        context={
            "candidate": candidate,
            "title": _("Erase the candidate's personal data"),
            "preview": anonymise.erasure_preview(candidate=candidate),
            "refusal": anonymise.erasure_refusal(candidate=candidate),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def legal_hold(request, uuid):
    candidate = _candidate(request, uuid, can_manage_candidate_privacy)
    retention = CandidateRetention.objects.filter(candidate=candidate).first()
    initial = (
        {"legal_hold": str(retention.legal_hold), "legal_hold_reason": retention.legal_hold_reason} if retention else {}
    )
    return form_action(
        request,
        LegalHoldForm(request.POST or None, initial=initial, version=retention.version if retention else 1),
        lambda data: anonymise.candidate_legal_hold_set(candidate=candidate, actor=request.user, **data),
        success_url=_page(candidate),
        success_message=lambda r: _("The legal hold is set.") if r.legal_hold else _("The legal hold is cleared."),
        template=TEMPLATES + "legal_hold.html",
        context={"candidate": candidate, "title": _("Legal hold"), "retention": retention},
    )


@require_GET
@require_role("is_provider_admin")
def processing_record_page(request):
    return render(request, TEMPLATES + "record.html", {"rows": processing_record()})
