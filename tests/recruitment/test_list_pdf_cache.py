"""The employer's list PDF is built once per list version (by a task when the list is sent) and then
served from storage; a changed list is a new version, and a consent withdrawal removes the stored copies."""

import pytest
from django.urls import reverse

from candidates.services import consent_withdraw
from recruitment.services import recruitments as services
from recruitment.services.candidate_list import LIST_PDF_PREFIX
from tests.candidates.conftest import private_root, stored_files  # noqa: F401
from tests.pdftext import pdf_text
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db


def _list_pdfs(root):
    return sorted(path for path in stored_files(root) if LIST_PDF_PREFIX.rstrip("/") in path.parts)


@pytest.fixture
def sent(world, django_capture_on_commit_callbacks):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    first = propose(world, recruitment, proposable_candidate(world, "a"))
    second = propose(world, recruitment, proposable_candidate(world, "b"))
    for submission in (first, second):
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    return recruitment, first, second


@pytest.fixture
def contact_client(client, world):
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    return client


def _url(recruitment):
    return reverse("recruitment:candidate_list_pdf", kwargs={"uuid": recruitment.uuid})


def test_sending_the_list_builds_its_pdf_once_and_the_download_serves_that_file(
    sent, contact_client, settings, monkeypatch
):
    recruitment, first, second = sent
    [stored] = _list_pdfs(settings.PRIVATE_STORAGE_ROOT)  # built by the task queued when the list was sent
    built = stored.read_bytes()

    def no_weasyprint(html):
        raise AssertionError("the stored PDF should have been served, not a new one built")

    monkeypatch.setattr("recruitment.services.candidate_list.html_to_pdf", no_weasyprint)
    response = contact_client.get(_url(recruitment))
    assert response.status_code == 200
    assert response.content == built
    assert first.candidate.full_name in pdf_text(response.content)
    assert "no-store" in response["Cache-Control"]


def test_a_changed_list_is_a_new_version_and_only_the_current_one_is_kept(sent, contact_client, settings):
    recruitment, first, second = sent
    [old] = _list_pdfs(settings.PRIVATE_STORAGE_ROOT)
    candidate = first.candidate
    candidate.full_name = "Nytt Navn Etter Sending"
    candidate.save(update_fields=["full_name"])
    text = pdf_text(contact_client.get(_url(recruitment)).content)
    assert "Nytt Navn Etter Sending" in text
    [new] = _list_pdfs(settings.PRIVATE_STORAGE_ROOT)
    assert new != old


def test_withdrawing_consent_deletes_the_stored_list_and_the_next_download_leaves_the_candidate_out(
    sent, contact_client, settings, django_capture_on_commit_callbacks
):
    recruitment, first, second = sent
    assert _list_pdfs(settings.PRIVATE_STORAGE_ROOT)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=first.candidate.consents.get(), actor=first.candidate.advisor)
    assert _list_pdfs(settings.PRIVATE_STORAGE_ROOT) == []
    text = pdf_text(contact_client.get(_url(recruitment)).content)
    assert first.candidate.full_name not in text
    assert second.candidate.full_name in text


def test_the_build_task_skips_a_list_not_sent(world, settings):
    from recruitment.tasks import candidate_list_pdf_build

    recruitment = recruitment_for(world)
    assert candidate_list_pdf_build(recruitment.pk) is False
    assert candidate_list_pdf_build(999999) is False
    assert _list_pdfs(settings.PRIVATE_STORAGE_ROOT) == []


def test_anonymising_a_listed_candidate_deletes_the_stored_list(sent, settings, django_capture_on_commit_callbacks):
    from django.db import transaction

    from candidates.anonymise import candidate_anonymise

    recruitment, first, second = sent
    assert _list_pdfs(settings.PRIVATE_STORAGE_ROOT)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        candidate_anonymise(candidate=first.candidate, actor=None, cause="erasure", reason="Kandidatens ønske")
    assert _list_pdfs(settings.PRIVATE_STORAGE_ROOT) == []
