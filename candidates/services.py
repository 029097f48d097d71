"""Writes for candidates: the only code that saves candidates, documents, assessments and consents.

Reading a dossier or a file is audited here too (`dossier_record_view`), so views stay thin.
"""

import hashlib
import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record, audit_record_many
from accounts.models import AuditEvent, User
from accounts.transitions import Machine, WorkflowError, transition
from candidates.models import Assessment, Candidate, Consent, Document
from candidates.models.assessment import ASSESSMENT_FIELDS
from candidates.signals import consent_withdrawn
from kamportal.lib import filecheck
from kamportal.storage import private_storage
from kamportal.workflow import StaleVersion, version_claim

if TYPE_CHECKING:  # candidates does not import recruitment at run time
    from recruitment.models import Employer, Recruitment

DOCUMENT_PREFIX = "candidates/"

CANDIDATE_FIELDS = (
    "full_name",
    "email",
    "phone",
    "address",
    "available_from",
    "desired_work",
    "competences",
    "languages",
    "driving_licence",
    "messages_by_email",
    "language",
    "status",
)

# A candidate comes into process by being proposed (or by hand from available), is placed by a hiring,
# is released to available when a placement ends (or by hand), and goes inactive by hand.
C = Candidate.Status
CANDIDATE_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "propose": (frozenset({C.AVAILABLE}), C.IN_PROCESS),
    "place": (frozenset({C.AVAILABLE, C.IN_PROCESS, C.INACTIVE}), C.PLACED),
    "release": (frozenset({C.IN_PROCESS, C.PLACED, C.INACTIVE}), C.AVAILABLE),
    "deactivate": (frozenset({C.AVAILABLE, C.IN_PROCESS, C.PLACED}), C.INACTIVE),
    # Only candidates/anonymise.py takes it, with the scrub in the same transaction; it is final.
    "anonymise": (frozenset({C.AVAILABLE, C.IN_PROCESS, C.PLACED, C.INACTIVE}), C.ANONYMISED),
}


class CandidateStatusError(WorkflowError, ValidationError):
    """A status move the candidate table refuses, or lost to someone else's change."""


CANDIDATE_MACHINE = Machine(
    "candidate",
    CANDIDATE_TRANSITIONS,
    CandidateStatusError,
    _("The candidate is %(status)s now, so that cannot be done."),
    _("The candidate's status was changed by someone else. Reload and try again."),
)

REFUSAL_MESSAGES = {
    filecheck.EMPTY: _("The file is empty."),
    filecheck.TOO_LARGE: _("The file is larger than 10 MB. Please upload a smaller file."),
    filecheck.BAD_NAME: _(
        "The file name is not allowed. Use a plain name ending in .pdf, .docx or .odt, without folders or "
        "special characters."
    ),
    filecheck.UNSUPPORTED_TYPE: _(
        "Only PDF, Word (DOCX) and OpenDocument text (ODT) files can be uploaded. The content of this file is "
        "something else, whatever its name says."
    ),
    filecheck.EXTENSION_MISMATCH: _(
        "The file name does not match its content (for example a Word document named .pdf). Save it again "
        "with the right ending."
    ),
    filecheck.PDF_ENCRYPTED: _("The PDF is protected by a password. Please upload it without protection."),
    filecheck.PDF_UNREADABLE: _("The PDF could not be read. It may be damaged; please save or export it again."),
    filecheck.PDF_ACTIVE_CONTENT: _(
        "The PDF contains scripts, actions or attached files, which are not allowed. Print or export it to a new "
        "PDF and upload that."
    ),
    filecheck.ZIP_UNREADABLE: _("The document could not be read. It may be damaged; please save it again."),
    filecheck.ZIP_TOO_LARGE: _("The document unpacks to too much data or has too many parts to be accepted."),
    filecheck.ZIP_UNSAFE_PATH: _("The document contains unsafe internal file names and was refused."),
    filecheck.ZIP_NOT_A_DOCUMENT: _("The file is not a valid Word (DOCX) or OpenDocument text (ODT) document."),
    filecheck.ACTIVE_CONTENT: _(
        "The document contains macros, embedded programs or remote templates, which are not allowed. Save it as "
        "a plain document (DOCX or ODT) or as PDF."
    ),
    filecheck.XML_ENTITIES: _(
        "The document contains XML declarations (a DTD or entities) that can make it read other files, which "
        "is not allowed. Save it again from your word processor, or as PDF."
    ),
}


def _changed(obj, values: dict) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


# --- candidates ----------------------------------------------------------------------------


@transaction.atomic
def candidate_create(*, actor: User, advisor: User, **fields) -> Candidate:
    """A new candidate of the actor's provider; it starts in the model's default status, and a different
    status asked for on the form is reached through the status table."""
    unknown = set(fields) - set(CANDIDATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    status = fields.pop("status", None)
    candidate = Candidate(provider_id=actor.provider_id, advisor=advisor, **fields)
    candidate.full_clean()
    candidate.save()
    audit_record(actor=actor, action="candidate.created", obj=candidate, candidate_id=candidate.pk)
    if status:
        candidate_set_status(candidate=candidate, status=status, actor=actor)
    return candidate


@transaction.atomic
def candidate_update(
    *, candidate: Candidate, actor: User, advisor: User, version: int | None = None, **fields
) -> Candidate:
    """Save the candidate's fields; `version` is the one the form was loaded with (StaleVersion if newer)."""
    unknown = set(fields) - set(CANDIDATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {sorted(unknown)}")
    version_claim(candidate, version)
    status = fields.pop("status", None)
    changed = _changed(candidate, {**fields, "advisor": advisor})
    if changed:
        candidate.full_clean()
        candidate.save(update_fields=[*changed, "updated_at"])
    if status and status != candidate.status:
        candidate_set_status(candidate=candidate, status=status, actor=actor)
        changed.append("status")
    if not changed:
        return candidate
    audit_record(
        actor=actor,
        action="candidate.updated",
        obj=candidate,
        candidate_id=candidate.pk,
        detail=", ".join(sorted(changed)),
    )
    return candidate


def candidate_set_status(*, candidate: Candidate, status: str, actor: User | None) -> Candidate:
    """Move the candidate to `status` through the status table (a proposal puts them in process, a hiring
    marks them placed, the advisor's edit form any listed move); a lost race is an error, not an overwrite."""
    if status not in Candidate.Status.values:
        raise ValidationError(_("Unknown candidate status."), code="unknown_status")
    if candidate.status == status:
        return candidate
    actions = CANDIDATE_MACHINE.actions_to(candidate.status, status)
    if not actions:
        raise CandidateStatusError(
            _("A candidate who is %(status)s cannot be set to %(target)s.")
            % {
                "status": str(Candidate.Status(candidate.status).label).lower(),
                "target": str(Candidate.Status(status).label).lower(),
            }
        )
    return candidate_transition(candidate=candidate, action=actions[0], actor=actor)


def candidate_transition(*, candidate: Candidate, action: str, actor: User | None) -> Candidate:
    """Move the candidate by `action` or raise CandidateStatusError (a ValidationError too)."""
    return transition(
        CANDIDATE_MACHINE,
        candidate,
        action,
        actor=actor,
        updates={"updated_at": timezone.now()},
        candidate_id=candidate.pk,
        audit_action="candidate.status_changed",
        audit_detail=lambda move: f"{move.old} -> {move.new}",
    )


def dossier_record_view(*, candidate: Candidate, actor: User, what: str = "candidate.viewed", obj=None) -> AuditEvent:
    """One append-only audit event for one view of a dossier page or one download of a file."""
    return audit_record(actor=actor, action=what, obj=obj or candidate, candidate_id=candidate.pk)


def dossier_record_views(*, items, actor: User, what: str = "candidate.viewed") -> list[AuditEvent]:
    """One audit event per (candidate, obj) in `items`, written in one INSERT: a page listing many candidates."""
    return audit_record_many(
        actor=actor, action=what, items=[(obj or candidate, candidate.pk) for candidate, obj in items]
    )


# --- documents -----------------------------------------------------------------------------


def refusal_error(refused: filecheck.FileRefused) -> ValidationError:
    return ValidationError(REFUSAL_MESSAGES[refused.reason], code=refused.reason)


def document_upload(*, candidate: Candidate, kind: str, filename: str, data: bytes, actor: User) -> Document:
    """Check the file by content; store it under a random name; nothing is stored if it is refused."""
    if kind not in Document.Kind.values:
        raise ValidationError(_("Choose what kind of document this is."), code="kind")
    try:
        checked = filecheck.check_file(data, filename)
    except filecheck.FileRefused as refused:
        raise refusal_error(refused) from refused
    # Row first, file second, commit last: a refused row writes no file, a failure after the write
    # deletes it, and a process killed between the write and the commit leaves a file without a row,
    # which candidates.files.stored_files_sweep removes once it is older than the upload grace.
    stored_name = f"{DOCUMENT_PREFIX}{uuid.uuid4().hex}"
    writing = False
    try:
        with transaction.atomic():
            document = Document(
                candidate=candidate,
                kind=kind,
                stored_name=stored_name,
                original_name=checked.name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=hashlib.sha256(data).hexdigest(),
                uploaded_by=actor,
            )
            document.full_clean()
            document.save()
            audit_record(
                actor=actor,
                action="document.uploaded",
                obj=document,
                candidate_id=candidate.pk,
                detail=kind,  # not the file's name: it may carry the candidate's name, and audit rows never change
            )
            writing = True
            if private_storage.save(stored_name, ContentFile(data)) != stored_name:
                raise RuntimeError(f"the storage renamed {stored_name}")
    except BaseException:
        if writing:
            private_storage.delete(stored_name)
        raise
    return document


def document_open(*, document: Document):
    return private_storage.open(document.stored_name, "rb")


@transaction.atomic
def document_mark_reviewed(*, document: Document, actor: User, on: date | None = None) -> Document:
    on = on or timezone.localdate()
    unreviewed = Document.objects.filter(pk=document.pk, reviewed_on__isnull=True)
    updated = unreviewed.update(reviewed_by=actor, reviewed_on=on)
    if not updated:
        raise ValidationError(_("This document is already marked as reviewed."), code="already_reviewed")
    document.reviewed_by, document.reviewed_on = actor, on
    audit_record(
        actor=actor,
        action="document.reviewed",
        obj=document,
        candidate_id=document.candidate_id,
        detail=on.isoformat(),
    )
    return document


def current_cv(*, candidate: Candidate) -> Document | None:
    return candidate.documents.filter(kind=Document.Kind.CV).order_by("-uploaded_at", "-id").first()


def candidate_check_proposable(*, candidate: Candidate) -> Document:
    """For the recruitments issue: the reviewed CV a proposal goes with, or a ValidationError."""
    cv = current_cv(candidate=candidate)
    if cv is None:
        raise ValidationError(_("The candidate has no CV yet."), code="no_cv")
    if not cv.is_reviewed:
        raise ValidationError(
            _("The candidate's newest CV has not been reviewed by the advisor."), code="cv_not_reviewed"
        )
    return cv


# --- assessment ----------------------------------------------------------------------------


@transaction.atomic
def assessment_save(*, candidate: Candidate, actor: User, version: int, **fields) -> Assessment:
    """Create or update the assessment. `version` is the one the form was loaded with (0 for none yet)."""
    from recruitment.rules import text_lengths_check

    unknown = set(fields) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown assessment fields: {sorted(unknown)}")
    existing = Assessment.objects.filter(candidate=candidate).first()
    if (existing.version if existing else 0) != version:
        raise _stale_assessment(candidate)
    if existing is None:
        assessment = Assessment(candidate=candidate, updated_by=actor, version=1, **fields)
        assessment.full_clean()
        assessment.save()
    else:
        assessment = existing
        _changed(assessment, fields)
        assessment.updated_by = actor
        assessment.full_clean()
        text_lengths_check(assessment)  # the update below skips the save signal that checks it
        updated = Assessment.objects.filter(pk=assessment.pk, version=version).update(
            **fields, updated_by=actor, version=version + 1, updated_at=timezone.now()
        )
        if not updated:
            raise _stale_assessment(candidate)
        assessment.refresh_from_db()
    audit_record(actor=actor, action="assessment.saved", obj=assessment, candidate_id=candidate.pk)
    return assessment


def _stale_assessment(candidate: Candidate) -> StaleVersion:
    current = Assessment.objects.get(candidate=candidate)
    return StaleVersion(current=current, version=current.version)


# --- consent -------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    candidate: Candidate,
    employer: "Employer",
    given_on: date,
    method: str,
    text_version: str,
    covers_cv: bool,
    covers_application: bool,
    covers_assessment: bool,
    covers_accommodation: bool,
    actor: User,
    recruitment: "Recruitment | None" = None,
    covers_contact_details: bool = False,
) -> Consent:
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The consent cannot be given in the future.")})
    if not (covers_contact_details or covers_cv or covers_application or covers_assessment or covers_accommodation):
        raise ValidationError(_("Choose at least one part of the dossier that the consent covers."), code="no_parts")
    if recruitment is not None and recruitment.employer_id != employer.pk:
        raise ValidationError({"recruitment": _("The recruitment must be one of the chosen employer's.")})
    consent = Consent(
        candidate=candidate,
        employer=employer,
        recruitment=recruitment,
        given_on=given_on,
        method=method,
        text_version=text_version,
        covers_contact_details=covers_contact_details,
        covers_cv=covers_cv,
        covers_application=covers_application,
        covers_assessment=covers_assessment,
        covers_accommodation=covers_accommodation,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action="consent.recorded",
        obj=consent,
        candidate_id=candidate.pk,
        detail=consent_scope_detail(employer=employer, recruitment=recruitment, parts=consent.covered_parts),
    )
    return consent


def consent_scope_detail(*, employer, recruitment, parts) -> str:
    """The audit detail of a consent or a consent request: for whom, and which parts (ids and codes, no names;
    `contact_details` among them when the candidate's phone, e-mail and address are shared)."""
    scope = f"employer {employer.pk}" + (f" recruitment {recruitment.pk}" if recruitment is not None else "")
    return f"{scope}: {', '.join(str(part) for part in parts)}"


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: User, note: str = "") -> Consent:
    now = timezone.now()
    updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=actor, withdrawal_note=note[:300]
    )
    if not updated:
        raise ValidationError(_("This consent is already withdrawn."), code="already_withdrawn")
    consent.withdrawn_at, consent.withdrawn_by, consent.withdrawal_note = now, actor, note[:300]
    audit_record(actor=actor, action="consent.withdrawn", obj=consent, candidate_id=consent.candidate_id)
    consent_withdrawn.send(sender=Consent, consent=consent, actor=actor)
    return consent
