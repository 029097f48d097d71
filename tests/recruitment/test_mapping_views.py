"""Mapping form pages: creating, adding positions, bad inputs, sending, lists with a fixed query count."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recruitment.models import ApprovalRequest, MappingForm, MappingFormVersion, MappingPosition, MappingStatus
from tests.recruitment.factories import approved_mapping_form, mapping_form, position_data, sent_mapping_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def kam_client(client, world):
    client.force_login(world.kam_a)
    return client


def _position_post(**overrides):
    data = {k: ("" if v is None else v) for k, v in position_data(**overrides).items()}
    data["earliest_start"] = "2027-01-15"
    return data


def test_a_kam_creates_a_form_adds_positions_and_sends_it(kam_client, world, django_capture_on_commit_callbacks):
    response = kam_client.post(
        reverse("recruitment:mapping_create", args=[world.employer_a.uuid]),
        {
            "title": "Kartlegging høst",
            "short_term_needs": "To plasser",
            "long_term_needs": "",
            "qualification_cooperation": "",
        },
    )
    form = MappingForm.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "recruitment:mapping_detail", args=[form.uuid]
    )
    for n, title in enumerate(["Kokk", "Servitør på Ås"], start=1):
        response = kam_client.post(
            reverse("recruitment:mapping_position_add", args=[form.uuid]), _position_post(n=n, title=title)
        )
        assert response.status_code == 302
    version = form.versions.get()
    assert [p.title for p in version.positions.order_by("order")] == ["Kokk", "Servitør på Ås"]
    assert version.positions.first().earliest_start == datetime.date(2027, 1, 15)

    page = kam_client.get(reverse("recruitment:mapping_detail", args=[form.uuid])).content.decode()
    assert "Servitør på Ås" in page and "Send til godkjenning" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = kam_client.post(
            reverse("recruitment:mapping_send", args=[form.uuid]), {"contact": world.contact_a.pk}
        )
    assert response.status_code == 302
    assert form.versions.get().status == MappingStatus.AWAITING_APPROVAL
    assert [m.to for m in mail.outbox] == [["contact@bedrift-a.no"]]


def test_a_form_without_a_title_is_refused_with_a_norwegian_message_and_nothing_saved(kam_client, world):
    response = kam_client.post(reverse("recruitment:mapping_create", args=[world.employer_a.uuid]), {"title": "   "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gi kartleggingsskjemaet en tittel." in html
    assert "Ingenting ble lagret." in html
    assert not MappingForm.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": " "}, "Skriv inn stillingstittelen."),
        ({"kind": ""}, "Velg type stilling."),
        ({"kind": "boss"}, "Velg et gyldig valg"),
        ({"places": "0"}, "Det må være minst én plass."),
        ({"places": "mange"}, "Skriv inn et helt tall."),
        ({"places": "501"}, "Skriv inn høyst 500 plasser."),
        ({"tasks": ""}, "Beskriv arbeidsoppgavene."),
        ({"earliest_start": "i morgen"}, "Skriv inn en dato som 15.01.2027."),
    ],
)
def test_a_bad_position_is_refused_with_a_clear_message_and_nothing_saved(kam_client, world, overrides, message):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a, positions=0)
    data = _position_post()
    data.update(overrides)
    response = kam_client.post(reverse("recruitment:mapping_position_add", args=[form.uuid]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Ingenting ble lagret." in html
    assert not MappingPosition.objects.exists()


def test_sending_without_choosing_a_contact_is_refused(kam_client, world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    response = kam_client.post(reverse("recruitment:mapping_send", args=[form.uuid]), {"contact": ""})
    assert response.status_code == 200
    assert "Velg en kontaktperson." in response.content.decode()
    assert not ApprovalRequest.objects.exists()


def test_a_contact_of_another_employer_is_not_a_choice(kam_client, world):
    from tests.factories import ContactFactory

    stranger = ContactFactory(employer=world.employer_b)
    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    response = kam_client.post(reverse("recruitment:mapping_send", args=[form.uuid]), {"contact": stranger.pk})
    assert response.status_code == 200
    assert "Velg en kontaktperson." in response.content.decode()
    assert not ApprovalRequest.objects.exists()


def test_sending_a_form_without_positions_says_why(kam_client, world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a, positions=0)
    response = kam_client.post(
        reverse("recruitment:mapping_send", args=[form.uuid]), {"contact": world.contact_a.pk}, follow=True
    )
    assert "Legg til minst én stilling" in response.content.decode()
    assert form.versions.get().status == MappingStatus.DRAFT


def test_an_approved_form_cannot_be_edited_but_a_new_version_can_be_started(kam_client, world):
    form = approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    response = kam_client.post(reverse("recruitment:mapping_edit", args=[form.uuid]), {"title": "Nytt"}, follow=True)
    assert "Bare et utkast kan endres." in response.content.decode()
    assert form.versions.get().title == "Kartlegging 2027"

    response = kam_client.post(reverse("recruitment:mapping_new_version", args=[form.uuid]), follow=True)
    assert "Versjon 2 er startet som utkast." in response.content.decode()
    kam_client.post(reverse("recruitment:mapping_edit", args=[form.uuid]), {"title": "Kartlegging 2027 v2"})
    titles = dict(form.versions.values_list("number", "title"))
    assert titles == {1: "Kartlegging 2027", 2: "Kartlegging 2027 v2"}
    old = kam_client.get(reverse("recruitment:mapping_version", args=[form.uuid, 1])).content.decode()
    assert "Dette er en tidligere versjon." in old and "Kartlegging 2027" in old and "approval-stamp" in old


def test_the_contact_sees_the_form_of_their_employer_but_cannot_change_it(client, world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    client.force_login(world.contact_user)
    page = client.get(reverse("recruitment:mapping_detail", args=[form.uuid])).content.decode()
    assert "Kartlegging 2027" in page
    assert "Legg til stilling" not in page
    assert client.get(reverse("recruitment:mapping_edit", args=[form.uuid])).status_code == 403


def test_a_position_of_an_older_version_cannot_be_edited_through_the_newest(kam_client, world):
    form = approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    old_position = form.versions.get().positions.first()
    kam_client.post(reverse("recruitment:mapping_new_version", args=[form.uuid]))
    url = reverse("recruitment:mapping_position_edit", args=[form.uuid, old_position.uuid])
    assert kam_client.get(url).status_code == 404


def test_wrong_methods_are_refused(kam_client, world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    assert kam_client.get(reverse("recruitment:mapping_withdraw", args=[form.uuid])).status_code == 405
    assert kam_client.get(reverse("recruitment:mapping_new_version", args=[form.uuid])).status_code == 405
    assert kam_client.post(reverse("recruitment:mapping_list")).status_code == 405
    assert kam_client.post(reverse("recruitment:mapping_detail", args=[form.uuid])).status_code == 405


# --- lists: what waits for approval, and for how long ---------------------------------------------


def _make_forms(world, count: int):
    from tests.factories import EmployerFactory

    for n in range(count):
        employer = EmployerFactory(
            region=world.region, responsible_provider=world.provider_a, responsible_kam=world.kam_a
        )
        from tests.factories import ContactFactory

        contact = ContactFactory(employer=employer)
        if n % 2:
            sent_mapping_form(employer=employer, kam=world.kam_a, contact=contact, positions=2)
        else:
            mapping_form(employer=employer, kam=world.kam_a, positions=2)


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_number_of_queries_for_5_and_50_forms(kam_client, world):
    url = reverse("recruitment:mapping_list")
    _make_forms(world, 5)
    at_5 = _list_queries(kam_client, url)
    _make_forms(world, 45)
    at_50 = _list_queries(kam_client, url)
    assert at_5 == at_50
    html = kam_client.get(url).content.decode()
    assert len(re.findall(r'href="/mapping/[0-9a-f-]{36}/"', html)) == 50


def test_the_employer_list_costs_the_same_number_of_queries_for_5_and_50_forms(kam_client, world):
    url = reverse("recruitment:mapping_employer", args=[world.employer_a.uuid])
    for _ in range(5):
        sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a, positions=1)
    at_5 = _list_queries(kam_client, url)
    for _ in range(45):
        mapping_form(employer=world.employer_a, kam=world.kam_a, positions=1)
    at_50 = _list_queries(kam_client, url)
    assert at_5 == at_50


def _sent_on(form, day: datetime.date) -> None:
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())
    MappingFormVersion.objects.filter(form=form).update(sent_at=noon)


def test_the_list_shows_what_waits_for_approval_and_for_how_long_in_working_days_oldest_first(kam_client, world):
    older, _, _ = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    newer, _, _ = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    _sent_on(older, datetime.date(2026, 11, 16))  # Monday a week before: 8 calendar days, 6 working days
    _sent_on(newer, datetime.date(2026, 11, 20))  # Friday: the weekend does not count
    approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)):
        kam_client.force_login(world.kam_a)
        html = kam_client.get(reverse("recruitment:mapping_list")).content.decode()
    waiting = html.split('id="waiting-table"')[1].split("</table>")[0]
    assert waiting.index("6 virkedager") < waiting.index("2 virkedager")
    assert "Godkjent" in html.split('id="others-heading"')[1]


def test_public_holidays_do_not_count_as_waiting(kam_client, world):
    form, _, _ = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    _sent_on(form, datetime.date(2026, 12, 23))  # then Christmas: 24th and 28th to 31st count, 25th, 26th not
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.UTC)):
        kam_client.force_login(world.kam_a)  # a new session: the fixture's would have expired by then
        html = kam_client.get(reverse("recruitment:mapping_list")).content.decode()
    assert "6 virkedager" in html.split('id="waiting-table"')[1]  # 24, 28, 29, 30, 31 Dec and 4 Jan


def test_a_form_sent_today_has_waited_no_working_day(kam_client, world):
    sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    html = kam_client.get(reverse("recruitment:mapping_list")).content.decode()
    assert "0 virkedager" in html.split('id="waiting-table"')[1]


def test_another_providers_kam_sees_none_of_these_forms(client, world):
    sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    client.force_login(world.kam_b)
    html = client.get(reverse("recruitment:mapping_list")).content.decode()
    assert "Ingen kartleggingsskjemaer venter på godkjenning." in html
    assert "Kartlegging 2027" not in html


def test_the_kam_sees_the_contacts_comment_when_changes_are_requested(kam_client, world):
    from recruitment.services import mapping as services

    form, _, token = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    services.mapping_approval_answer(token=token, approve=False, comment="Mer om skiftarbeid, takk.")
    html = kam_client.get(reverse("recruitment:mapping_detail", args=[form.uuid])).content.decode()
    assert "Kontaktpersonen ba om endringer" in html
    assert "Mer om skiftarbeid, takk." in html


def test_the_list_links_the_kams_own_employers_to_start_a_form(kam_client, world):
    response = kam_client.get(reverse("recruitment:mapping_list"))
    html = response.content.decode()
    assert reverse("recruitment:mapping_employer", args=[world.employer_a.uuid]) in html
    assert reverse("recruitment:mapping_employer", args=[world.employer_b.uuid]) not in html
    assert "<title>Kartleggingsskjemaer – KAM-portalen</title>" in html


def test_the_employer_page_links_the_responsible_kam_to_its_mapping_forms(client, world):
    from django.urls import reverse

    client.force_login(world.kam_a)
    page = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert reverse("recruitment:mapping_employer", kwargs={"uuid": world.employer_a.uuid}) in page
    client.force_login(world.kam_b)
    page = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert reverse("recruitment:mapping_employer", kwargs={"uuid": world.employer_a.uuid}) not in page
