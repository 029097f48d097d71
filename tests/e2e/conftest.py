"""Browser tests: Playwright drives Debian's Chromium; axe-core checks every page visited.

Use `page` with `live_server`, and call `check_a11y(page)` after each page load
(the `visit` helper does both). Personas and demo data come from the usual fixtures.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in the
# same tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI needs Chromium at {CHROMIUM} (apt-get install -y chromium)")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}; apt-get install -y chromium")
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nb-NO", "timezone_id": "Europe/Oslo"}


class AccessibilityError(AssertionError):
    pass


def check_a11y(page, name: str | None = None) -> list:
    """Run axe-core on the current page; fail on serious or critical violations. Returns all violations.

    axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    govern (an injected <script> would be refused: the CSP allows no inline script)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = result["violations"]
    bad = [v for v in violations if v.get("impact") in ("serious", "critical")]
    if name:
        screenshot(page, name)
    if bad:
        lines = [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}" for v in bad]
        raise AccessibilityError(f"axe found serious violations on {page.url}:\n" + "\n".join(lines))
    return violations


def _axe_source() -> str:
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = AXE_JS.read_text(encoding="utf-8")
    return _AXE_SOURCE


_AXE_SOURCE = None


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Every test that uses `page` fails if the browser refused anything under the Content-Security-Policy."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield
    assert not refused, f"the browser refused under the CSP: {refused}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, live_server, email: str, password: str, *, second_factor: bool = True) -> None:
    """Log in with e-mail and password, then (staff, or anyone enrolled) a TOTP code from the user's device.

    A staff user without a device gets one with the test secret first (tests/twofactor.py), so every
    test that logs staff in passes the second factor as a person would. `second_factor=False` stops
    on whatever page follows the password (enrolment or the code prompt).
    """
    from accounts.models import User
    from tests.twofactor import fresh_totp_code, needs_second_factor, totp_device_for

    user = User.objects.filter(email__iexact=email).first()
    device = totp_device_for(user) if second_factor and user is not None and needs_second_factor(user) else None
    page.goto(f"{live_server.url}/login/")
    check_a11y(page)
    form = page.locator("main form")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
    if device is not None and "/two-factor/verify/" in page.url:
        enter_second_factor(page, fresh_totp_code(device))


def enter_second_factor(page, code: str) -> None:
    check_a11y(page)
    form = page.locator("main form")
    form.locator("input[name=token]").fill(code)
    form.locator("[type=submit]").click()
    page.wait_for_load_state()
