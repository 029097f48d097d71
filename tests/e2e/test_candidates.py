"""An advisor registers a candidate, uploads a PDF CV, marks it reviewed, writes the assessment and records consent."""

import pytest
from django.utils.functional import empty
from playwright.sync_api import expect

from accounts.models import Role
from candidates.models import Assessment, Candidate, Consent
from kamportal.storage import private_storage
from tests.candidates.files import good_pdf
from tests.e2e.conftest import check_a11y, login
from tests.factories import PASSWORD, EmployerFactory, ProviderFactory, RegionFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def private_root(tmp_path, settings):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    private_storage._wrapped = empty
    yield tmp_path
    private_storage._wrapped = empty


def test_an_advisor_builds_a_dossier_from_start_to_consent(page, live_server, private_root):
    region = RegionFactory(name="Vest")
    provider = ProviderFactory(name="Fjordtiltak AS", region=region)
    advisor = UserFactory(
        email="veileder@fjordtiltak.no", full_name="Vera Veileder", provider=provider, roles=[Role.ADVISOR]
    )
    EmployerFactory(name="Bergen Sjømat AS", region=region, responsible_provider=provider)

    login(page, live_server, advisor.email, PASSWORD)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kandidater").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mine kandidater"
    check_a11y(page, "candidates-list-empty")

    page.get_by_role("link", name="Ny kandidat").click()
    check_a11y(page, "candidate-new")
    page.get_by_label("Navn").fill("Ola Nordmann")
    page.get_by_label("E-post", exact=True).fill("ola@example.no")
    page.get_by_label("Tilgjengelig fra").fill("2026-12-01")
    page.get_by_label("Ønsket type arbeid").fill("Lager og logistikk")
    page.get_by_label("Førerkort").fill("B")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ola Nordmann")
    assert "Ingen CV ennå" in page.locator("main").inner_text()
    check_a11y(page, "candidate-dossier-new")

    page.get_by_role("link", name="Last opp et dokument").click()
    check_a11y(page, "document-upload")
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "Ola CV.pdf", "mimeType": "application/pdf", "buffer": good_pdf()}]
    )
    page.get_by_role("button", name="Last opp").click()
    page.wait_for_load_state()
    assert "Dokumentet er lastet opp." in page.locator("main").inner_text()
    assert "Den nyeste CV-en er ikke gjennomgått" in page.locator("main").inner_text()

    page.get_by_role("button", name="Marker Ola CV.pdf som gjennomgått").click()
    page.wait_for_load_state()
    assert "Gjennomgått av Vera Veileder" in page.locator("main").inner_text()
    check_a11y(page, "candidate-dossier-cv-reviewed")

    page.get_by_role("link", name="Skriv vurdering").click()
    check_a11y(page, "assessment-edit")
    page.get_by_label("Erfaring med personen").fill("Stabil og motivert gjennom tre måneder.")
    page.get_by_label("Punktlighet").fill("Alltid presis.")
    page.get_by_label("Behov for tilrettelegging, også hjelpemidler").fill("Hev-senk-bord.")
    page.get_by_role("button", name="Lagre vurderingen").click()
    page.wait_for_load_state()
    assert "Alltid presis." in page.locator("main").inner_text()

    page.get_by_role("link", name="Registrer samtykke").click()
    check_a11y(page, "consent-new")
    page.get_by_label("Bedriften samtykket gjelder").select_option(label="Bergen Sjømat AS")
    page.get_by_label("Signert samtykkeerklæring").check()
    page.get_by_label("CV", exact=True).check()
    page.get_by_label("Sammendrag av vurderingen").check()
    page.get_by_role("button", name="Registrer samtykke").click()
    page.wait_for_load_state()
    assert "Samtykket er registrert." in page.locator("main").inner_text()
    check_a11y(page, "candidate-dossier-complete")

    candidate = Candidate.objects.get()
    assert candidate.documents.get().is_reviewed
    assert [p.read_bytes() for p in private_root.rglob("*") if p.is_file()] == [good_pdf()]
    assert Assessment.objects.get(candidate=candidate).punctuality == "Alltid presis."
    consent = Consent.objects.get(candidate=candidate)
    assert consent.covers_cv and consent.covers_assessment and not consent.covers_application

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kandidater").click()
    expect(page.get_by_role("link", name="Ola Nordmann")).to_be_visible()  # waits for the list to load
    check_a11y(page, "candidates-list")
