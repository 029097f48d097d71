"""Lockout against guessing and spraying: per (account, address), per account across addresses, per address
across accounts; and the password reset's rate limits per address and per client."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password, ip):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 6
    settings.LOCKOUT_IP_FAILURE_LIMIT = 8
    return settings


def test_the_same_account_from_many_addresses_is_locked_even_for_the_right_password(client, limits):
    UserFactory(email="kari@example.no")
    for n in range(6):  # two failures from each of three addresses: no (account, address) pair is locked
        response = _login(client, "kari@example.no", "wrong", f"10.1.0.{n // 2}")
    assert response.status_code == 429
    assert "Kontoen er sperret i 15 minutter" in response.content.decode()
    fresh = _login(client, "kari@example.no", PASSWORD, "10.9.9.9")
    assert fresh.status_code == 429
    assert "_auth_user_id" not in client.session


def test_below_the_account_limit_the_right_password_from_another_address_gets_in(client, limits):
    UserFactory(email="kari@example.no")
    for n in range(5):
        assert _login(client, "kari@example.no", "wrong", f"10.1.0.{n // 2}").status_code == 200
    assert _login(client, "kari@example.no", PASSWORD, "10.9.9.9").status_code == 302


def test_many_accounts_from_one_address_lock_that_address_for_every_account(client, limits):
    for n in range(4):
        UserFactory(email=f"person{n}@example.no")
    for n in range(8):  # two failures per account: no account is locked on its own
        response = _login(client, f"person{n // 2}@example.no", "wrong", "10.2.0.1")
    assert response.status_code == 429
    assert "fra nettverksadressen din" in response.content.decode()
    UserFactory(email="innocent@example.no")
    assert _login(client, "innocent@example.no", PASSWORD, "10.2.0.1").status_code == 429
    # The same account from another address is not locked.
    assert _login(client, "innocent@example.no", PASSWORD, "10.2.0.2").status_code == 302


def test_the_address_lockout_message_is_in_english_too(client, limits, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for n in range(8):
        response = _login(client, f"nobody{n}@example.no", "wrong", "10.3.0.1")
    assert response.status_code == 429
    assert "from your network address" in response.content.decode()


def _reset(client, email, ip="10.5.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_password_resets_are_limited_per_address_with_the_same_answer_for_unknown_addresses(client, settings):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "3/h"
    UserFactory(email="kari@example.no")
    for n in range(3):
        assert _reset(client, "kari@example.no", ip=f"10.5.0.{n}").status_code == 302
        assert _reset(client, "ukjent@example.no", ip=f"10.5.0.{n}").status_code == 302
    assert len(mail.outbox) == 3
    known = _reset(client, "Kari@example.no", ip="10.5.1.1")
    unknown = _reset(client, "ukjent@example.no", ip="10.5.1.1")
    assert known.status_code == unknown.status_code == 429
    message = "For mange forespørsler om nytt passord"
    assert message in known.content.decode() and message in unknown.content.decode()
    assert len(mail.outbox) == 3


def test_password_resets_are_limited_per_client_address(client, settings):
    settings.PASSWORD_RESET_RATE_PER_IP = "4/h"
    for n in range(4):
        assert _reset(client, f"person{n}@example.no").status_code == 302
    response = _reset(client, "person9@example.no")
    assert response.status_code == 429
    assert _reset(client, "person9@example.no", ip="10.6.0.1").status_code == 302


def test_the_reset_limit_message_is_in_english_too(client, settings):
    settings.PASSWORD_RESET_RATE_PER_IP = "1/h"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    _reset(client, "a@example.no")
    assert "Too many password reset requests" in _reset(client, "b@example.no").content.decode()
