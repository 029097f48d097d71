"""Portfolios: who holds which employer, with history, and sector portfolios."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from recruitment.models import PortfolioAssignment, SectorPortfolio
from recruitment.services import employer_reassign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kam_a2(world):
    return UserFactory(full_name="Åse Andre-KAM", provider=world.provider_a, roles=[Role.KAM])


def test_reassigning_keeps_the_history_of_who_held_the_employer(world, kam_a2):
    PortfolioAssignment.objects.create(employer=world.employer_a, kam=world.kam_a, started_on=date(2025, 1, 1))
    employer_reassign(actor=world.kam_a, employer=world.employer_a, kam=kam_a2, reason="Permisjon", on=date(2026, 6, 1))
    employer_reassign(actor=kam_a2, employer=world.employer_a, kam=world.kam_a, reason="Tilbake", on=date(2026, 9, 1))
    world.employer_a.refresh_from_db()
    assert world.employer_a.responsible_kam == world.kam_a
    history = list(
        PortfolioAssignment.objects.filter(employer=world.employer_a)
        .order_by("started_on")
        .values_list("kam__full_name", "started_on", "ended_on")
    )
    assert history == [
        ("Kam A", date(2025, 1, 1), date(2026, 6, 1)),
        ("Åse Andre-KAM", date(2026, 6, 1), date(2026, 9, 1)),
        ("Kam A", date(2026, 9, 1), None),
    ]


def test_only_a_kam_of_the_responsible_provider_can_hold_the_employer(world):
    with pytest.raises(ValidationError):
        employer_reassign(actor=world.kam_a, employer=world.employer_a, kam=world.kam_b)
    with pytest.raises(ValidationError):
        employer_reassign(actor=world.kam_a, employer=world.employer_a, kam=world.advisor_a)
    world.employer_a.refresh_from_db()
    assert world.employer_a.responsible_kam == world.kam_a


def test_the_reassign_page_offers_only_the_providers_kams_and_shows_the_history(client, world, kam_a2):
    client.force_login(world.kam_a)
    url = reverse("recruitment:employer_reassign", kwargs={"uuid": world.employer_a.uuid})
    body = client.get(url).content.decode()
    assert "Åse Andre-KAM" in body and "Kam B" not in body
    response = client.post(url, {"kam": kam_a2.pk, "reason": "Ny fordeling"})
    assert response.status_code == 302
    body = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Ny fordeling" in body
    assert "Hvem som har hatt bedriften" in body


def test_reassigning_to_another_providers_kam_is_refused_by_the_form(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:employer_reassign", kwargs={"uuid": world.employer_a.uuid})
    response = client.post(url, {"kam": world.kam_b.pk})
    assert response.status_code == 200
    assert "Ingenting ble lagret" in response.content.decode()
    world.employer_a.refresh_from_db()
    assert world.employer_a.responsible_kam == world.kam_a


def test_a_kam_gives_a_sector_to_a_colleague_and_the_portfolio_page_shows_it(client, world, kam_a2):
    client.force_login(world.kam_a)
    url = reverse("recruitment:portfolios")
    response = client.post(url, {"sector": "seafood", "kam": kam_a2.pk})
    assert response.status_code == 302
    assert SectorPortfolio.objects.get(provider=world.provider_a, sector="seafood").kam == kam_a2
    body = client.get(url).content.decode()
    assert "Sjømat og havbruk" in body
    employers = reverse("recruitment:employer_list")
    assert f'href="{employers}?kam={world.kam_a.pk}">1<' in body
    assert f'href="{employers}?kam={world.kam_b.pk}">1<' in body
    assert world.kam_other.full_name not in body


def test_a_sector_cannot_go_to_another_providers_kam(client, world):
    client.force_login(world.kam_a)
    response = client.post(reverse("recruitment:portfolios"), {"sector": "seafood", "kam": world.kam_b.pk})
    assert response.status_code == 200
    assert not SectorPortfolio.objects.exists()
