"""Account management: portfolios, the customer pyramid and account plans."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kamportal.lib.quarters import add_months

from .employers import Employer, Sector, Tier

ACCOUNT_PLAN_REVIEW_MONTHS = 6


class PortfolioAssignment(models.Model):
    """Who held an employer when. The open row (`ended_on` empty) is the current holder."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="portfolio_assignments", verbose_name=_("employer")
    )
    kam = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="portfolio_assignments", verbose_name=_("KAM")
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("portfolio assignment")
        verbose_name_plural = _("portfolio assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["employer"], condition=models.Q(ended_on__isnull=True), name="portfolio_one_open_per_employer"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="portfolio_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.employer} – {self.kam}"


class SectorPortfolio(models.Model):
    """A KAM holds a sector for their provider (the sector portfolio of the employer approach)."""

    provider = models.ForeignKey(
        "accounts.Provider", on_delete=models.CASCADE, related_name="sector_portfolios", verbose_name=_("provider")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kam = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sector_portfolios", verbose_name=_("KAM")
    )

    class Meta:
        ordering = ["sector"]
        verbose_name = _("sector portfolio")
        verbose_name_plural = _("sector portfolios")
        constraints = [
            models.UniqueConstraint(fields=["provider", "sector"], name="sector_portfolio_one_kam_per_sector"),
        ]

    def __str__(self):
        return f"{self.get_sector_display()} – {self.kam}"


SCORE_CHOICES = [(1, "1"), (2, "2"), (3, "3"), (4, "4")]


class PyramidAssessment(models.Model):
    """The customer-pyramid inputs for one employer; the tier comes from recruitment.pyramid.compute_tier."""

    version = models.PositiveIntegerField(_("edit version"), default=1, editable=False)
    employer = models.OneToOneField(
        Employer, on_delete=models.CASCADE, related_name="pyramid", verbose_name=_("employer")
    )
    # Step 1: pre-selection
    politically_sensitive = models.BooleanField(_("politically sensitive"), default=False)
    sensitive_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    excluded = models.BooleanField(_("excluded as unreliable"), default=False)
    exclusion_reason = models.CharField(_("reason for exclusion"), max_length=300, blank=True)
    # Step 2: four objective criteria, 1 (low) to 4 (high)
    size_score = models.PositiveSmallIntegerField(_("company size"), choices=SCORE_CHOICES, default=1)
    vacancies_score = models.PositiveSmallIntegerField(_("vacancies"), choices=SCORE_CHOICES, default=1)
    fulfilled_score = models.PositiveSmallIntegerField(_("fulfilled vacancies"), choices=SCORE_CHOICES, default=1)
    continuity_score = models.PositiveSmallIntegerField(_("continuity"), choices=SCORE_CHOICES, default=1)
    # The employer's feedback on candidate lists when assessed (the statistics' scorecard, last twelve months):
    # it feeds the continuity criterion (recruitment.pyramid.continuity_from_feedback). Empty: no list sent.
    feedback_candidates = models.PositiveIntegerField(_("candidates on lists"), null=True, blank=True)
    feedback_answered = models.PositiveIntegerField(_("candidates answered"), null=True, blank=True)
    feedback_median_days = models.FloatField(_("median working days to answer"), null=True, blank=True)
    # Step 3: the soft filter
    intent_to_cooperate = models.BooleanField(_("intent to cooperate"), default=False)
    willing_to_invest = models.BooleanField(_("willing to invest together"), default=False)
    culture_fits_target_group = models.BooleanField(_("culture fits the target group"), default=False)
    positive_image = models.BooleanField(_("positive image, incl. social responsibility"), default=False)
    open_to_several_groups = models.BooleanField(_("open to several target groups"), default=False)
    # Result
    computed_tier = models.CharField(_("computed tier"), max_length=10, choices=Tier.choices)
    override_tier = models.CharField(_("tier set by KAM"), max_length=10, choices=Tier.choices, blank=True)
    override_reason = models.CharField(_("reason for the override"), max_length=300, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer pyramid assessment")
        verbose_name_plural = _("customer pyramid assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(excluded=False) | ~models.Q(exclusion_reason=""), name="pyramid_exclusion_has_reason"
            ),
            models.CheckConstraint(
                condition=models.Q(override_tier="") | ~models.Q(override_reason=""), name="pyramid_override_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.employer}: {self.effective_tier}"

    @property
    def effective_tier(self) -> str:
        return self.override_tier or self.computed_tier

    @property
    def feedback(self):
        """The stored scorecard figures as the pyramid's Feedback, or None when no list was sent."""
        from recruitment.pyramid import Feedback

        if not self.feedback_candidates:
            return None
        return Feedback(self.feedback_candidates, self.feedback_answered or 0, self.feedback_median_days)

    @property
    def effective_continuity(self) -> int:
        from recruitment.pyramid import continuity_from_feedback

        return continuity_from_feedback(self.feedback) or self.continuity_score

    @property
    def objective_total(self) -> int:
        return self.size_score + self.vacancies_score + self.fulfilled_score + self.effective_continuity

    @property
    def soft_yes_count(self) -> int:
        return sum(
            [
                self.intent_to_cooperate,
                self.willing_to_invest,
                self.culture_fits_target_group,
                self.positive_image,
                self.open_to_several_groups,
            ]
        )


class AccountPlanVersion(models.Model):
    """One saved version of an employer's account plan. The highest version is the current plan."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="account_plans", verbose_name=_("employer")
    )
    version = models.PositiveIntegerField(_("version"))
    vision_strategy = models.TextField(_("vision and strategy"), blank=True)
    goals_ambition = models.TextField(_("goals and ambition"), blank=True)
    image = models.TextField(_("image"), blank=True)
    social_picture = models.TextField(_("social picture"), blank=True)
    motives = models.TextField(_("motives to cooperate"), blank=True)
    partner_picture = models.TextField(_("partner picture"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    social_return_obligations = models.TextField(_("social-return obligations"), blank=True)
    nps = models.SmallIntegerField(
        _("satisfaction (NPS)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
        help_text=_("Net promoter score from -100 to 100."),
    )
    satisfaction_notes = models.TextField(_("satisfaction, comments"), blank=True)
    themes_actions = models.TextField(_("themes and actions"), blank=True)
    reviewed_on = models.DateField(_("reviewed"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employer", "-version"]
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        constraints = [
            models.UniqueConstraint(fields=["employer", "version"], name="account_plan_unique_version"),
            models.CheckConstraint(
                condition=models.Q(nps__isnull=True) | models.Q(nps__gte=-100, nps__lte=100),
                name="account_plan_nps_range",
            ),
        ]

    def __str__(self):
        return f"{self.employer} v{self.version}"

    @property
    def next_review_on(self):
        return add_months(self.reviewed_on, ACCOUNT_PLAN_REVIEW_MONTHS)

    def review_overdue(self, today) -> bool:
        return today > self.next_review_on

    # The sections in the order of the plan, for the page and the PDF.
    SECTIONS = [
        "vision_strategy",
        "goals_ambition",
        "image",
        "social_picture",
        "motives",
        "partner_picture",
        "target_groups",
        "social_return_obligations",
        "satisfaction_notes",
        "themes_actions",
    ]

    def sections(self):
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.SECTIONS]
