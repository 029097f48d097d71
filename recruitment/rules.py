"""The one set of date and value rules of the workflow; the services call them, the forms show their errors.

Each check raises a `ValidationError` keyed by the field it concerns (a form shows it under that field, or on
top when the form has no such field) and returns quietly when the value is fine. A soft rule (an interview
outside the plan's week, on a weekend or public holiday, or outside working hours) is refused with the code
`CONFIRM_CODE` unless the caller passes `confirmed=True`: the form then offers a "schedule anyway" box.
"""

import datetime

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from kamportal.lib.workdays import is_working_day

# A long free text (notes, assessments, comments) is at most this many characters.
LONG_TEXT_MAX = 5000
# A placement's start or a hiring more than this many days back is a typing error (a wrong year).
FAR_PAST_DAYS = 366
# Interviews take place between these times on a working day, unless the user confirms otherwise.
WORKING_HOURS = (datetime.time(8, 0), datetime.time(17, 0))
CONFIRM_CODE = "confirm"


def _d(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- the progress plan -----------------------------------------------------------------------------


def interview_days(*, interview_date: datetime.date | None, interview_week: datetime.date | None):
    """The first and last day the plan allows interviews on (None, None without a plan)."""
    if interview_date is not None:
        return interview_date, interview_date
    if interview_week is not None:
        monday = interview_week - datetime.timedelta(days=interview_week.weekday())
        return monday, monday + datetime.timedelta(days=6)
    return None, None


def plan_check(fields: dict, *, today: datetime.date, check_deadline: bool = True) -> None:
    """The progress plan: deadline on a working day and not past, interviews after it, start after them,
    at least as many to interview as there are openings. `check_deadline=False` for an unchanged deadline,
    which may have passed since it was set."""
    errors = {}
    deadline = fields.get("cv_deadline")
    if deadline and check_deadline:
        if deadline < today:
            errors["cv_deadline"] = _("The deadline for CVs cannot be in the past.")
        elif not is_working_day(deadline):
            errors["cv_deadline"] = _(
                "The deadline for CVs (%(date)s) is not a working day (a weekend or a public holiday). "
                "Choose a working day."
            ) % {"date": _d(deadline)}
    interview_date, interview_week = fields.get("interview_date"), fields.get("interview_week")
    if interview_week is not None:
        interview_week = interview_week - datetime.timedelta(days=interview_week.weekday())
    if interview_date is not None:
        if deadline and interview_date <= deadline:
            errors["interview_date"] = _("The interviews must be after the deadline for CVs (%(date)s).") % {
                "date": _d(deadline)
            }
        elif not is_working_day(interview_date):
            errors["interview_date"] = _(
                "The interview date (%(date)s) is not a working day (a weekend or a public holiday)."
            ) % {"date": _d(interview_date)}
        elif interview_week is not None and not (
            interview_week <= interview_date < interview_week + datetime.timedelta(days=7)
        ):
            errors["interview_date"] = _("The interview date must lie in the interview week.")
    if interview_week is not None and deadline and interview_week + datetime.timedelta(days=4) <= deadline:
        errors["interview_week"] = _("The interview week must end after the deadline for CVs (%(date)s).") % {
            "date": _d(deadline)
        }
    start = fields.get("approximate_start")
    if start:
        last = interview_date or (interview_week + datetime.timedelta(days=4) if interview_week else None)
        if last is not None and start <= last:
            errors["approximate_start"] = _("The start must be after the interviews.")
        elif deadline and start <= deadline:
            errors["approximate_start"] = _("The start must be after the deadline for CVs.")
    openings, wanted = fields.get("openings"), fields.get("candidates_wanted")
    if openings and wanted and wanted < openings:
        errors["candidates_wanted"] = _(
            "Interview at least as many candidates as there are openings (%(openings)s)."
        ) % {"openings": openings}
    _raise(errors)


# --- interviews ------------------------------------------------------------------------------------


def interview_check(*, recruitment, starts_at: datetime.datetime, duration_minutes: int, confirmed: bool) -> None:
    """An interview after the deadline for CVs (always); in the plan's window, on a working day and in working
    hours unless `confirmed`."""
    local = timezone.localtime(starts_at)
    day = local.date()
    if recruitment.cv_deadline and day <= recruitment.cv_deadline:
        raise ValidationError(
            {
                "starts_at": _("The interview must be after the deadline for CVs (%(date)s).")
                % {"date": _d(recruitment.cv_deadline)}
            }
        )
    if confirmed:
        return
    problems = []
    first, last = interview_days(interview_date=recruitment.interview_date, interview_week=recruitment.interview_week)
    if first is not None and not first <= day <= last:
        if first == last:
            problems.append(_("the plan says the interviews are on %(date)s") % {"date": _d(first)})
        else:
            problems.append(
                _("the plan says the interviews are between %(first)s and %(last)s")
                % {"first": _d(first), "last": _d(last)}
            )
    if not is_working_day(day):
        problems.append(_("%(date)s is not a working day") % {"date": _d(day)})
    ends = local + datetime.timedelta(minutes=duration_minutes or 0)
    if local.time() < WORKING_HOURS[0] or ends.date() != day or ends.time() > WORKING_HOURS[1]:
        problems.append(
            _("it is outside working hours (%(from)s–%(to)s)")
            % {"from": WORKING_HOURS[0].strftime("%H:%M"), "to": WORKING_HOURS[1].strftime("%H:%M")}
        )
    if problems:
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("Check the time: %(problems)s. Tick “Schedule anyway” if it is right.")
                    % {"problems": "; ".join(str(p) for p in problems)},
                    code=CONFIRM_CODE,
                )
            }
        )


# --- placements and hiring -------------------------------------------------------------------------


def placement_dates_check(
    *,
    start_date: datetime.date | None,
    today: datetime.date,
    interview_day: datetime.date | None = None,
    check_far_past: bool = True,
) -> None:
    """A placement starts on or after the interview, and not more than a year back (a wrong year)."""
    if start_date is None:
        return
    if check_far_past and start_date < today - datetime.timedelta(days=FAR_PAST_DAYS):
        raise ValidationError(
            {
                "start_date": _("The start date %(date)s is more than a year ago. Check the year.")
                % {"date": _d(start_date)}
            }
        )
    if interview_day is not None and start_date < interview_day:
        raise ValidationError(
            {
                "start_date": _("The placement cannot start before the interview (%(date)s).")
                % {"date": _d(interview_day)}
            }
        )


def placement_start_check(*, start_date: datetime.date, today: datetime.date) -> None:
    if today < start_date:
        raise ValidationError(
            _("The placement starts on %(date)s; mark it as started on that day or later.") % {"date": _d(start_date)}
        )


def hire_check(*, hired_on: datetime.date | None, start_date: datetime.date, today: datetime.date) -> None:
    """A hiring is dated, not in the future, not before the placement's start and not in the far past."""
    if hired_on is None:
        raise ValidationError({"hired_on": _("Please give the date of the hiring.")})
    if hired_on > today:
        raise ValidationError({"hired_on": _("The hiring cannot be dated in the future.")})
    if hired_on < start_date:
        raise ValidationError(
            {
                "hired_on": _("The hiring (%(hired)s) cannot be before the placement started (%(start)s).")
                % {"hired": _d(hired_on), "start": _d(start_date)}
            }
        )
    if hired_on < today - datetime.timedelta(days=FAR_PAST_DAYS):
        raise ValidationError(
            {
                "hired_on": _("The hiring date %(date)s is more than a year ago. Check the year.")
                % {"date": _d(hired_on)}
            }
        )


# --- the contact log --------------------------------------------------------------------------------


def held_check(*, occurred_on: datetime.date | None, planned: bool, today: datetime.date) -> None:
    """A meeting, visit or call is "held" only on or before today; a later one is planned."""
    if occurred_on is not None and not planned and occurred_on > today:
        raise ValidationError(
            {
                "occurred_on": _(
                    "A contact on %(date)s has not taken place yet: mark it as planned, or give the day it was held."
                )
                % {"date": _d(occurred_on)}
            }
        )


# --- values ------------------------------------------------------------------------------------------


def phone_clean(value: str | None, *, field: str = "phone") -> str:
    """A Norwegian (8 digits, +47 optional) or international (+ and the country code) number, written in the
    international format; empty stays empty."""
    value = str(value or "").strip()
    if not value:
        return ""
    message = _(
        "“%(value)s” is not a phone number. Write a Norwegian number (8 digits) or an international number "
        "starting with + and the country code."
    ) % {"value": value[:60]}
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        raise ValidationError({field: message}) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError({field: message})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def text_limit_for(field) -> int | None:
    """The longest value a text or char model field accepts (TextFields without a max_length: LONG_TEXT_MAX)."""
    from django.db import models

    if isinstance(field, models.TextField):
        return field.max_length or LONG_TEXT_MAX
    if isinstance(field, models.CharField) and not field.choices:
        return field.max_length
    return None


def text_lengths_check(instance, *, exclude: frozenset = frozenset()) -> None:
    """Every free-text field of `instance` within its maximum (the database does not enforce it on SQLite,
    and TextFields have none)."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        limit = text_limit_for(field)
        value = getattr(instance, field.attname, None)
        if limit and isinstance(value, str) and len(value) > limit:
            errors[field.name] = _("At most %(limit)s characters (this has %(count)s).") % {
                "limit": limit,
                "count": len(value),
            }
    _raise(errors)


# Models whose text is written by the system, not typed (the timeline copies typed text into its comments).
_SYSTEM_TEXT_MODELS = frozenset({"recruitment.recruitmentevent"})


def text_lengths_guard(sender, instance, raw=False, **kwargs) -> None:
    """pre_save for the recruitment and candidates models: no typed text beyond its maximum is saved, whichever
    service saves it."""
    if raw or sender._meta.label_lower in _SYSTEM_TEXT_MODELS:
        return
    text_lengths_check(instance)
