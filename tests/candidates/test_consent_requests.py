"""The candidate's own say: the advisor e-mails a consent request; the candidate answers through a signed,
single-use link without an account, accepts parts (a Consent exactly like the advisor's), declines, or later
withdraws (the ordinary withdrawal, which reaches everything); unanswered requests expire."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Notification
from accounts.policy import consent_covers
from candidates.consent_requests import (
    consent_request_answer,
    consent_request_counts,
    consent_request_send,
    consent_requests_expire,
    token_for,
)
from candidates.models import Consent, ConsentRequest, DossierPart
from candidates.tasks import privacy_sweep
from kamportal.lib.signed_links import LinkRefused
from tests.candidates.factories import candidate_of

pytestmark = pytest.mark.django_db

PARTS = [DossierPart.CV, DossierPart.APPLICATION, DossierPart.ASSESSMENT]


@pytest.fixture
def sent(world, django_capture_on_commit_callbacks):
    candidate = candidate_of(world)
    with django_capture_on_commit_callbacks(execute=True):
        request = consent_request_send(
            candidate=candidate, employer=world.employer_a, actor=world.advisor_a, parts=PARTS, answer_days=7
        )
    return request


def _url(request) -> str:
    return reverse("candidates:consent_answer", kwargs={"token": token_for(request)})


def _answer(client, url, decision="accept", parts=("cv", "application"), token="11111111-1111-1111-1111-111111111111"):
    data = {"decision": decision, "form_token": token, **{f"part_{p}": "on" for p in parts}}
    return client.post(url, data, follow=True)


def test_the_advisor_sends_a_request_from_the_candidate_page(world, client, django_capture_on_commit_callbacks):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    url = reverse("candidates:consent_request_create", kwargs={"uuid": candidate.uuid})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"employer": world.employer_a.pk, "ask_cv": "on", "ask_application": "on", "answer_days": "10"}
        )
    assert response.status_code == 302
    request = ConsentRequest.objects.get()
    assert request.asked_parts == [DossierPart.CV, DossierPart.APPLICATION]
    assert request.status == "sent" and request.email == candidate.email
    assert (request.answer_by - request.sent_at) == datetime.timedelta(days=10)
    [message] = [m for m in mail.outbox if m.to == [candidate.email]]
    assert re.search(r"https?://\S+/candidates/consent/\S+/", message.body)
    assert "Bedrift Æ AS" in message.subject
    detail = client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid})).content.decode()
    assert "Venter på svar fra kandidaten" in detail


def test_a_request_without_parts_or_without_an_email_is_refused_and_nothing_is_sent(world, client):
    candidate = candidate_of(world, email="")
    client.force_login(world.advisor_a)
    url = reverse("candidates:consent_request_create", kwargs={"uuid": candidate.uuid})
    response = client.post(url, {"employer": world.employer_a.pk, "answer_days": "10"})
    assert "Velg minst én del å spørre om." in response.content.decode()
    response = client.post(url, {"employer": world.employer_a.pk, "ask_cv": "on", "answer_days": "10"})
    assert "Kandidaten har ingen e-postadresse" in response.content.decode()
    assert "Ingenting ble lagret" in response.content.decode()
    assert not ConsentRequest.objects.exists() and not Notification.objects.exists()


def test_the_link_page_shows_in_plain_norwegian_what_would_go_where_and_saves_nothing(client, sent):
    page = client.get(_url(sent))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bedrift Æ AS" in text and "CV-en din" in text and "Søknaden din" in text
    assert "Veilederens vurdering av deg" in text
    assert "Ingenting deles hvis du ikke sier ja" in text
    assert not Consent.objects.exists()
    opened = AuditEvent.objects.filter(action="consent_request.opened", candidate_id=sent.candidate_id)
    assert opened.count() == 1 and opened.get().actor is None


def test_the_link_page_is_in_english_after_the_language_switch(client, sent):
    client.post(reverse("set_language"), {"language": "en", "next": _url(sent)})
    text = client.get(_url(sent)).content.decode()
    assert "Your CV" in text and "Nothing is shared unless you say yes" in text


def test_accepting_two_parts_records_a_consent_like_the_advisors_and_tells_advisor_and_kam(world, client, sent):
    response = _answer(client, _url(sent))
    assert response.status_code == 200
    assert "Samtykket ditt er registrert" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "given"
    consent = sent.consent
    assert consent.covered_parts == [DossierPart.CV, DossierPart.APPLICATION]
    assert consent.method == Consent.Method.DIGITAL and consent.recorded_by == world.advisor_a
    assert consent.text_version == sent.text_version and consent.employer == world.employer_a
    assert consent_covers(candidate=sent.candidate, employer_id=world.employer_a.pk, part=DossierPart.CV)
    assert not consent_covers(candidate=sent.candidate, employer_id=world.employer_a.pk, part=DossierPart.ASSESSMENT)
    told = set(Notification.objects.filter(kind="consent_request.given").values_list("user__email", flat=True))
    assert told == {world.advisor_a.email, world.kam_a.email}
    actions = set(AuditEvent.objects.filter(candidate_id=sent.candidate_id).values_list("action", flat=True))
    assert {"consent.recorded", "consent_request.give"} <= actions


def test_declining_records_no_consent(client, sent):
    response = _answer(client, _url(sent), decision="decline", parts=())
    assert "Ingenting blir delt" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "declined" and not Consent.objects.exists()
    assert Notification.objects.filter(kind="consent_request.declined").exists()


def test_accepting_without_a_ticked_part_is_refused_with_a_message(client, sent):
    response = _answer(client, _url(sent), parts=())
    assert "Kryss av minst én del" in response.content.decode()
    assert "Ingenting ble lagret" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "sent" and not Consent.objects.exists()


def test_a_part_not_asked_about_cannot_be_smuggled_in(client, sent):
    _answer(client, _url(sent), parts=("cv", "accommodation"))
    assert Consent.objects.get().covered_parts == [DossierPart.CV]


def test_a_double_submit_makes_one_consent(client, sent):
    url = _url(sent)
    _answer(client, url)
    again = _answer(client, url)  # the same form token: the first outcome is shown again
    assert again.status_code == 200
    assert Consent.objects.count() == 1


def test_a_second_answer_from_another_tab_is_refused_and_saves_nothing(client, sent):
    url = _url(sent)
    _answer(client, url)
    other = _answer(client, url, decision="decline", parts=(), token="22222222-2222-2222-2222-222222222222")
    assert "allerede besvart" in other.content.decode()
    sent.refresh_from_db()
    assert sent.status == "given" and Consent.objects.count() == 1
    with pytest.raises(LinkRefused) as refused:
        consent_request_answer(token=token_for(sent), accept=False, parts=[])
    assert refused.value.reason == "used"


@pytest.mark.parametrize(
    "tamper",
    [lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), lambda t: "x" + t, lambda t: "nonsense"],
)
def test_a_tampered_link_is_refused_and_saves_nothing(client, sent, tamper):
    url = reverse("candidates:consent_answer", kwargs={"token": tamper(token_for(sent))})
    page = client.get(url)
    assert page.status_code == 400
    assert "ikke gyldig" in page.content.decode()
    posted = client.post(url, {"decision": "accept", "part_cv": "on"})
    assert posted.status_code == 400
    sent.refresh_from_db()
    assert sent.status == "sent" and not Consent.objects.exists()


def test_an_answer_after_the_deadline_is_refused_and_saves_nothing(client, sent):
    with time_machine.travel(sent.answer_by + datetime.timedelta(minutes=1)):
        page = client.get(_url(sent))
        assert page.status_code == 410
        assert "Fristen for å svare" in page.content.decode()
        posted = _answer(client, _url(sent))
        assert "Fristen for å svare" in posted.content.decode()
    sent.refresh_from_db()
    assert sent.status == "sent" and not Consent.objects.exists()


def test_the_sweep_expires_unanswered_requests_once_and_tells_the_advisor(world, client, sent):
    assert consent_requests_expire(now=sent.answer_by - datetime.timedelta(minutes=1)) == 0
    with time_machine.travel(sent.answer_by + datetime.timedelta(minutes=1)):
        assert privacy_sweep()["consent_requests_expired"] == 1
        assert consent_requests_expire() == 0
        page = client.get(_url(sent))
    sent.refresh_from_db()
    assert sent.status == "expired"
    assert page.status_code == 410
    assert Notification.objects.filter(kind="consent_request.expired", user=world.advisor_a).count() == 1


def test_the_candidate_withdraws_through_the_same_link_and_it_reaches_everything(world, client, sent):
    from candidates.signals import consent_withdrawn

    heard = []

    def listener(**kwargs):
        heard.append(kwargs["consent"].pk)

    consent_withdrawn.connect(listener)
    try:
        url = _url(sent)
        _answer(client, url)
        response = client.post(
            reverse("candidates:consent_withdraw_self", kwargs={"token": token_for(sent)}), follow=True
        )
    finally:
        consent_withdrawn.disconnect(listener)
    assert "Samtykket ditt er trukket tilbake" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == "withdrawn"
    assert sent.consent.withdrawn_at is not None and heard == [sent.consent.pk]
    assert not consent_covers(candidate=sent.candidate, employer_id=world.employer_a.pk, part=DossierPart.CV)
    assert Notification.objects.filter(kind="consent_request.withdrawn").exists()
    again = client.post(reverse("candidates:consent_withdraw_self", kwargs={"token": token_for(sent)}), follow=True)
    assert "Det finnes ikke noe samtykke" in again.content.decode()


def test_withdrawing_still_works_long_after_the_answer(client, sent):
    _answer(client, _url(sent))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=200)):
        client.post(reverse("candidates:consent_withdraw_self", kwargs={"token": token_for(sent)}))
    sent.refresh_from_db()
    assert sent.status == "withdrawn"


def test_the_statistics_count_outcomes_per_provider_without_names(world, client, sent):
    client.post(_url(sent), {"decision": "decline", "form_token": "33333333-3333-3333-3333-333333333333"})
    for _ in range(2):
        consent_request_send(
            candidate=candidate_of(world), employer=world.employer_a, actor=world.advisor_a, parts=PARTS
        )
    consent_request_send(
        candidate=candidate_of(world, "b"), employer=world.employer_a, actor=world.advisor_b, parts=PARTS
    )
    counts = consent_request_counts(provider_id=world.provider_a.pk)
    assert (counts.sent, counts.given, counts.declined, counts.expired, counts.withdrawn) == (2, 0, 1, 0, 0)
    client.force_login(world.admin_a)
    page = client.get(reverse("candidates:consent_request_statistics")).content.decode()
    assert 'data-count="declined">1<' in page and 'data-count="sent">2<' in page
    assert sent.candidate.full_name not in page
