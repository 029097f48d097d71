"""Issue 19: `employers_visible_to` writes its client-team part as `id = ANY(ARRAY(subquery))` on PostgreSQL
(so the region's index serves the list). The rows and their order must be exactly those of the former
`id IN (subquery)` form, including client-team employers that lie in another region."""

from datetime import date

import pytest
from django.db.models import Q

from accounts.policy import employers, principal_for
from recruitment import selectors
from recruitment.models import ClientTeamMember, Employer, TeamRole
from recruitment.selectors.employers import ORDERINGS
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def _former_employers_visible_to(user):
    """The policy as it was before issue 19, word for word but for the `pk__in` of the team part."""
    p = principal_for(user)
    condition = Q(pk__in=[])
    if p.is_kam:
        condition |= Q(region_id=p.region_id)
    if p.is_region_coordinator:
        condition |= Q(region_id__in=p.coordinator_region_ids)
    if p.is_employer_contact:
        condition |= Q(pk=p.contact_employer_id)
    if p.is_provider_staff:
        condition |= Q(pk__in=employers._team_employer_ids(p))
    return Employer.objects.filter(condition)


@pytest.fixture
def teams(world):
    """kam_other (region Nord) is on the teams of two provider-C employers in region Vest; kam_a is on the team
    of an employer of its own region (seen twice over) and on one held by another provider (not seen)."""
    vest_c = [
        EmployerFactory(name=f"Vest C {i}", region=world.region, responsible_provider=world.provider_c, tier=t)
        for i, t in enumerate(["gold", ""])
    ]
    for employer in vest_c:
        ClientTeamMember.objects.create(
            employer=employer, user=world.kam_other, role=TeamRole.ADVISOR, added_by=world.kam_other
        )
    ClientTeamMember.objects.create(
        employer=world.employer_a, user=world.kam_a, role=TeamRole.ADVISOR, added_by=world.kam_a
    )
    ClientTeamMember.objects.create(
        employer=world.employer_other, user=world.kam_a, role=TeamRole.ADVISOR, added_by=world.kam_other
    )
    for i in range(3):
        EmployerFactory(name=f"Nord {i}", region=world.region_other, responsible_provider=world.provider_c)
    return vest_c


USERS = ["kam_a", "kam_b", "kam_other", "team_a", "advisor_a", "coordinator", "contact_user", "outsider"]


@pytest.mark.parametrize("name", USERS)
def test_the_visible_employers_are_those_of_the_former_policy(world, teams, name):
    user = getattr(world, name)
    new = list(employers.employers_visible_to(user).order_by("name", "pk").values_list("pk", flat=True))
    old = list(_former_employers_visible_to(user).order_by("name", "pk").values_list("pk", flat=True))
    assert new == old
    if name == "kam_other":
        assert {e.pk for e in teams} <= set(new)  # the client-team employers of another region are there
        assert world.employer_other.pk in new


@pytest.mark.parametrize("order", sorted(ORDERINGS))
@pytest.mark.parametrize("name", ["kam_a", "kam_other", "coordinator"])
def test_the_employer_list_has_the_same_rows_in_the_same_order(world, teams, monkeypatch, name, order):
    user = getattr(world, name)

    def rows(no_meeting):
        listed = selectors.employer_list(user=user, today=TODAY, order=order, no_meeting_this_quarter=no_meeting)
        return [e.pk for e in listed]

    new = [rows(False), rows(True)]
    monkeypatch.setattr(selectors.employers, "employers_visible_to", _former_employers_visible_to)
    assert new == [rows(False), rows(True)]
    assert new[0]  # not a comparison of two empty lists


def test_on_postgresql_the_team_part_is_an_array_the_index_scans_can_use(world):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the ANY(ARRAY(...)) form is PostgreSQL's; elsewhere it stays IN (subquery)")
    sql = str(employers.employers_visible_to(world.kam_a).query)
    assert '"recruitment_employer"."id" = ANY(ARRAY(SELECT' in sql
    assert '"recruitment_employer"."id" IN (SELECT' not in sql
