"""The home's overview figures are cached per provider or region for OVERVIEW_FIGURES_CACHE_SECONDS (issue 19):
never another provider's figures, fewer queries on the second view, the time they were counted on the page, and a
failing cache only costs the counting."""

import datetime
import re

import pytest
import time_machine
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.recruitment.recruitment_factories import placement_for, recruitment_for

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 4, 9, 42, tzinfo=datetime.UTC)  # 10:42 in Oslo


class BrokenCache(BaseCache):
    """A cache whose server is down: every call raises."""

    def __init__(self, location, params):
        super().__init__(params)

    def get(self, key, default=None, version=None):
        raise ConnectionError("cache down")

    def set(self, key, value, timeout=None, version=None):
        raise ConnectionError("cache down")


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def _figures(html: str) -> dict[str, int]:
    return {kind: int(value) for kind, value in re.findall(r'data-figure="(\w+)">(\d+)<', html)}


def test_each_provider_admin_sees_only_its_own_figures_once_both_are_cached(client, world):
    for _ in range(2):
        placement_for(world, "b")  # provider B placed two candidates, provider A none
    with time_machine.travel(NOW, tick=False):
        for _ in range(2):  # the second round reads both from the cache
            assert _figures(_home(client, world.admin_a))["placements"] == 0
            assert _figures(_home(client, world.admin_b))["placements"] == 2
            assert _figures(_home(client, world.coordinator))["placements"] == 2


def test_a_second_view_within_the_period_skips_the_figures_queries(client, world):
    url = reverse("dashboard")
    client.force_login(world.admin_a)
    client.get(url)  # the first request after a sign-in may touch the session
    from django.core.cache import caches

    caches["figures"].clear()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first) - 2  # the recruitments' and the placements' counts


def test_the_figures_lag_until_the_period_ends_and_not_at_all_with_zero_seconds(client, world, settings):
    settings.OVERVIEW_FIGURES_CACHE_SECONDS = 300
    with time_machine.travel(NOW, tick=False) as clock:
        assert _figures(_home(client, world.admin_a))["running"] == 0
        recruitment_for(world)  # coordinated by provider A
        assert _figures(_home(client, world.admin_a))["running"] == 0  # counted 0 s ago
        clock.shift(301)
        assert _figures(_home(client, world.admin_a))["running"] == 1
        settings.OVERVIEW_FIGURES_CACHE_SECONDS = 0
        recruitment_for(world)
        assert _figures(_home(client, world.admin_a))["running"] == 2


def test_the_page_says_when_the_figures_were_counted_in_nb_and_en(client, world):
    with time_machine.travel(NOW, tick=False) as clock:
        assert "Tall per kl. 10:42" in _home(client, world.admin_a)  # nb, the default
        clock.shift(120)  # read from the cache: still the time they were counted, labels in the reader's language
        world.admin_a.language = "en"
        world.admin_a.save(update_fields=["language"])
        html = _home(client, world.admin_a)
    assert "Figures as of 10:42" in html
    assert "Recruitments running" in html


def test_a_failing_cache_falls_back_to_counting(client, world):
    placement_for(world, "b")
    broken = {"BACKEND": "tests.recruitment.test_overview_figures_cache.BrokenCache"}
    with override_settings(CACHES={"default": broken, "ratelimit": broken, "figures": broken}):
        from django.core.cache import caches

        assert isinstance(caches["figures"], BrokenCache)
        html = _home(client, world.admin_b)
    assert _figures(html)["placements"] == 1
