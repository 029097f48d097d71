"""The advisor's vocational assessment (attføringsfaglig vurdering) of a candidate.

Suitability for one specific job is written when the candidate is proposed for it (on the submission).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ASSESSMENT_FIELDS = (
    "experience_with_person",
    "personal_qualities",
    "particular_challenges",
    "punctuality",
    "attendance",
    "experience_at_provider",
    "accommodation_needs",
    "planned_absence",
)
# The fields an employer may see under "assessment summary"; accommodation needs are consented separately.
SUMMARY_FIELDS = tuple(f for f in ASSESSMENT_FIELDS if f != "accommodation_needs")


class Assessment(models.Model):
    candidate = models.OneToOneField(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="assessment", verbose_name=_("candidate")
    )
    experience_with_person = models.TextField(_("experience with the person"), blank=True)
    personal_qualities = models.TextField(_("personal qualities"), blank=True)
    particular_challenges = models.TextField(_("particular challenges"), blank=True)
    punctuality = models.TextField(_("punctuality"), blank=True)
    attendance = models.TextField(_("attendance"), blank=True)
    experience_at_provider = models.TextField(
        _("experience at the provider"),
        blank=True,
        help_text=_("Statements from the work supervisor, or other relevant experience."),
    )
    accommodation_needs = models.TextField(_("need for accommodation, including aids"), blank=True)
    planned_absence = models.TextField(_("planned absence"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self._meta.verbose_name}: {self.candidate}"
