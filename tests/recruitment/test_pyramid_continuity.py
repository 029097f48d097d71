"""The pyramid's continuity criterion fed by the employer's feedback scorecard (statistics): the score as a table,
the tier with it, and the assessment taking the scorecard figures of the last twelve months."""

import pytest
from django.utils import translation

from recruitment.models import Tier
from recruitment.pyramid import Feedback, compute_tier, continuity_from_feedback
from recruitment.services import pyramid_assess
from tests.recruitment.test_statistics import at, known_history

YES4 = (True, True, True, True, False)


@pytest.mark.parametrize(
    ("feedback", "score"),
    [
        (None, None),
        (Feedback(candidates=0, answered=0, median_days=None), None),
        (Feedback(10, 8, 5), 4),  # 80 % answered, at the 5 days limit
        (Feedback(10, 10, 0), 4),
        (Feedback(10, 8, 5.5), 3),  # 80 % but slower
        (Feedback(10, 7, 1), 2),  # 70 %: under 80, over half of it
        (Feedback(10, 4, 1), 2),  # 40 %: exactly half of 80
        (Feedback(10, 3, 1), 1),  # 30 %
        (Feedback(4, 0, None), 1),  # nothing answered
    ],
)
def test_the_continuity_score_from_the_feedback(feedback, score):
    assert continuity_from_feedback(feedback, min_rate=80, max_days=5) == score


def test_the_thresholds_come_from_the_settings(settings):
    feedback = Feedback(10, 7, 3)  # 70 %, median 3 working days
    settings.PYRAMID_CONTINUITY_MIN_ANSWER_RATE, settings.PYRAMID_CONTINUITY_MAX_ANSWER_DAYS = 80, 5
    assert continuity_from_feedback(feedback) == 2
    settings.PYRAMID_CONTINUITY_MIN_ANSWER_RATE = 70
    assert continuity_from_feedback(feedback) == 4
    settings.PYRAMID_CONTINUITY_MAX_ANSWER_DAYS = 2
    assert continuity_from_feedback(feedback) == 3


def test_the_feedback_replaces_the_kams_continuity_in_the_tier(settings):
    settings.PYRAMID_CONTINUITY_MIN_ANSWER_RATE, settings.PYRAMID_CONTINUITY_MAX_ANSWER_DAYS = 80, 5
    plain = compute_tier(excluded=False, scores=(3, 3, 3, 1), soft=YES4)
    assert plain.tier == Tier.SILVER  # 10 points
    with translation.override("en"):
        fed = compute_tier(excluded=False, scores=(3, 3, 3, 1), soft=YES4, feedback=Feedback(10, 9, 2))
    assert fed.tier == Tier.GOLD  # 3 + 3 + 3 + 4 = 13 points
    assert "Objective criteria: 13 of 16 points" in fed.reasons
    assert (
        "Continuity from the employer's feedback on candidate lists: 90 % of 10 candidates answered, "
        "median 2 working days: 4 of 4"
    ) in fed.reasons


INPUTS = {
    "size_score": 3,
    "vacancies_score": 3,
    "fulfilled_score": 3,
    "continuity_score": 1,
    "intent_to_cooperate": True,
    "willing_to_invest": True,
    "culture_fits_target_group": True,
    "positive_image": True,
}


def test_the_assessment_takes_the_employers_scorecard(world, settings):
    """Employer A's scorecard (tests/recruitment/test_statistics.py's history): 4 candidates on two lists, 3
    answered (75 %) after 2, 4 and 2 working days (median 2)."""
    known_history(world)
    settings.PYRAMID_CONTINUITY_MIN_ANSWER_RATE, settings.PYRAMID_CONTINUITY_MAX_ANSWER_DAYS = 80, 5
    with at("2026-06-15"):
        assessment = pyramid_assess(actor=world.kam_a, employer=world.employer_a, **INPUTS)
    assert (assessment.feedback_candidates, assessment.feedback_answered, assessment.feedback_median_days) == (
        4,
        3,
        2.0,
    )
    assert assessment.effective_continuity == 2 and assessment.objective_total == 11
    assert world.employer_a.tier == Tier.SILVER

    settings.PYRAMID_CONTINUITY_MIN_ANSWER_RATE = 70  # 75 % now reaches the threshold, answered within 5 days
    with at("2026-06-15"):
        assessment = pyramid_assess(actor=world.kam_a, employer=world.employer_a, **INPUTS)
    assert assessment.effective_continuity == 4 and assessment.computed_tier == Tier.GOLD


def test_lists_older_than_the_window_leave_the_kams_score(world, settings):
    known_history(world)
    settings.PYRAMID_FEEDBACK_MONTHS = 1
    with at("2026-06-15"):  # the last list went out on 1 April
        assessment = pyramid_assess(actor=world.kam_a, employer=world.employer_a, **INPUTS)
    assert assessment.feedback_candidates is None
    assert assessment.effective_continuity == 1 and assessment.objective_total == 10
    with at("2027-12-01"):
        assert pyramid_assess(actor=world.kam_a, employer=world.employer_b, **INPUTS).feedback is None
