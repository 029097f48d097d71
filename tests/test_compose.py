"""docker-compose.yml, the production stack, parses and names every service it must run."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = shutil.which("docker-compose")

pytestmark = pytest.mark.skipif(
    not COMPOSE and not os.environ.get("CI"), reason="Debian's docker-compose is not installed"
)


def _config(*args, secret: bool = True):
    assert COMPOSE, "CI needs Debian's docker-compose (.ci/run installs it)"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    if secret:
        env["DJANGO_SECRET_KEY"] = "only-for-parsing"
    return subprocess.run(
        [COMPOSE, "-f", str(ROOT / "docker-compose.yml"), "config", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_docker_compose_parses_the_production_stack():
    result = _config("--services")
    assert result.returncode == 0, result.stderr
    assert {"web", "worker", "beat", "db", "redis", "mailpit"} <= set(result.stdout.split())
    full = _config()
    assert "gunicorn kamportal.wsgi" in full.stdout
    assert "celery -A kamportal worker" in full.stdout and "celery -A kamportal beat" in full.stdout


def test_production_needs_its_secret_key_from_the_environment():
    result = _config("-q", secret=False)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr
