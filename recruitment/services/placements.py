"""Placements (praksis) of chosen candidates until hiring: the only code that writes them.

Status moves go through recruitment.services.transitions. Every change (create, update, agreement,
start, hiring, end) notifies the coordinating and the supplying KAM; follow-up notes notify nobody.
Hiring marks the candidate placed and fills the recruitment once its openings are taken; an end
makes the candidate available again.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from accounts.notifications import notify
from candidates.models import Candidate
from candidates.services import candidate_set_status
from kamportal.workflow import StaleVersion
from recruitment import rules
from recruitment.models import (
    OPEN_PLACEMENT_STATES,
    SENT_AGREEMENT_STATES,
    AgreementPoint,
    AgreementVersion,
    Contact,
    EmploymentKind,
    Placement,
    PlacementEndReason,
    PlacementNote,
    PlacementStatus,
    PointAssessment,
    PointRating,
    RecruitmentEvent,
    RecruitmentStatus,
    Submission,
    SubmissionStatus,
)
from recruitment.services.transitions import (  # noqa: F401  (the table is read from here too)
    PLACEMENT_TRANSITIONS,
    RecruitmentError,
    event_record,
    placement_transition,
    recruitment_transition,
)

P = PlacementStatus
OPEN_PLACEMENT = OPEN_PLACEMENT_STATES

UPDATE_FIELDS = (
    "start_date",
    "planned_end_date",
    "workplace_contact_name",
    "workplace_contact_phone",
    "workplace_contact_email",
    "workplace_supervisor",
    "follow_up_every_days",
)

CHANGE_LABELS = {
    "created": _("A placement is planned"),
    "updated": _("The placement is changed"),
    "agreement": _("The expectation agreement is sent to the employer for confirmation"),
    "start": _("The placement has started"),
    "hire": _("The candidate is hired"),
    "hire_corrected": _("The hiring is corrected"),
    "end": _("The placement has ended"),
}


def _stale(placement: Placement) -> StaleVersion:
    current = Placement.objects.get(pk=placement.pk)
    return StaleVersion(current=current, version=current.version)


def _check_open(placement: Placement) -> None:
    if placement.status not in OPEN_PLACEMENT:
        raise RecruitmentError(
            _("The placement is %(status)s, so it can no longer be changed.")
            % {"status": Placement.Status(placement.status).label}
        )


def _not_in_future(value: datetime.date | None, field: str, message) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: message})


def _event(*, placement: Placement, action: str, actor: User, comment: str = "") -> RecruitmentEvent:
    """A placement history entry that is not a status change (created, changed, agreement, note)."""
    return event_record(
        recruitment=placement.recruitment,
        subject=RecruitmentEvent.Subject.PLACEMENT,
        subject_id=placement.pk,
        provider_id=placement.provider_id,
        action=action,
        to_status=placement.status,
        actor=actor,
        comment=comment,
    )


def placement_kams(placement: Placement) -> list:
    """Who hears of every change: the coordinating KAM and the supplying KAM (if any)."""
    recipients = [placement.recruitment.coordinating_kam]
    coordination_request = placement.submission.coordination_request
    if coordination_request is not None:
        recipients.append(coordination_request.supplying_kam)
    return recipients


def _notify_change(*, placement: Placement, action: str, actor, comment: str = "") -> None:
    notify(
        recipients=placement_kams(placement),
        kind=f"recruitment.placement_{action}",
        template="recruitment/emails/placement_changed",
        context={
            "placement": placement,
            "candidate": placement.candidate,
            "employer": placement.employer,
            "recruitment": placement.recruitment,
            "change": CHANGE_LABELS[action],
            "actor": actor,
            "comment": comment,
        },
        url=reverse("recruitment:placement_detail", kwargs={"uuid": placement.uuid}),
        about=placement.candidate_id,
    )


def placement_changed_notify(*, placement: Placement, action: str, actor: User) -> None:
    """Tell the KAMs of a change made by another service (the agreement sent, for one)."""
    _notify_change(placement=placement, action=action, actor=actor)


# --- creating and changing -------------------------------------------------------------------


def _interview_day(submission: Submission) -> datetime.date | None:
    """The day of the candidate's interview, if one was held (not cancelled)."""
    interview = getattr(submission, "interview", None) if hasattr(submission, "interview") else None
    if interview is None or interview.cancelled_at is not None:
        return None
    return timezone.localtime(interview.starts_at).date()


def _clean_details(fields: dict, *, submission: Submission, check_far_past: bool = True) -> dict:
    fields = {**fields}
    for name in ("workplace_contact_name", "workplace_contact_phone", "workplace_contact_email"):
        fields[name] = (fields.get(name) or "").strip()
    errors = {}
    try:
        fields["workplace_contact_phone"] = rules.phone_clean(
            fields["workplace_contact_phone"], field="workplace_contact_phone"
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        rules.placement_dates_check(
            start_date=fields.get("start_date"),
            today=timezone.localdate(),
            interview_day=_interview_day(submission),
            check_far_past=check_far_past,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    supervisor = fields.get("workplace_supervisor")
    if supervisor is not None and supervisor.employer_id != submission.recruitment.employer_id:
        errors["workplace_supervisor"] = _("The workplace supervisor must be one of this employer's contacts.")
    if not fields["workplace_contact_name"]:
        errors["workplace_contact_name"] = _("Please give the name of the contact at the workplace.")
    if fields.get("start_date") is None:
        errors["start_date"] = _("Please give the start date.")
    end = fields.get("planned_end_date")
    if end is not None and fields.get("start_date") is not None and end < fields["start_date"]:
        errors["planned_end_date"] = _("The planned end cannot be before the start.")
    every = fields.get("follow_up_every_days")
    if every is None or not 1 <= every <= 180:
        errors["follow_up_every_days"] = _("Follow up every 1 to 180 days.")
    if errors:
        raise ValidationError(errors)
    return fields


def _last_note_on(placement: Placement) -> datetime.date | None:
    return placement.notes.order_by("-occurred_on").values_list("occurred_on", flat=True).first()


@transaction.atomic
def placement_create(
    *,
    submission: Submission,
    actor: User,
    start_date: datetime.date,
    workplace_contact_name: str,
    workplace_contact_phone: str = "",
    workplace_contact_email: str = "",
    workplace_supervisor: Contact | None = None,
    planned_end_date: datetime.date | None = None,
    follow_up_every_days: int = 14,
) -> Placement:
    """A planned placement for a chosen proposal (one per proposal); the advisor's first follow-up is due
    `follow_up_every_days` after the start."""
    if submission.status != SubmissionStatus.CHOSEN:
        raise RecruitmentError(_("A placement can only be made for a candidate the employer has chosen."))
    if submission.recruitment.status in (RecruitmentStatus.CLOSED_UNFILLED, RecruitmentStatus.CANCELLED):
        raise RecruitmentError(_("The recruitment is closed, so no placement can be made for it."))
    if Placement.objects.filter(submission=submission).exists():
        raise RecruitmentError(_("This candidate already has a placement for this recruitment."))
    fields = _clean_details(
        {
            "start_date": start_date,
            "planned_end_date": planned_end_date,
            "workplace_contact_name": workplace_contact_name,
            "workplace_contact_phone": workplace_contact_phone,
            "workplace_contact_email": workplace_contact_email,
            "workplace_supervisor": workplace_supervisor,
            "follow_up_every_days": follow_up_every_days,
        },
        submission=submission,
    )
    recruitment = submission.recruitment
    placement = Placement(
        submission=submission,
        recruitment=recruitment,
        employer_id=recruitment.employer_id,
        candidate=submission.candidate,
        provider_id=submission.provider_id,
        next_follow_up=fields["start_date"] + datetime.timedelta(days=fields["follow_up_every_days"]),
        created_by=actor,
        **fields,
    )
    placement.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError:
        raise RecruitmentError(_("This candidate already has a placement for this recruitment.")) from None
    _event(placement=placement, action="created", actor=actor, comment=submission.candidate.full_name)
    audit_record(actor=actor, action="placement.created", obj=placement, candidate_id=placement.candidate_id)
    _notify_change(placement=placement, action="created", actor=actor)
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, actor: User, version: int, **fields) -> Placement:
    """Change the start, the planned end, the workplace contact or the follow-up interval.

    `version` is the one the form was loaded with: if someone saved in between, it is refused.
    A changed interval moves the next follow-up (from the last note, or from the start).
    """
    unknown = set(fields) - set(UPDATE_FIELDS)
    if unknown:
        raise TypeError(f"not placement fields: {sorted(unknown)}")
    _check_open(placement)
    if version != placement.version:
        raise _stale(placement)
    fields = _clean_details(
        {name: fields.get(name, getattr(placement, name)) for name in UPDATE_FIELDS},
        submission=placement.submission,
        check_far_past=fields.get("start_date", placement.start_date) != placement.start_date,
    )
    changed = [name for name in UPDATE_FIELDS if getattr(placement, name) != fields[name]]
    if not changed:
        return placement
    values = {name: fields[name] for name in changed}
    if "follow_up_every_days" in changed or "start_date" in changed:
        base = _last_note_on(placement) or fields["start_date"]
        values["next_follow_up"] = base + datetime.timedelta(days=fields["follow_up_every_days"])
    now = timezone.now()
    if not Placement.objects.filter(pk=placement.pk, version=version).update(
        **values, version=version + 1, updated_at=now
    ):
        raise _stale(placement)
    for name, value in values.items():
        setattr(placement, name, value)
    placement.version, placement.updated_at = version + 1, now
    _event(placement=placement, action="updated", actor=actor, comment=", ".join(changed))
    audit_record(
        actor=actor,
        action="placement.updated",
        obj=placement,
        candidate_id=placement.candidate_id,
        detail=", ".join(changed),
    )
    _notify_change(placement=placement, action="updated", actor=actor)
    return placement


def agreement_in_force(placement: Placement) -> AgreementVersion | None:
    """The version follow-ups are measured against: the newest one sent (confirmed or still waiting)."""
    return (
        AgreementVersion.objects.filter(placement=placement, status__in=SENT_AGREEMENT_STATES)
        .order_by("-number")
        .first()
    )


def _clean_assessments(points: list[AgreementPoint], assessments: dict | None) -> list[tuple]:
    """(point, rating, comment) for every point; each point must be rated."""
    assessments = assessments or {}
    rows, errors = [], {}
    for point in points:
        rating, comment = assessments.get(str(point.uuid), ("", ""))
        if rating not in PointRating.values:
            errors[f"rating_{point.uuid}"] = _("Please say how “%(point)s” goes.") % {"point": point.title}
            continue
        rows.append((point, rating, (comment or "").strip()))
    if errors:
        raise ValidationError(errors)
    return rows


def _three_party_meeting_due(placement: Placement, occurred_on: datetime.date) -> datetime.date | None:
    """The date from which a meeting with all three parties is needed: a point "not met" in the two latest
    follow-ups that rated it. Unchanged while it stays so (the reminder is sent once); None once none is."""
    latest: dict = {}
    for key, rating in (
        PointAssessment.objects.filter(note__placement=placement)
        .order_by("-note__occurred_on", "-note_id")
        .values_list("point_key", "rating")
    ):
        latest.setdefault(key, []).append(rating)
    repeated = any(ratings[:2] == [PointRating.NOT_MET] * 2 for ratings in latest.values())
    if not repeated:
        return None
    return placement.three_party_meeting_due_on or occurred_on


@transaction.atomic
def placement_note_add(
    *,
    placement: Placement,
    actor: User,
    occurred_on: datetime.date | None,
    text: str,
    assessments: dict[str, tuple[str, str]] | None = None,
) -> PlacementNote:
    """The advisor's follow-up meeting (append-only): a note and, per point of the agreement in force, how it
    goes (`assessments`: point uuid → (rating, comment)). The next follow-up is due `follow_up_every_days` later.
    A point "not met" twice in a row flags the placement for a meeting with all three parties."""
    _check_open(placement)
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Please write the note.")
    if occurred_on is None:
        errors["occurred_on"] = _("Please give the date of the follow-up.")
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = _("The follow-up cannot be dated in the future.")
    agreement = agreement_in_force(placement)
    points = list(agreement.points.order_by("order", "id")) if agreement is not None else []
    try:
        rows = _clean_assessments(points, assessments)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    latest = max(occurred_on, _last_note_on(placement) or occurred_on)
    note = PlacementNote(placement=placement, occurred_on=occurred_on, text=text, author=actor)
    note.full_clean()
    note.save()
    PointAssessment.objects.bulk_create(
        PointAssessment(note=note, point=point, point_key=point.key, rating=rating, comment=comment)
        for point, rating, comment in rows
    )
    placement.next_follow_up = latest + datetime.timedelta(days=placement.follow_up_every_days)
    placement.three_party_meeting_due_on = _three_party_meeting_due(placement, occurred_on)
    Placement.objects.filter(pk=placement.pk).update(
        next_follow_up=placement.next_follow_up,
        three_party_meeting_due_on=placement.three_party_meeting_due_on,
        updated_at=timezone.now(),
    )
    _event(placement=placement, action="note", actor=actor, comment=occurred_on.isoformat())
    audit_record(actor=actor, action="placement.note_added", obj=placement, candidate_id=placement.candidate_id)
    return note


# --- the state machine ---------------------------------------------------------------------------


@transaction.atomic
def placement_start(*, placement: Placement, actor: User) -> Placement:
    """The placement has begun: not before its start date."""
    rules.placement_start_check(start_date=placement.start_date, today=timezone.localdate())
    placement_transition(placement=placement, action="start", actor=actor)
    _notify_change(placement=placement, action="start", actor=actor)
    return placement


@transaction.atomic
def placement_hire(
    *, placement: Placement, actor: User, hired_on: datetime.date | None, employment_kind: str
) -> Placement:
    """The employer hires the candidate: the candidate is placed; the recruitment is filled once hired
    placements reach its number of openings."""
    _check_hire(placement=placement, hired_on=hired_on, employment_kind=employment_kind)
    placement_transition(
        placement=placement,
        action="hire",
        actor=actor,
        comment=str(EmploymentKind(employment_kind).label),
        updates={
            "hired_on": hired_on,
            "employment_kind": employment_kind,
            "next_follow_up": None,
            "three_party_meeting_due_on": None,
        },
    )
    candidate_set_status(candidate=placement.candidate, status=Candidate.Status.PLACED, actor=actor)
    recruitment = placement.recruitment
    recruitment.refresh_from_db(fields=["status"])
    hired = Placement.objects.filter(recruitment=recruitment, status=P.HIRED).count()
    if recruitment.status == RecruitmentStatus.CANDIDATE_CHOSEN and hired >= recruitment.openings:
        recruitment_transition(recruitment=recruitment, action="fill", actor=actor)
    _notify_change(placement=placement, action="hire", actor=actor)
    return placement


def _check_hire(*, placement: Placement, hired_on: datetime.date | None, employment_kind: str) -> None:
    errors = {}
    try:
        rules.hire_check(hired_on=hired_on, start_date=placement.start_date, today=timezone.localdate())
    except ValidationError as error:
        errors.update(error.message_dict)
    if employment_kind not in EmploymentKind.values:
        errors["employment_kind"] = _("Please choose the kind of employment.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def placement_correct_hire(
    *, placement: Placement, actor: User, version: int, hired_on: datetime.date | None, employment_kind: str
) -> Placement:
    """Correct a registered hiring's date or kind of employment (the advisor or a KAM); the timeline keeps
    what it was and what it became."""
    if placement.status != P.HIRED:
        raise RecruitmentError(_("Only a registered hiring can be corrected."))
    _check_hire(placement=placement, hired_on=hired_on, employment_kind=employment_kind)
    if version != placement.version:
        raise _stale(placement)
    changes = []
    if hired_on != placement.hired_on:
        changes.append(
            _("hired on %(old)s → %(new)s") % {"old": rules._d(placement.hired_on), "new": rules._d(hired_on)}
        )
    if employment_kind != placement.employment_kind:
        changes.append(
            _("kind of employment %(old)s → %(new)s")
            % {
                "old": EmploymentKind(placement.employment_kind).label,
                "new": EmploymentKind(employment_kind).label,
            }
        )
    if not changes:
        return placement
    now = timezone.now()
    if not Placement.objects.filter(pk=placement.pk, version=version, status=P.HIRED).update(
        hired_on=hired_on, employment_kind=employment_kind, version=version + 1, updated_at=now
    ):
        raise _stale(placement)
    placement.hired_on, placement.employment_kind = hired_on, employment_kind
    placement.version, placement.updated_at = version + 1, now
    comment = "; ".join(str(change) for change in changes)
    _event(placement=placement, action="hire_corrected", actor=actor, comment=comment)
    audit_record(
        actor=actor,
        action="placement.hire_corrected",
        obj=placement,
        candidate_id=placement.candidate_id,
        detail=comment,
    )
    _notify_change(placement=placement, action="hire_corrected", actor=actor, comment=comment)
    return placement


@transaction.atomic
def placement_end(
    *, placement: Placement, actor: User, ended_on: datetime.date | None, reason: str, comment: str = ""
) -> Placement:
    """The placement ends without a hire (with the reason); the candidate is available again."""
    comment = (comment or "").strip()
    errors = {}
    if ended_on is None:
        errors["ended_on"] = _("Please give the date the placement ended.")
    elif ended_on > timezone.localdate():
        errors["ended_on"] = _("The end cannot be dated in the future.")
    if reason not in PlacementEndReason.values:
        errors["reason"] = _("Please choose why the placement ended.")
    elif reason == PlacementEndReason.OTHER and not comment:
        errors["comment"] = _("Please describe the reason.")
    if errors:
        raise ValidationError(errors)
    placement_transition(
        placement=placement,
        action="end",
        actor=actor,
        comment=comment or str(PlacementEndReason(reason).label),
        updates={
            "ended_on": ended_on,
            "end_reason": reason,
            "end_comment": comment,
            "next_follow_up": None,
            "three_party_meeting_due_on": None,
        },
    )
    candidate_set_status(candidate=placement.candidate, status=Candidate.Status.AVAILABLE, actor=actor)
    _notify_change(placement=placement, action="end", actor=actor, comment=comment)
    return placement
