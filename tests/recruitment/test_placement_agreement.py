"""The expectation agreement as points: drafted by the advisor, frozen and hashed when sent, confirmed by the
employer's contact (who, when, IP, hash) and, as the advisor records it, by the candidate; a change is a new
version that needs confirming again. Follow-ups rate each point; "not met" twice in a row flags the
placement and the three-party reminder goes once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent, Notification, ReminderSent
from accounts.reminders import discover_kinds, reminders_sweep
from recruitment.models import AgreementPoint, AgreementStatus, AgreementVersion, PointAssessment, RecruitmentEvent
from recruitment.reminders import PLACEMENT_THREE_PARTY_MEETING
from recruitment.services import agreements as services
from recruitment.services import placements as placement_services
from recruitment.services.agreements import agreement_hash
from recruitment.services.placement_transitions import PlacementRecordError
from tests.candidates.conftest import private_root  # noqa: F401
from tests.recruitment.portal_factories import contact_user
from tests.recruitment.recruitment_factories import placement_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)
POINT = {
    "title": "Oppmøte",
    "employer_expects": "Møter presis kl. 08.",
    "provider_expects": "Veileder ringer hver uke.",
    "candidate_expects": "Faste vakter.",
    "follow_up": "Gjennomgås i hvert oppfølgingsmøte.",
}


def _sent(world, *, points=1):
    placement = placement_for(world)
    added = [
        services.agreement_point_add(placement=placement, actor=world.advisor_b, **{**POINT, "title": f"Punkt {n}"})
        for n in range(points)
    ]
    agreement = added[0].agreement
    services.agreement_send(agreement=agreement, actor=world.advisor_b, agreed_on=TODAY())
    agreement.refresh_from_db()
    return placement, agreement, added


def test_points_go_on_one_draft_and_sending_freezes_it_with_its_hash_and_asks_the_contact(world):
    placement, agreement, points = _sent(world, points=2)
    assert AgreementVersion.objects.filter(placement=placement).count() == 1
    assert agreement.status == AgreementStatus.AWAITING_CONFIRMATION and agreement.number == 1
    assert agreement.content_hash == agreement_hash(agreement) and len(agreement.content_hash) == 64
    [to_contact] = Notification.objects.filter(kind="recruitment.agreement_to_confirm")
    assert to_contact.email == world.contact_a.email
    assert placement.candidate.full_name not in to_contact.body  # no candidate data by e-mail to the employer
    assert "/portal/placements/" in to_contact.body
    assert RecruitmentEvent.objects.filter(subject_id=placement.pk, action="agreement_send").count() == 1
    with pytest.raises(PlacementRecordError, match="frosset"):
        services.agreement_point_update(point=points[0], actor=world.advisor_b, version=1, title="Nytt")


def test_both_confirmations_confirm_the_version_with_who_when_and_hash(world):
    placement, agreement, _ = _sent(world)
    services.agreement_confirm_by_employer(
        agreement=agreement, contact=world.contact_a, seen_hash=agreement.content_hash
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AWAITING_CONFIRMATION  # the candidate has not confirmed yet
    assert agreement.employer_confirmed_by == world.contact_user
    assert agreement.employer_confirmed_hash == agreement.content_hash
    assert "Kari Kontakt" in agreement.employer_confirmed_name
    services.agreement_confirm_by_candidate(agreement=agreement, actor=world.advisor_b, confirmed_on=TODAY())
    agreement.refresh_from_db()
    assert (
        agreement.status == AgreementStatus.CONFIRMED and agreement.candidate_confirmed_hash == agreement.content_hash
    )
    assert AuditEvent.objects.filter(action="placement.agreement_confirmed_by_employer").count() == 1
    assert AuditEvent.objects.filter(action="placement_agreement.confirm").count() == 1
    assert Notification.objects.filter(
        kind="recruitment.agreement_confirmed_by_employer", email=world.advisor_b.email
    ).exists()


def test_a_change_is_a_new_version_that_needs_confirming_again(world):
    placement, agreement, _ = _sent(world)
    services.agreement_confirm_by_employer(
        agreement=agreement, contact=world.contact_a, seen_hash=agreement.content_hash
    )
    services.agreement_confirm_by_candidate(agreement=agreement, actor=world.advisor_b, confirmed_on=TODAY())
    point = services.agreement_point_add(placement=placement, actor=world.advisor_b, **{**POINT, "title": "Arbeidstid"})
    draft = point.agreement
    assert draft.number == 2 and draft.status == AgreementStatus.DRAFT
    assert [p.title for p in draft.points.order_by("order")] == ["Punkt 0", "Arbeidstid"]
    first_key = AgreementPoint.objects.get(agreement=agreement).key
    assert draft.points.filter(key=first_key).exists()  # the same point across versions
    services.agreement_send(agreement=draft, actor=world.advisor_b, agreed_on=TODAY())
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.AWAITING_CONFIRMATION and draft.employer_confirmed_at is None
    assert draft.content_hash != agreement.content_hash
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CONFIRMED  # the old one stays as it was confirmed


def test_a_newer_version_sent_replaces_one_still_waiting(world):
    placement, agreement, _ = _sent(world)
    draft = services.agreement_draft(placement=placement, actor=world.advisor_b)
    services.agreement_send(agreement=draft, actor=world.advisor_b, agreed_on=TODAY())
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SUPERSEDED
    with pytest.raises(PlacementRecordError):
        services.agreement_confirm_by_employer(
            agreement=agreement, contact=world.contact_a, seen_hash=agreement.content_hash
        )


def test_the_contact_must_confirm_what_was_shown_and_only_once(world):
    _, agreement, _ = _sent(world)
    with pytest.raises(PlacementRecordError, match="endret seg"):
        services.agreement_confirm_by_employer(agreement=agreement, contact=world.contact_a, seen_hash="0" * 64)
    services.agreement_confirm_by_employer(
        agreement=agreement, contact=world.contact_a, seen_hash=agreement.content_hash
    )
    with pytest.raises(PlacementRecordError, match="allerede bekreftet"):
        services.agreement_confirm_by_employer(
            agreement=agreement, contact=world.contact_a, seen_hash=agreement.content_hash
        )


def test_a_contact_of_another_employer_cannot_confirm(world):
    _, agreement, _ = _sent(world)
    other = contact_user(employer=world.employer_b)
    with pytest.raises(PlacementRecordError):
        services.agreement_confirm_by_employer(agreement=agreement, contact=other, seen_hash=agreement.content_hash)
    agreement.refresh_from_db()
    assert agreement.employer_confirmed_at is None


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"title": " "}, "title", "Gi punktet et navn"),
        ({"employer_expects": "", "provider_expects": "", "candidate_expects": " "}, "employer_expects", "minst én"),
        ({"follow_up": ""}, "follow_up", "hvordan punktet følges opp"),
    ],
)
def test_a_point_needs_a_title_an_expectation_and_its_follow_up(world, fields, field, message):
    placement = placement_for(world)
    with pytest.raises(ValidationError) as error:
        services.agreement_point_add(placement=placement, actor=world.advisor_b, **{**POINT, **fields})
    assert field in error.value.message_dict and message in " ".join(error.value.messages)
    assert not AgreementVersion.objects.exists() and not AgreementPoint.objects.exists()


@pytest.mark.parametrize(
    "agreed_on, message",
    [(None, "datoen for avtalen"), (TODAY() + DAY, "fram i tid"), (TODAY() - 90 * DAY, "lenge før")],
)
def test_sending_needs_a_sane_date_and_at_least_one_point(world, agreed_on, message):
    placement = placement_for(world)
    point = services.agreement_point_add(placement=placement, actor=world.advisor_b, **POINT)
    with pytest.raises(ValidationError, match=message):
        services.agreement_send(agreement=point.agreement, actor=world.advisor_b, agreed_on=agreed_on)
    point.agreement.refresh_from_db()
    assert point.agreement.status == AgreementStatus.DRAFT and not point.agreement.content_hash
    services.agreement_point_remove(point=point, actor=world.advisor_b)
    with pytest.raises(PlacementRecordError, match="minst ett punkt"):
        services.agreement_send(agreement=point.agreement, actor=world.advisor_b, agreed_on=TODAY())


def test_the_candidates_confirmation_cannot_be_in_the_future(world):
    _, agreement, _ = _sent(world)
    with pytest.raises(ValidationError, match="framtiden|fram i tid|fremtiden"):
        services.agreement_confirm_by_candidate(agreement=agreement, actor=world.advisor_b, confirmed_on=TODAY() + DAY)
    agreement.refresh_from_db()
    assert agreement.candidate_confirmed_on is None


# --- follow-up against the points ----------------------------------------------------------------


def _follow_up(world, placement, on, ratings):
    return placement_services.placement_note_add(
        placement=placement,
        actor=world.advisor_b,
        occurred_on=on,
        text="Oppfølging.",
        assessments={str(point.uuid): (rating, "") for point, rating in ratings},
    )


def test_a_follow_up_must_rate_every_point_of_the_agreement_in_force(world):
    placement, _, points = _sent(world, points=2)
    with pytest.raises(ValidationError) as error:
        _follow_up(world, placement, TODAY(), [(points[0], "on_track")])
    assert f"rating_{points[1].uuid}" in error.value.message_dict
    assert "Punkt 1" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        _follow_up(world, placement, TODAY(), [(points[0], "on_track"), (points[1], "excellent")])
    assert not placement.notes.exists() and not PointAssessment.objects.exists()


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    def run(now):
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            return reminders_sweep(kinds=[PLACEMENT_THREE_PARTY_MEETING]).sent[PLACEMENT_THREE_PARTY_MEETING]

    return run


def test_not_met_twice_in_a_row_flags_the_placement_and_reminds_once(world, sweep):
    assert PLACEMENT_THREE_PARTY_MEETING in discover_kinds()
    placement, _, points = _sent(world, points=2)
    a, b = points
    _follow_up(world, placement, TODAY() - 14 * DAY, [(a, "not_met"), (b, "on_track")])
    _follow_up(world, placement, TODAY() - 7 * DAY, [(a, "needs_attention"), (b, "not_met")])
    placement.refresh_from_db()
    assert placement.three_party_meeting_due_on is None  # not met twice, but not in a row
    now = timezone.now()
    assert sweep(now) == 0
    _follow_up(world, placement, TODAY(), [(a, "on_track"), (b, "not_met")])
    placement.refresh_from_db()
    assert placement.three_party_meeting_due_on == TODAY()
    mail.outbox.clear()
    assert sweep(now) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.advisor_b.email, world.kam_a.email])
    assert sweep(now + DAY) == 0
    _follow_up(world, placement, TODAY(), [(a, "on_track"), (b, "not_met")])  # a third time: still the same flag
    assert sweep(now + 2 * DAY) == 0
    assert ReminderSent.objects.filter(kind=PLACEMENT_THREE_PARTY_MEETING).count() == 1
    _follow_up(world, placement, TODAY(), [(a, "on_track"), (b, "needs_attention")])
    placement.refresh_from_db()
    assert placement.three_party_meeting_due_on is None


def test_the_placement_page_shows_each_point_at_each_meeting(client, world):
    placement, _, points = _sent(world, points=2)
    _follow_up(world, placement, TODAY() - 7 * DAY, [(points[0], "not_met"), (points[1], "on_track")])
    _follow_up(world, placement, TODAY(), [(points[0], "not_met"), (points[1], "needs_attention")])
    client.force_login(world.advisor_b)
    from django.urls import reverse

    html = client.get(reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid})).content.decode()
    table = html[html.index('id="points-history"') :]
    assert table.count("rating-not_met") == 2 and table.count("rating-on_track") == 1
    assert 'id="three-party-flag"' in html


# --- the state machines of the agreement and the attendance -------------------------------------


def test_the_new_tables_name_only_states_of_their_models():
    from recruitment.models import AttendanceWeek
    from recruitment.services.placement_transitions import AGREEMENT_TRANSITIONS, ATTENDANCE_TRANSITIONS

    for table, model in ((AGREEMENT_TRANSITIONS, AgreementVersion), (ATTENDANCE_TRANSITIONS, AttendanceWeek)):
        field = model._meta.get_field("status")
        states = {value for value, _ in field.choices}
        for from_states, to_state in table.values():
            assert set(from_states) <= states and to_state in states
        assert field.default in {s for sources, _ in table.values() for s in sources}


def test_the_loser_of_a_race_on_an_agreement_is_told_and_nothing_is_written(world):
    from recruitment.services.placement_transitions import agreement_transition

    placement, agreement, _ = _sent(world)
    stale = AgreementVersion.objects.select_related("placement__recruitment").get(pk=agreement.pk)
    agreement_transition(agreement=agreement, action="supersede", actor=world.advisor_b)
    events = RecruitmentEvent.objects.count()
    with pytest.raises(PlacementRecordError, match="samtidig"):
        agreement_transition(agreement=stale, action="supersede", actor=world.advisor_b)
    assert RecruitmentEvent.objects.count() == events
