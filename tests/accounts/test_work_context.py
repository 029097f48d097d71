"""Who/where for a unit of work: requests, Celery tasks and commands each set it; the audit row reads it."""

import pytest
from celery import shared_task
from django.urls import reverse

from accounts.audit import audit_record
from accounts.models import AuditEvent
from kamportal.lib.context import current, runs_as, work_context
from tests.candidates.factories import candidate_of

pytestmark = pytest.mark.django_db


@shared_task(name="tests.context_probe")
def context_probe() -> list:
    context = current()
    return [context.origin, context.request_id]


def test_a_request_gets_a_request_id_and_its_audit_row_says_where_it_came_from(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    response = client.get(
        reverse("candidates:detail", kwargs={"uuid": candidate.uuid}),
        REMOTE_ADDR="10.9.8.7",
        HTTP_USER_AGENT="pytest",
    )
    assert response.status_code == 200
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    event = AuditEvent.objects.get(action="candidate.viewed")
    assert (event.ip, event.origin, event.request_id) == ("10.9.8.7", "request", request_id)


def test_an_incoming_request_id_is_kept_and_a_malformed_one_replaced(client, world):
    client.force_login(world.advisor_a)
    url = reverse("candidates:list")
    assert client.get(url, HTTP_X_REQUEST_ID="lb-1234.abc").headers["X-Request-ID"] == "lb-1234.abc"
    replaced = client.get(url, HTTP_X_REQUEST_ID="bad id\n<script>").headers["X-Request-ID"]
    assert replaced != "bad id\n<script>" and len(replaced) == 32


def test_two_requests_get_different_ids_and_nothing_leaks_after_the_request(client, world):
    client.force_login(world.advisor_a)
    first = client.get(reverse("candidates:list")).headers["X-Request-ID"]
    second = client.get(reverse("candidates:list")).headers["X-Request-ID"]
    assert first != second
    assert current().origin == "" and current().ip is None


def test_a_task_runs_in_its_own_context_and_keeps_the_callers_request_id():
    with work_context("request", ip="10.0.0.1", request_id="abc123"):
        origin, request_id = context_probe.delay().get()
        assert current().origin == "request"
    assert (origin, request_id) == ("task:tests.context_probe", "abc123")


def test_a_command_names_itself_on_its_audit_rows(world):
    @runs_as("command:test_probe")
    def handle():
        return audit_record(actor=None, action="probe", obj=world.kam_a)

    event = handle()
    assert (event.origin, event.ip, event.actor) == ("command:test_probe", None, None)
    assert len(event.request_id) == 32
    assert current().origin == ""


def test_signing_in_inside_a_request_updates_the_context_user(world):
    from django.contrib.auth.signals import user_logged_in, user_logged_out

    receivers = {r.__name__ for r in user_logged_in._live_receivers(None)[0]}
    assert "_context_signed_in" in receivers
    from accounts.middleware import _context_signed_in, _context_signed_out

    with work_context("request") as before:
        assert before.user is None
        _context_signed_in(sender=None, request=None, user=world.kam_a)
        assert current().user == world.kam_a and current().user_id == world.kam_a.pk
        _context_signed_out(sender=None, request=None, user=world.kam_a)
        assert current().user is None
    assert "_context_signed_out" in {r.__name__ for r in user_logged_out._live_receivers(None)[0]}
