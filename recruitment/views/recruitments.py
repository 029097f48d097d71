"""Recruitment pages: thin views that fetch through the policy and call the recruitment services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policy
from candidates.services import dossier_record_views
from recruitment.forms.hiring import EmployerAnswerForm
from recruitment.forms.recruitments import (
    CloseForm,
    CloseUnansweredForm,
    CoordinationRequestForm,
    DecisionForm,
    ProgressPlanForm,
    ProposalForm,
    RecruitmentCreateForm,
    RequestAnswerForm,
    SendListForm,
    StatusUpdateForm,
)
from recruitment.models import RecruitmentStatus, RequestStatus, SubmissionStatus
from recruitment.selectors import recruitments as selectors
from recruitment.selectors.timeline import recruitment_timeline
from recruitment.services import recruitments as services
from recruitment.services.candidate_list import candidate_list_pdf
from recruitment.services.hiring import ANSWERING_RECRUITMENT as ANSWERING
from recruitment.services.recruitments import RecruitmentError
from recruitment.services.unanswered import recruitment_close_unanswered
from recruitment.views.common import apply_errors, say_nothing_saved


def _detail(recruitment):
    return redirect("recruitment:recruitment_detail", uuid=recruitment.uuid)


def _refused(request, recruitment, error):
    messages.error(request, str(error))
    return _detail(recruitment)


@require_GET
@policy.require_role("is_kam")
def recruitment_list(request):
    show_all = request.GET.get("all") == "1"
    page = selectors.recruitment_list_page(
        user=request.user, active_only=not show_all, page_number=request.GET.get("page")
    )
    return render(
        request,
        "recruitment/recruitments/list.html",
        {
            "recruitments": page.object_list,
            "page": page,
            "query": "all=1" if show_all else "",
            "show_all": show_all,
            "Status": RecruitmentStatus,
        },
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def recruitment_create(request, uuid):
    employer = policy.get_employer_for_user(request.user, uuid, write=True)
    positions = selectors.positions_for_new_recruitment(employer=employer)
    form = RecruitmentCreateForm(request.POST or None, positions=positions)
    if request.method == "POST":
        if form.is_valid():
            try:
                recruitment = services.recruitment_create(
                    employer=employer, actor=request.user, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The recruitment is created as a draft."))
                return _detail(recruitment)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/recruitments/form.html",
        {
            "form": form,
            "employer": employer,
            "title": _("New recruitment"),
            "no_positions": not positions.exists(),
        },
    )


@require_GET
@policy.require_role("is_kam")
def recruitment_detail(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid)
    page = selectors.recruitment_page(recruitment=recruitment, user=request.user)
    return render(
        request,
        "recruitment/recruitments/detail.html",
        {
            "recruitment": recruitment,
            "page": page,
            "can_propose": policy.can_propose(request.user, recruitment),
            "answering": ANSWERING,
            "Status": RecruitmentStatus,
            "RequestStatus": RequestStatus,
            "SubmissionStatus": SubmissionStatus,
        },
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def recruitment_plan(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    form = ProgressPlanForm(request.POST or None, instance=recruitment)
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
            recruitment.refresh_from_db()
            try:
                services.recruitment_update_plan(recruitment=recruitment, actor=request.user, request=request, **fields)
            except RecruitmentError as error:
                return _refused(request, recruitment, error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The progress plan is saved."))
                return _detail(recruitment)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/recruitments/form.html",
        {"form": form, "employer": recruitment.employer, "recruitment": recruitment, "title": _("Progress plan")},
    )


@require_POST
@policy.require_role("is_kam")
def recruitment_open(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    try:
        services.recruitment_open(recruitment=recruitment, actor=request.user, request=request)
    except RecruitmentError as error:
        return _refused(request, recruitment, error)
    messages.success(request, _("The recruitment is open for candidates."))
    return _detail(recruitment)


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def request_create(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    form = CoordinationRequestForm(request.POST or None, kams=services.supplying_kams_for(recruitment))
    if request.method == "POST":
        if form.is_valid():
            try:
                sent = services.coordination_requests_send(
                    recruitment=recruitment,
                    actor=request.user,
                    kams=list(form.cleaned_data["kams"]),
                    message=form.cleaned_data["message"],
                    request=request,
                )
            except RecruitmentError as error:
                return _refused(request, recruitment, error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("%(count)s coordination requests are sent.") % {"count": len(sent)})
                return _detail(recruitment)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/recruitments/form.html",
        {
            "form": form,
            "employer": recruitment.employer,
            "recruitment": recruitment,
            "title": _("Ask other providers for candidates"),
        },
    )


@require_GET
@policy.require_role("is_kam")
def request_detail(request, uuid):
    coordination_request = policy.get_coordination_request_for_user(request.user, uuid)
    recruitment = coordination_request.recruitment
    can_answer = policy.can_answer_request(request.user, coordination_request)
    own = []
    if can_answer:
        own = list(
            policy.submissions_visible_to(request.user)
            .filter(recruitment=recruitment, provider_id=request.user.provider_id)
            .select_related("candidate")
        )
    return render(
        request,
        "recruitment/recruitments/request.html",
        {
            "coordination_request": coordination_request,
            "recruitment": recruitment,
            "can_answer": can_answer and coordination_request.status == RequestStatus.SENT,
            "can_propose": can_answer
            and recruitment.status == RecruitmentStatus.OPEN
            and coordination_request.status in services.REQUEST_CAN_PROPOSE,
            "form": RequestAnswerForm(),
            "own_submissions": own,
        },
    )


@require_POST
@policy.require_role("is_kam")
def request_answer(request, uuid):
    coordination_request = policy.get_coordination_request_for_user(request.user, uuid, write=True)
    form = RequestAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("recruitment:request_detail", uuid=coordination_request.uuid)
    try:
        services.coordination_request_answer(
            coordination_request=coordination_request,
            actor=request.user,
            answer=form.cleaned_data["answer"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except (RecruitmentError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Your answer is sent to the coordinating KAM."))
    return redirect("recruitment:request_detail", uuid=coordination_request.uuid)


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def proposal_create(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid)
    if not policy.can_propose(request.user, recruitment):
        raise PermissionDenied
    candidates = selectors.proposable_candidates(user=request.user, recruitment=recruitment)
    form = ProposalForm(request.POST or None, candidates=candidates)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submission_propose(
                    recruitment=recruitment, actor=request.user, request=request, **form.cleaned_data
                )
            except RecruitmentError as error:
                return _refused(request, recruitment, error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s is proposed.") % {"name": form.cleaned_data["candidate"].full_name}
                )
                return _detail(recruitment)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/recruitments/form.html",
        {
            "form": form,
            "employer": recruitment.employer,
            "recruitment": recruitment,
            "title": _("Propose a candidate"),
            "intro": _(
                "The proposal goes with the candidate's newest reviewed CV and application, and the advisor's "
                "contact details. The candidate must have consented to sharing the CV with this employer."
            ),
        },
    )


@require_GET
@policy.require_role("is_kam")
def proposals_review(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    proposals = list(selectors.proposals_for_review(recruitment=recruitment))
    return render(
        request,
        "recruitment/recruitments/proposals.html",
        {
            "recruitment": recruitment,
            "proposals": proposals,
            "decision_form": DecisionForm(),
            "can_decide": recruitment.status == RecruitmentStatus.OPEN,
            "undecided": sum(1 for p in proposals if p.status == SubmissionStatus.PROPOSED),
            "shortlisted": sum(1 for p in proposals if p.status == SubmissionStatus.SHORTLISTED),
            "SubmissionStatus": SubmissionStatus,
        },
    )


@require_POST
@policy.require_role("is_kam")
def proposal_decide(request, uuid):
    submission = policy.get_submission_for_user(request.user, uuid, write=True)
    recruitment = submission.recruitment
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("recruitment:proposals", uuid=recruitment.uuid)
    try:
        services.submission_decide(
            submission=submission,
            actor=request.user,
            shortlist=form.cleaned_data["decision"] == "shortlist",
            feedback=form.cleaned_data["feedback"],
            request=request,
        )
    except (RecruitmentError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The decision on %(name)s is saved.") % {"name": submission.candidate.full_name})
    return redirect("recruitment:proposals", uuid=recruitment.uuid)


@require_POST
@policy.require_role("is_kam")
def proposal_undo(request, uuid):
    submission = policy.get_submission_for_user(request.user, uuid, write=True)
    try:
        services.submission_undo_decision(submission=submission, actor=request.user, request=request)
    except RecruitmentError as error:
        messages.error(request, str(error))
    return redirect("recruitment:proposals", uuid=submission.recruitment.uuid)


@require_POST
@policy.require_role("is_kam")
def proposal_withdraw(request, uuid):
    submission = policy.get_submission_for_user(request.user, uuid)
    if submission.provider_id != request.user.provider_id:
        raise PermissionDenied
    try:
        services.submission_withdraw(submission=submission, actor=request.user, request=request)
    except RecruitmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The proposal is withdrawn."))
    return _detail(submission.recruitment)


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def send_list(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    form = SendListForm(request.POST or None, employer=recruitment.employer)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.recruitment_send_list(
                    recruitment=recruitment,
                    actor=request.user,
                    contact=form.cleaned_data["contact"],
                    message=form.cleaned_data["message"],
                    request=request,
                )
            except RecruitmentError as error:
                return _refused(request, recruitment, error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The candidate list is sent to the employer."))
                return _detail(recruitment)
        say_nothing_saved(request)
    entries = selectors.candidate_list_for_employer(recruitment=recruitment)
    return render(
        request,
        "recruitment/recruitments/send_list.html",
        {"form": form, "recruitment": recruitment, "entries": entries},
    )


@never_cache
@require_GET
@login_required
@policy.require_terms_accepted
def candidate_list(request, uuid):
    """The final list as the employer sees it: shortlisted candidates, only the consented parts."""
    recruitment = policy.get_recruitment_for_user(request.user, uuid)
    if not policy.can_view_candidate_list(request.user, recruitment):
        raise PermissionDenied
    events = None
    is_contact = policy.principal_for(request.user).is_employer_contact
    if is_contact:
        entries = selectors.candidate_list_for_user(recruitment=recruitment, user=request.user)
        events = recruitment_timeline(user=request.user, recruitment=recruitment)
    else:
        entries = selectors.candidate_list_for_employer(recruitment=recruitment)
    dossier_record_views(
        items=[(entry.candidate, entry.submission) for entry in entries],
        actor=request.user,
        request=request,
        what="candidate_list.viewed",
    )
    can_answer = policy.can_answer_for_employer(request.user, recruitment) and recruitment.status in ANSWERING
    return render(
        request,
        "recruitment/recruitments/candidate_list.html",
        {
            "recruitment": recruitment,
            "entries": entries,
            "events": events,
            "is_contact": is_contact,
            "can_answer": can_answer,
            "can_schedule": policy.can_schedule_interview(request.user, recruitment),
            "unanswered": sum(1 for e in entries if e.submission.status == SubmissionStatus.SHORTLISTED),
            "answer_form": EmployerAnswerForm(),
            "SubmissionStatus": SubmissionStatus,
        },
    )


@never_cache
@require_GET
@login_required
@policy.require_terms_accepted
def candidate_list_pdf_view(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid)
    if not policy.can_view_candidate_list(request.user, recruitment):
        raise PermissionDenied
    dossier_record_views(
        items=[(e.candidate, e.submission) for e in selectors.candidate_list_for_employer(recruitment=recruitment)],
        actor=request.user,
        request=request,
        what="candidate_list.downloaded",
    )
    response = HttpResponse(candidate_list_pdf(recruitment=recruitment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kandidatliste-{recruitment.uuid.hex[:8]}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def status_update(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    page = selectors.recruitment_page(recruitment=recruitment, user=request.user)
    proposals = len([s for s in page.submissions if s.status != SubmissionStatus.WITHDRAWN])
    form = StatusUpdateForm(
        request.POST or None,
        employer=recruitment.employer,
        initial={"message": services.status_update_text(recruitment, proposals=proposals)},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.recruitment_send_status_update(
                    recruitment=recruitment,
                    actor=request.user,
                    contact=form.cleaned_data["contact"],
                    message=form.cleaned_data["message"],
                    request=request,
                )
            except RecruitmentError as error:
                return _refused(request, recruitment, error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The status update is sent and logged on the employer's page."))
                return _detail(recruitment)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/recruitments/form.html",
        {
            "form": form,
            "employer": recruitment.employer,
            "recruitment": recruitment,
            "title": _("Status update to the employer"),
            "intro": _("Tell the employer where the search stands and what you do next. The message is logged."),
        },
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def recruitment_close(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    form = CloseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.recruitment_close(
                    recruitment=recruitment, actor=request.user, request=request, **form.cleaned_data
                )
            except RecruitmentError as error:
                return _refused(request, recruitment, error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The recruitment is closed."))
                return _detail(recruitment)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/recruitments/form.html",
        {
            "form": form,
            "employer": recruitment.employer,
            "recruitment": recruitment,
            "title": _("Close the recruitment"),
        },
    )


@require_POST
@policy.require_role("is_kam")
def close_unanswered(request, uuid):
    """Close the list for the candidates the employer has not answered (reminded after four weeks)."""
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    form = CloseUnansweredForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _detail(recruitment)
    try:
        closed = recruitment_close_unanswered(
            recruitment=recruitment, actor=request.user, feedback=form.cleaned_data["feedback"], request=request
        )
    except (RecruitmentError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return _detail(recruitment)
    recruitment.refresh_from_db()
    text = ngettext(
        "The list is closed for %(count)s candidate; the advisor is told.",
        "The list is closed for %(count)s candidates; their advisors are told.",
        len(closed),
    ) % {"count": len(closed)}
    if recruitment.status == RecruitmentStatus.CLOSED_UNFILLED:
        text += " " + _("Nobody is left at interview or chosen, so the recruitment is closed without a hire.")
    messages.success(request, text)
    return _detail(recruitment)
