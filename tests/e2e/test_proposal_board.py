"""The recruitment board on a 390 px phone: the columns stack (no sideways scrolling of the page, nor of the board),
the coordinating KAM ticks two cards with the keyboard-usable checkboxes and shortlists them; axe on each page."""

import pytest
from django.conf import settings
from django.test import Client

from recruitment.models import Submission, SubmissionStatus
from tests.e2e.conftest import check_a11y
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

LAYOUT = """() => {
  const board = document.querySelector(".proposal-board");
  const style = getComputedStyle(board);
  const columns = [...board.querySelectorAll(":scope > .board-column")].map((c) => c.getBoundingClientRect());
  return {
    page: document.documentElement.scrollWidth,
    board: [board.scrollWidth, board.clientWidth],
    overflowX: style.overflowX,
    lefts: [...new Set(columns.map((c) => Math.round(c.left)))],
    tops: columns.map((c) => Math.round(c.top)),
    rights: columns.map((c) => Math.round(c.right)),
  };
}"""


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


def _fits_stacked(page):
    layout = page.evaluate(LAYOUT)
    assert layout["page"] <= 390, layout
    assert layout["board"][0] <= layout["board"][1] and layout["overflowX"] not in ("auto", "scroll"), layout
    assert len(layout["lefts"]) == 1, f"the columns do not stack: {layout}"
    assert layout["tops"] == sorted(layout["tops"]) and max(layout["rights"]) <= 390, layout


def test_the_kam_selects_two_cards_and_shortlists_them_at_phone_width(page, live_server, world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    first, second, third = (propose(world, recruitment, proposable_candidate(world, "b")) for _ in range(3))
    page.set_viewport_size(PHONE)
    _as(page, live_server, world.kam_a)

    page.goto(f"{live_server.url}/recruitments/{recruitment.uuid}/")
    board = page.locator("#board")
    proposed = board.get_by_role("region", name="Foreslått 3 forslag")
    assert proposed.get_by_role("listitem").count() == 3
    _fits_stacked(page)
    check_a11y(page, "board-390-before")

    # The keyboard: focus the first checkbox, tick it with the space bar; the second by its label.
    proposed.get_by_role("checkbox", name=f"Velg {first.candidate.full_name}").focus()
    page.keyboard.press("Space")
    proposed.get_by_label(f"Velg {second.candidate.full_name}").check()
    assert proposed.get_by_role("checkbox", name=f"Velg {first.candidate.full_name}").is_checked()
    page.get_by_role("button", name="Sett valgte på listen").click()
    page.wait_for_load_state()

    assert "2 forslag er satt på listen." in page.locator("main").inner_text()
    shortlisted = page.get_by_role("region", name="Satt på listen 2 forslag")
    assert {first.candidate.full_name, second.candidate.full_name} <= set(
        shortlisted.get_by_role("listitem").all_inner_texts()[0].splitlines()
        + shortlisted.get_by_role("listitem").all_inner_texts()[1].splitlines()
    )
    assert page.get_by_role("region", name="Foreslått 1 forslag").get_by_role("listitem").count() == 1
    statuses = dict(Submission.objects.filter(recruitment=recruitment).values_list("pk", "status"))
    assert statuses == {
        first.pk: SubmissionStatus.SHORTLISTED,
        second.pk: SubmissionStatus.SHORTLISTED,
        third.pk: SubmissionStatus.PROPOSED,
    }
    _fits_stacked(page)
    check_a11y(page, "board-390-after")
    # On a laptop the columns stand side by side, still within the window.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    layout = page.evaluate(LAYOUT)
    assert layout["page"] <= 1280 and len(layout["lefts"]) == 3, layout
    check_a11y(page, "board-1280")
