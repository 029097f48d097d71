"""After the candidate list: the employer's answers, interviews and placements (praksis) until hiring.

Status fields change only through their services (`recruitment.services.hiring` for the
employer's answers and interviews, `recruitment.services.placements` for placements); every
change writes a RecruitmentEvent, which is the recruitment's timeline.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotRelevantReason(models.TextChoices):
    """The short list an employer picks from when a candidate is not relevant."""

    QUALIFICATIONS = "qualifications", _("lacks required qualifications")
    EXPERIENCE = "experience", _("too little relevant experience")
    LANGUAGE = "language", _("language requirements not met")
    AVAILABILITY = "availability", _("not available when we need")
    POSITION_FILLED = "position_filled", _("the position is filled")
    OTHER = "other", _("other reason")


class EmployerAnswer(models.TextChoices):
    """What the employer's contact answers per candidate on the list. "hired" at this stage means chosen:
    the hiring itself is recorded later on the placement ("Ansatt")."""

    INTERVIEW = "interview", _("to interview")
    NOT_RELEVANT = "not_relevant", _("not relevant")
    HIRED = "hired", _("want to hire / choose")


class Interview(models.Model):
    """An interview of one proposed candidate, scheduled by the coordinating KAM.

    `sequence` grows with every change so calendar programs replace the earlier invitation
    (the .ics carries `uid` and `sequence`).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.OneToOneField(
        "recruitment.Submission", on_delete=models.CASCADE, related_name="interview", verbose_name=_("proposal")
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    place = models.CharField(_("place"), max_length=300)
    notes = models.TextField(_("notes for the candidate and the advisor"), blank=True)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.submission} @ {self.starts_at:%Y-%m-%d %H:%M}"


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("active")
    HIRED = "hired", _("hired")
    ENDED = "ended", _("ended")


# Placements still running: they can change, start, end or lead to a hiring.
OPEN_PLACEMENT_STATES = frozenset({PlacementStatus.PLANNED, PlacementStatus.ACTIVE})


class EmploymentKind(models.TextChoices):
    PERMANENT = "permanent", _("permanent")
    TEMPORARY = "temporary", _("temporary")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")
    PART_TIME = "part_time", _("part-time")


class PlacementEndReason(models.TextChoices):
    CANDIDATE = "candidate", _("the candidate ended it")
    EMPLOYER = "employer", _("the employer ended it")
    HEALTH = "health", _("health reasons")
    NO_POSITION = "no_position", _("no position at the end of the placement")
    OTHER = "other", _("other reason")


class Placement(models.Model):
    """A chosen candidate's placement (praksis) at the employer, followed by the advisor until hiring."""

    Status = PlacementStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.OneToOneField(
        "recruitment.Submission", on_delete=models.PROTECT, related_name="placement", verbose_name=_("proposal")
    )
    # Denormalised from the submission for the employer page's per-year table and the policy.
    recruitment = models.ForeignKey(
        "recruitment.Recruitment", on_delete=models.PROTECT, related_name="placements", verbose_name=_("recruitment")
    )
    employer = models.ForeignKey(
        "recruitment.Employer", on_delete=models.PROTECT, related_name="placements", verbose_name=_("employer")
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="placements", verbose_name=_("candidate")
    )
    provider = models.ForeignKey(
        "accounts.Provider", on_delete=models.PROTECT, related_name="placements", verbose_name=_("provider")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(_("planned end of the placement"), null=True, blank=True)
    workplace_contact_name = models.CharField(_("contact at the workplace"), max_length=200)
    workplace_contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    workplace_contact_email = models.EmailField(_("e-mail"), blank=True)
    # The employer's contact who supervises the candidate at work (arbeidsplassveileder). When set, only they
    # (and the employer's primary contact) confirm the agreement and answer or record attendance in the portal.
    workplace_supervisor = models.ForeignKey(
        "recruitment.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_placements",
        verbose_name=_("workplace supervisor"),
    )
    follow_up_every_days = models.PositiveSmallIntegerField(
        _("follow-up every (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(180)]
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    # Set when a point of the agreement is "not met" in two follow-ups in a row (the date of the second);
    # cleared by a follow-up where no point is. The reminder for a meeting with all three parties keys on it.
    three_party_meeting_due_on = models.DateField(
        _("meeting with all three parties needed since"), null=True, blank=True
    )
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    employment_kind = models.CharField(
        _("kind of employment"), max_length=16, choices=EmploymentKind.choices, blank=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=16, choices=PlacementEndReason.choices, blank=True)
    end_comment = models.TextField(_("comment"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(fields=["employer", "status"]),
            models.Index(fields=["status", "next_follow_up"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in PlacementStatus]), name="placement_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="hired") | (Q(hired_on__isnull=False) & ~Q(employment_kind="")),
                name="placement_hired_has_date_and_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="placement_ended_has_date_and_reason",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} – {self.employer}"


class PlacementNote(models.Model):
    """A follow-up note by the advisor (append-only)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="notes")
    occurred_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")

    def __str__(self):
        return f"{self.placement} {self.occurred_on}"
