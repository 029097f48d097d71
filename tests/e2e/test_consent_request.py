"""The candidate's own say, in three browsers: the advisor e-mails a consent request; the candidate opens the
link in a fresh browser (no account), accepts two of three parts for one employer, and the proposal becomes
possible; the employer's contact sees the candidate on the list; the candidate withdraws through the same link;
the contact's next request shows nothing of them."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from candidates.models import ConsentRequest, DossierPart
from recruitment.services import recruitments as services
from tests.candidates.factories import candidate_of, document_for
from tests.e2e.conftest import check_a11y, login
from tests.factories import PASSWORD
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import propose, recruitment_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Åse Kristin Ødegård"


@pytest.fixture
def new_page(browser, browser_context_args):
    contexts = []

    def make():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def setting(world, settings, tmp_path, live_server):
    from django.utils.functional import empty

    from kamportal.storage import private_storage

    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.SITE_URL = live_server.url
    private_storage._wrapped = empty
    recruitment = recruitment_for(world)
    candidate = candidate_of(world, full_name=NAME, email="aase@example.no")
    document_for(candidate, reviewed=True)
    document_for(candidate, kind="application", name="soknad.pdf")
    yield recruitment, candidate
    private_storage._wrapped = empty


def test_the_candidate_accepts_two_parts_then_withdraws_and_the_employer_sees_nothing_more(
    new_page, live_server, world, setting
):
    recruitment, candidate = setting

    # Without consent the candidate cannot be proposed.
    with pytest.raises(ValidationError):
        propose(world, recruitment, candidate)

    # 1. The advisor asks, from the candidate page.
    advisor = new_page()
    login(advisor, live_server, world.advisor_a.email, PASSWORD)
    advisor.goto(f"{live_server.url}/candidates/{candidate.uuid}/")
    advisor.get_by_role("link", name="Be kandidaten om samtykke").click()
    advisor.wait_for_load_state()
    check_a11y(advisor, "consent-request-form")
    form = advisor.locator("main form")
    form.locator("select[name=employer]").select_option(str(world.employer_a.pk))
    form.locator("select[name=recruitment]").select_option(str(recruitment.pk))
    for part in ("cv", "application", "assessment"):
        form.locator(f"input[name=ask_{part}]").check()
    form.locator("[type=submit]").click()
    advisor.wait_for_load_state()
    assert "Forespørselen om samtykke er sendt" in advisor.content()
    assert "Venter på svar fra kandidaten" in advisor.locator("#consent-requests").inner_text()

    [message] = [m for m in mail.outbox if m.to == ["aase@example.no"]]
    link = re.search(r"https?://\S+/candidates/consent/\S+/", message.body).group(0)

    # 2. The candidate, in a fresh browser without an account, sees what would go where, and accepts two parts.
    person = new_page()
    person.goto(link)
    check_a11y(person, "consent-answer-nb")
    facts = person.locator("#request-facts").inner_text()
    assert "Bedrift Æ AS" in facts and recruitment.title in facts
    assert "CV-en din" in facts and "Søknaden din" in facts and "Veilederens vurdering av deg" in facts
    person.get_by_label("CV-en din").check()
    person.get_by_label("Søknaden din").check()
    person.get_by_role("button", name="Ja, del det jeg har krysset av").click()
    person.wait_for_load_state()
    assert "Samtykket ditt er registrert" in person.content()
    assert person.locator("#answer-state").get_attribute("data-status") == "given"
    check_a11y(person, "consent-answer-given")

    request = ConsentRequest.objects.get()
    assert request.status == "given"
    assert request.consent.covered_parts == [DossierPart.CV, DossierPart.APPLICATION]

    # The advisor sees the answer on the candidate page.
    advisor.reload()
    assert "Samtykke gitt" in advisor.locator("#consent-requests").inner_text()

    # 3. The proposal is possible now; the KAM shortlists and sends the list; the contact sees the candidate.
    submission = propose(world, recruitment, candidate)
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    accept_terms(world.contact_user)
    contact = new_page()
    login(contact, live_server, world.contact_a.email, PASSWORD)
    list_url = f"{live_server.url}/recruitments/{recruitment.uuid}/list/"
    contact.goto(list_url)
    assert NAME in contact.content()

    # 4. The candidate withdraws through the same link.
    person.goto(link)
    person.get_by_role("button", name="Trekk tilbake samtykket mitt").click()
    person.wait_for_load_state()
    assert "Samtykket ditt er trukket tilbake" in person.content()
    assert person.locator("#answer-state").get_attribute("data-status") == "withdrawn"
    check_a11y(person, "consent-answer-withdrawn")

    # 5. The contact's next request shows nothing of them.
    contact.goto(list_url)
    assert NAME not in contact.content()
    assert "Åse" not in contact.content()

    # The language switch: the same page in English.
    person.get_by_role("button", name="English").click()
    person.wait_for_load_state()
    assert "You withdrew your consent" in person.content()
    check_a11y(person, "consent-answer-en")
