"""Issue 15: the candidate's contact details (phone, e-mail, address) are a consent part of their own. The employer
(and a coordinating KAM of another provider) sees them only when a consent in force covers them."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.policy import dossier_parts, may_see
from candidates.consent_requests import consent_part_counts, consent_request_send, token_for
from candidates.models import Candidate, Consent, ConsentRequest, DossierPart
from recruitment.selectors.recruitments import candidate_list_for_employer
from recruitment.services import recruitments as services
from recruitment.services.candidate_list import _list_pdf_parts
from tests.candidates.conftest import private_root  # noqa: F401
from tests.candidates.factories import ConsentFactory, candidate_of
from tests.pdftext import pdf_text
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db

SHARING = {"phone": "+47 911 22 333", "email": "deler.kontakt@example.no"}
PRIVATE = {"phone": "+47 922 33 444", "email": "holder.tilbake@example.no"}


def _with(candidate, details) -> Candidate:
    Candidate.objects.filter(pk=candidate.pk).update(**details)
    candidate.refresh_from_db()
    return candidate


@pytest.fixture
def sent(world, django_capture_on_commit_callbacks):
    """A list sent to contact_a with two of provider A's candidates: one whose consent covers the contact details,
    one whose consent covers the CV and application only."""
    recruitment = recruitment_for(world)
    sharing = propose(world, recruitment, _with(proposable_candidate(world, "a", covers_contact_details=True), SHARING))
    private = propose(world, recruitment, _with(proposable_candidate(world, "a"), PRIVATE))
    for submission in (sharing, private):
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    accept_terms(world.contact_user)
    return recruitment, sharing, private


def test_the_employers_list_page_shows_the_phone_and_e_mail_only_with_the_part(client, world, sent):
    recruitment, sharing, private = sent
    client.force_login(world.contact_user)
    page = client.get(reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid})).content.decode()
    assert sharing.candidate.full_name in page and private.candidate.full_name in page
    assert SHARING["phone"] in page and SHARING["email"] in page
    assert PRIVATE["phone"] not in page and PRIVATE["email"] not in page
    assert "Kandidaten har ikke samtykket til å dele kontaktopplysningene sine" in page


def test_the_list_pdf_shows_the_phone_and_e_mail_only_with_the_part(client, world, sent):
    recruitment, sharing, private = sent
    client.force_login(world.contact_user)
    response = client.get(reverse("recruitment:candidate_list_pdf", kwargs={"uuid": recruitment.uuid}))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert sharing.candidate.full_name in text and private.candidate.full_name in text
    assert SHARING["phone"] in text and SHARING["email"] in text
    assert PRIVATE["phone"] not in text and PRIVATE["email"] not in text


def test_the_list_pdfs_fingerprint_changes_with_the_contact_details_shown(world, sent):
    recruitment, _sharing, private = sent

    def fingerprint():
        return _list_pdf_parts(recruitment, candidate_list_for_employer(recruitment=recruitment)).fingerprint

    before = fingerprint()
    _with(private.candidate, {"phone": "+47 900 00 001"})  # not shown: the same PDF
    assert fingerprint() == before
    ConsentFactory(candidate=private.candidate, employer=world.employer_a, covers_cv=False, covers_contact_details=True)
    shown = fingerprint()
    assert shown != before
    _with(private.candidate, {"phone": "+47 900 00 002"})  # shown now: a new PDF
    assert fingerprint() != shown


def test_a_coordinating_kam_of_another_provider_sees_the_contact_details_only_with_the_part(client, world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    sharing = _with(proposable_candidate(world, "b", covers_contact_details=True), SHARING)
    private = _with(proposable_candidate(world, "b"), PRIVATE)
    for candidate in (sharing, private):
        propose(world, recruitment, candidate)
    assert may_see(world.kam_a, sharing, DossierPart.CONTACT_DETAILS)
    assert not may_see(world.kam_a, private, DossierPart.CONTACT_DETAILS)
    assert may_see(world.kam_a, private, DossierPart.PROFILE)  # the name and profile, as before
    assert may_see(world.advisor_b, private, DossierPart.CONTACT_DETAILS)  # the candidate's own provider: always
    for party in (world.kam_a, world.kam_b, world.advisor_b, world.admin_b):  # the dossier page asks all at once
        for candidate in (sharing, private):
            assert dossier_parts(party, candidate) == {
                part: may_see(party, candidate, part) for part in DossierPart.values
            }
    assert dossier_parts(world.kam_a, sharing)[DossierPart.CONTACT_DETAILS]
    assert not dossier_parts(world.kam_a, private)[DossierPart.CONTACT_DETAILS]

    client.force_login(world.kam_a)
    shown = client.get(reverse("candidates:detail", kwargs={"uuid": sharing.uuid})).content.decode()
    assert SHARING["phone"] in shown and SHARING["email"] in shown
    hidden = client.get(reverse("candidates:detail", kwargs={"uuid": private.uuid})).content.decode()
    assert private.full_name in hidden
    assert PRIVATE["phone"] not in hidden and PRIVATE["email"] not in hidden
    assert "contact-details-withheld" in hidden

    proposals = client.get(reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid})).content.decode()
    assert SHARING["phone"] in proposals and SHARING["email"] in proposals
    assert PRIVATE["phone"] not in proposals and PRIVATE["email"] not in proposals


def test_a_withdrawn_contact_details_consent_hides_them_from_the_coordinating_kam(world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    candidate = proposable_candidate(world, "b", covers_cv=True)
    ConsentFactory(candidate=candidate, employer=world.employer_a, covers_cv=False, covers_contact_details=True)
    propose(world, recruitment, candidate)
    assert may_see(world.kam_a, candidate, DossierPart.CONTACT_DETAILS)
    from candidates.services import consent_withdraw

    consent_withdraw(consent=candidate.consents.get(covers_contact_details=True), actor=world.advisor_b)
    assert not may_see(world.kam_a, candidate, DossierPart.CONTACT_DETAILS)
    assert not dossier_parts(world.kam_a, candidate)[DossierPart.CONTACT_DETAILS]
    assert dossier_parts(world.kam_a, candidate)[DossierPart.PROFILE]


def test_the_advisor_records_a_consent_for_the_contact_details_alone(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    response = client.post(
        reverse("candidates:consent_create", kwargs={"uuid": candidate.uuid}),
        {
            "employer": world.employer_a.pk,
            "given_on": timezone.localdate().isoformat(),
            "method": Consent.Method.SIGNED_FORM,
            "text_version": "2026-2",
            "covers_contact_details": "on",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.covered_parts == [DossierPart.CONTACT_DETAILS]
    [event] = AuditEvent.objects.filter(action="consent.recorded", candidate_id=candidate.pk)
    assert event.detail == f"employer {world.employer_a.pk}: contact_details"


def test_the_consent_form_offers_the_part_and_still_refuses_no_part(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    url = reverse("candidates:consent_create", kwargs={"uuid": candidate.uuid})
    assert "Kontaktopplysninger" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "employer": world.employer_a.pk,
            "given_on": timezone.localdate().isoformat(),
            "method": Consent.Method.SIGNED_FORM,
            "text_version": "2026-2",
        },
    )
    assert response.status_code == 200
    assert "Velg minst én del av mappen som samtykket gjelder." in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("nb", "Telefonnummeret, e-postadressen og postadressen din"),
        ("en", "Your phone number, e-mail address and postal address"),
    ],
)
def test_the_candidate_is_asked_about_the_contact_details_in_plain_language_and_can_say_yes_to_them_alone(
    client, world, language, label
):
    candidate = candidate_of(world)
    sent = consent_request_send(
        candidate=candidate,
        employer=world.employer_a,
        actor=world.advisor_a,
        parts=[DossierPart.CONTACT_DETAILS, DossierPart.CV],
    )
    assert sent.asked_parts == [DossierPart.CONTACT_DETAILS, DossierPart.CV]
    url = reverse("candidates:consent_answer", kwargs={"token": token_for(sent)})
    client.post(reverse("set_language"), {"language": language, "next": url})  # the page's language switch
    page = client.get(url).content.decode()
    assert label in page
    response = client.post(
        url,
        {"decision": "accept", "form_token": "11111111-1111-1111-1111-111111111111", "part_contact_details": "on"},
        follow=True,
    )
    assert response.status_code == 200
    consent = Consent.objects.get()
    assert consent.covers_contact_details and not consent.covers_cv


def test_the_consent_request_form_asks_about_the_contact_details(client, world, django_capture_on_commit_callbacks):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    url = reverse("candidates:consent_request_create", kwargs={"uuid": candidate.uuid})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"employer": world.employer_a.pk, "ask_contact_details": "on", "answer_days": "7"})
    assert response.status_code == 302
    assert ConsentRequest.objects.get().asked_parts == [DossierPart.CONTACT_DETAILS]


def test_consents_in_force_are_counted_by_part_on_the_statistics_page(client, world):
    ConsentFactory(candidate=candidate_of(world), employer=world.employer_a, covers_contact_details=True)
    ConsentFactory(candidate=candidate_of(world), employer=world.employer_a)
    ConsentFactory(candidate=candidate_of(world, "b"), employer=world.employer_a, covers_contact_details=True)
    counts = dict(consent_part_counts(provider_id=world.provider_a.pk))
    assert counts[str(DossierPart.CONTACT_DETAILS.label)] == 1
    assert counts[str(DossierPart.CV.label)] == 2
    client.force_login(world.admin_a)
    page = client.get(reverse("candidates:consent_request_statistics")).content.decode()
    assert 'id="consent-part-counts"' in page and "Kontaktopplysninger" in page


def test_the_migration_keeps_existing_consents_sharing_the_contact_details(world):
    migration = importlib.import_module("candidates.migrations.0010_consent_contact_details_part")
    old = ConsentFactory(candidate=candidate_of(world), employer=world.employer_a, covers_contact_details=False)
    asked = consent_request_send(
        candidate=candidate_of(world), employer=world.employer_a, actor=world.advisor_a, parts=[DossierPart.CV]
    )
    migration.existing_rows_keep_contact_details(django_apps, None)
    old.refresh_from_db()
    asked.refresh_from_db()
    assert old.covers_contact_details and asked.asks_contact_details
