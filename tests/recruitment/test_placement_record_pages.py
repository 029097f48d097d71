"""The agreement, attendance and portal pages: audited, and every form refuses bad input in Norwegian with
nothing saved (the page again with the errors, or the refusal flashed where the form is a button)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from recruitment.models import AgreementPoint, AgreementStatus, AttendanceStatus, AttendanceWeek, PlacementNote
from recruitment.services import agreements
from recruitment.services.attendance import attendance_week_record
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import placement_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


@pytest.fixture
def placement(world):
    return placement_for(world, start_date=TODAY() - 21 * DAY)


def _url(name, obj, **extra):
    return reverse(f"recruitment:{name}", kwargs={"uuid": obj.uuid, **extra})


def _html(response) -> str:
    return response.content.decode()


def _sent(world, placement):
    point = agreements.agreement_point_add(
        placement=placement, actor=world.advisor_b, title="Oppmøte", employer_expects="Presis", follow_up="Ukentlig"
    )
    agreements.agreement_send(agreement=point.agreement, actor=world.advisor_b, agreed_on=TODAY())
    point.agreement.refresh_from_db()
    return point


def _week(world, placement):
    return attendance_week_record(
        placement=placement, actor=world.advisor_b, week_start=TODAY() - 7 * DAY, days_present=1, hours=Decimal(7)
    )


def test_the_agreement_and_attendance_pages_are_audited(client, world, placement):
    client.force_login(world.kam_a)
    assert client.get(_url("placement_agreement", placement)).status_code == 200
    assert client.get(_url("placement_attendance", placement)).status_code == 200
    actions = set(AuditEvent.objects.filter(candidate_id=placement.candidate_id).values_list("action", flat=True))
    assert {"placement.agreement_viewed", "placement.attendance_viewed"} <= actions


def test_a_point_without_any_expectation_is_shown_again_with_the_error(client, world, placement):
    client.force_login(world.advisor_b)
    response = client.post(_url("placement_agreement_point_add", placement), {"title": "Oppmøte", "follow_up": "X"})
    assert response.status_code == 200
    html = _html(response)
    assert "Skriv hva minst én av partene forventer." in html and "Ingenting ble lagret" in html
    assert 'value="Oppmøte"' in html and not AgreementPoint.objects.exists()


def test_a_point_edit_without_a_title_is_refused(client, world, placement):
    point = agreements.agreement_point_add(
        placement=placement, actor=world.advisor_b, title="Oppmøte", employer_expects="Presis", follow_up="Ukentlig"
    )
    client.force_login(world.advisor_b)
    response = client.post(
        _url("placement_agreement_point_edit", point), {"title": "", "follow_up": "Ukentlig", "version": "1"}
    )
    assert response.status_code == 200 and "Gi punktet et navn." in _html(response)
    point.refresh_from_db()
    assert point.title == "Oppmøte"


def test_sending_without_a_date_is_flashed_and_the_draft_stays(client, world, placement):
    point = agreements.agreement_point_add(
        placement=placement, actor=world.advisor_b, title="Oppmøte", employer_expects="Presis", follow_up="Ukentlig"
    )
    client.force_login(world.advisor_b)
    response = client.post(_url("placement_agreement_send", point.agreement), {"agreed_on": "31.02.2026"}, follow=True)
    assert "dato" in _html(response).lower()
    point.agreement.refresh_from_db()
    assert point.agreement.status == AgreementStatus.DRAFT


def test_a_candidate_confirmation_in_the_future_is_flashed(client, world, placement):
    point = _sent(world, placement)
    client.force_login(world.advisor_b)
    response = client.post(
        _url("placement_agreement_candidate", point.agreement),
        {"confirmed_on": (TODAY() + DAY).isoformat()},
        follow=True,
    )
    assert "Bekreftelsen kan ikke dateres fram i tid." in _html(response)
    point.agreement.refresh_from_db()
    assert point.agreement.candidate_confirmed_on is None


def test_the_portal_page_is_audited_and_a_wrong_fingerprint_is_refused(client, world, placement):
    point = _sent(world, placement)
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    html = _html(client.get(_url("portal_placement", placement)))
    assert point.agreement.content_hash in html and "Presis" in html
    assert AuditEvent.objects.filter(action="placement.viewed_in_portal", candidate_id=placement.candidate_id)
    response = client.post(_url("portal_agreement_confirm", point.agreement), {"content_hash": "f" * 64}, follow=True)
    assert "Avtalen har endret seg siden du åpnet den." in _html(response)
    point.agreement.refresh_from_db()
    assert point.agreement.employer_confirmed_at is None
    client.post(_url("portal_agreement_confirm", point.agreement), {"content_hash": point.agreement.content_hash})
    point.agreement.refresh_from_db()
    assert point.agreement.employer_confirmed_at is not None


def test_the_portal_home_lists_what_waits_for_the_contact(client, world, placement):
    _sent(world, placement)
    _week(world, placement)
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    html = _html(client.get(reverse("recruitment:portal_home")))
    assert 'id="portal-awaiting"' in html and "Bekreft forventningsavklaringen" in html and "Godkjenn fremmøtet" in html


def test_a_correction_request_without_a_comment_is_refused(client, world, placement):
    week = _week(world, placement)
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    response = client.post(_url("portal_attendance_answer", week), {"decision": "correct", "comment": " "}, follow=True)
    assert "Skriv hva som bør rettes." in _html(response)
    response = client.post(_url("portal_attendance_answer", week), {"decision": "maybe"}, follow=True)
    assert "Velg et svar." in _html(response)
    week.refresh_from_db()
    assert week.status == AttendanceStatus.SUBMITTED


@pytest.mark.parametrize(
    "data, message",
    [
        ({"week_start": "", "days_present": "1", "hours": "7"}, "Oppgi uken."),
        ({"week_start": "i går", "days_present": "1", "hours": "7"}, "dato"),
        ({"days_present": "6", "hours": "7"}, "En uke har høyst 5 arbeidsdager."),
        ({"days_present": "1", "hours": "99"}, "Timene må være mellom 0 og 60."),
        ({"days_present": "1", "hours": "abc"}, "Skriv et antall timer"),
        ({"days_present": "0", "days_sick": "1", "hours": "3"}, "minst én dag til stede"),
    ],
)
def test_bad_weeks_are_shown_again_with_the_error(client, world, placement, data, message):
    client.force_login(world.advisor_b)
    data = {"week_start": (TODAY() - 7 * DAY).isoformat(), **data}
    response = client.post(_url("placement_attendance_add", placement), data)
    assert response.status_code == 200 and message in _html(response)
    assert not AttendanceWeek.objects.exists()


def test_a_bad_correction_is_shown_again(client, world, placement):
    week = _week(world, placement)
    client.force_login(world.advisor_b)
    response = client.post(
        _url("placement_attendance_edit", week), {"days_present": "1", "hours": "-2", "version": str(week.version)}
    )
    assert response.status_code == 200 and "Timene må være mellom 0 og 60." in _html(response)
    week.refresh_from_db()
    assert week.hours == Decimal(7)


def test_checking_a_week_not_approved_is_flashed(client, world, placement):
    week = _week(world, placement)
    client.force_login(world.advisor_b)
    response = client.post(_url("placement_attendance_check", week), follow=True)
    assert "venter på godkjenning" in _html(response)
    week.refresh_from_db()
    assert week.status == AttendanceStatus.SUBMITTED


def test_a_follow_up_without_rating_the_points_is_shown_again(client, world, placement):
    point = _sent(world, placement)
    client.force_login(world.advisor_b)
    data = {"occurred_on": TODAY().isoformat(), "text": "Bra uke."}
    response = client.post(_url("placement_note_add", placement), data)
    assert response.status_code == 200 and "Si hvordan det går med «Oppmøte»." in _html(response)
    assert not PlacementNote.objects.exists()
    response = client.post(_url("placement_note_add", placement), {**data, f"rating_{point.uuid}": "on_track"})
    assert response.status_code == 302 and PlacementNote.objects.count() == 1
