"""Users, the organisations they belong to, their roles, and the append-only audit trail."""

import re
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Provider(models.Model):
    """A vocational-rehabilitation provider (tiltaksarrangør); staff users belong to one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="providers", verbose_name=_("region"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Logs in by e-mail. `is_staff` means Django admin access, not provider staff."""

    class Language(models.TextChoices):
        NB = "nb", _("Norwegian bokmål")
        EN = "en", _("English")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(
        _("e-mail"),
        unique=True,
        error_messages={
            "unique": _("A user with this e-mail address already exists."),
        },
    )
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("provider"),
    )

    class EmailMode(models.TextChoices):
        EACH = "each", _("One e-mail per notification")
        DAILY = "daily", _("One daily digest")

    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.NB)
    email_mode = models.CharField(
        _("e-mail notifications"), max_length=10, choices=EmailMode.choices, default=EmailMode.EACH
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class Role(models.TextChoices):
    KAM = "kam", _("KAM")
    ADVISOR = "advisor", _("Advisor")
    PROVIDER_ADMIN = "provider_admin", _("Provider administrator")
    REGION_COORDINATOR = "region_coordinator", _("Region coordinator")


PROVIDER_ROLES = {Role.KAM, Role.ADVISOR, Role.PROVIDER_ADMIN}


class Membership(models.Model):
    """A staff role. Provider roles act for `user.provider`; a region coordinator names a region.

    Employer contacts are not memberships: a user is an employer contact through
    `recruitment.Contact.user`, which ties them to exactly one employer.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region"))

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="membership_one_role_per_user"),
            models.CheckConstraint(
                condition=(
                    models.Q(role="region_coordinator", region__isnull=False)
                    | (~models.Q(role="region_coordinator") & models.Q(region__isnull=True))
                ),
                name="membership_region_only_for_coordinator",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"

    def clean(self):
        if self.role in PROVIDER_ROLES and self.user_id and not self.user.provider_id:
            raise ValidationError(_("A provider role needs a user who belongs to a provider."))
        if self.role == Role.REGION_COORDINATOR and not self.region_id:
            raise ValidationError(_("A region coordinator needs a region."))


class AuditEvent(models.Model):
    """Append-only: who read or changed what, when and from where."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64)
    candidate_id = models.BigIntegerField(_("candidate"), null=True, blank=True, db_index=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    origin = models.CharField(_("ran by"), max_length=80, blank=True)  # "request", "task:…", "command:…"
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Audit events are append-only.")


class Notification(models.Model):
    """One message to one recipient: shown in the portal (when the recipient is a user) and e-mailed.

    Created only in accounts/notifications.py (`notify`, and `notification_digest_build` for digests),
    in the transaction of the change that causes it: a pending row is the outbox (accounts/outbox.py).
    The e-mail status moves pending → sending → sent (or back to pending for a retry at
    `email_next_try_at`, or to undeliverable once retries since `email_queued_at` ran out);
    `digest` waits for the recipient's daily digest, `digested` went out in the digest named by
    `digest` (a notification of kind "digest" without a user, sent like any other).
    """

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        UNDELIVERABLE = "undeliverable", _("undeliverable")
        DIGEST = "digest", _("waiting for the daily digest")
        DIGESTED = "digested", _("included in a daily digest")
        NONE = "none", _("no e-mail")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, default="nb")
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(max_length=15, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_queued_at = models.DateTimeField(default=timezone.now)
    email_next_try_at = models.DateTimeField(null=True, blank=True)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)
    digest = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="digested", verbose_name=_("digest")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at"]),
            # The user's notifications page, newest first: without it PostgreSQL walks the national created_at
            # index backwards filtering by user (190 ms at national scale for a user with no recent messages).
            models.Index(fields=["user", "-created_at", "-id"], name="notification_user_recent"),
            models.Index(fields=["email_status", "created_at"]),
            models.Index(fields=["email_status", "email_next_try_at"]),
        ]

    def __str__(self):
        return f"{self.kind} → {self.email}"

    @property
    def summary(self) -> str:
        """A short summary of the message for the portal's list: the e-mail's text without the greeting, the
        links (the page links once) and the rest after the first paragraph, cut at a word."""
        return notification_summary(self.body)


_URL = re.compile(r"https?://\S+")
SUMMARY_LENGTH = 220


def notification_summary(body: str) -> str:
    paragraphs = [" ".join(_URL.sub(" ", part).split()) for part in re.split(r"\n\s*\n", body or "")]
    paragraphs = [part for part in paragraphs if part.strip(" :.-")]
    if paragraphs and len(paragraphs[0]) <= 80 and paragraphs[0].endswith(","):
        paragraphs = paragraphs[1:]  # the greeting ("Hei Kari,")
    text = paragraphs[0] if paragraphs else ""
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(" ,.;:") + " …"


class NotificationSubject(models.Model):
    """A candidate a notification is about, recorded by `notify(about=...)`: the exact link the subject-access
    export and the anonymisation follow (no matching by name). A candidate id, not a foreign key, like
    `AuditEvent.candidate_id`: accounts does not depend on candidates, and candidate rows are never deleted."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="subjects")
    candidate_id = models.BigIntegerField(_("candidate"), db_index=True)

    class Meta:
        verbose_name = _("notification subject")
        verbose_name_plural = _("notification subjects")
        constraints = [
            models.UniqueConstraint(fields=["notification", "candidate_id"], name="notification_subject_once"),
        ]

    def __str__(self):
        return f"{self.notification_id} → candidate {self.candidate_id}"


class NotificationAttachment(models.Model):
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=200)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()
    # Built at delivery (accounts/attachments.py) when set; `content` is then empty.
    builder = models.CharField(max_length=50, blank=True, default="")
    builder_key = models.CharField(max_length=100, blank=True, default="")

    def __str__(self):
        return self.filename


class ReminderSent(models.Model):
    """One reminder that went out: its key (kind, object, due date) is unique, so it goes out once.

    Written by `accounts.reminders.reminder_send` in the same transaction as its notifications;
    a second sweep, a concurrent one or a retried task finds the key taken and sends nothing.
    """

    kind = models.CharField(_("kind"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    notifications = models.ManyToManyField(
        Notification, blank=True, related_name="reminders", verbose_name=_("notifications")
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "due_date"], name="reminder_sent_once_per_key"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_type}#{self.object_id} {self.due_date:%Y-%m-%d}"


class TermsAcceptance(models.Model):
    """An employer contact accepted a version of the terms of use (accounts.terms), once, from an IP address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terms_acceptances", verbose_name=_("user")
    )
    version = models.CharField(_("version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at", "-id"]
        verbose_name = _("acceptance of the terms of use")
        verbose_name_plural = _("acceptances of the terms of use")
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="terms_accepted_once_per_version"),
        ]

    def __str__(self):
        return f"{self.user} – {self.version}"


class FormToken(models.Model):
    """A create form's one-time token, stored with the change it made and the answer it got.

    Written in the same transaction as the change, so a repeated POST of the same form finds it
    (the unique key also serialises two that arrive together) and answers with the first outcome.
    """

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    outcome_url = models.CharField(max_length=500, blank=True)
    outcome_message = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("form token")
        verbose_name_plural = _("form tokens")

    def __str__(self):
        return str(self.key)


class CalendarFeed(models.Model):
    """A user's subscribable calendar link: only the SHA-256 of its secret is stored, so the link is shown once;
    a new link replaces the row (the old link stops working), deleting it turns the feed off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("user")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user} – {self.created_at:%Y-%m-%d}"


class ExportJob(models.Model):
    """A list export too large to build in the request: built by a task as the user who asked, stored in the
    private storage, downloaded by that user only until `expires_at` (accounts/export_jobs.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be built")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("user")
    )
    list_name = models.CharField(_("list"), max_length=40)
    query = models.CharField(_("filter"), max_length=2000, blank=True)  # the list page's query string
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now, db_index=True)
    queued_at = models.DateTimeField(default=timezone.now)  # last put on the queue (the sweep queues it again)
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("download before"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    stored_name = models.CharField(max_length=100, blank=True, editable=False)
    error = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("list export")
        verbose_name_plural = _("list exports")
        indexes = [models.Index(fields=["status", "started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "building", "ready", "failed", "expired"]),
                name="export_job_status_valid",
            ),
            models.CheckConstraint(condition=models.Q(format__in=["csv", "xlsx"]), name="export_job_format_valid"),
        ]

    def __str__(self):
        return f"{self.list_name}.{self.format} ({self.user}, {self.created_at:%Y-%m-%d %H:%M})"
