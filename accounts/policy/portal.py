"""The employer portal: what a signed-in employer contact may see, and the terms they accept first.

A contact sees only their own employer (`employers_visible_to`, `mapping_forms_visible_to`
already scope by `principal.contact_employer_id`). Before an employer contact sees any
candidate, they accept the current terms of use (accounts.terms.TERMS_VERSION):
candidate-list views for contacts wear `@require_terms_accepted` (after `require_role`).
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from accounts.models import TermsAcceptance
from accounts.policy.principal import AnyUser
from accounts.terms import TERMS_VERSION
from recruitment.models import Contact, MappingForm

from .employers import can_edit_employer
from .principal import principal_for

_TERMS_ATTR = "_kam_terms_accepted"


def contact_has_accepted_terms(user: AnyUser) -> bool:
    """True once the user accepted the current version of the terms of use (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, _TERMS_ATTR, None)
    if cached is not None:
        return cached
    accepted = TermsAcceptance.objects.filter(user_id=user.pk, version=TERMS_VERSION).exists()
    setattr(user, _TERMS_ATTR, accepted)
    return accepted


def forget_terms(user: AnyUser) -> None:
    """After the user accepted the terms in the same request."""
    if hasattr(user, _TERMS_ATTR):
        delattr(user, _TERMS_ATTR)


def terms_url(next_path: str = "") -> str:
    url = reverse("recruitment:portal_terms")
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


def get_portal_contact(user: AnyUser) -> Contact:
    """The signed-in user's own Contact row, with its employer: 403 for anyone who is not a contact."""

    p = principal_for(user)
    if not p.is_employer_contact:
        raise PermissionDenied
    contact = (
        Contact.objects.select_related("employer__responsible_kam", "employer__responsible_provider")
        .filter(pk=p.contact_id)
        .first()
    )
    if contact is None:
        raise Http404
    return contact


def get_portal_contact_and_colleagues(user: AnyUser) -> tuple[Contact, list[Contact]]:
    """The signed-in user's own Contact row and all its employer's contacts (itself among them), each with the
    employer: one query. 403 for anyone who is not a contact."""
    p = principal_for(user)
    if not p.is_employer_contact:
        raise PermissionDenied
    contacts = list(
        Contact.objects.select_related("employer__responsible_kam", "employer__responsible_provider").filter(
            employer_id=p.contact_employer_id
        )
    )
    own = next((contact for contact in contacts if contact.pk == p.contact_id), None)
    if own is None:
        raise Http404
    return own, contacts


def can_invite_contact(user: AnyUser, contact: Contact) -> bool:
    """KAMs of the employer's responsible provider invite its contacts to the portal."""
    return can_edit_employer(user, contact.employer)


def can_answer_mapping_form(user: AnyUser, form: MappingForm) -> bool:
    """A signed-in contact of the form's employer may approve it or ask for changes in the portal."""
    p = principal_for(user)
    return p.is_employer_contact and form.employer_id == p.contact_employer_id


__all__ = [
    "can_answer_mapping_form",
    "can_invite_contact",
    "contact_has_accepted_terms",
    "forget_terms",
    "get_portal_contact",
    "get_portal_contact_and_colleagues",
    "terms_url",
]
