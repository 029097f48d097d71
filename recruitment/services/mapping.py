"""Mapping forms and their approval links: the only code that writes them.

An approved version never changes; `mapping_form_new_version` copies it into a new draft that needs
approval again. Status moves go through recruitment.services.transitions (`mapping_version_transition`).
An approval link names one request, one version and its content hash, and is answered once.
"""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from accounts.notifications import notify
from kamportal.lib.canonical import content_hash
from kamportal.lib.context import current_ip
from kamportal.lib.signed_links import LinkRefused, is_uuid, link_dumps, link_loads, link_max_age
from kamportal.workflow import version_claim
from recruitment.models import (
    ApprovalRequest,
    Contact,
    Employer,
    MappingForm,
    MappingFormVersion,
    MappingPosition,
    MappingStatus,
)
from recruitment.services.transitions import MAPPING_TRANSITIONS, MappingWorkflowError, mapping_version_transition

S = MappingStatus

TRANSITIONS = MAPPING_TRANSITIONS

VERSION_FIELDS = ["title", "short_term_needs", "long_term_needs", "qualification_cooperation"]
POSITION_FIELDS = [
    "title",
    "kind",
    "places",
    "tasks",
    "qualifications",
    "language_requirements",
    "driving_licence",
    "physical_demands",
    "working_hours",
    "location",
    "earliest_start",
    "permanent_possible",
    "adaptations",
    "site_contact",
]
APPROVAL_SALT = "recruitment.mapping-approval"


# --- canonical content and its hash -------------------------------------------------------------


def version_content(version: MappingFormVersion, positions=None) -> dict:
    """The version's content as plain data; what the SHA-256 covers."""
    if positions is None:
        positions = MappingPosition.objects.filter(version_id=version.pk).order_by("order")
    return {
        "schema": 1,
        "form": str(version.form.uuid),
        "employer_org_number": version.form.employer.org_number,
        "version": version.number,
        **{name: getattr(version, name) for name in VERSION_FIELDS},
        "positions": [{name: getattr(p, name) for name in POSITION_FIELDS} for p in positions],
    }


def version_hash(version: MappingFormVersion, positions=None) -> str:
    return content_hash(version_content(version, positions))


def _rehash(version: MappingFormVersion) -> None:
    version.content_hash = version_hash(version)
    MappingFormVersion.objects.filter(pk=version.pk).update(content_hash=version.content_hash)


# --- writing content ----------------------------------------------------------------------------


def _editable_version(version: MappingFormVersion, *, actor) -> MappingFormVersion:
    """Edits go to the newest version only, while it is a draft; changes_requested reopens as a draft."""
    if version.status == S.CHANGES_REQUESTED:
        return mapping_version_transition(version=version, action="reopen", actor=actor)
    if version.status != S.DRAFT:
        raise MappingWorkflowError(_("Only a draft can be changed. Withdraw it or start a new version first."))
    return version


@transaction.atomic
def mapping_form_create(
    *,
    employer: Employer,
    actor: User,
    title: str,
    short_term_needs: str = "",
    long_term_needs: str = "",
    qualification_cooperation: str = "",
) -> MappingForm:
    form = MappingForm(employer=employer, created_by=actor)
    form.full_clean()
    form.save()
    version = MappingFormVersion(
        form=form,
        number=1,
        created_by=actor,
        title=title,
        short_term_needs=short_term_needs,
        long_term_needs=long_term_needs,
        qualification_cooperation=qualification_cooperation,
    )
    version.full_clean()
    version.save()
    _rehash(version)
    audit_record(actor=actor, action="mapping_form.create", obj=version, detail=f"v1 {employer}")
    return form


@transaction.atomic
def mapping_version_update(
    *, version: MappingFormVersion, actor: User, edit_version: int | None = None, **fields
) -> MappingFormVersion:
    """Change a draft; `edit_version` is the one the form was loaded with (StaleVersion if newer)."""
    version_claim(version, edit_version, field="edit_version")
    version = _editable_version(version, actor=actor)
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"not version fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean()
    version.save(update_fields=[*fields, "updated_at"])
    _rehash(version)
    return version


@transaction.atomic
def mapping_position_add(*, version: MappingFormVersion, actor: User, **fields) -> MappingPosition:
    version = _editable_version(version, actor=actor)
    last = version.positions.order_by("-order").values_list("order", flat=True).first() or 0
    position = MappingPosition(version=version, order=last + 1, **fields)
    position.full_clean()
    position.save()
    version.save(update_fields=["updated_at"])
    _rehash(version)
    return position


@transaction.atomic
def mapping_position_update(
    *, position: MappingPosition, actor: User, edit_version: int | None = None, **fields
) -> MappingPosition:
    """Change a draft's position; `edit_version` is the one the form was loaded with (StaleVersion if newer)."""
    version_claim(position, edit_version, field="edit_version")
    _editable_version(position.version, actor=actor)
    for name, value in fields.items():
        if name not in POSITION_FIELDS:
            raise TypeError(f"not a position field: {name}")
        setattr(position, name, value)
    position.full_clean()
    position.save(update_fields=list(fields))
    position.version.save(update_fields=["updated_at"])
    _rehash(position.version)
    return position


@transaction.atomic
def mapping_position_delete(*, position: MappingPosition, actor: User) -> None:
    version = _editable_version(position.version, actor=actor)
    position.delete()
    version.save(update_fields=["updated_at"])
    _rehash(version)


@transaction.atomic
def mapping_form_new_version(*, form: MappingForm, actor: User) -> MappingFormVersion:
    """Start the next version from the newest one, which must be approved (approved versions are frozen)."""
    latest = form.versions.select_for_update().order_by("-number").first()
    if latest.status != S.APPROVED:
        raise MappingWorkflowError(_("A new version can only be started from an approved version."))
    version = MappingFormVersion(
        form=form,
        number=latest.number + 1,
        created_by=actor,
        **{name: getattr(latest, name) for name in VERSION_FIELDS},
    )
    version.full_clean()
    version.save()
    MappingPosition.objects.bulk_create(
        MappingPosition(version=version, order=p.order, **{name: getattr(p, name) for name in POSITION_FIELDS})
        for p in latest.positions.order_by("order")
    )
    _rehash(version)
    audit_record(actor=actor, action="mapping_form.new_version", obj=version, detail=f"v{version.number}")
    return version


# --- approval links -----------------------------------------------------------------------------


def approval_token(approval_request: ApprovalRequest) -> str:
    return link_dumps(
        {"r": str(approval_request.uuid), "v": str(approval_request.version.uuid), "h": approval_request.content_hash},
        salt=APPROVAL_SALT,
    )


approval_max_age = link_max_age


@transaction.atomic
def mapping_form_send_for_approval(*, version: MappingFormVersion, actor: User, contact: Contact) -> ApprovalRequest:
    """Send the version to `contact` for approval: a signed, expiring, single-use link by e-mail."""
    if contact.employer_id != version.form.employer_id:
        raise MappingWorkflowError(_("The contact must belong to this employer."))
    if contact.left_on is not None:
        raise MappingWorkflowError(_("This contact has left the employer. Choose another contact."))
    if version.status == S.CHANGES_REQUESTED:
        mapping_version_transition(version=version, action="reopen", actor=actor)
    if not version.positions.exists():
        raise MappingWorkflowError(_("Add at least one position before sending the form for approval."))
    now = timezone.now()
    digest = version_hash(version)
    mapping_version_transition(
        version=version,
        action="send",
        actor=actor,
        comment=contact.email,
        updates={"content_hash": digest, "sent_at": now, "decided_at": None},
    )
    approval_request = ApprovalRequest(
        version=version,
        contact=contact,
        email=contact.email,
        content_hash=digest,
        sent_by=actor,
        sent_at=now,
        expires_at=now + approval_max_age(),
    )
    approval_request.full_clean()
    approval_request.save()
    path = reverse("recruitment:mapping_approval", kwargs={"token": approval_token(approval_request)})
    notify(
        recipients=[contact.email],
        kind="mapping_form.sent",
        template="recruitment/emails/mapping_approval_request",
        context={
            "contact": contact,
            "employer": version.form.employer,
            "version": version,
            "kam": actor,
            "expires_at": approval_request.expires_at,
            "content_hash": digest,
        },
        url=path,
    )
    return approval_request


@dataclass(frozen=True)
class _TokenPayload:
    request_uuid: str
    version_uuid: str
    digest: str


def _read_token(token: str) -> _TokenPayload:
    data = link_loads(token, salt=APPROVAL_SALT, keys=("r", "v", "h"))
    return _TokenPayload(data["r"], data["v"], data["h"])


def approval_request_from_token(token: str) -> ApprovalRequest:
    """The ApprovalRequest a link names, if the link still works; else LinkRefused with the reason."""
    payload = _read_token(token)
    approval_request = (
        ApprovalRequest.objects.select_related("version__form__employer", "contact", "sent_by")
        .filter(uuid=payload.request_uuid if is_uuid(payload.request_uuid) else None)
        .first()
    )
    if approval_request is None or str(approval_request.version.uuid) != payload.version_uuid:
        raise LinkRefused("invalid")
    if approval_request.content_hash != payload.digest:
        raise LinkRefused("invalid")
    if approval_request.used_at is not None:
        raise LinkRefused("used", approval_request)
    if timezone.now() >= approval_request.expires_at:
        raise LinkRefused("expired", approval_request)
    if approval_request.contact.left_on is not None:  # the person left the employer: the link answers nothing
        raise LinkRefused("invalid")
    version = approval_request.version
    newer = MappingFormVersion.objects.filter(form_id=version.form_id, number__gt=version.number).exists()
    if (
        newer
        or version.status != S.AWAITING_APPROVAL
        or version.sent_at != approval_request.sent_at  # withdrawn and sent again: only the newest link works
        or version.content_hash != payload.digest
        or version_hash(version) != payload.digest
    ):
        raise LinkRefused("stale", approval_request)
    return approval_request


@transaction.atomic
def mapping_approval_answer(*, token: str, approve: bool, comment: str = "") -> ApprovalRequest:
    """Record the contact's answer once: approved, or changes requested with a comment. Notifies the KAM."""
    approval_request = approval_request_from_token(token)
    contact = approval_request.contact
    return _record_answer(
        approval_request=approval_request,
        approve=approve,
        comment=comment,
        actor=contact.user,
        name=contact.full_name,
        email=contact.email,
    )


def open_approval_request(version: MappingFormVersion) -> ApprovalRequest | None:
    """The newest unanswered approval request of a version that still waits for approval, if any."""
    if version.status != S.AWAITING_APPROVAL:
        return None
    return (
        ApprovalRequest.objects.select_related("version__form__employer", "contact", "sent_by")
        .filter(version=version, used_at__isnull=True)
        .order_by("-sent_at", "-pk")
        .first()
    )


@transaction.atomic
def mapping_approval_answer_in_portal(
    *, version: MappingFormVersion, contact: Contact, approve: bool, comment: str = ""
) -> ApprovalRequest:
    """A signed-in contact of the employer answers in the portal: no e-mailed token, the same record.

    The answer goes on the version's open approval request, with the answering contact's
    name and e-mail, the time, the IP address and the content hash, exactly as through the link.
    """
    if contact.user_id is None or contact.employer_id != version.form.employer_id:
        raise MappingWorkflowError(_("Only a contact of this employer can answer."))
    approval_request = open_approval_request(version)
    newer = MappingFormVersion.objects.filter(form_id=version.form_id, number__gt=version.number).exists()
    if (
        approval_request is None
        or newer
        or version.content_hash != approval_request.content_hash
        or version_hash(version) != approval_request.content_hash
    ):
        raise MappingWorkflowError(_("This mapping form is no longer waiting for your approval."))
    try:
        return _record_answer(
            approval_request=approval_request,
            approve=approve,
            comment=comment,
            actor=contact.user,
            name=contact.full_name,
            email=contact.email,
        )
    except LinkRefused:
        raise MappingWorkflowError(_("This mapping form is no longer waiting for your approval.")) from None


def _record_answer(
    *, approval_request: ApprovalRequest, approve: bool, comment: str, actor, name: str, email: str
) -> ApprovalRequest:
    if not approve and not comment.strip():
        raise MappingWorkflowError(_("Please say what should be changed."))
    version = approval_request.version
    now = timezone.now()
    decision = ApprovalRequest.Decision.APPROVED if approve else ApprovalRequest.Decision.CHANGES_REQUESTED
    claimed = ApprovalRequest.objects.filter(pk=approval_request.pk, used_at__isnull=True).update(
        used_at=now,
        decision=decision,
        decided_by_name=name,
        decided_by_email=email,
        decided_ip=current_ip(),
        decided_hash=approval_request.content_hash,
        comment=comment.strip(),
    )
    if claimed != 1:
        raise LinkRefused("used", approval_request)
    try:
        mapping_version_transition(
            version=version,
            action="approve" if approve else "request_changes",
            actor=actor,
            actor_name=f"{name} <{email}>",
            comment=comment.strip(),
            updates={"decided_at": now},
        )
    except MappingWorkflowError:
        raise LinkRefused("stale", approval_request) from None
    approval_request.refresh_from_db()
    recipients = [u for u in (approval_request.sent_by, version.form.employer.responsible_kam) if u is not None]
    notify(
        recipients=recipients,
        kind=f"mapping_form.{decision}",
        template="recruitment/emails/mapping_answered",
        context={
            "approval_request": approval_request,
            "approved": approve,
            "employer": version.form.employer,
            "version": version,
        },
        url=reverse("recruitment:mapping_detail", kwargs={"uuid": version.form.uuid}),
    )
    return approval_request
