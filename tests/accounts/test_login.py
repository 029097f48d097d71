import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR="10.0.0.7")


def test_a_user_logs_in_by_email_in_any_letter_case(client):
    UserFactory(email="kari@example.no")
    response = _login(client, "Kari@Example.NO", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_a_wrong_password_gets_a_clear_norwegian_message_and_no_session(client):
    UserFactory(email="kari@example.no")
    response = _login(client, "kari@example.no", "wrong-password")
    assert response.status_code == 200
    assert "E-postadressen eller passordet er feil" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_malformed_email_is_refused_with_a_message(client):
    response = _login(client, "not-an-email", PASSWORD)
    assert response.status_code == 200
    assert "Oppgi en gyldig e-postadresse" in response.content.decode()


def test_repeated_failures_lock_the_account_out_with_a_clear_message(client, settings):
    UserFactory(email="kari@example.no")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "kari@example.no", "wrong").status_code == 200
    locked = _login(client, "kari@example.no", "wrong")
    assert locked.status_code == 429
    assert "For mange mislykkede innloggingsforsøk" in locked.content.decode()
    # Even the right password is refused while locked out.
    again = _login(client, "kari@example.no", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_follows_the_language_cookie(client, settings):
    UserFactory(email="kari@example.no")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "kari@example.no", "wrong")
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()


def test_an_inactive_user_cannot_log_in(client):
    UserFactory(email="gone@example.no", is_active=False)
    response = _login(client, "gone@example.no", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_force_login_gives_staff_a_verified_session_by_default(client, world):
    client.force_login(world.kam_a)
    assert client.get(reverse("dashboard")).status_code == 200
