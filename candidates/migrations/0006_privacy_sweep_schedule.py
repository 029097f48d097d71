from django.db import migrations


def install(apps, schema_editor):
    from accounts.schedule import install_schedule

    install_schedule(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0005_consent_requests_and_exports"),
        ("accounts", "0010_merge_20261201_2231"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
