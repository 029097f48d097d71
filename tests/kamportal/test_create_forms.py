"""Every create form posted twice with its one-time token makes one row and one e-mail, and answers the same.

Generated from one registry of create forms: sequentially on any database, concurrently (threads, one
connection each) on PostgreSQL. Unique-key races (the same organisation number or contact e-mail posted at
the same moment without a token) give the form's error, never a 500.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import FormToken
from candidates.models import Candidate, Consent, Document
from kamportal.forms_helper import TOKEN_FIELD
from recruitment.models import Contact, ContactLogEntry, Employer, PlacementNote
from tests.candidates.conftest import private_root  # noqa: F401
from tests.candidates.factories import candidate_of
from tests.candidates.files import good_pdf
from tests.factories import valid_org_number
from tests.recruitment.recruitment_factories import placement_for, recruitment_for

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")


@dataclass
class Case:
    user: object
    page: str  # where the form is shown
    post: str  # where it is posted
    data: dict
    count: Callable[[], int]
    form_key: str = "form"
    files: Callable[[], dict] = field(default=lambda: {})


@dataclass(frozen=True)
class CreateForm:
    name: str
    setup: Callable  # world -> Case


def _same_url(name, **kwargs):
    url = reverse(name, kwargs=kwargs or None)
    return url, url


def _contact_log(world):
    page, post = _same_url("recruitment:contact_log_create", uuid=world.employer_a.uuid)
    data = {"kind": "meeting", "occurred_on": timezone.localdate().isoformat(), "participants": "Kari"}
    return Case(world.kam_a, page, post, data, ContactLogEntry.objects.count)


def _candidate(world):
    page, post = _same_url("candidates:create")
    data = {"full_name": "Nina Ny", "advisor": str(world.advisor_a.pk), "email": "nina@example.no"}
    return Case(world.advisor_a, page, post, data, Candidate.objects.count)


def _document(world):
    candidate = candidate_of(world)
    page, post = _same_url("candidates:document_upload", uuid=candidate.uuid)
    return Case(
        world.advisor_a,
        page,
        post,
        {"kind": "cv"},
        Document.objects.count,
        files=lambda: {"file": SimpleUploadedFile("cv.pdf", good_pdf(), content_type="application/pdf")},
    )


def _status_update(world):
    recruitment = recruitment_for(world)
    page, post = _same_url("recruitment:status_update", uuid=recruitment.uuid)
    data = {"contact": str(world.contact_a.pk), "message": "Vi leter fortsatt."}
    return Case(world.kam_a, page, post, data, ContactLogEntry.objects.count)


def _placement_note(world):
    placement = placement_for(world)
    return Case(
        placement.candidate.advisor,
        reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid}),
        reverse("recruitment:placement_note_add", kwargs={"uuid": placement.uuid}),
        {"occurred_on": timezone.localdate().isoformat(), "text": "Første uke gikk fint."},
        PlacementNote.objects.count,
        form_key="note_form",
    )


def _consent(world):
    candidate = candidate_of(world)
    page, post = _same_url("candidates:consent_create", uuid=candidate.uuid)
    data = {
        "employer": str(world.employer_a.pk),
        "given_on": timezone.localdate().isoformat(),
        "method": Consent.Method.values[0],
        "covers_cv": "on",
    }
    return Case(world.advisor_a, page, post, data, Consent.objects.count)


def _consent_request(world):
    from candidates.models import ConsentRequest

    candidate = candidate_of(world)
    page, post = _same_url("candidates:consent_request_create", uuid=candidate.uuid)
    data = {"employer": str(world.employer_a.pk), "ask_cv": "on", "answer_days": "14"}
    return Case(world.advisor_a, page, post, data, ConsentRequest.objects.count)


def _consent_answer(world):
    """The candidate's answer through the signed link: no account, the one-time token alone."""
    from candidates.consent_requests import consent_request_send, token_for

    request = consent_request_send(
        candidate=candidate_of(world), employer=world.employer_a, actor=world.advisor_a, parts=["cv"]
    )
    page, post = _same_url("candidates:consent_answer", token=token_for(request))
    return Case(None, page, post, {"decision": "accept", "part_cv": "on"}, Consent.objects.count)


def _employer(world):
    page, post = _same_url("recruitment:employer_create")
    data = {"name": "Ny Bedrift AS", "org_number": valid_org_number(4711), "is_member": "on"}
    return Case(world.kam_a, page, post, data, Employer.objects.count)


def _contact(world):
    page, post = _same_url("recruitment:contact_create", uuid=world.employer_a.uuid)
    data = {"full_name": "Ola Kontakt", "email": "ola.kontakt@example.no"}
    return Case(world.kam_a, page, post, data, Contact.objects.count)


def _client_team_member(world):
    from recruitment.models import ClientTeamMember

    page, post = _same_url("recruitment:client_team", uuid=world.employer_a.uuid)
    data = {"user": str(world.advisor_a.pk), "role": "specialist"}
    return Case(world.kam_a, page, post, data, ClientTeamMember.objects.count)


def _plan_proposal(world):
    from recruitment.models import AccountPlanProposal

    page, post = _same_url("recruitment:plan_proposal_create", uuid=world.employer_a.uuid)
    data = {"theme": "image", "text": "Bruk deres nettside"}
    return Case(world.team_a, page, post, data, AccountPlanProposal.objects.count)


def _plan_review(world):
    from recruitment.models import AccountPlanReview
    from recruitment.services import account_plan_save

    account_plan_save(actor=world.kam_a, employer=world.employer_a, vision_strategy="Vekst")
    page, post = _same_url("recruitment:account_plan_review", uuid=world.employer_a.uuid)
    data = {"participants": [str(world.kam_a.pk), str(world.team_a.pk)], "decision_image": "Ny profil"}
    return Case(world.kam_a, page, post, data, AccountPlanReview.objects.count)


def _satisfaction_answer(world):
    from recruitment.models import SatisfactionAnswer
    from tests.recruitment.portal_factories import accept_terms

    accept_terms(world.contact_user)
    page, post = _same_url("recruitment:satisfaction_survey")
    return Case(world.contact_user, page, post, {"score": "9"}, SatisfactionAnswer.objects.count)


def _retention_extend(world):
    from candidates.models import RetentionExtension

    page, post = _same_url("candidates:retention_extend", uuid=candidate_of(world).uuid)
    return Case(world.advisor_a, page, post, {"reason": "Venter på nytt tiltak"}, RetentionExtension.objects.count)


def _erase(world):
    page, post = _same_url("candidates:erase", uuid=candidate_of(world).uuid)
    anonymised = Candidate.objects.filter(status=Candidate.Status.ANONYMISED).count
    return Case(world.admin_a, page, post, {"reason": "Kandidaten ba om sletting"}, anonymised)


def _agreement_point(world):
    from recruitment.models import AgreementPoint

    placement = placement_for(world)
    return Case(
        placement.candidate.advisor,
        reverse("recruitment:placement_agreement", kwargs={"uuid": placement.uuid}),
        reverse("recruitment:placement_agreement_point_add", kwargs={"uuid": placement.uuid}),
        {"title": "Oppmøte", "employer_expects": "Presis kl. 8", "follow_up": "Hver uke"},
        AgreementPoint.objects.count,
        form_key="point_form",
    )


def _attendance_week(world):
    import datetime

    from recruitment.models import AttendanceWeek

    today = timezone.localdate()
    placement = placement_for(world, start_date=today - datetime.timedelta(days=21))
    return Case(
        placement.candidate.advisor,
        reverse("recruitment:placement_attendance", kwargs={"uuid": placement.uuid}),
        reverse("recruitment:placement_attendance_add", kwargs={"uuid": placement.uuid}),
        {"week_start": (today - datetime.timedelta(days=7)).isoformat(), "days_present": "1", "hours": "7.5"},
        AttendanceWeek.objects.count,
        form_key="week_form",
    )


# Create forms whose one row sends one e-mail (the status update to the contact; a plan proposal to the KAM).
MAILING_FORMS = {"status_update", "plan_proposal_create", "consent_request_create", "consent_answer"}
MAILS_PER_FORM = {"consent_answer": 2}  # the advisor and the coordinating KAM are told

CREATE_FORMS = [
    CreateForm("client_team_member_add", _client_team_member),
    CreateForm("plan_proposal_create", _plan_proposal),
    CreateForm("account_plan_review", _plan_review),
    CreateForm("satisfaction_answer", _satisfaction_answer),
    CreateForm("contact_log_create", _contact_log),
    CreateForm("candidate_create", _candidate),
    CreateForm("document_upload", _document),
    CreateForm("status_update", _status_update),
    CreateForm("placement_note_add", _placement_note),
    CreateForm("placement_agreement_point_add", _agreement_point),
    CreateForm("placement_attendance_add", _attendance_week),
    CreateForm("consent_create", _consent),
    CreateForm("consent_request_create", _consent_request),
    CreateForm("consent_answer", _consent_answer),
    CreateForm("employer_create", _employer),
    CreateForm("contact_create", _contact),
    CreateForm("retention_extend", _retention_extend),
    CreateForm("candidate_erase", _erase),
]


def _shown_data(client: Client, case: Case) -> dict:
    """The form as the browser has it: its rendered initial values, the token among them, then the user's input."""
    form = client.get(case.page).context[case.form_key]
    data = {}
    for bound in form:
        value = bound.value()
        if value not in (None, "", False) and not isinstance(value, list | tuple):
            data[bound.html_name] = str(value)
    assert data.get(TOKEN_FIELD), "a create form renders its one-time token"
    return {**data, **case.data}


def _client(user) -> Client:
    client = Client()
    if user is not None:  # None: someone without an account, behind a signed link
        client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("entry", CREATE_FORMS, ids=lambda entry: entry.name)
def test_a_create_form_posted_twice_makes_one_row_and_answers_the_same(world, entry):
    case = entry.setup(world)
    client = _client(case.user)
    data = _shown_data(client, case)
    rows, mails = case.count(), len(mail.outbox)

    first = client.post(case.post, {**data, **case.files()})
    assert first.status_code == 302, first.context[case.form_key].errors if first.context else first
    made_mails = len(mail.outbox) - mails
    second = client.post(case.post, {**data, **case.files()})

    assert second.status_code == 302 and second.url == first.url
    assert case.count() == rows + 1
    assert len(mail.outbox) == mails + made_mails
    assert FormToken.objects.filter(key=data[TOKEN_FIELD]).count() == 1


def _together(count: int, post: Callable[[], int]) -> list[int]:
    """`count` threads post at the same moment, each on its own database connection; their status codes."""
    start = threading.Barrier(count)
    codes: list[int] = []

    def run():
        try:
            start.wait()
            codes.append(post())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("entry", CREATE_FORMS, ids=lambda entry: entry.name)
def test_a_create_form_posted_twice_at_once_makes_one_row(world, entry):
    case = entry.setup(world)
    data = _shown_data(_client(case.user), case)
    clients = [_client(case.user) for _ in range(2)]
    rows, mails = case.count(), len(mail.outbox)
    pending = list(clients)

    codes = _together(2, lambda: pending.pop().post(case.post, {**data, **case.files()}).status_code)

    assert sorted(codes) == [302, 302]
    assert case.count() == rows + 1
    assert len(mail.outbox) - mails == (MAILS_PER_FORM.get(entry.name, 1) if entry.name in MAILING_FORMS else 0)


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["employer_create", "contact_create"])
def test_a_unique_key_posted_twice_at_once_is_a_form_error_not_a_500(world, name):
    case = {entry.name: entry for entry in CREATE_FORMS}[name].setup(world)
    data = {k: v for k, v in _shown_data(_client(case.user), case).items() if k != TOKEN_FIELD}
    clients = [_client(case.user) for _ in range(2)]
    rows = case.count()
    responses = []
    pending = list(clients)

    def post():
        response = pending.pop().post(case.post, data)
        responses.append(response)
        return response.status_code

    codes = _together(2, post)

    assert sorted(codes) == [200, 302]
    assert case.count() == rows + 1
    [refused] = [response for response in responses if response.status_code == 200]
    assert "Ingenting ble lagret" in refused.content.decode()
