"""No orphan files: an upload leaves row and file or neither, and the sweep cleans up after a crash."""

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from candidates import services
from candidates.files import stored_files_sweep
from candidates.models import Document
from kamportal.storage import private_storage
from tests.candidates.conftest import stored_files
from tests.candidates.factories import candidate_of, document_for
from tests.candidates.files import good_pdf

ROOT = Path(__file__).resolve().parents[2]
NO_GRACE = timedelta(0)


@pytest.mark.django_db
def test_an_upload_that_fails_after_the_file_is_written_leaves_neither_row_nor_file(world, private_root, monkeypatch):
    candidate = candidate_of(world)
    private_storage._setup()
    real_save = private_storage._wrapped.save

    def save_then_fail(name, content, **kwargs):
        written = real_save(name, content, **kwargs)
        assert (private_root / written).exists()
        raise KeyboardInterrupt  # the worst kind: not an Exception

    monkeypatch.setattr(private_storage._wrapped, "save", save_then_fail)
    with pytest.raises(KeyboardInterrupt):
        services.document_upload(
            candidate=candidate, kind="cv", filename="cv.pdf", data=good_pdf(), actor=world.advisor_a
        )
    assert Document.objects.count() == 0
    assert stored_files(private_root) == []


@pytest.mark.django_db
def test_the_sweep_removes_a_file_without_a_row_and_reports_a_row_without_a_file(world, private_root, capsys):
    candidate = candidate_of(world)
    kept = document_for(candidate)
    lost = document_for(candidate, name="soknad.pdf", kind="application")
    orphan = private_storage.save("candidates/orphan-from-a-crash", ContentFile(b"%PDF-1.4 left behind"))
    private_storage.delete(lost.stored_name)

    young = stored_files_sweep(dry_run=True)  # within the default grace an upload may still be committing
    assert young.recent == [orphan] and young.orphans == []

    with pytest.raises(CommandError, match="1 document"):
        call_command("sweep_files", "--dry-run", "--grace-minutes=0")
    out = capsys.readouterr().out
    assert f"Would remove orphan file: {orphan}" in out
    assert f"Document {lost.uuid} has no stored file: {lost.stored_name}" in out
    assert private_storage.exists(orphan)

    with pytest.raises(CommandError):
        call_command("sweep_files", "--grace-minutes=0")
    assert f"Removed orphan file: {orphan}" in capsys.readouterr().out
    assert not private_storage.exists(orphan)
    assert private_storage.exists(kept.stored_name)
    assert stored_files_sweep(grace=NO_GRACE).orphans == []


@pytest.mark.django_db(transaction=True)
def test_an_upload_killed_between_file_write_and_commit_leaves_an_orphan_the_sweep_removes(world, private_root):
    """A real SIGKILL in a subprocess that shares the (PostgreSQL) database and the storage folder."""
    if connection.vendor != "postgresql":
        pytest.skip("the subprocess must share the test database: set DATABASE_URL to PostgreSQL")
    from tests.accounts.test_reminders_worker import database_url

    candidate = candidate_of(world)
    script = f"""
import os, signal, django
django.setup()
from django.conf import settings
settings.PRIVATE_STORAGE_ROOT = {str(private_root)!r}
from candidates import services
from candidates.models import Candidate
from accounts.models import User
from kamportal.storage import private_storage
from tests.candidates.files import good_pdf
private_storage._setup()
real_save = private_storage._wrapped.save
def save_then_die(name, content, **kwargs):
    real_save(name, content, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
private_storage._wrapped.save = save_then_die
services.document_upload(candidate=Candidate.objects.get(pk={candidate.pk}), kind="cv", filename="cv.pdf",
                         data=good_pdf(), actor=User.objects.get(pk={world.advisor_a.pk}))
"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kamportal.settings.test",
        "DATABASE_URL": database_url(),
    }
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    [orphan] = stored_files(private_root)
    assert Document.objects.count() == 0  # the INSERT never committed

    result = stored_files_sweep(grace=NO_GRACE)
    assert result.removed == [orphan.relative_to(private_root).as_posix()]
    assert stored_files(private_root) == []
