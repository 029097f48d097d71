"""Issue 17.1: everyone hears what concerns them, once, through notify() (the outbox), in their own language.

The advisor and the supplying KAM hear of every decision about their candidate (shortlisted, not shortlisted with
the feedback, on the list sent, picked for interview, not chosen); every supplying KAM hears when the list goes out,
with or without their candidates; the employer's contact gets every interview with its .ics (scheduled, moved,
cancelled) and never the candidate's name by e-mail."""

import icalendar
import pytest

from accounts.models import Notification
from kamportal.lib.ics import interview_uid
from recruitment.models import EmployerAnswer, SubmissionStatus
from recruitment.services import recruitments as services
from recruitment.services.transitions import RecruitmentError
from tests.recruitment.hiring_factories import answer, fresh, in_days, schedule, sent_list
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db


def _kinds(address: str, since: int = 0) -> list[str]:
    return list(
        Notification.objects.filter(email__iexact=address, pk__gt=since).order_by("pk").values_list("kind", flat=True)
    )


def _last() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _calendar(notification) -> icalendar.Calendar:
    [attachment] = notification.attachments.all()
    assert (attachment.filename, attachment.mimetype) == ("intervju.ics", "text/calendar")
    return icalendar.Calendar.from_ical(bytes(attachment.content))


def test_each_decision_reaches_the_advisor_and_the_supplying_kam_once(world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    kept = propose(world, recruitment, proposable_candidate(world, "b"))
    dropped = propose(world, recruitment, proposable_candidate(world, "b"))
    mark = _last()
    services.submission_decide(submission=kept, actor=world.kam_a, shortlist=True)
    services.submission_decide(submission=dropped, actor=world.kam_a, shortlist=False, feedback="Mangler førerkort")
    # A double click: the second is refused (the proposal is decided) and tells nobody again.
    with pytest.raises(RecruitmentError):
        services.submission_decide(submission=fresh(kept), actor=world.kam_a, shortlist=True)
    for user in (world.advisor_b, world.kam_b):
        assert _kinds(user.email, mark) == ["recruitment.shortlisted", "recruitment.not_shortlisted"]
    [feedback] = Notification.objects.filter(user=world.advisor_b, kind="recruitment.not_shortlisted")
    assert "Mangler førerkort" in feedback.body and dropped.candidate.full_name in feedback.body
    # The coordinating provider's own KAM and advisor hear nothing of provider B's candidates.
    assert _kinds(world.advisor_a.email, mark) == []


def test_the_list_going_out_reaches_the_candidates_advisors_and_every_supplying_kam_once(world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    own = propose(world, recruitment, proposable_candidate(world, "a"))
    services.submission_decide(submission=own, actor=world.kam_a, shortlist=True)
    mark = _last()
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    with pytest.raises(RecruitmentError):  # sent twice: refused, nobody hears it twice
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    assert _kinds(world.advisor_a.email, mark) == ["recruitment.on_list"]
    # Provider B proposed nobody, yet its KAM hears that the list went out (without candidates of theirs).
    assert _kinds(world.kam_b.email, mark) == ["recruitment.list_sent_supplier"]
    [told] = Notification.objects.filter(user=world.kam_b, kind="recruitment.list_sent_supplier")
    assert "Ingen av deres kandidater er på den." in told.body
    assert own.candidate.full_name not in told.body  # another provider's candidate is not named


def test_a_supplying_kam_is_told_which_of_their_candidates_are_on_the_list(world):
    recruitment, [own, theirs] = sent_list(world)
    [told] = Notification.objects.filter(user=world.kam_b, kind="recruitment.list_sent_supplier")
    assert theirs.candidate.full_name in told.body and own.candidate.full_name not in told.body
    assert Notification.objects.filter(user=world.advisor_b, kind="recruitment.on_list").count() == 1


def test_picked_for_interview_and_not_chosen_reach_the_advisor_and_the_supplying_kam(world):
    recruitment, [own, theirs] = sent_list(world, a=0, b=2, openings=1)
    mark = _last()
    answer(world, theirs, EmployerAnswer.INTERVIEW)
    answer(world, own, EmployerAnswer.NOT_RELEVANT, reason="qualifications")
    for user in (world.advisor_b, world.kam_b):
        assert _kinds(user.email, mark) == ["recruitment.invited", "recruitment.rejected"]


def test_the_contact_gets_every_interview_with_its_ics_and_no_candidate_name(world):
    recruitment, [theirs] = sent_list(world, a=0, b=1)
    answer(world, theirs, EmployerAnswer.INTERVIEW)
    contact = world.contact_a.email
    name = theirs.candidate.full_name
    mark = _last()
    interview = schedule(world, theirs, starts_at=in_days(4))
    schedule(world, theirs, starts_at=in_days(4))  # the same time again (a double submit): nothing new
    assert _kinds(contact, mark) == ["recruitment.interview_scheduled_contact"]
    [scheduled] = Notification.objects.filter(email=contact, kind="recruitment.interview_scheduled_contact")
    assert name not in scheduled.subject + scheduled.body
    assert f"/recruitments/{recruitment.uuid}/list/" in scheduled.url
    assert "Et intervju for" in scheduled.body and "Storgata 1, Bergen" in scheduled.body
    calendar = _calendar(scheduled)
    [event] = calendar.walk("VEVENT")
    assert str(calendar.get("METHOD")) == "REQUEST"
    assert str(event.get("UID")) == interview_uid(interview.uuid) and name not in calendar.to_ical().decode()
    assert event.decoded("DTSTART") == in_days(4)

    mark = _last()
    schedule(world, theirs, starts_at=in_days(6))
    [moved] = Notification.objects.filter(pk__gt=mark, email=contact)
    assert moved.kind == "recruitment.interview_rescheduled_contact"
    [event] = _calendar(moved).walk("VEVENT")
    assert event.decoded("DTSTART") == in_days(6) and int(event.get("SEQUENCE")) == 1

    mark = _last()
    answer(world, theirs, EmployerAnswer.NOT_RELEVANT, reason="qualifications")
    [cancelled] = Notification.objects.filter(pk__gt=mark, email=contact)
    assert cancelled.kind == "recruitment.interview_cancelled_contact"
    assert str(_calendar(cancelled).get("METHOD")) == "CANCEL" and name not in cancelled.body


def test_the_contacts_interview_e_mail_is_in_their_language(world):
    world.contact_user.language = "en"
    world.contact_user.save(update_fields=["language"])
    recruitment, [theirs] = sent_list(world, a=0, b=1)
    answer(world, theirs, EmployerAnswer.INTERVIEW)
    schedule(world, theirs)
    [scheduled] = Notification.objects.filter(kind="recruitment.interview_scheduled_contact")
    assert scheduled.language == "en" and "An interview for" in scheduled.body


def test_the_advisor_hears_the_choice_and_the_rest_not_chosen_once(world):
    recruitment, [chosen, other] = sent_list(world, a=0, b=2, openings=1)
    mark = _last()
    answer(world, chosen, EmployerAnswer.HIRED)
    with pytest.raises(RecruitmentError):
        answer(world, chosen, EmployerAnswer.HIRED)  # the double click
    kinds = _kinds(world.advisor_b.email, mark)
    assert kinds.count("recruitment.chosen") == 1 and kinds.count("recruitment.rejected") == 1
    assert fresh(other).status == SubmissionStatus.REJECTED
