"""On a 390 px wide phone: the provider admin sets a KAM's yearly targets (a negative figure refused first, with
its message), the page passes axe and does not scroll sideways, and the KAM's home shows the progress bars."""

import pytest

from accounts.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import check_a11y, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def no_horizontal_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_admin_sets_targets_and_the_kam_sees_them_on_a_phone(page, live_server):
    from recruitment.models import YearlyTarget

    seed_demo()
    page.set_viewport_size(PHONE)
    login(page, live_server, "kari.solvberg@fjordtiltak.demo.no", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/employers/targets/")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Mål ")
    assert page.locator("#targets").get_by_role("rowheader", name="Ingrid Haugland").is_visible()
    assert no_horizontal_scrolling(page)
    check_a11y(page, "targets-list-phone")

    page.get_by_role("link", name="Endre målet til Ingrid Haugland").click()
    page.wait_for_load_state()
    page.get_by_label("Plasseringer (ansatt)").fill("-2")
    page.get_by_label("Nye rekrutteringsavtaler").fill("3")
    page.get_by_label("Kvartalsmøter holdt").fill("8")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Et mål kan ikke være negativt.").is_visible()
    assert YearlyTarget.objects.count() == 0
    assert no_horizontal_scrolling(page)
    check_a11y(page, "targets-edit-refused-phone")

    page.get_by_label("Plasseringer (ansatt)").fill("4")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Målene er lagret.").is_visible()
    target = YearlyTarget.objects.get()
    assert (target.kam.full_name, target.placements, target.agreements, target.meetings) == ("Ingrid Haugland", 4, 3, 8)

    page.context.clear_cookies()
    login(page, live_server, "ingrid.haugland@fjordtiltak.demo.no", DEMO_PASSWORD)
    page.wait_for_load_state()
    block = page.locator("#kam-targets")
    assert block.get_by_role("progressbar").count() == 3
    assert block.locator('[data-measure="placements"] [data-target="4"]').is_visible()
    assert no_horizontal_scrolling(page)
    check_a11y(page, "kam-home-targets-phone")
