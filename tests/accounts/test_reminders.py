"""The reminder sweep sends each due reminder once, whatever runs it and however often."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import Notification, ReminderSent, Role
from accounts.reminders import Due, reminder_kind, reminder_send, reminders_sweep, unregister_kind
from accounts.tasks import send_reminders
from tests.accounts.reminder_kinds import KIND
from tests.factories import EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
def unstaffed(world):
    """An employer of provider A without a responsible KAM: a reminder to admin_a is due."""
    return EmployerFactory(name="Uten KAM AS", region=world.region, responsible_provider=world.provider_a)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `fn(**kwargs)` and then what it queued on commit (the test itself runs in a transaction)."""

    def run(fn, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def test_a_due_reminder_is_sent_once_however_often_the_sweep_runs(world, unstaffed, committed):
    for _ in range(3):
        committed(reminders_sweep, now=MONDAY_MORNING, kinds=[KIND])
    with time_machine.travel(MONDAY_MORNING + timedelta(days=2)):
        committed(reminders_sweep, kinds=[KIND])
    assert [m.to for m in mail.outbox] == [[world.admin_a.email]]
    reminder = ReminderSent.objects.get()
    assert (reminder.kind, reminder.object_type) == (KIND, "recruitment.employer")
    assert reminder.object_id == str(unstaffed.pk)
    assert reminder.due_date.isoformat() == "2026-11-23"
    assert [n.email for n in reminder.notifications.all()] == [world.admin_a.email]


def test_a_new_due_date_is_a_new_reminder(world, unstaffed, committed):
    committed(reminders_sweep, now=MONDAY_MORNING, kinds=[KIND])
    committed(reminders_sweep, now=MONDAY_MORNING + timedelta(days=7), kinds=[KIND])
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_the_sweep_counts_what_it_sent_per_kind(world, unstaffed):
    EmployerFactory(region=world.region, responsible_provider=world.provider_b)
    first = reminders_sweep(now=MONDAY_MORNING, kinds=[KIND])
    second = reminders_sweep(now=MONDAY_MORNING, kinds=[KIND])
    assert (first.sent, second.sent) == ({KIND: 2}, {KIND: 0})


def test_a_reminder_whose_key_another_sweep_took_sends_nothing(world, unstaffed):
    due = Due(obj=unstaffed, due_date=MONDAY_MORNING.date(), recipients=[world.admin_a], context={"title": "x"})
    ReminderSent.objects.create(
        kind=KIND, object_type="recruitment.employer", object_id=str(unstaffed.pk), due_date=due.due_date
    )
    assert reminder_send(kind=KIND, due=due) is None
    assert not Notification.objects.exists()


def test_the_unique_key_holds_in_the_database(world, unstaffed):
    from django.db import IntegrityError

    key = {"kind": KIND, "object_type": "recruitment.employer", "object_id": "1", "due_date": MONDAY_MORNING.date()}
    ReminderSent.objects.create(**key)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderSent.objects.create(**key)


def test_a_reminder_in_a_rolled_back_transaction_is_neither_recorded_nor_sent(world, unstaffed, committed):
    def sweep_and_roll_back():
        with transaction.atomic():
            reminders_sweep(now=MONDAY_MORNING, kinds=[KIND])
            transaction.set_rollback(True)

    committed(sweep_and_roll_back)
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()
    committed(reminders_sweep, now=MONDAY_MORNING, kinds=[KIND])
    assert len(mail.outbox) == 1


def test_a_reminder_with_nobody_to_tell_waits_for_a_recipient(world, committed):
    nobody = EmployerFactory(region=world.region, responsible_provider=world.provider_c)  # provider C has no admin
    assert reminders_sweep(now=MONDAY_MORNING, kinds=[KIND]).sent == {KIND: 0}
    UserFactory(provider=world.provider_c, roles=[Role.PROVIDER_ADMIN])
    assert reminders_sweep(now=MONDAY_MORNING, kinds=[KIND]).sent == {KIND: 1}
    assert ReminderSent.objects.get().object_id == str(nobody.pk)


def test_a_failing_kind_is_reported_and_the_others_still_run(world, unstaffed):
    @reminder_kind("test.broken")
    def broken(now):
        raise RuntimeError("query failed")
        yield  # pragma: no cover

    try:
        result = reminders_sweep(now=MONDAY_MORNING, kinds=["test.broken", KIND])
    finally:
        unregister_kind("test.broken")
    assert result.failed == ["test.broken"]
    assert result.sent[KIND] == 1


def test_a_kind_name_cannot_be_taken_twice():
    with pytest.raises(ValueError, match="already registered"):

        @reminder_kind(KIND)
        def impostor(now):
            return []


def test_the_reminder_mail_is_in_the_recipients_language_with_text_and_html(world, unstaffed, committed):
    world.admin_a.language = "en"
    world.admin_a.save()
    UserFactory(provider=world.provider_a, roles=[Role.PROVIDER_ADMIN], email="nb-admin@example.no")
    committed(reminders_sweep, now=MONDAY_MORNING, kinds=[KIND])
    by_address = {m.to[0]: m for m in mail.outbox}
    english, norwegian = by_address[world.admin_a.email], by_address["nb-admin@example.no"]
    assert english.subject == "Reminder: Uten KAM AS has no responsible KAM"
    assert norwegian.subject == "Påminnelse: Uten KAM AS has no responsible KAM"
    assert "Due: 23 Nov 2026" in english.body
    assert "Frist: 23. nov. 2026" in norwegian.body
    for message in (english, norwegian):
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert f"/employers/{unstaffed.uuid}/" in html and f"/employers/{unstaffed.uuid}/" in message.body
    assert '<html lang="en">' in english.alternatives[0][0]
    assert "Open in the KAM Portal" in english.alternatives[0][0]
    assert "Åpne i KAM-portalen" in norwegian.alternatives[0][0]


def test_the_celery_task_runs_the_same_sweep(world, unstaffed, committed):
    first = committed(send_reminders.apply).get()  # every kind: the real ones may find the World's employers due
    assert first[KIND] == 1
    assert len(mail.outbox) == sum(first.values())
    assert set(committed(send_reminders.apply).get().values()) == {0}
    assert len(mail.outbox) == sum(first.values())


def test_the_command_runs_the_sweep_without_a_broker(world, unstaffed, committed, capsys):
    committed(call_command, command_name="send_reminders", kind=[KIND])
    committed(call_command, command_name="send_reminders", kind=[KIND])
    out = capsys.readouterr().out
    assert out.count(f"{KIND}: 1") == 1 and out.count(f"{KIND}: 0") == 1
    assert len(mail.outbox) == 1


def test_the_command_lists_the_kinds_and_refuses_an_unknown_one(capsys):
    call_command("send_reminders", "--list")
    assert KIND in capsys.readouterr().out.split()
    with pytest.raises(CommandError, match="unknown reminder kinds: nope"):
        call_command("send_reminders", "--kind", "nope")
