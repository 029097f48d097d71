"""The statistics page: a known history built with time travel, every figure against hand-computed values."""

import csv
import datetime
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import Consent
from candidates.services import consent_withdraw
from recruitment.services.placements import placement_hire
from recruitment.services.unanswered import recruitment_close_unanswered
from tests.recruitment.hiring_factories import answer, sent_list
from tests.recruitment.recruitment_factories import placement_for

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
URL = reverse("recruitment:statistics")
FIRST_HALF = {"start": "2026-01-01", "end": "2026-06-30", "granularity": "quarter"}


def at(day: str, hour: int = 10):
    return time_machine.travel(datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=OSLO), tick=False)


def known_history(world):
    """Employer A, 2026:
    - Mon 5 Jan: list 1 (opened the same day) with a1, a2 (provider A) and b1 (provider B), consents given that day;
    - Wed 7 Jan: a1 to interview (2 working days); Fri 9 Jan: b1 not relevant (4 working days);
    - Tue 3 Feb: the KAM closes the list for a2 (unanswered); Tue 10 Feb: a1 hired from the interview;
    - Mon 2 Mar: a1's placement starts; Wed 1 Apr: a1 hired, recruitment 1 filled (62 working days after 5 Jan);
    - Wed 1 Apr: list 2 with c1 (provider A), consent given that day; Wed 8 Apr: c1 not relevant (2 working
      days: 2, 3 and 6 April are public holidays);
    - Mon 4 May: b1's consent withdrawn.
    """
    with at("2026-01-05"):
        recruitment, (a1, a2, b1) = sent_list(world, a=2, b=1)
        Consent.objects.update(given_on=datetime.date(2026, 1, 5))
    with at("2026-01-07"):
        answer(world, a1, "interview")
    with at("2026-01-09"):
        answer(world, b1, "not_relevant", reason="experience")
    with at("2026-02-03"):
        recruitment_close_unanswered(recruitment=recruitment, actor=world.kam_a, feedback="Ingen svar.")
    with at("2026-02-10"):
        answer(world, a1, "hired")
    with at("2026-03-02"):
        a1.refresh_from_db()
        placement = placement_for(world, submission=a1, start_date=datetime.date(2026, 3, 2))
    with at("2026-04-01"):
        placement_hire(
            placement=placement, actor=world.advisor_a, hired_on=datetime.date(2026, 4, 1), employment_kind="permanent"
        )
        _second, (c1,) = sent_list(world, a=1, b=0)
        Consent.objects.filter(candidate=c1.candidate).update(given_on=datetime.date(2026, 4, 1))
    with at("2026-04-08"):
        answer(world, c1, "not_relevant", reason="language")
    with at("2026-05-04"):
        consent_withdraw(consent=Consent.objects.get(candidate=b1.candidate), actor=world.advisor_b)
    return {"a1": a1, "a2": a2, "b1": b1, "c1": c1}


def tables(client, user, **params):
    client.force_login(user)
    response = client.get(URL, {**FIRST_HALF, **params})
    assert response.status_code == 200
    return {t.key: t for t in response.context["tables"]}, response.content.decode()


@pytest.fixture
def history(world):
    return known_history(world)


def test_every_figure_matches_the_hand_computed_history(client, world, history):
    got, _html = tables(client, world.coordinator)
    assert got["placements"].rows == [["2026 Q1", "Tiltak A AS", 1, 1]]
    assert got["placements"].chart["labels"] == ["2026 Q1", "2026 Q2"]
    assert got["placements"].chart["datasets"] == [{"label": "Tiltak A AS", "data": [1, 0]}]
    assert [row[1:] for row in got["funnel"].rows] == [
        [4, "", ""],
        [4, 100.0, 100.0],
        [1, 25.0, 25.0],
        [1, 100.0, 25.0],
        [1, 100.0, 25.0],
    ]
    time_to_fill, list_to_answer = got["durations"].rows
    assert time_to_fill[1:] == [1, 62.0, 62, 62]
    assert list_to_answer[1:] == [3, 2.7, 2, 4]
    assert got["scorecard"].rows == [
        ["Bedrift Æ AS", 2, 4, 3, 75.0, 2, 1],
        ["Alle bedrifter", 2, 4, 3, 75.0, 2, 1],
    ]
    assert got["consents"].rows == [["2026 Q1", 3, 0], ["2026 Q2", 1, 1]]


def test_months_and_groups_follow_the_controls(client, world, history):
    got, _html = tables(client, world.coordinator, granularity="month", group_by="region", end="2026-04-30")
    assert got["placements"].rows == [["2026-03", "Vest", 1, 1]]
    assert got["placements"].chart["labels"] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert got["consents"].rows == [["2026-01", 3, 0], ["2026-02", 0, 0], ["2026-03", 0, 0], ["2026-04", 1, 0]]
    narrowed, _html = tables(client, world.coordinator, start="2026-03-01")
    assert narrowed["scorecard"].rows[0] == ["Bedrift Æ AS", 1, 1, 1, 100.0, 2, 0]
    assert narrowed["funnel"].rows[0][1] == 1


def test_a_provider_counts_its_own_and_another_region_counts_nothing(client, world, history):
    as_b, _html = tables(client, world.admin_b)
    assert [row[1] for row in as_b["funnel"].rows] == [1, 1, 0, 0, 0]
    assert as_b["placements"].rows == []
    assert as_b["consents"].rows == [["2026 Q1", 1, 0], ["2026 Q2", 0, 1]]
    other, _html = tables(client, world.kam_other)
    assert [row[1] for row in other["funnel"].rows] == [0, 0, 0, 0, 0]
    assert other["scorecard"].rows[-1][1:] == [0, 0, 0, "", "", 0]


def test_the_provider_filter_offers_only_the_users_providers(client, world, history):
    client.force_login(world.admin_b)
    form = client.get(URL).context["form"]
    assert list(form.fields["provider"].queryset) == [world.provider_b]
    response = client.get(URL, {**FIRST_HALF, "provider": world.provider_a.pk})
    assert response.context["form"].errors["provider"]


def test_no_candidate_name_appears_for_the_coordinator(client, world, history):
    _got, html = tables(client, world.coordinator)
    for submission in history.values():
        assert submission.candidate.full_name not in html
    for key in ("placements", "funnel", "durations", "scorecard", "consents"):
        for fmt in ("csv", "xlsx"):
            body = client.get(URL, {**FIRST_HALF, "format": fmt, "table": key}).content
            for submission in history.values():
                assert submission.candidate.full_name.encode() not in body


def test_a_bad_period_is_refused_with_a_message_and_this_year_shown(client, world):
    client.force_login(world.coordinator)
    response = client.get(URL, {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "Starten på perioden må være samme dag som eller før slutten." in response.content.decode()
    assert response.context["filter"].start.month == 1
    response = client.get(URL, {"start": "ikke en dato"})
    assert response.context["form"].errors["start"]


def test_each_table_exports_the_rows_of_the_page(client, world, history):
    got, _html = tables(client, world.coordinator)
    for key, table in got.items():
        body = client.get(URL, {**FIRST_HALF, "format": "csv", "table": key})
        assert body["Content-Disposition"].startswith("attachment;")
        rows = list(csv.reader(io.StringIO(body.content.decode("utf-8-sig"))))
        assert rows[0] == [str(c) for c in table.columns]
        assert rows[1:] == [[str(v) for v in row] for row in table.rows]
        book = openpyxl.load_workbook(
            io.BytesIO(client.get(URL, {**FIRST_HALF, "format": "xlsx", "table": key}).content)
        )
        values = [list(r) for r in book.active.iter_rows(values_only=True)]
        assert values[0] == [str(c) for c in table.columns]
        assert values[1:] == [[v if v != "" else None for v in row] for row in table.rows]
    assert client.get(URL, {"format": "csv", "table": "nope"}).status_code == 404


def test_the_page_has_its_charts_data_and_tables(client, world, history):
    _got, html = tables(client, world.kam_a)
    assert 'id="statistics-charts"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert 'data-chart="funnel"' in html
    assert '<table class="table table-sm align-middle" id="table-funnel">' in html


def test_people_without_figures_are_refused(client, world):
    for user in (world.advisor_a, world.contact_user, world.outsider):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302
    client.force_login(world.coordinator)
    assert client.post(URL).status_code == 405


def _grow(world, lists: int):
    for _ in range(lists):
        _recruitment, submissions = sent_list(world, a=1, b=1)
        answer(world, submissions[0], "interview")


@pytest.mark.parametrize("fmt", [None, "csv", "xlsx"])
def test_the_query_count_does_not_grow_with_the_data(client, world, fmt):
    client.force_login(world.coordinator)
    params = {"granularity": "month"} | ({"format": fmt, "table": "scorecard"} if fmt else {})

    def count():
        client.get(URL, params)  # warm the session and the principal
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    _grow(world, 1)
    small = count()
    _grow(world, 3)
    assert count() == small
