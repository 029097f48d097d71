from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.policy import consent_employer_choices, consent_recruitment_choices
from candidates.models import Assessment, Candidate, Consent, Document
from candidates.models.assessment import ASSESSMENT_FIELDS
from candidates.selectors import provider_advisors
from candidates.services import CANDIDATE_FIELDS, REFUSAL_MESSAGES
from kamportal.forms_helper import OnceForm, VersionedForm
from kamportal.lib import filecheck


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class CandidateForm(VersionedForm, OnceForm, forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["full_name", "advisor", *CANDIDATE_FIELDS[1:]]
        widgets = {
            "available_from": DateInput(),
            "desired_work": forms.Textarea(attrs={"rows": 3}),
            "competences": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, provider_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = provider_advisors(provider_id=provider_id)
        self.fields["advisor"].empty_label = None
        self.fields["full_name"].error_messages["required"] = _("Please enter the candidate's name.")
        # Anonymising is its own action (candidates/anonymise.py), never a choice on the edit form.
        self.fields["status"].choices = [
            c for c in self.fields["status"].choices if c[0] != Candidate.Status.ANONYMISED
        ]
        # Left out of a post (an older form, a script): the candidate's e-mails stay in Norwegian.
        self.fields["language"].required = False
        self.helper = _helper(_("Save"))

    def clean_language(self):
        return self.cleaned_data.get("language") or "nb"

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter the candidate's name."))
        return name

    def _post_clean(self):
        # The service does full_clean on the model; the form only validates and normalises its fields.
        pass


class DocumentUploadForm(OnceForm, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Document.Kind.choices, initial=Document.Kind.CV)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX) or OpenDocument text (ODT), at most 10 MB."),
        error_messages={
            "required": _("Choose a file to upload."),
            "invalid": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Upload"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > filecheck.MAX_BYTES:
            raise forms.ValidationError(REFUSAL_MESSAGES[filecheck.TOO_LARGE])
        return upload


class AssessmentForm(VersionedForm, OnceForm, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = list(ASSESSMENT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ASSESSMENT_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save assessment"))
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            Fieldset(
                _("The person"),
                "experience_with_person",
                "personal_qualities",
                "particular_challenges",
                "punctuality",
                "attendance",
            ),
            Fieldset(_("At the provider"), "experience_at_provider"),
            Fieldset(_("Accommodation and absence"), "accommodation_needs", "planned_absence"),
        )

    def _post_clean(self):
        pass


class ConsentForm(OnceForm, forms.ModelForm):
    class Meta:
        model = Consent
        fields = [
            "employer",
            "recruitment",
            "given_on",
            "method",
            "text_version",
            "covers_contact_details",
            "covers_cv",
            "covers_application",
            "covers_assessment",
            "covers_accommodation",
        ]
        widgets = {"given_on": DateInput(), "method": forms.RadioSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = consent_employer_choices(user)
        self.fields["employer"].label = _("Employer the consent applies to")
        self.fields["employer"].error_messages["required"] = _("Choose the employer the consent applies to.")
        self.fields["recruitment"].queryset = consent_recruitment_choices(user)
        self.fields["recruitment"].label = _("Only for this recruitment (optional)")
        self.fields["recruitment"].label_from_instance = lambda r: f"{r.employer.name} – {r.title}"
        self.fields["given_on"].initial = timezone.localdate()
        self.fields["method"].choices = Consent.Method.choices  # no pre-selected blank radio button
        self.fields["method"].error_messages["required"] = _("Choose how the consent was given.")
        self.helper = _helper(_("Record consent"))
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            "employer",
            "recruitment",
            "given_on",
            "method",
            "text_version",
            Fieldset(
                _("Parts of the dossier the employer may see"),
                "covers_contact_details",
                "covers_cv",
                "covers_application",
                "covers_assessment",
                "covers_accommodation",
            ),
        )

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("The consent cannot be given in the future."))
        return given_on

    def clean(self):
        cleaned = super().clean()
        parts = (
            "covers_contact_details",
            "covers_cv",
            "covers_application",
            "covers_assessment",
            "covers_accommodation",
        )
        if not any(cleaned.get(name) for name in parts):
            raise forms.ValidationError(_("Choose at least one part of the dossier that the consent covers."))
        recruitment, employer = cleaned.get("recruitment"), cleaned.get("employer")
        if recruitment is not None and employer is not None and recruitment.employer_id != employer.pk:
            self.add_error("recruitment", _("The recruitment must be one of the chosen employer's."))
        return cleaned

    def _post_clean(self):
        pass


class ConsentWithdrawForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class CandidateSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Candidate.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
