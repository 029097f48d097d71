"""The satisfaction survey: when it is offered, one answer per occasion, NPS on the plan and in statistics."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from recruitment.models import SatisfactionAnswer
from recruitment.selectors import satisfaction as selectors
from recruitment.selectors.satisfaction import NpsFigure
from recruitment.services import account_plan_save
from recruitment.services.satisfaction import satisfaction_answer_submit
from tests.factories import EmployerFactory
from tests.recruitment.portal_factories import accept_terms, contact_user

OSLO = ZoneInfo("Europe/Oslo")
SURVEY = reverse("recruitment:satisfaction_survey")
HOME = reverse("recruitment:portal_home")


def answer(world, contact, score, comment="", *, on=None):
    occasion = selectors.half_year_occasion(on or datetime.date.today())
    return satisfaction_answer_submit(
        actor=contact.user, contact=contact, occasion=occasion, score=score, comment=comment
    )


@pytest.mark.parametrize(
    ("scores", "nps"),
    [((10, 8), 50), ((9, 4), 0), ((3, 2), -100), ((7, 8), 0), ((10, 9, 6), 33), ((), None)],
)
def test_nps_is_the_share_of_promoters_minus_the_share_of_detractors(scores, nps):
    figure = NpsFigure(
        answers=len(scores),
        promoters=sum(s >= 9 for s in scores),
        detractors=sum(s <= 6 for s in scores),
    )
    assert figure.nps == nps


def test_two_contacts_answering_give_the_nps_on_the_plan_and_in_the_statistics(client, world):
    accept_terms(world.contact_user)
    second = contact_user(employer=world.employer_a, full_name="Per Person", email="per@bedrift-a.no")
    client.force_login(world.contact_user)
    assert client.post(SURVEY, {"score": "10", "comment": "Gode kandidater"}).status_code == 302
    client.force_login(second.user)
    assert client.post(SURVEY, {"score": "8"}).status_code == 302
    account_plan_save(actor=world.kam_a, employer=world.employer_a, nps=-20)  # the KAM's own estimate

    client.force_login(world.kam_a)
    page = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "<strong>50</strong> (2 svar" in page.split('id="employer-nps"')[1]
    plan = client.get(reverse("recruitment:account_plan_version", kwargs={"uuid": world.employer_a.uuid, "version": 1}))
    html = plan.content.decode()
    assert "<strong>50</strong>" in html.split('id="computed-nps"')[1]
    assert "-20" in html  # the estimate is kept apart

    client.force_login(world.coordinator)
    stats = client.get(reverse("recruitment:satisfaction_statistics")).content.decode()
    table = stats.split('id="nps-statistics"')[1]
    rows = table.split("<tr")[2:]
    provider_row = next(r for r in rows if "Tiltak A AS" in r)
    total_row = next(r for r in rows if "Alle tiltaksarrangører" in r)
    for row in (provider_row, total_row):
        cells = [c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[1:]]
        assert cells[-4:] == ["2", "1", "0", "50"]  # answers, promoters, detractors, NPS
    assert "Kari Kontakt" not in stats and "Per Person" not in stats and "Gode kandidater" not in stats


def test_statistics_show_each_provider_admin_only_their_provider(client, world):
    answer(world, world.contact_a, 9)
    other = contact_user(employer=world.employer_b)
    answer(world, other, 2)
    client.force_login(world.admin_b)
    stats = client.get(reverse("recruitment:satisfaction_statistics")).content.decode()
    assert "Tiltak B AS" in stats and "Tiltak A AS" not in stats
    assert "-100" in stats
    client.force_login(world.coordinator)
    stats = client.get(reverse("recruitment:satisfaction_statistics")).content.decode()
    assert "Tiltak A AS" in stats and "Tiltak B AS" in stats


def test_a_contact_cannot_answer_twice_for_the_same_occasion(client, world):
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    assert client.post(SURVEY, {"score": "7"}).status_code == 302
    again = client.post(SURVEY, {"score": "2"})
    assert again.status_code == 200
    html = again.content.decode()
    assert "Du har allerede svart på denne undersøkelsen" in html
    assert list(SatisfactionAnswer.objects.values_list("score", flat=True)) == [7]
    assert "Du har allerede svart" in client.get(SURVEY).content.decode()


def test_the_database_refuses_a_second_answer_and_the_service_says_so_under_a_race(world, monkeypatch):
    first = answer(world, world.contact_a, 9)
    with pytest.raises(IntegrityError), transaction.atomic():
        SatisfactionAnswer.objects.create(
            employer=first.employer,
            contact=first.contact,
            provider=first.provider,
            region=first.region,
            occasion=first.occasion,
            kind=first.kind,
            score=1,
        )
    monkeypatch.setattr("recruitment.services.satisfaction.survey_already_answered", lambda **kw: False)
    with pytest.raises(ValidationError, match="allerede svart"):
        answer(world, world.contact_a, 1)
    assert SatisfactionAnswer.objects.count() == 1


def test_a_score_outside_0_to_10_or_none_is_refused_with_a_message_and_nothing_saved(client, world):
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    for data in ({"score": "11"}, {"comment": "Bare tekst"}):
        response = client.post(SURVEY, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ingenting ble lagret" in html
    assert "Velg et tall fra 0 til 10." in client.post(SURVEY, {}).content.decode()
    assert not SatisfactionAnswer.objects.exists()


def test_the_half_yearly_survey_is_offered_at_most_twice_a_year(client, world):
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=OSLO), tick=False):
        assert f'href="{SURVEY}"' in client.get(HOME).content.decode()
        client.post(SURVEY, {"score": "9"})
    with time_machine.travel(datetime.datetime(2026, 6, 20, 10, tzinfo=OSLO), tick=False):
        assert 'id="portal-surveys"' not in client.get(HOME).content.decode()
        assert "Du har allerede svart" in client.get(SURVEY).content.decode()
    with time_machine.travel(datetime.datetime(2026, 8, 3, 10, tzinfo=OSLO), tick=False):
        assert f'href="{SURVEY}"' in client.get(HOME).content.decode()
        assert client.post(SURVEY, {"score": "6"}).status_code == 302
    assert sorted(SatisfactionAnswer.objects.values_list("occasion", flat=True)) == [
        "half_year:2026-1",
        "half_year:2026-2",
    ]


def test_a_survey_is_offered_after_a_recruitment_ends_once_per_contact(client, world):
    from recruitment.services.unanswered import recruitment_close_unanswered
    from tests.recruitment.hiring_factories import sent_list

    recruitment, _ = sent_list(world, a=1, b=0)
    client.force_login(world.contact_user)
    url = reverse("recruitment:satisfaction_survey_recruitment", kwargs={"uuid": recruitment.uuid})
    assert client.get(url).status_code == 404  # still running
    recruitment_close_unanswered(recruitment=recruitment, actor=world.kam_a, feedback="Stillingen ble trukket.")
    home = client.get(HOME).content.decode()
    assert url in home and f'href="{SURVEY}"' not in home  # the recruitment's survey, not the half-yearly one on top
    assert client.post(url, {"score": "4", "comment": "Det tok for lang tid"}).status_code == 302
    saved = SatisfactionAnswer.objects.get()
    assert (saved.occasion, saved.recruitment, saved.provider) == (
        f"recruitment:{recruitment.pk}",
        recruitment,
        world.provider_a,
    )
    assert url not in client.get(HOME).content.decode()
    assert "Du har allerede svart" in client.post(url, {"score": "9"}).content.decode()
    assert SatisfactionAnswer.objects.count() == 1
    with time_machine.travel(datetime.timedelta(days=61)):
        client.force_login(world.contact_user)  # the session has expired meanwhile
        assert client.get(url).status_code == 404  # offered for 60 days after the end


def test_answers_keep_the_provider_and_region_of_the_day_they_were_given(world):
    employer = EmployerFactory(region=world.region, responsible_provider=world.provider_a, responsible_kam=world.kam_a)
    contact = contact_user(employer=employer)
    answer(world, contact, 10)
    employer.responsible_provider = world.provider_b
    employer.save(update_fields=["responsible_provider"])
    assert SatisfactionAnswer.objects.get().provider == world.provider_a


def test_the_statistics_page_costs_the_same_queries_with_few_and_many_answers(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    url = reverse("recruitment:satisfaction_statistics")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    answer(world, world.contact_a, 9)
    few = count()
    for n in range(12):
        employer = world.employer_a if n % 2 else world.employer_b
        contact = contact_user(employer=employer)
        on = datetime.date(2025, 1 + n % 12, 15)
        with time_machine.travel(datetime.datetime(on.year, on.month, on.day, 12, tzinfo=OSLO), tick=False):
            answer(world, contact, n % 11, on=on)
    assert count() == few


def test_a_team_member_finds_their_employers_on_the_overview(client, world):
    client.force_login(world.team_a)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Bedrift Æ AS" in html.split('id="my-client-teams"')[1]
    client.force_login(world.advisor_a)
    assert 'id="my-client-teams"' not in client.get(reverse("dashboard")).content.decode()
