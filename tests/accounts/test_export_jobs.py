"""Large list exports built by a task (accounts/export_jobs.py): the same rows and columns as the page's own
export for the same filter, the requester's scope only, downloadable by the requester until it expires, and
queueing that survives a broker outage and a worker that dies mid-build."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from accounts.export_jobs import export_job_build, export_job_create, export_jobs_sweep
from accounts.export_transitions import EXPORT_JOB_TRANSITIONS, ExportJobError, export_job_transition
from accounts.models import AuditEvent, ExportJob, Membership, Notification
from accounts.tasks import build_export_job
from tests.candidates.conftest import private_root, stored_files  # noqa: F401
from tests.candidates.factories import candidate_of
from tests.factories import EmployerFactory
from tests.recruitment.recruitment_factories import recruitment_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(private_root):  # noqa: F811
    """The test's own empty private storage folder."""
    return private_root


LISTS = [
    ("recruitment:employer_list", "kam_a", {"order": "-name"}),
    ("recruitment:recruitment_list", "kam_a", {"all": "1"}),
    ("candidates:list", "advisor_a", {"scope": "all"}),
]


def _grow(world, n=3):
    for i in range(n):
        EmployerFactory(name=f"Stor Bedrift {i}", region=world.region)
        candidate_of(world, "a", full_name=f"Kari Stor{i}")
        recruitment_for(world)


def _rows(content: bytes, fmt: str) -> list[list]:
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [["" if v is None else v for v in row] for row in book.active.iter_rows(values_only=True)]


def _job_of(response) -> ExportJob:
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.url_name == "export_job"
    return ExportJob.objects.get(uuid=match.kwargs["uuid"])


def _download(client, job) -> bytes:
    response = client.get(reverse("export_job_download", kwargs={"uuid": job.uuid}))
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "no-store, private"
    return b"".join(response.streaming_content)


def _export_async(client, capture, url, params, fmt) -> ExportJob:
    with capture(execute=True):
        response = client.get(url, {**params, "format": fmt})
    job = _job_of(response)
    job.refresh_from_db()
    return job


# --- the split: small in the request, large by the task --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("url_name, persona, params", LISTS)
def test_a_large_export_built_by_the_task_has_the_rows_and_columns_of_the_pages_export(
    client,
    world,
    settings,
    root,
    django_capture_on_commit_callbacks,
    url_name,
    persona,
    params,
    fmt,
):
    _grow(world)
    client.force_login(world.persona(persona))
    url = reverse(url_name)
    direct = client.get(url, {**params, "format": fmt})
    assert direct.status_code == 200 and direct["Content-Disposition"].startswith("attachment")
    expected = _rows(direct.content, fmt)
    assert len(expected) > 3, "the list has rows, or the comparison proves nothing"

    settings.EXPORT_SYNC_MAX_ROWS = 2
    job = _export_async(client, django_capture_on_commit_callbacks, url, params, fmt)

    assert job.status == ExportJob.Status.READY and job.user == world.persona(persona)
    assert job.row_count == len(expected) - 1
    assert "format" not in job.query
    assert _rows(_download(client, job), fmt) == expected


def test_a_small_export_stays_in_the_request(client, world, settings):
    _grow(world)
    settings.EXPORT_SYNC_MAX_ROWS = 100
    client.force_login(world.kam_a)
    response = client.get(reverse("recruitment:employer_list"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not ExportJob.objects.exists()


def test_an_export_over_the_cap_is_refused_and_no_job_is_made(client, world, settings):
    _grow(world)
    settings.EXPORT_SYNC_MAX_ROWS = 1
    settings.EXPORT_MAX_ROWS = 2
    client.force_login(world.kam_a)
    response = client.get(reverse("recruitment:employer_list"), {"format": "csv"})
    assert response.status_code == 302 and resolve(response["Location"]).url_name == "employer_list"
    assert not ExportJob.objects.exists()
    assert "Eksporten ville hatt mer enn 2 rader" in client.get(response["Location"]).content.decode()


def test_the_job_page_says_it_is_being_prepared_until_the_task_has_run(client, world, settings):
    _grow(world)
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(world.kam_a)
    job = _job_of(client.get(reverse("recruitment:employer_list"), {"format": "xlsx", "q": "Stor"}))
    assert job.status == ExportJob.Status.QUEUED and job.query == "q=Stor"
    page = client.get(reverse("export_job", kwargs={"uuid": job.uuid}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Venter på å bli laget" in html and "hx-trigger" in html
    assert reverse("export_job_download", kwargs={"uuid": job.uuid}) not in html
    download = client.get(reverse("export_job_download", kwargs={"uuid": job.uuid}))
    assert download.status_code == 302 and resolve(download["Location"]).url_name == "export_job"


def test_the_ready_page_links_the_download_and_the_user_is_notified_with_a_link_only(
    client,
    world,
    settings,
    root,
    django_capture_on_commit_callbacks,
):
    _grow(world)
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(world.kam_a)
    job = _export_async(client, django_capture_on_commit_callbacks, reverse("recruitment:employer_list"), {}, "csv")
    html = client.get(reverse("export_job", kwargs={"uuid": job.uuid})).content.decode()
    assert reverse("export_job_download", kwargs={"uuid": job.uuid}) in html and "hx-trigger" not in html
    [note] = Notification.objects.filter(user=world.kam_a, kind="export_job.ready")
    assert note.url.endswith(reverse("export_job", kwargs={"uuid": job.uuid}))
    assert "Stor Bedrift" not in note.body and "Stor Bedrift" not in note.subject


# --- scope and access -------------------------------------------------------------------------------------------


def test_a_kams_async_export_holds_only_rows_in_their_scope(
    client,
    world,
    settings,
    root,
    django_capture_on_commit_callbacks,
):
    _grow(world)
    EmployerFactory(name="Fjern Bedrift", region=world.region_other)
    candidate_of(world, "b", full_name="Kari Fra B")
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(world.kam_a)
    capture = django_capture_on_commit_callbacks
    employers = _export_async(client, capture, reverse("recruitment:employer_list"), {}, "csv")
    names = [row[0] for row in _rows(_download(client, employers), "csv")[1:]]
    assert "Stor Bedrift 0" in names
    assert "Fjern Bedrift" not in names and world.employer_other.name not in names
    candidates = _export_async(client, django_capture_on_commit_callbacks, reverse("candidates:list"), {}, "csv")
    names = [row[0] for row in _rows(_download(client, candidates), "csv")[1:]]
    assert "Kari Stor0" in names and "Kari Fra B" not in names


def test_the_task_never_widens_the_scope_a_stored_filter_asks_for(world, root):
    """A filter naming another region's KAM finds nothing: the form only offers the user's own KAMs."""
    _grow(world)
    job = export_job_create(actor=world.kam_a, list_name="employers", query=f"kam={world.kam_other.pk}", fmt="csv")
    export_job_build(job_id=job.pk)
    job.refresh_from_db()
    with open(stored_files(root)[0], "rb") as stored:
        names = [row[0] for row in _rows(stored.read(), "csv")[1:]]
    assert world.employer_other.name not in names and names  # the invalid filter is ignored, the scope kept


def test_another_user_can_neither_see_nor_download_the_export(
    client,
    world,
    settings,
    root,
    django_capture_on_commit_callbacks,
):
    _grow(world)
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(world.kam_a)
    job = _export_async(client, django_capture_on_commit_callbacks, reverse("recruitment:employer_list"), {}, "csv")
    for other in (world.kam_b, world.advisor_a, world.kam_other):
        client.force_login(other)
        assert client.get(reverse("export_job", kwargs={"uuid": job.uuid})).status_code == 404
        assert client.get(reverse("export_job_download", kwargs={"uuid": job.uuid})).status_code == 404
        assert str(job.uuid) not in client.get(reverse("export_jobs")).content.decode()
    assert not AuditEvent.objects.filter(action="export_job.downloaded").exists()


def test_a_user_who_lost_the_role_before_the_build_gets_no_file(world, root):
    _grow(world)
    job = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    Membership.objects.filter(user=world.kam_a).delete()
    export_job_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.error
    assert stored_files(root) == []
    assert Notification.objects.filter(user=world.kam_a, kind="export_job.failed").exists()


def test_a_second_click_while_the_export_waits_makes_no_second_job(client, world, settings):
    _grow(world)
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(world.kam_a)
    url = reverse("recruitment:employer_list")
    first = _job_of(client.get(url, {"format": "csv", "q": "Stor"}))
    assert _job_of(client.get(url, {"format": "csv", "q": "Stor"})) == first
    assert _job_of(client.get(url, {"format": "xlsx", "q": "Stor"})) != first  # another format is another file
    assert ExportJob.objects.count() == 2


def test_an_unknown_list_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        export_job_create(actor=world.kam_a, list_name="salaries", query="", fmt="csv")
    assert not ExportJob.objects.exists()


# --- time limit and the sweep -----------------------------------------------------------------------------------


def test_an_expired_export_is_gone_with_a_clear_message_and_its_file_deleted(
    client,
    world,
    settings,
    root,
    django_capture_on_commit_callbacks,
):
    _grow(world)
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(world.kam_a)
    job = _export_async(client, django_capture_on_commit_callbacks, reverse("recruitment:employer_list"), {}, "csv")
    assert len(stored_files(root)) == 1
    # The download time has run out (moved back rather than travelling a day ahead, which ends the session).
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(reverse("export_job_download", kwargs={"uuid": job.uuid}))
    assert response.status_code == 410
    assert "Denne eksporten er utløpt" in response.content.decode()
    assert client.get(reverse("export_job", kwargs={"uuid": job.uuid})).status_code == 410
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED
    assert stored_files(root) == []


def test_the_sweep_deletes_files_past_their_time_only(world, root):
    _grow(world)
    jobs = []
    for _ in range(2):
        jobs.append(export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv"))
        export_job_build(job_id=jobs[-1].pk)
    ExportJob.objects.filter(pk=jobs[0].pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert export_jobs_sweep()["expired"] == 1
    assert [j.status for j in ExportJob.objects.order_by("pk")] == ["expired", "ready"]
    assert len(stored_files(root)) == 1


def test_queueing_survives_a_broker_outage_and_the_sweep_queues_the_job_again(
    client,
    world,
    settings,
    root,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    _grow(world)
    settings.EXPORT_SYNC_MAX_ROWS = 1

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(build_export_job, "delay", broker_down)
    client.force_login(world.kam_a)
    job = _export_async(client, django_capture_on_commit_callbacks, reverse("recruitment:employer_list"), {}, "csv")
    assert job.status == ExportJob.Status.QUEUED  # the user got the job page, not an error
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        assert export_jobs_sweep()["requeued"] == 0  # within the grace the job may still be on its way
    later = timezone.now() + datetime.timedelta(minutes=settings.EXPORT_QUEUE_GRACE_MINUTES + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert export_jobs_sweep(now=later)["requeued"] == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY and len(stored_files(root)) == 1


def test_a_job_whose_worker_died_mid_build_is_built_again_then_failed(
    world,
    settings,
    root,
    django_capture_on_commit_callbacks,
):
    _grow(world)
    settings.EXPORT_BUILD_ATTEMPTS = 2
    job = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    export_job_transition(job=job, action="start", updates={"started_at": timezone.now(), "attempts": 1})
    stale = timezone.now() + datetime.timedelta(minutes=settings.EXPORT_BUILD_STALE_MINUTES + 1)
    assert export_jobs_sweep()["retried"] == 0  # still within its time: a live worker may be on it

    with django_capture_on_commit_callbacks(execute=True):
        assert export_jobs_sweep(now=stale)["retried"] == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.READY and job.attempts == 2

    second = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    export_job_transition(job=second, action="start", updates={"started_at": timezone.now(), "attempts": 2})
    assert export_jobs_sweep(now=stale)["failed"] == 1
    second.refresh_from_db()
    assert second.status == ExportJob.Status.FAILED
    assert Notification.objects.filter(user=world.kam_a, kind="export_job.failed").count() == 1


def test_a_redelivered_message_does_not_build_twice(world, root):
    _grow(world)
    job = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    assert build_export_job(job.pk) == "ready"
    assert build_export_job(job.pk) == "ready"
    assert len(stored_files(root)) == 1
    assert Notification.objects.filter(kind="export_job.ready").count() == 1


# --- audit and query counts ------------------------------------------------------------------------------------


def test_an_async_candidate_export_audits_each_row_once_for_the_requester_and_each_download(
    client,
    world,
    settings,
    root,
    django_capture_on_commit_callbacks,
):
    shown = [candidate_of(world, "a", full_name=f"Kari Rad{n}") for n in range(4)]
    candidate_of(world, "b")
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(world.advisor_a)
    job = _export_async(client, django_capture_on_commit_callbacks, reverse("candidates:list"), {"q": "Rad"}, "xlsx")
    exported = AuditEvent.objects.filter(action="candidate.exported")
    assert sorted(exported.values_list("candidate_id", flat=True)) == sorted(c.pk for c in shown)
    assert set(exported.values_list("actor_id", flat=True)) == {world.advisor_a.pk}
    _download(client, job)
    _download(client, job)
    assert exported.count() == len(shown)  # the rows were audited when they were written to the file
    assert AuditEvent.objects.filter(action="export_job.downloaded", object_id=str(job.pk)).count() == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("list_name, persona", [("employers", "kam_a"), ("candidates", "advisor_a")])
def test_the_build_costs_the_same_queries_whatever_the_rows(world, root, list_name, persona, fmt):
    user = getattr(world, persona)

    def build_queries() -> int:
        job = export_job_create(actor=user, list_name=list_name, query="", fmt=fmt)
        with CaptureQueriesContext(connection) as queries:
            export_job_build(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == ExportJob.Status.READY
        return len(queries)

    _grow(world, 2)
    small = build_queries()
    _grow(world, 6)
    assert build_queries() == small


def test_my_exports_lists_my_jobs_in_constant_queries(client, world, root):
    client.force_login(world.kam_a)

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("export_jobs"))
        assert response.status_code == 200
        return len(queries)

    export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    small = page_queries()
    for name, query in (("recruitments", "all=1"), ("employers", "q=AS"), ("recruitments", "")):
        export_job_create(actor=world.kam_a, list_name=name, query=query, fmt="xlsx")
    export_job_create(actor=world.kam_b, list_name="employers", query="", fmt="csv")
    assert page_queries() == small
    html = client.get(reverse("export_jobs")).content.decode()
    mine = ExportJob.objects.filter(user=world.kam_a)
    assert all(reverse("export_job", kwargs={"uuid": job.uuid}) in html for job in mine) and mine.count() == 4
    assert not any(str(job.uuid) in html for job in ExportJob.objects.filter(user=world.kam_b))


def test_the_job_pages_refuse_other_methods(client, world):
    job = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    client.force_login(world.kam_a)
    for url in (
        reverse("export_jobs"),
        reverse("export_job", kwargs={"uuid": job.uuid}),
        reverse("export_job_download", kwargs={"uuid": job.uuid}),
    ):
        assert client.post(url).status_code == 405


# --- the state table, anonymisation and the schedule ------------------------------------------------------------


def test_the_table_names_only_states_of_the_model_and_reaches_every_state():
    field = ExportJob._meta.get_field("status")
    states = {value for value, _ in field.choices}
    for from_states, to_state in EXPORT_JOB_TRANSITIONS.values():
        assert set(from_states) <= states and to_state in states
    assert {to for _, to in EXPORT_JOB_TRANSITIONS.values()} | {field.default} == states


def test_two_workers_claiming_one_job_build_it_once(world):
    job = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    stale = ExportJob.objects.get(pk=job.pk)
    export_job_transition(job=job, action="start")
    with pytest.raises(ExportJobError):
        export_job_transition(job=stale, action="start")
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.BUILDING


def test_anonymising_a_candidate_deletes_candidate_list_files_that_may_hold_the_name(
    world, root, django_capture_on_commit_callbacks
):
    from candidates.anonymise import candidate_anonymise
    from candidates.models import CandidateRetention

    candidate = candidate_of(world, "a", full_name="Synnøve Glemmesen")
    candidate_of(world, "a", full_name="Kari Blir")
    ready = export_job_create(actor=world.advisor_a, list_name="candidates", query="scope=all", fmt="csv")
    export_job_build(job_id=ready.pk)
    searched = export_job_create(actor=world.kam_a, list_name="candidates", query="q=Synn%C3%B8ve+Glemmesen", fmt="csv")
    employers = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    export_job_build(job_id=employers.pk)
    assert len(stored_files(root)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        candidate_anonymise(candidate=candidate, actor=world.admin_a, cause=CandidateRetention.Cause.RETENTION)

    statuses = dict(ExportJob.objects.values_list("pk", "status"))
    assert statuses == {ready.pk: "expired", searched.pk: "failed", employers.pk: "ready"}
    assert not ExportJob.objects.filter(query__icontains="Glemmesen").exists()
    assert len(stored_files(root)) == 1  # the employer list's file holds no candidate


def test_the_sweep_is_in_the_beat_schedule(world, root):
    from django_celery_beat.models import PeriodicTask

    from accounts.tasks import sweep_export_jobs

    assert PeriodicTask.objects.filter(task="accounts.sweep_export_jobs", enabled=True).exists()  # the migration
    job = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    export_job_build(job_id=job.pk)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert sweep_export_jobs.delay().get()["expired"] == 1
