"""A placement's expectation agreement and attendance: staff pages, the employer portal's page and its answers,
and the export of approved weeks. Thin views: fetch through the policy, one service, redirect."""

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import policy
from accounts.view_guards import require_role, require_terms_accepted
from candidates.services import dossier_record_view
from kamportal.forms_helper import form_action, form_post
from recruitment.forms.placement_records import (
    AgreementChangesForm,
    AgreementConfirmForm,
    AgreementPointEditForm,
    AgreementPointForm,
    AgreementSendForm,
    AttendanceAnswerForm,
    AttendanceReturnForm,
    AttendanceWeekEditForm,
    AttendanceWeekForm,
    CandidateConfirmForm,
    PortalAttendanceWeekForm,
)
from recruitment.models import OPEN_PLACEMENT_STATES, AgreementStatus, AttendanceStatus
from recruitment.selectors import placement_records as selectors
from recruitment.services import agreements as agreement_services
from recruitment.services import attendance as attendance_services
from recruitment.services.attendance import WEEK_FIELDS

STAFF = ("is_advisor", "is_kam", "is_provider_admin")
FORM = "recruitment/placements/form.html"
POINT_FIELDS = agreement_services.POINT_FIELDS


def _agreement_url(placement) -> str:
    return reverse("recruitment:placement_agreement", kwargs={"uuid": placement.uuid})


def _attendance_url(placement) -> str:
    return reverse("recruitment:placement_attendance", kwargs={"uuid": placement.uuid})


def _portal_url(placement) -> str:
    return reverse("recruitment:portal_placement", kwargs={"uuid": placement.uuid})


def _form_context(placement, title: str, **extra) -> dict:
    return {
        "title": title,
        "placement": placement,
        "candidate": placement.candidate,
        "recruitment": placement.recruitment,
        "employer": placement.employer,
        **extra,
    }


# --- the expectation agreement (staff) ----------------------------------------------------------------


def _render_agreement(request, placement, *, status=200, point_form=None):
    dossier_record_view(
        candidate=placement.candidate, actor=request.user, what="placement.agreement_viewed", obj=placement
    )
    state = selectors.agreement_state(placement=placement)
    can_edit = policy.can_edit_placement(request.user, placement) and placement.status in OPEN_PLACEMENT_STATES
    add_url = reverse("recruitment:placement_agreement_point_add", kwargs={"uuid": placement.uuid})
    return render(
        request,
        "recruitment/placements/agreement.html",
        {
            "placement": placement,
            "state": state,
            "can_edit": can_edit,
            "Status": AgreementStatus,
            "point_form": point_form or AgreementPointForm(action=add_url),
            "send_form": AgreementSendForm(initial={"agreed_on": timezone.localdate()}),
            "candidate_form": CandidateConfirmForm(initial={"confirmed_on": timezone.localdate()}),
        },
        status=status,
    )


@require_GET
@policy.require_role(*STAFF)
def agreement_page(request, uuid):
    return _render_agreement(request, policy.get_placement_for_user(request.user, uuid))


@require_POST
@policy.require_role(*STAFF)
def agreement_point_add(request, uuid):
    placement = policy.get_placement_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        AgreementPointForm(request.POST),
        lambda data: agreement_services.agreement_point_add(placement=placement, actor=request.user, **data),
        success_url=_agreement_url(placement),
        success_message=_("The point is added to the draft."),
        template=lambda failed: _render_agreement(request, placement, point_form=failed),
        refused_url=_agreement_url(placement),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role(*STAFF)
def agreement_point_edit(request, uuid):
    point = policy.get_agreement_point_for_user(request.user, uuid)
    placement = point.agreement.placement
    return form_action(
        request,
        AgreementPointEditForm(
            request.POST or None,
            initial={name: getattr(point, name) for name in POINT_FIELDS},
            version=point.version,
        ),
        lambda data: agreement_services.agreement_point_update(
            point=point,
            actor=request.user,
            version=data["version"] or 0,
            **{name: data[name] for name in POINT_FIELDS},
        ),
        success_url=_agreement_url(placement),
        success_message=_("The point is saved."),
        template=FORM,
        context=_form_context(placement, _("Change the point")),
        refused_url=_agreement_url(placement),
    )


@require_POST
@policy.require_role(*STAFF)
def agreement_point_remove(request, uuid):
    point = policy.get_agreement_point_for_user(request.user, uuid)
    return form_post(
        request,
        None,
        lambda data: agreement_services.agreement_point_remove(point=point, actor=request.user),
        back_url=_agreement_url(point.agreement.placement),
        success_message=_("The point is removed from the draft."),
    )


@require_POST
@policy.require_role(*STAFF)
def agreement_new_version(request, uuid):
    placement = policy.get_placement_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: agreement_services.agreement_draft(placement=placement, actor=request.user),
        back_url=_agreement_url(placement),
        success_message=lambda draft: (
            _("Version %(number)s is a draft: change it, then send it.") % {"number": draft.number}
        ),
    )


@require_POST
@policy.require_role(*STAFF)
def agreement_send(request, uuid):
    agreement = policy.get_agreement_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        AgreementSendForm(request.POST),
        lambda data: agreement_services.agreement_send(agreement=agreement, actor=request.user, **data),
        back_url=_agreement_url(agreement.placement),
        success_message=_("The agreement is sent to the employer's contacts for confirmation."),
    )


@require_POST
@policy.require_role(*STAFF)
def agreement_candidate_confirm(request, uuid):
    agreement = policy.get_agreement_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        CandidateConfirmForm(request.POST),
        lambda data: agreement_services.agreement_confirm_by_candidate(agreement=agreement, actor=request.user, **data),
        back_url=_agreement_url(agreement.placement),
        success_message=_("The candidate's confirmation is recorded."),
    )


# --- attendance (staff) ------------------------------------------------------------------------------


def _render_attendance(request, placement, *, status=200, week_form=None):
    dossier_record_view(
        candidate=placement.candidate, actor=request.user, what="placement.attendance_viewed", obj=placement
    )
    add_url = reverse("recruitment:placement_attendance_add", kwargs={"uuid": placement.uuid})
    return render(
        request,
        "recruitment/placements/attendance.html",
        {
            "placement": placement,
            "weeks": selectors.attendance_weeks(placement=placement),
            "totals": selectors.attendance_totals(placement=placement),
            "can_edit": policy.can_edit_placement(request.user, placement),
            "is_open": placement.status in OPEN_PLACEMENT_STATES,
            "Status": AttendanceStatus,
            "week_form": week_form or AttendanceWeekForm(action=add_url),
            "return_form": AttendanceReturnForm(),
        },
        status=status,
    )


@require_GET
@policy.require_role(*STAFF)
def attendance_page(request, uuid):
    return _render_attendance(request, policy.get_placement_for_user(request.user, uuid))


@require_POST
@policy.require_role(*STAFF)
def attendance_add(request, uuid):
    placement = policy.get_placement_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        AttendanceWeekForm(request.POST),
        lambda data: attendance_services.attendance_week_record(placement=placement, actor=request.user, **data),
        success_url=_attendance_url(placement),
        success_message=lambda week: _("Week %(week)s is sent to the employer for approval.") % {"week": week.iso_week},
        template=lambda failed: _render_attendance(request, placement, week_form=failed),
        refused_url=_attendance_url(placement),
    )


@require_http_methods(["GET", "POST"])
@policy.require_role(*STAFF)
def attendance_edit(request, uuid):
    week = policy.get_attendance_week_for_user(request.user, uuid, write=True)
    placement = week.placement
    return form_action(
        request,
        AttendanceWeekEditForm(
            request.POST or None, initial={name: getattr(week, name) for name in WEEK_FIELDS}, version=week.version
        ),
        lambda data: attendance_services.attendance_week_correct(
            week=week, actor=request.user, version=data["version"] or 0, **{n: data[n] for n in WEEK_FIELDS}
        ),
        success_url=_attendance_url(placement),
        success_message=_("The week is saved and sent to the employer for approval."),
        template=FORM,
        context=_form_context(
            placement,
            _("Correct week %(week)s") % {"week": week.iso_week},
            intro=week.correction_comment,
        ),
        refused_url=_attendance_url(placement),
    )


@require_POST
@policy.require_role(*STAFF)
def attendance_return(request, uuid):
    week = policy.get_attendance_week_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        AttendanceReturnForm(request.POST),
        lambda data: attendance_services.attendance_week_return(week=week, actor=request.user, **data),
        back_url=_attendance_url(week.placement),
        success_message=_("The employer is asked to correct the week."),
    )


@require_POST
@policy.require_role(*STAFF)
def attendance_check(request, uuid):
    week = policy.get_attendance_week_for_user(request.user, uuid, write=True)
    return form_post(
        request,
        None,
        lambda data: attendance_services.attendance_week_check(week=week, actor=request.user),
        back_url=_attendance_url(week.placement),
        success_message=_("The week is marked as checked."),
    )


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _export_rows(placement, weeks) -> list[list]:
    header = [
        _("Candidate"),
        _("Employer"),
        _("Week"),
        _("Monday"),
        _("Days present"),
        _("Days absent, sick"),
        _("Days absent, agreed"),
        _("Days absent, other reason"),
        _("Hours worked"),
        _("Approved by"),
        _("Approved at"),
    ]
    rows = [header]
    for week in weeks:
        rows.append(
            [
                placement.candidate.full_name,
                placement.employer.name,
                week.iso_week,
                week.week_start.isoformat(),
                week.days_present,
                week.days_sick,
                week.days_agreed,
                week.days_other,
                week.hours,
                week.decided_by_name,
                timezone.localtime(week.decided_at).strftime("%Y-%m-%d %H:%M") if week.decided_at else "",
            ]
        )
    return rows


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in rows:
        writer.writerow([_safe_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe_cell(value):
    """No spreadsheet formulas from a name (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Attendance")[:31]
    for row in rows:
        sheet.append([_safe_cell(float(v)) if hasattr(v, "as_tuple") else _safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@never_cache
@require_GET
@policy.require_role(*STAFF)
def attendance_export(request, uuid, fmt):
    if fmt not in EXPORT_TYPES:
        raise Http404
    placement = policy.get_placement_for_user(request.user, uuid)
    weeks = selectors.approved_weeks(placement=placement)
    rows = _export_rows(placement, weeks)
    body = _csv(rows) if fmt == "csv" else _xlsx(rows)
    attendance_services.attendance_export_record(placement=placement, actor=request.user, fmt=fmt, weeks=len(weeks))
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="attendance-{placement.uuid}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the employer portal ----------------------------------------------------------------------------


def _render_portal(request, placement, *, status=200, week_form=None):
    dossier_record_view(
        candidate=placement.candidate, actor=request.user, what="placement.viewed_in_portal", obj=placement
    )
    contact = policy.get_portal_contact(request.user)
    may_record = policy.contact_records_attendance(contact, placement)
    add_url = reverse("recruitment:portal_attendance_add", kwargs={"uuid": placement.uuid})
    return render(
        request,
        "recruitment/portal/placement.html",
        {
            "placement": placement,
            "contact": contact,
            "may_answer": policy.contact_answers_for_placement(contact, placement),
            "may_record": may_record,
            "is_open": placement.status in OPEN_PLACEMENT_STATES,
            "state": selectors.agreement_state(placement=placement),
            "weeks": selectors.attendance_weeks(placement=placement),
            "totals": selectors.attendance_totals(placement=placement),
            "week_form": (week_form or PortalAttendanceWeekForm(action=add_url)) if may_record else None,
            "AgreementStatus": AgreementStatus,
            "Status": AttendanceStatus,
        },
        status=status,
    )


@never_cache
@require_GET
@require_role("is_employer_contact")
@require_terms_accepted
def portal_placement(request, uuid):
    return _render_portal(request, policy.get_portal_placement(request.user, uuid))


@require_POST
@require_role("is_employer_contact")
@require_terms_accepted
def portal_attendance_add(request, uuid):
    placement = policy.get_portal_placement(request.user, uuid, record=True)
    contact = policy.get_portal_contact(request.user)
    return form_action(
        request,
        PortalAttendanceWeekForm(request.POST),
        lambda data: attendance_services.attendance_week_record_by_employer(
            placement=placement, contact=contact, **data
        ),
        success_url=_portal_url(placement),
        success_message=lambda week: (
            _("Week %(week)s is saved and approved. The advisor has been told.") % {"week": week.iso_week}
        ),
        template=lambda failed: _render_portal(request, placement, week_form=failed),
        refused_url=_portal_url(placement),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@require_role("is_employer_contact")
@require_terms_accepted
def portal_attendance_correct(request, uuid):
    week = policy.get_portal_attendance_week(request.user, uuid)
    placement = week.placement
    contact = policy.get_portal_contact(request.user)
    if request.method == "GET":
        dossier_record_view(
            candidate=placement.candidate, actor=request.user, what="placement.viewed_in_portal", obj=placement
        )
    return form_action(
        request,
        AttendanceWeekEditForm(
            request.POST or None,
            initial={name: getattr(week, name) for name in WEEK_FIELDS},
            version=week.version,
            submit_label=_("Save and approve the week"),
        ),
        lambda data: attendance_services.attendance_week_correct_by_employer(
            week=week, contact=contact, version=data["version"] or 0, **{n: data[n] for n in WEEK_FIELDS}
        ),
        success_url=_portal_url(placement),
        success_message=_("The week is corrected and approved. The advisor has been told."),
        template="recruitment/portal/attendance_correct.html",
        context={"placement": placement, "week": week},
        refused_url=_portal_url(placement),
    )


@require_POST
@require_role("is_employer_contact")
@require_terms_accepted
def portal_agreement_confirm(request, uuid):
    agreement = policy.get_portal_agreement(request.user, uuid)
    contact = policy.get_portal_contact(request.user)
    return form_post(
        request,
        AgreementConfirmForm(request.POST),
        lambda data: agreement_services.agreement_confirm_by_employer(
            agreement=agreement, contact=contact, seen_hash=data["content_hash"]
        ),
        back_url=_portal_url(agreement.placement),
        success_message=_("You confirmed the expectation agreement, version %(number)s.")
        % {"number": agreement.number},
    )


@require_POST
@require_role("is_employer_contact")
@require_terms_accepted
def portal_agreement_request_changes(request, uuid):
    agreement = policy.get_portal_agreement(request.user, uuid)
    contact = policy.get_portal_contact(request.user)
    return form_post(
        request,
        AgreementChangesForm(request.POST),
        lambda data: agreement_services.agreement_request_changes(
            agreement=agreement, contact=contact, seen_hash=data["content_hash"], comment=data["comment"]
        ),
        back_url=_portal_url(agreement.placement),
        success_message=_(
            "You asked for changes to the agreement. The advisor has been told and will send a new version."
        ),
    )


@require_POST
@require_role("is_employer_contact")
@require_terms_accepted
def portal_attendance_answer(request, uuid):
    week = policy.get_portal_attendance_week(request.user, uuid)
    contact = policy.get_portal_contact(request.user)
    return form_post(
        request,
        AttendanceAnswerForm(request.POST),
        lambda data: attendance_services.attendance_week_answer(
            week=week, contact=contact, approve=data["decision"] == "approve", comment=data["comment"]
        ),
        back_url=_portal_url(week.placement),
        success_message=lambda answered: (
            (
                _("You approved week %(week)s.")
                if answered.status == AttendanceStatus.APPROVED
                else _("You asked for a correction of week %(week)s. The advisor has been told.")
            )
            % {"week": answered.iso_week}
        ),
    )
