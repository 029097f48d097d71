"""A newcomer's first minutes: `make run` prints the URL and the demo logins, not the demo's mail."""

import os
import subprocess
from pathlib import Path

from accounts.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[1]


def test_make_run_prints_under_40_lines_before_the_server_and_keeps_mail_in_files(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL"}},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "DJANGO_SETTINGS_MODULE": "kamportal.settings.local",
    }
    result = subprocess.run(
        # -o: the venv is installed already (the test runs in it); RUNSERVER=true stands in for the server.
        ["make", "--no-print-directory", "-o", ".venv/.installed", "run", "RUNSERVER=true"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) < 40, "\n".join(lines)
    output = "\n".join(lines)
    assert "http://127.0.0.1:8000" in output
    assert DEMO_PASSWORD in output and "ingrid.haugland@fjordtiltak.demo.no" in output
    assert "Content-Type:" not in output and "MIME-Version" not in output
    mail_files = list((tmp_path / "mail").iterdir())
    assert mail_files, "the demo's invitation and approval mail should be kept under the mail folder"
    assert any("Content-Type:" in path.read_text() for path in mail_files)
