"""Back up the database and the private files into one archive (kamportal/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kamportal.backup import BackupError, backup_create, default_archive_name


class Command(BaseCommand):
    help = "Write a .tar.gz with the database dump, every stored file a row refers to, and a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive path (default: BACKUP_DIR/kamportal-<time>.tar.gz).")

    def handle(self, *args, output=None, **options):
        path = Path(output) if output else Path(settings.BACKUP_DIR) / default_archive_name()
        try:
            manifest = backup_create(output=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Backup written: {path} ({rows} rows, {len(manifest['files'])} files)")
        for name in manifest["missing_files"]:
            self.stdout.write(self.style.WARNING(f"A row refers to a missing file: {name}"))
