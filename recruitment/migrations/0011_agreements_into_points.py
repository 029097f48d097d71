"""Each free-text expectation agreement becomes version 1 of its placement's agreement, with one point holding
its four texts, as a draft: it was never confirmed by the employer online, so it must be sent to be."""

from django.db import migrations

TITLE = "Forventningsavklaring (registrert før punktene)"


def forwards(apps, schema_editor):
    ExpectationAgreement = apps.get_model("recruitment", "ExpectationAgreement")
    AgreementVersion = apps.get_model("recruitment", "AgreementVersion")
    AgreementPoint = apps.get_model("recruitment", "AgreementPoint")
    for old in ExpectationAgreement.objects.all().iterator():
        if AgreementVersion.objects.filter(placement_id=old.placement_id).exists():
            continue
        version = AgreementVersion.objects.create(
            placement_id=old.placement_id,
            number=1,
            status="draft",
            agreed_on=old.agreed_on,
            created_by_id=old.recorded_by_id,
        )
        AgreementPoint.objects.create(
            agreement=version,
            order=1,
            title=TITLE,
            employer_expects=old.employer_expectations,
            provider_expects=old.provider_expectations,
            candidate_expects=old.candidate_expectations,
            follow_up=old.follow_up,
        )


def backwards(apps, schema_editor):
    ExpectationAgreement = apps.get_model("recruitment", "ExpectationAgreement")
    AgreementVersion = apps.get_model("recruitment", "AgreementVersion")
    for version in AgreementVersion.objects.order_by("placement_id", "-number"):
        if ExpectationAgreement.objects.filter(placement_id=version.placement_id).exists():
            continue
        points = list(version.points.order_by("order", "id"))

        def joined(name, points=points):
            return "\n\n".join(f"{p.title}: {getattr(p, name)}" for p in points if getattr(p, name))

        ExpectationAgreement.objects.create(
            placement_id=version.placement_id,
            employer_expectations=joined("employer_expects") or "-",
            provider_expectations=joined("provider_expects") or "-",
            candidate_expectations=joined("candidate_expects") or "-",
            follow_up=joined("follow_up") or "-",
            agreed_on=version.agreed_on or version.created_at.date(),
            recorded_by_id=version.created_by_id,
        )


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0010_agreement_points_and_attendance")]

    operations = [migrations.RunPython(forwards, backwards)]
