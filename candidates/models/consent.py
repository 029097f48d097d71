"""The candidate's consent to share parts of the dossier with one employer; withdrawn just as easily.

Scope: an employer, and optionally one of its recruitments. A consent with a recruitment covers
only that recruitment; one without covers every recruitment of the employer
(see `accounts.policy.candidates.consent_covers`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .candidate import DossierPart

# 2026-2: the candidate's contact details are a part of their own (in 2026-1 they went with any part).
CURRENT_CONSENT_TEXT_VERSION = "2026-2"

PART_FIELDS = {
    DossierPart.CONTACT_DETAILS: "covers_contact_details",
    DossierPart.CV: "covers_cv",
    DossierPart.APPLICATION: "covers_application",
    DossierPart.ASSESSMENT: "covers_assessment",
    DossierPart.ACCOMMODATION: "covers_accommodation",
}


class Consent(models.Model):
    class Method(models.TextChoices):
        SIGNED_FORM = "signed_form", _("Signed consent form")
        DIGITAL = "digital", _("Digitally (e-mail or message from the candidate)")
        ORAL = "oral", _("Orally, noted by the advisor")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="consents", verbose_name=_("candidate")
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
        help_text=_("Leave empty if the consent covers every recruitment of the employer."),
    )
    given_on = models.DateField(_("consent given on"))
    method = models.CharField(_("how it was given"), max_length=20, choices=Method.choices)
    text_version = models.CharField(
        _("version of the consent text"), max_length=40, default=CURRENT_CONSENT_TEXT_VERSION
    )
    covers_contact_details = models.BooleanField(
        _("contact details"),
        default=False,
        help_text=_("The candidate's phone, e-mail and postal address. Without it the employer sees only the name."),
    )
    covers_cv = models.BooleanField(_("CV"), default=False)
    covers_application = models.BooleanField(_("application"), default=False)
    covers_assessment = models.BooleanField(_("assessment summary"), default=False)
    covers_accommodation = models.BooleanField(_("need for accommodation"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    withdrawal_note = models.CharField(_("note on the withdrawal"), max_length=300, blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(covers_contact_details=True)
                | models.Q(covers_cv=True)
                | models.Q(covers_application=True)
                | models.Q(covers_assessment=True)
                | models.Q(covers_accommodation=True),
                name="consent_covers_at_least_one_part",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="consent_withdrawal_has_who_and_when",
            ),
        ]
        indexes = [models.Index(fields=["candidate", "employer", "withdrawn_at"])]

    def __str__(self):
        return f"{self.candidate} → {self.employer} ({self.given_on})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    def covers(self, part: str) -> bool:
        field = PART_FIELDS.get(part)
        return bool(field and getattr(self, field))

    @property
    def covered_parts(self) -> list:
        return [part for part, field in PART_FIELDS.items() if getattr(self, field)]
