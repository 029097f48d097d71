"""Subject-access export: everything held about one candidate, as a ZIP built by a Celery task.

The ZIP holds `data.json` (machine-readable: every row of every model with a foreign-key path to
Candidate, found by walking the model registry, plus the notifications about the candidate and the
audit trail of who read or changed their data), `summary.html` (the same, readable), `summary.pdf` (that
page as a PDF, by weasyprint like the candidate list's PDF) and the stored
files of their documents under `documents/`. It is stored in the private storage and downloaded once,
by the person who asked for it, before `SUBJECT_ACCESS_EXPORT_HOURS` run out; request, build and
download are audited.
"""

import hashlib
import io
import json
import logging
import re
import uuid
import zipfile
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import AuditEvent, Notification, User
from accounts.notifications import notify
from candidates.models import Candidate, Document, SubjectAccessExport
from candidates.privacy_transitions import export_transition
from kamportal.lib.pdf import html_to_pdf
from kamportal.storage import private_storage

log = logging.getLogger(__name__)

EXPORT_PREFIX = "exports/"
MAX_DEPTH = 4
# Internal names that say nothing about the person and only describe where a file lies in storage.
HIDDEN_FIELDS = {"stored_name"}


# --- the walk over the model registry -------------------------------------------------------------


def candidate_paths() -> dict[type[models.Model], list[str]]:
    """Every model with a foreign-key path to Candidate, with every such path as an ORM lookup.

    Only forward foreign keys and one-to-ones are followed (a row *of* the candidate points at them,
    directly or through other rows of theirs), at most MAX_DEPTH steps. Candidate itself is not listed.
    """
    paths: dict[type[models.Model], set[str]] = {Candidate: {""}}
    for _depth in range(MAX_DEPTH):
        grown = False
        for model in apps.get_models():
            if model is Candidate:
                continue
            for field in model._meta.concrete_fields:
                if not field.is_relation or field.related_model not in paths or field.related_model is model:
                    continue
                for rest in list(paths[field.related_model]):
                    lookup = f"{field.name}__{rest}" if rest else field.name
                    if lookup.count("__") < MAX_DEPTH and lookup not in paths.setdefault(model, set()):
                        paths[model].add(lookup)
                        grown = True
        if not grown:
            break
    paths.pop(Candidate)
    return {model: sorted(lookups, key=lambda s: (s.count("__"), s)) for model, lookups in paths.items()}


def rows_of(candidate: Candidate) -> dict[str, list[models.Model]]:
    """The candidate's rows of every linked model, by model label (the candidate first)."""
    found: dict[str, list[models.Model]] = {Candidate._meta.label: [candidate]}
    for model, lookups in sorted(candidate_paths().items(), key=lambda item: item[0]._meta.label):
        condition = Q()
        for lookup in lookups:
            condition |= Q(**{lookup: candidate})
        found[model._meta.label] = list(model._default_manager.filter(condition).distinct().order_by("pk"))
    found.update(_history_rows(found))
    return found


def _history_rows(found: dict[str, list[models.Model]]) -> dict[str, list[models.Model]]:
    """History rows that name their object by (`subject`, `subject_id`) instead of a foreign key
    (recruitment.RecruitmentEvent): those whose subject is one of the candidate's rows."""
    by_name = {objs[0]._meta.model_name: [o.pk for o in objs] for objs in found.values() if objs}
    history = {}
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if not {"subject", "subject_id"} <= names or model._meta.label in found:
            continue
        condition = Q(pk__in=[])
        for subject in model._meta.get_field("subject").choices or ():
            if subject[0] in by_name:
                condition |= Q(subject=subject[0], subject_id__in=by_name[subject[0]])
        history[model._meta.label] = list(model._default_manager.filter(condition).order_by("pk"))
    return history


def notifications_linked(candidate: Candidate, *, legacy_keys=()) -> "models.QuerySet[Notification]":
    """The notifications about the candidate, by exact links only (never by name, so a namesake's messages
    stay out): those `notify(about=...)` linked to the candidate, and those sent to the candidate's own
    e-mail address. `legacy_keys`: uuids of the candidate's rows; a message made before the links were
    recorded counts if its link opens one of them. Shared by the export and the anonymisation."""
    condition = Q(subjects__candidate_id=candidate.pk)
    if candidate.email:
        condition |= Q(email__iexact=candidate.email)
    for key in legacy_keys:
        condition |= Q(url__contains=str(key), subjects__isnull=True)
    return Notification.objects.filter(pk__in=Notification.objects.filter(condition).values("pk"))


def notifications_about(candidate: Candidate, rows: dict[str, list[models.Model]]) -> list[Notification]:
    """Messages about the candidate (`notifications_linked`), the legacy links through every row of theirs."""
    keys = {obj.uuid for objs in rows.values() for obj in objs if getattr(obj, "uuid", None) is not None}
    return list(notifications_linked(candidate, legacy_keys=sorted(keys, key=str)).order_by("created_at", "pk"))


def audit_trail(candidate: Candidate) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(candidate_id=candidate.pk).select_related("actor").order_by("at", "pk"))


def _value(obj: models.Model, field: models.Field):
    value = getattr(obj, field.attname)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def row_dict(obj: models.Model) -> dict:
    fields = {f.attname: _value(obj, f) for f in obj._meta.concrete_fields if f.name not in HIDDEN_FIELDS}
    return {"model": obj._meta.label, "pk": obj.pk, "text": str(obj), "fields": fields}


def _readable(obj: models.Model) -> list[tuple[str, str]]:
    """(label, value) pairs for the summary: choices shown by their label, relations by their name."""
    pairs = []
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS or field.name in ("id",):
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            shown = "" if related is None else str(related)
        elif field.choices:
            shown = str(getattr(obj, f"get_{field.name}_display")())
        else:
            value = getattr(obj, field.attname)
            shown = "" if value is None else str(value)
        pairs.append((str(field.verbose_name), shown))
    return pairs


def export_data(candidate: Candidate, *, now: datetime | None = None) -> dict:
    """The machine-readable content of the export (what `data.json` holds)."""
    from candidates.consent_requests import consent_text

    rows = rows_of(candidate)
    versions = sorted(
        {
            obj.text_version
            for label in ("candidates.Consent", "candidates.ConsentRequest")
            for obj in rows.get(label, [])
        }
    )
    return {
        "exported_at": (now or timezone.now()).isoformat(),
        "candidate": str(candidate.uuid),
        "models": {label: [row_dict(obj) for obj in objs] for label, objs in rows.items()},
        "consent_texts": {version: consent_text(version) for version in versions},
        "notifications": [
            {
                "created_at": n.created_at,
                "to": n.email,
                "kind": n.kind,
                "subject": n.subject,
                "body": n.body,
                "url": n.url,
            }
            for n in notifications_about(candidate, rows)
        ],
        "audit_trail": [
            {
                "at": e.at,
                "who": e.actor.full_name if e.actor else "",
                "who_email": e.actor.email if e.actor else "",
                "action": e.action,
                "object": f"{e.object_type}#{e.object_id}",
                "detail": e.detail,
                "ip": e.ip,
                "ran_by": e.origin,
            }
            for e in audit_trail(candidate)
        ],
    }


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:80] or "file"


def export_zip(candidate: Candidate, *, language: str) -> bytes:
    """The ZIP: data.json, summary.html, summary.pdf and the documents' stored files."""
    rows = rows_of(candidate)
    data = export_data(candidate)
    documents = rows.get(Document._meta.label, [])
    files = {doc.pk: f"documents/{doc.uuid}_{_safe_name(doc.original_name)}" for doc in documents}
    data["files"] = {str(doc.uuid): files[doc.pk] for doc in documents}
    with translation.override(language):
        summary = render_to_string(
            "candidates/privacy/export_summary.html",
            {
                "candidate": candidate,
                "sections": [
                    {
                        "label": label,
                        "name": (
                            objs[0]._meta.verbose_name_plural
                            if objs
                            else apps.get_model(label)._meta.verbose_name_plural
                        ),
                        "rows": [
                            {
                                "text": str(obj),
                                "pairs": _readable(obj),
                                "file": files.get(obj.pk) if label == Document._meta.label else None,
                            }
                            for obj in objs
                        ],
                    }
                    for label, objs in rows.items()
                ],
                "data": data,
            },
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        archive.writestr("summary.html", summary)
        archive.writestr("summary.pdf", html_to_pdf(summary))
        for doc in documents:
            try:
                with private_storage.open(doc.stored_name, "rb") as stored:
                    archive.writestr(files[doc.pk], stored.read())
            except FileNotFoundError:
                log.error("Document %s has no stored file for the export", doc.uuid)
                archive.writestr(files[doc.pk] + ".missing.txt", "The stored file was not found.\n")
    return buffer.getvalue()


# --- services ---------------------------------------------------------------------------------------


def export_page(export: SubjectAccessExport) -> str:
    return reverse("candidates:detail", kwargs={"uuid": export.candidate.uuid}) + "#exports"


@transaction.atomic
def export_request(*, candidate: Candidate, actor: User) -> SubjectAccessExport:
    """Queue the build of a new export for `actor`; refused while one of theirs for the candidate is queued."""
    busy = SubjectAccessExport.objects.filter(
        candidate=candidate, requested_by=actor, status=SubjectAccessExport.Status.QUEUED
    )
    if busy.exists():
        raise ValidationError(_("An export of this candidate is already being built for you."), code="busy")
    export = SubjectAccessExport(candidate=candidate, requested_by=actor)
    export.full_clean()
    export.save()
    audit_record(actor=actor, action="subject_access.requested", obj=export, candidate_id=candidate.pk)
    from candidates.tasks import build_subject_access_export

    transaction.on_commit(lambda: build_subject_access_export.delay(export.pk))
    return export


def export_build(*, export_id: int, now: datetime | None = None) -> SubjectAccessExport | None:
    """Build and store the ZIP (the task's work). Idempotent: an export no longer queued is left alone."""
    export = SubjectAccessExport.objects.select_related("candidate", "requested_by").filter(pk=export_id).first()
    if export is None or export.status != SubjectAccessExport.Status.QUEUED:
        return export
    try:
        content = export_zip(export.candidate, language=export.requested_by.language or settings.LANGUAGE_CODE)
    except Exception:
        log.exception("Subject-access export %s failed", export.uuid)
        export_transition(export=export, action="fail", actor=None)
        raise
    stored_name = f"{EXPORT_PREFIX}{uuid.uuid4().hex}.zip"
    now = now or timezone.now()
    if private_storage.save(stored_name, ContentFile(content)) != stored_name:
        raise RuntimeError(f"the storage renamed {stored_name}")
    try:
        with transaction.atomic():
            export_transition(
                export=export,
                action="build",
                actor=None,
                updates={
                    "stored_name": stored_name,
                    "size": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "ready_at": now,
                    "expires_at": now + timedelta(hours=settings.SUBJECT_ACCESS_EXPORT_HOURS),
                },
            )
            notify(
                recipients=[export.requested_by],
                kind="subject_access.ready",
                template="candidates/emails/subject_access_ready",
                context={"export": export},
                url=export_page(export),
                about=export.candidate_id,
            )
    except BaseException:
        private_storage.delete(stored_name)
        raise
    return export


def export_download(*, export: SubjectAccessExport, actor: User, now: datetime | None = None) -> io.BytesIO:
    """The ZIP's bytes, once: the export moves to downloaded and its file is deleted from storage."""
    now = now or timezone.now()
    if export.requested_by_id != actor.pk:
        raise ValidationError(_("Only the person who asked for the export can download it."), code="not_yours")
    if export.status == SubjectAccessExport.Status.READY and export.expires_at and export.expires_at <= now:
        exports_expire(now=now)
        export.refresh_from_db()
    if export.status != SubjectAccessExport.Status.READY:
        raise ValidationError(
            {
                SubjectAccessExport.Status.QUEUED: _("The export is still being built. You will be notified."),
                SubjectAccessExport.Status.DOWNLOADED: _(
                    "This export was already downloaded. It can be downloaded only once; ask for a new one."
                ),
                SubjectAccessExport.Status.EXPIRED: _("This export has expired. Ask for a new one."),
                SubjectAccessExport.Status.FAILED: _("This export could not be built. Ask for a new one."),
            }[export.status],
            code=export.status,
        )
    with private_storage.open(export.stored_name, "rb") as stored:
        content = io.BytesIO(stored.read())
    with transaction.atomic():
        export_transition(export=export, action="download", actor=actor, updates={"downloaded_at": now})
        audit_record(actor=actor, action="subject_access.downloaded", obj=export, candidate_id=export.candidate_id)
        stored_name = export.stored_name
        transaction.on_commit(lambda: private_storage.delete(stored_name))
    return content


def exports_expire(*, now: datetime | None = None) -> int:
    """Ready exports past their time (and downloaded ones whose file is still there) lose their file."""
    now = now or timezone.now()
    count = 0
    for export in SubjectAccessExport.objects.filter(status=SubjectAccessExport.Status.READY, expires_at__lte=now):
        try:
            with transaction.atomic():
                export_transition(export=export, action="expire", actor=None)
        except ValidationError:
            continue  # downloaded at the same moment
        private_storage.delete(export.stored_name)
        count += 1
    return count
