from pathlib import Path

import pytest
from django.utils.functional import empty

from kamportal.storage import private_storage


@pytest.fixture(autouse=True)
def private_root(tmp_path, settings) -> Path:
    """Each test gets its own empty PRIVATE_STORAGE_ROOT, so "nothing stored" can be checked exactly."""
    root = tmp_path / "private"
    root.mkdir()
    settings.PRIVATE_STORAGE_ROOT = root
    private_storage._wrapped = empty
    yield root
    private_storage._wrapped = empty


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]
