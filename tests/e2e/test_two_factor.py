"""Two-factor sign-in in the browser: a KAM's first login enrols an authenticator app from the QR page,
the next login asks for a code, a recovery code works once, and the admin site is behind the same factor."""

import base64
import time

import pytest
from django_otp.oath import TOTP

from tests.e2e.conftest import check_a11y, enter_second_factor, login
from tests.factories import PASSWORD, UserFactory
from tests.twofactor import fresh_totp_code, totp_device_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _code_from(secret: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app holding `secret` shows (`steps_ahead` 30-s steps later)."""
    generator = TOTP(base64.b32decode(secret))
    generator.time = time.time() + 30 * steps_ahead
    return str(generator.token()).zfill(6)


def _log_out(page):
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state()


def test_a_kams_first_login_enrols_totp_then_every_login_needs_a_code_or_a_recovery_code_once(page, live_server, world):
    login(page, live_server, world.kam_a.email, PASSWORD, second_factor=False)
    assert "/two-factor/setup/" in page.url
    assert page.locator("main figure svg").is_visible()
    check_a11y(page, "two-factor-setup-nb")
    secret = page.get_by_test_id("totp-secret").inner_text()

    page.get_by_label("Den sekssifrede koden appen viser").fill(_code_from(secret))
    page.get_by_role("button", name="Slå på tofaktor-innlogging").click()
    page.wait_for_load_state()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    check_a11y(page, "two-factor-recovery-codes-nb")
    page.get_by_role("link", name="Jeg har tatt vare på kodene – fortsett").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Velkommen")

    # The next login needs a code: the password alone reaches no page.
    _log_out(page)
    login(page, live_server, world.kam_a.email, PASSWORD, second_factor=False)
    assert "/two-factor/verify/" in page.url
    page.goto(f"{live_server.url}/candidates/")
    assert "/two-factor/verify/" in page.url
    enter_second_factor(page, "000000")
    assert "Koden er feil" in page.locator("main").inner_text()
    time.sleep(1.1)  # django-otp's throttle after a wrong code
    enter_second_factor(page, _code_from(secret, steps_ahead=1))  # the enrolment used this step's code
    assert page.url.endswith("/candidates/")

    # A recovery code works once.
    _log_out(page)
    login(page, live_server, world.kam_a.email, PASSWORD, second_factor=False)
    enter_second_factor(page, codes[0])
    assert "9 er igjen" in page.locator("main").inner_text()
    _log_out(page)
    login(page, live_server, world.kam_a.email, PASSWORD, second_factor=False)
    enter_second_factor(page, codes[0])
    assert "/two-factor/verify/" in page.url
    assert "allerede brukt" in page.locator("main").inner_text()


def test_the_admin_site_needs_the_second_factor_too(page, live_server, world):
    superuser = UserFactory(email="root@example.no", full_name="Rot Bruker", is_staff=True, is_superuser=True)
    device = totp_device_for(superuser)
    page.goto(f"{live_server.url}/admin/")
    assert "/login/" in page.url and "/admin/login/" not in page.url
    form = page.locator("main form")
    form.locator("input[name=username]").fill(superuser.email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
    assert "/two-factor/verify/" in page.url
    page.goto(f"{live_server.url}/admin/accounts/user/")
    assert "/two-factor/verify/" in page.url
    enter_second_factor(page, fresh_totp_code(device))
    assert page.url.endswith("/admin/accounts/user/")
    assert page.get_by_text("root@example.no").first.is_visible()
