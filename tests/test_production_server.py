"""gunicorn with the production settings serves its own static files (whitenoise), /health/ and JSON logs."""

import gzip
import json
import re
import subprocess
import sys
import time

import pytest

from tests.production import ROOT, Browser, Gunicorn, production_env

ONE_YEAR = 365 * 24 * 3600


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    return Browser().get(url, **headers)


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, collected_static):
    tmp_path = tmp_path_factory.mktemp("production-server")
    node = Gunicorn(production_env(tmp_path, collected_static), tmp_path / "gunicorn.log").wait_until_up()
    try:
        yield node.base, node.log
    finally:
        node.stop()


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
    env = production_env(tmp_path, tmp_path / "static")
    off = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)
    assert off.stdout.strip() == "False", off.stderr
    with_dsn = {**env, "SENTRY_DSN": "http://public@127.0.0.1:9/1"}
    on = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=with_dsn, capture_output=True, text=True)
    assert on.stdout.strip() == "True", on.stderr
