"""Staff are signed out after 30 idle minutes; everyone after the absolute limit; signed-in pages are no-store."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _at(start, minutes):
    return time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False)


def test_staff_are_signed_out_after_the_idle_limit_with_a_message(client, world, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    start = timezone.now()
    with _at(start, 0):
        client.force_login(world.kam_a)
        assert client.get(reverse("dashboard")).status_code == 200
    with _at(start, 31):
        response = client.get(reverse("candidates:list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "logget ut etter 30 minutter uten aktivitet" in page


def test_activity_keeps_a_staff_session_alive(client, world, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    start = timezone.now()
    for minutes in (0, 20, 40, 60, 80):
        with _at(start, minutes):
            if minutes == 0:
                client.force_login(world.kam_a)
            assert client.get(reverse("dashboard")).status_code == 200, minutes


def test_a_contact_is_not_held_to_the_staff_idle_limit_but_to_the_absolute_one(client, world, settings):
    settings.SESSION_ABSOLUTE_HOURS = 12
    start = timezone.now()
    with _at(start, 0):
        client.force_login(world.contact_other)
    with _at(start, 120):
        assert client.get(reverse("profile")).status_code == 200
    with _at(start, 12 * 60 + 1):
        assert client.get(reverse("profile"))["Location"].startswith(reverse("login"))


def test_even_an_active_staff_session_ends_at_the_absolute_limit(client, world, settings):
    settings.SESSION_ABSOLUTE_HOURS = 2
    start = timezone.now()
    for minutes in range(0, 120, 20):
        with _at(start, minutes):
            if minutes == 0:
                client.force_login(world.kam_a)
            assert client.get(reverse("dashboard")).status_code == 200
    with _at(start, 121):
        response = client.get(reverse("dashboard"), follow=True)
        assert "Du har vært logget inn i 2 timer" in response.content.decode()


def test_signed_in_pages_and_pdfs_are_not_stored_by_browsers(client, world):
    client.force_login(world.kam_a)
    for url in (reverse("dashboard"), reverse("candidates:list")):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control
