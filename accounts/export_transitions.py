"""The status table of list export jobs (accounts/export_jobs.py), run by the one engine (accounts/transitions.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import ExportJob
from accounts.transitions import Machine, WorkflowError, transition

S = ExportJob.Status
EXPORT_JOB_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "start": (frozenset({S.QUEUED}), S.BUILDING),
    "build": (frozenset({S.BUILDING}), S.READY),
    "retry": (frozenset({S.BUILDING}), S.QUEUED),  # the worker died mid-build (the sweep)
    "fail": (frozenset({S.QUEUED, S.BUILDING}), S.FAILED),
    "expire": (frozenset({S.READY}), S.EXPIRED),
}


class ExportJobError(WorkflowError, ValidationError):
    """A move the export job table refuses, or lost to another worker."""


EXPORT_JOB_MACHINE = Machine(
    "export_job",
    EXPORT_JOB_TRANSITIONS,
    ExportJobError,
    _("This export is %(status)s, so that cannot be done."),
    _("This export was changed at the same moment."),
)


def export_job_transition(*, job: ExportJob, action: str, updates: dict | None = None) -> ExportJob:
    return transition(EXPORT_JOB_MACHINE, job, action, actor=None, updates=updates)
