"""Time every main page per role with the in-process client, and the Django admin changelists as the peer.

A page is fetched `runs` times after one warm-up; we keep p50 and p95 of the wall time, the query
count and the SQL time of the last run. The personas are the seeder's (recruitment/bench/seed.py).
"""

import statistics
import time
from dataclasses import dataclass

from django.contrib import admin
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from accounts.models import Notification, User
from candidates.models import Candidate
from recruitment.models import Employer, Recruitment, Submission

BENCH_ADMIN_USER = "bench-admin@bench.no"

# The peer a user could fall back to: plain ModelAdmin changelists of the same models, mounted only here.
bench_admin_site = admin.AdminSite(name="bench_admin")
for _model in (Employer, Recruitment, Candidate, Submission, Notification):
    bench_admin_site.register(_model)

urlpatterns = [path("bench-admin/", bench_admin_site.urls), path("", include("kamportal.urls"))]


@dataclass
class Timing:
    role: str
    page: str
    url: str
    p50: float
    p95: float
    queries: int
    sql_ms: float
    status: int


# The benchmark users' authenticator secret (RFC 6238's test key, hex as django-otp stores it).
BENCH_TOTP_KEY = "3132333435363738393031323334353637383930"


def bench_device(user: User):
    """The user's confirmed TOTP device (made with the benchmark's secret if the user has none)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="bench", key=BENCH_TOTP_KEY, confirmed=True)


def bench_totp_code(user: User) -> str:
    """A code the user's device accepts now (django-otp refuses a code's reuse, so its marker is reset)."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = bench_device(user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return str(TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits).token()).zfill(device.digits)


def login(client: Client, email: str) -> Client:
    """The one place the benchmark signs a user in: the session also records the second factor, as after a
    real code entry, since staff pages need it."""
    from django_otp import DEVICE_ID_SESSION_KEY

    user = User.objects.get(email=email)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = bench_device(user).persistent_id
    session.save()
    return client


def personas() -> dict[str, str]:
    return {
        "kam": "kam-0-0@bench.no",
        "advisor": "advisor-0-0@bench.no",
        "provider_admin": "admin-0@bench.no",
        "region_coordinator": "coordinator-0@bench.no",
        "contact": "contact-0@bench.no",
    }


def page_mix() -> list[tuple[str, str, str]]:
    """(role, page, url) for every main page, the objects picked from the data like a user would."""
    people = personas()
    kam = User.objects.get(email=people["kam"])
    advisor = User.objects.get(email=people["advisor"])
    contact_user = User.objects.get(email=people["contact"])
    employer = Employer.objects.filter(responsible_kam=kam).order_by("pk").first()
    recruitment = (
        Recruitment.objects.filter(coordinating_kam=kam, status="shortlist_sent")
        .annotate(n=Count("submissions"))
        .order_by("-n", "pk")
        .first()
    )
    kam_candidate = (
        Candidate.objects.filter(provider=kam.provider).annotate(n=Count("submissions")).order_by("-n", "pk").first()
    )
    advisor_candidate = (
        Candidate.objects.filter(advisor=advisor).annotate(n=Count("submissions")).order_by("-n", "pk").first()
    )
    contact_employer = contact_user.employer_contact.employer
    listed = (
        Recruitment.objects.filter(employer=contact_employer, list_sent_at__isnull=False)
        .order_by("-list_sent_at")
        .first()
    )
    mix = [
        ("kam", "home", "/"),
        ("kam", "notifications", "/notifications/"),
        ("kam", "employer list", "/employers/"),
        ("kam", "employers without meeting", "/employers/?no_meeting=1"),
        ("kam", "employer list, deep page", "/employers/?page=500"),
        ("kam", "employer detail", f"/employers/{employer.uuid}/"),
        ("kam", "recruitment list", "/recruitments/"),
        ("kam", "recruitment list, all", "/recruitments/?all=1"),
        ("kam", "recruitment detail", f"/recruitments/{recruitment.uuid}/"),
        ("kam", "candidate list, deep page", "/candidates/?page=500"),
        ("kam", "candidate dossier", f"/candidates/{kam_candidate.uuid}/"),
        ("advisor", "home", "/"),
        ("advisor", "notifications", "/notifications/"),
        ("advisor", "candidate list", "/candidates/"),
        ("advisor", "candidate list, all, deep page", "/candidates/?scope=all&page=500"),
        ("advisor", "candidate dossier", f"/candidates/{advisor_candidate.uuid}/"),
        ("provider_admin", "home", "/"),
        ("provider_admin", "candidate list, deep page", "/candidates/?page=500"),
        ("region_coordinator", "home", "/"),
        ("region_coordinator", "employer list", "/employers/"),
        ("contact", "portal home", "/portal/"),
    ]
    if listed is not None:
        mix.append(("contact", "candidate list (employer)", f"/recruitments/{listed.uuid}/list/"))
        mix.append(("contact", "list PDF", f"/recruitments/{listed.uuid}/list/pdf/"))
    return mix


def _admin_deep_page(model) -> int:
    """Page 500 of 100 rows, or the last page when there are fewer (the admin redirects past the end)."""
    return max(1, min(500, -(-model.objects.count() // 100)))


def admin_mix() -> list[tuple[str, str, str]]:
    return [
        ("admin", "changelist employer", "/bench-admin/recruitment/employer/"),
        (
            "admin",
            "changelist employer, deep page",
            f"/bench-admin/recruitment/employer/?p={_admin_deep_page(Employer)}",
        ),
        ("admin", "changelist recruitment", "/bench-admin/recruitment/recruitment/"),
        (
            "admin",
            "changelist candidate, deep page",
            f"/bench-admin/candidates/candidate/?p={_admin_deep_page(Candidate)}",
        ),
        ("admin", "changelist submission", "/bench-admin/recruitment/submission/"),
        ("admin", "changelist notification", "/bench-admin/accounts/notification/"),
    ]


def _admin_user() -> User:
    user = User.objects.filter(email=BENCH_ADMIN_USER).first()
    if user is None:
        user = User.objects.create_superuser(email=BENCH_ADMIN_USER, password=None, full_name="Bench admin")
    return user


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_pages(*, runs: int = 30, only: str | None = None) -> list[Timing]:
    """Every page of the mix and the admin changelists, `runs` timed fetches each; with `only` (a regular
    expression), the pages whose "role: page" it matches."""
    import re

    clients: dict[str, Client] = {}
    for role, email in personas().items():
        clients[role] = login(Client(), email)
    # Staff pages want the second factor, the admin too: without it every changelist was a 302 to the code page.
    clients["admin"] = login(Client(), _admin_user().email)
    results = []
    with override_settings(ROOT_URLCONF=__name__):
        for role, page, url in page_mix() + admin_mix():
            if only and not re.search(only, f"{role}: {page}"):
                continue
            client = clients[role]
            client.get(url, secure=True)  # warm-up: caches, session
            times = []
            status, queries, sql_ms = 0, 0, 0.0
            for _ in range(runs):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url, secure=True)
                    times.append((time.perf_counter() - started) * 1000)
                status = response.status_code
                queries = len(captured.captured_queries)
                sql_ms = sum(float(q.get("time") or 0) for q in captured.captured_queries) * 1000
            results.append(
                Timing(role, page, url, statistics.median(times), _percentile(times, 0.95), queries, sql_ms, status)
            )
    return results
