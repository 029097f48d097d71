"""Lists count at most LIST_COUNT_LIMIT rows and then say "more than …" instead of counting everything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kamportal.pagination import BoundedPaginator, paginate_ids_first
from recruitment.models import Employer
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


def _employers(world, count):
    for i in range(count):
        EmployerFactory(
            name=f"Tellebedrift {i:03d} AS",
            region=world.region,
            responsible_provider=world.provider_a,
            responsible_kam=world.kam_a,
        )


def test_the_count_stops_at_the_limit_and_says_more_matched(world):
    _employers(world, 7)
    queryset = Employer.objects.filter(name__startswith="Tellebedrift").order_by("name")
    bounded = BoundedPaginator(queryset, 2, limit=5)
    assert (bounded.count, bounded.bounded, bounded.num_pages) == (5, True, 3)
    exact = BoundedPaginator(queryset, 2, limit=7)
    assert (exact.count, exact.bounded, exact.num_pages) == (7, False, 4)


def test_the_count_is_one_limited_query(world):
    _employers(world, 7)
    queryset = Employer.objects.filter(name__startswith="Tellebedrift").order_by("name")
    with CaptureQueriesContext(connection) as queries:
        page = paginate_ids_first(queryset, 2, 99, limit=5)
    count_sql = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(count_sql) == 1 and "LIMIT 6" in count_sql[0]
    assert page.number == 3  # a page past the counted rows is the last counted page
    assert [e.name for e in page.object_list] == ["Tellebedrift 004 AS"]


def test_the_employer_list_says_more_than_the_limit_and_the_exact_count_below_it(client, world, settings):
    settings.LIST_COUNT_LIMIT = 3
    _employers(world, 5)
    client.force_login(world.kam_a)
    html = client.get(reverse("recruitment:employer_list") + "?q=Tellebedrift").content.decode()
    assert "Mer enn 3 bedrifter" in html
    settings.LIST_COUNT_LIMIT = 10
    html = client.get(reverse("recruitment:employer_list") + "?q=Tellebedrift").content.decode()
    assert "5 bedrifter" in html and "Mer enn" not in html


def test_the_candidate_list_says_more_than_the_limit(client, world, settings):
    from tests.candidates.factories import candidate_of

    settings.LIST_COUNT_LIMIT = 2
    for i in range(3):
        candidate_of(world, full_name=f"Telle Kandidat {i}")
    client.force_login(world.advisor_a)
    html = client.get(reverse("candidates:list") + "?q=Telle").content.decode()
    assert "Mer enn 2 kandidater" in html


def test_the_recruitment_list_counts_its_union_of_keys_bounded(client, world, settings):
    from tests.recruitment.recruitment_factories import recruitment_for

    for _ in range(3):
        recruitment_for(world)
    settings.LIST_COUNT_LIMIT = 2
    client.force_login(world.kam_a)
    response = client.get(reverse("recruitment:recruitment_list"))
    page = response.context["page"]
    assert (page.paginator.count, page.paginator.bounded) == (2, True)


def test_the_bounded_count_asks_for_no_order_and_the_page_keeps_its_order(world):
    """Counting the first limit + 1 rows needs no ORDER BY (the database would sort every match first)."""
    paginator = BoundedPaginator(Employer.objects.order_by("-name"), 2, limit=2)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == 2 and paginator.bounded
    [count] = captured.captured_queries
    assert "ORDER BY" not in count["sql"].upper()
    names = sorted(Employer.objects.values_list("name", flat=True), reverse=True)[:2]
    assert [e.name for e in paginator.page(1).object_list] == names
