"""One recruitment after the list, in four browsers: the employer's contact answers per candidate (one not
relevant, one to interview), the coordinating KAM schedules the interview, the supplying KAM follows its own
candidate (and never sees the other provider's), the contact hires, the advisor plans the placement, records
the expectation agreement and the hiring. At each step: what each party sees and what each is notified of."""

import datetime
import re

import icalendar
import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from accounts.models import Notification
from candidates.models import Candidate
from recruitment.models import Placement, RecruitmentStatus, SubmissionStatus
from recruitment.services import recruitments as services
from tests.candidates.factories import CandidateFactory, ConsentFactory, document_for
from tests.e2e.conftest import check_a11y, login
from tests.factories import PASSWORD
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import propose, recruitment_for, request_to_b

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME_A = "Sølvi Åkerø"  # provider A's candidate: not relevant
NAME_B = "Håkon Lærdal Øye"  # provider B's candidate: interviewed and hired
PLACE = "Bryggen 7, 5003 Bergen"
NOTE = "Oppfølgingssamtale: trives godt, ønsker flere vakter."


@pytest.fixture
def new_page(browser, browser_context_args):
    contexts = []

    def make():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def sent(world, settings, tmp_path, live_server):
    """A list sent to contact_a with two shortlisted candidates: NAME_A of provider A, NAME_B of provider B."""
    from django.utils.functional import empty

    from kamportal.storage import private_storage

    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.SITE_URL = live_server.url
    private_storage._wrapped = empty
    recruitment = recruitment_for(world, openings=1)
    request_to_b(world, recruitment)
    submissions = {}
    for side, name in (("a", NAME_A), ("b", NAME_B)):
        candidate = CandidateFactory(advisor=getattr(world, f"advisor_{side}"), full_name=name)
        document_for(candidate, reviewed=True)
        ConsentFactory(candidate=candidate, employer=world.employer_a, covers_assessment=True)
        submission = propose(world, recruitment, candidate)
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
        submissions[side] = submission
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    # The list is answered after the deadline for CVs, so interviews may follow (recruitment.rules).
    type(recruitment).objects.filter(pk=recruitment.pk).update(
        cv_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    accept_terms(world.contact_user)
    recruitment.refresh_from_db()
    yield recruitment, submissions
    private_storage._wrapped = empty


def _link(to: str, pattern: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [to] and re.search(pattern, m.body)]
    return re.search(rf"https?://\S+{pattern}", message.body).group(0)


def _kinds(user, since: int = 0) -> list[str]:
    return list(Notification.objects.filter(user=user, pk__gt=since).order_by("pk").values_list("kind", flat=True))


def _contact_kinds(world, since: int = 0) -> list[str]:
    return list(
        Notification.objects.filter(email__iexact=world.contact_a.email, pk__gt=since)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def _last_pk() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _mails(to: str, since: int = 0) -> list:
    return [m for m in mail.outbox[since:] if m.to == [to]]


def _answer(page, name: str, label: str, *, reason: str = "", comment: str = "") -> None:
    entry = page.locator("article.candidate-entry", has_text=name)
    entry.get_by_label(label, exact=True).check()
    if reason:
        entry.get_by_label("Hvorfor ikke aktuell?").select_option(label=reason)
    if comment:
        entry.get_by_label("Kommentar (valgfritt)").fill(comment)
    entry.get_by_role("button", name="Lagre svaret").click()
    page.wait_for_load_state()


def _timeline(page) -> str:
    return page.locator("section", has=page.get_by_role("heading", name="Tidslinje", exact=True)).inner_text()


def _nb_date(value, fmt: str) -> str:
    with translation.override("nb"):
        return formats.date_format(value, fmt)


def test_the_employer_answers_interviews_and_hires_and_each_party_sees_and_hears_its_part(
    new_page, live_server, world, sent
):
    recruitment, submissions = sent
    sub_a, sub_b = submissions["a"], submissions["b"]
    recruitment_url = f"{live_server.url}/recruitments/{recruitment.uuid}/"
    list_url = f"{recruitment_url}list/"

    # 0. Before the list: each advisor heard that their candidate was shortlisted, then put on the list sent; the
    # supplying KAM heard the same of its own candidate and that the list went out; the contact got the link.
    for advisor in (world.advisor_a, world.advisor_b):
        assert _kinds(advisor) == ["recruitment.shortlisted", "recruitment.on_list"]
    assert _kinds(world.kam_b) == [
        "recruitment.request_sent",
        "recruitment.shortlisted",
        "recruitment.on_list",
        "recruitment.list_sent_supplier",
    ]
    [list_out] = Notification.objects.filter(user=world.kam_b, kind="recruitment.list_sent_supplier")
    assert NAME_B in list_out.body and NAME_A not in list_out.body
    assert [k for k in _contact_kinds(world) if k.startswith("recruitment.")] == ["recruitment.list_sent"]

    # 1. The contact opens the e-mailed list: both candidates and the feedback deadline.
    contact = new_page()
    login(contact, live_server, world.contact_a.email, PASSWORD)
    contact.goto(_link(world.contact_a.email, r"/recruitments/\S+/list/"))
    assert contact.url == list_url
    check_a11y(contact, "hiring-list-sent")
    entries = contact.locator("article.candidate-entry")
    assert entries.count() == 2
    for name in (NAME_A, NAME_B):
        assert "venter på svar fra dere" in entries.filter(has_text=name).locator(".candidate-status").inner_text()
    due = contact.locator("#feedback-due").inner_text()
    assert _nb_date(recruitment.feedback_deadline, "DATE_FORMAT") in due and "2 kandidater" in due

    mark = _last_pk()
    _answer(
        contact,
        NAME_A,
        "Ikke aktuell",
        reason="Mangler påkrevde kvalifikasjoner",
        comment="Vi trenger fagbrev i logistikk.",
    )
    assert f"{NAME_A}: ikke aktuell" in contact.locator("main").inner_text()
    check_a11y(contact, "hiring-answered-not-relevant")
    _answer(contact, NAME_B, "Til intervju")
    assert f"{NAME_B}: til intervju" in contact.locator("main").inner_text()
    check_a11y(contact, "hiring-answered-interview")
    entry_a = contact.locator("article.candidate-entry", has_text=NAME_A)
    assert "Ikke aktuell – mangler påkrevde kvalifikasjoner" in entry_a.locator(".employer-answer").inner_text()
    assert entry_a.locator("form.answer-form").count() == 0
    sub_a.refresh_from_db()
    assert (sub_a.status, sub_a.not_relevant_reason) == (SubmissionStatus.REJECTED, "qualifications")

    # advisor_a gets the not-relevant feedback with the reason; kam_a hears both answers; provider B hears nothing
    # of A's candidate.
    assert _kinds(world.advisor_a, mark) == ["recruitment.rejected"]
    [feedback] = [m for m in _mails(world.advisor_a.email) if "fagbrev" in m.body]
    assert NAME_A in feedback.body and "mangler påkrevde kvalifikasjoner" in feedback.body
    assert "Vi trenger fagbrev i logistikk." in feedback.body
    assert _kinds(world.kam_a, mark) == [
        "recruitment.employer_answer_not_relevant",
        "recruitment.employer_answer_interview",
    ]
    # Provider B hears only that its own candidate is picked for interview.
    assert _kinds(world.kam_b, mark) == ["recruitment.invited"] and _kinds(world.advisor_b, mark) == [
        "recruitment.invited"
    ]
    assert not Notification.objects.filter(pk__gt=mark, user__in=[world.kam_b, world.advisor_b], body__contains=NAME_A)
    recruitment.refresh_from_db()
    assert recruitment.status == RecruitmentStatus.INTERVIEWING

    # 2. The coordinating KAM sees "interviewing" and schedules the interview of B's candidate.
    kam_a = new_page()
    login(kam_a, live_server, world.kam_a.email, PASSWORD)
    kam_a.goto(recruitment_url)
    assert "Intervjuer" in kam_a.locator("#recruitment-status").inner_text()
    check_a11y(kam_a, "hiring-kam-a-interviewing")
    rows = kam_a.locator("#board li.board-card")
    assert "Ikke valgt til intervju" in rows.filter(has_text=NAME_A).text_content()
    assert NAME_A in kam_a.locator("#column-closed").text_content()
    assert NAME_B in kam_a.locator("#column-interview").inner_text()
    rows.filter(has_text=NAME_B).get_by_role("link", name=f"Intervju {NAME_B}").click()
    kam_a.wait_for_load_state()
    assert kam_a.get_by_role("heading", level=1).inner_text() == f"Intervju: {NAME_B}"
    check_a11y(kam_a, "hiring-interview-form")
    day = timezone.localdate() + datetime.timedelta(days=5)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    kam_a.get_by_label("Dato").fill(day.isoformat())
    kam_a.get_by_label("Tidspunkt").fill("10:30")
    kam_a.get_by_label("Varighet").fill("45")
    kam_a.get_by_label("Sted").fill(PLACE)
    kam_a.get_by_label("Sett opp likevel").check()  # the day may lie outside the plan's interview day
    mark, outbox = _last_pk(), len(mail.outbox)
    kam_a.get_by_role("button", name="Lagre og send invitasjonen").click()
    kam_a.wait_for_load_state()
    assert kam_a.url == list_url
    assert f"Intervjuet med {NAME_B} er lagret" in kam_a.locator("main").inner_text()
    check_a11y(kam_a, "hiring-kam-a-list-with-interview")

    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))
    for user in (world.advisor_b, world.kam_b):
        assert _kinds(user, mark) == ["recruitment.interview_scheduled"]
        [invitation] = _mails(user.email, outbox)
        assert NAME_B in invitation.subject + invitation.body and PLACE in invitation.body
        [(filename, content, mimetype)] = invitation.attachments
        assert (filename, mimetype) == ("intervju.ics", "text/calendar")
        [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
        assert event.decoded("DTSTART") == starts_at
        assert str(event.get("LOCATION")) == PLACE
    assert _kinds(world.advisor_a, mark) == []
    # The employer's contact gets the interview too, with its own .ics of the same event, and no name by e-mail.
    assert _contact_kinds(world, mark) == ["recruitment.interview_scheduled_contact"]
    [to_contact] = _mails(world.contact_a.email, outbox)
    assert NAME_B not in to_contact.subject + to_contact.body and "Et intervju for" in to_contact.body
    assert list_url in to_contact.body
    [(filename, content, mimetype)] = to_contact.attachments
    assert (filename, mimetype) == ("intervju.ics", "text/calendar") and NAME_B not in str(content)
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("DTSTART") == starts_at and str(event.get("LOCATION")) == PLACE

    # 3. The supplying KAM sees its own candidate invited and the interview on the timeline, never A's candidate.
    kam_b = new_page()
    login(kam_b, live_server, world.kam_b.email, PASSWORD)
    kam_b.goto(recruitment_url)
    check_a11y(kam_b, "hiring-kam-b-recruitment")
    [row] = kam_b.locator("#board li.board-card").all()
    assert NAME_B in row.inner_text() and NAME_B in kam_b.locator("#column-interview").inner_text()
    timeline = _timeline(kam_b)
    assert "Intervju avtalt" in timeline and PLACE in timeline
    assert NAME_A not in kam_b.content()
    assert "Åkerø" not in kam_b.content()
    response = kam_b.goto(list_url)  # the employer's list holds both candidates: not for a supplying KAM
    assert response.status in (403, 404)
    assert "Åkerø" not in kam_b.content()
    check_a11y(kam_b, "hiring-kam-b-no-list")

    # 4. The contact sees the interview's time and place, then hires B's candidate.
    contact.goto(list_url)
    interview = contact.locator(f"#interview-{sub_b.uuid}").inner_text()
    assert _nb_date(timezone.localtime(starts_at), "l j. F Y H:i") in interview and PLACE in interview
    assert "45 minutter" in interview
    check_a11y(contact, "hiring-list-interview")
    mark = _last_pk()
    _answer(contact, NAME_B, "Vil ansette / velg")
    assert f"{NAME_B}: dere vil ansette kandidaten" in contact.locator("main").inner_text()
    check_a11y(contact, "hiring-answered-hired")
    for user in (world.kam_b, world.advisor_b):
        assert _kinds(user, mark) == ["recruitment.chosen"]
        # hired before the interview: it is called off in the calendars (same UID, METHOD:CANCEL)
        [chosen] = Notification.objects.filter(pk__gt=mark, user=user, kind="recruitment.chosen")
        [attachment] = chosen.attachments.all()
        calendar = icalendar.Calendar.from_ical(bytes(attachment.content))
        assert str(calendar.get("METHOD")) == "CANCEL"
    assert _kinds(world.kam_a, mark) == ["recruitment.employer_answer_hired"]
    # The contact's calendar loses the interview that will not be held.
    assert _contact_kinds(world, mark) == ["recruitment.interview_cancelled_contact"]
    [called_off] = Notification.objects.filter(pk__gt=mark, email=world.contact_a.email)
    [attachment] = called_off.attachments.all()
    assert str(icalendar.Calendar.from_ical(bytes(attachment.content)).get("METHOD")) == "CANCEL"
    recruitment.refresh_from_db()
    assert recruitment.status == RecruitmentStatus.CANDIDATE_CHOSEN

    # 5. The advisor sees the chosen proposal and its history, plans the placement, the agreement, the hiring.
    advisor = new_page()
    login(advisor, live_server, world.advisor_b.email, PASSWORD)
    advisor.goto(f"{live_server.url}/candidates/{sub_b.candidate.uuid}/")
    check_a11y(advisor, "hiring-advisor-candidate")
    proposals = advisor.locator("#submissions")
    assert "Valgt" in proposals.locator("tbody tr").first.inner_text()
    proposals.locator("summary", has_text="Historikk").click()
    history = proposals.locator(".timeline").inner_text()
    for label in ("Kandidat foreslått", "Satt på listen", "Innkalt til intervju", "Intervju avtalt", "Valgt"):
        assert label in history
    check_a11y(advisor, "hiring-advisor-candidate-history")
    mark = _last_pk()
    proposals.get_by_role("link", name="Planlegg praksisen").click()
    advisor.wait_for_load_state()
    check_a11y(advisor, "hiring-placement-new")
    today = timezone.localdate()
    advisor.get_by_label("Startdato").fill(today.isoformat())
    advisor.get_by_label("Kontaktperson på arbeidsplassen").fill("Øystein Brekke")
    advisor.get_by_role("button", name="Opprett praksisen").click()
    advisor.wait_for_load_state()
    assert "Planlagt" in advisor.locator("#placement-status").inner_text()
    check_a11y(advisor, "hiring-placement-planned")

    advisor.get_by_role("link", name="Registrer forventningsavklaringen").click()
    advisor.wait_for_load_state()
    check_a11y(advisor, "hiring-placement-agreement")
    point = advisor.locator("#point-form")
    point.locator("[name=title]").fill("Opplæring og vakter")
    point.get_by_label("Hva arbeidsgiveren forventer").fill("Møter presis, lærer truck på lageret.")
    point.get_by_label("Hva tiltaksarrangøren forventer").fill("Oppfølging annenhver uke.")
    point.get_by_label("Hva kandidaten forventer").fill("Faste vakter og opplæring.")
    point.get_by_label("Hvordan det følges opp").fill("Møte på arbeidsplassen hver 14. dag.")
    point.get_by_role("button", name="Legg til punktet").click()
    advisor.wait_for_load_state()
    advisor.locator("#send-form").get_by_role("button", name="Send til bekreftelse").click()
    advisor.wait_for_load_state()
    advisor.get_by_role("link", name=NAME_B).first.click()
    advisor.wait_for_load_state()
    assert "Faste vakter og opplæring." in advisor.locator("#agreement").inner_text()

    advisor.get_by_role("button", name="Praksisen har startet").click()
    advisor.wait_for_load_state()
    notes = advisor.locator("#note-form")
    notes.locator("[name=text]").fill(NOTE)
    notes.get_by_label("Hvordan går det med «Opplæring og vakter»?").select_option("on_track")
    notes.get_by_role("button", name="Legg til notatet").click()
    advisor.wait_for_load_state()
    assert NOTE in advisor.locator("#notes").inner_text()
    check_a11y(advisor, "hiring-placement-active")

    hire = advisor.locator("#hire-form")
    hire.get_by_label("Type ansettelse").select_option(label="fast")
    hire.get_by_role("button", name="Registrer ansettelsen").click()
    advisor.wait_for_load_state()
    assert "Ansatt" in advisor.locator("#placement-status").inner_text()
    outcome = advisor.locator("#outcome").inner_text()
    assert _nb_date(today, "SHORT_DATE_FORMAT") in outcome and "fast" in outcome
    check_a11y(advisor, "hiring-placement-hired")

    changes = [
        "recruitment.placement_created",
        "recruitment.placement_agreement",
        "recruitment.placement_start",
        "recruitment.placement_hire",
    ]
    assert _kinds(world.kam_a, mark) == changes  # the follow-up note notifies nobody
    assert _kinds(world.kam_b, mark) == changes
    recruitment.refresh_from_db()
    assert recruitment.status == RecruitmentStatus.FILLED and recruitment.openings == 1
    sub_b.candidate.refresh_from_db()
    assert sub_b.candidate.status == Candidate.Status.PLACED
    placement = Placement.objects.get(submission=sub_b)
    assert placement.hired_on == today and placement.employment_kind == "permanent"
    # Both KAMs follow the e-mailed link of the hiring to the placement's page.
    for page, user in ((kam_b, world.kam_b), (kam_a, world.kam_a)):
        [hired_mail] = [m for m in _mails(user.email) if "Kandidaten er ansatt" in m.subject]
        page.goto(re.search(rf"https?://\S+/placements/{placement.uuid}/", hired_mail.body).group(0))
        assert "Ansatt" in page.locator("#placement-status").inner_text()
        assert "Faste vakter og opplæring." in page.locator("#agreement").inner_text()
        check_a11y(page, f"hiring-placement-seen-by-{user.email.split('@')[0]}")

    # 6. The contact's portal home shows the hiring but not the advisor's notes; kam_a counts 1 for this year.
    contact.goto(f"{live_server.url}/portal/")
    check_a11y(contact, "hiring-portal-home")
    placements = contact.locator("#portal-placements")
    shown = placements.inner_text()
    assert NAME_B in shown and "Ansatt" in shown and "Øystein Brekke" in shown
    assert f"Ansatt {_nb_date(today, 'SHORT_DATE_FORMAT')} (fast)." in shown
    assert NOTE not in contact.content()
    assert NAME_A not in shown

    kam_a.goto(f"{live_server.url}/employers/{world.employer_a.uuid}/")
    check_a11y(kam_a, "hiring-employer-page")
    per_year = kam_a.locator("section", has=kam_a.get_by_role("heading", name="Formidlinger per år"))
    assert per_year.get_by_role("row", name=str(today.year)).get_by_role("cell").inner_text() == "1"

    # 7. The contact's timeline: their answers, the interview and the hiring; nothing from before the list.
    contact.goto(list_url)
    check_a11y(contact, "hiring-list-filled")
    timeline = _timeline(contact)
    for label in (
        "Kandidatliste sendt til bedriften",
        "Ikke valgt til intervju",
        "Innkalt til intervju",
        "Intervju avtalt",
        "Valgt",
        "Ansatt",
        "Stillingen besatt",
    ):
        assert label in timeline, label
    for hidden in (
        "Kandidat foreslått",
        "Satt på listen",
        "Koordineringsforespørsel sendt",
        "Praksis planlagt",
        "Forventningsavklaring registrert",
        "Oppfølgingsnotat",
        NOTE,
    ):
        assert hidden not in timeline, hidden

    # Provider B never heard of provider A's candidate.
    for user in (world.kam_b, world.advisor_b):
        assert not Notification.objects.filter(user=user, body__contains=NAME_A).exists()
        assert not [m for m in mail.outbox if m.to == [user.email] and NAME_A in m.body]


def test_continuous_delivery_takes_a_proposal_after_the_list_and_the_employer_sees_it_as_new(
    new_page, live_server, world, settings, tmp_path
):
    """The plan delivers continuously: after the first list the supplying KAM still proposes, the coordinating
    KAM shortlists and sends it, and the contact sees one list with the new candidate marked."""
    from django.utils.functional import empty

    from kamportal.storage import private_storage
    from recruitment.models import DeliveryMode, RequestStatus

    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.SITE_URL = live_server.url
    private_storage._wrapped = empty
    recruitment = recruitment_for(world, delivery_mode=DeliveryMode.CONTINUOUS)
    coordination_request = request_to_b(world, recruitment)
    first = CandidateFactory(advisor=world.advisor_a, full_name=NAME_A)
    document_for(first, reviewed=True)
    ConsentFactory(candidate=first, employer=world.employer_a)
    submission = propose(world, recruitment, first)
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    accept_terms(world.contact_user)
    coordination_request.refresh_from_db()
    assert coordination_request.status != RequestStatus.CLOSED
    later = CandidateFactory(advisor=world.advisor_b, full_name=NAME_B)
    document_for(later, reviewed=True)
    ConsentFactory(candidate=later, employer=world.employer_a)
    recruitment_url = f"{live_server.url}/recruitments/{recruitment.uuid}/"

    # The supplying KAM proposes after the list.
    kam_b = new_page()
    login(kam_b, live_server, world.kam_b.email, PASSWORD)
    kam_b.goto(f"{recruitment_url}propose/")
    kam_b.get_by_label("Kandidat").select_option(label=NAME_B)
    kam_b.get_by_label("Egnethet for denne jobben").fill("Erfaring fra fiskeindustrien.")
    kam_b.get_by_role("button", name="Foreslå kandidaten").click()
    kam_b.wait_for_load_state()
    assert f"{NAME_B} er foreslått" in kam_b.locator("main").inner_text()
    mark = _last_pk()

    # The coordinating KAM shortlists it and sends it to the employer.
    kam_a = new_page()
    login(kam_a, live_server, world.kam_a.email, PASSWORD)
    kam_a.goto(f"{recruitment_url}proposals/")
    check_a11y(kam_a, "continuous-proposals")
    card = kam_a.locator("article", has_text=NAME_B)
    card.get_by_label("Sett på listen").check()
    card.get_by_role("button", name="Lagre beslutningen").click()
    kam_a.wait_for_load_state()
    kam_a.get_by_role("button", name="Send 1 ny kandidat til bedriften").click()
    kam_a.wait_for_load_state()
    assert "1 kandidat til er sendt til bedriften" in kam_a.locator("main").inner_text()
    assert _kinds(world.advisor_b, mark) == ["recruitment.shortlisted", "recruitment.on_list"]
    assert "recruitment.list_sent_supplier" in _kinds(world.kam_b, mark)
    assert _contact_kinds(world, mark) == ["recruitment.list_supplemented"]

    # The contact sees one list with both, the later one marked as new.
    contact = new_page()
    login(contact, live_server, world.contact_a.email, PASSWORD)
    [supplemented] = Notification.objects.filter(pk__gt=mark, email=world.contact_a.email)
    assert NAME_B not in supplemented.body and "1 ny kandidat er lagt til listen" in supplemented.body
    contact.goto(supplemented.url)
    entries = contact.locator("article.candidate-entry")
    assert entries.count() == 2
    assert entries.filter(has_text=NAME_B).locator(".candidate-new").count() == 1
    assert entries.filter(has_text=NAME_A).locator(".candidate-new").count() == 0
    check_a11y(contact, "continuous-list-with-new")
    private_storage._wrapped = empty
