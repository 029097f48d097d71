"""Forms of the employer portal: accepting an invitation (name and password) and the terms of use."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from recruitment.services.portal import invitation_password_errors


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Please write your name.")},
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, and not a common password."),
        error_messages={"required": _("Please choose a password.")},
    )
    password2 = forms.CharField(
        label=_("The password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Please write the password again.")},
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Create my account")))

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please write your name."))
        return name

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            for message in invitation_password_errors(
                invitation=self.invitation, full_name=cleaned.get("full_name", ""), password=first
            ):
                self.add_error("password1", message)
        return cleaned


class TermsAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the terms of use and accept them on behalf of my company"),
        error_messages={"required": _("Tick the box to accept the terms of use.")},
    )
