"""Mail survives faults, for real: a Celery worker and beat on Redis, PostgreSQL and an SMTP sink.

Each test starts real subprocesses (see tests/accounts/test_reminders_worker.py for the sink and
process helpers) and breaks something on purpose: the whole worker is SIGKILLed in the middle
of sending 500 reminders, the broker is unreachable when the KAM sends the candidate list, or a
second beat is started. Needs REDIS_URL and PostgreSQL; skipped otherwise.
"""

import time
from contextlib import contextmanager

import pytest
from django.urls import reverse

from accounts.models import Notification, ReminderSent
from tests.accounts import test_reminders_worker as real
from tests.accounts.reminder_kinds import KIND
from tests.accounts.test_reminders_worker import (
    DISPATCHER,
    SWEEP,
    all_arrived,
    assert_exactly_once,
    free_port,
    schedule_only,
    seed,
    wait_until,
)

# The real-worker fixtures: a broker emptied around each test, the SMTP sink, the subprocesses.
_needs_redis_and_postgres = real._needs_redis_and_postgres
_empty_broker = real._empty_broker
sink = real.sink
procs = real.procs

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def message_ids(sink) -> list[str]:
    return [m["Message-ID"] for m in sink.messages]


def test_500_reminders_arrive_once_each_within_3_minutes_after_the_whole_worker_is_killed_mid_send(
    sink, procs, record_property
):
    """Production timings: dispatcher every 30 s, claim timeout 60 s, publish grace 60 s."""
    from kamportal.celery import app

    expected = seed(employers=500, admins=1)
    assert len(expected) == 500
    schedule_only(DISPATCHER)
    procs.beat(sink.port)
    worker = procs.worker(sink.port, pool="prefork", concurrency=2)
    sink.stall = True  # hold the first mails back until every reminder is recorded
    assert app.send_task(SWEEP).get(timeout=120)[KIND] == 500
    sink.stall = False
    wait_until(lambda: len(sink.messages) >= 100, 60, "the first hundred mails", logs=[worker])
    sink.stalled, sink.stall = 0, True  # both pool processes stop at RCPT TO: mid-send, nothing accepted
    wait_until(lambda: sink.stalled >= 2, 30, "both pool processes in the middle of a mail", logs=[worker])
    procs.kill(worker)
    arrived_before = len(sink.messages)
    sending = Notification.objects.filter(email_status=Notification.EmailStatus.SENDING).count()
    assert arrived_before < 500 and sending == 2
    sink.stall = False

    restarted_at = time.monotonic()
    restarted = procs.worker(sink.port, pool="prefork", concurrency=2)
    wait_until(all_arrived(sink, expected), 180, "every reminder after the restart", logs=[restarted])
    recovered_in = time.monotonic() - restarted_at
    record_property("recovered_in_seconds", round(recovered_in, 1))
    print(f"\n500 reminders: {arrived_before} before the kill, all within {recovered_in:.1f} s of the restart")
    assert_exactly_once(sink, expected)
    assert len(set(message_ids(sink))) == len(sink.messages) == 500
    assert ReminderSent.objects.filter(kind=KIND).count() == 500
    assert recovered_in < 180


@contextmanager
def unreachable_broker():
    """The web process's Celery app points at a port where nothing listens (connection refused)."""
    from kamportal.celery import app

    url = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    app._after_fork()  # Celery's own reset of the pooled broker connections
    try:
        yield
    finally:
        app.conf.broker_url = url
        app._after_fork()


def ready_to_send(world):
    from recruitment.services import recruitments as services
    from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for

    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world, "a"))
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    return recruitment


def test_the_list_is_sent_while_the_broker_is_unreachable_and_the_email_arrives_once_it_is_back(
    world, sink, procs, client, settings
):
    settings.NOTIFICATION_PUBLISH_GRACE = 1  # the web process's rows are due for the dispatcher at once
    recruitment = ready_to_send(world)
    client.force_login(world.kam_a)
    with unreachable_broker():
        with pytest.raises(Exception):  # noqa: B017 - whatever kombu raises: the broker is really down
            from kamportal.celery import app

            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1)
        started = time.monotonic()
        response = client.post(
            reverse("recruitment:send_list", kwargs={"uuid": recruitment.uuid}),
            {"contact": world.contact_a.pk, "message": "Se listen"},
        )
        took = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert took < 10
    recruitment.refresh_from_db()
    assert recruitment.status == "shortlist_sent"
    [row] = Notification.objects.filter(kind="recruitment.list_sent")
    assert row.email_status == Notification.EmailStatus.PENDING and row.email_attempts == 0

    schedule_only(DISPATCHER, every_seconds=1)
    procs.beat(sink.port)
    worker = procs.worker(sink.port)
    wanted = {(world.contact_a.email, row.subject)}
    wait_until(all_arrived(sink, wanted), 60, "the list e-mail", logs=[worker])
    wait_until(
        lambda: not Notification.objects.exclude(email_status=Notification.EmailStatus.SENT).exists(),
        30,
        "every notification of the day",
        logs=[worker],
    )
    time.sleep(2)
    assert sink.received()[(world.contact_a.email, row.subject)] == 1
    assert sorted(message_ids(sink)) == sorted({f"<{n.uuid}@kamportal.local>" for n in Notification.objects.all()})
    [message] = [m for m in sink.messages if m["Message-ID"] == f"<{row.uuid}@kamportal.local>"]
    assert not any(part.get_filename() for part in message.walk())  # a link, no attachment


def test_a_second_beat_sends_nothing_until_the_first_one_dies(sink, procs):
    schedule_only(DISPATCHER, every_seconds=1)
    fast = {"CELERY_BEAT_LOCK_TTL": 3}
    sent = "Sending due task"
    first = procs.beat(sink.port, **fast)
    wait_until(lambda: procs.log(first).count(sent) >= 2, 30, "the first beat's ticks", logs=[first])
    second = procs.beat(sink.port, **fast)
    wait_until(lambda: "waits for the beat lock" in procs.log(second), 30, "the second beat", logs=[second])
    time.sleep(4)
    assert sent not in procs.log(second)
    assert procs.log(first).count(sent) >= 5

    procs.kill(first)  # SIGKILL: the lock is not released, it expires
    killed_at = time.monotonic()
    wait_until(lambda: sent in procs.log(second), 15, "the second beat to take over", logs=[second])
    assert time.monotonic() - killed_at < 3 + 3
    assert "holds the beat lock" in procs.log(second)
