"""The access policy: every rule about who may see or do what lives in this package.

Views never write their own checks. They fetch objects through a scoper
(`<things>_visible_to(user)`) or a `get_<thing>_for_user(user, key, write=...)`
helper, so an object the user may not see answers 404, and an action the user
may not take on an object they can see answers 403.

Submodules hold the rules per domain, each with its `__all__`; this package
re-exports them so callers import from `accounts.policy` only.
"""

from . import (
    candidates,
    client_team,
    employers,
    exports,
    mapping,
    notifications,
    placement_records,
    placements,
    portal,
    principal,
    privacy,
    recruitments,
    retention,
    statistics,
    targets,
    users,
)
from .candidates import *  # noqa: F403
from .client_team import *  # noqa: F403
from .employers import *  # noqa: F403
from .exports import *  # noqa: F403
from .mapping import *  # noqa: F403
from .notifications import *  # noqa: F403
from .placement_records import *  # noqa: F403
from .placements import *  # noqa: F403
from .portal import *  # noqa: F403
from .principal import *  # noqa: F403
from .privacy import *  # noqa: F403
from .recruitments import *  # noqa: F403
from .retention import *  # noqa: F403
from .statistics import *  # noqa: F403
from .targets import *  # noqa: F403
from .users import *  # noqa: F403

__all__ = [
    name
    for module in (
        candidates,
        client_team,
        employers,
        exports,
        mapping,
        notifications,
        placement_records,
        placements,
        portal,
        principal,
        privacy,
        recruitments,
        retention,
        statistics,
        targets,
        users,
    )
    for name in module.__all__
]


def __getattr__(name: str):
    """The view decorators live in accounts.view_guards (they take the HTTP request, which the policy never
    does); `policy.require_role` and `from accounts.policy import require_role` keep working."""
    if name in ("require_role", "require_terms_accepted"):
        from accounts import view_guards

        return getattr(view_guards, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
