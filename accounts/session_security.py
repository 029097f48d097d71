"""Session limits and response headers for signed-in pages.

- Staff are signed out after STAFF_SESSION_IDLE_MINUTES without a request; everyone after
  SESSION_ABSOLUTE_HOURS from their login, however active.
- Every response to a signed-in user is `Cache-Control: no-store` (pages, PDFs and exports show
  personal data; none may stay in a browser or proxy cache).
- PERMISSIONS_POLICY, when set, is sent on every response.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.twofactor.services import second_factor_required_by_role

LOGIN_AT = "kp_login_at"
LAST_SEEN = "kp_last_seen"
LAST_SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute for the idle clock


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[LAST_SEEN] = now


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expired(request, user)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _expired(request, user) -> str | None:
        session, now = request.session, int(time.time())
        login_at = session.get(LOGIN_AT)
        if login_at is None:  # a session from before these limits: start its clocks now
            session[LOGIN_AT] = session[LAST_SEEN] = now
            return None
        if now - login_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
            return _("You have been signed in for %(hours)s hours. Please log in again.") % {
                "hours": settings.SESSION_ABSOLUTE_HOURS
            }
        last_seen = session.get(LAST_SEEN, login_at)
        idle_limit = settings.STAFF_SESSION_IDLE_MINUTES * 60
        if now - last_seen > idle_limit and second_factor_required_by_role(user):
            return _("You were logged out after %(minutes)s minutes without activity. Please log in again.") % {
                "minutes": settings.STAFF_SESSION_IDLE_MINUTES
            }
        if now - last_seen >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN] = now
        return None


class PrivateResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
