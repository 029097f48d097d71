from django.db import migrations


def install(apps, schema_editor):
    from accounts.schedule import install_schedule

    install_schedule(apps)


def uninstall(apps, schema_editor):
    from accounts.schedule import SCHEDULE

    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[entry["name"] for entry in SCHEDULE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
