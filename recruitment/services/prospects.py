"""Writes for the prospect pipeline: the KAM takes the employer's next step (meeting held, agreement signed)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from recruitment.models import Employer
from recruitment.services.prospect_transitions import PROSPECT_TRANSITIONS, employer_prospect_transition


@transaction.atomic
def employer_prospect_step(*, actor: User, employer: Employer, action: str, on: date | None = None) -> Employer:
    """Record the prospect's next step on `on` (default today): not in the future, not before it was contacted."""
    if action not in PROSPECT_TRANSITIONS:
        raise ValidationError(_("Unknown step."))
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": _("The step cannot be dated in the future.")})
    if employer.contacted_on and on < employer.contacted_on:
        raise ValidationError({"on": _("The step cannot be dated before the employer was first contacted.")})
    return employer_prospect_transition(employer=employer, action=action, on=on, actor=actor)
