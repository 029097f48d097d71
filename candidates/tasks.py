"""Celery tasks for candidates: thin interfaces over services."""

from celery import shared_task

from candidates.files import stored_files_sweep


@shared_task(name="candidates.sweep_files")
def sweep_files() -> dict:
    """Nightly (accounts/schedule.py): remove orphan files, report documents without a file."""
    result = stored_files_sweep()
    return {"removed": result.removed, "missing": [name for _, name in result.missing]}


@shared_task(name="candidates.apply_retention")
def apply_retention() -> dict:
    """Nightly (accounts/schedule.py): warn, anonymise and erase what the retention periods say is due."""
    from candidates.retention import retention_run

    run = retention_run()
    return {"warned": run.warned, "anonymised": run.anonymised, "recruitments": run.recruitments}
