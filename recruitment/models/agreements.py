"""The expectation agreement of a placement: versions of structured points, confirmed by the employer's
contact in the portal and (recorded by the advisor) by the candidate; follow-up meetings rate each point.

A version is edited while it is a draft; once sent it is frozen, and a change is a new version (its points
copied, each keeping its `key` so the follow-up history runs across versions) that needs confirming again.
"""

import uuid as uuid_lib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    CHANGES_REQUESTED = "changes_requested", _("changes requested by the employer")
    SUPERSEDED = "superseded", _("replaced by a newer version")


# Versions whose points the follow-up meetings are measured against (the newest of them).
SENT_AGREEMENT_STATES = frozenset({AgreementStatus.AWAITING_CONFIRMATION, AgreementStatus.CONFIRMED})


class AgreementVersion(models.Model):
    Status = AgreementStatus

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    placement = models.ForeignKey("recruitment.Placement", on_delete=models.CASCADE, related_name="agreement_versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=24, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    content_hash = models.CharField(_("SHA-256 of the content"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent for confirmation"), null=True, blank=True)
    employer_confirmed_at = models.DateTimeField(_("confirmed by the employer"), null=True, blank=True)
    employer_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    employer_confirmed_name = models.CharField(_("confirmed by"), max_length=200, blank=True)
    employer_confirmed_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    employer_confirmed_hash = models.CharField(_("SHA-256 confirmed"), max_length=64, blank=True)
    changes_requested_at = models.DateTimeField(_("changes requested"), null=True, blank=True)
    changes_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    changes_requested_name = models.CharField(_("changes requested by"), max_length=200, blank=True)
    changes_requested_comment = models.TextField(_("the changes the employer asks for"), blank=True)
    candidate_confirmed_on = models.DateField(_("confirmed by the candidate on"), null=True, blank=True)
    candidate_confirmed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    candidate_confirmed_hash = models.CharField(_("SHA-256 confirmed by the candidate"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["placement", "-number"]
        verbose_name = _("expectation agreement")
        verbose_name_plural = _("expectation agreements")
        constraints = [
            models.UniqueConstraint(fields=["placement", "number"], name="agreement_version_number_unique"),
            models.UniqueConstraint(
                fields=["placement"], condition=Q(status="draft"), name="agreement_one_draft_per_placement"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in AgreementStatus]), name="agreement_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed")
                | (Q(employer_confirmed_at__isnull=False) & Q(candidate_confirmed_on__isnull=False)),
                name="agreement_confirmed_by_both",
            ),
            models.CheckConstraint(
                condition=~Q(status="changes_requested") | ~Q(changes_requested_comment=""),
                name="agreement_changes_requested_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.placement} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == AgreementStatus.DRAFT


class AgreementPoint(models.Model):
    """One point of the agreement: what each party expects on it, and how it is followed up."""

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="points")
    key = models.UUIDField(default=uuid_lib.uuid4, editable=False)  # the same point across versions
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("point"), max_length=200)
    employer_expects = models.TextField(_("what the employer expects"), blank=True)
    provider_expects = models.TextField(_("what the provider expects and offers"), blank=True)
    candidate_expects = models.TextField(_("what the candidate expects"), blank=True)
    follow_up = models.TextField(_("how it is followed up"))
    version = models.PositiveIntegerField(default=1)  # the edit form's optimistic lock

    class Meta:
        ordering = ["agreement", "order", "id"]
        verbose_name = _("agreement point")
        verbose_name_plural = _("agreement points")
        constraints = [models.UniqueConstraint(fields=["agreement", "key"], name="agreement_point_key_unique")]

    def __str__(self):
        return self.title


class PointRating(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    NEEDS_ATTENTION = "needs_attention", _("needs attention")
    NOT_MET = "not_met", _("not met")


class PointAssessment(models.Model):
    """How one point goes, as a follow-up meeting (a PlacementNote) found it."""

    note = models.ForeignKey("recruitment.PlacementNote", on_delete=models.CASCADE, related_name="assessments")
    point = models.ForeignKey(AgreementPoint, on_delete=models.PROTECT, related_name="assessments")
    point_key = models.UUIDField()
    rating = models.CharField(_("how it goes"), max_length=16, choices=PointRating.choices)
    comment = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["note", "point__order", "id"]
        verbose_name = _("assessment of a point")
        verbose_name_plural = _("assessments of points")
        constraints = [
            models.UniqueConstraint(fields=["note", "point_key"], name="point_assessment_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(rating__in=[r.value for r in PointRating]), name="point_assessment_rating_valid"
            ),
        ]

    def __str__(self):
        return f"{self.point} {self.rating}"
