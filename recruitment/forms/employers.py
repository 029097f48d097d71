"""Forms for employers and their contacts: they validate and normalise, services save."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm, VersionedForm
from kamportal.lib.orgnr import normalise_org_number
from recruitment.models import (
    Contact,
    Employer,
    ProspectStage,
    Sector,
    SizeBand,
    Tier,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Form:
    """Crispy helper without its own <form> tag: templates write the tag, csrf and buttons."""

    def _helper(self):
        helper = FormHelper()
        helper.form_tag = False
        return helper


class EmployerForm(VersionedForm, OnceForm, _Form, forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Employer
        fields = [
            "name",
            "org_number",
            "is_member",
            "sector",
            "size_band",
            "address",
            "postal_code",
            "postal_place",
            "municipality",
            "website",
            "agreement_signed_on",
        ]
        widgets = {"agreement_signed_on": DATE}
        help_texts = {"org_number": _("9 digits, as in the Brønnøysund Register Centre.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        org = self.fields["org_number"]
        org.max_length = 15  # people type "974 760 673"; the model checks the 9 digits after cleaning
        org.validators = [v for v in org.validators if not isinstance(v, MaxLengthValidator)]
        self.fields["org_number"].widget.attrs["maxlength"] = 15
        self.fields["org_number"].widget.attrs["inputmode"] = "numeric"
        self.helper = self._helper()

    def clean_org_number(self):
        return normalise_org_number(self.cleaned_data["org_number"])

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if code and (len(code) != 4 or not code.isdigit()):
            raise forms.ValidationError(_("A postal code has 4 digits."))
        return code


class ContactForm(VersionedForm, OnceForm, _Form, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["full_name", "title", "email", "phone", "is_primary"]

    def __init__(self, *args, employer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.employer = employer
        self.helper = self._helper()

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        others = self.employer.contacts.exclude(pk=self.instance.pk) if self.employer else None
        if others is not None and others.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("This employer already has a contact with this e-mail address."))
        return email


class ReassignForm(OnceForm, _Form, forms.Form):
    kam = forms.ModelChoiceField(label=_("New KAM"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, kams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kam"].queryset = kams
        # The options read once, in one query: left lazy, the page's loop over them counted them first and then
        # read them through a server-side cursor (two queries and a cursor's round trips per page).
        if kams is not None:
            field = self.fields["kam"]
            options = field.iterator(field)
            field.choices = [("", field.empty_label), *(options.choice(kam) for kam in kams)]
        self.helper = self._helper()


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or organisation number"), required=False)
    tier = forms.ChoiceField(
        label=_("Tier"), required=False, choices=[("", _("All")), *Tier.choices, ("none", _("Not assessed"))]
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All")), *Sector.choices])
    kam = forms.ModelChoiceField(label=_("KAM"), required=False, queryset=None, empty_label=_("All"))
    no_meeting = forms.BooleanField(label=_("No meeting this quarter"), required=False)
    stage = forms.ChoiceField(
        label=_("Prospects / clients"),
        required=False,
        choices=[
            ("", _("All")),
            ("prospects", _("Prospects")),
            ("clients", _("Clients (agreement signed)")),
            (ProspectStage.CONTACTED, _("Prospects: contacted")),
            (ProspectStage.MEETING_HELD, _("Prospects: meeting held")),
        ],
    )
    order = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-name", _("Name, Z–A")),
            ("tier", _("Tier")),
            ("municipality", _("Municipality")),
            ("last_meeting", _("Last meeting, oldest first")),
            ("-last_meeting", _("Last meeting, newest first")),
        ],
    )

    def __init__(self, *args, kams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kam"].queryset = kams
        # The options read once, in one query: left lazy, the page's loop over them counted them first and then
        # read them through a server-side cursor (two queries and a cursor's round trips per page).
        if kams is not None:
            field = self.fields["kam"]
            options = field.iterator(field)
            field.choices = [("", field.empty_label), *(options.choice(kam) for kam in kams)]


class ImportUploadForm(_Form, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or Excel (.xlsx), at most 2 MB. First row: column names."),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
        return upload


__all__ = [
    "ContactForm",
    "EmployerFilterForm",
    "EmployerForm",
    "ImportUploadForm",
    "ReassignForm",
    "SizeBand",
]


class ContactLeftForm(VersionedForm, OnceForm, _Form, forms.Form):
    """The day an employer's contact left; the service checks it (not in the future, not before registration)."""

    left_on = forms.DateField(
        label=_("Left the employer on"),
        widget=DATE,
        error_messages={
            "required": _("Give the date the contact left the employer."),
            "invalid": _("Please enter a date like 2027-01-15."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


class ContactLeftUndoForm(VersionedForm, OnceForm, forms.Form):
    """The undo button: only the version and the one-time token."""
