"""Satisfaction answers from employer contacts: an NPS score (0–10) and one free-text answer.

One answer per contact per occasion (a unique constraint); an occasion is a recruitment that ended
(`recruitment:<id>`) or a half-year (`half_year:2026-2`). The provider and region are stored as they
were when the contact answered, so the statistics over time do not move when an employer changes hands.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .employers import Contact, Employer


class OccasionKind(models.TextChoices):
    RECRUITMENT_ENDED = "recruitment_ended", _("after a recruitment")
    HALF_YEAR = "half_year", _("half-yearly")


class SatisfactionAnswer(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="satisfaction_answers", verbose_name=_("employer")
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, related_name="satisfaction_answers", verbose_name=_("contact")
    )
    provider = models.ForeignKey("accounts.Provider", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, related_name="+")
    occasion = models.CharField(_("occasion"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=OccasionKind.choices)
    recruitment = models.ForeignKey(
        "recruitment.Recruitment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("how likely is it that you would recommend us to another company?"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    comment = models.TextField(_("what is the most important thing we could do better?"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["-answered_at", "-id"]
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        indexes = [models.Index(fields=["provider", "answered_at"]), models.Index(fields=["employer", "answered_at"])]
        constraints = [
            models.UniqueConstraint(fields=["contact", "occasion"], name="satisfaction_one_answer_per_occasion"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=10), name="satisfaction_score_0_to_10"),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in OccasionKind]), name="satisfaction_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.employer}: {self.score} ({self.occasion})"
