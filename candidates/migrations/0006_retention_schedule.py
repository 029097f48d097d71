from django.db import migrations


def install(apps, schema_editor):
    from accounts.schedule import install_schedule

    install_schedule(apps)


class Migration(migrations.Migration):
    """Puts the nightly retention sweep into django-celery-beat's tables (accounts/schedule.py)."""

    dependencies = [
        ("candidates", "0005_retention_and_anonymisation"),
        ("accounts", "0010_merge_20261201_2231"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
