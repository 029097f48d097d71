"""Forms of the privacy pages: extending the retention, erasing on request, the legal hold."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm, VersionedForm


def _helper(label, css="btn-primary") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label, css_class=css))
    return helper


def _reason(label, required_message, *, required=True) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=300,
        required=required,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": required_message},
        help_text=_("Do not write the candidate's name or health details here."),
    )


class RetentionExtendForm(OnceForm, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _reason(
            _("Why the data must be kept"), _("Give the reason for keeping the candidate's data longer.")
        )
        self.helper = _helper(_("Keep the data for another period"))


class ErasureForm(OnceForm, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _reason(
            _("Reason for the erasure"), _("Give the reason for the erasure (for example the candidate's request).")
        )
        self.helper = _helper(_("Erase the candidate's personal data"), "btn-danger")


class LegalHoldForm(VersionedForm, forms.Form):
    """Field names are the retention row's, so a stale save shows the other admin's values."""

    legal_hold = forms.TypedChoiceField(
        label=_("Legal hold"),
        choices=[("True", _("Set: keep all of the candidate's data")), ("False", _("Not set"))],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        initial="False",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_hold_reason"] = _reason(
            _("Reason for the legal hold"), _("Give the reason for the legal hold."), required=False
        )
        self.helper = _helper(_("Save the legal hold"))

    def clean(self):
        data = super().clean()
        if data.get("legal_hold") and not data.get("legal_hold_reason"):
            self.add_error("legal_hold_reason", _("Give the reason for the legal hold."))
        return data
