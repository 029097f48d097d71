"""After the list, through the services: the employer's answers, interviews with .ics invitations, the choice."""

import datetime

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import AuditEvent, Notification
from candidates.models import Candidate
from kamportal.lib.ics import interview_ics, interview_uid
from recruitment.models import (
    EmployerAnswer,
    Interview,
    NotRelevantReason,
    Recruitment,
    RecruitmentEvent,
    RecruitmentStatus,
    Submission,
    SubmissionStatus,
)
from recruitment.services import hiring
from recruitment.services import recruitments as services
from recruitment.services.recruitments import RecruitmentError
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.hiring_factories import answer, fresh, in_days, schedule, sent_list
from tests.recruitment.portal_factories import contact_user

pytestmark = pytest.mark.django_db
S, R = SubmissionStatus, RecruitmentStatus


def _en(error) -> str:
    with translation.override("en"):
        return " ".join(getattr(error.value, "messages", [str(error.value)]))


def _status(obj) -> str:
    return type(obj).objects.values_list("status", flat=True).get(pk=obj.pk)


def _notified(kind: str) -> set:
    return set(Notification.objects.filter(kind=kind).values_list("email", flat=True))


def _calendar(notification_or_bytes) -> icalendar.Calendar:
    data = notification_or_bytes
    if isinstance(data, Notification):
        [attachment] = data.attachments.all()
        assert attachment.filename == "intervju.ics" and attachment.mimetype == "text/calendar"
        data = bytes(attachment.content)
    return icalendar.Calendar.from_ical(data)


def _event(calendar: icalendar.Calendar):
    [event] = calendar.walk("VEVENT")
    return event


# --- the employer's answers -------------------------------------------------------------------------


def test_the_first_to_interview_answer_starts_the_interviews_and_tells_the_coordinating_kam(world):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, supplied, EmployerAnswer.INTERVIEW, comment="Vi vil gjerne møte henne.")
    supplied.refresh_from_db()
    assert supplied.status == S.INTERVIEW
    assert supplied.employer_answer == EmployerAnswer.INTERVIEW
    assert supplied.employer_comment == "Vi vil gjerne møte henne."
    assert supplied.employer_answered_by == world.contact_user and supplied.employer_answered_at
    assert _status(recruitment) == R.INTERVIEWING
    event = RecruitmentEvent.objects.get(subject="submission", subject_id=supplied.pk, action="invite")
    assert event.shared_with_employer and event.provider_id == world.provider_b.pk
    assert event.actor == world.contact_user and event.comment == "Vi vil gjerne møte henne."
    assert RecruitmentEvent.objects.get(subject="recruitment", action="start_interviews").shared_with_employer
    assert _notified("recruitment.employer_answer_interview") == {world.kam_a.email}
    # the second invitation leaves the recruitment as it is
    answer(world, own, EmployerAnswer.INTERVIEW)
    assert RecruitmentEvent.objects.filter(action="start_interviews").count() == 1
    assert _status(recruitment) == R.INTERVIEWING


def test_not_relevant_needs_a_reason_and_nothing_changes_without_one(world):
    recruitment, [own, supplied] = sent_list(world)
    events = RecruitmentEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        answer(world, supplied, EmployerAnswer.NOT_RELEVANT, comment="Nei")
    assert "why the candidate is not relevant" in _en(error)
    with pytest.raises(ValidationError) as error:
        answer(world, supplied, EmployerAnswer.NOT_RELEVANT, reason="bad")
    with pytest.raises(ValidationError) as error:
        answer(world, supplied, "maybe")
    assert "Please choose an answer" in _en(error)
    supplied.refresh_from_db()
    assert supplied.status == S.SHORTLISTED and supplied.employer_answer == ""
    assert RecruitmentEvent.objects.count() == events
    assert not Notification.objects.filter(kind__startswith="recruitment.employer_answer").exists()


def test_not_relevant_sends_the_reason_to_the_advisor_and_the_supplying_kam(world, django_capture_on_commit_callbacks):
    recruitment, [own, supplied] = sent_list(world)
    with django_capture_on_commit_callbacks(execute=True):
        answer(
            world,
            supplied,
            EmployerAnswer.NOT_RELEVANT,
            reason=NotRelevantReason.LANGUAGE,
            comment="Trenger flytende norsk.",
        )
    supplied.refresh_from_db()
    assert supplied.status == S.REJECTED
    assert supplied.not_relevant_reason == NotRelevantReason.LANGUAGE
    assert "Trenger flytende norsk." in supplied.feedback
    assert _notified("recruitment.rejected") == {world.advisor_b.email, world.kam_b.email}
    assert _notified("recruitment.employer_answer_not_relevant") == {world.kam_a.email}
    [to_advisor] = [m for m in mail.outbox if m.to == [world.advisor_b.email]]
    assert "språkkrav" in to_advisor.body.lower() and "Trenger flytende norsk." in to_advisor.body
    assert supplied.candidate.full_name in to_advisor.body
    assert _status(recruitment) == R.SHORTLIST_SENT  # one left without an answer


def test_hired_straight_from_the_list_chooses_and_closes_the_rest_when_the_one_opening_is_filled(
    world, django_capture_on_commit_callbacks
):
    recruitment, [own, invited, supplied] = sent_list(world, a=2, b=1)
    answer(world, invited, EmployerAnswer.INTERVIEW)
    interview = schedule(world, invited)
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, supplied, EmployerAnswer.HIRED, comment="Start 1. mars")
    assert _status(supplied) == S.CHOSEN
    assert _status(recruitment) == R.CANDIDATE_CHOSEN
    choice = RecruitmentEvent.objects.get(subject="recruitment", action="choose")
    # the recruitment's own event reaches every supplying KAM, so it names nobody; the proposal's event does
    assert choice.shared_with_employer and choice.comment == ""
    assert _notified("recruitment.chosen") == {world.advisor_b.email, world.kam_b.email}
    # the rest: the one without an answer is rejected, the interviewed one not chosen, both told why
    assert _status(own) == S.REJECTED and _status(invited) == S.NOT_CHOSEN
    assert "Alle stillingene er besatt" in Submission.objects.get(pk=own.pk).feedback
    assert _notified("recruitment.rejected") == {world.advisor_a.email}
    [not_chosen] = Notification.objects.filter(kind="recruitment.not_chosen")
    assert not_chosen.email == world.advisor_a.email
    # the coming interview is cancelled, with a CANCEL for the calendars
    interview.refresh_from_db()
    assert interview.cancelled_at is not None and interview.sequence == 1
    cancel = _calendar(not_chosen)
    assert cancel["METHOD"] == "CANCEL"
    assert str(_event(cancel)["UID"]) == interview_uid(interview.uuid) and _event(cancel)["SEQUENCE"] == 1
    assert str(_event(cancel)["STATUS"]) == "CANCELLED"
    # the chosen candidate stays in process (the placement is the next step)
    assert Candidate.objects.get(pk=supplied.candidate_id).status == Candidate.Status.IN_PROCESS
    # nothing more can be answered
    with pytest.raises(RecruitmentError) as error:
        answer(world, own, EmployerAnswer.HIRED)
    assert "allerede avgjort" in str(error.value)


def test_a_recruitment_with_two_openings_chooses_two_and_only_then_closes_the_rest(world):
    recruitment, [first, second, third] = sent_list(world, a=2, b=1, openings=2)
    answer(world, first, EmployerAnswer.HIRED)
    assert _status(recruitment) == R.CANDIDATE_CHOSEN
    assert _status(second) == S.SHORTLISTED and _status(third) == S.SHORTLISTED
    answer(world, second, EmployerAnswer.INTERVIEW)  # still interviewing for the second opening
    assert _status(recruitment) == R.CANDIDATE_CHOSEN
    answer(world, second, EmployerAnswer.HIRED)
    assert [_status(s) for s in (first, second, third)] == [S.CHOSEN, S.CHOSEN, S.REJECTED]
    assert RecruitmentEvent.objects.filter(subject="recruitment", action="choose").count() == 1


def test_after_the_interview_the_employer_chooses_or_gives_feedback(world):
    recruitment, [own, supplied] = sent_list(world, openings=2)
    answer(world, own, EmployerAnswer.INTERVIEW)
    answer(world, supplied, EmployerAnswer.INTERVIEW)
    answer(world, own, EmployerAnswer.NOT_RELEVANT, reason=NotRelevantReason.EXPERIENCE)
    own.refresh_from_db()
    assert own.status == S.NOT_CHOSEN and own.employer_answer == EmployerAnswer.NOT_RELEVANT
    assert _notified("recruitment.not_chosen") == {world.advisor_a.email}
    answer(world, supplied, EmployerAnswer.HIRED)
    assert _status(supplied) == S.CHOSEN
    assert _status(recruitment) == R.CANDIDATE_CHOSEN


def test_hired_before_a_coming_interview_cancels_it_in_the_calendars(world, django_capture_on_commit_callbacks):
    recruitment, [own, supplied] = sent_list(world, openings=2)
    answer(world, supplied, EmployerAnswer.INTERVIEW)
    interview = schedule(world, fresh(supplied), starts_at=in_days(7))
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, fresh(supplied), EmployerAnswer.HIRED)
    interview.refresh_from_db()
    assert interview.cancelled_at is not None and interview.sequence == 1
    chosen = Notification.objects.filter(kind="recruitment.chosen")
    assert {n.email for n in chosen} == {world.advisor_b.email, world.kam_b.email}
    for notification in chosen:
        calendar = _calendar(notification)
        assert str(calendar.get("METHOD")) == "CANCEL"
        assert str(_event(calendar).get("UID")) == interview_uid(interview.uuid)
        assert "Intervjuet som var planlagt er avlyst" in notification.body


def test_hired_after_the_interview_was_held_cancels_nothing(world):
    recruitment, [own, supplied] = sent_list(world, openings=2)
    answer(world, supplied, EmployerAnswer.INTERVIEW)
    interview = schedule(world, fresh(supplied), starts_at=in_days(2))
    with time_machine.travel(in_days(3), tick=False):
        answer(world, fresh(supplied), EmployerAnswer.HIRED)
    interview.refresh_from_db()
    assert interview.cancelled_at is None
    assert not any(n.attachments.exists() for n in Notification.objects.filter(kind="recruitment.chosen"))


def test_an_answer_on_a_candidate_already_decided_is_refused(world):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, supplied, EmployerAnswer.INTERVIEW)
    with pytest.raises(RecruitmentError) as error:
        answer(world, supplied, EmployerAnswer.INTERVIEW)
    assert "er allerede innkalt til intervju" in str(error.value)
    answer(world, own, EmployerAnswer.NOT_RELEVANT, reason=NotRelevantReason.OTHER)
    with pytest.raises(RecruitmentError) as error:
        answer(world, own, EmployerAnswer.HIRED)
    assert "allerede avgjort" in str(error.value) and "svaret ble ikke lagret" in str(error.value)
    assert _status(own) == S.REJECTED


def test_answering_twice_at_once_keeps_the_first_answer_only(world):
    recruitment, [own, supplied] = sent_list(world)
    first, second = fresh(supplied), fresh(supplied)  # two requests read the same row
    hiring.submission_employer_answer(submission=first, actor=world.contact_user, answer=EmployerAnswer.INTERVIEW)
    with pytest.raises(RecruitmentError) as error:
        hiring.submission_employer_answer(
            submission=second, actor=world.kam_a, answer=EmployerAnswer.NOT_RELEVANT, reason="other"
        )
    assert "at the same time" in _en(error)
    supplied.refresh_from_db()
    assert supplied.status == S.INTERVIEW and supplied.employer_answered_by == world.contact_user
    assert RecruitmentEvent.objects.filter(subject="submission", subject_id=supplied.pk, action="reject").count() == 0
    assert not Notification.objects.filter(kind="recruitment.rejected").exists()


def test_the_coordinating_kam_answers_on_the_employers_behalf_and_is_recorded(world):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, own, EmployerAnswer.INTERVIEW, actor=world.kam_a, comment="Avtalt på telefon")
    own.refresh_from_db()
    assert own.employer_answered_by == world.kam_a
    event = RecruitmentEvent.objects.get(subject="submission", subject_id=own.pk, action="invite")
    assert event.actor == world.kam_a and "på vegne av arbeidsgiveren" in event.comment
    assert "Avtalt på telefon" in event.comment
    assert not Notification.objects.filter(kind="recruitment.employer_answer_interview").exists()  # not to self


def test_others_may_not_answer(world):
    recruitment, [own, supplied] = sent_list(world)
    other_contact = contact_user(employer=world.employer_b, email="kontakt@bedrift-b.no")
    for actor in (world.kam_b, world.advisor_a, other_contact.user):
        with pytest.raises(RecruitmentError):
            answer(world, supplied, EmployerAnswer.HIRED, actor=actor)
    assert _status(supplied) == S.SHORTLISTED


def test_a_closed_recruitment_takes_no_answers(world):
    recruitment, [own, supplied] = sent_list(world)
    services.recruitment_close(recruitment=recruitment, actor=world.kam_a, action="cancel")
    with pytest.raises(RecruitmentError) as error:
        answer(world, own, EmployerAnswer.INTERVIEW)
    assert "tar ikke imot flere svar" in str(error.value)
    assert _status(own) == S.SHORTLISTED


# --- interviews ------------------------------------------------------------------------------------


def test_scheduling_sends_the_advisor_and_the_supplying_kam_an_ics_invitation(
    world, django_capture_on_commit_callbacks
):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, supplied, EmployerAnswer.INTERVIEW)
    starts = in_days(4, hour=9)
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(world, supplied, starts_at=starts, duration_minutes=45, notes="Ta med vitnemål")
    assert interview.sequence == 0 and interview.scheduled_by == world.kam_a
    notifications = Notification.objects.filter(kind="recruitment.interview_scheduled")
    assert {n.email for n in notifications} == {world.advisor_b.email, world.kam_b.email}
    calendar = _calendar(notifications.first())
    event = _event(calendar)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == interview_uid(interview.uuid)
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == starts
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=45)
    assert str(event["LOCATION"]) == "Storgata 1, Bergen"
    first, *rest = supplied.candidate.full_name.split()
    assert first in str(event["SUMMARY"]) and all(part not in str(event["SUMMARY"]) for part in rest)
    assert "Ta med vitnemål" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == f"mailto:{world.kam_a.email}"
    assert calendar.walk("VTIMEZONE")
    # the mail carries the same attachment
    [message] = [m for m in mail.outbox if m.to == [world.advisor_b.email] and "ntervju" in m.subject]
    assert any(a[0] == "intervju.ics" for a in message.attachments)
    shared = RecruitmentEvent.objects.get(subject="interview", action="interview_scheduled")
    assert shared.shared_with_employer and shared.subject_id == interview.pk
    assert shared.provider_id == world.provider_b.pk
    assert AuditEvent.objects.filter(action="interview.scheduled", candidate_id=supplied.candidate_id).exists()


def test_rescheduling_keeps_the_uid_and_raises_the_sequence(world):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, supplied, EmployerAnswer.INTERVIEW)
    interview = schedule(world, supplied)
    moved = schedule(world, supplied, starts_at=in_days(5, hour=13), place="Teams")
    assert moved.pk == interview.pk and moved.sequence == 1
    assert Interview.objects.count() == 1
    [latest] = Notification.objects.filter(kind="recruitment.interview_rescheduled", email=world.advisor_b.email)
    event = _event(_calendar(latest))
    assert str(event["UID"]) == interview_uid(interview.uuid) and event["SEQUENCE"] == 1
    assert str(event["LOCATION"]) == "Teams"
    # the same time again changes nothing and sends nothing
    schedule(world, supplied, starts_at=in_days(5, hour=13), place="Teams")
    assert Interview.objects.get().sequence == 1
    assert Notification.objects.filter(kind="recruitment.interview_rescheduled").count() == 2


def test_scheduling_in_the_past_or_for_a_candidate_not_invited_is_refused(world):
    recruitment, [own, supplied] = sent_list(world)
    with pytest.raises(RecruitmentError) as error:
        schedule(world, own)
    assert "ikke innkalt til intervju" in str(error.value)
    answer(world, own, EmployerAnswer.INTERVIEW)
    with pytest.raises(ValidationError) as error:
        schedule(world, own, starts_at=timezone.now() - datetime.timedelta(hours=1))
    assert "cannot be in the past" in _en(error)
    with pytest.raises(ValidationError):
        schedule(world, own, place="  ")
    with pytest.raises(RecruitmentError):
        hiring.interview_schedule(
            submission=fresh(own), actor=world.kam_b, starts_at=in_days(3), duration_minutes=30, place="Her"
        )
    assert not Interview.objects.exists()
    assert not Notification.objects.filter(kind__startswith="recruitment.interview").exists()


def test_the_ics_builder_needs_an_aware_time_and_knows_two_methods():
    with pytest.raises(ValueError):
        interview_ics(
            uid="x",
            sequence=0,
            starts_at=datetime.datetime(2027, 1, 5, 10),
            duration_minutes=30,
            summary="s",
            location="l",
        )
    with pytest.raises(ValueError):
        interview_ics(
            uid="x",
            sequence=0,
            starts_at=timezone.now(),
            duration_minutes=30,
            summary="s",
            location="l",
            method="PUBLISH",
        )
    data = interview_ics(
        uid="x", sequence=3, starts_at=timezone.now(), duration_minutes=30, summary="Intervju", location="Her"
    )
    assert _event(icalendar.Calendar.from_ical(data))["SEQUENCE"] == 3


def test_the_recruitment_model_is_left_consistent(world):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, own, EmployerAnswer.HIRED)
    recruitment = Recruitment.objects.get(pk=recruitment.pk)
    assert recruitment.status == R.CANDIDATE_CHOSEN
    actions = list(
        RecruitmentEvent.objects.filter(shared_with_employer=True).order_by("id").values_list("subject", "action")
    )
    assert actions == [
        ("recruitment", "send_list"),
        ("submission", "choose"),
        ("recruitment", "choose"),
        ("submission", "reject"),
    ]
