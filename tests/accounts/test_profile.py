import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_changes_name_language_and_email_mode(client):
    user = UserFactory(full_name="Kari Nordmann")
    client.force_login(user)
    response = client.post(
        reverse("profile"),
        {"full_name": "Kari Sølvberg", "phone": "+47 900 00 000", "language": "en", "email_mode": "daily"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language, user.email_mode) == ("Kari Sølvberg", "en", "daily")
    page = client.get(reverse("profile"))
    assert page["Content-Language"] == "en"
    assert "Your profile is saved." in page.content.decode()


def test_a_blank_name_is_refused_in_norwegian_and_nothing_is_saved(client):
    user = UserFactory(full_name="Kari Nordmann")
    client.force_login(user)
    response = client.post(
        reverse("profile"), {"full_name": "   ", "phone": "1", "language": "nb", "email_mode": "each"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Profilen ble ikke lagret" in body
    user.refresh_from_db()
    assert user.full_name == "Kari Nordmann"
    assert user.phone == ""


def test_an_unknown_language_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("profile"), {"full_name": "Kari", "language": "xx", "email_mode": "each"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.language == "nb"


def test_the_language_switch_sets_the_cookie_and_the_users_choice(client, settings):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/profile/"})
    assert response["Location"] == "/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert user.language == "en"


def test_the_language_switch_does_not_redirect_off_site(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == reverse("dashboard")


def test_anonymous_pages_are_norwegian_whatever_the_browser_asks(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nb"
    assert "Logg inn" in response.content.decode()
