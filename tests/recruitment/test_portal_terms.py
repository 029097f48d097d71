"""Terms of use: an employer contact accepts the current version once (version, time, IP) before seeing candidates."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from accounts import services as account_services
from accounts.models import AuditEvent, TermsAcceptance
from accounts.policy import contact_has_accepted_terms, require_terms_accepted, terms_url
from accounts.terms import TERMS_VERSION

pytestmark = pytest.mark.django_db

TERMS = reverse("recruitment:portal_terms")
HOME = reverse("recruitment:portal_home")


def test_the_portal_sends_a_contact_to_the_terms_until_they_accept(client, world):
    client.force_login(world.contact_user)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == terms_url(HOME) == f"{TERMS}?next=%2Fportal%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Vilkår for bruk" in page
    assert f"Versjon {TERMS_VERSION}" in page
    assert "Kandidatenes personopplysninger" in page
    assert 'name="next" value="/portal/"' in page


def test_accepting_records_version_time_and_ip_and_returns_to_the_page_asked_for(client, world):
    client.force_login(world.contact_user)
    response = client.post(TERMS, {"accept": "on", "next": HOME}, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302 and response["Location"] == HOME
    acceptance = TermsAcceptance.objects.get(user=world.contact_user)
    assert acceptance.version == TERMS_VERSION and acceptance.ip == "192.0.2.44" and acceptance.accepted_at
    assert AuditEvent.objects.filter(action="terms.accepted", actor=world.contact_user, ip="192.0.2.44").exists()
    assert client.get(HOME).status_code == 200
    page = client.get(TERMS).content.decode()
    assert "Du godtok disse vilkårene" in page
    assert 'name="accept"' not in page


def test_accepting_twice_records_one_acceptance(client, world):
    client.force_login(world.contact_user)
    client.post(TERMS, {"accept": "on"})
    client.post(TERMS, {"accept": "on"})
    assert TermsAcceptance.objects.filter(user=world.contact_user).count() == 1
    assert AuditEvent.objects.filter(action="terms.accepted").count() == 1


def test_without_the_tick_nothing_is_recorded_and_the_contact_is_told_why(client, world):
    client.force_login(world.contact_user)
    response = client.post(TERMS, {"next": HOME})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kryss av i boksen for å godta vilkårene for bruk." in html
    assert "Vilkårene er ikke godtatt." in html
    assert not TermsAcceptance.objects.filter(user=world.contact_user).exists()
    assert client.get(HOME).status_code == 302


def test_a_next_address_outside_the_portal_is_ignored(client, world):
    client.force_login(world.contact_user)
    response = client.post(TERMS, {"accept": "on", "next": "https://evil.example/phish"})
    assert response["Location"] == HOME


def test_an_acceptance_of_an_older_version_does_not_count(world):
    TermsAcceptance.objects.create(user=world.contact_user, version="2020-01")
    assert not contact_has_accepted_terms(world.contact_user)
    account_services.terms_accept(user=world.contact_user)
    assert contact_has_accepted_terms(world.contact_user)


def test_the_terms_are_in_english_for_english_readers(client, world):
    world.contact_user.language = "en"
    world.contact_user.save(update_fields=["language"])
    client.force_login(world.contact_user)
    html = client.get(TERMS).content.decode()
    assert "The candidates' personal data" in html
    assert "Kandidatenes personopplysninger" not in html
    assert "I have read the terms of use and accept them on behalf of my company" in html


def _guarded(request):
    @require_terms_accepted
    def view(request):
        return HttpResponse("candidate data")

    return view(request)


def test_the_decorator_lets_staff_through_and_stops_contacts_until_they_accept(world):
    factory = RequestFactory()
    request = factory.get("/some/candidate/list/?x=1")
    request.user = world.kam_a
    assert _guarded(request).status_code == 200
    request.user = world.contact_user
    response = _guarded(request)
    assert response.status_code == 302
    assert response["Location"] == terms_url("/some/candidate/list/?x=1")
    account_services.terms_accept(user=world.contact_user)
    assert _guarded(request).status_code == 200


def test_after_a_refused_post_the_contact_returns_to_the_portal_not_to_the_post_address(world):
    request = RequestFactory().post("/portal/mapping/x/answer/")
    request.user = world.contact_user
    assert _guarded(request)["Location"] == TERMS


def test_staff_cannot_open_the_terms_page(client, world):
    client.force_login(world.kam_a)
    assert client.get(TERMS).status_code == 403
