"""Helpers for tests that run the portal as production runs it: gunicorn with kamportal.settings.production."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from tests.s3server import free_ports

ROOT = Path(__file__).resolve().parents[1]
SECRET_KEY = "test-only-production-secret-key-with-enough-length-0123456789"


def production_env(tmp_path: Path, static_root: Path, **extra) -> dict:
    """The environment of a production process: no inherited DJANGO_/STORAGE_/… variables, SQLite unless told."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SENTRY_", "STORAGE_", "LOG_", "REDIS_", "DATABASE_", "EMAIL_"))
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "kamportal.settings.production",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(static_root),
        "PRIVATE_STORAGE_ROOT": str(tmp_path / "private"),
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        **{key: str(value) for key, value in extra.items()},
    }


def collectstatic(static_root: Path) -> None:
    env = production_env(static_root.parent, static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )


class Gunicorn:
    """One web node: gunicorn on a free port with the given environment; its output in `log`."""

    def __init__(self, env: dict, log: Path, workers: int = 1):
        [self.port] = free_ports(1)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "kamportal.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                "--timeout=60",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_until_up(self, timeout: float = 60) -> "Gunicorn":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log.read_text(errors='replace')[-5000:]}")
            try:
                Browser().get(f"{self.base}/health/")
                return self  # it answers; the test says whether the answer is right
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"gunicorn did not answer within {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log_file.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser behind the load balancer: cookies shared across nodes, redirects not followed. Like the
    balancer, which ends TLS, it tells the node the request came over HTTPS (X-Forwarded-Proto), and like a
    browser it names the page a form was posted from (Referer), which Django's CSRF check wants over HTTPS."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None):
        behind_tls = {"X-Forwarded-Proto": "https", "Referer": url.replace("http://", "https://", 1)}
        request = urllib.request.Request(url, data=data, headers={**behind_tls, **(headers or {})})  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, url: str, **headers):
        return self.request(url, headers=headers)

    def hidden_fields(self, url: str) -> dict:
        """The hidden inputs of the page's form that posts back to `url` (CSRF token, one-time token, version),
        not those of other forms on the page such as the language switcher."""
        status, _, body = self.get(url)
        assert status == 200, (url, status, body[:300])
        path = urllib.parse.urlsplit(url).path.encode()
        for form in re.findall(rb"<form[^>]*>.*?</form>", body, flags=re.S):
            action = re.search(rb'action="([^"]*)"', form.split(b">", 1)[0])
            if action and action.group(1) not in (b"", path):
                continue
            fields = {}
            for tag in re.findall(rb"<input[^>]*>", form):
                name = re.search(rb'name="([^"]+)"', tag)
                value = re.search(rb'value="([^"]*)"', tag)
                if b'type="hidden"' in tag and name:
                    fields[name.group(1).decode()] = value.group(1).decode() if value else ""
            if "csrfmiddlewaretoken" in fields:
                return fields
        raise AssertionError(f"no form posting to {url}: {body[:300]!r}")

    def post_form(self, url: str, fields: dict):
        fields = {**self.hidden_fields(url), **fields}
        data = urllib.parse.urlencode(fields).encode()
        return self.request(url, data, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, url: str, fields: dict, files: dict[str, tuple[str, bytes, str]]):
        fields = {**self.hidden_fields(url), **fields}
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, content_type) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
