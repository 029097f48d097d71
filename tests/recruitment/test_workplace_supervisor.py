"""The workplace supervisor (a contact of the employer named on the placement): who answers for the employer in the
portal, the supervisor's own attendance weeks, the contact's request for changes to the agreement, and the
attendance summary beside the assessment."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Notification
from candidates.models import Assessment
from recruitment.models import (
    AgreementStatus,
    AgreementVersion,
    AttendanceStatus,
    AttendanceWeek,
    Placement,
    RecruitmentEvent,
)
from recruitment.services import agreements
from recruitment.services import attendance as attendance_services
from recruitment.services.placement_transitions import PlacementRecordError
from recruitment.services.placements import placement_update
from tests.factories import ContactFactory
from tests.recruitment.portal_factories import accept_terms, contact_user
from tests.recruitment.recruitment_factories import placement_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)
WEEK = {"days_present": "1", "hours": "7"}


def _url(name, obj):
    return reverse(f"recruitment:{name}", kwargs={"uuid": obj.uuid})


def _html(response) -> str:
    return response.content.decode()


@pytest.fixture
def supervisor(world):
    """A contact of employer A with a portal account, not the primary contact."""
    return contact_user(employer=world.employer_a, email="veileder@bedrift-a.no", full_name="Siv Veileder")


@pytest.fixture
def placement(world, supervisor):
    accept_terms(world.contact_user)
    return placement_for(world, start_date=TODAY() - 21 * DAY, workplace_supervisor=supervisor)


def _sent(world, placement):
    point = agreements.agreement_point_add(
        placement=placement, actor=world.advisor_b, title="Oppmøte", employer_expects="Presis", follow_up="Ukentlig"
    )
    agreements.agreement_send(agreement=point.agreement, actor=world.advisor_b, agreed_on=TODAY())
    point.agreement.refresh_from_db()
    return point.agreement


def _last_week():
    return (TODAY() - 7 * DAY).isoformat()


# --- the workplace supervisor on the placement form ---------------------------------------------------------


def test_the_placement_form_offers_only_the_employers_contacts(client, world, supervisor):
    placement = placement_for(world, start_date=TODAY() - 21 * DAY)
    foreign = ContactFactory(employer=world.employer_b, full_name="Fremmed Kontakt", email="f@bedrift-b.no")
    client.force_login(world.advisor_b)
    html = _html(client.get(_url("placement_edit", placement)))
    assert str(supervisor.uuid) in html and str(foreign.uuid) not in html


def test_a_contact_of_another_employer_is_refused_with_a_clear_message(client, world):
    placement = placement_for(world, start_date=TODAY() - 21 * DAY)
    foreign = ContactFactory(employer=world.employer_b, full_name="Fremmed Kontakt", email="f@bedrift-b.no")
    client.force_login(world.advisor_b)
    response = client.post(
        _url("placement_edit", placement),
        {
            "start_date": placement.start_date.isoformat(),
            "workplace_contact_name": "Per Leder",
            "workplace_supervisor": str(foreign.uuid),
            "follow_up_every_days": "14",
            "version": str(placement.version),
        },
    )
    assert response.status_code == 200
    html = _html(response)
    assert "Arbeidsplassveilederen må være en av kontaktpersonene i denne bedriften." in html
    assert "Ingenting ble lagret" in html
    placement.refresh_from_db()
    assert placement.workplace_supervisor_id is None


def test_the_service_refuses_a_foreign_contact_too(world):
    placement = placement_for(world, start_date=TODAY() - 21 * DAY)
    foreign = ContactFactory(employer=world.employer_b, full_name="Fremmed Kontakt", email="f@bedrift-b.no")
    with pytest.raises(ValidationError) as error:
        placement_update(
            placement=placement, actor=world.advisor_b, version=placement.version, workplace_supervisor=foreign
        )
    assert "workplace_supervisor" in error.value.message_dict
    assert Placement.objects.get(pk=placement.pk).workplace_supervisor_id is None


def test_the_advisor_names_the_supervisor(client, world, supervisor):
    placement = placement_for(world, start_date=TODAY() - 21 * DAY)
    client.force_login(world.advisor_b)
    response = client.post(
        _url("placement_edit", placement),
        {
            "start_date": placement.start_date.isoformat(),
            "workplace_contact_name": "Per Leder",
            "workplace_supervisor": str(supervisor.uuid),
            "follow_up_every_days": "14",
            "version": str(placement.version),
        },
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.workplace_supervisor == supervisor
    assert "Siv Veileder" in _html(client.get(_url("placement_detail", placement)))


# --- who answers for the employer --------------------------------------------------------------------------


def test_a_non_designated_contact_sees_the_placement_read_only_and_cannot_answer(client, world, placement):
    other = contact_user(employer=world.employer_a, email="annen@bedrift-a.no", full_name="Anne Annen")
    agreement = _sent(world, placement)
    week = attendance_services.attendance_week_record(
        placement=placement, actor=world.advisor_b, week_start=TODAY() - 7 * DAY, days_present=1, hours=Decimal(7)
    )
    client.force_login(other.user)
    html = _html(client.get(_url("portal_placement", placement)))
    assert "Presis" in html and 'id="confirm-form"' not in html and "answer-form" not in html
    assert 'id="read-only-agreement"' in html and 'id="portal-week-form"' not in html
    confirm = client.post(_url("portal_agreement_confirm", agreement), {"content_hash": agreement.content_hash})
    answer = client.post(_url("portal_attendance_answer", week), {"decision": "approve"})
    changes = client.post(
        _url("portal_agreement_request_changes", agreement),
        {"content_hash": agreement.content_hash, "comment": "Endre"},
    )
    add = client.post(_url("portal_attendance_add", placement), {"week_start": _last_week(), **WEEK})
    assert [r.status_code for r in (confirm, answer, changes, add)] == [403, 403, 403, 403]
    agreement.refresh_from_db()
    week.refresh_from_db()
    assert agreement.employer_confirmed_at is None and agreement.status == AgreementStatus.AWAITING_CONFIRMATION
    assert week.status == AttendanceStatus.SUBMITTED
    assert AttendanceWeek.objects.filter(placement=placement).count() == 1


def test_the_service_refuses_a_non_designated_contact(world, placement):
    other = contact_user(employer=world.employer_a, email="annen@bedrift-a.no", full_name="Anne Annen")
    agreement = _sent(world, placement)
    with pytest.raises(PlacementRecordError):
        agreements.agreement_confirm_by_employer(agreement=agreement, contact=other, seen_hash=agreement.content_hash)
    week = attendance_services.attendance_week_record(
        placement=placement, actor=world.advisor_b, week_start=TODAY() - 7 * DAY, days_present=1, hours=Decimal(7)
    )
    with pytest.raises(PlacementRecordError):
        attendance_services.attendance_week_answer(week=week, contact=other, approve=True)


def test_the_supervisor_and_the_primary_contact_answer(client, world, placement, supervisor):
    agreement = _sent(world, placement)
    client.force_login(supervisor.user)
    client.post(_url("portal_agreement_confirm", agreement), {"content_hash": agreement.content_hash})
    agreement.refresh_from_db()
    assert agreement.employer_confirmed_by == supervisor.user
    week = attendance_services.attendance_week_record(
        placement=placement, actor=world.advisor_b, week_start=TODAY() - 7 * DAY, days_present=1, hours=Decimal(7)
    )
    assert world.contact_a.is_primary
    client.force_login(world.contact_user)
    assert client.post(_url("portal_attendance_answer", week), {"decision": "approve"}).status_code == 302
    week.refresh_from_db()
    assert week.status == AttendanceStatus.APPROVED and week.decided_by == world.contact_user


def test_only_those_who_answer_are_asked_to_confirm(world, placement, supervisor):
    contact_user(employer=world.employer_a, email="annen@bedrift-a.no", full_name="Anne Annen")
    _sent(world, placement)
    asked = set(Notification.objects.filter(kind="recruitment.agreement_to_confirm").values_list("email", flat=True))
    assert asked == {supervisor.email, world.contact_a.email}


def test_without_a_supervisor_every_contact_answers_as_before(client, world):
    accept_terms(world.contact_user)
    placement = placement_for(world, start_date=TODAY() - 21 * DAY)
    other = contact_user(employer=world.employer_a, email="annen@bedrift-a.no", full_name="Anne Annen")
    agreement = _sent(world, placement)
    client.force_login(other.user)
    assert 'id="portal-week-form"' not in _html(client.get(_url("portal_placement", placement)))
    client.post(_url("portal_agreement_confirm", agreement), {"content_hash": agreement.content_hash})
    agreement.refresh_from_db()
    assert agreement.employer_confirmed_by == other.user
    add = client.post(_url("portal_attendance_add", placement), {"week_start": _last_week(), **WEEK})
    assert add.status_code == 403 and not AttendanceWeek.objects.exists()


def test_another_employers_contact_gets_404(client, world, placement):
    agreement = _sent(world, placement)
    client.force_login(world.contact_other)
    assert client.get(_url("portal_placement", placement)).status_code == 404
    assert (
        client.post(_url("portal_attendance_add", placement), {"week_start": _last_week(), **WEEK}).status_code == 404
    )
    assert (
        client.post(
            _url("portal_agreement_request_changes", agreement),
            {"content_hash": agreement.content_hash, "comment": "Endre"},
        ).status_code
        == 404
    )
    assert not AttendanceWeek.objects.exists()


# --- the supervisor enters attendance -----------------------------------------------------------------------


def test_the_supervisor_enters_a_week_approved_at_entry_and_the_advisor_is_told_once(
    client, world, placement, supervisor
):
    client.force_login(supervisor.user)
    token = str(uuid.uuid4())
    data = {"week_start": _last_week(), "days_present": "4", "days_sick": "1", "hours": "30", "form_token": token}
    first = client.post(_url("portal_attendance_add", placement), data)
    second = client.post(_url("portal_attendance_add", placement), data)
    assert first.status_code == 302 and second.status_code == 302
    [week] = AttendanceWeek.objects.filter(placement=placement)
    assert week.status == AttendanceStatus.APPROVED and week.entered_by_employer
    assert week.decided_by == supervisor.user and week.decided_at is not None
    assert week.days_present == 4 and week.days_sick == 1 and week.hours == Decimal(30)
    assert RecruitmentEvent.objects.filter(
        subject_id=placement.pk, action="attendance_approve_at_entry", actor=supervisor.user
    ).exists()
    told = Notification.objects.filter(kind="recruitment.attendance_entered_by_employer")
    assert [n.user for n in told] == [world.advisor_b]
    assert "Siv Veileder" not in told[0].subject  # the advisor's mail names the week, the contact is in the body


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"week_start": (TODAY() - 70 * DAY).isoformat(), **WEEK}, "Uken ligger utenfor praksisen."),
        (
            {"week_start": (TODAY() + 7 * DAY).isoformat(), **WEEK},
            "Fremmøte kan ikke registreres for en uke som ikke har begynt.",
        ),
        ({"week_start": _last_week(), "days_present": "6", "hours": "7"}, "En uke har høyst 5 arbeidsdager."),
        (
            {"week_start": _last_week(), "days_present": "0", "hours": "7"},
            "Timer arbeidet krever minst én dag til stede.",
        ),
        ({"week_start": _last_week(), "days_present": "1"}, "Oppgi timene arbeidet."),
    ],
)
def test_a_bad_week_from_the_supervisor_is_refused_with_nothing_saved(
    client, world, placement, supervisor, data, field_message
):
    client.force_login(supervisor.user)
    response = client.post(_url("portal_attendance_add", placement), data)
    assert response.status_code == 200
    html = _html(response)
    assert field_message in html and "Ingenting ble lagret" in html
    assert not AttendanceWeek.objects.exists()
    assert not Notification.objects.filter(kind="recruitment.attendance_entered_by_employer").exists()


def test_a_week_already_recorded_is_refused_for_the_supervisor(client, world, placement, supervisor):
    attendance_services.attendance_week_record(
        placement=placement, actor=world.advisor_b, week_start=TODAY() - 7 * DAY, days_present=1, hours=Decimal(7)
    )
    client.force_login(supervisor.user)
    response = client.post(_url("portal_attendance_add", placement), {"week_start": _last_week(), **WEEK})
    assert "Denne uken er allerede registrert. Rett den i stedet." in _html(response)
    assert AttendanceWeek.objects.count() == 1


def test_the_advisor_returns_a_week_and_the_supervisor_corrects_it(client, world, placement, supervisor):
    week = attendance_services.attendance_week_record_by_employer(
        placement=placement, contact=supervisor, week_start=TODAY() - 7 * DAY, days_present=1, hours=Decimal(7)
    )
    client.force_login(world.advisor_b)
    html = _html(client.get(_url("placement_attendance", placement)))
    assert "Ført av bedriften" in html and _url("placement_attendance_edit", week) not in html
    empty = client.post(_url("placement_attendance_return", week), {"comment": "  "}, follow=True)
    assert "Skriv hva som bør rettes." in _html(empty)
    week.refresh_from_db()
    assert week.status == AttendanceStatus.APPROVED
    client.post(_url("placement_attendance_return", week), {"comment": "Timene stemmer ikke"})
    week.refresh_from_db()
    assert week.status == AttendanceStatus.CORRECTION_REQUESTED and week.correction_comment == "Timene stemmer ikke"
    returned = Notification.objects.filter(kind="recruitment.attendance_returned_to_employer")
    assert sorted(n.email for n in returned) == sorted([supervisor.email, world.contact_a.email])
    assert placement.candidate.full_name not in returned[0].body  # no candidate data to the employer by e-mail

    client.force_login(supervisor.user)
    page = client.get(_url("portal_attendance_correct", week))
    assert page.status_code == 200 and "Timene stemmer ikke" in _html(page)
    bad = client.post(
        _url("portal_attendance_correct", week), {"days_present": "1", "hours": "99", "version": str(week.version)}
    )
    assert "Ingenting ble lagret" in _html(bad)
    client.post(
        _url("portal_attendance_correct", week), {"days_present": "1", "hours": "6.5", "version": str(week.version)}
    )
    week.refresh_from_db()
    assert week.status == AttendanceStatus.APPROVED and week.hours == Decimal("6.5")
    assert Notification.objects.filter(kind="recruitment.attendance_corrected_by_employer").count() == 1
    client.force_login(world.advisor_b)
    client.post(_url("placement_attendance_check", week))
    week.refresh_from_db()
    assert week.status == AttendanceStatus.CHECKED


def test_the_advisor_cannot_return_their_own_week(world, placement):
    week = attendance_services.attendance_week_record(
        placement=placement, actor=world.advisor_b, week_start=TODAY() - 7 * DAY, days_present=1, hours=Decimal(7)
    )
    with pytest.raises(PlacementRecordError):
        attendance_services.attendance_week_return(week=week, actor=world.advisor_b, comment="Feil")


def test_another_providers_advisor_gets_404_on_the_return(client, world, placement, supervisor):
    week = attendance_services.attendance_week_record_by_employer(
        placement=placement, contact=supervisor, week_start=TODAY() - 7 * DAY, days_present=1, hours=Decimal(7)
    )
    client.force_login(world.advisor_a)
    assert client.post(_url("placement_attendance_return", week), {"comment": "Feil"}).status_code == 404
    week.refresh_from_db()
    assert week.status == AttendanceStatus.APPROVED


# --- the contact asks for changes to the agreement ----------------------------------------------------------


def test_asking_for_changes_without_a_comment_is_refused(client, world, placement, supervisor):
    agreement = _sent(world, placement)
    client.force_login(supervisor.user)
    response = client.post(
        _url("portal_agreement_request_changes", agreement),
        {"content_hash": agreement.content_hash, "comment": "   "},
        follow=True,
    )
    assert "Skriv hva som bør endres i avtalen." in _html(response)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING_CONFIRMATION
    assert not Notification.objects.filter(kind="recruitment.agreement_changes_requested").exists()


def test_the_contact_asks_for_changes_and_the_next_draft_is_a_new_version(client, world, placement, supervisor):
    agreement = _sent(world, placement)
    client.force_login(supervisor.user)
    data = {
        "content_hash": agreement.content_hash,
        "comment": "Arbeidstiden skal være 8–15",
        "form_token": str(uuid.uuid4()),
    }
    client.post(_url("portal_agreement_request_changes", agreement), data)
    client.post(_url("portal_agreement_request_changes", agreement), data)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CHANGES_REQUESTED
    assert agreement.changes_requested_comment == "Arbeidstiden skal være 8–15"
    assert agreement.changes_requested_by == supervisor.user
    assert RecruitmentEvent.objects.filter(subject_id=placement.pk, action="agreement_request_changes").count() == 1
    told = Notification.objects.filter(kind="recruitment.agreement_changes_requested")
    assert [n.user for n in told] == [world.advisor_b]
    assert _url("placement_agreement", placement) in told[0].body

    client.force_login(world.advisor_b)
    html = _html(client.get(_url("placement_agreement", placement)))
    assert "Arbeidstiden skal være 8–15" in html and "Siv Veileder" in html
    draft = agreements.agreement_draft(placement=placement, actor=world.advisor_b)
    assert draft.number == agreement.number + 1 and draft.points.count() == 1
    agreements.agreement_send(agreement=draft, actor=world.advisor_b, agreed_on=TODAY())
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CHANGES_REQUESTED  # kept in the history, not superseded


def test_changes_cannot_be_asked_for_a_confirmed_version(world, placement, supervisor):
    agreement = _sent(world, placement)
    agreements.agreement_confirm_by_employer(agreement=agreement, contact=supervisor, seen_hash=agreement.content_hash)
    with pytest.raises(PlacementRecordError):
        agreements.agreement_request_changes(
            agreement=agreement, contact=supervisor, seen_hash=agreement.content_hash, comment="Endre"
        )
    assert AgreementVersion.objects.get(pk=agreement.pk).status == AgreementStatus.AWAITING_CONFIRMATION


# --- the attendance summary beside the assessment -----------------------------------------------------------


def _approved(placement, contact, *, weeks_back, present, sick=0):
    return attendance_services.attendance_week_record_by_employer(
        placement=placement,
        contact=contact,
        week_start=TODAY() - weeks_back * 7 * DAY,
        days_present=present,
        days_sick=sick,
        hours=Decimal(present * 7),
    )


def test_the_assessment_form_shows_the_attendance_record(client, world, placement, supervisor):
    _approved(placement, supervisor, weeks_back=1, present=4, sick=1)
    _approved(placement, supervisor, weeks_back=2, present=3)
    client.force_login(world.advisor_b)
    response = client.get(reverse("candidates:assessment_edit", kwargs={"uuid": placement.candidate.uuid}))
    html = _html(response)
    assert 'id="attendance-record"' in html
    assert "til stede 7 dager" in html and "syk 1" in html and "Til stede 88 % av dagene." in html
    assert AuditEvent.objects.filter(action="assessment.edit_viewed", candidate_id=placement.candidate_id).exists()


def test_the_summary_is_one_query_for_any_number_of_candidates(world, placement, supervisor, django_assert_num_queries):
    from recruitment.selectors.placement_records import attendance_summaries

    _approved(placement, supervisor, weeks_back=1, present=4, sick=1)
    with django_assert_num_queries(1):
        one = attendance_summaries(candidate_ids=[placement.candidate_id])
    other = placement_for(world, start_date=TODAY() - 21 * DAY, workplace_supervisor=supervisor)
    _approved(other, supervisor, weeks_back=1, present=2)
    with django_assert_num_queries(1):
        two = attendance_summaries(candidate_ids=[placement.candidate_id, other.candidate_id])
    assert one[placement.candidate_id].present == 4 and len(two) == 2
    assert two[other.candidate_id].rate == 100


def test_the_employer_sees_the_summary_with_the_assessment_only_where_the_consent_covers_it(
    world, placement, supervisor
):
    from candidates.models import Consent
    from recruitment.selectors.recruitments import candidate_list_for_employer

    _approved(placement, supervisor, weeks_back=1, present=4, sick=1)
    Assessment.objects.get_or_create(candidate=placement.candidate, defaults={"updated_by": world.advisor_b})
    recruitment = placement.recruitment
    Consent.objects.filter(candidate=placement.candidate).update(covers_assessment=True)
    [entry] = [e for e in candidate_list_for_employer(recruitment=recruitment) if e.candidate == placement.candidate]
    assert entry.attendance is not None and entry.attendance.present == 4
    assert "til stede 4 dager" in render_to_string("recruitment/recruitments/_entry.html", {"e": entry})
    Consent.objects.filter(candidate=placement.candidate).update(covers_assessment=False)
    [entry] = [e for e in candidate_list_for_employer(recruitment=recruitment) if e.candidate == placement.candidate]
    assert entry.attendance is None
    assert "til stede" not in render_to_string("recruitment/recruitments/_entry.html", {"e": entry})


def test_anonymising_the_candidate_redacts_the_change_request_and_keeps_the_row_valid(world, placement, supervisor):
    from candidates.anonymise import REDACTED, candidate_anonymise

    agreement = _sent(world, placement)
    name = placement.candidate.full_name
    agreements.agreement_request_changes(
        agreement=agreement, contact=supervisor, seen_hash=agreement.content_hash, comment=f"{name} begynner 08.00"
    )
    candidate_anonymise(candidate=placement.candidate, actor=None, cause="retention")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CHANGES_REQUESTED and agreement.changes_requested_comment == REDACTED


def test_the_portal_home_and_the_reminder_go_only_to_those_who_answer(client, world, placement, supervisor):
    from accounts.reminders import reminders_sweep
    from recruitment.reminders import ATTENDANCE_AWAITING_APPROVAL

    other = contact_user(employer=world.employer_a, email="annen@bedrift-a.no", full_name="Anne Annen")
    _sent(world, placement)
    week = attendance_services.attendance_week_record(
        placement=placement, actor=world.advisor_b, week_start=TODAY() - 7 * DAY, days_present=1, hours=Decimal(7)
    )
    AttendanceWeek.objects.filter(pk=week.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=20))
    client.force_login(other.user)
    assert 'id="portal-awaiting"' not in _html(client.get(reverse("recruitment:portal_home")))
    client.force_login(supervisor.user)
    home = _html(client.get(reverse("recruitment:portal_home")))
    assert 'id="portal-awaiting"' in home and "Bekreft forventningsavklaringen" in home
    assert "Arbeidsplassveileder" in home and "Siv Veileder" in home
    assert reminders_sweep(kinds=[ATTENDANCE_AWAITING_APPROVAL]).sent[ATTENDANCE_AWAITING_APPROVAL] == 1
    reminded = set(
        Notification.objects.filter(kind=f"reminder.{ATTENDANCE_AWAITING_APPROVAL}").values_list("email", flat=True)
    )
    assert reminded == {supervisor.email, world.contact_a.email}
