"""After the list: the employer answers per candidate (its contact, or the coordinating KAM on its behalf),
the coordinating KAM schedules interviews. Thin views over recruitment.services.hiring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import policy
from recruitment.forms.hiring import EmployerAnswerForm, InterviewForm
from recruitment.models import EmployerAnswer, Interview, SubmissionStatus
from recruitment.services import hiring as services
from recruitment.services.recruitments import RecruitmentError
from recruitment.views.common import apply_errors, say_nothing_saved

ANSWERED = {
    EmployerAnswer.INTERVIEW: gettext_lazy("%(name)s: to interview. The coordinating KAM schedules the interview."),
    EmployerAnswer.NOT_RELEVANT: gettext_lazy("%(name)s: not relevant. Thank you, the advisor gets your feedback."),
    EmployerAnswer.HIRED: gettext_lazy("%(name)s: hired. The coordinating KAM and the advisor are told."),
}


def _to_list(submission):
    return redirect("recruitment:candidate_list", uuid=submission.recruitment.uuid)


def _errors(request, errors) -> None:
    for message in errors:
        messages.error(request, message)


@require_POST
@login_required
@policy.require_terms_accepted
def submission_answer(request, uuid):
    submission = policy.get_submission_for_user(request.user, uuid)
    if not policy.can_answer_for_employer(request.user, submission.recruitment):
        raise PermissionDenied
    form = EmployerAnswerForm(request.POST)
    if not form.is_valid():
        _errors(request, [e for errors in form.errors.values() for e in errors])
        return _to_list(submission)
    answer = form.cleaned_data["answer"]
    try:
        services.submission_employer_answer(
            submission=submission,
            actor=request.user,
            answer=answer,
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        _errors(request, error.messages)
    except RecruitmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(ANSWERED[answer]) % {"name": submission.candidate.full_name})
    return _to_list(submission)


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
        return _to_list(submission)
    interview = Interview.objects.filter(submission=submission).first()
    form = InterviewForm(request.POST or None, initial=InterviewForm.initial_for(interview))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.interview_schedule(
                    submission=submission,
                    actor=request.user,
                    starts_at=data["starts_at"],
                    duration_minutes=data["duration_minutes"],
                    place=data["place"],
                    notes=data["notes"],
                )
            except RecruitmentError as error:
                messages.error(request, str(error))
                return _to_list(submission)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The interview of %(name)s is saved; the advisor and the supplying KAM get the invitation.")
                    % {"name": submission.candidate.full_name},
                )
                return _to_list(submission)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/recruitments/form.html",
        {
            "form": form,
            "employer": recruitment.employer,
            "recruitment": recruitment,
            "title": _("Interview: %(name)s") % {"name": submission.candidate.full_name},
            "intro": _(
                "The advisor and the supplying KAM get a calendar invitation (.ics). "
                "A changed time replaces the earlier invitation in their calendars."
            ),
        },
    )
