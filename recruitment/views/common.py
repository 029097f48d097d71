"""What the recruitment app's views share: putting a service's ValidationError on the form, the usual message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has that field, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def say_nothing_saved(request) -> None:
    messages.error(request, _("Nothing was saved. Please correct the fields marked below."))
