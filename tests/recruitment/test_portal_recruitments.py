"""The employer portal lists the recruitments whose candidate list was sent, and no candidate
reaches a contact before the terms of use are accepted."""

import pytest
from django.urls import reverse

from accounts import policy
from candidates.models import DossierPart
from recruitment.services import recruitments as services
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for

pytestmark = pytest.mark.django_db


def _sent_list(world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world, "a"))
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    return recruitment, submission


def test_no_candidate_reaches_a_contact_before_the_terms_are_accepted(world):
    _, submission = _sent_list(world)
    contact, candidate = world.contact_user, submission.candidate
    assert not policy.may_see(contact, candidate, DossierPart.PROFILE)
    assert not policy.candidates_visible_to(contact).exists()
    accept_terms(contact)
    contact = type(contact).objects.get(pk=contact.pk)  # a new request: nothing cached
    assert policy.may_see(contact, candidate, DossierPart.PROFILE)
    assert list(policy.candidates_visible_to(contact)) == [candidate]


def test_the_portal_home_lists_the_recruitments_with_a_sent_list_only(client, world):
    sent, _ = _sent_list(world)
    unsent = recruitment_for(world)
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    html = client.get(reverse("recruitment:portal_home")).content.decode()
    assert reverse("recruitment:candidate_list", kwargs={"uuid": sent.uuid}) in html
    assert reverse("recruitment:candidate_list", kwargs={"uuid": unsent.uuid}) not in html


def test_the_list_link_sends_a_contact_without_accepted_terms_to_the_terms_page_first(client, world):
    sent, _ = _sent_list(world)
    client.force_login(world.contact_user)
    url = reverse("recruitment:candidate_list", kwargs={"uuid": sent.uuid})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("recruitment:portal_terms"))
    assert "next=" in response["Location"]
