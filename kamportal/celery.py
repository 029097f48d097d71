import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

from kamportal.lib.context import clean_request_id, current, work_context

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamportal.settings.local")

app = Celery("kamportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

REQUEST_ID_TASK_HEADER = "kam_request_id"
_open_contexts: dict[str, object] = {}


@before_task_publish.connect
def _carry_request_id(headers=None, **kwargs):
    """A task queued by a request carries its request id, so the worker's logs and audit rows join up."""
    request_id = current().request_id
    if headers is not None and request_id:
        headers.setdefault(REQUEST_ID_TASK_HEADER, request_id)


@task_prerun.connect
def _enter_task_context(task_id=None, task=None, **kwargs):
    incoming = getattr(task.request, REQUEST_ID_TASK_HEADER, None) or current().request_id
    manager = work_context(f"task:{task.name}", request_id=clean_request_id(incoming))
    manager.__enter__()
    _open_contexts[task_id] = manager


@task_postrun.connect
def _leave_task_context(task_id=None, **kwargs):
    manager = _open_contexts.pop(task_id, None)
    if manager is not None:
        manager.__exit__(None, None, None)
