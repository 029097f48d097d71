"""The personal calendar feed: a secret link shown once, revoked by a new one; it parses with icalendar, holds the
user's interviews, deadlines, meetings and follow-ups, only what the user may see, audited, in constant queries."""

import datetime
import re

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.calendar_feeds import calendar_feed_renew
from accounts.models import AuditEvent, CalendarFeed
from candidates.models import Consent
from candidates.services import consent_withdraw
from recruitment.models import ContactKind
from recruitment.services import contact_log_add
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.work_queue_scenario import NOW, TODAY, build_scenario


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


def feed(token: str):
    return Client().get(reverse("calendar_feed", kwargs={"token": token}))


def events_of(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_a_kam_makes_a_link_sees_it_once_and_a_new_link_revokes_the_old(world, client):
    client.force_login(world.kam_a)
    page = client.post(reverse("calendar_settings"), {"action": "new"}).content.decode()
    [first] = re.findall(r'value="https?://[^/]+/calendar/([^"]+)\.ics"', page)
    assert feed(first).status_code == 200
    assert first not in client.get(reverse("calendar_settings")).content.decode()  # shown only once
    assert CalendarFeed.objects.get(user=world.kam_a).key_hash != first  # stored hashed
    page = client.post(reverse("calendar_settings"), {"action": "new"}).content.decode()
    [second] = re.findall(r'value="https?://[^/]+/calendar/([^"]+)\.ics"', page)
    assert second != first
    assert feed(first).status_code == 404
    assert feed(second).status_code == 200
    client.post(reverse("calendar_settings"), {"action": "stop"})
    assert feed(second).status_code == 404
    assert not CalendarFeed.objects.filter(user=world.kam_a).exists()


def test_a_wrong_token_and_an_unknown_action_change_nothing(world, client):
    key = calendar_feed_renew(user=world.kam_a)
    assert feed(key + "x").status_code == 404
    assert feed("a" * 500).status_code == 404
    client.force_login(world.kam_a)
    response = client.post(reverse("calendar_settings"), {"action": "delete-everything"}, follow=True)
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert feed(key).status_code == 200


def test_an_inactive_user_or_a_role_without_a_calendar_gets_404(world):
    key = calendar_feed_renew(user=world.coordinator)
    assert feed(key).status_code == 404
    key = calendar_feed_renew(user=world.kam_b)
    world.kam_b.is_active = False
    world.kam_b.save(update_fields=["is_active"])
    assert feed(key).status_code == 404


def test_the_kams_feed_holds_interviews_deadlines_meetings_and_next_steps(world, at_now):
    s = build_scenario(world)
    contact_log_add(
        actor=world.kam_a,
        employer=world.employer_a,
        kind=ContactKind.VISIT,
        occurred_on=TODAY + datetime.timedelta(days=5),
        planned=True,
    )
    events = events_of(feed(calendar_feed_renew(user=world.kam_a)))
    uids = set(events)
    assert f"interview-{s['interview'].uuid}@kamportal" in uids
    for key in ("r_prop", "r_soon", "r_passed"):
        assert f"cv-deadline-{s[key].uuid}@kamportal" in uids
    assert f"feedback-deadline-{s['r_feedback'].uuid}@kamportal" in uids
    assert f"next-step-{s['call'].uuid}@kamportal" in uids
    assert any(uid.startswith("contact-") for uid in uids)
    interview = events[f"interview-{s['interview'].uuid}@kamportal"]
    assert interview.decoded("dtstart") == s["interview"].starts_at
    soon = events[f"cv-deadline-{s['r_soon'].uuid}@kamportal"]
    assert soon.decoded("dtstart") == s["r_soon"].cv_deadline


def test_the_supplying_kams_feed_holds_their_requests_deadlines_only(world, at_now):
    s = build_scenario(world)
    uids = set(events_of(feed(calendar_feed_renew(user=world.kam_b))))
    assert f"cv-deadline-request-{s['req_soon'].uuid}@kamportal" in uids
    assert f"cv-deadline-request-{s['req_unanswered'].uuid}@kamportal" in uids
    assert f"interview-{s['interview'].uuid}@kamportal" not in uids  # provider A's candidate
    assert not any(uid.startswith(("cv-deadline-r", "feedback-", "next-step-")) for uid in uids if "request" not in uid)


def test_the_advisors_feed_names_their_candidates_and_is_audited(world, at_now):
    s = build_scenario(world)
    candidate = s["interview"].submission.candidate
    events = events_of(feed(calendar_feed_renew(user=world.advisor_a)))
    interview = events[f"interview-{s['interview'].uuid}@kamportal"]
    assert candidate.full_name in str(interview["summary"])
    follow_up = [e for uid, e in events.items() if uid.startswith(f"follow-up-{s['placement'].uuid}")]
    assert len(follow_up) == 1
    audited = set(
        AuditEvent.objects.filter(action="candidate.in_calendar_feed", actor=world.advisor_a).values_list(
            "candidate_id", flat=True
        )
    )
    assert {candidate.pk, s["placement"].candidate_id} <= audited


def test_the_contacts_feed_holds_only_what_the_portal_shows_them(world, at_now):
    s = build_scenario(world)
    accept_terms(world.contact_user)
    key = calendar_feed_renew(user=world.contact_user)
    events = events_of(feed(key))
    assert f"interview-{s['interview'].uuid}@kamportal" in events
    assert f"feedback-deadline-{s['r_feedback'].uuid}@kamportal" in events
    assert not any(uid.startswith(("cv-deadline", "next-step", "follow-up", "contact-")) for uid in events)
    # the other employer's contact sees none of it
    other = calendar_feed_renew(user=world.contact_other)
    assert events_of(feed(other)) == {}
    # consent withdrawn: the interview is cancelled and leaves the contact's calendar
    consent_withdraw(consent=Consent.objects.get(candidate=s["interview"].submission.candidate), actor=world.advisor_a)
    assert f"interview-{s['interview'].uuid}@kamportal" not in events_of(feed(key))


def test_a_contact_who_has_not_accepted_the_terms_gets_404(world):
    key = calendar_feed_renew(user=world.contact_user)
    assert feed(key).status_code == 404


def test_the_feed_costs_the_same_queries_whatever_the_rows(world, at_now):
    build_scenario(world)
    accept_terms(world.contact_user)
    keys = {user: calendar_feed_renew(user=user) for user in (world.kam_a, world.advisor_a, world.contact_user)}
    counts = {}
    for size in ("small", "large"):
        if size == "large":
            build_scenario(world)
        for user, key in keys.items():
            with CaptureQueriesContext(connection) as queries:
                assert feed(key).status_code == 200
            counts.setdefault(user.email, []).append(len(queries))
    for email, (small, large) in counts.items():
        assert small == large, (email, small, large)
