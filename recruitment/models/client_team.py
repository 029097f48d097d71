"""The client team of an employer, proposals to its account plan, and the half-yearly plan reviews.

A team member works at the employer's responsible provider (checked by `client_team_member_add`);
a review creates a new plan version and names who took part.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .accounts_mgmt import AccountPlanVersion
from .employers import Employer

PLAN_THEMES = [
    ("vision_strategy", _("vision and strategy")),
    ("goals_ambition", _("goals and ambition")),
    ("image", _("image")),
    ("social_picture", _("social picture")),
    ("motives", _("motives to cooperate")),
    ("partner_picture", _("partner picture")),
    ("target_groups", _("target groups")),
    ("social_return_obligations", _("social-return obligations")),
    ("satisfaction_notes", _("satisfaction, comments")),
    ("themes_actions", _("themes and actions")),
]


class TeamRole(models.TextChoices):
    GENERALIST = "generalist", _("generalist")
    SPECIALIST = "specialist", _("specialist")
    ADVISOR = "advisor", _("advisor")
    KAM = "kam", _("KAM")


class ClientTeamMember(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="client_team", verbose_name=_("employer")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_teams", verbose_name=_("member")
    )
    role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices)
    speciality = models.CharField(_("speciality"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["employer", "user__full_name"]
        verbose_name = _("client team member")
        verbose_name_plural = _("client team members")
        constraints = [
            models.UniqueConstraint(fields=["employer", "user"], name="client_team_member_once"),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in TeamRole]), name="client_team_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.employer}: {self.user} ({self.get_role_display()})"


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("open")
    ADOPTED = "adopted", _("adopted")
    DECLINED = "declined", _("declined")


class AccountPlanProposal(models.Model):
    """A team member's proposed change to one theme of the account plan; the KAM adopts or declines it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="plan_proposals", verbose_name=_("employer")
    )
    theme = models.CharField(_("theme"), max_length=40, choices=PLAN_THEMES)
    text = models.TextField(_("proposed change"), max_length=4000)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("proposal to the account plan")
        verbose_name_plural = _("proposals to the account plan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ProposalStatus]), name="plan_proposal_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.employer}: {self.get_theme_display()}"


class AccountPlanReview(models.Model):
    """The half-yearly review of an account plan with the team; it is saved as a new plan version."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.OneToOneField(
        AccountPlanVersion, on_delete=models.CASCADE, related_name="review", verbose_name=_("account plan")
    )
    held_on = models.DateField(_("review date"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="account_plan_reviews", verbose_name=_("participants")
    )
    other_participants = models.CharField(
        _("other participants"),
        max_length=300,
        blank=True,
        help_text=_("People from the employer or outside the provider, by name."),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("account plan review")
        verbose_name_plural = _("account plan reviews")

    def __str__(self):
        return f"{self.plan}: {self.held_on}"


class ReviewDecision(models.Model):
    review = models.ForeignKey(AccountPlanReview, on_delete=models.CASCADE, related_name="decisions")
    theme = models.CharField(_("theme"), max_length=40, choices=PLAN_THEMES)
    decision = models.TextField(_("decision"), max_length=4000)

    class Meta:
        ordering = ["review", "id"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [models.UniqueConstraint(fields=["review", "theme"], name="review_one_decision_per_theme")]

    def __str__(self):
        return f"{self.review}: {self.get_theme_display()}"
