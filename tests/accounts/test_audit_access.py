"""Issue 14: refused looks at candidate objects are logged; every user reads their own access history; the
candidate's advisor and provider admin read the candidate's access log; the audit table is append-only in
PostgreSQL itself."""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.audit import audit_record
from accounts.history import PAGE_SIZE
from accounts.models import AuditEvent
from tests.candidates.conftest import private_root  # noqa: F401
from tests.candidates.factories import candidate_of, document_for
from tests.recruitment.hiring_factories import sent_list
from tests.recruitment.recruitment_factories import placement_for

pytestmark = pytest.mark.django_db

DENIED = "access.denied"


def _denied():
    return list(AuditEvent.objects.filter(action=DENIED).order_by("id"))


# --- refused looks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["kam_b", "advisor_b", "admin_b", "coordinator", "outsider", "contact_user"])
def test_a_refused_dossier_is_a_plain_404_and_is_logged_with_the_candidate(client, world, role):
    candidate = candidate_of(world, full_name="Ola Hemmelig")
    user = getattr(world, role)
    client.force_login(user)

    response = client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid}))

    assert response.status_code == 404 and "Ola Hemmelig" not in response.content.decode()
    [event] = _denied()
    assert (event.actor_id, event.object_type, event.object_id, event.candidate_id) == (
        user.pk,
        "candidates.candidate",
        str(candidate.uuid),
        candidate.pk,
    )
    assert not AuditEvent.objects.filter(action="candidate.viewed").exists()


def test_a_key_that_names_nothing_answers_the_same_404_and_is_logged_without_a_candidate(client, world):
    candidate = candidate_of(world)
    client.force_login(world.kam_b)
    missing = uuid.uuid4()
    existing = client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid}))
    nothing = client.get(reverse("candidates:detail", kwargs={"uuid": missing}))
    assert existing.status_code == nothing.status_code == 404
    assert candidate.full_name not in existing.content.decode()
    assert [(e.object_id, e.candidate_id) for e in _denied()] == [
        (str(candidate.uuid), candidate.pk),
        (str(missing), None),
    ]


def test_the_anonymous_are_sent_to_log_in_and_nothing_is_logged(client, world):
    candidate = candidate_of(world)
    response = client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid}))
    assert response.status_code == 302
    assert not _denied()


def test_refused_documents_placements_and_proposals_are_logged(client, world, private_root):  # noqa: F811
    document = document_for(candidate_of(world))
    placement = placement_for(world)  # provider B's candidate
    _recruitment, [submission] = sent_list(world, a=1, b=0)
    client.force_login(world.kam_other)

    for url in (
        reverse("candidates:document_download", kwargs={"uuid": document.uuid}),
        reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid}),
        reverse("recruitment:interview_schedule", kwargs={"uuid": submission.uuid}),
        reverse("recruitment:placement_create", kwargs={"uuid": submission.uuid}),
    ):
        assert client.get(url).status_code == 404, url

    assert [(e.object_type, e.candidate_id) for e in _denied()] == [
        ("candidates.document", document.candidate_id),
        ("recruitment.placement", placement.candidate_id),
        ("recruitment.submission", submission.candidate_id),
        ("recruitment.submission", submission.candidate_id),
    ]


def test_a_contact_on_a_staff_document_url_is_logged(client, world, private_root):  # noqa: F811
    _recruitment, [submission] = sent_list(world, a=1, b=0)
    client.force_login(world.contact_user)
    assert client.get(reverse("candidates:document_download", kwargs={"uuid": submission.cv.uuid})).status_code == 404
    assert [(e.actor_id, e.object_type) for e in _denied()] == [(world.contact_user.pk, "candidates.document")]


def test_a_forbidden_action_on_a_visible_candidate_is_a_403_not_a_refused_look(client, world):
    candidate = candidate_of(world)
    client.force_login(world.kam_a)  # sees the dossier, may not edit it
    assert client.get(reverse("candidates:edit", kwargs={"uuid": candidate.uuid})).status_code == 403
    assert not _denied()


# --- the candidate's access log ---------------------------------------------------------------------------------


def test_the_candidates_advisor_reads_its_access_log_with_the_refused_attempts(client, world):
    candidate = candidate_of(world)
    client.force_login(world.kam_b)
    client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid}))
    client.force_login(world.advisor_a)

    response = client.get(reverse("candidates:audit", kwargs={"uuid": candidate.uuid}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kam B" in html and "avvist" in html  # "Prøvde å åpne noe de ikke har tilgang til (avvist)"
    assert [e.action for e in response.context["events"]] == ["access.denied"]  # the factory writes no "created" event


def test_another_advisor_of_the_provider_may_not_read_the_access_log(client, world):
    candidate = candidate_of(world)
    client.force_login(world.team_a)
    assert client.get(reverse("candidates:audit", kwargs={"uuid": candidate.uuid})).status_code == 403


def _events_for(candidate, actor, count):
    for _ in range(count):
        audit_record(actor=actor, action="candidate.viewed", obj=candidate, candidate_id=candidate.pk)


@pytest.mark.parametrize("name", ["candidates:audit", "my_history"])
def test_the_access_logs_cost_the_same_queries_whatever_they_hold(client, world, name):
    candidate = candidate_of(world)
    kwargs = {"uuid": candidate.uuid} if name == "candidates:audit" else None
    client.force_login(world.advisor_a)
    costs = []
    for count in (3, PAGE_SIZE + 20):
        _events_for(candidate, world.advisor_a, count)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
        costs.append(len(queries))
    assert costs[0] == costs[1], costs
    response = client.get(reverse(name, kwargs=kwargs) + "?page=2")
    assert response.status_code == 200 and response.context["page"].number == 2


# --- my access history -----------------------------------------------------------------------------------------


def test_my_history_shows_my_events_only_newest_first(client, world):
    mine, other = candidate_of(world), candidate_of(world, "b")
    client.force_login(world.kam_a)
    client.get(reverse("candidates:detail", kwargs={"uuid": mine.uuid}))
    client.get(reverse("candidates:detail", kwargs={"uuid": other.uuid}))  # refused
    client.force_login(world.advisor_b)
    client.get(reverse("candidates:detail", kwargs={"uuid": other.uuid}))  # someone else's read
    client.force_login(world.kam_a)

    response = client.get(reverse("my_history"))

    events = response.context["events"]
    assert response.status_code == 200
    assert {e.actor_id for e in events} == {world.kam_a.pk}
    assert [e.action for e in events[:2]] == ["access.denied", "candidate.viewed"]
    html = response.content.decode()
    assert "Så kandidatmappen" in html and "Min tilgangshistorikk" in html
    assert mine.full_name not in html  # the history names what kind of thing, not the candidate


def test_a_contact_reads_their_own_history_too(client, world):
    client.force_login(world.contact_user)
    response = client.get(reverse("my_history"))
    assert response.status_code == 200 and list(response.context["events"]) == []


def test_my_history_is_linked_from_the_profile(client, world):
    client.force_login(world.advisor_a)
    assert reverse("my_history") in client.get(reverse("profile")).content.decode()


# --- append-only in the database --------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_to_update_or_delete_an_audit_event(world):
    candidate = candidate_of(world)
    event = audit_record(actor=world.kam_a, action="candidate.viewed", obj=candidate, candidate_id=candidate.pk)
    for change in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(detail="rewritten"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda: connection.cursor().execute("DELETE FROM accounts_auditevent"),
        lambda: connection.cursor().execute("UPDATE accounts_auditevent SET candidate_id = NULL"),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            change()
    event.refresh_from_db()
    assert event.detail == "" and event.candidate_id == candidate.pk
    audit_record(actor=world.kam_a, action="candidate.viewed", obj=candidate, candidate_id=candidate.pk)  # inserts work
    assert AuditEvent.objects.filter(candidate_id=candidate.pk).count() == 2
