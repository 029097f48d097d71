"""On a 390 px wide phone: the search box in the menu finds "Bergen Sjømat" typed without ø, and the region
coordinator's statistics draw their charts (vendored Chart.js under the strict CSP) beside their tables."""

import pytest

from accounts.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import check_a11y, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def no_horizontal_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_kam_searches_from_the_menu_on_a_phone(page, live_server):
    seed_demo()
    page.set_viewport_size(PHONE)
    login(page, live_server, "ingrid.haugland@fjordtiltak.demo.no", DEMO_PASSWORD)
    page.get_by_role("button", name="Vis meny").click()
    box = page.get_by_role("searchbox", name="Søk i portalen")
    box.fill("Bergen Sjomat")
    box.press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Søk"
    assert page.locator("#search-employers").get_by_role("link", name="Bergen Sjømat AS").is_visible()
    assert no_horizontal_scrolling(page)
    check_a11y(page, "search-results-phone")


def test_the_coordinator_sees_charts_and_tables_on_a_phone(page, live_server):
    seed_demo()
    page.set_viewport_size(PHONE)
    login(page, live_server, "randi.fosse@vestland.demo.no", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/statistics/?start=2020-01-01&granularity=year")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Statistikk"
    page.wait_for_function("typeof Chart !== 'undefined'")
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => !!Chart.getChart(c) && c.width > 0)"
    )
    assert drawn == [True, True, True]
    assert page.locator("#table-funnel").is_visible()
    assert no_horizontal_scrolling(page)
    check_a11y(page, "statistics-phone")
    page.get_by_role("link", name="Bedriftenes tilfredshet (NPS)").click()
    page.wait_for_load_state()
    assert "/statistics/satisfaction/" in page.url
