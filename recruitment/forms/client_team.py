"""Forms for the client team, proposals to the account plan and plan reviews: they validate, services save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from kamportal.forms_helper import OnceForm
from recruitment.models import PLAN_THEMES, TeamRole

from .employers import DATE, _Form


class ClientTeamMemberForm(OnceForm, _Form, forms.Form):
    user = forms.ModelChoiceField(
        label=_("Member"),
        queryset=User.objects.filter(is_active=True),
        error_messages={"invalid_choice": _("Choose a person from the list.")},
    )
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)
    speciality = forms.CharField(
        label=_("Speciality"),
        max_length=200,
        required=False,
        help_text=_("For example job specialist, health or the employer's industry."),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The list offers the provider's staff; anyone else posted is refused by the service with its reason.
        self.fields["user"].choices = [("", "---------"), *((u.pk, u.full_name) for u in candidates)]
        self.helper = self._helper()


class PlanProposalForm(OnceForm, _Form, forms.Form):
    theme = forms.ChoiceField(label=_("Theme"), choices=PLAN_THEMES)
    text = forms.CharField(label=_("Proposed change"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


class PlanReviewForm(OnceForm, _Form, forms.Form):
    held_on = forms.DateField(label=_("Review date"), widget=DATE)
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants from the provider"),
        queryset=User.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Name at least one participant from the provider.")},
    )
    other_participants = forms.CharField(
        label=_("Other participants"),
        max_length=300,
        required=False,
        help_text=_("People from the employer or outside the provider, by name."),
    )

    def __init__(self, *args, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [(u.pk, u.full_name) for u in participants]
        for theme, label in PLAN_THEMES:
            self.fields[f"decision_{theme}"] = forms.CharField(
                label=label, required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
            )
        self.helper = self._helper()

    def decisions(self) -> dict[str, str]:
        return {theme: self.cleaned_data.get(f"decision_{theme}", "") for theme, _label in PLAN_THEMES}


class SatisfactionForm(OnceForm, _Form, forms.Form):
    score = forms.TypedChoiceField(
        label=_("How likely is it that you would recommend working with us to another company?"),
        help_text=_("0 means not at all likely, 10 extremely likely."),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 0 to 10.")},
    )
    comment = forms.CharField(
        label=_("What is the most important thing we could do better?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()
