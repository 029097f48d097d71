"""An employer's contact who left: recorded by the KAM or the provider admin, undone until the contact is erased.

From the day it is recorded the contact is offered for nothing new (`Contact.objects.current()`: mapping-form
approvals, candidate lists, status updates, agreement confirmations, attendance reminders), their portal
account is closed (deactivated; the access policy no longer counts them as the employer's contact), their open
portal invitation stops working, and the retention sweep erases them CONTACT_RETENTION_DAYS after `left_on`
(recruitment.contact_retention).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import User
from kamportal.workflow import WorkflowError, version_claim
from recruitment.models import Contact, ContactInvitation


class ContactLeavingError(WorkflowError):
    """Recording or undoing a departure the rules refuse now."""


def _closable(user: User | None) -> bool:
    """A portal-only account (no provider, no role) is closed with the departure; a staff account is not."""
    return user is not None and user.is_active and user.provider_id is None and not user.memberships.exists()


@transaction.atomic
def contact_mark_left(*, actor: User, contact: Contact, left_on: date | None, version: int | None = None) -> Contact:
    """Record that `contact` left the employer on `left_on` (today or earlier, not before they were registered)."""
    contact = Contact.objects.select_for_update(of=("self",)).select_related("employer", "user").get(pk=contact.pk)
    if contact.erased_at is not None:
        raise ContactLeavingError(_("This contact has been erased."))
    if contact.left_on is not None:
        raise ContactLeavingError(
            _("%(name)s is already recorded as having left on %(date)s.")
            % {"name": contact.full_name, "date": date_format(contact.left_on, "SHORT_DATE_FORMAT")}
        )
    if left_on is None:
        raise ValidationError({"left_on": _("Give the date the contact left the employer.")})
    today = timezone.localdate()
    if left_on > today:
        raise ValidationError(
            {"left_on": _("The date cannot be in the future. Record the departure on the day the contact has left.")}
        )
    if contact.created_at is not None and left_on < timezone.localdate(contact.created_at):
        raise ValidationError(
            {
                "left_on": _("The date is before the contact was registered (%(date)s).")
                % {"date": date_format(timezone.localdate(contact.created_at), "SHORT_DATE_FORMAT")}
            }
        )
    version_claim(contact, version)
    close_account = _closable(contact.user)
    now = timezone.now()
    Contact.objects.filter(pk=contact.pk).update(
        left_on=left_on,
        left_recorded_by=actor,
        left_recorded_at=now,
        left_closed_account=close_account,
        is_primary=False,
    )
    if close_account:
        User.objects.filter(pk=contact.user_id).update(is_active=False)
    ContactInvitation.objects.filter(contact=contact, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    audit_record(actor=actor, action="contact.left", obj=contact, detail=left_on.isoformat())
    contact.refresh_from_db()
    return contact


@transaction.atomic
def contact_left_undo(*, actor: User, contact: Contact, version: int | None = None) -> Contact:
    """The departure was recorded by mistake: the contact is current again (the account opens if it was closed)."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.erased_at is not None:
        raise ContactLeavingError(_("This contact has been erased, so the departure cannot be undone."))
    if contact.left_on is None:
        raise ContactLeavingError(_("%(name)s is not recorded as having left.") % {"name": contact.full_name})
    version_claim(contact, version)
    if contact.left_closed_account and contact.user_id is not None:
        User.objects.filter(pk=contact.user_id).update(is_active=True)
    Contact.objects.filter(pk=contact.pk).update(
        left_on=None, left_recorded_by=None, left_recorded_at=None, left_closed_account=False
    )
    audit_record(actor=actor, action="contact.left_undone", obj=contact)
    contact.refresh_from_db()
    return contact
