"""Uploaded files (CV, application, other), checked by content and stored under a random name."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .candidate import DossierPart


class Document(models.Model):
    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        APPLICATION = "application", _("Application")
        OTHER = "other", _("Other document")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="documents", verbose_name=_("candidate")
    )
    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind.choices)
    # Name in kamportal.storage.private_storage: random, never derived from the upload.
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        # "Has the candidate a (reviewed) CV?" per candidate from the index alone (the advisor's work queue).
        indexes = [models.Index(fields=["candidate", "kind", "reviewed_on"], name="document_by_candidate_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reviewed_by__isnull=True, reviewed_on__isnull=True)
                | models.Q(reviewed_by__isnull=False, reviewed_on__isnull=False),
                name="document_review_has_who_and_when",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_on is not None

    @property
    def part(self) -> str:
        return {
            self.Kind.CV: DossierPart.CV,
            self.Kind.APPLICATION: DossierPart.APPLICATION,
        }.get(self.kind, DossierPart.OTHER_DOCUMENTS)
