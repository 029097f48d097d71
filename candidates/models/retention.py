"""Retention of candidates' data: the advisor's extensions, the legal hold, and what was anonymised when.

A candidate's personal data goes after `settings.CANDIDATE_RETENTION_DAYS` without activity, or at once on an
erasure request (candidates/anonymise.py). These rows say why it has not gone yet, or when and why it went;
they never hold the candidate's name or contact details.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CandidateRetention(models.Model):
    """One per candidate, made when first needed: the warning sent, the legal hold, the anonymisation."""

    class Cause(models.TextChoices):
        RETENTION = "retention", _("retention period passed")
        ERASURE = "erasure", _("erasure on request")

    candidate = models.OneToOneField(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="retention", verbose_name=_("candidate")
    )
    version = models.PositiveIntegerField(default=1)
    warned_at = models.DateTimeField(_("advisor warned"), null=True, blank=True)
    warned_for = models.DateField(_("anonymisation announced for"), null=True, blank=True)
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    legal_hold_reason = models.CharField(_("reason for the legal hold"), max_length=300, blank=True)
    legal_hold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_hold_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    anonymised_cause = models.CharField(_("why"), max_length=12, choices=Cause.choices, blank=True)
    erasure_reason = models.CharField(_("reason for the erasure"), max_length=300, blank=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("retention of a candidate's data")
        verbose_name_plural = _("retention of candidates' data")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(legal_hold=False) | ~models.Q(legal_hold_reason=""),
                name="retention_legal_hold_has_reason",
            )
        ]

    def __str__(self):  # by number: this row outlives the candidate's name
        return f"retention of candidate {self.candidate_id}"


class RetentionExtension(models.Model):
    """The advisor keeps an idle candidate's data for another period, with a reason (restarts the clock)."""

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.PROTECT, related_name="retention_extensions")
    extended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    extended_at = models.DateTimeField(_("extended"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["-extended_at", "-id"]
        verbose_name = _("retention extension")
        verbose_name_plural = _("retention extensions")
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="retention_extension_has_reason")]

    def __str__(self):
        return f"extension for candidate {self.candidate_id} ({self.extended_at:%Y-%m-%d})"


class ErasedText(models.Model):
    """A closed recruitment whose free text was erased: the claim that makes the sweep do it once."""

    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="erased_text_once")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
