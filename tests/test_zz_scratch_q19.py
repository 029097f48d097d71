from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from recruitment.bench import pages


@pytest.mark.django_db
def test_scratch(tmp_path, settings):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    call_command("seed_scale", scale=0.0005, stdout=StringIO())
    clients = {role: pages.login(Client(), email) for role, email in pages.personas().items()}
    out = []
    for role, page, url in pages.page_mix():
        c = clients[role]
        c.get(url, secure=True)
        with CaptureQueriesContext(connection) as cap:
            r = c.get(url, secure=True)
        out.append(f"== {len(cap.captured_queries):3d} {r.status_code} {role} / {page} {url}")
        for q in cap.captured_queries:
            out.append("   " + q["sql"][:400])
    open("/tmp/q19/bench_queries.txt", "w").write("\n".join(out))
