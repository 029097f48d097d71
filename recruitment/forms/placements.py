"""Forms for placements: the details, hiring and the end (agreement and follow-ups: placement_records)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm, VersionedForm
from recruitment.models import Contact, EmploymentKind, PlacementEndReason

from .recruitments import DATE_FORMATS, DATE_INVALID


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def _date(label, *, required=True, required_message=None, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={"required": required_message or _("Please give the date."), "invalid": DATE_INVALID},
    )


def _text(label, *, required=True, required_message=None, rows=3, max_length=6000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message or _("Please fill in this field.")},
    )


class PlacementForm(VersionedForm, OnceForm, forms.Form):
    start_date = _date(_("Start date"), required_message=_("Please give the start date."))
    planned_end_date = _date(_("Planned end of the placement"), required=False)
    workplace_contact_name = forms.CharField(
        label=_("Contact at the workplace"),
        max_length=200,
        error_messages={"required": _("Please give the name of the contact at the workplace.")},
    )
    workplace_contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    workplace_contact_email = forms.EmailField(
        label=_("E-mail"), required=False, error_messages={"invalid": _("Please enter a valid e-mail address.")}
    )
    follow_up_every_days = forms.IntegerField(
        label=_("Follow-up every (days)"),
        initial=14,
        min_value=1,
        max_value=180,
        help_text=_("The advisor is reminded when a follow-up is due."),
        error_messages={
            "required": _("Follow up every 1 to 180 days."),
            "invalid": _("Please enter a whole number."),
            "min_value": _("Follow up every 1 to 180 days."),
            "max_value": _("Follow up every 1 to 180 days."),
        },
    )

    workplace_supervisor = forms.ModelChoiceField(
        label=_("Workplace supervisor (arbeidsplassveileder)"),
        queryset=Contact.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label=_("None named: every portal contact of the employer answers"),
        help_text=_(
            "One of the employer's contacts. When named, only the supervisor and the employer's primary contact "
            "confirm the agreement and approve attendance in the portal, and the supervisor can enter attendance."
        ),
        error_messages={"invalid_choice": _("The workplace supervisor must be one of this employer's contacts.")},
    )

    def __init__(self, *args, submit_label=None, employer=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employer is not None:
            self.fields["workplace_supervisor"].queryset = Contact.objects.filter(employer=employer).order_by(
                "-is_primary", "full_name", "pk"
            )
        self.order_fields(["start_date", "planned_end_date", "workplace_supervisor"])
        self.helper = _helper(submit_label or _("Save the placement"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("planned_end_date")
        if start and end and end < start:
            self.add_error("planned_end_date", _("The planned end cannot be before the start."))
        return cleaned


class HireForm(OnceForm, forms.Form):
    hired_on = _date(_("Hired on"), required_message=_("Please give the date of the hiring."))
    employment_kind = forms.ChoiceField(
        label=_("Kind of employment"),
        choices=EmploymentKind.choices,
        error_messages={
            "required": _("Please choose the kind of employment."),
            "invalid_choice": _("Please choose the kind of employment."),
        },
    )


class HireCorrectionForm(VersionedForm, forms.Form):
    """Correct a registered hiring: its date or kind of employment."""

    hired_on = _date(_("Hired on"), required_message=_("Please give the date of the hiring."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employment_kind"] = forms.ChoiceField(
            label=_("Kind of employment"),
            choices=EmploymentKind.choices,
            error_messages={
                "required": _("Please choose the kind of employment."),
                "invalid_choice": _("Please choose the kind of employment."),
            },
        )
        self.helper = _helper(_("Save the correction"))


class EndForm(OnceForm, forms.Form):
    ended_on = _date(_("Ended on"), required_message=_("Please give the date the placement ended."))
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=PlacementEndReason.choices,
        error_messages={
            "required": _("Please choose why the placement ended."),
            "invalid_choice": _("Please choose why the placement ended."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        if cleaned.get("reason") == PlacementEndReason.OTHER and not cleaned["comment"]:
            self.add_error("comment", _("Please describe the reason."))
        return cleaned
