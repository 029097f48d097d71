"""A contact answers the satisfaction survey in the browser; the team's pages with real content pass axe."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from recruitment.services import account_plan_save
from recruitment.services.client_team import account_plan_review_record, plan_proposal_create
from tests.e2e.conftest import check_a11y
from tests.recruitment.portal_factories import accept_terms

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user, language="nb"):
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
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )


def test_a_contact_answers_the_survey_and_the_team_sees_it_on_the_employer_page(page, live_server, world):
    accept_terms(world.contact_user)
    account_plan_save(actor=world.kam_a, employer=world.employer_a, nps=30, vision_strategy="Vekst")
    account_plan_review_record(
        actor=world.kam_a,
        employer=world.employer_a,
        held_on=datetime.date.today(),
        participants=[world.kam_a, world.team_a],
        decisions={"target_groups": "Flere unge"},
    )
    plan_proposal_create(actor=world.team_a, employer=world.employer_a, theme="image", text="Bruk deres nettside")

    _sign_in(page, live_server, world.contact_user)
    page.goto(f"{live_server.url}/portal/")
    check_a11y(page, "portal-survey-offered")
    page.get_by_role("link", name="Svar på den halvårlige undersøkelsen").click()
    page.wait_for_load_state()
    check_a11y(page, "survey-form")
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_load_state()
    assert "Velg et tall fra 0 til 10." in page.locator("main").inner_text()
    check_a11y(page, "survey-form-error")
    page.get_by_label("9", exact=True).check()
    page.get_by_label("Hva er det viktigste vi kan gjøre bedre?").fill("Raskere svar på e-post")
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_load_state()
    assert "Takk for svaret ditt." in page.locator("main").inner_text()

    _sign_in(page, live_server, world.team_a)
    page.goto(f"{live_server.url}/employers/{world.employer_a.uuid}/")
    main = page.locator("main").inner_text()
    assert "Raskere svar på e-post" in main and "Kari Kontakt" in main and "Flere unge" in main
    check_a11y(page, "employer-with-team")
    page.goto(f"{live_server.url}/employers/{world.employer_a.uuid}/team/")
    check_a11y(page, "client-team-member-view")

    _sign_in(page, live_server, world.kam_a, language="en")
    page.goto(f"{live_server.url}/employers/{world.employer_a.uuid}/team/")
    check_a11y(page, "client-team-kam-en")
    page.goto(f"{live_server.url}/employers/{world.employer_a.uuid}/account-plan/review/")
    check_a11y(page, "plan-review-en")

    _sign_in(page, live_server, world.coordinator)
    page.goto(f"{live_server.url}/statistics/satisfaction/")
    assert "Tiltak A AS" in page.locator("main").inner_text()
    assert "Kari Kontakt" not in page.content()
    check_a11y(page, "nps-statistics")
