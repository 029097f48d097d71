"""Mapping forms (kartleggingsskjema): the employer's positions and needs, approved online by a contact.

A MappingForm holds numbered versions. Only the newest version can change, and
only while it is a draft; an approved version is frozen and editing it starts the
next version. Status changes go through `recruitment.services.mapping` only.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MappingForm(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        "recruitment.Employer", on_delete=models.PROTECT, related_name="mapping_forms", verbose_name=_("employer")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mapping form")
        verbose_name_plural = _("mapping forms")

    def __str__(self):
        return f"{self.employer} ({self.created_at:%Y-%m-%d})"


class MappingStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AWAITING_APPROVAL = "awaiting_approval", _("awaiting approval")
    APPROVED = "approved", _("approved")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")


class MappingFormVersion(models.Model):
    """One version of a mapping form: its content, its status and the SHA-256 of its canonical content."""

    Status = MappingStatus

    edit_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    form = models.ForeignKey(MappingForm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=MappingStatus.choices, default=MappingStatus.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    short_term_needs = models.TextField(_("short-term recruitment needs"), blank=True)
    long_term_needs = models.TextField(_("long-term recruitment needs"), blank=True)
    qualification_cooperation = models.TextField(_("cooperation on long-term qualification"), blank=True)
    content_hash = models.CharField(_("SHA-256 of the content"), max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    sent_at = models.DateTimeField(_("sent for approval"), null=True, blank=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["form_id", "-number"]
        verbose_name = _("mapping form version")
        verbose_name_plural = _("mapping form versions")
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="mapping_version_unique_number"),
            # Every version but the newest is approved, so a form has at most one version that is not.
            models.UniqueConstraint(
                fields=["form"], condition=~Q(status="approved"), name="mapping_one_open_version_per_form"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in MappingStatus]), name="mapping_version_status_valid"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="mapping_version_number_positive"),
        ]

    def __str__(self):
        return f"{self.title} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status in (MappingStatus.DRAFT, MappingStatus.CHANGES_REQUESTED)


class PositionKind(models.TextChoices):
    INTERNSHIP = "internship", _("internship")
    PERMANENT = "permanent", _("permanent position")
    TEMPORARY = "temporary", _("temporary position")
    APPRENTICESHIP = "apprenticeship", _("apprenticeship")


class PermanentPossibility(models.TextChoices):
    YES = "yes", _("yes")
    MAYBE = "maybe", _("possibly")
    NO = "no", _("no")


class MappingPosition(models.Model):
    """A position or internship place in one version of a mapping form."""

    Kind = PositionKind

    edit_version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(MappingFormVersion, on_delete=models.CASCADE, related_name="positions")
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("position title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PositionKind.choices)
    places = models.PositiveSmallIntegerField(
        _("number of places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    tasks = models.TextField(_("tasks"))
    qualifications = models.TextField(_("required qualifications"), blank=True)
    language_requirements = models.CharField(_("language requirements"), max_length=300, blank=True)
    driving_licence = models.CharField(
        _("driving licence"), max_length=100, blank=True, help_text=_("The class required, or leave empty for none.")
    )
    physical_demands = models.TextField(_("physical demands"), blank=True)
    working_hours = models.CharField(_("working hours and shifts"), max_length=300, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    earliest_start = models.DateField(_("earliest start"), null=True, blank=True)
    permanent_possible = models.CharField(
        _("possibility of permanent employment"),
        max_length=10,
        choices=PermanentPossibility.choices,
        default=PermanentPossibility.MAYBE,
    )
    adaptations = models.TextField(_("possible adaptations"), blank=True)
    site_contact = models.CharField(
        _("contact on site"), max_length=200, blank=True, help_text=_("Name and phone number.")
    )

    class Meta:
        ordering = ["version_id", "order"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="mapping_position_unique_order"),
            models.CheckConstraint(condition=Q(places__gte=1), name="mapping_position_places_positive"),
        ]

    def __str__(self):
        return self.title


class MappingStatusChange(models.Model):
    """History: who moved a version from which status to which, when, with what comment."""

    version = models.ForeignKey(MappingFormVersion, on_delete=models.CASCADE, related_name="status_changes")
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=MappingStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=MappingStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=200)
    at = models.DateTimeField(_("time"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.version}: {self.from_status} → {self.to_status}"


class ApprovalRequest(models.Model):
    """One e-mailed approval link: names one version and its hash, expires, and works once.

    The signed token carries `uuid`, the version's uuid and the content hash; this row
    makes the link single-use (`used_at`) and records the contact's answer.
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(MappingFormVersion, on_delete=models.CASCADE, related_name="approval_requests")
    contact = models.ForeignKey(
        "recruitment.Contact", on_delete=models.PROTECT, related_name="approval_requests", verbose_name=_("contact")
    )
    email = models.EmailField(_("sent to"))
    content_hash = models.CharField(max_length=64)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decision = models.CharField(_("answer"), max_length=20, choices=Decision.choices, blank=True)
    decided_by_name = models.CharField(_("answered by"), max_length=200, blank=True)
    decided_by_email = models.EmailField(_("e-mail of the person who answered"), blank=True)
    decided_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    decided_hash = models.CharField(_("SHA-256 approved"), max_length=64, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(used_at__isnull=True, decision="") | Q(used_at__isnull=False) & ~Q(decision=""),
                name="approval_request_used_iff_decided",
            ),
        ]

    def __str__(self):
        return f"{self.version} → {self.email}"
