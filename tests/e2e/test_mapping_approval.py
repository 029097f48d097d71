"""A KAM fills in a mapping form with two positions and sends it; the contact opens the e-mailed link and answers."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import check_a11y, login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

POSITIONS = [
    {
        "title": "Kokk på Ås",
        "kind": "internship",
        "places": "2",
        "tasks": "Forberede lunsj, oppvask.",
        "working_hours": "Dagtid",
        "location": "Ås",
    },
    {
        "title": "Servitør – Ærøy",
        "kind": "permanent",
        "places": "1",
        "tasks": "Servering og kasse.",
        "driving_licence": "B",
        "location": "Bergen",
    },
]


def _kam_fills_in_and_sends(page, live_server, world) -> str:
    """Returns the URL of the form's page."""
    login(page, live_server, world.kam_a.email, PASSWORD)
    page.goto(f"{live_server.url}/employers/{world.employer_a.uuid}/mapping/")
    check_a11y(page, "mapping-employer-list")
    page.get_by_role("link", name="Nytt kartleggingsskjema").click()
    check_a11y(page, "mapping-new")
    page.locator("[name=title]").fill("Kartlegging kantine 2027")
    page.locator("[name=short_term_needs]").fill("To praksisplasser i kantina.")
    page.locator("[name=long_term_needs]").fill("En kokk med fagbrev.")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    form_url = page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Kartlegging kantine 2027"

    for position in POSITIONS:
        page.get_by_role("link", name="Legg til stilling").click()
        check_a11y(page, "mapping-position-new")
        for name, value in position.items():
            field = page.locator(f"[name={name}]")
            if name in ("kind",):
                field.select_option(value)
            else:
                field.fill(value)
        page.locator("[name=earliest_start]").fill("2027-02-01")
        page.get_by_role("button", name="Lagre stillingen").click()
        page.wait_for_load_state()
        assert page.url == form_url
    for position in POSITIONS:
        assert page.get_by_role("heading", name=re.compile(position["title"])).is_visible()
    check_a11y(page, "mapping-draft-with-two-positions")

    page.get_by_role("link", name="Send til godkjenning").click()
    check_a11y(page, "mapping-send")
    page.get_by_label("Send til").select_option(label=f"Kari Kontakt <{world.contact_a.email}>")
    page.get_by_role("button", name="Send til godkjenning").click()
    page.wait_for_load_state()
    assert "Venter på godkjenning" in page.locator("#version-status").inner_text()
    check_a11y(page, "mapping-awaiting-approval")
    return form_url


def _emailed_link(world) -> str:
    [message] = [m for m in mail.outbox if m.to == [world.contact_a.email]]
    return re.search(r"https?://\S+/approval/\S+/", message.body).group(0)


@pytest.fixture
def contact_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def test_kam_sends_a_form_with_two_positions_and_the_contact_approves_it_through_the_emailed_link(
    page, contact_page, live_server, world, settings
):
    settings.SITE_URL = live_server.url
    form_url = _kam_fills_in_and_sends(page, live_server, world)
    link = _emailed_link(world)
    assert link.startswith(live_server.url)

    contact_page.goto(link)
    assert contact_page.get_by_role("heading", level=1).inner_text() == "Godkjenn kartleggingsskjemaet"
    for position in POSITIONS:
        assert contact_page.get_by_role("heading", name=re.compile(position["title"])).is_visible()
    check_a11y(contact_page, "mapping-approval-page")
    contact_page.get_by_role("button", name="Godkjenn").click()
    contact_page.wait_for_load_state()
    assert "Du godkjente «Kartlegging kantine 2027», versjon 1." in contact_page.locator("main").inner_text()
    check_a11y(contact_page, "mapping-approved-thanks")

    contact_page.goto(link)
    assert "allerede brukt" in contact_page.locator("main").inner_text()
    check_a11y(contact_page, "mapping-link-used")

    page.goto(form_url)
    assert "Godkjent" in page.locator("#version-status").inner_text()
    assert "Kari Kontakt (contact@bedrift-a.no)" in page.locator("#approval-stamp").inner_text()
    check_a11y(page, "mapping-approved")
    page.get_by_role("link", name="Kartlegging", exact=True).first.click()
    assert "Ingen kartleggingsskjemaer venter på godkjenning." in page.locator("main").inner_text()
    check_a11y(page, "mapping-list")


def test_the_contact_asks_for_changes_and_the_kam_sees_the_comment(page, contact_page, live_server, world, settings):
    settings.SITE_URL = live_server.url
    form_url = _kam_fills_in_and_sends(page, live_server, world)
    contact_page.goto(_emailed_link(world))
    contact_page.get_by_role("button", name="Be om endringer").click()
    contact_page.wait_for_load_state()
    assert "Skriv hva som bør endres." in contact_page.locator("main").inner_text()
    check_a11y(contact_page, "mapping-approval-comment-missing")
    contact_page.get_by_label("Kommentar").fill("Servitøren må kunne jobbe kveld.")
    contact_page.get_by_role("button", name="Be om endringer").click()
    contact_page.wait_for_load_state()
    assert "Du ba om endringer" in contact_page.locator("main").inner_text()

    page.goto(form_url)
    assert "Endringer ønsket" in page.locator("#version-status").inner_text()
    assert "Servitøren må kunne jobbe kveld." in page.locator("#changes-requested").inner_text()
    check_a11y(page, "mapping-changes-requested")
    page.get_by_role("link", name="Varsler").click()
    assert "Endringer ønsket i kartleggingsskjemaet: Bedrift Æ AS" in page.locator("main").inner_text()
