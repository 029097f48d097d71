"""The page mix over HTTP: gunicorn with the production settings on loopback, N clients in a closed loop.

Each client signs in as its role's persona (`http_login`, the one place to add a second factor),
then fetches its role's pages in turn, as fast as answers come, for a bounded time.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

ROLE_SHARES = ["kam"] * 8 + ["advisor"] * 6 + ["provider_admin"] * 2 + ["region_coordinator"] * 2 + ["contact"] * 2
SKIPPED_OVER_HTTP = {"list PDF"}  # item of its own (built by a task); it would dominate the mix


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Session:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, body: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{url}"
        try:
            connection.request(method, url, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            connection.close()


def http_login(session: Session, email: str, password: str) -> None:
    """Sign in through the login form (CSRF and all), then give the second factor on the verify page."""
    status, page = session.request("GET", "/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise RuntimeError(f"login page answered {status}")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": email, "password": password}
    )
    status, _ = session.request("POST", "/login/", body)
    if status != 302:
        raise RuntimeError(f"login as {email} answered {status}, not a redirect")
    status, page = session.request("GET", "/two-factor/verify/")
    if status == 200:  # staff (and contacts who opted in) give a code
        from accounts.models import User
        from recruitment.bench.pages import bench_totp_code

        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        code = bench_totp_code(User.objects.get(email=email))
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode(), "token": code})
        status, _ = session.request("POST", "/two-factor/verify/", body)
        if status != 302:
            raise RuntimeError(f"second factor for {email} answered {status}, not a redirect")


@dataclass
class LoadResult:
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def start_gunicorn(*, database_url: str, workers: int = 4) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kamportal.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production"),
        "DATABASE_URL": database_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_SSL_REDIRECT": "false",  # the driver talks plain HTTP on loopback; in production TLS ends at a proxy
    }
    base = Path(settings.BASE_DIR)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=base, env=env, check=True)
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "gunicorn", "kamportal.wsgi:application", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=base,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Session(port).request("GET", "/login/")[0] == 200:
                return process, port
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def drive(*, port: int, mix: list[tuple[str, str, str]], people: dict[str, str], password: str,
          clients: int = 20, seconds: float = 30.0) -> LoadResult:  # fmt: skip
    """`clients` threads, each signed in as a role, loop over that role's pages until time is up."""
    by_role: dict[str, list[str]] = {}
    for role, page, url in mix:
        if page not in SKIPPED_OVER_HTTP:
            by_role.setdefault(role, []).append(url)
    sessions = []
    for n in range(clients):
        role = ROLE_SHARES[n % len(ROLE_SHARES)]
        session = Session(port)
        http_login(session, people[role], password)
        sessions.append((session, by_role[role]))
    result = LoadResult(seconds=seconds)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def loop(session: Session, urls: list[str], offset: int):
        n = offset
        while time.monotonic() < stop_at:
            url = urls[n % len(urls)]
            n += 1
            started = time.perf_counter()
            try:
                status, _ = session.request("GET", url)
                ok = status == 200
            except OSError as error:
                status, ok = str(error), False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies.append(elapsed)
                if not ok:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(f"{url}: {status}")

    threads = [threading.Thread(target=loop, args=(s, urls, i)) for i, (s, urls) in enumerate(sessions)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result
