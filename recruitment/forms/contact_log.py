"""Forms for the contact log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kamportal.forms_helper import OnceForm
from recruitment.forms.employers import DATE, _Form
from recruitment.models import ContactKind, ContactLogEntry


class ContactLogForm(OnceForm, _Form, forms.ModelForm):
    class Meta:
        model = ContactLogEntry
        fields = ["kind", "occurred_on", "planned", "participants", "notes", "next_step", "next_step_due"]
        widgets = {"occurred_on": DATE, "next_step_due": DATE, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = ContactKind.MEETING
        self.helper = self._helper()

    def clean(self):
        data = super().clean()
        due, held = data.get("next_step_due"), data.get("occurred_on")
        if due and held and due < held:
            self.add_error("next_step_due", _("The next step cannot be due before the contact itself."))
        if due and not (data.get("next_step") or "").strip():
            self.add_error("next_step", _("Describe the next step that has this due date."))
        return data
