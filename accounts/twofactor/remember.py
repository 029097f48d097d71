"""'Remember this browser': a signed cookie naming the user and the device that verified them.

It expires after `remember_days()` and stops working when the device is replaced (its key is hashed in).
"""

import hashlib

from django.conf import settings
from django.core import signing

from accounts.twofactor.services import remember_days, totp_device_confirmed

COOKIE = "kp_2fa_browser"
SALT = "accounts.twofactor.remember"


def _fingerprint(device) -> str:
    return hashlib.sha256(f"{device.pk}:{device.key}".encode()).hexdigest()[:32]


def remember_browser(response, *, user, device) -> None:
    days = remember_days()
    if not days or device is None or not hasattr(device, "key"):
        return
    value = signing.dumps({"u": user.pk, "f": _fingerprint(device)}, salt=SALT)
    response.set_cookie(
        COOKIE,
        value,
        max_age=days * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def remembered_device(request, *, user):
    """The user's TOTP device if this browser carries a valid, unexpired cookie for it."""
    days = remember_days()
    raw = request.COOKIES.get(COOKIE)
    if not days or not raw:
        return None
    try:
        data = signing.loads(raw, salt=SALT, max_age=days * 24 * 3600)
    except signing.BadSignature:
        return None
    if data.get("u") != user.pk:
        return None
    device = totp_device_confirmed(user=user)
    if device is None or data.get("f") != _fingerprint(device):
        return None
    return device
