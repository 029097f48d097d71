"""Attendance per week of a placement: the advisor records it, the employer's contact approves it in the portal
or asks for a correction, the advisor corrects and resubmits, then checks the approved week.
Status moves go through recruitment.services.placement_transitions."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from accounts.notifications import notify
from accounts.policy.placement_records import contact_answers_for_placement, contact_records_attendance
from kamportal.lib.context import current_ip
from kamportal.lib.workdays import is_working_day
from kamportal.workflow import version_claim
from recruitment.models import (
    MAX_WEEK_HOURS,
    OPEN_PLACEMENT_STATES,
    AttendanceStatus,
    AttendanceWeek,
    Contact,
    Placement,
)
from recruitment.services.agreements import portal_contacts
from recruitment.services.placement_transitions import PlacementRecordError, attendance_transition

WEEK_FIELDS = ("days_present", "days_sick", "days_agreed", "days_other", "hours", "comment")
W = AttendanceStatus


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def placement_last_day(placement: Placement) -> datetime.date | None:
    """The last day attendance can be recorded for: the end, else the planned end, else none."""
    return placement.ended_on or placement.planned_end_date


def working_days_in_week(placement: Placement, week_start: datetime.date) -> int:
    """Working days (Monday–Friday, not public holidays) of the week that fall within the placement."""
    last = placement_last_day(placement)
    days = (week_start + datetime.timedelta(days=n) for n in range(5))
    return sum(
        1 for day in days if is_working_day(day) and day >= placement.start_date and (last is None or day <= last)
    )


def _clean(placement: Placement, week_start: datetime.date | None, fields: dict) -> dict:
    values = {name: fields.get(name) for name in WEEK_FIELDS}
    values["comment"] = (values.get("comment") or "").strip()
    errors = {}
    for name in ("days_sick", "days_agreed", "days_other"):
        values[name] = values[name] or 0
    for name in ("days_present", "days_sick", "days_agreed", "days_other"):
        if values[name] is None:
            errors[name] = _("Please give the number of days.")
        elif not 0 <= values[name] <= 5:
            errors[name] = _("A week has at most 5 working days.")
    hours = values["hours"]
    if hours is None:
        errors["hours"] = _("Please give the hours worked.")
    elif not Decimal(0) <= Decimal(hours) <= MAX_WEEK_HOURS:
        errors["hours"] = _("The hours must be between 0 and %(max)s.") % {"max": MAX_WEEK_HOURS}
    elif Decimal(hours) > 0 and values["days_present"] == 0:
        errors["hours"] = _("Hours worked need at least one day present.")
    if week_start is None:
        errors["week_start"] = _("Please give the week.")
    elif week_start > timezone.localdate():
        errors["week_start"] = _("Attendance cannot be recorded for a week that has not started.")
    else:
        last = placement_last_day(placement)
        if week_start + datetime.timedelta(days=6) < placement.start_date or (last is not None and week_start > last):
            errors["week_start"] = _("The week is outside the placement.")
        elif not errors:
            available = working_days_in_week(placement, week_start)
            total = sum(values[n] for n in ("days_present", "days_sick", "days_agreed", "days_other"))
            if total > available:
                errors["days_present"] = _(
                    "Present and absent days add up to %(total)s, but the week has %(available)s working days "
                    "in the placement."
                ) % {"total": total, "available": available}
    if errors:
        raise ValidationError(errors)
    return values


def _portal_page(placement: Placement) -> str:
    return reverse("recruitment:portal_placement", kwargs={"uuid": placement.uuid})


def _staff_page(placement: Placement) -> str:
    return reverse("recruitment:placement_attendance", kwargs={"uuid": placement.uuid})


def _week_create(
    placement: Placement, actor: User, week_start: datetime.date | None, fields: dict, *, by_employer: bool
) -> AttendanceWeek:
    if placement.status not in OPEN_PLACEMENT_STATES:
        raise PlacementRecordError(_("The placement is no longer running, so attendance cannot be added."))
    week_start = monday_of(week_start) if week_start else None
    values = _clean(placement, week_start, fields)
    if AttendanceWeek.objects.filter(placement=placement, week_start=week_start).exists():
        raise ValidationError({"week_start": _("This week is already recorded. Correct it instead.")})
    week = AttendanceWeek(
        placement=placement,
        week_start=week_start,
        submitted_at=timezone.now(),
        created_by=actor,
        entered_by_employer=by_employer,
        **values,
    )
    week.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            week.save()
    except IntegrityError:
        raise ValidationError({"week_start": _("This week is already recorded. Correct it instead.")}) from None
    audit_record(
        actor=actor,
        action="placement.attendance_recorded",
        obj=week,
        candidate_id=placement.candidate_id,
        detail=f"{week.iso_week} employer" if by_employer else week.iso_week,
    )
    return week


def _decided(contact: Contact) -> dict:
    return {
        "decided_at": timezone.now(),
        "decided_by": contact.user,
        "decided_by_name": f"{contact.full_name} <{contact.email}>"[:200],
        "decided_ip": current_ip(),
    }


@transaction.atomic
def attendance_week_record(
    *,
    placement: Placement,
    actor: User,
    week_start: datetime.date | None,
    days_present: int | None,
    hours: Decimal | None,
    days_sick: int | None = 0,
    days_agreed: int | None = 0,
    days_other: int | None = 0,
    comment: str = "",
) -> AttendanceWeek:
    """One week's attendance (any day of the week names it), sent to the employer's contacts for approval."""
    return _week_create(
        placement,
        actor,
        week_start,
        {
            "days_present": days_present,
            "days_sick": days_sick,
            "days_agreed": days_agreed,
            "days_other": days_other,
            "hours": hours,
            "comment": comment,
        },
        by_employer=False,
    )


@transaction.atomic
def attendance_week_record_by_employer(
    *,
    placement: Placement,
    contact: Contact,
    week_start: datetime.date | None,
    days_present: int | None,
    hours: Decimal | None,
    days_sick: int | None = 0,
    days_agreed: int | None = 0,
    days_other: int | None = 0,
    comment: str = "",
) -> AttendanceWeek:
    """The workplace supervisor enters a week in the portal, with the advisor's checks: approved by the employer
    at entry (who, when, IP, through the status table); the advisor is told and checks it."""
    if not contact_records_attendance(contact, placement):
        raise PlacementRecordError(
            _("Only the workplace supervisor or the employer's primary contact can enter attendance.")
        )
    week = _week_create(
        placement,
        contact.user,
        week_start,
        {
            "days_present": days_present,
            "days_sick": days_sick,
            "days_agreed": days_agreed,
            "days_other": days_other,
            "hours": hours,
            "comment": comment,
        },
        by_employer=True,
    )
    attendance_transition(week=week, action="approve_at_entry", actor=contact.user, updates=_decided(contact))
    notify(
        recipients=[placement.candidate.advisor],
        kind="recruitment.attendance_entered_by_employer",
        template="recruitment/emails/attendance_entered",
        context={"placement": placement, "week": week, "contact": contact},
        url=_staff_page(placement),
        about=placement.candidate_id,
    )
    return week


@transaction.atomic
def attendance_week_correct(*, week: AttendanceWeek, actor: User, version: int, **fields) -> AttendanceWeek:
    """Change a week not yet approved; a week sent back for correction goes to the contacts again."""
    unknown = set(fields) - set(WEEK_FIELDS)
    if unknown:
        raise TypeError(f"not attendance fields: {sorted(unknown)}")
    placement = week.placement
    if week.entered_by_employer:
        raise PlacementRecordError(_("The employer entered this week, so the employer corrects it."))
    if week.status not in (W.SUBMITTED, W.CORRECTION_REQUESTED):
        raise PlacementRecordError(_("This week is approved, so it can no longer be changed."))
    values = _clean(placement, week.week_start, {name: fields.get(name, getattr(week, name)) for name in WEEK_FIELDS})
    version_claim(week, version)
    if week.status == W.CORRECTION_REQUESTED:
        attendance_transition(
            week=week, action="resubmit", actor=actor, updates={**values, "submitted_at": timezone.now()}
        )
    else:
        AttendanceWeek.objects.filter(pk=week.pk).update(**values)
        for name, value in values.items():
            setattr(week, name, value)
    audit_record(
        actor=actor,
        action="placement.attendance_corrected",
        obj=week,
        candidate_id=placement.candidate_id,
        detail=week.iso_week,
    )
    return week


@transaction.atomic
def attendance_week_answer(
    *, week: AttendanceWeek, contact: Contact, approve: bool, comment: str = ""
) -> AttendanceWeek:
    """The employer's contact approves the week (name, time, IP) or asks for a correction (with a comment)."""
    placement = week.placement
    if not contact_answers_for_placement(contact, placement):
        raise PlacementRecordError(_("Only the workplace supervisor or the employer's primary contact can answer."))
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Please say what should be corrected.")})
    decided = _decided(contact)
    if approve:
        attendance_transition(week=week, action="approve", actor=contact.user, updates=decided)
    else:
        attendance_transition(
            week=week,
            action="request_correction",
            actor=contact.user,
            comment=comment,
            updates={**decided, "correction_comment": comment},
        )
        notify(
            recipients=[placement.candidate.advisor],
            kind="recruitment.attendance_correction_requested",
            template="recruitment/emails/attendance_correction",
            context={"placement": placement, "week": week, "comment": comment, "contact": contact},
            url=_staff_page(placement),
            about=placement.candidate_id,
        )
    return week


@transaction.atomic
def attendance_week_return(*, week: AttendanceWeek, actor: User, comment: str) -> AttendanceWeek:
    """The advisor asks the employer to correct a week the employer entered (before checking it); the contacts
    who answer for the placement are told through the portal."""
    placement = week.placement
    if not week.entered_by_employer:
        raise PlacementRecordError(_("You entered this week yourself: correct it instead."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Please say what should be corrected.")})
    attendance_transition(
        week=week,
        action="return_to_employer",
        actor=actor,
        comment=comment[:2000],
        updates={"correction_comment": comment},
    )
    notify(
        recipients=portal_contacts(placement),
        kind="recruitment.attendance_returned_to_employer",
        template="recruitment/emails/attendance_returned",
        context={"employer": placement.employer, "week": week.iso_week},
        url=_portal_page(placement),
        about=placement.candidate_id,
    )
    return week


@transaction.atomic
def attendance_week_correct_by_employer(
    *, week: AttendanceWeek, contact: Contact, version: int, **fields
) -> AttendanceWeek:
    """The workplace supervisor corrects a week the advisor returned: approved again at once, the advisor told."""
    unknown = set(fields) - set(WEEK_FIELDS)
    if unknown:
        raise TypeError(f"not attendance fields: {sorted(unknown)}")
    placement = week.placement
    if not contact_records_attendance(contact, placement):
        raise PlacementRecordError(
            _("Only the workplace supervisor or the employer's primary contact can enter attendance.")
        )
    if not week.entered_by_employer or week.status != W.CORRECTION_REQUESTED:
        raise PlacementRecordError(_("This week is not waiting for your correction."))
    values = _clean(placement, week.week_start, {name: fields.get(name, getattr(week, name)) for name in WEEK_FIELDS})
    version_claim(week, version)
    attendance_transition(
        week=week, action="employer_correct", actor=contact.user, updates={**values, **_decided(contact)}
    )
    notify(
        recipients=[placement.candidate.advisor],
        kind="recruitment.attendance_corrected_by_employer",
        template="recruitment/emails/attendance_employer_corrected",
        context={"placement": placement, "week": week},
        url=_staff_page(placement),
        about=placement.candidate_id,
    )
    return week


@transaction.atomic
def attendance_week_check(*, week: AttendanceWeek, actor: User) -> AttendanceWeek:
    """The advisor has checked the approved week against what they know (the last step)."""
    attendance_transition(
        week=week, action="check", actor=actor, updates={"checked_at": timezone.now(), "checked_by": actor}
    )
    return week


def attendance_export_record(*, placement: Placement, actor: User, fmt: str, weeks: int) -> None:
    """The audit row of an export of approved weeks (payroll or benefits reporting)."""
    audit_record(
        actor=actor,
        action="placement.attendance_exported",
        obj=placement,
        candidate_id=placement.candidate_id,
        detail=f"{fmt} {weeks} weeks",
    )
