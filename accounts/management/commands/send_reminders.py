"""Run the reminder sweep now, in this process: for cron, and for `make run` without Redis."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.reminders import discover_kinds, reminders_sweep
from kamportal.lib.context import runs_as


class Command(BaseCommand):
    help = "Find what is due and send each reminder once (the same sweep as the hourly Celery beat task)."

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", dest="kinds", help="Only this kind (repeatable).")
        parser.add_argument("--digests", action="store_true", help="Also send the daily e-mail digests now.")
        parser.add_argument("--list", dest="list_kinds", action="store_true", help="List the kinds and stop.")

    @runs_as("command:send_reminders")
    def handle(self, *args, kinds=None, digests=False, list_kinds=False, **options):
        if list_kinds:
            for name in sorted(discover_kinds()):
                self.stdout.write(name)
            return
        try:
            result = reminders_sweep(now=timezone.now(), kinds=kinds)
        except KeyError as exc:
            raise CommandError(exc.args[0]) from exc
        for name, count in sorted(result.sent.items()):
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"Reminders sent: {result.total}")
        if digests:
            from accounts.tasks import send_daily_digests

            self.stdout.write(f"Digests sent: {send_daily_digests()}")
        if result.failed:
            raise CommandError(f"These reminder kinds failed (see the log): {', '.join(result.failed)}")
