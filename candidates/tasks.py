"""Celery tasks for candidates: thin interfaces over services."""

from celery import shared_task

from candidates.files import stored_files_sweep


@shared_task(name="candidates.sweep_files")
def sweep_files() -> dict:
    """Nightly (accounts/schedule.py): remove orphan files, report documents without a file."""
    result = stored_files_sweep()
    return {"removed": result.removed, "missing": [name for _, name in result.missing]}
