from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.policy import (
    can_edit_candidate,
    can_view_candidate_audit,
    get_candidate_for_user,
    get_consent_for_user,
    get_document_for_user,
    principal_for,
    require_role,
)
from candidates import selectors, services
from candidates.forms import (
    AssessmentForm,
    CandidateForm,
    CandidateSearchForm,
    ConsentForm,
    ConsentWithdrawForm,
    DocumentUploadForm,
)
from candidates.models import Assessment
from kamportal.pagination import paginate_ids_first

PAGE_SIZE = 50


def _form_errors(form, error: ValidationError, field=None) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error.messages)


@require_GET
@require_role("is_advisor", "is_kam", "is_provider_admin")
def candidate_list(request):
    principal = principal_for(request.user)
    mine_only = principal.is_advisor and request.GET.get("scope") != "all"
    search = CandidateSearchForm(request.GET or None)
    filters = search.cleaned_data if search.is_valid() else {}
    candidates = selectors.candidate_list(
        user=request.user, mine_only=mine_only, query=filters.get("q", ""), status=filters.get("status", "")
    )
    page = paginate_ids_first(candidates, PAGE_SIZE, request.GET.get("page"))
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
    form = CandidateForm(request.POST or None, provider_id=request.user.provider_id, initial={"advisor": request.user})
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The candidate is registered."))
            return redirect("candidates:detail", uuid=candidate.uuid)
    return render(request, "candidates/form.html", {"form": form, "title": _("New candidate")})


@require_GET
@login_required
def candidate_detail(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid)
    dossier = selectors.candidate_dossier(candidate=candidate, user=request.user)
    services.dossier_record_view(candidate=candidate, actor=request.user, request=request)
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
    form = CandidateForm(request.POST or None, instance=candidate, provider_id=candidate.provider_id)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.candidate_update(candidate=candidate, actor=request.user, request=request, **form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The candidate is saved."))
                return redirect("candidates:detail", uuid=candidate.uuid)
    else:
        services.dossier_record_view(
            candidate=candidate, actor=request.user, request=request, what="candidate.edit_viewed"
        )
    return render(request, "candidates/form.html", {"form": form, "candidate": candidate, "title": _("Edit candidate")})


@require_http_methods(["GET", "POST"])
@login_required
def document_upload(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid, write=True)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_upload(
                candidate=candidate,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                data=upload.read(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            _form_errors(form, error, field="file")
        else:
            messages.success(request, _("The document is uploaded."))
            return redirect("candidates:detail", uuid=candidate.uuid)
    return render(
        request, "candidates/form.html", {"form": form, "candidate": candidate, "title": _("Upload a document")}
    )


@require_GET
@login_required
def document_download(request, uuid):
    document = get_document_for_user(request.user, uuid)
    services.dossier_record_view(
        candidate=document.candidate, actor=request.user, request=request, what="document.downloaded", obj=document
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
    try:
        services.document_mark_reviewed(document=document, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is marked as reviewed by you today."))
    return redirect("candidates:detail", uuid=document.candidate.uuid)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_edit(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid, write=True)
    assessment = selectors.assessment_for(candidate=candidate) or Assessment(candidate=candidate)
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST":
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.assessment_save(
                    candidate=candidate,
                    actor=request.user,
                    version=form.cleaned_data["version"],
                    request=request,
                    **fields,
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The assessment is saved."))
                return redirect("candidates:detail", uuid=candidate.uuid)
    else:
        services.dossier_record_view(
            candidate=candidate, actor=request.user, request=request, what="assessment.edit_viewed"
        )
    return render(
        request,
        "candidates/form.html",
        {
            "form": form,
            "candidate": candidate,
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
    form = ConsentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(candidate=candidate, actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("candidates:detail", uuid=candidate.uuid)
    return render(
        request,
        "candidates/form.html",
        {
            "form": form,
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
    try:
        services.consent_withdraw(consent=consent, actor=request.user, note=note, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consent is withdrawn. It takes effect at once."))
    return redirect("candidates:detail", uuid=consent.candidate.uuid)


@require_GET
@login_required
def candidate_audit(request, uuid):
    candidate = get_candidate_for_user(request.user, uuid)
    if not can_view_candidate_audit(request.user, candidate):
        raise PermissionDenied
    events = selectors.candidate_audit_events(candidate=candidate)
    return render(request, "candidates/audit.html", {"candidate": candidate, "events": events})
