"""Sends a signed-in user who needs a second factor and has not given it to enrolment or verification.

Sits after django-otp's OTPMiddleware; every page (the admin site too) is behind it except the
sign-in pages themselves, logout, the language switch and static files.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.twofactor.services import second_factor_required, totp_device_confirmed

EXEMPT_URL_NAMES = (
    "two_factor_setup",
    "two_factor_verify",
    "logout",
    "login",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def _exempt_paths(self) -> tuple[str, ...]:
        if self._exempt is None:
            self._exempt = (*(reverse(name) for name in EXEMPT_URL_NAMES), settings.STATIC_URL, "/password-reset/")
        return self._exempt

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path_info.startswith(self._exempt_paths())
            and second_factor_required(user)
        ):
            target = "two_factor_verify" if totp_device_confirmed(user=user) else "two_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
