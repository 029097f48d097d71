from django import forms
from django.utils.translation import gettext_lazy as _


class _CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


class EnrolForm(_CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].label = _("The six-digit code the app shows")


class VerifyForm(_CodeForm):
    remember = forms.BooleanField(label="", required=False)

    def __init__(self, *args, remember_days: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].help_text = _(
            "The six-digit code from your authenticator app, or one of your recovery codes."
        )
        if remember_days:
            self.fields["remember"].label = _("Remember this browser for %(days)s days") % {"days": remember_days}
        else:
            del self.fields["remember"]
