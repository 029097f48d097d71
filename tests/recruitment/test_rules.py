"""Every date and value rule of recruitment.rules, through the service that must enforce it: the bad value is
refused with its message in Norwegian and English, and nothing is saved.

The clock stands on Monday 11 January 2027, 10:00 in Oslo (Easter 2027: Maundy Thursday is 25 March).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import Notification
from candidates.models import Assessment
from candidates.services import assessment_save
from recruitment import rules
from recruitment.models import (
    Contact,
    ContactKind,
    ContactLogEntry,
    Interview,
    Placement,
    PlacementStatus,
    Recruitment,
    RecruitmentEvent,
)
from recruitment.services import hiring, placements
from recruitment.services import recruitments as services
from recruitment.services.contact_log import contact_log_add
from recruitment.services.employers import contact_add
from tests.candidates.conftest import private_root  # noqa: F401
from tests.candidates.factories import candidate_of
from tests.recruitment.factories import approved_mapping_form
from tests.recruitment.hiring_factories import answer, fresh, sent_list
from tests.recruitment.recruitment_factories import placement_for, recruitment_for

pytestmark = [pytest.mark.usefixtures("private_root")]

NOW = datetime.datetime(2027, 1, 11, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
TODAY = datetime.date(2027, 1, 11)


def day(month: int, dom: int, year: int = 2027) -> datetime.date:
    return datetime.date(year, month, dom)


def at(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


def _position(world):
    form = approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    return form.versions.get().positions.order_by("order").first()


def _create(world, **plan):
    position = _position(world)
    plan.setdefault("cv_deadline", day(1, 25))
    plan.setdefault("interview_date", day(2, 1))
    before = Recruitment.objects.count()
    return (
        lambda: services.recruitment_create(employer=world.employer_a, position=position, actor=world.kam_a, **plan),
        lambda: Recruitment.objects.count() == before,
    )


def plan_deadline_holiday(world):
    return _create(world, cv_deadline=day(3, 25), interview_date=day(4, 5))


def plan_deadline_weekend(world):
    return _create(world, cv_deadline=day(1, 23))


def plan_interview_before_deadline(world):
    return _create(world, cv_deadline=day(1, 25), interview_date=day(1, 22))


def plan_interview_week_before_deadline(world):
    return _create(world, cv_deadline=day(1, 29), interview_date=None, interview_week=day(1, 25))


def plan_start_before_interview(world):
    return _create(world, interview_date=day(2, 1), approximate_start=day(1, 29))


def plan_fewer_to_interview_than_openings(world):
    return _create(world, openings=5, candidates_wanted=2)


def plan_change_deadline_to_a_sunday(world):
    recruitment = recruitment_for(world, cv_deadline=day(1, 25), interview_date=day(2, 1))
    version = recruitment.version
    return (
        lambda: services.recruitment_update_plan(
            recruitment=recruitment,
            actor=world.kam_a,
            version=version,
            **{name: getattr(recruitment, name) for name in services.PLAN_FIELDS} | {"cv_deadline": day(1, 24)},
        ),
        lambda: Recruitment.objects.filter(pk=recruitment.pk, version=version, cv_deadline=day(1, 25)).exists(),
    )


def _invited(world, **plan):
    recruitment, [submission] = sent_list(world, a=1, b=0)
    Recruitment.objects.filter(pk=recruitment.pk).update(**plan)
    answer(world, submission, "interview")
    notifications = Notification.objects.count()
    return fresh(submission), lambda: not Interview.objects.exists() and Notification.objects.count() == notifications


def _schedule(world, starts_at, *, confirmed=False, **plan):
    submission, nothing = _invited(world, **plan)
    return (
        lambda: hiring.interview_schedule(
            submission=submission,
            actor=world.kam_a,
            starts_at=starts_at,
            duration_minutes=60,
            place="Storgata 1",
            confirmed=confirmed,
        ),
        nothing,
    )


def interview_before_deadline_even_if_confirmed(world):
    return _schedule(world, at(day(1, 20), 10), confirmed=True, cv_deadline=day(1, 22), interview_date=None)


def interview_outside_the_planned_week(world):
    return _schedule(world, at(day(2, 9), 10), cv_deadline=day(1, 22), interview_date=None, interview_week=day(2, 1))


def interview_on_a_sunday_night(world):
    return _schedule(world, at(day(1, 31), 3), cv_deadline=day(1, 8), interview_date=None)


def interview_on_a_public_holiday(world):
    return _schedule(world, at(day(3, 29), 10), cv_deadline=day(1, 8), interview_date=None)


def interview_ending_after_working_hours(world):
    return _schedule(world, at(day(1, 13), 16, 30), cv_deadline=day(1, 8), interview_date=None)


def placement_start_far_past(world):
    before = Placement.objects.count()
    from tests.recruitment.recruitment_factories import chosen_submission

    submission = chosen_submission(world)
    return (
        lambda: placements.placement_create(
            submission=submission, actor=world.advisor_b, start_date=day(1, 11, 2020), workplace_contact_name="Per"
        ),
        lambda: Placement.objects.count() == before,
    )


def placement_start_before_the_interview(world):
    recruitment, [submission] = sent_list(world, a=1, b=0)
    answer(world, submission, "interview")
    hiring.interview_schedule(
        submission=fresh(submission),
        actor=world.kam_a,
        starts_at=at(day(1, 12), 10),
        duration_minutes=60,
        place="Her",
        confirmed=True,
    )
    with time_machine.travel(at(day(1, 13), 12), tick=False):  # chosen after the interview was held
        answer(world, submission, "hired")
    return (
        lambda: placements.placement_create(
            submission=fresh(submission), actor=world.advisor_a, start_date=day(1, 11), workplace_contact_name="Per"
        ),
        lambda: not Placement.objects.exists(),
    )


def placement_started_before_its_start_date(world):
    placement = placement_for(world, start_date=day(2, 1))
    return (
        lambda: placements.placement_start(placement=placement, actor=world.advisor_b),
        lambda: Placement.objects.get(pk=placement.pk).status == PlacementStatus.PLANNED,
    )


def hire_before_the_placement_starts(world):
    placement = placement_for(world, start_date=day(1, 27))
    return (
        lambda: placements.placement_hire(
            placement=placement, actor=world.kam_a, hired_on=day(1, 11), employment_kind="permanent"
        ),
        lambda: Placement.objects.get(pk=placement.pk).status == PlacementStatus.PLANNED,
    )


def hire_corrected_to_before_the_start(world):
    placement = placement_for(world, start_date=day(1, 4))
    placements.placement_hire(placement=placement, actor=world.kam_a, hired_on=day(1, 8), employment_kind="permanent")
    placement = Placement.objects.get(pk=placement.pk)
    return (
        lambda: placements.placement_correct_hire(
            placement=placement,
            actor=world.advisor_b,
            version=placement.version,
            hired_on=day(1, 1, 2020),
            employment_kind="temporary",
        ),
        lambda: (
            Placement.objects.filter(pk=placement.pk, hired_on=day(1, 8), employment_kind="permanent").exists()
            and not RecruitmentEvent.objects.filter(action="hire_corrected").exists()
        ),
    )


def meeting_held_in_the_future(world):
    return (
        lambda: contact_log_add(
            actor=world.kam_a, employer=world.employer_a, kind=ContactKind.MEETING, occurred_on=day(1, 20)
        ),
        lambda: not ContactLogEntry.objects.exists(),
    )


def contact_phone_not_a_number(world):
    before = Contact.objects.count()
    return (
        lambda: contact_add(
            actor=world.kam_a, employer=world.employer_a, full_name="Ny", email="ny@x.no", phone="abc-not-phone"
        ),
        lambda: Contact.objects.count() == before,
    )


def placement_phone_too_short(world):
    from tests.recruitment.recruitment_factories import chosen_submission

    submission = chosen_submission(world)
    return (
        lambda: placements.placement_create(
            submission=submission,
            actor=world.advisor_b,
            start_date=TODAY,
            workplace_contact_name="Per",
            workplace_contact_phone="1234",
        ),
        lambda: not Placement.objects.exists(),
    )


def assessment_too_long(world):
    candidate = candidate_of(world, "a")
    return (
        lambda: assessment_save(
            candidate=candidate, actor=world.advisor_a, version=0, personal_qualities="x" * 240_000
        ),
        lambda: not Assessment.objects.exists(),
    )


def contact_log_notes_too_long(world):
    return (
        lambda: contact_log_add(
            actor=world.kam_a,
            employer=world.employer_a,
            kind=ContactKind.CALL,
            occurred_on=TODAY,
            notes="x" * (rules.LONG_TEXT_MAX + 1),
        ),
        lambda: not ContactLogEntry.objects.exists(),
    )


@dataclass
class Rule:
    build: Callable
    field: str
    en: str
    nb: str
    code: str | None = None


RULES = [
    Rule(plan_deadline_holiday, "cv_deadline", "is not a working day", "er ikke en arbeidsdag"),
    Rule(plan_deadline_weekend, "cv_deadline", "is not a working day", "er ikke en arbeidsdag"),
    Rule(plan_interview_before_deadline, "interview_date", "must be after the deadline", "må være etter fristen"),
    Rule(plan_interview_week_before_deadline, "interview_week", "must end after the deadline", "må slutte etter"),
    Rule(plan_start_before_interview, "approximate_start", "must be after the interviews", "må være etter intervjuene"),
    Rule(plan_fewer_to_interview_than_openings, "candidates_wanted", "at least as many", "minst like mange"),
    Rule(plan_change_deadline_to_a_sunday, "cv_deadline", "is not a working day", "er ikke en arbeidsdag"),
    Rule(interview_before_deadline_even_if_confirmed, "starts_at", "after the deadline for CVs", "etter fristen"),
    Rule(interview_outside_the_planned_week, "starts_at", "the plan says", "planen", rules.CONFIRM_CODE),
    Rule(interview_on_a_sunday_night, "starts_at", "is not a working day", "ikke en arbeidsdag", rules.CONFIRM_CODE),
    Rule(interview_on_a_public_holiday, "starts_at", "is not a working day", "ikke en arbeidsdag", rules.CONFIRM_CODE),
    Rule(interview_ending_after_working_hours, "starts_at", "outside working hours", "utenfor arbeidstid"),
    Rule(placement_start_far_past, "start_date", "more than a year ago", "mer enn ett år siden"),
    Rule(placement_start_before_the_interview, "start_date", "before the interview", "før intervjuet"),
    Rule(placement_started_before_its_start_date, "__all__", "mark it as started", "markere den som startet"),
    Rule(hire_before_the_placement_starts, "hired_on", "before the placement started", "før praksisen startet"),
    Rule(hire_corrected_to_before_the_start, "hired_on", "before the placement started", "før praksisen startet"),
    Rule(meeting_held_in_the_future, "occurred_on", "has not taken place yet", "har ikke funnet sted ennå"),
    Rule(contact_phone_not_a_number, "phone", "is not a phone number", "er ikke et telefonnummer"),
    Rule(placement_phone_too_short, "workplace_contact_phone", "is not a phone number", "er ikke et telefonnummer"),
    Rule(assessment_too_long, "personal_qualities", "At most 5000 characters", "Høyst 5000 tegn"),
    Rule(contact_log_notes_too_long, "notes", "At most 5000 characters", "Høyst 5000 tegn"),
]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("rule", RULES, ids=[rule.build.__name__ for rule in RULES])
@time_machine.travel(NOW, tick=False)
def test_a_bad_value_is_refused_with_its_message_and_nothing_is_saved(world, rule, language):
    act, nothing_saved = rule.build(world)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        act()
    errors = refused.value.error_dict if hasattr(refused.value, "error_dict") else {"__all__": [refused.value]}
    assert rule.field in errors, errors
    with translation.override(language):
        text = " ".join(message for error in errors[rule.field] for message in error.messages)
    assert (rule.nb if language == "nb" else rule.en) in text
    if rule.code:
        assert [error.code for error in errors[rule.field]] == [rule.code]
    assert nothing_saved()


@time_machine.travel(NOW, tick=False)
def test_a_confirmed_interview_outside_working_hours_is_saved(world, private_root):  # noqa: F811
    act, _nothing = _schedule(world, at(day(1, 31), 3), confirmed=True, cv_deadline=day(1, 8), interview_date=None)
    interview = act()
    assert Interview.objects.get().pk == interview.pk


@time_machine.travel(NOW, tick=False)
def test_a_good_plan_and_interview_pass_every_rule(world):
    act, _nothing = _create(world, cv_deadline=day(1, 25), interview_date=day(2, 1), approximate_start=day(3, 1))
    assert act().interview_date == day(2, 1)
    act, _nothing = _schedule(world, at(day(1, 13), 9), cv_deadline=day(1, 8), interview_date=None)
    assert act().duration_minutes == 60


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("90012345", "+47 90 01 23 45"), ("+47 55 00 12 34", "+47 55 00 12 34"), ("+46 8 123 456 78", "+46 8 123 456 78")],
)
def test_a_phone_number_is_stored_in_the_international_format(typed, stored):
    assert rules.phone_clean(typed) == stored


@time_machine.travel(NOW, tick=False)
def test_a_hire_correction_is_saved_and_recorded_in_the_timeline(world):
    placement = placement_for(world, start_date=day(1, 4))
    placements.placement_hire(placement=placement, actor=world.kam_a, hired_on=day(1, 8), employment_kind="permanent")
    placement = Placement.objects.get(pk=placement.pk)
    with translation.override("nb"):
        placements.placement_correct_hire(
            placement=placement,
            actor=world.advisor_b,
            version=placement.version,
            hired_on=day(1, 6),
            employment_kind="temporary",
        )
    placement = Placement.objects.get(pk=placement.pk)
    assert (placement.hired_on, placement.employment_kind) == (day(1, 6), "temporary")
    event = RecruitmentEvent.objects.get(action="hire_corrected")
    assert "8. jan. 2027" in event.comment and "6. jan. 2027" in event.comment


@time_machine.travel(NOW, tick=False)
def test_the_interview_form_asks_to_confirm_a_sunday_and_saves_it_once_confirmed(client, world):
    from django.urls import reverse

    submission, _nothing = _invited(world, cv_deadline=day(1, 8), interview_date=None)
    client.force_login(world.kam_a)
    url = reverse("recruitment:interview_schedule", kwargs={"uuid": submission.uuid})
    data = {"date": "2027-01-31", "time": "03:00", "duration_minutes": "60", "place": "Kaien 3"}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "er ikke en arbeidsdag" in html and "utenfor arbeidstid" in html and "Sett opp likevel" in html
    assert "Ingenting ble lagret" in html
    assert not Interview.objects.exists()
    response = client.post(url, {**data, "confirmed": "on"})
    assert response.status_code == 302
    assert timezone.localtime(Interview.objects.get().starts_at) == at(day(1, 31), 3)


@time_machine.travel(NOW, tick=False)
def test_the_hire_correction_form_saves_through_the_form_helper_and_shows_on_the_placement(client, world):
    from django.urls import reverse

    placement = placement_for(world, start_date=day(1, 4))
    placements.placement_hire(placement=placement, actor=world.kam_a, hired_on=day(1, 8), employment_kind="permanent")
    placement = Placement.objects.get(pk=placement.pk)
    client.force_login(world.advisor_b)
    page = client.get(reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid})).content.decode()
    url = reverse("recruitment:placement_correct_hire", kwargs={"uuid": placement.uuid})
    assert url in page
    response = client.post(
        url, {"hired_on": "2020-01-01", "employment_kind": "temporary", "version": placement.version}
    )
    assert response.status_code == 200 and "før praksisen startet" in response.content.decode()
    assert Placement.objects.get(pk=placement.pk).hired_on == day(1, 8)
    response = client.post(
        url, {"hired_on": "2027-01-07", "employment_kind": "temporary", "version": placement.version}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Ansettelse rettet" in page and "7. jan. 2027" in page
