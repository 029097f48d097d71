"""The heart of the programme in three browsers: the coordinating KAM creates a recruitment and asks two
providers; each supplying KAM proposes one candidate; the coordinating KAM sends the final list; the employer's
contact sees exactly the two candidates, each with only the parts the candidate consented to."""

import re

import pytest
from django.core import mail

from accounts.models import Role
from tests.candidates.factories import CandidateFactory, ConsentFactory, document_for
from tests.e2e.conftest import check_a11y, login
from tests.factories import PASSWORD, ProviderFactory, UserFactory
from tests.recruitment.factories import approved_mapping_form

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_page(browser, browser_context_args):
    contexts = []

    def make():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def cast(world, settings, tmp_path):
    """A third provider in the region, and one proposable candidate at each supplying provider."""
    from django.utils.functional import empty

    from kamportal.storage import private_storage

    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    provider_d = ProviderFactory(name="Tiltak D AS", region=world.region)
    kam_d = UserFactory(email="kam_d@example.no", full_name="Kam D", provider=provider_d, roles=[Role.KAM])
    advisor_d = UserFactory(
        email="advisor_d@example.no", full_name="Advisor D", provider=provider_d, roles=[Role.ADVISOR]
    )
    approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    ola = CandidateFactory(advisor=world.advisor_b, full_name="Ola Bø")
    document_for(ola, reviewed=True)
    document_for(ola, kind="application", name="soknad.pdf")
    ConsentFactory(candidate=ola, employer=world.employer_a, covers_cv=True, covers_application=True)
    aase = CandidateFactory(advisor=advisor_d, full_name="Åse Ødegård")
    document_for(aase, reviewed=True)
    document_for(aase, kind="application", name="soknad.pdf")
    ConsentFactory(
        candidate=aase, employer=world.employer_a, covers_cv=True, covers_application=False, covers_assessment=True
    )
    yield {"kam_d": kam_d, "ola": ola, "aase": aase}
    private_storage._wrapped = empty


def _link(to: str, pattern: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [to] and re.search(pattern, m.body)]
    return re.search(rf"https?://\S+{pattern}", message.body).group(0)


def _supplier_proposes(page, live_server, email, link, candidate, suitability, shot):
    login(page, live_server, email, PASSWORD)
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Koordineringsforespørsel")
    check_a11y(page, f"recruitment-request-{shot}")
    page.get_by_label("Godta: vi ser etter kandidater").check()
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_load_state()
    assert "Godtatt" in page.locator("#request-status").inner_text()
    page.get_by_role("link", name="Foreslå en kandidat").click()
    check_a11y(page, f"recruitment-propose-{shot}")
    page.locator("[name=candidate]").select_option(label=candidate.full_name)
    page.locator("[name=suitability]").fill(suitability)
    page.get_by_role("button", name="Foreslå kandidaten").click()
    page.wait_for_load_state()
    assert f"{candidate.full_name} er foreslått." in page.locator("main").inner_text()
    check_a11y(page, f"recruitment-proposed-{shot}")
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state()


def test_two_providers_propose_and_the_contact_sees_exactly_the_two_with_consented_parts(
    page, new_page, live_server, world, cast, settings
):
    settings.SITE_URL = live_server.url
    # 1. The coordinating KAM creates the recruitment and asks providers B and D.
    login(page, live_server, world.kam_a.email, PASSWORD)
    page.goto(f"{live_server.url}/employers/{world.employer_a.uuid}/")
    page.get_by_role("link", name="Ny rekruttering").click()
    check_a11y(page, "recruitment-new")
    page.locator("[name=interview_week]").fill("2027-W10")
    page.locator("[name=candidates_wanted]").fill("2")
    page.get_by_role("button", name="Opprett rekrutteringen").click()
    page.wait_for_load_state()
    recruitment_url = page.url
    assert "Utkast" in page.locator("#recruitment-status").inner_text()
    assert "uke 10, 2027" in page.locator("#progress-plan").inner_text()
    check_a11y(page, "recruitment-draft")
    page.get_by_role("link", name="Spør andre tiltaksarrangører").click()
    check_a11y(page, "recruitment-ask-providers")
    page.get_by_label("Kam B (Tiltak B AS)").check()
    page.get_by_label("Kam D (Tiltak D AS)").check()
    page.get_by_role("button", name="Send forespørslene").click()
    page.wait_for_load_state()
    assert "Åpen" in page.locator("#recruitment-status").inner_text()
    assert page.locator("#requests-table tbody tr").count() == 2
    check_a11y(page, "recruitment-open-with-requests")

    # 2. Each supplying KAM accepts through the e-mailed link and proposes one candidate.
    suppliers = new_page()
    _supplier_proposes(
        suppliers,
        live_server,
        world.kam_b.email,
        _link(world.kam_b.email, r"/recruitments/requests/\S+/"),
        cast["ola"],
        "Ola har truckførerbevis og erfaring fra lager.",
        "b",
    )
    _supplier_proposes(
        suppliers,
        live_server,
        cast["kam_d"].email,
        _link(cast["kam_d"].email, r"/recruitments/requests/\S+/"),
        cast["aase"],
        "Åse er nøyaktig og trives i produksjon.",
        "d",
    )

    # 3. The coordinating KAM shortlists both and sends the list.
    page.goto(recruitment_url)
    page.get_by_role("link", name="Gå gjennom forslagene").click()
    check_a11y(page, "recruitment-proposals")
    for name in ("Ola Bø", "Åse Ødegård"):
        article = page.locator("article", has_text=name)
        assert ("Tiltak B AS" if name == "Ola Bø" else "Tiltak D AS") in article.inner_text()
        article.get_by_label("Sett på listen").check()
        article.get_by_role("button", name=re.compile("Lagre beslutningen")).click()
        page.wait_for_load_state()
    page.get_by_role("link", name="Send listen til bedriften").click()
    check_a11y(page, "recruitment-send-list")
    page.get_by_role("button", name="Send listen til bedriften").click()
    page.wait_for_load_state()
    assert "Kandidatlisten er sendt til bedriften." in page.locator("main").inner_text()
    check_a11y(page, "recruitment-list-sent")

    # 4. The contact opens the e-mailed link and sees exactly the two, with only the consented parts.
    link = _link(world.contact_a.email, r"/recruitments/\S+/list/")
    contact = new_page()
    login(contact, live_server, world.contact_a.email, PASSWORD)
    contact.goto(link)
    # Before any candidate, the contact accepts the terms of use once, then lands on the list.
    assert contact.get_by_role("heading", level=1).inner_text() == "Vilkår for bruk"
    contact.get_by_label("Jeg har lest vilkårene for bruk").check()
    contact.get_by_role("button", name="Godta vilkårene").click()
    contact.wait_for_load_state()
    assert "/list/" in contact.url
    check_a11y(contact, "recruitment-candidate-list")
    entries = contact.locator("article.candidate-entry")
    assert entries.count() == 2
    ola, aase = entries.filter(has_text="Ola Bø"), entries.filter(has_text="Åse Ødegård")
    assert ola.get_by_role("link", name=re.compile("^Søknad")).count() == 1
    assert "Ola har truckførerbevis" not in ola.inner_text()  # assessment not consented
    assert aase.get_by_role("link", name=re.compile("^Søknad")).count() == 0  # application not consented
    assert "Åse er nøyaktig og trives i produksjon." in aase.inner_text()
    for entry in (ola, aase):
        assert entry.get_by_role("link", name=re.compile("^CV")).count() == 1
