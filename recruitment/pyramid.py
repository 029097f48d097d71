"""The customer pyramid: one function turns the assessment's inputs into a tier, with its reasons.

Pure (no database), so the thresholds are tested as a table in tests/recruitment/test_pyramid.py.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from recruitment.models.employers import Tier

GOLD_MIN_OBJECTIVE = 12
GOLD_MIN_SOFT = 4
SILVER_MIN_OBJECTIVE = 8
SILVER_MIN_SOFT = 2

# How a KAM scores each objective criterion from 1 (low) to 4 (high); shown as help texts.
SCORE_GUIDE = {
    "size_score": "1: 1–9, 2: 10–49, 3: 50–249, 4: 250+",
    "vacancies_score": "1: 0, 2: 1–2, 3: 3–9, 4: 10+",
    "fulfilled_score": "1: 0, 2: 1, 3: 2–4, 4: 5+",
    "continuity_score": "1: 0–1, 2: 1–2, 3: 2–4, 4: 5+",
}


@dataclass(frozen=True)
class Feedback:
    """The employer's row of the statistics' feedback scorecard (recruitment.selectors.statistics): candidates on
    the lists it was sent, how many it answered, and the median working days to its first answer."""

    candidates: int
    answered: int
    median_days: float | None

    @property
    def rate(self) -> float:
        return 100 * self.answered / self.candidates if self.candidates else 0.0


def continuity_from_feedback(
    feedback: Feedback | None, *, min_rate: float | None = None, max_days: float | None = None
) -> int | None:
    """The continuity score (1–4) the employer's feedback earns, or None without candidates on a list (the KAM's
    own score then stands).

      4  answered at least `min_rate` percent of the candidates, with a median of at most `max_days` working days
      3  answered at least `min_rate` percent, more slowly
      2  answered at least half of `min_rate` percent
      1  less
    """
    if feedback is None or not feedback.candidates:
        return None
    min_rate = settings.PYRAMID_CONTINUITY_MIN_ANSWER_RATE if min_rate is None else min_rate
    max_days = settings.PYRAMID_CONTINUITY_MAX_ANSWER_DAYS if max_days is None else max_days
    rate = feedback.rate
    if rate >= min_rate:
        fast = feedback.median_days is not None and feedback.median_days <= max_days
        return 4 if fast else 3
    return 2 if rate >= min_rate / 2 else 1


@dataclass(frozen=True)
class TierResult:
    tier: str
    reasons: list[str] = field(default_factory=list)


def compute_tier(
    *,
    excluded: bool,
    exclusion_reason: str = "",
    scores: tuple[int, int, int, int],
    soft: tuple[bool, bool, bool, bool, bool],
    politically_sensitive: bool = False,
    sensitive_handler: str = "",
    override_tier: str = "",
    override_reason: str = "",
    feedback: Feedback | None = None,
) -> TierResult:
    """The customer-pyramid tier of an employer, and why.

    Step 1, pre-selection: an employer excluded as unreliable (subsidy abuse,
    fraud ...) is EXCLUDED whatever else is true, and no override lifts that.
    A politically sensitive employer keeps its tier but is handled by a named
    person (a reason line says by whom).

    Step 2, four objective criteria, each scored 1 (low) to 4 (high): company
    size (employees 1–9 / 10–49 / 50–249 / 250+), suitable vacancies a year
    (0 / 1–2 / 3–9 / 10+), vacancies fulfilled through us in the last twelve
    months (0 / 1 / 2–4 / 5+) and continuity (years of cooperation 0–1 / 1–2 /
    2–4 / 5+). Their sum runs from 4 to 16.

    Step 3, the soft filter: five yes/no items (intent to cooperate, willingness
    to invest together, culture fit for the target group, positive image incl.
    social responsibility, openness to several target groups).

    Thresholds:
      GOLD    objective sum >= 12 and at least 4 soft yes
      SILVER  objective sum >= 8 and at least 2 soft yes (a large employer with a
              weak soft filter is silver, not gold: partnership matters)
      BRONZE  everything else

    Continuity is fed by the employer's feedback on candidate lists when there
    is any (`feedback`, see continuity_from_feedback): its score replaces the
    KAM's, and a reason line gives the figures.

    A KAM may override the computed tier with a reason; the reasons then name
    both the computed and the chosen tier.
    """
    if excluded:
        return TierResult(
            Tier.EXCLUDED, [_("Excluded in the pre-selection: %(reason)s") % {"reason": exclusion_reason}]
        )
    from_feedback = continuity_from_feedback(feedback)
    if from_feedback is not None:
        scores = (*scores[:3], from_feedback)
    objective, soft_yes = sum(scores), sum(bool(x) for x in soft)
    if objective >= GOLD_MIN_OBJECTIVE and soft_yes >= GOLD_MIN_SOFT:
        tier = Tier.GOLD
    elif objective >= SILVER_MIN_OBJECTIVE and soft_yes >= SILVER_MIN_SOFT:
        tier = Tier.SILVER
    else:
        tier = Tier.BRONZE
    reasons = [
        _("Objective criteria: %(score)s of 16 points") % {"score": objective},
        _("Soft filter: %(count)s of 5 yes") % {"count": soft_yes},
    ]
    if from_feedback is not None:
        reasons.append(
            _(
                "Continuity from the employer's feedback on candidate lists: %(rate)s %% of %(candidates)s "
                "candidates answered, median %(days)s working days: %(score)s of 4"
            )
            % {
                "rate": round(feedback.rate),
                "candidates": feedback.candidates,
                "days": "–" if feedback.median_days is None else feedback.median_days,
                "score": from_feedback,
            }
        )
    if politically_sensitive:
        reasons.insert(0, _("Politically sensitive, handled by %(name)s") % {"name": sensitive_handler or "–"})
    if override_tier and override_tier != tier:
        reasons.append(
            _("Computed tier %(computed)s, set to %(chosen)s by the KAM: %(reason)s")
            % {"computed": Tier(tier).label, "chosen": Tier(override_tier).label, "reason": override_reason}
        )
        tier = override_tier
    return TierResult(tier, reasons)


# The pyramid assessment fields a KAM fills in (the tier is computed from them).
PYRAMID_INPUTS = [
    "politically_sensitive",
    "sensitive_handler",
    "excluded",
    "exclusion_reason",
    "size_score",
    "vacancies_score",
    "fulfilled_score",
    "continuity_score",
    "intent_to_cooperate",
    "willing_to_invest",
    "culture_fits_target_group",
    "positive_image",
    "open_to_several_groups",
]
