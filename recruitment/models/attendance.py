"""Attendance per week of a placement: recorded by the advisor, approved (or sent back for correction) by the
employer's contact in the portal, then checked by the advisor. Only approved weeks count and are exported."""

import uuid as uuid_lib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_WEEK_HOURS = 60  # a sane ceiling for one week of a placement


class AttendanceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("awaiting approval")
    CORRECTION_REQUESTED = "correction_requested", _("correction requested")
    APPROVED = "approved", _("approved")
    CHECKED = "checked", _("approved and checked")


APPROVED_ATTENDANCE_STATES = frozenset({AttendanceStatus.APPROVED, AttendanceStatus.CHECKED})


class AttendanceWeek(models.Model):
    Status = AttendanceStatus

    uuid = models.UUIDField(default=uuid_lib.uuid4, unique=True, editable=False)
    placement = models.ForeignKey("recruitment.Placement", on_delete=models.CASCADE, related_name="attendance")
    week_start = models.DateField(_("week (Monday)"))
    days_present = models.PositiveSmallIntegerField(_("days present"))
    days_sick = models.PositiveSmallIntegerField(_("days absent, sick"), default=0)
    days_agreed = models.PositiveSmallIntegerField(_("days absent, agreed"), default=0)
    days_other = models.PositiveSmallIntegerField(_("days absent, other"), default=0)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    comment = models.TextField(_("comment"), blank=True)
    # Entered in the portal by the employer's workplace supervisor: approved by the employer at entry.
    entered_by_employer = models.BooleanField(_("entered by the employer"), default=False)
    status = models.CharField(
        _("status"), max_length=24, choices=AttendanceStatus.choices, default=AttendanceStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("sent for approval"))
    correction_comment = models.TextField(_("what should be corrected"), blank=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_by_name = models.CharField(_("answered by"), max_length=200, blank=True)
    decided_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["placement", "week_start"]
        verbose_name = _("attendance week")
        verbose_name_plural = _("attendance weeks")
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(fields=["placement", "week_start"], name="attendance_one_row_per_week"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in AttendanceStatus]), name="attendance_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(days_present__lte=5) & Q(days_sick__lte=5) & Q(days_agreed__lte=5) & Q(days_other__lte=5),
                name="attendance_days_in_a_week",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=MAX_WEEK_HOURS), name="attendance_hours_sane"
            ),
        ]

    def __str__(self):
        return f"{self.placement} {self.week_start}"

    @property
    def days_absent(self) -> int:
        return self.days_sick + self.days_agreed + self.days_other

    @property
    def iso_week(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"
