"""The client team of an employer: who may be named, what members see, proposals, reviews, the review reminder."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from accounts.reminders import reminders_sweep
from recruitment.models import AccountPlanProposal, AccountPlanVersion, ClientTeamMember, ProposalStatus, TeamRole
from recruitment.reminders import ACCOUNT_PLAN_REVIEW_DUE
from recruitment.services import account_plan_save
from recruitment.services.client_team import (
    account_plan_review_record,
    client_team_member_add,
    plan_proposal_answer,
    plan_proposal_create,
)
from recruitment.services.proposal_transitions import ProposalError
from tests.factories import UserFactory

OSLO = ZoneInfo("Europe/Oslo")


def _page(client, user, name, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs))


def _plan(world, reviewed_on=None):
    return account_plan_save(
        actor=world.kam_a, employer=world.employer_a, reviewed_on=reviewed_on, vision_strategy="Vekst i Bergen"
    )


def test_a_team_member_sees_the_employer_and_its_plan_and_an_outsider_of_the_same_provider_does_not(client, world):
    _plan(world)
    uuid = world.employer_a.uuid
    member_page = _page(client, world.team_a, "recruitment:employer_detail", uuid=uuid)
    assert member_page.status_code == 200
    assert "Vekst i Bergen" in member_page.content.decode()
    assert _page(client, world.team_a, "recruitment:account_plan_version", uuid=uuid, version=1).status_code == 200
    assert _page(client, world.advisor_a, "recruitment:employer_detail", uuid=uuid).status_code == 404
    assert _page(client, world.advisor_a, "recruitment:account_plan_version", uuid=uuid, version=1).status_code == 404
    assert _page(client, world.admin_a, "recruitment:employer_detail", uuid=uuid).status_code == 404


def test_a_member_loses_the_employer_when_another_provider_takes_it_over(client, world):
    world.employer_a.responsible_provider = world.provider_b
    world.employer_a.save(update_fields=["responsible_provider"])
    assert _page(client, world.team_a, "recruitment:employer_detail", uuid=world.employer_a.uuid).status_code == 404


def test_a_member_of_another_provider_is_refused_with_a_clear_message(world):
    with pytest.raises(ValidationError) as refused:
        client_team_member_add(actor=world.kam_a, employer=world.employer_a, user=world.advisor_b, role="advisor")
    assert "Advisor B jobber hos en annen tiltaksarrangør" in refused.value.messages[0]
    assert "Tiltak A AS" in refused.value.messages[0]
    assert not ClientTeamMember.objects.filter(user=world.advisor_b).exists()


def test_the_team_form_refuses_a_posted_member_of_another_provider_and_saves_nothing(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:client_team", kwargs={"uuid": world.employer_a.uuid})
    page = client.get(url).content.decode()
    assert "Advisor A" in page and "Advisor B" not in page  # only provider A's staff are offered
    response = client.post(url, {"user": world.advisor_b.pk, "role": "specialist"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "jobber hos en annen tiltaksarrangør" in html and "Ingenting ble lagret" in html
    assert world.employer_a.client_team.count() == 1


def test_the_kam_names_a_member_with_a_role_once(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:client_team", kwargs={"uuid": world.employer_a.uuid})
    response = client.post(url, {"user": world.advisor_a.pk, "role": "specialist", "speciality": "IPS"})
    assert response.status_code == 302
    member = world.employer_a.client_team.get(user=world.advisor_a)
    assert (member.role, member.speciality, member.added_by) == (TeamRole.SPECIALIST, "IPS", world.kam_a)
    again = client.post(url, {"user": world.advisor_a.pk, "role": "advisor"})
    assert "er allerede med i kundeteamet" in again.content.decode()
    assert world.employer_a.client_team.filter(user=world.advisor_a).count() == 1


def test_a_member_proposes_a_change_the_kam_is_told_and_adopts_it_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = plan_proposal_create(
            actor=world.team_a, employer=world.employer_a, theme="target_groups", text="Unge med hull i CV-en"
        )
    [message] = mail.outbox
    assert message.to == [world.kam_a.email]
    assert "Team A" in message.body and "Unge med hull i CV-en" in message.body
    plan_proposal_answer(actor=world.kam_a, proposal=proposal, adopt=True)
    assert AccountPlanProposal.objects.get().status == ProposalStatus.ADOPTED
    with pytest.raises(ProposalError, match="allerede besvart"):
        plan_proposal_answer(actor=world.kam_a, proposal=proposal, adopt=False)
    assert AccountPlanProposal.objects.get().status == ProposalStatus.ADOPTED


def test_an_outsider_of_the_same_provider_cannot_propose(client, world):
    client.force_login(world.advisor_a)
    url = reverse("recruitment:plan_proposal_create", kwargs={"uuid": world.employer_a.uuid})
    assert client.post(url, {"theme": "image", "text": "Noe"}).status_code == 404
    assert not AccountPlanProposal.objects.exists()


def test_a_review_with_the_team_is_a_new_version_that_shows_who_took_part(client, world):
    _plan(world, reviewed_on=datetime.date(2026, 1, 10))
    client.force_login(world.kam_a)
    url = reverse("recruitment:account_plan_review", kwargs={"uuid": world.employer_a.uuid})
    response = client.post(
        url,
        {
            "held_on": "2026-07-08",
            "participants": [world.kam_a.pk, world.team_a.pk],
            "other_participants": "Kari Kontakt (HR)",
            "decision_target_groups": "Vi tar inn to unge uføre til høsten.",
            "decision_image": "",
        },
    )
    assert response.status_code == 302
    plan = AccountPlanVersion.objects.get(version=2)
    assert plan.reviewed_on == datetime.date(2026, 7, 8)
    assert plan.vision_strategy == "Vekst i Bergen"  # the texts are carried over
    review = plan.review
    assert set(review.participants.all()) == {world.kam_a, world.team_a}
    assert [(d.theme, d.decision) for d in review.decisions.all()] == [
        ("target_groups", "Vi tar inn to unge uføre til høsten.")
    ]
    account_plan_save(actor=world.kam_a, employer=world.employer_a, vision_strategy="Vekst i Vestland")  # v3
    page = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    versions = page.split('id="plan-versions"')[1].split("</ul>")[0]
    assert "Versjon 2" in versions and "Kam A, Team A" in versions
    detail = client.get(
        reverse("recruitment:account_plan_version", kwargs={"uuid": world.employer_a.uuid, "version": 2})
    )
    assert "Vi tar inn to unge uføre til høsten." in detail.content.decode()
    assert "Kari Kontakt (HR)" in detail.content.decode()


def test_a_review_refuses_a_participant_of_another_provider_and_saves_no_version(world):
    _plan(world)
    with pytest.raises(ValidationError) as refused:
        account_plan_review_record(
            actor=world.kam_a,
            employer=world.employer_a,
            held_on=datetime.date.today(),
            participants=[world.kam_a, world.kam_b],
            decisions={"image": "Ny profil"},
        )
    assert "Kam B jobber hos en annen tiltaksarrangør" in refused.value.messages[0]
    assert AccountPlanVersion.objects.count() == 1


def test_a_review_without_a_decision_or_without_a_plan_is_refused(world):
    args = {"actor": world.kam_a, "employer": world.employer_a, "held_on": datetime.date.today()}
    with pytest.raises(ValidationError, match="Skriv kundeplanen"):
        account_plan_review_record(**args, participants=[world.kam_a], decisions={"image": "x"})
    _plan(world)
    with pytest.raises(ValidationError, match="minst ett tema"):
        account_plan_review_record(**args, participants=[world.kam_a], decisions={"image": "  "})
    assert AccountPlanVersion.objects.count() == 1


def test_the_review_reminder_reaches_every_member_once(world, django_capture_on_commit_callbacks):
    second_kam = UserFactory(full_name="Kam To", provider=world.provider_a, roles=[Role.KAM])
    gone = UserFactory(full_name="Sluttet Advisor", provider=world.provider_a, roles=[Role.ADVISOR])
    for user, role in ((second_kam, "kam"), (gone, "advisor"), (world.kam_a, "kam")):  # the KAM named as well
        client_team_member_add(actor=world.kam_a, employer=world.employer_a, user=user, role=role)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    _plan(world, reviewed_on=datetime.date(2026, 1, 5))

    def sweep(day):
        now = datetime.datetime(2026, 7, day, 9, tzinfo=OSLO)
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(kinds=[ACCOUNT_PLAN_REVIEW_DUE]).sent[ACCOUNT_PLAN_REVIEW_DUE]

    assert sweep(6) == 1
    assert sweep(7) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.kam_a.email, world.team_a.email, second_kam.email])


def test_named_survey_answers_are_shown_to_the_team_only(client, world):
    from tests.recruitment.test_satisfaction import answer

    answer(world, world.contact_a, 3, "Svarer for sent")
    page_url = reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})
    for insider in (world.kam_a, world.team_a):
        client.force_login(insider)
        html = client.get(page_url).content.decode()
        assert "Kari Kontakt" in html.split('id="satisfaction-answers"')[1] and "Svarer for sent" in html
    for outsider in (world.kam_b, world.coordinator):
        client.force_login(outsider)
        html = client.get(page_url).content.decode()
        assert 'id="satisfaction-answers"' not in html and "Svarer for sent" not in html
        assert "<strong>-100</strong>" in html  # the NPS, without names


def test_the_employer_page_costs_the_same_queries_with_a_small_and_a_large_team(client, world):
    _plan(world)
    client.force_login(world.kam_a)
    url = reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def grow(n):
        user = UserFactory(provider=world.provider_a, roles=[Role.ADVISOR])
        client_team_member_add(actor=world.kam_a, employer=world.employer_a, user=user, role="advisor")
        plan_proposal_create(actor=user, employer=world.employer_a, theme="image", text=f"Forslag {n}")
        account_plan_review_record(
            actor=world.kam_a,
            employer=world.employer_a,
            held_on=datetime.date.today(),
            participants=[world.kam_a, user],
            decisions={"image": "Ja"},
        )

    grow(0)
    few = count()
    for n in range(1, 9):
        grow(n)
    assert count() == few


def test_the_policy_lets_a_member_see_only_the_employers_of_their_teams(world):
    from accounts.policy import can_view_account_management, employers_visible_to, is_client_team_member

    assert list(employers_visible_to(world.team_a)) == [world.employer_a]
    assert not employers_visible_to(world.advisor_a).exists()
    assert is_client_team_member(world.team_a, world.employer_a)
    assert can_view_account_management(world.team_a, world.employer_a)
    assert not can_view_account_management(world.advisor_a, world.employer_a)
    assert not is_client_team_member(world.kam_b, world.employer_a)


def test_the_proposal_table_names_only_states_of_its_model():
    from recruitment.services.proposal_transitions import PROPOSAL_TRANSITIONS

    field = AccountPlanProposal._meta.get_field("status")
    states = {value for value, _ in field.choices}
    for from_states, to_state in PROPOSAL_TRANSITIONS.values():
        assert set(from_states) <= states and to_state in states
    assert field.default == ProposalStatus.OPEN
