"""The access matrix: for every URL pattern, what each persona gets.

Each app declares its URLs in `tests/access/expectations/<app>.py` as a list
`ENTRIES` of `Entry`. The matrix test enumerates every URL pattern from the
resolver; a pattern with no entry fails the suite with its name.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = [
    "anonymous",
    "kam_a",
    "advisor_a",
    "team_a",
    "admin_a",
    "kam_b",
    "advisor_b",
    "admin_b",
    "coordinator",
    "kam_other",
    "contact",
    "contact_other",
    "outsider",
]
STAFF_ROLES = ["kam_a", "advisor_a", "team_a", "admin_a", "kam_b", "advisor_b", "admin_b", "coordinator", "kam_other"]

LOGIN = "302-login"  # redirect to the portal's login page
ADMIN_LOGIN = "302-admin-login"  # redirect to the admin site's login page
REDIRECT = "302"  # any redirect that is not to a login page


def expect(default, **overrides) -> dict:
    """`expect(404, kam_a=200)`: every role gets the default unless named. Unknown roles are an error.

    `contact_other` (a contact of another employer) and `team_a` (an advisor at provider A on employer A's
    client team) are left out unless named: `complete` derives them.
    """
    unknown = set(overrides) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles in expectation: {sorted(unknown)}")
    return {role: overrides.get(role, default) for role in ROLES if role not in DERIVED or role in overrides}


DERIVED = ("contact_other", "team_a")


def complete(expected: dict, *, names_an_object: bool) -> dict:
    """A contact of another employer gets 404 on every page of an object that `contact` is let into (where
    the anonymous are not), and otherwise the same answer as `contact`, unless the entry names `contact_other`.
    A client-team member gets what `advisor_a` gets (the same role at the same provider) unless named."""
    expected = {**expected}
    if "team_a" not in expected:
        expected["team_a"] = expected["advisor_a"]
    if "contact_other" in expected:
        return expected
    contact = expected["contact"]
    let_in = contact in (200, REDIRECT) and expected["anonymous"] != contact
    other = 404 if names_an_object and let_in else contact
    return {**expected, "contact_other": other}


def signed_in(default, **overrides) -> dict:
    """Anonymous users are sent to log in; signed-in users get `default` unless named."""
    return expect(default, anonymous=LOGIN, **overrides)


@dataclass(frozen=True)
class Entry:
    name: str  # "namespace:name" as reverse() takes it
    expected: dict
    method: str = "get"
    kwargs: Callable | None = None  # world -> dict of URL kwargs
    data: Callable | None = None  # world -> POST data
    note: str = ""
    extra_checks: list = field(default_factory=list)

    def __post_init__(self):
        object.__setattr__(self, "expected", complete(self.expected, names_an_object=self.kwargs is not None))


@dataclass(frozen=True)
class UrlInfo:
    name: str | None  # qualified "namespace:name", or None for an unnamed pattern
    route: str  # the whole route from the root, converters left in
    namespace: str | None  # the top-level namespace, if any


def iter_urls(patterns=None, namespace: str | None = None, prefix: str = "", top: str | None = None):
    """Yield a UrlInfo for every URL pattern in the project (or in `patterns`)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            child_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from iter_urls(pattern.url_patterns, child_ns, prefix + str(pattern.pattern), top or ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            qualified = f"{namespace}:{name}" if (namespace and name) else name
            yield UrlInfo(qualified, prefix + str(pattern.pattern), top)


def undeclared_urls(declared: set[str], namespaces: set[str], patterns=None) -> list[str]:
    """Names (or routes of unnamed patterns) that the matrix does not declare."""
    missing = []
    for info in iter_urls(patterns):
        if info.namespace in namespaces:
            continue
        if info.name is None:
            missing.append(f"<unnamed pattern {info.route!r}>")
        elif info.name not in declared:
            missing.append(info.name)
    return missing
