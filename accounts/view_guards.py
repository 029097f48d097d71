"""View decorators that put the access policy in front of a view: HTTP lives here, the rules in accounts.policy."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect

from accounts.policy.portal import contact_has_accepted_terms, terms_url
from accounts.policy.principal import principal_for


def require_role(*checks: str):
    """View decorator: anonymous users go to login, signed-in users without one of the roles get 403.

    `checks` are Principal attribute names such as "is_kam" or "is_advisor".
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            principal = principal_for(request.user)
            if checks and not any(getattr(principal, check) for check in checks):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def require_terms_accepted(view):
    """View decorator: an employer contact who has not accepted the current terms goes to the terms page.

    Staff users pass through (their access is the policy's other rules). Put it under
    `require_role(...)`, which sends anonymous users to log in first.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if principal_for(user).is_employer_contact and not contact_has_accepted_terms(user):
            next_path = request.get_full_path() if request.method == "GET" else ""
            return HttpResponseRedirect(terms_url(next_path))
        return view(request, *args, **kwargs)

    return wrapper
