"""Inviting an employer contact to the portal: a signed, expiring, single-use link that creates their account."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Notification, User
from accounts.policy import principal_for
from recruitment.models import Contact, ContactInvitation
from recruitment.services import portal as services
from tests.factories import PASSWORD, UserFactory
from tests.recruitment.portal_factories import invitable_contact, invitation

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Fjellvann-og-sild-42"


def _url(token: str) -> str:
    return reverse("recruitment:contact_invitation", kwargs={"token": token})


def _accept(client, token, **overrides):
    data = {"full_name": "Nina Ny", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD, **overrides}
    return client.post(_url(token), data, REMOTE_ADDR="198.51.100.9")


def _snapshot():
    return (
        User.objects.count(),
        list(Contact.objects.order_by("pk").values_list("user_id", flat=True)),
        list(ContactInvitation.objects.order_by("pk").values_list("used_at", "user_id", "accepted_ip")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def invited(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent, token = invitation(
            employer=world.employer_a, kam=world.kam_a, full_name="Nina Ny", email="nina.ny@bedrift-a.no"
        )
    return sent, token


def test_the_kam_invites_from_the_employer_page_and_the_contact_gets_a_signed_link(
    client, world, django_capture_on_commit_callbacks
):
    contact = invitable_contact(employer=world.employer_a, full_name="Nina Ny", email="nina.ny@bedrift-a.no")
    client.force_login(world.kam_a)
    page = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert reverse("recruitment:contact_invite", kwargs={"uuid": contact.uuid}) in page
    assert "Inviter til portalen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recruitment:contact_invite", kwargs={"uuid": contact.uuid}), follow=True)
    assert "Nina Ny har fått en invitasjon til portalen på nina.ny@bedrift-a.no." in response.content.decode()
    assert "Invitert" in response.content.decode()
    sent = ContactInvitation.objects.get(contact=contact)
    assert sent.sent_by == world.kam_a
    assert sent.expires_at - sent.sent_at == datetime.timedelta(days=settings.SIGNED_LINK_MAX_AGE_DAYS)
    [message] = mail.outbox
    assert message.to == ["nina.ny@bedrift-a.no"]
    assert message.subject == "Din tilgang til KAM-portalen for Bedrift Æ AS"
    link = re.search(r"http\S+/portal/invitation/\S+/", message.body).group(0)
    token = link.rsplit("/", 2)[-2]
    assert link == settings.SITE_URL + _url(token)
    assert signing.loads(token, salt=services.INVITATION_SALT) == {
        "i": str(sent.uuid),
        "c": str(contact.uuid),
        "e": "nina.ny@bedrift-a.no",
    }
    assert AuditEvent.objects.filter(action="contact.invited", object_id=str(contact.pk), actor=world.kam_a).exists()


def test_the_invitation_page_shows_the_address_and_records_nothing(client, invited):
    _, token = invited
    before = _snapshot()
    response = client.get(_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Opprett kontoen din" in html
    assert "nina.ny@bedrift-a.no" in html
    assert 'value="Nina Ny"' in html
    assert _snapshot() == before


def test_accepting_creates_a_norwegian_user_without_provider_tied_to_the_contact_and_logs_in(client, world, invited):
    sent, token = invited
    response = _accept(client, token)
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:portal_terms")
    user = User.objects.get(email="nina.ny@bedrift-a.no")
    assert user.provider is None and user.language == "nb" and user.full_name == "Nina Ny"
    assert user.check_password(GOOD_PASSWORD)
    assert not user.memberships.exists()
    sent.refresh_from_db()
    assert sent.used_at is not None and sent.user == user and sent.accepted_ip == "198.51.100.9"
    assert sent.contact.__class__.objects.get(pk=sent.contact_id).user == user
    principal = principal_for(user)
    assert principal.is_employer_contact and principal.contact_employer_id == world.employer_a.pk
    assert not principal.is_provider_staff
    assert int(client.session["_auth_user_id"]) == user.pk
    assert AuditEvent.objects.filter(action="contact.account_created", actor=user).exists()


def test_a_used_link_says_when_it_was_accepted_and_records_nothing_more(client, invited):
    _, token = invited
    _accept(client, token)
    client.logout()
    before = _snapshot()
    for response in (client.get(_url(token)), _accept(client, token, password1="Annet-passord-99", password2="x")):
        assert response.status_code == 410
        assert "Denne invitasjonslenken er allerede brukt." in response.content.decode()
        assert "Godtatt " in response.content.decode() and "kontoen er opprettet" in response.content.decode()
        assert "Ingenting er registrert." not in response.content.decode()
    assert _snapshot() == before


def test_the_same_person_posting_the_accepted_invitation_again_gets_the_first_outcome(client, invited):
    _, token = invited
    _accept(client, token)
    before = _snapshot()
    response = _accept(client, token)
    assert response.status_code == 302 and response.url == reverse("recruitment:portal_terms")
    assert _snapshot() == before


def test_an_expired_link_is_refused_and_nothing_is_recorded(client, invited):
    _, token = invited
    before = _snapshot()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14, minutes=1)):
        assert client.get(_url(token)).status_code == 410
        response = _accept(client, token)
    assert response.status_code == 410
    assert "Denne invitasjonslenken har utløpt." in response.content.decode()
    assert _snapshot() == before


def test_the_link_still_works_just_before_it_expires(client, invited):
    _, token = invited
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13, hours=23)):
        assert _accept(client, token).status_code == 302


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: "not-a-token",
        lambda t: signing.dumps({"i": "x", "c": "y", "e": "z"}, salt=services.INVITATION_SALT),
        lambda t: signing.dumps({"i": 1}, salt=services.INVITATION_SALT),
        lambda t: signing.dumps(signing.loads(t, salt=services.INVITATION_SALT), salt="recruitment.mapping-approval"),
    ],
    ids=["changed-signature", "garbage", "unknown-row", "wrong-shape", "approval-salt"],
)
def test_a_tampered_link_is_refused_and_nothing_is_recorded(client, invited, tamper):
    _, token = invited
    before = _snapshot()
    response = _accept(client, tamper(token))
    assert response.status_code == 400
    assert "Denne invitasjonslenken er ikke gyldig." in response.content.decode()
    assert _snapshot() == before


def test_a_link_pointing_at_another_address_is_refused(client, invited):
    sent, _ = invited
    forged = signing.dumps(
        {"i": str(sent.uuid), "c": str(sent.contact.uuid), "e": "angriper@example.no"}, salt=services.INVITATION_SALT
    )
    assert _accept(client, forged).status_code == 400
    assert not User.objects.filter(email__in=["angriper@example.no", "nina.ny@bedrift-a.no"]).exists()


def test_a_new_invitation_makes_the_earlier_link_stop_working(client, world, invited):
    first, first_token = invited
    second = services.contact_invite(contact=first.contact, invited_by=world.kam_a)
    first.refresh_from_db()
    assert first.revoked_at is not None
    response = client.get(_url(first_token))
    assert response.status_code == 410
    assert "en nyere invitasjon er sendt" in response.content.decode()
    assert _accept(client, services.invitation_token(second)).status_code == 302


def test_a_changed_contact_address_makes_the_link_stale(client, invited):
    sent, token = invited
    Contact.objects.filter(pk=sent.contact_id).update(email="nytt@bedrift-a.no")
    before = _snapshot()
    assert _accept(client, token).status_code == 410
    assert _snapshot() == before


def test_a_contact_who_has_an_account_gets_a_message_instead_of_a_second_invitation(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.kam_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recruitment:contact_invite", kwargs={"uuid": world.contact_a.uuid}), follow=True
        )
    html = response.content.decode()
    assert "Kari Kontakt har allerede en brukerkonto i portalen, så ingen invitasjon ble sendt." in html
    assert "Har tilgang til portalen" in html
    assert not ContactInvitation.objects.exists()
    assert mail.outbox == []
    assert not Notification.objects.filter(kind="contact.invited").exists()


def test_an_address_that_already_belongs_to_a_user_cannot_be_invited(client, world):
    contact = invitable_contact(employer=world.employer_a, email="kam_b@example.no")
    client.force_login(world.kam_a)
    response = client.post(reverse("recruitment:contact_invite", kwargs={"uuid": contact.uuid}), follow=True)
    assert "Det finnes allerede en bruker med e-postadressen kam_b@example.no" in response.content.decode()
    assert not ContactInvitation.objects.exists()


def test_a_user_created_with_the_address_after_the_invitation_makes_the_link_stale(client, invited):
    _, token = invited
    UserFactory(email="nina.ny@bedrift-a.no")
    before = _snapshot()
    assert _accept(client, token).status_code == 410
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password2": "Noe-helt-annet-77"}, "password2", "De to passordene er ikke like."),
        ({"password1": "kort", "password2": "kort"}, "password1", "minst 10 tegn"),
        ({"password1": "1234567890123", "password2": "1234567890123"}, "password1", "inneholder bare tall"),
        ({"password1": "password123", "password2": "password123"}, "password1", "for vanlig"),
        ({"password1": "", "password2": ""}, "password1", "Velg et passord."),
        ({"full_name": "   "}, "full_name", "Skriv navnet ditt."),
    ],
    ids=["mismatch", "too-short", "numeric", "common", "empty", "no-name"],
)
def test_bad_inputs_are_refused_with_a_norwegian_message_and_nothing_is_saved(client, invited, data, field, message):
    _, token = invited
    before = _snapshot()
    response = _accept(client, token, **data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert "Kontoen ble ikke opprettet." in response.content.decode()
    assert _snapshot() == before


def test_a_password_like_the_address_is_refused(client, invited):
    _, token = invited
    response = _accept(client, token, password1="nina.ny@bedrift-a.no", password2="nina.ny@bedrift-a.no")
    assert response.status_code == 200
    assert "for lik" in " ".join(response.context["form"].errors["password1"])


def test_the_invitation_page_and_the_refusal_speak_english(client, invited):
    _, token = invited
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Create your account" in client.get(_url(token)).content.decode()
    response = _accept(client, token, password2="different-one-123")
    assert "The two passwords are not the same." in response.content.decode()
    assert "This invitation link is not valid." in client.get(_url("nonsense")).content.decode()


def test_the_invitation_email_is_in_english_only_when_rendered_in_english(world):
    from accounts.notifications import render_message

    contact = invitable_contact(employer=world.employer_a)
    subject, body = render_message(
        template="recruitment/emails/portal_invitation",
        context={
            "contact": contact,
            "employer": world.employer_a,
            "kam": world.kam_a,
            "expires_at": timezone.now(),
            "url": "http://x/",
        },
        language="en",
    )
    assert subject == "Your access to the KAM Portal for Bedrift Æ AS"
    assert "Kam A invites you to the KAM Portal as a contact person for Bedrift Æ AS." in body


def test_only_the_kam_of_the_responsible_provider_sees_the_invite_button(client, world):
    invitable_contact(employer=world.employer_a)
    url = reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})
    client.force_login(world.kam_b)
    assert "Inviter til portalen" not in client.get(url).content.decode()


def test_a_signed_in_contact_can_still_log_in_with_the_new_password(client, invited):
    _, token = invited
    _accept(client, token)
    client.logout()
    response = client.post(reverse("login"), {"username": "nina.ny@bedrift-a.no", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(email="nina.ny@bedrift-a.no").check_password(GOOD_PASSWORD)
    assert not User.objects.get(email="nina.ny@bedrift-a.no").check_password(PASSWORD)


def test_the_employer_page_shows_an_expired_invitation_and_offers_to_send_it_again(client, world, invited):
    url = reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        client.force_login(world.kam_a)
        html = client.get(url).content.decode()
    assert "lenken har utløpt" in html
    assert "Send invitasjonen på nytt" in html
