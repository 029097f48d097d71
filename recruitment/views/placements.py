"""Placement pages: thin views that fetch through the policy and call recruitment.services.placements."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policy
from candidates.services import dossier_record_view
from recruitment.forms.placements import AgreementForm, EndForm, HireForm, NoteForm, PlacementForm
from recruitment.models import PlacementStatus
from recruitment.selectors import placements as selectors
from recruitment.services import placements as services
from recruitment.services.placements import UPDATE_FIELDS
from recruitment.services.recruitments import RecruitmentError
from recruitment.views.common import apply_errors, say_nothing_saved

STAFF = ("is_advisor", "is_kam", "is_provider_admin")


def _detail(placement):
    return redirect("recruitment:placement_detail", uuid=placement.uuid)


def _render_detail(request, placement, *, status=200, **forms):
    dossier_record_view(candidate=placement.candidate, actor=request.user, what="placement.viewed", obj=placement)
    today = timezone.localdate()
    return render(
        request,
        "recruitment/placements/detail.html",
        {
            "placement": placement,
            "page": selectors.placement_page(placement=placement, user=request.user),
            "Status": PlacementStatus,
            "today": today,
            "note_form": forms.get("note_form") or NoteForm(initial={"occurred_on": today}),
            "hire_form": forms.get("hire_form") or HireForm(initial={"hired_on": today}),
            "end_form": forms.get("end_form") or EndForm(initial={"ended_on": today}),
        },
        status=status,
    )


@require_GET
@policy.require_role("is_advisor", "is_kam")
def my_placements(request):
    show_all = request.GET.get("all") == "1"
    placements = list(selectors.my_placements(user=request.user, open_only=not show_all)[:300])
    return render(
        request,
        "recruitment/placements/list.html",
        {"placements": placements, "show_all": show_all, "today": timezone.localdate(), "Status": PlacementStatus},
    )


@require_http_methods(["GET", "POST"])
@policy.require_role(*STAFF)
def placement_create(request, uuid):
    submission = policy.get_submission_for_placement(request.user, uuid)
    recruitment = submission.recruitment
    form = PlacementForm(
        request.POST or None,
        initial={"start_date": recruitment.approximate_start},
        submit_label=_("Create the placement"),
    )
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in UPDATE_FIELDS}
            try:
                placement = services.placement_create(submission=submission, actor=request.user, **fields)
            except RecruitmentError as error:
                messages.error(request, str(error))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The placement is planned."))
                return _detail(placement)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/placements/form.html",
        {
            "form": form,
            "title": _("New placement"),
            "candidate": submission.candidate,
            "recruitment": recruitment,
            "employer": recruitment.employer,
        },
    )


@require_GET
@policy.require_role(*STAFF)
def placement_detail(request, uuid):
    placement = policy.get_placement_for_user(request.user, uuid)
    return _render_detail(request, placement)


@require_http_methods(["GET", "POST"])
@policy.require_role(*STAFF)
def placement_edit(request, uuid):
    placement = policy.get_placement_for_user(request.user, uuid, write=True)
    initial = {name: getattr(placement, name) for name in UPDATE_FIELDS}
    form = PlacementForm(request.POST or None, initial={**initial, "version": placement.version})
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in UPDATE_FIELDS}
            try:
                services.placement_update(
                    placement=placement,
                    actor=request.user,
                    version=form.cleaned_data["version"] or 0,
                    **fields,
                )
            except RecruitmentError as error:
                messages.error(request, str(error))
                return _detail(placement)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The placement is saved."))
                return _detail(placement)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/placements/form.html",
        {
            "form": form,
            "title": _("Change the placement"),
            "placement": placement,
            "candidate": placement.candidate,
            "recruitment": placement.recruitment,
            "employer": placement.employer,
        },
    )


@require_http_methods(["GET", "POST"])
@policy.require_role(*STAFF)
def agreement_edit(request, uuid):
    placement = policy.get_placement_for_user(request.user, uuid, write=True)
    agreement = selectors.agreement_for(placement=placement)
    initial = {"agreed_on": timezone.localdate()}
    if agreement is not None:
        initial = {name: getattr(agreement, name) for name in AgreementForm.base_fields}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.expectation_agreement_record(placement=placement, actor=request.user, **form.cleaned_data)
            except RecruitmentError as error:
                messages.error(request, str(error))
                return _detail(placement)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The expectation agreement is saved."))
                return _detail(placement)
        say_nothing_saved(request)
    return render(
        request,
        "recruitment/placements/form.html",
        {
            "form": form,
            "title": _("Expectation agreement"),
            "intro": _(
                "Agreed at the start of the placement between the employer, the provider and the candidate, "
                "and brought to the follow-up meetings."
            ),
            "placement": placement,
            "candidate": placement.candidate,
            "recruitment": placement.recruitment,
            "employer": placement.employer,
        },
    )


def _detail_form_action(request, placement, *, form_class, form_key: str, service, success: str):
    """A form on the placement page posted to its own URL: the service on success, else the page with the errors."""
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(placement=placement, actor=request.user, **form.cleaned_data)
        except RecruitmentError as error:
            messages.error(request, str(error))
            return _detail(placement)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, success)
            return _detail(placement)
    say_nothing_saved(request)
    return _render_detail(request, placement, **{form_key: form})


@require_POST
@policy.require_role(*STAFF)
def note_add(request, uuid):
    return _detail_form_action(
        request,
        policy.get_placement_for_user(request.user, uuid, write=True),
        form_class=NoteForm,
        form_key="note_form",
        service=services.placement_note_add,
        success=_("The follow-up note is saved."),
    )


@require_POST
@policy.require_role(*STAFF)
def placement_start(request, uuid):
    placement = policy.get_placement_for_user(request.user, uuid, write=True)
    try:
        services.placement_start(placement=placement, actor=request.user)
    except RecruitmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The placement has started."))
    return _detail(placement)


@require_POST
@policy.require_role(*STAFF)
def placement_hire(request, uuid):
    return _detail_form_action(
        request,
        policy.get_placement_for_user(request.user, uuid, outcome=True),
        form_class=HireForm,
        form_key="hire_form",
        service=services.placement_hire,
        success=_("The hiring is recorded."),
    )


@require_POST
@policy.require_role(*STAFF)
def placement_end(request, uuid):
    return _detail_form_action(
        request,
        policy.get_placement_for_user(request.user, uuid, outcome=True),
        form_class=EndForm,
        form_key="end_form",
        service=services.placement_end,
        success=_("The end of the placement is recorded."),
    )
