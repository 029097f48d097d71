import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone

from recruitment.bench import http, pages, report
from recruitment.bench.seed import BENCH_PASSWORD


class Command(BaseCommand):
    help = (
        "Time every main page per role (and the admin changelists) on seeded databases, the reminder sweep, "
        "and the page mix over HTTP; write a Markdown table. Seed first with seed_scale."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            action="append",
            default=[],
            metavar="LABEL=NAME",
            help="a seeded database to measure, e.g. 0.1=kp_scale_bench_01 (repeat, smallest first); "
            "default: the configured database",
        )
        parser.add_argument(
            "--prepare",
            action="store_true",
            help="create each database if missing, migrate it and seed it at its label's scale if it is empty",
        )
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--only", help='time only the pages whose "role: page" matches this regular expression')
        parser.add_argument("--sweep", action="store_true", help="time the reminder sweep (rolled back)")
        parser.add_argument("--http-seconds", type=float, default=0, help="drive the mix over HTTP this long")
        parser.add_argument("--http-clients", type=int, default=20)
        parser.add_argument("--http-workers", type=int, default=4)
        parser.add_argument("--http-threads", type=int, default=1, help="threads per gunicorn worker (gthread if > 1)")
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(
        self,
        *args,
        database,
        prepare,
        runs,
        only,
        sweep,
        http_seconds,
        http_clients,
        http_workers,
        http_threads,
        out,
        **options,
    ):
        targets = [item.split("=", 1) for item in database] or [["current", None]]
        if any(len(target) != 2 for target in targets):
            raise CommandError("--database takes LABEL=NAME")
        results, extra = {}, []
        for label, name in targets:
            if name:
                if prepare:
                    self._prepare(label, name)
                connections.close_all()
                connection.settings_dict["NAME"] = name
            self.stderr.write(f"bench: pages on {label} ({connection.settings_dict['NAME']})")
            results[label] = pages.time_pages(runs=runs, only=only) if runs else []
            if sweep:
                extra.append(f"- reminder sweep @{label}: {self._sweep()} ({report.machine_load()})")
        if http_seconds > 0:
            if connection.vendor != "postgresql":
                raise CommandError("the HTTP mix needs PostgreSQL (gunicorn workers share the database)")
            extra.append(self._http(targets[-1][0], http_seconds, http_clients, http_workers, http_threads))
        text = report.render(results, extra=extra, runs=runs)
        self.stdout.write(text)
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"bench-{timezone.now():%Y%m%d-%H%M}.md"
        path.write_text(text, encoding="utf-8")
        self.stderr.write(f"bench: written to {path}")

    def _prepare(self, label: str, name: str) -> None:
        from recruitment.models import Employer

        if connection.vendor != "postgresql":
            raise CommandError("--prepare creates PostgreSQL databases")
        connections.close_all()
        connection.settings_dict["NAME"] = "postgres"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
        connections.close_all()
        connection.settings_dict["NAME"] = name
        call_command("migrate", verbosity=0)
        if not Employer.objects.exists():
            self.stderr.write(f"bench: seeding {name} at scale {label} (minutes at scale 1)")
            call_command("seed_scale", scale=float(label), stdout=self.stderr)

    def _sweep(self) -> str:
        from accounts.reminders import discover_kinds, reminders_sweep

        with transaction.atomic():
            started = time.perf_counter()
            first = reminders_sweep()
            due_seconds = time.perf_counter() - started
            idle = []
            for name in sorted(discover_kinds()):
                started = time.perf_counter()
                reminders_sweep(kinds=[name])
                idle.append((time.perf_counter() - started, name))
            transaction.set_rollback(True)
        slowest = ", ".join(f"{name} {seconds:.2f} s" for seconds, name in sorted(idle, reverse=True)[:3])
        return (
            f"{first.total} reminders in {due_seconds:.1f} s (failed kinds: {first.failed or 'none'}; "
            f"per kind: {first.sent}); again with nothing left due: {sum(s for s, _ in idle):.2f} s "
            f"(slowest: {slowest})"
        )

    def _http(self, label: str, seconds: float, clients: int, workers: int, threads: int) -> str:
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        mix = pages.page_mix()
        process, port = http.start_gunicorn(database_url=url, workers=workers, threads=threads)
        try:
            result = http.drive(
                port=port,
                mix=mix,
                people=pages.personas(),
                password=BENCH_PASSWORD,
                clients=clients,
                seconds=seconds,
                server_pid=process.pid,
            )
        finally:
            http.stop(process)
        errors = f"; e.g. {', '.join(result.error_samples)}" if result.error_samples else ""
        threads_text = f" × {threads} threads" if threads > 1 else ""
        resent = f", {result.resent} resent on a closed keep-alive connection" if result.resent else ""
        return (
            f"- HTTP mix @{label}: gunicorn {workers} workers{threads_text} (production settings), {clients} clients, "
            f"{result.seconds:.0f} s: {result.requests} requests, {result.rate:.1f} req/s, "
            f"p50 {result.percentile(0.5):.0f} ms, p95 {result.percentile(0.95):.0f} ms, "
            f"{result.errors} errors{errors}{resent}; CPU per request: server "
            f"{result.cpu_ms_per_request(result.server_cpu)} ms, "
            f"clients {result.cpu_ms_per_request(result.driver_cpu)} ms "
            f"({report.machine_load()})"
        )
