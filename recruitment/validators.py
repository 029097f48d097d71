from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kamportal.lib.orgnr import is_valid_org_number, normalise_org_number


def validate_org_number(value: str) -> None:
    digits = normalise_org_number(value)
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError(_("An organisation number has exactly 9 digits."), code="org_number_length")
    if not is_valid_org_number(digits):
        raise ValidationError(
            _("%(value)s is not a valid organisation number (the check digit does not match)."),
            code="org_number_checksum",
            params={"value": value},
        )
