"""Retention: an idle candidate's advisor is warned, then the candidate is anonymised once, in place.

The search for leftovers reads every text, char and JSON column of every model in the registry, so a new
model that keeps a copy of a candidate's name, e-mail or phone fails here.
"""

import datetime
import threading
from collections import Counter

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import AuditEvent, Notification
from accounts.notifications import notify
from candidates import services
from candidates.models import Candidate, CandidateRetention, Consent, Document, ErasedText
from candidates.retention import retention_run
from recruitment.models import Placement, Recruitment, RecruitmentEvent, Submission
from recruitment.selectors import placements_per_year
from recruitment.services import placements as placement_services
from recruitment.services import recruitments as recruitment_services
from tests.candidates.conftest import stored_files
from tests.candidates.factories import ConsentFactory, candidate_of, document_for
from tests.recruitment.recruitment_factories import cheap_proposals, propose, recruitment_for

NAME = "Ragnhild Testesen"
EMAIL = "ragnhild.testesen@example.no"
PHONE = "+47 912 34 567"
T0 = datetime.datetime(2027, 1, 11, 9, 0, tzinfo=datetime.UTC)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")


def days(n: int) -> datetime.datetime:
    return T0 + datetime.timedelta(days=n)


def text_columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                yield model, field.attname


def rows_holding(needle: str) -> list[str]:
    """Every (model, column) that holds `needle` anywhere, case-insensitively."""
    found = []
    for model, column in text_columns():
        matches = model._default_manager.annotate(_text=Cast(column, models.TextField())).filter(
            _text__icontains=needle
        )
        if matches.exists():
            found.append(f"{model._meta.label}.{column}")
    return found


def statistics(employer) -> dict:
    return {
        "placements_per_year": placements_per_year(employer),
        "placements": Counter(Placement.objects.values_list("status", flat=True)),
        "proposals": Counter(Submission.objects.values_list("status", flat=True)),
        "recruitments": Counter(Recruitment.objects.values_list("status", flat=True)),
        "consents": Consent.objects.count(),
        "consents_withdrawn": Consent.objects.filter(withdrawn_at__isnull=False).count(),
        "consents_per_employer": Counter(Consent.objects.values_list("employer_id", flat=True)),
        "documents": Counter(Document.objects.values_list("kind", flat=True)),
        "candidates": Candidate.objects.count(),
        "candidates_per_provider": Counter(Candidate.objects.values_list("provider_id", flat=True)),
        "events": Counter(RecruitmentEvent.objects.values_list("action", "to_status")),
    }


def hired_candidate(world):
    """A candidate through the whole workflow at T0: documents, assessment, consent, proposal, placement with
    an agreement and a note, hired; then the consent is withdrawn. Their name reaches messages and histories."""
    candidate = candidate_of(world, full_name=NAME, email=EMAIL, phone=PHONE, address="Storgata 1, 0155 Oslo")
    document_for(candidate, reviewed=True)
    document_for(candidate, kind="application", name="soknad.pdf")
    services.assessment_save(
        candidate=candidate, actor=world.advisor_a, version=0, personal_qualities="Blid og punktlig", attendance="God"
    )
    consent = ConsentFactory(candidate=candidate, employer=world.employer_a, withdrawal_note="")
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, candidate)
    recruitment_services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    recruitment_services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    submission.refresh_from_db()
    recruitment_services.submission_transition(submission=submission, action="choose", actor=world.kam_a)
    recruitment.refresh_from_db()
    recruitment_services.recruitment_transition(recruitment=recruitment, action="choose", actor=world.kam_a)
    placement = placement_services.placement_create(
        submission=submission,
        actor=world.advisor_a,
        start_date=timezone.localdate(),
        workplace_contact_name="Per Leder",
        workplace_contact_phone="+47 222 22 222",
    )
    placement_services.placement_start(placement=placement, actor=world.advisor_a)
    placement_services.placement_note_add(
        placement=placement, actor=world.advisor_a, occurred_on=timezone.localdate(), text=f"{NAME} trives godt"
    )
    placement_services.placement_hire(
        placement=placement, actor=world.advisor_a, hired_on=timezone.localdate(), employment_kind="permanent"
    )
    services.consent_withdraw(consent=consent, actor=world.advisor_a, note=f"{NAME} ringte")
    notify(
        recipients=[world.advisor_a],
        kind="test.mention",
        template="emails/reminder",
        context={"title": f"{NAME} ({EMAIL}, {PHONE})", "text": "", "due_date": timezone.localdate()},
        about=candidate,  # a message about the candidate is linked to them: the anonymisation follows the link
    )
    candidate.refresh_from_db()
    return candidate


def test_an_idle_candidate_is_warned_then_anonymised_and_nothing_of_them_is_left(
    world, private_root, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        candidate = hired_candidate(world)
    with time_machine.travel(days(100), tick=False):
        other = candidate_of(world, "b")  # not idle long enough: untouched
    files = stored_files(private_root)
    assert len(files) == 2
    for needle in (NAME, EMAIL, PHONE):
        assert rows_holding(needle), f"the setup should spread {needle!r} around"
    assert "accounts.Notification.body" in rows_holding(NAME)
    before = statistics(world.employer_a)
    assert before["placements_per_year"] == [(2027, 1)]

    with time_machine.travel(days(150), tick=False):  # not yet within the notice
        assert retention_run().warned == []
    with time_machine.travel(days(160), tick=False), django_capture_on_commit_callbacks(execute=True):
        run = retention_run()
    assert run.warned == [candidate.pk] and run.anonymised == []
    warning = Notification.objects.get(kind="candidate.retention_warning")
    assert warning.user == world.advisor_a and NAME in warning.subject
    assert (
        CandidateRetention.objects.get(candidate=candidate).warned_for == days(190).date()
    )  # the full notice from the warning
    with time_machine.travel(days(161), tick=False):
        assert retention_run().warned == []  # warned once

    with time_machine.travel(days(189), tick=False):  # the notice has not run: warned at day 160
        assert retention_run().anonymised == []
    with time_machine.travel(days(191), tick=False), django_capture_on_commit_callbacks(execute=True):
        run = retention_run()
    assert run.anonymised == [candidate.pk]

    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.ANONYMISED
    assert stored_files(private_root) == []
    for needle in (NAME, EMAIL, PHONE, "Storgata 1", "Blid og punktlig", "trives godt"):
        assert rows_holding(needle) == [], needle
    placement = Placement.objects.get(candidate=candidate)
    assert (placement.workplace_contact_name, placement.workplace_contact_phone) == ("", "")
    assert placement.status == "hired" and placement.hired_on == T0.date()
    assert set(Document.objects.filter(candidate=candidate).values_list("original_name", flat=True)) == {""}
    assert statistics(world.employer_a) == before
    assert Notification.objects.filter(kind="candidate.retention_warning").count() == 1
    other.refresh_from_db()
    assert other.full_name.startswith("Kandidat")
    anonymised = AuditEvent.objects.get(action="candidate.anonymised")
    assert anonymised.candidate_id == candidate.pk and anonymised.detail == "retention"
    with time_machine.travel(days(192), tick=False):
        assert retention_run().anonymised == []  # once


def test_activity_after_the_warning_restarts_the_clock(world):
    with time_machine.travel(T0, tick=False):
        candidate = candidate_of(world)
    with time_machine.travel(days(160), tick=False):
        assert retention_run().warned == [candidate.pk]
    with time_machine.travel(days(170), tick=False):
        services.candidate_update(candidate=candidate, actor=world.advisor_a, advisor=world.advisor_a, phone="123")
    with time_machine.travel(days(200), tick=False):
        assert retention_run().anonymised == []
    with time_machine.travel(days(170 + 160), tick=False):
        assert retention_run().warned == [candidate.pk]


def test_a_candidate_with_a_consent_in_force_an_open_proposal_or_a_legal_hold_is_kept(world):
    with time_machine.travel(T0, tick=False):
        with_consent = candidate_of(world)
        ConsentFactory(candidate=with_consent, employer=world.employer_a)
        held = candidate_of(world)
        CandidateRetention.objects.create(candidate=held, legal_hold=True, legal_hold_reason="Klagesak")
        cheap_proposals(world, recruitment_for(world), 1)  # provider B's candidate, proposed, without consent
        idle = candidate_of(world)
    with time_machine.travel(days(400), tick=False):
        assert retention_run().warned == [idle.pk]


def test_the_dry_run_lists_what_would_go_and_why_and_changes_nothing(world, capsys):
    with time_machine.travel(T0, tick=False):
        candidate = candidate_of(world, full_name=NAME)
    with time_machine.travel(days(160), tick=False):
        call_command("apply_retention", "--dry-run")
        out = capsys.readouterr().out
        assert f"would warn: candidate {candidate.pk}" in out and "idle since 2027-01-11" in out
        assert NAME not in out
        assert not Notification.objects.exists()
        call_command("apply_retention")
    with time_machine.travel(days(191), tick=False):
        call_command("apply_retention", "--dry-run")
        assert f"would anonymise: candidate {candidate.pk}" in capsys.readouterr().out
        candidate.refresh_from_db()
        assert candidate.full_name == NAME


def test_a_closed_recruitments_free_text_goes_after_its_own_period_once(world, settings):
    settings.RECRUITMENT_TEXT_RETENTION_DAYS = 365
    with time_machine.travel(T0, tick=False):
        recruitment = recruitment_for(world)
        request = recruitment_services.coordination_requests_send(
            recruitment=recruitment, actor=world.kam_a, kams=[world.kam_b], message="Vi trenger lagerfolk"
        )[0]
        recruitment_services.recruitment_transition(
            recruitment=recruitment, action="cancel", actor=world.kam_a, comment="Stillingen ble trukket"
        )
    with time_machine.travel(days(300), tick=False):
        assert retention_run().recruitments == []
    with time_machine.travel(days(366), tick=False):
        assert retention_run().recruitments == [recruitment.pk]
        assert retention_run().recruitments == []
    request.refresh_from_db()
    assert request.message == ""
    assert not RecruitmentEvent.objects.filter(recruitment=recruitment).exclude(comment="").exists()
    recruitment.refresh_from_db()
    assert recruitment.status == "cancelled"
    assert ErasedText.objects.filter(kind="recruitment", object_id=recruitment.pk).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_anonymise_a_candidate_once(world, private_root):
    start = timezone.now() - datetime.timedelta(days=400)
    with time_machine.travel(start, tick=False):
        candidates = [candidate_of(world) for _ in range(3)]
        for candidate in candidates:
            document_for(candidate)
    with time_machine.travel(start + datetime.timedelta(days=160), tick=False):
        assert len(retention_run().warned) == 3
    barrier = threading.Barrier(2)
    results = []

    def sweep():
        try:
            barrier.wait()
            results.append(retention_run().anonymised)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = [pk for run in results for pk in run]
    assert sorted(done) == sorted(c.pk for c in candidates)  # each once, by one of the two
    assert AuditEvent.objects.filter(action="candidate.anonymised").count() == 3
    assert AuditEvent.objects.filter(action="candidate.status_changed", detail__endswith="anonymised").count() == 3
    assert stored_files(private_root) == []


def test_the_nightly_task_is_in_the_beat_schedule_and_runs_the_sweep(world):
    from django_celery_beat.models import PeriodicTask

    from accounts.schedule import SCHEDULE
    from candidates.tasks import apply_retention

    assert {"name": "Retention sweep", "task": "candidates.apply_retention"}.items() <= next(
        entry for entry in SCHEDULE if entry["task"] == "candidates.apply_retention"
    ).items()
    assert PeriodicTask.objects.filter(task="candidates.apply_retention", enabled=True).exists()  # the migration
    with time_machine.travel(T0, tick=False):
        candidate = candidate_of(world)
    with time_machine.travel(days(160), tick=False):
        assert apply_retention.delay().get() == {
            "warned": [candidate.pk],
            "anonymised": [],
            "recruitments": [],
            "contacts": [],
        }
