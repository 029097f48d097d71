"""The Celery beat schedule, declared in one place and installed into django-celery-beat's tables.

Migrations accounts/0005 and 0008 install it; `manage.py install_schedule` puts it back after someone
edited or deleted an entry in the admin. Times are Europe/Oslo (settings.CELERY_TIMEZONE).
"""

from django.apps import apps as global_apps
from django.conf import settings

SCHEDULE = [
    {
        "name": "Reminder sweep",
        "task": "accounts.send_reminders",
        "crontab": {"minute": "5", "hour": "*"},
        "description": "Hourly: find what is due and send each reminder once (accounts/reminders.py).",
    },
    {
        "name": "Daily e-mail digest",
        "task": "accounts.send_daily_digests",
        "crontab": {"minute": "0", "hour": "7"},
        "description": "Every morning: one e-mail per user who chose the daily digest.",
    },
    {
        "name": "E-mail outbox dispatcher",
        "task": "accounts.dispatch_outbox",
        "interval": {"every": 30, "period": "seconds"},
        "description": "Every 30 seconds: e-mails whose publish failed, whose retry is due or whose worker died "
        "are queued again (accounts/outbox.py).",
    },
    {
        "name": "Close coordination requests after the CV deadline",
        "task": "recruitment.close_requests_after_deadline",
        "crontab": {"minute": "15", "hour": "0"},
        "description": "Nightly: continuous delivery keeps requests open after the list until the CV deadline.",
    },
    {
        "name": "Stored file sweep",
        "task": "candidates.sweep_files",
        "crontab": {"minute": "40", "hour": "3"},
        "description": "Nightly: remove stored files without a document row, report rows without a file.",
    },
    {
        "name": "Privacy sweep",
        "task": "candidates.privacy_sweep",
        "crontab": {"minute": "15", "hour": "*"},
        "description": "Hourly: consent requests past their answer deadline expire; subject-access exports past "
        "their download time are deleted (candidates/consent_requests.py, candidates/subject_access.py).",
    },
    {
        "name": "List export sweep",
        "task": "accounts.sweep_export_jobs",
        "interval": {"every": 5, "period": "minutes"},
        "description": "Every 5 minutes: list export files past their download time are deleted; export jobs whose "
        "queueing failed or whose worker died are queued again or failed (accounts/export_jobs.py).",
    },
    {
        "name": "Retention sweep",
        "task": "candidates.apply_retention",
        "crontab": {"minute": "20", "hour": "3"},
        "description": "Nightly: warn advisors of idle candidates, anonymise those whose notice has run, erase closed "
        "recruitments' free text (candidates/retention.py).",
    },
]
RETIRED = ["Requeue stale notification e-mails"]  # replaced by the outbox dispatcher


def install_schedule(apps=global_apps) -> list[str]:
    """Create or update every SCHEDULE entry (matched by name); returns the names. Idempotent."""
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    interval_model = apps.get_model("django_celery_beat", "IntervalSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    tz = getattr(settings, "CELERY_TIMEZONE", None) or settings.TIME_ZONE
    for entry in SCHEDULE:
        schedule = {"crontab": None, "interval": None}
        if "crontab" in entry:
            fields = {"day_of_week": "*", "day_of_month": "*", "month_of_year": "*", **entry["crontab"]}
            schedule["crontab"], _ = crontab_model.objects.get_or_create(**fields, timezone=tz)
        else:
            schedule["interval"], _ = interval_model.objects.get_or_create(**entry["interval"])
        task_model.objects.update_or_create(
            name=entry["name"],
            defaults={
                "task": entry["task"],
                "description": entry["description"],
                "enabled": True,
                "args": "[]",
                "kwargs": "{}",
                **schedule,
            },
        )
    task_model.objects.filter(name__in=RETIRED).delete()
    if apps is global_apps:
        from django_celery_beat.models import PeriodicTasks

        PeriodicTasks.update_changed()  # tell a running beat to reload
    return [entry["name"] for entry in SCHEDULE]
