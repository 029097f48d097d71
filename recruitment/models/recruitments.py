"""Recruitments for a position of an approved mapping form: progress plan, coordination requests, submissions.

Status fields change only through `recruitment.services.recruitments` (its TRANSITIONS tables);
every change writes a RecruitmentEvent (who, when, from, to, comment), which is also the
timeline shown on the recruitment page.

Fields the reminders sweep reads: `Recruitment.cv_deadline`, `interview_date`,
`list_sent_at` and `feedback_deadline`; `CoordinationRequest.status` and `Submission.status`.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .hiring import EmployerAnswer, NotRelevantReason


class RecruitmentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    SHORTLIST_SENT = "shortlist_sent", _("candidate list sent")
    INTERVIEWING = "interviewing", _("interviewing")
    CANDIDATE_CHOSEN = "candidate_chosen", _("candidate chosen")
    FILLED = "filled", _("filled")
    CLOSED_UNFILLED = "closed_unfilled", _("closed unfilled")
    CANCELLED = "cancelled", _("cancelled")


# States in which the recruitment is still running.
ACTIVE_RECRUITMENT_STATES = frozenset(
    {
        RecruitmentStatus.DRAFT,
        RecruitmentStatus.OPEN,
        RecruitmentStatus.SHORTLIST_SENT,
        RecruitmentStatus.INTERVIEWING,
        RecruitmentStatus.CANDIDATE_CHOSEN,
    }
)


# States after the list went out in which candidates on it may still wait for the employer's answer.
LIST_SENT_STATES = frozenset(
    {RecruitmentStatus.SHORTLIST_SENT, RecruitmentStatus.INTERVIEWING, RecruitmentStatus.CANDIDATE_CHOSEN}
)


class DeliveryMode(models.TextChoices):
    TOGETHER = "together", _("all together at the deadline")
    CONTINUOUS = "continuous", _("continuously before the deadline")


# States after the first list in which continuous delivery still adds candidates (until the CV deadline).
SUPPLEMENT_STATES = frozenset({RecruitmentStatus.SHORTLIST_SENT, RecruitmentStatus.INTERVIEWING})


class ProviderMode(models.TextChoices):
    SINGLE = "single", _("our provider only")
    MULTI = "multi", _("several providers")


class Recruitment(models.Model):
    Status = RecruitmentStatus

    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        "recruitment.Employer", on_delete=models.PROTECT, related_name="recruitments", verbose_name=_("employer")
    )
    mapping_version = models.ForeignKey(
        "recruitment.MappingFormVersion",
        on_delete=models.PROTECT,
        related_name="recruitments",
        verbose_name=_("mapping form"),
    )
    position = models.ForeignKey(
        "recruitment.MappingPosition", on_delete=models.PROTECT, related_name="recruitments", verbose_name=_("position")
    )
    title = models.CharField(_("title"), max_length=200)
    openings = models.PositiveSmallIntegerField(
        _("number of openings"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    coordinating_provider = models.ForeignKey(
        "accounts.Provider", on_delete=models.PROTECT, related_name="coordinated_recruitments"
    )
    coordinating_kam = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_recruitments",
        verbose_name=_("coordinating KAM"),
    )
    mode = models.CharField(_("providers"), max_length=10, choices=ProviderMode.choices, default=ProviderMode.SINGLE)
    status = models.CharField(
        _("status"), max_length=20, choices=RecruitmentStatus.choices, default=RecruitmentStatus.DRAFT
    )
    # The progress plan (fremdriftsplan).
    cv_deadline = models.DateField(_("deadline for CVs"))
    interview_date = models.DateField(_("interview date"), null=True, blank=True)
    interview_week = models.DateField(
        _("interview week"), null=True, blank=True, help_text=_("The Monday of the ISO week of the interviews.")
    )
    approximate_start = models.DateField(_("approximate start"), null=True, blank=True)
    candidates_wanted = models.PositiveSmallIntegerField(
        _("candidates the employer wants to interview"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    delivery_mode = models.CharField(
        _("delivery of candidates"), max_length=12, choices=DeliveryMode.choices, default=DeliveryMode.TOGETHER
    )
    # The final candidate list.
    list_sent_at = models.DateTimeField(_("candidate list sent"), null=True, blank=True)
    list_sent_to = models.ForeignKey(
        "recruitment.Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    feedback_deadline = models.DateField(_("feedback from the employer due"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recruitment")
        verbose_name_plural = _("recruitments")
        indexes = [
            models.Index(fields=["status", "cv_deadline"]),
            # The recruitment list's keys of a provider's own recruitments, from the index alone (issue 19).
            models.Index(
                fields=["coordinating_provider", "status", "cv_deadline", "id"], name="recruitment_provider_keys"
            ),
            models.Index(fields=["status", "feedback_deadline"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RecruitmentStatus]), name="recruitment_status_valid"
            ),
            models.CheckConstraint(condition=Q(openings__gte=1), name="recruitment_openings_positive"),
            models.CheckConstraint(
                condition=~Q(status="closed_unfilled") | ~Q(closed_reason=""), name="recruitment_closed_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.employer}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_RECRUITMENT_STATES

    @property
    def is_multi_provider(self) -> bool:
        return self.mode == ProviderMode.MULTI

    @cached_property
    def has_scheduled_interviews(self) -> bool:
        """Whether any interview is set (not cancelled): the plan then does not say "not agreed yet"."""
        from .hiring import Interview

        return Interview.objects.filter(submission__recruitment_id=self.pk, cancelled_at__isnull=True).exists()

    @property
    def is_supplementing(self) -> bool:
        """Continuous delivery after the first list: candidates still come, until the CV deadline."""
        return (
            self.delivery_mode == DeliveryMode.CONTINUOUS
            and self.status in SUPPLEMENT_STATES
            and self.list_sent_at is not None
            and self.cv_deadline >= timezone.localdate()
        )

    @property
    def takes_candidates(self) -> bool:
        """Proposals (and decisions on them) are taken: open, or supplementing a list sent."""
        return self.status == RecruitmentStatus.OPEN or self.is_supplementing


class RequestStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    NO_CANDIDATES = "no_candidates", _("no suitable candidates")
    CANDIDATES_SUBMITTED = "candidates_submitted", _("candidates proposed")
    CLOSED = "closed", _("closed")


class CoordinationRequest(models.Model):
    """The coordinating KAM's request to one other provider (its KAM becomes a supplying KAM)."""

    Status = RequestStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="coordination_requests")
    supplying_provider = models.ForeignKey(
        "accounts.Provider", on_delete=models.PROTECT, related_name="coordination_requests", verbose_name=_("provider")
    )
    supplying_kam = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordination_requests",
        verbose_name=_("supplying KAM"),
    )
    status = models.CharField(_("status"), max_length=24, choices=RequestStatus.choices, default=RequestStatus.SENT)
    message = models.TextField(_("message"), blank=True)
    answer_comment = models.TextField(_("answer"), blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("coordination request")
        verbose_name_plural = _("coordination requests")
        constraints = [
            models.UniqueConstraint(
                fields=["recruitment", "supplying_provider"], name="coordination_request_one_per_provider"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RequestStatus]), name="coordination_request_status_valid"
            ),
        ]
        # The recruitments a provider is asked to supply, from the index alone (the recruitment list, issue 19).
        indexes = [models.Index(fields=["supplying_provider", "recruitment"], name="request_by_provider")]

    def __str__(self):
        return f"{self.recruitment} → {self.supplying_provider}"


class SubmissionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    SHORTLISTED = "shortlisted", _("shortlisted")
    NOT_SHORTLISTED = "not_shortlisted", _("not shortlisted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    INTERVIEW = "interview", _("invited to interview")
    REJECTED = "rejected", _("not chosen for interview")
    CHOSEN = "chosen", _("chosen")
    NOT_CHOSEN = "not_chosen", _("not chosen")


# Statuses of submissions that were on the list sent to the employer.
SHARED_SUBMISSION_STATES = frozenset(
    {
        SubmissionStatus.SHORTLISTED,
        SubmissionStatus.INTERVIEW,
        SubmissionStatus.REJECTED,
        SubmissionStatus.CHOSEN,
        SubmissionStatus.NOT_CHOSEN,
    }
)


def unanswered_q(prefix: str = "") -> Q:
    """The "unanswered" rule: shortlisted, on a list sent, and not yet answered by the employer.

    `prefix` reaches submissions through a relation (`"submissions__"` from a recruitment)."""
    return Q(
        **{
            f"{prefix}status": SubmissionStatus.SHORTLISTED,
            f"{prefix}employer_answer": "",
            f"{prefix}listed_at__isnull": False,
        }
    )


class SubmissionQuerySet(models.QuerySet):
    def unanswered(self) -> "SubmissionQuerySet":
        return self.filter(unanswered_q())


class Submission(models.Model):
    """A candidate proposed for a recruitment, with the reviewed CV, the application and the advisor's view."""

    Status = SubmissionStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="submissions")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="submissions", verbose_name=_("candidate")
    )
    provider = models.ForeignKey(
        "accounts.Provider", on_delete=models.PROTECT, related_name="submissions", verbose_name=_("provider")
    )
    coordination_request = models.ForeignKey(
        CoordinationRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions"
    )
    cv = models.ForeignKey("candidates.Document", on_delete=models.PROTECT, related_name="+", verbose_name=_("CV"))
    application = models.ForeignKey(
        "candidates.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("application"),
    )
    suitability = models.TextField(_("suitability for this job"))
    advisor_comments = models.TextField(_("the advisor's comments"), blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="advised_submissions",
        verbose_name=_("advisor"),
    )
    advisor_phone = models.CharField(_("the advisor's phone"), max_length=40, blank=True)
    advisor_email = models.EmailField(_("the advisor's e-mail"))
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.PROPOSED
    )
    feedback = models.TextField(_("feedback"), blank=True)
    # The employer's answer on the list (recruitment.services.hiring writes it with the status change).
    employer_answer = models.CharField(
        _("the employer's answer"), max_length=16, choices=EmployerAnswer.choices, blank=True
    )
    not_relevant_reason = models.CharField(_("reason"), max_length=20, choices=NotRelevantReason.choices, blank=True)
    employer_comment = models.TextField(_("the employer's comment"), blank=True)
    employer_answered_at = models.DateTimeField(_("answered by the employer"), null=True, blank=True)
    employer_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # When the proposal went out to the employer on a list (the first or a supplementary one); until then the
    # employer does not see it, even shortlisted (continuous delivery shortlists after the first list).
    listed_at = models.DateTimeField(_("on the list sent"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["proposed_at", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(fields=["recruitment", "candidate"], name="submission_candidate_once"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in SubmissionStatus]), name="submission_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["recruitment", "provider", "status"]),
            # A provider's proposals by recruitment (the provider admin's figures), an advisor's by status
            # (the advisor's work queue and interviews).
            models.Index(fields=["provider", "recruitment"], name="submission_by_provider"),
            models.Index(fields=["advisor", "status"], name="submission_by_advisor_status"),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.recruitment}"

    @property
    def is_unanswered(self) -> bool:
        """The row form of `unanswered_q`."""
        return self.status == SubmissionStatus.SHORTLISTED and not self.employer_answer and self.listed_at is not None


class RecruitmentEvent(models.Model):
    """History of a recruitment and its requests and submissions: one row per status change or message."""

    class Subject(models.TextChoices):
        RECRUITMENT = "recruitment", _("recruitment")
        REQUEST = "request", _("coordination request")
        SUBMISSION = "submission", _("proposal")
        INTERVIEW = "interview", _("interview")
        PLACEMENT = "placement", _("placement")

    recruitment = models.ForeignKey(Recruitment, on_delete=models.CASCADE, related_name="events")
    subject = models.CharField(max_length=12, choices=Subject.choices)
    subject_id = models.PositiveBigIntegerField()
    provider = models.ForeignKey(
        "accounts.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The provider the event concerns, for requests and submissions: others do not see it.",
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=24, blank=True)
    to_status = models.CharField(_("to"), max_length=24, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=200)
    at = models.DateTimeField(_("time"))
    comment = models.TextField(_("comment"), blank=True)
    shared_with_employer = models.BooleanField(
        default=False, help_text="Shown on the employer's timeline too (the list, their answers, interviews, hiring)."
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("recruitment event")
        verbose_name_plural = _("recruitment events")
        indexes = [models.Index(fields=["recruitment", "at"]), models.Index(fields=["subject", "subject_id"])]

    def __str__(self):
        return f"{self.subject} {self.subject_id}: {self.action}"
