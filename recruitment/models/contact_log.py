"""The contact log: meetings, visits, calls and e-mails with an employer, held or planned."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .employers import Employer


class ContactKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Visit")
    CALL = "call", _("Phone call")
    EMAIL = "email", _("E-mail")


# Kinds that count as the quarterly follow-up meeting of the KAM guide.
FOLLOW_UP_KINDS = (ContactKind.MEETING, ContactKind.VISIT)


class ContactLogEntry(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contact_log", verbose_name=_("employer")
    )
    kam = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contact_log", verbose_name=_("KAM")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices)
    occurred_on = models.DateField(_("date"), db_index=True)
    planned = models.BooleanField(
        _("planned, not held yet"), default=False, help_text=_("Tick for a visit or call in your weekly plan.")
    )
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("contact log entry")
        verbose_name_plural = _("contact log entries")
        indexes = [
            models.Index(fields=["employer", "kind", "occurred_on"]),
            models.Index(fields=["kam", "occurred_on"]),
            # Held meetings and visits: "met this quarter" and the last follow-up read only these.
            models.Index(
                fields=["employer", "occurred_on"],
                condition=models.Q(kind__in=FOLLOW_UP_KINDS, planned=False),
                name="contactlog_held_by_employer",
            ),
        ]

    def __str__(self):
        return f"{self.occurred_on} {self.get_kind_display()} – {self.employer}"

    @property
    def counts_as_follow_up(self) -> bool:
        return self.kind in FOLLOW_UP_KINDS and not self.planned
