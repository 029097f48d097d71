"""Forms for a placement's expectation agreement (points, sending, confirmations), follow-up ratings and
attendance weeks (recording, correcting, the contact's answer)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm, VersionedForm
from recruitment.models import MAX_WEEK_HOURS, PointRating

from .placements import _date, _text


def _helper(label, action: str | None = None) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    if action is not None:
        helper.form_action = action
    return helper


class _PointFields(forms.Form):
    title = forms.CharField(
        label=_("Point"),
        max_length=200,
        help_text=_("For example: punctuality, tasks, training, working hours."),
        error_messages={"required": _("Please name the point.")},
    )
    employer_expects = _text(_("What the employer expects"), required=False)
    provider_expects = _text(_("What the provider expects and offers"), required=False)
    candidate_expects = _text(_("What the candidate expects"), required=False)
    follow_up = _text(_("How it is followed up"), required_message=_("Please write how the point is followed up."))

    def clean(self):
        cleaned = super().clean()
        expects = ("employer_expects", "provider_expects", "candidate_expects")
        if not any((cleaned.get(name) or "").strip() for name in expects) and "employer_expects" not in self.errors:
            self.add_error("employer_expects", _("Please write what at least one of the parties expects."))
        return cleaned


class AgreementPointForm(OnceForm, _PointFields):
    def __init__(self, *args, action: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add the point"), action)


class AgreementPointEditForm(VersionedForm, _PointFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the point"))


class AgreementSendForm(forms.Form):
    agreed_on = _date(_("Agreed on"), required_message=_("Please give the date of the agreement."))


class CandidateConfirmForm(forms.Form):
    confirmed_on = _date(
        _("The candidate confirmed on"), required_message=_("Please give the day the candidate confirmed.")
    )


class AgreementConfirmForm(forms.Form):
    """The contact confirms the version they read: the fingerprint shown travels with the answer."""

    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)


class AgreementChangesForm(forms.Form):
    """The contact asks for changes to the version they read (its fingerprint travels with the request)."""

    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    comment = forms.CharField(
        label=_("What should be changed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please say what should be changed in the agreement.")},
    )

    def clean_comment(self):
        comment = (self.cleaned_data.get("comment") or "").strip()
        if not comment:
            raise forms.ValidationError(_("Please say what should be changed in the agreement."))
        return comment


class FollowUpForm(OnceForm, forms.Form):
    """A follow-up meeting: the note and, for each point of the agreement in force, how it goes."""

    occurred_on = _date(_("Date of the follow-up"), required_message=_("Please give the date of the follow-up."))
    text = _text(_("Note"), required_message=_("Please write the note."), rows=4)

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.points = list(points)
        for point in self.points:
            self.fields[f"rating_{point.uuid}"] = forms.ChoiceField(
                label=_("How does “%(point)s” go?") % {"point": point.title},
                choices=[("", "—"), *PointRating.choices],
                error_messages={
                    "required": _("Please say how “%(point)s” goes.") % {"point": point.title},
                    "invalid_choice": _("Please say how “%(point)s” goes.") % {"point": point.title},
                },
            )
            self.fields[f"comment_{point.uuid}"] = forms.CharField(
                label=_("Note on “%(point)s”") % {"point": point.title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.helper = _helper(_("Add the note"))
        self.helper.form_action = ""

    def service_data(self, data: dict) -> dict:
        """The cleaned data as the service takes it: the ratings gathered per point."""
        assessments = {
            str(point.uuid): (data.pop(f"rating_{point.uuid}", ""), data.pop(f"comment_{point.uuid}", ""))
            for point in self.points
        }
        return {**data, "assessments": assessments}


def _days(label, *, required=False):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=5,
        initial=0,
        error_messages={
            "required": _("Please give the number of days."),
            "invalid": _("Please enter a whole number."),
            "min_value": _("A week has at most 5 working days."),
            "max_value": _("A week has at most 5 working days."),
        },
    )


class _WeekFields(forms.Form):
    days_present = _days(_("Days present"), required=True)
    days_sick = _days(_("Days absent, sick"))
    days_agreed = _days(_("Days absent, agreed"))
    days_other = _days(_("Days absent, other reason"))
    hours = forms.DecimalField(
        label=_("Hours worked"),
        min_value=0,
        max_value=MAX_WEEK_HOURS,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": _("Please give the hours worked."),
            "invalid": _("Please enter a number of hours, such as 37.5."),
            "min_value": _("The hours must be between 0 and %(max)s.") % {"max": MAX_WEEK_HOURS},
            "max_value": _("The hours must be between 0 and %(max)s.") % {"max": MAX_WEEK_HOURS},
            "max_digits": _("The hours must be between 0 and %(max)s.") % {"max": MAX_WEEK_HOURS},
            "max_decimal_places": _("Give the hours with at most one decimal."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("days_sick", "days_agreed", "days_other"):
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        return cleaned


class AttendanceWeekForm(OnceForm, _WeekFields):
    week_start = _date(
        _("Week"),
        required_message=_("Please give the week."),
        help_text=_("Any day of the week; the week runs Monday to Friday."),
    )
    field_order = ["week_start"]

    def __init__(self, *args, action: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["week_start", *_WeekFields.base_fields])
        self.helper = _helper(_("Send for approval"), action)


class AttendanceWeekEditForm(VersionedForm, _WeekFields):
    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label or _("Save and send for approval"))


class PortalAttendanceWeekForm(AttendanceWeekForm):
    """The workplace supervisor's week in the portal: the advisor's fields and checks, approved at entry."""

    def __init__(self, *args, action: str | None = None, **kwargs):
        super().__init__(*args, action=action, **kwargs)
        self.helper = _helper(_("Save and approve the week"), action)


class AttendanceReturnForm(forms.Form):
    """The advisor asks the employer to correct a week the employer entered."""

    comment = forms.CharField(
        label=_("What should the employer correct"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please say what should be corrected.")},
    )

    def clean_comment(self):
        comment = (self.cleaned_data.get("comment") or "").strip()
        if not comment:
            raise forms.ValidationError(_("Please say what should be corrected."))
        return comment


class AttendanceAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("correct", _("Ask for a correction"))],
        error_messages={"required": _("Please choose an answer."), "invalid_choice": _("Please choose an answer.")},
    )
    comment = forms.CharField(
        label=_("What should be corrected"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        if cleaned.get("decision") == "correct" and not cleaned["comment"]:
            self.add_error("comment", _("Please say what should be corrected."))
        return cleaned
