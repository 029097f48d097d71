"""Backup and restore: a seeded PostgreSQL database and its files survive a wipe (manage.py backup / restore)."""

import hashlib
import io
import json
import tarfile

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils.functional import empty

from accounts.models import AuditEvent, Notification
from accounts.notifications import notify
from candidates.models import Document
from kamportal.storage import private_storage
from tests.candidates.factories import candidate_of, document_for
from tests.candidates.files import good_pdf


@pytest.fixture
def private_root(tmp_path, settings):
    root = tmp_path / "private"
    root.mkdir()
    settings.PRIVATE_STORAGE_ROOT = root
    private_storage._wrapped = empty
    yield root
    private_storage._wrapped = empty


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the round trip uses pg_dump/pg_restore: set DATABASE_URL to PostgreSQL")


def everything() -> dict[str, list[dict]]:
    def plain(value):
        return bytes(value) if isinstance(value, memoryview) else value

    return {
        model._meta.label: [
            {key: plain(value) for key, value in row.items()} for row in model._default_manager.order_by("pk").values()
        ]
        for model in apps.get_models()
    }


def seed(world) -> list[Document]:
    documents = []
    for side in ("a", "b"):
        candidate = candidate_of(world, side, full_name=f"Kandidat Ærlig {side.upper()}")
        documents.append(document_for(candidate, reviewed=True))
        documents.append(document_for(candidate, kind="application", name="søknad.pdf", data=good_pdf("Søknad")))
    notify(recipients=[world.kam_a], kind="test", template="emails/test_message", context={"text": "før backup"})
    return documents


def wipe(root) -> None:
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    for path in sorted(root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_a_seeded_database_restores_every_row_and_file_after_a_wipe(
    world, postgres, private_root, tmp_path, capsys
):
    documents = seed(world)
    before = everything()
    assert sum(map(len, before.values())) > 50 and len(before["candidates.Document"]) == 4
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive))
    assert f"Backup written: {archive}" in capsys.readouterr().out
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["database"]["vendor"] == "postgresql"
    assert {f"files/{d.stored_name}" for d in documents} <= names
    assert {entry["sha256"] for entry in manifest["files"]} == {d.sha256 for d in documents}

    wipe(private_root)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchone()[0] == 0
    assert not any(private_root.rglob("*"))

    call_command("restore", str(archive), "--yes")
    assert "Restored" in capsys.readouterr().out
    assert everything() == before
    for document in Document.objects.all():
        with private_storage.open(document.stored_name, "rb") as handle:
            assert Document.objects.get(pk=document.pk).sha256 == hashlib.sha256(handle.read()).hexdigest()
    assert Notification.objects.filter(body__contains="før backup").exists()
    assert AuditEvent.objects.filter(action="document.uploaded").count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_refused_before_anything_is_replaced(world, postgres, private_root, tmp_path):
    seed(world)
    archive, damaged = tmp_path / "backup.tar.gz", tmp_path / "damaged.tar.gz"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.isfile() and member.name.startswith("files/"):
                data = data + b"tampered"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    rows = Document.objects.count()
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged), "--yes")
    assert Document.objects.count() == rows


def test_restore_asks_for_yes():
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", "whatever.tar.gz")
