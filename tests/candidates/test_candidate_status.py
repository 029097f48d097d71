"""The candidate's status moves only through its table (candidates.services.CANDIDATE_TRANSITIONS)."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.transitions import WorkflowError
from candidates import services
from candidates.models import Candidate
from tests.candidates.factories import candidate_of

pytestmark = pytest.mark.django_db


def _data(world, candidate, **overrides):
    data = {
        "full_name": candidate.full_name,
        "advisor": world.advisor_a.pk,
        "email": "",
        "phone": "",
        "address": "",
        "available_from": "",
        "desired_work": "",
        "competences": "",
        "languages": "",
        "driving_licence": "",
        "status": candidate.status,
    }
    return {**data, **overrides}


def test_every_status_is_reachable_and_every_move_leads_somewhere_known():
    targets = {to for _, to in services.CANDIDATE_TRANSITIONS.values()}
    sources = {s for sources, _ in services.CANDIDATE_TRANSITIONS.values() for s in sources}
    assert targets <= set(Candidate.Status.values) and sources <= set(Candidate.Status.values)
    assert set(Candidate.Status.values) - {Candidate.Status.AVAILABLE} <= targets


def test_the_edit_form_moves_the_status_through_the_table_with_its_audit_event(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    url = reverse("candidates:edit", kwargs={"uuid": candidate.uuid})

    response = client.post(url, _data(world, candidate, status="inactive"))

    assert response.status_code == 302
    assert Candidate.objects.get().status == "inactive"
    event = AuditEvent.objects.get(action="candidate.status_changed")
    assert (event.detail, event.actor, event.candidate_id) == ("available -> inactive", world.advisor_a, candidate.pk)


def test_the_edit_form_refuses_a_move_the_table_does_not_list_and_saves_nothing(client, world):
    candidate = candidate_of(world, status="inactive")
    client.force_login(world.advisor_a)
    url = reverse("candidates:edit", kwargs={"uuid": candidate.uuid})

    response = client.post(url, _data(world, candidate, full_name="Nytt Navn", status="in_process"))

    assert response.status_code == 200
    assert "kan ikke settes til" in response.content.decode()
    stored = Candidate.objects.get()
    assert (stored.full_name, stored.status) == (candidate.full_name, "inactive")
    assert not AuditEvent.objects.filter(action__in=["candidate.updated", "candidate.status_changed"]).exists()


def test_a_transition_lost_to_someone_else_is_a_workflow_error_and_changes_nothing(world):
    candidate = candidate_of(world)
    stale = Candidate.objects.get(pk=candidate.pk)
    services.candidate_transition(candidate=candidate, action="deactivate", actor=world.advisor_a)

    with pytest.raises(WorkflowError) as error:
        services.candidate_transition(candidate=stale, action="propose", actor=world.advisor_a)

    assert "endret av noen andre" in str(error.value.messages[0])
    assert Candidate.objects.get().status == "inactive"
    assert AuditEvent.objects.filter(action="candidate.status_changed").count() == 1


def test_an_action_from_the_wrong_state_is_refused_before_anything_is_written(world):
    candidate = candidate_of(world, status="placed")
    with pytest.raises(services.CandidateStatusError):
        services.candidate_transition(candidate=candidate, action="propose", actor=world.advisor_a)
    assert not AuditEvent.objects.filter(action="candidate.status_changed").exists()


def test_creating_with_another_status_starts_in_the_default_and_moves_through_the_table(world):
    candidate = services.candidate_create(
        actor=world.advisor_a, advisor=world.advisor_a, full_name="Kari Nordmann", status="inactive"
    )
    assert Candidate.objects.get(pk=candidate.pk).status == "inactive"
    assert AuditEvent.objects.get(action="candidate.status_changed").detail == "available -> inactive"
