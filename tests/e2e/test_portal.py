"""The KAM invites a contact from the employer page; the contact creates an account through the e-mailed link,
accepts the terms of use, and approves the waiting mapping form in the portal; the KAM sees it approved."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import check_a11y, login
from tests.factories import PASSWORD
from tests.recruitment.factories import sent_mapping_form
from tests.recruitment.portal_factories import invitable_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Bryggen-og-fisketorget-7"


@pytest.fixture
def contact_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


def _invitation_link(address: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [address] and "tilgang til KAM-portalen" in m.subject]
    return re.search(r"https?://\S+/portal/invitation/\S+/", message.body).group(0)


def test_kam_invites_the_contact_who_accepts_the_terms_and_approves_the_waiting_form_in_the_portal(
    page, contact_page, live_server, world, settings
):
    settings.SITE_URL = live_server.url
    nina = invitable_contact(employer=world.employer_a, full_name="Nina Ny", email="nina.ny@bedrift-a.no")
    form, _, _ = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=nina)
    form_url = f"{live_server.url}/mapping/{form.uuid}/"

    login(page, live_server, world.kam_a.email, PASSWORD)
    page.goto(f"{live_server.url}/employers/{world.employer_a.uuid}/")
    check_a11y(page, "portal-employer-page-before-invite")
    page.locator(f"#portal-access-{nina.uuid}").get_by_role("button", name=re.compile("Inviter til portalen")).click()
    page.wait_for_load_state()
    assert "Nina Ny har fått en invitasjon til portalen" in page.locator("main").inner_text()
    assert "Invitert" in page.locator(f"#portal-access-{nina.uuid}").inner_text()
    check_a11y(page, "portal-employer-page-invited")

    link = _invitation_link("nina.ny@bedrift-a.no")
    assert link.startswith(live_server.url)
    contact_page.goto(link)
    assert contact_page.get_by_role("heading", level=1).inner_text() == "Opprett kontoen din"
    check_a11y(contact_page, "portal-invitation")
    contact_page.get_by_label("Velg et passord").fill("kort")
    contact_page.get_by_label("Passordet en gang til").fill("kort")
    contact_page.get_by_role("button", name="Opprett kontoen min").click()
    contact_page.wait_for_load_state()
    assert "Passordet er for kort" in contact_page.locator("main").inner_text()
    check_a11y(contact_page, "portal-invitation-bad-password")
    contact_page.get_by_label("Velg et passord").fill(NEW_PASSWORD)
    contact_page.get_by_label("Passordet en gang til").fill(NEW_PASSWORD)
    contact_page.get_by_role("button", name="Opprett kontoen min").click()
    contact_page.wait_for_load_state()

    assert contact_page.get_by_role("heading", level=1).inner_text() == "Vilkår for bruk"
    check_a11y(contact_page, "portal-terms")
    contact_page.get_by_label("Jeg har lest vilkårene for bruk").check()
    contact_page.get_by_role("button", name="Godta vilkårene").click()
    contact_page.wait_for_load_state()

    assert contact_page.get_by_role("heading", level=1).inner_text() == "Bedrift Æ AS"
    waiting = contact_page.locator(f"#waiting-form-{form.uuid}")
    assert "Venter på godkjenning" in waiting.inner_text()
    check_a11y(contact_page, "portal-home-waiting")
    waiting.get_by_role("button", name="Godkjenn").click()
    contact_page.wait_for_load_state()
    assert "Du godkjente «Kartlegging 2027», versjon 1." in contact_page.locator("main").inner_text()
    assert "Ingen kartleggingsskjemaer venter på godkjenningen din." in contact_page.locator("main").inner_text()
    check_a11y(contact_page, "portal-home-approved")
    contact_page.get_by_role("link", name="Bedriftsportalen").click()
    contact_page.wait_for_load_state()
    check_a11y(contact_page)

    contact_page.context.clear_cookies()
    contact_page.goto(link)
    assert "allerede brukt" in contact_page.locator("main").inner_text()
    check_a11y(contact_page, "portal-invitation-used")

    page.goto(form_url)
    assert "Godkjent" in page.locator("#version-status").inner_text()
    assert "Nina Ny (nina.ny@bedrift-a.no)" in page.locator("#approval-stamp").inner_text()
    check_a11y(page, "portal-kam-sees-approved")
    page.goto(f"{live_server.url}/employers/{world.employer_a.uuid}/")
    assert "Har tilgang til portalen" in page.locator(f"#portal-access-{nina.uuid}").inner_text()
    check_a11y(page, "portal-employer-page-has-access")
