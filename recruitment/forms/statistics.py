"""The statistics page's period and filter controls (a GET form)."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from recruitment.models import Sector, Tier
from recruitment.selectors.statistics import GRANULARITIES, GROUPS, StatisticsFilter

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LONGEST_PERIOD_DAYS = 366 * 10


class StatisticsFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)
    granularity = forms.ChoiceField(label=_("Per"), choices=list(GRANULARITIES.items()), required=False)
    group_by = forms.ChoiceField(label=_("Placements by"), choices=list(GROUPS.items()), required=False)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=None, required=False, empty_label=_("All"))
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False, empty_label=_("All"))
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", _("All"))] + list(Sector.choices), required=False)
    tier = forms.ChoiceField(
        label=_("Tier"),
        choices=[("", _("All"))] + list(Tier.choices) + [("none", _("No tier"))],
        required=False,
    )

    def __init__(self, data=None, *, providers, regions, today: date):
        super().__init__(data)
        self.today = today
        self.fields["provider"].queryset = providers
        self.fields["region"].queryset = regions

    def clean(self):
        data = super().clean()
        start = data.get("start") or date(self.today.year, 1, 1)
        end = data.get("end") or self.today
        if start > end:
            raise forms.ValidationError(_("The start of the period must be on or before its end."))
        if (end - start).days > LONGEST_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        data["start"], data["end"] = start, end
        return data

    def statistics_filter(self) -> StatisticsFilter:
        """The filter of a valid form; an invalid or empty form gives this year up to today."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return StatisticsFilter(
            start=data.get("start") or date(self.today.year, 1, 1),
            end=data.get("end") or self.today,
            granularity=data.get("granularity") or "month",
            group_by=data.get("group_by") or "provider",
            provider_id=data["provider"].pk if data.get("provider") else None,
            region_id=data["region"].pk if data.get("region") else None,
            sector=data.get("sector") or "",
            tier=data.get("tier") or "",
        )
