"""The provider admin's and region coordinator's figures: which recruitments they count (issue 19 changed how
the provider admin's are found: the ids of the recruitments its provider proposed to, not a join of every
proposal)."""

import pytest

from recruitment.work_queue import overview_figures
from tests.recruitment.recruitment_factories import (
    placement_for,
    proposable_candidate,
    propose,
    recruitment_for,
    request_to_b,
)

pytestmark = pytest.mark.django_db


def _figures(user) -> dict:
    return {figure.kind: figure.value for figure in overview_figures(user=user)}


def test_a_provider_admin_counts_what_its_provider_coordinates_or_proposed_to_once_each(world):
    coordinated = recruitment_for(world)  # coordinated by provider A
    asked = recruitment_for(world)
    request_to_b(world, asked)
    assert _figures(world.admin_a)["running"] == 2
    assert _figures(world.admin_b)["running"] == 0  # asked, but proposed nobody yet

    propose(world, asked, proposable_candidate(world, "b"))
    propose(world, asked, proposable_candidate(world, "b"))
    assert _figures(world.admin_b)["running"] == 1  # two proposals, one recruitment
    assert _figures(world.admin_a)["running"] == 2

    propose(world, coordinated, proposable_candidate(world, "a"))
    assert _figures(world.admin_a)["running"] == 2  # its own proposal on its own recruitment: still once
    assert _figures(world.admin_b)["running"] == 1


def test_someone_without_figures_gets_none(world):
    assert overview_figures(user=world.kam_a) == []


def test_placements_count_for_the_provider_that_placed_and_for_the_region(world):
    placement_for(world, "b")  # provider B's candidate on provider A's recruitment, employer in the region
    assert _figures(world.admin_b)["placements"] == 1
    assert _figures(world.admin_a)["placements"] == 0  # A coordinates, but did not place this candidate
    assert _figures(world.coordinator)["placements"] == 1
