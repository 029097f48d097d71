import pytest
from django.test import Client
from django.urls import reverse

from accounts.demo import seed_demo
from accounts.demo.portal import ACCEPTED_CONTACT, INVITED_CONTACT
from accounts.models import TermsAcceptance, User
from accounts.terms import TERMS_VERSION
from recruitment.models import ContactInvitation

pytestmark = pytest.mark.django_db


def test_the_demo_contact_has_accepted_the_terms_and_a_second_contact_is_invited_once():
    seed_demo()
    seed_demo()
    contact_user = User.objects.get(email=ACCEPTED_CONTACT)
    assert TermsAcceptance.objects.filter(user=contact_user, version=TERMS_VERSION).count() == 1
    [invitation] = ContactInvitation.objects.filter(contact__email=INVITED_CONTACT)
    assert invitation.is_open and invitation.contact.user_id is None
    assert invitation.sent_by == invitation.contact.employer.responsible_kam
    client = Client()
    client.force_login(contact_user)
    response = client.get(reverse("recruitment:portal_home"))
    assert response.status_code == 200
    assert "Bergen Sjømat AS" in response.content.decode()
