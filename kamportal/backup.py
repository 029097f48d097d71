"""Backup and restore of the database and the private files, as one archive with a manifest.

The archive (tar.gz) holds `manifest.json`, the database (`database.dump`: pg_dump custom format,
or `database.sqlite3` for the embedded default) and `files/<stored name>` for every file a row
refers to. Consistency on PostgreSQL: the dump and the list of referenced files come from one
snapshot (`pg_export_snapshot` + `pg_dump --snapshot`), so the archive holds exactly the files
the dumped rows name. Files go through the storage API, so local disk and S3 work the same.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connections, transaction
from django.utils import timezone

from kamportal.storage import private_storage

FORMAT = 1
DB_DUMP = "database.dump"
DB_SQLITE = "database.sqlite3"


class BackupError(Exception):
    pass


@dataclass
class Restored:
    rows: dict[str, int]
    files: int


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _referenced_files() -> list[str]:
    from candidates.models import Document

    return sorted(Document.objects.values_list("stored_name", flat=True))


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _pg_env(settings_dict: dict) -> tuple[list[str], dict]:
    args = ["--host", settings_dict["HOST"] or "127.0.0.1", "--port", str(settings_dict["PORT"] or 5432)]
    if settings_dict["USER"]:
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - fixed argv, no shell
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")


def backup_create(*, output: Path, using: str = "default") -> dict:
    """Write the archive to `output` and return its manifest."""
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="kamportal-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "postgresql":
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    cursor.execute("SELECT pg_export_snapshot()")
                    [snapshot] = cursor.fetchone()
                args, env = _pg_env(connection.settings_dict)
                _run(
                    ["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
                    + ["--file", str(work / DB_DUMP), connection.settings_dict["NAME"]],
                    env,
                )
                names, counts = _referenced_files(), _row_counts()  # the same snapshot as the dump
            db_file = DB_DUMP
        elif connection.vendor == "sqlite":
            with transaction.atomic(using=using):
                connection.ensure_connection()
                target = sqlite3.connect(work / DB_SQLITE)
                connection.connection.backup(target)
                target.close()
                names, counts = _referenced_files(), _row_counts()
            db_file = DB_SQLITE
        else:
            raise BackupError(f"no backup for the {connection.vendor} database")
        files, missing = [], []
        for name in names:
            try:
                with private_storage.open(name, "rb") as handle:
                    data = handle.read()
            except FileNotFoundError:
                missing.append(name)
                continue
            path = work / "files" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files.append({"name": name, "size": len(data), "sha256": _sha256(data)})
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": connection.vendor, "file": db_file, "sha256": _file_sha256(work / db_file)},
            "rows": counts,
            "files": files,
            "missing_files": missing,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            for entry in ["manifest.json", db_file, "files"]:
                if (work / entry).exists():
                    archive.add(work / entry, arcname=entry)
        partial.replace(output)  # a crash never leaves a half archive under the final name
    return manifest


def backup_restore(*, archive: Path, using: str = "default") -> Restored:
    """Replace the database and the referenced files with the archive's; checks every checksum first."""
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="kamportal-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        database = manifest["database"]
        if database["vendor"] != connection.vendor:
            raise BackupError(f"the archive holds a {database['vendor']} database, this is {connection.vendor}")
        if _file_sha256(work / database["file"]) != database["sha256"]:
            raise BackupError("the database dump does not match its checksum")
        for entry in manifest["files"]:
            if _file_sha256(work / "files" / entry["name"]) != entry["sha256"]:
                raise BackupError(f"{entry['name']} does not match its checksum")

        if connection.vendor == "postgresql":
            connection.close()
            args, env = _pg_env(connection.settings_dict)
            _run(
                ["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--no-privileges"]
                + ["--single-transaction", "--dbname", connection.settings_dict["NAME"], str(work / DB_DUMP)],
                env,
            )
        else:
            connection.close()
            source = sqlite3.connect(work / DB_SQLITE)
            target = sqlite3.connect(connection.settings_dict["NAME"])
            source.backup(target)
            source.close()
            target.close()
        for entry in manifest["files"]:
            name = entry["name"]
            if private_storage.exists(name):
                private_storage.delete(name)
            with open(work / "files" / name, "rb") as handle:
                saved = private_storage.save(name, ContentFile(handle.read()))
            if saved != name:
                raise BackupError(f"the storage stored {name} as {saved}")
    counts = _row_counts()
    wrong = {label: (n, counts.get(label)) for label, n in manifest["rows"].items() if counts.get(label) != n}
    if wrong:
        raise BackupError(f"row counts differ after the restore (archive, now): {wrong}")
    return Restored(rows=counts, files=len(manifest["files"]))


def default_archive_name() -> str:
    return f"kamportal-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"


__all__ = ["BackupError", "backup_create", "backup_restore", "default_archive_name"]
