"""Writes for the customer pyramid and the account plans."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import User
from kamportal.lib.quarters import add_months
from kamportal.workflow import StaleVersion, version_claim
from recruitment.models import AccountPlanVersion, Employer, PyramidAssessment, Tier
from recruitment.pyramid import PYRAMID_INPUTS, compute_tier
from recruitment.selectors.statistics import employer_feedback

ACCOUNT_PLAN_FIELDS = [
    "vision_strategy",
    "goals_ambition",
    "image",
    "social_picture",
    "motives",
    "partner_picture",
    "target_groups",
    "social_return_obligations",
    "nps",
    "satisfaction_notes",
    "themes_actions",
]


def pyramid_result(assessment: PyramidAssessment):
    """The TierResult of a stored assessment (the same function the service stores the tier from)."""
    return compute_tier(
        excluded=assessment.excluded,
        exclusion_reason=assessment.exclusion_reason,
        scores=(
            assessment.size_score,
            assessment.vacancies_score,
            assessment.fulfilled_score,
            assessment.continuity_score,
        ),
        soft=(
            assessment.intent_to_cooperate,
            assessment.willing_to_invest,
            assessment.culture_fits_target_group,
            assessment.positive_image,
            assessment.open_to_several_groups,
        ),
        politically_sensitive=assessment.politically_sensitive,
        sensitive_handler=assessment.sensitive_handler.full_name if assessment.sensitive_handler_id else "",
        override_tier=assessment.override_tier,
        override_reason=assessment.override_reason,
        feedback=assessment.feedback,
    )


def _take_feedback(assessment: PyramidAssessment, *, employer: Employer) -> None:
    """Copy the employer's row of the statistics' feedback scorecard (the last PYRAMID_FEEDBACK_MONTHS) onto the
    assessment: it feeds the continuity criterion."""
    today = timezone.localdate()
    row = employer_feedback(
        employer_id=employer.pk, start=add_months(today, -settings.PYRAMID_FEEDBACK_MONTHS), end=today
    )
    assessment.feedback_candidates = row.candidates if row else None
    assessment.feedback_answered = row.answered if row else None
    assessment.feedback_median_days = float(row.speed.median) if row and row.speed.median is not None else None


def _store_tier(assessment: PyramidAssessment) -> str:
    plain = compute_tier(
        excluded=assessment.excluded,
        exclusion_reason=assessment.exclusion_reason,
        scores=(
            assessment.size_score,
            assessment.vacancies_score,
            assessment.fulfilled_score,
            assessment.continuity_score,
        ),
        soft=(
            assessment.intent_to_cooperate,
            assessment.willing_to_invest,
            assessment.culture_fits_target_group,
            assessment.positive_image,
            assessment.open_to_several_groups,
        ),
        feedback=assessment.feedback,
    )
    assessment.computed_tier = plain.tier
    if assessment.excluded:  # no override lifts an exclusion
        assessment.override_tier = ""
        assessment.override_reason = ""
        assessment.override_by = None
    return pyramid_result(assessment).tier


@transaction.atomic
def pyramid_assess(*, actor: User, employer: Employer, version: int | None = None, **inputs) -> PyramidAssessment:
    """Store the pre-selection, criteria and soft filter; recompute the tier and keep it on the employer."""
    unknown = set(inputs) - set(PYRAMID_INPUTS)
    if unknown:
        raise TypeError(f"unknown pyramid inputs: {sorted(unknown)}")
    assessment = PyramidAssessment.objects.filter(employer=employer).first() or PyramidAssessment(employer=employer)
    if assessment.pk:
        version_claim(assessment, version)
    elif version:  # loaded with an assessment that is gone
        raise ValidationError(_("The assessment was removed meanwhile. Reload the page."))
    for name, value in inputs.items():
        setattr(assessment, name, value)
    if not assessment.excluded:
        assessment.exclusion_reason = ""
    if not assessment.politically_sensitive:
        assessment.sensitive_handler = None
    _take_feedback(assessment, employer=employer)
    tier = _store_tier(assessment)
    assessment.assessed_by = actor
    assessment.assessed_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    Employer.objects.filter(pk=employer.pk).update(tier=tier)
    employer.tier = tier
    audit_record(actor=actor, action="pyramid.assess", obj=employer, detail=tier)
    return assessment


@transaction.atomic
def tier_override(*, actor: User, employer: Employer, tier: str, reason: str) -> PyramidAssessment:
    """The KAM sets the tier by hand (with a reason), or clears the override with tier=""."""
    assessment = PyramidAssessment.objects.filter(employer=employer).first()
    if assessment is None:
        raise ValidationError(_("Assess the employer in the customer pyramid before overriding its tier."))
    if assessment.excluded and tier:
        raise ValidationError(_("An excluded employer cannot be given a tier. Lift the exclusion first."))
    if tier and tier not in (Tier.GOLD, Tier.SILVER, Tier.BRONZE):
        raise ValidationError(_("Choose gold, silver or bronze."))
    if tier and not reason.strip():
        raise ValidationError(_("Give a reason for overriding the tier."))
    assessment.override_tier = tier
    assessment.override_reason = reason.strip() if tier else ""
    assessment.override_by = actor if tier else None
    effective = _store_tier(assessment)
    assessment.full_clean()
    assessment.save()
    Employer.objects.filter(pk=employer.pk).update(tier=effective)
    employer.tier = effective
    audit_record(actor=actor, action="pyramid.override", obj=employer, detail=f"{tier}: {reason}")
    return assessment


@transaction.atomic
def account_plan_save(
    *,
    actor: User,
    employer: Employer,
    reviewed_on: date | None = None,
    version: int | None = None,
    **fields,
) -> AccountPlanVersion:
    """Save the account plan as a new version; `version` is the plan the form was loaded with (0: none yet)."""
    unknown = set(fields) - set(ACCOUNT_PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown account plan fields: {sorted(unknown)}")
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    latest = employer.account_plans.aggregate(v=Max("version"))["v"] or 0
    if version is not None and version != latest:
        raise StaleVersion(current=employer.account_plans.get(version=latest), version=latest)
    plan = AccountPlanVersion(
        employer=employer,
        version=latest + 1,
        reviewed_on=reviewed_on or timezone.localdate(),
        created_by=actor,
        **fields,
    )
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="account_plan.save", obj=plan, detail=f"v{plan.version}")
    return plan
