"""The beat schedule comes from a migration; admins see the schedule, the notifications and the reminders sent."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from accounts.models import Notification, ReminderSent
from accounts.notifications import notify
from accounts.schedule import SCHEDULE, install_schedule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_migration_schedules_the_hourly_sweep_the_daily_digest_the_outbox_and_the_file_sweep():
    tasks = {task.name: task for task in PeriodicTask.objects.select_related("crontab", "interval")}
    sweep = tasks["Reminder sweep"]
    assert sweep.task == "accounts.send_reminders" and sweep.enabled
    assert (sweep.crontab.minute, sweep.crontab.hour, str(sweep.crontab.timezone)) == ("5", "*", "Europe/Oslo")
    digest = tasks["Daily e-mail digest"]
    assert (digest.task, digest.crontab.hour, digest.crontab.minute) == ("accounts.send_daily_digests", "7", "0")
    dispatcher = tasks["E-mail outbox dispatcher"]
    assert (dispatcher.task, dispatcher.interval.every, dispatcher.interval.period) == (
        "accounts.dispatch_outbox",
        30,
        "seconds",
    )
    assert tasks["Stored file sweep"].task == "candidates.sweep_files"
    assert "Requeue stale notification e-mails" not in tasks


def test_every_scheduled_task_exists():
    from kamportal.celery import app

    app.loader.import_default_modules()
    assert {entry["task"] for entry in SCHEDULE} <= set(app.tasks)


def test_installing_the_schedule_again_repairs_it_without_duplicates(capsys):
    PeriodicTask.objects.filter(name="Reminder sweep").update(enabled=False, task="wrong")
    PeriodicTask.objects.filter(name="Daily e-mail digest").delete()
    call_command("install_schedule")
    install_schedule()
    assert PeriodicTask.objects.filter(name__in=[e["name"] for e in SCHEDULE]).count() == len(SCHEDULE)
    sweep = PeriodicTask.objects.get(name="Reminder sweep")
    assert (sweep.enabled, sweep.task) == (True, "accounts.send_reminders")
    assert "Scheduled: Daily e-mail digest" in capsys.readouterr().out


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admins_see_the_schedule_the_notifications_and_the_reminders_sent(superuser_client):
    user = UserFactory()
    [notification] = notify(recipients=[user], kind="test", template="emails/test_message", context={"text": "x"})
    reminder = ReminderSent.objects.create(
        kind="test.kind",
        object_type="accounts.user",
        object_id=str(user.pk),
        object_repr=str(user),
        due_date="2026-11-23",
    )
    reminder.notifications.add(notification)
    pages = {
        "admin:django_celery_beat_periodictask_changelist": "Reminder sweep",
        "admin:accounts_remindersent_changelist": "test.kind",
        "admin:accounts_notification_changelist": user.email,
    }
    for name, text in pages.items():
        response = superuser_client.get(reverse(name))
        assert response.status_code == 200, name
        assert text in response.content.decode(), name
    detail = superuser_client.get(reverse("admin:accounts_remindersent_change", args=[reminder.pk]))
    assert user.email in detail.content.decode()
    assert superuser_client.get(reverse("admin:accounts_remindersent_add")).status_code == 403


def test_an_admin_sends_undeliverable_mails_again(superuser_client, django_capture_on_commit_callbacks):
    user = UserFactory()
    [notification] = notify(recipients=[user], kind="test", template="emails/test_message", context={"text": "x"})
    Notification.objects.filter(pk=notification.pk).update(email_status=Notification.EmailStatus.UNDELIVERABLE)
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("admin:accounts_notification_changelist"),
            {"action": "send_again", "_selected_action": [notification.pk]},
        )
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_staff_without_permissions_cannot_see_the_reminders(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:accounts_remindersent_changelist")).status_code == 403
