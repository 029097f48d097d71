import smtplib
from datetime import timedelta

import django.core.mail.backends.locmem  # noqa: F401
import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse

from accounts.models import Notification
from accounts.notifications import notify
from accounts.outbox import message_id, notification_deliver, retry_delay
from accounts.tasks import send_notification_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(recipients, **extra):
    return notify(
        recipients=recipients,
        kind="test",
        template="emails/test_message",
        context={"text": "Hei"},
        url="/notifications/",
        **extra,
    )


def test_each_recipient_gets_one_notification_and_one_mail_in_their_language(django_capture_on_commit_callbacks):
    nb_user = UserFactory(language="nb")
    en_user = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify([nb_user, en_user, nb_user, "ekstern@bedrift.no"])
    assert len(created) == 3
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        nb_user.email: "Testmelding fra KAM-portalen",
        en_user.email: "Test message from the KAM Portal",
        "ekstern@bedrift.no": "Testmelding fra KAM-portalen",
    }
    assert all(n.email_status == Notification.EmailStatus.SENT for n in Notification.objects.all())
    html = mail.outbox[0].alternatives[0][0]
    assert "http://127.0.0.1:8000/notifications/" in html


def test_a_notification_made_in_a_rolled_back_transaction_is_never_sent(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _notify([user])
        transaction.set_rollback(True)
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_digest_users_get_no_single_mail(django_capture_on_commit_callbacks):
    user = UserFactory(email_mode="daily")
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify([user])
    assert mail.outbox == []
    assert notification.email_status == Notification.EmailStatus.DIGEST


def test_sending_twice_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify([user])
    assert send_notification_email.apply(args=[notification.pk]).get() == "already handled"
    assert len(mail.outbox) == 1


def test_a_failing_smtp_server_leaves_the_mail_pending_with_backoff_then_undeliverable_after_a_day(monkeypatch):
    user = UserFactory()
    [notification] = _notify([user])

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    start = notification.created_at
    with time_machine.travel(start, tick=False) as traveller:
        assert notification_deliver(notification_id=notification.pk) == "retry"
        notification.refresh_from_db()
        assert notification.email_status == Notification.EmailStatus.PENDING
        assert (notification.email_attempts, notification.email_next_try_at) == (1, start + retry_delay(1))
        assert "down" in notification.email_error
        while notification.email_status == Notification.EmailStatus.PENDING:
            traveller.move_to(notification.email_next_try_at)
            notification_deliver(notification_id=notification.pk)
            notification.refresh_from_db()
        gave_up_after = notification.email_claimed_at - start
    assert notification.email_status == Notification.EmailStatus.UNDELIVERABLE
    assert timedelta(hours=24) <= gave_up_after < timedelta(hours=26)
    assert 10 < notification.email_attempts < 30
    assert mail.outbox == []


def test_the_backoff_grows_to_at_most_two_hours():
    delays = [retry_delay(n).total_seconds() for n in range(1, 15)]
    assert delays[:4] == [30, 60, 120, 240]
    assert delays == sorted(delays) and max(delays) == 2 * 3600


def test_each_mail_carries_a_stable_message_id(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = _notify([user])
    [sent] = mail.outbox
    assert sent.extra_headers["Message-ID"] == message_id(notification) == f"<{notification.uuid}@kamportal.local>"
    assert sent.message()["Message-ID"] == message_id(notification)


def test_a_mail_that_failed_once_goes_out_on_the_retry(monkeypatch):
    user = UserFactory()
    [notification] = _notify([user])
    calls = {"n": 0}
    real = mail.backends.locmem.EmailBackend.send_messages

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("down")
        return real(self, messages)

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", flaky)
    assert notification_deliver(notification_id=notification.pk) == "retry"
    assert notification_deliver(notification_id=notification.pk) == "sent"
    assert len(mail.outbox) == 1


def test_the_recipient_sends_an_undeliverable_mail_again_from_the_notification_centre(
    client, django_capture_on_commit_callbacks
):
    me = UserFactory()
    [notification] = _notify([me])
    Notification.objects.filter(pk=notification.pk).update(email_status=Notification.EmailStatus.UNDELIVERABLE)
    client.force_login(me)
    page = client.get(reverse("notifications")).content.decode()
    assert "E-posten kunne ikke leveres." in page
    resend = reverse("notification_resend", kwargs={"uuid": notification.uuid})
    assert resend in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(resend).status_code == 302
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1
    client.post(resend)  # a second click finds it sent: nothing more goes out
    assert len(mail.outbox) == 1
    assert "kunne ikke leveres" not in client.get(reverse("notifications")).content.decode()


def test_the_notification_centre_shows_only_my_notifications_and_counts_unread(client):
    me, other = UserFactory(), UserFactory()
    _notify([me])
    notify(recipients=[other], kind="test", template="emails/test_message", context={"text": "Hemmelig"})
    client.force_login(me)
    page = client.get(reverse("notifications")).content.decode()
    assert "Testmelding fra KAM-portalen" in page
    assert "Hemmelig" not in page
    assert '1<span class="visually-hidden"> uleste' in page


def test_opening_a_notification_marks_it_read_and_follows_its_link(client):
    me = UserFactory()
    [notification] = _notify([me])
    client.force_login(me)
    response = client.post(reverse("notification_open", kwargs={"uuid": notification.uuid}))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_notification_list_costs_the_same_queries_for_5_and_50(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    me = UserFactory()
    client.force_login(me)
    counts = []
    for total in (5, 50):
        for _ in range(total - Notification.objects.filter(user=me).count()):
            _notify([me])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("notifications")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
