"""The Celery beat schedule, declared in one place and installed into django-celery-beat's tables.

Migration accounts/0004 installs it; `manage.py install_schedule` puts it back after someone
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
        "name": "Requeue stale notification e-mails",
        "task": "accounts.requeue_stale_notifications",
        "interval": {"every": 10, "period": "minutes"},
        "description": "Every 10 minutes: e-mails whose task was lost or whose worker died go out again.",
    },
]


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
    if apps is global_apps:
        from django_celery_beat.models import PeriodicTasks

        PeriodicTasks.update_changed()  # tell a running beat to reload
    return [entry["name"] for entry in SCHEDULE]
