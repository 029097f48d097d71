"""The prospect pipeline: contacted → meeting held → agreement signed, only through the engine; the employer
page's stage block, the employer list's filter and column, and the migration of existing employers."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from recruitment import services
from recruitment.models import Employer, ProspectStage
from recruitment.services.prospect_transitions import (
    PROSPECT_MACHINE,
    PROSPECT_TRANSITIONS,
    ProspectError,
    employer_prospect_transition,
)
from tests.factories import EmployerFactory

TODAY = date(2026, 6, 15)
LIST = reverse("recruitment:employer_list")


def step_url(employer):
    return reverse("recruitment:employer_prospect_step", kwargs={"uuid": employer.uuid})


def page_url(employer):
    return reverse("recruitment:employer_detail", kwargs={"uuid": employer.uuid})


def fresh(employer):
    return Employer.objects.get(pk=employer.pk)


def test_the_table_names_only_stages_of_the_field_and_starts_at_the_default():
    field = Employer._meta.get_field("prospect_stage")
    stages = {value for value, _ in field.choices}
    for sources, target in PROSPECT_TRANSITIONS.values():
        assert set(sources) <= stages and target in stages
    assert field.default in {s for sources, _ in PROSPECT_TRANSITIONS.values() for s in sources}
    assert PROSPECT_MACHINE.field == "prospect_stage"


@time_machine.travel(TODAY, tick=False)
def test_the_kam_takes_the_steps_from_the_employer_page(client, world):
    employer = world.employer_a
    client.force_login(world.kam_a)
    page = client.get(page_url(employer)).content.decode()
    assert 'data-stage="contacted"' in page and 'value="hold_meeting"' in page

    response = client.post(step_url(employer), {"action": "hold_meeting", "on": "2026-06-10"})
    assert response.status_code == 302 and response.url == page_url(employer)
    employer = fresh(employer)
    assert (employer.prospect_stage, employer.prospect_meeting_on) == (ProspectStage.MEETING_HELD, date(2026, 6, 10))
    audit = AuditEvent.objects.filter(action="employer_prospect.hold_meeting", object_id=str(employer.pk)).get()
    assert audit.actor_id == world.kam_a.pk and "contacted → meeting_held" in audit.detail

    client.post(step_url(employer), {"action": "sign"})
    employer = fresh(employer)
    assert (employer.prospect_stage, employer.agreement_signed_on) == (ProspectStage.SIGNED, TODAY)
    page = client.get(page_url(employer)).content.decode()
    assert 'data-stage="agreement_signed"' in page and 'name="action"' not in page


@time_machine.travel(TODAY, tick=False)
def test_a_step_the_table_does_not_allow_is_refused_with_its_message(client, world):
    employer = world.employer_a
    employer_prospect_transition(employer=employer, action="sign", on=TODAY, actor=world.kam_a)
    client.force_login(world.kam_a)
    response = client.post(step_url(employer), {"action": "hold_meeting"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Bedriften er i fasen «Avtale signert», så det steget kan ikke tas nå."]
    assert fresh(employer).prospect_meeting_on is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "sign", "on": "2026-06-16"}, "Steget kan ikke dateres fram i tid."),
        ({"action": "sign", "on": "2026-01-01"}, "Steget kan ikke dateres før bedriften først ble kontaktet."),
        ({"action": "sign", "on": "16.16.2026"}, "Oppgi en gyldig dato."),
        ({"action": "delete"}, "Ukjent steg."),
        ({}, "Ukjent steg."),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_bad_steps_are_refused_with_a_clear_message_and_nothing_changes(client, world, data, message):
    employer = world.employer_a
    Employer.objects.filter(pk=employer.pk).update(contacted_on=date(2026, 3, 1))
    client.force_login(world.kam_a)
    response = client.post(step_url(employer), data, follow=True)
    assert message in [str(m) for m in response.context["messages"]]
    employer = fresh(employer)
    assert (employer.prospect_stage, employer.agreement_signed_on) == (ProspectStage.CONTACTED, None)


def test_a_lost_race_is_an_error_not_an_overwrite(world):
    employer = world.employer_a
    stale = fresh(employer)  # read at "contacted"
    employer_prospect_transition(employer=employer, action="hold_meeting", on=date(2026, 1, 5), actor=world.kam_a)
    with pytest.raises(ProspectError, match="samtidig"):
        employer_prospect_transition(employer=stale, action="hold_meeting", on=date(2026, 1, 6), actor=world.kam_a)
    assert fresh(employer).prospect_meeting_on == date(2026, 1, 5)


def test_only_a_kam_who_may_edit_the_employer_moves_it(client, world):
    employer = world.employer_a
    for persona, status in ((world.kam_b, 403), (world.kam_other, 404), (world.coordinator, 403)):
        client.force_login(persona)
        assert client.post(step_url(employer), {"action": "sign"}).status_code == status
    client.force_login(world.kam_a)
    assert client.get(step_url(employer)).status_code == 405
    assert fresh(employer).prospect_stage == ProspectStage.CONTACTED


def test_the_employer_contact_does_not_see_the_stage(client, world):
    from accounts.models import TermsAcceptance
    from accounts.terms import TERMS_VERSION

    TermsAcceptance.objects.create(user=world.contact_user, version=TERMS_VERSION)
    client.force_login(world.contact_user)
    response = client.get(page_url(world.employer_a))
    assert response.status_code == 200 and "prospect-stage" not in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_stage_block_reads_only_the_employer_row(world):
    employer = fresh(world.employer_a)
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string(
            "recruitment/prospects/_stage.html",
            {"employer": employer, "with_account": True, "can_edit": True, "today": TODAY},
        )
    assert len(queries) == 0
    assert 'data-stage="contacted"' in html and 'max="2026-06-15"' in html


# --- the employer form's agreement date --------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_a_new_employer_with_an_agreement_date_is_a_client_and_without_one_a_prospect(world):
    client_employer = services.employer_create(
        actor=world.kam_a,
        provider=world.provider_a,
        name="Kunde AS",
        org_number="974760673",
        agreement_signed_on=date(2026, 2, 1),
    )
    prospect = services.employer_create(
        actor=world.kam_a, provider=world.provider_a, name="Prospekt AS", org_number="923609016"
    )
    assert (client_employer.prospect_stage, client_employer.agreement_signed_on) == (
        ProspectStage.SIGNED,
        date(2026, 2, 1),
    )
    assert (prospect.prospect_stage, prospect.contacted_on) == (ProspectStage.CONTACTED, TODAY)
    assert AuditEvent.objects.filter(action="employer_prospect.sign", object_id=str(client_employer.pk)).exists()


@time_machine.travel(TODAY, tick=False)
def test_the_form_signs_a_prospect_and_refuses_to_clear_or_postdate_the_date(world):
    employer = world.employer_a
    services.employer_update(actor=world.kam_a, employer=employer, agreement_signed_on=date(2026, 5, 2))
    assert fresh(employer).prospect_stage == ProspectStage.SIGNED
    employer = fresh(employer)
    with pytest.raises(ValidationError) as refused:
        services.employer_update(actor=world.kam_a, employer=employer, agreement_signed_on=None)
    assert "agreement_signed_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.employer_update(actor=world.kam_a, employer=fresh(employer), agreement_signed_on=date(2026, 7, 1))
    assert "agreement_signed_on" in refused.value.message_dict
    assert fresh(employer).agreement_signed_on == date(2026, 5, 2)


# --- the employer list ----------------------------------------------------------------------------------------


def _sign(employer, kam):
    employer_prospect_transition(employer=employer, action="sign", on=date(2026, 1, 2), actor=kam)


@time_machine.travel(TODAY, tick=False)
def test_the_list_filters_prospects_and_clients_and_shows_the_stage(client, world):
    signed = EmployerFactory(
        name="Signert AS", region=world.region, responsible_provider=world.provider_a, responsible_kam=world.kam_a
    )
    _sign(signed, world.kam_a)
    met = EmployerFactory(
        name="Møtt AS", region=world.region, responsible_provider=world.provider_a, responsible_kam=world.kam_a
    )
    employer_prospect_transition(employer=met, action="hold_meeting", on=date(2026, 1, 2), actor=world.kam_a)
    client.force_login(world.kam_a)

    def names(stage):
        return {e.name for e in client.get(LIST, {"stage": stage}).context["page"].object_list}

    assert names("clients") == {"Signert AS"}
    assert names("prospects") == {"Bedrift Æ AS", "Bedrift B AS", "Møtt AS"}
    assert names("meeting_held") == {"Møtt AS"}
    assert names("contacted") == {"Bedrift Æ AS", "Bedrift B AS"}
    page = client.get(LIST).content.decode()
    assert 'data-stage="agreement_signed"' in page and 'data-stage="meeting_held"' in page


@time_machine.travel(TODAY, tick=False)
def test_the_list_costs_the_same_queries_with_more_prospects(client, world):
    client.force_login(world.kam_a)

    def count():
        client.get(LIST, {"stage": "prospects"})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST, {"stage": "prospects"}).status_code == 200
        return len(queries)

    small = count()
    for _ in range(6):
        EmployerFactory(region=world.region, responsible_provider=world.provider_a, responsible_kam=world.kam_a)
    assert count() == small


# --- the migration of existing employers ---------------------------------------------------------------------

BEFORE = [("recruitment", "0016_targets_and_prospects")]
AFTER = [("recruitment", "0017_existing_employers_prospect_stage")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_existing_employers_with_work_or_an_agreement_become_clients(world):
    from tests.recruitment.recruitment_factories import recruitment_for

    recruitment_for(world)  # employer_a: a recruitment and an approved mapping form
    Employer.objects.filter(pk=world.employer_b.pk).update(agreement_signed_on=date(2024, 5, 1))
    try:
        apps = _migrate(BEFORE)
        model = apps.get_model("recruitment", "Employer")
        model.objects.update(prospect_stage="contacted", contacted_on=None)
        apps = _migrate(AFTER)
        model = apps.get_model("recruitment", "Employer")
        stages = dict(model.objects.values_list("name", "prospect_stage"))
        assert stages == {
            "Bedrift Æ AS": "agreement_signed",
            "Bedrift B AS": "agreement_signed",
            "Bedrift Nord AS": "contacted",
        }
        other = model.objects.get(pk=world.employer_other.pk)
        assert other.contacted_on == world.employer_other.created_at.date()
        assert model.objects.get(pk=world.employer_a.pk).agreement_signed_on is None
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
