"""After the list: the employer answers per candidate (its contact, or the coordinating KAM on its behalf),
the coordinating KAM schedules interviews. Thin views over recruitment.services.hiring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import policy
from candidates.services import dossier_record_view
from kamportal.forms_helper import form_action, form_post
from recruitment.forms.interviews import EmployerAnswerForm, InterviewForm
from recruitment.models import EmployerAnswer, Interview, SubmissionStatus
from recruitment.services import hiring as services

ANSWERED = {
    EmployerAnswer.INTERVIEW: gettext_lazy("%(name)s: to interview. The coordinating KAM schedules the interview."),
    EmployerAnswer.NOT_RELEVANT: gettext_lazy("%(name)s: not relevant. Thank you, the advisor gets your feedback."),
    EmployerAnswer.HIRED: gettext_lazy(
        "%(name)s: you want to hire this candidate. The coordinating KAM and the advisor are told and plan the "
        "start with you."
    ),
}


def _list_page(submission) -> str:
    return reverse("recruitment:candidate_list", kwargs={"uuid": submission.recruitment.uuid})


@require_POST
@login_required
@policy.require_terms_accepted
def submission_answer(request, uuid):
    submission = policy.get_submission_for_user(request.user, uuid)
    if not policy.can_answer_for_employer(request.user, submission.recruitment):
        raise PermissionDenied
    return form_post(
        request,
        EmployerAnswerForm(request.POST),
        lambda data: services.submission_employer_answer(submission=submission, actor=request.user, **data),
        back_url=_list_page(submission),
        success_message=lambda _result: (
            str(ANSWERED[request.POST["answer"]]) % {"name": submission.candidate.full_name}
        ),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role("is_kam")
def interview_schedule(request, uuid):
    submission = policy.get_submission_for_user(request.user, uuid, write=True)
    recruitment = submission.recruitment
    if not policy.can_schedule_interview(request.user, recruitment):
        raise PermissionDenied
    if submission.status != SubmissionStatus.INTERVIEW:
        messages.error(
            request,
            _("%(name)s is not invited to interview (%(status)s), so no interview can be scheduled.")
            % {"name": submission.candidate.full_name, "status": submission.get_status_display()},
        )
        return redirect(_list_page(submission))
    interview = Interview.objects.filter(submission=submission).first()
    if request.method == "GET":
        dossier_record_view(
            candidate=submission.candidate, actor=request.user, what="submission.viewed", obj=submission
        )
    return form_action(
        request,
        InterviewForm(request.POST or None, initial=InterviewForm.initial_for(interview)),
        lambda data: services.interview_schedule(
            submission=submission,
            actor=request.user,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            notes=data["notes"],
            confirmed=data.get("confirmed", False),
        ),
        success_url=_list_page(submission),
        success_message=_(
            "The interview of %(name)s is saved; the advisor and the supplying KAM get the invitation, "
            "and the employer's contact too."
        )
        % {"name": submission.candidate.full_name},
        template="recruitment/recruitments/form.html",
        context={
            "employer": recruitment.employer,
            "recruitment": recruitment,
            "title": _("Interview: %(name)s") % {"name": submission.candidate.full_name},
            "intro": _(
                "The advisor, the supplying KAM and the employer's contact get a calendar invitation (.ics); "
                "so does the candidate, unless their advisor has turned the candidate's messages off. "
                "A changed time replaces the earlier invitation in their calendars."
            ),
        },
        refused_url=_list_page(submission),
    )
