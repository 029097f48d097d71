from django.db import migrations


def install(apps, schema_editor):
    from accounts.schedule import install_schedule

    install_schedule(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_notification_outbox"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
