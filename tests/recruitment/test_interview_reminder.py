"""The interview-tomorrow reminder: the coordinating KAM and the advisor, with the .ics, once, at a fixed cost."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification, ReminderSent
from accounts.reminders import discover_kinds, reminders_sweep
from kamportal.lib.ics import interview_uid
from recruitment.models import EmployerAnswer, Interview
from recruitment.reminders import INTERVIEW_TOMORROW, interviews_tomorrow
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.hiring_factories import answer, schedule, sent_list

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _interviews(world, count: int):
    recruitment, submissions = sent_list(world, a=count, b=0, openings=count)
    for submission in submissions:
        answer(world, submission, EmployerAnswer.INTERVIEW)
    return recruitment, submissions


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=OSLO)


def test_the_kind_is_registered():
    assert INTERVIEW_TOMORROW in discover_kinds()


def test_an_interview_tomorrow_reminds_the_kam_and_the_advisor_once_with_the_invitation(
    world, django_capture_on_commit_callbacks
):
    recruitment, [submission] = _interviews(world, 1)
    day = timezone.localdate() + datetime.timedelta(days=3)
    interview = schedule(world, submission, starts_at=_at(day, 9))
    mail.outbox.clear()
    evening_before = _at(day - datetime.timedelta(days=1), 18)
    two_days_before = _at(day - datetime.timedelta(days=2), 18)
    with time_machine.travel(two_days_before, tick=False):
        assert reminders_sweep(kinds=[INTERVIEW_TOMORROW]).sent[INTERVIEW_TOMORROW] == 0
    with time_machine.travel(evening_before, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep(kinds=[INTERVIEW_TOMORROW]).sent[INTERVIEW_TOMORROW] == 1
        assert reminders_sweep(kinds=[INTERVIEW_TOMORROW]).sent[INTERVIEW_TOMORROW] == 0
    assert {m.to[0] for m in mail.outbox} == {world.kam_a.email, world.advisor_a.email}
    message = mail.outbox[0]
    assert "i morgen" in message.subject.lower() or "I morgen" in message.subject
    [(name, content, mimetype)] = [a for a in message.attachments if a[0] == "intervju.ics"]
    assert mimetype.startswith("text/calendar")
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["UID"]) == interview_uid(interview.uuid) and event["SEQUENCE"] == interview.sequence
    assert ReminderSent.objects.get(kind=INTERVIEW_TOMORROW).due_date == day
    reminded = Notification.objects.filter(kind=f"reminder.{INTERVIEW_TOMORROW}")
    assert reminded.count() == 2  # linked to the candidate (issue 15): the export and the anonymisation find them
    assert {tuple(n.subjects.values_list("candidate_id", flat=True)) for n in reminded} == {(submission.candidate_id,)}


def test_cancelled_interviews_and_other_days_are_not_reminded(world):
    recruitment, [kept, cancelled, later] = _interviews(world, 3)
    day = timezone.localdate() + datetime.timedelta(days=3)
    schedule(world, kept, starts_at=_at(day, 23))  # late evening, still that day in Oslo
    schedule(world, cancelled, starts_at=_at(day, 10))
    Interview.objects.filter(submission=cancelled).update(cancelled_at=timezone.now())
    schedule(world, later, starts_at=_at(day + datetime.timedelta(days=1), 0))  # just after midnight: the day after
    with time_machine.travel(_at(day - datetime.timedelta(days=1), 12), tick=False):
        due = list(interviews_tomorrow(timezone.now()))
    assert [d.obj.submission_id for d in due] == [kept.pk]


def test_the_finder_costs_the_same_queries_for_one_and_for_four_interviews(world):
    recruitment, submissions = _interviews(world, 4)
    day = timezone.localdate() + datetime.timedelta(days=3)
    schedule(world, submissions[0], starts_at=_at(day, 9))
    now = _at(day - datetime.timedelta(days=1), 12)

    def cost():
        with time_machine.travel(now, tick=False), CaptureQueriesContext(connection) as ctx:
            found = list(interviews_tomorrow(timezone.now()))
        return len(ctx.captured_queries), len(found)

    one = cost()
    for hour, submission in enumerate(submissions[1:], start=10):
        schedule(world, submission, starts_at=_at(day, hour))
    four = cost()
    assert one[1] == 1 and four[1] == 4
    assert one[0] == four[0]


def test_the_finder_leaves_the_ics_to_the_delivery_which_builds_it_from_the_interview_as_it_is_then(world):
    from accounts.attachments import Deferred
    from accounts.models import Notification, NotificationAttachment
    from accounts.outbox import build_email

    recruitment, [submission] = _interviews(world, 1)
    day = timezone.localdate() + datetime.timedelta(days=3)
    interview = schedule(world, submission, starts_at=_at(day, 9))
    with time_machine.travel(_at(day - datetime.timedelta(days=1), 12), tick=False):
        [due] = list(interviews_tomorrow(timezone.now()))
        assert [type(content) for _, content, _ in due.attachments] == [Deferred]
        reminders_sweep(kinds=[INTERVIEW_TOMORROW])
    stored = NotificationAttachment.objects.filter(notification__kind=f"reminder.{INTERVIEW_TOMORROW}")
    assert stored.count() == 2 and all(bytes(a.content) == b"" and a.builder == "interview_ics" for a in stored)
    # The interview moves after the sweep: the e-mail carries the new sequence.
    Interview.objects.filter(pk=interview.pk).update(sequence=interview.sequence + 1)
    notification = Notification.objects.filter(kind=f"reminder.{INTERVIEW_TOMORROW}").first()
    [(name, content, _)] = build_email(notification).attachments
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert name == "intervju.ics" and event["SEQUENCE"] == interview.sequence + 1
    # An interview gone by delivery time: the e-mail still goes, without the calendar file.
    Interview.objects.filter(pk=interview.pk).delete()
    assert build_email(notification).attachments == []


def test_a_deferred_attachment_names_only_a_known_builder():
    from accounts.attachments import Deferred

    with pytest.raises(ValueError):
        Deferred("os.system", "rm -rf /")


def test_only_a_key_for_the_same_kind_object_and_day_counts_as_sent(world):
    """The finder's NOT IN on the keys sent for tomorrow: another day's key, another kind's key or another
    interview's key does not hide an interview; its own key for tomorrow does."""
    _, [first, second] = _interviews(world, 2)
    day = timezone.localdate() + datetime.timedelta(days=3)
    one, two = (schedule(world, s, starts_at=_at(day, 9 + i)) for i, s in enumerate((first, second)))
    evening_before = _at(day - datetime.timedelta(days=1), 18)
    key = {"object_type": "recruitment.interview", "object_repr": "-"}
    ReminderSent.objects.create(
        kind=INTERVIEW_TOMORROW, object_id=str(one.pk), due_date=day - datetime.timedelta(1), **key
    )
    ReminderSent.objects.create(kind="recruitment.other", object_id=str(one.pk), due_date=day, **key)
    ReminderSent.objects.create(kind=INTERVIEW_TOMORROW, object_id=str(two.pk), due_date=day, **key)
    with time_machine.travel(evening_before, tick=False):
        assert [due.obj.pk for due in interviews_tomorrow(timezone.now())] == [one.pk]
