"""Reads for a placement's expectation agreement, its follow-up history per point and its attendance weeks."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum

from accounts.models import User
from accounts.policy import placements_answered_by, placements_visible_to
from recruitment.models import (
    APPROVED_ATTENDANCE_STATES,
    SENT_AGREEMENT_STATES,
    AgreementPoint,
    AgreementStatus,
    AgreementVersion,
    AttendanceStatus,
    AttendanceWeek,
    Contact,
    Employer,
    Placement,
    PlacementNote,
    PointAssessment,
)


def agreement_versions(*, placement: Placement) -> list[AgreementVersion]:
    """Every version, newest first, with its points (two queries)."""
    return list(
        AgreementVersion.objects.filter(placement=placement)
        .select_related("employer_confirmed_by", "candidate_confirmed_recorded_by", "created_by")
        .prefetch_related(Prefetch("points", queryset=AgreementPoint.objects.order_by("order", "id")))
        .order_by("-number")
    )


@dataclass
class AgreementState:
    versions: list
    draft: AgreementVersion | None = None
    in_force: AgreementVersion | None = None  # the newest sent version: what follow-ups measure against
    confirmed: AgreementVersion | None = None  # the newest confirmed version


def agreement_state(*, placement: Placement) -> AgreementState:
    versions = agreement_versions(placement=placement)
    state = AgreementState(versions=versions)
    for version in versions:
        if version.status == AgreementStatus.DRAFT and state.draft is None:
            state.draft = version
        if version.status in SENT_AGREEMENT_STATES and state.in_force is None:
            state.in_force = version
        if version.status == AgreementStatus.CONFIRMED and state.confirmed is None:
            state.confirmed = version
    return state


@dataclass
class PointsHistory:
    meetings: list  # PlacementNote rows that rated points, oldest first
    rows: list = field(default_factory=list)  # [{"title": str, "cells": [PointAssessment | None, ...]}]


def points_history(*, placement: Placement, current_points=()) -> PointsHistory:
    """Points × follow-up meetings: how each point went at each meeting (two queries)."""
    meetings = list(
        PlacementNote.objects.filter(placement=placement, assessments__isnull=False)
        .distinct()
        .order_by("occurred_on", "id")
        .prefetch_related(
            Prefetch("assessments", queryset=PointAssessment.objects.select_related("point").order_by("id"))
        )
    )
    titles: dict = {point.key: point.title for point in current_points}
    by_meeting = []
    for meeting in meetings:
        found = {a.point_key: a for a in meeting.assessments.all()}
        for key, assessment in found.items():
            titles.setdefault(key, assessment.point.title)
        by_meeting.append(found)
    rows = [{"title": title, "cells": [found.get(key) for found in by_meeting]} for key, title in titles.items()]
    return PointsHistory(meetings=meetings, rows=rows)


def attendance_weeks(*, placement: Placement) -> list[AttendanceWeek]:
    return list(AttendanceWeek.objects.filter(placement=placement).select_related("checked_by").order_by("-week_start"))


def attendance_totals(*, placement: Placement) -> dict:
    """Totals over the approved weeks (one query): weeks, days present and absent by kind, hours, the rate."""
    totals = AttendanceWeek.objects.filter(placement=placement, status__in=APPROVED_ATTENDANCE_STATES).aggregate(
        weeks=Count("id"),
        present=Sum("days_present"),
        sick=Sum("days_sick"),
        agreed=Sum("days_agreed"),
        other=Sum("days_other"),
        hours=Sum("hours"),
    )
    for name in ("present", "sick", "agreed", "other"):
        totals[name] = totals[name] or 0
    totals["hours"] = totals["hours"] or Decimal(0)
    totals["absent"] = totals["sick"] + totals["agreed"] + totals["other"]
    days = totals["present"] + totals["absent"]
    totals["rate"] = round(100 * totals["present"] / days) if days else None
    return totals


@dataclass(frozen=True)
class AttendanceSummary:
    """A candidate's approved attendance over all their placements, past and current."""

    placements: int
    weeks: int
    present: int
    sick: int
    agreed: int
    other: int
    hours: Decimal

    @property
    def absent(self) -> int:
        return self.sick + self.agreed + self.other

    @property
    def rate(self) -> int | None:
        days = self.present + self.absent
        return round(100 * self.present / days) if days else None


def attendance_summaries(*, candidate_ids) -> dict[int, AttendanceSummary]:
    """candidate id → the summary of their approved weeks (one aggregate query for any number of candidates);
    a candidate without approved weeks is missing."""
    ids = set(candidate_ids)
    if not ids:
        return {}
    rows = (
        AttendanceWeek.objects.filter(placement__candidate_id__in=ids, status__in=APPROVED_ATTENDANCE_STATES)
        .values("placement__candidate_id")
        .annotate(
            placements=Count("placement_id", distinct=True),
            weeks=Count("id"),
            present=Sum("days_present"),
            sick=Sum("days_sick"),
            agreed=Sum("days_agreed"),
            other=Sum("days_other"),
            hours=Sum("hours"),
        )
        .order_by()
    )
    return {
        row["placement__candidate_id"]: AttendanceSummary(
            placements=row["placements"],
            weeks=row["weeks"],
            present=row["present"] or 0,
            sick=row["sick"] or 0,
            agreed=row["agreed"] or 0,
            other=row["other"] or 0,
            hours=row["hours"] or Decimal(0),
        )
        for row in rows
    }


def approved_weeks(*, placement: Placement) -> list[AttendanceWeek]:
    """What the export holds: approved (and checked) weeks, oldest first."""
    return list(
        AttendanceWeek.objects.filter(placement=placement, status__in=APPROVED_ATTENDANCE_STATES).order_by("week_start")
    )


def portal_awaiting(*, user: User, employer: Employer, contact: Contact | None = None) -> dict:
    """The contact's pending answers on placements: weeks awaiting approval and agreements awaiting
    confirmation (two queries whatever their number), only on placements the contact answers for (a placement
    with a workplace supervisor waits for the supervisor or the primary contact). One selector, so a work queue
    can fold it in."""
    placements = placements_visible_to(user).filter(employer=employer)
    if contact is not None:
        placements = placements.filter(placements_answered_by(contact))
    placements = placements.values("pk")
    weeks = list(
        AttendanceWeek.objects.filter(placement__in=placements, status=AttendanceStatus.SUBMITTED)
        .select_related("placement__candidate")
        .order_by("submitted_at", "id")[:100]
    )
    agreements = list(
        AgreementVersion.objects.filter(
            placement__in=placements,
            status=AgreementStatus.AWAITING_CONFIRMATION,
            employer_confirmed_at__isnull=True,
        )
        .select_related("placement__candidate")
        .order_by("sent_at", "id")[:100]
    )
    return {"weeks": weeks, "agreements": agreements}
