"""The one engine behind every stateful model: table check, conditional UPDATE, one history row, one audit row."""

import pytest

from accounts.models import AuditEvent
from accounts.transitions import WorkflowError
from candidates.services import CANDIDATE_MACHINE
from recruitment.models import (
    MappingFormVersion,
    Placement,
    Recruitment,
    RecruitmentEvent,
    RecruitmentStatus,
    Submission,
)
from recruitment.services import transitions
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("table", "model"),
    [
        (transitions.RECRUITMENT_TRANSITIONS, Recruitment),
        (transitions.SUBMISSION_TRANSITIONS, Submission),
        (transitions.PLACEMENT_TRANSITIONS, Placement),
        (transitions.MAPPING_TRANSITIONS, MappingFormVersion),
        (CANDIDATE_MACHINE.table, None),
    ],
)
def test_every_table_names_only_states_of_its_model(table, model):
    from candidates.models import Candidate

    field = (model or Candidate)._meta.get_field("status")
    states = {value for value, _ in field.choices}
    for from_states, to_state in table.values():
        assert set(from_states) <= states and to_state in states
    assert field.default in {s for sources, _ in table.values() for s in sources}


def test_a_move_writes_one_event_and_one_audit_row_with_who_and_what(world):
    recruitment = recruitment_for(world, open_it=False)
    events, audits = RecruitmentEvent.objects.count(), AuditEvent.objects.count()

    transitions.recruitment_transition(recruitment=recruitment, action="open", actor=world.kam_a, comment="Klar")

    event = RecruitmentEvent.objects.latest("id")
    assert RecruitmentEvent.objects.count() == events + 1 and AuditEvent.objects.count() == audits + 1
    assert (event.action, event.from_status, event.to_status, event.actor, event.comment, event.provider_id) == (
        "open",
        "draft",
        "open",
        world.kam_a,
        "Klar",
        None,
    )
    assert AuditEvent.objects.latest("id").action == "recruitment.open"


def test_a_submissions_event_concerns_its_provider_and_a_requests_the_supplying_provider(world):
    recruitment = recruitment_for(world)
    coordination_request = request_to_b(world, recruitment)
    submission = propose(world, recruitment, proposable_candidate(world, "b"))

    transitions.submission_transition(submission=submission, action="shortlist", actor=world.kam_a)

    shortlist = RecruitmentEvent.objects.get(action="shortlist")
    accept = RecruitmentEvent.objects.get(action="accept")
    assert shortlist.provider_id == submission.provider_id == world.provider_b.pk
    assert accept.provider_id == coordination_request.supplying_provider_id
    assert AuditEvent.objects.get(action="submission.shortlist").candidate_id == submission.candidate_id


def test_the_loser_of_a_race_is_told_and_nothing_of_its_move_is_written(world):
    recruitment = recruitment_for(world)
    stale = Recruitment.objects.get(pk=recruitment.pk)
    transitions.recruitment_transition(recruitment=recruitment, action="cancel", actor=world.kam_a)
    events, audits = RecruitmentEvent.objects.count(), AuditEvent.objects.count()

    with pytest.raises(transitions.RecruitmentError) as error:
        transitions.recruitment_transition(recruitment=stale, action="close_unfilled", actor=world.kam_b)

    assert isinstance(error.value, WorkflowError)
    assert "samtidig" in str(error.value)
    assert Recruitment.objects.get(pk=recruitment.pk).status == RecruitmentStatus.CANCELLED
    assert (RecruitmentEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_a_move_the_table_does_not_list_is_refused_before_the_database_is_asked(world, django_assert_num_queries):
    recruitment = recruitment_for(world)
    with django_assert_num_queries(0), pytest.raises(transitions.RecruitmentError) as error:
        transitions.recruitment_transition(recruitment=recruitment, action="fill", actor=world.kam_a)
    assert "så det kan ikke gjøres" in str(error.value)


def test_event_record_stores_a_message_that_is_not_a_move(world):
    recruitment = recruitment_for(world)
    event = transitions.event_record(
        recruitment=recruitment,
        subject=RecruitmentEvent.Subject.RECRUITMENT,
        subject_id=recruitment.pk,
        action="status_update",
        actor=world.kam_a,
        comment="Vi jobber videre",
    )
    assert (event.from_status, event.to_status, event.actor_name) == ("", "", world.kam_a.full_name)
    assert event.at is not None and not event.shared_with_employer
