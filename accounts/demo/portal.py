"""Demo data for the employer portal: the Bergen Sjømat contact has accepted the terms of use,
and a second employer's contact has an invitation waiting. Idempotent."""

from accounts.models import TermsAcceptance
from accounts.terms import TERMS_VERSION
from recruitment.models import Contact, ContactInvitation

ACCEPTED_CONTACT = "ashild.myklebust@bergen.demo.no"
INVITED_CONTACT = "terje.ostensjo@vestlandske.demo.no"


def seed_portal_demo() -> None:
    from recruitment.services.portal import contact_invite

    accepted = Contact.objects.filter(email=ACCEPTED_CONTACT, user__isnull=False).select_related("user").first()
    if accepted is not None:
        TermsAcceptance.objects.get_or_create(user=accepted.user, version=TERMS_VERSION)
    invited = (
        Contact.objects.filter(email=INVITED_CONTACT, user__isnull=True)
        .select_related("employer__responsible_kam")
        .first()
    )
    if (
        invited is not None
        and invited.employer.responsible_kam is not None
        and not ContactInvitation.objects.filter(contact=invited).exists()
    ):
        contact_invite(contact=invited, invited_by=invited.employer.responsible_kam)
