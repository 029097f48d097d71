"""The demo world for `make run`, seeded in one place; every step is idempotent (looked up by natural key first)."""

from django.db import transaction

from accounts.demo.account_management import seed_account_management
from accounts.demo.candidates import seed_candidates
from accounts.demo.mapping import seed_mapping_demo
from accounts.demo.organisations import DEMO_PASSWORD, demo_org_numbers, seed_organisations
from accounts.demo.portal import seed_portal_demo
from accounts.demo.recruitments import seed_recruitment_demo

__all__ = ["DEMO_PASSWORD", "demo_org_numbers", "seed_demo"]


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create the demo world if missing; return (role description, e-mail) for each demo login."""
    from recruitment.models import Employer

    logins, providers = seed_organisations()
    seed_account_management()
    seed_candidates(
        providers=providers,
        employers_by_provider={
            slug: list(Employer.objects.filter(responsible_provider=provider).order_by("name"))
            for slug, provider in providers.items()
        },
    )
    seed_mapping_demo()
    seed_portal_demo()
    seed_recruitment_demo()
    return logins
