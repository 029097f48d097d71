"""Forms of the candidate's own say (the advisor's consent request, the candidate's answer) and the export."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.policy import consent_employer_choices, consent_recruitment_choices
from candidates.models.candidate import CONSENTABLE_PARTS, DossierPart
from kamportal.forms_helper import OnceForm

PART_LABELS = {
    DossierPart.CONTACT_DETAILS: _(
        "Your phone number, e-mail address and postal address, so that the employer can contact you directly"
    ),
    DossierPart.CV: _("Your CV"),
    DossierPart.APPLICATION: _("Your application"),
    DossierPart.ASSESSMENT: _("Your advisor's assessment of you (a summary of how work has gone)"),
    DossierPart.ACCOMMODATION: _("What you need to be accommodated at work, including aids"),
}


class ConsentRequestForm(OnceForm, forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None)
    recruitment = forms.ModelChoiceField(label=_("Only for this recruitment (optional)"), queryset=None, required=False)
    ask_contact_details = forms.BooleanField(
        label=_("Contact details (phone, e-mail, address)"),
        required=False,
        help_text=_("Without them the employer sees the candidate's name and contacts the advisor."),
    )
    ask_cv = forms.BooleanField(label=_("CV"), required=False)
    ask_application = forms.BooleanField(label=_("Application"), required=False)
    ask_assessment = forms.BooleanField(label=_("Assessment summary"), required=False)
    ask_accommodation = forms.BooleanField(label=_("Need for accommodation"), required=False)
    message = forms.CharField(
        label=_("Message to the candidate (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    answer_days = forms.IntegerField(label=_("Days the candidate has to answer"), min_value=1, max_value=60, initial=14)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = consent_employer_choices(user)
        self.fields["employer"].error_messages["required"] = _("Choose the employer the request is about.")
        self.fields["recruitment"].queryset = consent_recruitment_choices(user)
        self.fields["recruitment"].label_from_instance = lambda r: f"{r.employer.name} – {r.title}"
        self.fields["answer_days"].initial = settings.CONSENT_REQUEST_ANSWER_DAYS
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Send the request by e-mail")))
        self.helper.render_hidden_fields = True
        self.helper.layout = Layout(
            "employer",
            "recruitment",
            Fieldset(
                _("Parts of the dossier to ask about"),
                "ask_contact_details",
                "ask_cv",
                "ask_application",
                "ask_assessment",
                "ask_accommodation",
            ),
            "message",
            "answer_days",
        )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"ask_{part}") for part in CONSENTABLE_PARTS):
            raise forms.ValidationError(_("Choose at least one part to ask about."))
        recruitment, employer = cleaned.get("recruitment"), cleaned.get("employer")
        if recruitment is not None and employer is not None and recruitment.employer_id != employer.pk:
            self.add_error("recruitment", _("The recruitment must be one of the chosen employer's."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "employer": data["employer"],
            "recruitment": data["recruitment"],
            "parts": [part for part in CONSENTABLE_PARTS if data.get(f"ask_{part}")],
            "message": data["message"],
            "answer_days": data["answer_days"],
        }


class ConsentAnswerForm(OnceForm, forms.Form):
    """The candidate's answer: a box per asked part, and which button was pressed."""

    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")], widget=forms.HiddenInput)

    def __init__(self, *args, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = list(parts)
        for part in self.parts:
            self.fields[f"part_{part}"] = forms.BooleanField(label=PART_LABELS[part], required=False)

    def accepted_parts(self) -> list[str]:
        return [part for part in self.parts if self.cleaned_data.get(f"part_{part}")]

    def part_fields(self):
        return [self[f"part_{part}"] for part in self.parts]
