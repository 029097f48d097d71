"""Restore the database and the private files from an archive made by `manage.py backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kamportal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and the stored files with those of a backup archive (checksums checked first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Really replace the current data.")

    def handle(self, *args, archive, yes=False, **options):
        if not yes:
            raise CommandError("This replaces every row and stored file. Run it again with --yes to go ahead.")
        try:
            restored = backup_restore(archive=Path(archive))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(restored.rows.values())
        self.stdout.write(f"Restored {rows} rows and {restored.files} files from {archive}")
