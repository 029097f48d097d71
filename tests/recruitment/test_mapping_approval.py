"""Approval through the e-mailed link: it names one version, expires, works once, and records who/when/IP/hash."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Notification
from recruitment.models import ApprovalRequest, MappingFormVersion, MappingPosition, MappingStatus, MappingStatusChange
from recruitment.services import mapping as services
from tests.recruitment.factories import mapping_form, sent_mapping_form

pytestmark = pytest.mark.django_db


def _approval_url(token: str) -> str:
    return reverse("recruitment:mapping_approval", kwargs={"token": token})


@pytest.fixture
def sent(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        form, approval_request, token = sent_mapping_form(
            employer=world.employer_a, kam=world.kam_a, contact=world.contact_a
        )
    return form, approval_request, token


def _snapshot():
    return (
        list(ApprovalRequest.objects.values_list("used_at", "decision", "decided_ip")),
        list(MappingFormVersion.objects.values_list("status", flat=True)),
        MappingStatusChange.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_sending_emails_the_contact_a_link_to_exactly_that_version(world, sent):
    form, approval_request, token = sent
    version = form.versions.get()
    assert version.status == MappingStatus.AWAITING_APPROVAL
    assert approval_request.content_hash == version.content_hash == services.version_hash(version)
    [message] = mail.outbox
    assert message.to == ["contact@bedrift-a.no"]
    assert message.subject == "Godkjenn kartleggingsskjemaet for Bedrift Æ AS"
    link = re.search(r"http\S+/approval/\S+/", message.body).group(0)
    mailed_token = link.rstrip("/").rsplit("/", 1)[-1]
    assert link == settings.SITE_URL + _approval_url(mailed_token)
    # The signature carries a timestamp, so compare what the two tokens say, not their text.
    mailed = signing.loads(mailed_token, salt=services.APPROVAL_SALT)
    assert mailed == signing.loads(token, salt=services.APPROVAL_SALT)
    assert version.content_hash not in message.body  # the fingerprint stays on the page, behind "details"
    payload = signing.loads(token, salt=services.APPROVAL_SALT)
    assert payload == {"r": str(approval_request.uuid), "v": str(version.uuid), "h": version.content_hash}
    assert approval_request.expires_at - approval_request.sent_at == datetime.timedelta(days=14)


def test_the_approval_page_shows_the_version_without_login_and_records_nothing(client, sent):
    form, _, token = sent
    before = _snapshot()
    response = client.get(_approval_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Godkjenn kartleggingsskjemaet" in html
    for position in form.versions.get().positions.all():
        assert position.title in html
    assert form.versions.get().content_hash in html
    assert _snapshot() == before


def test_approving_records_name_email_time_ip_and_hash_and_tells_the_kam(
    client, world, sent, django_capture_on_commit_callbacks
):
    form, approval_request, token = sent
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_approval_url(token), {"decision": "approve"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302  # the result has its own page: Back does not post again
    assert response.url == reverse("recruitment:mapping_approval_done", kwargs={"token": token})
    assert "Du godkjente" in client.get(response.url).content.decode()
    approval_request.refresh_from_db()
    version = form.versions.get()
    assert version.status == MappingStatus.APPROVED
    assert approval_request.decision == ApprovalRequest.Decision.APPROVED
    assert approval_request.decided_by_name == "Kari Kontakt"
    assert approval_request.decided_by_email == "contact@bedrift-a.no"
    assert approval_request.decided_ip == "203.0.113.7"
    assert approval_request.decided_hash == version.content_hash
    assert abs(approval_request.used_at - timezone.now()) < datetime.timedelta(minutes=1)
    change = version.status_changes.get(action="approve")
    assert (change.from_status, change.to_status, change.actor) == ("awaiting_approval", "approved", world.contact_user)
    assert AuditEvent.objects.filter(action="mapping_form.approve", ip="203.0.113.7").exists()
    [message] = mail.outbox
    assert message.to == ["kam_a@example.no"]
    assert message.subject == "Kartleggingsskjema godkjent: Bedrift Æ AS"
    assert Notification.objects.filter(user=world.kam_a, kind="mapping_form.approved").exists()


def test_asking_for_changes_needs_a_comment_then_records_it_and_tells_the_kam(
    client, world, sent, django_capture_on_commit_callbacks
):
    form, approval_request, token = sent
    before = _snapshot()
    response = client.post(_approval_url(token), {"decision": "changes", "comment": "  "})
    assert response.status_code == 200
    assert "Skriv hva som bør endres." in response.content.decode()
    assert _snapshot() == before

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_approval_url(token), {"decision": "changes", "comment": "Legg til nattskift."})
    assert response.status_code == 302
    version = form.versions.get()
    assert version.status == MappingStatus.CHANGES_REQUESTED
    approval_request.refresh_from_db()
    assert approval_request.comment == "Legg til nattskift."
    assert version.status_changes.get(action="request_changes").comment == "Legg til nattskift."
    [message] = mail.outbox
    assert "Legg til nattskift." in message.body
    assert message.to == ["kam_a@example.no"]


def test_an_answer_without_a_decision_is_refused_with_a_message(client, sent):
    _, _, token = sent
    before = _snapshot()
    response = client.post(_approval_url(token), {"decision": "maybe"})
    assert response.status_code == 200
    assert "Velg et svar." in response.content.decode()
    assert _snapshot() == before


# --- refused links: a clear page, and nothing recorded -------------------------------------------


def _assert_refused(response, reason: str, status: int, text: str):
    assert response.status_code == status
    html = response.content.decode()
    assert f'data-reason="{reason}"' in html
    assert text in html
    assert "Ingenting er registrert." in html


def test_a_reused_link_says_truthfully_that_it_was_approved_and_records_nothing_more(client, sent):
    _, approval_request, token = sent
    client.post(_approval_url(token), {"decision": "approve"})
    approval_request.refresh_from_db()
    when = timezone.localtime(approval_request.used_at).strftime("%H:%M")
    before = _snapshot()
    for method in ("get", "post"):
        response = getattr(client, method)(_approval_url(token), {"decision": "changes", "comment": "Nei"})
        assert response.status_code == 410
        html = response.content.decode()
        assert 'data-reason="used"' in html and "allerede brukt" in html
        assert "Godkjent av deg" in html and when in html
        assert "Ingenting er registrert." not in html
    assert _snapshot() == before


def test_it_refuses_an_expired_link(client, sent):
    _, _, token = sent
    before = _snapshot()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14, minutes=1)):
        for method in ("get", "post"):
            response = getattr(client, method)(_approval_url(token), {"decision": "approve"})
            _assert_refused(response, "expired", 410, "er utløpt")
    assert _snapshot() == before
    assert MappingFormVersion.objects.get().status == MappingStatus.AWAITING_APPROVAL


def test_a_link_still_works_just_before_it_expires(client, sent):
    _, _, token = sent
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13, hours=23)):
        assert client.get(_approval_url(token)).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # the signature
        lambda token: "x" + token,  # the payload
        lambda token: "not-a-token",
    ],
    ids=["signature", "payload", "garbage"],
)
def test_it_refuses_a_tampered_link(client, sent, tamper):
    _, _, token = sent
    before = _snapshot()
    for method in ("get", "post"):
        response = getattr(client, method)(_approval_url(tamper(token)), {"decision": "approve"})
        _assert_refused(response, "invalid", 400, "ikke gyldig")
    assert _snapshot() == before


def test_it_refuses_a_link_signed_for_another_version_hash(client, world, sent):
    """A token re-signed with our secret but naming a different hash (forged payload) is not accepted."""
    _, approval_request, _ = sent
    forged = signing.dumps(
        {"r": str(approval_request.uuid), "v": str(approval_request.version.uuid), "h": "0" * 64},
        salt=services.APPROVAL_SALT,
    )
    _assert_refused(client.get(_approval_url(forged)), "invalid", 400, "ikke gyldig")


def test_it_refuses_a_stale_link_after_the_kam_withdrew_and_changed_the_form(client, world, sent):
    form, _, token = sent
    version = form.versions.get()
    services.mapping_version_transition(version=version, action="withdraw", actor=world.kam_a)
    services.mapping_version_update(version=version, actor=world.kam_a, title="Kartlegging 2027, rettet")
    before = _snapshot()
    for method in ("get", "post"):
        response = getattr(client, method)(_approval_url(token), {"decision": "approve"})
        _assert_refused(response, "stale", 410, "er endret")
    assert _snapshot() == before


def test_it_refuses_a_stale_link_after_the_kam_withdrew_the_request(client, world, sent):
    """Withdrawn without changes: the version is a draft again, so the link no longer applies."""
    form, _, token = sent
    services.mapping_version_transition(version=form.versions.get(), action="withdraw", actor=world.kam_a)
    _assert_refused(client.get(_approval_url(token)), "stale", 410, "er endret")


def test_it_refuses_the_old_link_after_the_form_was_withdrawn_and_sent_again_unchanged(
    client, world, sent, django_capture_on_commit_callbacks
):
    form, _, old_token = sent
    version = form.versions.get()
    services.mapping_version_transition(version=version, action="withdraw", actor=world.kam_a)
    with django_capture_on_commit_callbacks(execute=True):
        new_request = services.mapping_form_send_for_approval(
            version=version, actor=world.kam_a, contact=world.contact_a
        )
    before = _snapshot()
    _assert_refused(client.post(_approval_url(old_token), {"decision": "approve"}), "stale", 410, "er endret")
    assert _snapshot() == before
    new_token = services.approval_token(new_request)
    assert client.post(_approval_url(new_token), {"decision": "approve"}).status_code in (200, 302)
    version.refresh_from_db()
    assert version.status == "approved"


def test_it_refuses_a_link_to_a_version_superseded_by_a_newer_one(client, world, sent):
    """Two links to the same version (sent to two contacts): once one approves and version 2 starts,
    the other link is stale, not used."""
    from tests.factories import ContactFactory

    form, _, token = sent
    version = form.versions.get()
    second_contact = ContactFactory(employer=world.employer_a, email="leder@bedrift-a.no", full_name="Leif Leder")
    # A second request for the same waiting version (e.g. to a colleague) made directly:
    other = ApprovalRequest.objects.create(
        version=version,
        contact=second_contact,
        email=second_contact.email,
        content_hash=version.content_hash,
        sent_by=world.kam_a,
        sent_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    client.post(_approval_url(token), {"decision": "approve"})
    services.mapping_form_new_version(form=form, actor=world.kam_a)
    before = _snapshot()
    response = client.post(_approval_url(services.approval_token(other)), {"decision": "approve"})
    _assert_refused(response, "stale", 410, "er endret")
    assert _snapshot() == before


def test_it_refuses_a_link_when_the_stored_content_was_changed_behind_the_portal(client, sent):
    """Tamper-evidence: a position edited directly in the database no longer matches the hash in the link."""
    form, _, token = sent
    MappingPosition.objects.filter(version__form=form, order=1).update(places=99)
    before = _snapshot()
    response = client.post(_approval_url(token), {"decision": "approve"})
    _assert_refused(response, "stale", 410, "er endret")
    assert _snapshot() == before


def test_the_refusal_page_is_in_english_when_the_language_cookie_says_so(client, sent):
    _, _, token = sent
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(_approval_url(token), {"decision": "approve"})
    response = client.get(_approval_url(token))
    assert response.status_code == 410
    assert "This approval link has already been used." in response.content.decode()


def test_a_lost_race_between_two_answers_records_only_the_first(world, sent):
    """Both answers passed the link check; the second claim finds the request used and records nothing."""
    _, approval_request, token = sent
    services.mapping_approval_answer(token=token, approve=True)
    with pytest.raises(services.LinkRefused) as refused:
        services.mapping_approval_answer(token=token, approve=False, comment="For sent")
    assert refused.value.reason == "used"
    approval_request.refresh_from_db()
    assert approval_request.decision == "approved"
    assert MappingStatusChange.objects.filter(action="request_changes").count() == 0


def test_a_form_without_positions_cannot_be_sent(world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a, positions=0)
    with pytest.raises(services.MappingWorkflowError):
        services.mapping_form_send_for_approval(version=form.versions.get(), actor=world.kam_a, contact=world.contact_a)
    assert not ApprovalRequest.objects.exists()
    assert form.versions.get().status == MappingStatus.DRAFT


def test_a_contact_of_another_employer_cannot_be_chosen(world):
    from tests.factories import ContactFactory

    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    stranger = ContactFactory(employer=world.employer_b)
    with pytest.raises(services.MappingWorkflowError):
        services.mapping_form_send_for_approval(version=form.versions.get(), actor=world.kam_a, contact=stranger)
    assert not ApprovalRequest.objects.exists()


def test_a_contact_who_chose_english_gets_the_approval_mail_in_english(world, django_capture_on_commit_callbacks):
    world.contact_user.language = "en"
    world.contact_user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    [message] = mail.outbox
    assert message.subject == "Please approve the mapping form for Bedrift Æ AS"
    assert "The link works once and expires on" in message.body


def test_the_contact_signed_in_sees_that_the_form_waits_for_their_answer(client, world, sent):
    form, _, _ = sent
    client.force_login(world.contact_user)
    html = client.get(reverse("recruitment:mapping_detail", args=[form.uuid])).content.decode()
    assert "Bruk lenken i e-posten du fikk" in html
