import pytest

from accounts.demo import seed_demo
from recruitment.models import AccountPlanVersion, ContactLogEntry, Employer, PyramidAssessment

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Employer.objects.exclude(tier="").count(),
        Employer.objects.exclude(sector="").count(),
        PyramidAssessment.objects.count(),
        AccountPlanVersion.objects.count(),
        ContactLogEntry.objects.count(),
    )


def test_the_demo_seed_gives_employers_tiers_plans_and_log_entries_and_runs_twice_unchanged():
    seed_demo()
    first = _counts()
    assert first[0] == first[1] == first[2] == 10
    assert first[3] == 2
    assert first[4] == 12  # ten demo meetings and calls, and two candidate lists sent by e-mail
    assert set(Employer.objects.values_list("tier", flat=True)) >= {"gold", "silver", "bronze"}
    seed_demo()
    assert _counts() == first
