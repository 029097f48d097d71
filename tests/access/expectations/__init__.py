"""Collects ENTRIES from every module in this package and NAMESPACE_RULES for whole namespaces."""

import importlib
import pkgutil

from tests.access.matrix import ADMIN_LOGIN, LOGIN, REDIRECT, expect

# Namespaces checked as a whole: every pattern in them gets the same answer.
# Maps namespace -> (expectation for every pattern, {qualified name: expectation} exceptions).
NAMESPACE_RULES = {
    # No persona is a Django admin user, so every admin page sends them to the admin login,
    # except the admin login page itself, which hands over to the portal's login (and its second
    # factor); GET on admin logout redirects.
    "admin": (
        expect(ADMIN_LOGIN),
        {"admin:login": expect(LOGIN), "admin:logout": expect(REDIRECT)},
    ),
}


def all_entries():
    entries = []
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        entries.extend(getattr(module, "ENTRIES", []))
    return entries
