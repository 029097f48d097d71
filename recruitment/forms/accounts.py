"""Forms for account management: the customer pyramid, the tier override, account plans, sector portfolios."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm, VersionedForm
from recruitment.forms.employers import DATE, _Form
from recruitment.models import AccountPlanVersion, PyramidAssessment, Sector, Tier
from recruitment.pyramid import PYRAMID_INPUTS, SCORE_GUIDE


class SectorPortfolioForm(OnceForm, _Form, forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    kam = forms.ModelChoiceField(label=_("KAM"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, kams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kam"].queryset = kams
        self.helper = self._helper()


class PyramidForm(VersionedForm, OnceForm, _Form, forms.ModelForm):
    class Meta:
        model = PyramidAssessment
        fields = PYRAMID_INPUTS
        help_texts = {
            "size_score": format_lazy("{} – {}", _("Employees"), SCORE_GUIDE["size_score"]),
            "vacancies_score": format_lazy("{} – {}", _("Suitable vacancies a year"), SCORE_GUIDE["vacancies_score"]),
            "fulfilled_score": format_lazy(
                "{} – {}", _("Vacancies filled through us, last 12 months"), SCORE_GUIDE["fulfilled_score"]
            ),
            "continuity_score": format_lazy(
                "{} – {}. {}",
                _("Years of cooperation"),
                SCORE_GUIDE["continuity_score"],
                _("Used only while the employer has had no candidate list: then its feedback on the lists decides."),
            ),
        }

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sensitive_handler"].queryset = handlers
        self.helper = self._helper()

    def clean(self):
        data = super().clean()
        if data.get("excluded") and not (data.get("exclusion_reason") or "").strip():
            self.add_error("exclusion_reason", _("Give the reason why the employer is excluded."))
        if data.get("politically_sensitive") and not data.get("sensitive_handler"):
            self.add_error("sensitive_handler", _("Name the person who handles this politically sensitive employer."))
        return data


OVERRIDABLE_TIERS = (Tier.GOLD, Tier.SILVER, Tier.BRONZE)


class TierOverrideForm(OnceForm, _Form, forms.Form):
    tier = forms.ChoiceField(
        label=_("Tier"),
        choices=[("", _("Use the computed tier")), *[(t.value, t.label) for t in OVERRIDABLE_TIERS]],
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False, widget=forms.TextInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()

    def clean(self):
        data = super().clean()
        if data.get("tier") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for overriding the tier."))
        return data


class AccountPlanForm(VersionedForm, OnceForm, _Form, forms.ModelForm):
    class Meta:
        model = AccountPlanVersion
        fields = [
            "vision_strategy",
            "goals_ambition",
            "image",
            "social_picture",
            "motives",
            "partner_picture",
            "target_groups",
            "social_return_obligations",
            "nps",
            "satisfaction_notes",
            "themes_actions",
            "reviewed_on",
        ]
        widgets = {
            "reviewed_on": DATE,
            **{name: forms.Textarea(attrs={"rows": 3}) for name in AccountPlanVersion.SECTIONS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()
