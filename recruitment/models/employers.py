"""Employers and their contacts. Later features (account plans, mapping forms, recruitments) add models here."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from recruitment.validators import validate_org_number


class Employer(models.Model):
    """A member company with a recruitment agreement."""

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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        indexes = [models.Index(fields=["region", "name"])]

    def __str__(self):
        return self.name


class Contact(models.Model):
    """A person at an employer. With `user` set, that person logs in as the employer's contact."""

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

    class Meta:
        ordering = ["-is_primary", "full_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["employer", "email"], name="contact_unique_email_per_employer"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.employer})"
