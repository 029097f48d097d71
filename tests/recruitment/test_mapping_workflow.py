"""The mapping form state machine: allowed moves only, history and audit for each, approved versions frozen."""

import pytest

from accounts.models import AuditEvent
from recruitment.models import MappingFormVersion, MappingStatus, MappingStatusChange
from recruitment.services import mapping as services
from tests.recruitment.factories import approved_mapping_form, mapping_form, position_data, sent_mapping_form

pytestmark = pytest.mark.django_db
S = MappingStatus


def test_the_transition_table_is_the_documented_workflow():
    moves = {(frm, to) for frm_states, to in services.TRANSITIONS.values() for frm in frm_states}
    assert moves == {
        (S.DRAFT, S.AWAITING_APPROVAL),
        (S.AWAITING_APPROVAL, S.APPROVED),
        (S.AWAITING_APPROVAL, S.CHANGES_REQUESTED),
        (S.CHANGES_REQUESTED, S.DRAFT),
        (S.AWAITING_APPROVAL, S.DRAFT),  # the KAM withdraws a request
    }


@pytest.mark.parametrize(
    ("status", "action"),
    [(S.DRAFT, "approve"), (S.DRAFT, "withdraw"), (S.APPROVED, "send"), (S.APPROVED, "reopen"), (S.DRAFT, "reopen")],
)
def test_a_move_not_in_the_table_is_refused_and_changes_nothing(world, status, action):
    version = mapping_form(employer=world.employer_a, kam=world.kam_a).versions.get()
    MappingFormVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()
    with pytest.raises(services.MappingWorkflowError):
        services.mapping_version_transition(version=version, action=action, actor=world.kam_a)
    version.refresh_from_db()
    assert version.status == status
    assert not MappingStatusChange.objects.exists()


def test_a_lost_race_is_an_error_not_a_silent_overwrite(world):
    form, _, _ = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    stale_copy = form.versions.get()
    services.mapping_version_transition(version=form.versions.get(), action="withdraw", actor=world.kam_a)
    with pytest.raises(services.MappingWorkflowError):
        services.mapping_version_transition(version=stale_copy, action="withdraw", actor=world.kam_a)
    assert MappingStatusChange.objects.filter(action="withdraw").count() == 1


def test_each_transition_writes_a_history_row_and_an_audit_event(world):
    form, _, _ = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    version = form.versions.get()
    change = version.status_changes.get()
    assert (change.action, change.from_status, change.to_status, change.actor) == (
        "send",
        S.DRAFT,
        S.AWAITING_APPROVAL,
        world.kam_a,
    )
    assert change.actor_name == "Kam A"
    assert change.comment == "contact@bedrift-a.no"
    event = AuditEvent.objects.get(action="mapping_form.send")
    assert (event.actor, event.object_id) == (world.kam_a, str(version.pk))


def test_editing_after_changes_were_requested_reopens_the_draft(world):
    form, _, token = sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    services.mapping_approval_answer(token=token, approve=False, comment="Mer om skift")
    version = form.versions.get()
    services.mapping_position_add(version=version, actor=world.kam_a, **position_data(3, title="Nattevakt"))
    version.refresh_from_db()
    assert version.status == S.DRAFT
    assert list(version.status_changes.values_list("action", flat=True)) == ["send", "request_changes", "reopen"]


def test_an_approved_version_is_frozen(world):
    form = approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    version = form.versions.get()
    position = version.positions.first()
    position.version = version
    with pytest.raises(services.MappingWorkflowError):
        services.mapping_version_update(version=version, actor=world.kam_a, title="Endret")
    with pytest.raises(services.MappingWorkflowError):
        services.mapping_position_add(version=version, actor=world.kam_a, **position_data(9))
    with pytest.raises(services.MappingWorkflowError):
        services.mapping_position_update(position=position, actor=world.kam_a, title="Endret")
    with pytest.raises(services.MappingWorkflowError):
        services.mapping_position_delete(position=position, actor=world.kam_a)
    version.refresh_from_db()
    assert version.title == "Kartlegging 2027"
    assert version.positions.count() == 2
    assert version.content_hash == services.version_hash(version)


def test_changing_an_approved_form_starts_a_new_version_that_needs_approval_and_keeps_the_old(world):
    form = approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    first = form.versions.get()
    second = services.mapping_form_new_version(form=form, actor=world.kam_a)
    assert (second.number, second.status) == (2, S.DRAFT)
    assert [p.title for p in second.positions.order_by("order")] == [p.title for p in first.positions.order_by("order")]
    assert second.content_hash != first.content_hash  # the version number is part of the content
    services.mapping_version_update(version=second, actor=world.kam_a, title="Kartlegging 2027, versjon 2")
    first.refresh_from_db()
    assert (first.status, first.title) == (S.APPROVED, "Kartlegging 2027")
    with pytest.raises(services.MappingWorkflowError):
        services.mapping_form_new_version(form=form, actor=world.kam_a)  # version 2 is not approved yet


def test_the_hash_follows_every_content_change_and_only_content(world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    version = form.versions.get()
    before = version.content_hash
    assert before == services.version_hash(version)
    position = version.positions.get(order=2)
    position.version = version
    services.mapping_position_update(position=position, actor=world.kam_a, places=3)
    version.refresh_from_db()
    assert version.content_hash != before
    assert version.content_hash == services.version_hash(version)
    services.mapping_position_update(position=position, actor=world.kam_a, places=2)
    version.refresh_from_db()
    assert version.content_hash == before
