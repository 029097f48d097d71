"""Documents live in private storage under random names and are served only through the policy view."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from candidates import services
from candidates.models import Document
from tests.candidates.conftest import stored_files
from tests.candidates.factories import candidate_of, document_for
from tests.candidates.files import good_docx, good_pdf

pytestmark = pytest.mark.django_db


def test_an_uploaded_cv_is_stored_under_a_random_name_outside_the_web_root(client, world, private_root):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    data = good_pdf("CV for Ola")

    response = client.post(
        reverse("candidates:document_upload", kwargs={"uuid": candidate.uuid}),
        {"kind": "cv", "file": SimpleUploadedFile("Ola CV.pdf", data, content_type="text/html")},
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "Ola CV.pdf"
    assert document.content_type == "application/pdf"  # from the content, not from the browser
    files = stored_files(private_root)
    assert len(files) == 1
    assert files[0].read_bytes() == data
    assert "Ola" not in str(files[0]) and not files[0].suffix
    assert document.uploaded_by == world.advisor_a
    assert not document.is_reviewed


def test_a_download_is_an_attachment_with_nosniff_and_writes_one_audit_event(client, world):
    document = document_for(candidate_of(world), name="Søknad Ola.docx", data=good_docx(), kind="application")
    client.force_login(world.kam_a)
    before = AuditEvent.objects.count()

    response = client.get(reverse("candidates:document_download", kwargs={"uuid": document.uuid}))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "S%C3%B8knad%20Ola.docx" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == document.content_type
    assert b"".join(response.streaming_content) == good_docx()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.actor, event.action, event.candidate_id) == (
        world.kam_a,
        "document.downloaded",
        document.candidate_id,
    )
    assert event.object_id == str(document.pk)
    assert event.ip == "127.0.0.1"


def test_a_new_cv_keeps_the_earlier_ones_and_only_the_newest_counts_for_a_proposal(world):
    candidate = candidate_of(world)
    first = document_for(candidate, reviewed=True)
    assert services.candidate_check_proposable(candidate=candidate) == first

    second = document_for(candidate, name="cv-2026.pdf")

    assert list(candidate.documents.order_by("id")) == [first, second]
    with pytest.raises(ValidationError) as refused:
        services.candidate_check_proposable(candidate=candidate)
    assert refused.value.code == "cv_not_reviewed"
    services.document_mark_reviewed(document=second, actor=world.advisor_a)
    assert services.candidate_check_proposable(candidate=candidate) == second


def test_a_candidate_without_a_cv_cannot_be_proposed(world):
    with pytest.raises(ValidationError) as refused:
        services.candidate_check_proposable(candidate=candidate_of(world))
    assert refused.value.code == "no_cv"


def test_the_advisor_marks_a_cv_reviewed_by_them_on_today(client, world):
    document = document_for(candidate_of(world))
    client.force_login(world.advisor_a)

    response = client.post(reverse("candidates:document_review", kwargs={"uuid": document.uuid}))

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.reviewed_by == world.advisor_a
    assert document.reviewed_on is not None
    page = client.get(response["Location"]).content.decode()
    assert "Gjennomgått av Advisor A" in page


def test_marking_a_reviewed_cv_again_changes_nothing_and_says_so(client, world):
    document = document_for(candidate_of(world), reviewed=True)
    client.force_login(world.advisor_b)
    assert client.post(reverse("candidates:document_review", kwargs={"uuid": document.uuid})).status_code == 404
    client.force_login(world.advisor_a)

    response = client.post(reverse("candidates:document_review", kwargs={"uuid": document.uuid}), follow=True)

    assert "allerede markert som gjennomgått" in response.content.decode()
    assert AuditEvent.objects.filter(action="document.reviewed").count() == 1


def test_the_upload_form_without_a_file_says_so_in_norwegian(client, world, private_root):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    response = client.post(reverse("candidates:document_upload", kwargs={"uuid": candidate.uuid}), {"kind": "cv"})
    assert "Velg en fil å laste opp." in response.content.decode()
    assert not Document.objects.exists() and stored_files(private_root) == []


def test_a_file_that_cannot_be_recorded_is_removed_again(world, private_root, monkeypatch):
    candidate = candidate_of(world)

    def broken_save(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Document, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.document_upload(
            candidate=candidate, kind="cv", filename="cv.pdf", data=good_pdf(), actor=world.advisor_a
        )
    assert stored_files(private_root) == []


def test_files_are_not_reachable_under_any_media_or_static_url(client, world, private_root):
    document = document_for(candidate_of(world))
    client.force_login(world.advisor_a)
    for prefix in ("/media/", "/media-unused/", "/static/", "/private/"):
        assert client.get(f"{prefix}{document.stored_name}").status_code == 404
