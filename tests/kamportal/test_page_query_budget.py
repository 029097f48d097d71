"""Issue 19: every main page costs at most twelve SQL queries per request, for every role that sees it, and the
same number with a little and with a lot of data (the session and the signed-in user included).

The data grows through the services (placements with their recruitments and coordination requests, reviews with
participants and decisions, proposals, the client team, survey answers, the contact log, invitations), so each
section of a page has rows at both sizes.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role, TermsAcceptance
from accounts.terms import TERMS_VERSION
from recruitment.models import ContactLogEntry
from recruitment.services import account_plan_save
from recruitment.services.client_team import account_plan_review_record, client_team_member_add, plan_proposal_create
from recruitment.services.portal import contact_invite
from tests.factories import ContactFactory, UserFactory
from tests.recruitment.recruitment_factories import placement_for

BUDGET = 12


def _queries(client, user, url) -> tuple[int, str]:
    client.force_login(user)
    client.get(url)  # the first request after a sign-in may touch the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (user, url, response.status_code)
    return len(captured), response.content.decode()


def _grow_employer(world, n: int) -> None:
    """One more of everything the employer page shows, for employer_a."""
    from tests.recruitment.test_satisfaction import answer

    placement_for(world, "b")
    placement_for(world, "a")
    member = UserFactory(provider=world.provider_a, roles=[Role.ADVISOR], full_name=f"Medlem {n}")
    client_team_member_add(actor=world.kam_a, employer=world.employer_a, user=member, role="advisor")
    plan_proposal_create(actor=member, employer=world.employer_a, theme="image", text=f"Forslag {n}")
    account_plan_save(actor=world.kam_a, employer=world.employer_a, reviewed_on=None, vision_strategy=f"Plan {n}")
    account_plan_review_record(
        actor=world.kam_a,
        employer=world.employer_a,
        held_on=datetime.date.today(),
        participants=[world.kam_a, member],
        decisions={"image": f"Vedtak {n}"},
    )
    ContactLogEntry.objects.create(
        employer=world.employer_a, kam=world.kam_a, kind="meeting", occurred_on=timezone.localdate(), notes=f"Møte {n}"
    )
    contact = ContactFactory(employer=world.employer_a, full_name=f"Kontakt {n}", email=f"kontakt{n}@bedrift-a.no")
    contact_invite(contact=contact, invited_by=world.kam_a)
    answer(world, world.contact_a, 9 if n % 2 else 4, f"Svar {n}") if n == 0 else None


def _employer_viewers(world):
    """Everyone who sees employer_a's page, by their part in it."""
    TermsAcceptance.objects.get_or_create(user=world.contact_user, version=TERMS_VERSION)
    return {
        "coordinating KAM": world.kam_a,
        "supplying KAM": world.kam_b,
        "client team advisor": world.team_a,
        "region coordinator": world.coordinator,
        "contact": world.contact_user,
    }


def test_the_employer_page_costs_at_most_twelve_queries_for_every_role_with_a_little_and_a_lot(client, world):
    url = reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})
    viewers = _employer_viewers(world)
    _grow_employer(world, 0)
    few = {role: _queries(client, user, url)[0] for role, user in viewers.items()}
    for n in range(1, 6):
        _grow_employer(world, n)
    many = {role: _queries(client, user, url)[0] for role, user in viewers.items()}

    assert many == few
    assert max(many.values()) <= BUDGET, many


def test_the_employer_page_lists_the_latest_recruitments_and_placements_and_audits_the_candidates_shown(client, world):
    from recruitment.selectors.employer_page import LATEST_PLACEMENTS

    placements = [placement_for(world, "a") for _ in range(LATEST_PLACEMENTS + 1)]
    url = reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})
    _, html = _queries(client, world.kam_a, url)

    table = html.split('id="employer-placements"')[1].split("</table>")[0]
    shown = [p for p in placements if p.candidate.full_name in table]
    assert len(shown) == LATEST_PLACEMENTS and placements[0] not in shown  # the oldest is behind the link
    assert f"employer={world.employer_a.uuid}" in html
    assert placements[-1].recruitment.title in html.split('id="employer-recruitments"')[1]
    audited = set(
        AuditEvent.objects.filter(actor=world.kam_a, action="placement.listed").values_list("candidate_id", flat=True)
    )
    assert audited == {p.candidate_id for p in shown}

    # the region coordinator sees the employer but never a candidate's name, and nothing is audited for them
    _, html = _queries(client, world.coordinator, url)
    assert not any(p.candidate.full_name in html for p in placements)
    assert not AuditEvent.objects.filter(actor=world.coordinator, action="placement.listed").exists()


@pytest.mark.parametrize("size", [1, 6])
def test_the_portal_home_costs_at_most_twelve_queries(client, world, size):
    TermsAcceptance.objects.get_or_create(user=world.contact_user, version=TERMS_VERSION)
    for _ in range(size):
        placement_for(world, "b")
    count, _ = _queries(client, world.contact_user, reverse("recruitment:portal_home"))
    assert count <= BUDGET


def test_the_portal_home_costs_the_same_with_a_little_and_a_lot(client, world):
    TermsAcceptance.objects.get_or_create(user=world.contact_user, version=TERMS_VERSION)
    url = reverse("recruitment:portal_home")
    placement_for(world, "b")
    few, _ = _queries(client, world.contact_user, url)
    for _ in range(4):
        placement_for(world, "b")
    many, _ = _queries(client, world.contact_user, url)
    assert many == few <= BUDGET


def test_the_candidate_dossier_costs_at_most_twelve_queries_for_every_role_with_a_little_and_a_lot(client, world):
    from tests.recruitment.recruitment_factories import chosen_submission, propose, recruitment_for

    submission = chosen_submission(world, "b")
    candidate = submission.candidate
    url = reverse("candidates:detail", kwargs={"uuid": candidate.uuid})
    viewers = {
        "advisor": candidate.advisor,
        "KAM of the candidate's provider": world.kam_b,
        "provider admin": world.admin_b,
        "coordinating KAM": world.kam_a,
    }
    few = {role: _queries(client, user, url)[0] for role, user in viewers.items()}
    for _ in range(4):
        from tests.candidates.factories import ConsentFactory, document_for

        recruitment = recruitment_for(world)
        ConsentFactory(candidate=candidate, employer=world.employer_a, recruitment=recruitment)
        document_for(candidate, reviewed=True)
        from tests.recruitment.recruitment_factories import request_to_b

        request_to_b(world, recruitment)
        propose(world, recruitment, candidate)
    many = {role: _queries(client, user, url)[0] for role, user in viewers.items()}

    assert many == few
    assert max(many.values()) <= BUDGET, many


def test_the_lists_behind_the_employer_page_s_links_show_only_that_employer(client, world):
    at_a = placement_for(world, "a")
    other = placement_for(world, "a")
    other.recruitment.employer = world.employer_b
    other.recruitment.save(update_fields=["employer"])
    type(other).objects.filter(pk=other.pk).update(employer=world.employer_b)
    client.force_login(world.kam_a)

    recruitments = client.get(reverse("recruitment:recruitment_list") + f"?employer={world.employer_a.uuid}&all=1")
    assert [r.pk for r in recruitments.context["recruitments"]] == [at_a.recruitment_id]
    assert "Bedrift Æ AS" in recruitments.content.decode().split('id="list-employer-filter"')[1]
    placements = client.get(reverse("recruitment:my_placements") + f"?employer={world.employer_a.uuid}&all=1")
    assert [p.pk for p in placements.context["placements"]] == [at_a.pk]
    unfiltered = client.get(reverse("recruitment:my_placements") + "?all=1")
    assert {p.pk for p in unfiltered.context["placements"]} == {at_a.pk, other.pk}


@pytest.mark.parametrize("key", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "other-region"])
def test_an_employer_filter_the_user_may_not_use_is_a_404(client, world, key):
    if key == "other-region":
        key = str(world.employer_other.uuid)  # a KAM of region Vest does not see region Nord's employer
    client.force_login(world.kam_a)
    assert client.get(reverse("recruitment:recruitment_list") + f"?employer={key}").status_code == 404
    assert client.get(reverse("recruitment:my_placements") + f"?employer={key}").status_code == 404


def test_the_home_page_costs_at_most_twelve_queries_for_every_role_with_a_little_and_a_lot(client, world):
    """The work queue's home page: every kind has rows at both sizes (the work-queue scenario, built once and
    then again), for the coordinating and the supplying KAM, the advisors, the provider admin and the region
    coordinator."""
    import time_machine

    from recruitment.work_queue import work_queue
    from tests.recruitment.test_work_queue import ADVISOR, KAM, SUPPLYING_KAM
    from tests.recruitment.work_queue_scenario import NOW, build_scenario

    viewers = {
        "coordinating KAM": world.kam_a,
        "supplying KAM": world.kam_b,
        "advisor": world.advisor_a,
        "client team advisor": world.team_a,
        "provider admin": world.admin_b,
        "region coordinator": world.coordinator,
    }
    expected = {"coordinating KAM": KAM, "supplying KAM": SUPPLYING_KAM, "advisor": ADVISOR}
    url = reverse("dashboard")
    counts = []
    with time_machine.travel(NOW, tick=False):
        for _ in range(2):
            build_scenario(world)
            for role, kinds in expected.items():
                shown = {item.kind for item in work_queue(user=viewers[role])}
                assert shown >= set(kinds), (role, set(kinds) - shown)
            counts.append({role: _queries(client, user, url)[0] for role, user in viewers.items()})
    few, many = counts

    assert many == few
    assert max(many.values()) <= BUDGET, many
