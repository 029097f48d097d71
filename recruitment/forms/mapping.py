"""Forms for mapping forms: the form's needs, one position, sending, and the contact's answer."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm, VersionedForm
from recruitment.models import Contact, MappingFormVersion, MappingPosition


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def _stripped(value: str) -> str:
    return (value or "").strip()


class MappingVersionForm(VersionedForm, OnceForm, forms.ModelForm):
    version_attr = "edit_version"

    class Meta:
        model = MappingFormVersion
        fields = ["title", "short_term_needs", "long_term_needs", "qualification_cooperation"]
        widgets = {
            "short_term_needs": forms.Textarea(attrs={"rows": 3}),
            "long_term_needs": forms.Textarea(attrs={"rows": 3}),
            "qualification_cooperation": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "short_term_needs": _("Positions and places the employer needs to fill in the coming months."),
            "long_term_needs": _("Needs over the next years: growth, retirements, new skills."),
            "qualification_cooperation": _(
                "How the employer and the provider cooperate on qualifying candidates in the long term."
            ),
        }
        error_messages = {"title": {"required": _("Please give the mapping form a title.")}}
        labels = {"title": _("Name of the mapping form")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _("What the employer and you call this mapping, for example its season.")
        self.helper = _helper(_("Save"))

    def clean_title(self):
        title = _stripped(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("Please give the mapping form a title."))
        return title


class MappingPositionForm(VersionedForm, OnceForm, forms.ModelForm):
    version_attr = "edit_version"

    class Meta:
        model = MappingPosition
        fields = [
            "title",
            "kind",
            "places",
            "tasks",
            "qualifications",
            "language_requirements",
            "driving_licence",
            "physical_demands",
            "working_hours",
            "location",
            "earliest_start",
            "permanent_possible",
            "adaptations",
            "site_contact",
        ]
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "qualifications": forms.Textarea(attrs={"rows": 2}),
            "physical_demands": forms.Textarea(attrs={"rows": 2}),
            "adaptations": forms.Textarea(attrs={"rows": 2}),
            "earliest_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "title": {"required": _("Please enter the title of the position.")},
            "kind": {"required": _("Please choose the kind of position.")},
            "tasks": {"required": _("Please describe the tasks.")},
            "places": {
                "required": _("Please enter the number of places."),
                "invalid": _("Please enter a whole number."),
                "min_value": _("There must be at least one place."),
                "max_value": _("Please enter at most 500 places."),
            },
            "earliest_start": {"invalid": _("Please enter a date like 2027-01-15.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earliest_start"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        self.helper = _helper(_("Save position"))

    def clean_title(self):
        title = _stripped(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("Please enter the title of the position."))
        return title

    def clean_tasks(self):
        tasks = _stripped(self.cleaned_data["tasks"])
        if not tasks:
            raise forms.ValidationError(_("Please describe the tasks."))
        return tasks


class SendForApprovalForm(OnceForm, forms.Form):
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
        self.helper = _helper(_("Send for approval"))


class ApprovalAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("changes", _("Ask for changes"))],
        error_messages={"required": _("Please choose an answer."), "invalid_choice": _("Please choose an answer.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you ask for changes: say what should be changed."),
    )

    def clean_comment(self):
        return _stripped(self.cleaned_data.get("comment"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "changes" and not cleaned.get("comment"):
            self.add_error("comment", _("Please say what should be changed."))
        return cleaned
