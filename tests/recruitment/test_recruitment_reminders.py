"""The recruitment reminder kinds: the CV deadline soon and passed, a list without the employer's
answers past its feedback deadline, and after four weeks. What is due, to whom, once, in the
recipient's language, at a fixed query cost."""

import datetime
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification, ReminderSent
from accounts.reminders import discover_kinds, reminders_sweep
from recruitment import reminders as kinds
from recruitment.models import Recruitment, RequestStatus
from recruitment.reminders import (
    CV_DEADLINE_PASSED,
    CV_DEADLINE_SOON,
    LIST_FEEDBACK_OVERDUE,
    LIST_FEEDBACK_OVERDUE_CONTACT,
    LIST_UNANSWERED_FOUR_WEEKS,
    cv_deadline_soon_window,
)
from recruitment.services import recruitments as services
from tests.candidates.conftest import private_root  # noqa: F401
from tests.factories import ContactFactory
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=OSLO)


CREATED = at(2026, 11, 2, 10)  # a Monday
DEADLINE = datetime.date(2026, 11, 10)  # a Tuesday


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Sweep one kind at `now` (the clock moved there too) and send the mails it queued."""

    def run(kind: str, now: datetime.datetime) -> int:
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(kinds=[kind]).sent[kind]

    return run


def to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def finder_queries(finder, now) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        found = list(finder(now))
    return len(ctx), len(found)


def test_the_recruitment_kinds_are_registered():
    assert {
        CV_DEADLINE_SOON,
        CV_DEADLINE_PASSED,
        LIST_FEEDBACK_OVERDUE,
        LIST_FEEDBACK_OVERDUE_CONTACT,
        LIST_UNANSWERED_FOUR_WEEKS,
    } <= set(discover_kinds())


# --- the CV deadline is two working days away -------------------------------------------------


def soon(today: datetime.date, deadline: datetime.date) -> bool:
    after, before = cv_deadline_soon_window(today)
    return after < deadline < before


def test_a_deadline_is_soon_from_two_working_days_before_it_until_the_day_before():
    tuesday = datetime.date(2026, 11, 10)
    assert not soon(datetime.date(2026, 11, 5), tuesday)  # Thursday: 3 working days away
    assert soon(datetime.date(2026, 11, 6), tuesday)  # Friday: Monday and Tuesday
    assert soon(datetime.date(2026, 11, 9), tuesday)
    assert not soon(tuesday, tuesday)  # the deadline day: no longer "soon"
    # Over New Year: 1 January is a holiday, New Year's Eve a working day.
    monday = datetime.date(2027, 1, 4)
    assert not soon(datetime.date(2026, 12, 29), monday)
    assert soon(datetime.date(2026, 12, 30), monday)
    # A deadline on a Sunday is as far away as the Friday before it.
    assert soon(datetime.date(2026, 11, 11), datetime.date(2026, 11, 15))
    assert not soon(datetime.date(2026, 11, 10), datetime.date(2026, 11, 15))


@pytest.fixture
def asked(world):
    """Recruitment of provider A (kam_a), deadline Tuesday 10 November, a request to kam_b not yet answered."""
    with time_machine.travel(CREATED, tick=False):
        recruitment = recruitment_for(world, cv_deadline=DEADLINE)
        coordination_request = request_to_b(world, recruitment, accept=False)
    mail.outbox.clear()
    return recruitment, coordination_request


def test_three_working_days_before_the_deadline_nothing_is_due(world, asked, sweep):
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 5)) == 0


def test_two_working_days_before_the_supplying_kam_and_the_coordinating_kam_are_reminded(world, asked, sweep):
    recruitment, coordination_request = asked
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 6)) == 2
    [supplier] = to(world.kam_b.email)
    assert supplier.subject.startswith("Påminnelse: CV-er til ")
    assert "hos Bedrift Æ AS skal inn innen 10. nov. 2026" in supplier.subject
    assert "er 10. nov. 2026, om 2 virkedager, og tiltaksarrangøren din har ikke foreslått noen ennå" in (supplier.body)
    assert "Du har ikke svart på koordineringsforespørselen ennå." in supplier.body
    assert f"/recruitments/requests/{coordination_request.uuid}/" in supplier.body
    [coordinator] = to(world.kam_a.email)
    assert "din egen tiltaksarrangør har ikke foreslått noen kandidat ennå" in coordinator.body
    assert "De andre tiltaksarrangørene har foreslått 0 kandidater så langt." in coordinator.body
    assert "1 koordineringsforespørsel er fortsatt åpen." in coordinator.body
    assert f"/recruitments/{recruitment.uuid}/" in coordinator.body
    keys = set(ReminderSent.objects.values_list("kind", "object_type", "object_id", "due_date"))
    assert keys == {
        (CV_DEADLINE_SOON, "recruitment.coordinationrequest", str(coordination_request.pk), DEADLINE),
        (CV_DEADLINE_SOON, "recruitment.recruitment", str(recruitment.pk), DEADLINE),
    }


def test_the_deadline_reminder_is_sent_once_however_often_the_sweep_runs(world, asked, sweep):
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 6)) == 2
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 6, 10)) == 0
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 9)) == 0
    assert len(mail.outbox) == 2


def test_no_reminder_goes_out_on_a_weekend_the_next_working_day_sends_it(world, asked, sweep):
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 7)) == 0  # Saturday
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 9)) == 2  # Monday: 1 working day left
    assert "om 1 virkedag," in to(world.kam_b.email)[0].body


def test_on_the_deadline_day_the_soon_reminder_is_no_longer_due(world, asked, sweep):
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 10)) == 0


def test_a_provider_that_proposed_or_answered_gets_no_deadline_reminder(world, asked, sweep):
    recruitment, coordination_request = asked
    with time_machine.travel(CREATED, tick=False):
        services.coordination_request_answer(
            coordination_request=coordination_request, actor=world.kam_b, answer="accept"
        )
        propose(world, recruitment, proposable_candidate(world, "b"))
        propose(world, recruitment, proposable_candidate(world, "a"))
    coordination_request.refresh_from_db()
    assert coordination_request.status == RequestStatus.CANDIDATES_SUBMITTED
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 6)) == 0


def test_an_accepted_request_without_a_proposal_is_reminded_a_declined_one_is_not(world, sweep):
    with time_machine.travel(CREATED, tick=False):
        accepted = request_to_b(world, recruitment_for(world, cv_deadline=DEADLINE), accept=True)
        declined = request_to_b(world, recruitment_for(world, cv_deadline=DEADLINE), accept=False)
        services.coordination_request_answer(
            coordination_request=declined, actor=world.kam_b, answer="decline", comment="Ingen ledige"
        )
    sweep(CV_DEADLINE_SOON, at(2026, 11, 6))
    [message] = to(world.kam_b.email)
    assert f"/recruitments/requests/{accepted.uuid}/" in message.body
    assert "Du har ikke svart" not in message.body
    assert len(to(world.kam_a.email)) == 2  # provider A proposed nobody to either recruitment


def test_a_single_provider_recruitment_reminds_the_coordinating_kam_without_the_request_counts(world, sweep):
    with time_machine.travel(CREATED, tick=False):
        recruitment_for(world, cv_deadline=DEADLINE)
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 6)) == 1
    [message] = to(world.kam_a.email)
    assert "koordineringsforespørsel" not in message.body
    assert "Bedriften vil intervjue 2." in message.body


def test_a_closed_or_draft_recruitment_gets_no_deadline_reminders(world, asked, sweep):
    recruitment, _ = asked
    with time_machine.travel(CREATED, tick=False):
        recruitment_for(world, cv_deadline=DEADLINE, open_it=False)
        services.recruitment_close(recruitment=recruitment, actor=world.kam_a, action="cancel")
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 6)) == 0


def test_a_moved_deadline_is_reminded_again(world, asked, sweep):
    recruitment, _ = asked
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 6)) == 2
    with time_machine.travel(at(2026, 11, 6, 12), tick=False):
        services.recruitment_update_plan(
            recruitment=recruitment, actor=world.kam_a, cv_deadline=datetime.date(2026, 11, 13)
        )
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 10)) == 0  # Tuesday: three working days before the Friday
    assert sweep(CV_DEADLINE_SOON, at(2026, 11, 11)) == 2
    assert (
        sorted(ReminderSent.objects.values_list("due_date", flat=True))
        == [DEADLINE, DEADLINE] + [datetime.date(2026, 11, 13)] * 2
    )


def test_a_supplying_kam_who_reads_english_gets_the_deadline_reminder_in_english(world, asked, sweep):
    world.kam_b.language = "en"
    world.kam_b.save()
    sweep(CV_DEADLINE_SOON, at(2026, 11, 6))
    [message] = to(world.kam_b.email)
    assert message.subject.endswith("at Bedrift Æ AS are due on 10 Nov 2026")
    assert "in 2 working days, and your provider has not proposed anyone yet." in message.body
    assert '<html lang="en">' in message.alternatives[0][0]
    assert to(world.kam_a.email)[0].subject.startswith("Påminnelse")


def test_an_inactive_supplying_kam_is_logged_and_the_coordinating_kam_still_reminded(world, asked, sweep, caplog):
    world.kam_b.is_active = False
    world.kam_b.save()
    with caplog.at_level(logging.WARNING, logger="recruitment.reminders"):
        assert sweep(CV_DEADLINE_SOON, at(2026, 11, 6)) == 1
    assert [m.to for m in mail.outbox] == [[world.kam_a.email]]
    assert "coordination request" in caplog.text and "has no active KAM to remind" in caplog.text


def test_the_soon_finder_costs_the_same_queries_for_one_and_for_three_recruitments(world):
    def make(n):
        with time_machine.travel(CREATED, tick=False):
            for _ in range(n):
                request_to_b(world, recruitment_for(world, cv_deadline=DEADLINE), accept=False)

    make(1)
    one = finder_queries(kinds.cv_deadlines_soon, at(2026, 11, 6))
    make(2)
    three = finder_queries(kinds.cv_deadlines_soon, at(2026, 11, 6))
    assert (one[1], three[1]) == (2, 6)
    assert one[0] == three[0] == 2  # the open requests, the recruitments


# --- the CV deadline has passed ---------------------------------------------------------------


def test_the_day_after_the_deadline_the_coordinating_kam_is_asked_to_compile_the_list(world, asked, sweep):
    recruitment, coordination_request = asked
    with time_machine.travel(CREATED, tick=False):
        services.coordination_request_answer(
            coordination_request=coordination_request, actor=world.kam_b, answer="accept"
        )
        own = propose(world, recruitment, proposable_candidate(world, "a"))
        propose(world, recruitment, proposable_candidate(world, "b"))
        propose(world, recruitment, proposable_candidate(world, "b"))
        withdrawn = propose(world, recruitment, proposable_candidate(world, "b"))
        services.submission_withdraw(submission=withdrawn, actor=world.kam_b)
        services.submission_decide(submission=own, actor=world.kam_a, shortlist=True)
    mail.outbox.clear()
    assert sweep(CV_DEADLINE_PASSED, at(2026, 11, 10, 23)) == 0  # the deadline day itself
    assert sweep(CV_DEADLINE_PASSED, at(2026, 11, 11)) == 1
    [message] = mail.outbox
    assert message.to == [world.kam_a.email]
    assert message.subject.startswith("Påminnelse: fristen for CV-er til ")
    assert "var 10. nov. 2026, og kandidatlisten er ikke sendt ennå" in message.body
    assert "3 kandidater ble foreslått, fra 2 tiltaksarrangører." in message.body
    assert "2 forslag venter på din avgjørelse." in message.body
    assert "Ta stilling til hvert forslag og sett sammen kandidatlisten til bedriften." in message.body
    assert f"/recruitments/{recruitment.uuid}/proposals/" in message.body
    reminder = ReminderSent.objects.get()
    assert (reminder.object_id, reminder.due_date) == (str(recruitment.pk), DEADLINE)


def test_the_passed_reminder_is_sent_once_and_not_on_the_weekend(world, sweep):
    with time_machine.travel(CREATED, tick=False):
        recruitment_for(world, cv_deadline=datetime.date(2026, 11, 13))  # a Friday
    assert sweep(CV_DEADLINE_PASSED, at(2026, 11, 14)) == 0  # Saturday
    assert sweep(CV_DEADLINE_PASSED, at(2026, 11, 16)) == 1
    assert sweep(CV_DEADLINE_PASSED, at(2026, 11, 16, 10)) == 0
    assert sweep(CV_DEADLINE_PASSED, at(2026, 11, 20)) == 0
    [message] = mail.outbox
    assert "Ingen kandidater ble foreslått." in message.body
    assert "Bedriften vil intervjue 2: fortell bedriften hvordan søket går" in message.body


def test_a_deadline_passed_with_the_list_sent_or_a_closed_recruitment_is_not_reminded(world, sweep):
    with time_machine.travel(CREATED, tick=False):
        sent = recruitment_for(world, cv_deadline=DEADLINE)
        submission = propose(world, sent, proposable_candidate(world, "a"))
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
        services.recruitment_send_list(recruitment=sent, actor=world.kam_a, contact=world.contact_a)
        closed = recruitment_for(world, cv_deadline=DEADLINE)
        services.recruitment_close(recruitment=closed, actor=world.kam_a, action="close_unfilled", reason="Trukket")
    assert sweep(CV_DEADLINE_PASSED, at(2026, 11, 11)) == 0


def test_a_coordinating_kam_who_reads_english_is_told_in_english(world, sweep):
    world.kam_a.language = "en"
    world.kam_a.save()
    with time_machine.travel(CREATED, tick=False):
        recruitment = recruitment_for(world, cv_deadline=DEADLINE)
        propose(world, recruitment, proposable_candidate(world, "a"))
    sweep(CV_DEADLINE_PASSED, at(2026, 11, 11))
    [message] = mail.outbox
    assert message.subject.endswith("at Bedrift Æ AS has passed")
    assert "1 candidate was proposed, from one provider." in message.body
    assert "1 proposal waits for your decision." in message.body


def test_the_passed_finder_costs_one_query_for_one_and_for_three_recruitments(world):
    def make(n):
        with time_machine.travel(CREATED, tick=False):
            for _ in range(n):
                propose(world, recruitment_for(world, cv_deadline=DEADLINE), proposable_candidate(world, "a"))

    make(1)
    one = finder_queries(kinds.cv_deadlines_passed, at(2026, 11, 11))
    make(2)
    three = finder_queries(kinds.cv_deadlines_passed, at(2026, 11, 11))
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0] == 1


# --- the list: feedback overdue, and four weeks without answers -------------------------------

FEEDBACK_DEADLINE = datetime.date(2026, 11, 16)  # 10 working days after Monday 2 November
FOUR_WEEKS = datetime.date(2026, 11, 30)


def send_list(world, contact=None):
    """A list with a candidate of provider A and one of provider B, sent on Monday 2 November."""
    with time_machine.travel(CREATED, tick=False):
        recruitment = recruitment_for(world)
        request_to_b(world, recruitment)
        own = propose(world, recruitment, proposable_candidate(world, "a"))
        theirs = propose(world, recruitment, proposable_candidate(world, "b"))
        for submission in (own, theirs):
            services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=contact or world.contact_a)
    recruitment.refresh_from_db()
    assert recruitment.feedback_deadline == FEEDBACK_DEADLINE
    mail.outbox.clear()
    return recruitment, own, theirs


def answer_interview(world, submission):
    """What the employer's answer "to interview" leaves behind (the hiring services write it)."""
    services.submission_transition(
        submission=submission, action="invite", actor=world.kam_a, updates={"employer_answer": "interview"}
    )


@pytest.fixture
def listed(world):
    return send_list(world)


def both(sweep, now) -> int:
    return sweep(LIST_FEEDBACK_OVERDUE, now) + sweep(LIST_FEEDBACK_OVERDUE_CONTACT, now)


def test_on_the_feedback_deadline_day_nothing_is_overdue(world, listed, sweep):
    assert both(sweep, at(2026, 11, 16, 22)) == 0


def test_the_day_after_the_feedback_deadline_the_kam_and_the_contact_are_reminded(world, listed, sweep):
    recruitment, _, _ = listed
    assert both(sweep, at(2026, 11, 17)) == 2
    [kam] = to(world.kam_a.email)
    assert kam.subject.startswith("Påminnelse: ikke noe svar fra Bedrift Æ AS på kandidatlisten til ")
    assert "ble sendt 2. nov. 2026, med svar fra bedriften innen 16. nov. 2026" in kam.body
    assert "2 kandidater på listen har fortsatt ikke fått svar." in kam.body
    assert "Vi har sendt Kari Kontakt (contact@bedrift-a.no) en påminnelse med lenken til listen." in kam.body
    assert f"/recruitments/{recruitment.uuid}/" in kam.body
    [contact] = to(world.contact_a.email)
    assert contact.subject.startswith("Påminnelse: kandidatene til ")
    assert "Hei Kari Kontakt" in contact.body
    assert "og ba om svar innen 16. nov. 2026. 2 kandidater på listen venter fortsatt på svar" in contact.body
    assert f"/recruitments/{recruitment.uuid}/list/" in contact.body
    assert world.kam_a.full_name in contact.body
    assert set(ReminderSent.objects.values_list("kind", "object_id", "due_date")) == {
        (LIST_FEEDBACK_OVERDUE, str(recruitment.pk), FEEDBACK_DEADLINE),
        (LIST_FEEDBACK_OVERDUE_CONTACT, str(recruitment.pk), FEEDBACK_DEADLINE),
    }


def test_the_overdue_reminders_are_sent_once_however_often_the_sweep_runs(world, listed, sweep):
    assert both(sweep, at(2026, 11, 17)) == 2
    assert both(sweep, at(2026, 11, 17, 10)) == 0
    assert both(sweep, at(2026, 11, 24)) == 0
    assert len(mail.outbox) == 2


def test_only_the_unanswered_candidates_count_and_a_fully_answered_list_is_not_reminded(world, sweep):
    recruitment, own, theirs = send_list(world)
    with time_machine.travel(at(2026, 11, 12), tick=False):
        answer_interview(world, own)
    assert both(sweep, at(2026, 11, 17)) == 2
    assert "1 kandidat på listen har fortsatt ikke fått svar." in to(world.kam_a.email)[0].body
    assert "1 kandidat på listen venter fortsatt på svar" in to(world.contact_a.email)[0].body

    other, own, theirs = send_list(world)
    with time_machine.travel(at(2026, 11, 12), tick=False):
        answer_interview(world, own)
        answer_interview(world, theirs)
    mail.outbox.clear()
    assert both(sweep, at(2026, 11, 18)) == 0


def test_a_contact_without_an_account_is_reminded_at_the_address_the_list_went_to(world, sweep):
    contact = ContactFactory(employer=world.employer_a, full_name="Per Uten Konto", email="per@bedrift-a.no")
    send_list(world, contact=contact)
    assert both(sweep, at(2026, 11, 17)) == 2
    [message] = to("per@bedrift-a.no")
    assert "Hei Per Uten Konto" in message.body
    assert "Vi har sendt Per Uten Konto (per@bedrift-a.no) en påminnelse" in to(world.kam_a.email)[0].body


def test_a_contact_who_reads_english_gets_the_reminder_in_english(world, listed, sweep):
    world.contact_user.language = "en"
    world.contact_user.save()
    sweep(LIST_FEEDBACK_OVERDUE_CONTACT, at(2026, 11, 17))
    [message] = to(world.contact_a.email)
    assert message.subject.endswith("wait for your answer")
    assert "and asked for your answer by 16 Nov 2026. 2 candidates on the list still wait" in message.body


def test_four_weeks_after_the_list_the_coordinating_kam_is_asked_to_close_it(world, listed, sweep):
    recruitment, _, _ = listed
    assert sweep(LIST_UNANSWERED_FOUR_WEEKS, at(2026, 11, 27)) == 0
    assert sweep(LIST_UNANSWERED_FOUR_WEEKS, at(2026, 11, 29)) == 0  # 27 days, and a Sunday
    assert sweep(LIST_UNANSWERED_FOUR_WEEKS, at(2026, 11, 30, 0)) == 1
    [message] = mail.outbox
    assert message.to == [world.kam_a.email]
    assert message.subject.startswith("Påminnelse: lukk den ubesvarte kandidatlisten til ")
    assert "ble sendt 2. nov. 2026, for fire uker siden, og 2 kandidater på den har fortsatt ikke" in (message.body)
    assert f"/recruitments/{recruitment.uuid}/#close-unanswered" in message.body
    reminder = ReminderSent.objects.get()
    assert (reminder.kind, reminder.object_id, reminder.due_date) == (
        LIST_UNANSWERED_FOUR_WEEKS,
        str(recruitment.pk),
        FOUR_WEEKS,
    )


def test_the_four_weeks_reminder_goes_once_and_not_for_an_answered_or_closed_list(world, listed, sweep):
    recruitment, own, theirs = listed
    assert sweep(LIST_UNANSWERED_FOUR_WEEKS, at(2026, 11, 30)) == 1
    assert sweep(LIST_UNANSWERED_FOUR_WEEKS, at(2026, 12, 1)) == 0
    assert sweep(LIST_UNANSWERED_FOUR_WEEKS, at(2027, 1, 5)) == 0
    answered, own, theirs = send_list(world)
    with time_machine.travel(at(2026, 11, 12), tick=False):
        answer_interview(world, own)
        answer_interview(world, theirs)
    closed, _, _ = send_list(world)
    with time_machine.travel(at(2026, 11, 12), tick=False):
        services.recruitment_close(recruitment=closed, actor=world.kam_a, action="cancel")
    assert sweep(LIST_UNANSWERED_FOUR_WEEKS, at(2026, 12, 2)) == 0
    assert Recruitment.objects.get(pk=closed.pk).status == "cancelled"


def test_the_list_finders_cost_the_same_queries_for_one_and_for_three_lists(world):
    send_list(world)
    counts_one = [
        finder_queries(finder, now)
        for finder, now in [
            (kinds.lists_with_feedback_overdue, at(2026, 11, 17)),
            (kinds.lists_with_feedback_overdue_to_the_contact, at(2026, 11, 17)),
            (kinds.lists_unanswered_four_weeks, at(2026, 11, 30)),
        ]
    ]
    send_list(world)
    send_list(world)
    counts_three = [
        finder_queries(finder, now)
        for finder, now in [
            (kinds.lists_with_feedback_overdue, at(2026, 11, 17)),
            (kinds.lists_with_feedback_overdue_to_the_contact, at(2026, 11, 17)),
            (kinds.lists_unanswered_four_weeks, at(2026, 11, 30)),
        ]
    ]
    assert counts_one == [(1, 1)] * 3
    assert counts_three == [(1, 3)] * 3


def test_the_list_sweeps_cost_the_same_queries_for_one_and_for_two_lists(world):
    """The whole sweep (finder, keys, notifications, rendering), not only the finder: a field the finder's
    narrow rows (`.only()`) left out and a template read would cost a query per reminder."""

    def sweep_queries() -> list[tuple[int, int]]:
        counts = []
        for kind, now in [
            (LIST_FEEDBACK_OVERDUE, at(2026, 11, 17)),
            (LIST_FEEDBACK_OVERDUE_CONTACT, at(2026, 11, 17)),
            (LIST_UNANSWERED_FOUR_WEEKS, at(2026, 11, 30)),
        ]:
            with time_machine.travel(now, tick=False), CaptureQueriesContext(connection) as ctx:
                sent = reminders_sweep(kinds=[kind]).sent[kind]
            counts.append((len(ctx), sent))
        return counts

    send_list(world)
    one = sweep_queries()
    send_list(world)
    send_list(world)
    two = sweep_queries()
    assert [sent for _, sent in one] == [1, 1, 1]
    assert [sent for _, sent in two] == [2, 2, 2]
    assert [queries for queries, _ in one] == [queries for queries, _ in two]
    bodies = Notification.objects.filter(kind=f"reminder.{LIST_FEEDBACK_OVERDUE_CONTACT}").values_list(
        "body", flat=True
    )
    assert all(world.kam_a.full_name in body for body in bodies)
