"""gunicorn with the production settings serves its own static files (whitenoise), /health/ and JSON logs."""

import gzip
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.s3server import free_ports

ROOT = Path(__file__).resolve().parents[1]
ONE_YEAR = 365 * 24 * 3600


def production_env(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SENTRY_", "STORAGE_", "LOG_"))}
    env.pop("REDIS_URL", None)
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "kamportal.settings.production",
        "DJANGO_SECRET_KEY": "test-only-production-secret-key-with-enough-length-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "PRIVATE_STORAGE_ROOT": str(tmp_path / "private"),
        **extra,
    }


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    [port] = free_ports(1)
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kamportal.wsgi:application", "--bind", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/health/", timeout=2)  # noqa: S310
                break
            except urllib.error.HTTPError:
                break  # answers, if red: the test says why
            except OSError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.3)
        yield base, tmp_path / "gunicorn.log"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_the_login_page_links_a_hashed_stylesheet_served_with_a_long_cache_header(production_server):
    base, _ = production_server
    status, _, body = get(f"{base}/login/")
    assert status == 200, body[:500]
    stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', body.decode())
    stylesheets += re.findall(r'<link[^>]+href="([^"]+\.css)"[^>]+rel="stylesheet"', body.decode())
    assert stylesheets, "the login page links no stylesheet"
    for href in stylesheets:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), f"{href} is not a hashed (manifest) name"
        status, headers, css = get(f"{base}{href}")
        assert status == 200, href
        assert headers["Content-Type"].startswith("text/css")
        max_age = int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1))
        assert max_age >= ONE_YEAR, headers["Cache-Control"]
        assert len(css) > 100

    status, headers, compressed = get(f"{base}{stylesheets[0]}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(compressed) == get(f"{base}{stylesheets[0]}")[2]


def test_an_unknown_static_file_is_a_404(production_server):
    base, _ = production_server
    assert get(f"{base}/static/css/no-such-file.css")[0] == 404


def test_health_is_green_on_the_production_settings(production_server):
    base, _ = production_server
    status, headers, body = get(f"{base}/health/", Accept="application/json")
    assert status == 200, body
    assert set(json.loads(body).values()) == {"OK"}
    assert "no-cache" in headers["Cache-Control"] or "max-age=0" in headers["Cache-Control"]


def test_logs_are_json_lines_that_carry_the_request_id(production_server):
    base, log = production_server
    status, headers, _ = get(f"{base}/no-such-page/", **{"X-Request-ID": "probe-4711"})
    assert status == 404 and headers["X-Request-ID"] == "probe-4711"
    deadline = time.monotonic() + 5
    lines = []
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        if any(line.get("request_id") == "probe-4711" for line in lines):
            break
        time.sleep(0.2)
    [line] = [line for line in lines if line.get("request_id") == "probe-4711"]
    assert line["level"] == "WARNING" and line["logger"] == "django.request" and "/no-such-page/" in line["message"]


def test_sentry_is_off_by_default_and_on_with_a_dsn(tmp_path):
    probe = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    off = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=production_env(tmp_path), capture_output=True, text=True
    )
    assert off.stdout.strip() == "False", off.stderr
    with_dsn = production_env(tmp_path, SENTRY_DSN="http://public@127.0.0.1:9/1")
    on = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=with_dsn, capture_output=True, text=True)
    assert on.stdout.strip() == "True", on.stderr
