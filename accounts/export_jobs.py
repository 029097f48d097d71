"""List exports too large for the request (kamportal/exports.py: `list_export`), built by a Celery task.

The job stores the list's name, the page's filter (query string) and the format; the task rebuilds the
queryset with the page's own function *as the user who asked* (the same policy scopers and selectors, never
a wider scope), streams it in chunks into a temporary file and stores that in the private storage. Only the
requester downloads it, until EXPORT_DOWNLOAD_HOURS have passed. The sweep (every few minutes) deletes expired
files, queues again a job whose queueing failed (broker outage) and retries or fails a job whose worker died.

Candidate lists are audited when the file is built: one `candidate.exported` event per row, attributed to the
requester, written in the transaction that makes the file downloadable. That is the moment the rows leave the
database into a file only the requester can take, and it needs no second copy of the candidate ids to audit
at download time; each download writes one more event on the job.
"""

import logging
import tempfile
import uuid
from datetime import datetime, timedelta
from urllib.parse import quote_plus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record, audit_record_many
from accounts.export_transitions import ExportJobError, export_job_transition
from accounts.models import ExportJob, User
from accounts.notifications import notify
from accounts.policy import principal_for
from kamportal.exports import list_export_spec, write_export
from kamportal.storage import private_storage

log = logging.getLogger(__name__)

FILE_PREFIX = "list-exports/"
S = ExportJob.Status
CANDIDATE_LISTS = ("candidates",)  # lists whose files hold candidates' names


def export_job_page(job: ExportJob) -> str:
    return reverse("export_job", kwargs={"uuid": job.uuid})


def _queue(job_id: int) -> None:
    """Queue the build once the job is committed. A broker outage is no error for the user: the job stays
    queued and the sweep queues it again (`EXPORT_QUEUE_GRACE_MINUTES`)."""
    from accounts.tasks import build_export_job

    def queue():
        try:
            build_export_job.delay(job_id)
        except Exception:
            log.warning("could not queue export job %s; the export sweep queues it again", job_id)

    transaction.on_commit(queue)


@transaction.atomic
def export_job_create(*, actor: User, list_name: str, query: str, fmt: str) -> ExportJob:
    """A job for the task, or the user's same export still waiting or being built (a second click makes no
    second job)."""
    if list_export_spec(list_name) is None:
        raise ValidationError(_("There is no such list to export."), code="list")
    same = ExportJob.objects.filter(
        user=actor, list_name=list_name, query=query[:2000], format=fmt, status__in=[S.QUEUED, S.BUILDING]
    ).first()
    if same is not None:
        return same
    job = ExportJob(user=actor, list_name=list_name, query=query[:2000], format=fmt)
    job.full_clean()
    job.save()
    audit_record(actor=actor, action="export_job.requested", obj=job, detail=f"{list_name}.{fmt}")
    _queue(job.pk)
    return job


def _may_still_export(job: ExportJob, spec) -> bool:
    if not job.user.is_active:
        return False
    principal = principal_for(job.user)
    return any(getattr(principal, check) for check in spec.roles)


def _fail(job: ExportJob, reason: str) -> ExportJob:
    with transaction.atomic():
        export_job_transition(job=job, action="fail", updates={"error": reason[:300]})
        _tell(job, ready=False)
    return job


def _tell(job: ExportJob, *, ready: bool) -> None:
    """A notification with a link to the job's page: the file itself never goes by e-mail."""
    notify(
        recipients=[job.user],
        kind="export_job.ready" if ready else "export_job.failed",
        template="accounts/emails/export_ready" if ready else "accounts/emails/export_failed",
        context={"job": job},
        url=export_job_page(job),
    )


def export_job_build(*, job_id: int, now: datetime | None = None) -> ExportJob | None:
    """Build and store the file (the task's work). Idempotent: a job that is not queued is left alone, and the
    claim (queued → building) is a conditional UPDATE, so a redelivered message does not build twice."""
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != S.QUEUED:
        return job
    try:
        export_job_transition(
            job=job, action="start", updates={"started_at": timezone.now(), "attempts": job.attempts + 1}
        )
    except ExportJobError:
        return job  # another worker claimed it
    spec = list_export_spec(job.list_name)
    if spec is None or not _may_still_export(job, spec):
        return _fail(job, str(_("You may no longer export this list.")))
    language = job.user.language or settings.LANGUAGE_CODE
    limit = settings.EXPORT_MAX_ROWS
    audited: list[tuple[type, int, int]] = []
    count = 0
    with translation.override(language), tempfile.TemporaryFile() as out:
        try:
            queryset = spec.queryset(job.user, QueryDict(job.query))

            def rows():
                nonlocal count
                for obj in queryset[: limit + 1].iterator(chunk_size=settings.EXPORT_CHUNK_SIZE):
                    count += 1
                    if count > limit:
                        raise ValidationError("too many rows", code="too_large")
                    if spec.audited is not None:
                        audited_obj, candidate_id = spec.audited(obj)
                        audited.append((type(audited_obj), audited_obj.pk, candidate_id))
                    yield spec.row(obj)

            write_export(out, fmt=job.format, sheet_title=spec.filename, columns=spec.columns(), rows=rows())
        except ValidationError as error:
            if error.code != "too_large":
                raise
            message = _("The export would hold more than %(limit)s rows. Narrow the search or the filter.")
            return _fail(job, str(message % {"limit": limit}))
        except Exception:
            log.exception("export job %s failed", job.uuid)
            return _fail(job, str(_("The export could not be built. Try again, or narrow the filter.")))
        size = out.tell()
        out.seek(0)
        stored_name = f"{FILE_PREFIX}{uuid.uuid4().hex}.{job.format}"
        if private_storage.save(stored_name, File(out)) != stored_name:
            raise RuntimeError(f"the storage renamed {stored_name}")
    now = now or timezone.now()
    try:
        with transaction.atomic():
            export_job_transition(
                job=job,
                action="build",
                updates={
                    "stored_name": stored_name,
                    "size": size,
                    "row_count": count,
                    "ready_at": now,
                    "expires_at": now + timedelta(hours=settings.EXPORT_DOWNLOAD_HOURS),
                },
            )
            _audit_rows(job, spec, audited)
            _tell(job, ready=True)
    except ExportJobError:
        private_storage.delete(stored_name)  # failed meanwhile (a candidate was anonymised): the file is not kept
        job.refresh_from_db()
        return job
    except BaseException:
        private_storage.delete(stored_name)
        raise
    return job


def _audit_rows(job: ExportJob, spec, audited: list[tuple[type, int, int]]) -> None:
    """One event per exported candidate row, attributed to the requester: one INSERT per chunk."""
    chunk = settings.EXPORT_CHUNK_SIZE
    for start in range(0, len(audited), chunk):
        audit_record_many(
            actor=job.user,
            action=spec.audit_action,
            items=[(model(pk=pk), candidate_id) for model, pk, candidate_id in audited[start : start + chunk]],
        )


def export_job_download(*, job: ExportJob, actor: User, now: datetime | None = None):
    """The stored file, open for reading, for the requester while it is ready and in time; else a
    ValidationError whose code is the job's state ("expired" for one past its time)."""
    now = now or timezone.now()
    if job.user_id != actor.pk:
        raise ValidationError(_("Only the person who asked for the export can download it."), code="not_yours")
    if job.status == S.READY and job.expires_at and job.expires_at <= now:
        export_jobs_sweep(now=now)
        job.refresh_from_db()
    if job.status != S.READY:
        raise ValidationError(status_message(job), code=job.status)
    try:
        stored = private_storage.open(job.stored_name, "rb")
    except FileNotFoundError as missing:
        raise ValidationError(_("This export's file is gone. Export the list again."), code="expired") from missing
    audit_record(actor=actor, action="export_job.downloaded", obj=job, detail=f"{job.list_name}.{job.format}")
    return stored


def status_message(job: ExportJob) -> str:
    return {
        S.QUEUED: _("The export is waiting to be built. You will be notified when it is ready."),
        S.BUILDING: _("The export is being built. You will be notified when it is ready."),
        S.READY: _("The export is ready."),
        S.FAILED: _("The export could not be built."),
        S.EXPIRED: _("This export has expired and its file is deleted. Export the list again."),
    }[job.status]


def export_jobs_sweep(*, now: datetime | None = None) -> dict:
    """Expire ready jobs past their time (their files are deleted); queue again jobs still queued after the
    grace (their queueing failed); a job building for longer than EXPORT_BUILD_STALE_MINUTES lost its worker:
    it is queued again, or failed after EXPORT_BUILD_ATTEMPTS attempts."""
    now = now or timezone.now()
    result = {"expired": 0, "requeued": 0, "retried": 0, "failed": 0}
    for job in ExportJob.objects.filter(status=S.READY, expires_at__lte=now):
        try:
            export_job_transition(job=job, action="expire")
        except ExportJobError:
            continue
        if job.stored_name:
            private_storage.delete(job.stored_name)
        result["expired"] += 1
    stale = now - timedelta(minutes=settings.EXPORT_BUILD_STALE_MINUTES)
    for job in ExportJob.objects.select_related("user").filter(status=S.BUILDING, started_at__lte=stale):
        try:
            if job.attempts >= settings.EXPORT_BUILD_ATTEMPTS:
                _fail(job, str(_("The export could not be built. Try again, or narrow the filter.")))
                result["failed"] += 1
                continue
            with transaction.atomic():
                export_job_transition(job=job, action="retry", updates={"queued_at": now})
                _queue(job.pk)
            result["retried"] += 1
        except ExportJobError:
            continue
    grace = now - timedelta(minutes=settings.EXPORT_QUEUE_GRACE_MINUTES)
    for job_id in ExportJob.objects.filter(status=S.QUEUED, queued_at__lte=grace).values_list("pk", flat=True):
        with transaction.atomic():
            if ExportJob.objects.filter(pk=job_id, status=S.QUEUED).update(queued_at=now):
                _queue(job_id)
                result["requeued"] += 1
    return result


def export_jobs_of(user: User, *, limit: int = 50):
    """The user's recent export jobs, newest first (one query)."""
    return ExportJob.objects.filter(user=user).order_by("-created_at", "-id")[:limit]


def export_jobs_forget(*, provider_id: int | None, identifiers: list[str]) -> list[str]:
    """A candidate is being anonymised (candidates/anonymise.py). The candidate-list files of the provider's users
    may hold their name: those jobs expire now, and a build under way fails (its file is never kept). A job whose
    filter searched for them fails if not built yet, and every such filter is blanked. Returns the stored names
    to delete after commit."""
    searched = Q(pk__in=[])
    for identifier in identifiers:
        searched |= Q(query__icontains=quote_plus(identifier)) | Q(query__icontains=identifier)
    may_hold = Q(list_name__in=CANDIDATE_LISTS, user__provider_id=provider_id)
    reason = str(_("A candidate in the list was anonymised meanwhile. Export the list again."))
    stored = []
    affected = ExportJob.objects.filter(
        (may_hold & Q(status__in=[S.READY, S.BUILDING])) | (searched & Q(status__in=[S.QUEUED, S.BUILDING]))
    )
    for job in affected:
        try:
            if job.status == S.READY:
                export_job_transition(job=job, action="expire")
                stored.append(job.stored_name)
            else:
                export_job_transition(job=job, action="fail", updates={"error": reason})
        except ExportJobError:
            continue
    ExportJob.objects.filter(searched).update(query="")
    return [name for name in stored if name]
