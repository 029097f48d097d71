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
    """One signed-in browser: its cookies and one connection, kept open between requests when the server allows
    (HTTP/1.1 keep-alive, as browsers do); a server that closes it after each answer gets a new one each time."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.kept_alive = False  # the connection is open from an earlier answer
        self.resent = 0  # requests sent again because the server had closed an idle kept-alive connection

    def request(self, method: str, url: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{url}"
        reused = self.kept_alive
        try:
            response = self._send(method, url, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            # The server closed the kept-alive connection while it was idle (its keep-alive timeout): a browser
            # sends the request again on a new connection. On a new connection any failure is an error.
            self.resent += 1
            response = self._send(method, url, body, headers)
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        self.kept_alive = not response.will_close
        return response.status, content

    def _send(self, method, url, body, headers) -> http.client.HTTPResponse:
        try:
            self.connection.request(method, url, body=body, headers=headers)
            return self.connection.getresponse()
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.connection.close()
        self.kept_alive = False


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
    resent: int = 0  # requests sent again after the server closed an idle kept-alive connection (not errors)
    driver_cpu: float = 0.0  # CPU seconds of this process (the clients) while driving
    server_cpu: float | None = None  # CPU seconds of gunicorn's processes while driving (None: not on Linux)

    def cpu_ms_per_request(self, seconds: float | None) -> str:
        return "?" if seconds is None or not self.requests else f"{seconds * 1000 / self.requests:.1f}"

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


def start_gunicorn(*, database_url: str, workers: int = 4, threads: int = 1) -> tuple[subprocess.Popen, int]:
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
        + ["--threads", str(threads)]
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


def tree_cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) of the process and its children so far, from /proc; None where there is none."""
    ticks = os.sysconf("SC_CLK_TCK")
    stats = {}
    try:
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    text = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                fields = text[text.rindex(")") + 2 :].split()
                stats[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)  # ppid, cpu
    except OSError:
        return None
    if pid not in stats:
        return None
    return stats[pid][1] + sum(cpu for ppid, cpu in stats.values() if ppid == pid)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def drive(*, port: int, mix: list[tuple[str, str, str]], people: dict[str, str], password: str,
          clients: int = 20, seconds: float = 30.0, server_pid: int | None = None) -> LoadResult:  # fmt: skip
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
        session.close()  # the timed loop starts on a new connection (the login's may have idled past keep-alive)
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
    server_cpu = tree_cpu_seconds(server_pid) if server_pid else None
    driver_cpu = time.process_time()
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    result.driver_cpu = time.process_time() - driver_cpu
    if server_cpu is not None:
        after = tree_cpu_seconds(server_pid)
        result.server_cpu = after - server_cpu if after is not None else None
    for session, _ in sessions:
        result.resent += session.resent
        session.close()
    return result
