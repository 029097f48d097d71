"""A seeded scenario where every work-queue kind appears (shared by the work queue and calendar tests)."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from candidates.models import Assessment, Candidate, Consent
from recruitment.models import ContactKind, EmployerAnswer, Placement, Recruitment
from recruitment.services import account_plan_save
from tests.candidates.factories import candidate_of, document_for
from tests.recruitment.employer_factories import ContactLogEntryFactory
from tests.recruitment.factories import sent_mapping_form
from tests.recruitment.hiring_factories import answer, fresh, schedule, sent_list
from tests.recruitment.recruitment_factories import (
    placement_for,
    proposable_candidate,
    propose,
    recruitment_for,
    request_to_b,
)

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=OSLO)  # a Wednesday, in Q4 after its follow-up due date
TODAY = NOW.date()


def build_scenario(world) -> dict:
    """Each kind once per role (the contact's two lists excepted: see CONTACT)."""
    s = {}
    # proposals to review + a request the supplying KAM has not answered
    s["r_prop"] = recruitment_for(world)
    s["req_unanswered"] = request_to_b(world, s["r_prop"], accept=False)
    s["proposal"] = propose(world, s["r_prop"], proposable_candidate(world, "a"))
    # a proposal whose consent no longer stands: the advisor's "consent missing". Withdrawing through the service
    # now withdraws the proposal with it (issue 14), so this is the state of older rows: the consent marked
    # withdrawn while the proposal stayed open, which the queue must still show.
    no_consent = proposable_candidate(world, "a")
    s["no_consent_proposal"] = propose(world, s["r_prop"], no_consent)
    Consent.objects.filter(candidate=no_consent).update(withdrawn_at=timezone.now(), withdrawn_by=world.advisor_a)
    # CV deadline tomorrow, nobody proposed; provider B accepted and proposed nobody either
    s["r_soon"] = recruitment_for(world, cv_deadline=TODAY + datetime.timedelta(days=1))
    s["req_soon"] = request_to_b(world, s["r_soon"])
    # CV deadline passed
    s["r_passed"] = recruitment_for(world)
    Recruitment.objects.filter(pk=s["r_passed"].pk).update(cv_deadline=TODAY - datetime.timedelta(days=2))
    # a list past its feedback deadline (provider B's candidate: the supplying KAM's outcome)
    s["r_feedback"], [s["fb_submission"]] = sent_list(world, a=0, b=1)
    Recruitment.objects.filter(pk=s["r_feedback"].pk).update(feedback_deadline=TODAY - datetime.timedelta(days=1))
    # a list unanswered for four weeks (no feedback deadline, so it is not "overdue" too)
    s["r_4w"], [s["w4_submission"]] = sent_list(world, a=1, b=0)
    Recruitment.objects.filter(pk=s["r_4w"].pk).update(
        list_sent_at=NOW - datetime.timedelta(days=30), feedback_deadline=None
    )
    # an interview this week
    s["r_int"], [interviewed] = sent_list(world, a=1, b=0)
    answer(world, interviewed, EmployerAnswer.INTERVIEW)
    s["interview"] = schedule(world, fresh(interviewed), starts_at=NOW + datetime.timedelta(days=1))
    # a mapping form waiting for the contact's approval
    s["form"], _request, s["approval_token"] = sent_mapping_form(
        employer=world.employer_a, kam=world.kam_a, contact=world.contact_a
    )
    # an account plan last reviewed in April
    account_plan_save(actor=world.kam_a, employer=world.employer_a, reviewed_on=datetime.date(2026, 4, 1))
    # a next step due (a call: not a follow-up meeting, so the quarterly one is still missing)
    s["call"] = ContactLogEntryFactory(
        employer=world.employer_a,
        kam=world.kam_a,
        kind=ContactKind.CALL,
        occurred_on=datetime.date(2026, 11, 2),
        next_step="Sende tilbud om praksisplass",
        next_step_due=datetime.date(2026, 11, 16),
    )
    # provider B's KAM met employer B this quarter (no quarterly item for them)
    ContactLogEntryFactory(
        employer=world.employer_b, kam=world.kam_b, kind=ContactKind.MEETING, occurred_on=datetime.date(2026, 11, 2)
    )
    # a placement of the advisor's candidate with its follow-up due
    s["placement"] = placement_for(world, "a", start_date=TODAY - datetime.timedelta(days=20))
    Placement.objects.filter(pk=s["placement"].pk).update(next_follow_up=TODAY - datetime.timedelta(days=1))
    # the advisor's candidates: one without a CV, one with an unreviewed CV, one without an assessment
    s["no_cv"] = candidate_of(world, "a", full_name="Uten Cv")
    s["unreviewed"] = candidate_of(world, "a", full_name="Ikke Gjennomgått")
    document_for(s["unreviewed"])
    s["no_assessment"] = candidate_of(world, "a", full_name="Uten Vurdering")
    document_for(s["no_assessment"], reviewed=True)
    for candidate in Candidate.objects.exclude(pk=s["no_assessment"].pk).filter(assessment__isnull=True):
        Assessment.objects.create(candidate=candidate, updated_by=candidate.advisor, experience_with_person="God")
    return s
