"""Issue 17.2: continuous delivery keeps the coordination requests open after the list until the CV deadline (or
until the coordinating KAM closes them), and candidates shortlisted since go to the employer as a supplementary
list: the employer sees one list growing, the new ones marked. Batch delivery stays as it was."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import policy
from accounts.models import Notification
from recruitment.models import DeliveryMode, RecruitmentEvent, RequestStatus, SubmissionStatus
from recruitment.selectors.recruitments import candidate_list_for_user
from recruitment.services import recruitments as services
from recruitment.services.transitions import RecruitmentError
from tests.recruitment.hiring_factories import fresh
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db


def _sent(world, mode=DeliveryMode.CONTINUOUS):
    recruitment = recruitment_for(world, delivery_mode=mode)
    coordination_request = request_to_b(world, recruitment)
    first = propose(world, recruitment, proposable_candidate(world, "b"))
    services.submission_decide(submission=first, actor=world.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    accept_terms(world.contact_user)
    recruitment.refresh_from_db()
    coordination_request.refresh_from_db()
    return recruitment, coordination_request, first


def test_batch_delivery_closes_the_requests_and_takes_no_more_candidates(world):
    recruitment, coordination_request, _first = _sent(world, DeliveryMode.TOGETHER)
    assert coordination_request.status == RequestStatus.CLOSED
    assert not recruitment.takes_candidates
    with pytest.raises(RecruitmentError):
        propose(world, recruitment, proposable_candidate(world, "b"))
    with pytest.raises(RecruitmentError):
        services.recruitment_send_supplement(recruitment=recruitment, actor=world.kam_a)


def test_continuous_delivery_takes_a_proposal_after_the_list_and_sends_it_as_new(world, client):
    recruitment, coordination_request, first = _sent(world)
    assert coordination_request.status == RequestStatus.CANDIDATES_SUBMITTED  # still open
    assert recruitment.is_supplementing
    [told] = Notification.objects.filter(user=world.kam_b, kind="recruitment.list_sent_supplier")
    assert "forespørselen deres er fortsatt åpen" in told.body

    later = propose(world, recruitment, proposable_candidate(world, "b"))
    services.submission_decide(submission=later, actor=world.kam_a, shortlist=True)
    # Shortlisted but not sent: the employer does not see it yet.
    contact = world.contact_user
    assert later.candidate not in set(policy.candidates_visible_to(contact))
    assert [e.submission.pk for e in candidate_list_for_user(recruitment=recruitment, user=contact)] == [first.pk]
    assert Notification.objects.filter(user=world.advisor_b, kind="recruitment.on_list").count() == 1

    mark = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    sent = services.recruitment_send_supplement(recruitment=recruitment, actor=world.kam_a)
    assert [s.pk for s in sent] == [later.pk]
    later.refresh_from_db()
    assert later.listed_at is not None and later.status == SubmissionStatus.SHORTLISTED
    # A second click finds nothing new: refused, nobody told twice.
    with pytest.raises(RecruitmentError):
        services.recruitment_send_supplement(recruitment=recruitment, actor=world.kam_a)
    new = Notification.objects.filter(pk__gt=mark)
    [to_contact] = new.filter(email=world.contact_a.email)
    assert to_contact.kind == "recruitment.list_supplemented" and later.candidate.full_name not in to_contact.body
    assert f"/recruitments/{recruitment.uuid}/list/" in to_contact.url
    assert new.filter(user=world.advisor_b, kind="recruitment.on_list").count() == 1
    assert new.filter(user=world.kam_b, kind="recruitment.on_list").count() == 1
    assert new.filter(user=world.kam_b, kind="recruitment.list_sent_supplier").count() == 1
    event = RecruitmentEvent.objects.get(recruitment=recruitment, action="list_supplemented")
    assert event.shared_with_employer

    # The employer sees one list, the later one marked as new.
    assert later.candidate in set(policy.candidates_visible_to(contact))
    client.force_login(contact)
    page = client.get(reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid})).content.decode()
    assert page.count('class="card mb-3 candidate-entry"') == 2
    assert page.count("candidate-new") == 1
    assert page.index(later.candidate.full_name) < page.index("candidate-new")
    assert page.index(first.candidate.full_name) < page.index(later.candidate.full_name)


def test_the_coordinating_kam_closes_the_requests_and_then_the_supplier_cannot_propose(world):
    recruitment, coordination_request, _first = _sent(world)
    with pytest.raises(RecruitmentError):
        services.recruitment_close_requests(recruitment=recruitment, actor=world.kam_b)
    assert services.recruitment_close_requests(recruitment=recruitment, actor=world.kam_a) == 1
    coordination_request.refresh_from_db()
    assert coordination_request.status == RequestStatus.CLOSED
    with pytest.raises(RecruitmentError):
        propose(world, recruitment, proposable_candidate(world, "b"))
    # The coordinating provider may still add its own until the deadline.
    own = propose(world, recruitment, proposable_candidate(world, "a"))
    assert own.status == SubmissionStatus.PROPOSED


def test_the_cv_deadline_closes_the_requests_and_stops_proposals(world, time_machine):
    recruitment, coordination_request, _first = _sent(world)
    assert services.requests_close_after_deadline(today=recruitment.cv_deadline) == 0
    time_machine.move_to(
        timezone.make_aware(
            datetime.datetime.combine(recruitment.cv_deadline + datetime.timedelta(days=1), datetime.time(9))
        )
    )
    recruitment.refresh_from_db()
    assert not recruitment.takes_candidates
    with pytest.raises(RecruitmentError):
        propose(world, recruitment, proposable_candidate(world, "a"))
    assert services.requests_close_after_deadline() == 1
    coordination_request.refresh_from_db()
    assert coordination_request.status == RequestStatus.CLOSED
    assert services.requests_close_after_deadline() == 0  # a second sweep finds nothing


def test_a_proposal_shortlisted_after_the_list_cannot_be_answered_before_it_is_sent(world):
    from recruitment.models import EmployerAnswer
    from tests.recruitment.hiring_factories import answer

    recruitment, _request, _first = _sent(world)
    later = propose(world, recruitment, proposable_candidate(world, "b"))
    services.submission_decide(submission=later, actor=world.kam_a, shortlist=True)
    with pytest.raises(RecruitmentError):
        answer(world, later, EmployerAnswer.INTERVIEW, actor=world.kam_a)
    assert fresh(later).status == SubmissionStatus.SHORTLISTED


def test_the_proposals_page_offers_the_supplement_and_the_closing(world, client):
    recruitment, _request, _first = _sent(world)
    later = propose(world, recruitment, proposable_candidate(world, "b"))
    services.submission_decide(submission=later, actor=world.kam_a, shortlist=True)
    client.force_login(world.kam_a)
    page = client.get(reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid})).content.decode()
    assert reverse("recruitment:send_supplement", kwargs={"uuid": recruitment.uuid}) in page
    assert reverse("recruitment:close_requests", kwargs={"uuid": recruitment.uuid}) in page
    assert "Send 1 ny kandidat til bedriften" in page
    response = client.post(reverse("recruitment:send_supplement", kwargs={"uuid": recruitment.uuid}))
    assert response.status_code == 302
    assert fresh(later).listed_at is not None
    again = client.post(reverse("recruitment:send_supplement", kwargs={"uuid": recruitment.uuid}), follow=True)
    assert "Ingen nye kandidater på listen venter på å bli sendt." in again.content.decode()


def test_the_coordinating_kam_sees_the_assessment_within_the_consent_and_the_view_is_audited(world, client):
    from accounts.models import AuditEvent
    from candidates.models import Assessment

    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    covered = proposable_candidate(world, "b", covers_assessment=True)
    not_covered = proposable_candidate(world, "b")
    for candidate, text in ((covered, "Alltid presis, god på lager."), (not_covered, "Hemmelig vurdering.")):
        Assessment.objects.create(candidate=candidate, updated_by=candidate.advisor, punctuality=text)
        propose(world, recruitment, candidate)
    client.force_login(world.kam_a)
    page = client.get(reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid})).content.decode()
    assert "Alltid presis, god på lager." in page
    assert "Hemmelig vurdering." not in page
    assert "Kandidatens samtykke dekker ikke vurderingen, så den vises ikke." in page
    viewed = AuditEvent.objects.filter(action="submission.viewed")
    assert set(viewed.values_list("candidate_id", flat=True)) == {covered.pk, not_covered.pk}


def test_the_proposals_page_costs_the_same_queries_for_2_and_8_proposals(world, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.recruitment.recruitment_factories import cheap_proposals

    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    cheap_proposals(world, recruitment, 2, consent=True)
    client.force_login(world.kam_a)
    url = reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid})
    client.get(url)
    with CaptureQueriesContext(connection) as at_2:
        assert client.get(url).status_code == 200
    cheap_proposals(world, recruitment, 6, consent=True)
    with CaptureQueriesContext(connection) as at_8:
        assert client.get(url).status_code == 200
    assert len(at_8) == len(at_2)


def test_a_decision_on_the_list_sent_cannot_be_undone_even_from_a_stale_page(world):
    recruitment, _request, first = _sent(world)
    stale = first  # loaded before the list went out (listed_at unset in memory)
    with pytest.raises(RecruitmentError):
        services.submission_undo_decision(submission=stale, actor=world.kam_a)
    assert fresh(first).status == SubmissionStatus.SHORTLISTED
