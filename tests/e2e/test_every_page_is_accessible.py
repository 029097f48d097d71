"""axe-core on every page of the access matrix: each GET URL, as the first persona who may see it, under the
strict Content-Security-Policy (the `no_csp_violations` fixture fails a page whose resources the browser refused)."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.access.expectations import all_entries
from tests.access.matrix import ROLES
from tests.conftest import build_world
from tests.e2e.conftest import check_a11y
from tests.kamportal.test_security_headers import assert_strict_csp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Not pages: /health/ answers load balancers in JSON (and is an async view, which the test client cannot call
# while Playwright's event loop runs in this thread).
PROBES = {"health"}
PAGES = [
    entry
    for entry in all_entries()
    if entry.method == "get" and 200 in entry.expected.values() and entry.name not in PROBES
]


def _login_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.name)
def test_the_page_has_no_serious_accessibility_violation(entry, page, live_server):
    world = build_world()
    role = next(r for r in ROLES if entry.expected[r] == 200)
    url = reverse(entry.name, kwargs=entry.kwargs(world) if entry.kwargs else None)
    if entry.data:  # a GET entry's data is its query string (a search, an export's ?format=)
        url += "?" + urlencode(entry.data(world))
    user = world.persona(role)
    client = Client()
    if user is not None:
        client.force_login(user)
    if not client.get(url)["Content-Type"].startswith("text/html"):
        pytest.skip(f"{entry.name} is not an HTML page")
    if user is not None:
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": _login_cookie(user), "url": live_server.url}]
        )
    for language in ("nb", "en"):
        page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        if user is not None and user.language != language:
            user.language = language
            user.save(update_fields=["language"])
        response = page.goto(live_server.url + url)
        assert response.status == 200, f"{url} as {role}: {response.status}"
        assert_strict_csp(response.headers["content-security-policy"], url)
        assert page.locator("html").get_attribute("lang") == language
        check_a11y(page, f"axe-{entry.name.replace(':', '-')}-{language}")
