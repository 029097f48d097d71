import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, Membership, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_provider_admin_invites_a_user_who_sets_a_password_and_logs_in(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("staff_invite"),
            {"full_name": "Siri Ny", "email": "Siri.Ny@Example.no", "roles": ["kam", "advisor"]},
        )
    assert response.status_code == 302
    user = User.objects.get(email="siri.ny@example.no")
    assert user.provider == world.provider_a
    assert set(user.memberships.values_list("role", flat=True)) == {"kam", "advisor"}
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(action="user.invited", object_id=str(user.pk), actor=world.admin_a).exists()

    [message] = mail.outbox
    assert message.subject == "Du har fått tilgang til KAM-portalen"
    path = re.search(r"/password-reset/\S+/\S+/", message.body).group(0)
    client.logout()
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Fjordtiltak-2026!", "new_password2": "Fjordtiltak-2026!"})
    user.refresh_from_db()
    assert user.check_password("Fjordtiltak-2026!")
    # The link works once.
    assert "Denne lenken virker ikke" in client.get(path, follow=True).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"full_name": "X", "email": "kam_a@example.no", "roles": ["kam"]}, "En bruker med denne e-postadressen"),
        ({"full_name": "X", "email": "ny@example.no"}, "Velg minst én rolle"),
        ({"full_name": "X", "email": "ny@example.no", "roles": ["region_coordinator"]}, "Velg et gyldig valg"),
        ({"full_name": "  ", "email": "ny@example.no", "roles": ["kam"]}, "Feltet er påkrevet"),
        ({"full_name": "X", "email": "ikke-epost", "roles": ["kam"]}, "Oppgi en gyldig e-postadresse"),
    ],
)
def test_bad_invitations_are_refused_with_a_message_and_nothing_is_saved(client, world, data, message):
    before = User.objects.count()
    client.force_login(world.admin_a)
    response = client.post(reverse("staff_invite"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == before
    assert mail.outbox == []


def test_an_admin_changes_roles_and_deactivates_a_user_who_then_cannot_log_in(client, world):
    client.force_login(world.admin_a)
    response = client.post(reverse("staff_edit", kwargs={"uuid": world.advisor_a.uuid}), {"roles": ["kam"]})
    assert response.status_code == 302
    world.advisor_a.refresh_from_db()
    assert not world.advisor_a.is_active
    assert list(world.advisor_a.memberships.values_list("role", flat=True)) == ["kam"]
    client.logout()
    login = client.post(reverse("login"), {"username": "advisor_a@example.no", "password": "test-passord-123"})
    assert login.status_code == 200


def test_an_admin_cannot_lock_themselves_out(client, world):
    client.force_login(world.admin_a)
    response = client.post(
        reverse("staff_edit", kwargs={"uuid": world.admin_a.uuid}), {"roles": ["kam"], "is_active": "on"}
    )
    assert response.status_code == 200
    assert "Du kan ikke fjerne din egen administratorrolle" in response.content.decode()
    assert Membership.objects.filter(user=world.admin_a, role=Role.PROVIDER_ADMIN).exists()


def test_the_user_list_costs_the_same_queries_for_5_and_50_users(client, world):
    client.force_login(world.admin_a)
    counts = []
    for total in (5, 50):
        while User.objects.filter(provider=world.provider_a).count() < total:
            UserFactory(provider=world.provider_a, roles=[Role.ADVISOR])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("staff_list"))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert "kam_b@example.no" not in response.content.decode()
