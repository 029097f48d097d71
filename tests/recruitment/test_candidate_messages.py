"""Issue 20.4: the candidate (who has no account) is told where they stand, by e-mail to their own address, through
the outbox: proposed, put on the list, invited to interview (with the .ics), chosen or not chosen, and the list
closed after four weeks without an answer. Nothing of other candidates, nothing of the assessment, the proposal's
texts or the employer's comments; nothing at all when their advisor has turned it off or they have no address."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from candidates.models import Assessment
from candidates.services import candidate_update
from recruitment.models import EmployerAnswer, Recruitment
from recruitment.services import recruitments as services
from recruitment.services.transitions import RecruitmentError
from recruitment.services.unanswered import recruitment_close_unanswered
from tests.recruitment.hiring_factories import answer, fresh, schedule
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db

ASSESSMENT = "Svært punktlig, trenger tydelige beskjeder."
EMPLOYER_COMMENT = "Vi ønsker en med truckførerbevis."
FEEDBACK = "Ikke nok erfaring fra lager til denne jobben."


def _messages(candidate) -> list[Notification]:
    return list(Notification.objects.filter(email=candidate.email).order_by("pk"))


def _kinds(candidate) -> list[str]:
    return [n.kind for n in _messages(candidate)]


def _with_assessment(candidate):
    Assessment.objects.create(candidate=candidate, updated_by=candidate.advisor, punctuality=ASSESSMENT)
    return candidate


def _deadline_passed(recruitment):
    Recruitment.objects.filter(pk=recruitment.pk).update(cv_deadline=timezone.localdate() - datetime.timedelta(days=1))


def _story(world, *, hired: str = "first"):
    """Three candidates of provider B through a request: the first is hired after an interview, the second not
    chosen, the third not shortlisted."""
    recruitment = recruitment_for(world, openings=1)
    request_to_b(world, recruitment)
    candidates = [_with_assessment(proposable_candidate(world, "b", covers_assessment=True)) for _ in range(3)]
    first, second, third = (propose(world, recruitment, c) for c in candidates)
    services.submission_decide(submission=first, actor=world.kam_a, shortlist=True)
    services.submission_decide(submission=second, actor=world.kam_a, shortlist=True)
    services.submission_decide(submission=third, actor=world.kam_a, shortlist=False, feedback=FEEDBACK)
    services.recruitment_send_list(recruitment=fresh(first).recruitment, actor=world.kam_a, contact=world.contact_a)
    accept_terms(world.contact_user)
    answer(world, first, EmployerAnswer.INTERVIEW, comment=EMPLOYER_COMMENT)
    _deadline_passed(recruitment)  # interviews come after the CV deadline (recruitment/rules.py)
    schedule(world, first)
    answer(world, second, EmployerAnswer.NOT_RELEVANT, reason="qualifications", comment=EMPLOYER_COMMENT)
    answer(world, first, EmployerAnswer.HIRED, comment=EMPLOYER_COMMENT)
    return recruitment, (first, second, third)


def test_each_candidate_hears_each_step_of_their_own_and_nothing_else(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        recruitment, (first, second, third) = _story(world)
    assert _kinds(first.candidate) == [
        "candidate.proposed",
        "candidate.on_list",
        "candidate.interview",
        "candidate.interview_cancelled",  # hired before the interview: the calendar entry is removed
        "candidate.chosen",
    ]
    assert _kinds(second.candidate) == ["candidate.proposed", "candidate.on_list", "candidate.not_chosen"]
    assert _kinds(third.candidate) == ["candidate.proposed", "candidate.not_shortlisted"]

    everyone = [first, second, third]
    for submission in everyone:
        others = [s.candidate.full_name for s in everyone if s != submission]
        messages = _messages(submission.candidate)
        for message in messages:
            assert message.user is None and message.language == "nb" and message.url == ""
            text = message.subject + message.body
            assert not any(name in text for name in others), (message.kind, text)
            for secret in (ASSESSMENT, EMPLOYER_COMMENT, FEEDBACK, submission.suitability, submission.advisor_comments):
                assert secret not in text, (message.kind, secret)
            for attachment in message.attachments.all():
                content = bytes(attachment.content).decode()
                assert not any(name in content for name in others) and ASSESSMENT not in content
        # Told in plain nb, by first name, with their advisor to ask.
        assert messages[0].body.startswith(f"Hei {submission.candidate.full_name.split()[0]},")
        assert submission.advisor.full_name in messages[0].body

    [invitation] = [n for n in _messages(first.candidate) if n.kind == "candidate.interview"]
    assert "Storgata 1, Bergen" in invitation.body
    [ics] = invitation.attachments.all()
    calendar = icalendar.Calendar.from_ical(bytes(ics.content))
    assert str(calendar.get("METHOD")) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert first.candidate.email in str(event.get("ATTENDEE"))
    # The e-mails go out (the outbox works for an address without an account).
    assert [m for m in mail.outbox if m.to == [first.candidate.email]]


def test_the_list_closed_unanswered_tells_the_candidate_we_have_not_heard_back(world):
    recruitment = recruitment_for(world)
    waiting = propose(world, recruitment, proposable_candidate(world, "a"))
    services.submission_decide(submission=waiting, actor=world.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    recruitment.refresh_from_db()
    recruitment_close_unanswered(recruitment=recruitment, actor=world.kam_a, feedback=FEEDBACK)
    [closed] = [n for n in _messages(waiting.candidate) if n.kind == "candidate.closed_unanswered"]
    assert "Vi har ikke hørt fra bedriften og lukker denne forespørselen" in closed.body
    assert FEEDBACK not in closed.body


def test_the_advisor_turns_the_messages_off_and_the_candidate_hears_nothing(world):
    candidate = proposable_candidate(world, "a")
    candidate_update(
        candidate=candidate,
        actor=world.advisor_a,
        advisor=candidate.advisor,
        version=candidate.version,
        messages_by_email=False,
    )
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, candidate)
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    accept_terms(world.contact_user)
    answer(world, submission, EmployerAnswer.INTERVIEW)
    _deadline_passed(recruitment)
    schedule(world, submission)
    answer(world, submission, EmployerAnswer.HIRED)
    assert _messages(candidate) == []
    # ...while the advisor still hears every step.
    assert Notification.objects.filter(user=world.advisor_a, kind="recruitment.chosen").count() == 1


def test_a_candidate_without_an_address_is_not_written_to(world):
    candidate = proposable_candidate(world, "a")
    candidate_update(
        candidate=candidate, actor=world.advisor_a, advisor=candidate.advisor, version=candidate.version, email=""
    )
    submission = propose(world, recruitment_for(world), candidate)
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=False, feedback=FEEDBACK)
    assert not Notification.objects.filter(kind__startswith="candidate.").exists()
    # The advisor is still told of the decision.
    assert Notification.objects.filter(user=world.advisor_a, kind="recruitment.not_shortlisted").count() == 1


def test_a_candidate_who_reads_english_is_told_in_english(world):
    candidate = proposable_candidate(world, "a")
    candidate_update(
        candidate=candidate, actor=world.advisor_a, advisor=candidate.advisor, version=candidate.version, language="en"
    )
    propose(world, recruitment_for(world), candidate)
    [proposed] = _messages(candidate)
    assert proposed.language == "en" and proposed.body.startswith("Hello ")
    assert "You are proposed as a candidate" in proposed.body


def test_a_double_submitted_decision_tells_the_candidate_once(world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world, "a"))
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=False, feedback=FEEDBACK)
    with pytest.raises(RecruitmentError):  # the proposal is decided: refused
        services.submission_decide(submission=fresh(submission), actor=world.kam_a, shortlist=False, feedback=FEEDBACK)
    assert _kinds(submission.candidate) == ["candidate.proposed", "candidate.not_shortlisted"]


def test_the_advisor_turns_the_messages_off_on_the_candidates_edit_form(client, world):
    from django.urls import reverse

    from tests.candidates.factories import candidate_of

    candidate = candidate_of(world)
    assert candidate.messages_by_email  # on by default
    client.force_login(world.advisor_a)
    url = reverse("candidates:edit", kwargs={"uuid": candidate.uuid})
    page = client.get(url).content.decode()
    assert 'name="messages_by_email"' in page and "fortell kandidaten på e-post hvor de står" in page.lower()
    data = {
        "full_name": candidate.full_name,
        "advisor": world.advisor_a.pk,
        "email": candidate.email,
        "status": candidate.status,
        "language": "en",
        "version": candidate.version,
    }  # the box left unticked
    assert client.post(url, data).status_code == 302
    candidate.refresh_from_db()
    assert (candidate.messages_by_email, candidate.language) == (False, "en")
    assert client.post(url, {**data, "messages_by_email": "on", "version": candidate.version}).status_code == 302
    candidate.refresh_from_db()
    assert candidate.messages_by_email
