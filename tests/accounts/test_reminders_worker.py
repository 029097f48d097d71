"""Exactly once, for real: a Celery worker on Redis, beat, PostgreSQL and an SMTP sink on localhost.

Each test seeds employers without a responsible KAM (tests/accounts/reminder_kinds.py: each is
due to the responsible provider's administrators), starts a real worker subprocess that uses the
pytest database and mails to an aiosmtpd sink in this process, triggers the sweep as beat does,
and checks that every expected reminder arrives exactly once. The last test does the same with
real rows for the recruitment kinds (recruitment/reminders/), made due relative to the real
today because the worker has its own clock; the other tests' employers with a KAM had their
quarterly meeting today, so those kinds find nothing there. Needs REDIS_URL and PostgreSQL
(the worker must share the test database); skipped otherwise.
"""

import asyncio
import email
import email.header
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Notification, ReminderSent, Role, User
from accounts.notifications import notify
from accounts.reminders import reminders_sweep
from kamportal.lib.quarters import add_months
from kamportal.lib.workdays import add_working_days, is_working_day, working_days_between
from recruitment.models import ContactKind, ContactLogEntry
from recruitment.reminders import (
    ACCOUNT_PLAN_REVIEW_DUE,
    CV_DEADLINE_PASSED,
    CV_DEADLINE_SOON,
    LIST_FEEDBACK_OVERDUE,
    LIST_FEEDBACK_OVERDUE_CONTACT,
    LIST_UNANSWERED_FOUR_WEEKS,
    MAPPING_AWAITING_APPROVAL,
    QUARTERLY_FOLLOW_UP,
    quarterly_follow_up_due_date,
)
from tests.accounts.reminder_kinds import KIND
from tests.factories import ContactFactory, EmployerFactory, ProviderFactory, RegionFactory, UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SWEEP = "accounts.send_reminders"


@pytest.fixture(autouse=True)
def _needs_redis_and_postgres():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: there is no broker for a real worker")
    if connection.vendor != "postgresql":
        pytest.skip("the worker subprocess must share the test database: set DATABASE_URL to PostgreSQL")


@pytest.fixture(autouse=True)
def _empty_broker(_needs_redis_and_postgres):
    """No message left by an earlier run (or by a killed worker) may reach this test's worker."""
    import redis

    from kamportal.celery import app

    def empty():
        app.control.purge()
        redis.Redis.from_url(settings.REDIS_URL).delete(
            "unacked", "unacked_index", "unacked_mutex", "kamportal:beat-lock"
        )

    empty()
    yield
    empty()


# --- the SMTP sink ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def decoded(header: str) -> str:
    return str(email.header.make_header(email.header.decode_header(header)))


class Sink:
    """Keeps every message it accepts. With `stall` set, it holds each client at RCPT TO."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.stall = False
        self.stalled = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stall:
            self.stalled += 1
            while self.stall:
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def received(self) -> Counter:
        """(recipient, subject) → how many times it arrived."""
        return Counter((m["To"], decoded(m["Subject"])) for m in self.messages)


@pytest.fixture
def sink():
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        handler.stall = False
        controller.stop()


# --- worker and beat subprocesses ------------------------------------------------------------


def database_url() -> str:
    db = connection.settings_dict  # inside the test: NAME is the test database
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Processes:
    """Starts worker and beat subprocesses; stops every one of them (by pid) at the end."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.running: list[subprocess.Popen] = []
        self.count = 0

    def env(self, smtp_port: int, **extra) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "DATABASE_URL": database_url(),
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            **{key: str(value) for key, value in extra.items()},
        }

    def _start(self, args: list[str], env: dict, name: str) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kamportal", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() takes the pool children too
        )
        proc.log_path = self.tmp / f"{name}.log"
        proc.log_file = log
        self.running.append(proc)
        return proc

    def worker(self, smtp_port: int, *, pool: str = "solo", concurrency: int = 1, **extra) -> subprocess.Popen:
        from kamportal.celery import app

        self.count += 1
        hostname = f"reminders-{os.getpid()}-{self.count}@{socket.gethostname()}"
        args = [
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "--loglevel=info",
            "-n",
            hostname,
            "--without-gossip",
            "--without-mingle",
        ]
        proc = self._start(args, self.env(smtp_port, **extra), f"worker{self.count}")
        deadline = time.monotonic() + 30
        while not app.control.ping(timeout=0.5, destination=[hostname]):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the worker did not start:\n" + self.log(proc))
        return proc

    def beat(self, smtp_port: int, **extra) -> subprocess.Popen:
        self.count += 1
        args = ["beat", "--loglevel=info", f"--pidfile={self.tmp / f'beat{self.count}.pid'}", "--max-interval=1"]
        return self._start(args, self.env(smtp_port, **extra), f"beat{self.count}")

    @staticmethod
    def log(proc) -> str:
        return proc.log_path.read_text(errors="replace")[-5000:]

    def kill(self, proc) -> None:
        """SIGKILL the whole worker (main process and pool children): no clean shutdown, no acks."""
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        for proc in self.running:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=5)
            proc.log_file.close()


@pytest.fixture
def procs():
    with tempfile.TemporaryDirectory(prefix="kam-reminders-") as tmp:
        processes = Processes(Path(tmp))
        try:
            yield processes
        finally:
            processes.stop_all()


def wait_until(predicate, timeout: float, what: str, logs=()) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n" + "\n".join(Processes.log(p) for p in logs))
        time.sleep(0.1)


# --- seeded data -------------------------------------------------------------------------------


def seed(employers: int = 3, admins: int = 2) -> set[tuple[str, str]]:
    """Employers of one provider without a KAM, and its admins; returns the expected (to, subject) pairs."""
    region = RegionFactory(name="Vest")
    provider = ProviderFactory(region=region)
    staff = [
        UserFactory(provider=provider, roles=[Role.PROVIDER_ADMIN], email=f"admin{i}@tiltak.no", language=lang)
        for i, lang in zip(range(admins), ["nb", "en"] * admins, strict=False)
    ]
    kam = UserFactory(provider=provider, roles=[Role.KAM])
    held = EmployerFactory(region=region, responsible_provider=provider, responsible_kam=kam)  # not due: has a KAM
    met_today(held, kam)  # and had its quarterly meeting, so the real follow-up reminder is not due either
    EmployerFactory(region=region)  # not due: no provider holds it
    expected = set()
    for i in range(employers):
        employer = EmployerFactory(name=f"Bedrift {i} uten KAM", region=region, responsible_provider=provider)
        for user in staff:
            word = "Påminnelse" if user.language == "nb" else "Reminder"
            expected.add((user.email, f"{word}: {employer.name} has no responsible KAM"))
    return expected


def met_today(employer, kam) -> None:
    ContactLogEntry.objects.create(
        employer=employer, kam=kam, kind=ContactKind.MEETING, occurred_on=timezone.localdate()
    )


def assert_exactly_once(sink: Sink, expected: set, quiet: float = 2.0) -> None:
    time.sleep(quiet)  # a late duplicate would arrive now
    received = sink.received()
    duplicates = {key: n for key, n in received.items() if n > 1}
    assert not duplicates, f"sent more than once: {duplicates}"
    assert set(received) == expected


def all_arrived(sink: Sink, expected: set):
    return lambda: set(sink.received()) >= expected


def schedule_only(task: str, every_seconds: int | None = None) -> None:
    """Install the schedule with only `task` enabled (every `every_seconds`, if given)."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from accounts.schedule import install_schedule

    install_schedule()
    PeriodicTask.objects.exclude(task=task).update(enabled=False)
    if every_seconds:
        interval, _ = IntervalSchedule.objects.get_or_create(every=every_seconds, period=IntervalSchedule.SECONDS)
        PeriodicTask.objects.filter(task=task).update(crontab=None, interval=interval)


DISPATCHER = "accounts.dispatch_outbox"


def sweep_now(timeout: float = 30) -> dict:
    from kamportal.celery import app

    return app.send_task(SWEEP).get(timeout=timeout)


# --- the tests ---------------------------------------------------------------------------------


def test_beat_triggered_sweeps_send_each_reminder_exactly_once(sink, procs):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from accounts.schedule import install_schedule

    expected = seed(employers=3, admins=2)
    install_schedule()
    PeriodicTask.objects.exclude(task=SWEEP).update(enabled=False)
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    sweep = PeriodicTask.objects.get(task=SWEEP)
    sweep.crontab, sweep.interval = None, every_second
    sweep.save()

    worker = procs.worker(sink.port)
    beat = procs.beat(sink.port)
    wait_until(all_arrived(sink, expected), 40, "the reminders", logs=[worker, beat])
    wait_until(lambda: procs.log(worker).count(f"Task {SWEEP}[") >= 2 * 4, 20, "four sweeps", logs=[worker, beat])
    assert_exactly_once(sink, expected)
    assert ReminderSent.objects.filter(kind=KIND).count() == 3


def test_two_sweeps_at_once_send_each_reminder_exactly_once(sink, procs):
    from kamportal.celery import app

    expected = seed(employers=6, admins=2)
    worker = procs.worker(sink.port, pool="prefork", concurrency=2, TEST_REMINDER_DELAY=0.3)
    first, second = app.send_task(SWEEP), app.send_task(SWEEP)
    counts = [first.get(timeout=40)[KIND], second.get(timeout=40)[KIND]]
    assert sum(counts) == 6, counts  # each reminder was sent by exactly one of the two sweeps
    wait_until(all_arrived(sink, expected), 30, "the reminders", logs=[worker])
    assert_exactly_once(sink, expected)
    assert sweep_now()[KIND] == 0


def test_a_worker_killed_while_sending_is_restarted_and_each_mail_arrives_once(sink, procs):
    expected = seed(employers=2, admins=1)
    fast_recovery = {"TEST_VISIBILITY_TIMEOUT": 4, "NOTIFICATION_CLAIM_TIMEOUT": 3}
    schedule_only(DISPATCHER, every_seconds=1)
    procs.beat(sink.port, **fast_recovery)  # the outbox dispatcher frees the dead worker's claim
    sink.stall = True
    worker = procs.worker(sink.port, **fast_recovery)
    from kamportal.celery import app

    app.send_task(SWEEP)
    wait_until(
        lambda: sink.stalled and Notification.objects.filter(email_status=Notification.EmailStatus.SENDING).exists(),
        30,
        "the worker to be in the middle of sending",
        logs=[worker],
    )
    procs.kill(worker)  # SIGKILL: no clean shutdown, its message stays unacknowledged in Redis
    [held] = Notification.objects.filter(email_status=Notification.EmailStatus.SENDING)
    sink.stall = False
    assert sink.received() == Counter()

    restarted = procs.worker(sink.port, **fast_recovery)
    wait_until(all_arrived(sink, expected), 45, "the reminders after the restart", logs=[restarted])
    assert_exactly_once(sink, expected)
    held.refresh_from_db()
    assert held.email_status == Notification.EmailStatus.SENT
    assert held.email_attempts == 2  # claimed by the killed worker, then again after the restart
    assert {m["Message-ID"] for m in sink.messages} == {
        f"<{n.uuid}@kamportal.local>" for n in Notification.objects.all()
    }
    assert sweep_now()[KIND] == 0  # beat's next sweep finds every key taken


def test_mail_survives_an_smtp_server_that_is_down_at_first(procs):
    expected = seed(employers=2, admins=1)
    port = free_port()
    schedule_only(DISPATCHER, every_seconds=1)
    procs.beat(port)  # the outbox dispatcher retries when the backoff has passed
    worker = procs.worker(port, NOTIFICATION_RETRY_FIRST_DELAY=2)  # nothing listens on the port yet
    sweep_now()
    wait_until(
        lambda: (
            Notification.objects.filter(email_attempts__gte=1, email_status=Notification.EmailStatus.PENDING)
            .exclude(email_error="")
            .count()
            == 2
        ),
        30,
        "the first failed attempts",
        logs=[worker],
    )
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        wait_until(all_arrived(handler, expected), 40, "the retried mails", logs=[worker])
        assert_exactly_once(handler, expected)
    finally:
        controller.stop()
    assert all(n.email_attempts >= 2 for n in Notification.objects.all())
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Notification.EmailStatus.SENT}


def test_nothing_queued_in_a_rolled_back_transaction_is_ever_sent(sink, procs):
    expected = seed(employers=2, admins=1)
    worker = procs.worker(sink.port)
    admin = User.objects.get(email="admin0@tiltak.no")

    with transaction.atomic():
        reminders_sweep(kinds=[KIND])
        notify(recipients=[admin], kind="test", template="emails/test_message", context={"text": "rullet tilbake"})
        transaction.set_rollback(True)
    assert not ReminderSent.objects.exists() and not Notification.objects.exists()

    notify(recipients=[admin], kind="test", template="emails/test_message", context={"text": "lagret"})
    wait_until(lambda: len(sink.messages) == 1, 20, "the committed notification", logs=[worker])
    time.sleep(2)
    [message] = sink.messages
    assert "lagret" in message.get_payload()[0].get_payload(decode=True).decode()
    assert not any(subject.startswith("Påminnelse") for _, subject in sink.received())
    assert sweep_now()[KIND] == 2  # the rolled-back sweep left no key behind: the real one sends them
    wait_until(all_arrived(sink, expected), 20, "the reminders", logs=[worker])


def test_a_worker_killed_in_the_middle_of_a_sweep_finishes_it_after_the_restart(sink, procs):
    from kamportal.celery import app

    expected = seed(employers=4, admins=1)
    fast_recovery = {"TEST_VISIBILITY_TIMEOUT": 4, "NOTIFICATION_CLAIM_TIMEOUT": 3}
    worker = procs.worker(sink.port, TEST_REMINDER_DELAY=0.8, **fast_recovery)
    sweep = app.send_task(SWEEP)
    wait_until(lambda: ReminderSent.objects.count() >= 2, 30, "half of the sweep", logs=[worker])
    procs.kill(worker)
    done_before_the_kill = ReminderSent.objects.count()
    assert done_before_the_kill < 4

    restarted = procs.worker(sink.port, **fast_recovery)
    assert sweep.get(timeout=40)[KIND] == 4 - done_before_the_kill  # the same message, redelivered
    wait_until(all_arrived(sink, expected), 30, "the reminders after the restart", logs=[restarted])
    assert_exactly_once(sink, expected)
    assert ReminderSent.objects.count() == 4


def seed_recruitment_kinds(today) -> tuple[set[tuple[str, str]], dict]:
    """Real rows due for the three recruitment kinds at the real `today` (the worker's own clock).

    A mapping form sent 6 working days ago, an employer without a follow-up meeting this quarter
    (due only from the quarter's second month), an account plan a day past its six-monthly review,
    and recruitments due for each recruitment kind (`seed_recruitments`; on working days only).
    Every other employer has a KAM and met this quarter, so nothing else is due.
    """
    import time_machine

    from recruitment.services import account_plan_save
    from tests.recruitment.factories import sent_mapping_form

    region = RegionFactory(name="Vest")
    provider = ProviderFactory(region=region)
    kam = UserFactory(provider=provider, roles=[Role.KAM], email="kam@tiltak.no")

    def employer(name, *, met=True):
        made = EmployerFactory(name=name, region=region, responsible_provider=provider, responsible_kam=kam)
        if met:
            met_today(made, kam)
        return made

    waiting, planned = employer("Venter AS"), employer("Planlagt AS")
    employer("Uten møte AS", met=False)
    contact = ContactFactory(employer=waiting, full_name="Kari Kontakt", email="kari@venter.no")
    sent_on = today - timedelta(days=6)
    while working_days_between(sent_on, today) != 6:
        sent_on -= timedelta(days=1)
    with time_machine.travel(datetime.combine(sent_on, clock_time(10), tzinfo=timezone.get_current_timezone())):
        _, approval_request, _ = sent_mapping_form(employer=waiting, kam=kam, contact=contact, positions=1)
    account_plan_save(actor=kam, employer=planned, reviewed_on=add_months(today, -6) - timedelta(days=1))

    expected = {
        ("kari@venter.no", "Godkjenn kartleggingsskjemaet for Venter AS"),  # the request itself, sent at seeding
        ("kam@tiltak.no", "Påminnelse: kartleggingsskjemaet for Venter AS venter på godkjenning"),
        ("kari@venter.no", "Påminnelse: vennligst godkjenn kartleggingsskjemaet for Venter AS"),
        ("kam@tiltak.no", "Påminnelse: gå gjennom kundeplanen for Planlagt AS"),
    }
    counts = {MAPPING_AWAITING_APPROVAL: 2, ACCOUNT_PLAN_REVIEW_DUE: 1, QUARTERLY_FOLLOW_UP: 0, KIND: 0}
    if today >= quarterly_follow_up_due_date(today):  # in the quarter's first month nothing is due yet
        expected.add(("kam@tiltak.no", "Påminnelse: ikke noe oppfølgingsmøte med Uten møte AS dette kvartalet"))
        counts[QUARTERLY_FOLLOW_UP] = 1
    seeded_mail, reminders = seed_recruitments(today, region=region, provider=provider, kam=kam, employer=employer)
    expected |= seeded_mail
    counts |= dict.fromkeys(RECRUITMENT_KINDS, 0)
    if is_working_day(today):  # the recruitment kinds remind on working days only
        expected |= reminders
        counts |= {CV_DEADLINE_SOON: 2} | dict.fromkeys(RECRUITMENT_KINDS[1:], 1)
    return expected, {"counts": counts, "approval_request": approval_request}


RECRUITMENT_KINDS = [
    CV_DEADLINE_SOON,
    CV_DEADLINE_PASSED,
    LIST_FEEDBACK_OVERDUE,
    LIST_FEEDBACK_OVERDUE_CONTACT,
    LIST_UNANSWERED_FOUR_WEEKS,
]


def seed_recruitments(today, *, region, provider, kam, employer) -> tuple[set, set]:
    """Recruitments due at `today` for the recruitment kinds, one employer each, built through the services.

    "Frist AS": CVs due in 2 working days, a request to provider B unanswered and nobody proposed (the
    supplying and the coordinating KAM are reminded). "Passert AS": the deadline was yesterday. "Liste AS":
    a list sent 30 days ago without answers (feedback overdue, to the KAM and the contact; four weeks).
    Returns the mail the seeding itself sends (the worker delivers it too) and the reminders.
    """
    from types import SimpleNamespace

    import time_machine
    from django.utils import formats, translation

    from recruitment.services import recruitments as services
    from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

    provider_b = ProviderFactory(region=region)
    kam_b = UserFactory(provider=provider_b, roles=[Role.KAM], email="kam@tiltak-b.no")
    advisor = UserFactory(provider=provider, roles=[Role.ADVISOR], email="veileder@tiltak.no")
    before = set(Notification.objects.values_list("pk", flat=True))

    def world(name, contact_email):
        made = employer(name)
        contact = ContactFactory(employer=made, full_name=f"Kontakt {name}", email=contact_email)
        return SimpleNamespace(
            employer_a=made, contact_a=contact, kam_a=kam, kam_b=kam_b, advisor_a=advisor, provider_a=provider
        )

    def at(day):
        return time_machine.travel(datetime.combine(day, clock_time(10), tzinfo=timezone.get_current_timezone()))

    soon_world = world("Frist AS", "k@frist.no")
    passed_world = world("Passert AS", "k@passert.no")
    list_world = world("Liste AS", "k@liste.no")
    soon = recruitment_for(soon_world, cv_deadline=add_working_days(today, 2))
    request_to_b(soon_world, soon, accept=False)
    with at(today - timedelta(days=14)):
        last_working_day = today - timedelta(days=1)  # a CV deadline is always a working day (recruitment/rules.py)
        while not is_working_day(last_working_day):
            last_working_day -= timedelta(days=1)
        passed = recruitment_for(passed_world, cv_deadline=last_working_day)
    with at(today - timedelta(days=30)):
        listed = recruitment_for(list_world)
        submission = propose(list_world, listed, proposable_candidate(list_world, "a"))
        services.submission_decide(submission=submission, actor=kam, shortlist=True)
        services.recruitment_send_list(recruitment=listed, actor=kam, contact=list_world.contact_a)
    seeded = {(n.email, n.subject) for n in Notification.objects.exclude(pk__in=before) if n.email_status == "pending"}
    assert ("k@liste.no", f"Kandidater til {listed.title}") in seeded  # an outbox row of send_list's transaction
    with translation.override("nb"):
        due = formats.date_format(soon.cv_deadline, "DATE_FORMAT")
    soon_subject = f"Påminnelse: CV-er til {soon.title} hos Frist AS skal inn innen {due}"
    reminders = {
        ("kam@tiltak-b.no", soon_subject),
        ("kam@tiltak.no", soon_subject),
        ("kam@tiltak.no", f"Påminnelse: fristen for CV-er til {passed.title} hos Passert AS er passert"),
        ("kam@tiltak.no", f"Påminnelse: ikke noe svar fra Liste AS på kandidatlisten til {listed.title}"),
        ("k@liste.no", f"Påminnelse: kandidatene til {listed.title} venter på svar fra dere"),
        ("kam@tiltak.no", f"Påminnelse: lukk den ubesvarte kandidatlisten til {listed.title} hos Liste AS"),
    }
    return seeded, reminders


def test_the_recruitment_reminders_arrive_once_each_through_the_real_worker_when_the_sweep_runs_twice(sink, procs):
    from recruitment.services.mapping import approval_request_from_token

    expected, seeded = seed_recruitment_kinds(timezone.localdate())
    worker = procs.worker(sink.port)
    first, second = sweep_now(), sweep_now()
    assert {kind: first[kind] for kind in seeded["counts"]} == seeded["counts"]
    assert set(second.values()) == {0}
    wait_until(all_arrived(sink, expected), 60, "the recruitment reminders", logs=[worker])
    assert_exactly_once(sink, expected)

    [reminder] = [m for m in sink.messages if decoded(m["Subject"]).startswith("Påminnelse: vennligst godkjenn")]
    text = reminder.get_payload()[0].get_payload(decode=True).decode()
    [token] = {line.strip().rstrip("/").rsplit("/", 1)[1] for line in text.splitlines() if "/approval/" in line}
    assert approval_request_from_token(token) == seeded["approval_request"]  # a working link to the same request
