"""The contact's portal home: their employer, its contacts, its mapping forms (answered in place), recruitments."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, Notification
from recruitment.models import ApprovalRequest, MappingStatus, MappingStatusChange
from recruitment.services import mapping as mapping_services
from tests.recruitment.factories import approved_mapping_form, mapping_form, sent_mapping_form
from tests.recruitment.portal_factories import accept_terms, contact_user

pytestmark = pytest.mark.django_db

HOME = reverse("recruitment:portal_home")


def _answer_url(form):
    return reverse("recruitment:portal_mapping_answer", kwargs={"uuid": form.uuid})


@pytest.fixture
def contact_client(client, world):
    accept_terms(world.contact_user)
    client.force_login(world.contact_user)
    return client


@pytest.fixture
def waiting(world):
    return sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)


def _snapshot():
    return (
        list(ApprovalRequest.objects.values_list("used_at", "decision", "decided_ip")),
        MappingStatusChange.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_the_home_page_shows_the_employer_its_contacts_forms_and_an_empty_recruitment_section(
    contact_client, world, waiting
):
    approved = approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    approved.versions.update(title="Kartlegging lager 2026")
    contact_user(employer=world.employer_a, full_name="Per Kollega")
    response = contact_client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Bedrift Æ AS" in html
    assert "Per Kollega" in html and "Kari Kontakt" in html
    assert "Venter på godkjenningen din" in html
    assert f'id="waiting-form-{waiting[0].uuid}"' in html
    assert waiting[0].versions.get().content_hash in html
    assert "Kartlegging lager 2026" in html
    assert 'id="portal-recruitments"' in html
    assert "Ingen kandidatlister ennå." in html
    assert "KAM-en din: Kam A, Tiltak A AS." in html


def test_a_contact_sees_nothing_of_another_employer(contact_client, world):
    contact_b = contact_user(employer=world.employer_b, full_name="Berit Bedrift-B")
    sent_mapping_form(employer=world.employer_b, kam=world.kam_b, contact=contact_b)
    html = contact_client.get(HOME).content.decode()
    assert "Bedrift B AS" not in html and "Berit Bedrift-B" not in html
    assert "Ingen kartleggingsskjemaer venter på godkjenningen din." in html


def test_approving_in_the_portal_records_the_same_approval_data_without_the_token(
    contact_client, world, waiting, django_capture_on_commit_callbacks
):
    form, approval_request, token = waiting
    version = form.versions.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = contact_client.post(_answer_url(form), {"decision": "approve"}, REMOTE_ADDR="203.0.113.80")
    assert response.status_code == 302 and response["Location"] == HOME
    approval_request.refresh_from_db()
    version.refresh_from_db()
    assert version.status == MappingStatus.APPROVED and version.decided_at is not None
    assert approval_request.decision == ApprovalRequest.Decision.APPROVED
    assert approval_request.decided_by_name == "Kari Kontakt"
    assert approval_request.decided_by_email == "contact@bedrift-a.no"
    assert approval_request.decided_ip == "203.0.113.80"
    assert approval_request.decided_hash == version.content_hash == mapping_services.version_hash(version)
    assert approval_request.used_at is not None
    change = version.status_changes.get(action="approve")
    assert change.actor == world.contact_user and change.actor_name == "Kari Kontakt <contact@bedrift-a.no>"
    assert AuditEvent.objects.filter(action="mapping_form.approve", actor=world.contact_user).exists()
    [message] = [m for m in mail.outbox if m.to == [world.kam_a.email]]
    assert "Kari Kontakt godkjente kartleggingsskjemaet" in message.body
    page = contact_client.get(HOME).content.decode()
    assert "Du godkjente «Kartlegging 2027», versjon 1." in page
    assert "Ingen kartleggingsskjemaer venter på godkjenningen din." in page
    # The e-mailed link was for the same request: it is now used.
    with pytest.raises(mapping_services.LinkRefused) as refused:
        mapping_services.approval_request_from_token(token)
    assert refused.value.reason == "used"


def test_another_contact_of_the_same_employer_may_answer_and_is_recorded_as_who_answered(client, world, waiting):
    form, approval_request, _ = waiting
    colleague = contact_user(employer=world.employer_a, full_name="Per Kollega", email="per@bedrift-a.no")
    client.force_login(colleague.user)
    client.post(_answer_url(form), {"decision": "changes", "comment": "Legg til kveldsskift."})
    approval_request.refresh_from_db()
    assert approval_request.decision == ApprovalRequest.Decision.CHANGES_REQUESTED
    assert approval_request.decided_by_name == "Per Kollega"
    assert approval_request.decided_by_email == "per@bedrift-a.no"
    assert approval_request.comment == "Legg til kveldsskift."
    assert form.versions.get().status == MappingStatus.CHANGES_REQUESTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "changes", "comment": "   "}, "Skriv hva som bør endres."),
        ({"decision": "maybe"}, "Velg et svar."),
        ({}, "Velg et svar."),
    ],
    ids=["changes-without-comment", "unknown-decision", "no-decision"],
)
def test_bad_answers_are_refused_with_a_norwegian_message_and_nothing_is_recorded(
    contact_client, waiting, data, message
):
    form = waiting[0]
    before = _snapshot()
    response = contact_client.post(_answer_url(form), data, follow=True)
    assert message in response.content.decode()
    assert _snapshot() == before
    assert form.versions.get().status == MappingStatus.AWAITING_APPROVAL


def test_a_form_that_is_not_waiting_cannot_be_answered(contact_client, world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    before = _snapshot()
    response = contact_client.post(_answer_url(form), {"decision": "approve"}, follow=True)
    assert "Dette kartleggingsskjemaet venter ikke lenger på godkjenningen din." in response.content.decode()
    assert form.versions.get().status == MappingStatus.DRAFT
    assert _snapshot() == before


def test_a_form_answered_through_the_link_cannot_be_answered_again_in_the_portal(contact_client, waiting):
    form, _, token = waiting
    mapping_services.mapping_approval_answer(token=token, approve=True)
    before = _snapshot()
    response = contact_client.post(_answer_url(form), {"decision": "changes", "comment": "For sent"}, follow=True)
    assert "venter ikke lenger" in response.content.decode()
    assert _snapshot() == before


def test_a_changed_form_content_is_not_approved_from_the_portal(contact_client, waiting):
    form = waiting[0]
    form.versions.get().positions.update(title="Endret i smug")
    before = _snapshot()
    contact_client.post(_answer_url(form), {"decision": "approve"})
    assert form.versions.get().status == MappingStatus.AWAITING_APPROVAL
    assert _snapshot() == before


def test_the_contact_of_another_employer_gets_404(contact_client, world):
    contact_b = contact_user(employer=world.employer_b)
    form, _, _ = sent_mapping_form(employer=world.employer_b, kam=world.kam_b, contact=contact_b)
    assert contact_client.post(_answer_url(form), {"decision": "approve"}).status_code == 404
    assert form.versions.get().status == MappingStatus.AWAITING_APPROVAL


def test_the_home_page_costs_the_same_number_of_queries_with_5_and_50_forms(contact_client, world):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert contact_client.get(HOME).status_code == 200
        return len(queries)

    for _ in range(5):
        sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a, positions=1)
    few = count_queries()
    for _ in range(45):
        sent_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a, positions=1)
    assert count_queries() == few


def test_the_contact_has_the_portal_in_the_menu_and_on_the_overview(contact_client):
    html = contact_client.get(reverse("dashboard")).content.decode()
    assert f'href="{HOME}"' in html
    assert "Bedriftsportalen" in html
    assert "Gå til bedriftens side" in html


def test_staff_do_not_see_the_portal_in_the_menu(client, world):
    client.force_login(world.kam_a)
    assert "Bedriftsportalen" not in client.get(reverse("dashboard")).content.decode()


def test_the_home_page_speaks_english(contact_client, world):
    world.contact_user.language = "en"
    world.contact_user.save(update_fields=["language"])
    html = contact_client.get(HOME).content.decode()
    assert "Waiting for your approval" in html and "No candidate lists yet." in html
