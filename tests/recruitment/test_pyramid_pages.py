"""Assessing an employer in the customer pyramid and overriding the tier through the pages."""

import pytest
from django.urls import reverse

from recruitment.models import PyramidAssessment

pytestmark = pytest.mark.django_db

GOLD_INPUT = {
    "size_score": 4,
    "vacancies_score": 3,
    "fulfilled_score": 3,
    "continuity_score": 2,
    "intent_to_cooperate": "on",
    "willing_to_invest": "on",
    "culture_fits_target_group": "on",
    "positive_image": "on",
}


def _assess(client, world, **overrides):
    data = {**GOLD_INPUT, **overrides}
    return client.post(reverse("recruitment:pyramid_edit", kwargs={"uuid": world.employer_a.uuid}), data)


def test_an_assessment_computes_and_stores_the_tier_with_its_reasons(client, world):
    client.force_login(world.kam_a)
    assert _assess(client, world).status_code == 302
    world.employer_a.refresh_from_db()
    assert world.employer_a.tier == "gold"
    body = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Gull" in body
    assert "Objektive kriterier: 12 av 16 poeng" in body
    assert "Mykt filter: 4 av 5 ja" in body


def test_an_exclusion_needs_a_reason_and_nothing_is_saved_without(client, world):
    client.force_login(world.kam_a)
    response = _assess(client, world, excluded="on")
    assert response.status_code == 200
    assert "Skriv hvorfor bedriften er utelukket" in response.content.decode()
    assert not PyramidAssessment.objects.exists()


def test_an_excluded_employer_gets_the_excluded_tier(client, world):
    client.force_login(world.kam_a)
    _assess(client, world, excluded="on", exclusion_reason="Misbruk av lønnstilskudd")
    world.employer_a.refresh_from_db()
    assert world.employer_a.tier == "excluded"


def test_a_politically_sensitive_employer_needs_a_named_handler(client, world):
    client.force_login(world.kam_a)
    response = _assess(client, world, politically_sensitive="on")
    assert "Velg hvem som følger opp" in response.content.decode()
    _assess(client, world, politically_sensitive="on", sensitive_handler=world.kam_a.pk)
    assert PyramidAssessment.objects.get().sensitive_handler == world.kam_a


def test_the_kam_overrides_the_tier_with_a_reason(client, world):
    client.force_login(world.kam_a)
    _assess(client, world)
    url = reverse("recruitment:tier_override", kwargs={"uuid": world.employer_a.uuid})
    response = client.post(url, {"tier": "silver", "reason": ""})
    assert "Skriv en begrunnelse" in response.content.decode()
    world.employer_a.refresh_from_db()
    assert world.employer_a.tier == "gold"
    assert client.post(url, {"tier": "silver", "reason": "Nedbemanning i 2027"}).status_code == 302
    world.employer_a.refresh_from_db()
    assert world.employer_a.tier == "silver"
    body = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Nedbemanning i 2027" in body
    # a new assessment keeps the override; clearing it brings back the computed tier
    _assess(client, world)
    world.employer_a.refresh_from_db()
    assert world.employer_a.tier == "silver"
    client.post(url, {"tier": "", "reason": ""})
    world.employer_a.refresh_from_db()
    assert world.employer_a.tier == "gold"


def test_an_excluded_employer_cannot_be_overridden(client, world):
    client.force_login(world.kam_a)
    _assess(client, world, excluded="on", exclusion_reason="Svindel")
    url = reverse("recruitment:tier_override", kwargs={"uuid": world.employer_a.uuid})
    response = client.post(url, {"tier": "gold", "reason": "Likevel"})
    assert response.status_code == 200
    assert "utelukket bedrift kan ikke få et nivå" in response.content.decode()
    world.employer_a.refresh_from_db()
    assert world.employer_a.tier == "excluded"


def test_overriding_before_any_assessment_is_refused(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:tier_override", kwargs={"uuid": world.employer_a.uuid})
    response = client.post(url, {"tier": "gold", "reason": "Fordi"})
    assert "Vurder bedriften i kundepyramiden" in response.content.decode()


def test_a_score_outside_1_to_4_is_refused(client, world):
    client.force_login(world.kam_a)
    response = _assess(client, world, size_score=5)
    assert response.status_code == 200
    assert not PyramidAssessment.objects.exists()


def test_the_region_coordinator_can_be_named_for_a_politically_sensitive_employer(client, world):
    client.force_login(world.kam_a)
    body = client.get(reverse("recruitment:pyramid_edit", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Randi Koordinator" in body and "Kam B" not in body
    _assess(client, world, politically_sensitive="on", sensitive_handler=world.coordinator.pk)
    assessment = PyramidAssessment.objects.get()
    assert assessment.sensitive_handler == world.coordinator
    body = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Politisk sensitiv, følges opp av Randi Koordinator" in body
