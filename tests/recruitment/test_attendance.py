"""Attendance per week: the advisor records it (days within the week's working days in the placement, sane
hours, a week of the placement), the employer's contact approves it or asks for a correction, the advisor
corrects and resubmits and checks approved weeks; totals count approved weeks only; the reminder to the
contacts after the set number of working days goes once per sending; the export holds approved weeks."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEvent, Notification, ReminderSent
from accounts.reminders import discover_kinds, reminders_sweep
from kamportal.workflow import StaleVersion
from recruitment.models import AttendanceStatus, AttendanceWeek
from recruitment.reminders import ATTENDANCE_AWAITING_APPROVAL
from recruitment.selectors.placement_records import attendance_totals, portal_awaiting
from recruitment.services import attendance as services
from recruitment.services.placement_transitions import PlacementRecordError
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.portal_factories import accept_terms, contact_user
from tests.recruitment.recruitment_factories import placement_for

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=datetime.UTC)  # a Wednesday, no holidays near
MONDAY = datetime.date(2026, 11, 16)
WEEK = datetime.timedelta(days=7)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def fixed_day():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def placement(world):
    return placement_for(world, start_date=MONDAY - 3 * WEEK)


def _record(world, placement, week_start, **fields):
    values = {"days_present": 4, "days_sick": 1, "hours": Decimal("30")}
    return services.attendance_week_record(
        placement=placement, actor=world.advisor_b, week_start=week_start, **{**values, **fields}
    )


def test_a_week_is_recorded_from_any_day_of_it_and_waits_for_approval(world, placement):
    week = _record(world, placement, MONDAY - WEEK + 3 * DAY)
    assert week.week_start == MONDAY - WEEK and week.status == AttendanceStatus.SUBMITTED
    assert week.iso_week == "2026-W46"
    assert AuditEvent.objects.filter(action="placement.attendance_recorded", candidate_id=placement.candidate_id)


@pytest.mark.parametrize(
    "week_start, fields, field, message",
    [
        (MONDAY - WEEK, {"days_present": 6}, "days_present", "høyst 5"),
        (MONDAY - WEEK, {"days_present": 4, "days_sick": 2}, "days_present", "til sammen 6"),
        (MONDAY - 4 * WEEK, {}, "week_start", "utenfor praksisen"),
        (MONDAY + WEEK, {}, "week_start", "ikke har begynt"),
        (None, {}, "week_start", "Oppgi uken"),
        (MONDAY - WEEK, {"hours": Decimal("-1")}, "hours", "mellom 0 og 60"),
        (MONDAY - WEEK, {"hours": Decimal("61")}, "hours", "mellom 0 og 60"),
        (MONDAY - WEEK, {"hours": None}, "hours", "Oppgi timene"),
        (MONDAY - WEEK, {"days_present": 0, "days_sick": 5, "hours": Decimal("7.5")}, "hours", "minst én dag"),
    ],
)
def test_bad_weeks_are_refused_in_norwegian_and_nothing_is_saved(world, placement, week_start, fields, field, message):
    with pytest.raises(ValidationError) as error:
        _record(world, placement, week_start, **fields)
    assert field in error.value.message_dict, error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert not AttendanceWeek.objects.exists()


def test_the_first_week_counts_only_the_placements_days(world):
    placement = placement_for(world, start_date=MONDAY - WEEK + 3 * DAY)  # starts on a Thursday
    with pytest.raises(ValidationError, match="2 arbeidsdager"):
        _record(world, placement, MONDAY - WEEK, days_present=3, days_sick=0)
    assert _record(world, placement, MONDAY - WEEK, days_present=2, days_sick=0).days_present == 2


def test_a_week_is_recorded_once(world, placement):
    _record(world, placement, MONDAY - WEEK)
    with pytest.raises(ValidationError, match="allerede registrert"):
        _record(world, placement, MONDAY - WEEK + DAY)
    assert AttendanceWeek.objects.count() == 1


def test_approve_correct_resubmit_approve_check(world, placement):
    first, second = _record(world, placement, MONDAY - 2 * WEEK), _record(world, placement, MONDAY - WEEK)
    services.attendance_week_answer(week=first, contact=world.contact_a, approve=True)
    first.refresh_from_db()
    assert first.status == AttendanceStatus.APPROVED and first.decided_by == world.contact_user
    assert "Kari Kontakt" in first.decided_by_name
    with pytest.raises(ValidationError, match="hva som bør rettes"):
        services.attendance_week_answer(week=second, contact=world.contact_a, approve=False, comment=" ")
    services.attendance_week_answer(
        week=second, contact=world.contact_a, approve=False, comment="Syk torsdag, ikke fredag"
    )
    second.refresh_from_db()
    assert second.status == AttendanceStatus.CORRECTION_REQUESTED
    [told] = Notification.objects.filter(kind="recruitment.attendance_correction_requested")
    assert told.email == world.advisor_b.email and "Syk torsdag" in told.body
    with pytest.raises(PlacementRecordError):
        services.attendance_week_answer(week=second, contact=world.contact_a, approve=True)
    services.attendance_week_correct(week=second, actor=world.advisor_b, version=second.version, hours=Decimal("31.5"))
    second.refresh_from_db()
    assert second.status == AttendanceStatus.SUBMITTED and second.hours == Decimal("31.5")
    services.attendance_week_answer(week=second, contact=world.contact_a, approve=True)
    services.attendance_week_check(week=first, actor=world.advisor_b)
    first.refresh_from_db()
    assert first.status == AttendanceStatus.CHECKED and first.checked_by == world.advisor_b
    with pytest.raises(PlacementRecordError, match="godkjent"):
        services.attendance_week_correct(week=first, actor=world.advisor_b, version=first.version, hours=Decimal(1))
    totals = attendance_totals(placement=placement)
    assert totals["weeks"] == 2 and totals["present"] == 8 and totals["sick"] == 2
    assert totals["hours"] == Decimal("61.5") and totals["rate"] == 80


def test_a_stale_correction_is_refused(world, placement):
    week = _record(world, placement, MONDAY - WEEK)
    services.attendance_week_correct(week=week, actor=world.advisor_b, version=1, hours=Decimal(20))
    with pytest.raises(StaleVersion):
        services.attendance_week_correct(week=week, actor=world.advisor_b, version=1, hours=Decimal(25))
    week.refresh_from_db()
    assert week.hours == Decimal(20)


def test_a_contact_of_another_employer_cannot_answer(world, placement):
    week = _record(world, placement, MONDAY - WEEK)
    with pytest.raises(PlacementRecordError):
        services.attendance_week_answer(week=week, contact=contact_user(employer=world.employer_b), approve=True)
    week.refresh_from_db()
    assert week.status == AttendanceStatus.SUBMITTED


def test_the_reminder_goes_to_the_contacts_after_the_set_working_days_once(
    world, placement, settings, django_capture_on_commit_callbacks
):
    settings.ATTENDANCE_APPROVAL_REMINDER_WORKING_DAYS = 3
    assert ATTENDANCE_AWAITING_APPROVAL in discover_kinds()
    week = _record(world, placement, MONDAY - WEEK)  # sent Wednesday 18 November

    def sweep(now):
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(kinds=[ATTENDANCE_AWAITING_APPROVAL]).sent[ATTENDANCE_AWAITING_APPROVAL]

    mail.outbox.clear()
    assert sweep(NOW + 2 * DAY) == 0  # Friday: two working days
    assert sweep(NOW + 5 * DAY) == 1  # Monday: three working days
    assert [m.to for m in mail.outbox] == [[world.contact_a.email]]
    assert placement.candidate.full_name not in mail.outbox[0].body  # the e-mail links to the portal only
    assert "/portal/placements/" in mail.outbox[0].body
    assert sweep(NOW + 6 * DAY) == 0
    services.attendance_week_answer(week=week, contact=world.contact_a, approve=False, comment="Feil timer")
    services.attendance_week_correct(week=week, actor=world.advisor_b, version=week.version, hours=Decimal(29))
    assert sweep(NOW + 6 * DAY) == 0  # sent again just now
    assert ReminderSent.objects.filter(kind=ATTENDANCE_AWAITING_APPROVAL).count() == 1


def test_the_portal_awaiting_selector_costs_the_same_for_many_weeks(world):
    accept_terms(world.contact_user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            found = portal_awaiting(user=world.contact_user, employer=world.employer_a)
        return len(queries), len(found["weeks"])

    first = placement_for(world, start_date=MONDAY - 6 * WEEK)
    _record(world, first, MONDAY - WEEK)
    count()  # the user's principal and terms are read once per request, then kept on the user
    small, weeks = count()
    for n in range(2, 6):
        _record(world, first, MONDAY - n * WEEK)
    large, more = count()
    assert (weeks, more) == (1, 5) and small == large


# --- the export ---------------------------------------------------------------------------------


def _approved_pair(world, placement):
    weeks = [_record(world, placement, MONDAY - 2 * WEEK), _record(world, placement, MONDAY - WEEK)]
    _record(world, placement, MONDAY)  # still waiting: not exported
    for week in weeks:
        services.attendance_week_answer(week=week, contact=world.contact_a, approve=True)
    return weeks


def test_the_csv_export_holds_the_approved_weeks_and_is_audited(client, world, placement):
    _approved_pair(world, placement)
    client.force_login(world.advisor_b)
    url = reverse("recruitment:placement_attendance_export", kwargs={"uuid": placement.uuid, "fmt": "csv"})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[2] for row in rows[1:]] == ["2026-W45", "2026-W46"]
    assert rows[1][0] == placement.candidate.full_name and rows[1][4] == "4"
    assert AuditEvent.objects.filter(action="placement.attendance_exported", candidate_id=placement.candidate_id)


def test_the_xlsx_export_holds_the_same_weeks(client, world, placement):
    _approved_pair(world, placement)
    client.force_login(world.kam_b)
    url = reverse("recruitment:placement_attendance_export", kwargs={"uuid": placement.uuid, "fmt": "xlsx"})
    response = client.get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == ["2026-W45", "2026-W46"] and rows[1][8] == 30
    assert client.get(url.replace("export.xlsx", "export.pdf")).status_code == 404


def test_an_advisor_of_another_provider_gets_404_on_the_export(client, world, placement):
    client.force_login(world.advisor_a)
    url = reverse("recruitment:placement_attendance_export", kwargs={"uuid": placement.uuid, "fmt": "csv"})
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="placement.attendance_exported").exists()
