"""Recruitment pages: forms refuse bad input in Norwegian, lists cost a fixed number of queries,
the employer's list and its PDF hold exactly the shortlisted, consented candidates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from candidates.services import consent_withdraw
from recruitment.forms.recruitments import parse_iso_week
from recruitment.models import ContactLogEntry, Recruitment, Submission
from recruitment.services import recruitments as services
from tests.candidates.conftest import private_root  # noqa: F401
from tests.candidates.factories import ConsentFactory, candidate_of, document_for
from tests.pdftext import pdf_text
from tests.recruitment.factories import approved_mapping_form
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import (
    cheap_proposals,
    proposable_candidate,
    propose,
    recruitment_for,
    request_to_b,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kam_client(client, world):
    client.force_login(world.kam_a)
    return client


def _text(response) -> str:
    return response.content.decode()


def _pdf_text(content: bytes) -> str:
    return pdf_text(content, layout=True)


# --- the progress plan -------------------------------------------------------------------------


def test_iso_weeks_are_read_with_or_without_a_year():
    today = datetime.date(2026, 11, 23)  # ISO week 48
    assert parse_iso_week("2027-W05", today=today) == datetime.date(2027, 2, 1)
    assert parse_iso_week("uke 50", today=today) == datetime.date(2026, 12, 7)
    assert parse_iso_week("5", today=today) == datetime.date(2027, 2, 1)
    with pytest.raises(ValueError):
        parse_iso_week("neste uke", today=today)


def _create_data(the_position, **overrides):
    deadline = timezone.localdate() + datetime.timedelta(days=21)
    year, week, _ = (deadline + datetime.timedelta(days=14)).isocalendar()
    data = {
        "position": the_position.pk,
        "openings": "2",
        "cv_deadline": deadline.isoformat(),
        "interview_week": f"{year}-W{week:02d}",
        "interview_date": "",
        "approximate_start": (deadline + datetime.timedelta(days=40)).isoformat(),
        "candidates_wanted": "4",
        "delivery_mode": "continuous",
    }
    data.update(overrides)
    return data


@pytest.fixture
def position(world):
    form = approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    return form.versions.get().positions.order_by("order").first()


def test_the_kam_creates_a_recruitment_whose_page_shows_the_plan_as_a_timeline(kam_client, world, position):
    url = reverse("recruitment:recruitment_create", kwargs={"uuid": world.employer_a.uuid})
    page = kam_client.get(url)
    from kamportal.lib.workdays import default_cv_deadline

    assert default_cv_deadline(timezone.localdate()).isoformat() in _text(page)
    response = kam_client.post(url, _create_data(position), follow=True)
    recruitment = Recruitment.objects.get()
    assert recruitment.interview_week.weekday() == 0 and recruitment.delivery_mode == "continuous"
    assert recruitment.coordinating_kam == world.kam_a
    html = _text(response)
    assert 'id="progress-plan"' in html and "fortløpende før fristen" in html
    assert "Rekruttering opprettet" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"cv_deadline": ""}, "Sett fristen for CV-er."),
        ({"cv_deadline": "2020-01-01"}, "Fristen for CV-er kan ikke være passert."),
        ({"cv_deadline": "31.02.2027"}, "Skriv inn en dato som 15.01.2027."),
        ({"interview_week": "neste uke"}, "Skriv et ukenummer, for eksempel 5 eller 2027-W05."),
        ({"interview_week": "", "interview_date": ""}, "Oppgi intervjuuke eller intervjudato."),
        ({"candidates_wanted": "0"}, "Skriv minst 1."),
        ({"openings": "x"}, "Skriv inn et helt tall."),
        ({"position": "999999"}, "Velg en stilling fra et godkjent kartleggingsskjema."),
    ],
)
def test_bad_plans_are_refused_with_a_norwegian_message_and_nothing_is_saved(
    kam_client, world, position, overrides, message
):
    url = reverse("recruitment:recruitment_create", kwargs={"uuid": world.employer_a.uuid})
    response = kam_client.post(url, _create_data(position, **overrides))
    assert response.status_code == 200
    assert message in _text(response)
    assert not Recruitment.objects.exists()


def test_an_employer_without_an_approved_form_gets_a_hint_instead_of_a_form(kam_client, world):
    response = kam_client.get(reverse("recruitment:recruitment_create", kwargs={"uuid": world.employer_a.uuid}))
    assert "ikke noe godkjent kartleggingsskjema" in _text(response)


# --- query counts ------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_recruitments(template: Recruitment, count: int) -> None:
    for _ in range(count):
        Recruitment.objects.create(
            employer=template.employer,
            mapping_version=template.mapping_version,
            position=template.position,
            title=template.title,
            coordinating_provider=template.coordinating_provider,
            coordinating_kam=template.coordinating_kam,
            cv_deadline=template.cv_deadline,
            created_by=template.created_by,
        )


def test_the_recruitment_list_costs_the_same_queries_for_5_and_50(kam_client, world):
    recruitment = recruitment_for(world)
    propose(world, recruitment, proposable_candidate(world))
    _more_recruitments(recruitment, 4)
    url = reverse("recruitment:recruitment_list")
    at_5 = _queries(kam_client, url)
    _more_recruitments(recruitment, 45)
    at_50 = _queries(kam_client, url)
    assert at_5 == at_50


def test_the_recruitment_list_shows_50_a_page_with_each_rows_own_proposal_count(kam_client, world):
    recruitment = recruitment_for(world)
    propose(world, recruitment, proposable_candidate(world))
    recruitment.status = "open"
    recruitment.save(update_fields=["status"])
    _more_recruitments(recruitment, 54)  # drafts, later deadlines are equal: the newest first after the first
    url = reverse("recruitment:recruitment_list")
    first = kam_client.get(url)
    second = kam_client.get(url, {"page": 2})
    assert len(first.context["recruitments"]) == 50
    assert len(second.context["recruitments"]) == 5
    shown = {r.pk: r.proposal_count for r in [*first.context["recruitments"], *second.context["recruitments"]]}
    assert len(shown) == 55
    assert shown[recruitment.pk] == 1
    assert sum(shown.values()) == 1
    assert "page=2" in first.content.decode()


def test_the_proposals_page_costs_the_same_queries_for_5_and_50(kam_client, world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    cheap_proposals(world, recruitment, 5)
    url = reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid})
    at_5 = _queries(kam_client, url)
    cheap_proposals(world, recruitment, 45)
    at_50 = _queries(kam_client, url)
    assert at_5 == at_50


# --- proposing -----------------------------------------------------------------------------------


def test_proposing_a_candidate_without_a_reviewed_cv_shows_a_clear_message(kam_client, world):
    recruitment = recruitment_for(world)
    candidate = candidate_of(world)
    document_for(candidate, reviewed=False)
    ConsentFactory(candidate=candidate, employer=world.employer_a)
    url = reverse("recruitment:proposal_create", kwargs={"uuid": recruitment.uuid})
    response = kam_client.post(url, {"candidate": candidate.pk, "suitability": "Passer godt"})
    assert "ikke gjennomgått av veilederen" in _text(response)
    assert not Submission.objects.exists()


def test_proposing_a_candidate_without_consent_shows_a_clear_message(kam_client, world):
    recruitment = recruitment_for(world)
    candidate = proposable_candidate(world, consent=False)
    url = reverse("recruitment:proposal_create", kwargs={"uuid": recruitment.uuid})
    response = kam_client.post(url, {"candidate": candidate.pk, "suitability": "Passer godt"})
    assert "samtykke dekker ikke deling av CV-en med Bedrift Æ AS" in _text(response)
    assert not Submission.objects.exists()


def test_a_proposal_needs_the_suitability(kam_client, world):
    recruitment = recruitment_for(world)
    candidate = proposable_candidate(world)
    url = reverse("recruitment:proposal_create", kwargs={"uuid": recruitment.uuid})
    response = kam_client.post(url, {"candidate": candidate.pk, "suitability": "  "})
    assert "Beskriv hvordan kandidaten passer til denne jobben." in _text(response)
    assert not Submission.objects.exists()


def test_a_supplying_kam_proposes_through_the_page_and_sees_only_its_own_proposals(client, world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    own_a = propose(world, recruitment, proposable_candidate(world, "a"))
    candidate = proposable_candidate(world, "b")
    client.force_login(world.kam_b)
    url = reverse("recruitment:proposal_create", kwargs={"uuid": recruitment.uuid})
    assert own_a.candidate.full_name not in _text(client.get(url))
    client.post(url, {"candidate": candidate.pk, "suitability": "Passer godt", "advisor_comments": "Stabil"})
    page = _text(client.get(reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid})))
    assert candidate.full_name in page
    assert own_a.candidate.full_name not in page


def test_not_shortlisting_without_feedback_is_refused_on_the_review_page(kam_client, world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world))
    url = reverse("recruitment:proposal_decide", kwargs={"uuid": submission.uuid})
    response = kam_client.post(url, {"decision": "not_shortlist", "feedback": ""}, follow=True)
    assert "Skriv en tilbakemelding til veilederen" in _text(response)
    submission.refresh_from_db()
    assert submission.status == "proposed"


# --- the final list --------------------------------------------------------------------------------


@pytest.fixture
def sent_list(world, django_capture_on_commit_callbacks):
    """Two shortlisted (A with assessment consent, B with CV only), one not shortlisted, one whose consent went."""
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    with_assessment = propose(
        world, recruitment, proposable_candidate(world, "a", covers_assessment=True, covers_application=False)
    )
    cv_only = propose(world, recruitment, proposable_candidate(world, "b", covers_application=False))
    dropped = propose(world, recruitment, proposable_candidate(world, "b"))
    gone = propose(world, recruitment, proposable_candidate(world, "a"))
    for submission in (with_assessment, cv_only, gone):
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    services.submission_decide(submission=dropped, actor=world.kam_a, shortlist=False, feedback="Mangler sertifikat")
    consent_withdraw(consent=gone.candidate.consents.get(), actor=gone.candidate.advisor)
    with django_capture_on_commit_callbacks(execute=True):
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    return recruitment, with_assessment, cv_only, dropped, gone


def test_the_contact_sees_exactly_the_shortlisted_consented_candidates_and_each_view_is_audited(
    client, world, sent_list
):
    accept_terms(world.contact_user)  # a contact sees candidates only after accepting the terms of use
    recruitment, with_assessment, cv_only, dropped, gone = sent_list
    client.force_login(world.contact_user)
    response = client.get(reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid}))
    html = _text(response)
    assert html.count('class="card mb-3 candidate-entry"') == 2
    assert with_assessment.candidate.full_name in html and cv_only.candidate.full_name in html
    assert dropped.candidate.full_name not in html and gone.candidate.full_name not in html
    assert with_assessment.suitability in html  # assessment consented
    assert str(cv_only.cv.uuid) in html
    events = AuditEvent.objects.filter(action="candidate_list.viewed", actor=world.contact_user)
    assert set(events.values_list("candidate_id", flat=True)) == {
        with_assessment.candidate_id,
        cv_only.candidate_id,
    }


def test_the_contact_downloads_a_consented_cv_but_not_a_dropped_candidates(client, world, sent_list):
    accept_terms(world.contact_user)  # a contact sees candidates only after accepting the terms of use
    recruitment, with_assessment, cv_only, dropped, gone = sent_list
    client.force_login(world.contact_user)
    page = client.get(reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid})).content.decode()
    assert reverse("recruitment:portal_document_download", kwargs={"uuid": cv_only.cv.uuid}) in page
    assert reverse("candidates:document_download", kwargs={"uuid": cv_only.cv.uuid}) not in page
    ok = client.get(reverse("recruitment:portal_document_download", kwargs={"uuid": cv_only.cv.uuid}))
    assert ok.status_code == 200
    for submission in (dropped, gone):
        refused = client.get(reverse("recruitment:portal_document_download", kwargs={"uuid": submission.cv.uuid}))
        assert refused.status_code == 404
    # The staff download URL is a 404 for contacts, even for a file they may have through the portal.
    assert client.get(reverse("candidates:document_download", kwargs={"uuid": cv_only.cv.uuid})).status_code == 404


def test_the_list_pdf_holds_each_shortlisted_name_and_no_name_without_consent(client, world, sent_list):
    accept_terms(world.contact_user)  # a contact sees candidates only after accepting the terms of use
    recruitment, with_assessment, cv_only, dropped, gone = sent_list
    client.force_login(world.contact_user)
    response = client.get(reverse("recruitment:candidate_list_pdf", kwargs={"uuid": recruitment.uuid}))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert with_assessment.candidate.full_name in text
    assert cv_only.candidate.full_name in text
    assert gone.candidate.full_name not in text
    assert dropped.candidate.full_name not in text
    assert "Bedrift Æ AS" in text
    assert "Kandidatliste" in text


def test_no_email_carries_candidate_data_the_employer_gets_only_a_link_to_the_portal(world, sent_list):
    from django.core import mail

    from candidates.services import document_open

    recruitment, with_assessment, cv_only, dropped, gone = sent_list
    [message] = [m for m in mail.outbox if m.to == [world.contact_a.email]]
    assert message.attachments == []
    assert reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid}) in message.body
    shortlisted = (with_assessment, cv_only, gone)
    for sent in mail.outbox:
        everything = "\n".join([sent.subject, sent.body, *(html for html, _ in sent.alternatives)])
        files = [content for _, content, _ in sent.attachments]
        for submission in shortlisted:
            with document_open(document=submission.cv) as handle:
                assert handle.read() not in files
            assert submission.suitability not in everything
        if sent.to == [world.contact_a.email]:
            assert not any(s.candidate.full_name in everything for s in shortlisted)


def test_a_status_update_from_the_page_is_logged_on_the_employer_page(kam_client, world):
    recruitment = recruitment_for(world)
    url = reverse("recruitment:status_update", kwargs={"uuid": recruitment.uuid})
    assert "Vi har ennå ikke funnet nok aktuelle kandidater" in _text(kam_client.get(url))
    response = kam_client.post(url, {"contact": world.contact_a.pk, "message": ""})
    assert "Skriv meldingen til bedriften." in _text(response)
    assert not ContactLogEntry.objects.exists()
    kam_client.post(url, {"contact": world.contact_a.pk, "message": "Ingen kandidater ennå; vi leter videre."})
    page = kam_client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid}))
    assert "Ingen kandidater ennå; vi leter videre." in _text(page)


def test_a_supplying_kams_timeline_leaves_out_other_providers_requests_and_proposals(client, world):
    from tests.factories import ProviderFactory, UserFactory

    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    provider_d = ProviderFactory(name="Tiltak D AS", region=world.region)
    kam_d = UserFactory(provider=provider_d, roles=["kam"], full_name="Dagny D")
    services.coordination_requests_send(recruitment=recruitment, actor=world.kam_a, kams=[kam_d])
    client.force_login(world.kam_b)
    html = _text(client.get(reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid})))
    assert "Tiltak B AS" in html
    assert "Tiltak D AS" not in html and "Dagny D" not in html


def test_the_advisor_reads_the_feedback_on_the_candidates_page(client, world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world))
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=False, feedback="Mangler truckbevis")
    client.force_login(world.advisor_a)
    html = _text(client.get(reverse("candidates:detail", kwargs={"uuid": submission.candidate.uuid})))
    assert 'id="submissions"' in html and "Mangler truckbevis" in html and recruitment.title in html


def test_the_list_pdf_appends_a_pdf_cv_and_names_a_word_cv_it_cannot_render(world):
    from candidates.services import document_mark_reviewed
    from recruitment.services.candidate_list import candidate_list_pdf
    from tests.candidates.files import good_docx, good_pdf

    recruitment = recruitment_for(world)
    with_pdf = candidate_of(world, full_name="Pia Pdf")
    document_for(with_pdf, data=good_pdf("CV-tekst fra Pia"), reviewed=True)
    ConsentFactory(candidate=with_pdf, employer=world.employer_a)
    with_docx = candidate_of(world, full_name="Wenche Word")
    cv = document_for(with_docx, name="cv-wenche.docx", data=good_docx())
    document_mark_reviewed(document=cv, actor=with_docx.advisor)
    ConsentFactory(candidate=with_docx, employer=world.employer_a)
    for candidate in (with_pdf, with_docx):
        submission = propose(world, recruitment, candidate)
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    text = _pdf_text(candidate_list_pdf(recruitment=recruitment))
    assert "CV-tekst fra Pia" in text
    assert "cv-wenche.docx" in text and "Wenche Word" in text
