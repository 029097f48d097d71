"""Forms for the yearly targets and the prospect pipeline: they validate and normalise, services save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm, VersionedForm
from recruitment.forms.employers import DATE, _Form
from recruitment.models import TARGET_MAX
from recruitment.services.prospect_transitions import PROSPECT_TRANSITIONS
from recruitment.services.targets import target_years

NEGATIVE = _("A target cannot be negative.")
TOO_LARGE = _("A target can be at most %(limit_value)s.")
WHOLE = _("Give a whole number.")


def _figure(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=TARGET_MAX,
        error_messages={
            "min_value": NEGATIVE,
            "max_value": TOO_LARGE,
            "invalid": WHOLE,
            "required": _("Give a target (0 for none)."),
        },
    )


class YearlyTargetForm(VersionedForm, OnceForm, _Form, forms.Form):
    year = forms.IntegerField(label=_("Year"), error_messages={"invalid": WHOLE})
    kam = forms.ModelChoiceField(
        label=_("Target for"),
        required=False,
        queryset=None,
        empty_label=_("The provider as a whole"),
        error_messages={"invalid_choice": _("Choose a KAM of your own provider.")},
    )
    placements = _figure(_("Placements (hired)"))
    agreements = _figure(_("New recruitment agreements"))
    meetings = _figure(_("Quarterly meetings held"))

    def __init__(self, *args, kams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kam"].queryset = kams
        self.fields["kam"].to_field_name = "uuid"
        years = target_years()
        self.fields["year"].widget.attrs.update(min=years[0], max=years[-1])
        self.helper = self._helper()

    def clean_year(self):
        year = self.cleaned_data["year"]
        years = target_years()
        if year not in years:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s.") % {"first": years[0], "last": years[-1]}
            )
        return year


class ProspectStepForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(action, action) for action in PROSPECT_TRANSITIONS],
        error_messages={"invalid_choice": _("Unknown step."), "required": _("Unknown step.")},
    )
    on = forms.DateField(
        label=_("Date"), required=False, widget=DATE, error_messages={"invalid": _("Give a valid date.")}
    )
