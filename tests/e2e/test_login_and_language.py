import pytest

from accounts.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import check_a11y, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_kam_logs_in_sees_the_dashboard_and_switches_language(page, live_server):
    seed_demo()
    login(page, live_server, "ingrid.haugland@fjordtiltak.demo.no", DEMO_PASSWORD)

    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", level=1).inner_text() == "Velkommen, Ingrid"
    assert page.get_by_role("link", name="Bergen Sjømat AS", exact=True).is_visible()
    check_a11y(page, "dashboard-nb")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Ingrid"
    check_a11y(page, "dashboard-en")

    page.get_by_role("link", name="Ingrid Haugland").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your profile"
    check_a11y(page, "profile-en")


def test_a_wrong_password_gets_a_clear_message_in_norwegian(page, live_server):
    seed_demo()
    login(page, live_server, "ingrid.haugland@fjordtiltak.demo.no", "feil-passord")
    assert "E-postadressen eller passordet er feil" in page.locator("main").inner_text()
    check_a11y(page, "login-error-nb")


def test_a_provider_admin_sees_the_users_and_gets_a_clear_message_for_a_bad_invitation(page, live_server):
    seed_demo()
    login(page, live_server, "kari.solvberg@fjordtiltak.demo.no", DEMO_PASSWORD)
    page.get_by_role("link", name="Brukere").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Brukere hos Fjordtiltak AS"
    assert page.get_by_role("link", name="Ola Nordmann").is_visible()
    assert page.get_by_text("sigrid.aasen@bai.demo.no").count() == 0
    check_a11y(page, "staff-list-nb")

    page.get_by_role("link", name="Ny bruker").click()
    page.get_by_label("Fullt navn").fill("Siri Ny")
    page.get_by_label("E-post").fill("ola.nordmann@fjordtiltak.demo.no")
    page.get_by_label("Veileder").check()
    page.get_by_role("button", name="Opprett bruker og send invitasjon").click()
    assert page.get_by_text("En bruker med denne e-postadressen finnes allerede.").is_visible()
    check_a11y(page, "staff-invite-error-nb")
