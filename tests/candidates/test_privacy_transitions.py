"""The consent request and export tables agree with their models, and a lost race is refused, not overwritten."""

import pytest

from candidates.consent_requests import consent_request_send
from candidates.models import ConsentRequest, SubjectAccessExport
from candidates.privacy_transitions import (
    CONSENT_REQUEST_TRANSITIONS,
    EXPORT_TRANSITIONS,
    ConsentRequestError,
    ExportError,
    consent_request_transition,
    export_transition,
)
from tests.candidates.factories import candidate_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("table", "model"), [(CONSENT_REQUEST_TRANSITIONS, ConsentRequest), (EXPORT_TRANSITIONS, SubjectAccessExport)]
)
def test_every_table_names_only_states_of_its_model_and_reaches_every_state(table, model):
    field = model._meta.get_field("status")
    states = {value for value, _ in field.choices}
    for from_states, to_state in table.values():
        assert set(from_states) <= states and to_state in states
    assert field.default in {s for sources, _ in table.values() for s in sources}
    assert {to for _, to in table.values()} | {field.default} == states


def test_a_consent_request_answered_meanwhile_is_refused_and_keeps_the_first_answer(world):
    request = consent_request_send(
        candidate=candidate_of(world), employer=world.employer_a, actor=world.advisor_a, parts=["cv"]
    )
    stale = ConsentRequest.objects.get(pk=request.pk)
    consent_request_transition(consent_request=request, action="decline", actor=None)
    with pytest.raises(ConsentRequestError):
        consent_request_transition(consent_request=stale, action="expire", actor=None)
    assert ConsentRequest.objects.get(pk=request.pk).status == "declined"


def test_an_export_moves_only_as_the_table_says(world):
    export = SubjectAccessExport.objects.create(candidate=candidate_of(world), requested_by=world.advisor_a)
    with pytest.raises(ExportError):
        export_transition(export=export, action="download", actor=world.advisor_a)
    stale = SubjectAccessExport.objects.get(pk=export.pk)
    export_transition(export=export, action="fail", actor=None)
    with pytest.raises(ExportError):
        export_transition(export=stale, action="build", actor=None)
    assert SubjectAccessExport.objects.get(pk=export.pk).status == "failed"
