"""The candidate's own say (consent requests answered through a signed link) and subject-access exports.

Both have a status moved only by the machines in `candidates/privacy_transitions.py`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .candidate import DossierPart
from .consent import CURRENT_CONSENT_TEXT_VERSION

# The parts a consent request can ask about, and the request's field for each.
ASK_FIELDS = {
    DossierPart.CONTACT_DETAILS: "asks_contact_details",
    DossierPart.CV: "asks_cv",
    DossierPart.APPLICATION: "asks_application",
    DossierPart.ASSESSMENT: "asks_assessment",
    DossierPart.ACCOMMODATION: "asks_accommodation",
}


class ConsentRequest(models.Model):
    """The advisor asks the candidate, by e-mail, whether named parts may go to one employer (and recruitment)."""

    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for the candidate's answer")
        GIVEN = "given", _("Consent given")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired without an answer")
        WITHDRAWN = "withdrawn", _("Withdrawn by the candidate")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="consent_requests", verbose_name=_("candidate")
    )
    employer = models.ForeignKey(
        "recruitment.Employer", on_delete=models.PROTECT, related_name="+", verbose_name=_("employer")
    )
    recruitment = models.ForeignKey(
        "recruitment.Recruitment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recruitment"),
    )
    asks_contact_details = models.BooleanField(_("contact details"), default=False)
    asks_cv = models.BooleanField(_("CV"), default=False)
    asks_application = models.BooleanField(_("application"), default=False)
    asks_assessment = models.BooleanField(_("assessment summary"), default=False)
    asks_accommodation = models.BooleanField(_("need for accommodation"), default=False)
    email = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=5, default="nb")
    text_version = models.CharField(
        _("version of the consent text"), max_length=40, default=CURRENT_CONSENT_TEXT_VERSION
    )
    message = models.TextField(_("message from the advisor"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent"))
    answer_by = models.DateTimeField(_("answer deadline"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SENT)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_ip = models.GenericIPAddressField(_("answered from"), null=True, blank=True)
    consent = models.OneToOneField(
        "candidates.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("consent"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(asks_contact_details=True)
                | models.Q(asks_cv=True)
                | models.Q(asks_application=True)
                | models.Q(asks_assessment=True)
                | models.Q(asks_accommodation=True),
                name="consent_request_asks_at_least_one_part",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["sent", "given", "declined", "expired", "withdrawn"]),
                name="consent_request_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "answer_by"]), models.Index(fields=["candidate", "sent_at"])]

    def __str__(self):
        return f"{self.candidate} → {self.employer} ({self.get_status_display()})"

    @property
    def asked_parts(self) -> list:
        return [part for part, field in ASK_FIELDS.items() if getattr(self, field)]


class SubjectAccessExport(models.Model):
    """A ZIP of everything held about one candidate, built by a task; the requester downloads it once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being built")
        READY = "ready", _("Ready to download")
        DOWNLOADED = "downloaded", _("Downloaded")
        EXPIRED = "expired", _("Expired")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="exports", verbose_name=_("candidate")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    stored_name = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("download before"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("subject-access export")
        verbose_name_plural = _("subject-access exports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "ready", "downloaded", "expired", "failed"]),
                name="subject_access_export_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name}: {self.candidate} ({self.requested_at:%Y-%m-%d})"
