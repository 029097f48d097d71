import uuid

from django.db import migrations, models


def fill_uuids(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for pk in User.objects.values_list("pk", flat=True):
        User.objects.filter(pk=pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_notifications")]

    operations = [
        migrations.AddField(model_name="user", name="uuid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=models.EmailField(
                error_messages={"unique": "A user with this e-mail address already exists."},
                max_length=254,
                unique=True,
                verbose_name="e-mail",
            ),
        ),
    ]
