"""django-axes: lockout by (e-mail, IP), and against spraying by e-mail across IPs and by IP across e-mails.

axes counts failures per (lower-cased e-mail, IP address) and locks that pair after AXES_FAILURE_LIMIT.
`SprayAwareLockoutHandler` also locks an account after LOCKOUT_ACCOUNT_FAILURE_LIMIT failures from any
addresses, and an address after LOCKOUT_IP_FAILURE_LIMIT failures over any accounts, within the same
cool-off window, from the same AccessAttempt rows. `request.lockout_reason` tells the page which.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def lockout_username(request, credentials) -> str | None:
    username = (credentials or {}).get("username")
    if username is None and request is not None and request.method == "POST":
        username = request.POST.get("username")
    return username.strip().lower() if username else None


class SprayAwareLockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            request.lockout_reason = "account"
            return True
        reason = self.spray_lockout(request, credentials)
        if reason:
            request.lockout_reason = reason
        return reason is not None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False):
            reason = self.spray_lockout(request, credentials)
            if reason:
                request.lockout_reason = reason
                request.axes_locked_out = True
                request.axes_credentials = credentials

    @staticmethod
    def spray_lockout(request, credentials=None) -> str | None:
        """ "account" or "ip" when failures across addresses or across accounts reach their limit."""
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        username = get_client_username(request, credentials)
        if username and _failures(recent.filter(username=username)) >= settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT:
            return "account"
        ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
        if ip_address and _failures(recent.filter(ip_address=ip_address)) >= settings.LOCKOUT_IP_FAILURE_LIMIT:
            return "ip"
        return None


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
