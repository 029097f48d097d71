"""docker-compose.yml, the production stack: it parses, runs migrations once before web/worker/beat, checks the
health of every long-running service, has an S3 service, keeps Mailpit to the dev profile and has no default
secrets."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = shutil.which("docker-compose")
SECRETS = {
    "DJANGO_SECRET_KEY": "only-for-parsing",
    "POSTGRES_PASSWORD": "pg-secret",
    "REDIS_PASSWORD": "redis-secret",
    "S3_ACCESS_KEY": "s3-key",
    "S3_SECRET_KEY": "s3-secret",
    "EMAIL_URL": "smtp://mailpit:1025",
}

pytestmark = pytest.mark.skipif(
    not COMPOSE and not os.environ.get("CI"), reason="Debian's docker-compose is not installed"
)


def _config(*args, leave_out: str = "", extra: dict | None = None):
    assert COMPOSE, "CI needs Debian's docker-compose (.ci/run installs it)"
    env = {k: v for k, v in os.environ.items() if k not in SECRETS and not k.startswith("DJANGO_")}
    env.update({k: v for k, v in SECRETS.items() if k != leave_out})
    env.update(extra or {})
    return subprocess.run(
        [COMPOSE, "-f", str(ROOT / "docker-compose.yml"), "config", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _services(text: str) -> dict[str, str]:
    """The `config` output cut into one text block per service."""
    body = ("\n" + text).split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    blocks: dict[str, str] = {}
    for chunk in re.split(r"\n(?=  [a-z][a-z0-9_-]*:\n)", "\n" + body):
        if chunk.strip():
            name, _, rest = chunk.strip("\n").partition(":\n")
            blocks[name.strip()] = rest
    return blocks


@pytest.fixture(scope="module")
def services():
    result = _config()
    assert result.returncode == 0, result.stderr
    return _services(result.stdout)


def test_docker_compose_parses_the_production_stack(services):
    assert {"migrate", "web", "worker", "beat", "db", "redis", "seaweedfs", "mailpit"} <= set(services)
    assert "gunicorn kamportal.wsgi" in services["web"]
    assert "celery -A kamportal worker" in services["worker"] and "celery -A kamportal beat" in services["beat"]


def test_migrations_run_once_in_their_own_job_that_web_worker_and_beat_wait_for(services):
    assert "manage.py migrate" in services["migrate"] and "storage_init" in services["migrate"]
    for name in ("web", "worker", "beat"):
        after_migrate = re.search(r"migrate:\n\s+condition: service_completed_successfully", services[name])
        assert after_migrate, f"{name} does not wait for the migrate job"
        assert "manage.py migrate" not in services[name]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "migrate" not in dockerfile.split("CMD", 1)[1]


def test_every_long_running_service_has_a_health_check(services):
    for name in ("web", "worker", "beat", "db", "redis", "seaweedfs"):
        assert "healthcheck:" in services[name], name
    assert "scripts/healthcheck.py" in services["web"]
    assert (ROOT / "scripts" / "healthcheck.py").exists()


def test_private_files_go_to_the_s3_service_and_no_s3_port_is_published(services):
    assert "STORAGE_URL: s3+http://s3-key:s3-secret@seaweedfs:8333/" in services["web"]
    assert "ports:" not in services["seaweedfs"]
    assert "-s3.config=" in services["seaweedfs"]  # with a key: anonymous requests are refused


def test_mailpit_is_only_in_the_dev_profile(services):
    assert re.search(r"profiles:\n\s+- dev", services["mailpit"])
    assert [name for name, block in services.items() if "profiles:" in block] == ["mailpit"]


def test_secure_cookies_are_on_unless_switched_off(services):
    assert 'DJANGO_SECURE_COOKIES: "true"' in services["web"]
    switched_off = _services(_config(extra={"DJANGO_SECURE_COOKIES": "false"}).stdout)
    assert 'DJANGO_SECURE_COOKIES: "false"' in switched_off["web"]


@pytest.mark.parametrize("name", sorted(SECRETS))
def test_every_secret_must_be_given(name):
    result = _config("-q", leave_out=name)
    assert result.returncode != 0 and name in result.stderr


def test_no_password_or_key_has_a_default_in_the_file():
    text = (ROOT / "docker-compose.yml").read_text()
    for variable in re.findall(r"\$\{([A-Z_]+):-", text):
        assert not re.search(r"PASSWORD|SECRET|KEY|DSN_TOKEN", variable), variable
