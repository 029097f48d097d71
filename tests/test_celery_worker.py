"""A real Celery worker on the real Redis broker round-trips a task (runs when REDIS_URL is set)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def celery_worker_process():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: tasks run eagerly and there is no worker to test")
    from kamportal.celery import app

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kamportal.settings.test"}
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "kamportal",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if app.control.ping(timeout=0.5, destination=[f"test-{os.getpid()}@{os.uname().nodename}"]):
                break
            if proc.poll() is not None:
                raise AssertionError(proc.stdout.read().decode())
        else:
            raise AssertionError("the Celery worker did not answer a ping within 30 s")
        yield proc
    finally:
        app.conf.task_always_eager = previous
        proc.terminate()
        proc.wait(timeout=15)


def test_a_real_worker_round_trips_a_task(celery_worker_process):
    from kamportal.celery import app
    from kamportal.tasks import ping

    assert app.conf.task_always_eager is False
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
