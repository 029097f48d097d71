"""The employer portal: inviting a contact person, and the contact accepting the invitation.

    contact_invite ──e-mail with a signed link──▶ contact_invitation_accept ──▶ User + Contact.user

The link is a signed token (kamportal.lib.signed_links) naming a ContactInvitation, the
contact and the address it went to. It expires after settings.SIGNED_LINK_MAX_AGE_DAYS
and works once: accepting claims the row with a conditional UPDATE. A new invitation
replaces the open one. `invitation_from_token` refuses an invalid, expired, used or stale
link (LinkRefused) and records nothing.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import User
from accounts.notifications import notify
from accounts.policy import forget_principal
from kamportal.lib.context import current_ip
from kamportal.lib.signed_links import LinkRefused, is_uuid, link_dumps, link_loads, link_max_age
from recruitment.models import Contact, ContactInvitation

INVITATION_SALT = "recruitment.contact-invitation"


def invitation_token(invitation: ContactInvitation) -> str:
    return link_dumps(
        {"i": str(invitation.uuid), "c": str(invitation.contact.uuid), "e": invitation.email}, salt=INVITATION_SALT
    )


def invitation_path(invitation: ContactInvitation) -> str:
    return reverse("recruitment:contact_invitation", kwargs={"token": invitation_token(invitation)})


def _check_invitable(contact: Contact) -> None:
    if contact.left_on is not None:
        raise ValidationError(
            _("%(name)s has left the employer, so no invitation was sent.") % {"name": contact.full_name}
        )
    if contact.user_id is not None:
        raise ValidationError(
            _("%(name)s already has a user account in the portal, so no invitation was sent.")
            % {"name": contact.full_name}
        )
    if User.objects.filter(email__iexact=contact.email).exists():
        raise ValidationError(
            _(
                "There is already a user with the e-mail address %(email)s, so %(name)s cannot be invited "
                "with it. Give the contact another e-mail address, or ask the administrator."
            )
            % {"email": contact.email, "name": contact.full_name}
        )


@transaction.atomic
def contact_invite(*, contact: Contact, invited_by: User) -> ContactInvitation:
    """E-mail `contact` a link to create their portal account; an earlier open invitation stops working."""
    contact = Contact.objects.select_for_update().select_related("employer").get(pk=contact.pk)
    _check_invitable(contact)
    now = timezone.now()
    ContactInvitation.objects.filter(contact=contact, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    invitation = ContactInvitation(
        contact=contact, email=contact.email, sent_by=invited_by, sent_at=now, expires_at=now + link_max_age()
    )
    invitation.full_clean()
    invitation.save()
    audit_record(actor=invited_by, action="contact.invited", obj=contact, detail=contact.email)
    notify(
        recipients=[contact.email],
        kind="contact.invited",
        template="recruitment/emails/portal_invitation",
        context={
            "contact": contact,
            "employer": contact.employer,
            "kam": invited_by,
            "expires_at": invitation.expires_at,
        },
        url=invitation_path(invitation),
    )
    return invitation


def invitation_from_token(token: str) -> ContactInvitation:
    """The invitation a link names, if the link still works; else LinkRefused with the reason."""
    data = link_loads(token, salt=INVITATION_SALT, keys=("i", "c", "e"))
    invitation = (
        ContactInvitation.objects.select_related("contact__employer", "sent_by")
        .filter(uuid=data["i"] if is_uuid(data["i"]) else None)
        .first()
    )
    if invitation is None or str(invitation.contact.uuid) != data["c"] or invitation.email != data["e"]:
        raise LinkRefused("invalid")
    if invitation.used_at is not None:
        raise LinkRefused("used", invitation)
    if invitation.revoked_at is not None:
        raise LinkRefused("stale", invitation)
    if timezone.now() >= invitation.expires_at:
        raise LinkRefused("expired", invitation)
    contact = invitation.contact
    if contact.user_id is not None or contact.email.lower() != invitation.email.lower():
        raise LinkRefused("stale", invitation)
    return invitation


def invitation_password_errors(*, invitation: ContactInvitation, full_name: str, password: str) -> list[str]:
    """The password validators' complaints about `password` for the user the invitation creates."""
    candidate = User(email=invitation.email, full_name=full_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        return [_password_message(e) for e in error.error_list]
    return []


def _password_message(error: ValidationError) -> str:
    # Django's Norwegian catalogue lacks this one message; the others are translated there.
    if error.code == "password_too_short":
        return _("The password is too short: it must have at least %(min_length)d characters.") % error.params
    return " ".join(error.messages)


@transaction.atomic
def contact_invitation_accept(*, token: str, full_name: str, password: str) -> User:
    """Create the contact's user (no provider, Norwegian) with `password` and tie it to the contact, once."""
    invitation = invitation_from_token(token)
    # A second acceptance of the same link waits here for the first, then finds the link used.
    locked = ContactInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.used_at is not None:
        raise LinkRefused("used", invitation)
    if locked.revoked_at is not None:
        raise LinkRefused("stale", invitation)
    contact = invitation.contact
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise LinkRefused("stale", invitation)
    user = User(email=invitation.email, full_name=full_name.strip() or contact.full_name, provider=None, language="nb")
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    now = timezone.now()
    claimed = ContactInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True).update(
        used_at=now, user=user, accepted_ip=current_ip()
    )
    if claimed != 1:
        raise LinkRefused("used", invitation)
    if Contact.objects.filter(pk=contact.pk, user__isnull=True).update(user=user) != 1:
        raise LinkRefused("stale", invitation)
    forget_principal(user)
    audit_record(actor=user, action="contact.account_created", obj=contact, detail=user.email)
    return user
