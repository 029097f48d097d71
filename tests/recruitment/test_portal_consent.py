"""A consent withdrawn after the list was sent takes the candidate out of the employer's view on the next request."""

import pytest
from django.urls import reverse

from candidates.services import consent_withdraw
from recruitment.services import recruitments as services
from tests.candidates.conftest import private_root  # noqa: F401
from tests.pdftext import pdf_text
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world, django_capture_on_commit_callbacks):
    recruitment = recruitment_for(world)
    staying = propose(world, recruitment, proposable_candidate(world, "a"))
    leaving = propose(world, recruitment, proposable_candidate(world, "a"))
    for submission in (staying, leaving):
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    accept_terms(world.contact_user)
    return recruitment, staying, leaving


def test_withdrawing_consent_removes_the_dossier_from_the_employers_view_on_the_next_request(client, world, sent):
    recruitment, staying, leaving = sent
    client.force_login(world.contact_user)
    list_url = reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid})
    cv_url = reverse("recruitment:portal_document_download", kwargs={"uuid": leaving.cv.uuid})

    before = client.get(list_url).content.decode()
    assert leaving.candidate.full_name in before and staying.candidate.full_name in before
    assert client.get(cv_url).status_code == 200

    consent_withdraw(consent=leaving.candidate.consents.get(), actor=leaving.candidate.advisor)

    after = client.get(list_url).content.decode()
    assert leaving.candidate.full_name not in after
    assert str(leaving.cv.uuid) not in after
    assert staying.candidate.full_name in after
    assert client.get(cv_url).status_code == 404
    dossier = reverse("candidates:detail", kwargs={"uuid": leaving.candidate.uuid})
    assert client.get(dossier).status_code == 404
    pdf = client.get(reverse("recruitment:candidate_list_pdf", kwargs={"uuid": recruitment.uuid}))
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert staying.candidate.full_name in text and leaving.candidate.full_name not in text
