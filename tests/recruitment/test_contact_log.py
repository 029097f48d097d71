"""The contact log, the quarterly follow-up and the KAM's weekly plan."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from recruitment.models import ContactKind, ContactLogEntry, Employer
from recruitment.selectors import employers_without_meeting_this_quarter
from tests.recruitment.employer_factories import ContactLogEntryFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)  # Monday of ISO week 48, quarter 4


def _log_url(world):
    return reverse("recruitment:contact_log_create", kwargs={"uuid": world.employer_a.uuid})


@time_machine.travel(TODAY, tick=False)
def test_a_kam_logs_a_meeting_and_it_shows_in_the_timeline(client, world):
    client.force_login(world.kam_a)
    response = client.post(
        _log_url(world),
        {
            "kind": "meeting",
            "occurred_on": "2026-11-20",
            "participants": "Kari Kontakt, Kam A",
            "notes": "Gjennomgang av behov for høsten",
            "next_step": "Sende kartleggingsskjema",
            "next_step_due": "2026-11-27",
        },
    )
    assert response.status_code == 302
    entry = ContactLogEntry.objects.get()
    assert entry.kam == world.kam_a
    body = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Gjennomgang av behov for høsten" in body
    assert "Sende kartleggingsskjema" in body
    assert "Holdt dette kvartalet" in body
    assert "20. nov. 2026" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "meeting", "occurred_on": ""}, "Feltet er påkrevet"),
        ({"kind": "fax", "occurred_on": "2026-11-20"}, "Velg et gyldig valg"),
        (
            {"kind": "call", "occurred_on": "2026-11-20", "next_step": "Ring igjen", "next_step_due": "2026-11-01"},
            "Fristen for neste steg kan ikke være før selve kontakten",
        ),
        ({"kind": "call", "occurred_on": "2026-11-20", "next_step_due": "2026-11-30"}, "Beskriv neste steg"),
    ],
)
def test_bad_contact_log_input_is_refused_with_a_message(client, world, data, message):
    client.force_login(world.kam_a)
    response = client.post(_log_url(world), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ContactLogEntry.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_meeting_last_quarter_or_a_call_this_quarter_is_not_the_quarterly_meeting(client, world):
    ContactLogEntryFactory(employer=world.employer_a, kam=world.kam_a, occurred_on=date(2026, 9, 12))
    ContactLogEntryFactory(employer=world.employer_a, kam=world.kam_a, kind=ContactKind.CALL, occurred_on=TODAY)
    ContactLogEntryFactory(employer=world.employer_a, kam=world.kam_a, planned=True, occurred_on=TODAY)
    client.force_login(world.kam_a)
    body = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Ikke møte dette kvartalet" in body
    assert "12. sept. 2026" in body


def test_the_reminder_selector_finds_employers_without_a_meeting_this_quarter(world):
    ContactLogEntryFactory(employer=world.employer_a, kam=world.kam_a, kind=ContactKind.VISIT, occurred_on=TODAY)
    ContactLogEntryFactory(employer=world.employer_b, kam=world.kam_b, occurred_on=date(2026, 6, 30))
    missing = employers_without_meeting_this_quarter(Employer.objects.all(), today=TODAY)
    assert set(missing.values_list("name", flat=True)) == {"Bedrift B AS", "Bedrift Nord AS"}


@time_machine.travel(TODAY, tick=False)
def test_the_weekly_plan_lists_the_kams_visits_calls_and_next_steps_of_the_week(client, world):
    ContactLogEntryFactory(
        employer=world.employer_a, kam=world.kam_a, kind=ContactKind.VISIT, planned=True, occurred_on=date(2026, 11, 25)
    )
    ContactLogEntryFactory(employer=world.employer_b, kam=world.kam_a, kind=ContactKind.CALL, occurred_on=TODAY)
    ContactLogEntryFactory(
        employer=world.employer_a,
        kam=world.kam_a,
        occurred_on=date(2026, 11, 2),
        next_step="Følge opp tilbud",
        next_step_due=date(2026, 11, 27),
    )
    ContactLogEntryFactory(employer=world.employer_b, kam=world.kam_b, occurred_on=TODAY, participants="Kam B sin")
    ContactLogEntryFactory(employer=world.employer_a, kam=world.kam_a, occurred_on=date(2026, 12, 2))
    client.force_login(world.kam_a)
    body = client.get(reverse("recruitment:weekly_plan")).content.decode()
    assert "uke 48 2026" in body
    assert "Besøk" in body and "Telefonsamtale" in body
    assert "Følge opp tilbud" in body
    assert "Kam B sin" not in body
    assert "onsdag 25. november" in body
    next_week = client.get(reverse("recruitment:weekly_plan"), {"year": 2026, "week": 49}).content.decode()
    assert "uke 49 2026" in next_week
    assert "Følge opp tilbud" not in next_week


def test_a_bad_week_falls_back_to_this_week(client, world):
    client.force_login(world.kam_a)
    assert client.get(reverse("recruitment:weekly_plan"), {"year": "x", "week": "99"}).status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_a_planned_visit_marked_as_held_counts_as_the_quarterly_meeting(client, world):
    entry = ContactLogEntryFactory(
        employer=world.employer_a, kam=world.kam_a, kind=ContactKind.VISIT, planned=True, occurred_on=TODAY
    )
    client.force_login(world.kam_a)
    detail = reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})
    assert "Ikke møte dette kvartalet" in client.get(detail).content.decode()
    url = reverse("recruitment:contact_log_mark_held", kwargs={"uuid": entry.uuid})
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "week"})
    assert response["Location"] == reverse("recruitment:weekly_plan")
    entry.refresh_from_db()
    assert not entry.planned
    assert "Holdt dette kvartalet" in client.get(detail).content.decode()
    again = client.post(url, follow=True)
    assert "allerede markert som holdt" in again.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_visit_planned_for_a_later_day_cannot_be_marked_as_held(client, world):
    entry = ContactLogEntryFactory(
        employer=world.employer_a, kam=world.kam_a, planned=True, occurred_on=date(2026, 11, 30)
    )
    client.force_login(world.kam_a)
    client.post(reverse("recruitment:contact_log_mark_held", kwargs={"uuid": entry.uuid}))
    entry.refresh_from_db()
    assert entry.planned


def test_a_kam_of_another_provider_cannot_mark_a_visit_as_held(client, world):
    entry = ContactLogEntryFactory(
        employer=world.employer_a, kam=world.kam_a, planned=True, occurred_on=date(2026, 1, 5)
    )
    client.force_login(world.kam_b)
    assert client.post(reverse("recruitment:contact_log_mark_held", kwargs={"uuid": entry.uuid})).status_code == 403
    entry.refresh_from_db()
    assert entry.planned
