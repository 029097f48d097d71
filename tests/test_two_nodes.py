"""Two web nodes over one PostgreSQL, one Redis and one S3 server, as behind a load balancer.

gunicorn with the production settings on two ports: a session made on node A continues on node B, a CV
uploaded through A downloads through B, the reminder sweep started on both at once sends each reminder once,
and /health/ on both turns red when the S3 server stops. Needs DATABASE_URL (PostgreSQL) and REDIS_URL, as in
CI (.ci/run); skipped on SQLite.
"""

import json
import subprocess
import sys
import threading
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from accounts.models import AuditEvent, Notification, ReminderSent, Role
from candidates.models import Document
from tests.accounts.reminder_kinds import KIND
from tests.candidates.factories import candidate_of
from tests.candidates.files import good_pdf
from tests.conftest import build_world
from tests.factories import EmployerFactory, UserFactory
from tests.production import ROOT, Browser, Gunicorn, production_env
from tests.s3server import SeaweedS3
from tests.twofactor import fresh_totp_code, totp_device_for

pytestmark = [pytest.mark.multinode, pytest.mark.django_db(transaction=True)]

PASSWORD = "to-noder-ett-passord"  # noqa: S105


def database_url() -> str:
    db = connection.settings_dict  # inside the test: NAME is the test database
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def shared_services(django_db_setup, tmp_path_factory):
    if not settings.REDIS_URL or connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) shared by both nodes, as in CI")
    s3 = SeaweedS3(tmp_path_factory.mktemp("seaweedfs")).start()  # its own server: the last test stops it
    try:
        yield s3
    finally:
        s3.stop()
        from kamportal.celery import app

        app.control.purge()  # nothing the nodes queued may reach another test's worker


@pytest.fixture(scope="module")
def nodes(shared_services, collected_static, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("nodes")
    env = production_env(
        tmp_path,
        collected_static,
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        STORAGE_URL=shared_services.storage_url,
        DJANGO_SECURE_COOKIES="false",  # the test talks plain HTTP to the nodes
        REMINDER_MODULES="tests.accounts.reminder_kinds",
        LOG_LEVEL="WARNING",
    )
    started = [Gunicorn(env, tmp_path / f"node-{name}.log") for name in "ab"]
    try:
        yield [node.wait_until_up() for node in started], env
    finally:
        for node in started:
            node.stop()


def with_password(user):
    """A password hash the production nodes can check (the test settings hash with MD5, which they do not know)."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def log_in(browser: Browser, node: Gunicorn, user) -> None:
    """Sign in through the login form of `node`, then give the second factor that staff need."""
    device = totp_device_for(user)
    status, headers, body = browser.post_form(f"{node.base}/login/", {"username": user.email, "password": PASSWORD})
    assert status == 302, (status, body[:2000])
    assert "/login/" not in headers["Location"]
    verify = f"{node.base}/two-factor/verify/"
    status, headers, body = browser.post_form(verify, {"token": fresh_totp_code(device)})
    assert status == 302, (status, body[:2000])
    assert "/two-factor/" not in headers["Location"] and "/login/" not in headers["Location"]


def health(node: Gunicorn) -> tuple[int, dict]:
    status, _, body = Browser().get(f"{node.base}/health/", Accept="application/json")
    return status, json.loads(body)


def test_a_session_continues_on_the_other_node_and_a_cv_uploaded_on_one_downloads_on_the_other(nodes, db):
    (a, b), _ = nodes
    world = build_world()
    advisor = with_password(world.advisor_a)
    candidate = candidate_of(world)
    browser = Browser()

    log_in(browser, a, advisor)
    status, _, body = browser.get(f"{b.base}/candidates/{candidate.uuid}/")
    assert status == 200, body[:500]
    assert candidate.full_name.encode() in body

    data = good_pdf("CV lastet opp på node A")
    status, _, body = browser.post_multipart(
        f"{a.base}/candidates/{candidate.uuid}/documents/new/",
        {"kind": "cv"},
        {"file": ("CV Ola.pdf", data, "application/pdf")},
    )
    assert status == 302, body[:2000]
    document = Document.objects.get(candidate=candidate)
    status, headers, downloaded = browser.get(f"{b.base}/candidates/documents/{document.uuid}/")
    assert status == 200
    assert downloaded == data
    assert headers["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="document.downloaded", candidate_id=candidate.pk).count() == 1

    outsider = with_password(world.kam_other)  # another region: the policy says no on either node
    other = Browser()
    log_in(other, b, outsider)
    assert other.get(f"{a.base}/candidates/documents/{document.uuid}/")[0] == 404


def test_the_reminder_sweep_started_on_both_nodes_at_once_sends_each_reminder_once(nodes, db):
    (a, b), env = nodes
    world = build_world()
    admins = [world.admin_a, UserFactory(provider=world.provider_a, roles=[Role.PROVIDER_ADMIN])]
    employers = [
        EmployerFactory(name=f"Bedrift {i} uten KAM", region=world.region, responsible_provider=world.provider_a)
        for i in range(6)
    ]
    sweep_env = {**env, "TEST_REMINDER_DELAY": "0.3"}  # slow enough that the two sweeps overlap
    results = {}
    start = threading.Barrier(2)

    def sweep(name):
        start.wait()
        results[name] = subprocess.run(
            [sys.executable, "manage.py", "send_reminders", "--kind", KIND],
            cwd=ROOT,
            env=sweep_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    threads = [threading.Thread(target=sweep, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    for name, result in results.items():
        assert result.returncode == 0, (name, result.stderr)
    sent = [int(result.stdout.split(f"{KIND}: ")[1].split()[0]) for result in results.values()]
    assert sum(sent) == len(employers), sent
    assert ReminderSent.objects.filter(kind=KIND).count() == len(employers)
    for admin in admins:
        for employer in employers:
            about = Notification.objects.filter(user=admin, url__contains=str(employer.uuid))
            assert about.count() == 1, (admin.email, employer.name)


def test_health_is_green_on_both_nodes_and_red_on_both_when_the_s3_server_stops(nodes, shared_services, db):
    # Last in this module: it stops the module's S3 server.
    (a, b), _ = nodes
    for node in (a, b):
        status, checks = health(node)
        assert status == 200, checks
        assert set(checks.values()) == {"OK"}
        assert any(name.startswith("Redis(") for name in checks)  # the broker is checked too

    shared_services.stop()

    for node in (a, b):
        status, checks = health(node)
        assert status == 500
        assert checks["Storage(alias='private')"] != "OK"
        assert checks["Database(alias='default')"] == "OK"
