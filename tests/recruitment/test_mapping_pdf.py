"""The mapping form as PDF: every position, and the approval stamp with who, when and the hash."""

import subprocess

import pytest
from django.urls import reverse

from recruitment.services import mapping as services
from tests.recruitment.factories import mapping_form, position_data

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


@pytest.fixture
def form_with_norwegian_titles(world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a, positions=0)
    version = form.versions.get()
    titles = ["Sjåfør på Ås", "Lærling i bakeri – Ærø", "Renholder, Økern"]
    for n, title in enumerate(titles, start=1):
        services.mapping_position_add(version=version, actor=world.kam_a, **position_data(n, title=title))
    return form, titles


def test_the_pdf_text_holds_every_position_title_with_aeoa(client, world, form_with_norwegian_titles):
    form, titles = form_with_norwegian_titles
    client.force_login(world.kam_a)
    response = client.get(reverse("recruitment:mapping_pdf", args=[form.uuid, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for title in titles:
        assert title in text
    assert "Bedrift Æ AS" in text
    assert "Ikke godkjent." in text


def test_the_pdf_of_an_approved_version_carries_who_when_and_the_hash(client, world, form_with_norwegian_titles):
    form, titles = form_with_norwegian_titles
    version = form.versions.get()
    approval_request = services.mapping_form_send_for_approval(
        version=version, actor=world.kam_a, contact=world.contact_a
    )
    services.mapping_approval_answer(token=services.approval_token(approval_request), approve=True)
    client.force_login(world.contact_user)
    text = _pdf_text(client.get(reverse("recruitment:mapping_pdf", args=[form.uuid, 1])).content)
    flat = " ".join(text.split())
    assert "Godkjent av Kari Kontakt (contact@bedrift-a.no)" in flat
    version.refresh_from_db()
    assert version.content_hash in text.replace("\n", "").replace(" ", "")
    for title in titles:
        assert title in text


def test_a_version_that_does_not_exist_has_no_pdf(client, world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    client.force_login(world.kam_a)
    assert client.get(reverse("recruitment:mapping_pdf", args=[form.uuid, 2])).status_code == 404
