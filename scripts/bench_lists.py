#!/usr/bin/env python3
"""Time the list pages at national scale on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kamportal_bench .venv/bin/python scripts/bench_lists.py

Builds (once, in bulk) one region with BENCH_EMPLOYERS employers (default 30,000) and
150,000 contact-log entries, and BENCH_CANDIDATES candidates (default 300,000) spread
over 30 providers; then fetches each list page with Django's test client and prints the
median time and the SQL query count. Never point it at a database you care about.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kamportal.settings.local")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Membership, Provider, Region, Role, User  # noqa: E402
from candidates.models import Candidate  # noqa: E402
from kamportal.lib.orgnr import org_number_check_digit  # noqa: E402
from recruitment.models import ContactLogEntry, Employer  # noqa: E402

EMPLOYERS = int(os.environ.get("BENCH_EMPLOYERS", 30_000))
CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", 300_000))


def build():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database.")
    call_command("migrate", verbosity=0)
    if Employer.objects.count() >= EMPLOYERS:
        return
    rnd = random.Random(7)
    region, _ = Region.objects.get_or_create(name="Benk")
    providers = [
        Provider.objects.get_or_create(name=f"Benk tiltak {i}", defaults={"region": region})[0] for i in range(30)
    ]
    kams, advisors = [], []
    for i, provider in enumerate(providers):
        kam = User.objects.create_user(
            email=f"kam{i}@benk.no", password="benk-passord-1", full_name=f"KAM {i}", provider=provider
        )
        Membership.objects.create(user=kam, role=Role.KAM)
        adv = User.objects.create_user(
            email=f"adv{i}@benk.no", password="benk-passord-1", full_name=f"Veileder {i}", provider=provider
        )
        Membership.objects.create(user=adv, role=Role.ADVISOR)
        kams.append(kam)
        advisors.append(adv)
    numbers, base = [], 80000000
    while len(numbers) < EMPLOYERS:
        digit = org_number_check_digit(str(base))
        if digit is not None:
            numbers.append(f"{base}{digit}")
        base += 1
    tiers = ["gold", "silver", "bronze", ""]
    employers = [
        Employer(
            name=f"Bedrift {n:05d} AS",
            org_number=numbers[n],
            region=region,
            municipality="Bergen",
            responsible_provider=providers[n % 30],
            responsible_kam=kams[n % 30],
            tier=rnd.choice(tiers),
        )
        for n in range(EMPLOYERS)
    ]
    Employer.objects.bulk_create(employers, batch_size=5000)
    ids = list(Employer.objects.values_list("id", flat=True))
    start = timezone.localdate() - timedelta(days=400)
    log = [
        ContactLogEntry(
            employer_id=rnd.choice(ids),
            kam=kams[rnd.randrange(30)],
            kind=rnd.choice(["meeting", "call"]),
            occurred_on=start + timedelta(days=rnd.randrange(400)),
        )
        for _ in range(EMPLOYERS * 5)
    ]
    ContactLogEntry.objects.bulk_create(log, batch_size=5000)
    candidates = [
        Candidate(
            full_name=f"Kandidat {n:06d}", provider=providers[n % 30], advisor=advisors[n % 30], status="available"
        )
        for n in range(CANDIDATES)
    ]
    Candidate.objects.bulk_create(candidates, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client, url, runs=5):
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return statistics.median(times), queries


def main():
    build()
    print(
        f"{Employer.objects.count()} employers, {ContactLogEntry.objects.count()} contact-log entries, "
        f"{Candidate.objects.count()} candidates"
    )
    kam, adv = Client(), Client()
    kam.force_login(User.objects.get(email="kam0@benk.no"))
    adv.force_login(User.objects.get(email="adv0@benk.no"))
    pages = [
        (kam, "/employers/"),
        (kam, "/employers/?q=Bedrift%2012"),
        (kam, "/employers/?q=800012"),
        (kam, "/employers/?tier=gold&sort=-last_meeting"),
        (kam, "/employers/?no_meeting=1"),
        (kam, "/employers/?page=500"),
        (kam, "/employers/portfolios/"),
        (kam, "/employers/week/"),
        (kam, "/mapping/"),
        (adv, "/candidates/"),
        (adv, "/candidates/?scope=all"),
    ]
    print(f"{'page':<48} {'median ms':>10} {'queries':>8}")
    for client, url in pages:
        ms, queries = timed(client, url)
        print(f"{url:<48} {ms:>10.1f} {queries:>8}")


if __name__ == "__main__":
    main()
