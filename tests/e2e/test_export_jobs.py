"""The export job pages in a browser: My exports with a job in every state and the job page pass axe and fit
390 px, and a waiting job's page shows the download link by itself once the task has built the file."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.export_jobs import export_job_build, export_job_create
from accounts.export_transitions import export_job_transition
from tests.conftest import build_world
from tests.e2e.conftest import check_a11y
from tests.e2e.test_every_page_fits import OVERFLOW
from tests.e2e.test_every_page_is_accessible import _login_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def no_worker(monkeypatch):
    """Jobs stay queued until the test builds them (with a real commit, eager Celery would build at once)."""
    from accounts.tasks import build_export_job

    monkeypatch.setattr(build_export_job, "delay", lambda *args, **kwargs: None)


def _signed_in(page, live_server, user):
    page.context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": _login_cookie(user), "url": live_server.url},
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": "nb", "url": live_server.url},
        ]
    )
    page.set_viewport_size({"width": 390, "height": 900})


def _fits(page):
    measured = page.evaluate(OVERFLOW)
    assert measured["scrollWidth"] <= measured["innerWidth"], measured["wide"]


def test_my_exports_and_the_ready_page_pass_axe_and_fit_a_phone(page, live_server):
    world = build_world()
    jobs = [
        export_job_create(actor=world.kam_a, list_name="employers", query=query, fmt="xlsx")
        for query in ("", "q=AS", "tier=gold")
    ]
    export_job_build(job_id=jobs[0].pk)
    export_job_transition(job=jobs[1], action="start")
    export_job_transition(job=jobs[1], action="fail", updates={"error": "Eksporten kunne ikke lages."})
    _signed_in(page, live_server, world.kam_a)

    page.goto(live_server.url + reverse("export_jobs"))
    assert page.locator("tbody tr").count() == 3
    _fits(page)
    check_a11y(page, "export-jobs-390")

    page.goto(live_server.url + reverse("export_job", kwargs={"uuid": jobs[0].uuid}))
    assert page.get_by_role("link", name="Last ned Bedrifter (XLSX)").is_visible()
    _fits(page)
    check_a11y(page, "export-job-ready-390")


def test_a_waiting_job_page_shows_the_download_once_the_task_has_built_it(page, live_server):
    world = build_world()
    job = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    _signed_in(page, live_server, world.kam_a)
    page.goto(live_server.url + reverse("export_job", kwargs={"uuid": job.uuid}))
    status = page.locator("#export-status")
    assert "Venter på å bli laget" in status.inner_text()
    check_a11y(page, "export-job-waiting-390")

    export_job_build(job_id=job.pk)
    status.get_by_role("link", name="Last ned Bedrifter (CSV)").wait_for(timeout=12_000)
