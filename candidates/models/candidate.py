"""A job seeker followed by an advisor at a provider. Holds no national identity number on purpose."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierPart(models.TextChoices):
    """The parts of a candidate's dossier that the policy answers for (`accounts.policy.may_see`)."""

    PROFILE = "profile", _("Name and profile")
    CONTACT_DETAILS = "contact_details", _("Contact details (phone, e-mail, address)")
    CV = "cv", _("CV")
    APPLICATION = "application", _("Application")
    ASSESSMENT = "assessment", _("Assessment summary")
    ACCOMMODATION = "accommodation", _("Need for accommodation")
    OTHER_DOCUMENTS = "other_documents", _("Other documents")


# The parts a consent can cover: what may reach an employer.
CONSENTABLE_PARTS = (
    DossierPart.CONTACT_DETAILS,
    DossierPart.CV,
    DossierPart.APPLICATION,
    DossierPart.ASSESSMENT,
    DossierPart.ACCOMMODATION,
)


class Candidate(models.Model):
    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        IN_PROCESS = "in_process", _("In process")
        PLACED = "placed", _("Placed")
        INACTIVE = "inactive", _("Inactive")
        ANONYMISED = "anonymised", _("Anonymised")

    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        "accounts.Provider", on_delete=models.PROTECT, related_name="candidates", verbose_name=_("provider")
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="advised_candidates",
        verbose_name=_("advisor"),
    )
    full_name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    desired_work = models.TextField(_("desired kinds of work"), blank=True)
    competences = models.TextField(_("competences"), blank=True)
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    driving_licence = models.CharField(
        _("driving licence"), max_length=60, blank=True, help_text=_("Classes, for example B or B, C1. Empty if none.")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE)
    # The candidate has no account: where they stand in a recruitment reaches them by e-mail (recruitment.services.
    # candidate_messages), unless the advisor turns it off. On by default: the consent to be proposed includes
    # being told how it goes.
    messages_by_email = models.BooleanField(
        _("tell the candidate by e-mail where they stand"),
        default=True,
        help_text=_(
            "When proposed, put on a list, invited to interview, chosen or not chosen. "
            "Only to the candidate's own e-mail address, without assessments or other candidates."
        ),
    )
    language = models.CharField(
        _("language of the candidate's e-mails"),
        max_length=5,
        choices=[("nb", _("Norwegian (bokmål)")), ("en", _("English"))],
        default="nb",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        indexes = [
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["advisor", "full_name"]),
            models.Index(fields=["provider", "full_name", "id"]),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        super().clean()
        if self.advisor_id and self.provider_id and self.advisor.provider_id != self.provider_id:
            raise ValidationError({"advisor": _("The advisor must work at the candidate's provider.")})
