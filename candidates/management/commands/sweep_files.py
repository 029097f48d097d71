"""Find stored files without a document row (and remove them) and document rows without a file (reported)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from candidates.files import stored_files_sweep


class Command(BaseCommand):
    help = "Remove stored candidate files that no document row refers to; report documents whose file is missing."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only; remove nothing.")
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=None,
            help="Leave files younger than this alone (default: settings.ORPHAN_FILE_GRACE_MINUTES).",
        )

    def handle(self, *args, dry_run=False, grace_minutes=None, **options):
        grace = None if grace_minutes is None else timedelta(minutes=grace_minutes)
        result = stored_files_sweep(dry_run=dry_run, grace=grace)
        verb = "Would remove" if dry_run else "Removed"
        for name in result.removed if not dry_run else result.orphans:
            self.stdout.write(f"{verb} orphan file: {name}")
        for name in result.recent:
            self.stdout.write(f"Left alone (younger than the grace period): {name}")
        for uuid, name in result.missing:
            self.stdout.write(self.style.ERROR(f"Document {uuid} has no stored file: {name}"))
        self.stdout.write(
            f"{len(result.orphans)} orphan file(s), {len(result.missing)} document(s) without a file"
            + (" (dry run)" if dry_run else "")
        )
        if result.missing:
            raise CommandError(f"{len(result.missing)} document(s) have no stored file")
