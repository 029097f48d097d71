"""Language: the signed-in user's choice, else the language cookie, else Norwegian bokmål.

Browsers' Accept-Language is deliberately ignored: the portal is Norwegian first,
and English is one click away.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_vary_headers

from kamportal.lib.context import REQUEST_ID_HEADER, clean_request_id, set_user, work_context

SUPPORTED = {code for code, _ in settings.LANGUAGES}


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def _language_for(request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in SUPPORTED:
            return user.language
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie in SUPPORTED:
            return cookie
        return settings.LANGUAGE_CODE


class WorkContextMiddleware:
    """Holds who/where for this request (kamportal.lib.context) and echoes the request id as X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with work_context(
            "request",
            user=getattr(request, "user", None),
            ip=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            request_id=clean_request_id(request.headers.get(REQUEST_ID_HEADER)),
        ) as context:
            response = self.get_response(request)
        response.headers.setdefault(REQUEST_ID_HEADER, context.request_id)
        return response


@receiver(user_logged_in)
def _context_signed_in(sender, request, user, **kwargs):
    set_user(user)


@receiver(user_logged_out)
def _context_signed_out(sender, request, user, **kwargs):
    set_user(None)
