"""Celery tasks for candidates: thin interfaces over services."""

from celery import shared_task

from candidates.files import stored_files_sweep


@shared_task(name="candidates.sweep_files")
def sweep_files() -> dict:
    """Nightly (accounts/schedule.py): remove orphan files, report documents without a file."""
    result = stored_files_sweep()
    return {"removed": result.removed, "missing": [name for _, name in result.missing]}


@shared_task(name="candidates.build_subject_access_export")
def build_subject_access_export(export_id: int) -> str:
    """Queued by `export_request` after commit: build the ZIP once (a retry finds it built and returns)."""
    from candidates.subject_access import export_build

    export = export_build(export_id=export_id)
    return export.status if export is not None else "missing"


@shared_task(name="candidates.privacy_sweep")
def privacy_sweep() -> dict:
    """Hourly (accounts/schedule.py): unanswered consent requests past their deadline expire; exports past
    their download time lose their file."""
    from candidates.consent_requests import consent_requests_expire
    from candidates.subject_access import exports_expire

    return {"consent_requests_expired": consent_requests_expire(), "exports_expired": exports_expire()}


@shared_task(name="candidates.apply_retention")
def apply_retention() -> dict:
    """Nightly (accounts/schedule.py): warn, anonymise and erase what the retention periods say is due."""
    from candidates.retention import retention_run

    run = retention_run()
    return {
        "warned": run.warned,
        "anonymised": run.anonymised,
        "recruitments": run.recruitments,
        "contacts": run.contacts,
    }
