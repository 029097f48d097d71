"""Closing a candidate list the employer left unanswered: the service and the form on the recruitment page."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AuditEvent, Notification
from recruitment.models import Recruitment, RecruitmentEvent, RecruitmentStatus, Submission, SubmissionStatus
from recruitment.services import recruitments as services
from recruitment.services.recruitments import RecruitmentError
from recruitment.services.unanswered import recruitment_close_unanswered
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db

FEEDBACK = "Bedriften har ikke svart på fire uker. Vi ser etter andre stillinger."


def sent_list(world):
    """A list with a candidate of provider A and one of provider B (through kam_b's request), sent."""
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    own = propose(world, recruitment, proposable_candidate(world, "a"))
    theirs = propose(world, recruitment, proposable_candidate(world, "b"))
    for submission in (own, theirs):
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    mail.outbox.clear()
    return recruitment, own, theirs


def invited(world, submission):
    """What the employer's answer "to interview" leaves behind (the hiring services write it)."""
    services.submission_transition(
        submission=submission, action="invite", actor=world.kam_a, updates={"employer_answer": "interview"}
    )


def statuses(recruitment) -> dict:
    return dict(Submission.objects.filter(recruitment=recruitment).values_list("candidate__full_name", "status"))


def test_every_unanswered_candidate_is_rejected_with_the_feedback_and_the_recruitment_closes_unfilled(
    world, django_capture_on_commit_callbacks
):
    recruitment, own, theirs = sent_list(world)
    with django_capture_on_commit_callbacks(execute=True):
        closed = recruitment_close_unanswered(recruitment=recruitment, actor=world.kam_a, feedback=f"  {FEEDBACK} ")
    assert {s.pk for s in closed} == {own.pk, theirs.pk}
    for submission in (own, theirs):
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.REJECTED
        assert submission.feedback == FEEDBACK and submission.decided_at is not None
    recruitment.refresh_from_db()
    assert recruitment.status == RecruitmentStatus.CLOSED_UNFILLED
    assert recruitment.closed_reason == "Bedriften svarte ikke på kandidatlisten.\n\n" + FEEDBACK
    rejects = RecruitmentEvent.objects.filter(recruitment=recruitment, action="reject")
    assert rejects.count() == 2 and {e.comment for e in rejects} == {FEEDBACK}
    assert AuditEvent.objects.filter(action="submission.reject").count() == 2
    assert AuditEvent.objects.filter(action="recruitment.close_unanswered").count() == 1
    # The advisors and the supplying KAM hear it; the supplying KAM only of their own candidate; and each
    # candidate is told "we have not heard back and are closing this request" (issue 20.4).
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.advisor_a.email, world.advisor_b.email, world.kam_b.email, own.candidate.email, theirs.candidate.email]
    )
    for submission in (own, theirs):
        [told] = [m for m in mail.outbox if m.to == [submission.candidate.email]]
        assert "Vi har ikke hørt fra bedriften og lukker denne forespørselen" in told.body
        assert FEEDBACK not in told.body
    [to_kam_b] = [m for m in mail.outbox if m.to == [world.kam_b.email]]
    assert theirs.candidate.full_name in to_kam_b.body and own.candidate.full_name not in to_kam_b.body
    assert to_kam_b.subject.startswith("Ikke noe svar fra bedriften: ")
    assert "Bedriften har ikke svart, så koordinerende KAM har lukket listen for kandidaten" in to_kam_b.body
    assert FEEDBACK in to_kam_b.body
    assert f"/candidates/{theirs.candidate.uuid}/" in to_kam_b.body
    assert Notification.objects.filter(kind="recruitment.list_closed_unanswered").count() == 3


def test_with_a_candidate_at_interview_only_the_unanswered_close_and_the_recruitment_runs_on(world):
    recruitment, own, theirs = sent_list(world)
    invited(world, own)
    closed = recruitment_close_unanswered(recruitment=recruitment, actor=world.kam_a, feedback=FEEDBACK)
    assert [s.pk for s in closed] == [theirs.pk]
    assert statuses(recruitment) == {
        own.candidate.full_name: SubmissionStatus.INTERVIEW,
        theirs.candidate.full_name: SubmissionStatus.REJECTED,
    }
    assert Recruitment.objects.get(pk=recruitment.pk).status == RecruitmentStatus.SHORTLIST_SENT


def test_empty_feedback_is_refused_and_nothing_changes(world):
    recruitment, own, theirs = sent_list(world)
    events = RecruitmentEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        recruitment_close_unanswered(recruitment=recruitment, actor=world.kam_a, feedback="   ")
    with translation.override("nb"):
        assert error.value.message_dict["feedback"] == ["Skriv tilbakemeldingen kandidatenes veiledere får."]
    assert set(statuses(recruitment).values()) == {SubmissionStatus.SHORTLISTED}
    assert Recruitment.objects.get(pk=recruitment.pk).status == RecruitmentStatus.SHORTLIST_SENT
    assert RecruitmentEvent.objects.count() == events and mail.outbox == []


def test_a_list_not_sent_yet_or_without_unanswered_candidates_cannot_be_closed_for_answers(world):
    recruitment = recruitment_for(world)
    with pytest.raises(RecruitmentError):
        recruitment_close_unanswered(recruitment=recruitment, actor=world.kam_a, feedback=FEEDBACK)
    answered, own, theirs = sent_list(world)
    invited(world, own)
    invited(world, theirs)
    with pytest.raises(RecruitmentError) as error:
        recruitment_close_unanswered(recruitment=answered, actor=world.kam_a, feedback=FEEDBACK)
    with translation.override("en"):
        assert str(error.value) == "No candidate on the list waits for an answer from the employer."
    assert set(statuses(answered).values()) == {SubmissionStatus.INTERVIEW}


# --- the form on the recruitment page ---------------------------------------------------------


def detail(recruitment) -> str:
    return reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid})


def close_url(recruitment) -> str:
    return reverse("recruitment:close_unanswered", kwargs={"uuid": recruitment.uuid})


def test_the_recruitment_page_offers_the_form_once_the_feedback_deadline_passed_with_candidates_waiting(client, world):
    recruitment, own, theirs = sent_list(world)
    client.force_login(world.kam_a)
    assert 'id="close-unanswered"' not in client.get(detail(recruitment)).content.decode()  # the employer has time
    recruitment.refresh_from_db()
    later = datetime.datetime.combine(recruitment.feedback_deadline + datetime.timedelta(days=1), datetime.time(9))
    traveller = time_machine.travel(timezone.make_aware(later), tick=False)
    traveller.start()
    try:
        client.force_login(world.kam_a)  # a session from two weeks ago has expired
        page = client.get(detail(recruitment)).content.decode()
    finally:
        traveller.stop()
    assert 'id="close-unanswered"' in page
    assert "2 kandidater på listen har ikke fått svar fra bedriften" in page
    assert own.candidate.full_name in page and close_url(recruitment) in page
    client.force_login(world.kam_b)  # the supplying KAM sees the recruitment, not the form
    assert 'id="close-unanswered"' not in client.get(detail(recruitment)).content.decode()


def test_the_page_has_no_form_before_the_list_is_sent_or_once_everyone_is_answered(client, world):
    client.force_login(world.kam_a)
    assert 'id="close-unanswered"' not in client.get(detail(recruitment_for(world))).content.decode()
    recruitment, own, theirs = sent_list(world)
    invited(world, own)
    invited(world, theirs)
    assert 'id="close-unanswered"' not in client.get(detail(recruitment)).content.decode()


def test_the_coordinating_kam_closes_the_unanswered_through_the_form(client, world):
    recruitment, own, theirs = sent_list(world)
    client.force_login(world.kam_a)
    response = client.post(close_url(recruitment), {"feedback": FEEDBACK}, follow=True)
    assert response.redirect_chain[-1][0] == detail(recruitment)
    page = response.content.decode()
    assert "Listen er lukket for 2 kandidater; veilederne har fått beskjed." in page
    assert "så rekrutteringen er avsluttet uten ansettelse" in page
    assert set(statuses(recruitment).values()) == {SubmissionStatus.REJECTED}
    assert Recruitment.objects.get(pk=recruitment.pk).status == RecruitmentStatus.CLOSED_UNFILLED
    assert 'id="close-unanswered"' not in page


def test_the_form_refuses_empty_feedback_in_norwegian_and_changes_nothing(client, world):
    recruitment, own, theirs = sent_list(world)
    client.force_login(world.kam_a)
    response = client.post(close_url(recruitment), {"feedback": "  "}, follow=True)
    assert "Skriv tilbakemeldingen kandidatenes veiledere får." in response.content.decode()
    assert set(statuses(recruitment).values()) == {SubmissionStatus.SHORTLISTED}
    assert Recruitment.objects.get(pk=recruitment.pk).status == RecruitmentStatus.SHORTLIST_SENT
    assert mail.outbox == []


def test_posting_when_nobody_waits_tells_the_kam_and_changes_nothing(client, world):
    recruitment = recruitment_for(world)
    client.force_login(world.kam_a)
    response = client.post(close_url(recruitment), {"feedback": FEEDBACK}, follow=True)
    assert "Bare en kandidatliste som er sendt og fortsatt pågår, kan lukkes for svar." in response.content.decode()
    assert Recruitment.objects.get(pk=recruitment.pk).status == RecruitmentStatus.OPEN


def test_the_supplying_kam_an_outsider_and_a_get_change_nothing(client, world):
    recruitment, own, theirs = sent_list(world)
    client.force_login(world.kam_b)
    assert client.post(close_url(recruitment), {"feedback": FEEDBACK}).status_code == 403
    client.force_login(world.kam_other)
    assert client.post(close_url(recruitment), {"feedback": FEEDBACK}).status_code == 404
    client.force_login(world.outsider)
    assert client.post(close_url(recruitment), {"feedback": FEEDBACK}).status_code == 403
    client.force_login(world.kam_a)
    assert client.get(close_url(recruitment)).status_code == 405
    assert set(statuses(recruitment).values()) == {SubmissionStatus.SHORTLISTED}
