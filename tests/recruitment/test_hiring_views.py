"""The employer answers on the list page, the coordinating KAM answers on its behalf and schedules interviews;
bad input is refused in Norwegian with nothing saved; the list costs the same queries at 5 and 50 candidates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from recruitment.models import EmployerAnswer, Interview, NotRelevantReason, Submission, SubmissionStatus
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.hiring_factories import answer, more_shortlisted, schedule, sent_list
from tests.recruitment.portal_factories import contact_user

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def _text(response) -> str:
    return response.content.decode()


def _answer_url(submission) -> str:
    return reverse("recruitment:submission_answer", kwargs={"uuid": submission.uuid})


def _list_url(recruitment) -> str:
    return reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid})


def _status(submission) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=submission.pk)


@pytest.fixture
def contact_client(client, world):
    client.force_login(world.contact_user)
    return client


@pytest.fixture
def kam_client(client, world):
    client.force_login(world.kam_a)
    return client


def test_the_contact_answers_to_interview_and_sees_the_answer_on_the_list(contact_client, world):
    recruitment, [own, supplied] = sent_list(world)
    page = _text(contact_client.get(_list_url(recruitment)))
    assert page.count('class="border rounded p-2 mb-2 answer-form"') == 2
    assert "2 kandidater venter på svar" in page
    response = contact_client.post(
        _answer_url(supplied), {"answer": "interview", "comment": "Gjerne tirsdag"}, follow=True
    )
    assert response.redirect_chain[-1][0] == _list_url(recruitment)
    html = _text(response)
    assert "til intervju. Koordinerende KAM avtaler intervjuet." in html
    assert _status(supplied) == S.INTERVIEW
    assert "Gjerne tirsdag" in html and "1 kandidat venter på svar" in html


def test_not_relevant_without_a_reason_is_refused_in_norwegian_and_nothing_is_saved(contact_client, world):
    recruitment, [own, supplied] = sent_list(world)
    response = contact_client.post(_answer_url(own), {"answer": "not_relevant", "reason": ""}, follow=True)
    assert "Velg hvorfor kandidaten ikke er aktuell." in _text(response)
    response = contact_client.post(_answer_url(own), {"answer": ""}, follow=True)
    assert "Velg et svar: til intervju, ikke aktuell eller vil ansette." in _text(response)
    own.refresh_from_db()
    assert own.status == S.SHORTLISTED and own.employer_answer == ""


def test_not_relevant_with_a_reason_and_then_a_second_answer_is_refused(contact_client, world):
    recruitment, [own, supplied] = sent_list(world)
    contact_client.post(_answer_url(own), {"answer": "not_relevant", "reason": NotRelevantReason.EXPERIENCE})
    assert _status(own) == S.REJECTED
    response = contact_client.post(_answer_url(own), {"answer": "hired"}, follow=True)
    assert "allerede avgjort" in _text(response)
    assert _status(own) == S.REJECTED
    page = _text(contact_client.get(_list_url(recruitment)))
    assert "For lite relevant erfaring" in page or "for lite relevant erfaring" in page


def test_the_coordinating_kam_answers_on_the_employers_behalf_from_the_list(kam_client, world):
    recruitment, [own, supplied] = sent_list(world)
    page = _text(kam_client.get(_list_url(recruitment)))
    assert "Svar på vegne av arbeidsgiveren" in page
    detail = _text(kam_client.get(reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid})))
    assert "svar på vegne av arbeidsgiveren" in detail
    kam_client.post(_answer_url(own), {"answer": "hired", "comment": "Avtalt på telefon"})
    own.refresh_from_db()
    assert own.status == S.CHOSEN and own.employer_answered_by == world.kam_a
    assert _status(supplied) == S.REJECTED  # the one opening is filled


def test_a_contact_of_another_employer_gets_404_and_nothing_changes(client, world):
    recruitment, [own, supplied] = sent_list(world)
    other = contact_user(employer=world.employer_b, email="kontakt@bedrift-b.no")
    client.force_login(other.user)
    assert client.post(_answer_url(own), {"answer": "hired"}).status_code == 404
    assert client.get(_list_url(recruitment)).status_code == 404
    assert _status(own) == S.SHORTLISTED


def test_the_supplying_kam_may_not_answer_and_get_is_not_allowed(client, world):
    recruitment, [own, supplied] = sent_list(world)
    client.force_login(world.kam_b)
    assert client.post(_answer_url(supplied), {"answer": "hired"}).status_code == 403
    client.force_login(world.contact_user)
    assert client.get(_answer_url(supplied)).status_code == 405
    assert _status(supplied) == S.SHORTLISTED


def test_the_kam_schedules_the_interview_and_the_contact_sees_it_on_the_list(client, world):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, supplied, EmployerAnswer.INTERVIEW)
    client.force_login(world.kam_a)
    url = reverse("recruitment:interview_schedule", kwargs={"uuid": supplied.uuid})
    assert "Avtal intervjuet" in _text(client.get(_list_url(recruitment)))
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = client.post(
        url,
        {
            "date": day.isoformat(),
            "time": "10:30",
            "duration_minutes": "45",
            "place": "Kaien 3",
            "notes": "",
            "confirmed": "on",  # the day may fall outside the plan's interview day (tests/recruitment/test_rules.py)
        },
    )
    assert response.status_code == 302
    interview = Interview.objects.get(submission=supplied)
    assert timezone.localtime(interview.starts_at).time() == datetime.time(10, 30)
    assert interview.duration_minutes == 45 and interview.place == "Kaien 3"
    # the form shows the time again for a change
    assert 'value="10:30"' in _text(client.get(url))
    client.force_login(world.contact_user)
    page = _text(client.get(_list_url(recruitment)))
    assert "Kaien 3" in page and "10:30" in page


def test_scheduling_in_the_past_is_refused_in_norwegian_and_nothing_is_saved(kam_client, world):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, supplied, EmployerAnswer.INTERVIEW)
    url = reverse("recruitment:interview_schedule", kwargs={"uuid": supplied.uuid})
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = kam_client.post(
        url, {"date": yesterday.isoformat(), "time": "10:00", "duration_minutes": "60", "place": "Her"}
    )
    assert "Intervjuet kan ikke være tilbake i tid." in _text(response)
    response = kam_client.post(url, {"date": "", "time": "", "duration_minutes": "5", "place": ""})
    html = _text(response)
    assert "Oppgi datoen for intervjuet." in html and "Et intervju varer minst 15 minutter." in html
    assert not Interview.objects.exists()


def test_a_candidate_not_invited_gets_no_interview_form(kam_client, world):
    recruitment, [own, supplied] = sent_list(world)
    url = reverse("recruitment:interview_schedule", kwargs={"uuid": own.uuid})
    response = kam_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == _list_url(recruitment)
    assert "er ikke innkalt til intervju" in _text(response)


def test_the_portal_home_shows_each_recruitments_state_plan_and_progress(contact_client, world):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, own, EmployerAnswer.INTERVIEW)
    html = _text(contact_client.get(reverse("recruitment:portal_home")))
    row = html[html.index(f'id="portal-recruitment-{recruitment.uuid}"') :]
    row = row[: row.index("</tr>")]
    assert _list_url(recruitment) in row
    assert "Intervjuer" in row and "2 på listen" in row
    assert "1 venter på svar fra dere" in row and "1 til intervju" in row and "0 valgt" in row


# --- query counts ----------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["contact_user", "kam_a"])
def test_the_list_page_costs_the_same_queries_for_5_and_50_candidates(client, world, persona):
    recruitment, [own, supplied] = sent_list(world)
    answer(world, own, EmployerAnswer.INTERVIEW)
    schedule(world, own)
    more_shortlisted(world, recruitment, 3)
    client.force_login(getattr(world, persona))
    url = _list_url(recruitment)
    at_5 = _queries(client, url)
    assert _text(client.get(url)).count('class="card mb-3 candidate-entry"') == 5
    more_shortlisted(world, recruitment, 45)
    at_50 = _queries(client, url)
    assert _text(client.get(url)).count('class="card mb-3 candidate-entry"') == 50
    assert at_5 == at_50
    assert AuditEvent.objects.filter(action="candidate_list.viewed", actor=getattr(world, persona)).count() == 110
