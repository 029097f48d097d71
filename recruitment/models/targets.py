"""Yearly targets: what a provider, and each of its KAMs, aims to reach in a calendar year."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TARGET_MAX = 10000


class YearlyTarget(models.Model):
    """Targets for one year: the provider's own (kam empty) or one KAM's. Set by the provider admin."""

    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    provider = models.ForeignKey(
        "accounts.Provider", on_delete=models.CASCADE, related_name="yearly_targets", verbose_name=_("provider")
    )
    kam = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="yearly_targets",
        verbose_name=_("KAM"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    placements = models.PositiveIntegerField(
        _("placements (hired)"), default=0, validators=[MaxValueValidator(TARGET_MAX)]
    )
    agreements = models.PositiveIntegerField(
        _("new recruitment agreements"), default=0, validators=[MaxValueValidator(TARGET_MAX)]
    )
    meetings = models.PositiveIntegerField(
        _("quarterly meetings held"), default=0, validators=[MaxValueValidator(TARGET_MAX)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-year", "provider_id", "kam_id"]
        verbose_name = _("yearly target")
        verbose_name_plural = _("yearly targets")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "kam", "year"], name="target_unique_per_kam_year", condition=Q(kam__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["provider", "year"], name="target_unique_provider_year", condition=Q(kam__isnull=True)
            ),
            models.CheckConstraint(
                condition=Q(placements__lte=TARGET_MAX, agreements__lte=TARGET_MAX, meetings__lte=TARGET_MAX),
                name="target_figures_bounded",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.kam or self.provider}"
