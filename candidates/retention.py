"""The retention sweep: warn the advisor of an idle candidate, anonymise once the notice has run, erase
closed recruitments' free text after their own period, and erase employer contacts who left the employer
(recruitment.contact_retention) (settings CANDIDATE_RETENTION_DAYS, …_NOTICE_DAYS,
RECRUITMENT_TEXT_RETENTION_DAYS, CONTACT_RETENTION_DAYS).

Idle: no open proposal, no planned or active placement, no consent in force, no legal hold, and nothing done
on the candidate (edit, document, assessment, consent, proposal, placement, extension) for the period. The
anonymisation needs a warning given after the last activity and at least the notice period ago, so nobody is
anonymised unannounced. Each candidate is handled in its own transaction under a skip-locked row lock.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_record
from accounts.notifications import notify
from candidates.anonymise import OPEN_PLACEMENT_STATES, OPEN_SUBMISSION_STATES, REDACTED, candidate_anonymise
from candidates.models import (
    Assessment,
    Candidate,
    CandidateRetention,
    Consent,
    Document,
    ErasedText,
    RetentionExtension,
)
from candidates.services import CandidateStatusError

CLOSED_RECRUITMENT_STATES = ("filled", "closed_unfilled", "cancelled")


def retention_period() -> timedelta:
    return timedelta(days=settings.CANDIDATE_RETENTION_DAYS)


def notice_period() -> timedelta:
    return timedelta(days=settings.CANDIDATE_RETENTION_NOTICE_DAYS)


def _latest(queryset: QuerySet, field: str, *, link: str = "candidate"):
    per_candidate = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link)
    return Coalesce(
        Subquery(per_candidate.annotate(latest=Max(field)).values("latest")[:1], output_field=DateTimeField()),
        F("created_at"),
    )


def with_last_activity(queryset: QuerySet) -> QuerySet:
    """Annotate `last_activity`: the newest of everything done on or for each candidate."""
    submission = apps.get_model("recruitment", "Submission").objects
    placement = apps.get_model("recruitment", "Placement").objects
    return queryset.annotate(
        last_activity=Greatest(
            F("updated_at"),
            _latest(Document.objects, "uploaded_at"),
            _latest(Assessment.objects, "updated_at"),
            _latest(Consent.objects, "recorded_at"),
            _latest(Consent.objects, "withdrawn_at"),
            _latest(submission, "proposed_at"),
            _latest(submission, "decided_at"),
            _latest(placement, "updated_at"),
            _latest(RetentionExtension.objects, "extended_at"),
        )
    )


def idle_candidates() -> QuerySet:
    """Candidates nothing keeps: the rules of "idle" except the time, with `last_activity` and the warning."""
    submission = apps.get_model("recruitment", "Submission").objects
    placement = apps.get_model("recruitment", "Placement").objects
    mine = {"candidate": OuterRef("pk")}
    queryset = (
        Candidate.objects.exclude(status=Candidate.Status.ANONYMISED)
        .exclude(Exists(submission.filter(**mine, status__in=OPEN_SUBMISSION_STATES)))
        .exclude(Exists(placement.filter(**mine, status__in=OPEN_PLACEMENT_STATES)))
        .exclude(Exists(Consent.objects.filter(**mine, withdrawn_at__isnull=True)))
        .exclude(Exists(CandidateRetention.objects.filter(**mine, legal_hold=True)))
        .annotate(warned_at=F("retention__warned_at"))
    )
    return with_last_activity(queryset)


def to_warn(now: datetime) -> QuerySet:
    """Idle into the notice period and not yet warned since their last activity."""
    return idle_candidates().filter(
        Q(warned_at__isnull=True) | Q(warned_at__lt=F("last_activity")),
        last_activity__lte=now - retention_period() + notice_period(),
    )


def to_anonymise(now: datetime) -> QuerySet:
    """Idle past the period, warned after their last activity and at least the notice period ago."""
    return idle_candidates().filter(
        last_activity__lte=now - retention_period(),
        warned_at__gte=F("last_activity"),
        warned_at__lte=now - notice_period(),
    )


def recruitments_to_erase(now: datetime) -> QuerySet:
    recruitment = apps.get_model("recruitment", "Recruitment")
    done = ErasedText.objects.filter(kind="recruitment", object_id=OuterRef("pk"))
    cutoff = now - timedelta(days=settings.RECRUITMENT_TEXT_RETENTION_DAYS)
    return recruitment.objects.filter(status__in=CLOSED_RECRUITMENT_STATES, updated_at__lte=cutoff).exclude(
        Exists(done)
    )


def due_on(last_activity: datetime, warned_at: datetime | None = None) -> date:
    """The day the candidate will be anonymised if nothing happens."""
    due = last_activity + retention_period()
    if warned_at is not None:
        due = max(due, warned_at + notice_period())
    return timezone.localdate(due)


@dataclass
class RetentionRun:
    warned: list[int] = field(default_factory=list)
    anonymised: list[int] = field(default_factory=list)
    recruitments: list[int] = field(default_factory=list)
    contacts: list[int] = field(default_factory=list)  # employer contacts erased (recruitment.contact_retention)
    lines: list[str] = field(default_factory=list)  # what was (or, in a dry run, would be) done and why


def retention_run(*, now: datetime | None = None, dry_run: bool = False) -> RetentionRun:
    """One sweep: warn, anonymise, erase closed recruitments' free text and the employer contacts who left
    CONTACT_RETENTION_DAYS ago. A dry run changes nothing."""
    from recruitment.contact_retention import contact_retention_run

    now = now or timezone.now()
    run = RetentionRun()
    for candidate in to_warn(now).order_by("pk"):
        due = due_on(candidate.last_activity, now)
        run.lines.append(
            f"warn: candidate {candidate.pk} ({candidate.uuid}), idle since "
            f"{timezone.localdate(candidate.last_activity)}, advisor {candidate.advisor_id} warned; "
            f"anonymised on {due} unless extended"
        )
        if not dry_run and _warn(candidate.pk, now):
            run.warned.append(candidate.pk)
    for candidate in to_anonymise(now).order_by("pk"):
        run.lines.append(
            f"anonymise: candidate {candidate.pk} ({candidate.uuid}), idle since "
            f"{timezone.localdate(candidate.last_activity)}, warned {timezone.localdate(candidate.warned_at)}"
        )
        if not dry_run and _anonymise(candidate.pk, now):
            run.anonymised.append(candidate.pk)
    for recruitment in recruitments_to_erase(now).order_by("pk"):
        run.lines.append(
            f"erase text: recruitment {recruitment.pk} ({recruitment.uuid}), {recruitment.status} since "
            f"{timezone.localdate(recruitment.updated_at)}"
        )
        if not dry_run and _erase_recruitment_text(recruitment.pk):
            run.recruitments.append(recruitment.pk)
    contacts = contact_retention_run(now=now, dry_run=dry_run)
    run.contacts, run.lines = contacts.erased, run.lines + contacts.lines
    return run


def _locked(pk: int) -> Candidate | None:
    """The candidate's row locked for this transaction, or None if another worker holds it."""
    return Candidate.objects.select_for_update(skip_locked=True).filter(pk=pk).first()


def _warn(pk: int, now: datetime) -> bool:
    with transaction.atomic():
        candidate = _locked(pk)
        if candidate is None:
            return False
        current = to_warn(now).filter(pk=pk).select_related("advisor").first()
        if current is None:
            return False
        due = due_on(current.last_activity, now)
        CandidateRetention.objects.update_or_create(candidate=current, defaults={"warned_at": now, "warned_for": due})
        notify(
            recipients=[current.advisor],
            kind="candidate.retention_warning",
            template="candidates/emails/retention_warning",
            context={"candidate": current, "due": due, "days": settings.CANDIDATE_RETENTION_DAYS},
            url=reverse("candidates:detail", kwargs={"uuid": current.uuid}),
            about=current,
        )
        audit_record(
            actor=None, action="candidate.retention_warned", obj=current, candidate_id=pk, detail=due.isoformat()
        )
        return True


def _anonymise(pk: int, now: datetime) -> bool:
    try:
        with transaction.atomic():
            candidate = _locked(pk)
            if candidate is None or not to_anonymise(now).filter(pk=pk).exists():
                return False
            candidate_anonymise(candidate=candidate, actor=None, cause=CandidateRetention.Cause.RETENTION)
            return True
    except CandidateStatusError:  # another worker anonymised (or moved) the candidate first
        return False


def _erase_recruitment_text(pk: int) -> bool:
    """Closed long enough: the recruitment keeps dates, states, provider and employer; its free text goes."""
    recruitment = apps.get_model("recruitment", "Recruitment")
    submission = apps.get_model("recruitment", "Submission")
    try:
        with transaction.atomic():
            ErasedText.objects.create(kind="recruitment", object_id=pk)
            obj = recruitment.objects.get(pk=pk)
            recruitment.objects.filter(pk=pk).exclude(closed_reason="").update(closed_reason=REDACTED)
            apps.get_model("recruitment", "CoordinationRequest").objects.filter(recruitment_id=pk).update(
                message="", answer_comment=""
            )
            submissions = submission.objects.filter(recruitment_id=pk)
            submissions.update(suitability="", advisor_comments="", feedback="", employer_comment="")
            apps.get_model("recruitment", "Interview").objects.filter(submission__in=submissions).update(notes="")
            apps.get_model("recruitment", "RecruitmentEvent").objects.filter(recruitment_id=pk).update(comment="")
            audit_record(actor=None, action="recruitment.text_erased", obj=obj)
            return True
    except IntegrityError:  # another worker claimed it first
        return False
