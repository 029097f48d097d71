"""The employer portal: invitations that give a contact person a user account.

An invitation is one e-mailed link: the signed token names the row (and the contact and
address it was sent to), the row expires and records its use, so the link works once.
Written only by `recruitment.services.portal`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactInvitation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(
        "recruitment.Contact", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("contact")
    )
    email = models.EmailField(_("sent to"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user account created"),
    )
    accepted_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("portal invitation")
        verbose_name_plural = _("portal invitations")
        constraints = [
            # A new invitation replaces the open one, so a contact has at most one link that works.
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="contact_invitation_one_open_per_contact",
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(revoked_at__isnull=True),
                name="contact_invitation_used_or_revoked_not_both",
            ),
        ]

    def __str__(self):
        return f"{self.contact} → {self.email}"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.revoked_at is None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
