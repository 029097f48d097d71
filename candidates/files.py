"""Stored files and their rows kept in step: a file without a Document row is removed, a row without its file reported.

Works through the storage API (kamportal.storage.private_storage), so the same sweep runs on
local disk and on S3. A file younger than ORPHAN_FILE_GRACE_MINUTES may belong to an upload
whose transaction has not committed yet, so it is left alone.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from candidates.models import Document
from candidates.services import DOCUMENT_PREFIX
from kamportal.storage import private_storage

log = logging.getLogger(__name__)


@dataclass
class FileSweep:
    orphans: list[str] = field(default_factory=list)  # files without a row, old enough to remove
    removed: list[str] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)  # files without a row, still within the grace
    missing: list[tuple[str, str]] = field(default_factory=list)  # (document uuid, stored name) without a file


def stored_names(prefix: str = DOCUMENT_PREFIX) -> set[str]:
    """Every file under `prefix` in the private storage, walked through the storage API."""
    names: set[str] = set()
    pending = [prefix.rstrip("/")]
    while pending:
        folder = pending.pop()
        try:
            folders, files = private_storage.listdir(folder)
        except FileNotFoundError:
            continue
        names.update(f"{folder}/{name}" for name in files)
        pending.extend(f"{folder}/{name}" for name in folders)
    return names


def stored_files_sweep(
    *, dry_run: bool = False, now: datetime | None = None, grace: timedelta | None = None
) -> FileSweep:
    now = now or timezone.now()
    grace = timedelta(minutes=settings.ORPHAN_FILE_GRACE_MINUTES) if grace is None else grace
    files = stored_names()
    # An anonymised candidate's documents keep their rows under a name no file has (candidates/anonymise.py).
    rows = dict(Document.objects.exclude(stored_name__startswith="erased/").values_list("stored_name", "uuid"))
    result = FileSweep()
    for name in sorted(files - set(rows)):
        if private_storage.get_modified_time(name) > now - grace:
            result.recent.append(name)
            continue
        result.orphans.append(name)
        if not dry_run and not Document.objects.filter(stored_name=name).exists():
            private_storage.delete(name)
            result.removed.append(name)
            log.warning("Removed the stored file %s: no document row refers to it", name)
    for name in sorted(set(rows) - files):
        result.missing.append((str(rows[name]), name))
        log.error("Document %s has no stored file %s", rows[name], name)
    return result
