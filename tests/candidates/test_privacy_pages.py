"""The privacy pages: the advisor keeps an idle candidate's data longer, the provider admin sets the legal hold
and erases on request (refused with a clear message while a placement runs or a hold is set), and provider
admins read the record of processing."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from candidates.models import Candidate, CandidateRetention, Consent, RetentionExtension
from tests.candidates.conftest import stored_files
from tests.candidates.factories import ConsentFactory, candidate_of, document_for
from tests.recruitment.recruitment_factories import chosen_submission, placement_for

pytestmark = pytest.mark.django_db

NAME = "Sigrid Slettesen"


def url(name, candidate):
    return reverse(f"candidates:{name}", kwargs={"uuid": candidate.uuid})


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def unchanged(candidate) -> bool:
    fresh = Candidate.objects.get(pk=candidate.pk)
    return fresh.full_name == candidate.full_name and fresh.status == candidate.status


# --- keeping the data longer ------------------------------------------------------------------------------


def test_the_advisor_keeps_the_data_longer_with_a_reason(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    page = client.get(url("retention_extend", candidate))
    assert page.status_code == 200 and "anonymiseres" in page.content.decode()
    assert AuditEvent.objects.filter(action="candidate.privacy_viewed", candidate_id=candidate.pk).exists()

    response = client.post(url("retention_extend", candidate), {"reason": "Venter på nytt tiltak"})

    assert response.status_code == 302
    extension = RetentionExtension.objects.get()
    assert (extension.candidate, extension.extended_by, extension.reason) == (
        candidate,
        world.advisor_a,
        "Venter på nytt tiltak",
    )
    event = AuditEvent.objects.get(action="candidate.retention_extended")
    assert event.candidate_id == candidate.pk and "Venter" not in event.detail


@pytest.mark.parametrize("reason", ["", "   "])
def test_keeping_the_data_without_a_reason_is_refused_and_nothing_is_saved(client, world, reason):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)

    response = client.post(url("retention_extend", candidate), {"reason": reason})

    assert response.status_code == 200
    assert "Oppgi grunnen til at kandidatens opplysninger skal oppbevares lenger." in response.content.decode()
    assert not RetentionExtension.objects.exists()
    assert not AuditEvent.objects.filter(action="candidate.retention_extended").exists()


def test_the_refusal_is_in_english_for_an_english_user(client, world):
    world.advisor_a.language = "en"
    world.advisor_a.save(update_fields=["language"])
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    client.cookies["django_language"] = "en"

    response = client.post(url("retention_extend", candidate), {"reason": ""}, HTTP_ACCEPT_LANGUAGE="en")

    assert "Give the reason for keeping the candidate&#x27;s data longer." in response.content.decode()


# --- the legal hold -----------------------------------------------------------------------------------------


def test_the_admin_sets_and_clears_the_legal_hold(client, world):
    candidate = candidate_of(world)
    client.force_login(world.admin_a)
    assert client.get(url("legal_hold", candidate)).status_code == 200

    client.post(
        url("legal_hold", candidate),
        {"legal_hold": "True", "legal_hold_reason": "Klagesak hos Statsforvalteren", "version": 1},
    )
    retention = CandidateRetention.objects.get(candidate=candidate)
    assert retention.legal_hold and retention.legal_hold_by == world.admin_a
    assert retention.legal_hold_reason == "Klagesak hos Statsforvalteren"

    client.post(
        url("legal_hold", candidate), {"legal_hold": "False", "legal_hold_reason": "", "version": retention.version}
    )
    retention.refresh_from_db()
    assert not retention.legal_hold and retention.legal_hold_reason == ""
    actions = list(AuditEvent.objects.filter(candidate_id=candidate.pk).values_list("action", flat=True))
    assert "candidate.legal_hold_set" in actions and "candidate.legal_hold_cleared" in actions


def test_a_legal_hold_without_a_reason_is_refused(client, world):
    candidate = candidate_of(world)
    client.force_login(world.admin_a)

    response = client.post(url("legal_hold", candidate), {"legal_hold": "True", "legal_hold_reason": "", "version": 1})

    assert response.status_code == 200
    assert "Oppgi grunnen til bevaringsplikten." in response.content.decode()
    assert not CandidateRetention.objects.filter(legal_hold=True).exists()


# --- erasure on request ---------------------------------------------------------------------------------


def test_the_confirmation_shows_what_will_go(client, world):
    candidate = candidate_of(world, full_name=NAME)
    document_for(candidate)
    document_for(candidate, kind="application", name="soknad.pdf")
    client.force_login(world.admin_a)

    page = client.get(url("erase", candidate)).content.decode()

    assert "2 lagrede dokumenter (filene slettes)" in page
    assert "Dette kan ikke angres." in page
    assert unchanged(candidate)


def test_the_admin_erases_a_candidate_with_a_reason(client, world, private_root, django_capture_on_commit_callbacks):
    candidate = candidate_of(world, full_name=NAME, email="sigrid@example.no")
    document_for(candidate)
    consent = ConsentFactory(candidate=candidate, employer=world.employer_a)
    client.force_login(world.admin_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("erase", candidate), {"reason": f"{NAME} ba om sletting"})

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.ANONYMISED and candidate.email == ""
    assert NAME not in candidate.full_name
    assert stored_files(private_root) == []
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None
    retention = CandidateRetention.objects.get(candidate=candidate)
    assert retention.anonymised_cause == "erasure" and retention.erased_by == world.admin_a
    assert retention.erasure_reason == "– ba om sletting"
    event = AuditEvent.objects.get(action="candidate.anonymised")
    assert (event.candidate_id, event.detail, event.actor) == (candidate.pk, "erasure", world.admin_a)
    assert not AuditEvent.objects.filter(detail__contains=NAME).exists()
    # Nothing is added back, and a second erasure is not offered.
    again = client.get(url("erase", candidate))
    assert "Denne kandidaten er allerede anonymisert." in again.content.decode()
    assert 'name="reason"' not in again.content.decode()
    response = client.post(url("erase", candidate), {"reason": "En gang til"})
    assert "Denne kandidaten er allerede anonymisert." in response.content.decode()
    assert AuditEvent.objects.filter(action="candidate.anonymised").count() == 1
    client.force_login(world.advisor_a)
    assert client.get(url("edit", candidate)).status_code == 403
    assert "ble anonymisert" in client.get(url("detail", candidate)).content.decode()


@pytest.mark.parametrize("reason", ["", "  "])
def test_erasing_without_a_reason_is_refused_and_nothing_changes(client, world, private_root, reason):
    candidate = candidate_of(world, full_name=NAME)
    document_for(candidate)
    client.force_login(world.admin_a)

    response = client.post(url("erase", candidate), {"reason": reason})

    assert response.status_code == 200
    assert "Oppgi grunnen til slettingen (for eksempel kandidatens anmodning)." in response.content.decode()
    assert unchanged(candidate) and len(stored_files(private_root)) == 1
    assert not AuditEvent.objects.filter(action="candidate.anonymised").exists()


def test_erasing_a_candidate_in_a_placement_is_refused(client, world, private_root):
    placement = placement_for(world, "a", submission=chosen_submission(world, "a"))
    candidate = placement.candidate
    files = len(stored_files(private_root))
    client.force_login(world.admin_a)

    page = client.get(url("erase", candidate)).content.decode()
    response = client.post(url("erase", candidate), {"reason": "Kandidaten ba om det"})

    message = "Kandidaten har en planlagt eller pågående praksis."
    assert message in page
    assert response.status_code == 200 and message in response.content.decode()
    assert unchanged(candidate) and len(stored_files(private_root)) == files
    assert not AuditEvent.objects.filter(action="candidate.anonymised").exists()


def test_erasing_a_candidate_under_a_legal_hold_is_refused(client, world, private_root):
    candidate = candidate_of(world, full_name=NAME)
    document_for(candidate)
    CandidateRetention.objects.create(candidate=candidate, legal_hold=True, legal_hold_reason="Tvist")
    client.force_login(world.admin_a)

    response = client.post(url("erase", candidate), {"reason": "Kandidaten ba om det"})

    assert response.status_code == 200
    assert "Kandidaten har rettslig bevaringsplikt" in response.content.decode()
    assert unchanged(candidate) and len(stored_files(private_root)) == 1


# --- the record of processing -----------------------------------------------------------------------------


def test_the_record_of_processing_lists_the_configured_bases_and_periods(client, world, settings):
    settings.CANDIDATE_RETENTION_DAYS = 90
    settings.PROCESSING_LEGAL_BASES = {**settings.PROCESSING_LEGAL_BASES, "candidates": "Forskrift om tiltak § 1"}
    client.force_login(world.admin_a)

    page = client.get(reverse("candidates:processing_record")).content.decode()

    assert "Behandlingsprotokoll" in page
    assert "Forskrift om tiltak § 1" in page
    assert "Anonymiseres etter 90 dager uten aktivitet" in page
    assert "Privat mappe på serveren" in page
    for heading in ("Formål", "Rettslig grunnlag", "Mottakere", "Oppbevaringstid", "Lagret i"):
        assert heading in page


def test_the_record_of_processing_is_for_provider_admins(client, world):
    client.force_login(world.advisor_a)
    assert client.get(reverse("candidates:processing_record")).status_code == 403
    assert client.post(reverse("candidates:processing_record")).status_code in (403, 405)
