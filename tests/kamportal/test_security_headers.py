"""Headers: a strict CSP on every page type, no-store for signed-in pages, and `check --deploy` clean with the
production settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access.expectations import all_entries
from tests.access.matrix import ROLES
from tests.conftest import build_world

ROOT = Path(__file__).resolve().parents[2]
PAGES = [entry for entry in all_entries() if entry.method == "get" and 200 in entry.expected.values()]


def assert_strict_csp(header: str, url: str) -> None:
    directives = {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src, f"{url}: no script-src in {header!r}"
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, f"{url}: {header!r}"
    assert all(source in ("'self'", "'none'") or source.startswith("'nonce-") for source in script_src), header
    assert directives.get("object-src", directives.get("default-src")) == ["'none'"], header
    assert directives.get("frame-ancestors") == ["'none'"] or "sandbox" in directives, header


@pytest.mark.django_db
def test_every_page_type_sends_a_csp_without_inline_script_and_signed_in_pages_are_not_stored():
    world = build_world()
    clients = {}
    checked = 0
    for entry in PAGES:
        role = next(r for r in ROLES if entry.expected[r] == 200)
        if role not in clients:
            clients[role] = Client()
            if world.persona(role) is not None:
                clients[role].force_login(world.persona(role))
        with transaction.atomic():
            url = reverse(entry.name, kwargs=entry.kwargs(world) if entry.kwargs else None)
            response = clients[role].get(url)
            transaction.set_rollback(True)
        assert response.status_code == 200, f"{url} as {role}"
        assert_strict_csp(response["Content-Security-Policy"], url)
        if role != "anonymous":
            assert "no-store" in response["Cache-Control"], f"{url}: {response['Cache-Control']}"
        checked += 1
    assert checked > 50


def test_the_csp_check_catches_inline_script():
    with pytest.raises(AssertionError):
        assert_strict_csp("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'", "/x/")
    with pytest.raises(AssertionError):
        assert_strict_csp("default-src *; object-src 'none'; frame-ancestors 'none'", "/x/")


@pytest.mark.django_db
def test_pages_send_a_permissions_policy(client):
    response = client.get(reverse("login"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_check_deploy_with_the_production_settings_has_no_warning(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kamportal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "kam.example.no",
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the e2e tests set it for their own process only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_turn_on_hsts_and_the_ssl_redirect():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kamportal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "sqlite:///unused.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["True"] * 5, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("redis_url", "engine"),
    [
        ("", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/9", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_in_the_database_with_or_without_redis_and_database_connections_persist(redis_url, engine):
    """Sessions do not depend on the cache: with Redis down, signed-in pages still work (cached_db's load() writes
    to the cache unguarded), and a per-process cache would keep a session another worker ended (logout)."""
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(s.SESSION_ENGINE, d['CONN_MAX_AGE'] > 0, d['CONN_HEALTH_CHECKS'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kamportal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": "sqlite:///unused.sqlite3",
        "REDIS_URL": redis_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [engine, "True", "True"], result.stdout + result.stderr
