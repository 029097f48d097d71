"""Storage for uploaded candidate files: outside every web root, served only through policy views."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


private_storage = PrivateStorage()
