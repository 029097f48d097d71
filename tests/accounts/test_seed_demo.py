import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


def _counts():
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"accounts", "recruitment", "candidates"} and m._meta.label != "accounts.AuditEvent"
    }


def test_seed_demo_builds_the_demo_world_and_a_second_run_changes_nothing(capsys):
    call_command("seed_demo")
    first = _counts()
    out = capsys.readouterr().out
    assert "ingrid.haugland@fjordtiltak.demo.no" in out
    assert first["accounts.Provider"] == 3
    assert first["recruitment.Employer"] == 10
    assert Membership.objects.filter(role=Role.REGION_COORDINATOR).count() == 1
    for role in (Role.KAM, Role.ADVISOR, Role.PROVIDER_ADMIN):
        assert Membership.objects.filter(role=role).count() == 3
    call_command("seed_demo")
    assert _counts() == first
