"""List export jobs: each user sees and downloads only their own."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import ExportJob
from accounts.policy.principal import AnyUser


def export_jobs_visible_to(user: AnyUser) -> QuerySet:
    if not user.is_authenticated:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(user_id=user.pk)


def get_export_job_for_user(user: AnyUser, uuid: UUID | str) -> ExportJob:
    job = export_jobs_visible_to(user).filter(uuid=uuid).first()
    if job is None:
        raise Http404
    return job


__all__ = [
    "export_jobs_visible_to",
    "get_export_job_for_user",
]
