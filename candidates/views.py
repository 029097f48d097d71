from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.history import candidate_history_page
from accounts.policy import (
    can_edit_candidate,
    can_view_candidate_audit,
    get_candidate_for_user,
    get_consent_for_user,
    get_document_for_user,
    require_role,
)
from candidates import selectors, services
from candidates.exports import CANDIDATES, candidate_list_filtered
from candidates.forms import (
    AssessmentForm,
    CandidateForm,
    ConsentForm,
    ConsentWithdrawForm,
    DocumentUploadForm,
)
from candidates.models import Assessment
from kamportal.exports import list_export, requested_format
from kamportal.forms_helper import form_action, form_post
from kamportal.pagination import paginate_ids_first

PAGE_SIZE = 50


FORM = "candidates/form.html"


def candidate_page(candidate) -> str:
    return reverse("candidates:detail", kwargs={"uuid": candidate.uuid})


@require_GET
@require_role("is_advisor", "is_kam", "is_provider_admin")
def candidate_list(request):
    if fmt := requested_format(request):
        return list_export(request, CANDIDATES, fmt)
    search, mine_only, candidates = candidate_list_filtered(request.user, request.GET)
    page = paginate_ids_first(candidates, PAGE_SIZE, request.GET.get("page"))
    services.dossier_record_views(
        items=[(c, None) for c in page.object_list], actor=request.user, what="candidate.listed"
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "candidates/list.html",
        {
            "page": page,
            "candidates": page.object_list,
            "mine_only": mine_only,
            "search": search,
            "query": query.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
@require_role("is_advisor")
def candidate_create(request):
    return form_action(
        request,
        CandidateForm(request.POST or None, provider_id=request.user.provider_id, initial={"advisor": request.user}),
        lambda data: services.candidate_create(actor=request.user, **data),
        success_url=candidate_page,
        success_message=_("The candidate is registered."),
        template=FORM,
        context={"title": _("New candidate")},
    )


@require_GET
@login_required
def candidate_detail(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid)
    dossier = selectors.candidate_dossier(candidate=candidate, user=request.user)
    services.dossier_record_view(candidate=candidate, actor=request.user)
    return render(
        request,
        "candidates/detail.html",
        {
            "candidate": candidate,
            "can_edit": can_edit_candidate(request.user, candidate),
            "can_view_audit": can_view_candidate_audit(request.user, candidate),
            "withdraw_form": ConsentWithdrawForm(),
            **dossier,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_edit(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid, write=True)
    if request.method == "GET":
        services.dossier_record_view(candidate=candidate, actor=request.user, what="candidate.edit_viewed")
    return form_action(
        request,
        CandidateForm(request.POST or None, instance=candidate, provider_id=candidate.provider_id),
        lambda data: services.candidate_update(candidate=candidate, actor=request.user, **data),
        success_url=candidate_page(candidate),
        success_message=_("The candidate is saved."),
        template=FORM,
        context={"candidate": candidate, "title": _("Edit candidate")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def document_upload(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        DocumentUploadForm(request.POST or None, request.FILES or None),
        lambda data: services.document_upload(
            candidate=candidate,
            kind=data["kind"],
            filename=data["file"].name,
            data=data["file"].read(),
            actor=request.user,
        ),
        success_url=candidate_page(candidate),
        success_message=_("The document is uploaded."),
        error_field="file",
        template=FORM,
        context={"candidate": candidate, "title": _("Upload a document")},
    )


@require_GET
@login_required
def document_download(request, uuid):
    return document_file_response(request, get_document_for_user(request.user, uuid))


def document_file_response(request, document) -> FileResponse:
    """The stored file of a document the policy let through, as a download: the read is audited first, and
    the file can neither run in the browser nor be cached. Staff and portal downloads both answer with it."""
    services.dossier_record_view(
        candidate=document.candidate, actor=request.user, what="document.downloaded", obj=document
    )
    response = FileResponse(
        services.document_open(document=document),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def document_review(request, uuid):
    document = get_document_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: services.document_mark_reviewed(document=document, actor=request.user),
        back_url=candidate_page(document.candidate),
        success_message=_("The document is marked as reviewed by you today."),
    )


def _attendance_summary(candidate):
    from recruitment.selectors.placement_records import attendance_summaries

    return attendance_summaries(candidate_ids=[candidate.pk]).get(candidate.pk)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_edit(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid, write=True)
    assessment = selectors.assessment_for(candidate=candidate) or Assessment(candidate=candidate)
    if request.method == "GET":
        services.dossier_record_view(candidate=candidate, actor=request.user, what="assessment.edit_viewed")
    return form_action(
        request,
        AssessmentForm(request.POST or None, instance=assessment, version=assessment.version if assessment.pk else 0),
        lambda data: services.assessment_save(
            candidate=candidate, actor=request.user, **{**data, "version": data["version"] or 0}
        ),
        success_url=candidate_page(candidate),
        success_message=_("The assessment is saved."),
        template=FORM,
        context={
            "candidate": candidate,
            "attendance_summary": _attendance_summary(candidate),
            "show_attendance": True,
            "title": _("Vocational assessment"),
            "intro": _(
                "Suitability for a specific job is written when the candidate is proposed for it. "
                "The employer sees this assessment only if the candidate has consented."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def consent_create(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        ConsentForm(request.POST or None, user=request.user),
        lambda data: services.consent_record(candidate=candidate, actor=request.user, **data),
        success_url=candidate_page(candidate),
        success_message=_("The consent is recorded."),
        template=FORM,
        context={
            "candidate": candidate,
            "title": _("Record consent"),
            "intro": _(
                "Record the candidate's consent to share parts of the dossier with one employer. "
                "Nothing reaches an employer without it, and it can be withdrawn at any time."
            ),
        },
    )


@require_POST
@login_required
def consent_withdraw(request, uuid):
    consent = get_consent_for_user(request.user, uuid, write=True)
    form = ConsentWithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return form_post(
        request,
        None,
        lambda data: services.consent_withdraw(consent=consent, actor=request.user, note=note),
        back_url=candidate_page(consent.candidate),
        success_message=_("The consent is withdrawn. It takes effect at once."),
    )


@require_GET
@login_required
def candidate_audit(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid)
    if not can_view_candidate_audit(request.user, candidate):
        raise PermissionDenied
    page = candidate_history_page(candidate_id=candidate.pk, page_number=request.GET.get("page"))
    services.dossier_record_view(candidate=candidate, actor=request.user, what="candidate.audit_viewed")
    return render(request, "candidates/audit.html", {"candidate": candidate, "events": page.object_list, "page": page})
