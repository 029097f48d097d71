"""The home page shows at most HOME_SHOWN_PER_KIND items of a kind (the most urgent), the kind's total and a
"show all" link (?kind=) that lists every item of that kind, only the user's own, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from candidates.models import Candidate
from recruitment.work_queue.items import HOME_SHOWN_PER_KIND
from tests.candidates.factories import candidate_of

KIND = "candidate_cv_missing"


def _without_cv(world, side, count, prefix):
    """`count` candidates without a CV; the lower the number, the older (the more urgent) the item."""
    made = []
    for n in range(count):
        candidate = candidate_of(world, side, full_name=f"{prefix} {n:02d}")
        Candidate.objects.filter(pk=candidate.pk).update(created_at=timezone.now() - timedelta(days=100 - n))
        made.append(candidate)
    return made


def _home(client, **query):
    return client.get(reverse("dashboard"), query)


def test_the_home_shows_the_most_urgent_of_a_kind_its_total_and_a_show_all_link(world, client):
    mine = _without_cv(world, "a", HOME_SHOWN_PER_KIND + 3, "Mangler Cv")
    client.force_login(world.advisor_a)
    page = _home(client).content.decode()
    assert page.count(f'data-kind="{KIND}"') == HOME_SHOWN_PER_KIND
    for candidate in mine[:HOME_SHOWN_PER_KIND]:
        assert candidate.full_name in page
    for candidate in mine[HOME_SHOWN_PER_KIND:]:
        assert candidate.full_name not in page
    assert f'data-more="{KIND}"><a href="?kind={KIND}">' in page
    assert f"({HOME_SHOWN_PER_KIND + 3})" in page
    # every candidate also lacks an assessment: that kind is bounded too, and the count is every item due
    assert page.count('data-kind="candidate_assessment_missing"') == HOME_SHOWN_PER_KIND
    assert f'id="work-queue-count">{2 * (HOME_SHOWN_PER_KIND + 3)}<' in page


def test_a_kind_within_the_bound_has_no_show_all_link(world, client):
    _without_cv(world, "a", HOME_SHOWN_PER_KIND, "Mangler Cv")
    client.force_login(world.advisor_a)
    page = _home(client).content.decode()
    assert page.count(f'data-kind="{KIND}"') == HOME_SHOWN_PER_KIND
    assert "data-more=" not in page


def test_show_all_lists_every_item_of_the_kind_and_only_the_users_own(world, client):
    mine = _without_cv(world, "a", HOME_SHOWN_PER_KIND + 3, "Mangler Cv")
    theirs = _without_cv(world, "b", 2, "Annen Radgiver")
    client.force_login(world.advisor_a)
    response = _home(client, kind=KIND)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(f'data-kind="{KIND}"') == len(mine)
    assert 'data-kind="candidate_assessment_missing"' not in page
    assert all(candidate.full_name in page for candidate in mine)
    assert not any(candidate.full_name in page for candidate in theirs)
    assert 'id="work-queue-back"' in page and "data-more=" not in page
    # the page names the candidates, so it audits each of them
    audited = set(
        AuditEvent.objects.filter(action="candidate.listed_in_work_queue").values_list("candidate_id", flat=True)
    )
    assert {candidate.pk for candidate in mine} <= audited
    assert not {candidate.pk for candidate in theirs} & audited
    client.force_login(world.advisor_b)
    page = _home(client, kind=KIND).content.decode()
    assert page.count(f'data-kind="{KIND}"') == len(theirs)
    assert not any(candidate.full_name in page for candidate in mine)


def test_show_all_costs_the_same_queries_whatever_the_rows(world, client):
    client.force_login(world.advisor_a)
    counts = []
    for count in (HOME_SHOWN_PER_KIND + 1, HOME_SHOWN_PER_KIND + 1):
        _without_cv(world, "a", count, f"Runde {len(counts)}")
        _home(client, kind=KIND)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            page = _home(client, kind=KIND).content.decode()
        counts.append(len(queries))
    assert page.count(f'data-kind="{KIND}"') == 2 * (HOME_SHOWN_PER_KIND + 1)
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("bad", ["../admin", "Candidate_CV_missing", "x;drop", "a" * 65, ""])
def test_a_malformed_kind_is_not_found(world, client, bad):
    client.force_login(world.advisor_a)
    assert _home(client, kind=bad).status_code == 404


def test_an_unknown_kind_shows_nothing_due(world, client):
    _without_cv(world, "a", 2, "Mangler Cv")
    client.force_login(world.advisor_a)
    response = _home(client, kind="no_such_kind")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="work-queue-empty"' in page and "Mangler Cv" not in page


def test_only_the_shown_items_are_built_and_each_kinds_total_is_exact(world, monkeypatch):
    """Each kind ranks, cuts and counts before it builds (issue 19): with one shown per kind, one item per kind is
    made, yet the totals and the first item are those of the whole queue."""
    from collections import Counter

    import time_machine

    from recruitment.work_queue import advisor, contact, kam, supplying, work_queue
    from recruitment.work_queue.items import WorkItem
    from tests.recruitment.work_queue_scenario import NOW, build_scenario

    with time_machine.travel(NOW, tick=False):
        build_scenario(world)
        build_scenario(world)
        made = Counter()

        def counted(**fields):
            made[fields["kind"]] += 1
            return WorkItem(**fields)

        several = set()
        for user in (world.kam_a, world.kam_b, world.advisor_a, world.contact_user):
            whole = work_queue(user=user, limit=None)
            made.clear()
            with monkeypatch.context() as patch:
                for module in (advisor, contact, kam, supplying):
                    patch.setattr(module, "WorkItem", counted)
                cut = work_queue(user=user, limit=1)
            assert made and max(made.values()) == 1, (user, made)
            assert [(kind, total) for kind, _items, total in cut.groups] == [
                (kind, total) for kind, _items, total in whole.groups
            ]
            assert [items for _kind, items, _total in cut.groups] == [
                items[:1] for _kind, items, _total in whole.groups
            ]
            several |= {kind for kind, _items, total in whole.groups if total > 1}
    # the scenario twice: most kinds have two items, so the cut did leave some unbuilt
    assert {"proposals_to_review", "candidate_cv_missing", "candidate_consent_missing", "list_to_answer"} <= several
