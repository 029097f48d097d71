"""Forms for the employer's answers on the candidate list and for scheduling interviews."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm
from recruitment.models import EmployerAnswer, NotRelevantReason

ANSWER_REQUIRED = _("Please choose an answer: to interview, not relevant or hired.")
REASON_REQUIRED = _("Please choose why the candidate is not relevant.")


class EmployerAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=EmployerAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
    )
    reason = forms.ChoiceField(
        label=_("Why not relevant?"),
        required=False,
        choices=[("", "—"), *NotRelevantReason.choices],
        error_messages={"invalid_choice": REASON_REQUIRED},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        if cleaned.get("answer") == EmployerAnswer.NOT_RELEVANT and not cleaned.get("reason"):
            self.add_error("reason", REASON_REQUIRED)
        return cleaned


class InterviewForm(OnceForm, forms.Form):
    date = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Please give the date of the interview."),
            "invalid": _("Please enter a date like 2027-01-15."),
        },
    )
    time = forms.TimeField(
        label=_("Time"),
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Please give the time of the interview."),
            "invalid": _("Please enter a time like 09:30."),
        },
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        initial=60,
        min_value=15,
        max_value=480,
        error_messages={
            "required": _("Please give the duration in minutes."),
            "invalid": _("Please enter a whole number."),
            "min_value": _("An interview lasts at least 15 minutes."),
            "max_value": _("An interview lasts at most 480 minutes."),
        },
    )
    place = forms.CharField(
        label=_("Place"), max_length=300, error_messages={"required": _("Please give the place of the interview.")}
    )
    notes = forms.CharField(
        label=_("Notes for the candidate and the advisor"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirmed = forms.BooleanField(
        label=_("Schedule anyway"),
        required=False,
        help_text=_("Tick to keep a time outside the plan's interview days, on a day off or outside working hours."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save and send the invitation")))

    @classmethod
    def initial_for(cls, interview) -> dict:
        if interview is None:
            return {}
        local = timezone.localtime(interview.starts_at)
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": interview.duration_minutes,
            "place": interview.place,
            "notes": interview.notes,
        }

    def clean(self):
        cleaned = super().clean()
        date, time = cleaned.get("date"), cleaned.get("time")
        if date and time:
            cleaned["starts_at"] = timezone.make_aware(datetime.datetime.combine(date, time))
            if cleaned["starts_at"] <= timezone.now():
                self.add_error("date", _("The interview cannot be in the past."))
        cleaned["place"] = (cleaned.get("place") or "").strip()
        return cleaned
