"""The search box: folded names (ø, æ, å), organisation numbers by their last digits, recruitments and candidates
through the access policy, audited candidate rows; trigram indexes on PostgreSQL, substring on SQLite."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from kamportal.textsearch import fold
from recruitment.selectors.search import search
from tests.candidates.factories import candidate_of
from tests.factories import EmployerFactory
from tests.recruitment.recruitment_factories import recruitment_for

URL = reverse("recruitment:search")


@pytest.fixture
def sjomat(world):
    return EmployerFactory(
        name="Bergen Sjømat AS",
        org_number="974760673",
        region=world.region,
        responsible_provider=world.provider_a,
        responsible_kam=world.kam_a,
    )


def test_folding_maps_the_norwegian_letters():
    assert fold("  Bergen   SJØMAT Ærlig Å ") == "bergen sjomat aerlig a"


@pytest.mark.parametrize("query", ["Bergen Sjomat", "bergen sjømat", "BERGEN SJØMAT", "sjomat", "Sjømat AS"])
def test_an_employer_is_found_with_or_without_the_norwegian_letters(world, sjomat, query):
    assert search(user=world.kam_a, query=query).employers == [sjomat]


@pytest.mark.parametrize("query", ["974760673", "974 760 673", "0673", "673", "760 6"])
def test_an_employer_is_found_by_its_organisation_number_or_its_last_digits(world, sjomat, query):
    assert sjomat in search(user=world.kam_a, query=query).employers


def test_too_short_queries_find_nothing(world, sjomat):
    assert search(user=world.kam_a, query="s").count == 0
    assert search(user=world.kam_a, query="73").employers == []


def test_employers_outside_the_users_region_are_not_found(world, sjomat):
    assert search(user=world.kam_other, query="Sjomat").employers == []
    assert search(user=world.kam_other, query="974760673").employers == []


def test_recruitments_are_found_by_title_and_by_employer(world):
    recruitment = recruitment_for(world)
    assert recruitment in search(user=world.kam_a, query="lagermedarbeider").recruitments
    assert recruitment in search(user=world.kam_a, query="Bedrift AE").recruitments
    assert search(user=world.kam_b, query="lagermedarbeider").recruitments == []


def test_candidates_are_found_only_within_the_users_scope(world):
    mine = candidate_of(world, "a", full_name="Åse Ødegård")
    candidate_of(world, "b", full_name="Åse Ødegård-Berg")
    assert search(user=world.advisor_a, query="ase odegard").candidates == [mine]
    assert search(user=world.coordinator, query="Odegard").candidates == []
    assert search(user=world.kam_other, query="Odegard").candidates == []


def test_the_results_page_lists_and_audits_the_candidates_shown(client, world, sjomat):
    shown = candidate_of(world, "a", full_name="Sjur Sjømatsen")
    client.force_login(world.advisor_a)
    before = AuditEvent.objects.count()
    html = client.get(URL, {"q": "sjomat"}).content.decode()
    assert "Sjur Sjømatsen" in html
    events = AuditEvent.objects.order_by("id")[before:]
    assert [(e.action, e.candidate_id, e.actor_id) for e in events] == [
        ("candidate.search_listed", shown.pk, world.advisor_a.pk)
    ]


def test_the_coordinator_finds_employers_but_never_a_candidate_name(client, world, sjomat):
    candidate_of(world, "a", full_name="Sjur Sjømatsen")
    client.force_login(world.coordinator)
    html = client.get(URL, {"q": "sjomat"}).content.decode()
    assert "Bergen Sjømat AS" in html
    assert "Sjømatsen" not in html


def test_the_search_box_is_in_the_navigation_for_staff_only(client, world):
    client.force_login(world.kam_a)
    assert 'id="nav-search"' in client.get(reverse("recruitment:employer_list")).content.decode()
    client.force_login(world.outsider)
    assert 'id="nav-search"' not in client.get(reverse("profile")).content.decode()


def test_a_long_or_odd_query_is_cut_and_answered(client, world):
    client.force_login(world.kam_a)
    assert client.get(URL, {"q": "%_" * 300}).status_code == 200
    assert client.get(URL, {"q": "' OR 1=1 --"}).status_code == 200
    assert client.post(URL, {"q": "x"}).status_code == 405


def test_the_query_count_does_not_grow_with_the_matches(client, world):
    client.force_login(world.advisor_a)

    def count():
        client.get(URL, {"q": "kandidat"})
        with CaptureQueriesContext(connection) as queries:
            client.get(URL, {"q": "kandidat"})
        return len(queries)

    candidate_of(world, "a")
    small = count()
    for _ in range(5):
        candidate_of(world, "a")
    assert count() == small


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="trigram matching and indexes are PostgreSQL's")
class TestPostgreSQL:
    def test_a_typo_still_finds_the_employer(self, world, sjomat):
        assert search(user=world.kam_a, query="Bergn Sjomat").employers == [sjomat]

    def test_the_best_match_comes_first(self, world, sjomat):
        EmployerFactory(name="Sjøsiden Bergen AS", region=world.region)
        assert search(user=world.kam_a, query="Bergen Sjomat").employers[0] == sjomat

    @pytest.mark.parametrize(
        "table, index",
        [
            ("recruitment_employer", "employer_name_fold_trgm"),
            ("recruitment_employer", "employer_org_number_trgm"),
            ("candidates_candidate", "candidate_full_name_fold_trgm"),
        ],
    )
    def test_the_searches_use_the_trigram_indexes(self, world, sjomat, table, index):
        from recruitment.models import Employer

        if table == "candidates_candidate":
            from candidates.models import Candidate
            from kamportal.textsearch import folded_match

            queryset = folded_match(Candidate.objects.all(), ["full_name"], "odegard")
        elif index == "employer_org_number_trgm":
            queryset = Employer.objects.filter(org_number__contains="0673")
        else:
            from kamportal.textsearch import folded_match

            queryset = folded_match(Employer.objects.all(), ["name"], "sjomat")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = queryset.explain()
        assert index in plan
