"""Forms for recruitments: the progress plan, coordination requests and answers, proposals, the list."""

import datetime
import re
import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm, VersionedForm
from kamportal.lib.workdays import default_cv_deadline
from recruitment.models import Contact, Recruitment

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_INVALID = _("Please enter a date like 2027-01-15.")
WEEK_RE = re.compile(r"^\s*(?:(\d{4})\s*-?\s*W\s*|(?:uke|week)?\s*)(\d{1,2})\s*(?:/\s*(\d{4}))?\s*$", re.IGNORECASE)


def _helper(label, name="submit") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(name, label))
    return helper


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_iso_week(value: str, *, today: datetime.date) -> datetime.date:
    """'2027-W05', '5', 'uke 5' or '5/2027' → the Monday of that ISO week (a bare number: the next such week)."""
    match = WEEK_RE.match(value or "")
    if not match:
        raise ValueError(value)
    year = int(match.group(1) or match.group(3) or 0)
    week = int(match.group(2))
    if year:
        return datetime.date.fromisocalendar(year, week, 1)
    this_year, this_week, _ = today.isocalendar()
    year = this_year if week >= this_week else this_year + 1
    return datetime.date.fromisocalendar(year, week, 1)


class IsoWeekField(forms.Field):
    """An ISO week typed as 5, 'uke 5' or 2027-W05; cleans to the Monday of that week."""

    default_error_messages = {"invalid": _("Please enter a week number, for example 5 or 2027-W05.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "2027-W05", "maxlength": "20"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            year, week, _ = value.isocalendar()
            return f"{year}-W{week:02d}"
        return value

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if not value:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_iso_week(value, today=timezone.localdate())
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


PLAN_ERRORS = {
    "cv_deadline": {"required": _("Please set the deadline for CVs."), "invalid": DATE_INVALID},
    "interview_date": {"invalid": DATE_INVALID},
    "delivery_mode": {"required": _("Please choose how the candidates are delivered.")},
    "approximate_start": {"invalid": DATE_INVALID},
    "openings": {
        "required": _("Please enter the number of openings."),
        "invalid": _("Please enter a whole number."),
        "min_value": _("There must be at least one opening."),
        "max_value": _("Please enter at most 500 openings."),
    },
    "candidates_wanted": {
        "required": _("Please enter how many candidates the employer wants to interview."),
        "invalid": _("Please enter a whole number."),
        "min_value": _("Please enter at least 1."),
        "max_value": _("Please enter at most 100."),
    },
}


class ProgressPlanForm(VersionedForm, OnceForm, forms.ModelForm):
    interview_week = IsoWeekField(
        label=_("Interview week"), required=False, help_text=_("ISO week number, for example 5 or 2027-W05.")
    )

    class Meta:
        model = Recruitment
        fields = [
            "openings",
            "cv_deadline",
            "interview_week",
            "interview_date",
            "approximate_start",
            "candidates_wanted",
            "delivery_mode",
        ]
        widgets = {
            "cv_deadline": _date_widget(),
            "interview_date": _date_widget(),
            "approximate_start": _date_widget(),
            "delivery_mode": forms.RadioSelect,
        }
        help_texts = {
            "cv_deadline": _("Default: 10 working days from today, weekends and public holidays excluded."),
            "interview_date": _("If the day is already agreed; otherwise give the week."),
        }
        error_messages = PLAN_ERRORS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("cv_deadline", "interview_date", "approximate_start"):
            self.fields[name].input_formats = DATE_FORMATS
        self.helper = _helper(_("Save the progress plan"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("interview_week") and not cleaned.get("interview_date") and not self.errors:
            self.add_error("interview_week", _("Give the interview week or the interview date."))
        return cleaned


class RecruitmentCreateForm(ProgressPlanForm):
    position = forms.ModelChoiceField(
        label=_("Position"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Please choose a position of an approved mapping form."),
            "invalid_choice": _("Please choose a position of an approved mapping form."),
        },
    )

    field_order = ["position"]

    def __init__(self, *args, positions, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("cv_deadline", default_cv_deadline(timezone.localdate()))
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions
        self.fields["position"].label_from_instance = lambda p: (
            f"{p.title} – {p.version.title} v{p.version.number} ({p.places})"
        )
        self.order_fields(["position", *self.Meta.fields])
        self.helper = _helper(_("Create the recruitment"))


class CoordinationRequestForm(OnceForm, forms.Form):
    kams = forms.ModelMultipleChoiceField(
        label=_("Ask these KAMs"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one KAM to ask.")},
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The request carries the mapping form, the position and the deadline."),
    )

    def __init__(self, *args, kams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kams"].queryset = kams
        self.fields["kams"].label_from_instance = lambda u: f"{u.full_name} ({u.provider.name})"
        self.helper = _helper(_("Send the requests"))


class RequestAnswerForm(OnceForm, forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            ("accept", _("Accept: we look for candidates")),
            ("no_candidates", _("No suitable candidates")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose an answer."), "invalid_choice": _("Please choose an answer.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline or have no suitable candidates."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send the answer"))

    def clean(self):
        cleaned = super().clean()
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        if cleaned.get("answer") in ("decline", "no_candidates") and not cleaned["comment"]:
            self.add_error("comment", _("Please give the coordinating KAM a short reason."))
        return cleaned


class ProposalForm(OnceForm, forms.Form):
    candidate = forms.ModelChoiceField(
        label=_("Candidate"),
        queryset=None,
        error_messages={
            "required": _("Please choose a candidate."),
            "invalid_choice": _("Please choose one of your provider's candidates who is not proposed yet."),
        },
    )
    suitability = forms.CharField(
        label=_("Suitability for this job"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe how the candidate suits this job.")},
    )
    advisor_comments = forms.CharField(
        label=_("The advisor's comments"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates
        self.helper = _helper(_("Propose the candidate"))

    def clean_suitability(self):
        value = self.cleaned_data["suitability"].strip()
        if not value:
            raise forms.ValidationError(_("Describe how the candidate suits this job."))
        return value


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("shortlist", _("Shortlist")), ("not_shortlist", _("Not shortlisted"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a decision."), "invalid_choice": _("Please choose a decision.")},
    )
    feedback = forms.CharField(
        label=_("Feedback to the advisor"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["feedback"] = (cleaned.get("feedback") or "").strip()
        if cleaned.get("decision") == "not_shortlist" and not cleaned["feedback"]:
            self.add_error("feedback", _("Please write feedback for the advisor: why not this candidate?"))
        return cleaned


class SelectedProposalsField(forms.Field):
    """The UUIDs of the proposals ticked on the board (any number of checkboxes of one name)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Please select at least one proposal."),
        "invalid": _("The selection is not valid. Reload the board and select again."),
    }

    def to_python(self, value):
        if not value:
            return []
        try:
            return [uuid.UUID(str(item)) for item in value]
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class BulkDecisionForm(OnceForm, DecisionForm):
    """The board's bulk decision: the same decision and feedback as one proposal's, for the selected ones."""

    proposals = SelectedProposalsField(label=_("Selected proposals"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = _("Please choose: shortlist or reject the selected.")
        self.fields["decision"].error_messages["invalid_choice"] = _("Please choose: shortlist or reject the selected.")


class _ContactMessageForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Send to"),
        queryset=Contact.objects.none(),
        empty_label=None,
        error_messages={"required": _("Please choose a contact."), "invalid_choice": _("Please choose a contact.")},
    )

    def __init__(self, *args, employer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = (
            Contact.objects.current().filter(employer=employer).order_by("-is_primary", "full_name")
        )
        self.fields["contact"].label_from_instance = lambda c: f"{c.full_name} <{c.email}>"


class SendListForm(OnceForm, _ContactMessageForm):
    message = forms.CharField(
        label=_("Message"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send the list to the employer"))


class StatusUpdateForm(OnceForm, _ContactMessageForm):
    message = forms.CharField(
        label=_("Message"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Please write the message to the employer.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send the status update"))


class CloseForm(OnceForm, forms.Form):
    action = forms.ChoiceField(
        label=_("How does the recruitment end?"),
        choices=[("close_unfilled", _("Closed without a hire")), ("cancel", _("Cancelled"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how the recruitment ends.")},
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Close the recruitment"))

    def clean(self):
        cleaned = super().clean()
        cleaned["reason"] = (cleaned.get("reason") or "").strip()
        if cleaned.get("action") == "close_unfilled" and not cleaned["reason"]:
            self.add_error("reason", _("Please give the reason the recruitment closes without a hire."))
        return cleaned


class CloseUnansweredForm(OnceForm, forms.Form):
    feedback = forms.CharField(
        label=_("Feedback to the advisors"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to each unanswered candidate's advisor and supplying KAM."),
        error_messages={"required": _("Please write the feedback the candidates' advisors get.")},
    )
