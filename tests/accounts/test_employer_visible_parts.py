"""Issue 19: the employer list's pages merge the policy's parts (`employers_visible_parts`), each read in name
order from the (region, name, id) index. The parts must be disjoint and together exactly
`employers_visible_to`; every page, at every boundary and with every filter, must show the rows of
`employer_list` in its order (ties in the name broken by the id)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.policy import employers_visible_parts, employers_visible_to
from recruitment.models import ClientTeamMember, ContactKind, TeamRole
from recruitment.selectors.employers import ORDERINGS, employer_list, employer_list_page
from tests.factories import EmployerFactory
from tests.recruitment.employer_factories import ContactLogEntryFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
USERS = ["kam_a", "kam_b", "kam_other", "team_a", "advisor_a", "coordinator", "contact_user", "outsider"]


@pytest.fixture
def crowd(world):
    """30 employers in region Vest with repeated names (ties), tiers and meetings; kam_other (region Nord) and
    kam_a on client teams in the other's region, so their lists have two parts."""
    made = []
    for i in range(30):
        employer = EmployerFactory(
            name=f"Felles {i % 7}",  # five or so employers share each name
            region=world.region,
            responsible_provider=world.provider_c if i % 3 == 0 else world.provider_a,
            tier="gold" if i % 4 == 0 else "",
        )
        if i % 2:
            ContactLogEntryFactory(
                employer=employer, kam=world.kam_a, kind=ContactKind.MEETING, occurred_on=TODAY - timedelta(days=i)
            )
        made.append(employer)
    for employer in made[::3]:  # provider C's: kam_other's client teams, in another region than kam_other's
        ClientTeamMember.objects.create(
            employer=employer, user=world.kam_other, role=TeamRole.ADVISOR, added_by=world.kam_other
        )
    ClientTeamMember.objects.create(
        employer=world.employer_other, user=world.kam_a, role=TeamRole.ADVISOR, added_by=world.kam_other
    )
    for i in range(4):
        EmployerFactory(name=f"Felles {i}", region=world.region_other, responsible_provider=world.provider_c)
    return made


@pytest.mark.parametrize("name", USERS)
def test_the_parts_are_disjoint_and_together_the_visible_employers(world, crowd, name):
    user = getattr(world, name)
    parts = [set(part.values_list("pk", flat=True)) for part in employers_visible_parts(user)]
    together = set().union(*parts)
    assert sum(len(part) for part in parts) == len(together)  # disjoint
    assert together == set(employers_visible_to(user).values_list("pk", flat=True))
    if name == "kam_other":
        assert len([part for part in parts if part]) == 2  # its region and its client teams in Vest


def _paged(user, per_page, **arguments) -> list[int]:
    shown, number = [], 1
    while True:
        page = employer_list_page(user=user, today=TODAY, per_page=per_page, page_number=number, **arguments)
        shown += [e.pk for e in page.object_list]
        if not page.has_next():
            return shown
        assert len(page.object_list) == per_page
        number += 1


FILTERS = [
    {},
    {"no_meeting_this_quarter": True},
    {"tier": "gold"},
    {"query": "Felles 3"},
    {"stage": "prospects", "sector": ""},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
@pytest.mark.parametrize("order", sorted(ORDERINGS))
@pytest.mark.parametrize("name", ["kam_a", "kam_other", "coordinator"])
@pytest.mark.parametrize("per_page", [4])
def test_every_page_shows_the_lists_rows_in_its_order(world, crowd, name, order, filters, per_page):
    user = getattr(world, name)
    expected = [e.pk for e in employer_list(user=user, today=TODAY, order=order, **filters)]
    assert _paged(user, per_page, order=order, **filters) == expected
    if not filters:
        assert len(expected) > 2 * per_page  # several page boundaries


@pytest.mark.parametrize("order", ["name", "-name"])
def test_equal_names_are_in_id_order_and_no_page_repeats_or_skips_one(world, crowd, order):
    shown = _paged(world.kam_other, 4, order=order)
    assert len(shown) == len(set(shown))
    rows = {e.pk: e for e in employer_list(user=world.kam_other, today=TODAY, order=order)}
    keys = [(rows[pk].name, pk) for pk in shown]
    assert keys == sorted(keys, reverse=order.startswith("-"))


def test_on_postgresql_a_page_merges_the_parts_ordered_and_limited_each(world, crowd):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite cannot order and limit a union's parts; there the ordinary ids-first page is used")
    with CaptureQueriesContext(connection) as captured:
        page = employer_list_page(user=world.kam_other, today=TODAY, per_page=4, page_number=2)
    assert len(page.object_list) == 4
    keys = [q["sql"] for q in captured if q["sql"].startswith("(SELECT") and "UNION ALL" in q["sql"]]
    assert len(keys) == 1
    assert keys[0].count("LIMIT 8") == 2 and keys[0].endswith("LIMIT 4 OFFSET 4")
