"""Issue 19: the recruitment list's pages (keys from two index scans, then the rows) show exactly the rows of
the policy's `recruitment_list`, in its order (CV deadline, newest first on a tie), across page boundaries,
for the coordinating and the supplying provider, with and without closed recruitments and one employer's."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment.models import CoordinationRequest, Recruitment, RecruitmentStatus
from recruitment.selectors.recruitments import RECRUITMENT_PAGE_SIZE, recruitment_list
from tests.factories import EmployerFactory
from tests.recruitment.recruitment_factories import recruitment_for

pytestmark = pytest.mark.django_db


def _copy(template, *, provider, kam, status, deadline, employer=None):
    return Recruitment.objects.create(
        employer=employer or template.employer,
        mapping_version=template.mapping_version,
        position=template.position,
        title=template.title,
        coordinating_provider=provider,
        coordinating_kam=kam,
        cv_deadline=deadline,
        created_by=template.created_by,
        status=status,
    )


def _ask(world, recruitment, provider, kam):
    CoordinationRequest.objects.create(
        recruitment=recruitment,
        supplying_provider=provider,
        supplying_kam=kam,
        sent_by=world.kam_a,
        sent_at=timezone.now(),
    )


@pytest.fixture
def many(world):
    """120 recruitments over both providers, five deadlines (ties), active and closed; some asked of B."""
    template = recruitment_for(world)
    other_employer = EmployerFactory(region=world.region, responsible_provider=world.provider_a)
    today = timezone.localdate()
    states = itertools.cycle([RecruitmentStatus.OPEN, RecruitmentStatus.DRAFT, RecruitmentStatus.FILLED])
    for i in range(120):
        side_b = i % 4 == 0
        recruitment = _copy(
            template,
            provider=world.provider_b if side_b else world.provider_a,
            kam=world.kam_b if side_b else world.kam_a,
            status=next(states),
            deadline=today + datetime.timedelta(days=i % 5),
            employer=other_employer if i % 7 == 0 else None,
        )
        if not side_b and i % 3 == 0:
            _ask(world, recruitment, world.provider_b, world.kam_b)
        if side_b and i % 8 == 0:  # asked of A by B: A sees it as asked, B as its own
            _ask(world, recruitment, world.provider_a, world.kam_a)
    return template, other_employer


def _shown(client, params) -> list[int]:
    url = reverse("recruitment:recruitment_list")
    rows, page = [], 1
    while True:
        response = client.get(url, {**params, "page": page})
        assert response.status_code == 200
        rows += [r.pk for r in response.context["recruitments"]]
        if not response.context["page"].has_next():
            return rows
        assert len(response.context["recruitments"]) == RECRUITMENT_PAGE_SIZE
        page += 1


@pytest.mark.parametrize("who", ["kam_a", "kam_b"])
@pytest.mark.parametrize("show_all", [False, True])
def test_every_page_shows_the_policys_rows_in_its_order(client, world, many, who, show_all):
    user = getattr(world, who)
    client.force_login(user)
    expected = list(recruitment_list(user=user, active_only=not show_all).values_list("pk", flat=True))
    assert len(expected) > RECRUITMENT_PAGE_SIZE or who == "kam_b"
    assert _shown(client, {"all": "1"} if show_all else {}) == expected


@pytest.mark.parametrize("who", ["kam_a", "kam_b"])
def test_one_employers_recruitments_are_the_policys_rows_of_that_employer(client, world, many, who):
    _template, other_employer = many
    user = getattr(world, who)
    client.force_login(user)
    expected = list(
        recruitment_list(user=user, active_only=False).filter(employer=other_employer).values_list("pk", flat=True)
    )
    assert expected
    assert _shown(client, {"all": "1", "employer": str(other_employer.uuid)}) == expected


def test_a_request_to_the_provider_brings_in_the_recruitment_and_nothing_else(client, world, many):
    template, _other = many
    client.force_login(world.kam_b)
    before = _shown(client, {"all": "1"})
    assert template.pk not in before
    _ask(world, template, world.provider_b, world.kam_b)
    after = _shown(client, {"all": "1"})
    assert sorted(after) == sorted([*before, template.pk])


@pytest.mark.parametrize("asked", ["999", "0", "abc", "", "-3", "2"])
def test_pages_past_the_end_or_not_numbers_are_clamped_like_get_page(client, world, many, asked):
    from django.core.paginator import Paginator

    client.force_login(world.kam_a)
    expected = list(recruitment_list(user=world.kam_a, active_only=False).values_list("pk", flat=True))
    reference = Paginator(expected, RECRUITMENT_PAGE_SIZE).get_page(asked)
    response = client.get(reverse("recruitment:recruitment_list"), {"all": "1", "page": asked})
    assert response.context["page"].number == reference.number
    assert [r.pk for r in response.context["recruitments"]] == list(reference.object_list)
    assert response.context["page"].paginator.count == len(expected)


def test_a_bounded_count_pages_through_the_first_rows_only(client, world, many, settings):
    settings.LIST_COUNT_LIMIT = 60
    client.force_login(world.kam_a)
    expected = list(recruitment_list(user=world.kam_a, active_only=False).values_list("pk", flat=True))
    assert len(expected) > 61
    url = reverse("recruitment:recruitment_list")
    first = client.get(url, {"all": "1"})
    assert first.context["page"].paginator.bounded and first.context["page"].paginator.count == 60
    last = client.get(url, {"all": "1", "page": "5"})  # clamped to page 2 of the first 60
    assert last.context["page"].number == 2
    assert [r.pk for r in last.context["recruitments"]] == expected[50:60]
