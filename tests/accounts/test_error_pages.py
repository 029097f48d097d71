import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_form_posted_without_csrf_token_gets_a_clear_norwegian_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a@b.no", "password": "x"})
    assert response.status_code == 403
    assert "Skjemaet er utløpt" in response.content.decode()


def test_an_unknown_page_gets_the_portals_404(client):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()
