"""Placement pages: thin views that fetch through the policy and call recruitment.services.placements."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policy
from candidates.services import dossier_record_view, dossier_record_views
from kamportal.exports import requested_format
from kamportal.forms_helper import form_action, form_post
from recruitment.exports import placements_export
from recruitment.forms.placement_records import FollowUpForm
from recruitment.forms.placements import EndForm, HireCorrectionForm, HireForm, PlacementForm
from recruitment.models import PlacementStatus
from recruitment.selectors import placements as selectors
from recruitment.services import placements as services
from recruitment.services.placements import UPDATE_FIELDS

STAFF = ("is_advisor", "is_kam", "is_provider_admin")


FORM = "recruitment/placements/form.html"


def placement_page(placement) -> str:
    return reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid})


def _details(data: dict) -> dict:
    return {name: data[name] for name in UPDATE_FIELDS}


def _render_detail(request, placement, *, status=200, **forms):
    dossier_record_view(candidate=placement.candidate, actor=request.user, what="placement.viewed", obj=placement)
    today = timezone.localdate()
    page = selectors.placement_page(placement=placement, user=request.user)
    in_force = page["agreement"].in_force
    points = in_force.points.all() if in_force else ()
    return render(
        request,
        "recruitment/placements/detail.html",
        {
            "placement": placement,
            "page": page,
            "Status": PlacementStatus,
            "today": today,
            "note_form": forms.get("note_form") or FollowUpForm(initial={"occurred_on": today}, points=points),
            "hire_form": forms.get("hire_form") or HireForm(initial={"hired_on": today}),
            "end_form": forms.get("end_form") or EndForm(initial={"ended_on": today}),
        },
        status=status,
    )


@require_GET
@policy.require_role("is_advisor", "is_kam")
def my_placements(request):
    from recruitment.views.recruitments import employer_filter

    show_all = request.GET.get("all") == "1"
    employer = employer_filter(request)
    placements = list(
        selectors.my_placements(
            user=request.user, open_only=not show_all, employer_id=employer.pk if employer is not None else None
        )[:300]
    )
    if fmt := requested_format(request):
        return placements_export(placements, fmt=fmt, actor=request.user)
    dossier_record_views(items=[(p.candidate, p) for p in placements], actor=request.user, what="placement.listed")
    return render(
        request,
        "recruitment/placements/list.html",
        {
            "placements": placements,
            "show_all": show_all,
            "employer": employer,
            "today": timezone.localdate(),
            "Status": PlacementStatus,
        },
    )


@require_http_methods(["GET", "POST"])
@policy.require_role(*STAFF)
def placement_create(request, uuid):
    submission = policy.get_submission_for_placement(request.user, uuid)
    recruitment = submission.recruitment
    if request.method == "GET":
        dossier_record_view(
            candidate=submission.candidate, actor=request.user, what="submission.viewed", obj=submission
        )
    return form_action(
        request,
        PlacementForm(
            request.POST or None,
            initial={"start_date": recruitment.approximate_start},
            submit_label=_("Create the placement"),
            employer=recruitment.employer,
        ),
        lambda data: services.placement_create(submission=submission, actor=request.user, **_details(data)),
        success_url=placement_page,
        success_message=_("The placement is planned."),
        template=FORM,
        context={
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
    if request.method == "GET":
        dossier_record_view(candidate=placement.candidate, actor=request.user, what="placement.viewed", obj=placement)
    return form_action(
        request,
        PlacementForm(
            request.POST or None,
            initial={name: getattr(placement, name) for name in UPDATE_FIELDS},
            version=placement.version,
            employer=placement.employer,
        ),
        lambda data: services.placement_update(
            placement=placement, actor=request.user, version=data["version"] or 0, **_details(data)
        ),
        success_url=placement_page(placement),
        success_message=_("The placement is saved."),
        template=FORM,
        context={
            "title": _("Change the placement"),
            "placement": placement,
            "candidate": placement.candidate,
            "recruitment": placement.recruitment,
            "employer": placement.employer,
        },
        refused_url=placement_page(placement),
    )


def _on_detail_page(request, placement, *, form, form_key: str, service, success: str):
    """A form on the placement page posted to its own URL: the page again with the errors, if any."""
    return form_action(
        request,
        form,
        lambda data: service(placement=placement, actor=request.user, **data),
        success_url=placement_page(placement),
        success_message=success,
        template=lambda failed: _render_detail(request, placement, **{form_key: failed}),
        refused_url=placement_page(placement),
    )


@require_POST
@policy.require_role(*STAFF)
def note_add(request, uuid):
    placement = policy.get_placement_for_user(request.user, uuid, write=True)
    in_force = services.agreement_in_force(placement)
    form = FollowUpForm(request.POST, points=in_force.points.order_by("order", "id") if in_force else ())
    return _on_detail_page(
        request,
        placement,
        form=form,
        form_key="note_form",
        service=lambda **data: services.placement_note_add(**form.service_data(data)),
        success=_("The follow-up note is saved."),
    )


@require_POST
@policy.require_role(*STAFF)
def placement_start(request, uuid):
    placement = policy.get_placement_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: services.placement_start(placement=placement, actor=request.user),
        back_url=placement_page(placement),
        success_message=_("The placement has started."),
    )


@require_POST
@policy.require_role(*STAFF)
def placement_hire(request, uuid):
    return _on_detail_page(
        request,
        policy.get_placement_for_user(request.user, uuid, outcome=True),
        form=HireForm(request.POST),
        form_key="hire_form",
        service=services.placement_hire,
        success=_("The hiring is recorded."),
    )


@require_POST
@policy.require_role(*STAFF)
def placement_end(request, uuid):
    return _on_detail_page(
        request,
        policy.get_placement_for_user(request.user, uuid, outcome=True),
        form=EndForm(request.POST),
        form_key="end_form",
        service=services.placement_end,
        success=_("The end of the placement is recorded."),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role(*STAFF)
def placement_correct_hire(request, uuid):
    """The advisor or a KAM corrects a registered hiring's date or kind of employment (kept on the timeline)."""
    placement = policy.get_placement_for_user(request.user, uuid, outcome=True)
    return form_action(
        request,
        HireCorrectionForm(
            request.POST or None,
            initial={"hired_on": placement.hired_on, "employment_kind": placement.employment_kind},
            version=placement.version,
        ),
        lambda data: services.placement_correct_hire(
            placement=placement,
            actor=request.user,
            version=data["version"] or 0,
            hired_on=data["hired_on"],
            employment_kind=data["employment_kind"],
        ),
        success_url=placement_page(placement),
        success_message=_("The hiring is corrected."),
        template=FORM,
        context={
            "title": _("Correct the hiring"),
            "intro": _("The timeline keeps the earlier date and kind of employment."),
            "placement": placement,
            "candidate": placement.candidate,
            "recruitment": placement.recruitment,
            "employer": placement.employer,
        },
        refused_url=placement_page(placement),
    )
