"""The work queue in a browser at phone width (390 px): the KAM, the supplying KAM, the advisor, the contact and the
region coordinator each see their home page with the expected count; the KAM follows an item's link to the page
that resolves it, resolves it there, and the item is gone from the home page."""

import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from tests.e2e.conftest import check_a11y
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.work_queue_scenario import NOW, build_scenario

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EXPECTED = {"kam_a": 11, "kam_b": 3, "advisor_a": 6, "contact_user": 4}


def _as(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "nb", "url": live_server.url},
        ]
    )


WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.table-responsive'))
    .slice(0, 8).map(e => `${e.tagName}.${e.className} #${e.id} ${e.getBoundingClientRect().width}`)"""


def _fits(page):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    wide = page.evaluate(WIDE_ELEMENTS)
    assert width <= 390, f"{page.url} is {width} px wide: {wide}"


def test_each_role_sees_its_queue_at_phone_width_and_resolving_an_item_removes_it(page, live_server, world):
    with time_machine.travel(NOW, tick=True):
        build_scenario(world)
        accept_terms(world.contact_user)
        page.set_viewport_size({"width": 390, "height": 844})
        for name, count in EXPECTED.items():
            user = getattr(world, name)
            _as(page, live_server, user)
            page.goto(live_server.url + ("/portal/" if name == "contact_user" else "/"))
            assert page.locator("#work-queue-count").inner_text() == str(count), name
            assert page.locator("#work-queue li").count() == count
            _fits(page)
            check_a11y(page, f"work-queue-{name}")

        _as(page, live_server, world.coordinator)
        page.goto(live_server.url + "/")
        assert page.locator("#overview-figures dd").count() == 4
        assert page.locator("#work-queue").count() == 0
        _fits(page)
        check_a11y(page, "work-queue-coordinator")

        # The KAM follows the "proposals to review" item and decides both proposals there.
        _as(page, live_server, world.kam_a)
        page.goto(live_server.url + "/")
        page.locator('#work-queue li[data-kind="proposals_to_review"] a').click()
        page.wait_for_load_state()
        assert re.search(r"/recruitments/[0-9a-f-]+/proposals/$", page.url)
        _fits(page)
        for _ in range(2):
            form = page.locator("form[action$='/decide/']").first
            form.locator("input[value='not_shortlist']").check()
            form.locator("textarea[name=feedback]").fill("Ikke aktuell nå")
            form.locator("button[type=submit]").click()
            page.wait_for_load_state()
        page.goto(live_server.url + "/")
        assert page.locator('#work-queue li[data-kind="proposals_to_review"]').count() == 0
        assert page.locator("#work-queue-count").inner_text() == str(EXPECTED["kam_a"] - 1)
