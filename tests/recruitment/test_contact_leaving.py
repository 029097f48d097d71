"""An employer's contact who left: recorded by the employer's KAM or the provider admin on the employer page,
undone until erased. From then on the contact cannot sign in, is no employer contact for the policy, is offered
for no new approval or list and gets no reminders."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AuditEvent, Notification
from accounts.policy import principal_for
from kamportal.workflow import WorkflowError
from recruitment.forms.mapping import SendForApprovalForm
from recruitment.forms.recruitments import _ContactMessageForm
from recruitment.models import Contact, ContactInvitation
from recruitment.services import contact_left_undo, contact_mark_left
from recruitment.services import mapping as mapping_services
from recruitment.services.agreements import portal_contacts
from recruitment.services.contact_leaving import ContactLeavingError
from tests.factories import PASSWORD, ContactFactory
from tests.recruitment.factories import mapping_form, sent_mapping_form
from tests.recruitment.portal_factories import accept_terms, contact_user, invitation
from tests.recruitment.recruitment_factories import placement_for

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 10, 10, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


def _signs_in(email) -> bool:
    client = Client()
    client.post(reverse("login"), {"username": email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(NOW, tick=True):
        yield


def _url(contact, name="contact_mark_left"):
    return reverse(f"recruitment:{name}", kwargs={"uuid": contact.uuid})


def _post_left(client, contact, left_on):
    contact.refresh_from_db()
    return client.post(_url(contact), {"left_on": left_on, "version": contact.version})


def test_the_kam_records_a_departure_and_the_contact_can_no_longer_sign_in_or_act(client, world):
    accept_terms(world.contact_user)
    assert _signs_in(world.contact_user.email)
    contact_client = Client()
    contact_client.force_login(world.contact_user)
    assert contact_client.get(reverse("recruitment:portal_home")).status_code == 200
    client.force_login(world.kam_a)
    page = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert _url(world.contact_a) in page

    Contact.objects.filter(pk=world.contact_a.pk).update(created_at=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC))
    response = _post_left(client, world.contact_a, "2027-03-01")

    assert response.status_code == 302
    contact = Contact.objects.get(pk=world.contact_a.pk)
    assert contact.left_on == datetime.date(2027, 3, 1)
    assert contact.left_recorded_by == world.kam_a and contact.left_closed_account
    assert not contact.is_primary
    world.contact_user.refresh_from_db()
    assert not world.contact_user.is_active
    assert not _signs_in(world.contact_user.email)
    response = contact_client.get(reverse("recruitment:portal_home"))  # the session no longer counts
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not principal_for(world.contact_user).is_employer_contact
    event = AuditEvent.objects.get(action="contact.left")
    assert event.actor == world.kam_a and event.object_id == str(contact.pk) and event.detail == "2027-03-01"
    page = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Sluttet hos bedriften" in page and _url(contact, "contact_left_undo") in page


def test_undo_opens_the_account_again_and_the_contact_is_offered_again(client, world):
    contact_mark_left(actor=world.kam_a, contact=world.contact_a, left_on=TODAY)
    client.force_login(world.kam_a)
    contact = Contact.objects.get(pk=world.contact_a.pk)
    response = client.post(_url(contact, "contact_left_undo"), {"version": contact.version})
    assert response.status_code == 302
    contact.refresh_from_db()
    world.contact_user.refresh_from_db()
    assert contact.left_on is None and world.contact_user.is_active
    assert AuditEvent.objects.filter(action="contact.left_undone", object_id=str(contact.pk)).count() == 1
    assert contact in SendForApprovalForm(employer=world.employer_a).fields["contact"].queryset
    with pytest.raises(ContactLeavingError):  # nothing to undo any more
        contact_left_undo(actor=world.kam_a, contact=contact)


def test_the_provider_admin_may_record_it_too(client, world):
    client.force_login(world.admin_a)
    assert client.get(_url(world.contact_a)).status_code == 200
    assert _post_left(client, world.contact_a, TODAY.isoformat()).status_code == 302
    assert Contact.objects.get(pk=world.contact_a.pk).left_recorded_by == world.admin_a


@pytest.mark.parametrize("who", ["kam_b", "kam_other", "admin_b"])
def test_staff_of_another_provider_get_404_and_nothing_changes(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(_url(world.contact_a)).status_code == 404
    assert _post_left(client, world.contact_a, TODAY.isoformat()).status_code == 404
    assert Contact.objects.get(pk=world.contact_a.pk).left_on is None
    assert not AuditEvent.objects.filter(action="contact.left").exists()


@pytest.mark.parametrize(
    ("left_on", "nb", "en"),
    [
        (
            "2027-03-11",
            "Datoen kan ikke være fram i tid.",
            "The date cannot be in the future.",
        ),
        (
            "2027-01-31",
            "Datoen er før kontaktpersonen ble registrert",
            "The date is before the contact was registered",
        ),
        ("", "Oppgi datoen kontaktpersonen sluttet hos bedriften.", "Give the date the contact left the employer."),
        ("i går", "Skriv inn en dato som 15.01.2027.", "Please enter a date like 2027-01-15."),
    ],
)
def test_bad_dates_are_refused_with_a_clear_message_and_nothing_is_saved(client, world, left_on, nb, en):
    Contact.objects.filter(pk=world.contact_a.pk).update(
        created_at=datetime.datetime(2027, 2, 1, 12, tzinfo=datetime.UTC)
    )
    client.force_login(world.kam_a)
    response = _post_left(client, world.contact_a, left_on)
    assert response.status_code == 200
    assert nb in response.content.decode() and "Ingenting ble lagret" in response.content.decode()
    world.kam_a.language = "en"
    world.kam_a.save()
    response = _post_left(client, world.contact_a, left_on)
    assert en in response.content.decode()
    contact = Contact.objects.get(pk=world.contact_a.pk)
    assert contact.left_on is None and contact.version == world.contact_a.version
    world.contact_user.refresh_from_db()
    assert world.contact_user.is_active
    assert not AuditEvent.objects.filter(action="contact.left").exists()


def test_a_departure_is_recorded_once(world):
    contact_mark_left(actor=world.kam_a, contact=world.contact_a, left_on=TODAY)
    with pytest.raises(ContactLeavingError):
        contact_mark_left(actor=world.kam_a, contact=world.contact_a, left_on=TODAY)
    assert AuditEvent.objects.filter(action="contact.left").count() == 1


def test_a_contact_who_left_is_offered_for_nothing_new_and_gets_no_reminders(world):
    other = contact_user(employer=world.employer_a, email="ny@bedrift-a.no", full_name="Nina Ny")
    _form, approval_request, token = sent_mapping_form(
        employer=world.employer_a, kam=world.kam_a, contact=world.contact_a
    )
    placement = placement_for(world)
    contact_mark_left(actor=world.kam_a, contact=world.contact_a, left_on=TODAY)

    for form in (SendForApprovalForm(employer=world.employer_a), _ContactMessageForm(employer=world.employer_a)):
        assert list(form.fields["contact"].queryset) == [other]
    with translation.override("nb"), pytest.raises(WorkflowError, match="har sluttet hos bedriften"):
        mapping_services.mapping_form_send_for_approval(
            version=mapping_form(employer=world.employer_a, kam=world.kam_a).versions.get(),
            actor=world.kam_a,
            contact=Contact.objects.get(pk=world.contact_a.pk),
        )
    assert portal_contacts(placement) == [other.user]  # agreements to confirm and attendance reminders
    with pytest.raises(mapping_services.LinkRefused):  # the e-mailed approval link answers nothing any more
        mapping_services.mapping_approval_answer(token=token, approve=True)
    approval_request.refresh_from_db()
    assert approval_request.used_at is None


def test_an_open_invitation_stops_working_and_a_contact_who_left_is_not_invited(world):
    sent, _token = invitation(employer=world.employer_a, kam=world.kam_a)
    contact = sent.contact
    contact_mark_left(actor=world.kam_a, contact=contact, left_on=TODAY)
    sent.refresh_from_db()
    assert sent.revoked_at is not None
    from recruitment.services.portal import contact_invite

    with translation.override("nb"), pytest.raises(ValidationError, match="har sluttet hos bedriften"):
        contact_invite(contact=Contact.objects.get(pk=contact.pk), invited_by=world.kam_a)
    assert ContactInvitation.objects.filter(contact=contact).count() == 1
    assert Notification.objects.filter(kind="contact.invited").count() == 1


def test_a_staff_account_is_not_closed_with_a_departure(world):
    contact = ContactFactory(employer=world.employer_a, email=world.advisor_a.email, user=world.advisor_a)
    contact_mark_left(actor=world.kam_a, contact=contact, left_on=TODAY)
    world.advisor_a.refresh_from_db()
    assert world.advisor_a.is_active
    assert not Contact.objects.get(pk=contact.pk).left_closed_account


def test_the_employer_page_costs_the_same_with_more_contacts(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.kam_a)
    url = reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})
    client.get(url)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = cost()
    for n in range(6):
        contact = ContactFactory(employer=world.employer_a, is_primary=False)
        if n % 2:
            contact_mark_left(actor=world.kam_a, contact=contact, left_on=timezone.localdate())
    assert cost() == few


def test_the_approval_reminder_goes_to_the_kam_only_once_the_contact_left(world, django_capture_on_commit_callbacks):
    from django.core import mail

    from accounts.reminders import reminders_sweep
    from recruitment.reminders import MAPPING_AWAITING_APPROVAL

    sent = datetime.datetime(2027, 2, 1, 10, tzinfo=datetime.UTC)  # a Monday
    with time_machine.travel(sent, tick=False):
        sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    contact_mark_left(actor=world.kam_a, contact=world.contact_a, left_on=TODAY)
    mail.outbox.clear()
    with (
        time_machine.travel(datetime.datetime(2027, 2, 9, 10, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_sweep(kinds=[MAPPING_AWAITING_APPROVAL]).sent[MAPPING_AWAITING_APPROVAL] == 1
    [message] = mail.outbox
    assert message.to == [world.kam_a.email]
    assert "Kontaktpersonen har sluttet hos bedriften" in message.body


def test_the_contact_a_list_went_to_hears_nothing_more_of_it_once_they_left(world):
    from recruitment.services import recruitments as recruitment_services
    from recruitment.services.hiring import _contacts_of
    from tests.recruitment.hiring_factories import sent_list

    recruitment, [submission] = sent_list(world, a=1, b=0)
    assert _contacts_of(submission) == [world.contact_user]
    contact_mark_left(actor=world.kam_a, contact=world.contact_a, left_on=TODAY)
    submission.refresh_from_db()
    recruitment.refresh_from_db()
    assert _contacts_of(submission) == []  # interview invitations and changes
    with translation.override("nb"), pytest.raises(ValidationError, match="har sluttet hos bedriften"):
        recruitment_services.recruitment_send_status_update(
            recruitment=recruitment,
            actor=world.kam_a,
            contact=Contact.objects.get(pk=world.contact_a.pk),
            message="Vi har tre kandidater til intervju.",
        )
    assert not Notification.objects.filter(kind="recruitment.status_update").exists()
