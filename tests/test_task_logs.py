"""A request id set where a task is queued shows up in the worker's JSON log lines (runs when REDIS_URL is set)."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from kamportal.lib.context import work_context

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[1]


def test_the_worker_logs_the_task_with_the_request_id_of_whoever_queued_it(tmp_path):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: tasks run eagerly and there is no worker")
    from kamportal.celery import app
    from kamportal.tasks import ping

    hostname = f"logs-{os.getpid()}@{socket.gethostname()}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kamportal.settings.test", "LOG_FORMAT": "json", "LOG_LEVEL": "INFO"}
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "kamportal", "worker", "--pool=solo", "-n", hostname,
             "--without-gossip", "--without-mingle", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        previous = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            deadline = time.monotonic() + 30
            while not app.control.ping(timeout=0.5, destination=[hostname]):
                assert worker.poll() is None and time.monotonic() < deadline, log.read_text()
            with work_context("request", request_id="req-probe-4242"):
                result = ping.delay()
            assert result.get(timeout=20) == "pong"
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
                tagged = [line for line in lines if line.get("request_id") == "req-probe-4242"]
                if tagged:
                    break
                time.sleep(0.2)
        finally:
            app.conf.task_always_eager = previous
            worker.terminate()
            worker.wait(timeout=15)
    assert tagged, log.read_text()[-3000:]
    assert any(result.id in line["message"] and "succeeded" in line["message"] for line in tagged)
    assert all(line["origin"] == "task:kamportal.ping" for line in tagged)
