"""Employers and their contacts. Later features (account plans, mapping forms, recruitments) add models here."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recruitment.validators import validate_org_number


class Sector(models.TextChoices):
    INDUSTRY = "industry", _("Industry and manufacturing")
    CONSTRUCTION = "construction", _("Building and construction")
    HEALTH = "health", _("Health and care")
    HOSPITALITY = "hospitality", _("Hotels, restaurants and tourism")
    RETAIL = "retail", _("Retail and trade")
    TRANSPORT = "transport", _("Transport and logistics")
    SEAFOOD = "seafood", _("Seafood and aquaculture")
    SERVICES = "services", _("Services and facility management")
    TECHNOLOGY = "technology", _("Technology and ICT")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    """Number of employees, the bands Statistics Norway uses."""

    MICRO = "1-9", _("1–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250+", _("250 or more employees")


class Tier(models.TextChoices):
    """The employer's place in the customer pyramid (see recruitment.pyramid)."""

    GOLD = "gold", _("Gold")
    SILVER = "silver", _("Silver")
    BRONZE = "bronze", _("Bronze")
    EXCLUDED = "excluded", _("Excluded")


class ProspectStage(models.TextChoices):
    """The short sales pipeline of an employer without a signed agreement (a prospect); "agreement signed"
    makes it a client. Moves only through the engine (recruitment.services.prospects)."""

    CONTACTED = "contacted", _("Contacted")
    MEETING_HELD = "meeting_held", _("Meeting held")
    SIGNED = "agreement_signed", _("Agreement signed")


class Employer(models.Model):
    """A member company with a recruitment agreement.

    The agreement lives on the employer itself: `agreement_signed_on`, the
    responsible provider and the responsible KAM. The responsible KAM is the
    coordinating KAM of the employer's recruitments (DESIGN.md); `tier` is the
    effective pyramid tier, kept by `recruitment.services.pyramid_assess` so lists
    can filter on it.
    """

    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        unique=True,
        validators=[validate_org_number],
        error_messages={"unique": _("An employer with this organisation number already exists.")},
    )
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.PROTECT, related_name="employers", verbose_name=_("region")
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    is_member = models.BooleanField(_("member of the federation"), default=True)
    responsible_provider = models.ForeignKey(
        "accounts.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
        verbose_name=_("responsible provider"),
    )
    responsible_kam = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kam_employers",
        verbose_name=_("responsible KAM"),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    size_band = models.CharField(_("company size"), max_length=10, choices=SizeBand.choices, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    postal_place = models.CharField(_("postal place"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    agreement_signed_on = models.DateField(_("recruitment agreement signed"), null=True, blank=True)
    prospect_stage = models.CharField(
        _("stage"), max_length=20, choices=ProspectStage.choices, default=ProspectStage.CONTACTED, db_index=True
    )
    contacted_on = models.DateField(_("first contacted"), null=True, blank=True)
    prospect_meeting_on = models.DateField(_("first meeting held"), null=True, blank=True)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        # A region's employers in list order (name, then id), read from the index alone: the employer list's
        # pages merge these scans per visibility reason (issue 19).
        indexes = [models.Index(fields=["region", "name", "id"], name="employer_region_name_id")]

    def __str__(self):
        return self.name

    @property
    def is_prospect(self) -> bool:
        return self.prospect_stage != ProspectStage.SIGNED

    @property
    def coordinating_kam(self):
        """The KAM holding the recruitment agreement coordinates its recruitments."""
        return self.responsible_kam


class ContactQuerySet(models.QuerySet):
    def current(self):
        """Contacts still at the employer: the ones offered for approvals, lists and messages."""
        return self.filter(left_on__isnull=True)


class Contact(models.Model):
    """A person at an employer. With `user` set, that person logs in as the employer's contact.

    A contact who left the employer has `left_on` (recruitment.services.contact_leaving): their portal
    account is closed and they are offered for nothing new; CONTACT_RETENTION_DAYS later the retention sweep
    erases their name and contact details in place (recruitment.contact_retention), marked by `erased_at`.
    """

    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("employer")
    )
    full_name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employer_contact",
        verbose_name=_("user account"),
    )
    # When the contact was registered (None for contacts older than the field whose creation left no trace).
    created_at = models.DateTimeField(_("registered"), null=True, blank=True, default=timezone.now, editable=False)
    left_on = models.DateField(_("left the employer on"), null=True, blank=True)
    left_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("departure recorded by"),
    )
    left_recorded_at = models.DateTimeField(_("departure recorded"), null=True, blank=True)
    # True when recording the departure closed the portal account (undoing it opens the account again).
    left_closed_account = models.BooleanField(default=False, editable=False)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-is_primary", "full_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["employer", "email"], name="contact_unique_email_per_employer"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.employer})"
