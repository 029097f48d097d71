"""Warn, anonymise and erase what the retention periods say is due; `--dry-run` lists it and why."""

from django.core.management.base import BaseCommand

from candidates.retention import retention_run
from kamportal.lib.context import runs_as


class Command(BaseCommand):
    help = (
        "Warn advisors of idle candidates, anonymise candidates whose notice has run, and erase the free text of "
        "recruitments closed longer than their retention period, and erase employer contacts who left longer ago than "
        "theirs. --dry-run lists what would go and why."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List only; change nothing.")

    @runs_as("command:apply_retention")
    def handle(self, *args, dry_run=False, **options):
        run = retention_run(dry_run=dry_run)
        for line in run.lines:
            self.stdout.write(("would " if dry_run else "") + line)
        if dry_run:
            self.stdout.write(f"{len(run.lines)} item(s) due (dry run: nothing changed)")
        else:
            self.stdout.write(
                f"{len(run.warned)} warned, {len(run.anonymised)} anonymised, "
                f"{len(run.recruitments)} recruitment(s) erased, {len(run.contacts)} contact(s) erased"
            )
