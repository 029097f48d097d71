"""The work queue on every role's home page: a seeded scenario where each kind appears, per role exactly the
expected items, each link opens the page that resolves it, resolving removes it, and a constant query count."""

from collections import Counter

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from candidates.models import Assessment, Candidate, Consent
from candidates.services import consent_withdraw
from recruitment.models import ContactKind, EmployerAnswer, Submission
from recruitment.services import account_plan_save, contact_log_add
from recruitment.services import mapping as mapping_services
from recruitment.services import recruitments as services
from recruitment.services.placements import placement_note_add
from recruitment.work_queue import work_queue
from tests.candidates.factories import document_for
from tests.recruitment.hiring_factories import answer
from tests.recruitment.recruitment_factories import proposable_candidate, propose
from tests.recruitment.work_queue_scenario import NOW, TODAY, build_scenario


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def kinds(user) -> Counter:
    return Counter(item.kind for item in work_queue(user=user))


KAM = {
    "proposals_to_review": 1,
    "cv_deadline_soon": 1,
    "cv_deadline_passed": 1,
    "feedback_overdue": 1,
    "list_unanswered_four_weeks": 1,
    "mapping_form": 1,
    "quarterly_meeting": 1,
    "account_plan_review": 1,
    "contact_next_step": 1,
    "request_unanswered": 1,
    "interview_this_week": 1,
}
SUPPLYING_KAM = {"request_to_answer": 1, "request_deadline_soon": 1, "proposal_outcome": 1}
ADVISOR = {
    "candidate_cv_missing": 1,
    "candidate_cv_unreviewed": 1,
    "candidate_assessment_missing": 1,
    "candidate_consent_missing": 1,
    "interview_this_week": 1,
    "placement_follow_up": 1,
}
# Two lists wait for the contact's answers: the overdue one and the four-week one (both the same kind).
CONTACT = {"list_to_answer": 2, "contact_interview": 1, "mapping_to_approve": 1}


@pytest.fixture
def scenario(world, at_now):
    return build_scenario(world)


def test_each_role_gets_exactly_the_expected_items(world, scenario):
    assert kinds(world.kam_a) == Counter(KAM)
    assert kinds(world.kam_b) == Counter(SUPPLYING_KAM)
    assert kinds(world.advisor_a) == Counter(ADVISOR)
    assert kinds(world.contact_user) == Counter(CONTACT)
    assert kinds(world.advisor_b) == Counter()
    assert kinds(world.coordinator) == Counter()
    assert kinds(world.kam_other) == Counter({"quarterly_meeting": 1})  # employer Nord, not met this quarter


def test_every_item_says_why_since_when_and_links_to_a_page_the_user_may_open(world, scenario, client):
    for user in (world.kam_a, world.kam_b, world.advisor_a, world.contact_user):
        client.force_login(user)
        for item in work_queue(user=user):
            assert item.title and item.why and item.since, item
            response = client.get(item.url)
            assert response.status_code == 200, (user, item)


def test_the_home_pages_show_the_items_and_their_count(world, scenario, client):
    for user, expected in ((world.kam_a, KAM), (world.kam_b, SUPPLYING_KAM), (world.advisor_a, ADVISOR)):
        client.force_login(user)
        page = client.get(reverse("dashboard")).content.decode()
        assert f'id="work-queue-count">{sum(expected.values())}<' in page
        for kind, count in expected.items():
            assert page.count(f'data-kind="{kind}"') == count, (user, kind)
    client.force_login(world.contact_user)
    page = client.get(reverse("recruitment:portal_home")).content.decode()
    assert f'id="work-queue-count">{sum(CONTACT.values())}<' in page


def test_the_advisors_home_audits_the_candidates_it_names(world, scenario, client):
    client.force_login(world.advisor_a)
    before = AuditEvent.objects.filter(action="candidate.listed_in_work_queue").count()
    page = client.get(reverse("dashboard")).content.decode()
    assert "Uten Cv" in page and "Uten Vurdering" in page
    named = set(
        AuditEvent.objects.filter(action="candidate.listed_in_work_queue").values_list("candidate_id", flat=True)
    )
    assert AuditEvent.objects.filter(action="candidate.listed_in_work_queue").count() > before
    assert {scenario["no_cv"].pk, scenario["unreviewed"].pk, scenario["no_assessment"].pk} <= named
    # one event per candidate shown, even for a candidate with two items (no CV and no assessment)
    Assessment.objects.filter(candidate=scenario["no_cv"]).delete()
    before = AuditEvent.objects.filter(action="candidate.listed_in_work_queue", candidate_id=scenario["no_cv"].pk)
    count = before.count()
    client.get(reverse("dashboard"))
    assert before.count() == count + 1


def test_the_region_coordinator_sees_figures_and_no_names(world, scenario, client):
    client.force_login(world.coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-figure="running"' in page
    assert 'id="work-queue"' not in page
    for name in Candidate.objects.values_list("full_name", flat=True):
        assert name not in page
    assert '<dd class="col-4 col-sm-6 fw-semibold" data-figure="placements">1</dd>' in page


def _gone(user, kind):
    return kinds(user)[kind] == 0


def test_resolving_each_item_removes_it(world, scenario):
    s = scenario
    # KAM: decide both proposals
    for submission in Submission.objects.filter(recruitment=s["r_prop"]):
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=False, feedback="Ikke nå")
    assert _gone(world.kam_a, "proposals_to_review")
    assert _gone(world.advisor_a, "candidate_consent_missing")  # no longer proposed
    # supplying KAM answers; the coordinating KAM's "waiting for an answer" goes too
    services.coordination_request_answer(
        coordination_request=s["req_unanswered"], actor=world.kam_b, answer="decline", comment="Ingen ledige"
    )
    assert _gone(world.kam_b, "request_to_answer") and _gone(world.kam_a, "request_unanswered")
    # the contact approves the mapping form
    mapping_services.mapping_approval_answer(token=s["approval_token"], approve=True)
    assert _gone(world.kam_a, "mapping_form") and _gone(world.contact_user, "mapping_to_approve")
    # a meeting held this quarter and logged after the call: quarterly and next step both done
    contact_log_add(actor=world.kam_a, employer=world.employer_a, kind=ContactKind.MEETING, occurred_on=TODAY)
    assert _gone(world.kam_a, "quarterly_meeting") and _gone(world.kam_a, "contact_next_step")
    # the account plan reviewed
    account_plan_save(actor=world.kam_a, employer=world.employer_a, reviewed_on=TODAY)
    assert _gone(world.kam_a, "account_plan_review")
    # the follow-up note moves the next follow-up
    placement_note_add(placement=s["placement"], actor=world.advisor_a, occurred_on=TODAY, text="Går bra")
    assert _gone(world.advisor_a, "placement_follow_up")
    # the advisor uploads and reviews CVs, writes the assessment
    document_for(s["no_cv"], reviewed=True)
    document_for(s["unreviewed"], reviewed=True)
    Assessment.objects.create(candidate=s["no_assessment"], updated_by=world.advisor_a, experience_with_person="God")
    for kind in ("candidate_cv_missing", "candidate_cv_unreviewed", "candidate_assessment_missing"):
        assert _gone(world.advisor_a, kind), kind
    # the CV deadline passes by closing the recruitment
    services.recruitment_close(
        recruitment=s["r_passed"], actor=world.kam_a, action="cancel", reason="Stillingen er trukket"
    )
    assert _gone(world.kam_a, "cv_deadline_passed")
    # provider A and B propose for the recruitment whose deadline is near
    propose(world, s["r_soon"], proposable_candidate(world, "b"))
    propose(world, s["r_soon"], proposable_candidate(world, "a"))
    assert _gone(world.kam_b, "request_deadline_soon") and _gone(world.kam_a, "cv_deadline_soon")


def test_the_contacts_answer_removes_the_list_from_both_queues(world, scenario):
    answer(world, scenario["fb_submission"], EmployerAnswer.NOT_RELEVANT, reason="qualifications")
    assert kinds(world.contact_user)["list_to_answer"] == 1
    assert _gone(world.kam_a, "feedback_overdue")


def test_the_queue_costs_the_same_queries_whatever_the_rows(world, at_now):
    build_scenario(world)
    counts = {}
    for size in ("small", "large"):
        if size == "large":
            build_scenario(world)
        for user in (world.kam_a, world.kam_b, world.advisor_a, world.contact_user, world.coordinator):
            user = type(user).objects.get(pk=user.pk)
            with CaptureQueriesContext(connection) as queries:
                work_queue(user=user)
            counts.setdefault(user.email, []).append(len(queries))
    for email, (small, large) in counts.items():
        assert small == large, (email, small, large)
    assert kinds(world.kam_a)["proposals_to_review"] == 2  # the second scenario did add rows


def test_consents_are_what_the_contact_queue_respects(world, scenario):
    """A withdrawn consent takes the candidate off the contact's list: the overdue list no longer waits."""
    consent = Consent.objects.get(candidate=scenario["fb_submission"].candidate)
    consent_withdraw(consent=consent, actor=world.advisor_b)
    assert kinds(world.contact_user)["list_to_answer"] == 1
    assert _gone(world.kam_a, "feedback_overdue")


REMINDER_TO_QUEUE = {
    "recruitment.cv_deadline_soon": {"coordinationrequest": "request_deadline_soon", "recruitment": "cv_deadline_soon"},
    "recruitment.cv_deadline_passed": {"recruitment": "cv_deadline_passed"},
    "recruitment.list_feedback_overdue": {"recruitment": "feedback_overdue"},
    "recruitment.list_unanswered_four_weeks": {"recruitment": "list_unanswered_four_weeks"},
    "employer.quarterly_follow_up": {"employer": "quarterly_meeting"},
    "account_plan.review_due": {"accountplanversion": "account_plan_review"},
    "recruitment.placement_follow_up_due": {"placement": "placement_follow_up"},
}


def test_the_queue_shows_what_the_reminders_would_send(world, scenario):
    """Per reminder kind and per persona: as many queue items as reminders the sweep would send them now."""
    from accounts.reminders import discover_kinds

    finders = discover_kinds()
    people = [world.persona(role) for role in ("kam_a", "kam_b", "advisor_a", "advisor_b", "team_a", "kam_other")]
    for reminder_kind, to_queue in REMINDER_TO_QUEUE.items():
        sent = Counter()
        for due in finders[reminder_kind](NOW):
            for recipient in due.recipients:
                if hasattr(recipient, "pk"):
                    sent[(recipient.pk, to_queue[due.obj._meta.model_name])] += 1
        assert sent, f"the scenario should make {reminder_kind} due"
        for person in people:
            shown = kinds(person)
            for queue_kind in to_queue.values():
                assert shown[queue_kind] == sent[(person.pk, queue_kind)], (reminder_kind, person, queue_kind)
    # the interview reminder (tomorrow) goes to people who have it in their week
    for due in finders["recruitment.interview_tomorrow"](NOW):
        for recipient in due.recipients:
            assert kinds(recipient)["interview_this_week"] >= 1
