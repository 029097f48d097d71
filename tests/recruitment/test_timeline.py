"""One history per recruitment, cut per party: coordinating KAM all, supplying KAM its own provider's part,
the employer what was shared with it (and nothing of a candidate whose consent went), the home provider
its candidate's proposals."""

import pytest
from django.urls import reverse

from candidates.services import consent_withdraw
from recruitment.selectors.timeline import candidate_timeline, recruitment_timeline
from recruitment.services import recruitments as services
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_providers(world, django_capture_on_commit_callbacks):
    """A recruitment of provider A with a request to B; one proposal from each; both shortlisted; list sent."""
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    from_a = propose(world, recruitment, proposable_candidate(world, "a"))
    from_b = propose(world, recruitment, proposable_candidate(world, "b"))
    for submission in (from_a, from_b):
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    accept_terms(world.contact_user)
    return recruitment, from_a, from_b


def _keys(events):
    return [(e.subject, e.action, e.subject_id) for e in events]


def test_the_coordinating_kam_sees_every_event_in_order(world, two_providers):
    recruitment, from_a, from_b = two_providers
    events = recruitment_timeline(user=world.kam_a, recruitment=recruitment)
    assert len(events) == recruitment.events.count()
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert ("submission", "proposed", from_b.pk) in _keys(events)
    assert all(e.label for e in events)


def test_a_supplying_kam_sees_its_own_providers_part_and_nothing_of_the_other_providers(world, two_providers):
    recruitment, from_a, from_b = two_providers
    keys = _keys(recruitment_timeline(user=world.kam_b, recruitment=recruitment))
    assert ("submission", "proposed", from_b.pk) in keys
    assert ("recruitment", "send_list", recruitment.pk) in keys
    assert not any(subject == "submission" and pk == from_a.pk for subject, _, pk in keys)


def test_the_employer_sees_only_what_was_shared_with_it(world, two_providers):
    recruitment, from_a, from_b = two_providers
    events = recruitment_timeline(user=world.contact_user, recruitment=recruitment)
    assert _keys(events) == [("recruitment", "send_list", recruitment.pk)]
    assert all(e.shared_with_employer for e in events)


def test_the_employer_loses_a_candidates_history_with_the_consent(world, two_providers):
    recruitment, from_a, from_b = two_providers
    # an event about a candidate that is shared with the employer (as the employer's own answers are)
    for submission in (from_a, from_b):
        recruitment.events.create(
            subject="submission",
            subject_id=submission.pk,
            provider=submission.provider,
            action="employer_answer",
            actor=world.contact_user,
            actor_name=world.contact_user.full_name,
            at=recruitment.list_sent_at,
            shared_with_employer=True,
        )
    ids = lambda: {e.subject_id for e in recruitment_timeline(user=world.contact_user, recruitment=recruitment)}  # noqa: E731
    assert {from_a.pk, from_b.pk} <= ids()
    consent_withdraw(consent=from_b.candidate.consents.get(), actor=from_b.candidate.advisor)
    assert from_a.pk in ids() and from_b.pk not in ids()


def test_others_see_no_event(world, two_providers):
    recruitment, *_ = two_providers
    for user in (world.kam_other, world.advisor_a, world.coordinator):
        assert recruitment_timeline(user=user, recruitment=recruitment) == []


def test_the_home_provider_sees_its_candidates_history_on_the_candidate_page(client, world, two_providers):
    recruitment, from_a, from_b = two_providers
    history = candidate_timeline(submissions=[from_a])
    assert [e.action for e in history[from_a.pk]] == ["proposed", "shortlist"]
    client.force_login(world.advisor_a)
    html = client.get(reverse("candidates:detail", kwargs={"uuid": from_a.candidate.uuid})).content.decode()
    assert "Historikk" in html and "Satt på listen" in html


def test_the_contacts_list_page_shows_the_shared_timeline(client, world, two_providers):
    recruitment, *_ = two_providers
    client.force_login(world.contact_user)
    html = client.get(reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid})).content.decode()
    assert "Tidslinje" in html and "Kandidatliste sendt til bedriften" in html
    assert "Kandidat foreslått" not in html


def test_a_supplying_kam_never_reads_another_providers_candidate_in_the_history(
    world, two_providers, django_capture_on_commit_callbacks
):
    from recruitment.models import EmployerAnswer
    from recruitment.services.hiring import submission_employer_answer

    recruitment, from_a, from_b = two_providers
    with django_capture_on_commit_callbacks(execute=True):
        submission_employer_answer(submission=from_a, actor=world.contact_user, answer=EmployerAnswer.HIRED)
    seen = recruitment_timeline(user=world.kam_b, recruitment=recruitment)
    assert any(e.action == "choose" for e in seen)
    text = " ".join(f"{e.comment} {e.actor_name}" for e in seen)
    assert from_a.candidate.full_name not in text
    assert from_b.candidate.full_name in " ".join(
        e.comment for e in recruitment_timeline(user=world.kam_a, recruitment=recruitment)
    )


def test_the_dossier_history_costs_the_same_queries_with_one_or_three_interviews(client, world):
    """The proposals' interviews and placements come with the proposals (select_related), not in extra queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recruitment.models import EmployerAnswer, Submission
    from tests.recruitment.hiring_factories import answer, schedule, sent_list

    [first], [second], [third] = (sent_list(world, a=1, b=0)[1] for _ in range(3))
    candidate = first.candidate  # one candidate proposed to three recruitments
    Submission.objects.filter(pk__in=[second.pk, third.pk]).update(candidate=candidate)
    client.force_login(world.advisor_a)
    url = reverse("candidates:detail", kwargs={"uuid": candidate.uuid})
    client.get(url)  # the first request after login writes the session

    def cost():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return len(queries), html

    answer(world, first, EmployerAnswer.INTERVIEW)
    schedule(world, first)
    one, html = cost()
    assert "Intervju" in html
    for submission in (second, third):
        answer(world, submission, EmployerAnswer.INTERVIEW)
        schedule(world, submission)
    three, html = cost()
    assert one == three
