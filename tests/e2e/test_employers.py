"""A KAM registers an employer, logs a meeting, assesses the tier and downloads the account plan PDF."""

import pytest

from accounts.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import check_a11y, login
from tests.factories import valid_org_number
from tests.pdftext import pdf_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Ørsta Åndsverk og Ærfugl AS"


def test_a_kam_creates_an_employer_logs_a_meeting_sees_the_tier_and_downloads_the_plan(page, live_server, tmp_path):
    seed_demo()
    login(page, live_server, "ingrid.haugland@fjordtiltak.demo.no", DEMO_PASSWORD)

    page.get_by_role("link", name="Bedrifter").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Bedrifter"
    assert page.get_by_text("Bergen Sjømat AS").is_visible()
    check_a11y(page, "employers-list")

    page.get_by_role("link", name="Ny bedrift").click()
    check_a11y(page, "employer-new")
    page.fill("input[name=name]", NAME)
    page.fill("input[name=org_number]", "123456789")
    page.select_option("select[name=sector]", "seafood")
    page.fill("input[name=municipality]", "Ørsta")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert "organisasjonsnummer" in page.locator("main").inner_text()
    check_a11y(page, "employer-new-error")
    page.fill("input[name=org_number]", valid_org_number(555))
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == NAME
    assert page.get_by_text("Bedriften er registrert.").is_visible()
    check_a11y(page, "employer-detail-new")

    page.get_by_role("link", name="Logg en kontakt").click()
    check_a11y(page, "contact-log-new")
    page.select_option("select[name=kind]", "meeting")
    page.fill("input[name=participants]", "Åse Ødegård, Ingrid Haugland")
    page.fill("textarea[name=notes]", "Første kvartalsmøte om praksisplasser")
    page.fill("input[name=next_step]", "Sende kartleggingsskjema")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert page.get_by_text("Første kvartalsmøte om praksisplasser").is_visible()
    assert page.get_by_text("Holdt dette kvartalet").is_visible()

    page.get_by_role("link", name="Vurder i kundepyramiden").click()
    check_a11y(page, "pyramid")
    page.select_option("select[name=size_score]", "4")
    page.select_option("select[name=vacancies_score]", "3")
    page.select_option("select[name=fulfilled_score]", "3")
    page.select_option("select[name=continuity_score]", "3")
    for name in ("intent_to_cooperate", "willing_to_invest", "culture_fits_target_group", "positive_image"):
        page.check(f"input[name={name}]")
    page.get_by_role("button", name="Lagre og beregn nivået").click()
    page.wait_for_load_state()
    tier = page.locator("section[aria-labelledby=h-tier]")
    assert "Gull" in tier.inner_text()
    assert "Objektive kriterier: 13 av 16 poeng" in tier.inner_text()
    check_a11y(page, "employer-detail-tier")

    page.get_by_role("link", name="Skriv kundeplanen").click()
    check_a11y(page, "account-plan-form")
    page.fill("textarea[name=vision_strategy]", "Bli størst på ærfugldun i Ørsta")
    page.fill("input[name=nps]", "35")
    page.get_by_role("button", name="Lagre som ny versjon").click()
    page.wait_for_load_state()
    assert page.get_by_text("Bli størst på ærfugldun i Ørsta").is_visible()
    check_a11y(page, "employer-detail-plan")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned kundeplanen (PDF)").click()
    pdf = tmp_path / "kundeplan.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert NAME in pdf_text(pdf.read_bytes())

    page.get_by_role("link", name="Bedrifter").click()
    page.fill("main input[name=q]", "Ørsta")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name=NAME).is_visible()
    check_a11y(page, "employers-search")


def test_a_kam_sees_the_weekly_plan_portfolios_and_import_pages(page, live_server, tmp_path):
    seed_demo()
    login(page, live_server, "ingrid.haugland@fjordtiltak.demo.no", DEMO_PASSWORD)
    page.get_by_role("link", name="Ukeplan").click()
    page.wait_for_load_state()
    assert "Ukeplan, uke" in page.get_by_role("heading", level=1).inner_text()
    check_a11y(page, "weekly-plan")
    page.get_by_role("link", name="Porteføljer").click()
    page.wait_for_load_state()
    ingrid = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Ingrid Haugland"))
    assert ingrid.get_by_role("link", name="4 bedrifter som Ingrid Haugland har ansvar for", exact=True).is_visible()
    check_a11y(page, "portfolios")

    page.goto(f"{live_server.url}/employers/import/")
    check_a11y(page, "import")
    csv = tmp_path / "bedrifter.csv"
    csv.write_text(
        "organisasjonsnummer;navn;kommune;kontaktperson;e-post\n"
        f"{valid_org_number(556)};Førde Fjellsport AS;Sunnfjord;Åsmund Øye;asmund@fjellsport.no\n"
        "123;Feil AS;;;\n",
        encoding="utf-8",
    )
    page.set_input_files("input[name=file]", str(csv))
    page.get_by_role("button", name="Kontroller filen").click()
    page.wait_for_load_state()
    assert "1 rad har feil" in page.locator("main").inner_text()
    check_a11y(page, "import-preview-errors")
