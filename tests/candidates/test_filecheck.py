"""Uploaded files are checked by content: every hostile or malformed file is refused and nothing is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from candidates import services
from candidates.models import Document
from kamportal.lib import filecheck
from tests.candidates.conftest import stored_files
from tests.candidates.factories import candidate_of
from tests.candidates.files import good_docx, good_odt, good_pdf, hostile_cases

HOSTILE = hostile_cases()

# What the advisor reads (nb) for each reason.
NB_MESSAGES = {
    "empty": "Filen er tom.",
    "too_large": "Filen er større enn 10 MB.",
    "bad_name": "Filnavnet er ikke tillatt.",
    "unsupported_type": "Bare PDF, Word (DOCX) og OpenDocument-tekst (ODT) kan lastes opp.",
    "extension_mismatch": "Filnavnet passer ikke med innholdet",
    "pdf_encrypted": "PDF-filen er beskyttet med passord.",
    "pdf_unreadable": "PDF-filen kunne ikke leses.",
    "pdf_active_content": "PDF-filen inneholder skript, handlinger eller vedlagte filer",
    "zip_unreadable": "Dokumentet kunne ikke leses.",
    "zip_too_large": "Dokumentet pakker ut til for mye data",
    "zip_unsafe_path": "Dokumentet inneholder utrygge interne filnavn",
    "zip_not_a_document": "Filen er ikke et gyldig Word- (DOCX) eller OpenDocument-dokument (ODT).",
    "active_content": "Dokumentet inneholder makroer, innebygde programmer eller eksterne maler",
    "xml_entities": "Dokumentet inneholder XML-deklarasjoner (en DTD eller entiteter)",
}


def test_there_are_at_least_twenty_hostile_files_and_every_reason_has_a_message():
    assert len(HOSTILE) >= 20
    assert set(NB_MESSAGES) == set(filecheck.REASONS) == set(services.REFUSAL_MESSAGES)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "name", "data", "reason"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_a_hostile_file_is_refused_with_a_clear_message_and_nothing_is_stored(
    world, private_root, case, name, data, reason
):
    candidate = candidate_of(world)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        services.document_upload(candidate=candidate, kind="cv", filename=name, data=data, actor=world.advisor_a)

    assert refused.value.code == reason
    assert Document.objects.count() == 0
    assert stored_files(private_root) == []
    assert AuditEvent.objects.count() == events_before


CONTENT_CASES = [c for c in HOSTILE if c[3] != "bad_name"]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "name", "data", "reason"), CONTENT_CASES, ids=[c[0] for c in CONTENT_CASES])
def test_the_upload_page_refuses_a_hostile_file_in_norwegian_and_stores_nothing(
    client, world, private_root, case, name, data, reason
):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    url = reverse("candidates:document_upload", kwargs={"uuid": candidate.uuid})

    response = client.post(url, {"kind": "cv", "file": SimpleUploadedFile(name, data)})

    assert response.status_code == 200
    assert NB_MESSAGES[reason] in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(private_root) == []


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("cv.pdf", good_pdf(), "pdf"), ("Søknad.DOCX", good_docx(), "docx"), ("cv.odt", good_odt(), "odt")],
)
def test_a_plain_pdf_docx_or_odt_is_accepted(name, data, kind):
    checked = filecheck.check_file(data, name)
    assert checked.kind == kind
    assert checked.content_type == filecheck.CONTENT_TYPES[kind]


def test_a_pdf_made_by_weasyprint_is_accepted():
    import weasyprint

    data = weasyprint.HTML(string="<h1>CV</h1><p>Ola <a href='https://example.no'>nettside</a></p>").write_pdf()
    assert filecheck.check_file(data, "cv.pdf").kind == "pdf"


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("CV Ola Nordmann.pdf", "CV Ola Nordmann.pdf"),
        ("Søknad (ny) 12:30.PDF", "Søknad (ny) 12_30.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_the_original_name_is_kept_only_in_a_tidy_form(uploaded, kept):
    assert filecheck.check_file(good_pdf(), uploaded).name == kept


def test_a_pdf_full_of_unterminated_streams_is_checked_in_linear_time():
    """Four times the input may cost about four times the CPU, not sixteen (a quadratic scan).

    CPU time of this process, not wall time, so a busy machine does not make it flaky.
    """
    import time

    def cpu_seconds(streams: int) -> float:
        data = b"%PDF-1.4\n" + b"stream\n" * streams
        started = time.process_time()
        with pytest.raises(filecheck.FileRefused):
            filecheck.check_file(data, "cv.pdf")
        return time.process_time() - started

    small, large = cpu_seconds(100_000), cpu_seconds(400_000)
    assert large < 8 * max(small, 0.02), f"100k streams: {small:.3f} s, 400k streams: {large:.3f} s"


def test_javascript_hidden_after_a_stray_endstream_is_still_found():
    data = filecheck_pdf_with_stray_endstream()
    with pytest.raises(filecheck.FileRefused) as refused:
        filecheck.check_file(data, "cv.pdf")
    assert refused.value.reason == "pdf_active_content"


def filecheck_pdf_with_stray_endstream() -> bytes:
    from tests.candidates.files import _pdf_with

    return _pdf_with([b"<< /S /URI /URI (x) >>\nendstream\n", b"<< /S /JavaScript /JS (app.alert(1)) >>"])
