"""Every view or download of a dossier writes exactly one append-only audit event; a list one per candidate."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEvent
from tests.candidates.factories import candidate_of, document_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["advisor_a", "kam_a", "admin_a"])
def test_each_dossier_view_writes_exactly_one_audit_event(client, world, role):
    candidate = candidate_of(world)
    document_for(candidate)
    user = getattr(world, role)
    client.force_login(user)
    url = reverse("candidates:detail", kwargs={"uuid": candidate.uuid})

    for expected in (1, 2):
        before = AuditEvent.objects.count()
        assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 200
        assert AuditEvent.objects.count() == before + 1
        event = AuditEvent.objects.latest("id")
        assert (event.actor, event.action, event.candidate_id, event.ip) == (
            user,
            "candidate.viewed",
            candidate.pk,
            "10.1.2.3",
        )
        assert AuditEvent.objects.filter(action="candidate.viewed", candidate_id=candidate.pk).count() == expected


def test_a_refused_dossier_view_writes_nothing(client, world):
    candidate = candidate_of(world)
    for role in ("advisor_b", "kam_b", "coordinator", "contact_user", "outsider"):
        client.force_login(getattr(world, role))
        assert client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid})).status_code == 404
    assert not AuditEvent.objects.filter(action="candidate.viewed").exists()


def test_the_candidate_list_writes_one_event_per_candidate_shown(client, world):
    shown = [candidate_of(world) for _ in range(3)]
    candidate_of(world, "b")  # another provider's: not on the page, not logged
    client.force_login(world.advisor_a)
    before = AuditEvent.objects.count()
    assert client.get(reverse("candidates:list")).status_code == 200
    events = AuditEvent.objects.order_by("id")[before:]
    assert sorted(e.candidate_id for e in events) == sorted(c.pk for c in shown)
    assert {(e.action, e.actor_id) for e in events} == {("candidate.listed", world.advisor_a.pk)}


def test_the_provider_admin_sees_the_audit_trail_of_a_candidate(client, world):
    candidate = candidate_of(world, full_name="Ola Revisjon")
    other = candidate_of(world)
    client.force_login(world.kam_a)
    client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid}))
    client.get(reverse("candidates:detail", kwargs={"uuid": other.uuid}))
    client.force_login(world.admin_a)

    response = client.get(reverse("candidates:audit", kwargs={"uuid": candidate.uuid}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Så kandidatmappen" in page and "Kam A" in page
    # Everything logged before this page was drawn; the page's own read is logged after it.
    assert response.context["events"] == list(
        AuditEvent.objects.filter(candidate_id=candidate.pk)
        .exclude(action="candidate.audit_viewed")
        .order_by("-at", "-id")
    )
    assert (
        AuditEvent.objects.filter(
            candidate_id=candidate.pk, action="candidate.audit_viewed", actor=world.admin_a
        ).count()
        == 1
    )
    assert all(event.candidate_id == candidate.pk for event in response.context["events"])


def test_audit_events_cannot_be_changed_or_deleted(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid}))
    event = AuditEvent.objects.latest("id")
    event.detail = "rewritten"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
