"""The user's list exports built by a task: "My exports", one export's page and its download."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import policy
from accounts.export_jobs import export_job_download, export_jobs_of, status_message
from accounts.models import ExportJob
from accounts.policy import require_role
from kamportal.exports import content_type_of, list_export_spec

EXPORT_ROLES = ("is_kam", "is_advisor", "is_provider_admin", "is_region_coordinator")


def _described(job: ExportJob) -> ExportJob:
    spec = list_export_spec(job.list_name)
    job.title = spec.title() if spec else job.list_name
    try:
        job.list_url = reverse(spec.page) + (f"?{job.query}" if job.query else "") if spec else ""
    except NoReverseMatch:
        job.list_url = ""
    job.message = status_message(job)
    job.pending = job.status in (ExportJob.Status.QUEUED, ExportJob.Status.BUILDING)
    return job


@require_GET
@require_role(*EXPORT_ROLES)
def export_job_list(request):
    jobs = [_described(job) for job in export_jobs_of(request.user)]
    return render(request, "accounts/exports/list.html", {"jobs": jobs, "hours": settings.EXPORT_DOWNLOAD_HOURS})


@never_cache
@require_GET
@require_role(*EXPORT_ROLES)
def export_job_detail(request, uuid):
    job = _described(policy.get_export_job_for_user(request.user, uuid))
    template = "accounts/exports/_status.html" if request.headers.get("HX-Request") else "accounts/exports/detail.html"
    status = 410 if job.status == ExportJob.Status.EXPIRED else 200
    return render(request, template, {"job": job}, status=status)


@require_GET
@require_role(*EXPORT_ROLES)
def export_job_file(request, uuid):
    job = policy.get_export_job_for_user(request.user, uuid)
    try:
        stored = export_job_download(job=job, actor=request.user)
    except ValidationError as refused:
        if refused.code == "expired":
            job.refresh_from_db()
            return render(request, "accounts/exports/detail.html", {"job": _described(job)}, status=410)
        return redirect("export_job", uuid=job.uuid)
    spec = list_export_spec(job.list_name)
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=f"{spec.filename if spec else job.list_name}.{job.format}",
        content_type=content_type_of(job.format),
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
