"""Existing employers get their prospect stage: an employer with any recruitment, an approved mapping form or a
signed-agreement date is a client ("agreement signed"; the date stays as it was, empty if none was recorded, so
it counts in no year's targets); every other employer is a prospect "contacted" since it was registered."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q


def forwards(apps, schema_editor):
    Employer = apps.get_model("recruitment", "Employer")
    Recruitment = apps.get_model("recruitment", "Recruitment")
    MappingFormVersion = apps.get_model("recruitment", "MappingFormVersion")
    clients = Employer.objects.filter(
        Q(agreement_signed_on__isnull=False)
        | Exists(Recruitment.objects.filter(employer_id=OuterRef("pk")))
        | Exists(MappingFormVersion.objects.filter(form__employer_id=OuterRef("pk"), status="approved"))
    )
    clients.update(prospect_stage="agreement_signed")
    for employer in Employer.objects.filter(prospect_stage="contacted", contacted_on__isnull=True).only(
        "pk", "created_at"
    ):
        Employer.objects.filter(pk=employer.pk).update(contacted_on=employer.created_at.date())


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0016_targets_and_prospects")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
