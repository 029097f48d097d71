"""Retention of employer contacts who left: erased CONTACT_RETENTION_DAYS after the day they left, once, in
place; afterwards their name, e-mail and phone are in no text, char or JSON column of any table (the search of
tests/candidates/test_retention.py), while dates, states and ids stay."""

import datetime
import threading
from collections import Counter
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from accounts.models import AuditEvent, Notification, User
from accounts.notifications import notify
from candidates.processing import processing_record
from candidates.retention import retention_run
from recruitment.contact_retention import ERASED_NAME, contact_retention_run
from recruitment.models import (
    AgreementVersion,
    ApprovalRequest,
    AttendanceWeek,
    Contact,
    MappingFormVersion,
    Recruitment,
    Submission,
)
from recruitment.services import agreements, attendance, contact_left_undo, contact_mark_left, contact_update
from tests.candidates.conftest import private_root  # noqa: F401
from tests.candidates.test_retention import rows_holding
from tests.factories import ContactFactory
from tests.recruitment.factories import approved_mapping_form
from tests.recruitment.hiring_factories import sent_list
from tests.recruitment.recruitment_factories import placement_for

NAME = "Kari Kontakt"
EMAIL = "contact@bedrift-a.no"
PHONE = "+47 98 76 54 32"  # as the contact form stores it
TYPED_PHONE = "98765432"
T0 = datetime.datetime(2027, 1, 11, 9, 0, tzinfo=datetime.UTC)  # a Monday
LEFT_ON = (T0 + datetime.timedelta(days=1)).date()
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")


def after_leaving(days: int) -> datetime.datetime:
    return datetime.datetime.combine(LEFT_ON, datetime.time(9), tzinfo=datetime.UTC) + datetime.timedelta(days=days)


def statistics() -> dict:
    return {
        "approvals": Counter(ApprovalRequest.objects.values_list("decision", "used_at")),
        "mapping": Counter(MappingFormVersion.objects.values_list("status", flat=True)),
        "agreements": Counter(AgreementVersion.objects.values_list("status", "employer_confirmed_at")),
        "attendance": Counter(AttendanceWeek.objects.values_list("status", "decided_at")),
        "recruitments": Counter(Recruitment.objects.values_list("status", "list_sent_to_id")),
        "answers": Counter(Submission.objects.values_list("employer_answer", "status")),
        "contacts": Counter(Contact.objects.values_list("employer_id", flat=True)),
    }


def busy_contact(world):
    """contact_a through everything a contact does: approves a mapping form, gets a candidate list, confirms an
    expectation agreement, approves attendance; KAMs are told by name; the contact log names them."""
    contact = world.contact_a
    contact_update(actor=world.kam_a, contact=contact, full_name=NAME, email=EMAIL, phone=PHONE, is_primary=True)
    approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=contact)
    sent_list(world, a=1, b=0)
    placement = placement_for(world, start_date=T0.date() - datetime.timedelta(days=21))
    agreement = agreements.agreement_point_add(
        placement=placement,
        actor=world.advisor_b,
        title="Oppmøte",
        employer_expects="Møter presis",
        provider_expects="Ringer ukentlig",
        candidate_expects="Faste vakter",
        follow_up="Hvert møte",
    ).agreement
    agreements.agreement_send(agreement=agreement, actor=world.advisor_b, agreed_on=T0.date())
    agreement.refresh_from_db()
    agreements.agreement_confirm_by_employer(agreement=agreement, contact=contact, seen_hash=agreement.content_hash)
    week = attendance.attendance_week_record(
        placement=placement,
        actor=world.advisor_b,
        week_start=T0.date() - datetime.timedelta(days=7),
        days_present=5,
        days_sick=0,
        hours=Decimal("37.5"),
    )
    attendance.attendance_week_answer(week=week, contact=contact, approve=True)
    notify(
        recipients=[world.kam_a],
        kind="test.mention",
        template="emails/reminder",
        context={"title": f"{NAME} ({EMAIL}, {PHONE}, mobil {TYPED_PHONE}) svarte", "text": "", "due_date": T0.date()},
    )
    contact.refresh_from_db()
    return contact


@pytest.mark.usefixtures("private_root")
def test_a_contact_who_left_is_kept_for_the_period_then_erased_once_and_nothing_of_them_is_left(
    world, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        contact = busy_contact(world)
    for needle in (NAME, EMAIL, PHONE):
        assert rows_holding(needle), f"the setup should spread {needle!r} around"
    assert "recruitment.ApprovalRequest.decided_by_name" in rows_holding(NAME)
    assert "recruitment.AgreementVersion.employer_confirmed_name" in rows_holding(NAME)
    assert "recruitment.AttendanceWeek.decided_by_name" in rows_holding(NAME)
    with time_machine.travel(after_leaving(0), tick=False):
        contact_mark_left(actor=world.kam_a, contact=contact, left_on=LEFT_ON)
    before = statistics()

    with time_machine.travel(after_leaving(179), tick=False):
        assert retention_run().contacts == []
    contact.refresh_from_db()
    assert contact.full_name == NAME and contact.erased_at is None
    with time_machine.travel(after_leaving(181), tick=False):
        run = retention_run()
    assert run.contacts == [contact.pk]

    for needle in (NAME, EMAIL, PHONE, TYPED_PHONE):
        assert rows_holding(needle) == [], needle
    contact.refresh_from_db()
    assert contact.full_name == ERASED_NAME and contact.phone == "" and contact.erased_at is not None
    assert contact.left_on == LEFT_ON and contact.user_id == world.contact_user.pk
    user = User.objects.get(pk=world.contact_user.pk)
    assert not user.is_active and not user.has_usable_password() and user.full_name == ERASED_NAME
    assert statistics() == before
    assert not Notification.objects.filter(user=user).exclude(body="").exists()
    assert AuditEvent.objects.filter(action="contact.erased", object_id=str(contact.pk)).count() == 1
    with time_machine.travel(after_leaving(182), tick=False):
        assert retention_run().contacts == []  # once
    with pytest.raises(Exception, match="erased|slettet"):
        contact_left_undo(actor=world.kam_a, contact=contact)


def test_a_current_contact_and_an_undone_departure_are_kept(world):
    with time_machine.travel(T0, tick=False):
        current = ContactFactory(employer=world.employer_a, is_primary=False)
        undone = ContactFactory(employer=world.employer_a, is_primary=False)
        contact_mark_left(actor=world.kam_a, contact=undone, left_on=T0.date())
        contact_left_undo(actor=world.kam_a, contact=undone)
    with time_machine.travel(T0 + datetime.timedelta(days=400), tick=False):
        assert contact_retention_run().erased == []
    assert not Contact.objects.filter(pk__in=[current.pk, undone.pk], erased_at__isnull=False).exists()


def test_the_period_comes_from_the_setting(world, settings):
    settings.CONTACT_RETENTION_DAYS = 30
    with time_machine.travel(T0, tick=False):
        contact = ContactFactory(employer=world.employer_a, is_primary=False)
        contact_mark_left(actor=world.kam_a, contact=contact, left_on=T0.date())
    with time_machine.travel(T0 + datetime.timedelta(days=29), tick=False):
        assert contact_retention_run().erased == []
    with time_machine.travel(T0 + datetime.timedelta(days=31), tick=False):
        assert contact_retention_run().erased == [contact.pk]


def test_the_dry_run_lists_the_contacts_and_why_and_changes_nothing(world, capsys):
    with time_machine.travel(T0, tick=False):
        contact = ContactFactory(employer=world.employer_a, full_name="Dag Dryrun", is_primary=False)
        contact_mark_left(actor=world.kam_a, contact=contact, left_on=T0.date())
    with time_machine.travel(T0 + datetime.timedelta(days=181), tick=False):
        call_command("apply_retention", "--dry-run")
        out = capsys.readouterr().out
        assert f"would erase: contact {contact.pk}" in out
        assert "left 2027-01-11, more than 180 days ago" in out
        assert "Dag Dryrun" not in out
        contact.refresh_from_db()
        assert contact.full_name == "Dag Dryrun" and contact.erased_at is None
        call_command("apply_retention")
        assert "1 contact(s) erased" in capsys.readouterr().out
    contact.refresh_from_db()
    assert contact.erased_at is not None


def test_the_record_of_processing_gives_the_contact_retention_period(world, settings):
    from django.utils import translation

    settings.CONTACT_RETENTION_DAYS = 90
    with translation.override("en"):
        [row] = [p for p in processing_record() if str(p.category) == "Employers' contact persons"]
        assert "erased 90 days after the day they left the employer" in str(row.retention)
    with translation.override("nb"):
        [row] = [p for p in processing_record() if str(p.category) == "Bedriftenes kontaktpersoner"]
        assert "slettes 90 dager etter dagen de sluttet hos bedriften" in str(row.retention)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_erase_each_contact_once(world):
    start = T0
    with time_machine.travel(start, tick=False):
        contacts = [ContactFactory(employer=world.employer_a, is_primary=False) for _ in range(3)]
        for contact in contacts:
            contact_mark_left(actor=world.kam_a, contact=contact, left_on=start.date())
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(retention_run(now=start + datetime.timedelta(days=200)).contacts)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = [pk for run in results for pk in run]
    assert len(results) == 2
    assert sorted(done) == sorted(c.pk for c in contacts)  # each once, by one of the two
    assert AuditEvent.objects.filter(action="contact.erased").count() == 3
