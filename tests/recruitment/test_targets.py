"""Yearly targets: the provider admin's page, the service's refusals, and the progress on the KAM home and the
statistics page over a year (time-travel), with query counts that do not grow with the data."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, Role
from recruitment import services
from recruitment.models import YearlyTarget
from recruitment.selectors.targets import kam_targets, target_rows
from recruitment.services.placements import placement_hire
from tests.factories import EmployerFactory, UserFactory
from tests.recruitment.recruitment_factories import chosen_submissions, placement_for

LIST = reverse("recruitment:target_list")
EDIT = reverse("recruitment:target_edit")
HOME = reverse("dashboard")
STATISTICS = reverse("recruitment:statistics")
TODAY = date(2026, 6, 15)


def _post(client, **data):
    """Post the edit form as the page does: to the URL it was loaded from (the year and KAM in the query)."""
    body = {"year": "2026", "kam": "", "placements": "4", "agreements": "3", "meetings": "8"}
    body.update({key: str(value) for key, value in data.items()})
    query = f"?year={body['year']}" + (f"&kam={body['kam']}" if body["kam"] and "kam" in data else "")
    return client.post(EDIT + query, body)


# --- the page and the service ---------------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_the_admin_sets_a_kams_target_and_then_changes_it(client, world):
    client.force_login(world.admin_a)
    response = _post(client, kam=world.kam_a.uuid)
    assert response.status_code == 302 and response.url == f"{LIST}?year=2026"
    target = YearlyTarget.objects.get()
    assert (target.provider, target.kam, target.year) == (world.provider_a, world.kam_a, 2026)
    assert (target.placements, target.agreements, target.meetings) == (4, 3, 8)
    assert AuditEvent.objects.filter(action="target.save", object_id=str(target.pk)).count() == 1

    page = client.get(EDIT, {"year": 2026, "kam": world.kam_a.uuid})
    assert page.status_code == 200 and page.context["form"].initial["placements"] == 4
    response = _post(client, kam=world.kam_a.uuid, placements=6, version=target.version)
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.placements, target.version) == (6, 2)
    assert YearlyTarget.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_the_provider_target_and_the_kams_are_separate_rows(client, world):
    client.force_login(world.admin_a)
    _post(client, placements=10)
    _post(client, kam=world.kam_a.uuid, placements=4)
    assert sorted(YearlyTarget.objects.values_list("kam", "placements"), key=str) == sorted(
        [(None, 10), (world.kam_a.pk, 4)], key=str
    )
    page = client.get(LIST, {"year": 2026})
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [r.is_provider for r in rows] == [True, False]
    assert rows[0].measures[0].target == 10 and rows[1].measures[0].target == 4


@time_machine.travel(TODAY, tick=False)
def test_a_stale_version_is_refused_with_the_other_values(client, world):
    client.force_login(world.admin_a)
    _post(client, kam=world.kam_a.uuid)
    target = YearlyTarget.objects.get()
    _post(client, kam=world.kam_a.uuid, placements=5, version=1)
    response = _post(client, kam=world.kam_a.uuid, placements=9, version=1)
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.placements == 5


@pytest.mark.parametrize(
    ("data", "field", "nb", "en"),
    [
        ({"placements": -1}, "placements", "Et mål kan ikke være negativt.", "A target cannot be negative."),
        ({"meetings": 10001}, "meetings", "Et mål kan være høyst 10000.", "A target can be at most 10000."),
        ({"agreements": "mange"}, "agreements", "Skriv et helt tall.", "Give a whole number."),
        ({"year": 2040}, "year", "Velg et år fra 2025 til 2029.", "Choose a year from 2025 to 2029."),
        ({"year": 1999}, "year", "Velg et år fra 2025 til 2029.", "Choose a year from 2025 to 2029."),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(client, world, data, field, nb, en):
    client.force_login(world.admin_a)
    response = _post(client, kam=world.kam_a.uuid, **data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [nb]
    assert "Ingenting ble lagret" in response.content.decode()
    world.admin_a.language = "en"
    world.admin_a.save(update_fields=["language"])
    response = _post(client, kam=world.kam_a.uuid, **data)
    assert response.context["form"].errors[field] == [en]
    assert YearlyTarget.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_a_kam_of_another_provider_is_refused_on_the_form_and_a_404_on_the_page(client, world):
    client.force_login(world.admin_a)
    body = {"year": "2026", "kam": str(world.kam_b.uuid), "placements": "1", "agreements": "1", "meetings": "1"}
    response = client.post(f"{EDIT}?year=2026", body)
    assert response.status_code == 200
    assert response.context["form"].errors["kam"] == ["Velg en KAM hos din egen tiltaksarrangør."]
    assert client.get(EDIT, {"year": 2026, "kam": world.kam_b.uuid}).status_code == 404
    assert client.get(EDIT, {"year": 2026, "kam": "not-a-uuid"}).status_code == 404
    client.force_login(world.admin_b)
    assert client.get(EDIT, {"year": 2026, "kam": world.kam_a.uuid}).status_code == 404
    assert YearlyTarget.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_the_service_refuses_what_the_form_would_and_saves_nothing(world):
    with pytest.raises(ValidationError) as refused:
        services.yearly_target_save(
            actor=world.admin_a,
            provider=world.provider_a,
            year=2031,
            kam=world.kam_b,
            placements=-3,
            agreements=1,
            meetings=1,
        )
    assert set(refused.value.message_dict) == {"year", "kam", "placements"}
    assert YearlyTarget.objects.count() == 0


def test_others_cannot_open_the_page_and_it_takes_no_other_methods(client, world):
    for persona in (world.kam_a, world.coordinator, world.advisor_a):
        client.force_login(persona)
        assert client.get(LIST).status_code == 403
    client.force_login(world.admin_a)
    assert client.post(LIST).status_code == 405
    assert client.delete(EDIT).status_code == 405


# --- progress over a year ----------------------------------------------------------------------------------------


def _hire(placement, on):
    with time_machine.travel(on, tick=False):
        placement_hire(placement=placement, actor=placement.candidate.advisor, hired_on=on, employment_kind="permanent")


def _signed_prospect(world, name, *, on, how):
    """A prospect of kam_a, signed on `on` through the pipeline's step or through the employer form's date."""
    with time_machine.travel(date(2025, 3, 1), tick=False):
        employer = services.employer_create(
            actor=world.kam_a, provider=world.provider_a, name=name, org_number=_org(name)
        )
    with time_machine.travel(on, tick=False):
        if how == "step":
            services.employer_prospect_step(actor=world.kam_a, employer=employer, action="sign", on=on)
        else:
            services.employer_update(actor=world.kam_a, employer=employer, agreement_signed_on=on)
    return employer


def _org(seed: str) -> str:
    from tests.factories import valid_org_number

    return valid_org_number(sum(map(ord, seed)) % 900 + 50)


def _meeting(world, on, *, kind="meeting", planned=False, kam=None):
    with time_machine.travel(on, tick=False):
        services.contact_log_add(
            actor=kam or world.kam_a, employer=world.employer_a, kind=kind, occurred_on=on, planned=planned
        )


@pytest.fixture
def year_of_work(world):
    """kam_a's year: two hires (Nov 2025 and Feb 2026), three signed agreements (Dec 2025, Mar 2026, May 2026),
    meetings and visits (Dec 2025, Jan, Mar, Apr 2026) besides a planned visit and a call, which do not count."""
    with time_machine.travel(date(2025, 11, 3), tick=False):
        first, second = (placement_for(world, submission=s) for s in chosen_submissions(world, ("a", "b"), openings=2))
    _hire(first, date(2025, 11, 10))
    _hire(second, date(2026, 2, 2))
    _signed_prospect(world, "Fjord Fisk AS", on=date(2025, 12, 15), how="step")
    _signed_prospect(world, "Vest Bygg AS", on=date(2026, 3, 2), how="step")
    _signed_prospect(world, "Havn Hotell AS", on=date(2026, 5, 4), how="form")
    _meeting(world, date(2025, 12, 12))
    _meeting(world, date(2026, 1, 20))
    _meeting(world, date(2026, 3, 10), kind="visit")
    _meeting(world, date(2026, 4, 14))
    _meeting(world, date(2026, 4, 20), kind="call")
    _meeting(world, date(2026, 6, 1), kind="visit", planned=True)
    with time_machine.travel(date(2026, 1, 5), tick=False):
        for kam, figures in ((world.kam_a, (4, 3, 8)), (None, (10, 6, 20))):
            services.yearly_target_save(
                actor=world.admin_a,
                provider=world.provider_a,
                year=2026,
                kam=kam,
                placements=figures[0],
                agreements=figures[1],
                meetings=figures[2],
            )
    return world


def _measures(response, selector="#kam-targets"):
    """{measure: (reached, target)} read from the data attributes of the rendered progress block."""
    import re

    html = response.content.decode()
    block = html[html.index(selector.lstrip("#")) :]
    found = re.findall(r'data-measure="(\w+)".*?data-reached="(\d+)"(?: data-target="(\d+)")?', block, re.S)
    return {key: (int(reached), int(target) if target else None) for key, reached, target in found[:3]}


@time_machine.travel(TODAY, tick=False)
def test_the_kam_home_shows_this_years_progress_not_last_years(client, year_of_work):
    world = year_of_work
    client.force_login(world.kam_a)
    response = client.get(HOME)
    assert response.status_code == 200
    assert _measures(response) == {"placements": (1, 4), "agreements": (2, 3), "meetings": (3, 8)}
    html = response.content.decode()
    assert 'max="100" value="25"' in html and 'value="67"' in html and 'value="38"' in html
    assert "Plasseringer (ansatt): 1 av 4" in html
    # Prospects per stage: employer_a is still "contacted" (made by the factory), the three others are signed.
    assert 'data-prospects="contacted">' in html
    targets = response.context["summary"]["targets"]
    assert {stage: count for stage, _label, count in targets.prospects} == {"contacted": 1, "meeting_held": 0}


@time_machine.travel(date(2025, 12, 31), tick=False)
def test_last_year_counts_its_own_items(year_of_work):
    world = year_of_work
    progress = kam_targets(user=world.kam_a, today=date(2025, 12, 31))
    assert {m.key: (m.reached, m.target) for m in progress.measures} == {
        "placements": (1, None),
        "agreements": (1, None),
        "meetings": (1, None),
    }


@time_machine.travel(TODAY, tick=False)
def test_the_statistics_show_targets_per_provider_and_per_kam_to_the_admin_only(client, year_of_work):
    world = year_of_work
    client.force_login(world.admin_a)
    table = next(t for t in client.get(STATISTICS).context["tables"] if t.key == "targets")
    assert table.rows[0] == ["Tiltak A AS", 1, 10, 2, 6, 3, 20]
    assert table.rows[1] == ["– Kam A", 1, 4, 2, 3, 3, 8]

    client.force_login(world.coordinator)
    table = next(t for t in client.get(STATISTICS).context["tables"] if t.key == "targets")
    assert ["Tiltak A AS", 1, 10, 2, 6, 3, 20] in table.rows
    assert all(not str(row[0]).startswith("–") for row in table.rows)
    assert "Kam A" not in str(table.rows)

    client.force_login(world.kam_b)
    table = next(t for t in client.get(STATISTICS).context["tables"] if t.key == "targets")
    assert table.rows == [["Tiltak B AS", 0, "", 0, "", 0, ""]]


@time_machine.travel(TODAY, tick=False)
def test_last_years_statistics_do_not_take_this_years_items(client, year_of_work):
    world = year_of_work
    client.force_login(world.admin_a)
    response = client.get(STATISTICS, {"start": "2025-01-01", "end": "2025-12-31"})
    table = next(t for t in response.context["tables"] if t.key == "targets")
    assert table.rows[0] == ["Tiltak A AS", 1, "", 1, "", 1, ""]


# --- query counts --------------------------------------------------------------------------------------------


def _grow(world, n: int, start: int):
    for i in range(start, start + n):
        kam = UserFactory(email=f"kam{i}@a.no", full_name=f"Kam {i}", provider=world.provider_a, roles=[Role.KAM])
        YearlyTarget.objects.create(provider=world.provider_a, kam=kam, year=2026, placements=i, meetings=i)
        employer = EmployerFactory(region=world.region, responsible_provider=world.provider_a, responsible_kam=kam)
        services.employer_prospect_step(actor=kam, employer=employer, action="sign", on=date(2026, 2, 1))
        EmployerFactory(region=world.region, responsible_provider=world.provider_a, responsible_kam=world.kam_a)
        _meeting(world, date(2026, 3, 1), kam=kam)
        _meeting(world, date(2026, 3, 2))


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("persona", "url"), [("kam_a", HOME), ("admin_a", STATISTICS), ("admin_a", LIST)])
def test_home_statistics_and_targets_cost_the_same_queries_at_two_sizes(client, world, persona, url):
    client.force_login(getattr(world, persona))

    def count():
        client.get(url)  # warm the session and the principal
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _grow(world, 1, 0)
    small = count()
    _grow(world, 4, 1)
    assert count() == small


def test_target_rows_name_no_kam_for_a_coordinator(world):
    YearlyTarget.objects.create(provider=world.provider_a, kam=world.kam_a, year=2026, placements=3)
    rows = target_rows(user=world.coordinator, year=2026, today=TODAY)
    assert rows and all(row.is_provider for row in rows)


@time_machine.travel(TODAY, tick=False)
def test_the_list_names_only_the_admins_own_kams(client, world):
    client.force_login(world.admin_a)
    html = client.get(LIST).content.decode()
    assert "Kam A" in html and "Kam B" not in html and "Kam Other" not in html


@time_machine.travel(TODAY, tick=False)
def test_a_kam_without_targets_sees_what_is_reached_and_others_see_no_block(client, world):
    client.force_login(world.kam_b)
    html = client.get(HOME).content.decode()
    assert 'id="kam-targets"' in html and "har ikke satt mål for deg i år" in html and "<progress" not in html
    client.force_login(world.admin_b)
    html = client.get(HOME).content.decode()
    assert 'id="kam-targets"' not in html and f'href="{LIST}"' in html
    client.force_login(world.coordinator)
    assert f'href="{LIST}"' not in client.get(HOME).content.decode()
