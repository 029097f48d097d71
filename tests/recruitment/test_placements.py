"""Placements through the services: the state machine, the KAMs told of every change, filling the
recruitment, optimistic versions, bad input refused in Norwegian with nothing saved, the policy and the
per-year count."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import policy
from accounts.models import AuditEvent, Notification
from candidates.models import Candidate
from kamportal.workflow import StaleVersion
from recruitment.models import (
    Placement,
    PlacementNote,
    PlacementStatus,
    RecruitmentEvent,
    RecruitmentStatus,
)
from recruitment.selectors import placements_per_year
from recruitment.services import placements as services
from recruitment.services import recruitments as recruitment_services
from recruitment.services.recruitments import RecruitmentError
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import (
    chosen_submission,
    chosen_submissions,
    placement_for,
    proposable_candidate,
    propose,
    recruitment_for,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _nb(error) -> str:
    return " ".join(error.value.messages)


def _kams_told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("email", flat=True))


def _snapshot(placement):
    return Placement.objects.filter(pk=placement.pk).values().get()


# --- creating --------------------------------------------------------------------------------------


def test_a_placement_for_a_chosen_candidate_is_planned_and_both_kams_are_told(world):
    submission = chosen_submission(world, "b")
    placement = services.placement_create(
        submission=submission,
        actor=world.advisor_b,
        start_date=TODAY(),
        workplace_contact_name=" Per Leder ",
        follow_up_every_days=7,
    )
    assert placement.status == PlacementStatus.PLANNED
    assert placement.workplace_contact_name == "Per Leder"
    assert placement.next_follow_up == TODAY() + datetime.timedelta(days=7)
    assert (placement.employer, placement.provider, placement.candidate) == (
        world.employer_a,
        world.provider_b,
        submission.candidate,
    )
    assert _kams_told("recruitment.placement_created") == {world.kam_a.email, world.kam_b.email}
    event = RecruitmentEvent.objects.get(subject="placement", action="created")
    assert event.subject_id == placement.pk and event.provider_id == world.provider_b.pk
    assert not event.shared_with_employer
    assert AuditEvent.objects.filter(action="placement.created", candidate_id=submission.candidate_id).count() == 1


def test_without_a_supplying_kam_only_the_coordinating_kam_is_told(world):
    placement_for(world, "a")
    assert _kams_told("recruitment.placement_created") == {world.kam_a.email}


def test_a_candidate_not_chosen_gets_no_placement(world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world, "a"))
    with pytest.raises(RecruitmentError) as error:
        services.placement_create(
            submission=submission, actor=world.advisor_a, start_date=TODAY(), workplace_contact_name="Per"
        )
    assert "bare" in str(error.value) and "valgt" in str(error.value)
    assert not Placement.objects.exists()


def test_a_closed_recruitment_gets_no_placement(world):
    submission = chosen_submission(world)
    recruitment_services.recruitment_close(
        recruitment=submission.recruitment, actor=world.kam_a, action="close_unfilled", reason="Bedriften trakk seg"
    )
    submission.refresh_from_db()
    with pytest.raises(RecruitmentError) as error:
        services.placement_create(
            submission=submission, actor=world.advisor_a, start_date=TODAY(), workplace_contact_name="Per"
        )
    assert "avsluttet" in str(error.value)
    assert not Placement.objects.exists()


def test_a_chosen_candidate_gets_one_placement_only(world):
    placement = placement_for(world)
    with pytest.raises(RecruitmentError) as error:
        placement_for(world, submission=placement.submission)
    assert "har allerede" in str(error.value)
    assert Placement.objects.count() == 1


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"workplace_contact_name": "  "}, "workplace_contact_name", "kontaktpersonen på arbeidsplassen"),
        ({"planned_end_date": TODAY() - DAY}, "planned_end_date", "kan ikke være før start"),
        ({"follow_up_every_days": 0}, "follow_up_every_days", "1 til 180 dager"),
        ({"follow_up_every_days": 181}, "follow_up_every_days", "1 til 180 dager"),
    ],
)
def test_bad_placement_details_are_refused_in_norwegian_and_nothing_is_saved(world, fields, field, message):
    submission = chosen_submission(world)
    Notification.objects.all().delete()
    with pytest.raises(ValidationError) as error:
        placement_for(world, submission=submission, **fields)
    assert field in error.value.message_dict
    assert message in _nb(error)
    assert not Placement.objects.exists()
    assert not RecruitmentEvent.objects.filter(subject="placement").exists()
    assert not Notification.objects.exists()


# --- changing ---------------------------------------------------------------------------------------


def test_an_update_bumps_the_version_moves_the_follow_up_and_tells_both_kams(world):
    placement = placement_for(world)
    services.placement_update(
        placement=placement,
        actor=world.advisor_b,
        version=1,
        workplace_contact_name="Åse Leder",
        follow_up_every_days=30,
    )
    stored = Placement.objects.get()
    assert stored.version == 2 and stored.workplace_contact_name == "Åse Leder"
    assert stored.next_follow_up == stored.start_date + datetime.timedelta(days=30)
    assert _kams_told("recruitment.placement_updated") == {world.kam_a.email, world.kam_b.email}
    assert RecruitmentEvent.objects.get(subject="placement", action="updated").comment == (
        "workplace_contact_name, follow_up_every_days"
    )


def test_a_stale_version_is_refused_with_a_clear_message(world):
    placement = placement_for(world)
    services.placement_update(placement=placement, actor=world.kam_b, version=1, workplace_contact_name="Åse")
    stale = Placement.objects.get()
    stale.version = 1  # as loaded in the other person's form
    before = _snapshot(stale)
    with pytest.raises(StaleVersion) as error:
        services.placement_update(placement=stale, actor=world.advisor_b, version=1, workplace_contact_name="Ola")
    assert "Noen andre lagret dette mens du redigerte" in str(error.value)
    assert error.value.current.workplace_contact_name == "Åse" and error.value.version == 2
    assert _snapshot(stale) == before


def test_a_follow_up_note_sets_the_next_follow_up_and_tells_nobody(world):
    placement = placement_for(world, follow_up_every_days=10)
    Notification.objects.all().delete()
    services.placement_note_add(placement=placement, actor=world.advisor_b, occurred_on=TODAY() - DAY, text="Går fint.")
    assert Placement.objects.get().next_follow_up == TODAY() - DAY + datetime.timedelta(days=10)
    services.placement_note_add(
        placement=placement, actor=world.advisor_b, occurred_on=TODAY() - 5 * DAY, text="Etterregistrert."
    )
    assert Placement.objects.get().next_follow_up == TODAY() - DAY + datetime.timedelta(days=10)
    assert PlacementNote.objects.count() == 2
    assert not Notification.objects.exists()


def test_a_note_needs_text_and_a_date_not_in_the_future(world):
    placement = placement_for(world)
    with pytest.raises(ValidationError) as error:
        services.placement_note_add(placement=placement, actor=world.advisor_b, occurred_on=TODAY() + DAY, text=" ")
    assert set(error.value.message_dict) == {"text", "occurred_on"}
    assert "Skriv notatet" in _nb(error) and "fram i tid" in _nb(error)
    assert not PlacementNote.objects.exists()


# --- the state machine -------------------------------------------------------------------------


def test_start_moves_planned_to_active_on_the_employers_timeline_once(world):
    placement = placement_for(world)
    services.placement_start(placement=placement, actor=world.advisor_b)
    assert Placement.objects.get().status == PlacementStatus.ACTIVE
    assert Placement.objects.get().version == 2
    event = RecruitmentEvent.objects.get(subject="placement", action="start")
    assert event.shared_with_employer and (event.from_status, event.to_status) == ("planned", "active")
    assert AuditEvent.objects.filter(action="placement.start").count() == 1
    assert _kams_told("recruitment.placement_start") == {world.kam_a.email, world.kam_b.email}
    with pytest.raises(RecruitmentError):
        services.placement_start(placement=placement, actor=world.advisor_b)


def test_hiring_places_the_candidate_fills_the_recruitment_and_tells_both_kams(world):
    placement = placement_for(world)
    services.placement_start(placement=placement, actor=world.advisor_b)
    services.placement_hire(placement=placement, actor=world.kam_a, hired_on=TODAY(), employment_kind="permanent")
    stored = Placement.objects.get()
    assert (stored.status, stored.hired_on, stored.employment_kind) == ("hired", TODAY(), "permanent")
    assert stored.next_follow_up is None
    assert Candidate.objects.get(pk=placement.candidate_id).status == Candidate.Status.PLACED
    assert placement.recruitment.__class__.objects.get(pk=placement.recruitment_id).status == RecruitmentStatus.FILLED
    assert RecruitmentEvent.objects.get(subject="placement", action="hire").shared_with_employer
    assert RecruitmentEvent.objects.filter(subject="recruitment", action="fill").count() == 1
    assert _kams_told("recruitment.placement_hire") == {world.kam_a.email, world.kam_b.email}


def test_a_candidate_can_be_hired_straight_from_a_planned_placement(world):
    placement = placement_for(world)
    services.placement_hire(placement=placement, actor=world.advisor_b, hired_on=TODAY(), employment_kind="temporary")
    assert Placement.objects.get().status == PlacementStatus.HIRED


def test_the_recruitment_is_filled_only_when_hires_reach_its_openings(world):
    first, second = chosen_submissions(world, ("a", "b"), openings=2)
    recruitment = first.recruitment
    one, two = placement_for(world, submission=first), placement_for(world, submission=second)
    services.placement_hire(placement=one, actor=world.kam_a, hired_on=TODAY(), employment_kind="permanent")
    recruitment.refresh_from_db()
    assert recruitment.status == RecruitmentStatus.CANDIDATE_CHOSEN
    services.placement_end(placement=two, actor=world.advisor_b, ended_on=TODAY(), reason="candidate")
    recruitment.refresh_from_db()
    assert recruitment.status == RecruitmentStatus.CANDIDATE_CHOSEN  # an ended placement is no hire


def test_two_hires_fill_a_recruitment_with_two_openings(world):
    first, second = chosen_submissions(world, ("a", "b"), openings=2)
    for submission in (first, second):
        placement = placement_for(world, submission=submission)
        services.placement_hire(placement=placement, actor=world.kam_a, hired_on=TODAY(), employment_kind="permanent")
    first.recruitment.refresh_from_db()
    assert first.recruitment.status == RecruitmentStatus.FILLED


def test_ending_makes_the_candidate_available_again_and_tells_both_kams(world):
    placement = placement_for(world)
    services.placement_start(placement=placement, actor=world.advisor_b)
    services.placement_end(
        placement=placement, actor=world.advisor_b, ended_on=TODAY(), reason="health", comment="Sykmeldt."
    )
    stored = Placement.objects.get()
    assert (stored.status, stored.end_reason, stored.end_comment) == ("ended", "health", "Sykmeldt.")
    assert Candidate.objects.get(pk=placement.candidate_id).status == Candidate.Status.AVAILABLE
    assert not RecruitmentEvent.objects.get(subject="placement", action="end").shared_with_employer
    assert _kams_told("recruitment.placement_end") == {world.kam_a.email, world.kam_b.email}


@pytest.mark.parametrize("first", ["hire", "end"])
@pytest.mark.parametrize("then", ["start", "hire", "end"])
def test_nothing_moves_a_hired_or_ended_placement(world, first, then):
    placement = placement_for(world)
    if first == "hire":
        services.placement_hire(placement=placement, actor=world.kam_b, hired_on=TODAY(), employment_kind="permanent")
    else:
        services.placement_end(placement=placement, actor=world.kam_b, ended_on=TODAY(), reason="employer")
    before = _snapshot(placement)
    with pytest.raises(RecruitmentError) as error:
        if then == "start":
            services.placement_start(placement=placement, actor=world.kam_b)
        elif then == "hire":
            services.placement_hire(
                placement=placement, actor=world.kam_b, hired_on=TODAY(), employment_kind="permanent"
            )
        else:
            services.placement_end(placement=placement, actor=world.kam_b, ended_on=TODAY(), reason="employer")
    assert "så det kan ikke gjøres" in str(error.value)
    assert _snapshot(placement) == before


def test_a_closed_placement_can_no_longer_be_changed_or_noted(world):
    placement = placement_for(world)
    services.placement_end(placement=placement, actor=world.kam_b, ended_on=TODAY(), reason="employer")
    with pytest.raises(RecruitmentError):
        services.placement_update(placement=placement, actor=world.kam_b, version=placement.version, start_date=TODAY())
    with pytest.raises(RecruitmentError):
        services.placement_note_add(placement=placement, actor=world.advisor_b, occurred_on=TODAY(), text="x")


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"hired_on": None}, "hired_on", "datoen for ansettelsen"),
        ({"hired_on": TODAY() + DAY}, "hired_on", "fram i tid"),
        ({"employment_kind": "freelance"}, "employment_kind", "type ansettelse"),
    ],
)
def test_bad_hiring_input_is_refused_and_nothing_changes(world, fields, field, message):
    placement = placement_for(world)
    before = _snapshot(placement)
    with pytest.raises(ValidationError) as error:
        services.placement_hire(
            placement=placement, actor=world.kam_a, **{"hired_on": TODAY(), "employment_kind": "permanent", **fields}
        )
    assert field in error.value.message_dict and message in _nb(error)
    assert _snapshot(placement) == before
    assert Candidate.objects.get(pk=placement.candidate_id).status == Candidate.Status.IN_PROCESS


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"ended_on": None}, "ended_on", "datoen praksisen sluttet"),
        ({"reason": "bored"}, "reason", "hvorfor praksisen sluttet"),
        ({"reason": "other", "comment": " "}, "comment", "Beskriv årsaken"),
    ],
)
def test_bad_end_input_is_refused_and_nothing_changes(world, fields, field, message):
    placement = placement_for(world)
    before = _snapshot(placement)
    with pytest.raises(ValidationError) as error:
        services.placement_end(
            placement=placement, actor=world.kam_b, **{"ended_on": TODAY(), "reason": "candidate", **fields}
        )
    assert field in error.value.message_dict and message in _nb(error)
    assert _snapshot(placement) == before


# --- the policy -------------------------------------------------------------------------------------

SEES = {"kam_a", "kam_b", "advisor_b", "admin_b"}


@pytest.mark.parametrize(
    "role", ["kam_a", "advisor_a", "admin_a", "kam_b", "advisor_b", "admin_b", "coordinator", "kam_other", "outsider"]
)
def test_who_sees_a_placement(world, role):
    placement = placement_for(world)
    visible = policy.placements_visible_to(getattr(world, role)).filter(pk=placement.pk).exists()
    assert visible == (role in SEES)


def test_the_employers_contact_sees_it_after_accepting_the_terms_but_never_the_notes(world):
    placement = placement_for(world)
    assert not policy.placements_visible_to(world.contact_user).exists()
    accept_terms(world.contact_user)
    world.contact_user = type(world.contact_user).objects.get(pk=world.contact_user.pk)
    assert policy.placements_visible_to(world.contact_user).get() == placement
    assert not policy.can_see_placement_notes(world.contact_user, placement)
    assert not policy.can_edit_placement(world.contact_user, placement)


def test_who_edits_and_who_records_the_outcome(world):
    placement = placement_for(world)
    editors = {
        r for r in ("kam_a", "kam_b", "advisor_b", "admin_b") if policy.can_edit_placement(getattr(world, r), placement)
    }
    outcome = {
        r
        for r in ("kam_a", "kam_b", "advisor_b", "admin_b")
        if policy.can_record_placement_outcome(getattr(world, r), placement)
    }
    assert editors == {"kam_b", "advisor_b"}
    assert outcome == {"kam_a", "kam_b", "advisor_b"}


# --- placements per year ---------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2026, 1, 20, 12, tzinfo=datetime.UTC), tick=False)
def test_placements_per_year_counts_hires_by_the_year_of_hiring(world):
    assert placements_per_year(world.employer_a) == []
    first, second, third = chosen_submissions(world, ("a", "a", "b"), openings=3)
    hired_2025 = placement_for(world, submission=first, start_date=datetime.date(2025, 11, 1))
    hired_2026 = placement_for(world, submission=second, start_date=datetime.date(2025, 12, 1))
    placement_for(world, submission=third)  # still planned: not counted
    services.placement_hire(
        placement=hired_2025, actor=world.kam_a, hired_on=datetime.date(2025, 12, 20), employment_kind="permanent"
    )
    services.placement_hire(
        placement=hired_2026, actor=world.kam_a, hired_on=datetime.date(2026, 1, 5), employment_kind="temporary"
    )
    assert placements_per_year(world.employer_a) == [(2026, 1), (2025, 1)]
    assert placements_per_year(world.employer_b) == []
