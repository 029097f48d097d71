"""The placement follow-up reminder: due to the candidate's advisor when the next follow-up is today or
past, once per due date, at a fixed query cost."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import ReminderSent
from accounts.reminders import discover_kinds, reminders_sweep
from recruitment.reminders import PLACEMENT_FOLLOW_UP_DUE, placements_follow_up_due
from recruitment.services import placements as services
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.recruitment_factories import chosen_submissions, placement_for

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(now: datetime.datetime) -> int:
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(kinds=[PLACEMENT_FOLLOW_UP_DUE]).sent[PLACEMENT_FOLLOW_UP_DUE]

    return run


def _day(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9)))


def test_the_kind_is_registered():
    assert PLACEMENT_FOLLOW_UP_DUE in discover_kinds()


def test_it_is_not_due_before_the_next_follow_up(world, sweep):
    placement = placement_for(world, follow_up_every_days=7)
    assert sweep(_day(placement.next_follow_up - DAY)) == 0
    assert not mail.outbox


def test_it_reminds_the_advisor_on_the_day_and_only_once(world, sweep):
    placement = placement_for(world, follow_up_every_days=7)
    mail.outbox.clear()
    assert sweep(_day(placement.next_follow_up)) == 1
    assert [m.to for m in mail.outbox] == [[world.advisor_b.email]]
    assert "følg opp praksisen" in mail.outbox[0].subject
    assert sweep(_day(placement.next_follow_up + 3 * DAY)) == 0
    assert ReminderSent.objects.filter(kind=PLACEMENT_FOLLOW_UP_DUE).count() == 1


def test_a_note_moves_the_due_date_and_so_makes_a_new_reminder(world, sweep):
    placement = placement_for(world, follow_up_every_days=7)
    first_due = placement.next_follow_up
    assert sweep(_day(first_due)) == 1
    with time_machine.travel(_day(first_due), tick=False):
        services.placement_note_add(placement=placement, actor=world.advisor_b, occurred_on=first_due, text="Ok.")
    assert sweep(_day(first_due + 6 * DAY)) == 0
    assert sweep(_day(first_due + 7 * DAY)) == 1


def test_hired_and_ended_placements_are_not_followed_up(world, sweep):
    first, second = chosen_submissions(world, ("a", "b"), openings=2)
    hired, ended = placement_for(world, submission=first), placement_for(world, submission=second)
    services.placement_hire(
        placement=hired, actor=world.kam_a, hired_on=timezone.localdate(), employment_kind="permanent"
    )
    services.placement_end(placement=ended, actor=world.kam_a, ended_on=timezone.localdate(), reason="candidate")
    assert sweep(_day(timezone.localdate() + 60 * DAY)) == 0


def test_the_finder_costs_one_query_for_one_and_for_five_placements(world):
    def finder_queries(now):
        with CaptureQueriesContext(connection) as ctx:
            found = list(placements_follow_up_due(now))
        return len(ctx), len(found)

    later = _day(timezone.localdate() + 30 * DAY)
    placement_for(world)
    one = finder_queries(later)
    for submission in chosen_submissions(world, ("b",) * 4, openings=4):
        placement_for(world, submission=submission)
    five = finder_queries(later)
    assert (one[1], five[1]) == (1, 5)
    assert one[0] == five[0] == 1
