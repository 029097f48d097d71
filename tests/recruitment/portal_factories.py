"""Portal test data built through the services: invitations with real tokens, accepted terms."""

from accounts.models import TermsAcceptance
from accounts.terms import TERMS_VERSION
from recruitment.services import portal as services
from tests.factories import ContactFactory, UserFactory


def invitable_contact(*, employer, **fields):
    """A contact of `employer` without a user account."""
    fields.setdefault("is_primary", False)
    return ContactFactory(employer=employer, **fields)


def invitation(*, employer, kam, **fields):
    """(invitation, token) for a new contact of `employer`, invited by `kam`."""
    contact = invitable_contact(employer=employer, **fields)
    sent = services.contact_invite(contact=contact, invited_by=kam)
    return sent, services.invitation_token(sent)


def accept_terms(user):
    TermsAcceptance.objects.get_or_create(user=user, version=TERMS_VERSION)
    return user


def contact_user(*, employer, terms: bool = True, **fields):
    """A signed-in-able contact of `employer` (its Contact with a User), by default with the terms accepted."""
    user = UserFactory(**{k: v for k, v in fields.items() if k in ("email", "full_name")})
    contact = ContactFactory(employer=employer, email=user.email, full_name=user.full_name, user=user, is_primary=False)
    if terms:
        accept_terms(user)
    return contact
