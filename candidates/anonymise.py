"""Anonymising a candidate in place: the one path for the retention sweep and for an erasure on request.

Rows stay (Candidate, Document and Consent are protected, and statistics count them): names, contact
details, free text and assessment text go, every stored file is deleted, and the candidate's status moves to
"anonymised" through the status table. That move is the claim: a second worker's conditional UPDATE finds
nothing, so a candidate is anonymised once. Audit rows name the candidate by id only.
"""

import uuid
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record, audit_redaction
from accounts.models import AuditEvent, Notification, NotificationAttachment, ReminderSent, User
from candidates.models import Assessment, Candidate, CandidateRetention, Consent, Document, RetentionExtension
from candidates.models.assessment import ASSESSMENT_FIELDS
from candidates.services import candidate_transition, consent_withdraw
from kamportal.storage import private_storage
from kamportal.workflow import WorkflowError, version_claim

ANONYMISED_NAME = "Anonymisert kandidat"
REDACTED = "–"
ERASED_PREFIX = "erased/"
# Open proposal and placement states, named here so that candidates does not import recruitment.
OPEN_SUBMISSION_STATES = ("proposed", "shortlisted", "interview")
OPEN_PLACEMENT_STATES = ("planned", "active")
PROFILE_FIELDS = ("email", "phone", "address", "desired_work", "competences", "languages", "driving_licence")


class ErasureRefused(WorkflowError, ValidationError):
    """An erasure the rules refuse now (an active placement, a legal hold, already anonymised)."""

    def __init__(self, message):
        WorkflowError.__init__(self, message)
        ValidationError.__init__(self, message, code="erasure_refused")


def _model(name: str):
    return apps.get_model("recruitment", name)


def retention_for(candidate: Candidate) -> CandidateRetention:
    return CandidateRetention.objects.get_or_create(candidate=candidate)[0]


def _identifiers(candidate: Candidate) -> list[str]:
    """What identifies the candidate in free text written about them elsewhere (messages, histories)."""
    values = {candidate.full_name, candidate.email, candidate.phone, candidate.address}
    return sorted((v.strip() for v in values if v and len(v.strip()) >= 3), key=len, reverse=True)


def _redacted(field: str, identifiers: list[str]):
    expression = field
    for identifier in identifiers:
        expression = Replace(expression, Value(identifier), Value(REDACTED))
    return expression


def _redact_rows(queryset, fields: tuple[str, ...], identifiers: list[str]) -> int:
    """Replace every identifier in `fields` of the rows that contain one; returns the rows changed."""
    if not identifiers:
        return 0
    mentions = Q()
    for field in fields:
        for identifier in identifiers:
            mentions |= Q(**{f"{field}__contains": identifier})
    return queryset.filter(mentions).update(**{field: _redacted(field, identifiers) for field in fields})


@dataclass(frozen=True)
class ErasurePreview:
    """What an anonymisation of the candidate removes, counted for the confirmation page."""

    documents: int
    consents: int
    proposals: int
    placements: int
    interviews: int
    notes: int
    has_assessment: bool


def erasure_preview(*, candidate: Candidate) -> ErasurePreview:
    submissions = _model("Submission").objects.filter(candidate=candidate)
    placements = _model("Placement").objects.filter(candidate=candidate)
    return ErasurePreview(
        documents=Document.objects.filter(candidate=candidate).exclude(stored_name__startswith=ERASED_PREFIX).count(),
        consents=Consent.objects.filter(candidate=candidate).count(),
        proposals=submissions.count(),
        placements=placements.count(),
        interviews=_model("Interview").objects.filter(submission__in=submissions).count(),
        notes=_model("PlacementNote").objects.filter(placement__in=placements).count(),
        has_assessment=Assessment.objects.filter(candidate=candidate).exists(),
    )


def erasure_refusal(*, candidate: Candidate) -> str | None:
    """Why the candidate cannot be erased now, or None."""
    if candidate.status == Candidate.Status.ANONYMISED:
        return _("This candidate is already anonymised.")
    if CandidateRetention.objects.filter(candidate=candidate, legal_hold=True).exists():
        return _("A legal hold is set on this candidate, so nothing can be erased. Clear the hold first.")
    if _model("Placement").objects.filter(candidate=candidate, status__in=OPEN_PLACEMENT_STATES).exists():
        return _(
            "The candidate has a planned or active placement. End the placement (or record the hiring) before erasing."
        )
    return None


@transaction.atomic
def candidate_anonymise(*, candidate: Candidate, actor: User | None, cause: str, reason: str = "") -> Candidate:
    """Anonymise the candidate in place, once; raises CandidateStatusError if someone else already did."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    identifiers = _identifiers(candidate)
    candidate_transition(candidate=candidate, action="anonymise", actor=actor)
    now = timezone.now()
    Candidate.objects.filter(pk=candidate.pk).update(
        full_name=ANONYMISED_NAME, available_from=None, updated_at=now, **dict.fromkeys(PROFILE_FIELDS, "")
    )
    Assessment.objects.filter(candidate=candidate).update(**dict.fromkeys(ASSESSMENT_FIELDS, ""))
    stored = _erase_documents(candidate)
    Consent.objects.filter(candidate=candidate).update(withdrawal_note="")
    RetentionExtension.objects.filter(candidate=candidate).update(reason=REDACTED)
    _erase_recruitment_side(candidate, identifiers)
    _redact_messages(candidate, identifiers)
    CandidateRetention.objects.update_or_create(
        candidate=candidate,
        defaults={
            "anonymised_at": now,
            "anonymised_cause": cause,
            "erasure_reason": _redact_text(reason, identifiers)[:300],
            "erased_by": actor if cause == CandidateRetention.Cause.ERASURE else None,
        },
    )
    audit_record(actor=actor, action="candidate.anonymised", obj=candidate, candidate_id=candidate.pk, detail=cause)
    stored += _forget_list_exports(candidate, identifiers)
    transaction.on_commit(lambda: _delete_files(stored))
    recruitment_ids = set(
        _model("Submission").objects.filter(candidate=candidate).values_list("recruitment_id", flat=True)
    )
    transaction.on_commit(lambda: _forget_list_pdfs(recruitment_ids))
    candidate.refresh_from_db()
    return candidate


def _redact_text(text: str, identifiers: list[str]) -> str:
    for identifier in identifiers:
        text = text.replace(identifier, REDACTED)
    return text


def _erase_documents(candidate: Candidate) -> list[str]:
    """Rows keep kind, size and dates under a new name that no file has; returns the stored names to delete."""
    documents = list(Document.objects.filter(candidate=candidate).exclude(stored_name__startswith=ERASED_PREFIX))
    for document in documents:
        Document.objects.filter(pk=document.pk).update(
            stored_name=f"{ERASED_PREFIX}{uuid.uuid4().hex}", original_name="", sha256=""
        )
    with audit_redaction():  # the one rewrite the append-only audit table allows: details, never rows
        AuditEvent.objects.filter(candidate_id=candidate.pk, action="document.uploaded").update(detail="")
    return [document.stored_name for document in documents]


def _forget_list_pdfs(recruitment_ids: set[int]) -> None:
    """The stored list PDFs that held the candidate's sheet and CV (recruitment/services/candidate_list.py)."""
    from recruitment.services.candidate_list import list_pdfs_forget

    if recruitment_ids:
        list_pdfs_forget(recruitment_ids=recruitment_ids)


def _forget_list_exports(candidate: Candidate, identifiers: list[str]) -> list[str]:
    """Candidate-list export files that may hold the name (accounts/export_jobs.py); returns them to delete."""
    from accounts.export_jobs import export_jobs_forget

    return export_jobs_forget(provider_id=candidate.provider_id, identifiers=identifiers)


def _delete_files(names: list[str]) -> None:
    """After commit: a file left by a crash here has no row any more, so the nightly file sweep removes it."""
    for name in names:
        private_storage.delete(name)


def _erase_recruitment_side(candidate: Candidate, identifiers: list[str]) -> None:
    """Proposals, interviews and placements keep states, dates, provider and employer; their free text goes."""
    submissions = _model("Submission").objects.filter(candidate=candidate)
    submissions.update(suitability="", advisor_comments="", feedback="", employer_comment="")
    _model("Interview").objects.filter(submission__in=submissions).update(notes="")
    placements = _model("Placement").objects.filter(candidate=candidate)
    placements.update(workplace_contact_name="", workplace_contact_phone="", workplace_contact_email="", end_comment="")
    versions = _model("AgreementVersion").objects.filter(placement__in=placements)
    # A version the employer asked to change keeps a (redacted) comment: its check constraint wants one.
    versions.exclude(changes_requested_comment="").update(changes_requested_comment=REDACTED)
    _model("AgreementPoint").objects.filter(agreement__in=versions).update(
        title=REDACTED, employer_expects="", provider_expects="", candidate_expects="", follow_up=""
    )
    _model("PointAssessment").objects.filter(note__placement__in=placements).update(comment="")
    _model("AttendanceWeek").objects.filter(placement__in=placements).update(comment="", correction_comment="")
    _model("PlacementNote").objects.filter(placement__in=placements).update(text="")
    events = _model("RecruitmentEvent").objects
    about_them = Q(subject="submission", subject_id__in=submissions.values("pk")) | Q(
        subject="placement", subject_id__in=placements.values("pk")
    )
    about_them |= Q(
        subject="interview", subject_id__in=_model("Interview").objects.filter(submission__in=submissions).values("pk")
    )
    events.filter(about_them).update(comment="")
    _redact_rows(events.filter(recruitment__in=submissions.values("recruitment_id")), ("comment",), identifiers)


def _redact_messages(candidate: Candidate, identifiers: list[str]) -> None:
    """Notifications about the candidate (the exact links of `notifications_linked`, never a match by name, so a
    namesake's messages are left alone) keep their place but lose the name and their attachments (calendar
    files name the candidate); reminder keys that named the candidate lose the name."""
    from candidates.subject_access import notifications_linked

    keys = [candidate.uuid]
    keys += _model("Submission").objects.filter(candidate=candidate).values_list("uuid", flat=True)
    keys += _model("Placement").objects.filter(candidate=candidate).values_list("uuid", flat=True)
    about = notifications_linked(candidate, legacy_keys=keys)
    NotificationAttachment.objects.filter(notification__in=about).delete()
    _redact_rows(about, ("subject", "body"), identifiers)
    if candidate.email:
        Notification.objects.filter(email__iexact=candidate.email).update(email="")
    _redact_rows(ReminderSent.objects.all(), ("object_repr",), identifiers)
    with audit_redaction():
        _redact_rows(AuditEvent.objects.filter(candidate_id=candidate.pk), ("detail",), identifiers)


# --- what the advisor and the provider admin do ------------------------------------------------------------


def candidate_erase(*, candidate: Candidate, actor: User, reason: str) -> Candidate:
    """The provider admin's erasure on request: the same anonymisation, refused while the rules say no."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the erasure (for example the candidate's request).")})
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        refusal = erasure_refusal(candidate=locked)
        if refusal:
            raise ErasureRefused(refusal)
        for consent in Consent.objects.filter(candidate=locked, withdrawn_at__isnull=True):
            consent_withdraw(consent=consent, actor=actor)
        return candidate_anonymise(candidate=locked, actor=actor, cause=CandidateRetention.Cause.ERASURE, reason=reason)


@transaction.atomic
def retention_extend(*, candidate: Candidate, actor: User, reason: str) -> RetentionExtension:
    """Keep an idle candidate's data for another full period; the reason is recorded, not put in the audit."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for keeping the candidate's data longer.")})
    if candidate.status == Candidate.Status.ANONYMISED:
        raise ErasureRefused(_("This candidate is already anonymised."))
    extension = RetentionExtension.objects.create(candidate=candidate, extended_by=actor, reason=reason[:300])
    audit_record(actor=actor, action="candidate.retention_extended", obj=extension, candidate_id=candidate.pk)
    return extension


@transaction.atomic
def candidate_legal_hold_set(
    *, candidate: Candidate, actor: User, legal_hold: bool, legal_hold_reason: str, version: int | None = None
) -> CandidateRetention:
    """Set or clear the legal hold (nothing of the candidate is anonymised while it is set)."""
    hold, reason = legal_hold, " ".join((legal_hold_reason or "").split())
    if hold and not reason:
        raise ValidationError({"legal_hold_reason": _("Give the reason for the legal hold.")})
    if candidate.status == Candidate.Status.ANONYMISED:
        raise ErasureRefused(_("This candidate is already anonymised."))
    retention = retention_for(candidate)  # a new row starts at version 1, the version its form offers
    version_claim(retention, version)
    CandidateRetention.objects.filter(pk=retention.pk).update(
        legal_hold=hold,
        legal_hold_reason=reason[:300] if hold else "",
        legal_hold_by=actor if hold else None,
        legal_hold_at=timezone.now() if hold else None,
    )
    audit_record(
        actor=actor,
        action="candidate.legal_hold_set" if hold else "candidate.legal_hold_cleared",
        obj=retention,
        candidate_id=candidate.pk,
    )
    retention.refresh_from_db()
    return retention
