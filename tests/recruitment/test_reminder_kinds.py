"""The recruitment app's reminder kinds: what is due, to whom, once, and at a fixed query cost."""

import datetime
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notification, ReminderSent, Role
from accounts.reminders import discover_kinds, reminders_sweep
from recruitment.models import ApprovalRequest, ContactKind, MappingFormVersion, MappingStatus, Tier
from recruitment.reminders import (
    ACCOUNT_PLAN_REVIEW_DUE,
    MAPPING_AWAITING_APPROVAL,
    QUARTERLY_FOLLOW_UP,
    approval_reminder_due_date,
    quarterly_follow_up_due_date,
)
from recruitment.services import account_plan_save
from recruitment.services import mapping as mapping_services
from tests.factories import ContactFactory, EmployerFactory, UserFactory
from tests.recruitment.employer_factories import ContactLogEntryFactory
from tests.recruitment.factories import sent_mapping_form

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=OSLO)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Sweep one kind at `now` (the clock moved there too) and send the mails it queued."""

    def run(kind: str, now: datetime.datetime) -> int:
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(kinds=[kind]).sent[kind]

    return run


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_three_kinds_are_registered():
    assert {MAPPING_AWAITING_APPROVAL, QUARTERLY_FOLLOW_UP, ACCOUNT_PLAN_REVIEW_DUE} <= set(discover_kinds())


# --- mapping form waiting for approval ---------------------------------------------------------

SENT = at(2026, 11, 2, 10)  # a Monday
FIFTH_WORKING_DAY = at(2026, 11, 9)
SIXTH_WORKING_DAY = at(2026, 11, 10)


@pytest.fixture
def waiting(world):
    """A form kam_a sent to contact_a on Monday 2 November; returns (form, approval_request, first_token)."""
    with time_machine.travel(SENT, tick=False):
        return sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)


def test_the_approval_reminder_is_due_after_more_than_five_working_days_and_every_five_after_that():
    monday = datetime.date(2026, 11, 2)
    assert approval_reminder_due_date(monday, datetime.date(2026, 11, 9)) is None  # 5 working days
    assert approval_reminder_due_date(monday, datetime.date(2026, 11, 10)) == datetime.date(2026, 11, 10)
    assert approval_reminder_due_date(monday, datetime.date(2026, 11, 16)) == datetime.date(2026, 11, 10)
    assert approval_reminder_due_date(monday, datetime.date(2026, 11, 17)) == datetime.date(2026, 11, 17)  # 11th
    # Sent before Christmas: the holidays do not count (25, 26 Dec and 1 Jan).
    assert approval_reminder_due_date(datetime.date(2026, 12, 23), datetime.date(2026, 12, 31)) is None
    assert approval_reminder_due_date(datetime.date(2026, 12, 23), datetime.date(2027, 1, 4)) == datetime.date(
        2027, 1, 4
    )


def test_a_form_waiting_five_working_days_is_not_due_yet(world, waiting, sweep):
    assert sweep(MAPPING_AWAITING_APPROVAL, FIFTH_WORKING_DAY) == 0
    assert mail.outbox == []


def test_on_the_sixth_working_day_the_kam_and_the_contact_are_reminded(world, waiting, sweep):
    form, approval_request, _ = waiting
    assert sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY) == 2
    [kam_mail] = to(world.kam_a.email)
    assert kam_mail.subject == "Påminnelse: kartleggingsskjemaet for Bedrift Æ AS venter på godkjenning"
    assert "ble sendt til godkjenning 2. nov. 2026 og har ventet i 6 virkedager" in kam_mail.body
    assert "Vi har sendt Kari Kontakt (contact@bedrift-a.no) en påminnelse" in kam_mail.body
    assert f"/mapping/{form.uuid}/" in kam_mail.body
    assert "/approval/" not in kam_mail.body + kam_mail.alternatives[0][0]  # the KAM never gets the contact's link
    [contact_mail] = to(world.contact_a.email)
    assert contact_mail.subject == "Påminnelse: vennligst godkjenn kartleggingsskjemaet for Bedrift Æ AS"
    assert "Hei Kari Kontakt" in contact_mail.body
    assert "utløper 16. nov. 2026" in contact_mail.body
    assert approval_request.content_hash not in contact_mail.body
    html, mimetype = contact_mail.alternatives[0]
    assert mimetype == "text/html" and "/approval/" in html
    keys = set(ReminderSent.objects.values_list("kind", "object_type", "object_id", "due_date"))
    version = form.versions.get()
    assert keys == {
        (MAPPING_AWAITING_APPROVAL, "recruitment.mappingformversion", str(version.pk), datetime.date(2026, 11, 10)),
        (
            MAPPING_AWAITING_APPROVAL,
            "recruitment.approvalrequest",
            str(approval_request.pk),
            datetime.date(2026, 11, 10),
        ),
    }


def _reminder_link(address: str) -> str:
    [message] = to(address)
    [line] = {line for line in message.body.splitlines() if "/approval/" in line}
    return line.strip().removeprefix("http://127.0.0.1:8000")


def test_the_contacts_reminder_link_works_and_shares_the_single_use_of_the_first_link(world, waiting, sweep, client):
    _, approval_request, first_token = waiting
    sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY)
    link = _reminder_link(world.contact_a.email)
    assert link != reverse("recruitment:mapping_approval", kwargs={"token": first_token})
    with time_machine.travel(SIXTH_WORKING_DAY + datetime.timedelta(hours=1), tick=False):
        assert client.get(link).status_code == 200
        assert client.post(link, {"decision": "approve", "comment": ""}).status_code == 302
        approval_request.refresh_from_db()
        assert approval_request.decision == ApprovalRequest.Decision.APPROVED
        first = client.get(reverse("recruitment:mapping_approval", kwargs={"token": first_token}))
        assert first.status_code == 410  # the first e-mail's link: the same request, now used
        assert client.get(link).status_code == 410
    assert ApprovalRequest.objects.count() == 1  # the reminder issued no new request


def test_answering_through_the_first_link_also_ends_the_reminders_link(world, waiting, sweep, client):
    _, _, first_token = waiting
    sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY)
    link = _reminder_link(world.contact_a.email)
    with time_machine.travel(SIXTH_WORKING_DAY + datetime.timedelta(hours=1), tick=False):
        mapping_services.mapping_approval_answer(token=first_token, approve=False, comment="Mer om turnus.")
        assert client.get(link).status_code == 410


def test_the_reminder_is_sent_once_however_often_the_sweep_runs(world, waiting, sweep):
    assert sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY) == 2
    assert sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY + datetime.timedelta(hours=1)) == 0
    assert sweep(MAPPING_AWAITING_APPROVAL, at(2026, 11, 16)) == 0  # 10th working day: still the first reminder
    assert len(mail.outbox) == 2


def test_after_another_five_working_days_only_the_kam_is_told_the_link_has_expired(world, waiting, sweep):
    sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY)
    assert sweep(MAPPING_AWAITING_APPROVAL, at(2026, 11, 17)) == 1  # the 11th working day; the link expired on the 16th
    second = to(world.kam_a.email)[1]
    assert "har ventet i 11 virkedager" in second.body
    assert "Godkjenningslenken har utløpt" in second.body
    assert len(to(world.contact_a.email)) == 1
    assert sorted(ReminderSent.objects.values_list("due_date", flat=True)) == [
        datetime.date(2026, 11, 10),
        datetime.date(2026, 11, 10),
        datetime.date(2026, 11, 17),
    ]


def test_the_kam_who_sent_it_and_the_responsible_kam_are_both_told(world, sweep):
    colleague = UserFactory(provider=world.provider_a, roles=[Role.KAM], email="kollega@example.no")
    with time_machine.travel(SENT, tick=False):
        sent_mapping_form(employer=world.employer_a, kam=colleague, contact=world.contact_a)
    sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["kollega@example.no", world.kam_a.email, world.contact_a.email]
    )
    assert f"ba {colleague.full_name} deg om å godkjenne" in to(world.contact_a.email)[0].body


def test_a_form_answered_or_withdrawn_is_not_reminded(world, sweep):
    with time_machine.travel(SENT, tick=False):
        _, _, token = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
        mapping_services.mapping_approval_answer(token=token, approve=True)
        form, _, _ = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
        mapping_services.mapping_version_transition(version=form.versions.get(), action="withdraw", actor=world.kam_a)
    assert sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY) == 0


def test_a_form_sent_again_after_a_withdrawal_counts_from_the_new_sending(world, waiting, sweep):
    form, _, _ = waiting
    version = form.versions.get()
    with time_machine.travel(at(2026, 11, 5), tick=False):
        mapping_services.mapping_version_transition(version=version, action="withdraw", actor=world.kam_a)
        mapping_services.mapping_form_send_for_approval(version=version, actor=world.kam_a, contact=world.contact_a)
    assert sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY) == 0
    assert sweep(MAPPING_AWAITING_APPROVAL, at(2026, 11, 13)) == 2  # 6 working days after 5 November
    assert "/approval/" in _reminder_link(world.contact_a.email)
    newest = ApprovalRequest.objects.order_by("-sent_at").first()
    assert ReminderSent.objects.filter(object_type="recruitment.approvalrequest", object_id=str(newest.pk)).exists()


def test_without_an_active_kam_the_contact_is_still_reminded_and_the_gap_is_logged(world, waiting, sweep, caplog):
    world.kam_a.is_active = False
    world.kam_a.save()
    with caplog.at_level(logging.WARNING, logger="recruitment.reminders"):
        assert sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY) == 1
    assert [m.to for m in mail.outbox] == [[world.contact_a.email]]
    assert "has no active KAM to remind" in caplog.text and "Bedrift Æ AS" in caplog.text


def test_a_waiting_form_without_an_open_approval_request_reminds_the_kam_only(world, waiting, sweep):
    _, approval_request, _ = waiting
    ApprovalRequest.objects.filter(pk=approval_request.pk).delete()
    assert MappingFormVersion.objects.get().status == MappingStatus.AWAITING_APPROVAL
    assert sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY) == 1
    assert "Godkjenningslenken har utløpt" in to(world.kam_a.email)[0].body


def test_the_mapping_finder_costs_the_same_queries_for_one_and_for_five_forms(world, sweep):
    from recruitment.reminders import mapping_forms_awaiting_approval

    def finder_queries():
        with CaptureQueriesContext(connection) as ctx:
            found = list(mapping_forms_awaiting_approval(SIXTH_WORKING_DAY))
        return len(ctx), len(found)

    with time_machine.travel(SENT, tick=False):
        sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a, positions=1)
    one = finder_queries()
    with time_machine.travel(SENT, tick=False):
        for _ in range(4):
            contact = ContactFactory(employer=world.employer_a)
            sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=contact, positions=1)
    five = finder_queries()
    assert (one[1], five[1]) == (2, 10)
    assert one[0] == five[0] == 3  # versions, their open requests, the keys already sent


# --- quarterly follow-up meeting ---------------------------------------------------------------

SECOND_MONTH = at(2026, 11, 2)  # Q4: the reminder is due from 1 November


def test_the_follow_up_is_due_on_the_first_day_of_the_quarters_second_month():
    assert quarterly_follow_up_due_date(datetime.date(2026, 10, 15)) == datetime.date(2026, 11, 1)
    assert quarterly_follow_up_due_date(datetime.date(2026, 12, 31)) == datetime.date(2026, 11, 1)
    assert quarterly_follow_up_due_date(datetime.date(2027, 3, 1)) == datetime.date(2027, 2, 1)


def test_in_the_quarters_first_month_no_follow_up_is_due(world, sweep):
    assert sweep(QUARTERLY_FOLLOW_UP, at(2026, 10, 31)) == 0


def test_the_responsible_kam_is_told_of_each_employer_without_a_meeting_this_quarter(world, sweep):
    ContactLogEntryFactory(employer=world.employer_b, kam=world.kam_b, occurred_on=datetime.date(2026, 10, 20))
    ContactLogEntryFactory(employer=world.employer_other, kam=world.kam_other, occurred_on=datetime.date(2026, 9, 30))
    assert sweep(QUARTERLY_FOLLOW_UP, SECOND_MONTH) == 2  # employer_a (never met) and employer_other (last quarter)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.kam_a.email, world.kam_other.email])
    [message] = to(world.kam_other.email)
    assert message.subject == "Påminnelse: ikke noe oppfølgingsmøte med Bedrift Nord AS dette kvartalet"
    assert "i 2026 Q4" in message.body and "Siste oppfølgingsmøte: 30. sept. 2026." in message.body
    assert f"/employers/{world.employer_other.uuid}/" in message.body
    assert "Det er ennå ikke registrert noe oppfølgingsmøte" in to(world.kam_a.email)[0].body
    assert set(ReminderSent.objects.values_list("due_date", flat=True)) == {datetime.date(2026, 11, 1)}


def test_a_call_an_email_or_a_meeting_only_planned_is_not_a_follow_up_meeting(world, sweep):
    day = datetime.date(2026, 10, 20)
    ContactLogEntryFactory(employer=world.employer_a, kam=world.kam_a, occurred_on=day, kind=ContactKind.CALL)
    ContactLogEntryFactory(employer=world.employer_a, kam=world.kam_a, occurred_on=day, kind=ContactKind.EMAIL)
    ContactLogEntryFactory(employer=world.employer_a, kam=world.kam_a, occurred_on=day, planned=True)
    ContactLogEntryFactory(employer=world.employer_b, kam=world.kam_b, occurred_on=day, kind=ContactKind.VISIT)
    sweep(QUARTERLY_FOLLOW_UP, SECOND_MONTH)
    assert len(to(world.kam_a.email)) == 1
    assert to(world.kam_b.email) == []


def test_the_follow_up_reminder_goes_once_per_employer_per_quarter(world, sweep):
    assert sweep(QUARTERLY_FOLLOW_UP, SECOND_MONTH) == 3
    assert sweep(QUARTERLY_FOLLOW_UP, SECOND_MONTH + datetime.timedelta(hours=1)) == 0
    assert sweep(QUARTERLY_FOLLOW_UP, at(2026, 12, 20)) == 0
    assert len(mail.outbox) == 3
    assert sweep(QUARTERLY_FOLLOW_UP, at(2027, 2, 1)) == 3  # the next quarter is a new reminder
    assert ReminderSent.objects.filter(due_date=datetime.date(2027, 2, 1)).count() == 3


def test_an_employer_without_a_responsible_kam_is_logged_and_the_others_still_go_out(world, sweep, caplog):
    EmployerFactory(name="Foreldreløs AS", region=world.region, responsible_provider=world.provider_a)
    world.kam_other.is_active = False
    world.kam_other.save()
    with caplog.at_level(logging.WARNING, logger="recruitment.reminders"):
        assert sweep(QUARTERLY_FOLLOW_UP, SECOND_MONTH) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.kam_a.email, world.kam_b.email])
    assert "2 employers without a follow-up meeting this quarter have no active responsible KAM" in caplog.text
    assert "Bedrift Nord AS, Foreldreløs AS" in caplog.text


def test_an_excluded_employer_gets_no_follow_up_reminder(world, sweep):
    world.employer_a.tier = Tier.EXCLUDED
    world.employer_a.save()
    sweep(QUARTERLY_FOLLOW_UP, SECOND_MONTH)
    assert to(world.kam_a.email) == []


def _sweep_queries(kind: str, now: datetime.datetime) -> tuple[int, int]:
    with time_machine.travel(now, tick=False), CaptureQueriesContext(connection) as ctx:
        sent = reminders_sweep(kinds=[kind]).sent[kind]
    return len(ctx), sent


def test_the_follow_up_sweep_costs_the_same_queries_for_4_or_8_reminders(world):
    """The finder is one query (plus one count for the log); the reminders due are sent as one batch."""
    world.kam_other.is_active = False  # one employer without an active KAM: the log query runs too
    world.kam_other.save()
    for _ in range(2):
        EmployerFactory(region=world.region, responsible_provider=world.provider_a, responsible_kam=world.kam_a)
    first, sent_first = _sweep_queries(QUARTERLY_FOLLOW_UP, SECOND_MONTH)
    for _ in range(8):
        EmployerFactory(region=world.region, responsible_provider=world.provider_b, responsible_kam=world.kam_b)
    second, sent_second = _sweep_queries(QUARTERLY_FOLLOW_UP, SECOND_MONTH)
    idle, sent_idle = _sweep_queries(QUARTERLY_FOLLOW_UP, SECOND_MONTH)
    assert (sent_first, sent_second, sent_idle) == (4, 8, 0)
    assert first - idle == second - idle == BATCH_QUERIES
    assert idle == 3  # the due employers, and the count and names of those without a KAM


# The framework's cost of a batch of reminders (up to accounts.reminders.SEND_BATCH) inside the test's
# transaction: 4 queries (the keys already taken, the keys' insert, the notifications' insert, the
# key-notification links' insert) and 4 SAVEPOINT/RELEASE statements (2 atomic blocks nested in the
# test's transaction), however many reminders and recipients.
BATCH_QUERIES = 8


# --- account plan review -----------------------------------------------------------------------


def _plan(world, employer, reviewed_on: datetime.date):
    return account_plan_save(actor=world.kam_a, employer=employer, reviewed_on=reviewed_on, vision_strategy="Vekst")


def test_an_account_plan_past_its_six_monthly_review_is_reminded_to_the_responsible_kam_and_the_team(world, sweep):
    plan = _plan(world, world.employer_a, datetime.date(2026, 5, 10))
    assert sweep(ACCOUNT_PLAN_REVIEW_DUE, at(2026, 11, 10)) == 0  # due today, not past yet
    assert sweep(ACCOUNT_PLAN_REVIEW_DUE, at(2026, 11, 11)) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.kam_a.email, world.team_a.email])
    [message] = to(world.kam_a.email)
    assert message.subject == "Påminnelse: gå gjennom kundeplanen for Bedrift Æ AS"
    assert "versjon 1" in message.body and "sist gjennomgått 10. mai 2026" in message.body
    assert "innen 10. nov. 2026" in message.body
    assert f"/employers/{world.employer_a.uuid}/#h-plan" in message.body  # a page every team member may open
    reminder = ReminderSent.objects.get()
    assert (reminder.object_type, reminder.object_id) == ("recruitment.accountplanversion", str(plan.pk))
    assert reminder.due_date == datetime.date(2026, 11, 10)


def test_the_plan_reminder_goes_once_per_plan_version(world, sweep):
    _plan(world, world.employer_a, datetime.date(2026, 5, 10))
    assert sweep(ACCOUNT_PLAN_REVIEW_DUE, at(2026, 11, 11)) == 1
    assert sweep(ACCOUNT_PLAN_REVIEW_DUE, at(2026, 11, 12)) == 0
    assert sweep(ACCOUNT_PLAN_REVIEW_DUE, at(2027, 1, 12)) == 0
    _plan(world, world.employer_a, datetime.date(2027, 1, 12))  # reviewed: version 2
    assert sweep(ACCOUNT_PLAN_REVIEW_DUE, at(2027, 7, 12)) == 0
    assert sweep(ACCOUNT_PLAN_REVIEW_DUE, at(2027, 7, 13)) == 1
    assert len(to(world.kam_a.email)) == len(to(world.team_a.email)) == 2
    assert sorted(ReminderSent.objects.values_list("due_date", flat=True)) == [
        datetime.date(2026, 11, 10),
        datetime.date(2027, 7, 12),
    ]


def test_a_recently_reviewed_plan_or_no_plan_is_not_due(world, sweep):
    _plan(world, world.employer_a, datetime.date(2026, 1, 5))
    _plan(world, world.employer_a, datetime.date(2026, 9, 1))  # the current version is recent
    assert sweep(ACCOUNT_PLAN_REVIEW_DUE, at(2026, 11, 11)) == 0


def test_a_due_plan_without_an_active_kam_is_logged_and_the_others_go_out(world, sweep, caplog):
    orphan = EmployerFactory(name="Uten KAM AS", region=world.region, responsible_provider=world.provider_a)
    _plan(world, orphan, datetime.date(2026, 1, 5))
    _plan(world, world.employer_b, datetime.date(2026, 1, 5))
    with caplog.at_level(logging.WARNING, logger="recruitment.reminders"):
        assert sweep(ACCOUNT_PLAN_REVIEW_DUE, at(2026, 11, 11)) == 1
    assert [m.to for m in mail.outbox] == [[world.kam_b.email]]
    assert "1 employers with an account plan due for review have no active responsible KAM" in caplog.text
    assert "Uten KAM AS" in caplog.text


def test_the_plan_sweep_costs_the_same_queries_for_2_or_4_reminders(world):
    employers = [
        EmployerFactory(region=world.region, responsible_provider=world.provider_a, responsible_kam=world.kam_a)
        for _ in range(6)
    ]
    for employer in employers[:2]:
        _plan(world, employer, datetime.date(2026, 1, 5))
    first, _ = _sweep_queries(ACCOUNT_PLAN_REVIEW_DUE, at(2026, 11, 11))
    for employer in employers[2:]:
        _plan(world, employer, datetime.date(2026, 1, 5))
    second, sent = _sweep_queries(ACCOUNT_PLAN_REVIEW_DUE, at(2026, 11, 11))
    idle, _ = _sweep_queries(ACCOUNT_PLAN_REVIEW_DUE, at(2026, 11, 11))
    assert sent == 4
    assert idle == 2  # the due plans, and the count of those without a KAM
    assert second - idle == first - idle == BATCH_QUERIES + 1  # + the client teams of the due plans, in one query


def test_every_reminder_notification_is_kept_in_the_recipients_notification_centre(world, sweep):
    sweep(QUARTERLY_FOLLOW_UP, SECOND_MONTH)
    kinds = set(Notification.objects.filter(user=world.kam_a).values_list("kind", flat=True))
    assert kinds == {f"reminder.{QUARTERLY_FOLLOW_UP}"}


def test_a_kam_who_reads_english_gets_the_reminder_in_english(world, waiting, sweep):
    world.kam_a.language = "en"
    world.kam_a.save()
    sweep(MAPPING_AWAITING_APPROVAL, SIXTH_WORKING_DAY)
    [message] = to(world.kam_a.email)
    assert message.subject == "Reminder: the mapping form for Bedrift Æ AS awaits approval"
    assert "was sent for approval on 2 Nov 2026 and has waited 6 working days." in message.body
    assert '<html lang="en">' in message.alternatives[0][0]
    assert "Påminnelse" in to(world.contact_a.email)[0].subject  # the contact keeps the default language
