"""A withdrawn consent reaches everything on the next request (issue 14, item 3): every portal page, PDF and
count the employer's contact sees loses the candidate, the coordinating KAM is told, and the candidate's
coming interview is cancelled with a CANCEL .ics to the advisor and the supplying KAM."""

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from candidates.models import Document
from candidates.services import consent_withdraw
from kamportal.lib.ics import interview_uid
from recruitment.models import EmployerAnswer, Interview, Placement
from recruitment.services import recruitments as services
from recruitment.services.agreements import agreement_point_add, agreement_send
from tests.candidates.conftest import private_root  # noqa: F401
from tests.pdftext import pdf_text
from tests.recruitment.hiring_factories import answer, fresh, in_days, schedule, sent_list
from tests.recruitment.recruitment_factories import placement_for, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db

HOME = reverse("recruitment:portal_home")
EXPECTS = "Kandidaten forventer fast oppfølging hver fredag."


def _chosen_elsewhere(world, candidate):
    """The same candidate chosen in a second recruitment of the employer, with a placement and its agreement."""
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    submission = propose(world, recruitment, candidate)
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    services.recruitment_transition(
        recruitment=recruitment,
        action="send_list",
        actor=world.kam_a,
        updates={"list_sent_at": timezone.now(), "list_sent_to": world.contact_a},
    )
    submission.recruitment = recruitment
    services.submission_transition(
        submission=submission, action="choose", actor=world.kam_a, updates={"listed_at": timezone.now()}
    )
    placement = placement_for(world, submission=submission)
    point = agreement_point_add(
        placement=placement,
        actor=world.advisor_b,
        title="Oppfølging",
        employer_expects="Møter presis.",
        provider_expects="Oppfølging hver uke.",
        candidate_expects=EXPECTS,
        follow_up="Samtale hver fjortende dag.",
    )
    agreement_send(agreement=point.agreement, actor=world.advisor_b, agreed_on=timezone.localdate())
    return recruitment, placement


@pytest.fixture
def story(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, [staying, leaving] = sent_list(world, a=1, b=1, openings=2)
        answer(world, leaving, EmployerAnswer.INTERVIEW)
        interview = schedule(world, fresh(leaving), starts_at=in_days(5))
        second, placement = _chosen_elsewhere(world, leaving.candidate)
    return first, second, staying, leaving, interview, placement


def _counts(response) -> dict:
    return {r.pk: (r.on_list, r.waiting, r.interviews, r.chosen) for r in response.context["recruitments"]}


def _pages(first, second, placement) -> dict:
    return {
        "home": HOME,
        "list": reverse("recruitment:candidate_list", kwargs={"uuid": first.uuid}),
        "list2": reverse("recruitment:candidate_list", kwargs={"uuid": second.uuid}),
    }


def test_a_withdrawn_consent_reaches_every_portal_page_the_kam_and_the_calendars(
    client, world, story, django_capture_on_commit_callbacks
):
    first, second, staying, leaving, interview, placement = story
    name = leaving.candidate.full_name
    client.force_login(world.contact_user)
    pages = _pages(first, second, placement)
    pdf_url = reverse("recruitment:candidate_list_pdf", kwargs={"uuid": first.uuid})

    # Before: the contact sees the candidate everywhere (the test can fail). Contacts see placements in the
    # portal home's placement block and on the portal's placement page (agreement and attendance).
    home = client.get(HOME)
    assert name in home.content.decode()
    placement_page = reverse("recruitment:portal_placement", kwargs={"uuid": placement.uuid})
    assert EXPECTS in client.get(placement_page).content.decode()
    assert _counts(home) == {first.pk: (2, 1, 1, 0), second.pk: (1, 0, 0, 1)}
    for key in ("list", "list2"):
        response = client.get(pages[key])
        assert response.status_code == 200 and name in response.content.decode(), key
    assert name in pdf_text(client.get(pdf_url).content)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=leaving.candidate.consents.get(), actor=world.advisor_b, note="Ønsker ikke mer.")

    # The next request: gone from home (placement block, counts), the lists and their timelines, the PDF.
    home = client.get(HOME)
    html = home.content.decode()
    assert name not in html and EXPECTS not in html
    assert client.get(placement_page).status_code == 404
    assert staying.candidate.full_name in client.get(pages["list"]).content.decode()
    assert _counts(home) == {first.pk: (1, 1, 0, 0), second.pk: (0, 0, 0, 0)}
    for key in ("list", "list2"):
        response = client.get(pages[key])
        assert response.status_code == 200 and name not in response.content.decode(), key
    text = pdf_text(client.get(pdf_url).content)
    assert name not in text and staying.candidate.full_name in text
    assert Placement.objects.filter(pk=placement.pk).exists()  # the provider's own record stays

    # The coordinating KAM (of both recruitments) is told, in nb, without the withdrawal note.
    told = Notification.objects.filter(kind="recruitment.consent_withdrawn")
    assert {n.email for n in told} == {world.kam_a.email}
    assert told.count() == 2
    for notification in told:
        assert "samtykke" in notification.body.lower() and "Ønsker ikke mer" not in notification.body

    # The coming interview is cancelled; the advisor and the supplying KAM get the CANCEL .ics, and so do the
    # employer's contact (without the candidate's name) and the candidate.
    interview.refresh_from_db()
    assert interview.cancelled_at is not None and interview.sequence == 1
    cancels = [m for m in mail.outbox if any(a[0] == "intervju.ics" for a in m.attachments)]
    assert {address for m in cancels for address in m.to} == {
        world.advisor_b.email,
        world.kam_b.email,
        world.contact_a.email,
        leaving.candidate.email,
    }
    [to_contact] = [m for m in cancels if m.to == [world.contact_a.email]]
    assert leaving.candidate.full_name not in to_contact.subject + to_contact.body
    assert leaving.candidate.full_name not in str(to_contact.attachments[0][1])
    for message in cancels:
        [(_, content, mimetype)] = message.attachments
        calendar = icalendar.Calendar.from_ical(content)
        assert str(calendar.get("METHOD")) == "CANCEL" and mimetype == "text/calendar"
        [event] = calendar.walk("VEVENT")
        assert str(event.get("UID")) == interview_uid(interview.uuid)
    assert Interview.objects.filter(cancelled_at__isnull=True).count() == 0


def test_no_email_ever_carries_a_cv_or_an_assessment(world, story, django_capture_on_commit_callbacks):
    first, second, staying, leaving, interview, placement = story
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=leaving.candidate.consents.get(), actor=world.advisor_b)
    names = [staying.candidate.full_name, leaving.candidate.full_name]
    documents = set(Document.objects.values_list("original_name", flat=True))
    to_contact = [m for m in mail.outbox if world.contact_a.email in m.to]
    # The list e-mail is a link; the interview e-mails carry only the .ics, which names no candidate.
    assert to_contact and all(a[0] == "intervju.ics" for m in to_contact for a in m.attachments)
    for message in to_contact:
        text = message.subject + message.body + "".join(str(a[1]) for a in message.attachments)
        assert not any(name in text for name in names), message.subject
    assert any(a[0] == "intervju.ics" for m in mail.outbox for a in m.attachments)
    for message in mail.outbox:
        assert "Passer godt: erfaring fra lager." not in message.body  # the suitability written with the proposal
        assert "Møter presis, god arbeidsmoral." not in message.body  # the advisor's comments
        for filename, content, mimetype in message.attachments:
            assert filename not in documents, (message.subject, filename)
            if mimetype == "application/pdf":  # the employer's mapping form to the KAMs: no candidate in it
                text = pdf_text(content)
                assert not any(name in text for name in names), (message.subject, filename)
            else:
                assert filename == "intervju.ics", (message.subject, filename)


def test_a_consent_for_one_recruitment_leaves_the_others_and_their_interviews(
    world, django_capture_on_commit_callbacks
):
    from tests.candidates.factories import ConsentFactory

    first, [staying, leaving] = sent_list(world, a=1, b=1, openings=2)
    answer(world, leaving, EmployerAnswer.INTERVIEW)
    interview = schedule(world, fresh(leaving), starts_at=in_days(5))
    # A second consent, for the whole employer, still stands after the first is withdrawn.
    ConsentFactory(candidate=leaving.candidate, employer=world.employer_a)
    first_consent = leaving.candidate.consents.order_by("id").first()
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=first_consent, actor=world.advisor_b)
    interview.refresh_from_db()
    assert interview.cancelled_at is None
    assert not Notification.objects.filter(kind="recruitment.consent_withdrawn").exists()


def test_the_answer_reminders_count_only_candidates_whose_consent_stands(world):
    from recruitment.reminders import lists_waiting_for_answers

    recruitment, [first, second] = sent_list(world, a=2, b=0, openings=2)
    assert lists_waiting_for_answers().get(pk=recruitment.pk).unanswered_count == 2
    consent_withdraw(consent=first.candidate.consents.get(), actor=world.advisor_a)
    assert lists_waiting_for_answers().get(pk=recruitment.pk).unanswered_count == 1
    consent_withdraw(consent=second.candidate.consents.get(), actor=world.advisor_a)
    assert not lists_waiting_for_answers().filter(pk=recruitment.pk).exists()
