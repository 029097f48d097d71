"""Storage for uploaded candidate files: outside every web root, served only through policy views.

`storages["private"]` (settings.STORAGES): the folder PRIVATE_STORAGE_ROOT by default, an S3 bucket when
STORAGE_URL is set. The bucket is never public and no URL of it is ever shown: views stream files after the
access policy said yes (candidates/views.py: document_download).
"""

import os

from botocore.config import Config
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import LazyObject
from storages.backends.s3 import S3Storage


class PrivateFileSystemStorage(FileSystemStorage):
    """Rooted at settings.PRIVATE_STORAGE_ROOT, read on every use (tests point it at a fresh folder)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_STORAGE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class PrivateS3Storage(S3Storage):
    """Private objects only: no ACL (the bucket's private default), never overwritten, short timeouts so that
    an S3 outage fails a request (and /health/) within seconds instead of hanging a web worker."""

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
            "signature_version": "s3v4",
            "addressing_style": "path",
            "max_memory_size": 2 * 1024 * 1024,
            "client_config": Config(connect_timeout=3, read_timeout=20, retries={"max_attempts": 2}),
        }

    def create_bucket(self) -> bool:
        """Create the bucket if it is missing (the migrate job runs this); True if it was created.
        New buckets are private: S3 servers (and AWS since 2023) block public access unless told otherwise."""
        client = self.connection.meta.client
        existing = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
        if self.bucket_name in existing:
            return False
        client.create_bucket(Bucket=self.bucket_name)
        return True


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()
