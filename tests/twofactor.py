"""Second-factor helpers for tests: a known TOTP secret and codes computed from it."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

# RFC 6238's test secret ("12345678901234567890"), hex as django-otp stores it.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def needs_second_factor(user) -> bool:
    """Uncached (unlike principal_for), so a test that changes roles later sees no stale principal."""
    return bool(
        user.is_staff
        or user.is_superuser
        or user.memberships.exists()
        or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def totp_device_for(user, key: str = TEST_TOTP_KEY) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=True)
    return device


def totp_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The code an authenticator app shows now for this device's secret."""
    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    if at is not None:
        generator.time = at
    return str(generator.token()).zfill(device.digits)


def fresh_totp_code(device: TOTPDevice) -> str:
    """A code the device has not accepted yet (django-otp refuses a code's reuse within its time step)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return totp_code(device, at=time.time())
