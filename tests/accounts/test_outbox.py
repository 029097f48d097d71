"""The outbox in-process: a real SMTP server that is down for ten minutes, with time travel for the backoff."""

from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import Notification
from accounts.notifications import notify
from accounts.outbox import outbox_dispatch, publish
from tests.accounts.test_reminders_worker import Sink, free_port
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_port(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    return port


def test_every_message_arrives_once_after_the_smtp_server_was_down_for_ten_minutes(
    smtp_port, django_capture_on_commit_callbacks
):
    users = [UserFactory(language="nb") for _ in range(5)]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            rows = notify(recipients=users, kind="test", template="emails/test_message", context={"text": "nede"})
        assert {n.email_status for n in Notification.objects.all()} == {Notification.EmailStatus.PENDING}

        def tick_until(until):
            while timezone.now() < until:
                traveller.shift(timedelta(seconds=30))  # beat runs the dispatcher every 30 s
                outbox_dispatch()

        tick_until(start + timedelta(minutes=10))  # the server is down all this time
        assert not Notification.objects.exclude(email_status=Notification.EmailStatus.PENDING).exists()
        attempts_while_down = set(Notification.objects.values_list("email_attempts", flat=True))
        assert attempts_while_down == {5}  # 0 s, +30 s, +1, +2, +4 min; the next at +15.5 min

        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            tick_until(start + timedelta(minutes=20))
        finally:
            controller.stop()
    assert sorted(to for to, _ in sink.received().elements()) == sorted(u.email for u in users)
    assert sorted(m["Message-ID"] for m in sink.messages) == sorted(f"<{n.uuid}@kamportal.local>" for n in rows)
    sent = Notification.objects.all()
    assert {n.email_status for n in sent} == {Notification.EmailStatus.SENT}
    assert all(start + timedelta(minutes=15) <= n.email_sent_at <= start + timedelta(minutes=16) for n in sent)


def test_a_broker_error_at_publish_is_logged_and_leaves_the_row_for_the_dispatcher(monkeypatch, caplog):
    from kamportal.celery import app

    [row] = notify(recipients=[UserFactory()], kind="test", template="emails/test_message", context={"text": "x"})

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(app.tasks["accounts.send_notification_email"], "apply_async", down)
    assert publish([row.pk]) == 0  # nothing raised
    assert "dispatcher will retry" in caplog.text
    row.refresh_from_db()
    assert row.email_status == Notification.EmailStatus.PENDING and row.email_next_try_at > timezone.now()


def test_a_row_whose_worker_dies_every_time_becomes_undeliverable_after_the_retry_window(settings):
    [row] = notify(recipients=[UserFactory()], kind="test", template="emails/test_message", context={"text": "x"})
    day_ago = timezone.now() - timedelta(hours=settings.NOTIFICATION_RETRY_HOURS, minutes=1)
    Notification.objects.filter(pk=row.pk).update(
        email_status=Notification.EmailStatus.SENDING, email_claimed_at=day_ago, email_queued_at=day_ago
    )
    assert outbox_dispatch()["freed"] == 0
    row.refresh_from_db()
    assert row.email_status == Notification.EmailStatus.UNDELIVERABLE
