from django.core.files.storage import storages
from django.core.management.base import BaseCommand

from kamportal.storage import PrivateS3Storage


class Command(BaseCommand):
    help = "Create the private files' S3 bucket if STORAGE_URL names one that is missing (safe to run again)."

    def handle(self, *args, **options):
        storage = storages["private"]
        if not isinstance(storage, PrivateS3Storage):
            self.stdout.write(f"Private files are in the folder {storage.location}; nothing to create.")
            return
        created = storage.create_bucket()
        self.stdout.write(f"Bucket {storage.bucket_name}: {'created' if created else 'already there'}.")
