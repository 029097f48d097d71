"""The expectation agreement of a placement: points edited on a draft version, sent to the employer, confirmed
by the employer's contact in the portal (who, when, IP, hash: like a mapping form's approval) and, as the
advisor records it, by the candidate. A sent version is frozen; a change is a new version confirmed again.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from accounts.notifications import notify
from accounts.policy.placement_records import contact_answers_for_placement
from kamportal.lib.canonical import content_hash
from kamportal.lib.context import current_ip
from kamportal.workflow import version_claim
from recruitment.models import (
    OPEN_PLACEMENT_STATES,
    AgreementPoint,
    AgreementStatus,
    AgreementVersion,
    Contact,
    Placement,
)
from recruitment.services.placement_transitions import PlacementRecordError, agreement_transition
from recruitment.services.placements import placement_changed_notify, placement_kams

POINT_FIELDS = ("title", "employer_expects", "provider_expects", "candidate_expects", "follow_up")
EXPECTS = ("employer_expects", "provider_expects", "candidate_expects")


def _check_open(placement: Placement) -> None:
    if placement.status not in OPEN_PLACEMENT_STATES:
        raise PlacementRecordError(_("The placement is no longer running, so its agreement cannot be changed."))


def agreement_content(agreement: AgreementVersion, points=None) -> dict:
    """What the SHA-256 of a version covers."""
    if points is None:
        points = agreement.points.order_by("order", "id")
    return {
        "schema": 1,
        "placement": str(agreement.placement.uuid),
        "version": agreement.number,
        "agreed_on": agreement.agreed_on,
        "points": [{"key": str(p.key), **{name: getattr(p, name) for name in POINT_FIELDS}} for p in points],
    }


def agreement_hash(agreement: AgreementVersion) -> str:
    return content_hash(agreement_content(agreement))


def portal_contacts(placement: Placement) -> list[User]:
    """The employer's contacts who use the portal and answer for this placement: they confirm agreements and
    approve attendance (with a workplace supervisor named, the supervisor and the primary contact)."""
    return [
        contact.user
        for contact in Contact.objects.current()
        .filter(employer_id=placement.employer_id, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        if contact_answers_for_placement(contact, placement)
    ]


def _page(placement: Placement) -> str:
    return reverse("recruitment:placement_agreement", kwargs={"uuid": placement.uuid})


def _portal_page(placement: Placement) -> str:
    return reverse("recruitment:portal_placement", kwargs={"uuid": placement.uuid})


def _clean_point(fields: dict) -> dict:
    values = {name: (fields.get(name) or "").strip() for name in POINT_FIELDS}
    errors = {}
    if not values["title"]:
        errors["title"] = _("Please name the point.")
    if not any(values[name] for name in EXPECTS):
        errors["employer_expects"] = _("Please write what at least one of the parties expects.")
    if not values["follow_up"]:
        errors["follow_up"] = _("Please write how the point is followed up.")
    if errors:
        raise ValidationError(errors)
    return values


def _newest(placement: Placement) -> AgreementVersion | None:
    return AgreementVersion.objects.filter(placement=placement).order_by("-number").first()


@transaction.atomic
def agreement_draft(*, placement: Placement, actor: User) -> AgreementVersion:
    """The placement's draft version: the one there is, or a new one with the newest version's points copied."""
    _check_open(placement)
    Placement.objects.select_for_update().filter(pk=placement.pk).first()
    newest = _newest(placement)
    if newest is not None and newest.status == AgreementStatus.DRAFT:
        return newest
    number = (AgreementVersion.objects.filter(placement=placement).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            draft = AgreementVersion.objects.create(
                placement=placement,
                number=number,
                agreed_on=newest.agreed_on if newest else None,
                created_by=actor,
            )
    except IntegrityError:
        raise PlacementRecordError(_("Someone else started a new version at the same time. Please reload.")) from None
    if newest is not None:
        AgreementPoint.objects.bulk_create(
            AgreementPoint(agreement=draft, key=p.key, order=p.order, **{n: getattr(p, n) for n in POINT_FIELDS})
            for p in newest.points.order_by("order", "id")
        )
    draft.placement = placement
    audit_record(
        actor=actor,
        action="placement.agreement_drafted",
        obj=draft,
        candidate_id=placement.candidate_id,
        detail=f"v{number}",
    )
    return draft


@transaction.atomic
def agreement_point_add(
    *,
    placement: Placement,
    actor: User,
    title: str,
    follow_up: str,
    employer_expects: str = "",
    provider_expects: str = "",
    candidate_expects: str = "",
) -> AgreementPoint:
    """A point on the draft (a new draft version if the newest is already sent)."""
    values = _clean_point(
        {
            "title": title,
            "employer_expects": employer_expects,
            "provider_expects": provider_expects,
            "candidate_expects": candidate_expects,
            "follow_up": follow_up,
        }
    )
    draft = agreement_draft(placement=placement, actor=actor)
    order = (draft.points.aggregate(n=Max("order"))["n"] or 0) + 1
    point = AgreementPoint(agreement=draft, order=order, **values)
    point.full_clean()
    point.save()
    audit_record(actor=actor, action="placement.agreement_point_added", obj=point, candidate_id=placement.candidate_id)
    return point


def _check_draft_point(point: AgreementPoint) -> None:
    _check_open(point.agreement.placement)
    if point.agreement.status != AgreementStatus.DRAFT:
        raise PlacementRecordError(
            _("This version has been sent, so its points are frozen. Start a new version to change them.")
        )


@transaction.atomic
def agreement_point_update(*, point: AgreementPoint, actor: User, version: int, **fields) -> AgreementPoint:
    unknown = set(fields) - set(POINT_FIELDS)
    if unknown:
        raise TypeError(f"not point fields: {sorted(unknown)}")
    _check_draft_point(point)
    values = _clean_point({name: fields.get(name, getattr(point, name)) for name in POINT_FIELDS})
    version_claim(point, version)
    AgreementPoint.objects.filter(pk=point.pk).update(**values)
    for name, value in values.items():
        setattr(point, name, value)
    placement = point.agreement.placement
    audit_record(
        actor=actor, action="placement.agreement_point_changed", obj=point, candidate_id=placement.candidate_id
    )
    return point


@transaction.atomic
def agreement_point_remove(*, point: AgreementPoint, actor: User) -> AgreementVersion:
    _check_draft_point(point)
    agreement = point.agreement
    audit_record(
        actor=actor,
        action="placement.agreement_point_removed",
        obj=agreement,
        candidate_id=agreement.placement.candidate_id,
        detail=point.title[:200],
    )
    point.delete()
    return agreement


@transaction.atomic
def agreement_send(*, agreement: AgreementVersion, actor: User, agreed_on: datetime.date | None) -> AgreementVersion:
    """Freeze the draft with its hash and ask the employer's portal contacts to confirm it; an earlier version
    still waiting for confirmation is replaced."""
    placement = agreement.placement
    _check_open(placement)
    if agreed_on is None:
        raise ValidationError({"agreed_on": _("Please give the date of the agreement.")})
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The agreement cannot be dated in the future.")})
    if agreed_on < placement.start_date - datetime.timedelta(days=60):
        raise ValidationError({"agreed_on": _("The agreement cannot be dated long before the placement starts.")})
    if not agreement.points.exists():
        raise PlacementRecordError(_("Add at least one point before sending the agreement."))
    agreement.agreed_on = agreed_on
    digest = agreement_hash(agreement)
    agreement_transition(
        agreement=agreement,
        action="send",
        actor=actor,
        updates={"agreed_on": agreed_on, "content_hash": digest, "sent_at": timezone.now()},
    )
    for older in AgreementVersion.objects.filter(
        placement=placement, status=AgreementStatus.AWAITING_CONFIRMATION, number__lt=agreement.number
    ):
        older.placement = placement
        agreement_transition(agreement=older, action="supersede", actor=actor, comment=f"v{agreement.number}")
    recipients = portal_contacts(placement)
    notify(
        recipients=recipients,
        kind="recruitment.agreement_to_confirm",
        template="recruitment/emails/agreement_to_confirm",
        context={"employer": placement.employer, "version": agreement.number},
        url=_portal_page(placement),
        about=placement.candidate_id,
    )
    placement_changed_notify(placement=placement, action="agreement", actor=actor)
    return agreement


def _complete_if_both(agreement: AgreementVersion, actor: User | None) -> None:
    if agreement.employer_confirmed_at is not None and agreement.candidate_confirmed_on is not None:
        agreement_transition(agreement=agreement, action="confirm", actor=actor)


def _check_awaiting(agreement: AgreementVersion) -> None:
    if agreement.status != AgreementStatus.AWAITING_CONFIRMATION:
        raise PlacementRecordError(_("This version of the agreement is not waiting for confirmation."))
    if agreement.content_hash != agreement_hash(agreement):
        raise PlacementRecordError(_("This agreement has changed since it was sent. Please reload."))


@transaction.atomic
def agreement_confirm_by_employer(*, agreement: AgreementVersion, contact: Contact, seen_hash: str) -> AgreementVersion:
    """A signed-in contact of the employer confirms the version they read (`seen_hash`, the fingerprint shown
    to them): name, time, IP and that hash are recorded."""
    placement = agreement.placement
    if not contact_answers_for_placement(contact, placement):
        raise PlacementRecordError(_("Only the workplace supervisor or the employer's primary contact can confirm."))
    _check_awaiting(agreement)
    if seen_hash != agreement.content_hash:
        raise PlacementRecordError(_("The agreement has changed since you opened it. Read it again and confirm."))
    if agreement.employer_confirmed_at is not None:
        raise PlacementRecordError(_("This version is already confirmed for the employer."))
    now = timezone.now()
    values = {
        "employer_confirmed_at": now,
        "employer_confirmed_by": contact.user,
        "employer_confirmed_name": f"{contact.full_name} <{contact.email}>"[:200],
        "employer_confirmed_ip": current_ip(),
        "employer_confirmed_hash": agreement.content_hash,
    }
    if not AgreementVersion.objects.filter(
        pk=agreement.pk, status=AgreementStatus.AWAITING_CONFIRMATION, employer_confirmed_at__isnull=True
    ).update(**values, updated_at=now):
        raise PlacementRecordError(_("This version of the agreement is not waiting for confirmation."))
    for name, value in values.items():
        setattr(agreement, name, value)
    audit_record(
        actor=contact.user,
        action="placement.agreement_confirmed_by_employer",
        obj=agreement,
        candidate_id=placement.candidate_id,
        detail=f"v{agreement.number} {agreement.content_hash}",
    )
    _complete_if_both(agreement, contact.user)
    notify(
        recipients=[placement.candidate.advisor, *placement_kams(placement)],
        kind="recruitment.agreement_confirmed_by_employer",
        template="recruitment/emails/agreement_confirmed",
        context={"placement": placement, "employer": placement.employer, "version": agreement.number},
        url=_page(placement),
        about=placement.candidate_id,
    )
    return agreement


@transaction.atomic
def agreement_request_changes(
    *, agreement: AgreementVersion, contact: Contact, seen_hash: str, comment: str
) -> AgreementVersion:
    """The employer's contact asks for changes to the version sent for confirmation (what, in a required comment):
    the version ends as `changes_requested`, and the advisor's next draft is a new version sent again."""
    placement = agreement.placement
    if not contact_answers_for_placement(contact, placement):
        raise PlacementRecordError(
            _("Only the workplace supervisor or the employer's primary contact can ask for changes.")
        )
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Please say what should be changed in the agreement.")})
    _check_awaiting(agreement)
    if seen_hash != agreement.content_hash:
        raise PlacementRecordError(_("The agreement has changed since you opened it. Read it again and confirm."))
    if agreement.employer_confirmed_at is not None:
        raise PlacementRecordError(_("This version is already confirmed for the employer."))
    agreement_transition(
        agreement=agreement,
        action="request_changes",
        actor=contact.user,
        comment=comment[:2000],
        updates={
            "changes_requested_at": timezone.now(),
            "changes_requested_by": contact.user,
            "changes_requested_name": f"{contact.full_name} <{contact.email}>"[:200],
            "changes_requested_comment": comment,
        },
    )
    notify(
        recipients=[placement.candidate.advisor],
        kind="recruitment.agreement_changes_requested",
        template="recruitment/emails/agreement_changes_requested",
        context={"placement": placement, "employer": placement.employer, "version": agreement.number},
        url=_page(placement),
        about=placement.candidate_id,
    )
    return agreement


@transaction.atomic
def agreement_confirm_by_candidate(
    *, agreement: AgreementVersion, actor: User, confirmed_on: datetime.date | None
) -> AgreementVersion:
    """The advisor records that the candidate confirmed this version (on which day)."""
    placement = agreement.placement
    _check_open(placement)
    if confirmed_on is None:
        raise ValidationError({"confirmed_on": _("Please give the day the candidate confirmed.")})
    if confirmed_on > timezone.localdate():
        raise ValidationError({"confirmed_on": _("The confirmation cannot be dated in the future.")})
    if agreement.agreed_on and confirmed_on < agreement.agreed_on:
        raise ValidationError({"confirmed_on": _("The candidate cannot confirm before the agreement's date.")})
    _check_awaiting(agreement)
    if agreement.candidate_confirmed_on is not None:
        raise PlacementRecordError(_("The candidate's confirmation of this version is already recorded."))
    values = {
        "candidate_confirmed_on": confirmed_on,
        "candidate_confirmed_recorded_by": actor,
        "candidate_confirmed_hash": agreement.content_hash,
    }
    if not AgreementVersion.objects.filter(
        pk=agreement.pk, status=AgreementStatus.AWAITING_CONFIRMATION, candidate_confirmed_on__isnull=True
    ).update(**values, updated_at=timezone.now()):
        raise PlacementRecordError(_("This version of the agreement is not waiting for confirmation."))
    for name, value in values.items():
        setattr(agreement, name, value)
    audit_record(
        actor=actor,
        action="placement.agreement_confirmed_by_candidate",
        obj=agreement,
        candidate_id=placement.candidate_id,
        detail=f"v{agreement.number} {agreement.content_hash}",
    )
    _complete_if_both(agreement, actor)
    return agreement
