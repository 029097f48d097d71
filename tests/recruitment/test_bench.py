"""The benchmark's smoke test: seed a tiny scale and run `manage.py bench` once; every page is in the table.

The timings themselves are not asserted (a shared CI machine); `make bench` is where they are read.
"""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from recruitment.bench import pages
from recruitment.models import Employer, RecruitmentEvent, Submission


@pytest.mark.django_db
def test_the_benchmark_seeds_a_tiny_scale_and_measures_every_page_for_every_role(tmp_path, settings):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    call_command("seed_scale", scale=0.0005, stdout=StringIO())
    assert Employer.objects.count() == 40
    assert Submission.objects.count() > 300
    assert RecruitmentEvent.objects.filter(subject="submission").count() > Submission.objects.count()

    out = StringIO()
    call_command("bench", runs=1, sweep=True, out=str(tmp_path), stdout=out, stderr=StringIO())
    table = out.getvalue()

    expected = pages.page_mix() + pages.admin_mix()
    assert {page for _, page, _ in expected} >= {"list PDF", "portal home", "candidate dossier", "recruitment detail"}
    for role, page, _ in expected:
        row = re.search(rf"^\| {re.escape(role)} \| {re.escape(page)} \|.*\| (\d+) \|$", table, re.MULTILINE)
        assert row, f"{role} / {page} is missing from the table"
        assert row.group(1) == "200", f"{role} / {page} answered {row.group(1)}"
    assert "reminder sweep @current:" in table
    assert list(tmp_path.glob("bench-*.md"))


@pytest.mark.django_db
def test_the_seeder_refuses_a_database_that_has_data():
    from tests.factories import EmployerFactory

    EmployerFactory()
    with pytest.raises(CommandError, match="scratch database"):
        call_command("seed_scale", scale=0.0005, stdout=StringIO())
