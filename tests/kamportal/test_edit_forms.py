"""Every edit form refuses the second writer: generated from one registry of edit forms.

Two sessions open the same form; the first saves one field, the second another. The first change
survives, the second writer is told in Norwegian, sees the other person's value and keeps their input,
and saving again applies it. A form or URL added without an entry here fails `test_every_edit_form_is_registered`.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from candidates.forms import AssessmentForm, CandidateForm
from candidates.models import Assessment, Candidate
from candidates.retention_forms import LegalHoldForm
from kamportal.forms_helper import VersionedForm
from recruitment.forms.accounts import AccountPlanForm, PyramidForm
from recruitment.forms.employers import ContactForm, ContactLeftForm, ContactLeftUndoForm, EmployerForm
from recruitment.forms.mapping import MappingPositionForm, MappingVersionForm
from recruitment.forms.placement_records import AgreementPointEditForm, AttendanceWeekEditForm
from recruitment.forms.placements import HireCorrectionForm, PlacementForm
from recruitment.forms.recruitments import ProgressPlanForm
from recruitment.forms.targets import YearlyTargetForm
from recruitment.models import (
    AccountPlanVersion,
    Contact,
    Employer,
    MappingFormVersion,
    MappingPosition,
    Placement,
    PyramidAssessment,
    Recruitment,
)
from tests.candidates.conftest import private_root  # noqa: F401
from tests.candidates.factories import candidate_of
from tests.recruitment.factories import mapping_form
from tests.recruitment.recruitment_factories import placement_for, recruitment_for


@dataclass(frozen=True)
class EditForm:
    url_name: str
    form_class: type
    # world -> (the user, the URL kwargs, a function that reads the saved row)
    setup: Callable
    first: tuple[str, str]
    second: tuple[str, str]


def _employer(world):
    return world.kam_a, {"uuid": world.employer_a.uuid}, lambda: Employer.objects.get(pk=world.employer_a.pk)


def _contact(world):
    contact = world.contact_a
    return world.kam_a, {"uuid": contact.uuid}, lambda: Contact.objects.get(pk=contact.pk)


def _pyramid(world):
    return (
        world.kam_a,
        {"uuid": world.employer_a.uuid},
        lambda: PyramidAssessment.objects.filter(employer=world.employer_a).first(),
    )


def _account_plan(world):
    return (
        world.kam_a,
        {"uuid": world.employer_a.uuid},
        lambda: AccountPlanVersion.objects.filter(employer=world.employer_a).order_by("-version").first(),
    )


def _progress_plan(world):
    recruitment = recruitment_for(world)
    return world.kam_a, {"uuid": recruitment.uuid}, lambda: Recruitment.objects.get(pk=recruitment.pk)


def _mapping_draft(world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    version = form.versions.get()
    return world.kam_a, {"uuid": form.uuid}, lambda: MappingFormVersion.objects.get(pk=version.pk)


def _mapping_position(world):
    form = mapping_form(employer=world.employer_a, kam=world.kam_a)
    position = form.versions.get().positions.order_by("order").first()
    return (
        world.kam_a,
        {"uuid": form.uuid, "position": position.uuid},
        lambda: MappingPosition.objects.get(pk=position.pk),
    )


def _candidate(world):
    candidate = candidate_of(world)
    return world.advisor_a, {"uuid": candidate.uuid}, lambda: Candidate.objects.get(pk=candidate.pk)


def _assessment(world):
    candidate = candidate_of(world)
    return world.advisor_a, {"uuid": candidate.uuid}, lambda: Assessment.objects.filter(candidate=candidate).first()


def _placement(world):
    placement = placement_for(world)
    return placement.candidate.advisor, {"uuid": placement.uuid}, lambda: Placement.objects.get(pk=placement.pk)


def _legal_hold(world):
    from candidates.models import CandidateRetention

    retention = CandidateRetention.objects.create(
        candidate=candidate_of(world), legal_hold=True, legal_hold_reason="Tvist"
    )
    return (
        world.admin_a,
        {"uuid": retention.candidate.uuid},
        lambda: CandidateRetention.objects.get(pk=retention.pk),
    )


def _agreement_point(world):
    from recruitment.models import AgreementPoint
    from recruitment.services.agreements import agreement_point_add

    placement = placement_for(world)
    point = agreement_point_add(
        placement=placement, actor=world.advisor_b, title="Oppmøte", employer_expects="Presis", follow_up="Ukentlig"
    )
    return world.advisor_b, {"uuid": point.uuid}, lambda: AgreementPoint.objects.get(pk=point.pk)


def _attendance_week(world):
    from recruitment.models import AttendanceWeek
    from recruitment.services.attendance import attendance_week_record

    today = timezone.localdate()
    placement = placement_for(world, start_date=today - datetime.timedelta(days=21))
    week = attendance_week_record(
        placement=placement,
        actor=world.advisor_b,
        week_start=today - datetime.timedelta(days=7),
        days_present=1,
        hours=7,
    )
    return world.advisor_b, {"uuid": week.uuid}, lambda: AttendanceWeek.objects.get(pk=week.pk)


def _hired(world):
    from django.utils import timezone

    from recruitment.services.placements import placement_hire

    today = timezone.localdate()
    placement = placement_for(world, start_date=today - datetime.timedelta(days=10))
    placement_hire(
        placement=placement,
        actor=world.kam_a,
        hired_on=today - datetime.timedelta(days=5),
        employment_kind="permanent",
    )
    return placement.candidate.advisor, {"uuid": placement.uuid}, lambda: Placement.objects.get(pk=placement.pk)


def _yearly_target(world):
    from recruitment.models import YearlyTarget

    target = YearlyTarget.objects.create(
        provider=world.provider_a, kam=None, year=timezone.localdate().year, placements=4, agreements=2, meetings=8
    )
    return world.admin_a, {}, lambda: YearlyTarget.objects.get(pk=target.pk)


def _two_days_ago() -> str:
    from django.utils import timezone

    return (timezone.localdate() - datetime.timedelta(days=2)).isoformat()


EDIT_FORMS = [
    EditForm(
        "candidates:legal_hold",
        LegalHoldForm,
        _legal_hold,
        ("legal_hold_reason", "Klagesak hos Statsforvalteren"),
        ("legal_hold", "False"),
    ),
    EditForm("recruitment:employer_edit", EmployerForm, _employer, ("name", "Bedrift Ny AS"), ("municipality", "Voss")),
    EditForm(
        "recruitment:contact_edit", ContactForm, _contact, ("title", "Daglig leder"), ("phone", "+47 55 12 34 56")
    ),
    EditForm("recruitment:pyramid_edit", PyramidForm, _pyramid, ("size_score", "3"), ("vacancies_score", "2")),
    EditForm(
        "recruitment:account_plan_edit",
        AccountPlanForm,
        _account_plan,
        ("vision_strategy", "Ledende på sjømat"),
        ("goals_ambition", "Fire praksisplasser"),
    ),
    EditForm(
        "recruitment:recruitment_plan", ProgressPlanForm, _progress_plan, ("candidates_wanted", "5"), ("openings", "2")
    ),
    EditForm(
        "recruitment:mapping_edit",
        MappingVersionForm,
        _mapping_draft,
        ("title", "Kartlegging høst"),
        ("short_term_needs", "To lagermedarbeidere"),
    ),
    EditForm(
        "recruitment:mapping_position_edit",
        MappingPositionForm,
        _mapping_position,
        ("title", "Truckfører"),
        ("tasks", "Plukk og pakk"),
    ),
    EditForm("candidates:edit", CandidateForm, _candidate, ("desired_work", "Lager"), ("languages", "norsk, engelsk")),
    EditForm(
        "candidates:assessment_edit",
        AssessmentForm,
        _assessment,
        ("punctuality", "Alltid presis"),
        ("attendance", "Godt oppmøte"),
    ),
    EditForm(
        "recruitment:placement_edit",
        PlacementForm,
        _placement,
        ("workplace_contact_name", "Åse Leder"),
        ("follow_up_every_days", "21"),
    ),
    EditForm(
        "recruitment:placement_agreement_point_edit",
        AgreementPointEditForm,
        _agreement_point,
        ("title", "Punktlighet"),
        ("follow_up", "I hvert møte"),
    ),
    EditForm(
        "recruitment:placement_attendance_edit",
        AttendanceWeekEditForm,
        _attendance_week,
        ("comment", "Syk mandag"),
        ("days_present", "2"),
    ),
    EditForm(
        "recruitment:placement_correct_hire",
        HireCorrectionForm,
        _hired,
        ("employment_kind", "temporary"),
        ("hired_on", _two_days_ago()),
    ),
    EditForm("recruitment:target_edit", YearlyTargetForm, _yearly_target, ("placements", "7"), ("meetings", "9")),
]

# Edit views without an edit version, and why. Everything else that edits is in EDIT_FORMS.
NOT_VERSIONED = {
    "staff_edit": "roles and the active flag of a user: one provider admin's tool; a version on users is future work",
}


# Versioned forms of one-step actions (no fields to edit side by side), each with its own stale-version test below.
VERSIONED_ACTIONS = {
    ContactLeftForm: "test_a_departure_recorded_against_an_older_contact_is_refused",
    ContactLeftUndoForm: "test_an_undo_against_an_older_contact_is_refused",
}


def _post_data(form: forms.BaseForm) -> dict:
    """What a browser posts back for the form as rendered: every field's shown value."""
    data = {}
    for field in form:
        value = field.value()
        if isinstance(field.field.widget, forms.CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            data[field.html_name] = value.isoformat()
        elif value is not None:
            data[field.html_name] = str(value)
    return data


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _saved(row, name: str) -> str:
    value = getattr(row, name)
    return str(value.pk if hasattr(value, "pk") else value)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", EDIT_FORMS, ids=lambda entry: entry.url_name)
def test_the_second_writer_is_told_and_the_first_change_survives(world, entry):
    user, kwargs, read = entry.setup(world)
    url = reverse(entry.url_name, kwargs=kwargs)
    first, second = _client(user), _client(user)
    first_data = _post_data(first.get(url).context["form"])
    second_data = _post_data(second.get(url).context["form"])
    (first_field, first_value), (second_field, second_value) = entry.first, entry.second
    before = _saved(read(), second_field) if read() is not None else None

    response = first.post(url, {**first_data, first_field: first_value})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    response = second.post(url, {**second_data, second_field: second_value})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Noen andre lagret dette mens du redigerte" in page
    assert escape(f"Lagret i mellomtiden av en annen: {first_value}") in page or first_field in (
        "size_score",
        "follow_up_every_days",
        "candidates_wanted",
        "employment_kind",
    )
    assert escape(second_value) in page  # the second writer's input is kept
    row = read()
    assert _saved(row, first_field) == first_value
    assert before is None or _saved(row, second_field) == before

    again = _post_data(response.context["form"])  # re-applied on purpose, against the version now shown
    assert second.post(url, again).status_code == 302
    assert _saved(read(), second_field) == second_value


def _view_names(patterns, prefix="") -> set[tuple[str, str]]:
    found = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found |= _view_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.add((f"{prefix}{pattern.name}", getattr(pattern.callback, "__name__", "")))
    return found


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_every_edit_form_is_registered():
    registered = {entry.url_name for entry in EDIT_FORMS}
    unregistered = sorted(
        name
        for name, view in _view_names(get_resolver().url_patterns)
        if (name.endswith("_edit") or view.endswith("_edit") or name in {"recruitment:recruitment_plan"})
        and name not in registered
        and view not in NOT_VERSIONED
        and name.split(":")[-1] not in NOT_VERSIONED
    )
    assert not unregistered, f"edit views without an entry in EDIT_FORMS: {unregistered}"
    classes = {entry.form_class for entry in EDIT_FORMS} | set(VERSIONED_ACTIONS)
    assert all(callable(globals().get(test)) for test in VERSIONED_ACTIONS.values())
    uncovered = sorted(
        cls.__name__
        for cls in _subclasses(VersionedForm)
        if not any(issubclass(cls, known) for known in classes) and cls.__module__.split(".")[0] != "tests"
    )
    assert not uncovered, f"versioned forms without an entry in EDIT_FORMS: {uncovered}"


def _edit_contact_meanwhile(world, title: str) -> None:
    """Another session saves the contact through its edit form (the contact's version moves on)."""
    other = _client(world.kam_a)
    url = reverse("recruitment:contact_edit", kwargs={"uuid": world.contact_a.uuid})
    data = _post_data(other.get(url).context["form"])
    assert other.post(url, {**data, "title": title}).status_code == 302


@pytest.mark.django_db
def test_a_departure_recorded_against_an_older_contact_is_refused(world):
    contact = world.contact_a
    url = reverse("recruitment:contact_mark_left", kwargs={"uuid": contact.uuid})
    client = _client(world.kam_a)
    data = _post_data(client.get(url).context["form"])
    _edit_contact_meanwhile(world, "Innkjøpssjef")

    response = client.post(url, {**data, "left_on": timezone.localdate().isoformat()})

    assert response.status_code == 200
    assert "Noen andre lagret dette mens du redigerte" in response.content.decode()
    saved = Contact.objects.get(pk=contact.pk)
    assert saved.left_on is None and saved.title == "Innkjøpssjef"


@pytest.mark.django_db
def test_an_undo_against_an_older_contact_is_refused(world):
    from recruitment.services import contact_left_undo, contact_mark_left

    Contact.objects.filter(pk=world.contact_a.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    contact = contact_mark_left(actor=world.kam_a, contact=world.contact_a, left_on=timezone.localdate())
    seen = Contact.objects.get(pk=contact.pk).version  # the version the employer page showed the undo button with
    # Meanwhile another session undoes the departure and records it again with another day.
    contact_left_undo(actor=world.kam_a, contact=contact)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    contact_mark_left(actor=world.kam_a, contact=contact, left_on=yesterday)

    client = _client(world.kam_a)
    url = reverse("recruitment:contact_left_undo", kwargs={"uuid": contact.uuid})
    response = client.post(url, {"version": seen}, follow=True)

    assert "Noen andre lagret dette mens du redigerte" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).left_on == yesterday  # still left, on the other session's day


@pytest.mark.django_db
def test_two_admins_setting_a_years_first_targets_the_second_is_told(world):
    """No target for the year yet: both forms carry version 0, so the second save does not overwrite the first."""
    from recruitment.models import YearlyTarget

    url = reverse("recruitment:target_edit")
    first, second = _client(world.admin_a), _client(world.admin_a)
    first_data = _post_data(first.get(url).context["form"])
    second_data = _post_data(second.get(url).context["form"])
    assert first_data["version"] == second_data["version"] == "0"

    blank = {"placements": "0", "agreements": "0", "meetings": "0"}
    assert first.post(url, {**first_data, **blank, "placements": "7"}).status_code == 302
    response = second.post(url, {**second_data, **blank, "meetings": "9"})

    assert response.status_code == 200
    assert "Noen andre lagret dette mens du redigerte" in response.content.decode()
    target = YearlyTarget.objects.get(provider=world.provider_a, kam=None, year=timezone.localdate().year)
    assert (target.placements, target.meetings) == (7, 0)
