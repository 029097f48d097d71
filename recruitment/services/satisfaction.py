"""Writes for the satisfaction survey: a contact's answer, once per occasion."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import User
from recruitment.models import Contact, SatisfactionAnswer
from recruitment.selectors.satisfaction import Occasion, survey_already_answered


def _already_answered() -> ValidationError:
    return ValidationError(_("You have already answered this survey. Thank you – each survey is answered once."))


@transaction.atomic
def satisfaction_answer_submit(
    *, actor: User, contact: Contact, occasion: Occasion, score: int, comment: str = ""
) -> SatisfactionAnswer:
    """Store the contact's answer for the occasion; a second answer is refused (also under a race)."""
    employer = contact.employer
    if survey_already_answered(contact=contact, occasion=occasion):
        raise _already_answered()
    answer = SatisfactionAnswer(
        employer=employer,
        contact=contact,
        provider_id=employer.responsible_provider_id,
        region_id=employer.region_id,
        occasion=occasion.key,
        kind=occasion.kind,
        recruitment=occasion.recruitment,
        score=score,
        comment=comment.strip(),
    )
    answer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        raise _already_answered() from None
    audit_record(actor=actor, action="satisfaction.answer", obj=answer, detail=occasion.key)
    return answer
