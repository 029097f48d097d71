"""Recruitment pages: thin views that fetch through the policy and call the recruitment services."""

import uuid as uuid_module
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policy
from candidates.services import dossier_record_views
from kamportal.exports import list_export, requested_format
from kamportal.forms_helper import form_action, form_post
from recruitment.exports import RECRUITMENTS
from recruitment.forms.interviews import EmployerAnswerForm
from recruitment.forms.recruitments import (
    BulkDecisionForm,
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
from recruitment.selectors.board import proposal_board
from recruitment.selectors.timeline import recruitment_timeline
from recruitment.services import recruitments as services
from recruitment.services.board import submissions_decide_selected
from recruitment.services.candidate_list import candidate_list_pdf
from recruitment.services.hiring import ANSWERING_RECRUITMENT as ANSWERING
from recruitment.services.unanswered import recruitment_close_unanswered

FORM = "recruitment/recruitments/form.html"
SEEN = "submission.viewed"  # the audit action of a page that shows proposals (one event per candidate shown)


def recruitment_page(recruitment) -> str:
    return reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid})


def _proposals_page(recruitment) -> str:
    return reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid})


@require_GET
@policy.require_role("is_kam")
def recruitment_list(request):
    show_all = request.GET.get("all") == "1"
    employer = employer_filter(request)
    if fmt := requested_format(request):
        return list_export(request, RECRUITMENTS, fmt)
    page = selectors.recruitment_list_page(
        user=request.user,
        active_only=not show_all,
        page_number=request.GET.get("page"),
        employer_id=employer.pk if employer is not None else None,
    )
    query = {"all": "1"} if show_all else {}
    if employer is not None:
        query["employer"] = str(employer.uuid)
    return render(
        request,
        "recruitment/recruitments/list.html",
        {
            "recruitments": page.object_list,
            "page": page,
            "query": urlencode(query),
            "show_all": show_all,
            "employer": employer,
            "Status": RecruitmentStatus,
        },
    )


def employer_filter(request):
    """The employer named by `?employer=<uuid>` (through the policy: 404 if unseen), or None."""
    key = request.GET.get("employer")
    if not key:
        return None
    try:
        uuid_module.UUID(key)
    except ValueError:
        raise Http404 from None
    return policy.get_employer_for_user(request.user, key)


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def recruitment_create(request, uuid):
    employer = policy.get_employer_for_user(request.user, uuid, write=True)
    positions = selectors.positions_for_new_recruitment(employer=employer)
    return form_action(
        request,
        RecruitmentCreateForm(request.POST or None, positions=positions),
        lambda data: services.recruitment_create(employer=employer, actor=request.user, **data),
        success_url=recruitment_page,
        success_message=_("The recruitment is created as a draft."),
        template=FORM,
        context={"employer": employer, "title": _("New recruitment"), "no_positions": not positions.exists()},
    )


@require_GET
@policy.require_role("is_kam")
def recruitment_detail(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid)
    page = selectors.recruitment_page(recruitment=recruitment, user=request.user)
    dossier_record_views(items=[(s.candidate, s) for s in page.submissions], actor=request.user, what=SEEN)
    board = proposal_board(page)
    return render(
        request,
        "recruitment/recruitments/detail.html",
        {
            "recruitment": recruitment,
            "page": page,
            "board": board,
            "bulk_form": BulkDecisionForm() if board.can_select else None,
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

    def save(data):
        recruitment.refresh_from_db()  # the form wrote its input onto the instance; the service compares
        return services.recruitment_update_plan(recruitment=recruitment, actor=request.user, **data)

    return form_action(
        request,
        ProgressPlanForm(request.POST or None, instance=recruitment),
        save,
        success_url=recruitment_page(recruitment),
        success_message=_("The progress plan is saved."),
        template=FORM,
        context={"employer": recruitment.employer, "recruitment": recruitment, "title": _("Progress plan")},
        refused_url=recruitment_page(recruitment),
    )


@require_POST
@policy.require_role("is_kam")
def recruitment_open(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: services.recruitment_open(recruitment=recruitment, actor=request.user),
        back_url=recruitment_page(recruitment),
        success_message=_("The recruitment is open for candidates."),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def request_create(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        CoordinationRequestForm(request.POST or None, kams=services.supplying_kams_for(recruitment)),
        lambda data: services.coordination_requests_send(
            recruitment=recruitment,
            actor=request.user,
            kams=list(data["kams"]),
            message=data["message"],
        ),
        success_url=recruitment_page(recruitment),
        success_message=lambda sent: (
            ngettext("%(count)s coordination request is sent.", "%(count)s coordination requests are sent.", len(sent))
            % {"count": len(sent)}
        ),
        template=FORM,
        context={
            "employer": recruitment.employer,
            "recruitment": recruitment,
            "title": _("Ask other providers for candidates"),
        },
        refused_url=recruitment_page(recruitment),
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
    dossier_record_views(items=[(s.candidate, s) for s in own], actor=request.user, what=SEEN)
    return render(
        request,
        "recruitment/recruitments/request.html",
        {
            "coordination_request": coordination_request,
            "recruitment": recruitment,
            "can_answer": can_answer and coordination_request.status == RequestStatus.SENT,
            "can_propose": can_answer
            and recruitment.takes_candidates
            and coordination_request.status in services.REQUEST_CAN_PROPOSE,
            "form": RequestAnswerForm(),
            "own_submissions": own,
        },
    )


@require_POST
@policy.require_role("is_kam")
def request_answer(request, uuid):
    coordination_request = policy.get_coordination_request_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        RequestAnswerForm(request.POST),
        lambda data: services.coordination_request_answer(
            coordination_request=coordination_request, actor=request.user, **data
        ),
        back_url=reverse("recruitment:request_detail", kwargs={"uuid": coordination_request.uuid}),
        success_message=_("Your answer is sent to the coordinating KAM."),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def proposal_create(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid)
    if not policy.can_propose(request.user, recruitment):
        raise PermissionDenied
    candidates = selectors.proposable_candidates(user=request.user, recruitment=recruitment)
    if request.method == "GET":  # the choice names every proposable candidate
        dossier_record_views(items=[(c, None) for c in candidates], actor=request.user, what="candidate.listed")
    return form_action(
        request,
        ProposalForm(request.POST or None, candidates=candidates),
        lambda data: services.submission_propose(recruitment=recruitment, actor=request.user, **data),
        success_url=recruitment_page(recruitment),
        success_message=lambda submission: _("%(name)s is proposed.") % {"name": submission.candidate.full_name},
        template=FORM,
        context={
            "employer": recruitment.employer,
            "recruitment": recruitment,
            "title": _("Propose a candidate"),
            "intro": _(
                "The proposal goes with the candidate's newest reviewed CV and application, and the advisor's "
                "contact details. The candidate must have consented to sharing the CV with this employer."
            ),
        },
        refused_url=recruitment_page(recruitment),
    )


@require_GET
@policy.require_role("is_kam")
def proposals_review(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    proposals = selectors.proposals_with_assessments(
        recruitment=recruitment, proposals=list(selectors.proposals_for_review(recruitment=recruitment))
    )
    dossier_record_views(items=[(p.candidate, p) for p in proposals], actor=request.user, what=SEEN)
    supplementing = recruitment.is_supplementing
    return render(
        request,
        "recruitment/recruitments/proposals.html",
        {
            "recruitment": recruitment,
            "proposals": proposals,
            "decision_form": DecisionForm(),
            "can_decide": recruitment.takes_candidates,
            "supplementing": supplementing,
            "to_send": sum(1 for p in proposals if p.status == SubmissionStatus.SHORTLISTED and p.listed_at is None)
            if supplementing
            else 0,
            "open_requests": supplementing
            and any(r.status != RequestStatus.CLOSED for r in recruitment.coordination_requests.all()),
            "undecided": sum(1 for p in proposals if p.status == SubmissionStatus.PROPOSED),
            "shortlisted": sum(1 for p in proposals if p.status == SubmissionStatus.SHORTLISTED),
            "SubmissionStatus": SubmissionStatus,
        },
    )


@require_POST
@policy.require_role("is_kam")
def proposal_decide(request, uuid):
    submission = policy.get_submission_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        DecisionForm(request.POST),
        lambda data: services.submission_decide(
            submission=submission,
            actor=request.user,
            shortlist=data["decision"] == "shortlist",
            feedback=data["feedback"],
        ),
        back_url=_proposals_page(submission.recruitment),
        success_message=_("The decision on %(name)s is saved.") % {"name": submission.candidate.full_name},
    )


@require_POST
@policy.require_role("is_kam")
def proposals_decide_selected(request, uuid):
    """The board's bulk decision: shortlist, or reject with one feedback, every proposal ticked; all or none."""
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        BulkDecisionForm(request.POST),
        lambda data: submissions_decide_selected(
            recruitment=recruitment,
            selected=data["proposals"],
            actor=request.user,
            shortlist=data["decision"] == "shortlist",
            feedback=data["feedback"],
        ),
        back_url=recruitment_page(recruitment) + "#board",
        success_message=lambda decided: _decided_text(decided),
    )


def _decided_text(decided) -> str:
    count = len(decided)
    if decided and decided[0].status == SubmissionStatus.SHORTLISTED:
        text = ngettext("%(count)s proposal is shortlisted.", "%(count)s proposals are shortlisted.", count)
    else:
        text = ngettext(
            "%(count)s proposal is rejected; the advisor is told why.",
            "%(count)s proposals are rejected; their advisors are told why.",
            count,
        )
    return text % {"count": count}


@require_POST
@policy.require_role("is_kam")
def proposal_undo(request, uuid):
    submission = policy.get_submission_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: services.submission_undo_decision(submission=submission, actor=request.user),
        back_url=_proposals_page(submission.recruitment),
    )


@require_POST
@policy.require_role("is_kam")
def proposal_withdraw(request, uuid):
    submission = policy.get_submission_for_user(request.user, uuid)
    if submission.provider_id != request.user.provider_id:
        raise PermissionDenied
    return form_post(
        request,
        None,
        lambda data: services.submission_withdraw(submission=submission, actor=request.user),
        back_url=recruitment_page(submission.recruitment),
        success_message=_("The proposal is withdrawn."),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def send_list(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        SendListForm(request.POST or None, employer=recruitment.employer),
        lambda data: services.recruitment_send_list(recruitment=recruitment, actor=request.user, **data),
        success_url=recruitment_page(recruitment),
        success_message=_("The candidate list is sent to the employer."),
        template=lambda form: _send_list_page(request, form, recruitment),
        refused_url=recruitment_page(recruitment),
    )


def _send_list_page(request, form, recruitment):
    entries = selectors.candidate_list_for_employer(recruitment=recruitment)
    dossier_record_views(items=[(e.candidate, e.submission) for e in entries], actor=request.user, what=SEEN)
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
            "unanswered": sum(1 for e in entries if e.submission.is_unanswered),
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
    entries = selectors.candidate_list_for_employer(recruitment=recruitment)
    dossier_record_views(
        items=[(e.candidate, e.submission) for e in entries], actor=request.user, what="candidate_list.downloaded"
    )
    response = HttpResponse(
        candidate_list_pdf(recruitment=recruitment, entries=entries), content_type="application/pdf"
    )
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
    return form_action(
        request,
        form,
        lambda data: services.recruitment_send_status_update(recruitment=recruitment, actor=request.user, **data),
        success_url=recruitment_page(recruitment),
        success_message=_("The status update is sent and logged on the employer's page."),
        template=FORM,
        context={
            "employer": recruitment.employer,
            "recruitment": recruitment,
            "title": _("Status update to the employer"),
            "intro": _("Tell the employer where the search stands and what you do next. The message is logged."),
        },
        refused_url=recruitment_page(recruitment),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def recruitment_close(request, uuid):
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        CloseForm(request.POST or None),
        lambda data: services.recruitment_close(recruitment=recruitment, actor=request.user, **data),
        success_url=recruitment_page(recruitment),
        success_message=_("The recruitment is closed."),
        template=FORM,
        context={"employer": recruitment.employer, "recruitment": recruitment, "title": _("Close the recruitment")},
        refused_url=recruitment_page(recruitment),
    )


@require_POST
@policy.require_role("is_kam")
def close_unanswered(request, uuid):
    """Close the list for the candidates the employer has not answered (reminded after four weeks)."""
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        CloseUnansweredForm(request.POST),
        lambda data: recruitment_close_unanswered(
            recruitment=recruitment, actor=request.user, feedback=data["feedback"]
        ),
        back_url=recruitment_page(recruitment),
        success_message=lambda closed: _closed_text(recruitment, closed),
    )


def _closed_text(recruitment, closed) -> str:
    recruitment.refresh_from_db()
    text = ngettext(
        "The list is closed for %(count)s candidate; the advisor is told.",
        "The list is closed for %(count)s candidates; their advisors are told.",
        len(closed),
    ) % {"count": len(closed)}
    if recruitment.status == RecruitmentStatus.CLOSED_UNFILLED:
        text += " " + _("Nobody is left at interview or chosen, so the recruitment is closed without a hire.")
    return text


@require_POST
@policy.require_role("is_kam")
def send_supplement(request, uuid):
    """Continuous delivery: send the employer the candidates shortlisted since the list (one list, growing)."""
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: services.recruitment_send_supplement(recruitment=recruitment, actor=request.user),
        back_url=_proposals_page(recruitment),
        success_message=lambda sent: (
            ngettext(
                "%(count)s more candidate is sent to the employer, marked as new on the list.",
                "%(count)s more candidates are sent to the employer, marked as new on the list.",
                len(sent),
            )
            % {"count": len(sent)}
        ),
    )


@require_POST
@policy.require_role("is_kam")
def close_requests(request, uuid):
    """Continuous delivery: the coordinating KAM closes the coordination requests before the CV deadline."""
    recruitment = policy.get_recruitment_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: services.recruitment_close_requests(recruitment=recruitment, actor=request.user),
        back_url=recruitment_page(recruitment),
        success_message=_("The coordination requests are closed; no more candidates come through them."),
    )
