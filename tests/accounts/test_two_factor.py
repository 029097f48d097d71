"""Two-factor sign-in: staff must enrol and verify; contacts may opt in; the admin is behind it too."""

import base64
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor.remember import COOKIE
from tests.factories import PASSWORD, UserFactory
from tests.twofactor import fresh_totp_code, totp_device_for

pytestmark = [pytest.mark.django_db, pytest.mark.unverified_login]


def _password_login(client, user, **extra):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD}, **extra)


def _verify(client, token, **data):
    return client.post(reverse("two_factor_verify"), {"token": token, "next": "/", **data})


def test_a_kam_without_a_device_is_sent_to_enrolment_and_sees_nothing_before(client, world):
    _password_login(client, world.kam_a)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    assert client.get(reverse("candidates:list")).status_code == 302
    assert client.post(reverse("notifications_read_all")).status_code == 302


def test_enrolment_shows_an_inline_qr_code_and_a_code_from_the_secret_turns_it_on(client, world):
    _password_login(client, world.kam_a)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page and "otpauth" not in re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    assert "<img" not in page.split("<main", 1)[1]
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', page).group(1)
    wrong = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert "Koden er feil eller utløpt" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=world.kam_a, confirmed=True).exists()
    # django-otp throttles after a wrong code (1 s, doubling); a person would not retype within it.
    TOTPDevice.objects.filter(user=world.kam_a).update(throttling_failure_count=0)

    code = str(TOTP(base64.b32decode(secret)).token()).zfill(6)
    response = client.post(reverse("two_factor_setup"), {"token": code, "next": "/"})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_kam_with_a_device_needs_a_code_and_cannot_enrol_another_device_without_it(client, world):
    device = totp_device_for(world.kam_a)
    _password_login(client, world.kam_a)
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("two_factor_verify"))
    assert client.get(reverse("two_factor_setup"))["Location"].startswith(reverse("two_factor_verify"))
    wrong = _verify(client, "123456")
    assert "Koden er feil" in wrong.content.decode()
    assert _verify(client, fresh_totp_code(device))["Location"] == "/"  # fresh_…: clears the 1 s throttle too
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_recovery_code_works_once(client, world):
    from accounts.twofactor.services import recovery_codes_replace

    totp_device_for(world.kam_a)
    code = recovery_codes_replace(user=world.kam_a)[0]
    _password_login(client, world.kam_a)
    assert _verify(client, code.upper())["Location"] == "/"
    assert StaticToken.objects.filter(device__user=world.kam_a).count() == 9
    client.post(reverse("logout"))
    _password_login(client, world.kam_a)
    assert "Koden er feil" in _verify(client, code).content.decode()


def test_every_staff_role_and_an_admin_site_user_needs_the_second_factor(client, world):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    for user in (world.advisor_a, world.admin_a, world.coordinator, world.kam_other, superuser):
        client.post(reverse("logout"))
        _password_login(client, user)
        assert client.get(reverse("profile"))["Location"].startswith(reverse("two_factor_setup")), user


def test_the_admin_site_signs_in_through_the_portal_and_needs_the_second_factor(client, world):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    device = totp_device_for(superuser)
    assert client.get("/admin/")["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("admin:login") + "?next=/admin/")["Location"] == "/login/?next=%2Fadmin%2F"
    _password_login(client, superuser)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))
    _verify(client, fresh_totp_code(device))
    assert client.get("/admin/").status_code == 200


def test_a_contact_needs_no_second_factor_until_opting_in(client, world):
    _password_login(client, world.contact_other)
    assert client.get(reverse("profile")).status_code == 200
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=world.contact_other)
    client.post(reverse("two_factor_setup"), {"token": fresh_totp_code(device)})
    client.post(reverse("logout"))
    _password_login(client, world.contact_other)
    assert client.get(reverse("profile"))["Location"].startswith(reverse("two_factor_verify"))
    _verify(client, fresh_totp_code(device))
    client.post(reverse("two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=world.contact_other).exists()


def test_staff_cannot_turn_the_second_factor_off(client, world):
    device = totp_device_for(world.kam_a)
    _password_login(client, world.kam_a)
    _verify(client, fresh_totp_code(device))
    response = client.post(reverse("two_factor_disable"), follow=True)
    assert "kan ikke slås av" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.kam_a).exists()


def test_a_remembered_browser_skips_the_code_until_the_cookie_expires(client, world, settings):
    settings.TWO_FACTOR_REMEMBER_DAYS = 7
    device = totp_device_for(world.kam_a)
    _password_login(client, world.kam_a)
    response = _verify(client, fresh_totp_code(device), remember="on")
    assert response.cookies[COOKIE]["max-age"] == 7 * 24 * 3600
    client.post(reverse("logout"))
    _password_login(client, world.kam_a)
    assert client.get(reverse("dashboard")).status_code == 200

    client.post(reverse("logout"))
    with time_machine.travel(timezone.now() + timezone.timedelta(days=8)):
        _password_login(client, world.kam_a)
        assert client.get(reverse("dashboard"))["Location"].startswith(reverse("two_factor_verify"))


def test_the_remember_setting_is_capped(client, world, settings):
    settings.TWO_FACTOR_REMEMBER_DAYS = 365
    device = totp_device_for(world.kam_a)
    _password_login(client, world.kam_a)
    response = _verify(client, fresh_totp_code(device), remember="on")
    assert response.cookies[COOKIE]["max-age"] == settings.TWO_FACTOR_REMEMBER_MAX_DAYS * 24 * 3600


def test_a_remembered_browser_of_a_replaced_device_or_another_user_counts_for_nothing(client, world):
    device = totp_device_for(world.kam_a)
    _password_login(client, world.kam_a)
    cookie = _verify(client, fresh_totp_code(device), remember="on").cookies[COOKIE].value
    client.post(reverse("logout"))
    device.delete()
    totp_device_for(world.kam_a, key="00" * 20)
    client.cookies[COOKIE] = cookie
    _password_login(client, world.kam_a)
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("two_factor_verify"))

    client.post(reverse("logout"))
    totp_device_for(world.kam_b)
    client.cookies[COOKIE] = cookie
    _password_login(client, world.kam_b)
    assert client.get(reverse("dashboard"))["Location"].startswith(reverse("two_factor_verify"))


def test_new_recovery_codes_replace_the_old_ones(client, world):
    from accounts.twofactor.services import recovery_codes_replace

    device = totp_device_for(world.kam_a)
    old = recovery_codes_replace(user=world.kam_a)
    _password_login(client, world.kam_a)
    _verify(client, fresh_totp_code(device))
    page = client.post(reverse("two_factor_recovery_codes")).content.decode()
    new = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=world.kam_a, token=old[0]).count() == 0


@pytest.mark.parametrize("language,text", [("nb", "Tofaktor-innlogging"), ("en", "Two-factor sign-in")])
def test_the_verify_page_speaks_both_languages(client, world, settings, language, text):
    totp_device_for(world.kam_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    world.kam_a.language = language
    world.kam_a.save(update_fields=["language"])
    _password_login(client, world.kam_a)
    assert text in client.get(reverse("two_factor_verify")).content.decode()


def test_the_shared_fixture_gives_staff_a_verified_session_unless_marked(world):
    from django.test import Client

    client = Client()
    client.force_login(world.kam_a)
    assert client.get(reverse("dashboard")).status_code == 302  # this module is marked unverified_login


def test_the_demo_prints_its_second_factor_and_its_staff_can_use_it(client, capsys):
    from django.core.management import call_command

    from accounts.demo import DEMO_RECOVERY_CODES, DEMO_TOTP_SECRET
    from accounts.models import User

    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in out and DEMO_RECOVERY_CODES[0] in out
    kam = User.objects.get(email="ingrid.haugland@fjordtiltak.demo.no")
    client.post(reverse("login"), {"username": kam.email, "password": "demo-passord-2026"})
    code = str(TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token()).zfill(6)
    assert _verify(client, code)["Location"] == "/"
    client.post(reverse("logout"))
    contact = User.objects.get(email__endswith="bergen.demo.no")
    client.post(reverse("login"), {"username": contact.email, "password": "demo-passord-2026"})
    assert client.get(reverse("profile")).status_code == 200  # contacts have not opted in


def test_the_demo_code_command_prints_the_code_of_the_demo_secret(capsys):
    from django.core.management import call_command

    from accounts.demo import DEMO_TOTP_SECRET

    call_command("demo_totp_code")
    printed = capsys.readouterr().out.strip()
    generator = TOTP(base64.b32decode(DEMO_TOTP_SECRET))
    now = generator.time
    codes = set()
    for moment in (now - 30, now):  # the 30-s step may have turned between the command and here
        generator.time = moment
        codes.add(str(generator.token()).zfill(6))
    assert printed in codes
