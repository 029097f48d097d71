"""Every page type fits the screen: each GET page of the access matrix, as the first persona who may see it, at a
390 px phone and a 1280 px laptop, with a long employer name and a long user name, must not be wider than the
window (wide tables scroll inside their own box); at 1280 px the main navigation is one row.
"""

import os

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from recruitment.models import Employer
from tests.access.matrix import ROLES
from tests.conftest import build_world
from tests.e2e.conftest import check_a11y, screenshot
from tests.e2e.test_every_page_is_accessible import PAGES, _login_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_EMPLOYER = "Vestlandetssjømatforedlingsogfiskeeksportsamvirkelagetsavdelingbergen AS"
LONG_PERSON = "Kristine Margrethe Sjøberg-Halvorsen Tangen-Øvrebø"
WIDTHS = (390, 1280)

OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.querySelectorAll("body *")) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && !el.closest(".table-scroll, .table-responsive")) {
        const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + el.className;
        wide.push(name + " " + Math.round(box.right));
      }
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 8)};
}"""

NAV_ROWS = """() => {
  const items = [...document.querySelectorAll("#main-nav > ul > li")].filter((li) => li.offsetParent !== null);
  const tops = items.map((li) => li.getBoundingClientRect().top).sort((a, b) => a - b);
  return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 20).length;
}"""


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.name)
def test_the_page_fits_a_phone_and_a_laptop_without_sideways_scrolling(entry, page, live_server):
    world = build_world()
    Employer.objects.filter(pk=world.employer_a.pk).update(name=LONG_EMPLOYER)
    world.employer_a.name = LONG_EMPLOYER
    role = next(r for r in ROLES if entry.expected[r] == 200)
    url = reverse(entry.name, kwargs=entry.kwargs(world) if entry.kwargs else None)
    user = world.persona(role)
    client = Client()
    if user is not None:
        user.full_name = LONG_PERSON
        user.save(update_fields=["full_name"])
        client.force_login(user)
    if not client.get(url)["Content-Type"].startswith("text/html"):
        pytest.skip(f"{entry.name} is not an HTML page")
    if user is not None:
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": _login_cookie(user), "url": live_server.url}]
        )
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "nb", "url": live_server.url}])
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(live_server.url + url)
        assert response.status == 200, f"{url} as {role}: {response.status}"
        page.wait_for_load_state("load")
        measured = page.evaluate(OVERFLOW)
        if os.environ.get("E2E_SCREENSHOTS"):  # to look at the pages: test-artifacts/fits-*.png
            screenshot(page, f"fits-{entry.name.replace(':', '-')}-{width}")
        if measured["scrollWidth"] > measured["innerWidth"]:
            shot = screenshot(page, f"overflow-{entry.name.replace(':', '-')}-{width}")
            pytest.fail(
                f"{url} as {role} at {width} px is {measured['scrollWidth']} px wide: {measured['wide']} ({shot})"
            )
        if width == 1280 and user is not None:
            assert page.evaluate(NAV_ROWS) <= 1, f"{url}: the navigation wraps at 1280 px"
        if width == 390:
            check_a11y(page, f"fits-{entry.name.replace(':', '-')}-{width}")
