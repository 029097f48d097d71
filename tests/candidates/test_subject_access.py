"""Subject-access export: every row linked to the candidate, the files, the audit trail; built by a task,
downloaded once by the requester before it expires; request, build and download audited."""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.apps import apps
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Notification
from candidates import services as candidate_services
from candidates.anonymise import retention_extend
from candidates.consent_requests import consent_request_send
from candidates.models import Candidate, CandidateRetention, DossierPart, SubjectAccessExport
from candidates.models.consent import CURRENT_CONSENT_TEXT_VERSION
from candidates.subject_access import candidate_paths, export_build, export_data, exports_expire
from recruitment.models import AttendanceWeek, Interview, PointAssessment
from recruitment.services import placements as placement_services
from recruitment.services.agreements import agreement_point_add
from tests.candidates.conftest import stored_files
from tests.candidates.factories import candidate_of, document_for
from tests.pdftext import pdf_text
from tests.recruitment.recruitment_factories import placement_for

pytestmark = pytest.mark.django_db


def linked_models() -> dict:
    """The test's own walk: every model with a chain of forward foreign keys ending at Candidate."""
    linked = {Candidate: [""]}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in linked:
                continue
            lookups = [
                f"{f.name}__{rest}" if rest else f.name
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model in linked and f.related_model is not model
                for rest in linked[f.related_model]
            ]
            if lookups:
                linked[model] = lookups
                changed = True
    linked.pop(Candidate)
    return linked


def a_candidate_with_every_kind_of_row(world):
    """Provider B's hired-to-be candidate with a row of every linked model: proposal, interview, placement,
    agreement, note, documents, assessment, consent, consent request and an export. A new model linked to
    Candidate must be given a row here, or the enumerating test below fails."""
    placement = placement_for(world)
    candidate = placement.candidate
    advisor = candidate.advisor
    document_for(candidate, kind="application", name="soknad.pdf")
    candidate_services.assessment_save(
        candidate=candidate, actor=advisor, version=0, personal_qualities="Blid og pålitelig."
    )
    Interview.objects.create(
        submission=placement.submission,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place="Bryggen 1",
        scheduled_by=world.kam_a,
    )
    point = agreement_point_add(
        placement=placement,
        actor=advisor,
        title="Oppmøte",
        employer_expects="Presis.",
        provider_expects="Oppfølging.",
        candidate_expects="Lære truck.",
        follow_up="Hver uke.",
    )
    note = placement_services.placement_note_add(
        placement=placement, actor=advisor, occurred_on=timezone.localdate(), text="Går fint."
    )
    PointAssessment.objects.create(note=note, point=point, point_key=point.key, rating="on_track", comment="Presis.")
    AttendanceWeek.objects.create(
        placement=placement,
        week_start=placement.start_date - datetime.timedelta(days=placement.start_date.weekday()),
        days_present=3,
        hours=22.5,
        submitted_at=timezone.now(),
        created_by=advisor,
    )
    retention_extend(candidate=candidate, actor=advisor, reason="Venter på nytt tiltak")
    CandidateRetention.objects.create(candidate=candidate)
    consent_request_send(candidate=candidate, employer=world.employer_a, actor=advisor, parts=[DossierPart.CV])
    SubjectAccessExport.objects.create(candidate=candidate, requested_by=advisor)
    return candidate


def _zip(candidate, requester) -> zipfile.ZipFile:
    export = SubjectAccessExport.objects.create(candidate=candidate, requested_by=requester)
    export_build(export_id=export.pk)
    export.refresh_from_db()
    from kamportal.storage import private_storage

    with private_storage.open(export.stored_name, "rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def test_the_walk_finds_every_model_linked_to_a_candidate(world):
    assert set(candidate_paths()) == set(linked_models())
    assert {m._meta.label for m in linked_models()} >= {
        "candidates.Document",
        "candidates.Assessment",
        "candidates.Consent",
        "candidates.ConsentRequest",
        "recruitment.Submission",
        "recruitment.Interview",
        "recruitment.Placement",
        "recruitment.AgreementVersion",
        "recruitment.AgreementPoint",
        "recruitment.PointAssessment",
        "recruitment.AttendanceWeek",
        "candidates.CandidateRetention",
        "candidates.RetentionExtension",
        "recruitment.PlacementNote",
    }


def test_the_export_holds_each_linked_models_rows_of_the_candidate_and_no_one_elses(world):
    candidate = a_candidate_with_every_kind_of_row(world)
    other = a_candidate_with_every_kind_of_row(world)
    data = json.loads(_zip(candidate, candidate.advisor).read("data.json"))
    exported = data["models"]
    assert [row["pk"] for row in exported["candidates.Candidate"]] == [candidate.pk]
    for model, lookups in linked_models().items():
        condition = Q()
        for lookup in lookups:
            condition |= Q(**{lookup: candidate})
        mine = set(model._default_manager.filter(condition).values_list("pk", flat=True))
        theirs = set(model._default_manager.filter(Q(**{lookups[0]: other})).values_list("pk", flat=True))
        label = model._meta.label
        assert mine, f"{label} is linked to Candidate but the test made no row of it: add one above"
        assert label in exported, f"{label} is missing from the export"
        assert {row["pk"] for row in exported[label]} == mine, label
        assert not theirs & {row["pk"] for row in exported[label]}, label


def test_the_history_of_their_proposals_and_placements_is_exported_though_it_has_no_foreign_key(world):
    from recruitment.models import RecruitmentEvent

    candidate = a_candidate_with_every_kind_of_row(world)
    other = a_candidate_with_every_kind_of_row(world)
    exported = {row["pk"] for row in export_data(candidate)["models"]["recruitment.RecruitmentEvent"]}
    submission = candidate.submissions.get()
    mine = set(
        RecruitmentEvent.objects.filter(
            Q(subject="submission", subject_id=submission.pk)
            | Q(subject="placement", subject_id=submission.placement.pk)
        ).values_list("pk", flat=True)
    )
    assert mine and mine <= exported
    theirs = other.submissions.get()
    assert not exported & set(
        RecruitmentEvent.objects.filter(subject="submission", subject_id=theirs.pk).values_list("pk", flat=True)
    )


def test_the_zip_has_the_files_the_summary_the_consent_texts_notifications_and_who_read_the_data(world, client):
    candidate = a_candidate_with_every_kind_of_row(world)
    client.force_login(world.kam_b)
    client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid}))
    archive = _zip(candidate, candidate.advisor)
    names = archive.namelist()
    documents = [n for n in names if n.startswith("documents/")]
    assert len(documents) == candidate.documents.count() == 2
    for document in candidate.documents.all():
        [name] = [n for n in documents if str(document.uuid) in n]
        assert archive.read(name)[:5] == b"%PDF-"
    data = json.loads(archive.read("data.json"))
    text = data["consent_texts"][CURRENT_CONSENT_TEXT_VERSION]
    assert "withdraw" in text or "trekke" in text
    assert any(n["kind"] == "consent_request.sent" and n["to"] == candidate.email for n in data["notifications"])
    assert any(e["action"] == "candidate.viewed" and e["who_email"] == world.kam_b.email for e in data["audit_trail"])
    summary = archive.read("summary.html").decode()
    assert candidate.full_name in summary and "Blid og pålitelig." in summary
    pdf = archive.read("summary.pdf")
    assert pdf.startswith(b"%PDF-")
    assert candidate.full_name in pdf_text(pdf)  # the readable summary, built in the same task
    assert all("stored_name" not in row["fields"] for rows in data["models"].values() for row in rows)


def test_export_data_for_the_candidate_is_the_same_without_a_zip(world):
    candidate = candidate_of(world)
    data = export_data(candidate)
    assert data["models"]["candidates.Candidate"][0]["fields"]["full_name"] == candidate.full_name


# --- the pages: request, build, download once --------------------------------------------------------------


@pytest.fixture
def request_export(client, django_capture_on_commit_callbacks):
    def ask(user, candidate):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("candidates:export_create", kwargs={"uuid": candidate.uuid}))

    return ask


def test_the_advisor_asks_the_task_builds_and_the_advisor_downloads_once(
    request_export, world, client, private_root, django_capture_on_commit_callbacks
):
    candidate = candidate_of(world)
    document_for(candidate)
    response = request_export(world.advisor_a, candidate)
    assert response.status_code == 302
    export = SubjectAccessExport.objects.get()
    assert export.status == "ready"  # eager Celery: built after commit
    assert Notification.objects.filter(user=world.advisor_a, kind="subject_access.ready").count() == 1
    assert len([p for p in stored_files(private_root) if "exports" in str(p)]) == 1

    url = reverse("candidates:export_download", kwargs={"uuid": export.uuid})
    with django_capture_on_commit_callbacks(execute=True):
        download = client.post(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "private, no-store"
    assert "data.json" in zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert not [p for p in stored_files(private_root) if "exports" in str(p)]  # deleted after the download

    again = client.post(url, follow=True)
    assert "kan lastes ned bare én gang" in again.content.decode()
    actions = set(AuditEvent.objects.filter(candidate_id=candidate.pk).values_list("action", flat=True))
    assert {"subject_access.requested", "subject_access.build", "subject_access.download"} <= actions
    assert "subject_access.downloaded" in actions


def test_an_export_not_downloaded_in_time_expires_and_its_file_is_deleted(request_export, world, client, private_root):
    candidate = candidate_of(world)
    request_export(world.admin_a, candidate)
    export = SubjectAccessExport.objects.get()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=73)):
        client.force_login(world.admin_a)  # a new session: the old one timed out meanwhile
        response = client.post(reverse("candidates:export_download", kwargs={"uuid": export.uuid}), follow=True)
        assert "utløpt" in response.content.decode()
        assert exports_expire() == 0  # already expired by the refused download
    export.refresh_from_db()
    assert export.status == "expired"
    assert not [p for p in stored_files(private_root) if "exports" in str(p)]


def test_the_sweep_expires_exports_past_their_time(world):
    candidate = candidate_of(world)
    export = SubjectAccessExport.objects.create(candidate=candidate, requested_by=world.advisor_a)
    export_build(export_id=export.pk)
    assert exports_expire(now=timezone.now() + datetime.timedelta(hours=71)) == 0
    assert exports_expire(now=timezone.now() + datetime.timedelta(hours=73)) == 1


def test_only_the_requester_can_download(request_export, world, client):
    candidate = candidate_of(world)
    request_export(world.advisor_a, candidate)
    export = SubjectAccessExport.objects.get()
    client.force_login(world.admin_a)
    assert client.post(reverse("candidates:export_download", kwargs={"uuid": export.uuid})).status_code == 404
    export.refresh_from_db()
    assert export.status == "ready"


def test_another_advisor_of_the_provider_may_not_export_a_candidate_not_theirs(request_export, world, client):
    from accounts.models import Role
    from tests.factories import UserFactory

    candidate = candidate_of(world)
    colleague = UserFactory(provider=world.provider_a, roles=[Role.ADVISOR])
    assert request_export(colleague, candidate).status_code == 403
    assert not SubjectAccessExport.objects.exists()


def test_a_kam_of_the_provider_may_not_export(request_export, world, client):
    candidate = candidate_of(world)
    assert request_export(world.kam_a, candidate).status_code == 403
    assert not SubjectAccessExport.objects.exists()


def test_a_second_request_while_one_is_built_is_refused(world):
    from django.core.exceptions import ValidationError

    from candidates.subject_access import export_request

    candidate = candidate_of(world)
    SubjectAccessExport.objects.create(candidate=candidate, requested_by=world.advisor_a)
    with pytest.raises(ValidationError):
        export_request(candidate=candidate, actor=world.advisor_a)
    assert SubjectAccessExport.objects.count() == 1
